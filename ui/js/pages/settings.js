/*
 * Settings controller: changes the signed-in user's own passphrase through
 * passphrase_change; a wrong current passphrase or a weak new one is shown
 * beside its field, and the typed text stays until it succeeds.
 * Administrators set the idle time (idle_lock_set) before the vault locks
 * by itself; administrators and supervisors run the vault check
 * (vault_check), a long operation shown step by step with Cancel.
 * Administrators also see the vault's automatic backups (backup_list:
 * when, why, size, and how many are kept) and back up to a USB drive found
 * by backup_targets or a typed folder (backup_create), with the bar
 * counting bytes, Cancel, and the written file's name, size and time.
 */

import { translate, untranslate } from '../i18n.js';
import { invoke, invokeWithProgress } from '../ipc.js';
import { fillOptions, h } from '../dom.js';
import { backupRows, formatSize, onLanguageSwitch, stepsInWords } from '../backups.js';
import { checkRequired, clearErrorOnEdit, clearErrors, errorKey, errorParams, focusField, setBusy, showApiError, showError } from '../form.js';
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

/* --- backups (administrators) ------------------------------------------- */

/** The target choice that means "type a folder". */
const OTHER_FOLDER = 'other';
let backupList = null;
let targets = [];
let lastBackup = null;

function showBackups() {
  if (!backupList) {
    return;
  }
  translate($('backups-lead'), 'backup.lead', { keep: backupList.keep });
  $('backups-folder').textContent = backupList.folder;
  $('backups-rows').replaceChildren(...backupRows(backupList.files));
  $('backups-table').hidden = backupList.files.length === 0;
  $('backups-none').hidden = backupList.files.length > 0;
}

async function loadBackups() {
  $('backups-error').hidden = true;
  try {
    backupList = await invoke('backup_list');
    showBackups();
  } catch (error) {
    if (!leaveIfLocked(error)) {
      translate($('backups-error'), errorKey(error));
      $('backups-error').hidden = false;
    }
  }
}

/** Shows the chosen drive's folder under the choice, or the field to type one. */
function showChosenTarget() {
  const chosen = $('backup-target').value;
  const typed = chosen === OTHER_FOLDER;
  $('backup-folder-field').hidden = !typed;
  $('backup-target-path').textContent = typed ? '' : chosen;
  $('backup-target-path').hidden = typed;
}

function showTargets() {
  const drivesFirst = [...targets].sort((a, b) => Number(b.removable) - Number(a.removable));
  fillOptions($('backup-target'), [
    ...drivesFirst.map((target) => ({
      value: target.path,
      key: target.removable ? 'backup.target_removable' : 'backup.target_fixed',
      params: { label: target.label },
    })),
    { value: OTHER_FOLDER, key: 'backup.target_other' },
  ]);
  showChosenTarget();
}

async function loadTargets() {
  try {
    targets = await invoke('backup_targets');
  } catch (error) {
    if (leaveIfLocked(error)) {
      return;
    }
    targets = [];
    showError($('backup-form'), 'backup-target', errorKey(error));
  }
  showTargets();
}

function showBackupDone() {
  translate($('backup-done-text'), 'backup.done', {
    size: formatSize(lastBackup.bytes),
    seconds: Math.max(0.1, Math.round(lastBackup.seconds * 10) / 10),
  });
  $('backup-done-path').textContent = lastBackup.path;
  $('backup-done').hidden = false;
}

function backupRefusal(error, typed) {
  if (error.kind === 'cancelled') {
    return [null, 'backup.cancelled'];
  }
  if (error.kind === 'disk_full') {
    return [null, 'backup.error.disk_full'];
  }
  if (error.field === 'folder' && error.kind === 'too_long') {
    return [typed ? 'backup-folder' : 'backup-target', 'error.too_long'];
  }
  if (error.field === 'folder' || error.kind === 'not_found') {
    return [typed ? 'backup-folder' : 'backup-target', 'backup.error.folder'];
  }
  return [null, errorKey(error)];
}

async function backUp(form) {
  clearErrors(form);
  $('backup-done').hidden = true;
  lastBackup = null;
  const choice = $('backup-target').value;
  const typed = choice === OTHER_FOLDER;
  if (typed && !checkRequired(form, ['backup-folder'])) {
    return;
  }
  const folder = typed ? $('backup-folder').value.trim() : choice;
  setBusy(form, true, 'backup.start', 'backup.busy');
  const root = $('backup-progress');
  const progress = startProgress(root);
  try {
    lastBackup = await invokeWithProgress('backup_create', { input: { folder } }, stepsInWords(progress, root));
    showBackupDone();
    await loadBackups();
  } catch (error) {
    if (!leaveIfLocked(error)) {
      const [field, key] = backupRefusal(error, typed);
      showError(form, field, key, errorParams(error));
      focusField(form, field);
    }
  } finally {
    progress.finish();
    setBusy(form, false, 'backup.start', 'backup.busy');
  }
}

async function openBackups() {
  const form = $('backup-form');
  clearErrorOnEdit(form);
  $('backup-target').addEventListener('change', showChosenTarget);
  $('backup-targets-again').addEventListener('click', () => {
    clearErrors(form);
    loadTargets();
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    backUp(form);
  });
  onLanguageSwitch(() => {
    showBackups();
    if (lastBackup) {
      showBackupDone();
    }
  });
  await Promise.all([loadBackups(), loadTargets()]);
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
    await openBackups();
  }
  $('check-start').addEventListener('click', runCheck);
}

function forget() {
  $('passphrase-form').reset();
  $('check-problems').replaceChildren();
  $('backups-rows').replaceChildren();
  $('backups-folder').textContent = '';
  $('backup-target-path').textContent = '';
  $('backup-done-path').textContent = '';
}

async function start() {
  const user = await openSignedInPage({ page: PAGE, load, forget });
  if (user) {
    $('current').focus();
  }
}

start();
