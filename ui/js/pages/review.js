/*
 * Review controller (review.html?case=<id>): the open three-monthly review
 * (the newest unsigned one from case_reviews) walked through in order, each
 * step marked done or not done: (a) re-scoring the needs (a link to the
 * review's assessment, and the domains still unscored from
 * case_assessments); (b) every action of the active plan with an inline
 * status change (plan_action_status); (c) the mentoring agreement revision
 * (a link, and whether one was recorded since the review started, from
 * case_agreements); (d) the safety re-screen (safety_screen_record, or the
 * one made since the start); (e) the participant's feedback and the family
 * re-check; (f) the decision, saved (review_save) and signed (review_sign;
 * closing only for a supervisor, with a closure reason). After signing the
 * next review date is shown. Past reviews are listed; with none open in
 * implementation or follow-up it offers review_start. People's text only
 * as text nodes; codes through the catalogs.
 */

import { day, showDay, translate } from '../i18n.js';
import { invoke } from '../ipc.js';
import { dayCell, fillOptions, h, label } from '../dom.js';
import { clearErrorOnEdit, clearErrors, errorKey, errorParams, showError } from '../form.js';
import { leaveIfLocked, openSignedInPage, showFailure } from '../session.js';
import { busy, checkDates, checkField, field, say, showCoreError, today } from '../case-fields.js';
import { CLOSURE_REASONS } from '../case-gate.js';
import { DOMAINS } from '../chart.js';
import { LEVELS } from '../case-safety.js';
import { actionStatusControl } from '../action-status.js';
import { markLongRunsIn, watchLongRuns } from '../long-runs.js';

const PAGE = 'review.html';
const DECISIONS = ['continue', 'intensify', 'step_down', 'close'];
const $ = (id) => document.getElementById(id);

const state = { id: null, user: null, view: null, reviews: [], plans: [], assessments: [], agreements: [], screens: [], signed: null };

function flash(key, params) {
  say($('review-status'), key, params);
}

function refuse(error) {
  if (!leaveIfLocked(error)) {
    showFailure($('page-error'), error);
    $('page-error').focus();
  }
}

function openReview() {
  const last = state.reviews[state.reviews.length - 1];
  return last && !last.signed_on ? last : null;
}

function activePlan() {
  return state.plans.find((p) => p.plan.status === 'active') ?? null;
}

function caseHead(view) {
  $('review-case-number').textContent = view.case_number ?? '';
  $('review-title').textContent = view.name_latin || view.name_urdu || '';
  const phase = view.phase ?? 0;
  $('review-phase').replaceChildren(
    h('span', { class: `phase phase-${phase}` }, h('span', { class: 'phase-number', 'aria-hidden': 'true' }, String(phase)), label('span', `phase.${phase}`)),
  );
}

async function reload() {
  const caseId = state.id;
  state.view = await invoke('case_open', { id: caseId });
  caseHead(state.view);
  state.reviews = await invoke('case_reviews', { caseId });
  const review = openReview();
  if (review) {
    const [plans, assessed, intake] = await Promise.all([
      invoke('case_plans', { caseId }),
      invoke('case_assessments', { caseId }),
      invoke('case_intake', { caseId }),
    ]);
    state.plans = plans;
    state.assessments = assessed.assessments ?? [];
    state.screens = intake.safety_screens ?? [];
    state.agreements = state.view.mentor ? await invoke('case_agreements', { caseId }).catch((e) => (e?.kind === 'locked' ? Promise.reject(e) : [])) : [];
  }
  render();
}

/* --- the steps ------------------------------------------------------------- */

function step(n, key, done, body, id) {
  return h(
    'li',
    { class: `review-step ${done ? 'step-done' : 'step-open'}`, id, 'data-done': done ? 'yes' : 'no', 'aria-labelledby': `${id}-title` },
    h(
      'div',
      { class: 'step-head' },
      h('h3', { id: `${id}-title` }, h('span', { class: 'step-number', 'aria-hidden': 'true' }, String(n)), label('span', key)),
      label('span', done ? 'review.done' : 'review.not_done', undefined, { class: `step-state ${done ? 'is-done' : 'is-open'}` }),
    ),
    body,
  );
}

function unscoredOf(assessment) {
  if (!assessment) {
    return DOMAINS.length;
  }
  const done = new Set(
    assessment.scores.filter((s) => Number.isInteger(s.score) || s.not_assessed_reason).map((s) => s.domain),
  );
  return DOMAINS.filter((d) => !done.has(d)).length;
}

function stepNeeds(review) {
  const assessment = state.assessments.find((a) => a.assessment.id === review.assessment_id) ?? state.assessments[state.assessments.length - 1];
  const unscored = unscoredOf(assessment);
  const id = assessment?.assessment.id ?? review.assessment_id ?? '';
  const link = h('a', { id: 'review-assessment-link', class: 'button-link secondary', href: `assessment.html?case=${encodeURIComponent(state.id)}&id=${encodeURIComponent(id)}` });
  translate(link, 'review.open_assessment');
  const body = h(
    'div',
    { class: 'step-body' },
    label('p', 'review.needs_lead', undefined, { class: 'hint' }),
    unscored === 0
      ? label('p', 'review.needs_all_scored', undefined, { class: 'step-fact' })
      : label('p', 'review.needs_unscored', { count: unscored, total: DOMAINS.length }, { class: 'step-fact warn', id: 'review-unscored' }),
    link,
  );
  return step(1, 'review.step_needs', unscored === 0, body, 'step-needs');
}

function statusRow(action) {
  const control = actionStatusControl(action, {
    hideLabel: true,
    onSaved: async () => {
      await reload();
      flash('plan.status_saved');
    },
  });
  const overdue = action.due_on && action.due_on < today() && ['planned', 'in_progress'].includes(action.status);
  return h(
    'tr',
    { 'data-action': action.id, class: overdue ? 'overdue' : null },
    h('td', { dir: 'auto', class: 'user-text' }, action.description ?? ''),
    h(
      'td',
      { class: 'user-text' },
      [action.responsible_org, action.responsible_role]
        .filter(Boolean)
        .flatMap((text, index) => [index ? ' · ' : null, h('span', { dir: 'auto' }, text)]),
    ),
    h('td', {}, action.due_on ? showDay(h('span'), action.due_on) : h('span', { dir: 'ltr' }, '–'), overdue ? label('span', 'review.overdue', undefined, { class: 'overdue-mark' }) : null),
    h('td', {}, control),
  );
}

function stepActions() {
  const plan = activePlan();
  const actions = plan?.actions ?? [];
  const overdue = actions.filter((a) => a.due_on && a.due_on < today() && ['planned', 'in_progress'].includes(a.status));
  let body;
  if (actions.length === 0) {
    body = h('div', { class: 'step-body' }, label('p', 'review.no_actions', undefined, { class: 'no-records' }));
  } else {
    body = h(
      'div',
      { class: 'step-body' },
      label('p', 'review.actions_lead', undefined, { class: 'hint' }),
      h(
        'table',
        { id: 'review-actions', class: 'record-table review-actions' },
        h('thead', {}, h('tr', {}, ['plan.action_description', 'plan.responsible', 'plan.due_on', 'plan.action_status'].map((k) => label('th', k, undefined, { scope: 'col' })))),
        h('tbody', {}, actions.map(statusRow)),
      ),
    );
  }
  return step(2, 'review.step_actions', overdue.length === 0, body, 'step-actions');
}

function stepAgreement(review) {
  const link = h('a', { id: 'review-agreement-link', class: 'button-link secondary', href: `agreement.html?case=${encodeURIComponent(state.id)}` });
  translate(link, 'review.open_agreement');
  if (!state.view.mentor) {
    return step(3, 'review.step_agreement', true, h('div', { class: 'step-body' }, label('p', 'review.no_mentor', undefined, { class: 'step-fact' })), 'step-agreement');
  }
  const revisions = state.agreements.flatMap((a) => a.revisions ?? []);
  const since = revisions.filter((r) => (r.revised_on ?? '') >= review.started_on);
  const done = since.length > 0;
  const body = h(
    'div',
    { class: 'step-body' },
    done
      ? label('p', 'review.agreement_revised', { date: day(since[since.length - 1].revised_on) }, { class: 'step-fact' })
      : label('p', 'review.agreement_not_revised', undefined, { class: 'step-fact warn' }),
    link,
  );
  return step(3, 'review.step_agreement', done, body, 'step-agreement');
}

function stepSafety(review) {
  const since = state.screens.filter((s) => (s.screened_on ?? '') >= review.started_on);
  const done = since.length > 0;
  if (done) {
    const s = since[since.length - 1];
    const body = h(
      'div',
      { class: 'step-body' },
      h(
        'dl',
        { class: 'facts screen-facts' },
        h('div', { class: 'fact' }, label('dt', 'intake.screened_on'), showDay(h('dd'), s.screened_on)),
        h('div', { class: 'fact' }, label('dt', 'intake.threats_to_participant'), label('dd', `intake.level.${s.threats_to_participant}`)),
        h('div', { class: 'fact' }, label('dt', 'intake.risks_to_staff'), label('dd', `intake.level.${s.risks_to_staff}`)),
      ),
    );
    return step(4, 'review.step_safety', true, body, 'step-safety');
  }
  const form = h(
    'form',
    { id: 'rescreen-form', class: 'block-form inline-form', novalidate: true, autocomplete: 'off' },
    h(
      'div',
      { class: 'grid grid-3' },
      field({ id: 'rescreen-threats-to-participant', key: 'intake.threats_to_participant', kind: 'select', required: true }),
      field({ id: 'rescreen-risks-to-staff', key: 'intake.risks_to_staff', kind: 'select', required: true }),
      field({ id: 'rescreen-screened-on', key: 'intake.screened_on', kind: 'date', required: true }),
      checkField({ id: 'rescreen-female-practitioner-required', key: 'intake.female_practitioner_required' }),
      field({ id: 'rescreen-note', key: 'intake.note', kind: 'textarea', span: true }),
    ),
    h('p', { class: 'form-error', role: 'alert', tabindex: '-1', hidden: true }),
    h('div', { class: 'actions' }, label('button', 'review.safety_save', undefined, { type: 'submit', class: 'primary' })),
  );
  for (const id of ['rescreen-threats-to-participant', 'rescreen-risks-to-staff']) {
    fillOptions(form.querySelector(`#${id}`), LEVELS.map((l) => ({ value: l, key: `intake.level.${l}` })), { value: '', key: 'common.choose' });
  }
  form.querySelector('#rescreen-screened-on').value = today();
  form.querySelector('#rescreen-female-practitioner-required').checked = Boolean(state.view.female_practitioner_required);
  clearErrorOnEdit(form);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    const empty = ['rescreen-threats-to-participant', 'rescreen-risks-to-staff', 'rescreen-screened-on'].filter((id) => $(id).value.trim() === '');
    for (const id of empty) {
      showError(form, id, 'error.required');
    }
    if (empty.length > 0) {
      $(empty[0]).focus();
      return;
    }
    if (!checkDates(form, ['rescreen-screened-on'])) {
      return;
    }
    await busy(form, async () => {
      try {
        await invoke('safety_screen_record', {
          input: {
            case_id: state.id,
            screened_on: $('rescreen-screened-on').value.trim(),
            threats_to_participant: $('rescreen-threats-to-participant').value,
            risks_to_staff: $('rescreen-risks-to-staff').value,
            female_practitioner_required: $('rescreen-female-practitioner-required').checked,
            note: $('rescreen-note').value,
          },
        });
      } catch (error) {
        showCoreError(form, error, 'rescreen', 'intake.error.');
        return;
      }
      await reload();
      flash('review.safety_saved');
      $('review-status').focus();
    });
  });
  const body = h('div', { class: 'step-body' }, label('p', 'review.safety_lead', undefined, { class: 'hint' }), form);
  return step(4, 'review.step_safety', false, body, 'step-safety');
}

/** Steps 5 and 6 share one form: review_save writes all of the review's own fields. */
function stepsFeedbackAndDecision(review) {
  const supervisor = state.user.role === 'supervisor';
  const feedback = field({ id: 'review-participant-feedback', key: 'review.feedback', kind: 'textarea', span: true, hint: 'review.feedback_hint' });
  const family = checkField({ id: 'review-family-rechecked', key: 'review.family_rechecked' });
  const held = field({ id: 'review-held-on', key: 'review.held_on', kind: 'date', required: true });
  const decision = field({ id: 'review-decision', key: 'review.decision', kind: 'select', required: true, hint: supervisor ? null : 'review.decision_hint' });
  const closure = field({ id: 'review-reason', key: 'phase_action.closure_reason', kind: 'select', required: true });
  const form = h('form', { id: 'review-form', class: 'review-form', novalidate: true, autocomplete: 'off' });
  const five = step(
    5,
    'review.step_feedback',
    Boolean(review.family_rechecked),
    h('div', { class: 'step-body' }, h('div', { class: 'grid' }, feedback, family)),
    'step-feedback',
  );
  const result = h('p', { class: 'form-error', role: 'alert', tabindex: '-1', hidden: true });
  const six = step(
    6,
    'review.step_decision',
    Boolean(review.decision),
    h(
      'div',
      { class: 'step-body' },
      h('div', { class: 'grid' }, held, decision, closure),
      result,
      h(
        'div',
        { class: 'actions' },
        label('button', 'review.save', undefined, { type: 'submit', class: 'secondary', id: 'review-save', 'data-sign': 'no' }),
        label('button', 'review.sign', undefined, { type: 'submit', class: 'primary', id: 'review-sign', 'data-sign': 'yes' }),
      ),
    ),
    'step-decision',
  );
  form.append(h('ol', { class: 'review-steps', start: 5 }, five, six));
  const select = form.querySelector('#review-decision');
  const allowed = supervisor ? DECISIONS : DECISIONS.filter((d) => d !== 'close');
  fillOptions(select, allowed.map((d) => ({ value: d, key: `review.decision.${d}` })), { value: '', key: 'common.choose' });
  fillOptions(form.querySelector('#review-reason'), CLOSURE_REASONS.map((c) => ({ value: c, key: `phase_action.reason.${c}` })), { value: '', key: 'common.choose' });
  form.querySelector('#review-participant-feedback').value = review.participant_feedback ?? '';
  form.querySelector('#review-family-rechecked').checked = Boolean(review.family_rechecked);
  form.querySelector('#review-held-on').value = review.held_on ?? today();
  select.value = review.decision ?? '';
  const sync = () => {
    form.querySelector('#review-reason-field').hidden = select.value !== 'close';
  };
  select.addEventListener('change', sync);
  sync();
  clearErrorOnEdit(form);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    const signing = event.submitter?.dataset.sign === 'yes';
    if (!checkDates(form, ['review-held-on'])) {
      return;
    }
    if (signing) {
      const empty = ['review-held-on', 'review-decision'].filter((id) => $(id).value.trim() === '');
      if (select.value === 'close' && $('review-reason').value === '') {
        empty.push('review-reason');
      }
      for (const id of empty) {
        showError(form, id, 'error.required');
      }
      if (!$('review-family-rechecked').checked) {
        showError(form, null, 'review.error.family_rechecked');
      }
      if (empty.length > 0 || !$('review-family-rechecked').checked) {
        (empty.length ? $(empty[0]) : $('review-family-rechecked')).focus();
        return;
      }
    }
    await busy(form, async () => {
      try {
        await invoke('review_save', {
          input: {
            review_id: review.id,
            held_on: $('review-held-on').value.trim(),
            participant_feedback: $('review-participant-feedback').value,
            family_rechecked: $('review-family-rechecked').checked,
            decision: select.value,
          },
        });
        if (signing) {
          const reason = select.value === 'close' ? $('review-reason').value : null;
          state.signed = await invoke('review_sign', { reviewId: review.id, reason });
        }
      } catch (error) {
        if (leaveIfLocked(error)) {
          return;
        }
        const own = error?.field ? `review-${error.field.replaceAll('_', '-')}` : null;
        const where = own && $(`${own}-error`) ? own : null;
        // A too-long text is said with its limit (errorParams), not as the review's own refusal.
        const ownKey = error?.kind !== 'too_long' && error?.field && hasReviewKey(error.field);
        const key = ownKey ? `review.error.${error.field}` : error?.kind === 'gate_not_met' ? 'review.error.gate_not_met' : errorKey(error);
        showError(form, where, key, errorParams(error, where ? $(where) : null));
        form.querySelector('[aria-invalid]')?.focus() ?? result.focus();
        return;
      }
      await reload();
      if (signing) {
        flash('review.signed', { date: day(state.signed?.next_due) });
      } else {
        flash('review.saved');
      }
      $('review-status').focus();
    });
  });
  return form;
}

const REVIEW_ERROR_FIELDS = ['held_on', 'decision', 'family_rechecked', 'safety_screen', 'participant_feedback'];

function hasReviewKey(fieldName) {
  return REVIEW_ERROR_FIELDS.includes(fieldName);
}

function renderOpen() {
  const section = $('review-open');
  const review = openReview();
  const writer = ['case_worker', 'supervisor'].includes(state.user.role) && state.view.phase !== 7;
  const title = label('h2', 'review.open_title', undefined, { id: 'open-title' });
  if (!review) {
    const parts = [title];
    if (state.signed) {
      parts.push(
        h(
          'div',
          { id: 'review-next', class: 'next-review' },
          label('p', 'review.next_due', undefined, { class: 'caption' }),
          showDay(h('p', { class: 'next-date' }), state.signed.next_due),
        ),
      );
    }
    parts.push(label('p', 'review.none_open', undefined, { class: 'no-records' }));
    if (writer && [4, 6].includes(state.view.phase)) {
      const start = label('button', 'review.start', undefined, { type: 'button', id: 'review-start', class: 'primary' });
      start.addEventListener('click', async () => {
        start.disabled = true;
        try {
          await invoke('review_start', { caseId: state.id });
          state.signed = null;
          await reload();
          flash('review.started');
          $('review-status').focus();
        } catch (error) {
          refuse(error);
        } finally {
          start.disabled = false;
        }
      });
      parts.push(h('div', { class: 'actions' }, start));
    }
    section.replaceChildren(...parts);
    return;
  }
  const head = h(
    'div',
    { class: 'block-head' },
    title,
    label('p', 'review.started_on', { date: day(review.started_on) }, { class: 'hint' }),
  );
  if (!writer) {
    section.replaceChildren(head, label('p', 'review.read_only', undefined, { class: 'hint' }));
    return;
  }
  const first = h('ol', { class: 'review-steps' }, stepNeeds(review), stepActions(), stepAgreement(review), stepSafety(review));
  section.replaceChildren(head, first, stepsFeedbackAndDecision(review));
}

function renderPast() {
  const section = $('review-past');
  const past = state.reviews.filter((r) => r.signed_on).reverse();
  const title = label('h2', 'review.past_title', undefined, { id: 'past-title' });
  if (past.length === 0) {
    section.replaceChildren(title, label('p', 'review.no_past', undefined, { class: 'no-records' }));
    return;
  }
  section.replaceChildren(
    title,
    h(
      'table',
      { id: 'past-reviews', class: 'record-table' },
      h('thead', {}, h('tr', {}, ['review.held_on', 'review.decision', 'review.next_due', 'review.signed_on'].map((k) => label('th', k, undefined, { scope: 'col' })))),
      h(
        'tbody',
        {},
        past.map((r) =>
          h(
            'tr',
            {},
            dayCell(r.held_on),
            r.decision ? label('td', `review.decision.${r.decision}`) : h('td', {}, '–'),
            dayCell(r.next_due),
            dayCell(r.signed_on),
          ),
        ),
      ),
    ),
  );
}

function render() {
  renderOpen();
  renderPast();
  markLongRunsIn($('review-open'));
  markLongRunsIn($('review-past'));
}

async function load(user) {
  state.user = user;
  const id = new URLSearchParams(window.location.search).get('case');
  if (!id) {
    const error = { kind: 'not_found' };
    throw error;
  }
  state.id = id;
  $('back').href = `case.html?id=${encodeURIComponent(id)}`;
  $('review-plan-link').href = `plan.html?case=${encodeURIComponent(id)}`;
  await reload();
}

function forget() {
  for (const id of ['review-open', 'review-past', 'review-phase']) {
    $(id).replaceChildren();
  }
  $('review-title').textContent = '';
  $('review-case-number').textContent = '';
}

async function start() {
  watchLongRuns();
  const user = await openSignedInPage({ page: PAGE, roles: ['case_worker', 'supervisor'], load, forget });
  if (user) {
    $('review-title').focus();
  }
}

start();
