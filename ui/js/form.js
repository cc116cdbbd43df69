/*
 * Form behaviour shared by the pages: an error is shown beside the field it
 * belongs to (the core's `field`) or above the submit button, in an element
 * with role="alert" that the field names in aria-describedby. Errors never
 * clear what was typed. All text is set through i18n (textContent). A
 * text the core refuses as too long (`too_long`, with its `field` and
 * `max`) is said beside the field with its limit; fields carry no
 * maxlength, so nothing typed or pasted is ever cut off silently.
 */

import { hasTranslation, translate, untranslate } from './i18n.js';

/** The catalog key for an IpcError: error.<kind>.<field> when it exists, else error.<kind>. */
export function errorKey(error) {
  const kind = error?.kind ?? 'unknown';
  if (error?.field && hasTranslation(`error.${kind}.${error.field}`)) {
    return `error.${kind}.${error.field}`;
  }
  return hasTranslation(`error.${kind}`) ? `error.${kind}` : 'error.unknown';
}

/**
 * The parameters an error's text may name: {seconds} of a throttle and
 * {max}, the limit the core gave a text it refused as too long (each field
 * has its own: a name 200, a note 2,000, an account 8,000 ...).
 */
export function errorParams(error) {
  const params = { seconds: error?.retryAfterSeconds ?? 1 };
  if (error?.kind === 'too_long' && Number.isFinite(error?.max)) {
    params.max = error.max;
  }
  return params;
}

function fieldInput(form, field) {
  const id = field ? field.replaceAll('_', '-') : null;
  const input = id ? document.getElementById(id) : null;
  return input && form.contains(input) ? input : null;
}

/** Shows `key` beside `field` (or for the whole form) and returns the element used. */
export function showError(form, field, key, params) {
  const input = fieldInput(form, field);
  const target = input
    ? document.getElementById(`${input.id}-error`)
    : form.querySelector('.form-error');
  if (input) {
    input.setAttribute('aria-invalid', 'true');
  }
  translate(target, key, params);
  target.hidden = false;
  return target;
}

export function clearErrors(form) {
  for (const element of form.querySelectorAll('.field-error, .form-error')) {
    element.hidden = true;
    element.textContent = '';
    delete element.dataset.i18n;
    delete element.dataset.i18nArgs;
  }
  for (const input of form.querySelectorAll('[aria-invalid]')) {
    input.removeAttribute('aria-invalid');
  }
}

/**
 * Shows a core error beside the field it names (a field this form does not
 * have, or the whole input, goes above the buttons) and focuses that field.
 */
export function showApiError(form, error) {
  const field = error?.field === 'input' ? null : error?.field;
  showError(form, field, errorKey(error), errorParams(error));
  focusField(form, field);
}

/**
 * Hides a field's error once the field is changed, so an error never stays
 * beside a value that was corrected. A choice inside a fieldset that carries
 * the error (for example the districts' checkboxes) clears the fieldset's.
 */
export function clearErrorOnEdit(form) {
  const clear = (event) => {
    const owner = document.getElementById(`${event.target.id}-error`)
      ? event.target
      : event.target.closest('fieldset[id]');
    const message = owner ? document.getElementById(`${owner.id}-error`) : null;
    if (message && !message.hidden) {
      message.hidden = true;
      untranslate(message);
      owner.removeAttribute('aria-invalid');
    }
  };
  form.addEventListener('input', clear);
  form.addEventListener('change', clear);
}

/** Marks the form busy: the submit button is disabled and says `busyKey`. */
export function setBusy(form, busy, idleKey, busyKey) {
  const submit = form.querySelector('button[type="submit"]');
  submit.disabled = busy;
  form.setAttribute('aria-busy', String(busy));
  translate(submit, busy ? busyKey : idleKey);
}

/** Focuses the field an error belongs to, or the first field of the form. */
export function focusField(form, field) {
  const input = fieldInput(form, field) ?? form.querySelector('input');
  input?.focus();
}

/** Required fields left empty, each reported beside itself; true when all are filled. */
export function checkRequired(form, fields) {
  let ok = true;
  for (const id of fields) {
    const input = document.getElementById(id);
    if (input.value.length === 0) {
      showError(form, id, 'error.required');
      if (ok) {
        input.focus();
      }
      ok = false;
    }
  }
  return ok;
}
