/*
 * The legal basis section of the case screen (mandated cases): each legal
 * basis with its kind, reference, the day it was recorded and whether a
 * supervisor has countersigned it (only then does it stand in for
 * consent); a Countersign button for a supervisor of the district on one
 * not yet countersigned (legal_basis_countersign); and the form that
 * records one (legal_basis_record), opened from a button.
 */

import { invoke } from './ipc.js';
import { day } from './i18n.js';
import { fillOptions, h, label } from './dom.js';
import { clearErrorOnEdit, clearErrors, showError } from './form.js';
import { busy, field, foldingForm, formEnd, say, showCoreError } from './case-fields.js';
import { leaveIfLocked, showFailure } from './session.js';

/** Kinds of legal basis (api/intake.rs BASIS_KINDS). */
export const BASIS_KINDS = ['court_order', 'probation_order', 'statutory_duty'];

const $ = (id) => document.getElementById(id);

/** Mounts the section in `section`; returns { show(bases, ctx), forget() }. */
export function createLegal(section) {
  let ctx = {};
  const add = label('button', 'intake.legal_add', undefined, { type: 'button', id: 'legal-add', class: 'secondary' });
  const head = h('div', { class: 'block-head' }, label('h2', 'intake.legal_title', undefined, { id: 'legal-title' }), add);
  const hint = label('p', 'intake.legal_hint', undefined, { class: 'hint section-hint' });
  const form = h(
    'form',
    { id: 'legal-form', class: 'block-form', novalidate: true, autocomplete: 'off' },
    label('h3', 'intake.legal_form_title'),
    h(
      'div',
      { class: 'grid' },
      field({ id: 'legal-kind', key: 'intake.basis_kind', kind: 'select', required: true }),
      field({ id: 'legal-reference', key: 'intake.reference', required: true, hint: 'intake.reference_hint' }),
    ),
    ...formEnd('intake.legal_save'),
  );
  const status = h('p', { id: 'legal-status', class: 'success flash', role: 'status', tabindex: '-1', hidden: true });
  const problem = h('p', { id: 'legal-problem', class: 'form-error', role: 'alert', tabindex: '-1', hidden: true });
  const list = h('div', { id: 'legal-list' });
  section.replaceChildren(head, hint, form, status, problem, list);
  section.setAttribute('aria-labelledby', 'legal-title');
  fillOptions($('legal-kind'), BASIS_KINDS.map((k) => ({ value: k, key: `intake.basis_kind.${k}` })), {
    value: '',
    key: 'common.choose',
  });
  foldingForm(form, add, () => {
    say(status, null);
    form.reset();
  });
  clearErrorOnEdit(form);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    const empty = ['legal-kind', 'legal-reference'].filter((id) => $(id).value.trim() === '');
    for (const id of empty) {
      showError(form, id, 'error.required');
    }
    if (empty.length > 0) {
      $(empty[0]).focus();
      return;
    }
    await busy(form, async () => {
      try {
        await invoke('legal_basis_record', {
          input: { case_id: ctx.caseId, kind: $('legal-kind').value, reference: $('legal-reference').value },
        });
      } catch (error) {
        showCoreError(form, error, 'legal', 'intake.error.');
        return;
      }
      form.hidden = true;
      add.setAttribute('aria-expanded', 'false');
      await ctx.refresh();
      say(status, 'intake.legal_saved');
      add.focus();
    });
  });

  function countersign(basis, button) {
    say(status, null);
    say(problem, null);
    button.disabled = true;
    invoke('legal_basis_countersign', { legalBasisId: basis.id }).then(
      async () => {
        await ctx.refresh();
        say(status, 'intake.countersigned_done');
        status.focus();
      },
      (error) => {
        button.disabled = false;
        if (!leaveIfLocked(error)) {
          showFailure(problem, error);
          problem.focus();
        }
      },
    );
  }

  function item(basis) {
    const signed = Boolean(basis.countersigned_on);
    const state = signed
      ? label('span', 'intake.countersigned_on', { date: day(basis.countersigned_on) }, { class: 'state-in-force' })
      : label('span', 'intake.not_countersigned', undefined, { class: 'state-waiting' });
    const row = h(
      'li',
      { class: signed ? 'basis countersigned' : 'basis', 'data-id': basis.id },
      h(
        'div',
        { class: 'basis-main' },
        label('span', `intake.basis_kind.${basis.kind}`, undefined, { class: 'purpose' }),
        h('bdi', { dir: 'auto', class: 'reference user-text' }, basis.reference ?? ''),
        label('span', 'intake.recorded_on', { date: day(basis.recorded_on) }, { class: 'detail' }),
      ),
      h('div', { class: 'basis-state' }, state),
    );
    if (!signed && ctx.supervisor && ctx.writer) {
      const button = label('button', 'intake.countersign', undefined, { type: 'button', class: 'primary compact countersign' });
      button.addEventListener('click', () => countersign(basis, button));
      row.lastChild.append(button);
    }
    return row;
  }

  return {
    show(bases, context) {
      ctx = context;
      add.hidden = !ctx.writer;
      if (!ctx.writer) {
        form.hidden = true;
      }
      list.replaceChildren(
        bases.length === 0
          ? label('p', 'intake.no_legal', undefined, { class: 'no-records' })
          : h('ul', { class: 'bases', id: 'legal-rows' }, bases.map(item)),
      );
    },
    forget() {
      form.reset();
      list.replaceChildren();
      say(status, null);
    },
  };
}
