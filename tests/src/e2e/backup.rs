//! Backups, restores and the fault drills of issue 10: a restored backup
//! equals the vault row by row; a backup changed at any sampled byte or
//! cut short is refused; one changed byte anywhere in the vault file is
//! detected, never read as valid; a writer killed at random moments loses
//! no acknowledged save; a restore killed at random moments leaves the
//! old vault or the restored one, whole; a disk that fills during saves
//! says so and harms nothing saved; lock folds the WAL into the file.
//!
//! The kill drills run `HOMEWARD_DRILL_TRIALS` trials (100 by default;
//! `scripts/drill.sh` runs 1,000).

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::{Duration, Instant};

use homeward_core::api::backups::{BackupCreateInput, BackupKeyInput, RestoreInput};
use homeward_core::api::progress::Progress;
use homeward_core::api::{ApiError, App};
use homeward_core::clock::ManualClock;
use homeward_core::crypto::{slot, DbKey};
use homeward_core::domain::backup::BackupReason;
use homeward_core::store::backup as files;
use homeward_core::store::open::{open_connection, OpenMode};
use homeward_core::store::sidecar::Sidecar;
use homeward_core::store::VaultPaths;
use homeward_tests::*;

/// Every id is a case in the vault, and both integrity checks pass.
fn assert_all_saved_and_intact(conn: &rusqlite::Connection, ids: &[&str], what: &str) {
    for id in ids {
        let found: i64 = conn
            .query_row("SELECT count(*) FROM cases WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(found, 1, "{what}: the saved case {id} is lost");
    }
    let integrity: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(integrity, "ok", "{what}");
    let pages: Option<String> = conn
        .query_row("PRAGMA cipher_integrity_check", [], |r| r.get(0))
        .ok();
    assert_eq!(pages, None, "{what}: a page fails its HMAC");
}

fn trials(default: u64) -> u64 {
    std::env::var("HOMEWARD_DRILL_TRIALS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// A small deterministic generator, so a failing trial can be replayed.
struct Dice(u64);

impl Dice {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

fn quiet<T>(work: impl FnOnce(&mut Progress<'_>) -> T) -> T {
    let never = AtomicBool::new(false);
    let mut ignore = |_| {};
    work(&mut Progress::new(&mut ignore, &never))
}

fn register(app: &mut App, label: &str) -> String {
    let view = app.register_case(probe_case(label)).expect("register");
    view["id"].as_str().expect("id").to_owned()
}

/// The database key of a locked vault, from its case worker's slot.
fn key_of(vault: &Path) -> DbKey {
    let car = Sidecar::read(&VaultPaths::new(vault).sidecar).expect("sidecar");
    let salt = data_encoding::BASE64
        .decode(car.lookup_salt.as_bytes())
        .expect("salt");
    let lookup = homeward_core::crypto::slot_lookup(&salt, WORKER);
    slot::open(
        car.slot(&lookup).expect("slot"),
        PASSPHRASE.as_bytes(),
        &car.vault_id,
    )
    .expect("key")
}

type Dump = BTreeMap<String, Vec<String>>;

/// Every row of every ordinary table, in rowid order, as text.
fn dump(conn: &rusqlite::Connection) -> rusqlite::Result<Dump> {
    let names: Vec<String> = conn
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
               AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let mut out = Dump::new();
    for name in names {
        let quoted = name.replace('"', "\"\"");
        let sql = format!("SELECT * FROM \"{quoted}\"");
        let mut stmt = conn.prepare(&sql)?;
        let columns = stmt.column_count();
        let mut rows = stmt.query([])?;
        let mut lines = Vec::new();
        while let Some(row) = rows.next()? {
            let mut line = String::new();
            for index in 0..columns {
                line.push_str(&format!("{:?}|", row.get_ref(index)?));
            }
            lines.push(line);
        }
        lines.sort();
        out.insert(name, lines);
    }
    Ok(out)
}

fn dump_vault(vault: &Path) -> Dump {
    drop(App::open(vault, Arc::new(test_clock())).expect("open settles the folder"));
    let key = key_of(vault);
    let conn = open_connection(&VaultPaths::new(vault).database, &key, OpenMode::Existing)
        .expect("raw open");
    dump(&conn).expect("dump")
}

/// A vault with a few cases, locked, and a backup of it taken by the
/// administrator into `folder`.
fn vault_with_backup(folder: &Path, cases: usize) -> (Fixture, PathBuf) {
    let fx = fixture();
    let mut app = unlocked(&fx.vault(), WORKER, test_clock());
    for index in 0..cases {
        register(&mut app, &index.to_string());
    }
    app.lock().unwrap();
    drop(app);
    let mut app = App::open(&fx.vault(), Arc::new(test_clock())).unwrap();
    app.unlock(homeward_core::api::dto::UnlockInput {
        username: ADMIN.into(),
        passphrase: PASSPHRASE.into(),
    })
    .unwrap();
    let view = quiet(|p| {
        app.backup_create(
            BackupCreateInput {
                folder: folder.to_string_lossy().into_owned(),
                name: None,
            },
            p,
        )
    })
    .expect("backup");
    app.lock().unwrap();
    (fx, PathBuf::from(view.path))
}

fn restore(vault: &Path, file: &Path, confirm: bool) -> Result<(), ApiError> {
    let mut app = App::open(vault, Arc::new(test_clock())).unwrap();
    quiet(|p| {
        app.backup_restore(
            RestoreInput {
                path: file.to_string_lossy().into_owned(),
                username: Some(WORKER.into()),
                passphrase: Some(PASSPHRASE.into()),
                recovery_key: None,
                confirm,
            },
            p,
        )
    })
    .map(|_| ())
}

fn verify(vault: &Path, file: &Path) -> Result<(), ApiError> {
    let mut app = App::open(vault, Arc::new(test_clock())).unwrap();
    app.backup_verify(BackupKeyInput {
        path: file.to_string_lossy().into_owned(),
        username: Some(WORKER.into()),
        passphrase: Some(PASSPHRASE.into()),
        recovery_key: None,
    })
    .map(|_| ())
}

/// Audit events hold the session events of each check; compared apart.
fn without_audit(mut dump: Dump) -> (Dump, Vec<String>) {
    let audit = dump.remove("audit_events").unwrap_or_default();
    (dump, audit)
}

#[test]
fn a_restored_backup_equals_the_vault_row_by_row_on_a_new_laptop() {
    let out = tempfile::tempdir().unwrap();
    let (fx, file) = vault_with_backup(out.path(), 6);
    let (live, live_audit) = without_audit(dump_vault(&fx.vault()));
    let laptop = tempfile::tempdir().unwrap();
    let new_vault = laptop.path().join("vault");
    restore(&new_vault, &file, false).expect("a new laptop needs no confirmation");
    let (restored, restored_audit) = without_audit(dump_vault(&new_vault));
    assert_eq!(live.len(), restored.len(), "the same tables");
    for (table, rows) in &live {
        assert_eq!(
            Some(rows),
            restored.get(table),
            "table {table} differs after the round trip"
        );
    }
    // The live vault went on to record the backup and the lock; the
    // restored one records its restore. Everything before is the same.
    let shared = restored_audit.len() - 1;
    assert!(shared > 0 && live_audit.len() > shared);
    let mut live_sorted = live_audit.clone();
    live_sorted.sort();
    let mut kept = restored_audit.clone();
    kept.sort();
    let common = kept.iter().filter(|row| live_sorted.contains(row)).count();
    assert_eq!(common, shared, "every audit event of the backup is kept");
    let app = unlocked(&new_vault, WORKER, test_clock());
    assert!(
        app.is_unlocked(),
        "the backup's passphrase opens the restore"
    );
}

#[test]
fn a_restore_asks_first_when_the_backup_is_older_or_of_another_vault() {
    let out = tempfile::tempdir().unwrap();
    let (fx, file) = vault_with_backup(out.path(), 2);
    let mut app = unlocked(&fx.vault(), WORKER, test_clock());
    let later = register(&mut app, "after the backup");
    assert_eq!(
        quiet(|p| app.backup_restore(
            RestoreInput {
                path: file.to_string_lossy().into_owned(),
                ..Default::default()
            },
            p
        ))
        .unwrap_err(),
        ApiError::AlreadyUnlocked,
        "never over an open vault"
    );
    app.lock().unwrap();
    drop(app);
    let before = dump_vault(&fx.vault());
    assert_eq!(
        restore(&fx.vault(), &file, false).unwrap_err(),
        ApiError::ConfirmRequired { reason: "older" }
    );
    // Another vault (fixture copies share one id): made afresh, with a
    // user of the same name and passphrase.
    let elsewhere = tempfile::tempdir().unwrap();
    let mut other = App::open(&elsewhere.path().join("vault"), Arc::new(test_clock())).unwrap();
    other
        .create_vault(homeward_core::api::dto::CreateVaultInput {
            username: WORKER.into(),
            passphrase: PASSPHRASE.into(),
        })
        .unwrap();
    let other_folder = tempfile::tempdir().unwrap();
    let other_file = quiet(|p| {
        other.backup_create(
            BackupCreateInput {
                folder: other_folder.path().to_string_lossy().into_owned(),
                name: Some("other.hwb".into()),
            },
            p,
        )
    })
    .map(|v| PathBuf::from(v.path))
    .unwrap();
    other.lock().unwrap();
    drop(other);
    assert_eq!(
        restore(&fx.vault(), &other_file, false).unwrap_err(),
        ApiError::ConfirmRequired {
            reason: "other_vault"
        }
    );
    assert_eq!(
        dump_vault(&fx.vault()),
        before,
        "a refused restore leaves the vault as it was"
    );
    restore(&fx.vault(), &file, true).expect("confirmed");
    let conn = raw_connection(&fx.vault(), WORKER);
    let found: i64 = conn
        .query_row("SELECT count(*) FROM cases WHERE id = ?1", [&later], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(
        found, 0,
        "the case saved after the backup is gone, as warned"
    );
}

#[test]
fn a_backup_changed_at_any_sampled_byte_or_cut_short_is_refused() {
    let out = tempfile::tempdir().unwrap();
    let (fx, file) = vault_with_backup(out.path(), 3);
    let good = std::fs::read(&file).unwrap();
    let key = key_of(&fx.vault());
    let scratch = tempfile::tempdir().unwrap();
    let unpacks = |bytes: &[u8], name: &str| -> bool {
        let path = scratch.path().join(format!("{name}.hwb"));
        std::fs::write(&path, bytes).unwrap();
        let db = scratch.path().join(format!("{name}.db"));
        let result = files::unpack(&path, &key, &db, &mut |_| true)
            .and_then(|(_, manifest)| files::check_unpacked(&db, &key, &manifest))
            .map(|checks| checks.iter().all(|c| c.ok));
        let _ = std::fs::remove_file(&db);
        let _ = std::fs::remove_file(&path);
        matches!(result, Ok(true))
    };
    assert!(unpacks(&good, "good"), "the untouched backup opens");
    // Every byte of the first kilobyte (magic, length, header), then one
    // byte in every 257 across the file, and the last byte.
    let mut offsets: Vec<usize> = (0..1024.min(good.len())).collect();
    offsets.extend((1024..good.len()).step_by(257));
    offsets.push(good.len() - 1);
    for offset in &offsets {
        let mut bad = good.clone();
        bad[*offset] ^= 0x01;
        assert!(
            !unpacks(&bad, "bad"),
            "a backup changed at byte {offset} of {} was accepted",
            good.len()
        );
    }
    let mut cuts: Vec<usize> = (0..good.len()).step_by(good.len() / 40).collect();
    cuts.push(good.len() - 1);
    for cut in &cuts {
        assert!(!unpacks(&good[..*cut], "cut"), "cut to {cut} bytes");
    }
    // Through the api, with a passphrase, as a person would: verify and
    // restore both refuse, and the live vault stays as it was.
    let before = dump_vault(&fx.vault());
    let mut dice = Dice(0x5eed_0010);
    for round in 0..6 {
        let offset = (dice.next() as usize) % good.len();
        let mut bad = good.clone();
        bad[offset] ^= 0x80;
        let path = scratch.path().join(format!("api-{round}.hwb"));
        std::fs::write(&path, &bad).unwrap();
        assert!(verify(&fx.vault(), &path).is_err(), "verify, byte {offset}");
        assert!(
            restore(&fx.vault(), &path, true).is_err(),
            "restore, byte {offset}"
        );
        let short = scratch.path().join(format!("short-{round}.hwb"));
        std::fs::write(&short, &good[..offset]).unwrap();
        assert!(verify(&fx.vault(), &short).is_err(), "verify, cut {offset}");
        assert!(
            restore(&fx.vault(), &short, true).is_err(),
            "restore, cut {offset}"
        );
    }
    assert_eq!(
        dump_vault(&fx.vault()),
        before,
        "the live vault is untouched"
    );
    verify(&fx.vault(), &file).expect("the good backup still verifies");
    println!(
        "backup of {} bytes: {} changed bytes and {} cuts refused",
        good.len(),
        offsets.len() + 6,
        cuts.len() + 6
    );
}

#[test]
fn one_changed_byte_anywhere_in_the_vault_file_is_detected_never_read_as_valid() {
    let fx = fixture();
    let mut app = unlocked(&fx.vault(), WORKER, test_clock());
    for index in 0..8 {
        register(&mut app, &format!("page {index}"));
    }
    app.lock().unwrap();
    drop(app);
    let database = VaultPaths::new(&fx.vault()).database;
    let key = key_of(&fx.vault());
    let good = std::fs::read(&database).unwrap();
    let original = dump(&files::open_read_only(&database, &key).unwrap()).unwrap();
    let scratch = tempfile::tempdir().unwrap();
    let copy = scratch.path().join("copy.db");
    let page = 4096;
    // Every byte of the first page's header and reserve, the start, middle
    // and reserve of every page, and one byte in 97 across the file.
    let mut offsets: Vec<usize> = (0..100).chain(page - 80..page).collect();
    for start in (0..good.len()).step_by(page) {
        offsets.extend([start + 1, start + page / 2, start + page - 1]);
    }
    offsets.extend((0..good.len()).step_by(1009));
    offsets.sort_unstable();
    offsets.dedup();
    offsets.retain(|o| *o < good.len());
    let mut read_back_unchanged = 0;
    for offset in &offsets {
        let mut bad = good.clone();
        bad[*offset] ^= 0x04;
        std::fs::write(&copy, &bad).unwrap();
        let Ok(conn) = files::open_read_only(&copy, &key) else {
            continue; // refused at the first read: detected
        };
        let integrity: Vec<String> = conn
            .prepare("PRAGMA integrity_check")
            .and_then(|mut s| {
                s.query_map([], |r| r.get::<_, String>(0))
                    .and_then(|rows| rows.collect())
            })
            .unwrap_or_else(|_| vec!["error".into()]);
        let pages: Vec<String> = conn
            .prepare("PRAGMA cipher_integrity_check")
            .and_then(|mut s| {
                s.query_map([], |r| r.get::<_, String>(0))
                    .and_then(|rows| rows.collect())
            })
            .unwrap_or_else(|_| vec!["error".into()]);
        assert!(
            integrity != ["ok"] || !pages.is_empty(),
            "a change at byte {offset} went unnoticed by both checks"
        );
        if let Ok(read) = dump(&conn) {
            assert_eq!(
                read, original,
                "a change at byte {offset} was read back as different data"
            );
            read_back_unchanged += 1;
        }
    }
    println!(
        "{} offsets in a file of {} bytes: all detected; {} of them lie in pages no table reads",
        offsets.len(),
        good.len(),
        read_back_unchanged
    );
}

/// Reads the worker's acknowledgements until it is killed.
fn run_and_kill(mut child: std::process::Child, after: Duration) -> Vec<String> {
    let stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
            .collect::<Vec<String>>()
    });
    std::thread::sleep(after);
    child.kill().expect("SIGKILL");
    child.wait().unwrap();
    reader.join().unwrap()
}

#[test]
fn killing_a_writer_at_random_moments_loses_no_acknowledged_save() {
    let fx = fixture();
    let mut dice = Dice(0x00c0_ffee);
    let runs = trials(100);
    let mut acknowledged = 0usize;
    for trial in 0..runs {
        let child = Command::new(env!("CARGO_BIN_EXE_write-worker"))
            .arg(fx.vault())
            .stdout(Stdio::piped())
            .spawn()
            .expect("spawn the writer");
        // The unlock takes about 0.15 s; the kill lands before, during or
        // well into the writes.
        let after = Duration::from_millis(100 + dice.next() % 400);
        let lines = run_and_kill(child, after);
        let acked: Vec<&str> = lines
            .iter()
            .filter_map(|l| l.strip_prefix("ack "))
            .collect();
        acknowledged += acked.len();
        drop(App::open(&fx.vault(), Arc::new(test_clock())).expect("reopen"));
        let conn = raw_connection(&fx.vault(), WORKER);
        assert_all_saved_and_intact(&conn, &acked, &format!("trial {trial}"));
        drop(conn);
        // The next trial's worker must still be able to unlock: the quick
        // check at unlock accepts a vault cut off mid-session.
    }
    let app = unlocked(&fx.vault(), WORKER, test_clock());
    drop(app);
    println!("{runs} kills, {acknowledged} acknowledged saves, none lost");
    assert!(
        acknowledged > runs as usize,
        "the drill must kill during writes, not only before them"
    );
}

#[test]
fn killing_a_restore_leaves_the_old_vault_or_the_restored_one_whole() {
    let out = tempfile::tempdir().unwrap();
    let (fx, file) = vault_with_backup(out.path(), 40);
    let mut app = unlocked(&fx.vault(), WORKER, test_clock());
    for index in 0..5 {
        register(&mut app, &format!("after {index}"));
    }
    app.lock().unwrap();
    drop(app);
    // The two states a kill may leave: the vault as it was, or restored.
    let template = tempfile::tempdir().unwrap();
    let copy_vault = |to: &Path| {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(fx.vault()).unwrap().flatten() {
            if entry.file_type().unwrap().is_file() && entry.file_name() != "vault.lock" {
                std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
            }
        }
    };
    let old_dir = template.path().join("old");
    copy_vault(&old_dir);
    let old = dump_vault(&old_dir);
    let new_dir = template.path().join("new");
    copy_vault(&new_dir);
    let started = Instant::now();
    restore(&new_dir, &file, true).unwrap();
    let takes = started.elapsed();
    let (restored, _) = without_audit(dump_vault(&new_dir));
    let mut dice = Dice(0x0bad_cafe);
    let runs = trials(100) * 3 / 5;
    let mut saw = [0u32; 2];
    for trial in 0..runs {
        let vault = template.path().join(format!("trial-{trial}"));
        copy_vault(&vault);
        let child = Command::new(env!("CARGO_BIN_EXE_restore-worker"))
            .arg(&vault)
            .arg(&file)
            .stdout(Stdio::piped())
            .spawn()
            .expect("spawn the restore");
        let window = 2 * takes.as_micros() as u64 + 60_000;
        let lines = run_and_kill(child, Duration::from_micros(dice.next() % window));
        let finished = lines.iter().any(|l| l == "done");
        let left = dump_vault(&vault);
        if left == old {
            assert!(
                !finished,
                "trial {trial}: a finished restore left the old vault"
            );
            saw[0] += 1;
        } else {
            let (left, _) = without_audit(left);
            assert_eq!(
                left, restored,
                "trial {trial}: the vault is neither the old one nor the restored one"
            );
            saw[1] += 1;
        }
        let mut app = App::open(&vault, Arc::new(test_clock())).unwrap();
        app.unlock(homeward_core::api::dto::UnlockInput {
            username: WORKER.into(),
            passphrase: PASSPHRASE.into(),
        })
        .unwrap_or_else(|e| panic!("trial {trial}: the vault does not unlock: {e}"));
        drop(app);
        std::fs::remove_dir_all(&vault).unwrap();
    }
    println!(
        "{runs} kills over a restore of {:?}: {} left the old vault, {} the restored one",
        takes, saw[0], saw[1]
    );
    assert!(saw[0] > 0, "some kills must land before the commit point");
}

#[test]
fn lock_folds_the_wal_into_the_main_file() {
    let fx = fixture();
    let mut app = unlocked(&fx.vault(), WORKER, test_clock());
    let id = register(&mut app, "in the main file");
    app.lock().unwrap();
    drop(app);
    let paths = VaultPaths::new(&fx.vault());
    let wal = fx.vault().join("vault.db-wal");
    assert!(
        std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0) == 0,
        "the WAL is empty after a lock"
    );
    let alone = tempfile::tempdir().unwrap();
    let copy = alone.path().join("vault.db");
    std::fs::copy(&paths.database, &copy).unwrap();
    let conn = files::open_read_only(&copy, &key_of(&fx.vault())).unwrap();
    let found: i64 = conn
        .query_row("SELECT count(*) FROM cases WHERE id = ?1", [&id], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(found, 1, "the main file alone holds the saved case");
}

#[test]
fn a_damaged_vault_answers_damaged_at_unlock_or_when_read_never_with_data() {
    let fx = fixture();
    let paths = VaultPaths::new(&fx.vault());
    let mut app = unlocked(&fx.vault(), WORKER, test_clock());
    register(&mut app, "before the damage");
    app.lock().unwrap();
    drop(app);
    let newer = fx.dir.path().join("newer.db");
    std::fs::copy(&paths.database, &newer).unwrap();
    // The users table's first page changed: the unlock's quick check
    // reads it whole and answers `damaged`.
    let users_page: i64 = raw_connection(&fx.vault(), WORKER)
        .query_row(
            "SELECT rootpage FROM sqlite_master WHERE name = 'users'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let mut bad = std::fs::read(&newer).unwrap();
    bad[(users_page as usize - 1) * 4096 + 300] ^= 0x10;
    std::fs::write(&paths.database, &bad).unwrap();
    let mut app = App::open(&fx.vault(), Arc::new(test_clock())).unwrap();
    let err = app
        .unlock(homeward_core::api::dto::UnlockInput {
            username: WORKER.into(),
            passphrase: PASSPHRASE.into(),
        })
        .unwrap_err();
    assert_eq!(err.kind(), "damaged", "a damaged users page: {err}");
    assert!(!app.is_unlocked());
    drop(app);
    // A page in the second half changed: the unlock may pass (it reads
    // only what it checks), but reading the cases or checking the vault
    // answers `damaged` or "not intact", never rows shown as valid.
    std::fs::copy(&newer, &paths.database).unwrap();
    let bytes = std::fs::read(&paths.database).unwrap();
    let pages = bytes.len() / 4096;
    let mut answered_damaged = 0;
    for page in (pages / 2)..pages {
        let mut bad = bytes.clone();
        bad[page * 4096 + 200] ^= 0x10;
        std::fs::write(&paths.database, &bad).unwrap();
        let mut app = App::open(&fx.vault(), Arc::new(test_clock())).unwrap();
        let outcome = app
            .unlock(homeward_core::api::dto::UnlockInput {
                username: SUPERVISOR.into(),
                passphrase: PASSPHRASE.into(),
            })
            .and_then(|_| app.list_cases(&Default::default()).map(|_| ()))
            .and_then(|_| quiet(|p| app.check_vault(p)));
        match outcome {
            Ok(view) => assert!(!view.intact, "page {page}: the check found nothing"),
            Err(err) => {
                assert_eq!(err.kind(), "damaged", "page {page}: {err}");
                answered_damaged += 1;
            }
        }
    }
    assert!(answered_damaged > 0, "a damaged page answers `damaged`");
}

/// A small filesystem for the vault: a tmpfs mounted for this test.
struct SmallDisk {
    dir: tempfile::TempDir,
}

impl SmallDisk {
    fn mount(bytes: u64) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let size = format!("size={bytes},mode=0700");
        let direct = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &size, "tmpfs"])
            .arg(dir.path())
            .status();
        let mounted = matches!(direct, Ok(s) if s.success())
            || matches!(
                Command::new("sudo")
                    .args(["-n", "mount", "-t", "tmpfs", "-o", &size, "tmpfs"])
                    .arg(dir.path())
                    .status(),
                Ok(s) if s.success()
            );
        assert!(
            mounted,
            "cannot mount a small tmpfs (run as root or with password-less sudo); this test never skips"
        );
        Self { dir }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let ok = Command::new("umount")
            .arg(self.dir.path())
            .status()
            .is_ok_and(|s| s.success());
        if !ok {
            let _ = Command::new("sudo")
                .args(["-n", "umount", "-l"])
                .arg(self.dir.path())
                .status();
        }
    }
}

#[test]
fn a_disk_that_fills_during_saves_says_so_and_harms_nothing_saved() {
    let fx = fixture();
    let disk = SmallDisk::mount(6 << 20);
    let vault = disk.path().join("vault");
    std::fs::create_dir(&vault).unwrap();
    for entry in std::fs::read_dir(fx.vault()).unwrap().flatten() {
        if entry.file_name() != "vault.lock" {
            std::fs::copy(entry.path(), vault.join(entry.file_name())).unwrap();
        }
    }
    let mut app = unlocked(&vault, WORKER, test_clock());
    // Fill the disk but for a little room.
    let filler = disk.path().join("filler");
    {
        use std::io::Write;
        let mut file = std::fs::File::create(&filler).unwrap();
        let block = vec![0x5au8; 64 << 10];
        while file.write_all(&block).is_ok() {}
        drop(file);
        let len = std::fs::metadata(&filler).unwrap().len();
        std::fs::OpenOptions::new()
            .write(true)
            .open(&filler)
            .unwrap()
            .set_len(len.saturating_sub(256 << 10))
            .unwrap();
    }
    let mut saved = Vec::new();
    let mut refusal = None;
    for index in 0..2000 {
        match app.register_case(probe_case(&format!("full disk {index}"))) {
            Ok(view) => saved.push(view["id"].as_str().unwrap().to_owned()),
            Err(err) => {
                refusal = Some(err);
                break;
            }
        }
    }
    let refusal = refusal.expect("the disk must fill within 2,000 saves");
    assert_eq!(
        refusal,
        ApiError::DiskFull,
        "the save says the disk is full"
    );
    assert!(!saved.is_empty(), "some saves fit before the disk filled");
    std::fs::remove_file(&filler).unwrap();
    let after = register(&mut app, "after space was freed");
    app.lock().unwrap();
    drop(app);
    let app = unlocked(&vault, WORKER, test_clock());
    drop(app);
    let conn = raw_connection(&vault, WORKER);
    let ids: Vec<&str> = saved.iter().chain([&after]).map(String::as_str).collect();
    assert_all_saved_and_intact(&conn, &ids, "after the disk filled");
    println!(
        "{} saves before the disk filled; the next said disk_full",
        saved.len()
    );
}

#[test]
fn automatic_backups_are_daily_at_most_and_keep_the_newest_ten() {
    let fx = fixture();
    let clock = Arc::new(ManualClock::new(
        chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, 11, 21, 9, 0, 0).unwrap(),
    ));
    let mut app = App::open(&fx.vault(), clock.clone()).unwrap();
    app.unlock(homeward_core::api::dto::UnlockInput {
        username: MENTOR.into(),
        passphrase: PASSPHRASE.into(),
    })
    .unwrap();
    let mut taken = 0;
    for _ in 0..(24 * 13) {
        if let Some(job) = app.backup_job(BackupReason::Daily).unwrap() {
            quiet(|p| job.run(p)).unwrap();
            taken += 1;
        }
        clock.advance(chrono::Duration::hours(1));
    }
    assert_eq!(taken, 13, "one a day over 13 days");
    let quit = app
        .backup_job(BackupReason::Quit)
        .unwrap()
        .expect("quit always");
    quiet(|p| quit.run(p)).unwrap();
    let list = app.backup_list().unwrap();
    assert_eq!(list.files.len(), 10, "the newest ten are kept");
    assert_eq!(list.files[0].reason, "quit", "newest first");
    assert!(list.files.iter().all(|f| f.this_vault));
    assert_eq!(
        quiet(|p| app.backup_create(
            BackupCreateInput {
                folder: fx.dir.path().to_string_lossy().into_owned(),
                name: None,
            },
            p
        ))
        .unwrap_err(),
        ApiError::Forbidden,
        "back up to a drive is for administrators"
    );
    let cancel = AtomicBool::new(true);
    let mut ignore = |_| {};
    let job = app.backup_job(BackupReason::Quit).unwrap().unwrap();
    assert_eq!(
        job.run(&mut Progress::new(&mut ignore, &cancel))
            .unwrap_err(),
        ApiError::Cancelled,
        "a raised flag stops a backup"
    );
    assert_eq!(app.backup_list().unwrap().files.len(), 10);
    let leftovers: Vec<_> = std::fs::read_dir(fx.vault())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with('.'))
        .collect();
    assert!(
        leftovers.is_empty(),
        "a stopped backup leaves nothing behind"
    );
}
