/*
 * Case work controller (case-work.html?case=<id>): the head (case number,
 * name, phase) and the sections of a case's work on the service map. Needs
 * to cover: each domain scored 3 or 4 on the current assessment with its
 * referrals and planned actions and whether it is covered, and the forms
 * to refer it to a service (candidates of the case's district for that
 * domain with their risks of access, the sharing consent or countersigned
 * legal basis it relies on, a sharing consent recorded on the spot when
 * none covers the organisation) or to plan an action. Referrals with their
 * history, moved on only as the core allows, with whether the service was
 * used and the barrier. Contacts, incidents and disclosures (restricted
 * ones awaiting a supervisor's countersignature). A mentor gets only their
 * own contacts; a closed case (phase 7) is read-only. Every refusal is
 * shown in a role="alert" element (a text over its limit beside its field,
 * with the limit, the text kept); user text only through text nodes.
 */

import { day, showDay, translate } from '../i18n.js';
import { invoke } from '../ipc.js';
import { fillOptions, h, label } from '../dom.js';
import { errorKey, errorParams } from '../form.js';
import { leaveIfLocked, openSignedInPage, showFailure } from '../session.js';
import { markLongRunsIn, watchLongRuns } from '../long-runs.js';

const PAGE = 'case-work.html';
const CLOSED = 7;
const $ = (id) => document.getElementById(id);

const STATUSES = ['proposed', 'sent', 'accepted', 'in_progress', 'completed', 'declined', 'dropped', 'stopped_consent_withdrawn'];
const PENDING = ['proposed', 'sent', 'accepted', 'in_progress'];
const BARRIERS = [
  'not_eligible', 'cost', 'distance_or_transport', 'waiting_time', 'documents', 'stigma_or_safety',
  'family_opposition', 'language', 'no_female_staff', 'participant_declined', 'other',
];
const ACTION_STATUSES = ['planned', 'in_progress', 'done', 'blocked', 'dropped'];
const CONTACT_KINDS = ['office', 'home_visit', 'phone', 'prison_visit', 'mentoring_session', 'family_meeting', 'group_session', 'other'];
const INCIDENT_KINDS = [
  'stigma_exposure', 'family_conflict', 'community_backlash', 'media', 'retaliation', 'harm_from_service',
  'gender_norm_harm', 'threat_to_staff',
];
const SEVERITIES = ['low', 'moderate', 'serious', 'critical'];
const RECIPIENTS = ['partner', 'police_security'];
const METHODS = ['signed', 'verbal_with_witness', 'thumbprint'];

/** The moves a user may make (domain/services.rs referral_may_move). */
export function mayMove(from, to) {
  const from_ = (list) => list.includes(from);
  switch (to) {
    case 'sent': return from_(['proposed']);
    case 'accepted': return from_(['proposed', 'sent']);
    case 'in_progress': return from_(['sent', 'accepted']);
    case 'completed': return from_(['accepted', 'in_progress']);
    case 'declined': return from_(['sent', 'accepted']);
    case 'dropped': return PENDING.includes(from);
    default: return false;
  }
}

const covers = (status) => PENDING.includes(status) || status === 'completed';

const state = {
  id: null,
  user: null,
  view: null,
  assess: null,
  refs: { referrals: [], events: [], actions: [] },
  intake: { consents: [], legal_bases: [] },
  contacts: [],
  incidents: [],
  disclosures: [],
  districts: [],
};

function today() {
  const now = new Date();
  const pad = (n) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

const mentor = () => state.user.role === 'mentor';
const closed = () => state.view?.phase === CLOSED;
const writable = () => !closed() && ['case_worker', 'supervisor'].includes(state.user.role);
const fold = (text) => (text ?? '').normalize('NFKC').trim().toLowerCase();
// Typed text put into a sentence of the catalog (an option's text has no room for an element):
// first-strong isolate marks keep its direction, and any override in it, inside itself.
const isolated = (text) => `\u2068${text ?? ''}\u2069`;

function isChild() {
  const view = state.view;
  if (view.date_of_birth) {
    const [by, bm, bd] = view.date_of_birth.split('-').map(Number);
    const [ty, tm, td] = today().split('-').map(Number);
    return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0) < 18;
  }
  return Number.isInteger(view.approx_age) && view.approx_age < 18;
}

/* --- small builders --------------------------------------------------------- */

function field(id, key, control, name = null, extra = null) {
  control.id = id;
  control.setAttribute('aria-describedby', `${id}-error`);
  if (name) {
    control.dataset.field = name;
  }
  return h(
    'div',
    { class: 'field', id: `${id}-field` },
    label('label', key, undefined, { for: id }),
    control,
    extra,
    h('p', { id: `${id}-error`, class: 'field-error', role: 'alert', hidden: true }),
  );
}

// No maxlength anywhere: the browser would cut pasted text silently; the
// core refuses a text over its limit (too_long) and the page says so beside
// the field, keeping what was typed.
const text = (dir = 'auto') => h('input', { type: 'text', dir });
const area = () => h('textarea', { rows: 2, dir: 'auto' });
const dateInput = () => {
  const input = h('input', { type: 'text', dir: 'ltr', inputmode: 'numeric', spellcheck: 'false' });
  input.value = today();
  return input;
};

function select(items, first = null) {
  const element = h('select', {});
  fillOptions(element, items, first);
  return element;
}

const codes = (list, prefix) => list.map((code) => ({ value: code, key: `${prefix}${code}` }));

function formFoot(submitKey, onCancel) {
  const cancel = label('button', 'common.cancel', undefined, { type: 'button', class: 'secondary' });
  cancel.addEventListener('click', onCancel);
  return h(
    'div',
    { class: 'work-submit' },
    h('p', { class: 'form-error', role: 'alert', tabindex: '-1', hidden: true }),
    label('button', submitKey, undefined, { type: 'submit', class: 'primary' }),
    cancel,
  );
}

/** The catalog key for a refusal, this page's own words first. */
function refusalKey(error) {
  const own = `work.error.${error?.kind}`;
  if (['consent_required', 'case_closed', 'conflict', 'forbidden', 'frozen'].includes(error?.kind)) {
    return own;
  }
  return errorKey(error);
}

function clearRefusals(form) {
  for (const old of form.querySelectorAll('.field-error, .form-error')) {
    old.hidden = true;
  }
}

/** Shows a refusal beside the field it names, or above the form's buttons. */
function showRefusal(form, error) {
  clearRefusals(form);
  const input = error?.field ? form.querySelector(`[data-field="${error.field}"]`) : null;
  const target = input ? $(`${input.id}-error`) : form.querySelector('.form-error');
  translate(target, refusalKey(error), errorParams(error, input));
  target.hidden = false;
  (input ?? target).focus();
}

async function attempt(form, work) {
  try {
    await work();
    return true;
  } catch (error) {
    if (!leaveIfLocked(error)) {
      showRefusal(form, error);
    }
    return false;
  }
}

function blockHead(id, key, addKey, onAdd) {
  const parts = [label('h2', key, undefined, { id })];
  if (addKey) {
    const add = label('button', addKey, undefined, { type: 'button', class: 'secondary', id: `${id}-add` });
    add.addEventListener('click', onAdd);
    parts.push(add);
  }
  return h('div', { class: 'block-head' }, parts);
}

function table(heads, rows, emptyKey) {
  if (rows.length === 0) {
    return label('p', emptyKey, undefined, { class: 'empty compact' });
  }
  return h(
    'table',
    { class: 'work-table' },
    h('thead', {}, h('tr', {}, heads.map((key) => label('th', key, undefined, { scope: 'col' })))),
    h('tbody', {}, rows),
  );
}

// A cell of typed text wraps anywhere (app.css .user-text), so one long run never widens the table.
const cell = (value, dir = 'auto') => h('td', { dir, class: 'user-text' }, value ?? '');
const dayCell = (iso) => showDay(h('td', { class: 'user-text' }), iso);
const codeCell = (key) => h('td', {}, label('span', key));
const restrictedMark = () => label('span', 'work.restricted', undefined, { class: 'tier-marker' });

/* --- the head --------------------------------------------------------------- */

function showHead(view) {
  $('work-case-number').textContent = view.case_number ?? '';
  const title = $('work-title');
  title.textContent = view.name_latin || view.name_urdu || '';
  if (!view.name_latin && view.name_urdu) {
    title.lang = 'ur';
  }
  $('work-phase').replaceChildren(
    label('span', 'field.phase', undefined, { class: 'phase-caption' }),
    h(
      'span',
      { class: `phase phase-${view.phase}` },
      h('span', { class: 'phase-number', 'aria-hidden': 'true' }, String(view.phase)),
      label('span', `phase.${view.phase}`),
    ),
  );
  $('back').href = `case.html?id=${encodeURIComponent(state.id)}`;
  $('work-closed').hidden = !closed();
}

/* --- needs to cover --------------------------------------------------------- */

/** The current assessment: the last that is not superseded. */
function highDomains() {
  const list = (state.assess?.assessments ?? []).filter((a) => a.assessment.status !== 'superseded');
  const current = list.at(-1);
  if (!current) {
    return [];
  }
  return current.scores
    .filter((s) => s.score === 3 || s.score === 4)
    .map((s) => ({ domain: s.domain, score: s.score }));
}

function referralLine(r) {
  return h(
    'li',
    { class: 'need-item' },
    label('span', 'work.referral_to', undefined, { class: 'item-kind' }),
    ' ',
    h('span', { dir: 'auto' }, r.service ?? ''),
    ' ',
    label('span', `work.status.${r.status}`, undefined, { class: `status-badge ref-${r.status}` }),
  );
}

function actionLine(a) {
  const parts = [
    label('span', 'work.action', undefined, { class: 'item-kind' }),
    ' ',
    h('span', { dir: 'auto' }, a.description ?? ''),
    ' ',
    a.responsible ? h('span', { class: 'detail' }, '(', h('span', { dir: 'auto' }, a.responsible), ') ') : null,
  ];
  if (writable()) {
    const id = `action-status-${a.id}`;
    const choice = select(codes(ACTION_STATUSES, 'work.action_status.'));
    choice.id = id;
    choice.value = a.status;
    choice.addEventListener('change', async () => {
      try {
        await invoke('action_status', { actionId: a.id, status: choice.value });
        await refresh();
      } catch (error) {
        if (!leaveIfLocked(error)) {
          showFailure($('page-error'), error);
        }
      }
    });
    parts.push(label('label', 'work.action_status_label', undefined, { for: id, class: 'visually-hidden' }), choice);
  } else {
    parts.push(label('span', `work.action_status.${a.status}`, undefined, { class: 'status-badge' }));
  }
  return h('li', { class: 'need-item' }, parts);
}

function needRow({ domain, score }) {
  const referrals = state.refs.referrals.filter((r) => r.domain === domain);
  const actions = state.refs.actions.filter((a) => a.domain === domain);
  const covered = referrals.some((r) => covers(r.status)) || actions.some((a) => a.status !== 'dropped');
  const buttons = [];
  const slot = h('div', { class: 'need-form-slot' });
  if (writable()) {
    const refer = label('button', 'work.refer', undefined, { type: 'button', class: 'primary refer-button' });
    refer.addEventListener('click', () => openReferForm(slot, domain));
    const plan = label('button', 'work.plan_action', undefined, { type: 'button', class: 'secondary' });
    plan.addEventListener('click', () => openActionForm(slot, domain));
    buttons.push(refer, plan);
  }
  return h(
    'li',
    { class: `need-row ${covered ? 'covered' : 'uncovered'}`, 'data-domain': domain },
    h(
      'div',
      { class: 'need-head' },
      label('h3', `domain.${domain}`, undefined, { class: 'need-domain' }),
      label('span', `work.score.${score}`, undefined, { class: `score-badge score-${score}` }),
      label('span', covered ? 'work.covered' : 'work.not_covered', undefined, { class: `cover-badge ${covered ? 'yes' : 'no'}` }),
      h('span', { class: 'need-buttons' }, buttons),
    ),
    referrals.length + actions.length
      ? h('ul', { class: 'need-items' }, referrals.map(referralLine), actions.map(actionLine))
      : null,
    slot,
  );
}

function renderNeeds() {
  const box = $('work-needs');
  const domains = highDomains();
  box.replaceChildren(
    blockHead('needs-title', 'work.needs_title'),
    label('p', 'work.needs_hint', undefined, { class: 'hint' }),
    domains.length
      ? h('ul', { class: 'need-list' }, domains.map(needRow))
      : label('p', 'work.no_high_needs', undefined, { class: 'empty compact' }),
  );
}

function closeSlots() {
  for (const slot of document.querySelectorAll('.need-form-slot')) {
    slot.replaceChildren();
  }
}

/* --- refer to a service ----------------------------------------------------- */

function riskList(risks) {
  if (!risks?.length) {
    return label('p', 'services.no_risks', undefined, { class: 'hint svc-no-risks' });
  }
  return h(
    'ul',
    { class: 'svc-risks' },
    risks.map((risk) =>
      h(
        'li',
        { class: `svc-risk risk-${risk.level}`, 'data-kind': risk.kind },
        label('span', `services.risk.${risk.kind}`, undefined, { class: 'risk-kind' }),
        label('span', `services.risk_level.${risk.level}`, undefined, { class: `risk-level level-${risk.level}` }),
        risk.mitigation ? h('span', { class: 'risk-mitigation', dir: 'auto' }, risk.mitigation) : null,
      ),
    ),
  );
}

function candidate(s, index) {
  const id = `candidate-${index}`;
  return h(
    'li',
    { class: 'candidate', 'data-service': s.id },
    h('input', { type: 'radio', name: 'refer-service', id, value: s.id }),
    h(
      'label',
      { for: id, class: 'candidate-label' },
      h('span', { class: 'candidate-name', dir: 'auto' }, s.name),
      h('span', { class: 'detail' }, ' · ', h('span', { dir: 'auto' }, s.organisation), ' · ', h('span', { dir: 'auto' }, s.district)),
      s.female_staff ? label('span', 'services.female_staff', undefined, { class: 'badge' }) : null,
      s.stale ? label('span', 'services.stale', { date: day(s.last_verified) }, { class: 'badge badge-stale' }) : null,
    ),
    riskList(s.risks),
  );
}

/** The live sharing consents naming `organisation` and the countersigned legal bases. */
function basesFor(organisation) {
  const now = today();
  const consents = state.intake.consents.filter(
    (c) => c.purpose === 'sharing' && fold(c.organisation) === fold(organisation) && !(c.withdrawn_on && c.withdrawn_on <= now),
  );
  const legal = state.intake.legal_bases.filter((l) => l.countersigned_by);
  return [
    ...consents.map((c) => ({
      value: `consent:${c.id}`,
      key: 'work.basis_consent',
      params: { organisation: isolated(c.organisation), date: day(c.given_on), who: c.given_by },
    })),
    ...legal.map((l) => ({ value: `legal:${l.id}`, key: 'work.basis_legal', params: { reference: isolated(l.reference) } })),
  ];
}

function basisInput(value) {
  if (value.startsWith('consent:')) {
    return { consent_id: value.slice(8) };
  }
  if (value.startsWith('legal:')) {
    return { legal_basis_id: value.slice(6) };
  }
  return {};
}

function consentForm(organisation, onDone) {
  const givers = isChild()
    ? ['both', 'participant', 'guardian'].map((c) => ({ value: c, key: `intake.given_by_child.${c}` }))
    : ['participant', 'guardian'].map((c) => ({ value: c, key: `intake.given_by.${c}` }));
  const org = text();
  org.value = organisation;
  const language = text();
  language.value = (state.view.languages ?? '').split(/[,،]/)[0].trim();
  const wording = text('ltr');
  wording.value = '1';
  const form = h(
    'form',
    { id: 'sharing-consent-form', class: 'work-form nested', novalidate: true, autocomplete: 'off' },
    label('h4', 'work.consent_form_title'),
    h(
      'div',
      { class: 'work-grid' },
      field('sc-organisation', 'work.consent_organisation', org, 'organisation'),
      field('sc-kinds', 'work.information_kinds', text(), 'information_kinds'),
      field('sc-method', 'intake.method', select(codes(METHODS, 'intake.method.')), 'method'),
      field('sc-given-by', 'intake.given_by', select(givers), 'given_by'),
      field('sc-giver-name', 'work.giver_name', text(), 'giver_name'),
      field('sc-language', 'work.consent_language', language, 'language'),
      field('sc-wording', 'work.wording_version', wording, 'wording_version'),
      field('sc-given-on', 'work.given_on', dateInput(), 'given_on'),
    ),
    formFoot('work.consent_save', () => form.remove()),
  );
  const showGiverName = () => {
    form.querySelector('#sc-giver-name-field').hidden = form.querySelector('#sc-given-by').value === 'participant';
  };
  form.querySelector('#sc-given-by').addEventListener('change', showGiverName);
  showGiverName();
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const by = $('sc-given-by').value;
    const base = {
      case_id: state.id,
      purpose: 'sharing',
      organisation: $('sc-organisation').value,
      information_kinds: $('sc-kinds').value,
      wording_version: $('sc-wording').value,
      language: $('sc-language').value,
      method: $('sc-method').value,
      given_on: $('sc-given-on').value,
    };
    const ok = await attempt(form, async () => {
      for (const giver of by === 'both' ? ['participant', 'guardian'] : [by]) {
        const giverName = giver === 'guardian' ? $('sc-giver-name').value : '';
        await invoke('consent_record', { input: { ...base, given_by: giver, giver_name: giverName } });
      }
    });
    if (ok) {
      state.intake = await invoke('case_intake', { caseId: state.id });
      form.remove();
      onDone();
    }
  });
  return form;
}

function openReferForm(slot, domain) {
  closeSlots();
  const district = select(
    state.districts.map((d) => ({ value: d.name, text: d.name })),
    { value: '', key: 'services.all_districts' },
  );
  district.value = state.view.district ?? '';
  const female = h('input', { type: 'checkbox', id: 'refer-female' });
  const candidates = h('ul', { id: 'refer-candidates', class: 'candidates' });
  const basisBox = h('div', { id: 'refer-basis-box' });
  const find = label('button', 'services.find', undefined, { type: 'button', class: 'secondary', id: 'refer-find' });
  const form = h(
    'form',
    { id: 'refer-form', class: 'work-form', novalidate: true, autocomplete: 'off', 'data-domain': domain },
    label('h3', 'work.refer_title', undefined, { id: 'refer-title' }),
    label('p', `domain.${domain}`, undefined, { class: 'refer-domain' }),
    h(
      'div',
      { class: 'work-grid refer-search' },
      field('refer-district', 'services.district', district),
      field('refer-language', 'services.language', text(), 'language'),
      h('div', { class: 'field check' }, female, label('label', 'services.female_staff', undefined, { for: 'refer-female' })),
      h('div', { class: 'field' }, find),
    ),
    h(
      'fieldset',
      { class: 'candidate-set', 'data-field': 'service_id', id: 'refer-service', 'aria-describedby': 'refer-service-error' },
      label('legend', 'work.candidates'),
      candidates,
      h('p', { id: 'refer-service-error', class: 'field-error', role: 'alert', hidden: true }),
    ),
    basisBox,
    field('refer-reason', 'work.reason', area(), 'reason'),
    formFoot('work.refer_save', closeSlots),
  );
  const chosen = () => state.found?.find((s) => s.id === form.querySelector('input[name="refer-service"]:checked')?.value);
  const showBasis = () => {
    const service = chosen();
    if (!service) {
      basisBox.replaceChildren();
      return;
    }
    const bases = basesFor(service.organisation);
    const control = select(bases, { value: '', key: 'work.basis_none' });
    if (bases.length) {
      control.value = bases[0].value;
    }
    const parts = [field('refer-basis', 'work.basis', control, 'consent_id')];
    if (bases.length === 0) {
      parts.push(label('p', 'work.no_basis', { organisation: isolated(service.organisation) }, { class: 'notice compact', id: 'refer-no-basis' }));
      const record = label('button', 'work.record_consent', { organisation: isolated(service.organisation) }, {
        type: 'button',
        class: 'secondary',
        id: 'refer-record-consent',
      });
      record.addEventListener('click', () => {
        // A form of its own beside the referral's (forms do not nest).
        $('sharing-consent-form')?.remove();
        form.after(consentForm(service.organisation, showBasis));
        $('sc-kinds').focus();
      });
      parts.push(record);
    }
    basisBox.replaceChildren(...parts);
  };
  const search = async () => {
    try {
      state.found = await invoke('service_find', {
        query: {
          district: district.value || null,
          domain,
          language: $('refer-language').value.trim() || null,
          female_staff: female.checked,
          child_friendly: false,
        },
      });
      clearRefusals(form);
      candidates.replaceChildren(
        ...(state.found.length
          ? state.found.map(candidate)
          : [label('li', 'services.none_found', undefined, { class: 'empty compact' })]),
      );
      showBasis();
    } catch (error) {
      if (!leaveIfLocked(error)) {
        showRefusal(form, error);
      }
    }
  };
  find.addEventListener('click', search);
  candidates.addEventListener('change', showBasis);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const service = chosen();
    if (!service) {
      showRefusal(form, { kind: 'required', field: 'service_id' });
      translate($('refer-service-error'), 'work.choose_service');
      return;
    }
    const ok = await attempt(form, () =>
      invoke('referral_add', {
        input: {
          case_id: state.id,
          service_id: service.id,
          domain,
          reason: $('refer-reason').value,
          ...basisInput($('refer-basis')?.value ?? ''),
        },
      }),
    );
    if (ok) {
      await refresh();
      $('referrals-title').focus();
    }
  });
  slot.replaceChildren(form);
  search();
  $('refer-title').setAttribute('tabindex', '-1');
  $('refer-district').focus();
}

function openActionForm(slot, domain) {
  closeSlots();
  const form = h(
    'form',
    { id: 'action-form', class: 'work-form', novalidate: true, autocomplete: 'off' },
    label('h3', 'work.plan_action', undefined, {}),
    h(
      'div',
      { class: 'work-grid' },
      field('action-description', 'work.action_description', area(), 'description'),
      field('action-responsible', 'work.responsible', text(), 'responsible'),
    ),
    formFoot('work.action_save', closeSlots),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const ok = await attempt(form, () =>
      invoke('action_add', {
        input: {
          case_id: state.id,
          domain,
          description: $('action-description').value,
          responsible: $('action-responsible').value,
        },
      }),
    );
    if (ok) {
      await refresh();
    }
  });
  slot.replaceChildren(form);
  $('action-description').focus();
}

/* --- referrals -------------------------------------------------------------- */

function usedText(r) {
  if (r.used === 1 || r.used === true) {
    return label('span', 'work.used_yes');
  }
  if (r.used === 0 || r.used === false) {
    return h(
      'span',
      {},
      label('span', 'work.used_no', undefined, { class: 'not-used' }),
      r.barrier ? label('span', `work.barrier.${r.barrier}`, undefined, { class: 'barrier' }) : null,
      r.barrier_note ? h('span', { class: 'detail' }, ' ', h('span', { dir: 'auto', class: 'user-text' }, r.barrier_note)) : null,
    );
  }
  return label('span', 'work.used_unknown', undefined, { class: 'detail' });
}

function history(r) {
  const events = state.refs.events.filter((e) => e.referral_id === r.id);
  return h(
    'ol',
    { class: 'ref-history' },
    events.map((e) => h('li', {}, label('span', `work.status.${e.status}`), ' ', showDay(h('span'), e.status_on))),
  );
}

function updateForm(r, row) {
  const moves = STATUSES.filter((s) => mayMove(r.status, s));
  const status = select(
    [{ value: r.status, key: 'work.keep_status', params: {} }, ...codes(moves, 'work.status.')],
  );
  translate(status.options[0], 'work.keep_status', {});
  const used = select([
    { value: '', key: 'work.used_unknown' },
    { value: 'yes', key: 'work.used_yes' },
    { value: 'no', key: 'work.used_no' },
  ]);
  const barrier = select(codes(BARRIERS, 'work.barrier.'), { value: '', key: 'common.choose' });
  const form = h(
    'form',
    { id: 'referral-update', class: 'work-form', novalidate: true, autocomplete: 'off' },
    label('h3', 'work.update_title', undefined, { id: 'update-title', tabindex: '-1' }),
    h(
      'div',
      { class: 'work-grid' },
      field('update-status', 'work.new_status', status, 'status'),
      field('update-on', 'work.on', dateInput(), 'on'),
      field('update-used', 'work.used', used, 'used'),
      field('update-barrier', 'work.barrier_label', barrier, 'barrier'),
      field('update-note', 'work.barrier_note', area(), 'barrier_note'),
    ),
    formFoot('work.update_save', () => renderReferrals()),
  );
  if (r.used === 1 || r.used === true) used.value = 'yes';
  if (r.used === 0 || r.used === false) used.value = 'no';
  barrier.value = r.barrier ?? '';
  const showBarrier = () => {
    const no = used.value === 'no';
    form.querySelector('#update-barrier-field').hidden = !no;
    form.querySelector('#update-note-field').hidden = !no;
  };
  used.addEventListener('change', showBarrier);
  showBarrier();
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const ok = await attempt(form, () =>
      invoke('referral_status', {
        input: {
          referral_id: r.id,
          status: status.value,
          on: $('update-on').value,
          used: used.value === '' ? null : used.value === 'yes',
          barrier: used.value === 'no' ? barrier.value || null : null,
          barrier_note: used.value === 'no' ? $('update-note').value : '',
        },
      }),
    );
    if (ok) {
      await refresh();
      $('referrals-title').focus();
    }
  });
  const place = h('tr', { class: 'form-row' }, h('td', { colspan: 7 }, form));
  row.after(place);
  $('update-status').focus();
}

function referralRow(r) {
  const buttons = h('td', {});
  const row = h(
    'tr',
    { 'data-referral': r.id, 'data-status': r.status },
    h('td', { class: 'user-text' }, h('span', { dir: 'auto', class: 'ref-service' }, r.service ?? ''), h('br'), h('span', { dir: 'auto', class: 'detail' }, r.organisation ?? '')),
    codeCell(`domain.${r.domain}`),
    h('td', {}, label('span', `work.status.${r.status}`, undefined, { class: `status-badge ref-${r.status}` }), ' ', showDay(h('span'), r.status_on)),
    h('td', { class: 'ref-used' }, usedText(r)),
    h('td', {}, history(r)),
    h('td', { dir: 'auto', class: 'user-text' }, r.reason ?? ''),
    buttons,
  );
  if (writable() && r.status !== 'stopped_consent_withdrawn') {
    const update = label('button', 'work.update', undefined, { type: 'button', class: 'quiet-button update-referral' });
    update.addEventListener('click', () => {
      document.getElementById('referral-update')?.closest('tr')?.remove();
      updateForm(r, row);
    });
    buttons.append(update);
  }
  return row;
}

function renderReferrals() {
  const heads = ['work.col_service', 'work.col_domain', 'work.col_status', 'work.col_used', 'work.col_history', 'work.reason', 'work.col_actions'];
  $('work-referrals').replaceChildren(
    blockHead('referrals-title', 'work.referrals_title'),
    table(heads, state.refs.referrals.map(referralRow), 'work.no_referrals'),
  );
}

/* --- contacts, incidents, disclosures --------------------------------------- */

function folding(box, form, addButton) {
  form.hidden = true;
  addButton.addEventListener('click', () => {
    form.hidden = false;
    addButton.hidden = true;
    form.querySelector('input, select, textarea').focus();
  });
  const cancel = form.querySelector('.work-submit .secondary');
  cancel.addEventListener('click', () => {
    form.hidden = true;
    addButton.hidden = false;
  });
}

function restrictedBox(id, key) {
  const input = h('input', { type: 'checkbox', id });
  return h('div', { class: 'field check' }, input, label('label', key, undefined, { for: id }));
}

function renderContacts() {
  const rows = state.contacts.map((c) =>
    h(
      'tr',
      { class: c.tier === 3 ? 'restricted-row' : '' },
      dayCell(c.contact_on),
      codeCell(`work.contact_kind.${c.kind}`),
      cell(String(c.duration_minutes ?? ''), 'ltr'),
      cell(c.place),
      h('td', { dir: 'auto', class: 'user-text' }, c.note ?? '', c.tier === 3 ? restrictedMark() : null),
    ),
  );
  const canAdd = !closed() && (writable() || mentor());
  const box = $('work-contacts');
  const head = blockHead('contacts-title', 'work.contacts_title', canAdd ? 'work.contact_add' : null, () => {});
  const parts = [head, table(['work.on', 'work.kind', 'work.minutes', 'work.place', 'work.note'], rows, 'work.no_contacts')];
  if (canAdd) {
    const minutes = h('input', { type: 'number', min: 0, max: 1440, dir: 'ltr', inputmode: 'numeric' });
    minutes.value = '60';
    const form = h(
      'form',
      { id: 'contact-form', class: 'work-form', novalidate: true, autocomplete: 'off' },
      h(
        'div',
        { class: 'work-grid' },
        field('contact-on', 'work.on', dateInput(), 'contact_on'),
        field('contact-kind', 'work.kind', select(codes(CONTACT_KINDS, 'work.contact_kind.')), 'kind'),
        field('contact-minutes', 'work.minutes', minutes, 'duration_minutes'),
        field('contact-place', 'work.place', text(), 'place'),
        field('contact-note', 'work.note', area(), 'note'),
        mentor() ? null : restrictedBox('contact-restricted', 'work.restricted_contact'),
      ),
      formFoot('work.contact_save', () => {}),
    );
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const ok = await attempt(form, () =>
        invoke('contact_add', {
          input: {
            case_id: state.id,
            contact_on: $('contact-on').value,
            kind: $('contact-kind').value,
            duration_minutes: Number($('contact-minutes').value || 0),
            place: $('contact-place').value,
            note: $('contact-note').value,
            tier: $('contact-restricted')?.checked ? 3 : 2,
          },
        }),
      );
      if (ok) {
        await refresh();
        $('contacts-title').focus();
      }
    });
    parts.push(form);
    folding(box, form, head.querySelector('button'));
  }
  box.replaceChildren(...parts);
}

function renderIncidents() {
  const rows = state.incidents.map((i) =>
    h(
      'tr',
      { class: i.restricted ? 'restricted-row' : '' },
      dayCell(i.occurred_on),
      h('td', {}, label('span', `work.incident_kind.${i.kind}`), i.restricted ? restrictedMark() : null),
      codeCell(`work.severity.${i.severity}`),
      cell(i.description),
      cell(i.response),
      cell(i.lesson),
    ),
  );
  const box = $('work-incidents');
  const head = blockHead('incidents-title', 'work.incidents_title', writable() ? 'work.incident_add' : null, () => {});
  const parts = [
    head,
    table(['work.on', 'work.kind', 'work.severity_label', 'work.description', 'work.response', 'work.lesson'], rows, 'work.no_incidents'),
  ];
  if (writable()) {
    const form = h(
      'form',
      { id: 'incident-form', class: 'work-form', novalidate: true, autocomplete: 'off' },
      label('p', 'work.incident_restricted_hint', undefined, { class: 'hint' }),
      h(
        'div',
        { class: 'work-grid' },
        field('incident-on', 'work.on', dateInput(), 'occurred_on'),
        field('incident-kind', 'work.kind', select(codes(INCIDENT_KINDS, 'work.incident_kind.')), 'kind'),
        field('incident-severity', 'work.severity_label', select(codes(SEVERITIES, 'work.severity.')), 'severity'),
        field('incident-description', 'work.description', area(), 'description'),
        field('incident-response', 'work.response', area(), 'response'),
        field('incident-lesson', 'work.lesson', area(), 'lesson'),
      ),
      formFoot('work.incident_save', () => {}),
    );
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const ok = await attempt(form, () =>
        invoke('incident_add', {
          input: {
            case_id: state.id,
            occurred_on: $('incident-on').value,
            kind: $('incident-kind').value,
            severity: $('incident-severity').value,
            description: $('incident-description').value,
            response: $('incident-response').value,
            lesson: $('incident-lesson').value,
          },
        }),
      );
      if (ok) {
        await refresh();
        $('incidents-title').focus();
      }
    });
    parts.push(form);
    folding(box, form, head.querySelector('button'));
  }
  box.replaceChildren(...parts);
}

function basisText(d) {
  if (d.legal_basis_id) {
    const legal = state.intake.legal_bases.find((l) => l.id === d.legal_basis_id);
    return label('span', 'work.basis_legal', { reference: isolated(legal?.reference) });
  }
  const consent = state.intake.consents.find((c) => c.id === d.consent_id);
  return consent
    ? label('span', 'work.basis_consent', { organisation: isolated(consent.organisation), date: day(consent.given_on) })
    : label('span', 'work.basis_recorded');
}

function countersignCell(d) {
  if (!d.restricted) {
    return h('td', {});
  }
  if (d.countersigned_by) {
    return h('td', {}, label('span', 'work.countersigned_on', { date: day(d.countersigned_on) }, { class: 'status-badge signed' }));
  }
  const parts = [label('span', 'work.awaiting_countersign', undefined, { class: 'status-badge awaiting' })];
  if (state.user.role === 'supervisor' && !closed()) {
    const button = label('button', 'work.countersign', undefined, { type: 'button', class: 'quiet-button countersign' });
    button.addEventListener('click', async () => {
      try {
        await invoke('disclosure_countersign', { disclosureId: d.id });
        await refresh();
      } catch (error) {
        if (!leaveIfLocked(error)) {
          showFailure($('page-error'), error);
        }
      }
    });
    parts.push(' ', button);
  }
  return h('td', {}, parts);
}

function renderDisclosures() {
  const rows = state.disclosures.map((d) =>
    h(
      'tr',
      { class: d.restricted ? 'restricted-row' : '' },
      dayCell(d.disclosed_on),
      cell(d.organisation),
      h('td', {}, label('span', `work.recipient.${d.restricted ? 'police_security' : 'partner'}`), d.restricted ? restrictedMark() : null),
      cell(d.information_kinds),
      cell(d.purpose),
      h('td', {}, basisText(d)),
      countersignCell(d),
    ),
  );
  const box = $('work-disclosures');
  const head = blockHead('disclosures-title', 'work.disclosures_title', writable() ? 'work.disclosure_add' : null, () => {});
  const parts = [
    head,
    table(
      ['work.on', 'work.organisation', 'work.recipient_label', 'work.information_kinds', 'work.purpose', 'work.basis', 'work.countersignature'],
      rows,
      'work.no_disclosures',
    ),
  ];
  if (writable()) {
    const org = text();
    const basis = select([], { value: '', key: 'work.basis_none' });
    const fillBasis = () => {
      fillOptions(basis, basesFor(org.value), { value: '', key: 'work.basis_none' });
    };
    org.addEventListener('input', fillBasis);
    const form = h(
      'form',
      { id: 'disclosure-form', class: 'work-form', novalidate: true, autocomplete: 'off' },
      label('p', 'work.disclosure_hint', undefined, { class: 'hint' }),
      h(
        'div',
        { class: 'work-grid' },
        field('disclosure-on', 'work.on', dateInput(), 'disclosed_on'),
        field('disclosure-organisation', 'work.organisation', org, 'organisation'),
        field('disclosure-recipient', 'work.recipient_label', select(codes(RECIPIENTS, 'work.recipient.')), 'recipient_kind'),
        field('disclosure-kinds', 'work.information_kinds', text(), 'information_kinds'),
        field('disclosure-purpose', 'work.purpose', area(), 'purpose'),
        field('disclosure-basis', 'work.basis', basis, 'consent_id'),
      ),
      formFoot('work.disclosure_save', () => {}),
    );
    fillBasis();
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const ok = await attempt(form, () =>
        invoke('disclosure_add', {
          input: {
            case_id: state.id,
            disclosed_on: $('disclosure-on').value,
            organisation: org.value,
            recipient_kind: $('disclosure-recipient').value,
            information_kinds: $('disclosure-kinds').value,
            purpose: $('disclosure-purpose').value,
            ...basisInput(basis.value),
          },
        }),
      );
      if (ok) {
        await refresh();
        $('disclosures-title').focus();
      }
    });
    parts.push(form);
    folding(box, form, head.querySelector('button'));
  }
  box.replaceChildren(...parts);
}

/* --- loading ---------------------------------------------------------------- */

async function refresh() {
  try {
    if (mentor()) {
      state.contacts = await invoke('case_contacts', { caseId: state.id });
      renderContacts();
      $('work-contacts').hidden = false;
      return;
    }
    const [assess, refs, intake, contacts, incidents, disclosures] = await Promise.all([
      invoke('case_assessments', { caseId: state.id }),
      invoke('case_referrals', { caseId: state.id }),
      invoke('case_intake', { caseId: state.id }),
      invoke('case_contacts', { caseId: state.id }),
      invoke('case_incidents', { caseId: state.id }),
      invoke('case_disclosures', { caseId: state.id }),
    ]);
    Object.assign(state, { assess, refs, intake, contacts, incidents, disclosures });
    renderNeeds();
    renderReferrals();
    renderContacts();
    renderIncidents();
    renderDisclosures();
    markLongRunsIn(document.querySelector('.work-panel'));
    for (const id of ['work-needs', 'work-referrals', 'work-contacts', 'work-incidents', 'work-disclosures', 'work-jump']) {
      $(id).hidden = false;
    }
    $('page-error').hidden = true;
  } catch (error) {
    if (!leaveIfLocked(error)) {
      showFailure($('page-error'), error);
    }
  }
}

async function load(user) {
  state.user = user;
  state.id = new URLSearchParams(window.location.search).get('case');
  if (!state.id) {
    const error = { kind: 'not_found' };
    throw error;
  }
  state.view = await invoke('case_open', { id: state.id });
  if (!mentor()) {
    state.districts = await invoke('district_list');
  }
  showHead(state.view);
  await refresh();
}

function forget() {
  for (const id of ['work-needs', 'work-referrals', 'work-contacts', 'work-incidents', 'work-disclosures', 'work-phase']) {
    $(id).replaceChildren();
  }
  $('work-title').textContent = '';
  $('work-case-number').textContent = '';
  state.view = null;
}

async function start() {
  watchLongRuns();
  const user = await openSignedInPage({ page: PAGE, roles: ['case_worker', 'supervisor', 'mentor'], load, forget });
  if (user) {
    $('work-title').focus();
  }
}

start();
