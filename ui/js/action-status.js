/*
 * The inline status change of one action of the active plan, shared by
 * the plan page and the review page: a status choice, the blocking reason
 * (asked for only when "blocked"), Save, and a role="alert" error. It
 * calls plan_action_status and then the page's onSaved; a locked vault
 * leaves the page. Labels come from the catalogs.
 */

import { translate } from './i18n.js';
import { invoke } from './ipc.js';
import { fillOptions, h, label } from './dom.js';
import { errorKey, errorParams } from './form.js';
import { leaveIfLocked } from './session.js';

/** Action statuses (domain/plan.rs ACTION_STATUSES). */
export const ACTION_STATUSES = ['planned', 'in_progress', 'done', 'blocked', 'dropped'];

let sequence = 0;

/**
 * The control for `action`. `hideLabel` keeps the status label for screen
 * readers only (in a table whose header says it); `onSaved` runs after a save.
 */
export function actionStatusControl(action, { onSaved, hideLabel = false }) {
  sequence += 1;
  const id = `action-status-${sequence}`;
  const select = h('select', { id, 'data-status-for': action.id });
  fillOptions(select, ACTION_STATUSES.map((s) => ({ value: s, key: `plan.status.${s}` })));
  select.value = action.status;
  const reason = h('input', { id: `${id}-reason`, type: 'text', dir: 'auto', value: action.blocking_reason ?? '', 'aria-describedby': `${id}-error` });
  const reasonField = h('span', { class: 'status-reason' }, label('label', 'plan.blocking_reason', undefined, { for: reason.id }), reason);
  const save = label('button', 'plan.status_save', undefined, { type: 'button', class: 'secondary small-button' });
  const error = h('p', { id: `${id}-error`, class: 'field-error', role: 'alert', hidden: true });
  const sync = () => {
    reasonField.hidden = select.value !== 'blocked';
  };
  select.addEventListener('change', sync);
  sync();
  save.addEventListener('click', async () => {
    error.hidden = true;
    if (select.value === 'blocked' && reason.value.trim() === '') {
      translate(error, 'plan.error.blocking_reason');
      error.hidden = false;
      reason.focus();
      return;
    }
    save.disabled = true;
    try {
      await invoke('plan_action_status', { input: { action_id: action.id, status: select.value, blocking_reason: select.value === 'blocked' ? reason.value : '' } });
      await onSaved();
    } catch (failure) {
      if (!leaveIfLocked(failure)) {
        const refusedReason = failure?.field === 'blocking_reason' && failure?.kind !== 'too_long';
        translate(error, refusedReason ? 'plan.error.blocking_reason' : errorKey(failure), errorParams(failure));
        error.hidden = false;
      }
    } finally {
      save.disabled = false;
    }
  });
  const labelAttributes = hideLabel ? { for: id, class: 'visually-hidden' } : { for: id };
  return h(
    'div',
    { class: 'status-change' },
    h('span', { class: 'status-select' }, label('label', 'plan.action_status', undefined, labelAttributes), select),
    reasonField,
    save,
    error,
  );
}
