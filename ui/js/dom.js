/*
 * Building page elements without HTML strings: h() makes an element with
 * attributes and children (strings become text nodes), label() makes one
 * whose text comes from the catalog, and fillOptions() refills a <select>
 * from codes or values while keeping the current choice; isolated()
 * lists people's texts side by side, each in its own <bdi>; dayCell() is a
 * table cell with a calendar day (i18n.js showDay) or a dash. User data only
 * ever enters the page as text nodes.
 */

import { showDay, translate } from './i18n.js';

/** An element `tag` with `attrs` (null/false skipped, true = empty) and children. */
export function h(tag, attrs = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) {
      continue;
    }
    element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

/** An element `tag` whose text is the catalog's `key` (re-filled on a language switch). */
export function label(tag, key, params, attrs = {}) {
  const element = h(tag, attrs);
  translate(element, key, params);
  return element;
}

/**
 * Replaces the options of `select`: `first` is an optional leading option
 * ({ value, key }), then one option per item of `items`, each
 * { value, key, params } (catalog text) or { value, text } (data).
 * The value chosen before stays chosen when it is still offered.
 */
export function fillOptions(select, items, first = null) {
  const chosen = select.value;
  const options = [];
  for (const item of first ? [first, ...items] : items) {
    const option = h('option', { value: item.value });
    if (item.key) {
      translate(option, item.key, item.params);
    } else {
      option.textContent = item.text;
      if (item.dir) {
        option.dir = item.dir;
      }
    }
    options.push(option);
  }
  select.replaceChildren(...options);
  if (options.some((option) => option.value === chosen)) {
    select.value = chosen;
  }
}

/** Removes every child of each element matched by `selector` under `root`. */
export function emptyAll(selector, root = document) {
  for (const element of root.querySelectorAll(selector)) {
    element.replaceChildren();
  }
}

/**
 * People's texts side by side, separated by `separator`: each in its own
 * <bdi dir="auto">, so a right-to-left name, or a direction mark typed in
 * one, never reorders its neighbours. Returns nodes for h()'s children.
 */
export function isolated(texts, separator = ', ') {
  return texts.flatMap((text, index) => [index === 0 ? null : separator, h('bdi', { dir: 'auto' }, text)]).filter(Boolean);
}

/** A table cell with a calendar day as the shown language writes days, or a dash. */
export function dayCell(iso) {
  return iso ? showDay(h('td'), iso) : h('td', { dir: 'ltr' }, '–');
}
