/*
 * The closed code lists the core accepts (genders, custody tracks, referral
 * sources, religions, context typologies, provinces, phases, roles), in the
 * order the forms offer them. Labels never live here: each code's label is
 * the catalog key `<list>.<code>` (for example custody_track.in_custody),
 * checked by tests/e2e/test_static.py (context typologies by
 * tests/e2e/test_typology.py).
 */

export const GENDERS = ['female', 'male', 'other', 'prefer_not_to_say'];

export const CUSTODY_TRACKS = [
  'community',
  'arrested',
  'pre_trial',
  'in_custody',
  'release_preparation',
  'released_under_supervision',
  'released',
  'repatriated',
  'detained_abroad',
];

export const REFERRAL_SOURCES = [
  'prison_or_probation',
  'court',
  'police',
  'self',
  'family',
  'community_leader',
  'religious_leader',
  'civil_society',
];

/** The empty code means "not recorded"; its label is religion.none. */
export const RELIGIONS = ['', 'islam', 'christianity', 'hinduism', 'sikhism', 'other', 'prefer_not_to_say'];

/**
 * The context a case comes from (restricted, reported apart); the empty code
 * means "not recorded", its label context_typology.none.
 */
export const CONTEXT_TYPOLOGIES = ['', 'religious', 'sectarian', 'ethno_political', 'far_right', 'other'];

export const PHASES = [0, 1, 2, 3, 4, 5, 6, 7];

export const ROLES = ['case_worker', 'mentor', 'supervisor', 'administrator'];

/** Province codes with the English name the core reports in case views. */
export const PROVINCES = [
  ['BA', 'Balochistan'],
  ['KP', 'Khyber Pakhtunkhwa'],
  ['PB', 'Punjab'],
  ['SD', 'Sindh'],
  ['IS', 'Islamabad Capital Territory'],
  ['GB', 'Gilgit-Baltistan'],
  ['AJK', 'Azad Jammu and Kashmir'],
];

/** The catalog key of a code of `list` ('' is the key `<list>.none`). */
export function codeKey(list, code) {
  return `${list}.${code === '' || code === null || code === undefined ? 'none' : code}`;
}

/** The province code for the English province name a case view carries. */
export function provinceCode(name) {
  return PROVINCES.find(([, english]) => english === name)?.[0] ?? null;
}
