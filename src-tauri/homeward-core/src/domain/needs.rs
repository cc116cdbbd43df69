//! The needs instrument: the 24 domains with their stable codes, which of
//! them are restricted (tier 3, score and note), the 0–4 scale, the reasons
//! for "not assessed", and the disengagement profile kept apart from needs.
//! Pure.

use super::access::Tier;

/// A need domain: its code (never renamed) and whether it is restricted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Domain {
    pub code: &'static str,
    pub restricted: bool,
}

const fn open(code: &'static str) -> Domain {
    Domain {
        code,
        restricted: false,
    }
}

const fn restricted(code: &'static str) -> Domain {
    Domain {
        code,
        restricted: true,
    }
}

/// Every domain, in the order domain.md lists them.
pub const DOMAINS: [Domain; 24] = [
    restricted("mental_health"),
    open("physical_health"),
    restricted("trauma"),
    restricted("substance_use"),
    open("coping"),
    open("identity_belonging"),
    restricted("ideological_understanding"),
    restricted("attitudes_to_violence"),
    open("social_relations"),
    open("family"),
    open("community_acceptance"),
    open("education"),
    open("vocational_skills"),
    open("employment"),
    open("financial"),
    open("housing"),
    open("legal_documents"),
    restricted("safety_retaliation"),
    open("social_skills"),
    open("spiritual_wellbeing"),
    open("recreation"),
    open("children"),
    open("online_exposure"),
    open("civic_participation"),
];

/// The domain with this code.
pub fn domain(code: &str) -> Option<Domain> {
    DOMAINS.iter().copied().find(|d| d.code == code)
}

/// The tier of a domain's score and note.
pub fn tier_of(domain: Domain) -> Tier {
    if domain.restricted {
        Tier::T3
    } else {
        Tier::T2
    }
}

/// A score on the 0–4 scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Score(u8);

impl Score {
    pub const STRENGTH: Score = Score(0);
    pub const HIGH: Score = Score(3);
    pub const URGENT: Score = Score(4);

    pub fn new(value: i64) -> Option<Score> {
        (0..=4).contains(&value).then_some(Score(value as u8))
    }

    pub fn value(self) -> u8 {
        self.0
    }

    /// High (3) or urgent (4): needs a service or plan action.
    pub fn needs_action(self) -> bool {
        self >= Score::HIGH
    }
}

/// Why a domain was not assessed. Declining is always allowed.
pub const NOT_ASSESSED_REASONS: [&str; 3] = ["declined", "not_applicable", "specialist_needed"];

/// Where a score's evidence came from.
pub const EVIDENCE_SOURCES: [&str; 4] = ["self_report", "family", "observation", "records"];

/// One domain's entry: a score, or not assessed with a reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    Scored(Score),
    NotAssessed(&'static str),
}

/// How many domains still lack a score or a reason, of how many.
pub fn unscored(entries: &[(&str, Option<Entry>)]) -> (usize, usize) {
    let missing = DOMAINS
        .iter()
        .filter(|d| {
            !entries
                .iter()
                .any(|(code, entry)| *code == d.code && entry.is_some())
        })
        .count();
    (missing, DOMAINS.len())
}

/// Disengagement stage, kept apart from needs (domain.md).
pub const STAGES: [&str; 4] = [
    "strongly_engaged",
    "doubting",
    "disengaged_consolidating",
    "unknown",
];
/// Levels of behaviour, ties and views.
pub const LEVELS: [&str; 3] = ["yes", "partly", "no"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_instrument_has_24_domains_and_the_six_restricted_ones() {
        assert_eq!(DOMAINS.len(), 24);
        let restricted: Vec<_> = DOMAINS
            .iter()
            .filter(|d| d.restricted)
            .map(|d| d.code)
            .collect();
        assert_eq!(
            restricted,
            vec![
                "mental_health",
                "trauma",
                "substance_use",
                "ideological_understanding",
                "attitudes_to_violence",
                "safety_retaliation"
            ],
            "domain.md's tier-3 domains"
        );
        let mut codes: Vec<_> = DOMAINS.iter().map(|d| d.code).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), 24, "codes are unique");
    }

    #[test]
    fn scores_table() {
        let table: &[(i64, Option<u8>, bool)] = &[
            (-1, None, false),
            (0, Some(0), false),
            (2, Some(2), false),
            (3, Some(3), true),
            (4, Some(4), true),
            (5, None, false),
        ];
        for (value, expected, action) in table {
            let score = Score::new(*value);
            assert_eq!(score.map(Score::value), *expected, "score {value}");
            if let Some(score) = score {
                assert_eq!(score.needs_action(), *action, "score {value} needs action");
            }
        }
    }

    #[test]
    fn unscored_counts_missing_domains() {
        let entries = vec![
            ("mental_health", Some(Entry::Scored(Score::URGENT))),
            ("trauma", Some(Entry::NotAssessed("declined"))),
            ("family", None),
        ];
        assert_eq!(
            unscored(&entries),
            (22, 24),
            "two answered (one by a reason), 22 to go"
        );
        assert_eq!(unscored(&[]), (24, 24));
    }
}
