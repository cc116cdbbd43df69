/*
 * Translation: loads ui/i18n/<lang>.json (English or Urdu), fills every
 * element carrying data-i18n="key" (and data-i18n-args, JSON parameters)
 * through textContent (data-i18n-label fills aria-label and
 * data-i18n-placeholder the placeholder), sets <html lang dir>, and
 * exposes t(). Switching language re-fills the page in place, so nothing
 * typed is lost. The choice of language (not personal data) is kept in
 * localStorage.
 */

const LANGUAGES = { en: 'ltr', ur: 'rtl' };
const STORAGE_KEY = 'homeward.language';

let catalog = {};
let language = 'en';

function storedLanguage() {
  try {
    const stored = window.localStorage.getItem(STORAGE_KEY);
    return stored in LANGUAGES ? stored : 'en';
  } catch {
    return 'en';
  }
}

function storeLanguage(lang) {
  try {
    window.localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // Storage unavailable: the choice lasts for this page only.
  }
}

export function currentLanguage() {
  return language;
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

function formatParam(value) {
  return typeof value === 'number' ? new Intl.NumberFormat(language).format(value) : String(value);
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
  for (const element of root.querySelectorAll('[data-i18n-label]')) {
    element.setAttribute('aria-label', t(element.dataset.i18nLabel));
  }
  for (const element of root.querySelectorAll('[data-i18n-placeholder]')) {
    element.setAttribute('placeholder', t(element.dataset.i18nPlaceholder));
  }
}

async function load(lang) {
  const response = await fetch(`i18n/${lang}.json`);
  if (!response.ok) {
    throw new Error(`catalog ${lang} not found`);
  }
  catalog = await response.json();
  language = lang;
  document.documentElement.lang = lang;
  document.documentElement.dir = LANGUAGES[lang];
  applyTranslations();
  const switcher = document.getElementById('language');
  if (switcher) {
    switcher.lang = otherLanguage();
  }
}

function otherLanguage() {
  return language === 'en' ? 'ur' : 'en';
}

/** Loads the chosen catalog, fills the page and wires the language switch. */
export async function initI18n() {
  try {
    await load(storedLanguage());
  } catch (error) {
    console.error('falling back to English:', error);
    await load('en');
  } finally {
    document.body.classList.remove('loading');
  }
  const switcher = document.getElementById('language');
  if (switcher) {
    switcher.addEventListener('click', async () => {
      const next = otherLanguage();
      storeLanguage(next);
      await load(next);
    });
  }
}
