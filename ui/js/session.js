/*
 * The frame of every signed-in page: asks the core who is signed in each
 * time the page is shown, sends the window to first run or unlock when
 * nobody is, shows the navigation links of the user's role and wires the
 * Lock button. Nothing of a case outlives the page being left: on pagehide
 * the page is hidden and its data removed, and a page restored from the
 * back/forward cache is loaded afresh (so after a lock it goes to unlock).
 */

import { initI18n, translate } from './i18n.js';
import { invoke } from './ipc.js';
import { errorKey } from './form.js';
import { go } from './route.js';

/** True (and on the way to unlock.html) when `error` says the vault is locked. */
export function leaveIfLocked(error) {
  if (error?.kind === 'locked' || error?.kind === 'no_vault') {
    go(error.kind === 'locked' ? 'unlock.html' : 'index.html');
    return true;
  }
  return false;
}

/** Shows a failure in `target` (an element with role="alert"), unless it means locked. */
export function showFailure(target, error) {
  if (leaveIfLocked(error)) {
    return;
  }
  translate(target, errorKey(error));
  target.hidden = false;
}

async function lock() {
  const button = document.getElementById('lock');
  button.disabled = true;
  document.body.classList.add('pending');
  try {
    await invoke('vault_lock');
  } catch (error) {
    if (error.kind !== 'locked') {
      document.body.classList.remove('pending');
      button.disabled = false;
      const problem = document.getElementById('lock-error');
      translate(problem, errorKey(error));
      problem.hidden = false;
      return;
    }
  }
  go('unlock.html');
}

function showFrame(user, page) {
  for (const link of document.querySelectorAll('[data-roles]')) {
    link.hidden = !link.dataset.roles.split(' ').includes(user.role);
  }
  for (const link of document.querySelectorAll('.nav a')) {
    if (link.getAttribute('href') === page) {
      link.setAttribute('aria-current', 'page');
    }
  }
  document.getElementById('session-user').textContent = user.username;
  translate(document.getElementById('session-role'), `role.${user.role}`);
  document.getElementById('lock').addEventListener('click', lock);
}

/**
 * Opens a signed-in page: `roles` (null = every role) may use it, others go
 * home; `load(user)` fetches and shows the page's data; `forget()` removes
 * it again. Returns the signed-in user, or null when the window went elsewhere.
 */
export async function openSignedInPage({ page, roles = null, load, forget = () => {} }) {
  window.addEventListener('pagehide', () => {
    document.body.classList.add('pending');
    forget();
  });
  window.addEventListener('pageshow', (event) => {
    if (event.persisted) {
      window.location.reload();
    }
  });
  await initI18n();
  let status;
  try {
    status = await invoke('app_status');
  } catch {
    go('index.html');
    return null;
  }
  if (!status.vault_exists) {
    go('first-run.html');
    return null;
  }
  if (!status.unlocked || !status.user) {
    go('unlock.html');
    return null;
  }
  if (roles && !roles.includes(status.user.role)) {
    go('home.html');
    return null;
  }
  showFrame(status.user, page);
  try {
    await load(status.user);
  } catch (error) {
    if (leaveIfLocked(error)) {
      return null;
    }
    showFailure(document.getElementById('page-error'), error);
  }
  document.body.classList.remove('pending');
  return status.user;
}
