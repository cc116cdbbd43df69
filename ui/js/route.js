/*
 * Which page fits the vault's state. Every page asks the core when it is
 * shown, including when WebKit restores it from its back/forward cache, so
 * nothing is shown from memory after the vault was locked.
 */

import { invoke } from './ipc.js';

export function pageFor(status) {
  if (!status.vault_exists) {
    return 'first-run.html';
  }
  return status.unlocked ? 'home.html' : 'unlock.html';
}

export function go(page) {
  window.location.replace(page);
}

/**
 * The core's status when `page` is the right page for it; otherwise goes to
 * the right page and returns null. Any failure goes to index.html, which
 * explains it.
 */
export async function statusFor(page) {
  let status;
  try {
    status = await invoke('app_status');
  } catch {
    go('index.html');
    return null;
  }
  const wanted = pageFor(status);
  if (wanted !== page) {
    go(wanted);
    return null;
  }
  return status;
}

export function recheckWhenRestored(page) {
  window.addEventListener('pageshow', (event) => {
    if (event.persisted) {
      statusFor(page);
    }
  });
}
