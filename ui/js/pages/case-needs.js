/*
 * The needs section of the case screen, mounted by the case page with
 * mountNeeds(container, caseId, context), context = { role, phase, closed,
 * refresh } (refresh() reloads the case page's gate panel). It lists the
 * case's assessments from case_assessments (date, status, assessor, who
 * signed off and when), says what the current one still needs ("2 of 24
 * domains still to score", "awaiting a supervisor's sign-off"), offers to
 * start or continue an assessment (the case worker, phase 1 or later, case
 * not closed; a refusal is shown with its reason), to review and sign off
 * (supervisors, on the assessment page, so the whole assessment is read
 * first) and to correct a signed-off one (a new version; both stay
 * readable); a refusal redraws the section with its reason and reloads
 * the gate, since the case changed elsewhere. It draws the chart of
 * scores over time (chart.js). Only what the core sent for this reader is
 * shown: a mentor gets no restricted domain because the core sends none.
 * Also exports the helpers the assessment page shares: people's names and
 * error keys.
 */

import { day, hasTranslation, showDay, t } from '../i18n.js';
import { invoke } from '../ipc.js';
import { h, label } from '../dom.js';
import { errorKey } from '../form.js';
import { go } from '../route.js';
import { leaveIfLocked } from '../session.js';
import { DOMAINS, keepNeedsChart } from '../chart.js';

/** The catalog key for a refusal on the needs pages: assess.error.<kind>[.<field>] first. */
export function assessmentErrorKey(error) {
  const kind = error?.kind ?? 'unknown';
  if (error?.field && hasTranslation(`assess.error.${kind}.${error.field}`)) {
    return `assess.error.${kind}.${error.field}`;
  }
  if (hasTranslation(`assess.error.${kind}`)) {
    return `assess.error.${kind}`;
  }
  return errorKey(error);
}

/** Usernames by user id: the reader and the colleagues the core lists. */
export async function peopleNames(user) {
  const names = new Map();
  if (user?.id) {
    names.set(user.id, user.username);
  }
  if (user && ['case_worker', 'supervisor'].includes(user.role)) {
    try {
      for (const colleague of await invoke('user_colleagues')) {
        names.set(colleague.id, colleague.username);
      }
    } catch (error) {
      if (error.kind === 'locked') {
        throw error;
      }
    }
  }
  return names;
}

/** A person's username, or the catalog's `fallback` words when the reader may not know it. */
export function nameOf(names, id, fallback) {
  return id && names.has(id) ? names.get(id) : t(fallback);
}

/** How many domains of one assessment have neither a score nor a reason. */
export function unscoredIn(item) {
  const done = new Set(
    item.scores
      .filter((score) => Number.isInteger(score.score) || score.not_assessed_reason)
      .map((score) => score.domain),
  );
  return DOMAINS.filter((code) => !done.has(code)).length;
}

function pageOf(caseId, assessmentId) {
  return `assessment.html?case=${encodeURIComponent(caseId)}&id=${encodeURIComponent(assessmentId)}`;
}

/** The sentence saying where the current assessment stands. */
function stateLine(items, context) {
  const draft = items.find((item) => item.assessment.status === 'draft');
  const signed = [...items].reverse().find((item) => item.assessment.status === 'signed_off');
  if (draft) {
    const missing = unscoredIn(draft);
    if (missing > 0) {
      return label('p', 'needs.state_missing', { count: missing, total: DOMAINS.length, date: day(draft.assessment.assessed_on) }, {
        class: 'needs-state pending-state',
      });
    }
    return label('p', 'needs.state_awaiting', { date: day(draft.assessment.assessed_on) }, { class: 'needs-state pending-state' });
  }
  if (signed) {
    return label('p', 'needs.state_signed', { date: day(signed.assessment.assessed_on) }, { class: 'needs-state done-state' });
  }
  if (context.phase >= 1) {
    return label('p', 'needs.state_none', undefined, { class: 'needs-state pending-state' });
  }
  return label('p', 'needs.state_intake', undefined, { class: 'needs-state' });
}

function statusCell(a) {
  return h(
    'td',
    {},
    label('span', `assess.status.${a.status}`, undefined, { class: `status-badge status-${a.status}` }),
    a.corrects_id ? label('span', 'needs.is_correction', undefined, { class: 'hint correction-mark' }) : null,
  );
}

function signOffCell(a, names) {
  if (!a.signed_off_on) {
    return label('td', 'needs.not_signed', undefined, { class: 'unrecorded' });
  }
  return h(
    'td',
    {},
    showDay(h('span', { class: 'since' }), a.signed_off_on),
    ' ',
    h('span', { dir: 'auto' }, nameOf(names, a.signed_off_by, 'needs.a_supervisor')),
  );
}

/** The reader's may-write: the case's own case worker or a supervisor, not closed. */
function writes(context) {
  return ['case_worker', 'supervisor'].includes(context.role) && !context.closed;
}

function actionCell(item, items, caseId, context, showError) {
  const a = item.assessment;
  const cell = h('td', { class: 'needs-actions' });
  if (context.role === 'mentor') {
    return cell;
  }
  const open = (key, cls) => label('a', key, undefined, { class: cls, href: pageOf(caseId, a.id), 'data-assessment': a.id });
  if (a.status === 'draft' && writes(context)) {
    // The case worker continues a draft from the button of the section's head.
    if (context.role === 'supervisor') {
      cell.append(open(unscoredIn(item) === 0 ? 'needs.review_sign_off' : 'needs.review', 'button-link small'));
    } else {
      cell.append(open('needs.open', 'button-link secondary small'));
    }
    return cell;
  }
  cell.append(open('needs.open', 'button-link secondary small'));
  const latestSigned = [...items].reverse().find((other) => other.assessment.status === 'signed_off');
  const draftOpen = items.some((other) => other.assessment.status === 'draft');
  if (a.status === 'signed_off' && item === latestSigned && writes(context) && !draftOpen) {
    const button = label('button', 'needs.correct', undefined, { type: 'button', class: 'secondary small', 'data-correct': a.id });
    button.addEventListener('click', async () => {
      button.disabled = true;
      try {
        const view = await invoke('assessment_correct', { assessmentId: a.id });
        go(pageOf(caseId, view.assessment.id));
      } catch (error) {
        button.disabled = false;
        if (!leaveIfLocked(error)) {
          showError(error);
        }
      }
    });
    cell.append(button);
  }
  return cell;
}

function assessmentTable(items, caseId, context, names, showError) {
  const head = h(
    'tr',
    {},
    ['needs.col_date', 'needs.col_status', 'needs.col_assessor', 'needs.col_signed_off', 'needs.col_actions'].map((key) =>
      label('th', key, undefined, { scope: 'col' }),
    ),
  );
  const rows = [...items].reverse().map((item) =>
    h(
      'tr',
      { 'data-assessment': item.assessment.id, 'data-status': item.assessment.status },
      showDay(h('td', { class: 'since' }), item.assessment.assessed_on),
      statusCell(item.assessment),
      h('td', { dir: 'auto' }, nameOf(names, item.assessment.assessor_id, 'needs.a_colleague')),
      signOffCell(item.assessment, names),
      actionCell(item, items, caseId, context, showError),
    ),
  );
  return h('div', { class: 'table-wrap' }, h('table', { class: 'needs-table' }, h('thead', {}, head), h('tbody', {}, rows)));
}

/** The Start (or Continue) button of the section head, or null. */
function startButton(items, caseId, context, showError) {
  if (context.role !== 'case_worker' || context.closed || !(context.phase >= 1)) {
    return null;
  }
  const draft = items.find((item) => item.assessment.status === 'draft');
  if (draft) {
    return label('a', 'needs.continue_assessment', undefined, {
      id: 'needs-start',
      class: 'button-link',
      href: pageOf(caseId, draft.assessment.id),
    });
  }
  // A new assessment after a signed-off one is a re-assessment, due from
  // service mapping on; in phase 1 a signed-off assessment is corrected instead.
  if (items.length > 0 && context.phase < 2) {
    return null;
  }
  const button = label('button', items.length > 0 ? 'needs.start_again' : 'needs.start', undefined, {
    type: 'button',
    id: 'needs-start',
    class: 'primary inline',
  });
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      const view = await invoke('assessment_start', { caseId });
      go(pageOf(caseId, view.assessment.id));
    } catch (error) {
      button.disabled = false;
      if (!leaveIfLocked(error)) {
        showError(error);
      }
    }
  });
  return button;
}

function specialistList(refs) {
  if (!refs.length) {
    return null;
  }
  return h(
    'div',
    { class: 'needs-specialist' },
    label('h3', 'assess.specialist_title'),
    h(
      'ul',
      { class: 'specialist-list' },
      refs.map((ref) =>
        h(
          'li',
          {},
          showDay(h('span', { class: 'since' }), ref.assessed_on),
          h('span', { class: 'specialist-tool', dir: 'auto' }, ref.tool ?? ''),
          h('span', {}, label('span', 'assess.specialist_band_caption'), ' ', h('bdi', { dir: 'auto', class: 'specialist-band' }, ref.summary_band ?? '')),
        ),
      ),
    ),
  );
}

let stopChart = () => {};

/** Adds the needs styles to the case page once (the page links only its own). */
function linkStyles() {
  if (!document.querySelector('link[href="css/assessment.css"]')) {
    document.head.append(h('link', { rel: 'stylesheet', href: 'css/assessment.css' }));
  }
}

/**
 * Renders the needs section of case `caseId` into `container`. The section
 * changes nothing in place: starting and correcting go on to the assessment
 * page, so the case page (and its gate) is loaded afresh on the way back.
 */
export async function mountNeeds(container, caseId, context = {}, refusal = null) {
  linkStyles();
  stopChart();
  const problem = h('p', { class: 'form-error needs-error', role: 'alert', hidden: true });
  const tell = (error) => {
    problem.replaceChildren(label('span', assessmentErrorKey(error)));
    problem.hidden = false;
  };
  // A refusal means the case changed elsewhere (another window, a colleague):
  // the section is drawn afresh with the reason on top, and the gate reloaded.
  const showError = (error) => {
    mountNeeds(container, caseId, context, error);
    if (typeof context.refresh === 'function') {
      Promise.resolve(context.refresh()).catch(() => {});
    }
  };
  const title = label('h2', 'needs.title', undefined, { id: 'needs-title' });
  const section = h('section', { class: 'needs-section', id: 'needs-section', 'aria-labelledby': 'needs-title' });
  container.replaceChildren(section);
  let data;
  let names;
  try {
    const status = await invoke('app_status');
    [data, names] = await Promise.all([invoke('case_assessments', { caseId }), peopleNames(status.user)]);
  } catch (error) {
    if (leaveIfLocked(error)) {
      return;
    }
    section.append(title, problem);
    tell(error);
    return;
  }
  const items = data.assessments;
  const head = h('div', { class: 'needs-head' }, title, startButton(items, caseId, context, showError));
  section.append(head, problem);
  if (refusal) {
    tell(refusal);
  }
  if (context.role === 'mentor' && items.length === 0) {
    section.append(label('p', 'needs.mentor_hint', undefined, { class: 'hint' }));
    return;
  }
  section.append(stateLine(items, context));
  if (items.length === 0) {
    return;
  }
  section.append(assessmentTable(items, caseId, context, names, showError));
  const chart = h('div', { class: 'chart-wrap', id: 'needs-chart' });
  // Without specialist references there is no list (append() would write "null").
  const specialists = specialistList(data.specialist ?? []);
  section.append(h('div', { class: 'needs-chart-box' }, label('h3', 'needs.chart_heading'), chart), ...(specialists ? [specialists] : []));
  stopChart = keepNeedsChart(chart, () => items);
}
