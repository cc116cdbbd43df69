/*
 * Case list controller: pages through the reader's cases (case_list) with
 * the filters phase, district, custody track and assigned-to-me, or shows
 * the matches of a search (case_search) by part of a Latin or Urdu name,
 * alias or case number, with the same filters applied to the matches.
 * Every row shows the phase and links to case.html?id=. The page number and
 * filters (never the search text) are kept in the address, so Back returns
 * to the same page. Administrators get an explanation instead of a list.
 */

import { translate, untranslate } from '../i18n.js';
import { invoke } from '../ipc.js';
import { CUSTODY_TRACKS, PHASES, codeKey } from '../codes.js';
import { emptyAll, fillOptions, h, label } from '../dom.js';
import { errorKey } from '../form.js';
import { leaveIfLocked, openSignedInPage, showFailure } from '../session.js';

const PAGE = 'cases.html';
const PAGE_SIZE = 50;
const SEARCH_DELAY_MS = 250;

const state = { user: null, page: 0, request: 0 };
let searchTimer = null;

const $ = (id) => document.getElementById(id);

function filters() {
  return {
    phase: $('filter-phase').value,
    district: $('filter-district').value,
    custody: $('filter-custody-field').hidden ? '' : $('filter-custody').value,
    mine: !$('filter-mine-field').hidden && $('filter-mine').checked,
  };
}

/** Keeps page and filters in the address (no search text, no names). */
function rememberInAddress() {
  const f = filters();
  const params = new URLSearchParams();
  if (state.page > 0) params.set('page', String(state.page + 1));
  if (f.phase !== '') params.set('phase', f.phase);
  if (f.district !== '') params.set('district', f.district);
  if (f.custody !== '') params.set('custody', f.custody);
  if (f.mine) params.set('mine', '1');
  const query = params.toString();
  window.history.replaceState(null, '', query ? `${PAGE}?${query}` : PAGE);
}

function restoreFromAddress() {
  const params = new URLSearchParams(window.location.search);
  state.page = Math.max(0, (Number.parseInt(params.get('page') ?? '1', 10) || 1) - 1);
  return {
    phase: params.get('phase') ?? '',
    district: params.get('district') ?? '',
    custody: params.get('custody') ?? '',
    mine: params.get('mine') === '1',
  };
}

function columnShown(column) {
  const role = state.user.role;
  if (column === 'custody_track') return role !== 'mentor';
  if (column === 'assigned_worker') return role !== 'case_worker';
  return true;
}

function phaseBadge(phase) {
  return h(
    'span',
    { class: `phase phase-${phase}` },
    h('span', { class: 'phase-number', 'aria-hidden': 'true' }, String(phase)),
    label('span', `phase.${phase}`),
  );
}

function nameCell(item) {
  const link = h('a', { href: `case.html?id=${encodeURIComponent(item.id)}`, class: 'case-link' });
  const latin = item.name_latin ?? '';
  const urdu = item.name_urdu ?? '';
  if (latin) {
    link.append(h('span', { dir: 'auto' }, latin));
  }
  if (urdu) {
    link.append(h('span', { class: 'urdu-name', lang: 'ur', dir: 'rtl' }, urdu));
  }
  if (!latin && !urdu) {
    translate(link, 'cases.open');
  }
  return h('td', { class: 'name-cell user-text' }, link);
}

function row(item) {
  const cells = [
    h('td', { class: 'case-number', dir: 'ltr' }, item.case_number ?? ''),
    nameCell(item),
    h('td', { dir: 'auto', class: 'district-cell user-text' }, item.district ?? ''),
    h('td', {}, phaseBadge(item.phase ?? 0)),
  ];
  if (columnShown('custody_track')) {
    cells.push(item.custody_track ? label('td', codeKey('custody_track', item.custody_track)) : h('td'));
  }
  if (columnShown('assigned_worker')) {
    cells.push(h('td', { dir: 'ltr' }, item.assigned_worker ?? ''));
  }
  return h('tr', {}, cells);
}

function showRows(items, emptyKey) {
  $('case-rows').replaceChildren(...items.map(row));
  $('case-table').hidden = items.length === 0;
  const empty = $('empty');
  empty.hidden = items.length > 0;
  if (items.length === 0) {
    translate(empty, emptyKey);
  }
}

function showPage(result) {
  const from = result.total === 0 ? 0 : result.page * result.page_size + 1;
  const to = result.page * result.page_size + result.items.length;
  if (result.total === 0) {
    untranslate($('summary'));
  } else {
    translate($('summary'), 'cases.range', { from, to, total: result.total });
  }
  translate($('range'), 'cases.range', { from, to, total: result.total });
  $('pager').hidden = result.total <= result.page_size && result.page === 0;
  $('previous').disabled = result.page === 0;
  $('next').disabled = to >= result.total;
  const f = filters();
  const filtered = f.phase !== '' || f.district !== '' || f.custody !== '' || f.mine;
  showRows(result.items, filtered ? 'cases.none_match' : 'cases.none_yet');
}

/** Asks for the current page; returns how to show it (or null to ask again). */
async function fetchPage() {
  const f = filters();
  const result = await invoke('case_list', {
    query: {
      page: state.page,
      page_size: PAGE_SIZE,
      phase: f.phase === '' ? null : Number(f.phase),
      district: f.district === '' ? null : f.district,
      custody_track: f.custody === '' ? null : f.custody,
      assigned_to_me: f.mine,
    },
  });
  if (result.items.length === 0 && state.page > 0 && result.total > 0) {
    state.page = Math.floor((result.total - 1) / PAGE_SIZE);
    return null;
  }
  return () => {
    rememberInAddress();
    showPage(result);
  };
}

function matchesFilters(item, f) {
  return (
    (f.phase === '' || String(item.phase) === f.phase) &&
    (f.district === '' || item.district === f.district) &&
    (f.custody === '' || item.custody_track === f.custody) &&
    (!f.mine || item.assigned_worker === state.user.username)
  );
}

/** Asks for the matches of `text`; returns how to show them. */
async function fetchSearch(text) {
  const found = await invoke('case_search', { query: text });
  return () => {
    const f = filters();
    const items = found.filter((item) => matchesFilters(item, f));
    if (items.length === 0) {
      untranslate($('summary'));
    } else {
      translate($('summary'), found.length >= PAGE_SIZE ? 'cases.found_many' : 'cases.found', {
        count: items.length,
      });
    }
    $('pager').hidden = true;
    showRows(items, 'cases.none_found');
  };
}

/**
 * Shows the search matches when there is search text, else the current
 * page. Only the latest request is shown; #register is aria-busy until then.
 */
async function refresh() {
  const request = ++state.request;
  const results = $('register');
  results.setAttribute('aria-busy', 'true');
  $('page-error').hidden = true;
  $('search-error').hidden = true;
  const text = $('search').value.trim();
  $('search-clear').hidden = text.length === 0;
  try {
    let show = null;
    while (show === null) {
      show = text ? await fetchSearch(text) : await fetchPage();
    }
    if (request === state.request) {
      show();
    }
  } catch (error) {
    if (leaveIfLocked(error) || request !== state.request) {
      return;
    }
    if (error.field === 'query') {
      translate($('search-error'), errorKey(error));
      $('search-error').hidden = false;
    } else {
      showFailure($('page-error'), error);
    }
  }
  if (request === state.request) {
    results.setAttribute('aria-busy', 'false');
  }
}

function fillFilters(districts, wanted) {
  fillOptions(
    $('filter-phase'),
    PHASES.map((p) => ({ value: String(p), key: `phase.${p}` })),
    { value: '', key: 'cases.all_phases' },
  );
  fillOptions(
    $('filter-district'),
    districts.map((d) => ({ value: d.name, text: d.name })),
    { value: '', key: 'cases.all_districts' },
  );
  fillOptions(
    $('filter-custody'),
    CUSTODY_TRACKS.map((code) => ({ value: code, key: codeKey('custody_track', code) })),
    { value: '', key: 'cases.all_tracks' },
  );
  $('filter-phase').value = wanted.phase;
  $('filter-district').value = wanted.district;
  $('filter-custody').value = wanted.custody;
  $('filter-mine').checked = wanted.mine;
}

function wire() {
  $('search-form').addEventListener('submit', (event) => {
    event.preventDefault();
    clearTimeout(searchTimer);
    refresh();
  });
  $('search').addEventListener('input', () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(refresh, SEARCH_DELAY_MS);
  });
  $('search-clear').addEventListener('click', () => {
    $('search').value = '';
    state.page = 0;
    refresh();
    $('search').focus();
  });
  $('filters').addEventListener('change', () => {
    state.page = 0;
    refresh();
  });
  $('filters').addEventListener('submit', (event) => event.preventDefault());
  $('previous').addEventListener('click', () => {
    state.page = Math.max(0, state.page - 1);
    refresh();
  });
  $('next').addEventListener('click', () => {
    state.page += 1;
    refresh();
  });
}

async function load(user) {
  state.user = user;
  if (user.role === 'administrator') {
    $('admin-note').hidden = false;
    return;
  }
  $('mentor-note').hidden = user.role !== 'mentor';
  $('filter-custody-field').hidden = !columnShown('custody_track');
  $('filter-mine-field').hidden = user.role !== 'case_worker';
  for (const header of document.querySelectorAll('th[data-column]')) {
    header.hidden = !columnShown(header.dataset.column);
  }
  const wanted = restoreFromAddress();
  const districts = await invoke('district_list');
  fillFilters(districts, wanted);
  wire();
  await refresh();
  $('register').hidden = false;
}

function forget() {
  state.request += 1;
  emptyAll('#case-rows');
  $('search').value = '';
  untranslate($('summary'));
  untranslate($('range'));
}

async function start() {
  const user = await openSignedInPage({ page: PAGE, load, forget });
  if (user && user.role !== 'administrator') {
    $('search').focus();
  } else if (user) {
    $('cases-title').focus();
  }
}

start();
