/*
 * The bridge to the Homeward core. This is the ONLY file that touches
 * window.__TAURI__. invoke() returns the command's value, or throws an
 * IpcError carrying the core's { kind, message, field, row, retry_after_seconds }
 * so pages branch on `kind`, never on message text. invokeWithProgress()
 * hands a long command a channel for its steps; watchLock() asks the shell
 * to say when the vault locks by itself (idle time, sleep). Any command
 * answering `damaged` sends the window to damaged.html (the shell has
 * locked the vault, so nothing read from it stays on screen), except from
 * the damaged and restore pages themselves.
 */

export class IpcError extends Error {
  constructor({ kind, message, field = null, row = null, retry_after_seconds = null, max = null }) {
    super(message);
    this.name = 'IpcError';
    this.kind = kind;
    this.field = field;
    // The line of an imported file the core refused, when it names one.
    this.row = row;
    this.retryAfterSeconds = retry_after_seconds;
    // The most characters the field takes, on a `too_long` refusal.
    this.max = max;
  }
}

function toIpcError(raw) {
  if (raw && typeof raw === 'object' && typeof raw.kind === 'string') {
    return new IpcError(raw);
  }
  // Refusals from Tauri itself (a command not allowed, a bridge failure)
  // arrive as plain strings.
  return new IpcError({ kind: 'ipc', message: String(raw) });
}

export async function invoke(command, args = {}) {
  const core = window.__TAURI__?.core;
  if (!core || typeof core.invoke !== 'function') {
    throw new IpcError({ kind: 'ipc', message: 'the Homeward bridge is not available' });
  }
  try {
    return await core.invoke(command, args);
  } catch (raw) {
    const error = toIpcError(raw);
    if (error.kind === 'damaged') {
      leaveForDamaged();
    }
    throw error;
  }
}

/**
 * Hides the page at once and goes to the damaged-vault screen, unless it
 * or the restore page (already a way out of the damage) is shown.
 */
function leaveForDamaged() {
  const page = window.location.pathname.split('/').pop();
  if (page === 'damaged.html' || page === 'restore.html') {
    return;
  }
  document.body?.classList.add('blank');
  window.location.replace('damaged.html');
}

function channel(onMessage) {
  const Channel = window.__TAURI__?.core?.Channel;
  if (typeof Channel !== 'function') {
    throw new IpcError({ kind: 'ipc', message: 'the Homeward bridge is not available' });
  }
  const made = new Channel();
  made.onmessage = onMessage;
  return made;
}

/** Runs a long command; `onStep({ step, done, total })` hears each step. */
export async function invokeWithProgress(command, args, onStep) {
  return invoke(command, { ...args, onProgress: channel(onStep) });
}

/**
 * Calls `onLock({ reason })` when the vault locks without this page asking;
 * a lock because an automatic backup found the vault damaged goes to the
 * damaged-vault screen instead.
 */
export async function watchLock(onLock) {
  const heard = (notice) => (notice?.reason === 'damaged' ? leaveForDamaged() : onLock(notice));
  await invoke('session_watch', { onLock: channel(heard) });
}
