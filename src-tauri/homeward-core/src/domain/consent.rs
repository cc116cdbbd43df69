//! Consent rules: which purposes a case has a basis for. A consent is given
//! per purpose; a child (under 18 on the day) needs both their own assent
//! and a guardian's consent; a legal basis countersigned by a supervisor
//! (a mandated case) stands in for consent to participation, assessment and
//! sharing, never for mentoring, family involvement or statistics.
//! A withdrawn consent counts for nothing from its withdrawal on. Pure.

use chrono::{Datelike, NaiveDate};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Purpose {
    Participation,
    Assessment,
    Sharing,
    FamilyInvolvement,
    Mentoring,
    Statistics,
}

impl Purpose {
    pub const ALL: [Purpose; 6] = [
        Purpose::Participation,
        Purpose::Assessment,
        Purpose::Sharing,
        Purpose::FamilyInvolvement,
        Purpose::Mentoring,
        Purpose::Statistics,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Purpose::Participation => "participation",
            Purpose::Assessment => "assessment",
            Purpose::Sharing => "sharing",
            Purpose::FamilyInvolvement => "family_involvement",
            Purpose::Mentoring => "mentoring",
            Purpose::Statistics => "statistics",
        }
    }

    pub fn parse(code: &str) -> Option<Purpose> {
        Purpose::ALL.into_iter().find(|p| p.as_str() == code)
    }

    /// Whether a countersigned legal basis can stand in for consent.
    pub fn legal_basis_may_stand_in(self) -> bool {
        matches!(
            self,
            Purpose::Participation | Purpose::Assessment | Purpose::Sharing
        )
    }
}

/// Who gave a consent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GivenBy {
    /// The participant (for a child, their assent).
    Participant,
    /// A parent or legal guardian.
    Guardian,
}

/// How consent was recorded.
pub const METHODS: [&str; 3] = ["signed", "verbal_with_witness", "thumbprint"];

/// A consent as the rule needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsentFact {
    pub purpose: Purpose,
    pub given_by: GivenBy,
    pub given_on: NaiveDate,
    pub withdrawn_on: Option<NaiveDate>,
}

impl ConsentFact {
    fn in_force(&self, today: NaiveDate) -> bool {
        self.given_on <= today && self.withdrawn_on.is_none_or(|w| w > today)
    }
}

/// What is missing for a purpose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConsentMissing {
    /// No consent (and no legal basis that could stand in).
    Consent(Purpose),
    /// A child's own assent.
    ChildAssent(Purpose),
    /// A child's guardian's consent.
    GuardianConsent(Purpose),
}

/// Age in whole years on `today`.
pub fn age_on(born: NaiveDate, today: NaiveDate) -> i32 {
    let mut age = today.year() - born.year();
    if (today.month(), today.day()) < (born.month(), born.day()) {
        age -= 1;
    }
    age
}

/// Whether the participant is a child on `today`: from the date of birth,
/// else from the approximate age.
pub fn is_child(
    date_of_birth: Option<NaiveDate>,
    approx_age: Option<i64>,
    today: NaiveDate,
) -> bool {
    match (date_of_birth, approx_age) {
        (Some(born), _) => age_on(born, today) < 18,
        (None, Some(age)) => age < 18,
        (None, None) => false,
    }
}

/// What the case still lacks for `purpose` on `today`.
pub fn missing_for(
    purpose: Purpose,
    child: bool,
    consents: &[ConsentFact],
    countersigned_legal_basis: bool,
    today: NaiveDate,
) -> Vec<ConsentMissing> {
    if countersigned_legal_basis && purpose.legal_basis_may_stand_in() {
        return Vec::new();
    }
    let given = |by: GivenBy| {
        consents
            .iter()
            .any(|c| c.purpose == purpose && c.given_by == by && c.in_force(today))
    };
    let mut missing = Vec::new();
    if child {
        if !given(GivenBy::Participant) {
            missing.push(ConsentMissing::ChildAssent(purpose));
        }
        if !given(GivenBy::Guardian) {
            missing.push(ConsentMissing::GuardianConsent(purpose));
        }
    } else if !given(GivenBy::Participant) {
        missing.push(ConsentMissing::Consent(purpose));
    }
    missing
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn consent(purpose: Purpose, by: GivenBy, withdrawn: Option<NaiveDate>) -> ConsentFact {
        ConsentFact {
            purpose,
            given_by: by,
            given_on: day(2026, 11, 1),
            withdrawn_on: withdrawn,
        }
    }

    #[test]
    fn consent_table() {
        use ConsentMissing::*;
        use GivenBy::*;
        use Purpose::*;
        let today = day(2026, 11, 21);
        type Row = (
            &'static str,
            Purpose,
            bool,
            Vec<ConsentFact>,
            bool,
            Vec<ConsentMissing>,
        );
        let table: Vec<Row> = vec![
            (
                "adult with consent",
                Assessment,
                false,
                vec![consent(Assessment, Participant, None)],
                false,
                vec![],
            ),
            (
                "adult without consent",
                Assessment,
                false,
                vec![],
                false,
                vec![Consent(Assessment)],
            ),
            (
                "consent for another purpose",
                Assessment,
                false,
                vec![consent(Participation, Participant, None)],
                false,
                vec![Consent(Assessment)],
            ),
            (
                "guardian consent does not replace an adult's own",
                Assessment,
                false,
                vec![consent(Assessment, Guardian, None)],
                false,
                vec![Consent(Assessment)],
            ),
            (
                "withdrawn yesterday",
                Assessment,
                false,
                vec![consent(Assessment, Participant, Some(day(2026, 11, 20)))],
                false,
                vec![Consent(Assessment)],
            ),
            (
                "withdrawal dated tomorrow not yet in force",
                Assessment,
                false,
                vec![consent(Assessment, Participant, Some(day(2026, 11, 22)))],
                false,
                vec![],
            ),
            (
                "child with both",
                Assessment,
                true,
                vec![
                    consent(Assessment, Participant, None),
                    consent(Assessment, Guardian, None),
                ],
                false,
                vec![],
            ),
            (
                "child with assent only",
                Assessment,
                true,
                vec![consent(Assessment, Participant, None)],
                false,
                vec![GuardianConsent(Assessment)],
            ),
            (
                "child with guardian only",
                Assessment,
                true,
                vec![consent(Assessment, Guardian, None)],
                false,
                vec![ChildAssent(Assessment)],
            ),
            (
                "child with neither",
                Assessment,
                true,
                vec![],
                false,
                vec![ChildAssent(Assessment), GuardianConsent(Assessment)],
            ),
            (
                "mandated: legal basis stands in for assessment",
                Assessment,
                false,
                vec![],
                true,
                vec![],
            ),
            (
                "mandated: legal basis stands in for participation",
                Participation,
                false,
                vec![],
                true,
                vec![],
            ),
            (
                "mandated: never for mentoring",
                Mentoring,
                false,
                vec![],
                true,
                vec![Consent(Mentoring)],
            ),
            (
                "mandated: never for statistics",
                Statistics,
                false,
                vec![],
                true,
                vec![Consent(Statistics)],
            ),
            (
                "mandated child: legal basis stands in",
                Assessment,
                true,
                vec![],
                true,
                vec![],
            ),
        ];
        for (rule, purpose, child, consents, basis, expected) in table {
            assert_eq!(
                missing_for(purpose, child, &consents, basis, today),
                expected,
                "{rule}"
            );
        }
    }

    #[test]
    fn child_table() {
        let today = day(2026, 11, 21);
        let table: &[(Option<NaiveDate>, Option<i64>, bool)] = &[
            (Some(day(2008, 11, 21)), None, false),
            (Some(day(2008, 11, 22)), None, true),
            (Some(day(2011, 1, 1)), Some(30), true),
            (None, Some(15), true),
            (None, Some(18), false),
            (None, None, false),
        ];
        for (born, age, child) in table {
            assert_eq!(
                is_child(*born, *age, today),
                *child,
                "born {born:?}, about {age:?}"
            );
        }
    }
}
