//! Timing of everyday operations on a real vault, for `homeward-cli bench`:
//! each operation is warmed up, then repeated, and reported as p50 and p95.
//! It measures through the api, exactly as the window would call it; a
//! supervisor's run also times the last complete quarter's report.

use std::time::{Duration, Instant};

use serde::Serialize;

use crate::api::cases::CaseListQuery;
use crate::api::dto::UnlockInput;
use crate::api::{ApiError, App};

#[derive(Debug, Clone, Serialize)]
pub struct Timing {
    pub operation: String,
    pub runs: usize,
    pub p50_ms: f64,
    pub p95_ms: f64,
    /// Rows the operation returned on its last run (a sanity check).
    pub rows: usize,
}

fn percentile(sorted: &[Duration], share: f64) -> f64 {
    let index = ((sorted.len() as f64 - 1.0) * share).round() as usize;
    sorted[index].as_secs_f64() * 1000.0
}

fn time<F>(operation: &str, warmup: usize, runs: usize, mut work: F) -> Result<Timing, ApiError>
where
    F: FnMut() -> Result<usize, ApiError>,
{
    for _ in 0..warmup {
        work()?;
    }
    let mut samples = Vec::with_capacity(runs);
    let mut rows = 0;
    for _ in 0..runs {
        let start = Instant::now();
        rows = work()?;
        samples.push(start.elapsed());
    }
    samples.sort();
    Ok(Timing {
        operation: operation.to_owned(),
        runs,
        p50_ms: percentile(&samples, 0.5),
        p95_ms: percentile(&samples, 0.95),
        rows,
    })
}

/// Times unlock, the case list and search as `username` on an open (locked) app.
pub fn run(
    app: &mut App,
    username: &str,
    passphrase: &str,
    runs: usize,
) -> Result<Vec<Timing>, ApiError> {
    let mut out = Vec::new();
    let unlock = |app: &mut App| {
        app.unlock(UnlockInput {
            username: username.into(),
            passphrase: passphrase.into(),
        })
    };
    out.push(time(
        "unlock (PBKDF2 600,000 + open + audit)",
        1,
        runs.clamp(3, 10),
        || {
            unlock(app)?;
            app.lock()?;
            Ok(1)
        },
    )?);
    unlock(app)?;
    let first = app.list_cases(&CaseListQuery::default())?;
    let sample = first.items.first().cloned().unwrap_or_default();
    let text = |key: &str| {
        sample
            .get(key)
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_owned()
    };
    let latin_part: String = text("name_latin").chars().skip(1).take(4).collect();
    let two_letters: String = text("name_latin").chars().take(2).collect();
    let urdu_part: String = text("name_urdu").chars().take(3).collect();
    let number = text("case_number");
    let district = text("district");
    out.push(time("case list, first page", 3, runs, || {
        Ok(app.list_cases(&CaseListQuery::default())?.items.len())
    })?);
    out.push(time(
        "case list, first page filtered by district and track",
        3,
        runs,
        || {
            let query = CaseListQuery {
                district: Some(district.clone()),
                custody_track: Some("released".into()),
                ..Default::default()
            };
            Ok(app.list_cases(&query)?.items.len())
        },
    )?);
    for (label, query) in [
        ("search: part of a Latin name", latin_part.as_str()),
        ("search: part of an Urdu name", urdu_part.as_str()),
        (
            "search: two letters (word prefix scan)",
            two_letters.as_str(),
        ),
        ("search: case number", number.as_str()),
    ] {
        out.push(time(label, 3, runs, || Ok(app.search_cases(query)?.len()))?);
    }
    if app.session()?.user.role == crate::domain::role::Role::Supervisor {
        let never = std::sync::atomic::AtomicBool::new(false);
        let mut ignore = |_| {};
        let request = crate::api::reports::ReportRequest {
            period: report_period(app.clock.today()),
            ..Default::default()
        };
        out.push(time(
            "quarterly report (every table protected)",
            1,
            runs.clamp(3, 10),
            || {
                let mut progress = crate::api::progress::Progress::new(&mut ignore, &never);
                Ok(app.report_preview(&request, &mut progress)?.tables.len())
            },
        )?);
    }
    app.lock()?;
    Ok(out)
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
