/*
 * Drafts of forms holding case data, so nothing typed is lost to a lock or
 * a failed save. The core keeps them encrypted in the vault, one per user
 * and form key (for example case:new, case:<id>). A keeper saves the form
 * 2 seconds after the last change, at once when asked (a failed save), and
 * hands the lock what to keep; after a successful save it discards it.
 * A payload holds the form's field values by element id, plus what the
 * page adds (the version being edited, the case number). Restored values
 * go back only as field values (never markup); a choice not offered comes
 * back as an option's text.
 */

import { invoke } from './ipc.js';
import { markLongRuns } from './long-runs.js';

export const DRAFT_DELAY_MS = 2000;

/** Every named control of `form` by id: checkboxes as booleans, the rest as text. */
export function formFields(form) {
  const fields = {};
  for (const control of form.elements) {
    if (!control.id || control.type === 'submit' || control.type === 'button') {
      continue;
    }
    fields[control.id] = control.type === 'checkbox' ? control.checked : control.value;
  }
  return fields;
}

/** Puts `fields` back into `form`; a choice no longer offered is added to its list. */
export function restoreFields(form, fields) {
  for (const [id, value] of Object.entries(fields ?? {})) {
    const control = form.elements.namedItem(id) ?? document.getElementById(id);
    if (!control || !form.contains(control)) {
      continue;
    }
    if (control.type === 'checkbox') {
      control.checked = Boolean(value);
      continue;
    }
    const text = value === null || value === undefined ? '' : String(value);
    if (control.tagName === 'SELECT' && ![...control.options].some((o) => o.value === text)) {
      control.append(new Option(text, text));
    }
    control.value = text;
    markLongRuns(control);
  }
}

/** The user's draft of `key`, or null when there is none. */
export async function readDraft(key) {
  try {
    return await invoke('draft_get', { form: key });
  } catch (error) {
    if (error.kind === 'not_found') {
      return null;
    }
    throw error;
  }
}

/** The user's drafts, newest first, each { form, updated_at, payload }. */
export async function listDrafts() {
  const drafts = await invoke('draft_list');
  return Promise.all(drafts.map(async (draft) => ({ ...draft, payload: await readDraft(draft.form) })));
}

export function discardDraft(key) {
  return invoke('draft_discard', { form: key });
}

/**
 * Keeps the draft of one form: `collect()` gives the payload. `changed()`
 * is called on every edit; `onLocked(error)` hears a save answered `locked`.
 */
export function draftKeeper({ key, collect, onLocked = () => {} }) {
  let timer = null;
  let dirty = false;

  const stopTimer = () => {
    clearTimeout(timer);
    timer = null;
  };
  const saveNow = async () => {
    stopTimer();
    if (!dirty) {
      return;
    }
    try {
      await invoke('draft_save', { input: { form: key, payload: collect() } });
    } catch (error) {
      if (error.kind === 'locked') {
        onLocked(error);
      } else {
        console.error('the draft was not kept:', error.kind);
      }
    }
  };
  return {
    changed() {
      dirty = true;
      stopTimer();
      timer = setTimeout(saveNow, DRAFT_DELAY_MS);
    },
    saveNow,
    /** What the lock should keep: { form, payload } when there are changes, else null. */
    forLock() {
      stopTimer();
      return dirty ? { form: key, payload: collect() } : null;
    },
    async discard() {
      stopTimer();
      dirty = false;
      await discardDraft(key);
    },
  };
}
