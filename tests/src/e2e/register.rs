//! The case register through the api: registering, search in both
//! scripts, who finds what, list filters and paging, edits and conflicts.

use homeward_core::api::cases::{CaseInput, CaseListQuery, UpdateCaseInput};
use homeward_core::api::App;
use homeward_tests::*;

fn participant(latin: &str, urdu: &str, mentor: Option<&str>) -> CaseInput {
    CaseInput {
        name_latin: latin.into(),
        name_urdu: urdu.into(),
        gender: "male".into(),
        district: "Quetta".into(),
        custody_track: "community".into(),
        referral_source: "family".into(),
        referral_date: "2026-11-02".into(),
        mentor: mentor.map(str::to_owned),
        religion: "islam".into(),
        ethnicity: "CanaryEthnicity".into(),
        ..Default::default()
    }
}

fn numbers(views: &[homeward_core::api::cases::CaseView]) -> Vec<String> {
    views
        .iter()
        .map(|v| v["case_number"].as_str().unwrap().to_owned())
        .collect()
}

/// A fixture with three cases registered by the first case worker.
fn registered() -> (Fixture, Vec<String>) {
    let fx = fixture();
    let mut app = unlocked(&fx.vault(), WORKER, test_clock());
    let mut made = Vec::new();
    for (latin, urdu, mentor) in [
        ("Muḥammad Ṣāliḥ", "مُحَمَّد صالح", Some(MENTOR)),
        ("Ali Karimi", "علي كريمي", None),
        ("Fatima Noor", "فاطمة نور", None),
    ] {
        let view = app.register_case(participant(latin, urdu, mentor)).unwrap();
        made.push(view["case_number"].as_str().unwrap().to_owned());
    }
    app.lock().unwrap();
    (fx, made)
}

#[test]
fn a_registered_case_gets_a_device_case_number_and_custody_history() {
    let (fx, made) = registered();
    for number in &made {
        let parts: Vec<&str> = number.split('-').collect();
        assert_eq!(parts.len(), 4, "{number} is HW-DEVICE-YEAR-NUMBER");
        assert_eq!((parts[0], parts[2]), ("HW", "2026"));
        assert_eq!(parts[1].len(), 4, "a per-device code is inside the number");
    }
    assert_eq!(
        made[1].split('-').nth(3),
        Some("0002"),
        "the device counter counts on"
    );
    let mut app = unlocked(&fx.vault(), WORKER, test_clock());
    let found = app.search_cases(&made[0]).unwrap();
    let id = found[0]["id"].as_str().unwrap().to_owned();
    let case = app.open_case(&id).unwrap();
    assert_eq!(case["custody_history"][0]["track"], "community");
    assert_eq!(case["custody_history"][0]["since"], "2026-11-02");
}

#[test]
fn search_folds_scripts_marks_and_case() {
    let (fx, made) = registered();
    let app = unlocked(&fx.vault(), WORKER, test_clock());
    let table: &[(&str, &str, usize)] = &[
        ("Latin without diacritics", "muhammad", 0),
        ("Latin with diacritics", "Ṣāliḥ", 0),
        ("Latin part of a name", "arim", 1),
        ("Urdu without harakat", "محمد", 0),
        ("Urdu with harakat", "مُحَمَّد", 0),
        (
            "Urdu yeh and keheh against the Arabic forms stored",
            "علی کریمی",
            1,
        ),
        ("Arabic forms against the same", "كريمي", 1),
        ("heh goal against teh marbuta stored", "فاطمہ", 2),
        ("two Latin letters", "no", 2),
        ("two Urdu letters", "فا", 2),
        ("upper-case case number", &made[2], 2),
        ("lower-case case number", &made[1].to_lowercase(), 1),
    ];
    for (rule, query, index) in table {
        let found = numbers(&app.search_cases(query).unwrap());
        assert_eq!(found, vec![made[*index].clone()], "{rule}: {query}");
    }
    assert!(
        app.search_cases("zzzq").unwrap().is_empty(),
        "no match finds nothing"
    );
    assert!(
        app.search_cases("\"; DROP TABLE cases; --")
            .unwrap()
            .is_empty(),
        "SQL stays text"
    );
}

#[test]
fn who_finds_which_case() {
    let (fx, made) = registered();
    let table: &[(&str, &str, Vec<usize>)] = &[
        ("the assigned case worker", WORKER, vec![0, 1, 2]),
        ("another case worker", WORKER2, vec![]),
        ("the mentor of one case", MENTOR, vec![0]),
        ("the district's supervisor", SUPERVISOR, vec![0, 1, 2]),
        ("the administrator", ADMIN, vec![]),
    ];
    for (rule, user, expected) in table {
        let app = unlocked(&fx.vault(), user, test_clock());
        let mut found = numbers(&app.search_cases("HW-").unwrap());
        found.sort();
        let mut want: Vec<String> = expected.iter().map(|i| made[*i].clone()).collect();
        want.sort();
        assert_eq!(found, want, "{rule} searching");
        let listed = app.list_cases(&CaseListQuery::default()).unwrap();
        assert_eq!(listed.total as usize, expected.len(), "{rule} listing");
    }
}

#[test]
fn a_mentor_sees_identity_but_no_restricted_or_custody_field() {
    let (fx, made) = registered();
    let app = unlocked(&fx.vault(), MENTOR, test_clock());
    let found = app.search_cases(&made[0]).unwrap();
    let case = &found[0];
    assert_eq!(
        case["name_latin"], "Muḥammad Ṣāliḥ",
        "identity is T1: a mentor opens it"
    );
    for hidden in [
        "religion",
        "ethnicity",
        "sect",
        "custody_track",
        "referral_source",
        "custody_history",
    ] {
        assert!(
            !case.contains_key(hidden),
            "a mentor must not receive {hidden}"
        );
    }
    let bytes = serde_json::to_string(&found).unwrap();
    assert!(
        !bytes.contains("CanaryEthnicity"),
        "no T3 byte reaches a mentor"
    );
    drop(app);
    let sup = unlocked(&fx.vault(), SUPERVISOR, test_clock());
    let case = &sup.search_cases(&made[0]).unwrap()[0];
    assert_eq!(
        case["ethnicity"], "CanaryEthnicity",
        "the supervisor opens T3 for sign-off"
    );
}

#[test]
fn list_filters_and_pages() {
    let (fx, _) = registered();
    let mut app = unlocked(&fx.vault(), WORKER, test_clock());
    let mut arrested = participant("Omar Zaid", "عمر زید", None);
    arrested.custody_track = "arrested".into();
    app.register_case(arrested).unwrap();
    let q = |track: Option<&str>, page: i64, size: i64| CaseListQuery {
        custody_track: track.map(str::to_owned),
        page,
        page_size: Some(size),
        ..Default::default()
    };
    let all = app.list_cases(&q(None, 0, 50)).unwrap();
    assert_eq!(all.total, 4);
    assert_eq!(all.items[0]["name_latin"], "Omar Zaid", "newest first");
    assert_eq!(
        app.list_cases(&q(Some("arrested"), 0, 50)).unwrap().total,
        1
    );
    let page0 = app.list_cases(&q(None, 0, 3)).unwrap();
    let page1 = app.list_cases(&q(None, 1, 3)).unwrap();
    assert_eq!(
        (page0.items.len(), page1.items.len(), page1.total),
        (3, 1, 4)
    );
    let phase = CaseListQuery {
        phase: Some(1),
        ..Default::default()
    };
    assert_eq!(
        app.list_cases(&phase).unwrap().total,
        0,
        "every new case is at intake"
    );
    let district = CaseListQuery {
        district: Some("Peshawar".into()),
        ..Default::default()
    };
    assert_eq!(app.list_cases(&district).unwrap().total, 0);
    let mine = CaseListQuery {
        assigned_to_me: true,
        ..Default::default()
    };
    assert_eq!(app.list_cases(&mine).unwrap().total, 4);
    let bad = CaseListQuery {
        page_size: Some(0),
        ..Default::default()
    };
    assert_eq!(app.list_cases(&bad).unwrap_err().field(), Some("page_size"));
}

#[test]
fn edits_bump_the_version_record_custody_changes_and_refuse_stale_writes() {
    let (fx, made) = registered();
    let mut app = unlocked(&fx.vault(), WORKER, test_clock());
    let id = app.search_cases(&made[1]).unwrap()[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let mut edited = participant("Ali Karimi", "علی کریمی", None);
    edited.custody_track = "in_custody".into();
    edited.custody_since = Some("2026-11-10".into());
    let view = app
        .update_case(UpdateCaseInput {
            id: id.clone(),
            version: 1,
            case: edited.clone(),
        })
        .unwrap();
    assert_eq!(view["version"], 2);
    assert_eq!(
        view["custody_history"].as_array().unwrap().len(),
        2,
        "a new track is dated history"
    );
    let stale = app
        .update_case(UpdateCaseInput {
            id: id.clone(),
            version: 1,
            case: edited,
        })
        .unwrap_err();
    assert_eq!(
        stale.kind(),
        "conflict",
        "an edit of an old version is refused, not merged"
    );
    let mut worse = participant("", "", None);
    worse.referral_date = "2026-11-02".into();
    let err = app
        .update_case(UpdateCaseInput {
            id,
            version: 2,
            case: worse,
        })
        .unwrap_err();
    assert_eq!(err.field(), Some("name_latin"));
}

#[test]
fn registration_refusals_name_their_field() {
    let fx = fixture();
    let mut app = unlocked(&fx.vault(), WORKER, test_clock());
    type Change = Box<dyn Fn(&mut CaseInput)>;
    let table: Vec<(&str, Change, &str)> = vec![
        (
            "unknown district",
            Box::new(|c| c.district = "Atlantis".into()),
            "district",
        ),
        (
            "unknown track",
            Box::new(|c| c.custody_track = "prison".into()),
            "custody_track",
        ),
        (
            "unknown source",
            Box::new(|c| c.referral_source = "rumour".into()),
            "referral_source",
        ),
        (
            "bad date",
            Box::new(|c| c.referral_date = "02/11/2026".into()),
            "referral_date",
        ),
        (
            "future birth",
            Box::new(|c| c.date_of_birth = Some("2027-01-01".into())),
            "date_of_birth",
        ),
        (
            "unknown mentor",
            Box::new(|c| c.mentor = Some(WORKER2.into())),
            "mentor",
        ),
        (
            "religion outside the list",
            Box::new(|c| c.religion = "non-muslim".into()),
            "religion",
        ),
    ];
    for (rule, change, field) in table {
        let mut input = participant("Test Person", "", None);
        change(&mut input);
        let err = app.register_case(input).unwrap_err();
        assert_eq!(err.field(), Some(field), "{rule}");
    }
    let mut other = participant("Test Person", "", None);
    other.assigned_worker = Some(WORKER2.into());
    assert_eq!(
        app.register_case(other).unwrap_err().kind(),
        "forbidden",
        "a case worker registers for themselves"
    );
    drop(app);
    let mut admin = App::open(&fx.vault(), std::sync::Arc::new(test_clock())).unwrap();
    admin
        .unlock(homeward_core::api::dto::UnlockInput {
            username: ADMIN.into(),
            passphrase: PASSPHRASE.into(),
        })
        .unwrap();
    assert_eq!(
        admin
            .register_case(participant("X Y", "", None))
            .unwrap_err()
            .kind(),
        "forbidden"
    );
}

#[test]
fn a_mentor_cannot_filter_on_what_they_cannot_read() {
    let (fx, _) = registered();
    let app = unlocked(&fx.vault(), MENTOR, test_clock());
    let by_track = CaseListQuery {
        custody_track: Some("community".into()),
        ..Default::default()
    };
    assert_eq!(
        app.list_cases(&by_track).unwrap_err().kind(),
        "forbidden",
        "a filter on custody would reveal a mentee's custody track"
    );
    assert_eq!(app.list_cases(&CaseListQuery::default()).unwrap().total, 1);
}

#[test]
fn district_import_is_one_transaction_and_names_the_bad_line() {
    let fx = fixture();
    let mut app = unlocked(&fx.vault(), ADMIN, test_clock());
    let before = app.list_districts().unwrap().len();
    let err = app
        .import_districts("province,district\nPB,Lahore\nXX,Nowhere\n")
        .unwrap_err();
    let json = serde_json::to_value(&err).unwrap();
    assert_eq!(
        (json["kind"].as_str(), json["row"].as_u64()),
        (Some("invalid_input"), Some(3))
    );
    assert_eq!(
        app.list_districts().unwrap().len(),
        before,
        "a bad line adds nothing"
    );
    let err = app
        .import_districts("PB,Lahore\nno comma here\n")
        .unwrap_err();
    assert_eq!(serde_json::to_value(&err).unwrap()["row"], 2);
    assert_eq!(
        app.import_districts("PB,Lahore\nPB,Multan\nBA,Quetta\n")
            .unwrap(),
        2,
        "known ones are skipped"
    );
    assert_eq!(
        app.add_district("ZZ", "Mars").unwrap_err().field(),
        Some("province")
    );
    assert_eq!(
        app.add_district("PB", "Lahore").unwrap_err().kind(),
        "duplicate"
    );
}

#[test]
fn case_workers_choose_colleagues_of_their_districts() {
    let fx = fixture();
    let app = unlocked(&fx.vault(), WORKER, test_clock());
    let mut names: Vec<String> = app
        .list_colleagues()
        .unwrap()
        .into_iter()
        .map(|u| u.username)
        .collect();
    names.sort();
    assert_eq!(
        names,
        vec![MENTOR.to_owned(), WORKER.to_owned(), WORKER2.to_owned()]
    );
    drop(app);
    let mentor = unlocked(&fx.vault(), MENTOR, test_clock());
    assert_eq!(mentor.list_colleagues().unwrap_err().kind(), "forbidden");
}
