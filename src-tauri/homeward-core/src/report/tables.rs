//! The report's tables: which tables there are, the allow-listed codes of
//! each row and column (anything else is refused, so no free text, name
//! or date can reach a table), and how the store's counts become count
//! tables. Districts with a caseload below the threshold are merged into
//! their province; ages are banded at the period's last day.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::suppress::{CountTable, Shared};
use crate::api::cases::CONTEXT_TYPOLOGIES;
use crate::domain::needs::DOMAINS;
use crate::domain::period::{band_on, Period, AGE_BANDS};
use crate::domain::phase::CLOSURE_REASONS;
use crate::domain::register::{CustodyTrack, Gender, ReferralSource};
use crate::domain::services::{BARRIERS, INCIDENT_KINDS, ORG_TYPES, SEVERITIES};
use crate::store::reports::{CaseloadRow, Counts, NeedPairs};

/// Every table of a report, in the order it is published.
pub const TABLES: [&str; 15] = [
    "caseload_phase",
    "caseload_area",
    "caseload_custody",
    "caseload_age_gender",
    "caseload_context",
    "new_referrals",
    "needs_first",
    "needs_latest",
    "needs_change",
    "timeliness",
    "plan_actions",
    "referral_use",
    "referral_barriers",
    "incidents",
    "closures",
];

/// Tables that count the same people and so share totals.
pub const FAMILIES: [(&[&str], Shared); 2] = [
    (
        &[
            "caseload_phase",
            "caseload_area",
            "caseload_custody",
            "caseload_age_gender",
            "caseload_context",
        ],
        Shared::GrandTotal,
    ),
    (
        &["needs_first", "needs_latest", "needs_change"],
        Shared::RowTotals,
    ),
];

/// The code of "no typology recorded" in a table.
pub const NOT_RECORDED: &str = "not_recorded";

/// A refusal while building tables: a code outside a table's allow-list.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("table {table}: a value outside its allowed codes")]
pub struct UnknownCode {
    pub table: &'static str,
}

/// Everything the tables are made from, as the store returned it.
#[derive(Debug, Clone, Default)]
pub struct Inputs {
    pub caseload: Vec<CaseloadRow>,
    /// Districts in scope with their province code.
    pub districts: Vec<(String, String)>,
    pub new_referrals: Counts,
    pub needs: NeedPairs,
    pub timeliness: Counts,
    /// By responsible organisation's text, as typed.
    pub plan_actions: Counts,
    /// Organisation names and their type.
    pub organisations: Vec<(String, String)>,
    pub referral_use: Counts,
    pub referral_barriers: Counts,
    pub incidents: Counts,
    pub closures: Counts,
}

fn strings<'a>(codes: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    codes.into_iter().map(str::to_owned).collect()
}

fn one(col: &str) -> Vec<String> {
    vec![col.to_owned()]
}

fn phases() -> Vec<String> {
    (0..=7).map(|p| p.to_string()).collect()
}

fn levels() -> Vec<String> {
    (0..=4).map(|p| p.to_string()).collect()
}

fn domains() -> Vec<String> {
    DOMAINS.iter().map(|d| d.code.to_owned()).collect()
}

fn typologies() -> Vec<String> {
    CONTEXT_TYPOLOGIES
        .iter()
        .map(|t| if t.is_empty() { NOT_RECORDED } else { t })
        .map(str::to_owned)
        .collect()
}

/// The row key of a district shown on its own, and of a province's
/// merged districts.
pub fn district_key(name: &str) -> String {
    format!("district:{name}")
}

pub fn province_key(code: &str) -> String {
    format!("province:{code}")
}

fn fill(table: &mut CountTable, counts: &Counts, name: &'static str) -> Result<(), UnknownCode> {
    for (row, col, n) in counts {
        if !table.add(row, col, *n) {
            return Err(UnknownCode { table: name });
        }
    }
    Ok(())
}

fn date(text: &str) -> Option<NaiveDate> {
    text.get(..10)?.parse().ok()
}

/// Which areas the caseload is shown by: each district with at least
/// `district_min` cases of the caseload on its own, the others merged into
/// their province. Returns the rows in order and each district's row.
pub fn areas(
    caseload: &[CaseloadRow],
    districts: &[(String, String)],
    district_min: u64,
) -> (Vec<String>, HashMap<String, String>) {
    let mut per_district: HashMap<&str, u64> = HashMap::new();
    for case in caseload {
        *per_district.entry(case.district.as_str()).or_default() += 1;
    }
    let mut rows: Vec<String> = Vec::new();
    let mut row_of = HashMap::new();
    for (name, province) in districts {
        let count = per_district.get(name.as_str()).copied().unwrap_or(0);
        let row = if count >= district_min {
            district_key(name)
        } else {
            province_key(province)
        };
        if !rows.contains(&row) {
            rows.push(row.clone());
        }
        row_of.insert(name.clone(), row);
    }
    (rows, row_of)
}

/// Builds every table of the period from the store's counts.
pub fn build(
    inputs: &Inputs,
    period: &Period,
    district_min: u64,
) -> Result<Vec<CountTable>, UnknownCode> {
    let mut out = Vec::new();
    let cases = one("cases");

    let mut phase = CountTable::zeros("caseload_phase", phases(), cases.clone());
    let (area_rows, area_of) = areas(&inputs.caseload, &inputs.districts, district_min);
    let mut area = CountTable::zeros("caseload_area", area_rows, cases.clone());
    let mut custody = CountTable::zeros(
        "caseload_custody",
        strings(CustodyTrack::ALL.iter().map(|t| t.as_str())),
        cases.clone(),
    );
    let mut age_gender = CountTable::zeros(
        "caseload_age_gender",
        strings(AGE_BANDS),
        strings(Gender::ALL.iter().map(|g| g.as_str())),
    );
    let mut context = CountTable::zeros("caseload_context", typologies(), cases.clone());
    for case in &inputs.caseload {
        let band = band_on(
            case.date_of_birth.as_deref().and_then(date),
            case.approx_age,
            date(&case.opened_on).unwrap_or(period.end),
            period.end,
        );
        let typology = if case.context_typology.is_empty() {
            NOT_RECORDED
        } else {
            case.context_typology.as_str()
        };
        let area_row = area_of.get(&case.district).ok_or(UnknownCode {
            table: "caseload_area",
        })?;
        let checks = [
            (
                phase.add(&case.phase.to_string(), "cases", 1),
                "caseload_phase",
            ),
            (area.add(area_row, "cases", 1), "caseload_area"),
            (
                custody.add(&case.custody_track, "cases", 1),
                "caseload_custody",
            ),
            (age_gender.add(band, &case.gender, 1), "caseload_age_gender"),
            (context.add(typology, "cases", 1), "caseload_context"),
        ];
        if let Some((_, table)) = checks.iter().find(|(ok, _)| !ok) {
            return Err(UnknownCode { table });
        }
    }
    out.extend([phase, area, custody, age_gender, context]);

    let mut referrals = CountTable::zeros(
        "new_referrals",
        strings(ReferralSource::ALL.iter().map(|s| s.as_str())),
        strings(["in_programme", "declined", "not_eligible"]),
    );
    fill(&mut referrals, &inputs.new_referrals, "new_referrals")?;
    out.push(referrals);

    let mut first = CountTable::zeros("needs_first", domains(), levels());
    let mut latest = CountTable::zeros("needs_latest", domains(), levels());
    let mut change = CountTable::zeros(
        "needs_change",
        domains(),
        strings(["improved", "same", "worse"]),
    );
    for (domain, a, b, n) in &inputs.needs {
        let moved = match b.cmp(a) {
            std::cmp::Ordering::Less => "improved",
            std::cmp::Ordering::Equal => "same",
            std::cmp::Ordering::Greater => "worse",
        };
        let ok = first.add(domain, &a.to_string(), *n)
            && latest.add(domain, &b.to_string(), *n)
            && change.add(domain, moved, *n);
        if !ok {
            return Err(UnknownCode {
                table: "needs_first",
            });
        }
    }
    out.extend([first, latest, change]);

    let mut timeliness = CountTable::zeros(
        "timeliness",
        strings(["review", "agreement_revision"]),
        strings(["on_time", "overdue"]),
    );
    fill(&mut timeliness, &inputs.timeliness, "timeliness")?;
    out.push(timeliness);

    let type_of: HashMap<String, &str> = inputs
        .organisations
        .iter()
        .map(|(name, kind)| (normalise(name), kind.as_str()))
        .collect();
    let mut org_rows = strings(ORG_TYPES);
    org_rows.push("unlisted".into());
    let mut actions = CountTable::zeros(
        "plan_actions",
        org_rows,
        strings(["done", "overdue", "blocked", "open"]),
    );
    for (organisation, state, n) in &inputs.plan_actions {
        let kind = type_of
            .get(&normalise(organisation))
            .copied()
            .unwrap_or("unlisted");
        if !actions.add(kind, state, *n) {
            return Err(UnknownCode {
                table: "plan_actions",
            });
        }
    }
    out.push(actions);

    let mut usage = CountTable::zeros(
        "referral_use",
        domains(),
        strings(["used", "not_used", "not_known"]),
    );
    fill(&mut usage, &inputs.referral_use, "referral_use")?;
    out.push(usage);

    let mut barrier_rows = strings(BARRIERS);
    barrier_rows.push("not_recorded".into());
    let mut barriers = CountTable::zeros("referral_barriers", barrier_rows, one("referrals"));
    fill(
        &mut barriers,
        &inputs.referral_barriers,
        "referral_barriers",
    )?;
    out.push(barriers);

    let mut incidents =
        CountTable::zeros("incidents", strings(INCIDENT_KINDS), strings(SEVERITIES));
    fill(&mut incidents, &inputs.incidents, "incidents")?;
    out.push(incidents);

    let mut closures = CountTable::zeros("closures", strings(CLOSURE_REASONS), cases);
    fill(&mut closures, &inputs.closures, "closures")?;
    out.push(closures);

    Ok(out)
}

/// How organisation names are compared: trimmed, without case.
fn normalise(name: &str) -> String {
    name.trim().to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn case(district: &str, province: &str) -> CaseloadRow {
        CaseloadRow {
            case_id: "x".into(),
            district: district.into(),
            province: province.into(),
            gender: "male".into(),
            date_of_birth: None,
            approx_age: Some(30),
            opened_on: "2026-01-01".into(),
            context_typology: String::new(),
            phase: 4,
            custody_track: "community".into(),
        }
    }

    #[test]
    fn small_districts_merge_into_their_province() {
        let mut caseload = vec![case("Quetta", "BA"); 25];
        caseload.extend(vec![case("Gwadar", "BA"); 3]);
        caseload.extend(vec![case("Swat", "KP"); 2]);
        let districts = vec![
            ("Gwadar".into(), "BA".into()),
            ("Quetta".into(), "BA".into()),
            ("Swat".into(), "KP".into()),
        ];
        let (rows, of) = areas(&caseload, &districts, 20);
        assert_eq!(rows, ["province:BA", "district:Quetta", "province:KP"]);
        assert_eq!(of["Gwadar"], "province:BA");
    }

    #[test]
    fn a_code_outside_the_allow_list_is_refused() {
        let period = Period::parse("2026Q1").unwrap();
        let inputs = Inputs {
            caseload: vec![case("Quetta", "BA")],
            districts: vec![("Quetta".into(), "BA".into())],
            closures: vec![("a note someone typed".into(), "cases".into(), 1)],
            ..Inputs::default()
        };
        assert_eq!(
            build(&inputs, &period, 20),
            Err(UnknownCode { table: "closures" })
        );
        let mut odd = case("Quetta", "BA");
        odd.gender = "Farah".into();
        let inputs = Inputs {
            caseload: vec![odd],
            districts: vec![("Quetta".into(), "BA".into())],
            ..Inputs::default()
        };
        assert_eq!(
            build(&inputs, &period, 20),
            Err(UnknownCode {
                table: "caseload_age_gender"
            })
        );
    }

    #[test]
    fn every_table_is_built_once_in_order() {
        let period = Period::parse("2026Q1").unwrap();
        let inputs = Inputs {
            caseload: vec![case("Quetta", "BA")],
            districts: vec![("Quetta".into(), "BA".into())],
            plan_actions: vec![("Someone's Uncle".into(), "done".into(), 2)],
            ..Inputs::default()
        };
        let tables = build(&inputs, &period, 20).unwrap();
        let keys: Vec<&str> = tables.iter().map(|t| t.key.as_str()).collect();
        assert_eq!(keys, TABLES);
        let actions = &tables[10];
        let unlisted = actions.rows.iter().position(|r| r == "unlisted").unwrap();
        assert_eq!(actions.counts[unlisted][0], 2);
    }
}
