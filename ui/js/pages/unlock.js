/*
 * Unlock controller: sends username and passphrase to vault_unlock and goes
 * home on success, showing each step of the unlock with a Cancel button
 * (a cancelled unlock leaves the vault locked and the form as typed). A
 * refusal is shown beside the field the core names; while throttled, the
 * seconds left count down and the button waits. Once the form is painted
 * it tells the shell (ui_drawn), which the start-up benchmark times.
 * Below the form a link leads to restore.html (restoring a backup); after
 * a restore (unlock.html?restored=<time>) a notice names the backup's date
 * and says to use the passphrase of that day.
 */

import { buildTopBar } from '../topbar.js';
import { h, label } from '../dom.js';
import { initI18n, translate } from '../i18n.js';
import { formatWhen, onLanguageSwitch } from '../backups.js';
import { invoke, invokeWithProgress } from '../ipc.js';
import { startProgress } from '../progress.js';
import { checkRequired, clearErrors, errorKey, focusField, setBusy, showError } from '../form.js';
import { go, recheckWhenRestored, statusFor } from '../route.js';

const PAGE = 'unlock.html';
let countdown = null;

function waitOut(form, error) {
  let seconds = Math.max(1, Number(error.retryAfterSeconds) || 1);
  const target = showError(form, error.field, 'error.throttled', { seconds });
  const submit = form.querySelector('button[type="submit"]');
  submit.disabled = true;
  clearInterval(countdown);
  countdown = setInterval(() => {
    seconds -= 1;
    if (seconds > 0) {
      translate(target, 'error.throttled', { seconds });
      return;
    }
    clearInterval(countdown);
    clearErrors(form);
    submit.disabled = false;
  }, 1000);
}

async function unlock(form) {
  clearErrors(form);
  if (!checkRequired(form, ['username', 'passphrase'])) {
    return;
  }
  const username = form.elements.username.value;
  const passphrase = form.elements.passphrase.value;
  setBusy(form, true, 'unlock.submit', 'unlock.busy');
  const progress = startProgress(document.getElementById('unlock-progress'));
  let throttled = false;
  try {
    await invokeWithProgress('vault_unlock', { input: { username, passphrase } }, progress.step);
    form.elements.passphrase.value = '';
    go('home.html');
  } catch (error) {
    if (error.kind === 'cancelled') {
      showError(form, null, 'unlock.cancelled');
    } else if (error.kind === 'throttled') {
      throttled = true;
      waitOut(form, error);
    } else {
      showError(form, error.field, errorKey(error));
    }
    focusField(form, error.field);
  } finally {
    progress.finish();
    setBusy(form, false, 'unlock.submit', 'unlock.busy');
    form.querySelector('button[type="submit"]').disabled = throttled;
  }
}

/** The notice after a restore, and the way to restore a backup. */
function addRestoreParts(form) {
  const restored = new URLSearchParams(window.location.search).get('restored');
  if (restored) {
    const notice = h('p', { id: 'restored-notice', class: 'success', role: 'status' });
    const say = () => translate(notice, 'restore.done_notice', { date: formatWhen(restored) });
    say();
    onLanguageSwitch(say);
    form.before(notice);
  }
  // Its look lives with the other backup pages' (the unlock page links only the session styles).
  document.head.append(h('link', { rel: 'stylesheet', href: 'css/backup.css' }));
  form.after(
    h(
      'p',
      { class: 'hint bk-unlock-footer' },
      label('a', 'restore.link', null, { id: 'restore-link', class: 'bk-link', href: 'restore.html' }),
    ),
  );
}

async function start() {
  buildTopBar();
  await initI18n();
  recheckWhenRestored(PAGE);
  if (!(await statusFor(PAGE))) {
    return;
  }
  const form = document.getElementById('unlock-form');
  addRestoreParts(form);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    unlock(form);
  });
  document.getElementById('username').focus();
  // Two frames: the first runs before the paint, the second after it.
  requestAnimationFrame(() => requestAnimationFrame(() => invoke('ui_drawn').catch(() => {})));
}

start();
