/*
 * The phase and gate panel of the case screen: what the next gate still
 * lacks, each code from case_gate said as a plain sentence (with a button
 * that opens the form that records it), the transition buttons of the
 * reader's role (the forward step; End intake for the case worker; Close
 * case for a supervisor), the forms that ask for an ending's reason and a
 * confirmation before the case closes, and a refusal shown as its reason
 * From the plan phase on: "Open the plan" beside Start implementation;
 * Start the review (which opens the review) then the review page; in the
 * review phase only a link to continue it there (a review finishes by its
 * signature); in follow-up also Back to implementation.
 * in a role="alert" line. A closed case shows why it closed and nothing
 * that writes. People's text (an ending's note) reaches the page as text.
 */

import { day, hasTranslation, translate } from './i18n.js';
import { invoke } from './ipc.js';
import { fillOptions, h, label } from './dom.js';
import { clearErrorOnEdit, clearErrors, errorKey, errorParams, showError } from './form.js';
import { confirmStep, field, formEnd, say } from './case-fields.js';
import { leaveIfLocked } from './session.js';

/** Why a supervisor may close a case (domain/phase.rs CLOSURE_REASONS). */
export const CLOSURE_REASONS = ['goals_met', 'moved_away', 'withdrew', 're_arrested', 'died', 'transferred'];
/** How an intake may end without a programme (domain/phase.rs INTAKE_OUTCOMES). */
export const INTAKE_OUTCOMES = ['declined', 'not_eligible'];

const $ = (id) => document.getElementById(id);
const CONSENT_CODES = ['consent', 'child_assent', 'guardian_consent'];

/** The catalog key (and parameters) of one missing thing. */
export function missingSentence(item) {
  if (CONSENT_CODES.includes(item.code)) {
    const key = `gate.missing.${item.code}.${item.purpose}`;
    return [hasTranslation(key) ? key : `gate.missing.${item.code}`, undefined];
  }
  if (item.code === 'actions_for_domains') {
    return [item.count === 1 ? 'gate.missing.actions_for_domains_one' : 'gate.missing.actions_for_domains', { count: item.count }];
  }
  if (item.code === 'domains_unscored') {
    return ['gate.missing.domains_unscored', { count: item.count, total: item.total }];
  }
  const key = `gate.missing.${item.code}`;
  return [hasTranslation(key) ? key : 'gate.missing.unknown', undefined];
}

/** The catalog key of a refused transition's reason. */
function refusalKey(error) {
  const key = `gate.refused.${error?.kind}`;
  return hasTranslation(key) ? key : errorKey(error);
}

/**
 * Builds the panel in `panel` once; returns { show(gate, view) } to fill it.
 * `context` = { caseId, role, refresh(), record(item) } where record opens
 * the form that records a missing item (null for items of other screens).
 */
export function createGate(panel, context) {
  const title = h('h2', { id: 'gate-title', tabindex: '-1' });
  const lead = h('p', { id: 'gate-lead', class: 'gate-lead' });
  const list = h('ul', { id: 'gate-missing', class: 'gate-missing' });
  const ending = h('div', { id: 'gate-ending', class: 'gate-ending' });
  const actions = h('div', { id: 'gate-actions', class: 'actions gate-actions' });
  const form = h('div', { id: 'gate-form-place' });
  const refusal = h('p', { id: 'gate-error', class: 'form-error', role: 'alert', tabindex: '-1', hidden: true });
  const done = h('p', { id: 'gate-done', class: 'success flash', role: 'status', hidden: true });
  panel.replaceChildren(title, lead, list, ending, actions, form, refusal, done);

  function refuse(error) {
    if (leaveIfLocked(error)) {
      return;
    }
    translate(refusal, refusalKey(error));
    refusal.hidden = false;
    refusal.focus();
  }

  /** Moves the case; a refusal goes to `onRefused` (the panel's error line unless given). */
  async function move(input, button, onRefused = refuse) {
    say(refusal, null);
    say(done, null);
    button.disabled = true;
    try {
      const gate = await invoke('case_transition', { input: { case_id: context.caseId, ...input } });
      form.replaceChildren();
      await context.refresh();
      done.replaceChildren(label('span', 'gate.moved_to'), ' ', label('strong', `phase.${gate.phase}`));
      done.hidden = false;
      title.focus();
      return true;
    } catch (error) {
      onRefused(error);
      return false;
    } finally {
      button.disabled = false;
    }
  }

  /** The form of an ending (end intake or close) with its confirmation step. */
  function endingForm(kind, opener) {
    const closing = kind === 'close';
    const prefix = closing ? 'close' : 'end';
    const choice = field({
      id: `${prefix}-reason`,
      key: closing ? 'phase_action.closure_reason' : 'phase_action.outcome',
      kind: 'select',
      required: true,
    });
    const note = field({
      id: `${prefix}-note`,
      key: closing ? 'phase_action.close_note' : 'phase_action.end_reason',
      kind: 'textarea',
      required: !closing,
      hint: closing ? 'phase_action.close_note_hint' : 'phase_action.end_reason_hint',
    });
    const confirmPlace = h('div', { class: 'confirm-place' });
    const built = h(
      'form',
      { id: `${prefix}-form`, class: 'block-form', novalidate: true, autocomplete: 'off' },
      label('h3', closing ? 'phase_action.close_title' : 'phase_action.end_title'),
      label('p', closing ? 'phase_action.close_lead' : 'phase_action.end_lead', undefined, { class: 'hint form-lead' }),
      h('div', { class: 'grid' }, choice, note),
      confirmPlace,
      ...formEnd(closing ? 'phase_action.close_continue' : 'phase_action.end_continue'),
    );
    const codes = closing ? CLOSURE_REASONS : INTAKE_OUTCOMES;
    fillOptions(
      built.querySelector('select'),
      codes.map((c) => ({ value: c, key: `phase_action.${closing ? 'reason' : 'outcome'}.${c}` })),
      { value: '', key: 'common.choose' },
    );
    clearErrorOnEdit(built);
    const cancel = () => {
      form.replaceChildren();
      opener.setAttribute('aria-expanded', 'false');
      opener.focus();
    };
    built.querySelector('[data-cancel]').addEventListener('click', cancel);
    built.addEventListener('submit', (event) => {
      event.preventDefault();
      clearErrors(built);
      const required = closing ? [`${prefix}-reason`] : [`${prefix}-reason`, `${prefix}-note`];
      const empty = required.filter((id) => $(id).value.trim() === '');
      if (empty.length > 0) {
        for (const id of empty) {
          showError(built, id, 'error.required');
        }
        $(empty[0]).focus();
        return;
      }
      const code = $(`${prefix}-reason`).value;
      const buttons = built.querySelector('.actions');
      const step = confirmStep(confirmPlace, {
        questionKey: closing ? `phase_action.close_confirm.${code}` : `phase_action.end_confirm.${code}`,
        yesKey: closing ? 'phase_action.close_yes' : 'phase_action.end_yes',
        noKey: 'phase_action.go_back',
        returnTo: $(`${prefix}-reason`),
        hide: buttons,
        onYes: async (yes) => {
          const text = $(`${prefix}-note`).value;
          const input = closing
            ? { transition: 'close', reason: code, note: text }
            : { transition: 'end_intake', outcome: code, reason: text };
          // The typed text is `reason` when ending an intake, `note` when closing.
          const textField = closing ? 'note' : 'reason';
          let besideNote = false;
          const moved = await move(input, yes, (error) => {
            besideNote = error?.field === textField && ['too_long', 'invalid_input'].includes(error?.kind);
            if (besideNote) {
              const note = $(`${prefix}-note`);
              showError(built, note.id, errorKey(error), errorParams(error));
            } else {
              refuse(error);
            }
          });
          if (!moved) {
            step.back();
            (besideNote ? $(`${prefix}-note`) : refusal).focus();
          }
        },
      });
    });
    form.replaceChildren(built);
    opener.setAttribute('aria-expanded', 'true');
    built.querySelector('select').focus();
  }

  function actionButton(key, attrs, onClick) {
    const button = label('button', key, undefined, { type: 'button', ...attrs });
    button.addEventListener('click', () => onClick(button));
    return button;
  }

  /** A link that looks like a button to another page of this case. */
  function pageLink(page, key, id, kind) {
    const link = label('a', key, undefined, { id, class: `button-link ${kind}`, href: `${page}?case=${encodeURIComponent(context.caseId)}` });
    return link;
  }

  function showClosed(view) {
    translate(title, 'gate.closed_title');
    const reason = view.closure_reason;
    const outcome = view.intake_outcome;
    if (outcome) {
      translate(lead, 'gate.ended_intake', { date: day(view.closed_on) });
    } else {
      translate(lead, 'gate.closed_on', { date: day(view.closed_on) });
    }
    const facts = h('dl', { class: 'ending-facts' });
    if (outcome) {
      facts.append(h('div', {}, label('dt', 'phase_action.outcome'), label('dd', `phase_action.outcome.${outcome}`)));
    }
    if (reason) {
      facts.append(h('div', {}, label('dt', 'phase_action.closure_reason'), label('dd', `phase_action.reason.${reason}`)));
    }
    if (view.ending_note) {
      const noteKey = outcome ? 'phase_action.end_reason' : 'phase_action.close_note';
      facts.append(h('div', {}, label('dt', noteKey), h('dd', { dir: 'auto', class: 'ending-note' }, view.ending_note)));
    }
    ending.replaceChildren(facts.childElementCount ? facts : '', label('p', 'gate.read_only', undefined, { class: 'hint' }));
  }

  function showMissing(gate, writer) {
    const next = gate.next;
    translate(title, `gate.next.${next}`);
    if (gate.missing.length === 0) {
      translate(lead, 'gate.ready');
      panel.classList.add('gate-ready');
      return;
    }
    translate(lead, 'gate.still_missing');
    for (const item of gate.missing) {
      const [key, params] = missingSentence(item);
      const sentence = label('span', key, params, { class: 'missing-text' });
      const row = h('li', { 'data-code': item.code }, sentence);
      const opener = writer ? context.record?.(item) : null;
      if (opener) {
        const id = `gate-item-${list.childElementCount}`;
        sentence.id = id;
        const go = label('button', 'gate.record', undefined, { type: 'button', class: 'quiet-button', 'aria-describedby': id });
        go.addEventListener('click', () => opener());
        row.append(go);
      }
      list.append(row);
    }
  }

  function show(gate, view) {
    const role = context.role;
    const closed = gate.phase === 7;
    const writer = !closed && (role === 'case_worker' || role === 'supervisor');
    panel.classList.toggle('gate-closed', closed);
    panel.classList.remove('gate-ready');
    say(refusal, null);
    list.replaceChildren();
    ending.replaceChildren();
    actions.replaceChildren();
    lead.textContent = '';
    if (closed) {
      form.replaceChildren();
      showClosed(view);
      return;
    }
    if (role === 'mentor') {
      translate(title, `phase.${gate.phase}`);
      translate(lead, 'gate.mentor_lead');
      return;
    }
    if (gate.next) {
      showMissing(gate, writer);
    } else {
      translate(title, 'gate.no_next_title');
      translate(lead, 'gate.no_next');
    }
    if (!writer) {
      return;
    }
    const ready = gate.missing.length === 0;
    if (gate.phase === 5) {
      // The review is finished only by signing it on the review page.
      actions.append(pageLink('review.html', 'review.gate_continue', 'gate-review', 'primary'));
    } else if (gate.next === 'start_review') {
      actions.append(
        actionButton('phase_action.start_review', { id: 'gate-move', class: 'primary' }, async (button) => {
          if (await move({ transition: 'start_review' }, button)) {
            window.location.assign(`review.html?case=${encodeURIComponent(context.caseId)}`);
          }
        }),
      );
    } else if (gate.next) {
      actions.append(
        actionButton(`phase_action.${gate.next}`, { id: 'gate-move', class: ready ? 'primary' : 'secondary' }, (button) =>
          move({ transition: gate.next }, button),
        ),
      );
    }
    if (gate.phase === 3) {
      actions.append(pageLink('plan.html', 'plan.gate_open', 'gate-plan', ready ? 'secondary' : 'primary'));
    }
    if (gate.phase === 6) {
      actions.append(
        actionButton('review.gate_back_to_implementation', { id: 'gate-back', class: 'secondary' }, (button) =>
          move({ transition: 'return_to_implementation' }, button),
        ),
      );
    }
    if (gate.phase === 0 && role === 'case_worker') {
      actions.append(
        actionButton('phase_action.end_intake', { id: 'gate-end-intake', class: 'secondary' }, (button) => {
          say(refusal, null);
          endingForm('end_intake', button);
        }),
      );
    }
    if (role === 'supervisor') {
      actions.append(
        actionButton('phase_action.close', { id: 'gate-close', class: 'secondary danger-outline' }, (button) => {
          say(refusal, null);
          endingForm('close', button);
        }),
      );
    }
  }

  return { show, clearMessages: () => say(done, null) };
}
