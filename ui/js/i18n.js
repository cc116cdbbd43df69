/*
 * Translation: loads ui/i18n/<code>.json, fills every element carrying
 * data-i18n="key" (and data-i18n-args, JSON parameters) through
 * textContent (data-i18n-label fills aria-label and data-i18n-placeholder
 * the placeholder), sets <html lang dir>, and exposes t(). Each catalog
 * names itself (language.name, language.dir, language.locale), and the
 * core's `languages` command lists every catalog the app was built with,
 * so a new language is one more catalog file: nothing here names one
 * besides English, the fallback. Numbers and dates on every page go
 * through formatNumber() and formatDate() (Intl with the catalog's
 * locale); calendar days through formatDay(), as the catalog's
 * language.days says ("iso" keeps YYYY-MM-DD, "intl" writes the day in
 * the catalog's locale): showDay() keeps the day in data-day and day()
 * marks one as a catalog parameter, so both re-format on a switch; typed
 * days and days sent to the core stay YYYY-MM-DD. Moments (a draft's or
 * a save's time) do the same through showTime() and time(). Switching language
 * re-fills the page in place, so nothing typed is lost; the language
 * control (topbar.js) hears the list and each switch through
 * onLanguages(). The choice of language (not personal data) is kept in
 * localStorage.
 */

import { invoke } from './ipc.js';

const STORAGE_KEY = 'homeward.language';
const FALLBACK = 'en';
// A catalog's code is its file name: lower-case letters, digits, hyphens.
const CODE = /^[a-z][a-z0-9-]{0,31}$/;
// A calendar day as the core and the forms write it.
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

let catalog = {};
let language = FALLBACK;
let locale = 'en-GB';
let languages = [];
const listeners = [];

function storedLanguage() {
  try {
    const stored = window.localStorage.getItem(STORAGE_KEY);
    return stored && CODE.test(stored) ? stored : FALLBACK;
  } catch {
    return FALLBACK;
  }
}

function storeLanguage(code) {
  try {
    window.localStorage.setItem(STORAGE_KEY, code);
  } catch {
    // Storage unavailable: the choice lasts for this page only.
  }
}

export function currentLanguage() {
  return language;
}

/** The Intl locale of the shown catalog (its language.locale, e.g. ur-PK). */
export function currentLocale() {
  return locale;
}

/** Every language the app offers: [{ code, name, dir, locale }], English first. */
export function languageList() {
  return languages.slice();
}

export function hasTranslation(key) {
  return typeof catalog[key] === 'string';
}

/** The catalog text for `key`, with {name} placeholders filled from params. */
export function t(key, params = {}) {
  const text = catalog[key];
  if (typeof text !== 'string') {
    console.error(`missing translation: ${key}`);
    return key;
  }
  return text.replace(/\{(\w+)\}/g, (whole, name) =>
    name in params ? formatParam(params[name]) : whole,
  );
}

// Left-to-right isolate, first strong isolate … pop directional isolate.
const LRI = '\u2066';
const FSI = '\u2068';
const PDI = '\u2069';

/**
 * A parameter as it goes into a sentence: numbers through Intl; on a
 * right-to-left page a text (a Latin case number, a date, a name) goes in
 * isolated, so it keeps its own direction and never reorders the sentence.
 */
function formatParam(value) {
  if (typeof value === 'number') {
    return formatNumber(value);
  }
  const text = isDayParam(value) ? formatDay(value.day) : isTimeParam(value) ? formatDate(value.time, value.options) : String(value);
  const isolated = /^[\u2066-\u2068]/.test(text);
  if (document.documentElement.dir !== 'rtl' || text === '' || isolated) {
    return text;
  }
  // An ISO day stays whole and left to right; anything else keeps its own direction.
  return isDayParam(value) && text === value.day ? `${LRI}${text}${PDI}` : `${FSI}${text}${PDI}`;
}

/** A number as the shown language writes it (Intl.NumberFormat options welcome). */
export function formatNumber(value, options = {}) {
  return new Intl.NumberFormat(locale, options).format(value);
}

/**
 * A date as the shown language writes it: a calendar day (YYYY-MM-DD, as
 * the core keeps it) is shown as that same day whatever the time zone; a
 * Date or an RFC 3339 time in local time. Anything else comes back as
 * given. `options` are Intl.DateTimeFormat's (a medium date by default).
 */
export function formatDate(value, options = { dateStyle: 'medium' }) {
  const day = typeof value === 'string' ? DAY.exec(value) : null;
  if (day) {
    const [year, month, date] = day.slice(1).map(Number);
    const when = new Date(Date.UTC(year, month - 1, date));
    if (when.getUTCMonth() !== month - 1) {
      return value;
    }
    return new Intl.DateTimeFormat(locale, { ...options, timeZone: 'UTC' }).format(when);
  }
  const when = value instanceof Date ? value : new Date(value);
  if (value === null || value === undefined || value === '' || Number.isNaN(when.getTime())) {
    return String(value ?? '');
  }
  return new Intl.DateTimeFormat(locale, options).format(when);
}

/**
 * A calendar day (YYYY-MM-DD) as the shown catalog writes days: the ISO
 * text itself when its language.days is "iso" (or missing), or when the
 * value is not a real day; else a medium Intl date in its locale.
 */
export function formatDay(iso) {
  const text = String(iso ?? '');
  if (catalog['language.days'] !== 'intl' || !DAY.test(text)) {
    return text;
  }
  return formatDate(text, { dateStyle: 'medium' });
}

/** A calendar day as a t()/translate() parameter: formatted by formatDay(), also after a switch. */
export function day(iso) {
  return { day: String(iso ?? '') };
}

function isDayParam(value) {
  return value !== null && typeof value === 'object' && typeof value.day === 'string';
}

/**
 * Shows the calendar day `iso` in `element` (kept in data-day, so a
 * language switch re-formats it); an ISO day reads left to right, an Intl
 * one in its own direction and the page's font (class intl-day). Returns
 * the element.
 */
export function showDay(element, iso) {
  element.dataset.day = String(iso ?? '');
  fillDay(element);
  return element;
}

function fillDay(element) {
  const text = formatDay(element.dataset.day);
  element.textContent = text;
  const intl = text !== element.dataset.day;
  element.dir = intl ? 'auto' : 'ltr';
  // The page's own font, not the monospace kept for ISO days (app.css).
  element.classList.toggle('intl-day', intl);
}

const TIME_STYLE = { dateStyle: 'medium', timeStyle: 'short' };

/** A moment (a Date or an RFC 3339 time) as a t()/translate() parameter, formatted by formatDate() also after a switch. */
export function time(value, options = TIME_STYLE) {
  return { time: value instanceof Date ? value.toISOString() : String(value ?? ''), options };
}

function isTimeParam(value) {
  return value !== null && typeof value === 'object' && typeof value.time === 'string';
}

/**
 * Shows a moment (a Date or an RFC 3339 time) in `element` in the local
 * time, as the shown language writes it; kept in data-time, so a language
 * switch re-formats it. Returns the element.
 */
export function showTime(element, value, options = TIME_STYLE) {
  const param = time(value, options);
  element.dataset.time = param.time;
  element.dataset.timeOptions = JSON.stringify(param.options);
  fillTime(element);
  return element;
}

function fillTime(element) {
  element.textContent = formatDate(element.dataset.time, JSON.parse(element.dataset.timeOptions ?? '{}'));
}

/** Gives `element` the text of `key` and remembers it for a language switch. */
export function translate(element, key, params) {
  element.dataset.i18n = key;
  if (params) {
    element.dataset.i18nArgs = JSON.stringify(params);
  } else {
    delete element.dataset.i18nArgs;
  }
  element.textContent = t(key, params);
}

/** Empties `element` and forgets its catalog key, so a language switch leaves it empty. */
export function untranslate(element) {
  delete element.dataset.i18n;
  delete element.dataset.i18nArgs;
  element.textContent = '';
}

export function applyTranslations(root = document) {
  for (const element of root.querySelectorAll('[data-i18n]')) {
    const args = element.dataset.i18nArgs ? JSON.parse(element.dataset.i18nArgs) : undefined;
    element.textContent = t(element.dataset.i18n, args);
  }
  for (const element of root.querySelectorAll('[data-day]')) {
    fillDay(element);
  }
  for (const element of root.querySelectorAll('[data-time]')) {
    fillTime(element);
  }
  for (const element of root.querySelectorAll('[data-i18n-label]')) {
    element.setAttribute('aria-label', t(element.dataset.i18nLabel));
  }
  for (const element of root.querySelectorAll('[data-i18n-placeholder]')) {
    element.setAttribute('placeholder', t(element.dataset.i18nPlaceholder));
  }
}

async function load(code) {
  if (!CODE.test(code)) {
    throw new Error('not a catalog code');
  }
  const response = await fetch(`i18n/${code}.json`);
  if (!response.ok) {
    throw new Error(`catalog ${code} not found`);
  }
  const loaded = await response.json();
  catalog = loaded;
  language = code;
  locale = supportedLocale(loaded['language.locale']);
  document.documentElement.lang = code;
  document.documentElement.dir = loaded['language.dir'] === 'rtl' ? 'rtl' : 'ltr';
  applyTranslations();
}

function supportedLocale(wanted) {
  try {
    return Intl.getCanonicalLocales(wanted)[0] ?? 'en-GB';
  } catch {
    return 'en-GB';
  }
}

/** The languages the core was built with; just the shown one if it cannot say. */
async function fetchLanguages() {
  try {
    const list = await invoke('languages');
    if (Array.isArray(list) && list.length > 0) {
      return list.filter((item) => item && CODE.test(item.code));
    }
  } catch (error) {
    console.error('the language list is not available:', error);
  }
  return null;
}

function tellListeners() {
  for (const listener of listeners) {
    listener(languageList(), language);
  }
}

/**
 * Hears the language list and the shown language, at start and after each
 * switch: `listener(languages, code)`.
 */
export function onLanguages(listener) {
  listeners.push(listener);
}

/** Shows the page in language `code` and keeps the choice. */
export async function chooseLanguage(code) {
  await load(code);
  storeLanguage(code);
  tellListeners();
}

/** Loads the chosen catalog and the language list, then fills the page. */
export async function initI18n() {
  const listed = fetchLanguages();
  try {
    try {
      await load(storedLanguage());
    } catch (error) {
      console.error('falling back to English:', error);
      await load(FALLBACK);
    }
    languages = (await listed) ?? [
      { code: language, name: t('language.name'), dir: document.documentElement.dir, locale },
    ];
    tellListeners();
  } finally {
    document.body.classList.remove('loading');
  }
}
