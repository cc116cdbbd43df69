/*
 * The safety screen section of the case screen (restricted, tier 3): the
 * latest screen (threats to the participant, risks to staff, whether a
 * female practitioner is required, the note, the day) with earlier ones
 * listed below it, and the form that records a new screen
 * (safety_screen_record), opened from a button. The case page never
 * builds this section for a mentor, to whom the core sends none of it.
 */

import { invoke } from './ipc.js';
import { showDay } from './i18n.js';
import { fillOptions, h, label } from './dom.js';
import { clearErrorOnEdit, clearErrors, showError } from './form.js';
import { busy, checkDates, checkField, field, foldingForm, formEnd, say, showCoreError, today } from './case-fields.js';

/** Levels of threat and risk (api/intake.rs LEVELS). */
export const LEVELS = ['none', 'possible', 'credible'];

const $ = (id) => document.getElementById(id);

function fact(key, value) {
  return h('div', { class: 'fact' }, label('dt', key), value);
}

function level(value) {
  return label('dd', `intake.level.${value}`, undefined, { class: `level level-${value}` });
}

function screenFacts(screen) {
  return h(
    'dl',
    { class: 'facts screen-facts' },
    fact('intake.screened_on', showDay(h('dd'), screen.screened_on)),
    fact('intake.threats_to_participant', level(screen.threats_to_participant)),
    fact('intake.risks_to_staff', level(screen.risks_to_staff)),
    fact(
      'intake.female_practitioner',
      label('dd', screen.female_practitioner_required ? 'common.yes' : 'common.no'),
    ),
    screen.note ? h('div', { class: 'fact span-all' }, label('dt', 'intake.note'), h('dd', { dir: 'auto', class: 'note' }, screen.note)) : null,
  );
}

/** Mounts the section in `section`; returns { show(screens, ctx), forget() }. */
export function createSafety(section) {
  let ctx = {};
  const add = label('button', 'intake.safety_add', undefined, { type: 'button', id: 'safety-add', class: 'secondary' });
  const head = h('div', { class: 'block-head' }, label('h2', 'intake.safety_title', undefined, { id: 'safety-title' }), add);
  const hint = label('p', 'intake.safety_hint', undefined, { class: 'hint section-hint' });
  const form = h(
    'form',
    { id: 'safety-form', class: 'block-form', novalidate: true, autocomplete: 'off' },
    label('h3', 'intake.safety_form_title'),
    h(
      'div',
      { class: 'grid' },
      field({ id: 'safety-threats-to-participant', key: 'intake.threats_to_participant', kind: 'select', required: true }),
      field({ id: 'safety-risks-to-staff', key: 'intake.risks_to_staff', kind: 'select', required: true }),
      field({ id: 'safety-screened-on', key: 'intake.screened_on', kind: 'date', required: true }),
      checkField({ id: 'safety-female-practitioner-required', key: 'intake.female_practitioner_required' }),
      field({ id: 'safety-note', key: 'intake.note', kind: 'textarea', span: true, hint: 'intake.safety_note_hint' }),
    ),
    ...formEnd('intake.safety_save'),
  );
  const status = h('p', { id: 'safety-status', class: 'success flash', role: 'status', tabindex: '-1', hidden: true });
  const latest = h('div', { id: 'safety-latest' });
  section.replaceChildren(head, hint, form, status, latest);
  section.setAttribute('aria-labelledby', 'safety-title');
  for (const id of ['safety-threats-to-participant', 'safety-risks-to-staff']) {
    fillOptions($(id), LEVELS.map((l) => ({ value: l, key: `intake.level.${l}` })), { value: '', key: 'common.choose' });
  }

  const folding = foldingForm(form, add, () => {
    say(status, null);
    form.reset();
    $('safety-screened-on').value = today();
    $('safety-female-practitioner-required').checked = Boolean(ctx.femaleRequired);
  });
  clearErrorOnEdit(form);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    const empty = ['safety-threats-to-participant', 'safety-risks-to-staff', 'safety-screened-on'].filter(
      (id) => $(id).value.trim() === '',
    );
    for (const id of empty) {
      showError(form, id, 'error.required');
    }
    if (empty.length > 0) {
      $(empty[0]).focus();
      return;
    }
    if (!checkDates(form, ['safety-screened-on'])) {
      return;
    }
    await busy(form, async () => {
      try {
        await invoke('safety_screen_record', {
          input: {
            case_id: ctx.caseId,
            screened_on: $('safety-screened-on').value.trim(),
            threats_to_participant: $('safety-threats-to-participant').value,
            risks_to_staff: $('safety-risks-to-staff').value,
            female_practitioner_required: $('safety-female-practitioner-required').checked,
            note: $('safety-note').value,
          },
        });
      } catch (error) {
        showCoreError(form, error, 'safety', 'intake.error.');
        return;
      }
      form.hidden = true;
      add.setAttribute('aria-expanded', 'false');
      await ctx.refresh();
      say(status, 'intake.safety_saved');
      add.focus();
    });
  });

  return {
    show(screens, context) {
      ctx = context;
      add.hidden = !ctx.writer;
      if (!ctx.writer) {
        form.hidden = true;
      }
      if (screens.length === 0) {
        latest.replaceChildren(label('p', 'intake.no_safety', undefined, { class: 'no-records' }));
        return;
      }
      const [newest, ...earlier] = [...screens].reverse();
      const parts = [label('h3', 'intake.safety_latest'), screenFacts(newest)];
      if (earlier.length > 0) {
        parts.push(
          h(
            'details',
            { class: 'earlier' },
            label('summary', earlier.length === 1 ? 'intake.safety_earlier_one' : 'intake.safety_earlier', {
              count: earlier.length,
            }),
            earlier.map(screenFacts),
          ),
        );
      }
      latest.replaceChildren(...parts);
    },
    open: (preset) => {
      section.scrollIntoView({ block: 'start' });
      folding.open(preset);
    },
    forget() {
      form.reset();
      latest.replaceChildren();
      say(status, null);
    },
  };
}
