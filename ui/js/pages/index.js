/*
 * Start page controller: asks the core for its state and goes to the page
 * that fits it; when the vault cannot be opened (already open elsewhere,
 * damaged, unreadable) it says so instead. When another Homeward window
 * holds the vault it offers to bring that window forward (this one then
 * quits) or to quit.
 */

import { buildTopBar } from '../topbar.js';
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
    offerChoices();
  } else {
    translate(title, 'index.failed.title');
    translate(text, errorKey(error));
  }
  document.getElementById('problem').hidden = false;
}

function offerChoices() {
  const raise = document.getElementById('raise');
  const problem = document.getElementById('raise-error');
  raise.addEventListener('click', async () => {
    raise.disabled = true;
    problem.hidden = true;
    try {
      await invoke('instance_raise');
    } catch (error) {
      translate(problem, error.kind === 'not_found' ? 'index.in_use.no_window' : errorKey(error));
      problem.hidden = false;
      raise.disabled = false;
    }
  });
  document.getElementById('quit').addEventListener('click', () => invoke('app_quit').catch(() => {}));
  document.getElementById('in-use-choices').hidden = false;
  raise.focus();
}

async function start() {
  buildTopBar();
  await initI18n();
  try {
    go(pageFor(await invoke('app_status')));
  } catch (error) {
    showProblem(error);
  }
}

start();
