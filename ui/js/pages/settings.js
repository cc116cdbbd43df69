/*
 * Settings controller: changes the signed-in user's own passphrase through
 * passphrase_change; a wrong current passphrase or a weak new one is shown
 * beside its field, and the typed text stays until it succeeds.
 * Administrators set the idle time (idle_lock_set) before the vault locks
 * by itself; administrators and supervisors run the vault check
 * (vault_check), a long operation shown step by step with Cancel.
 */

import { translate, untranslate } from '../i18n.js';
import { invoke, invokeWithProgress } from '../ipc.js';
import { h } from '../dom.js';
import { checkRequired, clearErrorOnEdit, clearErrors, errorKey, focusField, setBusy, showApiError, showError } from '../form.js';
import { startProgress } from '../progress.js';
import { leaveIfLocked, openSignedInPage } from '../session.js';

const PAGE = 'settings.html';
const $ = (id) => document.getElementById(id);

async function change(form) {
  clearErrors(form);
  $('passphrase-done').hidden = true;
  if (!checkRequired(form, ['current', 'new', 'new-confirm'])) {
    return;
  }
  if ($('new').value !== $('new-confirm').value) {
    showError(form, 'new-confirm', 'error.confirm_mismatch');
    focusField(form, 'new-confirm');
    return;
  }
  setBusy(form, true, 'settings.passphrase_submit', 'common.saving');
  try {
    await invoke('passphrase_change', { input: { current: $('current').value, new: $('new').value } });
    form.reset();
    $('passphrase-done').hidden = false;
  } catch (error) {
    if (!leaveIfLocked(error)) {
      showApiError(form, error);
    }
  } finally {
    setBusy(form, false, 'settings.passphrase_submit', 'common.saving');
  }
}

async function setIdle(form) {
  clearErrors(form);
  $('idle-done').hidden = true;
  const written = $('idle-seconds').value.trim();
  if (!/^\d{1,4}$/.test(written)) {
    showError(form, 'idle-seconds', 'error.invalid_input.idle_lock_seconds');
    focusField(form, 'idle-seconds');
    return;
  }
  setBusy(form, true, 'settings.idle_submit', 'common.saving');
  try {
    const seconds = await invoke('idle_lock_set', { seconds: Number.parseInt(written, 10) });
    translate($('idle-done'), 'settings.idle_done', { seconds });
    $('idle-done').hidden = false;
  } catch (error) {
    if (!leaveIfLocked(error)) {
      showError(form, 'idle-seconds', errorKey({ ...error, field: error.field ?? 'idle_lock_seconds' }));
      focusField(form, 'idle-seconds');
    }
  } finally {
    setBusy(form, false, 'settings.idle_submit', 'common.saving');
  }
}

function showCheck(view) {
  const intact = view.intact && view.audit.intact;
  translate($('check-summary'), intact ? 'settings.check_intact' : 'settings.check_problems', {
    events: view.audit.events,
    count: view.problems.length,
  });
  $('check-problems').replaceChildren(...view.problems.map((problem) => h('li', {}, problem)));
  $('check-problems').hidden = view.problems.length === 0;
  $('check-result').hidden = false;
}

async function runCheck() {
  const start = $('check-start');
  start.disabled = true;
  $('check-result').hidden = true;
  $('check-error').hidden = true;
  untranslate($('check-error'));
  const progress = startProgress($('check-progress'));
  try {
    showCheck(await invokeWithProgress('vault_check', {}, progress.step));
  } catch (error) {
    if (!leaveIfLocked(error)) {
      translate($('check-error'), errorKey(error));
      $('check-error').hidden = false;
    }
  } finally {
    progress.finish();
    start.disabled = false;
    start.focus();
  }
}

async function load(user) {
  const form = $('passphrase-form');
  clearErrorOnEdit(form);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    change(form);
  });
  const idle = $('idle-form');
  clearErrorOnEdit(idle);
  idle.addEventListener('submit', (event) => {
    event.preventDefault();
    setIdle(idle);
  });
  if (user.role === 'administrator') {
    const status = await invoke('app_status');
    $('idle-seconds').value = String(status.idle_lock_seconds ?? '');
  }
  $('check-start').addEventListener('click', runCheck);
}

function forget() {
  $('passphrase-form').reset();
  $('check-problems').replaceChildren();
}

async function start() {
  const user = await openSignedInPage({ page: PAGE, load, forget });
  if (user) {
    $('current').focus();
  }
}

start();
