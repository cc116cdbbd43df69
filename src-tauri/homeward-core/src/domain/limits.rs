//! The input limits: what every field of every call may hold. Each field
//! name the api takes has a [`Kind`] in [`FIELDS`]; a value outside its
//! kind is refused with a [`Problem`] naming the limit, never truncated.
//! The api walks every call's arguments against this table before any
//! rule runs (see `api::limits`). Pure.

use chrono::NaiveDate;

/// A single-line field (names, choices, references, places) holds at most this
/// many characters unless its row in [`FIELDS`] says fewer or more.
pub const MAX_LINE: usize = 200;
/// A long-text field (notes, accounts, reasons) holds at most this many
/// characters unless its row in [`FIELDS`] says fewer.
pub const MAX_TEXT: usize = 20_000;
/// An id or a form key holds at most this many characters.
pub const MAX_ID: usize = 100;
/// A secret (passphrase, recovery key) as typed holds at most this many characters.
pub const MAX_SECRET: usize = 1_024;
/// A folder or file path holds at most this many characters.
pub const MAX_PATH: usize = 4_096;
/// A pasted CSV file holds at most this many characters.
pub const MAX_CSV: usize = 4_000_000;
/// A list holds at most this many items.
pub const MAX_ITEMS: usize = 500;
/// Objects inside objects go at most this deep.
pub const MAX_DEPTH: usize = 6;
/// The first and last day any date field may hold.
pub const FIRST_DAY: (i32, u32, u32) = (1900, 1, 1);
pub const LAST_DAY: (i32, u32, u32) = (2100, 12, 31);

/// What a field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// An id, a key or a code word: no spaces or control characters.
    Id,
    /// One line of text of at most this many characters.
    Line(usize),
    /// Text that may run over lines, of at most this many characters.
    Text(usize),
    /// A day as YYYY-MM-DD, or empty where the field is optional.
    Date,
    /// A passphrase or a recovery key; its policy is checked elsewhere.
    Secret,
    /// A folder or file path.
    Path,
    /// The text of a CSV file.
    Csv,
    /// A whole number in a range.
    Int { min: i64, max: i64 },
    /// Yes or no.
    Bool,
    /// A nested object (or a list of them) whose fields are walked in turn.
    Object,
    /// A search line (`case_search`) or a filter object whose fields are
    /// walked (`case_list`, `service_find`): the window names both `query`.
    Query,
    /// Held as typed, with its own size limit (a saved draft's form state).
    Opaque,
}

/// Why a value was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    /// Longer than `max` characters.
    TooLong { max: usize },
    /// Holds a control character (or a line break in a single-line field).
    ControlCharacter,
    /// Holds a space where none may be.
    Whitespace,
    /// Not a real day between [`FIRST_DAY`] and [`LAST_DAY`].
    BadDate,
    /// A number outside its range, or not a whole number.
    OutOfRange,
    /// A list with more than [`MAX_ITEMS`] items.
    TooManyItems,
    /// Objects nested deeper than [`MAX_DEPTH`].
    TooDeep,
}

use Kind::*;

const AGE: Kind = Int { min: 0, max: 130 };
/// A line at the usual limit.
pub const LINE: Kind = Line(MAX_LINE);
/// A long text at the usual limit.
pub const TEXT: Kind = Text(MAX_TEXT);

/// Every field name the api takes, with its kind. A name missing here is
/// refused: a new field must be given its limit before it can be used.
pub const FIELDS: &[(&str, Kind)] = &[
    // Ids and keys.
    ("action_id", Id),
    ("agreement_id", Id),
    ("assessment_id", Id),
    ("case_id", Id),
    ("consent_id", Id),
    ("disclosure_id", Id),
    ("form", Id),
    ("goal_id", Id),
    ("id", Id),
    // The window's progress channel, as Tauri names it ("__CHANNEL__:7").
    ("on_progress", Id),
    ("on_lock", Id),
    ("legal_basis_id", Id),
    ("organisation_id", Id),
    ("plan_goal_key", Id),
    ("plan_id", Id),
    ("referral_id", Id),
    ("review_id", Id),
    ("service_id", Id),
    // One line: names, people, places, choices and references.
    ("alias", LINE),
    ("approver", LINE),
    ("assessor", Line(100)),
    ("assigned_worker", LINE),
    ("barrier", LINE),
    ("catchment", Line(2000)),
    ("contact_role", LINE),
    ("context_typology", LINE),
    ("cost", Line(200)),
    ("custody_track", LINE),
    ("decision", LINE),
    ("district", Line(80)),
    ("districts", LINE),
    ("domain", LINE),
    ("domains", LINE),
    ("ethnicity", Line(100)),
    ("evidence_source", LINE),
    ("family_member", LINE),
    ("from", LINE),
    ("gender", LINE),
    ("given_by", LINE),
    ("giver_name", LINE),
    ("information_kinds", Line(500)),
    ("item", LINE),
    ("kind", LINE),
    ("language", Line(50)),
    ("languages", Line(200)),
    ("level", LINE),
    ("meeting_frequency", LINE),
    ("mentor", LINE),
    ("method", LINE),
    ("modality", LINE),
    ("name", LINE),
    ("name_latin", LINE),
    ("name_urdu", LINE),
    ("org_type", LINE),
    ("organisation", LINE),
    ("outcome", LINE),
    ("party", LINE),
    ("period", LINE),
    ("phone", Line(30)),
    ("place", LINE),
    ("province", LINE),
    ("recipient", LINE),
    ("recipient_kind", LINE),
    ("reference", LINE),
    ("referral_source", LINE),
    ("relation", LINE),
    ("religion", LINE),
    ("responsible", LINE),
    ("responsible_org", LINE),
    ("responsible_role", LINE),
    ("risks_to_staff", LINE),
    ("role", LINE),
    ("sect", Line(100)),
    ("severity", LINE),
    ("stage", LINE),
    ("status", LINE),
    ("successor", LINE),
    ("summary_band", Line(50)),
    ("threats_to_participant", LINE),
    ("to", LINE),
    ("tool", Line(100)),
    ("transition", LINE),
    ("username", LINE),
    ("venue", Line(500)),
    ("wording_version", Line(50)),
    // Long text.
    ("address", Text(200)),
    ("agreement", Text(2000)),
    ("assessment_note", Text(2000)),
    ("barrier_note", Text(2000)),
    ("behaviour", TEXT),
    ("blocking_reason", Text(1000)),
    ("changed_goals", Text(2000)),
    ("child_view", Text(2000)),
    ("description", Text(4000)),
    ("documents_needed", Text(2000)),
    ("focus_areas", Text(2000)),
    ("goal", Text(2000)),
    ("guardian_view", Text(2000)),
    ("legal_status_exclusions", Text(2000)),
    ("lesson", Text(4000)),
    ("mentee_will", Text(2000)),
    ("mentor_will", Text(2000)),
    ("mitigation", Text(2000)),
    ("not_assessed_reason", TEXT),
    ("note", Text(4000)),
    ("override_reason", Text(2000)),
    ("participant_account", Text(8000)),
    ("participant_feedback", Text(4000)),
    ("partners", Text(500)),
    ("priorities", Text(4000)),
    ("purpose", Text(500)),
    ("quality_how", Text(2000)),
    ("reason", Text(2000)),
    ("resources", Text(1000)),
    ("response", Text(4000)),
    ("safety_note", Text(2000)),
    ("strengths", Text(4000)),
    ("success_measure", Text(2000)),
    ("ties", TEXT),
    ("views", TEXT),
    // Days.
    ("assessed_on", Date),
    ("contact_on", Date),
    ("custody_since", Date),
    ("date_of_birth", Date),
    ("disclosed_on", Date),
    ("due_on", Date),
    ("given_on", Date),
    ("held_on", Date),
    ("last_verified", Date),
    ("occurred_on", Date),
    ("on", Date),
    ("proposed_on", Date),
    ("quality_judged_on", Date),
    ("referral_date", Date),
    ("revised_on", Date),
    ("screened_on", Date),
    ("start_on", Date),
    // Secrets, paths and files.
    ("approver_passphrase", Secret),
    ("current", Secret),
    ("new", Secret),
    ("new_passphrase", Secret),
    ("passphrase", Secret),
    ("recovery_key", Secret),
    ("folder", Path),
    ("path", Path),
    ("csv", Csv),
    // Numbers.
    ("approx_age", AGE),
    (
        "district_min",
        Int {
            min: 0,
            max: 1_000_000,
        },
    ),
    (
        "duration_minutes",
        Int {
            min: 0,
            max: 24 * 60,
        },
    ),
    ("k", Int { min: 0, max: 1_000 }),
    ("max_age", AGE),
    ("min_age", AGE),
    (
        "page",
        Int {
            min: 0,
            max: 1_000_000,
        },
    ),
    (
        "page_size",
        Int {
            min: 0,
            max: 10_000,
        },
    ),
    // The window's page zoom, in percent (`ui_zoom`).
    ("percent", Int { min: 50, max: 300 }),
    ("phase", Int { min: 0, max: 9 }),
    ("quality", Int { min: 0, max: 10 }),
    ("satisfaction", Int { min: 0, max: 10 }),
    ("score", Int { min: 0, max: 10 }),
    (
        "seconds",
        Int {
            min: 0,
            max: 86_400,
        },
    ),
    ("tier", Int { min: 0, max: 9 }),
    (
        "version",
        Int {
            min: 0,
            max: i64::MAX,
        },
    ),
    ("waiting_days", Int { min: 0, max: 3_650 }),
    // Yes or no.
    ("assigned_to_me", Bool),
    ("assigned_to_mentor", Bool),
    ("child_friendly", Bool),
    ("confirm", Bool),
    ("disability_access", Bool),
    ("family_rechecked", Bool),
    ("female_practitioner_required", Bool),
    ("female_staff", Bool),
    ("interpreter_needed", Bool),
    ("open_to_public", Bool),
    ("participant_priority", Bool),
    ("positive", Bool),
    ("used", Bool),
    // Nested objects and lists of them.
    ("case", Object),
    ("draft", Object),
    ("input", Object),
    ("query", Query),
    ("outcomes", Object),
    ("profile", Object),
    ("request", Object),
    ("risks", Object),
    ("scores", Object),
    // A draft's form state: its own limit, `api::session::MAX_DRAFT_BYTES`.
    ("payload", Opaque),
];

/// The field's name as the table spells it and its kind, if the api takes it.
pub fn field(name: &str) -> Option<(&'static str, Kind)> {
    FIELDS
        .iter()
        .find(|(known, _)| *known == name)
        .map(|(known, kind)| (*known, *kind))
}

/// The most characters a text of this kind may hold.
pub fn max_chars(kind: Kind) -> usize {
    match kind {
        Id => MAX_ID,
        Line(max) | Text(max) => max,
        Date | Query => MAX_LINE,
        Opaque => MAX_TEXT,
        Secret => MAX_SECRET,
        Path => MAX_PATH,
        Csv => MAX_CSV,
        Int { .. } | Bool | Object => MAX_LINE,
    }
}

/// Checks one text value against its kind.
pub fn check_text(kind: Kind, value: &str) -> Result<(), Problem> {
    let max = max_chars(kind);
    // Counting stops one past the limit, so a huge value costs no more than a short one.
    if value.chars().take(max + 1).count() > max {
        return Err(Problem::TooLong { max });
    }
    let allowed_control = |c: char| match kind {
        Text(_) | Csv => matches!(c, '\n' | '\r' | '\t'),
        _ => false,
    };
    if value.chars().any(|c| c.is_control() && !allowed_control(c)) {
        return Err(Problem::ControlCharacter);
    }
    match kind {
        Id if value.chars().any(char::is_whitespace) => Err(Problem::Whitespace),
        Date => check_date(value),
        _ => Ok(()),
    }
}

/// A date field: empty, or a real day between [`FIRST_DAY`] and [`LAST_DAY`]
/// written YYYY-MM-DD (spaces around it are allowed; the rules trim them).
pub fn check_date(value: &str) -> Result<(), Problem> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(());
    }
    let shaped = value.len() == 10
        && value.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        });
    let day = shaped
        .then(|| NaiveDate::parse_from_str(value, "%Y-%m-%d").ok())
        .flatten()
        .ok_or(Problem::BadDate)?;
    if in_range(day) {
        Ok(())
    } else {
        Err(Problem::BadDate)
    }
}

/// True when `day` lies between [`FIRST_DAY`] and [`LAST_DAY`].
pub fn in_range(day: NaiveDate) -> bool {
    let first = NaiveDate::from_ymd_opt(FIRST_DAY.0, FIRST_DAY.1, FIRST_DAY.2);
    let last = NaiveDate::from_ymd_opt(LAST_DAY.0, LAST_DAY.1, LAST_DAY.2);
    first.is_some_and(|first| day >= first) && last.is_some_and(|last| day <= last)
}

/// Checks a whole number against an `Int` kind; other kinds take no numbers here.
pub fn check_number(kind: Kind, value: Option<i64>) -> Result<(), Problem> {
    match (kind, value) {
        (Int { min, max }, Some(n)) if (min..=max).contains(&n) => Ok(()),
        (Int { .. }, _) => Err(Problem::OutOfRange),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_takes_what_it_should_and_names_what_it_refuses() {
        let line_limit = "ب".repeat(MAX_LINE);
        let line_over = "ب".repeat(MAX_LINE + 1);
        let text_limit = "x".repeat(MAX_TEXT);
        let text_over = "x".repeat(MAX_TEXT + 1);
        let table: &[(&str, Kind, &str, Result<(), Problem>)] = &[
            ("Urdu in a line", LINE, "ڈاکٹر عائشہ", Ok(())),
            ("Arabic in a line", LINE, "محمد علي", Ok(())),
            ("emoji with joiners", LINE, "👩🏽‍⚕️👨‍👩‍👧", Ok(())),
            (
                "direction and zero-width marks",
                LINE,
                "\u{202E}abc\u{200B}\u{200C}\u{200D}\u{200F}",
                Ok(()),
            ),
            (
                "markup is only text",
                LINE,
                "<img src=x onerror=alert(1)>",
                Ok(()),
            ),
            ("SQL is only text", LINE, "'); DROP TABLE cases;--", Ok(())),
            ("a line at its limit", LINE, &line_limit, Ok(())),
            (
                "a line over its limit",
                LINE,
                &line_over,
                Err(Problem::TooLong { max: MAX_LINE }),
            ),
            (
                "a line break in a line",
                LINE,
                "a\nb",
                Err(Problem::ControlCharacter),
            ),
            (
                "NUL in a line",
                LINE,
                "a\0b",
                Err(Problem::ControlCharacter),
            ),
            (
                "escape in a line",
                LINE,
                "a\u{1b}[31mb",
                Err(Problem::ControlCharacter),
            ),
            (
                "C1 control in a line",
                LINE,
                "a\u{85}b",
                Err(Problem::ControlCharacter),
            ),
            ("lines in a text", TEXT, "one\r\ntwo\tthree", Ok(())),
            ("a text at its limit", TEXT, &text_limit, Ok(())),
            (
                "a text over its limit",
                TEXT,
                &text_over,
                Err(Problem::TooLong { max: MAX_TEXT }),
            ),
            ("NUL in a text", TEXT, "a\0", Err(Problem::ControlCharacter)),
            ("an id", Id, "0190f3c2-7b1e-7c4d-9a55-000000000001", Ok(())),
            ("a form key", Id, "case-form:new", Ok(())),
            ("a space in an id", Id, "a b", Err(Problem::Whitespace)),
            (
                "an id over its limit",
                Id,
                &line_limit,
                Err(Problem::TooLong { max: MAX_ID }),
            ),
            ("an empty optional day", Date, "", Ok(())),
            ("a day", Date, "2026-11-22", Ok(())),
            ("a day with spaces around", Date, " 2026-11-22 ", Ok(())),
            ("the first day", Date, "1900-01-01", Ok(())),
            ("the last day", Date, "2100-12-31", Ok(())),
            (
                "before the first day",
                Date,
                "1899-12-31",
                Err(Problem::BadDate),
            ),
            (
                "after the last day",
                Date,
                "2101-01-01",
                Err(Problem::BadDate),
            ),
            ("no such day", Date, "2026-02-30", Err(Problem::BadDate)),
            ("a short month", Date, "2026-2-03", Err(Problem::BadDate)),
            ("not a day", Date, "yesterday", Err(Problem::BadDate)),
            (
                "a five-digit year",
                Date,
                "20260-11-22",
                Err(Problem::BadDate),
            ),
            ("Eastern digits", Date, "۲۰۲۶-۱۱-۲۲", Err(Problem::BadDate)),
            (
                "a passphrase",
                Secret,
                "correct horse battery staple",
                Ok(()),
            ),
            ("a path", Path, "/media/sana/USB DISK/backups", Ok(())),
            ("CSV lines", Csv, "BA,Gwadar\r\nBA,Quetta\n", Ok(())),
        ];
        for (case, kind, value, expected) in table {
            assert_eq!(check_text(*kind, value), *expected, "{case}");
        }
    }

    type NumberRow = (&'static str, Kind, Option<i64>, Result<(), Problem>);

    #[test]
    fn numbers_are_held_to_their_range() {
        let table: &[NumberRow] = &[
            ("an age", AGE, Some(34), Ok(())),
            ("age zero", AGE, Some(0), Ok(())),
            ("a negative age", AGE, Some(-1), Err(Problem::OutOfRange)),
            ("an age of 131", AGE, Some(131), Err(Problem::OutOfRange)),
            ("not a whole number", AGE, None, Err(Problem::OutOfRange)),
            (
                "a day's minutes",
                Int { min: 0, max: 1440 },
                Some(1440),
                Ok(()),
            ),
            (
                "more than a day",
                Int { min: 0, max: 1440 },
                Some(1441),
                Err(Problem::OutOfRange),
            ),
            (
                "a number for a line is left to the rule",
                LINE,
                Some(5),
                Ok(()),
            ),
        ];
        for (case, kind, value, expected) in table {
            assert_eq!(check_number(*kind, *value), *expected, "{case}");
        }
    }

    #[test]
    fn every_field_is_named_once() {
        let mut names: Vec<&str> = FIELDS.iter().map(|(name, _)| *name).collect();
        names.sort_unstable();
        let before = names.len();
        names.dedup();
        assert_eq!(before, names.len(), "a field is listed twice");
        assert_eq!(field("note"), Some(("note", Text(4000))));
        assert_eq!(field("nickname"), None);
    }
}
