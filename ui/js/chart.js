/*
 * The needs instrument as the pages show it (the 24 domain codes of
 * homeward-core's domain/needs.rs in display groups, the restricted ones,
 * the scale, reasons, evidence sources, profile stages and levels) and the
 * needs chart: a heat map drawn as SVG with document.createElementNS only,
 * one row per domain the reader may see and one column per assessment, the
 * score written in each cell (colour is never the only cue), "not assessed"
 * hatched, with a <title>/<desc> and a table as its text alternative.
 * Labels come from the catalogs; it mirrors itself right to left and is
 * redrawn when the language changes.
 */

import { currentLanguage, formatDay, showDay, t } from './i18n.js';
import { h, label } from './dom.js';

/** Domain codes in display groups (each group's label is assess.group.<code>). */
export const DOMAIN_GROUPS = [
  ['health', ['mental_health', 'physical_health', 'trauma', 'substance_use', 'coping']],
  ['identity', ['identity_belonging', 'ideological_understanding', 'attitudes_to_violence', 'spiritual_wellbeing']],
  ['relations', ['social_relations', 'family', 'children', 'community_acceptance', 'social_skills']],
  ['livelihood', ['education', 'vocational_skills', 'employment', 'financial']],
  ['practical', ['housing', 'legal_documents', 'safety_retaliation']],
  ['participation', ['recreation', 'online_exposure', 'civic_participation']],
];

export const DOMAINS = DOMAIN_GROUPS.flatMap(([, codes]) => codes);

/** Tier-3 domains: their score and note are restricted (domain.md). */
export const RESTRICTED = new Set([
  'mental_health',
  'trauma',
  'substance_use',
  'ideological_understanding',
  'attitudes_to_violence',
  'safety_retaliation',
]);

export const SCORES = [0, 1, 2, 3, 4];
export const NOT_ASSESSED_REASONS = ['declined', 'not_applicable', 'specialist_needed'];
export const EVIDENCE_SOURCES = ['self_report', 'family', 'observation', 'records'];
export const STAGES = ['strongly_engaged', 'doubting', 'disengaged_consolidating', 'unknown'];
export const LEVELS = ['yes', 'partly', 'no'];

const SVG = 'http://www.w3.org/2000/svg';

/** An SVG element with attributes and children (strings become text nodes). */
function s(tag, attrs = {}, ...children) {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value !== null && value !== undefined) {
      element.setAttribute(name, String(value));
    }
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined) {
      element.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
  }
  return element;
}

/** The entry of `domain` in one assessment: { score, reason, priority } or null. */
function entryOf(item, domain) {
  const row = item.scores.find((score) => score.domain === domain);
  if (!row) {
    return null;
  }
  return {
    score: Number.isInteger(row.score) ? row.score : null,
    reason: row.not_assessed_reason || null,
    priority: Boolean(row.participant_priority),
  };
}

/** The domains any of `items` carries a row for, in display order. */
function shownDomains(items) {
  const present = new Set(items.flatMap((item) => item.scores.map((score) => score.domain)));
  return DOMAINS.filter((code) => present.has(code));
}

/** The space between two groups of domains, in pixels. */
const GROUP_GAP = 8;

/** For each shown domain, the gap above it: one GROUP_GAP per group boundary passed. */
function groupGaps(domains) {
  const groupOf = new Map(DOMAIN_GROUPS.flatMap(([group, codes]) => codes.map((code) => [code, group])));
  let gap = 0;
  return domains.map((code, index) => {
    if (index > 0 && groupOf.get(code) !== groupOf.get(domains[index - 1])) {
      gap += GROUP_GAP;
    }
    return gap;
  });
}

function cellText(entry) {
  if (entry?.score !== null && entry?.score !== undefined) {
    return String(entry.score);
  }
  return entry?.reason ? '–' : '';
}

function cellClass(entry) {
  if (entry?.score !== null && entry?.score !== undefined) {
    return `cell score-${entry.score}`;
  }
  return entry?.reason ? 'cell not-assessed' : 'cell unscored';
}

/** The words a reader hears for one cell. */
function cellWords(entry) {
  if (entry?.score !== null && entry?.score !== undefined) {
    return `${entry.score} ${t(`assess.score.${entry.score}`)}`;
  }
  if (entry?.reason) {
    return `${t('assess.not_assessed')}: ${t(`assess.reason.${entry.reason}`)}`;
  }
  return t('needs.chart_unscored');
}

/** A column's day as the shown language writes days (the chart is redrawn on a switch). */
function columnDate(middle, iso) {
  const text = formatDay(iso);
  const intl = text !== iso;
  return s('text', { x: middle, y: 18, class: intl ? 'column-date intl-day' : 'column-date', 'text-anchor': 'middle', direction: intl ? null : 'ltr' }, text);
}

function columnStatus(item) {
  const a = item.assessment;
  if (a.status === 'signed_off' && a.corrects_id) {
    return 'needs.chart_status.corrected';
  }
  return `needs.chart_status.${a.status}`;
}

/** Lays the chart out: sizes for the language, label and day widths measured. */
function geometry(labels, dates, columns) {
  const urdu = currentLanguage() === 'ur';
  let measured = Math.max(0, ...labels.map((text) => text.getComputedTextLength?.() ?? 0));
  if (measured === 0) {
    // Not laid out (a hidden host): guess from the longest label.
    measured = Math.max(...labels.map((text) => text.textContent.length)) * (urdu ? 6 : 7.5);
  }
  const labelWidth = Math.ceil(Math.max(measured, 120)) + 24;
  // A column is 76 px, or wider when a day written the language's way needs it.
  const widest = Math.max(0, ...dates.map((text) => text.getComputedTextLength?.() ?? 0));
  const cell = Math.max(76, Math.ceil(widest) + 10);
  const rowHeight = urdu ? 30 : 24;
  const head = urdu ? 62 : 46;
  return {
    urdu,
    rtl: document.documentElement.dir === 'rtl',
    labelWidth,
    cell,
    rowHeight,
    head,
    width: labelWidth + columns * cell + 8,
  };
}

/**
 * Draws the chart of `items` (case_assessments' assessments, oldest first)
 * into `host`, replacing what was there. Returns the number of columns.
 */
export function drawNeedsChart(host, items) {
  const domains = shownDomains(items);
  host.replaceChildren();
  if (items.length === 0 || domains.length === 0) {
    host.append(label('p', 'needs.chart_empty', undefined, { class: 'hint' }));
    return 0;
  }
  const titleId = `${host.id || 'needs-chart'}-title`;
  const descId = `${host.id || 'needs-chart'}-desc`;
  const svg = s('svg', {
    class: 'needs-chart',
    role: 'img',
    'aria-labelledby': `${titleId} ${descId}`,
    'data-columns': items.length,
    'data-rows': domains.length,
  });
  svg.append(
    s('title', { id: titleId }, t('needs.chart_title')),
    s('desc', { id: descId }, t('needs.chart_desc', { domains: domains.length, assessments: items.length })),
  );
  const pattern = s(
    'pattern',
    { id: 'hatch', width: 6, height: 6, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' },
    s('rect', { width: 6, height: 6, class: 'hatch-ground' }),
    s('line', { x1: 0, y1: 0, x2: 0, y2: 6, class: 'hatch-line' }),
  );
  svg.append(s('defs', {}, pattern));
  host.append(svg);

  // First pass: the labels, to measure them in the page's font.
  const labels = domains.map((code) => s('text', { class: 'domain-label' }, t(`domain.${code}`)));
  const dates = items.map((item) => columnDate(0, item.assessment.assessed_on ?? ''));
  const measuring = s('g', { class: 'column-head' }, labels, dates);
  svg.append(measuring);
  const g = geometry(labels, dates, items.length);
  measuring.remove();
  const x = (left, width) => (g.rtl ? g.width - left - width : left);

  const height = g.head + domains.length * g.rowHeight + GROUP_GAP * (DOMAIN_GROUPS.length - 1) + 4;
  svg.setAttribute('width', g.width);
  svg.setAttribute('height', height);
  svg.setAttribute('viewBox', `0 0 ${g.width} ${height}`);

  // Column heads: the assessment's date, and its status below it.
  items.forEach((item, index) => {
    const left = g.labelWidth + index * g.cell;
    const middle = x(left, g.cell) + g.cell / 2;
    svg.append(
      s(
        'g',
        { class: `column-head status-${item.assessment.status}` },
        columnDate(middle, item.assessment.assessed_on ?? ''),
        s('text', { x: middle, y: g.head - 10, class: 'column-status', 'text-anchor': 'middle' }, t(columnStatus(item))),
      ),
    );
  });

  const gapBefore = groupGaps(domains);
  domains.forEach((code, row) => {
    const top = g.head + row * g.rowHeight + gapBefore[row];
    const group = s('g', { class: RESTRICTED.has(code) ? 'chart-row restricted' : 'chart-row', 'data-domain': code });
    const textY = top + g.rowHeight / 2;
    group.append(
      s(
        'text',
        {
          x: g.rtl ? g.width - 6 : 6,
          y: textY,
          class: 'domain-label',
          // The text's own start: its left edge in English, its right edge
          // in Urdu (the page's direction reaches the SVG).
          'text-anchor': 'start',
          'dominant-baseline': 'central',
          // Nastaliq reaches far below its baseline: lift it to the cells' middle.
          dy: g.urdu ? -3 : null,
        },
        t(`domain.${code}`),
      ),
    );
    items.forEach((item, index) => {
      const entry = entryOf(item, code);
      const left = x(g.labelWidth + index * g.cell, g.cell);
      const cell = s(
        'g',
        { class: cellClass(entry), 'data-column': index },
        s('title', {}, `${t(`domain.${code}`)}, ${formatDay(item.assessment.assessed_on ?? '')}: ${cellWords(entry)}`),
        s('rect', { x: left + 2, y: top + 2, width: g.cell - 4, height: g.rowHeight - 4, rx: 3 }),
        s(
          'text',
          { x: left + g.cell / 2, y: textY, 'text-anchor': 'middle', 'dominant-baseline': 'central', direction: 'ltr' },
          cellText(entry),
        ),
      );
      if (entry?.priority) {
        cell.append(s('circle', { cx: left + g.cell - 9, cy: top + 8, r: 2.5, class: 'priority-dot' }));
      }
      group.append(cell);
    });
    svg.append(group);
  });
  host.append(legend(), textAlternative(domains, items));
  return items.length;
}

function legend() {
  const swatch = (kind, key, text) =>
    h('li', {}, h('span', { class: `swatch ${kind}`, 'aria-hidden': 'true' }, text), label('span', key));
  return h(
    'ul',
    { class: 'chart-legend', 'aria-hidden': 'true' },
    SCORES.map((score) => swatch(`score-${score}`, `assess.score.${score}`, String(score))),
    swatch('not-assessed', 'assess.not_assessed', '–'),
    swatch('unscored', 'needs.chart_unscored', ''),
    swatch('priority', 'needs.chart_priority', ''),
  );
}

/** The same data as a table, for screen readers (visually hidden). */
function textAlternative(domains, items) {
  const head = h(
    'tr',
    {},
    label('th', 'needs.chart_domain', undefined, { scope: 'col' }),
    items.map((item) =>
      h('th', { scope: 'col' }, showDay(h('span'), item.assessment.assessed_on ?? ''), ' ', label('span', columnStatus(item))),
    ),
  );
  const rows = domains.map((code) =>
    h(
      'tr',
      {},
      label('th', `domain.${code}`, undefined, { scope: 'row' }),
      items.map((item) => h('td', {}, cellWords(entryOf(item, code)))),
    ),
  );
  return h(
    'table',
    { class: 'visually-hidden chart-table' },
    label('caption', 'needs.chart_title'),
    h('thead', {}, head),
    h('tbody', {}, rows),
  );
}

/**
 * Keeps a chart drawn in `host` for `items()`, redrawn when the language
 * (and so the direction and the labels) changes. Returns a stop function.
 */
export function keepNeedsChart(host, items) {
  drawNeedsChart(host, items());
  const observer = new MutationObserver(() => drawNeedsChart(host, items()));
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['lang', 'dir'] });
  return () => observer.disconnect();
}
