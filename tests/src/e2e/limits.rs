//! The input limits through the api: every field of every method's sample
//! arguments (`samples.rs`, so a new method is covered by default) is
//! pushed past its limit and must be refused with an error naming that
//! field; then a table of real calls shows the limits' edges, the choices
//! and days refused by name, and hostile text stored and read back exactly.

use homeward_core::api::rpc::{call, METHODS};
use homeward_core::api::{ApiError, App};
use homeward_core::domain::limits::{self, Kind};
use homeward_tests::samples::{sample_args, SampleIds};
use homeward_tests::*;
use serde_json::{json, Value};

/// Where a leaf sits in an argument object.
#[derive(Debug, Clone)]
enum Step {
    Key(String),
    Index(usize),
}

/// Every text or number leaf with its path and the name of the field it belongs to.
fn leaves(value: &Value, path: &mut Vec<Step>, field: &str, out: &mut Vec<(Vec<Step>, String)>) {
    match value {
        Value::Object(fields) => {
            for (name, inner) in fields {
                if name == "payload" {
                    continue; // a draft's form state has its own size limit
                }
                path.push(Step::Key(name.clone()));
                leaves(inner, path, name, out);
                path.pop();
            }
        }
        Value::Array(items) => {
            for (index, inner) in items.iter().enumerate() {
                path.push(Step::Index(index));
                leaves(inner, path, field, out);
                path.pop();
            }
        }
        Value::String(_) | Value::Number(_) => out.push((path.clone(), field.to_owned())),
        Value::Null | Value::Bool(_) => {}
    }
}

fn with_leaf(args: &Value, path: &[Step], new: Value) -> Value {
    let mut args = args.clone();
    let mut at = &mut args;
    for step in path {
        at = match step {
            Step::Key(key) => &mut at[key.as_str()],
            Step::Index(index) => &mut at[*index],
        };
    }
    *at = new;
    args
}

fn refusal(app: &mut App, method: &str, args: Value) -> ApiError {
    call(app, method, args).expect_err("a value past its limit is refused")
}

#[test]
fn every_field_of_every_method_is_refused_past_its_limit_by_name() {
    let fx = fixture();
    let mut app = unlocked(&fx.vault(), WORKER, test_clock());
    let case_input = json!({
        "name_latin": "Kashif Rana", "name_urdu": "کاشف رانا", "alias": "K", "gender": "male",
        "date_of_birth": "1990-01-01", "approx_age": 35, "languages": "Urdu", "phone": "0300",
        "address": "Quetta", "district": "Quetta", "custody_track": "released",
        "custody_since": "2025-01-01", "referral_source": "court", "referral_date": "2026-11-03",
        "mentor": MENTOR, "religion": "islam", "sect": "s", "ethnicity": "e",
        "context_typology": "religious",
    });
    let ids = SampleIds {
        case_id: "0190f3c2-7b1e-7c4d-9a55-000000000001",
        case_input: &case_input,
        organisation: "org",
        service: "service",
        sharing: "consent",
        referral: "referral",
        disclosure: "disclosure",
        recovery_key: "ABCD-EFGH",
    };
    let mut checked = 0;
    for method in METHODS {
        let args = sample_args(method, &ids)
            .unwrap_or_else(|| panic!("give {method} sample arguments in samples.rs"));
        let mut found = Vec::new();
        leaves(&args, &mut Vec::new(), "", &mut found);
        for (path, name) in found {
            let (field, kind) =
                limits::field(&name).unwrap_or_else(|| panic!("{method}: {name} has no limit"));
            let leaf_is_text = matches!(
                path.iter().try_fold(&args, |at, step| match step {
                    Step::Key(key) => at.get(key.as_str()),
                    Step::Index(index) => at.get(*index),
                }),
                Some(Value::String(_))
            );
            if leaf_is_text {
                let max = limits::max_chars(kind);
                let err = refusal(
                    &mut app,
                    method,
                    with_leaf(&args, &path, "ب".repeat(max + 1).into()),
                );
                assert_eq!(
                    (err.kind(), err.field()),
                    ("too_long", Some(field)),
                    "{method}.{name} at {} characters",
                    max + 1
                );
                assert_eq!(serde_json::to_value(&err).unwrap()["max"], max);
                let err = refusal(&mut app, method, with_leaf(&args, &path, "ok\u{0}".into()));
                assert_eq!(
                    (err.kind(), err.field()),
                    ("invalid_input", Some(field)),
                    "{method}.{name} with a NUL"
                );
                if kind == Kind::Date {
                    let err = refusal(
                        &mut app,
                        method,
                        with_leaf(&args, &path, "2026-02-30".into()),
                    );
                    assert_eq!(
                        (err.kind(), err.field()),
                        ("invalid_input", Some(field)),
                        "{method}.{name} on no such day"
                    );
                }
                checked += 1;
            } else if matches!(kind, Kind::Int { .. }) {
                let err = refusal(&mut app, method, with_leaf(&args, &path, json!(-1)));
                assert_eq!(
                    (err.kind(), err.field()),
                    ("invalid_input", Some(field)),
                    "{method}.{name} at -1"
                );
                checked += 1;
            }
        }
        if let Value::Object(mut extra) = args.clone() {
            extra.insert("nickname".into(), "x".into());
            let err = refusal(&mut app, method, Value::Object(extra));
            assert_eq!(
                (err.kind(), err.field()),
                ("invalid_input", Some("input")),
                "{method} with a field it does not take"
            );
        }
    }
    assert!(checked > 150, "the samples reach the fields ({checked})");
}

const HOSTILE: &[&str] = &[
    "ڈاکٹر عائشہ بی بی",
    "محمد علي الحسيني",
    "👩🏽‍⚕️👨‍👩‍👧 🇵🇰",
    "\u{202E}txt.exe\u{202C} and \u{2067}isolated\u{2069}",
    "zero\u{200B}width\u{200C}non\u{200D}joiner\u{200F}mark\u{FEFF}",
    "'); DROP TABLE cases;--",
    "Robert\" OR 1=1; --",
    "<img src=x onerror=\"window.__hostile=1\">",
    "<a href=\"javascript:window.__hostile=1\">x</a>",
    "</textarea><script>window.__hostile=1</script>",
    "<svg onload=\"window.__hostile=1\"><script>window.__hostile=1</script></svg>",
    "{{constructor.constructor('window.__hostile=1')()}} %s%n ${7*7}",
];

fn register(app: &mut App, changes: Value) -> Result<Value, ApiError> {
    let mut input = json!({
        "name_latin": "Limit Probe", "name_urdu": "حد", "gender": "male", "district": "Quetta",
        "custody_track": "released", "referral_source": "court", "referral_date": "2026-11-03",
    });
    for (key, value) in changes.as_object().unwrap() {
        input[key.as_str()] = value.clone();
    }
    call(app, "case_register", input)
}

fn contact(app: &mut App, case_id: &str, changes: Value) -> Result<Value, ApiError> {
    let mut input = json!({"case_id": case_id, "contact_on": "2026-11-06", "kind": "home_visit",
                           "duration_minutes": 30, "note": "n"});
    for (key, value) in changes.as_object().unwrap() {
        input[key.as_str()] = value.clone();
    }
    call(app, "contact_add", input)
}

fn max_of(field: &str) -> usize {
    limits::max_chars(limits::field(field).expect("a known field").1)
}

fn refused(result: Result<Value, ApiError>) -> (String, Option<&'static str>, Value) {
    let err = result.expect_err("refused");
    let max = serde_json::to_value(&err).unwrap()["max"].clone();
    (err.kind().to_owned(), err.field(), max)
}

#[test]
fn limits_choices_and_days_are_refused_by_name_and_hostile_text_comes_back_exactly() {
    let fx = fixture();
    let mut app = unlocked(&fx.vault(), WORKER, test_clock());
    let line_edge = "ب".repeat(limits::MAX_LINE);
    let line_over = format!("{line_edge}ب");

    // A single line: at its limit it is kept whole, one past it is refused.
    let case = register(&mut app, json!({"name_latin": line_edge})).unwrap();
    let case_id = case["id"].as_str().unwrap().to_owned();
    let opened = call(&mut app, "case_open", json!({"id": case_id})).unwrap();
    assert_eq!(
        opened["name_latin"],
        line_edge.as_str(),
        "kept whole at the limit"
    );

    type Row = (
        &'static str,
        Value,
        (&'static str, Option<&'static str>, Value),
    );
    let too_long = |field| ("too_long", Some(field), json!(limits::MAX_LINE));
    let invalid = |field| ("invalid_input", Some(field), Value::Null);
    let register_rows: Vec<Row> = vec![
        (
            "a name one past the limit",
            json!({"name_latin": line_over}),
            too_long("name_latin"),
        ),
        (
            "an Urdu name one past the limit",
            json!({"name_urdu": line_over}),
            too_long("name_urdu"),
        ),
        (
            "an address past its limit",
            json!({"address": "x".repeat(max_of("address") + 1)}),
            ("too_long", Some("address"), json!(max_of("address"))),
        ),
        (
            "a line break in a name",
            json!({"name_latin": "Kashif\nRana"}),
            invalid("name_latin"),
        ),
        (
            "an escape in a phone number",
            json!({"phone": "0300\u{1b}[2J"}),
            invalid("phone"),
        ),
        (
            "markup for a gender",
            json!({"gender": "<script>alert(1)</script>"}),
            invalid("gender"),
        ),
        (
            "an unknown custody track",
            json!({"custody_track": "escaped"}),
            invalid("custody_track"),
        ),
        (
            "an unknown referral source",
            json!({"referral_source": "'; DROP TABLE cases;--"}),
            invalid("referral_source"),
        ),
        (
            "an unknown district",
            json!({"district": "Atlantis"}),
            invalid("district"),
        ),
        (
            "a referral before 1900",
            json!({"referral_date": "1899-12-31"}),
            invalid("referral_date"),
        ),
        (
            "a birth after 2100",
            json!({"date_of_birth": "2101-01-01"}),
            invalid("date_of_birth"),
        ),
        (
            "no such day",
            json!({"custody_since": "2026-02-30"}),
            invalid("custody_since"),
        ),
        (
            "an age of 131",
            json!({"approx_age": 131}),
            invalid("approx_age"),
        ),
        (
            "a negative age",
            json!({"approx_age": -3}),
            invalid("approx_age"),
        ),
    ];
    for (case, changes, (kind, field, max)) in register_rows {
        assert_eq!(
            refused(register(&mut app, changes)),
            (kind.to_owned(), field, max),
            "{case}"
        );
    }

    // Long text at its limit, with line breaks and hostile pieces, comes back exactly.
    let note_max = max_of("note");
    let mut long_note = HOSTILE.join("\n");
    while long_note.chars().count() < note_max {
        long_note.push_str("\r\n\tسطر ");
    }
    // Spaces at either end are trimmed as every text is; this one ends in a letter.
    let mut long_note: String = long_note.chars().take(note_max - 1).collect();
    long_note.push('.');
    contact(&mut app, &case_id, json!({"note": long_note})).expect("a note at the limit");
    let contacts = call(&mut app, "case_contacts", json!({"case_id": case_id})).unwrap();
    assert!(
        contacts
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["note"] == long_note.as_str()),
        "the note at its limit is read back exactly"
    );
    let contact_rows: Vec<Row> = vec![
        (
            "a note one past the limit",
            json!({"note": format!("{long_note}x")}),
            ("too_long", Some("note"), json!(note_max)),
        ),
        (
            "a NUL in a note",
            json!({"note": "a\u{0}b"}),
            invalid("note"),
        ),
        (
            "an unknown contact kind",
            json!({"kind": "<img src=x onerror=alert(1)>"}),
            invalid("kind"),
        ),
        (
            "more minutes than a day",
            json!({"duration_minutes": 1441}),
            invalid("duration_minutes"),
        ),
        (
            "a contact on no such day",
            json!({"contact_on": "2026-13-01"}),
            invalid("contact_on"),
        ),
        (
            "a place past the line limit",
            json!({"place": "p".repeat(limits::MAX_LINE + 1)}),
            too_long("place"),
        ),
    ];
    for (case, changes, (kind, field, max)) in contact_rows {
        assert_eq!(
            refused(contact(&mut app, &case_id, changes)),
            (kind.to_owned(), field, max),
            "{case}"
        );
    }

    // Hostile text in every free-text field of a case is stored and read back exactly.
    for text in HOSTILE {
        let changes = json!({"name_latin": text, "name_urdu": text, "alias": text,
                             "languages": text, "address": text,
                             "ethnicity": text, "sect": text});
        let case = register(&mut app, changes.clone())
            .unwrap_or_else(|e| panic!("{text:?} is plain text: {e}"));
        let opened = call(&mut app, "case_open", json!({"id": case["id"]})).unwrap();
        for (field, value) in changes.as_object().unwrap() {
            assert_eq!(
                &opened[field.as_str()],
                value,
                "{field} holds {text:?} exactly"
            );
        }
        contact(
            &mut app,
            case["id"].as_str().unwrap(),
            json!({"note": text, "place": text}),
        )
        .unwrap_or_else(|e| panic!("{text:?} in a contact: {e}"));
    }
    let found = call(
        &mut app,
        "case_search",
        json!({"query": "'); DROP TABLE cases;--"}),
    )
    .unwrap();
    assert!(
        !found.as_array().unwrap().is_empty(),
        "SQL in a query is only text"
    );
    let first = call(&mut app, "case_open", json!({"id": case_id})).unwrap();
    assert_eq!(
        first["name_latin"],
        line_edge.as_str(),
        "the first case is untouched"
    );
}

#[test]
fn the_typed_calls_the_cli_makes_meet_the_same_limits() {
    let fx = fixture();
    let mut app = unlocked(&fx.vault(), WORKER, test_clock());
    type Change = fn(&mut homeward_core::api::cases::CaseInput);
    let table: &[(&str, Change, &str, &str)] = &[
        (
            "a referral before 1900",
            |c| c.referral_date = "1899-12-31".into(),
            "invalid_input",
            "referral_date",
        ),
        (
            "a birth on no such day",
            |c| c.date_of_birth = Some("2001-02-29".into()),
            "invalid_input",
            "date_of_birth",
        ),
        (
            "a name past its limit",
            |c| c.name_latin = "x".repeat(201),
            "invalid_input",
            "name_latin",
        ),
        (
            "a sect past its limit",
            |c| c.sect = "x".repeat(101),
            "too_long",
            "sect",
        ),
        (
            "an escape in an alias",
            |c| c.alias = "a\u{1b}b".into(),
            "invalid_input",
            "alias",
        ),
    ];
    for (case, change, kind, field) in table {
        let mut input = probe_case("typed");
        change(&mut input);
        let err = app.register_case(input).expect_err(case);
        assert_eq!((err.kind(), err.field()), (*kind, Some(*field)), "{case}");
    }
    let err = app.search_cases(&"q".repeat(201)).unwrap_err();
    assert_eq!((err.kind(), err.field()), ("too_long", Some("query")));
}

#[test]
fn a_district_added_by_hand_keeps_its_quotes_and_commas() {
    let fx = fixture();
    let mut admin = unlocked(&fx.vault(), ADMIN, test_clock());
    for name in [
        "\"><iframe srcdoc=x>",
        "Dera \"Bugti\", east",
        "'); DROP TABLE districts;--",
    ] {
        let added = call(
            &mut admin,
            "district_add",
            json!({"province": "BA", "name": name}),
        )
        .unwrap_or_else(|e| panic!("{name:?}: {e}"));
        assert_eq!(added["name"], name, "stored exactly as typed");
    }
    let csv =
        "province,district\nBA,\"Kohlu \"\"upper\"\", north\"\nBA,<img src=x onerror=\"a\">\n";
    call(&mut admin, "district_import", json!({ "csv": csv })).unwrap();
    let listed = call(&mut admin, "district_list", json!({}))
        .unwrap()
        .to_string();
    for name in ["Kohlu \"upper\", north", "<img src=x onerror=\"a\">"] {
        assert!(
            listed.contains(&serde_json::to_string(name).unwrap()),
            "{name:?} imported exactly"
        );
    }
}
