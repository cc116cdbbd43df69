/*
 * Home controller: shows who is signed in and their role, as the core
 * reports them each time the page is shown, and locks the vault.
 */

import { initI18n, translate } from '../i18n.js';
import { invoke } from '../ipc.js';
import { errorKey } from '../form.js';
import { go, recheckWhenRestored, statusFor } from '../route.js';

const PAGE = 'home.html';

function showSession(user) {
  document.getElementById('signed-in-user').textContent = user.username;
  translate(document.getElementById('signed-in-role'), `role.${user.role}`);
}

async function lock() {
  const problem = document.getElementById('form-error');
  problem.hidden = true;
  try {
    await invoke('vault_lock');
    go('unlock.html');
  } catch (error) {
    translate(problem, errorKey(error));
    problem.hidden = false;
  }
}

async function start() {
  await initI18n();
  recheckWhenRestored(PAGE);
  const status = await statusFor(PAGE);
  if (!status) {
    return;
  }
  showSession(status.user);
  document.getElementById('lock').addEventListener('click', lock);
  document.getElementById('home-title').focus();
}

start();
