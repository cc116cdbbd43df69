/*
 * Mentoring agreement controller (agreement.html?case=<id>): asks the core
 * for the case (case_open: the mentor's username and the participant's
 * name), every agreement version (case_agreements) and the newest plan's
 * goals (case_plans), and shows the version in force (acknowledged: its
 * details, goals, members, who acknowledged when, the next revision date,
 * the three-monthly revision form and the revisions made), the draft being
 * prepared (agreement_draft / agreement_save / agreement_goal_save /
 * agreement_member_add / agreement_acknowledge) and earlier versions. A
 * member not assessed as a positive resource is admitted only by a
 * supervisor with a written override reason; anyone else is told so
 * plainly. After every action the page asks the core again. A closed case
 * shows no form. People's text reaches the page only as text nodes.
 */

import { day, showDay, translate } from '../i18n.js';
import { invoke } from '../ipc.js';
import { fillOptions, h, label } from '../dom.js';
import { clearErrorOnEdit, clearErrors, showError } from '../form.js';
import { leaveIfLocked, openSignedInPage, showFailure } from '../session.js';
import { busy, checkDates, field, foldingForm, formEnd, say, showCoreError, today } from '../case-fields.js';
import { markLongRunsIn, watchLongRuns } from '../long-runs.js';

const PAGE = 'agreement.html';
const CLOSED = 7;
const WRITERS = ['case_worker', 'supervisor', 'mentor'];
const OUTCOMES = ['implemented', 'partly', 'not'];
const SATISFACTION = [1, 2, 3, 4, 5];
const $ = (id) => document.getElementById(id);

const state = { caseId: null, user: null, caseView: null, versions: [], planGoals: [] };

function canWrite() {
  return WRITERS.includes(state.user?.role) && state.caseView?.phase !== CLOSED;
}

function isSupervisor() {
  return state.user?.role === 'supervisor';
}

function menteeName() {
  return state.caseView?.name_latin || state.caseView?.name_urdu || state.caseView?.case_number || '';
}

function status(key, params) {
  say($('agreement-status-line'), key, params);
  if (key) {
    $('agreement-status-line').focus();
  }
}

/** A core error in `form`: a refusal of a member says plainly why; others go beside their field. */
function failed(form, error, prefix) {
  if (leaveIfLocked(error)) {
    return;
  }
  if (error?.kind === 'forbidden' && prefix === 'member') {
    showError(form, null, 'agreement.member_forbidden').focus();
    return;
  }
  if (error?.kind === 'frozen' || error?.kind === 'case_closed') {
    showError(form, null, `agreement.error_${error.kind}`).focus();
    return;
  }
  showCoreError(form, error, prefix, 'agreement.invalid.');
}

// --- read-only pieces -----------------------------------------------------------

function fact(key, value, extra = {}) {
  return h('div', { class: 'fact', ...extra }, label('dt', key), value);
}

function textValue(raw, attrs = {}) {
  return raw
    ? h('dd', { dir: 'auto', class: 'note', ...attrs }, String(raw))
    : label('dd', 'agreement.not_set', undefined, { class: 'unrecorded', ...attrs });
}

function dateValue(raw, attrs = {}) {
  return raw ? showDay(h('dd', { class: 'date-value', ...attrs }), raw) : label('dd', 'agreement.not_set', undefined, { class: 'unrecorded', ...attrs });
}

function detailFacts(agreement, idPrefix) {
  return h(
    'dl',
    { class: 'facts agreement-facts' },
    fact('agreement.start_on', dateValue(agreement.start_on, { id: `${idPrefix}-start-on` })),
    fact('agreement.meeting_frequency', textValue(agreement.meeting_frequency)),
    fact('agreement.venue', textValue(agreement.venue)),
    fact('agreement.focus_areas', textValue(agreement.focus_areas), { class: 'fact span-all' }),
    fact('agreement.safety_note', textValue(agreement.safety_note), { class: 'fact span-all' }),
  );
}

function planGoalText(key) {
  const goal = state.planGoals.find((g) => g.item_key === key);
  return goal ? goal.description : null;
}

function goalList(goals, { onEdit = null } = {}) {
  if (goals.length === 0) {
    return label('p', 'agreement.no_goals', undefined, { class: 'no-records' });
  }
  return h(
    'ol',
    { class: 'agreement-goals' },
    goals.map((goal) => {
      const linked = goal.plan_goal_key ? planGoalText(goal.plan_goal_key) : null;
      const edit = onEdit ? label('button', 'agreement.goal_edit', undefined, { type: 'button', class: 'quiet-button' }) : null;
      edit?.addEventListener('click', () => onEdit(goal, edit));
      return h(
        'li',
        { class: 'agreement-goal', 'data-goal': goal.id },
        h('p', { class: 'goal-text', dir: 'auto' }, goal.goal ?? ''),
        goal.plan_goal_key
          ? h(
            'p',
            { class: 'goal-link' },
            label('span', 'agreement.serves_plan_goal', undefined, { class: 'goal-link-label' }),
            linked ? h('span', { dir: 'auto' }, linked) : label('span', 'agreement.plan_goal_elsewhere'),
          )
          : null,
        h(
          'dl',
          { class: 'goal-parts' },
          fact('agreement.mentee_will', textValue(goal.mentee_will)),
          fact('agreement.mentor_will', textValue(goal.mentor_will)),
        ),
        edit,
      );
    }),
  );
}

function memberList(members) {
  if (members.length === 0) {
    return label('p', 'agreement.no_members', undefined, { class: 'no-records' });
  }
  return h(
    'ul',
    { class: 'agreement-members' },
    members.map((member) => {
      const overridden = !member.positive;
      return h(
        'li',
        { class: overridden ? 'agreement-member overridden' : 'agreement-member', 'data-member': member.name ?? '' },
        h(
          'p',
          { class: 'member-head' },
          h('span', { class: 'member-name', dir: 'auto' }, member.name ?? ''),
          h('span', { class: 'member-relation', dir: 'auto' }, member.relation ?? ''),
          label(
            'span',
            overridden ? 'agreement.member_overridden' : 'agreement.member_positive',
            undefined,
            { class: overridden ? 'member-badge badge-override' : 'member-badge badge-positive' },
          ),
        ),
        member.assessment_note
          ? h('p', { class: 'member-note' }, label('span', 'agreement.assessment_note', undefined, { class: 'detail-label' }), h('span', { dir: 'auto' }, member.assessment_note))
          : null,
        overridden
          ? h('p', { class: 'member-override' }, label('span', 'agreement.override_reason', undefined, { class: 'detail-label' }), h('span', { dir: 'auto' }, member.override_reason ?? ''))
          : null,
      );
    }),
  );
}

function ackList(agreement) {
  const row = (party, who, on) => h(
    'li',
    { class: on ? 'ack ack-done' : 'ack ack-waiting', 'data-party': party },
    label('span', `agreement.party_${party}`, undefined, { class: 'ack-party' }),
    h('span', { class: 'ack-who', dir: 'auto' }, who),
    on
      ? label('span', 'agreement.acknowledged_on', { date: day(on) }, { class: 'ack-state state-in-force' })
      : label('span', 'agreement.not_acknowledged', undefined, { class: 'ack-state state-waiting' }),
  );
  return h(
    'ul',
    { class: 'acks', id: `acks-${agreement.id}` },
    row('mentee', menteeName(), agreement.mentee_ack_on),
    row('mentor', state.caseView?.mentor ?? '', agreement.mentor_ack_on),
  );
}

function revisionList(view) {
  const revisions = [...view.revisions].sort((a, b) => String(b.revised_on).localeCompare(String(a.revised_on)));
  if (revisions.length === 0) {
    return label('p', 'agreement.no_revisions', undefined, { class: 'no-records' });
  }
  const goalText = (id) => view.goals.find((g) => g.id === id)?.goal ?? '';
  return h(
    'ul',
    { class: 'revisions' },
    revisions.map((revision) => h(
      'li',
      { class: 'revision' },
      h(
        'p',
        { class: 'revision-head' },
        label('span', 'agreement.revised_on', { date: day(revision.revised_on) }, { class: 'revision-date' }),
        label('span', 'agreement.satisfaction_shown', { score: revision.satisfaction }, { class: 'revision-score' }),
        label('span', 'agreement.next_due_shown', { date: day(revision.next_due) }, { class: 'revision-next' }),
      ),
      h(
        'ul',
        { class: 'revision-outcomes' },
        view.outcomes
          .filter((o) => o.revision_id === revision.id)
          .map((o) => h(
            'li',
            {},
            h('span', { dir: 'auto' }, goalText(o.goal_id)),
            label('span', `agreement.outcome.${o.outcome}`, undefined, { class: `outcome outcome-${o.outcome}` }),
          )),
      ),
      revision.changed_goals
        ? h('p', { class: 'member-note' }, label('span', 'agreement.changed_goals', undefined, { class: 'detail-label' }), h('span', { dir: 'auto' }, revision.changed_goals))
        : null,
    )),
  );
}

function subhead(key, id) {
  return label('h3', key, undefined, { id, class: 'version-subhead' });
}

// --- the version in force -----------------------------------------------------

function revisionForm(view) {
  const form = h('form', { id: 'revise-form', class: 'block-form', novalidate: true, autocomplete: 'off' });
  const outcomes = view.goals.map((goal, index) => {
    const id = `revise-outcome-${index}`;
    const wrapper = field({ id, key: 'agreement.outcome_of', kind: 'select', required: true });
    wrapper.querySelector('label').prepend(label('span', 'agreement.outcome_of', undefined, { class: 'outcome-of' }), ' ', h('span', { dir: 'auto', class: 'outcome-goal' }, goal.goal ?? ''));
    wrapper.querySelector('label > span:nth-of-type(3)').remove();
    const select = wrapper.querySelector('select');
    select.dataset.goal = goal.id;
    fillOptions(select, OUTCOMES.map((o) => ({ value: o, key: `agreement.outcome.${o}` })), { value: '', key: 'common.choose' });
    return wrapper;
  });
  const scores = h(
    'fieldset',
    { id: 'revise-satisfaction', class: 'field satisfaction span-2', 'aria-describedby': 'revise-satisfaction-hint revise-satisfaction-error' },
    h('legend', {}, label('span', 'agreement.satisfaction'), label('span', 'common.required', undefined, { class: 'required' })),
    h(
      'div',
      { class: 'scale' },
      SATISFACTION.map((n) => h(
        'label',
        { class: 'scale-choice', for: `revise-satisfaction-${n}` },
        h('input', { type: 'radio', name: 'revise-satisfaction', id: `revise-satisfaction-${n}`, value: String(n) }),
        h('span', { dir: 'ltr' }, String(n)),
      )),
    ),
    label('p', 'agreement.satisfaction_hint', undefined, { id: 'revise-satisfaction-hint', class: 'hint' }),
    h('p', { id: 'revise-satisfaction-error', class: 'field-error', role: 'alert', hidden: true }),
  );
  form.append(
    label('h3', 'agreement.revise_title'),
    label('p', 'agreement.revise_lead', undefined, { class: 'form-lead hint' }),
    h(
      'div',
      { class: 'grid' },
      ...outcomes,
      scores,
      field({ id: 'revise-changed-goals', key: 'agreement.changed_goals', kind: 'textarea', span: true, hint: 'agreement.changed_goals_hint' }),
      field({ id: 'revise-revised-on', key: 'agreement.revised_on_field', kind: 'date', required: true }),
    ),
    ...formEnd('agreement.revise_save'),
  );
  clearErrorOnEdit(form);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    const chosen = form.querySelector('input[name="revise-satisfaction"]:checked');
    const missing = view.goals.map((_, i) => `revise-outcome-${i}`).filter((id) => !$(id).value);
    if (missing.length) {
      for (const id of missing) {
        showError(form, id, 'agreement.outcome_required');
      }
      $(missing[0]).focus();
      return;
    }
    if (!chosen) {
      showError(form, 'revise-satisfaction', 'agreement.satisfaction_required');
      $('revise-satisfaction-1').focus();
      return;
    }
    if (!$('revise-revised-on').value.trim()) {
      showError(form, 'revise-revised-on', 'error.required');
      $('revise-revised-on').focus();
      return;
    }
    if (!checkDates(form, ['revise-revised-on'])) {
      return;
    }
    const input = {
      agreement_id: view.agreement.id,
      revised_on: $('revise-revised-on').value.trim(),
      satisfaction: Number(chosen.value),
      changed_goals: $('revise-changed-goals').value,
      outcomes: view.goals.map((goal, i) => ({ goal_id: goal.id, outcome: $(`revise-outcome-${i}`).value })),
    };
    try {
      const saved = await busy(form, () => invoke('agreement_revise', { input }));
      await refresh();
      status('agreement.revised', { date: day(saved.agreement.next_revision_due) });
    } catch (error) {
      failed(form, error, 'revise');
    }
  });
  return form;
}

function showCurrent(view) {
  const section = $('agreement-current');
  if (!view) {
    section.hidden = true;
    section.replaceChildren();
    return;
  }
  const a = view.agreement;
  const head = h(
    'div',
    { class: 'block-head' },
    label('h2', 'agreement.current_title', { version: a.version_no }, { id: 'current-title' }),
    label('span', 'agreement.status.acknowledged', undefined, { class: 'version-badge badge-acknowledged', id: 'current-status' }),
  );
  const due = h(
    'div',
    { class: 'next-revision' },
    label('span', 'agreement.next_revision', undefined, { class: 'next-label' }),
    showDay(h('span', { id: 'next-revision', class: 'next-date' }), a.next_revision_due),
  );
  const parts = [head, due, detailFacts(a, 'current'), subhead('agreement.acks_title', 'current-acks-title'), ackList(a)];
  parts.push(subhead('agreement.goals_title', 'current-goals-title'), goalList(view.goals));
  parts.push(subhead('agreement.members_title', 'current-members-title'), memberList(view.members));
  parts.push(subhead('agreement.revisions_title', 'current-revisions-title'), revisionList(view));
  if (canWrite()) {
    const open = label('button', 'agreement.revise_open', undefined, { type: 'button', id: 'revise-open', class: 'primary' });
    const form = revisionForm(view);
    const folding = foldingForm(form, open, () => {
      form.reset();
      $('revise-revised-on').value = today();
    });
    parts.push(h('div', { class: 'version-actions' }, open), form);
    if (view.goals.length === 0) {
      open.disabled = true;
      parts.push(label('p', 'agreement.revise_needs_goals', undefined, { class: 'hint' }));
    }
    void folding;
  }
  section.replaceChildren(...parts);
  section.hidden = false;
}

// --- the draft ---------------------------------------------------------------

function detailsForm(a) {
  const form = h(
    'form',
    { id: 'details-form', class: 'block-form', novalidate: true, autocomplete: 'off' },
    h(
      'div',
      { class: 'grid' },
      field({ id: 'details-start-on', key: 'agreement.start_on', kind: 'date' }),
      field({ id: 'details-meeting-frequency', key: 'agreement.meeting_frequency', hint: 'agreement.meeting_frequency_hint' }),
      field({ id: 'details-venue', key: 'agreement.venue', span: true }),
      field({ id: 'details-focus-areas', key: 'agreement.focus_areas', kind: 'textarea', span: true }),
      field({ id: 'details-safety-note', key: 'agreement.safety_note', kind: 'textarea', span: true, hint: 'agreement.safety_note_hint' }),
    ),
    ...formEnd('agreement.details_save'),
  );
  form.querySelector('[data-cancel]').remove();
  const values = { 'details-start-on': a.start_on ?? '', 'details-meeting-frequency': a.meeting_frequency ?? '', 'details-venue': a.venue ?? '', 'details-focus-areas': a.focus_areas ?? '', 'details-safety-note': a.safety_note ?? '' };
  for (const [id, value] of Object.entries(values)) {
    form.querySelector(`#${id}`).value = value;
  }
  clearErrorOnEdit(form);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    if (!checkDates(form, ['details-start-on'])) {
      return;
    }
    const input = {
      agreement_id: a.id,
      start_on: $('details-start-on').value.trim(),
      focus_areas: $('details-focus-areas').value,
      meeting_frequency: $('details-meeting-frequency').value,
      venue: $('details-venue').value,
      safety_note: $('details-safety-note').value,
    };
    try {
      await busy(form, () => invoke('agreement_save', { input }));
      await refresh();
      status('agreement.details_saved');
    } catch (error) {
      failed(form, error, 'details');
    }
  });
  return form;
}

function goalForm(a) {
  const form = h(
    'form',
    { id: 'goal-form', class: 'block-form', novalidate: true, autocomplete: 'off' },
    label('h3', 'agreement.goal_form_title', undefined, { id: 'goal-form-title' }),
    h('input', { type: 'hidden', id: 'goal-id', value: '' }),
    h(
      'div',
      { class: 'grid' },
      field({ id: 'goal-goal', key: 'agreement.goal', kind: 'textarea', span: true, required: true }),
      field({ id: 'goal-plan-goal-key', key: 'agreement.plan_goal', kind: 'select', span: true, hint: 'agreement.plan_goal_hint' }),
      field({ id: 'goal-mentee-will', key: 'agreement.mentee_will', kind: 'textarea' }),
      field({ id: 'goal-mentor-will', key: 'agreement.mentor_will', kind: 'textarea' }),
    ),
    ...formEnd('agreement.goal_save'),
  );
  fillOptions(
    form.querySelector('#goal-plan-goal-key'),
    state.planGoals.map((g) => ({ value: g.item_key, text: g.description ?? '', dir: 'auto' })),
    { value: '', key: 'agreement.plan_goal_none' },
  );
  clearErrorOnEdit(form);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    if (!$('goal-goal').value.trim()) {
      showError(form, 'goal-goal', 'error.required');
      $('goal-goal').focus();
      return;
    }
    const input = {
      agreement_id: a.id,
      goal_id: $('goal-id').value,
      plan_goal_key: $('goal-plan-goal-key').value,
      goal: $('goal-goal').value,
      mentee_will: $('goal-mentee-will').value,
      mentor_will: $('goal-mentor-will').value,
    };
    try {
      await busy(form, () => invoke('agreement_goal_save', { input }));
      await refresh();
      status('agreement.goal_saved');
    } catch (error) {
      failed(form, error, 'goal');
    }
  });
  return form;
}

function memberForm(a) {
  const positive = h(
    'fieldset',
    { id: 'member-positive', class: 'field choice-row span-2', 'aria-describedby': 'member-positive-error' },
    h('legend', {}, label('span', 'agreement.positive_question'), label('span', 'common.required', undefined, { class: 'required' })),
    h(
      'div',
      { class: 'choices' },
      h('label', { class: 'choice', for: 'member-positive-yes' }, h('input', { type: 'radio', name: 'member-positive', id: 'member-positive-yes', value: 'yes' }), label('span', 'common.yes')),
      h('label', { class: 'choice', for: 'member-positive-no' }, h('input', { type: 'radio', name: 'member-positive', id: 'member-positive-no', value: 'no' }), label('span', 'common.no')),
    ),
    h('p', { id: 'member-positive-error', class: 'field-error', role: 'alert', hidden: true }),
  );
  const rule = label('p', isSupervisor() ? 'agreement.override_rule_supervisor' : 'agreement.member_forbidden', undefined, { id: 'member-rule', class: 'notice compact span-2', hidden: true });
  const override = field({ id: 'member-override-reason', key: 'agreement.override_reason', kind: 'textarea', span: true, required: true, hint: 'agreement.override_reason_hint' });
  override.hidden = true;
  const form = h(
    'form',
    { id: 'member-form', class: 'block-form', novalidate: true, autocomplete: 'off' },
    label('h3', 'agreement.member_form_title'),
    h(
      'div',
      { class: 'grid' },
      field({ id: 'member-name', key: 'agreement.member_name', required: true }),
      field({ id: 'member-relation', key: 'agreement.member_relation', required: true, hint: 'agreement.member_relation_hint' }),
      positive,
      field({ id: 'member-assessment-note', key: 'agreement.assessment_note', kind: 'textarea', span: true }),
      rule,
      override,
    ),
    ...formEnd('agreement.member_save'),
  );
  const answer = () => form.querySelector('input[name="member-positive"]:checked')?.value ?? '';
  form.addEventListener('change', (event) => {
    if (event.target.name === 'member-positive') {
      const no = answer() === 'no';
      rule.hidden = !no;
      override.hidden = !(no && isSupervisor());
    }
  });
  clearErrorOnEdit(form);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    for (const id of ['member-name', 'member-relation']) {
      if (!$(id).value.trim()) {
        showError(form, id, 'error.required');
        $(id).focus();
        return;
      }
    }
    if (!answer()) {
      showError(form, 'member-positive', 'agreement.positive_required');
      $('member-positive-yes').focus();
      return;
    }
    const no = answer() === 'no';
    if (no && isSupervisor() && !$('member-override-reason').value.trim()) {
      showError(form, 'member-override-reason', 'agreement.override_required');
      $('member-override-reason').focus();
      return;
    }
    const input = {
      agreement_id: a.id,
      name: $('member-name').value,
      relation: $('member-relation').value,
      positive: !no,
      assessment_note: $('member-assessment-note').value,
      override_reason: no && isSupervisor() ? $('member-override-reason').value : '',
    };
    try {
      await busy(form, () => invoke('agreement_member_add', { input }));
      await refresh();
      status(no ? 'agreement.member_admitted_override' : 'agreement.member_added');
    } catch (error) {
      failed(form, error, 'member');
    }
  });
  return form;
}

function ackForms(a) {
  const forms = [];
  for (const party of ['mentee', 'mentor']) {
    if (a[`${party}_ack_on`]) {
      continue;
    }
    const id = `ack-${party}`;
    const form = h(
      'form',
      { id: `${id}-form`, class: 'block-form ack-form', novalidate: true, autocomplete: 'off' },
      h(
        'div',
        { class: 'ack-row' },
        field({ id: `${id}-on`, key: `agreement.ack_on_${party}`, kind: 'date', required: true }),
        label('button', `agreement.ack_save_${party}`, undefined, { type: 'submit', class: 'primary', id: `${id}-save` }),
      ),
      h('p', { class: 'form-error', role: 'alert', tabindex: '-1', hidden: true }),
    );
    form.querySelector(`#${id}-on`).value = today();
    clearErrorOnEdit(form);
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearErrors(form);
      if (!$(`${id}-on`).value.trim()) {
        showError(form, `${id}-on`, 'error.required');
        return;
      }
      if (!checkDates(form, [`${id}-on`])) {
        return;
      }
      try {
        const saved = await busy(form, () => invoke('agreement_acknowledge', { input: { agreement_id: a.id, party, on: $(`${id}-on`).value.trim() } }));
        await refresh();
        status(saved.agreement.status === 'acknowledged' ? 'agreement.now_acknowledged' : 'agreement.ack_recorded', { date: day(saved.agreement.next_revision_due) });
      } catch (error) {
        failed(form, error, `ack_${party}`);
      }
    });
    forms.push(form);
  }
  return forms;
}

function showDraft(view) {
  const section = $('agreement-draft');
  if (!view) {
    section.hidden = true;
    section.replaceChildren();
    return;
  }
  const a = view.agreement;
  const head = h(
    'div',
    { class: 'block-head' },
    label('h2', 'agreement.draft_title', { version: a.version_no }, { id: 'draft-title' }),
    label('span', 'agreement.status.draft', undefined, { class: 'version-badge badge-draft', id: 'draft-status' }),
  );
  const parts = [head, label('p', 'agreement.draft_lead', undefined, { class: 'hint section-hint' })];
  const writable = canWrite();
  parts.push(subhead('agreement.details_title', 'draft-details-title'));
  parts.push(writable ? detailsForm(a) : detailFacts(a, 'draft'));
  parts.push(subhead('agreement.goals_title', 'draft-goals-title'));
  let goalFolding = null;
  parts.push(goalList(view.goals, {
    onEdit: writable
      ? (goal) => {
        goalFolding.open();
        $('goal-id').value = goal.id;
        $('goal-goal').value = goal.goal ?? '';
        $('goal-plan-goal-key').value = goal.plan_goal_key ?? '';
        $('goal-mentee-will').value = goal.mentee_will ?? '';
        $('goal-mentor-will').value = goal.mentor_will ?? '';
        markLongRunsIn($('goal-form'));
        translate($('goal-form-title'), 'agreement.goal_form_edit');
      }
      : null,
  }));
  if (writable) {
    const add = label('button', 'agreement.goal_add', undefined, { type: 'button', id: 'goal-add', class: 'secondary' });
    const form = goalForm(a);
    goalFolding = foldingForm(form, add, () => {
      form.reset();
      $('goal-id').value = '';
      translate($('goal-form-title'), 'agreement.goal_form_title');
    });
    parts.push(h('div', { class: 'version-actions' }, add), form);
  }
  parts.push(subhead('agreement.members_title', 'draft-members-title'));
  parts.push(label('p', 'agreement.members_lead', undefined, { class: 'hint' }));
  parts.push(memberList(view.members));
  if (writable) {
    const add = label('button', 'agreement.member_add', undefined, { type: 'button', id: 'member-add', class: 'secondary' });
    const form = memberForm(a);
    foldingForm(form, add, () => {
      form.reset();
      $('member-rule').hidden = true;
      $('member-override-reason-field').hidden = true;
    });
    parts.push(h('div', { class: 'version-actions' }, add), form);
  }
  parts.push(subhead('agreement.acks_title', 'draft-acks-title'));
  parts.push(label('p', 'agreement.acks_lead', undefined, { class: 'hint' }));
  parts.push(ackList(a));
  if (writable) {
    parts.push(...ackForms(a));
  }
  section.replaceChildren(...parts);
  section.hidden = false;
}

// --- earlier versions ----------------------------------------------------------

function showEarlier(views) {
  $('agreement-earlier').hidden = views.length === 0;
  $('earlier-list').replaceChildren(
    ...views
      .slice()
      .reverse()
      .map((view) => h(
        'details',
        { class: 'earlier-version' },
        h(
          'summary',
          {},
          label('span', 'agreement.version_n', { version: view.agreement.version_no }),
          label('span', `agreement.status.${view.agreement.status}`, undefined, { class: 'version-badge badge-superseded' }),
        ),
        detailFacts(view.agreement, `v${view.agreement.version_no}`),
        ackList(view.agreement),
        subhead('agreement.goals_title'),
        goalList(view.goals),
        subhead('agreement.members_title'),
        memberList(view.members),
        subhead('agreement.revisions_title'),
        revisionList(view),
      )),
  );
}

// --- loading -------------------------------------------------------------------

function showHead() {
  const c = state.caseView;
  $('case-number').textContent = c.case_number ?? '';
  const parties = $('agreement-parties');
  parties.replaceChildren(
    label('span', 'agreement.party_mentee', undefined, { class: 'party-label' }),
    h('span', { dir: 'auto', class: 'party-name', id: 'mentee-name' }, menteeName()),
    label('span', 'agreement.party_mentor', undefined, { class: 'party-label' }),
    c.mentor
      ? h('span', { dir: 'ltr', class: 'party-name', id: 'mentor-name' }, c.mentor)
      : label('span', 'agreement.no_mentor', undefined, { class: 'unrecorded', id: 'mentor-name' }),
  );
  $('case-link').href = `case.html?id=${encodeURIComponent(state.caseId)}`;
  $('print-link').href = `print-agreement.html?case=${encodeURIComponent(state.caseId)}`;
  $('closed-note').hidden = c.phase !== CLOSED;
}

async function startDraft(button) {
  button.disabled = true;
  say($('page-error'), null);
  try {
    await invoke('agreement_draft', { caseId: state.caseId });
    await refresh();
    status('agreement.draft_started');
    $('draft-title')?.focus();
  } catch (error) {
    button.disabled = false;
    if (!leaveIfLocked(error)) {
      const key = error?.kind === 'invalid_input' && error?.field === 'mentor' ? 'agreement.no_mentor_matched' : null;
      if (key) {
        translate($('page-error'), key);
        $('page-error').hidden = false;
      } else {
        showFailure($('page-error'), error);
      }
      $('page-error').focus();
    }
  }
}

function show() {
  const views = state.versions;
  const current = views.find((v) => v.agreement.status === 'acknowledged') ?? null;
  const draft = views.find((v) => v.agreement.status === 'draft') ?? null;
  const earlier = views.filter((v) => v.agreement.status === 'superseded');
  $('agreement-none').hidden = views.length > 0;
  $('start-first').hidden = !canWrite();
  showCurrent(current);
  showDraft(draft);
  showEarlier(earlier);
  if (current && !draft && canWrite()) {
    const next = label('button', 'agreement.new_version', undefined, { type: 'button', id: 'new-version', class: 'secondary' });
    next.addEventListener('click', () => startDraft(next));
    $('agreement-current').querySelector('.version-actions')?.append(next);
  }
  markLongRunsIn(document.querySelector('main'));
}

async function refresh() {
  state.versions = await invoke('case_agreements', { caseId: state.caseId });
  show();
}

async function loadPlanGoals() {
  try {
    const plans = await invoke('case_plans', { caseId: state.caseId });
    const newest = plans.length ? plans[plans.length - 1] : null;
    state.planGoals = newest ? newest.goals : [];
  } catch (error) {
    if (leaveIfLocked(error)) {
      throw error;
    }
    state.planGoals = [];
  }
}

function forget() {
  state.caseView = null;
  state.versions = [];
  state.planGoals = [];
  for (const id of ['agreement-current', 'agreement-draft', 'earlier-list', 'agreement-parties']) {
    $(id).replaceChildren();
  }
  $('case-number').textContent = '';
}

async function load(user) {
  state.user = user;
  state.caseId = new URLSearchParams(window.location.search).get('case');
  if (!state.caseId) {
    const error = { kind: 'not_found' };
    throw error;
  }
  state.caseView = await invoke('case_open', { id: state.caseId });
  showHead();
  await loadPlanGoals();
  await refresh();
}

async function start() {
  watchLongRuns();
  $('start-first').addEventListener('click', () => startDraft($('start-first')));
  const user = await openSignedInPage({ page: PAGE, roles: WRITERS, load, forget });
  if (user) {
    $('agreement-title').focus();
  }
}

start();
