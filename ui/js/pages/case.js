/*
 * Case controller: opens one case (case_open, audited) and shows exactly
 * the fields the core sent for this reader, in sections beside the work; a
 * section with no field present is left out, so a mentor sees no custody
 * or restricted section at all. The phase is shown large beside the name
 * and, below it, the gate panel (case-gate.js: what the next gate lacks,
 * the transitions of the role) and a row of links to the plan, review,
 * mentoring agreement, case work and print pages. Then the needs section (case-needs.js) and,
 * for case workers and supervisors, the intake sections (case-intake.js).
 * After every action on the page refresh() asks the core again for the
 * gate and the intake records (and the case, when its phase changed). A
 * closed case shows no form, no button that writes and no Edit link.
 * Code fields are shown through the catalogs; people's text only through
 * textContent.
 */

import { showDay, translate, untranslate } from '../i18n.js';
import { invoke } from '../ipc.js';
import { codeKey, provinceCode } from '../codes.js';
import { emptyAll, h, label } from '../dom.js';
import { leaveIfLocked, openSignedInPage, showFailure } from '../session.js';
import { createGate } from '../case-gate.js';
import { today } from '../case-fields.js';
import { mountIntake } from './case-intake.js';
import { mountNeeds } from './case-needs.js';

const PAGE = 'case.html';
const CLOSED = 7;
const WRITERS = ['case_worker', 'supervisor'];
const $ = (id) => document.getElementById(id);

const state = {
  id: null,
  user: null,
  view: null,
  gate: null,
  intake: null,
  needsMounted: null,
};

/**
 * How each field is shown: a code list, a yes/no, a province, or text; a
 * date that belongs to a later phase is left out until it is set. The case
 * number and phase are shown in the head of the page instead. A field is
 * labelled field.<name>, or by the catalog key given as { name, kind, label }
 * when the case form names it.
 */
const SECTIONS = [
  {
    key: 'case.section_case',
    fields: [
      ['district', 'text'],
      ['province', 'province'],
      ['assigned_worker', 'ltr'],
      ['mentor', 'ltr'],
      ['opened_on', 'day'],
      ['next_review_due', 'day', 'only_when_set'],
      ['closed_on', 'day', 'only_when_set'],
    ],
  },
  {
    key: 'case.section_identity',
    fields: [
      ['name_latin', 'text'],
      ['name_urdu', 'urdu'],
      ['alias', 'text'],
      ['date_of_birth', 'day'],
      ['approx_age', 'number'],
      ['gender', 'gender'],
      ['languages', 'text'],
      ['interpreter_needed', 'yes_no'],
      ['female_practitioner_required', 'yes_no'],
      ['phone', 'ltr'],
      ['address', 'text'],
    ],
  },
  {
    key: 'case.section_referral',
    fields: [
      ['referral_source', 'referral_source'],
      ['referral_date', 'day'],
      ['custody_track', 'custody_track'],
    ],
  },
  {
    key: 'case.section_restricted',
    restricted: true,
    fields: [
      ['religion', 'religion'],
      ['sect', 'text'],
      ['ethnicity', 'text'],
      { name: 'context_typology', kind: 'context_typology', label: 'case_form.context_typology' },
    ],
  },
];

function value(kind, raw) {
  if (raw === null || raw === undefined || raw === '') {
    if (kind === 'religion' || kind === 'context_typology') {
      return label('dd', codeKey(kind, ''), undefined, { class: 'unrecorded' });
    }
    return label('dd', 'case.not_recorded', undefined, { class: 'unrecorded' });
  }
  switch (kind) {
    case 'province': {
      const code = provinceCode(raw);
      return code ? label('dd', `province.${code}`) : h('dd', {}, raw);
    }
    case 'yes_no':
      return label('dd', raw ? 'common.yes' : 'common.no');
    case 'gender':
    case 'referral_source':
    case 'custody_track':
    case 'religion':
    case 'context_typology':
      return label('dd', codeKey(kind, raw));
    case 'urdu':
      return h('dd', { lang: 'ur', dir: 'rtl', class: 'urdu-value' }, raw);
    case 'day':
      return showDay(h('dd'), raw);
    case 'ltr':
    case 'number':
      return h('dd', { dir: 'ltr' }, String(raw));
    default:
      return h('dd', { dir: 'auto' }, String(raw));
  }
}

function custodyHistory(history) {
  const items = [...history].reverse().map((entry) =>
    h(
      'li',
      {},
      showDay(h('span', { class: 'since' }), entry.since),
      label('span', codeKey('custody_track', entry.track)),
    ),
  );
  return h(
    'div',
    { class: 'history' },
    label('h3', 'case.custody_history'),
    h('ol', { class: 'timeline' }, items),
  );
}

/** A field of SECTIONS as { name, kind, when, label }. */
function fieldSpec(field) {
  if (!Array.isArray(field)) {
    return field;
  }
  const [name, kind, when] = field;
  return { name, kind, when, label: `field.${name}` };
}

function section(spec, view) {
  const present = spec.fields
    .map(fieldSpec)
    .filter(
      ({ name, when }) =>
        Object.hasOwn(view, name) && (when !== 'only_when_set' || (view[name] ?? '') !== ''),
    );
  const hasHistory = spec.key === 'case.section_referral' && Array.isArray(view.custody_history);
  if (present.length === 0 && !hasHistory) {
    return null;
  }
  const list = h('dl', { class: 'facts' });
  for (const { name, kind, label: key } of present) {
    list.append(h('div', { class: 'fact', 'data-field': name }, label('dt', key), value(kind, view[name])));
  }
  const title = label('h2', spec.key);
  const parts = [title];
  if (spec.restricted) {
    parts.push(label('p', 'case.restricted_hint', undefined, { class: 'hint section-hint' }));
  }
  parts.push(list);
  if (hasHistory && view.custody_history.length > 0) {
    parts.push(custodyHistory(view.custody_history));
  }
  return h('section', { class: spec.restricted ? 'case-section restricted' : 'case-section' }, parts);
}

function showPhase(phase) {
  const box = $('case-phase');
  box.replaceChildren(
    label('span', 'field.phase', undefined, { class: 'phase-caption' }),
    h(
      'span',
      { class: `phase phase-${phase}` },
      h('span', { class: 'phase-number', 'aria-hidden': 'true' }, String(phase)),
      label('span', `phase.${phase}`),
    ),
  );
}

/** The links row to the case's other pages; the agreement ones once the case has a mentor. */
function showLinks(view) {
  const id = encodeURIComponent(view.id);
  $('link-plan').href = `plan.html?case=${id}`;
  $('link-review').href = `review.html?case=${id}`;
  $('link-agreement').href = `agreement.html?case=${id}`;
  $('link-work').href = `case-work.html?case=${id}`;
  $('link-print-plan').href = `print-plan.html?case=${id}`;
  $('link-print-agreement').href = `print-agreement.html?case=${id}`;
  const mentored = Boolean(view.mentor);
  $('link-agreement').hidden = !mentored;
  $('link-print-agreement').hidden = !mentored;
}

function show(view) {
  $('case-number').textContent = view.case_number ?? '';
  const title = $('case-title');
  const latin = view.name_latin ?? '';
  const urdu = view.name_urdu ?? '';
  untranslate(title);
  if (latin) {
    title.textContent = latin;
    title.removeAttribute('lang');
  } else if (urdu) {
    title.textContent = urdu;
    title.lang = 'ur';
  } else {
    translate(title, 'case.title');
  }
  const urduLine = $('case-title-urdu');
  urduLine.textContent = latin && urdu ? urdu : '';
  urduLine.hidden = !(latin && urdu);
  showPhase(view.phase ?? 0);
  $('edit').href = `case-form.html?id=${encodeURIComponent(view.id)}`;
  showLinks(view);
  $('case-sections').replaceChildren(...SECTIONS.map((spec) => section(spec, view)).filter(Boolean));
}

/** Whether the participant is under 18 today (as domain/consent.rs is_child decides). */
function isChild(view, on = today()) {
  if (view.date_of_birth) {
    const [by, bm, bd] = view.date_of_birth.split('-').map(Number);
    const [ty, tm, td] = on.split('-').map(Number);
    const age = ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
    return age < 18;
  }
  return Number.isInteger(view.approx_age) && view.approx_age < 18;
}

function closed() {
  return state.view?.phase === CLOSED;
}

function intakeContext() {
  const view = state.view;
  return {
    role: state.user.role,
    closed: closed(),
    child: isChild(view),
    languages: (view.languages ?? '').split(/[,،]/)[0].trim(),
    femaleRequired: Boolean(view.female_practitioner_required),
    refresh,
  };
}

/** Mounts the needs section again when the phase or the closed state changed. */
function mountNeedsFor(view) {
  const key = `${view.phase}`;
  if (state.user.role === 'mentor' || state.needsMounted === key) {
    return;
  }
  state.needsMounted = key;
  const context = { role: state.user.role, phase: view.phase, closed: view.phase === CLOSED, refresh };
  Promise.resolve()
    .then(() => mountNeeds($('case-needs'), state.id, context))
    .catch((error) => {
      if (!leaveIfLocked(error)) {
        console.error('the needs section could not be shown:', error?.kind ?? error);
      }
    });
}

/** Asks the core again for the gate, the intake records and (when the phase moved) the case. */
async function refresh() {
  for (const flash of document.querySelectorAll('main .flash')) {
    flash.hidden = true;
  }
  try {
    let gate;
    if (state.user.role === 'mentor') {
      gate = { phase: state.view.phase, next: null, missing: [] };
    } else {
      gate = await invoke('case_gate', { caseId: state.id });
      if (gate.phase !== state.view.phase) {
        state.view = await invoke('case_open', { id: state.id });
        show(state.view);
      }
    }
    $('edit').hidden = closed() || !WRITERS.includes(state.user.role);
    state.gate.show(gate, state.view);
    await state.intake?.reload(intakeContext());
    mountNeedsFor(state.view);
    $('page-error').hidden = true;
  } catch (error) {
    if (!leaveIfLocked(error)) {
      showFailure($('page-error'), error);
    }
  }
}

async function load(user) {
  state.user = user;
  const id = new URLSearchParams(window.location.search).get('id');
  if (!id) {
    const error = { kind: 'not_found' };
    throw error;
  }
  state.id = id;
  state.view = await invoke('case_open', { id });
  show(state.view);
  state.gate = createGate($('case-gate'), {
    caseId: id,
    role: user.role,
    refresh,
    record: (item) => state.intake?.record(item) ?? null,
  });
  if (user.role === 'mentor') {
    // A mentor is sent no needs, consents or safety records: the details alone fill the page.
    $('case-needs').hidden = true;
    $('case-jump').hidden = true;
    document.querySelector('.case-body').classList.add('details-only');
  } else {
    for (const element of document.querySelectorAll('#intake-consents, #intake-legal, #intake-safety, #case-jump [data-intake]')) {
      element.hidden = false;
    }
    state.intake = mountIntake(
      { consents: $('intake-consents'), legal: $('intake-legal'), safety: $('intake-safety') },
      id,
      intakeContext(),
    );
  }
  await refresh();
}

function forget() {
  emptyAll('#case-sections, #case-phase, #case-gate, #case-needs, #intake-consents, #intake-legal, #intake-safety');
  for (const id of ['case-number', 'case-title', 'case-title-urdu']) {
    untranslate($(id));
  }
  state.view = null;
}

async function start() {
  const user = await openSignedInPage({ page: PAGE, roles: ['case_worker', 'supervisor', 'mentor'], load, forget });
  if (user) {
    $('case-title').focus();
  }
}

start();
