/*
 * Case form controller: registers a participant (case_register) or, with
 * ?id=, opens one (case_open) and saves the edit (case_update) with the
 * version that was read, so a case changed since then answers `conflict`.
 * Errors go beside the field the core names; what was typed stays in the
 * form whatever the answer, and is kept as a draft (2 seconds after the
 * last change, at once when a save fails or the vault locks) that is
 * offered again when the form is opened, and discarded once saved. The
 * case worker and mentor are chosen from the colleagues the core lists;
 * case workers are assigned their own cases, so only supervisors see the
 * case-worker field.
 */

import { time, translate } from '../i18n.js';
import { invoke } from '../ipc.js';
import { CONTEXT_TYPOLOGIES, CUSTODY_TRACKS, GENDERS, REFERRAL_SOURCES, RELIGIONS, codeKey } from '../codes.js';
import { fillOptions } from '../dom.js';
import { draftKeeper, formFields, readDraft, restoreFields } from '../drafts.js';
import { checkRequired, clearErrorOnEdit, clearErrors, focusField, setBusy, showApiError, showError } from '../form.js';
import { go } from '../route.js';
import { keepDraftOnLock, leaveIfLocked, openSignedInPage } from '../session.js';

const PAGE = 'case-form.html';
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TEXT_FIELDS = [
  'name-latin', 'name-urdu', 'alias', 'languages', 'phone', 'address', 'sect', 'ethnicity',
];

const state = {
  user: null,
  id: null,
  version: null,
  caseNumber: null,
  idleKey: 'case_form.submit_new',
  keeper: null,
  draft: null,
};
const $ = (id) => document.getElementById(id);

/** Today on this laptop's calendar, the one the core checks dates against. */
function today() {
  const now = new Date();
  const pad = (n) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** The draft's key: one for a new participant, one per case being edited. */
function draftKey() {
  return state.id ? `case:${state.id}` : 'case:new';
}

function fillColleagues(colleagues) {
  const none = { value: '', key: 'case_form.nobody' };
  const of = (role) =>
    colleagues.filter((c) => c.role === role).map((c) => ({ value: c.username, text: c.username }));
  fillOptions($('assigned-worker'), of('case_worker'), none);
  fillOptions($('mentor'), of('mentor'), none);
}

function fillChoices(districts) {
  const choose = { value: '', key: 'common.choose' };
  fillOptions($('gender'), GENDERS.map((c) => ({ value: c, key: codeKey('gender', c) })), choose);
  fillOptions(
    $('district'),
    districts.map((d) => ({ value: d.name, text: d.name })),
    choose,
  );
  fillOptions(
    $('custody-track'),
    CUSTODY_TRACKS.map((c) => ({ value: c, key: codeKey('custody_track', c) })),
    choose,
  );
  fillOptions(
    $('referral-source'),
    REFERRAL_SOURCES.map((c) => ({ value: c, key: codeKey('referral_source', c) })),
    choose,
  );
  fillOptions($('religion'), RELIGIONS.map((c) => ({ value: c, key: codeKey('religion', c) })));
  fillOptions(
    $('context-typology'),
    CONTEXT_TYPOLOGIES.map((c) => ({ value: c, key: codeKey('context_typology', c) })),
  );
}

const text = (value) => (value === null || value === undefined ? '' : String(value));

/** Adds `value` to the choices of the select #id when it is not offered (a past choice). */
function offerValue(id, value) {
  if (value && ![...$(id).options].some((o) => o.value === value)) {
    $(id).append(new Option(value, value));
  }
}

function fillFrom(view) {
  const set = (id, value) => {
    $(id).value = text(value);
  };
  set('name-latin', view.name_latin);
  set('name-urdu', view.name_urdu);
  set('alias', view.alias);
  set('gender', view.gender);
  set('date-of-birth', view.date_of_birth);
  set('approx-age', view.approx_age);
  set('languages', view.languages);
  set('phone', view.phone);
  set('address', view.address);
  $('interpreter-needed').checked = Boolean(view.interpreter_needed);
  $('female-practitioner-required').checked = Boolean(view.female_practitioner_required);
  offerValue('district', view.district);
  set('district', view.district);
  set('referral-source', view.referral_source);
  set('referral-date', view.referral_date);
  set('custody-track', view.custody_track);
  offerValue('assigned-worker', view.assigned_worker);
  set('assigned-worker', view.assigned_worker);
  offerValue('mentor', view.mentor);
  set('mentor', view.mentor);
  set('religion', view.religion);
  set('sect', view.sect);
  set('ethnicity', view.ethnicity);
  set('context-typology', view.context_typology);
}

/** The CaseInput the core takes, from what is in the form. */
function collect() {
  const value = (id) => $(id).value;
  const optional = (id) => (value(id).trim() === '' ? null : value(id).trim());
  const age = value('approx-age').trim();
  return {
    name_latin: value('name-latin'),
    name_urdu: value('name-urdu'),
    alias: value('alias'),
    date_of_birth: optional('date-of-birth'),
    approx_age: age === '' ? null : Number.parseInt(age, 10),
    gender: value('gender'),
    languages: value('languages'),
    interpreter_needed: $('interpreter-needed').checked,
    phone: value('phone'),
    address: value('address'),
    female_practitioner_required: $('female-practitioner-required').checked,
    district: value('district'),
    custody_track: value('custody-track'),
    custody_since: optional('custody-since'),
    referral_source: value('referral-source'),
    referral_date: value('referral-date').trim(),
    assigned_worker: state.user.role === 'supervisor' ? optional('assigned-worker') : null,
    mentor: optional('mentor'),
    religion: value('religion'),
    sect: value('sect'),
    ethnicity: value('ethnicity'),
    context_typology: value('context-typology'),
  };
}

/** Checks the form can be sent: required fields, one name, dates and age as written. */
function checkForm(form) {
  if (!checkRequired(form, ['gender', 'district', 'referral-source', 'referral-date', 'custody-track'])) {
    return false;
  }
  if ($('name-latin').value.trim() === '' && $('name-urdu').value.trim() === '') {
    showError(form, 'name_latin', 'error.invalid_input.name_latin');
    focusField(form, 'name_latin');
    return false;
  }
  for (const id of ['date-of-birth', 'referral-date', 'custody-since']) {
    const written = $(id).value.trim();
    if (written !== '' && !DATE.test(written)) {
      showError(form, id, 'error.date_format');
      focusField(form, id);
      return false;
    }
  }
  const age = $('approx-age').value.trim();
  if (age !== '' && !/^\d{1,3}$/.test(age)) {
    showError(form, 'approx-age', 'error.invalid_input.approx_age');
    focusField(form, 'approx-age');
    return false;
  }
  return true;
}

function showSaveError(form, error) {
  if (error.kind === 'conflict') {
    showError(form, null, 'error.conflict');
    form.querySelector('.form-error').focus();
    return;
  }
  showApiError(form, error);
}

async function save(form) {
  clearErrors(form);
  if (!checkForm(form)) {
    return;
  }
  const input = collect();
  setBusy(form, true, state.idleKey, 'case_form.busy');
  try {
    const view = state.id
      ? await invoke('case_update', { input: { id: state.id, version: state.version, case: input } })
      : await invoke('case_register', { input });
    await state.keeper.discard().catch(() => {});
    go(`case.html?id=${encodeURIComponent(view.id)}`);
  } catch (error) {
    if (!leaveIfLocked(error)) {
      state.keeper.saveNow();
      showSaveError(form, error);
    }
  } finally {
    setBusy(form, false, state.idleKey, 'case_form.busy');
  }
}

function showEditMode(view) {
  state.version = view.version;
  state.caseNumber = view.case_number ?? null;
  state.idleKey = 'case_form.submit_edit';
  translate($('form-title'), 'case_form.title_edit');
  translate($('form-lead'), 'case_form.lead_edit');
  translate($('custody-since-hint'), 'case_form.custody_since_hint_edit');
  translate($('submit'), state.idleKey);
  const number = $('form-case-number');
  number.textContent = view.case_number ?? '';
  number.hidden = !view.case_number;
  $('cancel').href = `case.html?id=${encodeURIComponent(state.id)}`;
  // Editing is not registering: the top bar's "Register" link is not this page.
  document.querySelector('.nav a[aria-current]')?.removeAttribute('aria-current');
}

/** What the draft keeps: every field, and the version the edit started from. */
function draftPayload() {
  return { fields: formFields($('case-form')), version: state.version, case_number: state.caseNumber };
}

function resumeDraft(draft) {
  restoreFields($('case-form'), draft.fields);
  if (state.id && Number.isInteger(draft.version)) {
    // Saving checks against the version the typing started from, so a
    // change made by someone else meanwhile answers `conflict`.
    state.version = draft.version;
  }
  state.keeper.changed();
  $('draft-offer').hidden = true;
  $('name-latin').focus();
}

function offerDraft(summaryTime) {
  translate($('draft-offer-text'), 'drafts.offer_text', { when: summaryTime ? time(summaryTime) : '' });
  $('draft-offer').hidden = false;
}

async function wireDraft(form, params) {
  state.keeper = draftKeeper({ key: draftKey(), collect: draftPayload, onLocked: leaveIfLocked });
  keepDraftOnLock(() => state.keeper.forLock());
  form.addEventListener('input', () => state.keeper.changed());
  form.addEventListener('change', () => state.keeper.changed());
  $('cancel').addEventListener('click', async (event) => {
    event.preventDefault();
    await state.keeper.discard().catch(() => {});
    go($('cancel').getAttribute('href'));
  });
  state.draft = await readDraft(draftKey());
  if (!state.draft) {
    return;
  }
  $('draft-resume').addEventListener('click', () => resumeDraft(state.draft));
  $('draft-discard').addEventListener('click', async () => {
    await state.keeper.discard().catch(leaveIfLocked);
    $('draft-offer').hidden = true;
    $('name-latin').focus();
  });
  if (params.get('resume') === '1') {
    resumeDraft(state.draft);
  } else {
    const summaries = await invoke('draft_list');
    offerDraft(summaries.find((d) => d.form === draftKey())?.updated_at);
  }
}

async function load(user) {
  state.user = user;
  const params = new URLSearchParams(window.location.search);
  state.id = params.get('id');
  $('assigned-worker-field').hidden = user.role !== 'supervisor';
  const [districts, colleagues] = await Promise.all([invoke('district_list'), invoke('user_colleagues')]);
  fillChoices(districts);
  fillColleagues(colleagues);
  if (state.id) {
    const view = await invoke('case_open', { id: state.id });
    fillFrom(view);
    showEditMode(view);
  } else {
    $('referral-date').value = today();
  }
  const form = $('case-form');
  form.hidden = false;
  clearErrorOnEdit(form);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    save(form);
  });
  await wireDraft(form, params);
}

function forget() {
  const form = $('case-form');
  form.reset();
  for (const id of TEXT_FIELDS) {
    $(id).value = '';
  }
  $('form-case-number').textContent = '';
  state.draft = null;
}

async function start() {
  const user = await openSignedInPage({
    page: PAGE,
    roles: ['case_worker', 'supervisor'],
    load,
    forget,
  });
  if (user) {
    if ($('draft-offer').hidden) {
      $('name-latin').focus();
    } else {
      $('draft-offer-title').focus();
    }
  }
}

start();
