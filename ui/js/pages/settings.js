/*
 * Settings controller: changes the signed-in user's own passphrase through
 * passphrase_change; a wrong current passphrase or a weak new one is shown
 * beside its field, and the typed text stays until it succeeds.
 */

import { invoke } from '../ipc.js';
import { checkRequired, clearErrorOnEdit, clearErrors, focusField, setBusy, showApiError, showError } from '../form.js';
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

async function load() {
  const form = $('passphrase-form');
  clearErrorOnEdit(form);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    change(form);
  });
}

async function start() {
  const user = await openSignedInPage({
    page: PAGE,
    load,
    forget: () => $('passphrase-form').reset(),
  });
  if (user) {
    $('current').focus();
  }
}

start();
