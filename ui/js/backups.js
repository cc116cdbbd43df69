/*
 * What the backup pages share (settings' Backups section, damaged.html,
 * restore.html): dates and sizes in the reader's language (Intl), redrawn
 * when the language switches; the list of a vault's backups; the sign-in
 * part of a restore form (a user of the backup and their passphrase, or
 * the recovery key); a backup's checks and counts; and the words of each
 * step of a backup or a restore under the progress bar. User data enters
 * the page only as text nodes.
 */

import { h, label } from './dom.js';
import { formatDate, formatNumber, hasTranslation, translate } from './i18n.js';
import { errorKey, focusField, showError } from './form.js';

/** A backup's time (RFC 3339, UTC) as the reader reads dates, in local time. */
export function formatWhen(stamp) {
  const when = new Date(stamp);
  if (Number.isNaN(when.getTime())) {
    return String(stamp ?? '');
  }
  return formatDate(when, { dateStyle: 'medium', timeStyle: 'short' });
}

/** A size in bytes as KB, MB or GB in the reader's language. */
export function formatSize(bytes) {
  const value = Number(bytes) || 0;
  const units = [
    ['gigabyte', 1e9],
    ['megabyte', 1e6],
    ['kilobyte', 1e3],
  ];
  const [unit, size] = units.find(([, step]) => value >= step) ?? ['byte', 1];
  return formatNumber(value / size, {
    style: 'unit',
    unit,
    unitDisplay: 'short',
    maximumFractionDigits: unit === 'byte' || unit === 'kilobyte' ? 0 : 1,
  });
}

/** Calls `redraw` after every language switch (the switch sets <html lang>). */
export function onLanguageSwitch(redraw) {
  new MutationObserver(() => redraw()).observe(document.documentElement, {
    attributes: true,
    attributeFilter: ['lang'],
  });
}

/** One row per backup file: when it was made, why, its size (newest first, as the core lists them). */
export function backupRows(files) {
  return files.map((file) =>
    h(
      'tr',
      { 'data-name': file.name },
      h('td', { class: 'bk-when' }, formatWhen(file.created_at)),
      h(
        'td',
        {},
        label('span', `backup.reason.${file.reason}`),
        file.this_vault === false ? label('span', 'backup.other_vault', null, { class: 'bk-other' }) : null,
      ),
      h('td', { class: 'bk-size' }, formatSize(file.bytes)),
    ),
  );
}

/**
 * The sign-in part of a restore form: #bk-person (#bk-username,
 * #bk-passphrase), the #bk-use-recovery box and #bk-recovery
 * (#bk-recovery-key). Returns what the page asks of it.
 */
export function signInFields() {
  const toggle = document.getElementById('bk-use-recovery');
  const show = () => {
    document.getElementById('bk-person').hidden = toggle.checked;
    document.getElementById('bk-recovery').hidden = !toggle.checked;
  };
  toggle.addEventListener('change', show);
  show();
  const value = (id) => document.getElementById(id).value;
  return {
    usesRecovery: () => toggle.checked,
    /** The ids of the fields that must be filled. */
    required: () => (toggle.checked ? ['bk-recovery-key'] : ['bk-username', 'bk-passphrase']),
    /** The credentials as the core takes them (the unused ones null). */
    input: () =>
      toggle.checked
        ? { username: null, passphrase: null, recovery_key: value('bk-recovery-key').trim() }
        : { username: value('bk-username'), passphrase: value('bk-passphrase'), recovery_key: null },
    clear() {
      document.getElementById('bk-passphrase').value = '';
      document.getElementById('bk-recovery-key').value = '';
    },
  };
}

/**
 * Shows a refusal of a backup command beside the field it belongs to: the
 * core's `username`, `passphrase`, `recovery_key` (and the page's own
 * `fields`, e.g. path) become the form's ids; with the recovery key in use a
 * wrong secret is said of the key. Anything else goes above the button.
 */
export function showSignInError(form, error, signIn, fields = {}) {
  const ids = { username: 'bk-username', passphrase: 'bk-passphrase', recovery_key: 'bk-recovery-key', ...fields };
  let field = ids[error?.field] ?? null;
  let key = errorKey(error);
  if (signIn.usesRecovery() && (field === 'bk-username' || field === 'bk-passphrase')) {
    field = 'bk-recovery-key';
  }
  if (field === 'bk-recovery-key' && ['wrong_passphrase', 'invalid_input'].includes(error?.kind)) {
    key = 'backup.wrong_recovery_key';
  }
  showError(form, field, key, { seconds: error?.retryAfterSeconds ?? 1 });
  focusField(form, field);
}

/** Cases and records in all, from a backup's table counts. */
export function countsText(element, tables) {
  const records = tables.reduce((sum, table) => sum + (Number(table.rows) || 0), 0);
  const cases = tables.find((table) => table.name === 'cases')?.rows ?? 0;
  translate(element, 'backup.counts', { cases: Number(cases), records });
}

/** The list of a backup's checks, each passed or failed, in words. */
export function checkItems(checks) {
  return checks.map((check) =>
    h(
      'li',
      { class: check.ok ? 'bk-ok' : 'bk-failed', 'data-check': check.check },
      label('span', check.ok ? 'backup.check_ok' : 'backup.check_failed', null, { class: 'bk-mark' }),
      label('span', `backup.check.${check.check}`),
    ),
  );
}

/**
 * The step handler for a backup's or a restore's progress bar: moves the
 * bar (progress.js) and says the step in words (backup.step_<name>,
 * restore.step_<name>; the seal step counts bytes), unless Cancel was
 * pressed and the bar says it is stopping.
 */
export function stepsInWords(progress, root) {
  return (event) => {
    progress.step(event);
    const text = root.querySelector('.progress-step');
    const cancel = root.querySelector('.progress-cancel');
    const key = String(event.step).replace('.', '.step_');
    if (!cancel?.disabled && hasTranslation(key)) {
      translate(text, key, { done: formatSize(event.done), total: formatSize(event.total) });
    }
  };
}
