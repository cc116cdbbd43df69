/*
 * Form pieces for the case screen's small forms (consent, legal basis,
 * safety screen, ending a case), built as DOM nodes: a labelled field with
 * its hint and its role="alert" error, a form opened from a button and
 * closed again, a two-step confirmation, the core's errors shown beside
 * the field they name, and today's date on this laptop. Labels and hints
 * come from the catalogs; what people type stays in the fields.
 */

import { hasTranslation, translate, untranslate } from './i18n.js';
import { h, label } from './dom.js';
import { clearErrors, errorKey, errorParams, showError } from './form.js';
import { leaveIfLocked } from './session.js';

export const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Today on this laptop's calendar, the one the core checks dates against. */
export function today() {
  const now = new Date();
  const pad = (n) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

function described(id, hint) {
  return hint ? `${id}-hint ${id}-error` : `${id}-error`;
}

function errorLine(id) {
  return h('p', { id: `${id}-error`, class: 'field-error', role: 'alert', hidden: true });
}

function caption(id, key, required) {
  return h(
    'label',
    { for: id },
    label('span', key),
    required ? label('span', 'common.required', undefined, { class: 'required' }) : null,
  );
}

/**
 * A labelled control: `kind` is text, date, textarea or select; `hint` a
 * catalog key shown under it. Returns the wrapper; the control has `id`.
 * No control carries a maxlength (it would cut pasted text off without a
 * word): the core refuses a text over its limit with `too_long`, shown
 * beside the field (a `max` passed by a caller is ignored).
 */
export function field({ id, key, kind = 'text', required = false, hint = null, span = false, dir = 'auto' }) {
  let control;
  const hintKey = hint ?? (kind === 'date' ? 'field.date_hint' : null);
  const common = {
    id,
    name: id,
    'aria-describedby': described(id, hintKey),
    'aria-required': required ? 'true' : null,
  };
  if (kind === 'select') {
    control = h('select', common);
  } else if (kind === 'textarea') {
    control = h('textarea', { ...common, rows: 3, dir });
  } else if (kind === 'date') {
    control = h('input', {
      ...common,
      type: 'text',
      autocomplete: 'off',
      dir: 'ltr',
      inputmode: 'numeric',
      spellcheck: 'false',
    });
  } else {
    control = h('input', { ...common, type: 'text', autocomplete: 'off', dir });
  }
  return h(
    'div',
    { class: span ? 'field span-2' : 'field', id: `${id}-field` },
    caption(id, key, required),
    control,
    hintKey ? label('p', hintKey, undefined, { id: `${id}-hint`, class: 'hint' }) : null,
    errorLine(id),
  );
}

/** A checkbox with its label after it. */
export function checkField({ id, key }) {
  return h(
    'div',
    { class: 'field check', id: `${id}-field` },
    h('input', { id, name: id, type: 'checkbox' }),
    label('label', key, undefined, { for: id }),
  );
}

/** The form's own error line (for errors of no one field) and its buttons. */
export function formEnd(submitKey, cancelKey = 'common.cancel') {
  return [
    h('p', { class: 'form-error', role: 'alert', tabindex: '-1', hidden: true }),
    h(
      'div',
      { class: 'actions' },
      label('button', submitKey, undefined, { type: 'submit', class: 'primary' }),
      label('button', cancelKey, undefined, { type: 'button', class: 'secondary', 'data-cancel': '' }),
    ),
  ];
}

/**
 * Wires a form that opens from `opener` (a button) and closes on Cancel:
 * opening shows it and focuses its first field, closing hides it, clears
 * its errors and gives the focus back to the opener. Returns { open, close }.
 */
export function foldingForm(form, opener, onOpen = () => {}) {
  form.hidden = true;
  opener.setAttribute('aria-expanded', 'false');
  if (form.id) {
    opener.setAttribute('aria-controls', form.id);
  }
  const open = (preset) => {
    clearErrors(form);
    form.hidden = false;
    opener.setAttribute('aria-expanded', 'true');
    onOpen(preset);
    form.querySelector('input:not([type="checkbox"]), select, textarea')?.focus();
  };
  const close = () => {
    clearErrors(form);
    form.hidden = true;
    opener.setAttribute('aria-expanded', 'false');
    opener.focus();
  };
  opener.addEventListener('click', () => (form.hidden ? open() : close()));
  form.querySelector('[data-cancel]').addEventListener('click', close);
  return { open, close };
}

/**
 * Shows a core error in `form`: beside the field `<prefix>-<field>` when
 * the form has it (text from `<keys><field>` when the catalog has one),
 * else in the form's own error line; a too-long text names its limit.
 * A lock goes to unlock instead.
 */
export function showCoreError(form, error, prefix, keys) {
  if (leaveIfLocked(error)) {
    return;
  }
  const field = error?.field ? `${prefix}_${error.field}` : null;
  const specific = error?.field && error.kind === 'invalid_input' ? `${keys}${error.field}` : null;
  const key = specific && hasTranslation(specific) ? specific : errorKey(error);
  const where = field && document.getElementById(field.replaceAll('_', '-')) ? field : null;
  const input = where ? document.getElementById(where.replaceAll('_', '-')) : null;
  const shown = showError(form, where, key, errorParams(error));
  (input ?? shown).focus();
}

/** Marks `form` busy while `work` runs; its submit button is disabled meanwhile. */
export async function busy(form, work) {
  const submit = form.querySelector('button[type="submit"]');
  submit.disabled = true;
  form.setAttribute('aria-busy', 'true');
  try {
    return await work();
  } finally {
    submit.disabled = false;
    form.setAttribute('aria-busy', 'false');
  }
}

/** Reports a date field written wrongly; true when every listed date is right. */
export function checkDates(form, ids) {
  for (const id of ids) {
    const written = document.getElementById(id).value.trim();
    if (written !== '' && !DATE.test(written)) {
      showError(form, id, 'error.date_format');
      document.getElementById(id).focus();
      return false;
    }
  }
  return true;
}

/**
 * A two-step confirmation in `place`: the question and two buttons; `onYes`
 * runs on the first. Escape or the second button puts `place` back empty,
 * shows `hide` again (hidden while asking), calls `onBack` and puts the
 * focus on `returnTo`.
 */
export function confirmStep(place, { questionKey, params, yesKey, noKey, danger = true, onYes, returnTo, hide = null, onBack = null }) {
  const yes = label('button', yesKey, undefined, { type: 'button', class: danger ? 'danger' : 'primary' });
  const no = label('button', noKey, undefined, { type: 'button', class: 'secondary' });
  const question = label('p', questionKey, params, { class: 'confirm-question', tabindex: '-1' });
  const box = h('div', { class: 'confirm', role: 'group' }, question, h('div', { class: 'actions' }, yes, no));
  box.setAttribute('aria-label', question.textContent);
  const back = () => {
    place.replaceChildren();
    if (hide) {
      hide.hidden = false;
    }
    onBack?.();
    returnTo?.focus();
  };
  yes.addEventListener('click', () => onYes(yes));
  no.addEventListener('click', back);
  box.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      back();
    }
  });
  place.replaceChildren(box);
  if (hide) {
    hide.hidden = true;
  }
  yes.focus();
  return { back };
}

/** Sets a status line (role="status") to `key`, or empties it. */
export function say(element, key, params) {
  if (key) {
    translate(element, key, params);
    element.hidden = false;
  } else {
    untranslate(element);
    element.hidden = true;
  }
}
