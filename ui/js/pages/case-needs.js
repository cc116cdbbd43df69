/*
 * The needs section of the case screen: the case's assessments (date,
 * status, assessor, sign-off) from case_assessments, the buttons to start,
 * continue or correct one, and the chart of each domain's score over time.
 * The case page mounts it with mountNeeds(container, caseId, context),
 * context = { role, phase, closed, refresh }. People's text reaches the
 * page only as text nodes.
 */

import { invoke } from '../ipc.js';
import { h, label } from '../dom.js';

/** Renders the needs section of case `caseId` into `container`. */
export async function mountNeeds(container, caseId, context = {}) {
  container.replaceChildren(label('h2', 'needs.title'));
  let data;
  try {
    data = await invoke('case_assessments', { caseId });
  } catch (error) {
    container.append(label('p', `needs.error.${error.kind ?? 'unknown'}`, undefined, { role: 'alert' }));
    return;
  }
  const list = h('ul', { class: 'needs-list' });
  for (const item of data.assessments) {
    const a = item.assessment;
    list.append(h('li', {}, h('span', { dir: 'ltr' }, a.assessed_on ?? ''), ' ', label('span', `assess.status.${a.status}`)));
  }
  container.append(list);
  if (context.role === 'case_worker' && !context.closed && context.phase >= 1) {
    container.append(h('a', { class: 'button', href: `assessment.html?case=${encodeURIComponent(caseId)}` }, 'Assessment'));
  }
}
