/*
 * Start page controller: asks the core for its state and goes to the page
 * that fits it; when the vault cannot be opened (already open elsewhere,
 * damaged, unreadable) it says so instead.
 */

import { initI18n, translate } from '../i18n.js';
import { invoke } from '../ipc.js';
import { errorKey } from '../form.js';
import { go, pageFor } from '../route.js';

function showProblem(error) {
  document.getElementById('opening').hidden = true;
  const title = document.getElementById('problem-title');
  const text = document.getElementById('problem-text');
  if (error.kind === 'vault_in_use') {
    translate(title, 'index.in_use.title');
    translate(text, 'index.in_use.body');
  } else {
    translate(title, 'index.failed.title');
    translate(text, errorKey(error));
  }
  document.getElementById('problem').hidden = false;
}

async function start() {
  await initI18n();
  try {
    go(pageFor(await invoke('app_status')));
  } catch (error) {
    showProblem(error);
  }
}

start();
