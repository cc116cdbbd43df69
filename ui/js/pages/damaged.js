/*
 * Damaged-vault controller (damaged.html). ipc.js sends the window here
 * when any command answers `damaged`; the shell has already locked the
 * vault, so nothing of a case is on screen. Lists the backups in the
 * vault's backups folder (backup_list, which works while locked). With a
 * user's username and passphrase, or the recovery key, it asks the core
 * for the newest automatic backup of this vault that passes every check
 * (backup_newest_good) and shows its date, counts and checks; after an
 * explicit confirmation that later records will be missing it restores
 * that backup (backup_restore with confirm, progress and Cancel) and goes
 * to unlock with a notice. What was typed stays on any error.
 */

import { buildTopBar } from '../topbar.js';
import { initI18n, translate, untranslate } from '../i18n.js';
import { invoke, invokeWithProgress } from '../ipc.js';
import { startProgress } from '../progress.js';
import { checkRequired, clearErrorOnEdit, clearErrors, errorKey } from '../form.js';
import { go } from '../route.js';
import {
  backupRows,
  checkItems,
  countsText,
  formatWhen,
  onLanguageSwitch,
  showSignInError,
  signInFields,
  stepsInWords,
} from '../backups.js';

const $ = (id) => document.getElementById(id);

let files = [];
/** The backup found and the credentials that opened it: { view, credentials }. */
let found = null;
let signIn = null;

function showList() {
  $('bk-rows').replaceChildren(...backupRows(files));
  $('bk-table').hidden = files.length === 0;
  $('bk-none').hidden = files.length > 0;
  $('bk-list').setAttribute('aria-busy', 'false');
}

async function loadList() {
  try {
    files = (await invoke('backup_list')).files;
    showList();
  } catch (error) {
    $('bk-list').setAttribute('aria-busy', 'false');
    translate($('bk-list-error'), errorKey(error));
    $('bk-list-error').hidden = false;
  }
}

function showFound() {
  const { view } = found;
  const date = formatWhen(view.created_at);
  translate($('found-when'), 'damaged.found_when', { date });
  countsText($('found-counts'), view.tables);
  $('found-checks').replaceChildren(...checkItems(view.checks));
  translate($('restore-confirm-label'), 'damaged.confirm', { date });
}

function forgetFound() {
  found = null;
  $('found').hidden = true;
  $('found-none').hidden = true;
  $('restore-confirm').checked = false;
  $('restore-confirm-error').hidden = true;
  $('restore-error').hidden = true;
  $('found-checks').replaceChildren();
}

async function find(form) {
  clearErrors(form);
  forgetFound();
  if (!checkRequired(form, signIn.required())) {
    return;
  }
  const credentials = signIn.input();
  const submit = $('find-submit');
  submit.disabled = true;
  form.setAttribute('aria-busy', 'true');
  translate(submit, 'damaged.finding');
  try {
    const view = await invoke('backup_newest_good', { input: { path: '', ...credentials } });
    if (!view) {
      translate($('found-none'), 'damaged.found_none');
      $('found-none').hidden = false;
      $('found-none').focus();
      return;
    }
    found = { view, credentials };
    showFound();
    $('found').hidden = false;
    $('found-title').focus();
  } catch (error) {
    showSignInError(form, error, signIn);
  } finally {
    submit.disabled = false;
    form.setAttribute('aria-busy', 'false');
    translate(submit, 'damaged.find');
  }
}

async function restore() {
  const confirmBox = $('restore-confirm');
  const problem = $('restore-error');
  $('restore-confirm-error').hidden = true;
  confirmBox.removeAttribute('aria-invalid');
  problem.hidden = true;
  untranslate(problem);
  if (!confirmBox.checked) {
    translate($('restore-confirm-error'), 'damaged.confirm_needed');
    $('restore-confirm-error').hidden = false;
    confirmBox.setAttribute('aria-invalid', 'true');
    confirmBox.focus();
    return;
  }
  const button = $('restore-submit');
  button.disabled = true;
  translate(button, 'damaged.restoring');
  const root = $('restore-progress');
  const progress = startProgress(root);
  try {
    const input = { path: found.view.path, ...found.credentials, confirm: true };
    const restored = await invokeWithProgress('backup_restore', { input }, stepsInWords(progress, root));
    signIn.clear();
    go(`unlock.html?restored=${encodeURIComponent(restored.created_at)}`);
  } catch (error) {
    translate(problem, error.kind === 'cancelled' ? 'restore.cancelled' : errorKey(error));
    problem.hidden = false;
  } finally {
    progress.finish();
    button.disabled = false;
    translate(button, 'damaged.restore');
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
  if (!status.vault_exists) {
    go('first-run.html');
    return;
  }
  if (status.unlocked) {
    go('home.html');
    return;
  }
  const form = $('find-form');
  signIn = signInFields();
  clearErrorOnEdit(form);
  form.addEventListener('input', () => {
    if (found) {
      forgetFound();
    }
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    find(form);
  });
  $('restore-confirm').addEventListener('change', () => {
    $('restore-confirm-error').hidden = true;
    $('restore-confirm').removeAttribute('aria-invalid');
  });
  $('restore-submit').addEventListener('click', restore);
  onLanguageSwitch(() => {
    showList();
    if (found) {
      showFound();
    }
  });
  await loadList();
  $('damaged-title').focus();
}

start();
