/*
 * Service map controller (services.html): filters (district, need domain,
 * language, female staff, child-friendly) sent to service_find, results as
 * compact cards with every field of a service, its risks of access (high
 * ones marked) and a stale badge when not verified for 12 months. Editors
 * (case workers and supervisors of the district, administrators) add an
 * organisation, add or edit a service (risks as a small repeatable list),
 * mark one verified today and import a CSV map (read here as text, sent to
 * service_import: counts, or the refusal with its line). Code values are
 * shown through the catalogs; user text only through text nodes.
 */

import { day, showDay, translate, untranslate } from '../i18n.js';
import { invoke } from '../ipc.js';
import { fillOptions, h, label } from '../dom.js';
import { clearErrors, errorKey, errorParams, showError } from '../form.js';
import { leaveIfLocked, openSignedInPage, showFailure } from '../session.js';
import { DOMAINS } from '../chart.js';

const PAGE = 'services.html';
const $ = (id) => document.getElementById(id);

export const ORG_TYPES = [
  'government', 'police', 'prison', 'probation', 'court', 'local_authority', 'civil_society',
  'international', 'faith', 'health', 'education', 'vocational_training', 'employer', 'family_support',
];
const ORG_LEVELS = ['national', 'provincial', 'district', 'community'];
const MODALITIES = ['residential', 'outpatient', 'outreach', 'in_prison', 'online'];
const GENDERS = ['any', 'female', 'male'];
const RISK_KINDS = ['stigma', 'being_seen', 'retaliation', 'perceived_intelligence', 'unsafe_route'];
const RISK_LEVELS = ['low', 'medium', 'high'];

const state = { user: null, districts: [], organisations: [], services: [], editing: null };

function codes(list, prefix) {
  return list.map((code) => ({ value: code, key: `${prefix}${code}` }));
}

function mayEdit(district) {
  const user = state.user;
  if (user.role === 'administrator') {
    return true;
  }
  return ['case_worker', 'supervisor'].includes(user.role) && (user.districts ?? []).includes(district);
}

function mayEditAny() {
  return state.districts.some((d) => mayEdit(d.name));
}

/* --- the results ------------------------------------------------------------ */

function fact(key, value, attrs = {}) {
  if (value === null || value === undefined || value === '') {
    return null;
  }
  return h(
    'div',
    { class: 'svc-fact' },
    label('dt', key),
    value instanceof Node ? h('dd', attrs, value) : h('dd', { dir: 'auto', ...attrs }, String(value)),
  );
}

function yesNo(value) {
  return label('span', value ? 'common.yes' : 'common.no');
}

function ageRange(s) {
  if (s.min_age === null && s.max_age === null) {
    return null;
  }
  return `${s.min_age ?? 0}–${s.max_age ?? '…'}`;
}

/** The risks of access of a service, each with its level (high marked) and mitigation. */
export function riskList(risks) {
  if (!risks || risks.length === 0) {
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

/** The badges of a service: stale or verified on, female staff, child-friendly, open or participants only. */
export function serviceBadges(s) {
  return h(
    'p',
    { class: 'svc-badges' },
    s.stale
      ? label('span', 'services.stale', { date: day(s.last_verified) }, { class: 'badge badge-stale' })
      : label('span', 'services.verified_on', { date: day(s.last_verified) }, { class: 'badge badge-fresh' }),
    s.female_staff ? label('span', 'services.female_staff', undefined, { class: 'badge' }) : null,
    s.child_friendly ? label('span', 'services.child_friendly', undefined, { class: 'badge' }) : null,
    s.disability_access ? label('span', 'services.disability_access', undefined, { class: 'badge' }) : null,
    label('span', s.open_to_public ? 'services.open_public' : 'services.participants_only', undefined, { class: 'badge' }),
  );
}

function card(s) {
  const actions = [];
  if (mayEdit(s.district)) {
    const edit = label('button', 'services.edit', undefined, { type: 'button', class: 'quiet-button' });
    edit.addEventListener('click', () => openServiceForm(s));
    const verify = label('button', 'services.verify', undefined, { type: 'button', class: 'quiet-button verify' });
    verify.addEventListener('click', () => verifyService(s.id));
    actions.push(edit, verify);
  }
  const quality = s.quality
    ? h(
        'span',
        {},
        label('span', 'services.quality_of', { n: s.quality }),
        s.quality_how ? h('span', { dir: 'auto', class: 'detail' }, s.quality_how) : null,
        s.quality_judged_on ? showDay(h('span', { class: 'detail' }), s.quality_judged_on) : null,
      )
    : null;
  return h(
    'article',
    { class: 'svc-card', 'data-service': s.id },
    h(
      'div',
      { class: 'svc-card-head' },
      h('h2', { class: 'svc-name', dir: 'auto' }, s.name),
      actions.length ? h('div', { class: 'svc-actions' }, actions) : null,
    ),
    h(
      'p',
      { class: 'svc-where' },
      h('span', { dir: 'auto', class: 'svc-org' }, s.organisation),
      ' · ',
      h('span', { dir: 'auto' }, s.district),
      ' · ',
      label('span', `domain.${s.domain}`, undefined, { class: 'svc-domain' }),
      ' · ',
      label('span', `services.modality.${s.modality}`),
    ),
    serviceBadges(s),
    s.description ? h('p', { class: 'svc-description', dir: 'auto' }, s.description) : null,
    h(
      'dl',
      { class: 'svc-facts' },
      fact('services.age', ageRange(s), { dir: 'ltr' }),
      s.gender && s.gender !== 'any' ? fact('services.gender', label('span', `services.gender.${s.gender}`)) : null,
      fact('services.documents_needed', s.documents_needed),
      fact('services.catchment', s.catchment),
      fact('services.cost', s.cost),
      s.waiting_days !== null && s.waiting_days !== undefined
        ? fact('services.waiting', label('span', 'services.days', { n: s.waiting_days }))
        : null,
      fact('services.legal_status_exclusions', s.legal_status_exclusions),
      fact('services.languages', s.languages),
      fact('services.female_staff', yesNo(s.female_staff)),
      fact('services.quality', quality),
    ),
    label('h3', 'services.risks_title', undefined, { class: 'svc-risks-title' }),
    riskList(s.risks),
  );
}

function showResults() {
  const results = $('svc-results');
  translate($('svc-count'), 'services.count', { n: state.services.length });
  results.replaceChildren(
    ...(state.services.length
      ? state.services.map(card)
      : [label('p', 'services.none_found', undefined, { class: 'empty' })]),
  );
}

function query() {
  return {
    district: $('filter-district').value || null,
    domain: $('filter-domain').value || null,
    language: $('filter-language').value.trim() || null,
    female_staff: $('filter-female').checked,
    child_friendly: $('filter-child').checked,
  };
}

async function find() {
  try {
    state.services = await invoke('service_find', { query: query() });
    showResults();
    $('page-error').hidden = true;
  } catch (error) {
    if (!leaveIfLocked(error)) {
      showFailure($('page-error'), error);
    }
  }
}

async function verifyService(id) {
  try {
    await invoke('service_verify', { id });
    await find();
  } catch (error) {
    if (!leaveIfLocked(error)) {
      showFailure($('page-error'), error);
    }
  }
}

/* --- editing ---------------------------------------------------------------- */

function field(id, key, control, extra = null) {
  control.id = id;
  control.setAttribute('aria-describedby', `${id}-error`);
  return h(
    'div',
    { class: 'field', id: `${id}-field` },
    label('label', key, undefined, { for: id }),
    control,
    extra,
    h('p', { id: `${id}-error`, class: 'field-error', role: 'alert', hidden: true }),
  );
}

function checkField(id, key) {
  return h(
    'div',
    { class: 'field check' },
    h('input', { type: 'checkbox', id }),
    label('label', key, undefined, { for: id }),
  );
}

function select(items, first = null) {
  const element = h('select', {});
  fillOptions(element, items, first);
  return element;
}

function text(dir = 'auto') {
  return h('input', { type: 'text', dir });
}

/** A long text (the core takes up to 20,000 characters): a textarea, never cut off. */
function area() {
  return h('textarea', { rows: 2, dir: 'auto' });
}

function numberInput(min, max) {
  return h('input', { type: 'number', min, max, inputmode: 'numeric', dir: 'ltr' });
}

function editorDistricts() {
  return state.districts.filter((d) => mayEdit(d.name)).map((d) => ({ value: d.name, text: d.name }));
}

function closeEditors() {
  $('org-section').hidden = true;
  $('service-section').hidden = true;
  $('org-section').replaceChildren();
  $('service-section').replaceChildren();
}

function submitRow(form, saveKey) {
  const cancel = label('button', 'common.cancel', undefined, { type: 'button', class: 'secondary' });
  cancel.addEventListener('click', closeEditors);
  return h(
    'div',
    { class: 'svc-submit' },
    h('p', { class: 'form-error', role: 'alert', tabindex: '-1', hidden: true }),
    label('button', saveKey, undefined, { type: 'submit', class: 'primary' }),
    cancel,
  );
}

function openOrgForm() {
  closeEditors();
  const form = h(
    'form',
    { id: 'org-form', novalidate: true, autocomplete: 'off' },
    label('h2', 'services.org_form_title', undefined, { id: 'org-form-title' }),
    h(
      'div',
      { class: 'svc-grid' },
      field('district', 'services.district', select(editorDistricts())),
      field('organisation', 'services.org_name', text()),
      field('org-type', 'services.org_type', select(codes(ORG_TYPES, 'services.org_type.'))),
      field('level', 'services.level', select(codes(ORG_LEVELS, 'services.level.'))),
      field('contact-role', 'services.contact_role', text(), label('p', 'services.contact_role_hint', undefined, { class: 'hint' })),
    ),
    submitRow(null, 'services.save'),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    const input = {
      district: $('district').value,
      name: $('organisation').value,
      org_type: $('org-type').value,
      level: $('level').value,
      contact_role: $('contact-role').value,
    };
    if (!input.name.trim()) {
      showError(form, 'organisation', 'error.required');
      return;
    }
    try {
      await invoke('organisation_save', { input });
      state.organisations = await invoke('organisation_list', {});
      closeEditors();
      $('service-add').disabled = false;
      await find();
    } catch (error) {
      if (!leaveIfLocked(error)) {
        const fieldId = error.field === 'name' ? 'organisation' : error.field;
        showError(form, fieldId, errorKey(error), errorParams(error));
      }
    }
  });
  $('org-section').replaceChildren(form);
  $('org-section').hidden = false;
  $('organisation').focus();
}

function riskRow(risk = { kind: 'stigma', level: 'low', mitigation: '' }) {
  const n = document.querySelectorAll('.risk-row').length + 1;
  const kind = select(codes(RISK_KINDS, 'services.risk.'));
  const level = select(codes(RISK_LEVELS, 'services.risk_level.'));
  const mitigation = area();
  kind.value = risk.kind;
  level.value = risk.level;
  mitigation.value = risk.mitigation ?? '';
  const remove = label('button', 'services.risk_remove', undefined, { type: 'button', class: 'quiet-button' });
  const row = h(
    'div',
    { class: 'risk-row' },
    field(`risk-kind-${n}`, 'services.risk_kind', kind),
    field(`risk-level-${n}`, 'services.risk_level_label', level),
    field(`risk-mitigation-${n}`, 'services.risk_mitigation', mitigation),
    remove,
  );
  kind.classList.add('risk-kind-input');
  level.classList.add('risk-level-input');
  mitigation.classList.add('risk-mitigation-input');
  remove.addEventListener('click', () => row.remove());
  return row;
}

/** The service's text fields: [id, label key, long] (long ones are textareas, as the core's limits say). */
const SERVICE_TEXTS = [
  ['service', 'services.service_name', false],
  ['description', 'services.description', true],
  ['documents-needed', 'services.documents_needed', true],
  ['catchment', 'services.catchment', false],
  ['cost', 'services.cost', false],
  ['legal-status-exclusions', 'services.legal_status_exclusions', true],
  ['languages', 'services.languages', false],
  ['quality-how', 'services.quality_how', true],
];

function openServiceForm(s = null) {
  closeEditors();
  state.editing = s;
  const orgs = state.organisations
    .filter((o) => mayEdit(o.district))
    .map((o) => ({ value: o.id, text: `${o.name} (${o.district})` }));
  const risks = h('div', { id: 'risk-rows', class: 'risk-rows' });
  const addRisk = label('button', 'services.risk_add', undefined, { type: 'button', class: 'secondary' });
  addRisk.addEventListener('click', () => {
    risks.append(riskRow());
    risks.lastElementChild.querySelector('select').focus();
  });
  const form = h(
    'form',
    { id: 'service-form', novalidate: true, autocomplete: 'off' },
    label('h2', s ? 'services.service_edit_title' : 'services.service_form_title', undefined, { id: 'service-form-title' }),
    h(
      'div',
      { class: 'svc-grid' },
      field('organisation-id', 'services.organisation', select(orgs)),
      ...SERVICE_TEXTS.slice(0, 1).map(([id, key, long]) => field(id, key, long ? area() : text())),
      field('domain', 'services.domain', select(DOMAINS.map((d) => ({ value: d, key: `domain.${d}` })))),
      field('modality', 'services.modality_label', select(codes(MODALITIES, 'services.modality.'))),
      field('min-age', 'services.min_age', numberInput(0, 120)),
      field('max-age', 'services.max_age', numberInput(0, 120)),
      field('gender', 'services.gender', select(codes(GENDERS, 'services.gender.'))),
      field('waiting-days', 'services.waiting_days', numberInput(0, 3650)),
      ...SERVICE_TEXTS.slice(1).map(([id, key, long]) => field(id, key, long ? area() : text())),
      field('quality', 'services.quality', select([1, 2, 3, 4].map((q) => ({ value: String(q), text: String(q) })), { value: '', key: 'services.not_rated' })),
      field('quality-judged-on', 'services.quality_judged_on', text('ltr'), label('p', 'field.date_hint', undefined, { class: 'hint' })),
      field('last-verified', 'services.last_verified', text('ltr'), label('p', 'field.date_hint', undefined, { class: 'hint' })),
    ),
    h(
      'div',
      { class: 'svc-checks' },
      checkField('female-staff', 'services.female_staff'),
      checkField('child-friendly', 'services.child_friendly'),
      checkField('disability-access', 'services.disability_access'),
      checkField('open-to-public', 'services.open_public'),
    ),
    h('fieldset', { class: 'svc-risk-set' }, label('legend', 'services.risks_title'), risks, addRisk),
    submitRow(null, 'services.save'),
  );
  $('service-section').replaceChildren(form);
  $('service-section').hidden = false;
  const v = s ?? {};
  if (s) {
    $('organisation-id').value = s.organisation_id;
    $('domain').value = s.domain;
    $('modality').value = s.modality;
    $('gender').value = s.gender ?? 'any';
  } else if ($('filter-domain').value) {
    $('domain').value = $('filter-domain').value;
  }
  for (const [id] of SERVICE_TEXTS) {
    const key = id === 'service' ? 'name' : id.replaceAll('-', '_');
    $(id).value = v[key] ?? '';
  }
  $('min-age').value = v.min_age ?? '';
  $('max-age').value = v.max_age ?? '';
  $('waiting-days').value = v.waiting_days ?? '';
  $('quality').value = v.quality ? String(v.quality) : '';
  $('quality-judged-on').value = v.quality_judged_on ?? '';
  $('last-verified').value = v.last_verified ?? '';
  $('female-staff').checked = Boolean(v.female_staff);
  $('child-friendly').checked = Boolean(v.child_friendly);
  $('disability-access').checked = Boolean(v.disability_access);
  $('open-to-public').checked = s ? Boolean(s.open_to_public) : true;
  for (const risk of v.risks ?? []) {
    risks.append(riskRow(risk));
  }
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    saveService(form);
  });
  $('service').focus();
}

function optionalNumber(id) {
  const value = $(id).value.trim();
  return value === '' ? null : Number(value);
}

async function saveService(form) {
  clearErrors(form);
  const input = {
    id: state.editing?.id ?? '',
    organisation_id: $('organisation-id').value,
    name: $('service').value,
    domain: $('domain').value,
    description: $('description').value,
    modality: $('modality').value,
    min_age: optionalNumber('min-age'),
    max_age: optionalNumber('max-age'),
    gender: $('gender').value,
    legal_status_exclusions: $('legal-status-exclusions').value,
    documents_needed: $('documents-needed').value,
    catchment: $('catchment').value,
    cost: $('cost').value,
    waiting_days: optionalNumber('waiting-days'),
    female_staff: $('female-staff').checked,
    languages: $('languages').value,
    child_friendly: $('child-friendly').checked,
    disability_access: $('disability-access').checked,
    quality: optionalNumber('quality'),
    quality_how: $('quality-how').value,
    quality_judged_on: $('quality-judged-on').value.trim() || null,
    open_to_public: $('open-to-public').checked,
    last_verified: $('last-verified').value.trim(),
    risks: [...form.querySelectorAll('.risk-row')].map((row) => ({
      kind: row.querySelector('.risk-kind-input').value,
      level: row.querySelector('.risk-level-input').value,
      mitigation: row.querySelector('.risk-mitigation-input').value,
    })),
  };
  if (!input.name.trim()) {
    showError(form, 'service', 'error.required');
    $('service').focus();
    return;
  }
  try {
    await invoke('service_save', { input });
    closeEditors();
    await find();
  } catch (error) {
    if (leaveIfLocked(error)) {
      return;
    }
    const fieldName = { name: 'service', risk_kind: null, risk_level: null, risk_mitigation: null }[error.field] ?? error.field;
    showError(form, fieldName ?? null, errorKey(error), errorParams(error));
  }
}

/* --- CSV import ------------------------------------------------------------- */

/** The line a refused import names (the core's `row`). */
export function refusedLine(error) {
  return Number.isInteger(error?.row) ? error.row : null;
}

async function importFile(file) {
  const status = $('import-status');
  const problem = $('import-error');
  status.hidden = true;
  problem.hidden = true;
  untranslate(problem);
  const text = await file.text();
  try {
    const done = await invoke('service_import', { csv: text });
    translate(status, 'services.imported', { orgs: done.organisations, services: done.services });
    status.hidden = false;
    status.focus();
    state.organisations = await invoke('organisation_list', {});
    await find();
  } catch (error) {
    if (leaveIfLocked(error)) {
      return;
    }
    const line = refusedLine(error);
    if (line !== null) {
      translate(problem, 'services.import_refused_line', { line, field: error.field ?? '' });
    } else {
      translate(problem, errorKey(error), errorParams(error));
    }
    problem.hidden = false;
    problem.focus();
  } finally {
    $('import-file').value = '';
  }
}

/* --- the page --------------------------------------------------------------- */

async function load(user) {
  state.user = user;
  const [districts, organisations] = await Promise.all([
    invoke('district_list'),
    invoke('organisation_list', {}),
  ]);
  state.districts = districts;
  state.organisations = organisations;
  fillOptions(
    $('filter-district'),
    districts.map((d) => ({ value: d.name, text: d.name })),
    { value: '', key: 'services.all_districts' },
  );
  fillOptions(
    $('filter-domain'),
    DOMAINS.map((d) => ({ value: d, key: `domain.${d}` })),
    { value: '', key: 'services.all_domains' },
  );
  const own = user.districts ?? [];
  if (own.length === 1) {
    $('filter-district').value = own[0];
  }
  $('svc-tools').hidden = !mayEditAny();
  $('filters').addEventListener('submit', (event) => {
    event.preventDefault();
    find();
  });
  $('org-add').addEventListener('click', openOrgForm);
  $('service-add').addEventListener('click', () => openServiceForm(null));
  $('import-file').addEventListener('change', () => {
    const file = $('import-file').files[0];
    if (file) {
      importFile(file);
    }
  });
  await find();
}

function forget() {
  state.services = [];
  $('svc-results').replaceChildren();
  closeEditors();
}

async function start() {
  const user = await openSignedInPage({ page: PAGE, load, forget });
  if (user) {
    $('services-title').focus();
  }
}

start();
