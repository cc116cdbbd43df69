/*
 * Plan controller (plan.html?case=<id>): shows the current plan version
 * (the newest draft or active one, from case_plans) with its goals and the
 * actions under each goal, and drives its writes: on a draft the goal and
 * action forms (plan_goal_save, plan_action_save, plan_item_remove), the
 * participant's agreement (plan_agreement), the case worker's signature
 * (plan_sign) and a supervisor's sign-off (plan_sign_off); on the active
 * version only each action's status (plan_action_status, a blocked action
 * with its reason); "Start a new version" (plan_draft). Below: every
 * version, and two versions side by side (plan_compare) with the added,
 * changed and dropped goals and actions marked. A mentor reads what the
 * core sends (goals and the actions assigned to the mentor); a closed case
 * is read-only. Codes through the catalogs; people's text as text nodes.
 */

import { day, showDay, translate } from '../i18n.js';
import { invoke } from '../ipc.js';
import { dayCell, fillOptions, h, label } from '../dom.js';
import { clearErrorOnEdit, clearErrors, errorKey, showError } from '../form.js';
import { leaveIfLocked, openSignedInPage, showFailure } from '../session.js';
import { busy, checkDates, checkField, confirmStep, field, formEnd, say, showCoreError, today } from '../case-fields.js';
import { DOMAIN_GROUPS } from '../chart.js';
import { ACTION_STATUSES, actionStatusControl } from '../action-status.js';
import { markLongRunsIn, watchLongRuns } from '../long-runs.js';

const PAGE = 'plan.html';
const CLOSED = 7;
const AGREEMENTS = ['agreed', 'does_not_agree', 'could_not_answer'];
const $ = (id) => document.getElementById(id);

const state = { id: null, user: null, view: null, plans: [], referrals: [] };


/** The case number, name and phase in the head of the page. */
function caseHead(view) {
  $('plan-case-number').textContent = view.case_number ?? '';
  const title = $('plan-title');
  title.textContent = view.name_latin || view.name_urdu || '';
  const phase = view.phase ?? 0;
  $('plan-phase').replaceChildren(
    h('span', { class: `phase phase-${phase}` }, h('span', { class: 'phase-number', 'aria-hidden': 'true' }, String(phase)), label('span', `phase.${phase}`)),
  );
}

/** Whether the participant is under 18 today (as domain/consent.rs decides). */
function isChild(view, on = today()) {
  if (view.date_of_birth) {
    const [by, bm, bd] = view.date_of_birth.split('-').map(Number);
    const [ty, tm, td] = on.split('-').map(Number);
    return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0) < 18;
  }
  return Number.isInteger(view.approx_age) && view.approx_age < 18;
}

/** Who does an action: the organisation and the role, each typed text kept apart. */
function responsibleValue(action) {
  const parts = [action.responsible_org, action.responsible_role]
    .filter(Boolean)
    .map((text) => h('span', { dir: 'auto' }, text));
  if (parts.length === 0) {
    return null;
  }
  return h('dd', {}, ...parts.flatMap((part, index) => (index ? [' · ', part] : [part])));
}

/** What an action is, who does it, when, and where it stands. */
function actionFacts(action) {
  const bits = h('dl', { class: 'action-facts' });
  const add = (key, value, attrs = {}) => {
    if (value !== null && value !== undefined && value !== '') {
      bits.append(h('div', {}, label('dt', key), value instanceof Node ? value : h('dd', { dir: 'auto', ...attrs }, value)));
    }
  };
  add('plan.responsible', responsibleValue(action));
  add('plan.partners', action.partners);
  add('plan.resources', action.resources);
  add('plan.due_on', action.due_on ? showDay(h('dd'), action.due_on) : null);
  const referral = state.referrals.find((r) => r.id === action.referral_id);
  if (action.referral_id) {
    add('plan.referral', referral ? h('dd', { dir: 'auto' }, showDay(h('span'), referral.proposed_on ?? ''), ' · ', h('bdi', { dir: 'auto' }, referralReason(referral))) : label('dd', 'plan.referral_linked'));
  }
  add('plan.blocking_reason', action.blocking_reason);
  return h(
    'div',
    { class: 'action-body' },
    h(
      'p',
      { class: 'action-title' },
      label('span', `plan.status.${action.status}`, undefined, { class: `status-badge status-${action.status}` }),
      ' ',
      h('span', { dir: 'auto', class: 'action-what' }, action.description ?? ''),
      action.assigned_to_mentor ? label('span', 'plan.mentor_badge', undefined, { class: 'mentor-badge' }) : null,
    ),
    bits,
  );
}

function writer() {
  return state.view?.phase !== CLOSED && ['case_worker', 'supervisor'].includes(state.user.role);
}

function flash(key, params) {
  say($('plan-status'), key, params);
}

function refuse(error, target = $('page-error')) {
  if (leaveIfLocked(error)) {
    return;
  }
  showFailure(target, error);
  target.focus();
}

async function reload() {
  state.plans = await invoke('case_plans', { caseId: state.id });
  render();
}

function current() {
  return [...state.plans].reverse().find((p) => p.plan.status !== 'frozen') ?? null;
}

/* --- goal and action forms ------------------------------------------------ */

function domainPicker(chosen) {
  const groups = DOMAIN_GROUPS.map(([group, codes]) =>
    h(
      'div',
      { class: 'domain-group' },
      label('p', `assess.group.${group}`, undefined, { class: 'domain-group-name' }),
      codes.map((code) =>
        h(
          'label',
          { class: 'domain-choice' },
          h('input', { type: 'checkbox', name: 'goal-domain', value: code, checked: chosen.includes(code) }),
          label('span', `domain.${code}`),
        ),
      ),
    ),
  );
  return h(
    'fieldset',
    { id: 'goal-domains', class: 'field span-2 domain-picker', 'aria-describedby': 'goal-domains-error' },
    h('legend', {}, label('span', 'plan.goal_domains'), label('span', 'common.required', undefined, { class: 'required' })),
    h('div', { class: 'domain-groups' }, groups),
    h('p', { id: 'goal-domains-error', class: 'field-error', role: 'alert', hidden: true }),
  );
}

function goalForm(place, opener, goal = null) {
  const form = h(
    'form',
    { id: 'goal-form', class: 'block-form', novalidate: true, autocomplete: 'off' },
    label('h3', goal ? 'plan.goal_edit' : 'plan.goal_new'),
    h(
      'div',
      { class: 'grid' },
      field({ id: 'goal-description', key: 'plan.goal_description', kind: 'textarea', required: true, span: true }),
      domainPicker(goal ? (goal.domains ?? '').split(',').filter(Boolean) : []),
      field({ id: 'goal-success-measure', key: 'plan.success_measure', kind: 'textarea', span: true, hint: 'plan.success_measure_hint' }),
    ),
    ...formEnd('plan.goal_save'),
  );
  if (goal) {
    form.querySelector('#goal-description').value = goal.description ?? '';
    form.querySelector('#goal-success-measure').value = goal.success_measure ?? '';
  }
  openForm(place, form, opener, async () => {
    const domains = [...form.querySelectorAll('input[name="goal-domain"]:checked')].map((i) => i.value);
    let ok = true;
    if ($('goal-description').value.trim() === '') {
      showError(form, 'goal-description', 'error.required');
      ok = false;
    }
    if (domains.length === 0) {
      showError(form, 'goal-domains', 'plan.error.domains');
      ok = false;
    }
    if (!ok) {
      form.querySelector('[aria-invalid] , fieldset[aria-invalid] input')?.focus();
      return;
    }
    await invoke('plan_goal_save', {
      input: {
        plan_id: current().plan.id,
        goal_id: goal?.id ?? '',
        description: $('goal-description').value,
        domains,
        success_measure: $('goal-success-measure').value,
      },
    });
    return 'plan.goal_saved';
  }, 'goal');
}

function actionForm(place, opener, goalId, action = null) {
  const status = field({ id: 'action-status', key: 'plan.action_status', kind: 'select' });
  const referral = field({ id: 'action-referral-id', key: 'plan.referral', kind: 'select', hint: 'plan.referral_hint' });
  const form = h(
    'form',
    { id: 'action-form', class: 'block-form', novalidate: true, autocomplete: 'off' },
    label('h3', action ? 'plan.action_edit' : 'plan.action_new'),
    h(
      'div',
      { class: 'grid' },
      field({ id: 'action-description', key: 'plan.action_description', kind: 'textarea', required: true, span: true }),
      field({ id: 'action-responsible-org', key: 'plan.responsible_org', required: true }),
      field({ id: 'action-responsible-role', key: 'plan.responsible_role' }),
      field({ id: 'action-partners', key: 'plan.partners', kind: 'textarea' }),
      field({ id: 'action-resources', key: 'plan.resources', kind: 'textarea' }),
      field({ id: 'action-due-on', key: 'plan.due_on', kind: 'date' }),
      status,
      field({ id: 'action-blocking-reason', key: 'plan.blocking_reason', kind: 'textarea', hint: 'plan.blocking_reason_hint' }),
      referral,
      checkField({ id: 'action-assigned-to-mentor', key: 'plan.assigned_to_mentor' }),
    ),
    ...formEnd('plan.action_save'),
  );
  fillOptions(form.querySelector('#action-status'), ACTION_STATUSES.map((s) => ({ value: s, key: `plan.status.${s}` })));
  fillOptions(
    form.querySelector('#action-referral-id'),
    state.referrals.map((r) => ({ value: r.id, key: 'plan.referral_option', params: { date: day(r.proposed_on), reason: referralReason(r) } })),
    { value: '', key: 'plan.no_referral' },
  );
  if (action) {
    for (const name of ['description', 'responsible_org', 'responsible_role', 'partners', 'resources', 'due_on', 'status', 'blocking_reason', 'referral_id']) {
      form.querySelector(`#action-${name.replaceAll('_', '-')}`).value = action[name] ?? '';
    }
    form.querySelector('#action-assigned-to-mentor').checked = Boolean(action.assigned_to_mentor);
  }
  openForm(place, form, opener, async () => {
    const missing = ['action-description', 'action-responsible-org'].filter((id) => $(id).value.trim() === '');
    if ($('action-status').value === 'blocked' && $('action-blocking-reason').value.trim() === '') {
      missing.push('action-blocking-reason');
    }
    for (const id of missing) {
      showError(form, id, 'error.required');
    }
    if (missing.length > 0) {
      $(missing[0]).focus();
      return;
    }
    if (!checkDates(form, ['action-due-on'])) {
      return;
    }
    await invoke('plan_action_save', {
      input: {
        goal_id: goalId,
        action_id: action?.id ?? '',
        description: $('action-description').value,
        responsible_org: $('action-responsible-org').value,
        responsible_role: $('action-responsible-role').value,
        partners: $('action-partners').value,
        resources: $('action-resources').value,
        due_on: $('action-due-on').value.trim(),
        status: $('action-status').value,
        blocking_reason: $('action-blocking-reason').value,
        referral_id: $('action-referral-id').value,
        assigned_to_mentor: $('action-assigned-to-mentor').checked,
      },
    });
    return 'plan.action_saved';
  }, 'action');
}

function referralReason(referral) {
  // The first 60 characters, never half of an emoji or of a letter's surrogate pair.
  return Array.from(referral.reason ?? '').slice(0, 60).join('');
}

/** Puts `form` in `place` (one open form on the page), wires submit and Cancel. */
function openForm(place, form, opener, submit, prefix) {
  for (const open of document.querySelectorAll('#goal-form, #action-form, #agreement-form')) {
    open.remove();
  }
  clearErrorOnEdit(form);
  const close = () => {
    form.remove();
    opener?.setAttribute('aria-expanded', 'false');
    opener?.focus();
  };
  form.querySelector('[data-cancel]').addEventListener('click', close);
  form.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      close();
    }
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    await busy(form, async () => {
      let saved;
      try {
        saved = await submit();
      } catch (error) {
        showCoreError(form, error, prefix, 'plan.error.');
        return;
      }
      if (saved) {
        await reload();
        flash(saved);
        $('plan-status').focus();
      }
    });
  });
  markLongRunsIn(form);
  place.replaceChildren(form);
  opener?.setAttribute('aria-expanded', 'true');
  form.querySelector('input, select, textarea')?.focus();
}

/* --- the current version -------------------------------------------------- */

function removeButton(kind, item, place) {
  const button = label('button', 'plan.remove', undefined, { type: 'button', class: 'quiet-button danger-text' });
  button.addEventListener('click', () => {
    confirmStep(place, {
      questionKey: kind === 'goal' ? 'plan.remove_goal_confirm' : 'plan.remove_action_confirm',
      yesKey: 'plan.remove_yes',
      noKey: 'phase_action.go_back',
      returnTo: button,
      onYes: async (yes) => {
        yes.disabled = true;
        try {
          await invoke('plan_item_remove', { item: kind, id: item.id });
          await reload();
          flash('plan.removed');
          $('plan-status').focus();
        } catch (error) {
          refuse(error);
        }
      },
    });
  });
  return button;
}

function actionItem(action, plan) {
  const place = h('div', { class: 'form-place' });
  const tools = h('div', { class: 'item-tools' });
  const draft = plan.status === 'draft';
  if (writer() && draft) {
    const edit = label('button', 'plan.edit', undefined, { type: 'button', class: 'quiet-button' });
    edit.addEventListener('click', () => actionForm(place, edit, action.goal_id, action));
    tools.append(edit, removeButton('action', action, place));
  }
  const parts = [actionFacts(action), tools];
  if (writer() && plan.status === 'active') {
    parts.push(actionStatusControl(action, { onSaved: afterStatus }));
  }
  parts.push(place);
  return h('li', { class: `plan-action status-${action.status}`, 'data-action': action.id }, parts);
}

async function afterStatus() {
  await reload();
  flash('plan.status_saved');
}

function goalCard(goal, actions, plan, index) {
  const place = h('div', { class: 'form-place' });
  const domains = (goal.domains ?? '').split(',').filter(Boolean);
  const tools = h('div', { class: 'item-tools' });
  const draft = plan.status === 'draft' && writer();
  if (draft) {
    const edit = label('button', 'plan.edit', undefined, { type: 'button', class: 'quiet-button' });
    edit.addEventListener('click', () => goalForm(place, edit, goal));
    tools.append(edit, removeButton('goal', goal, place));
  }
  const own = actions.filter((a) => a.goal_id === goal.id);
  const list = h('ul', { class: 'plan-actions' }, own.map((a) => actionItem(a, plan)));
  const addPlace = h('div', { class: 'form-place' });
  const add = draft ? label('button', 'plan.action_add', undefined, { type: 'button', class: 'secondary small-button action-add' }) : null;
  add?.addEventListener('click', () => actionForm(addPlace, add, goal.id));
  return h(
    'article',
    { class: 'plan-goal', 'data-goal': goal.id, 'aria-labelledby': `goal-${index}` },
    h(
      'div',
      { class: 'goal-head' },
      h('h3', { id: `goal-${index}` }, label('span', 'plan.goal_n', { n: index + 1 }, { class: 'goal-number' }), ' ', h('span', { dir: 'auto' }, goal.description ?? '')),
      tools,
    ),
    h('ul', { class: 'domain-chips' }, domains.map((d) => label('li', `domain.${d}`))),
    goal.success_measure
      ? h('p', { class: 'success-measure' }, label('span', 'plan.success_measure', undefined, { class: 'caption' }), ' ', h('span', { dir: 'auto' }, goal.success_measure))
      : null,
    place,
    own.length === 0 ? label('p', 'plan.no_actions', undefined, { class: 'no-records' }) : list,
    add,
    addPlace,
  );
}

function signatureLine(plan) {
  const lines = h('dl', { class: 'facts plan-signatures' });
  const add = (key, value, ltr = true) =>
    lines.append(h('div', { class: 'fact' }, label('dt', key), value instanceof Node ? value : h('dd', { dir: ltr ? 'ltr' : 'auto' }, value)));
  add(
    'plan.agreement',
    plan.participant_agreement
      ? label('dd', `plan.agreement.${plan.participant_agreement}`, undefined, { class: `agreement-${plan.participant_agreement}` })
      : label('dd', 'plan.not_yet', undefined, { class: 'unrecorded' }),
  );
  if (plan.agreement_on) {
    add('plan.agreement_on', showDay(h('dd'), plan.agreement_on));
  }
  if (plan.child_view) {
    add('plan.child_view', plan.child_view, false);
  }
  if (plan.guardian_view) {
    add('plan.guardian_view', plan.guardian_view, false);
  }
  add('plan.signed_on', plan.signed_on ? showDay(h('dd'), plan.signed_on) : label('dd', 'plan.not_yet', undefined, { class: 'unrecorded' }));
  add('plan.signed_off_on', plan.signed_off_on ? showDay(h('dd'), plan.signed_off_on) : label('dd', 'plan.not_yet', undefined, { class: 'unrecorded' }));
  return lines;
}

function agreementForm(place, opener, plan) {
  const child = isChild(state.view);
  const form = h(
    'form',
    { id: 'agreement-form', class: 'block-form', novalidate: true, autocomplete: 'off' },
    label('h3', 'plan.agreement_title'),
    h(
      'div',
      { class: 'grid' },
      field({ id: 'agreement-agreement', key: 'plan.agreement', kind: 'select', required: true }),
      field({ id: 'agreement-on', key: 'plan.agreement_on', kind: 'date', required: true }),
      child ? field({ id: 'agreement-child-view', key: 'plan.child_view', kind: 'textarea', required: true }) : null,
      child ? field({ id: 'agreement-guardian-view', key: 'plan.guardian_view', kind: 'textarea', required: true }) : null,
    ),
    ...formEnd('plan.agreement_save'),
  );
  fillOptions(form.querySelector('#agreement-agreement'), AGREEMENTS.map((a) => ({ value: a, key: `plan.agreement.${a}` })), { value: '', key: 'common.choose' });
  form.querySelector('#agreement-agreement').value = plan.participant_agreement ?? '';
  form.querySelector('#agreement-on').value = plan.agreement_on ?? today();
  if (child) {
    form.querySelector('#agreement-child-view').value = plan.child_view ?? '';
    form.querySelector('#agreement-guardian-view').value = plan.guardian_view ?? '';
  }
  openForm(place, form, opener, async () => {
    const required = ['agreement-agreement', 'agreement-on'].concat(child ? ['agreement-child-view', 'agreement-guardian-view'] : []);
    const empty = required.filter((id) => $(id).value.trim() === '');
    for (const id of empty) {
      showError(form, id, 'error.required');
    }
    if (empty.length > 0) {
      $(empty[0]).focus();
      return;
    }
    if (!checkDates(form, ['agreement-on'])) {
      return;
    }
    await invoke('plan_agreement', {
      input: {
        plan_id: plan.id,
        agreement: $('agreement-agreement').value,
        on: $('agreement-on').value.trim(),
        child_view: child ? $('agreement-child-view').value : '',
        guardian_view: child ? $('agreement-guardian-view').value : '',
      },
    });
    return 'plan.agreement_saved';
  }, 'agreement');
}

function signButtons(plan, place) {
  const row = h('div', { class: 'actions plan-sign' });
  const role = state.user.role;
  const error = h('p', { id: 'sign-error', class: 'form-error', role: 'alert', tabindex: '-1', hidden: true });
  const run = async (command, button, savedKey) => {
    error.hidden = true;
    button.disabled = true;
    try {
      await invoke(command, { planId: plan.id });
      await reload();
      flash(savedKey);
      $('plan-status').focus();
    } catch (failure) {
      if (leaveIfLocked(failure)) {
        return;
      }
      const kind = failure?.kind;
      translate(error, ['forbidden', 'gate_not_met', 'frozen'].includes(kind) ? `plan.refused.${kind}` : errorKey(failure));
      error.hidden = false;
      error.focus();
    } finally {
      button.disabled = false;
    }
  };
  const agree = label('button', plan.participant_agreement ? 'plan.agreement_change' : 'plan.agreement_record', undefined, {
    type: 'button',
    id: 'plan-agreement',
    class: 'secondary',
  });
  agree.addEventListener('click', () => agreementForm(place, agree, plan));
  row.append(agree);
  if (role === 'case_worker' && !plan.signed_on) {
    const sign = label('button', 'plan.sign', undefined, { type: 'button', id: 'plan-sign', class: 'primary' });
    sign.addEventListener('click', () => run('plan_sign', sign, 'plan.signed'));
    row.append(sign);
  }
  if (role === 'supervisor' && plan.signed_on) {
    const off = label('button', 'plan.sign_off', undefined, { type: 'button', id: 'plan-sign-off', class: 'primary' });
    off.addEventListener('click', () => run('plan_sign_off', off, 'plan.signed_off'));
    row.append(off);
  }
  return [row, error];
}

function renderCurrent() {
  const section = $('plan-current');
  const view = current();
  const title = label('h2', 'plan.current_title', undefined, { id: 'current-title' });
  if (!view) {
    const parts = [title, label('p', 'plan.none', undefined, { class: 'no-records' })];
    if (writer() && [3, 4, 5, 6].includes(state.view.phase)) {
      parts.push(newVersionButton('plan.draft_first'));
    }
    section.replaceChildren(...parts);
    return;
  }
  const plan = view.plan;
  const head = h(
    'div',
    { class: 'block-head' },
    h('h2', { id: 'current-title' }, label('span', 'plan.version_n', { n: plan.version_no }), ' ', label('span', `plan.version_status.${plan.status}`, undefined, { class: `version-badge version-${plan.status}` })),
  );
  if (writer() && plan.status === 'active' && !state.plans.some((p) => p.plan.status === 'draft')) {
    head.append(newVersionButton('plan.new_version'));
  }
  const lead = label('p', plan.status === 'draft' ? (writer() ? 'plan.draft_lead' : 'plan.draft_lead_read') : writer() ? 'plan.active_lead' : 'plan.active_lead_read', undefined, { class: 'hint section-hint' });
  const goals = view.goals.map((g, i) => goalCard(g, view.actions, plan, i));
  const addPlace = h('div', { class: 'form-place' });
  const parts = [head, lead, ...goals];
  if (view.goals.length === 0) {
    parts.push(label('p', 'plan.no_goals', undefined, { class: 'no-records' }));
  }
  if (writer() && plan.status === 'draft') {
    const add = label('button', 'plan.goal_add', undefined, { type: 'button', id: 'goal-add', class: 'secondary' });
    add.addEventListener('click', () => goalForm(addPlace, add));
    parts.push(h('div', { class: 'actions' }, add), addPlace);
  }
  if (state.user.role !== 'mentor') {
    parts.push(label('h3', 'plan.signatures_title', undefined, { class: 'sub-title' }), signatureLine(plan));
    if (writer() && plan.status === 'draft') {
      const formPlace = h('div', { class: 'form-place' });
      parts.push(...signButtons(plan, formPlace), formPlace);
    }
  }
  section.replaceChildren(...parts);
}

function newVersionButton(key) {
  const button = label('button', key, undefined, { type: 'button', id: 'plan-new-version', class: 'secondary' });
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      await invoke('plan_draft', { caseId: state.id });
      await reload();
      flash('plan.draft_started');
      $('plan-status').focus();
    } catch (error) {
      refuse(error);
    } finally {
      button.disabled = false;
    }
  });
  return button;
}

/* --- versions and comparison --------------------------------------------- */

function itemSummary(item) {
  if (item.domains !== undefined) {
    const domains = (item.domains ?? '').split(',').filter(Boolean);
    return h(
      'div',
      { class: 'diff-item' },
      label('span', 'plan.kind_goal', undefined, { class: 'diff-kind' }),
      h('strong', { dir: 'auto' }, item.description ?? ''),
      h('ul', { class: 'domain-chips' }, domains.map((d) => label('li', `domain.${d}`))),
      item.success_measure ? h('p', { dir: 'auto', class: 'diff-detail' }, item.success_measure) : null,
    );
  }
  return h(
    'div',
    { class: 'diff-item' },
    label('span', 'plan.kind_action', undefined, { class: 'diff-kind' }),
    actionFacts(item),
  );
}

function showComparison(result, place) {
  const rows = [];
  const empty = h('div', { class: 'diff-cell diff-empty' });
  for (const item of result.added) {
    rows.push(h('li', { class: 'diff-row diff-added' }, label('span', 'plan.diff.added', undefined, { class: 'diff-mark' }), empty.cloneNode(), h('div', { class: 'diff-cell' }, itemSummary(item))));
  }
  for (const change of result.changed) {
    rows.push(
      h(
        'li',
        { class: 'diff-row diff-changed' },
        label('span', 'plan.diff.changed', undefined, { class: 'diff-mark' }),
        h('div', { class: 'diff-cell diff-before' }, itemSummary(change.before)),
        h('div', { class: 'diff-cell' }, itemSummary(change.after)),
      ),
    );
  }
  for (const item of result.dropped) {
    rows.push(h('li', { class: 'diff-row diff-dropped' }, label('span', 'plan.diff.dropped', undefined, { class: 'diff-mark' }), h('div', { class: 'diff-cell diff-before' }, itemSummary(item)), empty.cloneNode()));
  }
  const counts = label('p', 'plan.diff_counts', { added: result.added.length, changed: result.changed.length, dropped: result.dropped.length }, { id: 'compare-counts', class: 'diff-counts', role: 'status' });
  if (rows.length === 0) {
    place.replaceChildren(counts, label('p', 'plan.diff_none', undefined, { class: 'no-records' }));
    return;
  }
  const heads = h(
    'div',
    { class: 'diff-heads', 'aria-hidden': 'true' },
    h('span', {}),
    label('span', 'plan.version_n', { n: result.from }),
    label('span', 'plan.version_n', { n: result.to }),
  );
  place.replaceChildren(counts, heads, h('ol', { id: 'compare-rows', class: 'diff-rows' }, rows));
  markLongRunsIn(place);
}

function renderVersions() {
  const section = $('plan-versions');
  const title = label('h2', 'plan.versions_title', undefined, { id: 'versions-title' });
  if (state.plans.length === 0) {
    section.replaceChildren(title, label('p', 'plan.no_versions', undefined, { class: 'no-records' }));
    return;
  }
  const rows = [...state.plans].reverse().map(({ plan }) =>
    h(
      'tr',
      { 'data-version': plan.version_no },
      h('td', { dir: 'ltr' }, String(plan.version_no)),
      h('td', {}, label('span', `plan.version_status.${plan.status}`, undefined, { class: `version-badge version-${plan.status}` })),
      dayCell(plan.agreement_on),
      dayCell(plan.signed_off_on),
      dayCell(plan.frozen_on),
    ),
  );
  const table = h(
    'table',
    { id: 'versions-table', class: 'record-table versions-table' },
    h('thead', {}, h('tr', {}, ['plan.col_version', 'plan.col_status', 'plan.agreement_on', 'plan.signed_off_on', 'plan.col_frozen'].map((k) => label('th', k, undefined, { scope: 'col' })))),
    h('tbody', {}, rows),
  );
  const parts = [title, table];
  if (state.plans.length >= 2) {
    const versions = state.plans.map(({ plan }) => ({ value: String(plan.version_no), key: 'plan.version_n', params: { n: plan.version_no } }));
    const from = field({ id: 'compare-from', key: 'plan.compare_from', kind: 'select' });
    const to = field({ id: 'compare-to', key: 'plan.compare_to', kind: 'select' });
    const result = h('div', { id: 'compare-result', class: 'diff' });
    const form = h(
      'form',
      { id: 'compare-form', class: 'compare-form', novalidate: true },
      label('h3', 'plan.compare_title'),
      h('div', { class: 'compare-fields' }, from, to, label('button', 'plan.compare', undefined, { type: 'submit', class: 'primary' })),
      h('p', { class: 'form-error', role: 'alert', tabindex: '-1', hidden: true }),
    );
    fillOptions(form.querySelector('#compare-from'), versions);
    fillOptions(form.querySelector('#compare-to'), versions);
    form.querySelector('#compare-from').value = String(state.plans[state.plans.length - 2].plan.version_no);
    form.querySelector('#compare-to').value = String(state.plans[state.plans.length - 1].plan.version_no);
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearErrors(form);
      const a = Number($('compare-from').value);
      const b = Number($('compare-to').value);
      if (a === b) {
        showError(form, null, 'plan.compare_same');
        return;
      }
      try {
        showComparison(await invoke('plan_compare', { caseId: state.id, from: a, to: b }), result);
        result.querySelector('#compare-counts')?.focus?.();
      } catch (error) {
        if (!leaveIfLocked(error)) {
          showFailure(form.querySelector('.form-error'), error);
        }
      }
    });
    parts.push(form, result);
  }
  section.replaceChildren(...parts);
}

function render() {
  renderCurrent();
  renderVersions();
  markLongRunsIn($('plan-current'));
  markLongRunsIn($('plan-versions'));
}

async function load(user) {
  state.user = user;
  const id = new URLSearchParams(window.location.search).get('case');
  if (!id) {
    const error = { kind: 'not_found' };
    throw error;
  }
  state.id = id;
  state.view = await invoke('case_open', { id });
  caseHead(state.view);
  $('back').href = `case.html?id=${encodeURIComponent(id)}`;
  $('plan-print').href = `print-plan.html?case=${encodeURIComponent(id)}`;
  if (user.role !== 'mentor') {
    try {
      state.referrals = (await invoke('case_referrals', { caseId: id })).referrals ?? [];
    } catch (error) {
      if (error?.kind === 'locked') {
        throw error;
      }
      state.referrals = [];
    }
  }
  await reload();
}

function forget() {
  for (const id of ['plan-current', 'plan-versions', 'plan-phase']) {
    $(id).replaceChildren();
  }
  $('plan-title').textContent = '';
  $('plan-case-number').textContent = '';
}

async function start() {
  watchLongRuns();
  const user = await openSignedInPage({ page: PAGE, roles: ['case_worker', 'supervisor', 'mentor'], load, forget });
  if (user) {
    $('plan-title').focus();
  }
}

start();
