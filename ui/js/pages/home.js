/*
 * Home controller: shows who is signed in and their role, as the core
 * reports them each time the page is shown, and the user's drafts (forms
 * left unsaved by a lock or a failed save), each with Resume (opens the
 * form with what was typed) and Discard. Then the work of the role, from
 * the core's `home` answer: reviews due within 14 days and overdue (most
 * overdue first), what awaits a supervisor's signature, plan actions
 * overdue by responsible organisation, and for a mentor their mentees
 * (case_list) and the agreement revisions due; each item links to the
 * page where it is done, and an empty list says so. Each list holds at
 * most the core's most urgent few; a note under it says how many there
 * are in all (counting stops at the core's cap: "or more"). The frame
 * (session.js) shows the links of that role and the Lock button.
 */

import { day, showTime, translate, untranslate } from '../i18n.js';
import { h, label } from '../dom.js';
import { invoke } from '../ipc.js';
import { discardDraft, listDrafts } from '../drafts.js';
import { leaveIfLocked, openSignedInPage, showFailure } from '../session.js';
import { markLongRunsIn, watchLongRuns } from '../long-runs.js';

const PAGE = 'home.html';
const $ = (id) => document.getElementById(id);

function showSession(user) {
  $('signed-in-user').textContent = user.username;
  translate($('signed-in-role'), `role.${user.role}`);
}

/** Where Resume goes for a draft key (case:new or case:<id>), or null for a form this page does not know. */
function resumeHref(key) {
  if (key === 'case:new') {
    return 'case-form.html?resume=1';
  }
  const id = key.startsWith('case:') ? key.slice('case:'.length) : null;
  return id ? `case-form.html?id=${encodeURIComponent(id)}&resume=1` : null;
}

/** What a draft is; its case number (Latin, from the draft) kept whole and left to right in the sentence. */
function draftLabel(draft) {
  if (draft.form === 'case:new') {
    return label('span', 'drafts.new_case', null, { class: 'draft-what' });
  }
  const number = draft.payload?.case_number;
  return number
    ? label('span', 'drafts.edit_case', { number: `\u2066${number}\u2069` }, { class: 'draft-what' })
    : label('span', 'drafts.edit_case_unknown', null, { class: 'draft-what' });
}

function draftRow(draft) {
  const resume = label('a', 'drafts.resume', null, { class: 'button-link', href: resumeHref(draft.form) });
  const discard = label('button', 'drafts.discard', null, { type: 'button', class: 'secondary' });
  const row = h(
    'li',
    { class: 'draft', 'data-form': draft.form },
    draftLabel(draft),
    showTime(h('span', { class: 'draft-when', dir: 'auto' }), draft.updated_at),
    h('span', { class: 'draft-actions' }, resume, discard),
  );
  discard.addEventListener('click', async () => {
    discard.disabled = true;
    try {
      await discardDraft(draft.form);
      row.remove();
      $('drafts').hidden = $('draft-list').childElementCount === 0;
    } catch (error) {
      discard.disabled = false;
      showFailure($('page-error'), error);
    }
  });
  return row;
}

async function showDrafts() {
  let drafts;
  try {
    drafts = (await listDrafts()).filter((d) => resumeHref(d.form));
  } catch (error) {
    if (!leaveIfLocked(error)) {
      showFailure($('page-error'), error);
    }
    return;
  }
  $('draft-list').replaceChildren(...drafts.map(draftRow));
  $('drafts').hidden = drafts.length === 0;
}

// --- the work of the role ---------------------------------------------------------

const WORK_LISTS = ['reviews', 'awaiting', 'overdue', 'mentees', 'revisions'];

/** Where an item awaiting a signature is signed. */
const AWAITING_PAGES = {
  assessment: (id) => `assessment.html?case=${id}`,
  plan: (id) => `plan.html?case=${id}`,
  legal_basis: (id) => `case.html?id=${id}#intake-legal`,
  disclosure: (id) => `case-work.html?case=${id}`,
};

function fill(name, items) {
  const list = $(`home-${name}-list`);
  list.replaceChildren(...items);
  $(`home-${name}-empty`).hidden = items.length > 0;
}

function number(text) {
  return h('span', { class: 'case-number', dir: 'ltr' }, text ?? '');
}

function standing(item) {
  return item.standing === 'overdue'
    ? label('span', 'home.overdue_by', { days: item.days }, { class: 'work-badge badge-overdue' })
    : label('span', 'home.due_in', { days: item.days }, { class: 'work-badge badge-due' });
}

function dueLine(item) {
  return label('span', 'home.due_on', { date: day(item.due) }, { class: 'work-date' });
}

function workItem({ href, standingOf = null, className = '', parts }) {
  return h(
    'li',
    { class: `work-item ${standingOf ? `standing-${standingOf.standing}` : ''} ${className}`.trim() },
    h('a', { href, class: 'work-link' }, ...parts),
    standingOf ? standing(standingOf) : null,
  );
}

/** Most overdue first, then the soonest due. */
function byUrgency(a, b) {
  const weight = (item) => (item.standing === 'overdue' ? -item.days : item.days);
  return weight(a) - weight(b);
}

function showReviews(reviews) {
  fill('reviews', [...reviews].sort(byUrgency).map((item) => workItem({
    href: `review.html?case=${encodeURIComponent(item.case_id)}`,
    standingOf: item,
    parts: [number(item.case_number), label('span', 'home.review_of'), dueLine(item)],
  })));
}

function showAwaiting(awaiting) {
  fill('awaiting', awaiting.map((item) => workItem({
    href: (AWAITING_PAGES[item.kind] ?? ((id) => `case.html?id=${id}`))(encodeURIComponent(item.case_id)),
    parts: [
      number(item.case_number),
      label('span', `home.awaiting.${item.kind}`),
      label('span', 'home.waiting_since', { date: day(String(item.since ?? '').slice(0, 10)) }, { class: 'work-date' }),
    ],
  })));
}

function showOverdue(groups) {
  const list = $('home-overdue-list');
  list.replaceChildren(...groups.map((group) => h(
    'div',
    { class: 'work-group' },
    h('h3', { dir: 'auto' }, group.organisation),
    h('ul', { class: 'work-items' }, group.actions.map((action) => workItem({
      href: `plan.html?case=${encodeURIComponent(action.case_id)}`,
      className: 'standing-overdue',
      parts: [number(action.case_number), label('span', 'home.action_due_on', { date: day(action.due_on) }, { class: 'work-date' })],
    }))),
  )));
  $('home-overdue-empty').hidden = groups.length > 0;
}

function showMentees(cases) {
  fill('mentees', cases.map((item) => h(
    'li',
    { class: 'work-item mentee' },
    h('a', { href: `case.html?id=${encodeURIComponent(item.id)}`, class: 'work-link' }, number(item.case_number), h('span', { dir: 'auto', class: 'mentee-name' }, item.name_latin || item.name_urdu || ''), label('span', `phase.${item.phase ?? 0}`, undefined, { class: 'work-date' })),
    label('a', 'home.open_agreement', undefined, { href: `agreement.html?case=${encodeURIComponent(item.id)}`, class: 'button-link secondary small-link' }),
  )));
}

function showRevisions(revisions, known) {
  fill('revisions', [...revisions].sort(byUrgency).map((item) => {
    const who = known.get(item.case_id);
    return workItem({
      href: `agreement.html?case=${encodeURIComponent(item.case_id)}`,
      standingOf: item,
      className: 'revision-due',
      parts: [
        who?.number || item.case_number ? number(who?.number || item.case_number) : null,
        who?.name ? h('span', { dir: 'auto', class: 'mentee-name' }, who.name) : null,
        label('span', 'home.revision_of'),
        dueLine(item),
      ],
    });
  }));
}

/** Under a list cut to its most urgent items, says how many there are in all. */
function showMore(name, shown, total, cap) {
  const section = $(`home-${name}`);
  let note = section.querySelector('.work-more');
  if (!note) {
    note = h('p', { class: 'work-more', id: `home-${name}-more` });
    section.append(note);
  }
  note.hidden = !(total > shown);
  if (note.hidden) {
    untranslate(note);
    note.textContent = '';
  } else {
    translate(note, total >= cap ? 'home.more_capped' : 'home.more', { shown, total });
  }
}

async function showWork(user) {
  if (user.role === 'administrator') {
    return;
  }
  let work;
  let mentees = [];
  try {
    work = await invoke('home');
    if (user.role === 'mentor') {
      mentees = (await invoke('case_list', { query: { page: 0, page_size: 100 } })).items;
    }
  } catch (error) {
    if (!leaveIfLocked(error)) {
      showFailure($('page-error'), error);
    }
    return;
  }
  // Case numbers (and, for a mentor, names) of the cases the revisions name.
  const known = new Map();
  for (const item of [...work.reviews, ...work.awaiting_signature]) {
    known.set(item.case_id, { number: item.case_number });
  }
  for (const item of mentees) {
    known.set(item.id, { number: item.case_number, name: item.name_latin || item.name_urdu });
  }
  showReviews(work.reviews);
  showAwaiting(work.awaiting_signature);
  showOverdue(work.overdue_actions);
  showMentees(mentees);
  showRevisions(work.revisions, known);
  const totals = work.totals ?? {};
  const actions = work.overdue_actions.reduce((sum, group) => sum + group.actions.length, 0);
  showMore('reviews', work.reviews.length, totals.reviews ?? 0, totals.cap);
  showMore('awaiting', work.awaiting_signature.length, totals.awaiting_signature ?? 0, totals.cap);
  showMore('overdue', actions, totals.overdue_actions ?? 0, totals.cap);
  showMore('revisions', work.revisions.length, totals.revisions ?? 0, totals.cap);
  $('work-lists').closest('.card')?.classList.add('home-work');
  $('work-lists').setAttribute('aria-busy', 'false');
}

function forget() {
  $('signed-in-user').textContent = '';
  $('draft-list').replaceChildren();
  for (const name of WORK_LISTS) {
    $(`home-${name}-list`).replaceChildren();
  }
}

async function start() {
  watchLongRuns();
  const user = await openSignedInPage({
    page: PAGE,
    load: async (u) => {
      showSession(u);
      await showDrafts();
      await showWork(u);
      markLongRunsIn(document.querySelector('main'));
    },
    forget,
  });
  if (user) {
    $('home-title').focus();
  }
}

start();
