//! Timing of everyday operations on a generated vault, for
//! `homeward-cli bench`. Each operation is called through the api exactly
//! as the window calls it, with its answer serialised to JSON as the IPC
//! bridge does; it is warmed up, then repeated, and reported as p50 and
//! p95. Every statement it ran is captured (`store::trace`) and run again
//! bare through rusqlite on a byte-for-byte copy of the encrypted file
//! (the floor) and on a plaintext copy, so each line also shows Homeward ÷
//! floor and encrypted ÷ plain. Only a vault made by `generate` is
//! accepted, since the plaintext copy is written to disk for the run.

mod floor;

use std::time::{Duration, Instant};

use serde::Serialize;
use serde_json::Value as Json;

use crate::api::assessments::{AssessmentInput, ScoreInput};
use crate::api::cases::CaseListQuery;
use crate::api::dto::UnlockInput;
use crate::api::{ApiError, App};
use crate::domain::needs::DOMAINS;
use crate::domain::role::Role;
use crate::store::{self, trace};

/// The audit chain length the issue asks to verify.
pub const AUDIT_EVENTS: i64 = 1_000_000;

/// The interactive target: p95 at most this.
const INTERACTIVE_MS: f64 = 50.0;

#[derive(Debug, Clone, Copy, Serialize)]
pub struct Spread {
    pub p50_ms: f64,
    pub p95_ms: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Timing {
    pub operation: String,
    pub runs: usize,
    /// Rows (or items) the operation returned on its last run.
    pub rows: usize,
    /// Statements the operation ran on its last run.
    pub statements: usize,
    pub homeward: Spread,
    /// The same statements bare on the encrypted copy; absent where a
    /// comparison means nothing (unlock is key stretching by design).
    pub floor: Option<Spread>,
    pub plain: Option<Spread>,
    /// Homeward p50 ÷ floor p50.
    pub homeward_over_floor: Option<f64>,
    /// Floor p50 ÷ plain p50.
    pub encrypted_over_plain: Option<f64>,
    /// The p95 target in milliseconds, where the issue sets one.
    pub target_ms: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct BenchReport {
    pub cases: i64,
    pub audit_events: i64,
    pub vault_bytes: u64,
    pub timings: Vec<Timing>,
    /// The highest resident memory of this process during the run, where
    /// the system reports it.
    pub peak_rss_mb: Option<f64>,
}

fn percentile(sorted: &[Duration], share: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let index = ((sorted.len() as f64 - 1.0) * share).round() as usize;
    sorted[index].as_secs_f64() * 1000.0
}

fn spread(mut samples: Vec<Duration>) -> Spread {
    samples.sort();
    Spread {
        p50_ms: percentile(&samples, 0.5),
        p95_ms: percentile(&samples, 0.95),
    }
}

/// Serialises an answer as the IPC bridge would, and counts its items.
fn ipc<T: Serialize>(value: &T, items: usize) -> Result<usize, ApiError> {
    let bytes = serde_json::to_vec(value).map_err(|_| ApiError::Storage {
        detail: "serialise".into(),
    })?;
    std::hint::black_box(bytes);
    Ok(items)
}

fn storage(err: store::StoreError) -> ApiError {
    ApiError::from(err)
}

/// One operation's description.
struct Operation<'a> {
    name: &'a str,
    warmup: usize,
    runs: usize,
    compare: bool,
    target_ms: Option<f64>,
}

struct Bench<'a> {
    app: &'a mut App,
    copies: floor::Copies,
    out: Vec<Timing>,
}

impl Bench<'_> {
    /// Brings both copies up to the vault's state.
    fn follow(&self) -> Result<(), ApiError> {
        let (pending, lost) = trace::take();
        if lost > 0 {
            return Err(ApiError::Storage {
                detail: "a statement could not be captured".into(),
            });
        }
        self.copies.follow(&pending).map_err(storage)
    }

    fn measure<F>(&mut self, op: Operation<'_>, mut work: F) -> Result<(), ApiError>
    where
        F: FnMut(&mut App) -> Result<usize, ApiError>,
    {
        let mut homeward = Vec::with_capacity(op.runs);
        let mut floor = Vec::with_capacity(op.runs);
        let mut plain = Vec::with_capacity(op.runs);
        let mut rows = 0;
        let mut statements = 0;
        for round in 0..op.warmup + op.runs {
            self.follow()?;
            let start = Instant::now();
            rows = work(self.app)?;
            let took = start.elapsed();
            let (ran, lost) = trace::take();
            if lost > 0 {
                return Err(ApiError::Storage {
                    detail: "a statement could not be captured".into(),
                });
            }
            let on_floor = self.copies.replay_floor(&ran).map_err(storage)?;
            let on_plain = self.copies.replay_plain(&ran).map_err(storage)?;
            statements = ran.len();
            if round >= op.warmup {
                homeward.push(took);
                floor.push(on_floor);
                plain.push(on_plain);
            }
        }
        let homeward = spread(homeward);
        let (floor, plain) = if op.compare {
            (Some(spread(floor)), Some(spread(plain)))
        } else {
            (None, None)
        };
        let ratio = |a: f64, b: f64| if b > 0.0 { Some(a / b) } else { None };
        self.out.push(Timing {
            operation: op.name.to_owned(),
            runs: op.runs,
            rows,
            statements,
            homeward,
            floor,
            plain,
            homeward_over_floor: floor.and_then(|f| ratio(homeward.p50_ms, f.p50_ms)),
            encrypted_over_plain: floor
                .zip(plain)
                .and_then(|(f, p)| ratio(f.p50_ms, p.p50_ms)),
            target_ms: op.target_ms,
        });
        Ok(())
    }
}

fn text(item: &serde_json::Map<String, Json>, key: &str) -> String {
    item.get(key)
        .and_then(Json::as_str)
        .unwrap_or_default()
        .to_owned()
}

/// Runs every operation as `username`, `runs` times each after warm-up,
/// and leaves the app locked.
pub fn run(
    app: &mut App,
    username: &str,
    passphrase: &str,
    runs: usize,
) -> Result<BenchReport, ApiError> {
    trace::enable();
    let result = run_captured(app, username, passphrase, runs);
    if result.is_err() {
        let _ = app.lock();
    }
    trace::disable();
    result
}

fn run_captured(
    app: &mut App,
    username: &str,
    passphrase: &str,
    runs: usize,
) -> Result<BenchReport, ApiError> {
    let runs = runs.max(1);
    let few = runs.clamp(3, 10);
    let credentials = || UnlockInput {
        username: username.into(),
        passphrase: passphrase.into(),
    };
    app.unlock(credentials())?;
    let (copies, cases, audit_events) = {
        let session = app.session()?;
        let conn = session.vault.conn();
        if !store::generate::is_synthetic(conn).map_err(storage)? {
            return Err(ApiError::InvalidInput {
                field: "vault",
                reason: "is not one `generate` made; the bench copies it in plain text",
            });
        }
        let count = |sql: &str| conn.query_row(sql, [], |r| r.get::<_, i64>(0));
        let cases = count("SELECT count(*) FROM cases").map_err(|e| storage(e.into()))?;
        let events = count("SELECT count(*) FROM audit_events").map_err(|e| storage(e.into()))?;
        let copies = floor::Copies::make(&app.paths().database, conn, session.vault.key())
            .map_err(storage)?;
        (copies, cases, events)
    };
    // What ran before the copies were made is already in them; locking
    // is captured and followed like everything after.
    let _ = trace::take();
    app.lock()?;
    let vault_bytes = std::fs::metadata(&app.paths().database)
        .map(|m| m.len())
        .unwrap_or(0);
    let mut bench = Bench {
        app,
        copies,
        out: Vec::new(),
    };
    bench.measure(
        Operation {
            name: "unlock (key stretching, open, audit) and lock",
            warmup: 1,
            runs: few,
            compare: false,
            target_ms: Some(500.0),
        },
        |app| {
            app.unlock(credentials())?;
            app.lock()?;
            Ok(1)
        },
    )?;
    bench.app.unlock(credentials())?;
    everyday(&mut bench, runs, few)?;
    bench.app.lock()?;
    bench.follow()?;
    Ok(BenchReport {
        cases,
        audit_events,
        vault_bytes,
        timings: bench.out,
        peak_rss_mb: peak_rss_mb(),
    })
}

fn interactive<'a>(name: &'a str, runs: usize) -> Operation<'a> {
    Operation {
        name,
        warmup: 3,
        runs,
        compare: true,
        target_ms: Some(INTERACTIVE_MS),
    }
}

/// Every timed operation but unlock, on an unlocked app.
fn everyday(bench: &mut Bench<'_>, runs: usize, few: usize) -> Result<(), ApiError> {
    let first = bench.app.list_cases(&CaseListQuery::default())?;
    let sample = first.items.first().cloned().unwrap_or_default();
    // The newest cases are fresh referrals: a case under review (else in
    // implementation or follow-up) has the richest history to open.
    let in_phase =
        |app: &App, phase: i64| -> Result<Vec<serde_json::Map<String, Json>>, ApiError> {
            let query = CaseListQuery {
                phase: Some(phase),
                ..Default::default()
            };
            Ok(app.list_cases(&query)?.items)
        };
    let mut rich = sample.clone();
    for phase in [5, 4, 6] {
        if let Some(found) = in_phase(bench.app, phase)?.into_iter().next() {
            rich = found;
            break;
        }
    }
    let latin_part: String = text(&sample, "name_latin")
        .chars()
        .skip(1)
        .take(4)
        .collect();
    let two_letters: String = text(&sample, "name_latin").chars().take(2).collect();
    let urdu_part: String = text(&sample, "name_urdu").chars().take(3).collect();
    let number = text(&sample, "case_number");
    let district = text(&sample, "district");
    let case_id = text(&rich, "id");

    bench.measure(interactive("case list, first page", runs), |app| {
        let page = app.list_cases(&CaseListQuery::default())?;
        ipc(&page, page.items.len())
    })?;
    bench.measure(
        interactive("case list, first page, district and track", runs),
        |app| {
            let query = CaseListQuery {
                district: Some(district.clone()),
                custody_track: Some("released".into()),
                ..Default::default()
            };
            let page = app.list_cases(&query)?;
            ipc(&page, page.items.len())
        },
    )?;
    for (label, query) in [
        ("search: part of a Latin name", latin_part.as_str()),
        ("search: part of an Urdu name", urdu_part.as_str()),
        ("search: two letters", two_letters.as_str()),
        ("search: case number", number.as_str()),
    ] {
        bench.measure(interactive(label, runs), |app| {
            let found = app.search_cases(query)?;
            ipc(&found, found.len())
        })?;
    }
    bench.measure(interactive("open a case with all its tabs", runs), |app| {
        open_everything(app, &case_id)
    })?;
    // A draft to save: the first case, in phase order, that may be assessed.
    let mut draft = None;
    'phases: for phase in 1..=6 {
        for item in in_phase(bench.app, phase)? {
            draft = assessment_draft(bench.app, &text(&item, "id"))?;
            if draft.is_some() {
                break 'phases;
            }
        }
    }
    if let Some(draft) = draft {
        let today = bench.app.clock.today().to_string();
        let mut round = 0i64;
        bench.measure(
            interactive("save an assessment (24 domains)", runs),
            |app| {
                round += 1;
                let input = AssessmentInput {
                    assessment_id: draft.clone(),
                    assessed_on: today.clone(),
                    strengths: format!("Bench round {round}"),
                    participant_account: String::new(),
                    priorities: String::new(),
                    scores: DOMAINS
                        .iter()
                        .enumerate()
                        .map(|(index, domain)| ScoreInput {
                            domain: domain.code.into(),
                            score: Some((index as i64 + round) % 5),
                            not_assessed_reason: None,
                            evidence_source: "self_report".into(),
                            participant_priority: false,
                            note: String::new(),
                        })
                        .collect(),
                    profile: None,
                };
                let view = app.save_assessment(input)?;
                ipc(&view, view.scores.len())
            },
        )?;
    }
    bench.measure(
        interactive("home screen: due, overdue and awaiting", runs),
        |app| {
            let home = app.home()?;
            let items = serde_json::to_value(&home)
                .ok()
                .as_ref()
                .and_then(Json::as_object)
                .map(|o| o.values().filter_map(Json::as_array).map(Vec::len).sum())
                .unwrap_or(0);
            ipc(&home, items)
        },
    )?;
    if bench.app.session()?.user.role == Role::Supervisor {
        let request = crate::api::reports::ReportRequest {
            period: report_period(bench.app.clock.today()),
            ..Default::default()
        };
        bench.measure(
            Operation {
                name: "quarterly report (every table protected)",
                warmup: 1,
                runs: few,
                compare: true,
                target_ms: Some(2000.0),
            },
            |app| {
                let never = std::sync::atomic::AtomicBool::new(false);
                let mut ignore = |_| {};
                let mut progress = crate::api::progress::Progress::new(&mut ignore, &never);
                let preview = app.report_preview(&request, &mut progress)?;
                ipc(&preview, preview.tables.len())
            },
        )?;
    }
    bench.measure(
        Operation {
            name: "verify the audit chain's first 1,000,000 events",
            warmup: 1,
            runs: 3,
            compare: true,
            target_ms: None,
        },
        |app| {
            let conn = app.session()?.vault.conn();
            let report = store::audit::verify_first(conn, AUDIT_EVENTS, None).map_err(storage)?;
            if report.first_break.is_some() {
                return Err(ApiError::Damaged {
                    detail: "audit chain",
                });
            }
            Ok(report.events as usize)
        },
    )?;
    Ok(())
}

/// Everything the case screen and its tabs ask for when a case opens.
fn open_everything(app: &mut App, case_id: &str) -> Result<usize, ApiError> {
    let mut items = 0;
    let view = app.open_case(case_id)?;
    items += ipc(&view, 1)?;
    let gate = app.case_gate(case_id)?;
    items += ipc(&gate, 1)?;
    let intake = app.case_intake(case_id)?;
    items += ipc(&intake, 1)?;
    let assessments = app.case_assessments(case_id)?;
    items += ipc(&assessments, 1)?;
    let referrals = app.case_referrals(case_id)?;
    items += ipc(&referrals, 1)?;
    let contacts = app.case_contacts(case_id)?;
    items += ipc(&contacts, 1)?;
    let incidents = app.case_incidents(case_id)?;
    items += ipc(&incidents, 1)?;
    let disclosures = app.case_disclosures(case_id)?;
    items += ipc(&disclosures, 1)?;
    let plans = app.case_plans(case_id)?;
    items += ipc(&plans, 1)?;
    let reviews = app.case_reviews(case_id)?;
    items += ipc(&reviews, 1)?;
    let agreements = app.case_agreements(case_id)?;
    items += ipc(&agreements, 1)?;
    Ok(items)
}

/// The case's open assessment draft, started if it has none; none when
/// the reader may not write to the case or it has no assessment consent.
fn assessment_draft(app: &mut App, case_id: &str) -> Result<Option<String>, ApiError> {
    match app.start_assessment(case_id) {
        Ok(view) => Ok(view
            .assessment
            .get("id")
            .and_then(Json::as_str)
            .map(str::to_owned)),
        Err(
            ApiError::Forbidden
            | ApiError::ConsentRequired
            | ApiError::GateNotMet { .. }
            | ApiError::CaseClosed,
        ) => Ok(None),
        Err(other) => Err(other),
    }
}

/// The last quarter that has ended before `today`.
fn report_period(today: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    let quarter = (today.month0() / 3) as i32;
    if quarter == 0 {
        format!("{}Q4", today.year() - 1)
    } else {
        format!("{}Q{quarter}", today.year())
    }
}

/// VmHWM from `/proc/self/status`, in MB.
fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}
