/*
 * Assessment controller: shows one needs assessment of a case
 * (assessment.html?case=<case id>&id=<assessment id>; without id it asks
 * assessment_start for the open draft or a new one pre-filled from the
 * last). A draft is a form of the 24 domains in one compact table (score
 * 0–4 or not assessed with a reason, evidence source, the participant's own
 * priority, a note behind a toggle), strengths and the participant's own
 * account, and the disengagement profile kept apart; Save sends
 * assessment_save and the count of domains still to score follows every
 * change. A supervisor signs a complete draft off after reviewing it; a
 * signed-off or superseded assessment opens read-only, and a signed-off one
 * can be corrected (a new version). What is typed is kept as a draft
 * (drafts.js) through a lock or a failed save. Specialist references are
 * listed and added here. Refusals are shown in role="alert" elements; user
 * text only ever enters the page as text.
 */

import { day, showDay, t, time, translate, untranslate } from '../i18n.js';
import { invoke } from '../ipc.js';
import { fillOptions, h, label } from '../dom.js';
import { draftKeeper, readDraft } from '../drafts.js';
import { clearErrorOnEdit, clearErrors, errorParams, showError } from '../form.js';
import { go } from '../route.js';
import { keepDraftOnLock, leaveIfLocked, openSignedInPage } from '../session.js';
import {
  DOMAIN_GROUPS,
  DOMAINS,
  EVIDENCE_SOURCES,
  LEVELS,
  NOT_ASSESSED_REASONS,
  RESTRICTED,
  SCORES,
  STAGES,
} from '../chart.js';
import { assessmentErrorKey, nameOf, peopleNames } from './case-needs.js';

const PAGE = 'assessment.html';
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const PROFILE_PARTS = ['behaviour', 'ties', 'views'];
const $ = (id) => document.getElementById(id);
const domId = (code) => code.replaceAll('_', '-');

const state = {
  user: null,
  caseId: null,
  caseView: null,
  view: null,
  all: [],
  specialist: [],
  names: new Map(),
  writable: false,
  keeper: null,
  draft: null,
};

/* --- building the form ------------------------------------------------------ */

function scoreChoice(code, value, labelledBy) {
  const id = `score-${domId(code)}-${value}`;
  const words = value === 'na' ? 'assess.not_assessed' : `assess.score.${value}`;
  return h(
    'label',
    { class: `score-choice score-${value}`, for: id },
    h('input', { type: 'radio', id, name: `score-${code}`, value, 'aria-describedby': labelledBy }),
    h('span', { class: 'score-face', 'aria-hidden': 'true' }, value === 'na' ? '–' : value),
    label('span', words, undefined, { class: 'visually-hidden' }),
  );
}

function domainRows(code) {
  const id = domId(code);
  const nameId = `domain-${id}`;
  const restricted = RESTRICTED.has(code);
  const name = h(
    'th',
    { scope: 'row', class: 'domain-name' },
    label('span', `domain.${code}`, undefined, { id: nameId }),
    restricted ? label('span', 'assess.restricted_marker', undefined, { class: 'tier-marker' }) : null,
  );
  const scores = h(
    'div',
    { role: 'radiogroup', class: 'score-group', 'aria-labelledby': `${nameId} col-score` },
    [...SCORES.map(String), 'na'].map((value) => scoreChoice(code, value, nameId)),
  );
  const reason = h('select', { id: `reason-${id}`, class: 'compact', 'aria-labelledby': `col-reason ${nameId}` });
  fillOptions(
    reason,
    NOT_ASSESSED_REASONS.map((r) => ({ value: r, key: `assess.reason.${r}` })),
    { value: '', key: 'assess.reason_none' },
  );
  const evidence = h('select', { id: `evidence-${id}`, class: 'compact', 'aria-labelledby': `col-evidence ${nameId}` });
  fillOptions(
    evidence,
    EVIDENCE_SOURCES.map((e) => ({ value: e, key: `assess.evidence.${e}` })),
    { value: '', key: 'assess.evidence_none' },
  );
  const priority = h('input', { type: 'checkbox', id: `priority-${id}`, 'aria-labelledby': `col-priority ${nameId}` });
  const toggle = label('button', 'assess.note_add', undefined, {
    type: 'button',
    id: `note-toggle-${id}`,
    class: 'note-toggle',
    'aria-expanded': 'false',
    'aria-controls': `note-row-${id}`,
    'aria-describedby': nameId,
  });
  const note = h('textarea', {
    id: `note-${id}`,
    rows: 2,
    dir: 'auto',
    'aria-labelledby': `note-label-${id}`,
  });
  const noteLabel = h(
    'span',
    { id: `note-label-${id}`, class: 'note-label' },
    label('span', 'assess.note_for'),
    ' ',
    label('span', `domain.${code}`),
  );
  return [
    h(
      'tr',
      { class: restricted ? 'domain-row restricted' : 'domain-row', 'data-domain': code },
      name,
      h('td', {}, scores),
      h('td', {}, reason),
      h('td', {}, evidence),
      h('td', { class: 'priority-cell' }, priority),
      h('td', {}, toggle),
    ),
    h(
      'tr',
      { class: 'note-row', id: `note-row-${id}`, 'data-domain': code, hidden: true },
      h('td', { colspan: 6 }, noteLabel, note),
    ),
  ];
}

function buildDomainTable() {
  const rows = [];
  for (const [group, codes] of DOMAIN_GROUPS) {
    rows.push(
      h('tr', { class: 'group-row' }, label('th', `assess.group.${group}`, undefined, { colspan: 6, scope: 'colgroup' })),
    );
    for (const code of codes) {
      rows.push(...domainRows(code));
    }
  }
  $('domain-rows').replaceChildren(...rows);
}

function buildProfile() {
  fillOptions(
    $('stage'),
    STAGES.map((stage) => ({ value: stage, key: `assess.stage.${stage}` })),
    { value: '', key: 'assess.stage_none' },
  );
  const parts = PROFILE_PARTS.map((part) =>
    h(
      'fieldset',
      { id: part, class: 'level-group', 'aria-describedby': `${part}-error` },
      label('legend', `assess.${part}`),
      h(
        'div',
        { class: 'level-choices' },
        LEVELS.map((level) =>
          h(
            'label',
            { class: 'level-choice', for: `${part}-${level}` },
            h('input', { type: 'radio', id: `${part}-${level}`, name: part, value: level }),
            label('span', `assess.level.${level}`),
          ),
        ),
      ),
      h('p', { id: `${part}-error`, class: 'field-error', role: 'alert', hidden: true }),
    ),
  );
  $('profile-levels').replaceChildren(...parts);
}

/* --- reading and filling the form --------------------------------------------- */

function checkedValue(name) {
  return document.querySelector(`input[type="radio"][name="${name}"]:checked`)?.value ?? '';
}

function setChecked(name, value) {
  for (const input of document.querySelectorAll(`input[type="radio"][name="${name}"]`)) {
    input.checked = input.value === value;
  }
}

/** The AssessmentInput the core takes, from what is in the form. */
function collect() {
  const scores = DOMAINS.map((code) => {
    const id = domId(code);
    const chosen = checkedValue(`score-${code}`);
    const reason = $(`reason-${id}`).value;
    return {
      domain: code,
      score: chosen !== '' && chosen !== 'na' ? Number(chosen) : null,
      not_assessed_reason: chosen === 'na' && reason ? reason : null,
      evidence_source: $(`evidence-${id}`).value,
      participant_priority: $(`priority-${id}`).checked,
      note: $(`note-${id}`).value,
    };
  });
  const stage = $('stage').value;
  const levels = PROFILE_PARTS.map((part) => checkedValue(part));
  const profile = stage || levels.some(Boolean)
    ? { stage, behaviour: levels[0], ties: levels[1], views: levels[2] }
    : null;
  return {
    assessment_id: state.view.assessment.id,
    assessed_on: $('assessed-on').value.trim(),
    strengths: $('strengths').value,
    participant_account: $('participant-account').value,
    priorities: $('priorities').value,
    scores,
    profile,
  };
}

/** Fills the form from an AssessmentInput-shaped object (a view's parts or a kept draft). */
function fillForm(input) {
  $('assessed-on').value = input.assessed_on ?? '';
  $('strengths').value = input.strengths ?? '';
  $('participant-account').value = input.participant_account ?? '';
  $('priorities').value = input.priorities ?? '';
  for (const code of DOMAINS) {
    const id = domId(code);
    const entry = (input.scores ?? []).find((score) => score.domain === code) ?? {};
    let chosen = '';
    if (Number.isInteger(entry.score)) {
      chosen = String(entry.score);
    } else if (entry.not_assessed_reason || entry.not_assessed) {
      chosen = 'na';
    }
    setChecked(`score-${code}`, chosen);
    $(`reason-${id}`).value = entry.not_assessed_reason ?? '';
    $(`evidence-${id}`).value = entry.evidence_source ?? '';
    $(`priority-${id}`).checked = Boolean(entry.participant_priority);
    $(`note-${id}`).value = entry.note ?? '';
  }
  const profile = input.profile ?? {};
  $('stage').value = profile.stage ?? '';
  for (const part of PROFILE_PARTS) {
    setChecked(part, profile[part] ?? '');
  }
  refreshRows();
}

/** The view's parts shaped as the input the form fills from. */
function inputFromView(view) {
  const a = view.assessment;
  return {
    assessed_on: a.assessed_on,
    strengths: a.strengths,
    participant_account: a.participant_account,
    priorities: a.priorities,
    scores: view.scores,
    profile: view.profile,
  };
}

/** Domains with neither a score nor "not assessed" with a reason. */
function unscored() {
  return DOMAINS.filter((code) => {
    const chosen = checkedValue(`score-${code}`);
    return chosen === '' || (chosen === 'na' && $(`reason-${domId(code)}`).value === '');
  });
}

/** Keeps each row's reason choice, note toggle and the progress line in step with the form. */
function refreshRows() {
  for (const code of DOMAINS) {
    const id = domId(code);
    const chosen = checkedValue(`score-${code}`);
    const reason = $(`reason-${id}`);
    reason.disabled = !state.writable || chosen !== 'na';
    reason.classList.toggle('wanted', state.writable && chosen === 'na' && reason.value === '');
    if (chosen !== 'na' && reason.value !== '') {
      reason.value = '';
    }
    const hasNote = $(`note-${id}`).value.trim() !== '';
    const toggle = $(`note-toggle-${id}`);
    toggle.classList.toggle('has-note', hasNote);
    translate(toggle, hasNote ? 'assess.note_show' : 'assess.note_add');
    const row = document.querySelector(`tr.domain-row[data-domain="${code}"]`);
    row.dataset.score = chosen;
  }
  const missing = unscored().length;
  const progress = $('progress');
  progress.classList.toggle('complete', missing === 0);
  if (missing === 0) {
    let key = 'assess.progress_complete_read';
    if (state.writable) {
      key = state.user.role === 'supervisor' ? 'assess.progress_complete_review' : 'assess.progress_complete';
    }
    translate(progress, key, { total: DOMAINS.length });
  } else {
    translate(progress, 'assess.progress_missing', { count: missing, total: DOMAINS.length });
  }
}

function toggleNote(code, open) {
  const id = domId(code);
  const row = $(`note-row-${id}`);
  const show = open ?? row.hidden;
  row.hidden = !show;
  $(`note-toggle-${id}`).setAttribute('aria-expanded', String(show));
  if (show && open === undefined) {
    $(`note-${id}`).focus();
  }
}

/* --- showing the assessment ----------------------------------------------------- */

function today() {
  const now = new Date();
  const pad = (n) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

function showCase(view) {
  $('assess-case-number').textContent = view.case_number ?? '';
  const who = $('assess-participant');
  const latin = view.name_latin ?? '';
  const urdu = view.name_urdu ?? '';
  who.textContent = latin || urdu;
  if (!latin && urdu) {
    who.lang = 'ur';
  }
  $('back').href = `case.html?id=${encodeURIComponent(state.caseId)}`;
}

function showStatus(a) {
  const box = $('assess-status');
  const parts = [label('span', `assess.status.${a.status}`, undefined, { class: `status-badge status-${a.status}` })];
  if (a.status !== 'draft' && a.signed_off_on) {
    parts.push(
      label('span', 'assess.signed_off_by', { name: nameOf(state.names, a.signed_off_by, 'needs.a_supervisor'), date: day(a.signed_off_on) }, {
        class: 'status-detail',
      }),
    );
  }
  parts.push(
    label('span', 'assess.assessor_is', { name: nameOf(state.names, a.assessor_id, 'needs.a_colleague') }, { class: 'status-detail' }),
  );
  box.replaceChildren(...parts);
}

function assessedOnOf(id) {
  return state.all.find((item) => item.assessment.id === id)?.assessment.assessed_on ?? '';
}

function showLead(a) {
  const lead = $('assess-lead');
  let key = null;
  let params;
  if (a.status === 'signed_off') {
    key = 'assess.lead_signed_off';
  } else if (a.status === 'superseded') {
    key = 'assess.lead_superseded';
  } else if (state.writable && state.user.role === 'supervisor') {
    key = 'assess.lead_review';
  } else if (a.corrects_id) {
    key = 'assess.lead_correction';
    params = { date: day(assessedOnOf(a.corrects_id)) };
  } else if (a.prefilled_from_id) {
    key = 'assess.lead_prefilled';
    params = { date: day(assessedOnOf(a.prefilled_from_id)) };
  } else if (state.writable) {
    key = state.user.role === 'supervisor' ? 'assess.lead_review' : 'assess.lead_new';
  }
  if (key) {
    translate(lead, key, params);
  } else {
    untranslate(lead);
  }
  lead.hidden = !key;
}

function mayWrite(user) {
  return ['case_worker', 'supervisor'].includes(user.role) && state.caseView.phase !== 7;
}

function render() {
  const a = state.view.assessment;
  state.writable = a.status === 'draft' && mayWrite(state.user);
  const form = $('assess-form');
  form.classList.toggle('read-only', !state.writable);
  for (const fieldset of form.querySelectorAll(':scope > fieldset')) {
    fieldset.disabled = !state.writable;
  }
  fillForm(inputFromView(state.view));
  // Notes are shown open when reading or reviewing, folded while scoring.
  const review = !state.writable || state.user.role === 'supervisor';
  for (const code of DOMAINS) {
    toggleNote(code, review && $(`note-${domId(code)}`).value.trim() !== '');
  }
  for (const toggle of form.querySelectorAll('.note-toggle')) {
    toggle.disabled = false;
  }
  showStatus(a);
  showLead(a);
  const signs = state.writable && state.user.role === 'supervisor';
  $('save').hidden = !state.writable;
  $('sign-off').hidden = !signs;
  // A supervisor is here to sign off: that is the main button, Save the second.
  $('sign-off').className = signs ? 'primary' : 'secondary';
  $('save').className = signs ? 'secondary' : 'primary';
  const openDraft = state.all.some((item) => item.assessment.status === 'draft');
  $('correct').hidden = !(a.status === 'signed_off' && mayWrite(state.user) && !openDraft);
  $('confirm-sign-off').hidden = true;
  form.hidden = false;
  showSpecialist();
}

/* --- specialist references ----------------------------------------------------- */

function showSpecialist() {
  const list = state.specialist ?? [];
  const section = $('specialist');
  const canAdd = mayWrite(state.user);
  section.hidden = list.length === 0 && !canAdd;
  $('specialist-list').replaceChildren(
    ...list.map((ref) =>
      h(
        'li',
        {},
        showDay(h('span', { class: 'since' }), ref.assessed_on),
        h('span', { class: 'specialist-tool', dir: 'auto' }, ref.tool ?? ''),
        h('span', {}, label('span', 'assess.specialist_band_caption'), ' ', h('bdi', { dir: 'auto', class: 'specialist-band' }, ref.summary_band ?? '')),
        h('span', { class: 'hint' }, label('span', 'assess.specialist_by_caption'), ' ', h('bdi', { dir: 'auto', class: 'specialist-assessor' }, ref.assessor ?? '')),
      ),
    ),
  );
  if (list.length === 0) {
    $('specialist-list').append(label('li', 'assess.specialist_none', undefined, { class: 'hint' }));
  }
  $('specialist-form').hidden = !canAdd;
}

async function addSpecialist(form) {
  clearErrors(form);
  const on = $('specialist-on').value.trim();
  for (const id of ['tool', 'specialist-on', 'assessor', 'summary-band']) {
    if ($(id).value.trim() === '') {
      showError(form, id, 'error.required');
      $(id).focus();
      return;
    }
  }
  if (!DATE.test(on)) {
    showError(form, 'specialist-on', 'error.date_format');
    $('specialist-on').focus();
    return;
  }
  try {
    await invoke('specialist_record', {
      input: {
        case_id: state.caseId,
        tool: $('tool').value.trim(),
        assessed_on: on,
        assessor: $('assessor').value.trim(),
        summary_band: $('summary-band').value.trim(),
      },
    });
    form.reset();
    $('specialist-on').value = today();
    await reload();
  } catch (error) {
    if (!leaveIfLocked(error)) {
      const field = { assessed_on: 'specialist_on' }[error.field] ?? error.field;
      showError(form, field, assessmentErrorKey(error), errorParams(error));
    }
  }
}

/* --- saving, signing off, correcting -------------------------------------------- */

/**
 * A domain's note over its limit: the core names only `note`, so the page
 * finds the domain whose note is longer than the limit, opens that note and
 * names the domain in the form's error line.
 */
function showNoteTooLong(form, error) {
  const code = DOMAINS.find((c) => [...$(`note-${domId(c)}`).value].length > error.max);
  const target = code
    ? showError(form, null, 'assess.error.note_too_long', { domain: t(`domain.${code}`), max: error.max })
    : showError(form, null, 'error.too_long', errorParams(error));
  if (code) {
    toggleNote(code, true);
    const note = $(`note-${domId(code)}`);
    note.setAttribute('aria-invalid', 'true');
    note.focus();
  } else {
    target.focus();
  }
}

function showFormError(error, params) {
  const form = $('assess-form');
  if (typeof error !== 'string' && error?.kind === 'too_long' && error.field === 'note') {
    showNoteTooLong(form, error);
    return;
  }
  const key = typeof error === 'string' ? error : assessmentErrorKey(error);
  const field = typeof error === 'string' ? null : error.field;
  const shownParams = params ?? (typeof error === 'string' ? undefined : errorParams(error));
  const target = showError(form, ['assessed_on', 'strengths', 'participant_account', 'priorities', 'stage', ...PROFILE_PARTS].includes(field) ? field : null, key, shownParams);
  if (target.id === 'form-error') {
    target.focus();
  } else {
    document.getElementById(field.replaceAll('_', '-'))?.focus();
  }
}

/** Checks what the core would refuse: the date as written, the profile whole or empty. */
function checkForm(input) {
  if (!DATE.test(input.assessed_on)) {
    showFormError({ kind: 'invalid_input', field: 'assessed_on' });
    return false;
  }
  if (input.profile) {
    const missing = ['stage', ...PROFILE_PARTS].find((part) => !input.profile[part]);
    if (missing) {
      showFormError({ kind: 'profile_incomplete', field: missing });
      return false;
    }
  }
  return true;
}

async function save() {
  const form = $('assess-form');
  clearErrors(form);
  $('saved').hidden = true;
  const input = collect();
  if (!checkForm(input)) {
    return false;
  }
  $('save').disabled = true;
  form.setAttribute('aria-busy', 'true');
  try {
    state.view = await invoke('assessment_save', { input });
    await state.keeper?.discard().catch(() => {});
    translate($('saved'), 'assess.saved_at', { time: time(new Date(), { timeStyle: 'short' }) });
    $('saved').hidden = false;
    refreshRows();
    return true;
  } catch (error) {
    if (!leaveIfLocked(error)) {
      state.keeper?.saveNow();
      showFormError(error);
    }
    return false;
  } finally {
    $('save').disabled = false;
    form.setAttribute('aria-busy', 'false');
  }
}

function askSignOff() {
  clearErrors($('assess-form'));
  const missing = unscored().length;
  if (missing > 0) {
    showFormError('assess.error.incomplete', { count: missing, total: DOMAINS.length });
    return;
  }
  $('confirm-sign-off').hidden = false;
  $('confirm-sign-off-yes').focus();
}

async function signOff() {
  $('confirm-sign-off').hidden = true;
  if (!(await save())) {
    return;
  }
  try {
    await invoke('assessment_sign_off', { assessmentId: state.view.assessment.id });
    await reload();
    translate($('saved'), 'assess.signed_off_now');
    $('saved').hidden = false;
    $('assess-title').focus();
  } catch (error) {
    if (!leaveIfLocked(error)) {
      showFormError(error.kind === 'gate_not_met' ? 'assess.error.incomplete_core' : error);
    }
  }
}

async function correct() {
  clearErrors($('assess-form'));
  try {
    const view = await invoke('assessment_correct', { assessmentId: state.view.assessment.id });
    go(`assessment.html?case=${encodeURIComponent(state.caseId)}&id=${encodeURIComponent(view.assessment.id)}`);
  } catch (error) {
    if (!leaveIfLocked(error)) {
      showFormError(error);
    }
  }
}

/* --- drafts kept through a lock -------------------------------------------------- */

function draftKey() {
  return `assessment:${state.caseId}:${state.view.assessment.id}`;
}

function offerDraft(when) {
  translate($('draft-offer-text'), 'drafts.offer_text', { when: when ? time(when) : '' });
  $('draft-offer').hidden = false;
}

async function wireDraft() {
  if (!state.writable) {
    return;
  }
  state.keeper = draftKeeper({ key: draftKey(), collect: () => ({ input: collect() }), onLocked: leaveIfLocked });
  keepDraftOnLock(() => state.keeper.forLock());
  state.draft = await readDraft(draftKey());
  if (!state.draft?.input) {
    return;
  }
  $('draft-resume').addEventListener('click', () => {
    fillForm(state.draft.input);
    state.keeper.changed();
    $('draft-offer').hidden = true;
    $('assessed-on').focus();
  });
  $('draft-discard').addEventListener('click', async () => {
    await state.keeper.discard().catch(leaveIfLocked);
    $('draft-offer').hidden = true;
    $('assessed-on').focus();
  });
  if (new URLSearchParams(window.location.search).get('resume') === '1') {
    fillForm(state.draft.input);
    state.keeper.changed();
  } else {
    const summaries = await invoke('draft_list');
    offerDraft(summaries.find((d) => d.form === draftKey())?.updated_at);
  }
}

/* --- loading --------------------------------------------------------------------- */

async function reload() {
  const data = await invoke('case_assessments', { caseId: state.caseId });
  state.all = data.assessments;
  state.specialist = data.specialist;
  const id = state.view.assessment.id;
  const found = state.all.find((item) => item.assessment.id === id);
  if (!found) {
    const error = { kind: 'not_found' };
    throw error;
  }
  state.view = found;
  render();
}

function wireForm() {
  const form = $('assess-form');
  clearErrorOnEdit(form);
  const changed = () => {
    refreshRows();
    $('saved').hidden = true;
    state.keeper?.changed();
  };
  form.addEventListener('input', changed);
  form.addEventListener('change', changed);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (state.writable) {
      save();
    }
  });
  form.addEventListener('click', (event) => {
    const toggle = event.target.closest('.note-toggle');
    if (toggle) {
      toggleNote(toggle.closest('tr').dataset.domain);
    }
  });
  $('sign-off').addEventListener('click', askSignOff);
  $('confirm-sign-off-yes').addEventListener('click', signOff);
  $('confirm-sign-off-no').addEventListener('click', () => {
    $('confirm-sign-off').hidden = true;
    $('sign-off').focus();
  });
  $('correct').addEventListener('click', correct);
  // Leaving with unsaved changes keeps them as a draft, offered on return.
  $('back').addEventListener('click', async (event) => {
    if (state.keeper) {
      event.preventDefault();
      await state.keeper.saveNow();
      go($('back').getAttribute('href'));
    }
  });
  $('specialist-form').addEventListener('submit', (event) => {
    event.preventDefault();
    addSpecialist(event.target);
  });
  clearErrorOnEdit($('specialist-form'));
  $('specialist-on').value = today();
}

async function load(user) {
  state.user = user;
  const params = new URLSearchParams(window.location.search);
  state.caseId = params.get('case');
  if (!state.caseId) {
    const error = { kind: 'not_found' };
    throw error;
  }
  buildDomainTable();
  buildProfile();
  wireForm();
  try {
    const [caseView, names] = await Promise.all([
      invoke('case_open', { id: state.caseId }),
      peopleNames(user),
    ]);
    state.caseView = caseView;
    state.names = names;
    showCase(caseView);
    let id = params.get('id');
    if (!id) {
      id = (await invoke('assessment_start', { caseId: state.caseId })).assessment.id;
      const url = `assessment.html?case=${encodeURIComponent(state.caseId)}&id=${encodeURIComponent(id)}`;
      window.history.replaceState(null, '', url);
    }
    state.view = { assessment: { id } };
    await reload();
    await wireDraft();
  } catch (error) {
    if (leaveIfLocked(error)) {
      return;
    }
    const problem = $('page-error');
    translate(problem, assessmentErrorKey(error));
    problem.hidden = false;
  }
}

function forget() {
  $('assess-form').reset();
  $('domain-rows').replaceChildren();
  $('profile-levels').replaceChildren();
  $('specialist-list').replaceChildren();
  for (const id of ['assess-case-number', 'assess-participant', 'assess-status']) {
    $(id).replaceChildren();
  }
  state.view = null;
  state.all = [];
  state.draft = null;
}

async function start() {
  const user = await openSignedInPage({ page: PAGE, roles: ['case_worker', 'supervisor'], load, forget });
  if (user) {
    if (!$('draft-offer').hidden) {
      $('draft-offer-title').focus();
    } else {
      $('assess-title').focus();
    }
  }
}

start();

