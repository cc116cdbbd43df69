/*
 * First-run controller: creates the administrator through vault_create,
 * then replaces the form with the recovery key, shown this once, until the
 * user confirms they have written it down.
 */

import { buildTopBar } from '../topbar.js';
import { initI18n } from '../i18n.js';
import { invoke } from '../ipc.js';
import { checkRequired, clearErrors, errorKey, focusField, setBusy, showError } from '../form.js';
import { go, recheckWhenRestored, statusFor } from '../route.js';

const PAGE = 'first-run.html';

function showRecoveryKey(recoveryKey) {
  document.getElementById('create').hidden = true;
  document.getElementById('recovery-key').textContent = recoveryKey;
  document.getElementById('recovery').hidden = false;
  document.getElementById('recovery-title').focus();
}

async function create(form) {
  clearErrors(form);
  if (!checkRequired(form, ['username', 'passphrase', 'passphrase-confirm'])) {
    return;
  }
  const username = form.elements.username.value;
  const passphrase = form.elements.passphrase.value;
  if (form.elements['passphrase-confirm'].value !== passphrase) {
    showError(form, 'passphrase-confirm', 'error.confirm_mismatch');
    focusField(form, 'passphrase-confirm');
    return;
  }
  setBusy(form, true, 'first_run.submit', 'first_run.busy');
  try {
    const created = await invoke('vault_create', { input: { username, passphrase } });
    form.elements.passphrase.value = '';
    form.elements['passphrase-confirm'].value = '';
    showRecoveryKey(created.recovery_key);
  } catch (error) {
    showError(form, error.field, errorKey(error));
    focusField(form, error.field);
  } finally {
    setBusy(form, false, 'first_run.submit', 'first_run.busy');
  }
}

async function start() {
  buildTopBar();
  await initI18n();
  recheckWhenRestored(PAGE);
  if (!(await statusFor(PAGE))) {
    return;
  }
  const form = document.getElementById('create-form');
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    create(form);
  });
  document.getElementById('recovery-done').addEventListener('click', () => {
    document.getElementById('recovery-key').textContent = '';
    go('home.html');
  });
  document.getElementById('username').focus();
}

start();
