/*
 * Restore controller (restore.html), used while locked or before any vault
 * exists (a new laptop): the typed path of a backup file and a user of the
 * backup with their passphrase, or the recovery key. Check (backup_verify)
 * shows the backup's date, counts and checks without installing anything;
 * Restore (backup_restore, with progress and Cancel) puts it in place.
 * When the core answers confirm_required (the backup is of another vault,
 * or older than the vault here) the reason is shown and "Restore anyway"
 * retries with confirm. Then the window goes to unlock with a notice.
 * What was typed stays on any error; an unlocked vault goes home.
 */

import { buildTopBar } from '../topbar.js';
import { initI18n, translate, untranslate } from '../i18n.js';
import { invoke, invokeWithProgress } from '../ipc.js';
import { startProgress } from '../progress.js';
import { checkRequired, clearErrorOnEdit, clearErrors, errorKey, focusField, showError } from '../form.js';
import { go, pageFor } from '../route.js';
import {
  checkItems,
  countsText,
  formatWhen,
  onLanguageSwitch,
  showSignInError,
  signInFields,
  stepsInWords,
} from '../backups.js';

const $ = (id) => document.getElementById(id);

let signIn = null;
/** The backup checked and what opened it: { view, input }. */
let checked = null;
let vaultHere = false;
/** Why the core asked for a confirmation: `other_vault` or `older`, else null. */
let asked = null;

function showChecked() {
  const { view } = checked;
  translate($('checked-when'), 'restore.checked_when', { date: formatWhen(view.created_at) });
  countsText($('checked-counts'), view.tables);
  $('checked-checks').replaceChildren(...checkItems(view.checks));
  $('checked-other').hidden = view.this_vault || !vaultHere;
  if (asked) {
    showWhy();
  }
}

function showWhy() {
  translate($('confirm-why'), `restore.confirm.${asked}`, { date: formatWhen(checked.view.created_at) });
}

function forgetChecked() {
  checked = null;
  asked = null;
  $('checked').hidden = true;
  $('checked-empty').hidden = false;
  $('confirm').hidden = true;
  $('restore-submit').hidden = false;
  $('restore-error').hidden = true;
  $('checked-checks').replaceChildren();
}

async function verify(form) {
  clearErrors(form);
  forgetChecked();
  if (!checkRequired(form, ['restore-path', ...signIn.required()])) {
    return;
  }
  const input = { path: $('restore-path').value.trim(), ...signIn.input() };
  const submit = $('verify-submit');
  submit.disabled = true;
  form.setAttribute('aria-busy', 'true');
  translate(submit, 'restore.verifying');
  try {
    const view = await invoke('backup_verify', { input });
    checked = { view, input };
    showChecked();
    $('checked-empty').hidden = true;
    $('checked').hidden = false;
    $('checked-title').focus();
  } catch (error) {
    if (error.field === 'path') {
      showError(form, 'restore-path', 'restore.error.path');
      focusField(form, 'restore-path');
    } else {
      showSignInError(form, error, signIn);
    }
  } finally {
    submit.disabled = false;
    form.setAttribute('aria-busy', 'false');
    translate(submit, 'restore.verify');
  }
}

async function restore(confirm) {
  const problem = $('restore-error');
  problem.hidden = true;
  untranslate(problem);
  const buttons = [$('restore-submit'), $('confirm-restore'), $('confirm-back'), $('verify-submit')];
  for (const button of buttons) {
    button.disabled = true;
  }
  const root = $('restore-progress');
  const progress = startProgress(root);
  try {
    const input = { ...checked.input, confirm };
    const restored = await invokeWithProgress('backup_restore', { input }, stepsInWords(progress, root));
    signIn.clear();
    go(`unlock.html?restored=${encodeURIComponent(restored.created_at)}`);
  } catch (error) {
    if (error.kind === 'confirm_required' && !confirm) {
      asked = error.field === 'older' ? 'older' : 'other_vault';
      showWhy();
      $('restore-submit').hidden = true;
      $('confirm').hidden = false;
      $('confirm-restore').focus();
    } else {
      translate(problem, error.kind === 'cancelled' ? 'restore.cancelled' : errorKey(error));
      problem.hidden = false;
    }
  } finally {
    progress.finish();
    for (const button of buttons) {
      button.disabled = false;
    }
  }
}

async function start() {
  window.addEventListener('pageshow', (event) => {
    if (event.persisted) {
      window.location.reload();
    }
  });
  buildTopBar();
  await initI18n();
  let status;
  try {
    status = await invoke('app_status');
  } catch {
    go('index.html');
    return;
  }
  if (status.unlocked) {
    go('home.html');
    return;
  }
  vaultHere = status.vault_exists;
  $('restore-back').setAttribute('href', pageFor(status));
  const form = $('verify-form');
  signIn = signInFields();
  clearErrorOnEdit(form);
  form.addEventListener('input', () => {
    if (checked) {
      forgetChecked();
    }
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    verify(form);
  });
  $('restore-submit').addEventListener('click', () => restore(false));
  $('confirm-restore').addEventListener('click', () => restore(true));
  $('confirm-back').addEventListener('click', () => {
    asked = null;
    $('confirm').hidden = true;
    $('restore-submit').hidden = false;
    $('restore-submit').focus();
  });
  onLanguageSwitch(() => {
    if (checked) {
      showChecked();
    }
  });
  $('restore-path').focus();
}

start();
