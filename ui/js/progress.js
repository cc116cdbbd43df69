/*
 * The progress of a long operation (unlock, the vault check): a bar, the
 * current step in words (the catalog's progress.<step>) and a Cancel
 * button that asks the shell to stop it. The page holds an empty
 * <div class="progress" id="NAME-progress" hidden>; the parts are built
 * here (NAME-bar, NAME-step, NAME-cancel).
 */

import { h, label } from './dom.js';
import { hasTranslation, translate, untranslate } from './i18n.js';
import { invoke } from './ipc.js';

function build(root) {
  const name = root.id.replace(/-progress$/, '');
  root.replaceChildren(
    h('progress', { id: `${name}-bar`, max: 1, value: 0, 'aria-labelledby': `${name}-step` }),
    h('p', { id: `${name}-step`, class: 'progress-step', 'aria-live': 'polite' }),
    label('button', 'common.cancel', null, { id: `${name}-cancel`, type: 'button', class: 'secondary progress-cancel' }),
  );
}

/** Shows `root` at the start; returns { step(event), finish() }. */
export function startProgress(root) {
  if (!root.querySelector('progress')) {
    build(root);
  }
  const bar = root.querySelector('progress');
  const text = root.querySelector('.progress-step');
  const cancel = root.querySelector('.progress-cancel');
  bar.max = 1;
  bar.value = 0;
  untranslate(text);
  cancel.disabled = false;
  cancel.onclick = () => {
    cancel.disabled = true;
    translate(text, 'progress.cancelling');
    invoke('cancel_operation').catch(() => {});
  };
  root.hidden = false;
  return {
    step({ step, done, total }) {
      bar.max = Math.max(1, total);
      bar.value = Math.min(done, bar.max);
      if (!cancel.disabled && hasTranslation(`progress.${step}`)) {
        translate(text, `progress.${step}`);
      }
    },
    finish() {
      root.hidden = true;
      cancel.onclick = null;
      untranslate(text);
    },
  };
}
