/*
 * Reports controller (reports.html, supervisors only): builds the request
 * of the anonymised report from the choices (the period code such as
 * 2026Q3, 2026H1 or 2026 from a year and a part of it, k, the district
 * threshold, an optional recipient), asks
 * the core for the preview (report_preview, with progress and Cancel) and
 * shows every table with its catalog labels, totals emphasised and hidden
 * cells marked by why they are hidden. "Approve and export" opens a form
 * where a second person (another supervisor or an administrator) types
 * their username and passphrase, with the folder and the written report's
 * language; report_export writes the previewed request's files only if
 * that passphrase is right. The passphrase is
 * read once and the field emptied before the core is asked, so it is never
 * kept in the page. Earlier exports come from report_exports. A change of
 * the choices after a preview asks for a new preview before any export.
 */

import { currentLanguage, hasTranslation, languageList, t, translate, untranslate } from '../i18n.js';
import { invoke, invokeWithProgress } from '../ipc.js';
import { fillOptions, h, label } from '../dom.js';
import { checkRequired, clearErrorOnEdit, clearErrors, errorKey, errorParams, showError } from '../form.js';
import { startProgress } from '../progress.js';
import { leaveIfLocked, openSignedInPage } from '../session.js';

const PAGE = 'reports.html';
const $ = (id) => document.getElementById(id);

const K_MIN = 3;
const K_MAX = 11;
const K_DEFAULT = 5;
const YEARS_BACK = 6;
/** The parts of a year: the code's suffix and the catalog key's end. */
const PARTS = [
  ['Q1', 'q1'],
  ['Q2', 'q2'],
  ['Q3', 'q3'],
  ['Q4', 'q4'],
  ['H1', 'h1'],
  ['H2', 'h2'],
  ['', 'year'],
];
/** The request's fields and the page's inputs that hold them. */
const REQUEST_FIELDS = {
  period: 'rpt_period',
  k: 'rpt_k',
  district_min: 'rpt_district_min',
  recipient: 'rpt_recipient',
  language: 'rpt_language',
};

const state = {
  /** The preview shown and the request that made it. */
  view: null,
  request: null,
  /** True once the shown preview was exported (its issue is spent). */
  exported: false,
  busy: false,
};

// --- the choices ----------------------------------------------------------------

/** The last quarter that has ended by `today`: [year, 'Q1'..'Q4']. */
function lastCompleteQuarter(today) {
  const quarter = Math.floor(today.getMonth() / 3) + 1;
  return quarter === 1 ? [today.getFullYear() - 1, 'Q4'] : [today.getFullYear(), `Q${quarter - 1}`];
}

function fillChoices() {
  const today = new Date();
  const [year, quarter] = lastCompleteQuarter(today);
  const years = [];
  for (let y = today.getFullYear(); y >= today.getFullYear() - YEARS_BACK; y -= 1) {
    years.push({ value: String(y), text: String(y) });
  }
  fillOptions($('rpt-year'), years);
  $('rpt-year').value = String(year);
  fillOptions($('rpt-part'), PARTS.map(([code, key]) => ({ value: code, key: `reports.part.${key}` })));
  $('rpt-part').value = quarter;
  const ks = [];
  for (let k = K_MIN; k <= K_MAX; k += 1) {
    ks.push({ value: String(k), text: String(k) });
  }
  fillOptions($('rpt-k'), ks);
  $('rpt-k').value = String(K_DEFAULT);
  // Every language the app was built with: its name in the page's language
  // when the catalog has one, else its own name (a new catalog needs no key here).
  fillOptions(
    $('rpt-language'),
    languageList().map(({ code, name, dir }) =>
      hasTranslation(`reports.language.${code}`) ? { value: code, key: `reports.language.${code}` } : { value: code, text: name, dir },
    ),
  );
  $('rpt-language').value = currentLanguage();
  showKHint();
}

function showKHint() {
  translate($('rpt-k-hint'), 'reports.k_hint', { small: Number($('rpt-k').value) - 1 });
}

function periodCode() {
  return `${$('rpt-year').value}${$('rpt-part').value}`;
}

/** The part of the year a period code names, as a catalog key. */
function partKey(period) {
  const found = PARTS.find(([code]) => code === period.slice(4));
  return `reports.part.${found ? found[1] : 'year'}`;
}

/** The request the choices make, or null (with the error shown) when one is not a number. */
function requestFromChoices(form) {
  const min = $('rpt-district-min').value.trim();
  if (!/^\d{1,4}$/.test(min)) {
    showError(form, 'rpt_district_min', 'reports.error.district_min');
    $('rpt-district-min').focus();
    return null;
  }
  return {
    period: periodCode(),
    k: Number($('rpt-k').value),
    district_min: Number.parseInt(min, 10),
    recipient: $('rpt-recipient').value.trim(),
  };
}

// --- progress -------------------------------------------------------------------

/** Starts the progress in #NAME-progress; its steps speak the catalog's reports.step.*. */
function progressIn(name) {
  const progress = startProgress($(`${name}-progress`));
  const text = $(`${name}-step`);
  const cancel = $(`${name}-cancel`);
  return {
    step(event) {
      progress.step(event);
      const key = `reports.step.${String(event.step).replace(/^report\./, '')}`;
      if (!cancel.disabled && hasTranslation(key)) {
        translate(text, key);
      }
    },
    finish: progress.finish,
  };
}

// --- the preview ----------------------------------------------------------------

/** A row or column label: a district's name, a catalog key, or a key naming a province. */
function labelNode(tag, item, attrs = {}) {
  if (item.name) {
    return h(tag, { ...attrs, dir: 'auto' }, item.name);
  }
  if (item.province) {
    return label(tag, item.key, { province: t(item.province) }, attrs);
  }
  return label(tag, item.key, undefined, attrs);
}

function hiddenCell(cell, view, isTotal) {
  const why = t(`reports.cell.${cell.hidden ?? 'small'}`, { small: view.k - 1, k: view.k });
  return h(
    'td',
    {
      class: `rpt-cell rpt-hidden rpt-hidden-${cell.hidden ?? 'small'}${isTotal ? ' rpt-total-col' : ''}`,
      'data-hidden': cell.hidden ?? 'small',
      title: why,
    },
    h('span', { 'aria-hidden': 'true' }, '×'),
    h('span', { class: 'visually-hidden' }, why),
  );
}

function valueCell(cell, isTotal) {
  return h(
    'td',
    { class: `rpt-cell${isTotal ? ' rpt-total-col' : ''}`, 'data-value': cell.value },
    String(cell.value),
  );
}

function tableSection(table, view) {
  const titleId = `rpt-title-${table.key}`;
  const lastRow = table.rows.length - 1;
  const totalCol = table.cols.length > 1 ? table.cols.length - 1 : -1;
  const head = h(
    'tr',
    {},
    h('th', { scope: 'col', class: 'rpt-corner' }),
    table.cols.map((col, c) => labelNode('th', col, { scope: 'col', class: c === totalCol ? 'rpt-total-col' : null })),
  );
  const body = table.rows.map((row, r) => h(
    'tr',
    { class: r === lastRow ? 'rpt-total' : null, 'data-row': row.code },
    labelNode('th', row, { scope: 'row' }),
    table.cells[r].map((cell, c) =>
      cell.value === null || cell.value === undefined ? hiddenCell(cell, view, c === totalCol) : valueCell(cell, c === totalCol)),
  ));
  return h(
    'section',
    { class: 'rpt-table-section', id: `rpt-table-${table.key}`, 'data-key': table.key, 'aria-labelledby': titleId },
    h(
      'div',
      { class: 'rpt-table-head' },
      label('h3', table.title_key, undefined, { id: titleId }),
      table.suppressed > 0
        ? label('span', 'reports.table_hidden', { count: table.suppressed }, { class: 'rpt-badge rpt-badge-hidden' })
        : label('span', 'reports.table_none_hidden', undefined, { class: 'rpt-badge' }),
    ),
    h(
      'div',
      { class: 'rpt-scroll', tabindex: 0, role: 'region', 'aria-labelledby': titleId },
      h('table', { class: 'rpt-table' }, h('thead', {}, head), h('tbody', {}, body)),
    ),
  );
}

function contentsItem(table) {
  return h(
    'li',
    {},
    h(
      'a',
      { href: `#rpt-table-${table.key}`, class: 'rpt-contents-link' },
      label('span', table.title_key, undefined, { class: 'rpt-contents-name' }),
      table.suppressed > 0 ? h('span', { class: 'rpt-contents-count', dir: 'ltr' }, `× ${table.suppressed}`) : null,
    ),
  );
}

function showLegend(view) {
  const present = new Set(view.tables.flatMap((table) => table.cells.flat().map((cell) => cell.hidden)).filter(Boolean));
  $('rpt-legend').replaceChildren(...['small', 'complement', 'history'].map((kind) => h(
    'li',
    { class: present.has(kind) ? 'rpt-legend-item' : 'rpt-legend-item rpt-legend-absent' },
    h('span', { class: `rpt-swatch rpt-hidden rpt-hidden-${kind}`, 'aria-hidden': 'true' }, '×'),
    label('span', `reports.hidden.${kind}`, { small: view.k - 1, k: view.k }),
  )));
}

function showSummary(view) {
  translate($('rpt-result-title'), 'reports.result_title', { period: view.period, part: t(partKey(view.period)) });
  if (view.issue > 1) {
    translate($('rpt-issue'), 'reports.summary_reissue', { issue: view.issue });
    translate($('rpt-reissue'), 'reports.reissue_note', { k: view.k });
  } else {
    translate($('rpt-issue'), 'reports.summary_issue', { issue: view.issue });
    untranslate($('rpt-reissue'));
  }
  $('rpt-issue').classList.toggle('rpt-issue-again', view.issue > 1);
  $('rpt-reissue').hidden = view.issue <= 1;
  const withHidden = view.tables.filter((table) => table.suppressed > 0).length;
  if (view.suppressed > 0) {
    translate($('rpt-hidden-count'), 'reports.summary_hidden', { count: view.suppressed, tables: withHidden, all: view.tables.length });
  } else {
    translate($('rpt-hidden-count'), 'reports.summary_none_hidden');
  }
  $('rpt-hidden-count').dataset.count = String(view.suppressed);
  translate($('rpt-k-line'), 'reports.summary_k', { k: view.k, small: view.k - 1, min: view.district_min });
  const cases = $('rpt-cases');
  if (view.case_rows === null || view.case_rows === undefined) {
    untranslate(cases);
    cases.hidden = true;
  } else {
    // The recipient as typed, isolated (FSI…PDI) so its direction marks stay inside it.
    const recipient = `\u2068${state.request.recipient}\u2069`;
    translate(cases, 'reports.summary_cases', { rows: view.case_rows, recipient });
    cases.hidden = false;
  }
}

/** Fills the preview (again after a language switch: labels with a province inside are re-made). */
function showView(view) {
  showSummary(view);
  showLegend(view);
  $('rpt-contents').replaceChildren(...view.tables.map(contentsItem));
  $('rpt-tables').replaceChildren(...view.tables.map((table) => tableSection(table, view)));
}

function clearPreview() {
  state.view = null;
  state.request = null;
  state.exported = false;
  $('rpt-tables').replaceChildren();
  $('rpt-contents').replaceChildren();
  $('rpt-legend').replaceChildren();
  $('rpt-result').hidden = true;
  closeApproval();
  hideExported();
}

function showPreviewError(form, error) {
  if (leaveIfLocked(error)) {
    return;
  }
  const field = ['invalid_input', 'too_long'].includes(error?.kind) ? REQUEST_FIELDS[error.field] : null;
  if (field) {
    const key = error.kind === 'too_long' ? 'error.too_long' : `reports.error.${error.field}`;
    showError(form, field, key, errorParams(error));
    (field === 'rpt_period' ? $('rpt-part') : $(field.replaceAll('_', '-'))).focus();
    return;
  }
  const target = $('preview-error');
  translate(target, error?.kind === 'forbidden' ? 'reports.error.forbidden' : errorKey(error));
  target.hidden = false;
  target.focus();
}

async function preview(form) {
  if (state.busy) {
    return;
  }
  clearErrors(form);
  $('preview-error').hidden = true;
  const request = requestFromChoices(form);
  if (!request) {
    return;
  }
  state.busy = true;
  clearPreview();
  $('rpt-preview').disabled = true;
  translate($('rpt-preview'), 'reports.previewing');
  form.setAttribute('aria-busy', 'true');
  const progress = progressIn('preview');
  try {
    const view = await invokeWithProgress('report_preview', { request }, progress.step);
    state.view = view;
    state.request = request;
    showView(view);
    $('rpt-stale').hidden = true;
    $('approve-open').hidden = false;
    $('rpt-result').hidden = false;
    $('rpt-result-title').focus();
  } catch (error) {
    showPreviewError(form, error);
  } finally {
    progress.finish();
    state.busy = false;
    $('rpt-preview').disabled = false;
    translate($('rpt-preview'), 'reports.preview');
    form.setAttribute('aria-busy', 'false');
  }
}

/** A choice changed after a preview: that preview no longer answers the choices. */
function markStale() {
  if (!state.view || state.busy) {
    return;
  }
  $('rpt-stale').hidden = false;
  $('approve-open').hidden = true;
  closeApproval();
}

// --- approval and export --------------------------------------------------------

function forgetPassphrase() {
  const box = $('approver-passphrase');
  box.value = '';
  box.defaultValue = '';
}

/** What the second person approves, in words. */
function showRecap() {
  translate($('approve-recap'), 'reports.approve_recap', {
    period: state.view.period,
    issue: state.view.issue,
    k: state.view.k,
    count: state.view.suppressed,
  });
}

function openApproval() {
  if (!state.view) {
    return;
  }
  const form = $('approve-form');
  clearErrors(form);
  hideExported();
  showRecap();
  form.hidden = false;
  $('approve-open').hidden = true;
  $('approver').focus();
}

function closeApproval() {
  const form = $('approve-form');
  forgetPassphrase();
  clearErrors(form);
  form.hidden = true;
  if (state.view && !state.exported && $('rpt-stale').hidden) {
    $('approve-open').hidden = false;
  }
}

function hideExported() {
  $('export-done').hidden = true;
  $('export-files').replaceChildren();
  $('export-folder-path').textContent = '';
  untranslate($('export-done-text'));
}

/** Where an export's error is shown: [field or null, catalog key]. */
function exportErrorPlace(error) {
  switch (error?.kind) {
    case 'wrong_passphrase':
      return ['approver_passphrase', 'reports.error.wrong_passphrase'];
    case 'throttled':
      return ['approver_passphrase', 'reports.error.throttled'];
    case 'duplicate':
      return ['export_folder', 'reports.error.duplicate'];
    case 'forbidden':
      return [null, 'reports.error.forbidden'];
    case 'too_long':
      return [{ approver: 'approver', folder: 'export_folder', recipient: 'rpt_recipient' }[error.field] ?? null, 'error.too_long'];
    case 'invalid_input':
      if (error.field === 'approver') {
        return ['approver', 'reports.error.approver'];
      }
      if (error.field === 'folder') {
        return ['export_folder', 'reports.error.folder'];
      }
      if (error.field === 'language') {
        return ['rpt_language', 'reports.error.language'];
      }
      if (error.field in REQUEST_FIELDS) {
        return [null, `reports.error.${error.field}`];
      }
      return [null, errorKey(error)];
    default:
      return [null, errorKey(error)];
  }
}

function showExportError(form, error) {
  if (leaveIfLocked(error)) {
    return;
  }
  const [field, key] = exportErrorPlace(error);
  const input = field ? $(field.replaceAll('_', '-')) : null;
  const shown = showError(form, form.contains(input) ? field : null, key, errorParams(error));
  (input ?? shown).focus();
}

function showExported(done) {
  translate($('export-done-text'), 'reports.exported', { issue: done.issue, period: done.period, count: done.suppressed });
  $('export-folder-path').textContent = done.folder;
  $('export-files').replaceChildren(...done.files.map((name) => h('li', {}, name)));
  $('export-done').hidden = false;
  $('export-done').focus();
}

async function exportReport(form) {
  if (state.busy || !state.view) {
    return;
  }
  clearErrors(form);
  if (!checkRequired(form, ['approver', 'approver-passphrase'])) {
    return;
  }
  const passphrase = $('approver-passphrase').value;
  forgetPassphrase();
  const input = {
    request: { ...state.request, language: $('rpt-language').value },
    approver: $('approver').value.trim(),
    approver_passphrase: passphrase,
    folder: $('export-folder').value.trim(),
  };
  state.busy = true;
  const submit = $('approve-submit');
  submit.disabled = true;
  $('approve-cancel').disabled = true;
  translate(submit, 'reports.exporting');
  form.setAttribute('aria-busy', 'true');
  const progress = progressIn('export');
  try {
    const done = await invokeWithProgress('report_export', { input }, progress.step);
    state.exported = true;
    form.hidden = true;
    $('approve-open').hidden = true;
    showExported(done);
    await showExports();
  } catch (error) {
    showExportError(form, error);
  } finally {
    input.approver_passphrase = '';
    progress.finish();
    state.busy = false;
    submit.disabled = false;
    $('approve-cancel').disabled = false;
    translate(submit, 'reports.export');
    form.setAttribute('aria-busy', 'false');
  }
}

// --- earlier exports ------------------------------------------------------------

function exportRow(item) {
  return h(
    'tr',
    { 'data-period': item.period, 'data-issue': item.issue },
    h('td', { dir: 'ltr', class: 'rpt-code' }, item.period),
    h('td', {}, String(item.issue)),
    h('td', {}, String(item.k)),
    h('td', {}, String(item.suppressed)),
    h('td', { dir: 'ltr', class: 'rpt-code' }, item.exported_at),
  );
}

async function showExports() {
  const section = $('rpt-exports');
  section.setAttribute('aria-busy', 'true');
  let exports;
  try {
    exports = await invoke('report_exports');
  } catch (error) {
    if (!leaveIfLocked(error)) {
      translate($('page-error'), errorKey(error));
      $('page-error').hidden = false;
    }
    return;
  }
  $('rpt-exports-rows').replaceChildren(...exports.map(exportRow));
  $('rpt-exports-table').hidden = exports.length === 0;
  $('rpt-exports-none').hidden = exports.length > 0;
  section.setAttribute('aria-busy', 'false');
}

// --- the page -------------------------------------------------------------------

/** Labels that carry a translated province or a hidden cell's reason are re-made in the new language. */
function watchLanguage() {
  new MutationObserver(() => {
    if (state.view) {
      showView(state.view);
    }
  }).observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });
}

async function load() {
  fillChoices();
  const form = $('rpt-form');
  clearErrorOnEdit(form);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    preview(form);
  });
  form.addEventListener('input', markStale);
  form.addEventListener('change', markStale);
  $('rpt-k').addEventListener('change', showKHint);
  const approve = $('approve-form');
  clearErrorOnEdit(approve);
  approve.addEventListener('submit', (event) => {
    event.preventDefault();
    exportReport(approve);
  });
  $('approve-open').addEventListener('click', openApproval);
  $('approve-cancel').addEventListener('click', () => {
    closeApproval();
    $('approve-open').focus();
  });
  watchLanguage();
  await showExports();
}

function forget() {
  forgetPassphrase();
  clearPreview();
  $('rpt-exports-rows').replaceChildren();
  $('rpt-recipient').value = '';
  $('approver').value = '';
}

async function start() {
  const user = await openSignedInPage({ page: PAGE, roles: ['supervisor'], load, forget });
  if (user) {
    $('reports-title').focus();
  }
}

start();
