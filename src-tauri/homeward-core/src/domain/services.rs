//! The service map and what a case does with it, as pure rules: the code
//! lists of organisations, services, risks of access, referrals, contacts,
//! incidents and disclosures; when a service is stale; which referral
//! status may follow which; and which high or urgent domains still lack a
//! referral or a planned action (the gate from service mapping to plan).

use chrono::{Months, NaiveDate};

/// Kinds of organisation (domain.md, "Service mapping").
pub const ORG_TYPES: [&str; 14] = [
    "government",
    "police",
    "prison",
    "probation",
    "court",
    "local_authority",
    "civil_society",
    "international",
    "faith",
    "health",
    "education",
    "vocational_training",
    "employer",
    "family_support",
];

/// Where an organisation works from.
pub const ORG_LEVELS: [&str; 4] = ["national", "provincial", "district", "community"];

pub const MODALITIES: [&str; 5] = [
    "residential",
    "outpatient",
    "outreach",
    "in_prison",
    "online",
];

/// Who a service takes.
pub const SERVICE_GENDERS: [&str; 3] = ["any", "female", "male"];

/// The risks of being seen to use a service; each service rates each one
/// at most once, with a level and a mitigation.
pub const RISK_KINDS: [&str; 5] = [
    "stigma",
    "being_seen",
    "retaliation",
    "perceived_intelligence",
    "unsafe_route",
];
pub const RISK_LEVELS: [&str; 3] = ["low", "medium", "high"];

/// A service not verified for this long shows as stale.
pub const STALE_AFTER_MONTHS: u32 = 12;

/// Whether a service last verified on `verified` is stale on `today`: from
/// the day twelve calendar months later (29 February clamps to 28).
pub fn is_stale(verified: NaiveDate, today: NaiveDate) -> bool {
    match verified.checked_add_months(Months::new(STALE_AFTER_MONTHS)) {
        Some(due) => today >= due,
        None => true,
    }
}

/// Referral statuses, in the order a referral usually runs through them.
pub const REFERRAL_STATUSES: [&str; 8] = [
    "proposed",
    "sent",
    "accepted",
    "in_progress",
    "completed",
    "declined",
    "dropped",
    "stopped_consent_withdrawn",
];

/// Still waiting for help to arrive: withdrawal of consent stops these.
pub fn referral_pending(status: &str) -> bool {
    matches!(status, "proposed" | "sent" | "accepted" | "in_progress")
}

/// Whether a referral may move from `from` to `to` by a user's hand.
/// "stopped_consent_withdrawn" is reached only through a withdrawal; the
/// ends (completed, declined, dropped, stopped) do not move again.
pub fn referral_may_move(from: &str, to: &str) -> bool {
    let forward = |ladder: &[&str]| ladder.contains(&from);
    match to {
        "sent" => forward(&["proposed"]),
        "accepted" => forward(&["proposed", "sent"]),
        "in_progress" => forward(&["sent", "accepted"]),
        "completed" => forward(&["accepted", "in_progress"]),
        "declined" => forward(&["sent", "accepted"]),
        "dropped" => referral_pending(from),
        _ => false,
    }
}

/// A referral that still stands for its domain at the plan gate: one the
/// service turned down, that was dropped or stopped covers nothing.
pub fn referral_covers(status: &str) -> bool {
    referral_pending(status) || status == "completed"
}

/// Why a service was not used (reported as the main barriers).
pub const BARRIERS: [&str; 11] = [
    "not_eligible",
    "cost",
    "distance_or_transport",
    "waiting_time",
    "documents",
    "stigma_or_safety",
    "family_opposition",
    "language",
    "no_female_staff",
    "participant_declined",
    "other",
];

/// Statuses of an action planned in service mapping (the plan takes them up).
pub const ACTION_STATUSES: [&str; 5] = ["planned", "in_progress", "done", "blocked", "dropped"];

/// The high or urgent domains of `needs` that have neither a referral that
/// still covers them nor a planned action that is not dropped. `needs` are
/// the domains scored 3 or 4 on the signed-off assessment; `referrals` and
/// `actions` are (domain, status) pairs of the case.
pub fn uncovered_domains<'a>(
    needs: &[&'a str],
    referrals: &[(&str, &str)],
    actions: &[(&str, &str)],
) -> Vec<&'a str> {
    needs
        .iter()
        .copied()
        .filter(|domain| {
            let referred = referrals
                .iter()
                .any(|(d, status)| d == domain && referral_covers(status));
            let acted = actions
                .iter()
                .any(|(d, status)| d == domain && *status != "dropped");
            !referred && !acted
        })
        .collect()
}

pub const CONTACT_KINDS: [&str; 8] = [
    "office",
    "home_visit",
    "phone",
    "prison_visit",
    "mentoring_session",
    "family_meeting",
    "group_session",
    "other",
];

/// Incidents and unintended consequences (domain.md; the list).
pub const INCIDENT_KINDS: [&str; 8] = [
    "stigma_exposure",
    "family_conflict",
    "community_backlash",
    "media",
    "retaliation",
    "harm_from_service",
    "gender_norm_harm",
    "threat_to_staff",
];

/// Incident kinds kept at tier 3 (their own table).
pub fn incident_restricted(kind: &str) -> bool {
    matches!(kind, "retaliation" | "threat_to_staff")
}

pub const SEVERITIES: [&str; 4] = ["low", "moderate", "serious", "critical"];

/// Who received information: a partner, or police or a security body
/// (tier 3, and a supervisor must countersign).
pub const RECIPIENT_KINDS: [&str; 2] = ["partner", "police_security"];

pub fn disclosure_restricted(recipient_kind: &str) -> bool {
    recipient_kind == "police_security"
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn stale_table() {
        let table: &[(&str, &str, bool)] = &[
            ("2025-11-21", "2026-11-20", false),
            ("2025-11-21", "2026-11-21", true),
            ("2025-11-21", "2026-11-22", true),
            ("2025-11-22", "2026-11-21", false),
            ("2026-11-21", "2026-11-21", false),
            ("2024-02-29", "2025-02-27", false),
            ("2024-02-29", "2025-02-28", true),
            ("2025-08-31", "2026-08-30", false),
            ("2025-08-31", "2026-08-31", true),
            ("2020-01-01", "2026-11-21", true),
        ];
        for (verified, today, stale) in table {
            assert_eq!(
                is_stale(day(verified), day(today)),
                *stale,
                "verified {verified}, today {today}"
            );
        }
    }

    #[test]
    fn referral_moves_table() {
        let allowed: &[(&str, &str)] = &[
            ("proposed", "sent"),
            ("proposed", "accepted"),
            ("proposed", "dropped"),
            ("sent", "accepted"),
            ("sent", "in_progress"),
            ("sent", "declined"),
            ("sent", "dropped"),
            ("accepted", "in_progress"),
            ("accepted", "completed"),
            ("accepted", "declined"),
            ("accepted", "dropped"),
            ("in_progress", "completed"),
            ("in_progress", "dropped"),
        ];
        for from in REFERRAL_STATUSES {
            for to in REFERRAL_STATUSES {
                assert_eq!(
                    referral_may_move(from, to),
                    allowed.contains(&(from, to)),
                    "{from} -> {to}"
                );
            }
        }
    }

    /// Every combination of a high domain's referral status and action
    /// status, for one and for two domains.
    #[test]
    fn coverage_table() {
        let action_statuses = [None, Some("planned"), Some("done"), Some("dropped")];
        for referral in std::iter::once(None).chain(REFERRAL_STATUSES.map(Some)) {
            for action in action_statuses {
                let referrals: Vec<(&str, &str)> =
                    referral.map(|s| ("family", s)).into_iter().collect();
                let actions: Vec<(&str, &str)> =
                    action.map(|s| ("family", s)).into_iter().collect();
                let covered = referral.is_some_and(|s| {
                    matches!(
                        s,
                        "proposed" | "sent" | "accepted" | "in_progress" | "completed"
                    )
                }) || action.is_some_and(|s| s != "dropped");
                let expected: Vec<&str> = if covered { vec![] } else { vec!["family"] };
                assert_eq!(
                    uncovered_domains(&["family"], &referrals, &actions),
                    expected,
                    "referral {referral:?}, action {action:?}"
                );
                // A second high domain is never covered by the first's records.
                let both = uncovered_domains(&["family", "housing"], &referrals, &actions);
                assert!(both.contains(&"housing"), "{referral:?} {action:?}");
                assert_eq!(both.contains(&"family"), !covered);
            }
        }
        // Records for a domain that is not high or urgent change nothing,
        // and no high domain means nothing is missing.
        assert_eq!(
            uncovered_domains(
                &["housing"],
                &[("family", "sent")],
                &[("family", "planned")]
            ),
            vec!["housing"]
        );
        assert!(uncovered_domains(&[], &[("family", "sent")], &[]).is_empty());
    }

    #[test]
    fn restricted_kinds() {
        let restricted: Vec<&str> = INCIDENT_KINDS
            .into_iter()
            .filter(|k| incident_restricted(k))
            .collect();
        assert_eq!(restricted, vec!["retaliation", "threat_to_staff"]);
        assert!(disclosure_restricted("police_security"));
        assert!(!disclosure_restricted("partner"));
    }
}
