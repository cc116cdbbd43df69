/*
 * The intake part of the case screen: mounts the consents, legal basis and
 * safety screen sections (case-consents.js, case-legal.js, case-safety.js)
 * into the page's sections, fills them from case_intake, and says which
 * form records a thing the gate still lacks. The case page mounts it only
 * for case workers and supervisors: a mentor is sent none of these
 * records, so the page leaves the sections out instead of showing them empty.
 */

import { invoke } from '../ipc.js';
import { createConsents } from '../case-consents.js';
import { createLegal } from '../case-legal.js';
import { createSafety } from '../case-safety.js';

const CONSENT_GIVER = { consent: 'participant', child_assent: 'participant', guardian_consent: 'guardian' };

/**
 * Mounts intake into `sections` = { consents, legal, safety } (elements) for
 * case `caseId`; `context` = { role, closed, child, languages,
 * femaleRequired, refresh }. Returns { reload(context), record(item), forget() }.
 */
export function mountIntake(sections, caseId, context) {
  const consents = createConsents(sections.consents);
  const legal = createLegal(sections.legal);
  const safety = createSafety(sections.safety);
  let current = context;

  async function reload(next = current) {
    current = next;
    const data = await invoke('case_intake', { caseId });
    const writer = !current.closed && (current.role === 'case_worker' || current.role === 'supervisor');
    const shared = { caseId, writer, refresh: current.refresh };
    consents.show(data.consents, { ...shared, child: current.child, languages: current.languages });
    legal.show(data.legal_bases, { ...shared, supervisor: current.role === 'supervisor' });
    safety.show(data.safety_screens, { ...shared, femaleRequired: current.femaleRequired });
  }

  /** The action that opens the form recording `item` (a gate's missing thing), or null. */
  function record(item) {
    if (item.code in CONSENT_GIVER) {
      const givenBy = CONSENT_GIVER[item.code];
      return () => consents.open({ purpose: item.purpose, givenBy });
    }
    if (item.code === 'safety_screen') {
      return () => safety.open();
    }
    return null;
  }

  function forget() {
    consents.forget();
    legal.forget();
    safety.forget();
  }

  return { reload, record, forget };
}
