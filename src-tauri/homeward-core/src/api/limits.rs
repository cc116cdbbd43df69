//! The gate every call's arguments pass before they are decoded: each
//! field, at any depth, is held to its kind in `domain::limits::FIELDS`.
//! `rpc::call` runs it for the CLI and the tests; the shell runs it on
//! every window command's payload. Field names are matched in snake_case,
//! so the window's camelCase argument names (`caseId`) meet the same rule.

use serde_json::{Map, Value};

use super::ApiError;
use crate::domain::limits::{self, Kind, Problem};

/// Refuses arguments any of whose fields is outside its limit, naming the field.
pub fn check_args(args: &Value) -> Result<(), ApiError> {
    match args {
        Value::Null => Ok(()),
        Value::Object(fields) => check_object(fields, 0),
        _ => Err(ApiError::InvalidInput {
            field: "input",
            reason: "is not a set of named fields",
        }),
    }
}

fn check_object(fields: &Map<String, Value>, depth: usize) -> Result<(), ApiError> {
    if depth > limits::MAX_DEPTH {
        return Err(refusal("input", Problem::TooDeep));
    }
    for (name, value) in fields {
        let (field, kind) = limits::field(&snake_case(name)).ok_or(ApiError::InvalidInput {
            field: "input",
            reason: "has a field this call does not take",
        })?;
        check_value(field, kind, value, depth, true)?;
    }
    Ok(())
}

fn check_value(
    field: &'static str,
    kind: Kind,
    value: &Value,
    depth: usize,
    list_allowed: bool,
) -> Result<(), ApiError> {
    match value {
        Value::Null | Value::Bool(_) => Ok(()),
        Value::String(text) => limits::check_text(kind, text).map_err(|p| refusal(field, p)),
        Value::Number(number) => {
            limits::check_number(kind, number.as_i64()).map_err(|p| refusal(field, p))
        }
        Value::Array(items) if list_allowed && kind != Kind::Opaque => {
            if items.len() > limits::MAX_ITEMS {
                return Err(refusal(field, Problem::TooManyItems));
            }
            items
                .iter()
                .try_for_each(|item| check_value(field, kind, item, depth + 1, false))
        }
        Value::Object(inner) if matches!(kind, Kind::Object | Kind::Query) => {
            check_object(inner, depth + 1)
        }
        // A draft's form state is held as typed, under its own size limit.
        Value::Array(_) | Value::Object(_) if kind == Kind::Opaque => Ok(()),
        Value::Array(_) | Value::Object(_) => Err(ApiError::InvalidInput {
            field,
            reason: "does not take a list or a set of fields here",
        }),
    }
}

/// The most characters `field` may hold, from its row in the table; a call
/// checking a text itself uses this, so its refusal and the walk's agree.
pub fn max_of(field: &str) -> usize {
    limits::field(field).map_or(limits::MAX_TEXT, |(_, kind)| limits::max_chars(kind))
}

/// The api error for a refused value.
pub fn refusal(field: &'static str, problem: Problem) -> ApiError {
    let reason = match problem {
        Problem::TooLong { max } => return ApiError::TooLong { field, max },
        Problem::ControlCharacter => "holds a control character or a line break it may not hold",
        Problem::Whitespace => "may not hold spaces",
        Problem::BadDate => "is not a day between 1900-01-01 and 2100-12-31 written YYYY-MM-DD",
        Problem::OutOfRange => "is not a whole number in its range",
        Problem::TooManyItems => "holds more than 500 items",
        Problem::TooDeep => "nests fields too deeply",
    };
    ApiError::InvalidInput { field, reason }
}

/// `caseId` → `case_id`; snake_case names are returned as they are.
fn snake_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    for c in name.chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    type Outcome = Result<(), (String, Option<&'static str>)>;

    fn outcome(args: Value) -> Outcome {
        check_args(&args).map_err(|e| (e.kind().to_owned(), e.field()))
    }

    #[test]
    fn arguments_are_walked_at_every_depth_and_refusals_name_the_field() {
        let long = "x".repeat(201);
        let table: Vec<(&str, Value, Outcome)> = vec![
            ("no arguments", Value::Null, Ok(())),
            ("an empty set", json!({}), Ok(())),
            ("a window call", json!({"caseId": "abc"}), Ok(())),
            ("a search line", json!({"query": "Kashif"}), Ok(())),
            (
                "a filter object",
                json!({"query": {"page": 0, "district": "Quetta"}}),
                Ok(()),
            ),
            (
                "a filter's fields are walked",
                json!({"query": {"page": -1}}),
                Err(("invalid_input".into(), Some("page"))),
            ),
            (
                "the window's camelCase is checked",
                json!({"caseId": "a b"}),
                Err(("invalid_input".into(), Some("case_id"))),
            ),
            (
                "a nested input",
                json!({"input": {"name_latin": long}}),
                Err(("too_long".into(), Some("name_latin"))),
            ),
            (
                "two levels down",
                json!({"id": "c", "version": 1, "case": {"phone": "1\n2"}}),
                Err(("invalid_input".into(), Some("phone"))),
            ),
            (
                "a list of objects",
                json!({"scores": [{"note": "fine", "score": 99}]}),
                Err(("invalid_input".into(), Some("score"))),
            ),
            (
                "a list of lines",
                json!({"districts": ["Quetta", long]}),
                Err(("too_long".into(), Some("districts"))),
            ),
            (
                "a list in a list",
                json!({"districts": [["Quetta"]]}),
                Err(("invalid_input".into(), Some("districts"))),
            ),
            (
                "an object for a line",
                json!({"name": {"a": 1}}),
                Err(("invalid_input".into(), Some("name"))),
            ),
            (
                "an unknown field",
                json!({"nickname": "x"}),
                Err(("invalid_input".into(), Some("input"))),
            ),
            (
                "a draft's state is its own",
                json!({"form": "case-form:new", "payload": {"anything": [1, {"x": "\u{0}"}]}}),
                Ok(()),
            ),
            (
                "not an object",
                json!("text"),
                Err(("invalid_input".into(), Some("input"))),
            ),
            (
                "a bad day",
                json!({"input": {"given_on": "2026-13-01"}}),
                Err(("invalid_input".into(), Some("given_on"))),
            ),
            (
                "a fraction for a whole number",
                json!({"duration_minutes": 1.5}),
                Err(("invalid_input".into(), Some("duration_minutes"))),
            ),
            (
                "a negative page",
                json!({"page": -1}),
                Err(("invalid_input".into(), Some("page"))),
            ),
        ];
        for (case, args, expected) in table {
            assert_eq!(outcome(args), expected, "{case}");
        }
    }

    #[test]
    fn nesting_and_list_length_are_bounded() {
        let mut deep = json!({"note": "x"});
        for _ in 0..10 {
            deep = json!({ "input": deep });
        }
        assert_eq!(outcome(deep), Err(("invalid_input".into(), Some("input"))));
        let many: Vec<Value> = (0..501).map(|i| Value::from(format!("d{i}"))).collect();
        assert_eq!(
            outcome(json!({ "districts": many })),
            Err(("invalid_input".into(), Some("districts")))
        );
    }

    /// The field names of every struct in `source` that derives `Deserialize`.
    fn decoded_fields(source: &str) -> Vec<String> {
        let mut names = Vec::new();
        let mut lines = source.lines();
        while let Some(line) = lines.next() {
            if !(line.starts_with("#[derive(") && line.contains("Deserialize")) {
                continue;
            }
            for line in lines.by_ref() {
                if line.starts_with('}') {
                    break;
                }
                let field = line.trim_start().strip_prefix("pub ");
                if let Some((name, _)) = field.and_then(|f| f.split_once(':')) {
                    if !name.contains(' ') && !name.contains('(') {
                        names.push(name.to_owned());
                    }
                }
            }
        }
        names
    }

    /// A call that checks a text itself with a smaller limit than its row
    /// would refuse a value the walk let through, naming another limit (the
    /// window then shortens the text to the first limit and is refused
    /// again). Every literal limit in the api's checks is at least its row.
    #[test]
    fn no_call_holds_a_text_to_less_than_its_row() {
        let sources = [
            include_str!("casework.rs"),
            include_str!("intake.rs"),
            include_str!("plans.rs"),
            include_str!("mentoring.rs"),
            include_str!("assessments.rs"),
            include_str!("services.rs"),
            include_str!("cases.rs"),
            include_str!("reports.rs"),
        ];
        let constants = [("TEXT_MAX", 2000), ("NAME_MAX", 200)];
        let mut seen = 0;
        for source in sources {
            let flat: String = source.split_whitespace().collect::<Vec<_>>().join(" ");
            for piece in flat.split("(\"").skip(1) {
                let Some((name, rest)) = piece.split_once('"') else {
                    continue;
                };
                let Some(rest) = rest.strip_prefix(", &") else {
                    continue;
                };
                let Some((_, after)) = rest.split_once(", ") else {
                    continue;
                };
                let Some((limit, _)) = after.split_once(')') else {
                    continue;
                };
                let limit = limit.replace('_', "");
                let given = match limit.parse::<usize>() {
                    Ok(number) => number,
                    Err(_) => match constants.iter().find(|(c, _)| *c == limit) {
                        Some((_, number)) => *number,
                        None => continue,
                    },
                };
                let Some((_, kind)) = limits::field(name) else {
                    continue;
                };
                assert!(
                    given >= limits::max_chars(kind),
                    "{name} is checked at {given}, less than its row's {}",
                    limits::max_chars(kind)
                );
                seen += 1;
            }
        }
        assert!(seen > 40, "the scan found the checks ({seen})");
    }

    #[test]
    fn every_field_any_call_decodes_has_a_limit() {
        let sources = [
            include_str!("app.rs"),
            include_str!("assessments.rs"),
            include_str!("backups.rs"),
            include_str!("cases.rs"),
            include_str!("casework.rs"),
            include_str!("dto.rs"),
            include_str!("home.rs"),
            include_str!("intake.rs"),
            include_str!("mentoring.rs"),
            include_str!("plans.rs"),
            include_str!("reports.rs"),
            include_str!("services.rs"),
            include_str!("session.rs"),
        ];
        let mut seen = 0;
        for source in sources {
            for name in decoded_fields(source) {
                assert!(
                    limits::field(&name).is_some(),
                    "{name} is decoded by a call but has no limit in domain::limits::FIELDS"
                );
                seen += 1;
            }
        }
        assert!(
            seen > 150,
            "the scan found the input structs ({seen} fields)"
        );
        let rpc = include_str!("rpc.rs");
        for piece in rpc.split("text_arg(&args, \"").skip(1) {
            let name = piece.split('"').next().unwrap_or_default();
            assert!(limits::field(name).is_some(), "{name} has no limit");
        }
    }
}
