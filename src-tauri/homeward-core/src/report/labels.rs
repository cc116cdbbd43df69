//! What each code of a report is called: the catalog key of every row,
//! column and table title, read from the interface's own catalogs so the
//! window and the written report say the same words. A district is shown
//! by its name; a province's merged districts by a sentence naming it.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Serialize;

use super::suppress::TOTAL;
use super::tables::NOT_RECORDED;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/catalogs.rs"));
}

/// How the page and the report name one row or column: a catalog key,
/// a literal name (a district), or a key with a province key inside.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Label {
    pub code: String,
    pub key: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub province: Option<String>,
}

fn keyed(code: &str, key: String) -> Label {
    Label {
        code: code.to_owned(),
        key,
        name: None,
        province: None,
    }
}

/// The catalog key of a table's title.
pub fn title_key(table: &str) -> String {
    format!("report.table.{table}")
}

/// The label of a row (`row == true`) or column code of `table`.
pub fn label(table: &str, row: bool, code: &str) -> Label {
    if code == TOTAL {
        return keyed(code, "report.total".into());
    }
    if let Some(name) = code.strip_prefix("district:") {
        return Label {
            code: code.to_owned(),
            key: String::new(),
            name: Some(name.to_owned()),
            province: None,
        };
    }
    if let Some(province) = code.strip_prefix("province:") {
        return Label {
            code: code.to_owned(),
            key: "report.area.merged".into(),
            name: None,
            province: Some(format!("province.{province}")),
        };
    }
    let key = match (table, row) {
        (_, false) if code == "cases" || code == "referrals" => format!("report.col.{code}"),
        ("caseload_phase", true) => format!("phase.{code}"),
        ("caseload_custody", true) => format!("custody_track.{code}"),
        ("caseload_age_gender", true) => format!("report.age.{code}"),
        ("caseload_age_gender", false) => format!("gender.{code}"),
        ("caseload_context", true) if code == NOT_RECORDED => "context_typology.none".into(),
        ("caseload_context", true) => format!("context_typology.{code}"),
        ("new_referrals", true) => format!("referral_source.{code}"),
        ("new_referrals", false) => format!("report.intake.{code}"),
        ("needs_first" | "needs_latest" | "needs_change" | "referral_use", true) => {
            format!("domain.{code}")
        }
        ("needs_first" | "needs_latest", false) => format!("assess.score.{code}"),
        ("needs_change", false) => format!("report.change.{code}"),
        ("timeliness", _) => format!("report.timeliness.{code}"),
        ("plan_actions", true) if code == "unlisted" => "report.org.unlisted".into(),
        ("plan_actions", true) => format!("services.org_type.{code}"),
        ("plan_actions", false) => format!("report.action.{code}"),
        ("referral_use", false) => format!("report.use.{code}"),
        ("referral_barriers", true) if code == NOT_RECORDED => "report.barrier.not_recorded".into(),
        ("referral_barriers", true) => format!("work.barrier.{code}"),
        ("incidents", true) => format!("work.incident_kind.{code}"),
        ("incidents", false) => format!("work.severity.{code}"),
        ("closures", true) => format!("phase_action.reason.{code}"),
        _ => format!("report.code.{code}"),
    };
    keyed(code, key)
}

/// One interface catalog (`ui/i18n/<code>.json`), embedded at build time.
pub struct Catalog {
    /// Its code, the file's name: `en`, `ur`.
    pub language: &'static str,
    texts: HashMap<String, String>,
}

/// How a catalog names its language, as the window's language control lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Language {
    pub code: String,
    /// The language's own name for itself ("English", "اردو").
    pub name: String,
    /// `ltr` or `rtl`.
    pub dir: String,
    /// The locale numbers and dates are written in (`ur-PK`).
    pub locale: String,
}

fn parse(text: &str, language: &'static str) -> Catalog {
    let texts = serde_json::from_str::<HashMap<String, String>>(text).unwrap_or_default();
    Catalog { language, texts }
}

/// Every catalog, English first, then by code.
pub fn catalogs() -> &'static [Catalog] {
    static ALL: OnceLock<Vec<Catalog>> = OnceLock::new();
    ALL.get_or_init(|| {
        embedded::CATALOGS
            .iter()
            .map(|(code, text)| parse(text, code))
            .collect()
    })
}

/// The catalog of `code`, if there is one.
pub fn catalog(code: &str) -> Option<&'static Catalog> {
    catalogs().iter().find(|c| c.language == code)
}

pub fn english() -> &'static Catalog {
    &catalogs()[0]
}

pub fn urdu() -> &'static Catalog {
    catalog("ur").unwrap_or_else(english)
}

/// The languages the catalogs offer, English first.
pub fn languages() -> Vec<Language> {
    catalogs().iter().map(Catalog::describe).collect()
}

impl Catalog {
    /// Whether the language is written right to left (`language.dir`).
    pub fn rtl(&self) -> bool {
        self.text("language.dir") == "rtl"
    }

    fn describe(&self) -> Language {
        Language {
            code: self.language.to_owned(),
            name: self.text("language.name"),
            dir: if self.rtl() { "rtl" } else { "ltr" }.to_owned(),
            locale: self.text("language.locale"),
        }
    }

    /// The text of a key, or the key itself when the catalog lacks it.
    pub fn text(&self, key: &str) -> String {
        self.texts
            .get(key)
            .cloned()
            .unwrap_or_else(|| key.to_owned())
    }

    pub fn has(&self, key: &str) -> bool {
        self.texts.contains_key(key)
    }

    /// A label in words.
    pub fn words(&self, label: &Label) -> String {
        if let Some(name) = &label.name {
            return name.clone();
        }
        let text = self.text(&label.key);
        match &label.province {
            Some(province) => text.replace("{province}", &self.text(province)),
            None => text,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::tables::{build, Inputs, TABLES};
    use crate::store::reports::CaseloadRow;

    /// Every key a report can use, over every row and column of every table.
    fn every_key() -> Vec<String> {
        let period = crate::domain::period::Period::parse("2026Q1").unwrap();
        let inputs = Inputs {
            caseload: vec![CaseloadRow {
                case_id: "x".into(),
                district: "Gwadar".into(),
                province: "BA".into(),
                gender: "male".into(),
                date_of_birth: None,
                approx_age: None,
                opened_on: "2026-01-01".into(),
                context_typology: String::new(),
                phase: 0,
                custody_track: "community".into(),
            }],
            districts: vec![("Gwadar".into(), "BA".into())],
            ..Inputs::default()
        };
        let mut keys = vec![
            "report.title".to_owned(),
            "report.period".to_owned(),
            "report.issue".to_owned(),
            "report.hidden_note".to_owned(),
            "report.hidden".to_owned(),
            "report.share_improved".to_owned(),
            "report.generated_by".to_owned(),
        ];
        for table in build(&inputs, &period, 20).unwrap() {
            keys.push(title_key(&table.key));
            for row in table.rows.iter().chain([&TOTAL.to_owned()]) {
                let l = label(&table.key, true, row);
                keys.push(l.key.clone());
                keys.extend(l.province);
            }
            for col in table.cols.iter().chain([&TOTAL.to_owned()]) {
                keys.push(label(&table.key, false, col).key);
            }
        }
        assert!(keys.iter().any(|k| k == &title_key(TABLES[14])));
        keys
    }

    #[test]
    fn every_label_of_a_report_is_in_every_catalog() {
        assert!(catalogs().len() >= 2, "English and Urdu at least");
        for catalog in catalogs() {
            for key in every_key() {
                assert!(catalog.has(&key), "{} lacks {key}", catalog.language);
            }
        }
    }

    #[test]
    fn each_catalog_names_its_language_direction_and_locale() {
        let languages = languages();
        assert_eq!(languages[0].code, "en", "English comes first");
        let ur = languages.iter().find(|l| l.code == "ur").expect("Urdu");
        assert_eq!(
            (ur.name.as_str(), ur.dir.as_str(), ur.locale.as_str()),
            ("اردو", "rtl", "ur-PK")
        );
        assert_eq!(
            (languages[0].name.as_str(), languages[0].dir.as_str()),
            ("English", "ltr")
        );
        for language in &languages {
            let catalog = catalog(&language.code).expect("listed catalogs exist");
            for key in ["language.name", "language.dir", "language.locale"] {
                assert!(catalog.has(key), "{} lacks {key}", language.code);
            }
            assert!(["ltr", "rtl"].contains(&catalog.text("language.dir").as_str()));
        }
        assert!(catalog("xx").is_none());
    }
}
