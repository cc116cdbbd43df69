/*
 * The frame of every signed-in page: builds the top bar, asks the core who
 * is signed in each time the page is shown, sends the window to first run
 * or unlock when nobody is, and shows the navigation links of the user's
 * role. It owns locking from the page: the Lock button and Ctrl+L blank the
 * page at once (before the core answers), hand the core the draft of the
 * form being edited, and lock; when the shell locks by itself (idle time,
 * sleep) the page blanks and goes to unlock. It reports the user's activity
 * (keys, pointer) to the core, at most once per few seconds.
 * Nothing of a case outlives the page being left: on pagehide the page is
 * hidden and its data removed, and a page restored from the back/forward
 * cache is loaded afresh (so after a lock it goes to unlock).
 */

import { initI18n, translate } from './i18n.js';
import { invoke, watchLock } from './ipc.js';
import { errorKey } from './form.js';
import { go } from './route.js';
import { buildTopBar } from './topbar.js';

/** The longest gap between two activity reports, in milliseconds. */
const MAX_REPORT_GAP_MS = 15000;

/** Gives the draft ({ form, payload }, or null) to keep when the vault locks. */
let draftForLock = () => null;
let locking = false;

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

/** A page holding a form registers what to keep as a draft on lock. */
export function keepDraftOnLock(provider) {
  draftForLock = provider;
}

/** Hides everything on the page at once, before anything is asked of the core. */
function blank() {
  document.body.classList.add('blank');
}

function draftToKeep() {
  try {
    return draftForLock();
  } catch (error) {
    console.error('the draft could not be collected:', error);
    return null;
  }
}

/** Blanks the page synchronously, then locks (keeping the draft) and goes to unlock. */
export function lockNow() {
  if (locking) {
    return;
  }
  locking = true;
  blank();
  const button = document.getElementById('lock');
  button.disabled = true;
  invoke('vault_lock', { draft: draftToKeep() }).then(
    () => go('unlock.html'),
    (error) => {
      if (error.kind === 'locked') {
        go('unlock.html');
        return;
      }
      locking = false;
      document.body.classList.remove('blank');
      button.disabled = false;
      const problem = document.getElementById('lock-error');
      translate(problem, errorKey(error));
      problem.hidden = false;
    },
  );
}

/** Ctrl+L (the L key in any keyboard layout) locks. */
function isLockShortcut(event) {
  const l = event.code === 'KeyL' || event.key?.toLowerCase() === 'l';
  return l && (event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey;
}

/**
 * Reports activity: the first key or pointer event at once, later ones at
 * most once per `gapMs`, with one trailing report for events in between,
 * so the core's idle clock starts from the user's last action.
 */
function reportActivity(gapMs) {
  let last = 0;
  let trailing = null;
  const send = () => {
    last = Date.now();
    trailing = null;
    invoke('activity').catch(leaveIfLocked);
  };
  const heard = () => {
    const wait = last + gapMs - Date.now();
    if (wait <= 0) {
      send();
    } else if (trailing === null) {
      trailing = setTimeout(send, wait);
    }
  };
  for (const type of ['keydown', 'pointerdown', 'wheel']) {
    window.addEventListener(type, heard, { capture: true, passive: true });
  }
}

function wireLocking(idleSeconds) {
  document.getElementById('lock').addEventListener('click', lockNow);
  document.addEventListener(
    'keydown',
    (event) => {
      if (isLockShortcut(event)) {
        event.preventDefault();
        lockNow();
      }
    },
    { capture: true },
  );
  const seconds = Number(idleSeconds) || 300;
  reportActivity(Math.min(MAX_REPORT_GAP_MS, Math.max(1000, (seconds * 1000) / 3)));
  watchLock(() => {
    blank();
    go('unlock.html');
  }).catch((error) => console.error('the lock watch could not start:', error.kind));
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
  buildTopBar();
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
  wireLocking(status.idle_lock_seconds);
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
