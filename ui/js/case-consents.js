/*
 * The consents section of the case screen: every consent of the case
 * (purpose with its organisation, kinds of information or family member,
 * who gave it, method, language, wording version, date, withdrawal), a
 * Withdraw action per consent in force (after a confirmation; it counts
 * for nothing at once), and the form that records one (consent_record),
 * opened from a button. For a child the "given by" choice offers the
 * child's assent and the guardian's consent together, recorded as two
 * consents, since the gate asks for both. People's text is set as text.
 */

import { invoke } from './ipc.js';
import { day, showDay } from './i18n.js';
import { fillOptions, h, label } from './dom.js';
import { clearErrorOnEdit, clearErrors, showError } from './form.js';
import { busy, checkDates, confirmStep, field, foldingForm, formEnd, say, showCoreError, today } from './case-fields.js';
import { leaveIfLocked, showFailure } from './session.js';

/** Purposes of consent (domain/consent.rs Purpose). */
export const PURPOSES = ['participation', 'assessment', 'sharing', 'family_involvement', 'mentoring', 'statistics'];
/** How consent was given (domain/consent.rs METHODS). */
export const METHODS = ['signed', 'verbal_with_witness', 'thumbprint'];

const $ = (id) => document.getElementById(id);

function consentForm() {
  const form = h(
    'form',
    { id: 'consent-form', class: 'block-form', novalidate: true, autocomplete: 'off' },
    label('h3', 'intake.consent_form_title'),
    h(
      'div',
      { class: 'grid' },
      field({ id: 'consent-purpose', key: 'intake.purpose', kind: 'select', required: true }),
      field({ id: 'consent-given-by', key: 'intake.given_by', kind: 'select', required: true }),
      field({ id: 'consent-organisation', key: 'intake.organisation', required: true }),
      field({
        id: 'consent-information-kinds',
        key: 'intake.information_kinds',
        required: true,
        hint: 'intake.information_kinds_hint',
      }),
      field({ id: 'consent-family-member', key: 'intake.family_member', required: true, span: true }),
      field({ id: 'consent-giver-name', key: 'intake.giver_name' }),
      field({ id: 'consent-method', key: 'intake.method', kind: 'select', required: true }),
      field({ id: 'consent-language', key: 'intake.language', required: true, hint: 'intake.language_hint' }),
      field({ id: 'consent-wording-version', key: 'intake.wording_version', required: true, hint: 'intake.wording_version_hint' }),
      field({ id: 'consent-given-on', key: 'intake.given_on', kind: 'date', required: true }),
    ),
    ...formEnd('intake.consent_save'),
  );
  return form;
}

/** Shows only the fields the chosen purpose and giver need. */
function showNeededFields() {
  const purpose = $('consent-purpose').value;
  const by = $('consent-given-by').value;
  $('consent-organisation-field').hidden = purpose !== 'sharing';
  $('consent-information-kinds-field').hidden = purpose !== 'sharing';
  $('consent-family-member-field').hidden = purpose !== 'family_involvement';
  $('consent-giver-name-field').hidden = by === 'participant';
}

function givenByChoices(child) {
  const choices = child
    ? ['both', 'participant', 'guardian'].map((c) => ({ value: c, key: `intake.given_by_child.${c}` }))
    : ['participant', 'guardian'].map((c) => ({ value: c, key: `intake.given_by.${c}` }));
  fillOptions($('consent-given-by'), choices);
}

/** Who gave a consent, as the list says it. */
function giverLabel(consent, child) {
  const key = consent.given_by === 'guardian' ? 'intake.given_by.guardian' : child ? 'intake.given_by.child' : 'intake.given_by.participant';
  return h(
    'td',
    {},
    label('span', key),
    consent.giver_name ? h('span', { class: 'detail user-text', dir: 'auto' }, consent.giver_name) : null,
  );
}

function purposeCell(consent) {
  const cell = h('td', {}, label('span', `intake.purpose.${consent.purpose}`, undefined, { class: 'purpose' }));
  if (consent.purpose === 'sharing') {
    cell.append(
      h(
        'span',
        { class: 'detail' },
        h('bdi', { dir: 'auto', class: 'organisation user-text' }, consent.organisation ?? ''),
        label('span', 'intake.list_separator'),
        h('bdi', { dir: 'auto', class: 'user-text' }, consent.information_kinds ?? ''),
      ),
    );
  }
  if (consent.purpose === 'family_involvement' && consent.family_member) {
    cell.append(h('span', { class: 'detail user-text', dir: 'auto' }, consent.family_member));
  }
  return cell;
}

function howCell(consent) {
  return h(
    'td',
    {},
    label('span', `intake.method.${consent.method}`),
    h(
      'span',
      { class: 'detail' },
      h('bdi', { dir: 'auto', class: 'user-text' }, consent.language ?? ''),
      label('span', 'intake.list_separator'),
      label('span', 'intake.wording_caption'),
      ' ',
      h('bdi', { dir: 'auto', class: 'wording-version user-text' }, consent.wording_version ?? ''),
    ),
  );
}

/**
 * Mounts the consents section in `section`; returns { show(consents, ctx), open(preset) }.
 * `ctx` = { caseId, writer, child, languages, refresh }.
 */
export function createConsents(section) {
  let ctx = {};
  const add = label('button', 'intake.consent_add', undefined, { type: 'button', id: 'consent-add', class: 'secondary' });
  const head = h('div', { class: 'block-head' }, label('h2', 'intake.consents_title', undefined, { id: 'consents-title' }), add);
  const childHint = label('p', 'intake.child_hint', undefined, { id: 'consent-child-hint', class: 'notice compact', hidden: true });
  const form = consentForm();
  const status = h('p', { id: 'consent-status', class: 'success flash', role: 'status', tabindex: '-1', hidden: true });
  const problem = h('p', { id: 'consent-problem', class: 'form-error', role: 'alert', tabindex: '-1', hidden: true });
  const list = h('div', { id: 'consent-list' });
  section.replaceChildren(head, childHint, form, status, problem, list);
  section.setAttribute('aria-labelledby', 'consents-title');
  fillOptions(
    $('consent-purpose'),
    PURPOSES.map((p) => ({ value: p, key: `intake.purpose.${p}` })),
    { value: '', key: 'common.choose' },
  );
  fillOptions($('consent-method'), METHODS.map((m) => ({ value: m, key: `intake.method.${m}` })), {
    value: '',
    key: 'common.choose',
  });

  const folding = foldingForm(form, add, (preset = {}) => {
    say(status, null);
    form.reset();
    givenByChoices(ctx.child);
    $('consent-purpose').value = preset.purpose ?? '';
    if (preset.givenBy) {
      $('consent-given-by').value = preset.givenBy;
    }
    $('consent-given-on').value = today();
    $('consent-language').value = ctx.language ?? '';
    $('consent-wording-version').value = ctx.wording ?? '';
    showNeededFields();
  });
  form.addEventListener('change', showNeededFields);
  clearErrorOnEdit(form);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    save();
  });

  function check() {
    clearErrors(form);
    const required = ['consent-purpose', 'consent-given-by', 'consent-method', 'consent-language', 'consent-wording-version', 'consent-given-on'];
    for (const id of ['consent-organisation', 'consent-information-kinds', 'consent-family-member']) {
      if (!$(`${id}-field`).hidden) {
        required.push(id);
      }
    }
    const empty = required.filter((id) => $(id).value.trim() === '');
    for (const id of empty) {
      showError(form, id, 'error.required');
    }
    if (empty.length > 0) {
      $(empty[0]).focus();
      return false;
    }
    return checkDates(form, ['consent-given-on']);
  }

  async function save() {
    if (!check()) {
      return;
    }
    const value = (id) => $(id).value;
    const purpose = value('consent-purpose');
    const by = value('consent-given-by');
    const base = {
      case_id: ctx.caseId,
      purpose,
      organisation: purpose === 'sharing' ? value('consent-organisation') : '',
      information_kinds: purpose === 'sharing' ? value('consent-information-kinds') : '',
      family_member: purpose === 'family_involvement' ? value('consent-family-member') : '',
      wording_version: value('consent-wording-version'),
      language: value('consent-language'),
      method: value('consent-method'),
      given_on: value('consent-given-on').trim(),
    };
    const givers = by === 'both' ? ['participant', 'guardian'] : [by];
    await busy(form, async () => {
      try {
        for (const giver of givers) {
          const giverName = giver === 'guardian' ? value('consent-giver-name') : '';
          await invoke('consent_record', { input: { ...base, given_by: giver, giver_name: giverName } });
        }
      } catch (error) {
        showCoreError(form, error, 'consent', 'intake.error.');
        await ctx.refresh();
        return;
      }
      form.hidden = true;
      add.setAttribute('aria-expanded', 'false');
      await ctx.refresh();
      say(status, givers.length === 2 ? 'intake.consent_saved_both' : 'intake.consent_saved');
      add.focus();
    });
  }

  /** Asks, in a row of its own under `row`, whether to withdraw `consent` now. */
  function askWithdraw(consent, row, button) {
    say(status, null);
    say(problem, null);
    if (row.nextElementSibling?.classList.contains('confirm-row')) {
      row.nextElementSibling.remove();
    }
    const place = h('td', { colspan: 5 });
    const confirmRow = h('tr', { class: 'confirm-row' }, place);
    row.after(confirmRow);
    confirmStep(place, {
      questionKey: 'intake.withdraw_confirm',
      yesKey: 'intake.withdraw_yes',
      noKey: 'intake.withdraw_no',
      returnTo: button,
      hide: button,
      onBack: () => confirmRow.remove(),
      onYes: async (yes) => {
        yes.disabled = true;
        try {
          await invoke('consent_withdraw', { consentId: consent.id });
        } catch (error) {
          yes.disabled = false;
          if (!leaveIfLocked(error)) {
            showFailure(problem, error);
          }
          return;
        }
        await ctx.refresh();
        say(status, 'intake.withdrawn_done');
        status.focus();
      },
    });
  }

  function stateCell(consent) {
    const cell = h('td', { class: 'state' });
    if (consent.withdrawn_on) {
      cell.append(label('span', 'intake.withdrawn_on', { date: day(consent.withdrawn_on) }, { class: 'state-withdrawn' }));
      return cell;
    }
    cell.append(label('span', 'intake.in_force', undefined, { class: 'state-in-force' }));
    if (ctx.writer) {
      const button = label('button', 'intake.withdraw', undefined, { type: 'button', class: 'quiet-button withdraw' });
      button.addEventListener('click', () => askWithdraw(consent, button.closest('tr'), button));
      cell.append(button);
    }
    return cell;
  }

  function show(consents, context) {
    ctx = context;
    add.hidden = !ctx.writer;
    if (!ctx.writer) {
      form.hidden = true;
    }
    childHint.hidden = !ctx.child;
    const latest = consents.at(-1);
    ctx.wording = latest?.wording_version ?? '';
    ctx.language = latest?.language ?? ctx.languages ?? '';
    if (consents.length === 0) {
      list.replaceChildren(label('p', 'intake.no_consents', undefined, { class: 'no-records' }));
      return;
    }
    const rows = consents.map((consent) =>
      h(
        'tr',
        { class: consent.withdrawn_on ? 'withdrawn' : null, 'data-id': consent.id, 'data-purpose': consent.purpose },
        purposeCell(consent),
        giverLabel(consent, ctx.child),
        howCell(consent),
        showDay(h('td', { class: 'date' }), consent.given_on),
        stateCell(consent),
      ),
    );
    const heads = ['intake.purpose', 'intake.given_by', 'intake.how', 'intake.given_on', 'intake.state'];
    list.replaceChildren(
      h(
        'div',
        { class: 'table-wrap' },
        h(
          'table',
          { class: 'records consents' },
          h('thead', {}, h('tr', {}, heads.map((key) => label('th', key, undefined, { scope: 'col' })))),
          h('tbody', { id: 'consent-rows' }, rows),
        ),
      ),
    );
  }

  return {
    show,
    open: (preset) => {
      section.scrollIntoView({ block: 'start' });
      folding.open(preset);
    },
    problem: (error) => showFailure(problem, error),
    forget: () => {
      form.reset();
      list.replaceChildren();
      say(status, null);
    },
  };
}
