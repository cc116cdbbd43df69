//! The demo and the generator: the demo holds every role and the
//! fictional cases; the same seed always gives the same vault; a generated
//! vault holds a consistent history in every table a report reads.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use homeward_core::api::cases::CaseListQuery;
use homeward_core::api::rpc::call;
use homeward_core::api::App;
use homeward_core::domain::phase::{CLOSURE_REASONS, INTAKE_OUTCOMES};
use homeward_core::domain::services::{BARRIERS, INCIDENT_KINDS, REFERRAL_STATUSES};
use homeward_core::seed;
use homeward_core::store::generate::table_counts;
use homeward_tests::*;
use serde_json::json;

fn counts(vault: &std::path::Path) -> BTreeMap<(String, i64, String), usize> {
    let app = unlocked(vault, "supervisor", test_clock());
    let mut out = BTreeMap::new();
    let mut page = 0;
    loop {
        let got = app
            .list_cases(&CaseListQuery {
                page,
                page_size: Some(200),
                ..Default::default()
            })
            .unwrap();
        for case in &got.items {
            let key = (
                case["district"].as_str().unwrap().to_owned(),
                case["phase"].as_i64().unwrap(),
                case["custody_track"].as_str().unwrap().to_owned(),
            );
            *out.entry(key).or_insert(0) += 1;
        }
        if got.items.len() < 200 {
            break;
        }
        page += 1;
    }
    out
}

/// What a generated vault holds apart from its random ids and keys: every
/// case's dates, name and ending in opening order, and each table's rows.
type Content = (Vec<Vec<Option<String>>>, Vec<(&'static str, i64)>);

fn content(vault: &std::path::Path) -> Content {
    let conn = raw_connection(vault, "supervisor");
    let mut stmt = conn
        .prepare(
            "SELECT opened_on, referral_date, name_latin, gender, custody_track, context_typology,
             CAST(phase AS TEXT), closed_on, closure_reason, intake_outcome, next_review_due,
             (SELECT group_concat(phase || '@' || entered_on) FROM phase_events p WHERE p.case_id = c.id)
             FROM cases c ORDER BY seq",
        )
        .unwrap();
    let cases = stmt
        .query_map([], |row| {
            (0..12)
                .map(|i| row.get::<_, Option<String>>(i))
                .collect::<Result<Vec<_>, _>>()
        })
        .unwrap()
        .collect::<Result<Vec<_>, _>>()
        .unwrap();
    // The audit log also holds the sessions of the run, the same for both.
    (cases, table_counts(&conn).unwrap())
}

fn generated(
    cases: usize,
    seed_value: u64,
) -> (
    tempfile::TempDir,
    BTreeMap<(String, i64, String), usize>,
    Content,
) {
    let dir = tempfile::tempdir().unwrap();
    let vault = dir.path().join("vault");
    let mut app = App::open(&vault, Arc::new(test_clock())).unwrap();
    seed::generate(&mut app, cases, seed_value, PASSPHRASE, "2026-11-01").unwrap();
    drop(app);
    let held = content(&vault);
    let counted = counts(&vault);
    (dir, counted, held)
}

#[test]
fn the_same_seed_gives_the_same_vault_and_another_seed_another() {
    let (_a, first, first_content) = generated(240, 7);
    let (_b, again, again_content) = generated(240, 7);
    let (_c, other, other_content) = generated(240, 8);
    assert_eq!(first.values().sum::<usize>(), 240, "every case is written");
    assert_eq!(
        first, again,
        "same seed, same counts per district, phase and custody track"
    );
    assert_eq!(
        first_content, again_content,
        "same seed, same cases, histories and rows in every table"
    );
    assert_ne!(first, other, "another seed spreads the cases differently");
    assert_ne!(
        first_content, other_content,
        "another seed, other histories"
    );
    let districts: std::collections::BTreeSet<_> = first.keys().map(|k| k.0.clone()).collect();
    let tracks: std::collections::BTreeSet<_> = first.keys().map(|k| k.2.clone()).collect();
    assert_eq!(districts.len(), 8, "cases spread over every district");
    assert_eq!(tracks.len(), 9, "and over every custody track");
}

#[test]
fn the_demo_holds_every_role_and_the_fictional_cases() {
    let dir = tempfile::tempdir().unwrap();
    let vault = dir.path().join("vault");
    let mut app = App::open(&vault, Arc::new(test_clock())).unwrap();
    seed::demo(&mut app, PASSPHRASE, "2026-11-21").unwrap();
    drop(app);
    let admin = unlocked(&vault, "admin", test_clock());
    let roles: std::collections::BTreeSet<_> = admin
        .list_users()
        .unwrap()
        .into_iter()
        .map(|u| u.role)
        .collect();
    assert_eq!(roles.len(), 4, "every role is in the demo: {roles:?}");
    drop(admin);
    let mut sup = unlocked(&vault, "ayesha.supervisor", test_clock());
    let page = sup
        .list_cases(&CaseListQuery {
            page_size: Some(50),
            ..CaseListQuery::default()
        })
        .unwrap();
    assert_eq!(page.total, 12);
    let phases: std::collections::BTreeSet<i64> = page
        .items
        .iter()
        .map(|c| c["phase"].as_i64().unwrap())
        .collect();
    assert_eq!(phases, (0..=7).collect(), "every phase");
    let due = call(&mut sup, "reviews_due", json!({})).unwrap();
    let standings: std::collections::BTreeSet<&str> = due
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["standing"].as_str().unwrap())
        .collect();
    assert_eq!(
        standings,
        ["due", "overdue"].into_iter().collect(),
        "reviews due and overdue: {due}"
    );
    let mut overridden = 0;
    let mut signed_reviews = 0;
    for case in &page.items {
        let id = json!({"case_id": case["id"]});
        for agreement in call(&mut sup, "case_agreements", id.clone())
            .unwrap()
            .as_array()
            .unwrap()
        {
            overridden += agreement["members"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|m| m["positive"] == json!(0) && m["override_by"].is_string())
                .count();
        }
        signed_reviews += call(&mut sup, "case_reviews", id)
            .unwrap()
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["signed_by"].is_string())
            .count();
    }
    assert_eq!(
        overridden, 1,
        "one member admitted by a supervisor's override"
    );
    assert_eq!(signed_reviews, 2, "reviews held on time");
    let mut statuses = std::collections::BTreeSet::new();
    let mut purposes = std::collections::BTreeSet::new();
    let mut disclosures = Vec::new();
    let (mut contacts, mut incidents) = (0, 0);
    for case in &page.items {
        let id = json!({"case_id": case["id"]});
        let referrals = call(&mut sup, "case_referrals", id.clone()).unwrap();
        for referral in referrals["referrals"].as_array().unwrap() {
            statuses.insert(referral["status"].as_str().unwrap().to_owned());
        }
        let intake = call(&mut sup, "case_intake", id.clone()).unwrap();
        for consent in intake["consents"].as_array().unwrap() {
            let by = consent["given_by"].as_str().unwrap();
            purposes.insert(format!("{}:{by}", consent["purpose"].as_str().unwrap()));
        }
        disclosures.extend(
            call(&mut sup, "case_disclosures", id.clone())
                .unwrap()
                .as_array()
                .unwrap()
                .clone(),
        );
        contacts += call(&mut sup, "case_contacts", id.clone())
            .unwrap()
            .as_array()
            .unwrap()
            .len();
        incidents += call(&mut sup, "case_incidents", id)
            .unwrap()
            .as_array()
            .unwrap()
            .len();
    }
    assert_eq!(
        statuses.len(),
        homeward_core::domain::services::REFERRAL_STATUSES.len(),
        "referrals in every status: {statuses:?}"
    );
    for purpose in [
        "participation:participant",
        "assessment:participant",
        "sharing:participant",
        "family_involvement:participant",
        "mentoring:participant",
        "statistics:participant",
        "participation:guardian",
        "sharing:guardian",
    ] {
        assert!(purposes.contains(purpose), "{purpose} in {purposes:?}");
    }
    assert!(
        disclosures
            .iter()
            .any(|d| d["restricted"] == json!(true) && d["countersigned_by"].is_string()),
        "a countersigned disclosure to police"
    );
    assert!(
        contacts >= 3 && incidents >= 2,
        "{contacts} contacts, {incidents} incidents"
    );
    let services = call(&mut sup, "service_find", json!({})).unwrap();
    let services = services.as_array().unwrap();
    let districts: std::collections::BTreeSet<&str> = services
        .iter()
        .map(|s| s["district"].as_str().unwrap())
        .collect();
    assert_eq!(districts.len(), 2, "two districts' maps");
    assert!(services.iter().any(|s| s["risks"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["level"] == json!("high") && !r["mitigation"].as_str().unwrap().is_empty())));
    assert!(services.iter().any(|s| s["stale"] == json!(true)));
    drop(sup);
    let mentor = unlocked(&vault, "bilal.mentor", test_clock());
    assert_eq!(
        mentor.list_cases(&CaseListQuery::default()).unwrap().total,
        3,
        "a mentor sees only mentees"
    );
}

/// One value of a one-column query for every row.
fn column(conn: &rusqlite::Connection, sql: &str) -> Vec<String> {
    conn.prepare(sql)
        .unwrap()
        .query_map([], |r| r.get::<_, String>(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// Every row's first value, shown as text (NULL included).
fn values(conn: &rusqlite::Connection, sql: &str) -> Vec<String> {
    conn.prepare(sql)
        .unwrap()
        .query_map([], |r| r.get::<_, rusqlite::types::Value>(0))
        .unwrap()
        .map(|v| format!("{:?}", v.unwrap()))
        .collect()
}

fn number(conn: &rusqlite::Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

/// (case id, case phase, opened on, event phase, entered on)
type PhaseRow = (String, i64, String, i64, String);

/// The moves `domain::phase` allows, as (from, to).
fn allowed_move(from: i64, to: i64) -> bool {
    matches!(
        (from, to),
        (0, 1) | (1, 2) | (2, 3) | (3, 4) | (4, 5) | (6, 5) | (5, 4) | (5, 6) | (6, 4)
    ) || (to == 7 && from != 7)
}

#[test]
fn a_generated_vault_holds_a_consistent_history_in_every_report_table() {
    let dir = tempfile::tempdir().unwrap();
    let vault = dir.path().join("vault");
    let mut app = App::open(&vault, Arc::new(test_clock())).unwrap();
    seed::generate(&mut app, 400, 3, PASSPHRASE, "2026-11-01").unwrap();
    drop(app);
    let conn = raw_connection(&vault, "supervisor");

    for (table, rows) in table_counts(&conn).unwrap() {
        assert!(rows > 0, "{table} has rows");
    }
    assert_eq!(number(&conn, "SELECT count(*) FROM cases"), 400);
    let fk: Vec<String> = column(&conn, "SELECT \"table\" FROM pragma_foreign_key_check");
    assert!(fk.is_empty(), "foreign keys hold: {fk:?}");

    // Every phase is some case's present phase; each case's history, read
    // by day and then by when each move was recorded (as a report reads
    // it), starts in phase 0 on its opening day, moves only as the gates
    // allow and ends in the case's phase.
    let phases: BTreeSet<String> = column(&conn, "SELECT DISTINCT CAST(phase AS TEXT) FROM cases")
        .into_iter()
        .collect();
    assert_eq!(phases.len(), 8, "every phase 0-7 is current: {phases:?}");
    let mut stmt = conn
        .prepare(
            "SELECT c.id, c.phase, c.opened_on, p.phase, p.entered_on FROM cases c
             JOIN phase_events p ON p.case_id = c.id ORDER BY c.seq, p.entered_on, p.created_at",
        )
        .unwrap();
    let rows: Vec<PhaseRow> = stmt
        .query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    drop(stmt);
    let mut histories: BTreeMap<&str, Vec<&PhaseRow>> = BTreeMap::new();
    for row in &rows {
        histories.entry(row.0.as_str()).or_default().push(row);
    }
    assert_eq!(histories.len(), 400, "every case has a phase history");
    for (case, events) in &histories {
        assert_eq!(
            (events[0].3, &events[0].4),
            (0, &events[0].2),
            "case {case} entered phase 0 on its opening day"
        );
        for pair in events.windows(2) {
            assert!(pair[0].4 <= pair[1].4, "case {case}: dates never go back");
            assert!(
                allowed_move(pair[0].3, pair[1].3),
                "case {case}: {} to {} is a move the gates allow",
                pair[0].3,
                pair[1].3
            );
        }
        let last = events.last().unwrap();
        assert_eq!(last.3, last.1, "case {case}: its phase is its last event's");
        assert!(
            last.4.as_str() <= "2026-11-01",
            "case {case}: nothing after today"
        );
    }

    // Cases vary in what a report breaks them down by.
    for (sql, expected) in [
        ("SELECT DISTINCT gender FROM cases", 4),
        ("SELECT DISTINCT custody_track FROM cases", 9),
        ("SELECT DISTINCT referral_source FROM cases", 8),
        ("SELECT DISTINCT context_typology FROM cases", 6),
        (
            "SELECT DISTINCT closure_reason FROM cases WHERE closure_reason IS NOT NULL",
            CLOSURE_REASONS.len(),
        ),
        (
            "SELECT DISTINCT intake_outcome FROM cases WHERE intake_outcome IS NOT NULL",
            INTAKE_OUTCOMES.len(),
        ),
        (
            "SELECT DISTINCT status FROM referrals",
            REFERRAL_STATUSES.len(),
        ),
        (
            "SELECT DISTINCT barrier FROM referrals WHERE barrier IS NOT NULL",
            BARRIERS.len(),
        ),
        (
            "SELECT kind FROM incidents UNION SELECT kind FROM incidents_restricted",
            INCIDENT_KINDS.len(),
        ),
        (
            "SELECT severity FROM incidents UNION SELECT severity FROM incidents_restricted",
            4,
        ),
        ("SELECT DISTINCT status FROM plan_actions", 5),
        (
            "SELECT DISTINCT decision FROM reviews WHERE decision IS NOT NULL",
            4,
        ),
        ("SELECT DISTINCT used FROM referrals", 3),
    ] {
        let found = values(&conn, sql);
        assert_eq!(found.len(), expected, "{sql}: {found:?}");
    }
    assert!(
        number(
            &conn,
            "SELECT count(*) FROM cases WHERE coalesce(approx_age, 99) BETWEEN 12 AND 17"
        ) > 0
            && number(&conn, "SELECT count(*) FROM cases WHERE approx_age >= 60") > 0
            && number(
                &conn,
                "SELECT count(*) FROM cases WHERE date_of_birth IS NOT NULL"
            ) > 0,
        "children, people over 60, and dates of birth as well as ages"
    );
    assert!(
        number(
            &conn,
            "SELECT count(DISTINCT substr(opened_on, 1, 7)) FROM cases"
        ) >= 15,
        "openings spread over fifteen months"
    );

    // Closed cases carry a closing day; an intake that ended has no
    // closure reason.
    assert_eq!(
        number(
            &conn,
            "SELECT count(*) FROM cases WHERE (phase = 7) <> (closed_on IS NOT NULL)
             OR (intake_outcome IS NOT NULL AND closure_reason IS NOT NULL)
             OR (phase = 7 AND intake_outcome IS NULL AND closure_reason IS NULL)"
        ),
        0,
        "closings are recorded whole"
    );

    // Assessments: 24 domains each, restricted ones apart; every case that
    // reached service mapping was assessed and signed off; scores move.
    assert_eq!(
        number(
            &conn,
            "SELECT count(*) FROM assessments a WHERE
             (SELECT count(*) FROM need_scores s WHERE s.assessment_id = a.id)
             + (SELECT count(*) FROM need_scores_restricted s WHERE s.assessment_id = a.id) <> 24"
        ),
        0,
        "every assessment has an entry for each of the 24 domains"
    );
    assert_eq!(
        number(
            &conn,
            "SELECT count(*) FROM cases c WHERE EXISTS (SELECT 1 FROM phase_events p WHERE p.case_id = c.id AND p.phase = 2)
             AND NOT EXISTS (SELECT 1 FROM assessments a WHERE a.case_id = c.id AND a.status = 'signed_off')"
        ),
        0,
        "service mapping follows a signed-off assessment"
    );
    let moves = column(
        &conn,
        "SELECT DISTINCT CASE WHEN later.score < first.score THEN 'better' WHEN later.score > first.score
         THEN 'worse' ELSE 'same' END
         FROM reviews r JOIN need_scores later ON later.assessment_id = r.assessment_id
         JOIN assessments a ON a.id = r.assessment_id
         JOIN need_scores first ON first.assessment_id = a.prefilled_from_id AND first.domain = later.domain
         WHERE r.signed_on IS NOT NULL",
    );
    assert_eq!(
        moves.len(),
        3,
        "re-scored needs improve, stay and worsen: {moves:?}"
    );
    assert!(
        number(
            &conn,
            "SELECT count(*) FROM need_scores_restricted WHERE not_assessed_reason = 'declined'"
        ) > 0,
        "some restricted domains are declined"
    );

    // Service mapping covers every high or urgent domain of the first
    // assessment before the plan; a far-right case is never referred to
    // religious dialogue.
    assert_eq!(
        number(
            &conn,
            "SELECT count(*) FROM cases c
             JOIN assessments a ON a.case_id = c.id AND a.prefilled_from_id IS NULL AND a.status = 'signed_off'
             JOIN (SELECT assessment_id, domain, score FROM need_scores
                   UNION ALL SELECT assessment_id, domain, score FROM need_scores_restricted) s
               ON s.assessment_id = a.id AND s.score >= 3
             WHERE EXISTS (SELECT 1 FROM phase_events p WHERE p.case_id = c.id AND p.phase = 3)
             AND NOT EXISTS (SELECT 1 FROM referrals r WHERE r.case_id = c.id AND r.domain = s.domain)
             AND NOT EXISTS (SELECT 1 FROM planned_actions x WHERE x.case_id = c.id AND x.domain = s.domain
                             AND x.status <> 'dropped')"
        ),
        0,
        "each high or urgent domain has a referral or an action before the plan"
    );
    assert_eq!(
        number(
            &conn,
            "SELECT count(*) FROM referrals r JOIN cases c ON c.id = r.case_id
             WHERE c.context_typology = 'far_right' AND r.domain = 'ideological_understanding'"
        ),
        0,
        "no religious dialogue for a far-right case"
    );

    // Sharing has a basis naming the organisation; plan actions name an
    // organisation of the case's district.
    assert_eq!(
        number(
            &conn,
            "SELECT count(*) FROM referrals r JOIN services s ON s.id = r.service_id
             JOIN organisations o ON o.id = s.organisation_id
             LEFT JOIN consents k ON k.id = r.consent_id
             LEFT JOIN legal_bases l ON l.id = r.legal_basis_id
             WHERE NOT ((k.purpose = 'sharing' AND k.organisation = o.name)
                        OR l.countersigned_by IS NOT NULL)"
        ),
        0,
        "each referral relies on a sharing consent for its organisation or a countersigned legal basis"
    );
    assert_eq!(
        number(
            &conn,
            "SELECT count(*) FROM plan_actions a JOIN plans p ON p.id = a.plan_id JOIN cases c ON c.id = p.case_id
             WHERE a.responsible_org NOT IN (SELECT name FROM organisations o WHERE o.district_id = c.district_id)"
        ),
        0,
        "plan actions name an organisation of the district's map"
    );
    assert!(
        number(
            &conn,
            "SELECT count(*) FROM plan_actions a JOIN plans p ON p.id = a.plan_id
             WHERE p.status = 'active' AND a.status NOT IN ('done', 'dropped') AND a.due_on < '2026-11-01'"
        ) > 0,
        "some active plan actions are overdue"
    );

    // Reviews and revisions: on time and late; open cases due soon and overdue.
    for table in ["reviews", "agreement_revisions"] {
        let done = if table == "reviews" {
            "signed_on"
        } else {
            "revised_on"
        };
        let on_time = number(
            &conn,
            &format!("SELECT count(*) FROM {table} WHERE {done} IS NOT NULL AND {done} <= due_on"),
        );
        let late = number(
            &conn,
            &format!("SELECT count(*) FROM {table} WHERE {done} > due_on"),
        );
        assert!(
            on_time > late && late > 0,
            "{table}: {on_time} on time, {late} late"
        );
    }
    assert!(
        number(&conn, "SELECT count(*) FROM cases WHERE phase BETWEEN 4 AND 6 AND next_review_due < '2026-11-01'") > 0
            && number(
                &conn,
                "SELECT count(*) FROM cases WHERE phase BETWEEN 4 AND 6
                 AND next_review_due BETWEEN '2026-11-01' AND '2026-11-15'"
            ) > 0,
        "open cases with reviews overdue and due within 14 days"
    );
    assert_eq!(
        number(
            &conn,
            "SELECT count(*) FROM cases WHERE phase BETWEEN 4 AND 6 AND next_review_due IS NULL"
        ),
        0,
        "every case in implementation, review or follow-up has its next review"
    );

    // Each record a user makes has its audit event (a case's opening is
    // its registration).
    let records: i64 = table_counts(&conn)
        .unwrap()
        .into_iter()
        .filter(|(table, _)| {
            [
                "cases",
                "phase_events",
                "consents",
                "legal_bases",
                "safety_screens",
                "assessments",
                "referrals",
                "disclosures",
                "planned_actions",
                "plans",
                "reviews",
                "mentoring_agreements",
                "agreement_revisions",
                "incidents",
                "incidents_restricted",
            ]
            .contains(table)
        })
        .map(|(_, rows)| rows)
        .sum::<i64>()
        - 400;

    // One district stays small: a report meets counts below k there.
    let open: Vec<i64> = conn
        .prepare(
            "SELECT count(c.id) FROM districts d LEFT JOIN cases c ON c.district_id = d.id AND c.phase <> 7
             GROUP BY d.id ORDER BY 1",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(open.len(), 8);
    assert!(
        open[0] < 20 && open[7] >= 50,
        "open cases per district: {open:?}"
    );
    drop(conn);

    // The register, search and the audit chain work on it.
    let mut sup = unlocked(&vault, "supervisor", test_clock());
    let audit = sup.verify_audit().unwrap();
    assert!(audit.intact, "the audit chain verifies: {audit:?}");
    assert!(
        audit.events >= records,
        "an audit event for every record: {} events, {records} records",
        audit.events
    );
    let found = call(&mut sup, "case_search", json!({"query": "Khan"})).unwrap();
    assert!(
        !found.as_array().unwrap().is_empty(),
        "search finds generated names: {found}"
    );
    let due = call(&mut sup, "reviews_due", json!({})).unwrap();
    let standings: BTreeSet<&str> = due
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["standing"].as_str().unwrap())
        .collect();
    assert!(standings.contains("overdue"), "reviews overdue: {due}");
}
