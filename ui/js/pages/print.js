/*
 * Printable sheets (print-plan.html, print-agreement.html, each opened by
 * its own small module with printPage's settings): builds one A4
 * sheet for signatures on paper from what the core sends for the case
 * (case_open for the case number and the participant's name, case_plans or
 * case_agreements for the document; the core never sends tier-3 fields for
 * these), and saves exactly what is shown as a PDF through the shell's
 * document_save_pdf (WebKit's own print operation, A4). The sheet never
 * names the programme and shows no scores. Code values go through the
 * catalogs; people's text only through text nodes; Latin values (case
 * numbers, dates, user names) are isolated so Urdu pages keep their order;
 * calendar days as the shown catalog writes them (formatDay).
 * The suggested file name is neutral (document-<date>.pdf).
 */

import { hasTranslation, showDay, translate, untranslate } from '../i18n.js';
import { invoke } from '../ipc.js';
import { h, label } from '../dom.js';
import { leaveIfLocked } from '../session.js';
import { today } from '../case-fields.js';
import { markLongRunsIn, watchLongRuns } from '../long-runs.js';

const $ = (id) => document.getElementById(id);
const ROLES = ['case_worker', 'supervisor', 'mentor'];

/** A Latin value (date, number, user name) kept whole inside either direction. */
function ltr(value) {
  return h('bdi', { dir: 'ltr' }, String(value ?? ''));
}

/** A calendar day as the shown language writes days, kept whole inside either direction. */
function dayOf(value) {
  return showDay(h('bdi'), value);
}

/** People's own text, in whichever script they typed it. */
function typed(value) {
  return h('bdi', { dir: 'auto' }, String(value ?? ''));
}

function row(list, key, ...value) {
  list.append(label('dt', key), h('dd', {}, ...value));
}

function blank(key) {
  return label('span', key, undefined, { class: 'sheet-blank' });
}

/** The participant's name as the case shows it: Latin and Urdu script when both are set. */
function participantName(view) {
  const parts = [];
  if (view.name_latin) {
    parts.push(typed(view.name_latin));
  }
  if (view.name_urdu) {
    if (parts.length) {
      parts.push(' · ');
    }
    parts.push(h('bdi', { lang: 'ur', dir: 'rtl' }, view.name_urdu));
  }
  return parts.length ? parts : [blank('print.none')];
}

function head(view, extra) {
  const list = $('sheet-head');
  list.replaceChildren();
  row(list, 'print.case_number', ltr(view.case_number));
  row(list, 'print.participant', ...participantName(view));
  for (const [key, ...value] of extra) {
    row(list, key, ...value);
  }
}

function section(titleKey, ...children) {
  return h('section', { class: 'sheet-section' }, label('h2', titleKey), ...children);
}

function textOrNone(value) {
  return value ? typed(value) : blank('print.none');
}

/** Signature, name and date lines for each party in `keys`. */
function signLines(keys) {
  $('sign-lines').replaceChildren(
    ...keys.map((key) =>
      h(
        'div',
        { class: 'sign-block' },
        label('h3', key),
        h('p', { class: 'sign-line' }, label('span', 'print.signature')),
        h('p', { class: 'sign-line' }, label('span', 'print.name')),
        h('p', { class: 'sign-line sign-date' }, label('span', 'print.date')),
      ),
    ),
  );
}

/** The domains of a goal, stored as a JSON list or a comma-separated list. */
function domainsOf(goal) {
  const raw = goal.domains;
  if (Array.isArray(raw)) {
    return raw;
  }
  const text = String(raw ?? '').trim();
  if (text.startsWith('[')) {
    try {
      return JSON.parse(text);
    } catch {
      return [];
    }
  }
  return text ? text.split(',').map((part) => part.trim()).filter(Boolean) : [];
}

function newest(list) {
  return [...list].sort((a, b) => (b.version_no ?? 0) - (a.version_no ?? 0))[0] ?? null;
}

function showPlan(view, plans) {
  const found = newest(plans.map((p) => ({ ...p, version_no: p.plan.version_no })));
  if (!found) {
    $('sheet-body').replaceChildren(label('p', 'print.no_plan', undefined, { class: 'sheet-empty' }));
    head(view, []);
    signLines([]);
    return false;
  }
  const { plan, goals, actions } = found;
  head(view, [
    ['print.version', ltr(plan.version_no)],
    ['print.status', label('span', `print.plan_status.${plan.status}`)],
    ['print.signed_on', plan.signed_on ? dayOf(plan.signed_on) : blank('print.not_yet')],
    ['print.signed_off_on', plan.signed_off_on ? dayOf(plan.signed_off_on) : blank('print.not_yet')],
  ]);
  const goalBlocks = goals
    .slice()
    .sort((a, b) => (a.position ?? 0) - (b.position ?? 0))
    .map((goal, index) => {
      const own = actions
        .filter((action) => action.goal_id === goal.id)
        .sort((a, b) => (a.position ?? 0) - (b.position ?? 0));
      const domains = domainsOf(goal).map((code) => label('li', `domain.${code}`));
      const details = h('dl', { class: 'goal-details' });
      row(details, 'print.domains', domains.length ? h('ul', { class: 'domain-list' }, ...domains) : blank('print.none'));
      row(details, 'print.success', textOrNone(goal.success_measure));
      const table = own.length
        ? h(
            'table',
            { class: 'action-table' },
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                label('th', 'print.action', undefined, { scope: 'col' }),
                label('th', 'print.responsible', undefined, { scope: 'col' }),
                label('th', 'print.due', undefined, { scope: 'col' }),
                label('th', 'print.action_status', undefined, { scope: 'col' }),
              ),
            ),
            h(
              'tbody',
              {},
              ...own.map((action) =>
                h(
                  'tr',
                  {},
                  h('td', { class: 'user-text' }, typed(action.description)),
                  h(
                    'td',
                    { class: 'user-text' },
                    typed(action.responsible_org),
                    action.responsible_role ? h('span', { class: 'sub' }, typed(action.responsible_role)) : null,
                  ),
                  h('td', {}, action.due_on ? dayOf(action.due_on) : blank('print.none')),
                  h('td', {}, label('span', `print.action_status.${action.status}`)),
                ),
              ),
            ),
          )
        : label('p', 'print.no_actions', undefined, { class: 'sheet-empty' });
      return h(
        'div',
        { class: 'goal' },
        h('h3', {}, ltr(`${index + 1}.`), ' ', typed(goal.description)),
        details,
        table,
      );
    });
  const agreement = h('dl', { class: 'sheet-pairs' });
  row(
    agreement,
    'print.participant_agreement',
    label('span', `print.agreement_value.${plan.participant_agreement || 'none'}`),
    plan.agreement_on ? [' · ', dayOf(plan.agreement_on)] : null,
  );
  if (plan.child_view) {
    row(agreement, 'print.child_view', typed(plan.child_view));
  }
  if (plan.guardian_view) {
    row(agreement, 'print.guardian_view', typed(plan.guardian_view));
  }
  $('sheet-body').replaceChildren(
    section('print.goals', ...(goalBlocks.length ? goalBlocks : [blank('print.none')])),
    section('print.participant_agreement', agreement),
  );
  signLines(['print.sign_participant', 'print.sign_case_worker', 'print.sign_supervisor']);
  return true;
}

/** The agreement to print: the newest version not yet replaced. */
function agreementToPrint(list) {
  return newest(list.filter((a) => a.agreement.status !== 'superseded').map((a) => ({ ...a, version_no: a.agreement.version_no })));
}

function showAgreement(view, agreements) {
  const found = agreementToPrint(agreements);
  if (!found) {
    $('sheet-body').replaceChildren(label('p', 'print.no_agreement', undefined, { class: 'sheet-empty' }));
    head(view, []);
    signLines([]);
    return false;
  }
  const { agreement, goals, members } = found;
  head(view, [
    ['print.mentor', view.mentor ? ltr(view.mentor) : blank('print.none')],
    ['print.version', ltr(agreement.version_no)],
    ['print.status', label('span', `print.agreement_status.${agreement.status}`)],
    ['print.start_on', agreement.start_on ? dayOf(agreement.start_on) : blank('print.none')],
  ]);
  const terms = h('dl', { class: 'sheet-pairs' });
  row(terms, 'print.focus_areas', textOrNone(agreement.focus_areas));
  row(terms, 'print.meeting_frequency', textOrNone(agreement.meeting_frequency));
  row(terms, 'print.venue', textOrNone(agreement.venue));
  row(terms, 'print.safety_note', textOrNone(agreement.safety_note));
  const goalTable = goals.length
    ? h(
        'table',
        { class: 'action-table' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            label('th', 'print.goal', undefined, { scope: 'col' }),
            label('th', 'print.mentee_will', undefined, { scope: 'col' }),
            label('th', 'print.mentor_will', undefined, { scope: 'col' }),
          ),
        ),
        h(
          'tbody',
          {},
          ...goals.map((goal) =>
            h(
              'tr',
              {},
              h('td', { class: 'user-text' }, typed(goal.goal)),
              h('td', { class: 'user-text' }, textOrNone(goal.mentee_will)),
              h('td', { class: 'user-text' }, textOrNone(goal.mentor_will)),
            ),
          ),
        ),
      )
    : blank('print.none');
  const memberList = members.length
    ? h(
        'ul',
        { class: 'member-list' },
        ...members.map((member) =>
          h(
            'li',
            {},
            typed(member.name),
            ' · ',
            typed(member.relation),
            Number(member.positive) === 1 ? null : [' · ', label('span', 'print.member_agreed_by_supervisor', undefined, { class: 'sub' })],
          ),
        ),
      )
    : blank('print.none');
  const acknowledged = h('dl', { class: 'sheet-pairs' });
  row(acknowledged, 'print.ack_mentee', agreement.mentee_ack_on ? dayOf(agreement.mentee_ack_on) : blank('print.not_yet'));
  row(acknowledged, 'print.ack_mentor', agreement.mentor_ack_on ? dayOf(agreement.mentor_ack_on) : blank('print.not_yet'));
  $('sheet-body').replaceChildren(
    section('print.terms', terms),
    section('print.goals', goalTable),
    section('print.members', memberList),
    section('print.acknowledged', acknowledged),
  );
  signLines(['print.sign_mentee', 'print.sign_mentor']);
  return true;
}

function wireSave(caseId, hasDocument) {
  const form = $('print-tools');
  const path = $('path');
  const error = $('path-error');
  const saved = $('saved');
  path.value = `~/Documents/document-${today()}.pdf`;
  $('save-pdf').disabled = !hasDocument;
  path.addEventListener('input', () => {
    error.hidden = true;
    path.removeAttribute('aria-invalid');
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const button = $('save-pdf');
    button.disabled = true;
    error.hidden = true;
    saved.hidden = true;
    form.setAttribute('aria-busy', 'true');
    try {
      await invoke('document_save_pdf', { path: path.value });
      // The path as typed, isolated so its own direction stays inside it.
      translate(saved, 'print.saved', { path: `\u2068${path.value.trim()}\u2069` });
      saved.hidden = false;
    } catch (failure) {
      if (leaveIfLocked(failure)) {
        return;
      }
      const key = `print.error.${String(failure?.kind ?? '').replace(/^print_/, '')}`;
      translate(error, hasTranslation(key) ? key : 'print.error.failed');
      error.hidden = false;
      path.setAttribute('aria-invalid', 'true');
      path.focus();
    } finally {
      button.disabled = false;
      form.setAttribute('aria-busy', 'false');
    }
  });
  $('back').href = `case.html?id=${encodeURIComponent(caseId)}`;
  $('back').addEventListener('click', (event) => {
    if (window.history.length > 1) {
      event.preventDefault();
      window.history.back();
    }
  });
}

async function load(kind) {
  watchLongRuns();
  const caseId = new URLSearchParams(window.location.search).get('case');
  if (!caseId) {
    const error = { kind: 'not_found' };
    throw error;
  }
  const view = await invoke('case_open', { id: caseId });
  const found =
    kind === 'plan'
      ? showPlan(view, await invoke('case_plans', { caseId }))
      : showAgreement(view, await invoke('case_agreements', { caseId }));
  markLongRunsIn($('sheet'));
  $('sheet').hidden = false;
  wireSave(caseId, found);
}

function forget() {
  for (const id of ['sheet-head', 'sheet-body', 'sign-lines']) {
    $(id)?.replaceChildren();
  }
  untranslate($('saved'));
}

/** What openSignedInPage needs to open the printable `kind` ('plan' or 'agreement'). */
export function printPage(kind) {
  return { page: `print-${kind}.html`, roles: ROLES, load: () => load(kind), forget };
}
