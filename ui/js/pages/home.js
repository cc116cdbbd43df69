/*
 * Home controller: shows who is signed in and their role, as the core
 * reports them each time the page is shown, and the user's drafts (forms
 * left unsaved by a lock or a failed save), each with Resume (opens the
 * form with what was typed) and Discard. The frame (session.js) shows the
 * links of that role and the Lock button.
 */

import { currentLanguage, translate } from '../i18n.js';
import { h, label } from '../dom.js';
import { discardDraft, listDrafts } from '../drafts.js';
import { leaveIfLocked, openSignedInPage, showFailure } from '../session.js';

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

function draftLabel(draft) {
  if (draft.form === 'case:new') {
    return label('span', 'drafts.new_case', null, { class: 'draft-what' });
  }
  const number = draft.payload?.case_number;
  return number
    ? label('span', 'drafts.edit_case', { number }, { class: 'draft-what' })
    : label('span', 'drafts.edit_case_unknown', null, { class: 'draft-what' });
}

function draftRow(draft) {
  const when = new Intl.DateTimeFormat(currentLanguage(), { dateStyle: 'medium', timeStyle: 'short' });
  const resume = label('a', 'drafts.resume', null, { class: 'button-link', href: resumeHref(draft.form) });
  const discard = label('button', 'drafts.discard', null, { type: 'button', class: 'secondary' });
  const row = h(
    'li',
    { class: 'draft', 'data-form': draft.form },
    draftLabel(draft),
    h('span', { class: 'draft-when', dir: 'auto' }, when.format(new Date(draft.updated_at))),
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

function forget() {
  $('signed-in-user').textContent = '';
  $('draft-list').replaceChildren();
}

async function start() {
  const user = await openSignedInPage({
    page: PAGE,
    load: async (u) => {
      showSession(u);
      await showDrafts();
    },
    forget,
  });
  if (user) {
    $('home-title').focus();
  }
}

start();
