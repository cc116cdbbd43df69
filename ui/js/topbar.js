/*
 * The top bar, built once here for every page from DOM nodes (no HTML
 * strings): each page holds only <header class="topbar" data-topbar="...">.
 * "open" pages (start, first run, unlock) get the name and the language
 * switch; "signed-in" pages also get the navigation links (each shown only
 * to the roles in its data-roles, by session.js), who is signed in, the
 * Lock button and, below the bar, the place where a failed lock is told.
 * Texts carry data-i18n keys and are filled by i18n.js.
 * The language control lists what the core's `languages` command names:
 * with two languages, a button naming the other one in its own words;
 * with three or more, a <select> labelled "Language" offering each by its
 * own name. Either way it is #language.
 * Signed-in pages also start with a "skip to the page's content" link,
 * the first Tab stop, shown only while it has focus: it moves focus to the
 * page's <main>, past the navigation.
 */

import { h } from './dom.js';
import { chooseLanguage, onLanguages, t } from './i18n.js';
import './zoom.js';

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

function languageSlot() {
  return h('span', { class: 'language-control' });
}

/** A button for two languages, a select for more; filled in place on each switch. */
function fillLanguageControl(slot, languages, current) {
  const wanted = languages.length > 2 ? 'SELECT' : 'BUTTON';
  let control = slot.firstElementChild;
  if (!control || control.tagName !== wanted) {
    control = wanted === 'SELECT' ? languageSelect() : languageButton();
    slot.replaceChildren(control);
  }
  slot.hidden = languages.length < 2;
  if (wanted === 'SELECT') {
    control.replaceChildren(
      ...languages.map((item) =>
        h('option', { value: item.code, lang: item.code, dir: item.dir === 'rtl' ? 'rtl' : 'ltr' }, item.name),
      ),
    );
    control.value = current;
    control.setAttribute('aria-label', t('language.label'));
    return;
  }
  const other = languages.find((item) => item.code !== current) ?? languages[0];
  if (other) {
    control.textContent = other.name;
    control.lang = other.code;
    control.dir = other.dir === 'rtl' ? 'rtl' : 'ltr';
    control.dataset.language = other.code;
  }
}

function languageButton() {
  const button = h('button', { type: 'button', id: 'language', class: 'quiet-button' });
  button.addEventListener('click', () => chooseLanguage(button.dataset.language));
  return button;
}

function languageSelect() {
  const select = h('select', { id: 'language', 'data-i18n-label': 'language.label' });
  select.addEventListener('change', () => chooseLanguage(select.value));
  return select;
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

/** The first Tab stop of a signed-in page: focus jumps to <main>, past the top bar. */
function skipLink() {
  const link = h('a', { href: '#', id: 'skip-link', class: 'skip-link', 'data-i18n': 'nav.skip' });
  link.addEventListener('click', (event) => {
    event.preventDefault();
    const main = document.querySelector('main');
    if (main) {
      main.tabIndex = -1;
      main.focus();
    }
  });
  return link;
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
    languageSlot(),
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
    bar.before(skipLink());
    bar.after(h('p', { id: 'lock-error', class: 'form-error banner', role: 'alert', hidden: true }));
  } else {
    bar.replaceChildren(brand(), languageSlot());
  }
  const slot = bar.querySelector('.language-control');
  onLanguages((languages, current) => fillLanguageControl(slot, languages, current));
}
