/*
 * The bridge to the Homeward core. This is the ONLY file that touches
 * window.__TAURI__. invoke() returns the command's value, or throws an
 * IpcError carrying the core's { kind, message, field, row, retry_after_seconds }
 * so pages branch on `kind`, never on message text. invokeWithProgress()
 * hands a long command a channel for its steps; watchLock() asks the shell
 * to say when the vault locks by itself (idle time, sleep).
 */

export class IpcError extends Error {
  constructor({ kind, message, field = null, row = null, retry_after_seconds = null }) {
    super(message);
    this.name = 'IpcError';
    this.kind = kind;
    this.field = field;
    // The line of an imported file the core refused, when it names one.
    this.row = row;
    this.retryAfterSeconds = retry_after_seconds;
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
    throw toIpcError(raw);
  }
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

/** Calls `onLock({ reason })` when the vault locks without this page asking. */
export async function watchLock(onLock) {
  await invoke('session_watch', { onLock: channel(onLock) });
}
