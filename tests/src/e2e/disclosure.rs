//! Disclosure control, checked from the outside: thousands of random
//! caseloads go through the core's tables and suppression, and this file
//! works out, with its own linear programme over what was published, how
//! far each hidden count could move. Every published count is 0 or at
//! least k; every hidden count spans at least k; across a quarter, the
//! next quarter, their half-year and a corrected quarter, no two exports
//! differ by 1 to k-1 in the same cell.

use std::collections::HashMap;

use homeward_core::domain::period::Period;
use homeward_core::report::suppress::Protected;
use homeward_core::report::tables::{build, Inputs};
use homeward_core::report::{protect_all, record, Ledger};
use homeward_core::store::reports::CaseloadRow;
use microlp::{ComparisonOp, OptimizationDirection, Problem};

/// A small deterministic generator (splitmix64).
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        from[self.below(from.len())]
    }
}

const DISTRICTS: [(&str, &str); 5] = [
    ("Quetta", "BA"),
    ("Gwadar", "BA"),
    ("Peshawar", "KP"),
    ("Swat", "KP"),
    ("Lahore", "PB"),
];
const GENDERS: [&str; 4] = ["male", "male", "female", "other"];
const TRACKS: [&str; 4] = ["community", "in_custody", "released", "repatriated"];
const TYPOLOGIES: [&str; 4] = ["", "religious", "ethno_political", "far_right"];
const SOURCES: [&str; 3] = ["police", "family", "court"];
const OUTCOMES: [&str; 3] = ["in_programme", "in_programme", "declined"];
const DOMAINS: [&str; 4] = ["housing", "employment", "family", "mental_health"];
const STATES: [&str; 4] = ["done", "overdue", "blocked", "open"];
const BARRIERS: [&str; 3] = ["cost", "documents", "not_recorded"];
const KINDS: [&str; 3] = ["media", "retaliation", "family_conflict"];
const SEVERITIES: [&str; 2] = ["low", "serious"];
const REASONS: [&str; 3] = ["goals_met", "moved_away", "withdrew"];

/// One random case of the caseload.
fn case(random: &mut Random, id: usize) -> CaseloadRow {
    let (district, province) = DISTRICTS[random.below(DISTRICTS.len())];
    CaseloadRow {
        case_id: format!("case-{id}"),
        district: district.into(),
        province: province.into(),
        gender: random.pick(&GENDERS).into(),
        date_of_birth: None,
        approx_age: Some(12 + random.below(60) as i64),
        opened_on: "2026-01-01".into(),
        context_typology: random.pick(&TYPOLOGIES).into(),
        phase: random.below(8) as i64,
        custody_track: random.pick(&TRACKS).into(),
    }
}

fn counts(
    random: &mut Random,
    rows: &[&str],
    cols: &[&str],
    n: usize,
) -> Vec<(String, String, u64)> {
    (0..n)
        .map(|_| (random.pick(rows).into(), random.pick(cols).into(), 1))
        .collect()
}

/// A random caseload of up to `size` cases and events of every kind.
fn caseload(random: &mut Random, size: usize) -> Inputs {
    let n = random.below(size + 1);
    let events = |random: &mut Random| random.below(size / 2 + 1);
    let e = [
        events(random),
        events(random),
        events(random),
        events(random),
        events(random),
        events(random),
        events(random),
    ];
    let closed = random.below(size / 3 + 1);
    Inputs {
        caseload: (0..n).map(|i| case(random, i)).collect(),
        districts: DISTRICTS
            .iter()
            .map(|(d, p)| ((*d).into(), (*p).into()))
            .collect(),
        new_referrals: counts(random, &SOURCES, &OUTCOMES, e[0]),
        needs: (0..e[1])
            .map(|_| {
                (
                    random.pick(&DOMAINS).into(),
                    random.below(5) as i64,
                    random.below(5) as i64,
                    1,
                )
            })
            .collect(),
        timeliness: counts(
            random,
            &["review", "agreement_revision"],
            &["on_time", "overdue"],
            e[2],
        ),
        plan_actions: counts(
            random,
            &["District Health Office", "an uncle"],
            &STATES,
            e[3],
        ),
        organisations: vec![("District Health Office".into(), "health".into())],
        referral_use: counts(random, &DOMAINS, &["used", "not_used", "not_known"], e[4]),
        referral_barriers: counts(random, &BARRIERS, &["referrals"], e[5]),
        incidents: counts(random, &KINDS, &SEVERITIES, e[6]),
        closures: counts(random, &REASONS, &["cases"], closed),
    }
}

/// The sums a published table must meet, as (row, column, coefficient)
/// lists adding up to zero: each row adds up to the total column (when
/// there is one), each column to the total row.
fn sums_of(table: &Protected) -> Vec<Vec<(usize, usize, f64)>> {
    let rows = table.rows.len();
    let cols = table.cols.len();
    let mut sums = Vec::new();
    if cols > 1 {
        for r in 0..rows {
            let mut sum: Vec<(usize, usize, f64)> = (0..cols - 1).map(|c| (r, c, 1.0)).collect();
            sum.push((r, cols - 1, -1.0));
            sums.push(sum);
        }
    }
    for c in 0..cols {
        let mut sum: Vec<(usize, usize, f64)> = (0..rows - 1).map(|r| (r, c, 1.0)).collect();
        sum.push((rows - 1, c, -1.0));
        sums.push(sum);
    }
    sums
}

/// Whether each hidden cell of a published table can take values at least
/// `k` apart, worked out from the published table alone (its sums, counts
/// never negative) with one linear programme per bound. A cell is first
/// tried against the values already met at optimal points of earlier
/// programmes: those points meet every sum, so two of them k apart prove
/// the span without a programme of its own.
fn narrow_cells(table: &Protected, k: u64) -> Vec<((usize, usize), f64, f64)> {
    let sums = sums_of(table);
    let cols = table.cols.len();
    let index = |r: usize, c: usize| r * cols + c;
    let hidden: Vec<(usize, usize)> = (0..table.rows.len())
        .flat_map(|r| (0..cols).map(move |c| (r, c)))
        .filter(|&(r, c)| table.cells[r][c].value.is_none())
        .collect();
    // The lowest and highest value met so far for each hidden cell.
    let mut met: Vec<Option<(f64, f64)>> = vec![None; table.rows.len() * cols];
    let solve = |target: (usize, usize), direction, met: &mut Vec<Option<(f64, f64)>>| -> f64 {
        let mut problem = Problem::new(direction);
        let mut vars: Vec<Option<microlp::Variable>> = vec![None; met.len()];
        for &(r, c) in &hidden {
            let weight = if (r, c) == target { 1.0 } else { 0.0 };
            vars[index(r, c)] = Some(problem.add_var(weight, (0.0, f64::INFINITY)));
        }
        for sum in &sums {
            let mut terms = Vec::new();
            let mut rhs = 0.0;
            for &(r, c, coef) in sum {
                match vars[index(r, c)] {
                    Some(v) => terms.push((v, coef)),
                    None => rhs -= coef * table.cells[r][c].value.unwrap() as f64,
                }
            }
            if !terms.is_empty() {
                problem.add_constraint(&terms, ComparisonOp::Eq, rhs);
            }
        }
        match problem.solve() {
            Ok(outcome) => {
                let solution = outcome
                    .into_solution()
                    .unwrap_or_else(|_| panic!("the solver stopped early on {}", table.key));
                for (i, var) in vars.iter().enumerate() {
                    if let Some(var) = var {
                        let value = solution.var_value(*var);
                        let entry = met[i].get_or_insert((value, value));
                        entry.0 = entry.0.min(value);
                        entry.1 = entry.1.max(value);
                    }
                }
                solution.objective()
            }
            Err(microlp::Error::Unbounded) => f64::INFINITY,
            Err(other) => panic!("{}: {other:?}", table.key),
        }
    };
    let mut narrow = Vec::new();
    for &(r, c) in &hidden {
        let spread =
            |met: &Vec<Option<(f64, f64)>>| met[index(r, c)].map_or(0.0, |(low, high)| high - low);
        if spread(&met) >= k as f64 - 1e-6 {
            continue;
        }
        let high = solve((r, c), OptimizationDirection::Maximize, &mut met);
        if high.is_infinite() || spread(&met) >= k as f64 - 1e-6 {
            continue;
        }
        let low = solve((r, c), OptimizationDirection::Minimize, &mut met);
        if high - low < k as f64 - 1e-6 {
            narrow.push(((r, c), low, high));
        }
    }
    narrow
}

/// Every published count is 0 or at least k, and every hidden one spans
/// at least k given what is published.
fn assert_safe(tables: &[Protected], k: u64, context: &str) {
    for table in tables {
        for (r, row) in table.cells.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                if let Some(v) = cell.value {
                    assert!(
                        v == 0 || v >= k,
                        "{context}: {} published {v} at {},{} with k {k}",
                        table.key,
                        table.rows[r],
                        table.cols[c]
                    );
                }
            }
        }
        if let Some(((r, c), low, high)) = narrow_cells(table, k).first() {
            panic!(
                "{context}: {} hidden {},{} spans only {low}..{high} with k {k}",
                table.key, table.rows[*r], table.cols[*c]
            );
        }
    }
}

#[test]
fn ten_thousand_random_caseloads_publish_no_small_or_recoverable_count() {
    let mut random = Random(20_261_122);
    let period = Period::parse("2026Q3").unwrap();
    let mut hidden = 0usize;
    for trial in 0..10_000 {
        // Mostly small caseloads (the hard case), some larger ones.
        let size = if trial % 10 == 0 { 300 } else { 40 };
        let inputs = caseload(&mut random, size);
        let k = if trial % 3 == 0 {
            3 + random.below(9) as u64
        } else {
            5
        };
        let district_min = k + random.below(20) as u64;
        let tables = build(&inputs, &period, district_min).expect("allowed codes");
        let protected = protect_all(&tables, k, &Ledger::new());
        hidden += protected.iter().map(Protected::suppressed).sum::<usize>();
        assert_safe(&protected, k, &format!("trial {trial}"));
    }
    // The test is about hiding: make sure it hid a great deal.
    assert!(hidden > 100_000, "only {hidden} cells hidden");
}

/// Which cases of a half-year are open in each quarter, and a correction.
struct Half {
    q1: Vec<CaseloadRow>,
    q2: Vec<CaseloadRow>,
    h1: Vec<CaseloadRow>,
    q1_corrected: Vec<CaseloadRow>,
}

fn half_year(random: &mut Random) -> Half {
    let n = random.below(120);
    let mut q1 = Vec::new();
    let mut q2 = Vec::new();
    let mut h1 = Vec::new();
    for id in 0..n {
        let one = case(random, id);
        // Open in Q1 only, Q2 only, or both.
        match random.below(3) {
            0 => q1.push(one.clone()),
            1 => q2.push(one.clone()),
            _ => {
                q1.push(one.clone());
                let mut later = one.clone();
                later.phase = (one.phase + 1).min(7);
                q2.push(later);
            }
        }
        h1.push(one);
    }
    // A late correction: a few cases added to Q1, one removed.
    let mut q1_corrected = q1.clone();
    for extra in 0..random.below(4) {
        q1_corrected.push(case(random, 10_000 + extra));
    }
    if !q1_corrected.is_empty() && random.below(2) == 0 {
        q1_corrected.remove(0);
    }
    Half {
        q1,
        q2,
        h1,
        q1_corrected,
    }
}

#[test]
fn quarters_their_half_year_and_a_reissue_never_differ_by_a_small_count() {
    let mut random = Random(7);
    let period = Period::parse("2026H1").unwrap();
    for trial in 0..1_000 {
        let half = half_year(&mut random);
        let k = if trial % 2 == 0 {
            5
        } else {
            3 + random.below(9) as u64
        };
        let mut ledger = Ledger::new();
        let mut exports: Vec<Vec<Protected>> = Vec::new();
        for caseload in [&half.q1, &half.q2, &half.h1, &half.q1_corrected] {
            let mut inputs = caseload_inputs(caseload);
            inputs.closures = vec![(
                "goals_met".into(),
                "cases".into(),
                caseload.len() as u64 / 4,
            )];
            let tables = build(&inputs, &period, 10).expect("allowed codes");
            let published = protect_all(&tables, k, &ledger);
            assert_safe(&published, k, &format!("trial {trial}"));
            record(&mut ledger, &published);
            exports.push(published);
        }
        let values: Vec<HashMap<(String, String, String), u64>> = exports
            .iter()
            .map(|tables| {
                tables
                    .iter()
                    .flat_map(|t| {
                        t.published()
                            .into_iter()
                            .map(|(r, c, v)| ((t.key.clone(), r.to_owned(), c.to_owned()), v))
                            .collect::<Vec<_>>()
                    })
                    .collect()
            })
            .collect();
        for a in 0..values.len() {
            for b in a + 1..values.len() {
                for (key, &x) in &values[a] {
                    if let Some(&y) = values[b].get(key) {
                        let gap = x.abs_diff(y);
                        assert!(
                            gap == 0 || gap >= k,
                            "trial {trial}: exports {a} and {b} differ by {gap} at {key:?} (k {k})"
                        );
                    }
                }
            }
        }
    }
}

fn caseload_inputs(caseload: &[CaseloadRow]) -> Inputs {
    Inputs {
        caseload: caseload.to_vec(),
        districts: DISTRICTS
            .iter()
            .map(|(d, p)| ((*d).into(), (*p).into()))
            .collect(),
        ..Inputs::default()
    }
}

#[test]
fn the_outside_check_catches_a_recoverable_count() {
    // One hidden cell in a column whose total shows: 12 - 10 = 2. The
    // checker must find it pinned, or it proves nothing.
    use homeward_core::report::suppress::{Cell, Hidden};
    let shown = |v| Cell {
        value: Some(v),
        hidden: None,
    };
    let planted = Protected {
        key: "closures".into(),
        rows: vec!["goals_met".into(), "withdrew".into(), "total".into()],
        cols: vec!["cases".into()],
        cells: vec![
            vec![Cell {
                value: None,
                hidden: Some(Hidden::Small),
            }],
            vec![shown(10)],
            vec![shown(12)],
        ],
    };
    let caught =
        std::panic::catch_unwind(|| assert_safe(std::slice::from_ref(&planted), 5, "planted"));
    assert!(caught.is_err());
    // And a small published count is caught too.
    let mut small = planted;
    small.cells[0][0] = shown(2);
    assert!(std::panic::catch_unwind(|| assert_safe(&[small], 5, "planted")).is_err());
}
