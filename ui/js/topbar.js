/*
 * The top bar, built once here for every page from DOM nodes (no HTML
 * strings): each page holds only <header class="topbar" data-topbar="...">.
 * "open" pages (start, first run, unlock) get the name and the language
 * switch; "signed-in" pages also get the navigation links (each shown only
 * to the roles in its data-roles, by session.js), who is signed in, the
 * Lock button and, below the bar, the place where a failed lock is told.
 * Texts carry data-i18n keys and are filled by i18n.js.
 */

import { h } from './dom.js';

const LINKS = [
  ['home.html', 'nav.home', null],
  ['cases.html', 'nav.cases', 'case_worker supervisor mentor'],
  ['case-form.html', 'nav.new_case', 'case_worker supervisor'],
  ['services.html', 'nav.services', null],
  ['reports.html', 'reports.nav', 'supervisor'],
  ['users.html', 'nav.users', 'administrator'],
  ['settings.html', 'nav.settings', null],
];

function brand() {
  return h(
    'span',
    { class: 'brand' },
    h('img', { src: 'img/mark.png', alt: '', width: 28, height: 28 }),
    h('span', { 'data-i18n': 'app.name' }),
  );
}

function languageButton() {
  return h('button', { type: 'button', id: 'language', class: 'quiet-button', 'data-i18n': 'language.switch' });
}

function navigation() {
  return h(
    'nav',
    { class: 'nav', 'data-i18n-label': 'nav.label' },
    LINKS.map(([href, key, roles]) =>
      h('a', { href, 'data-i18n': key, 'data-roles': roles, hidden: roles !== null }),
    ),
  );
}

function signedInEnd() {
  return h(
    'div',
    { class: 'topbar-end' },
    h(
      'span',
      { class: 'who' },
      h('span', { id: 'session-user', dir: 'auto' }),
      h('span', { id: 'session-role', class: 'who-role' }),
    ),
    languageButton(),
    h('button', {
      type: 'button',
      id: 'lock',
      class: 'lock-button',
      'aria-keyshortcuts': 'Control+L',
      'data-i18n': 'nav.lock',
    }),
  );
}

/** Fills the page's top bar placeholder; call before initI18n(). */
export function buildTopBar() {
  const bar = document.querySelector('header[data-topbar]');
  if (!bar) {
    return;
  }
  if (bar.dataset.topbar === 'signed-in') {
    bar.replaceChildren(brand(), navigation(), signedInEnd());
    bar.after(h('p', { id: 'lock-error', class: 'form-error banner', role: 'alert', hidden: true }));
  } else {
    bar.replaceChildren(brand(), languageButton());
  }
}
