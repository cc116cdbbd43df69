//! Hostile input: the bodies of the fuzz targets (`fuzz/fuzz_targets/`)
//! and of the corpus replay (`e2e/fuzz_replay.rs`), kept in one place so
//! the fuzzer and CI run the same code. Each body takes any bytes and must
//! return without panicking or hanging; a reader answering ok or refusing
//! is fine, a panic or a broken promise checked here is a finding.
//!
//! Targets: `backup` (the backup file's header, the sealed stream opened
//! with a fixed known key, the manifest and the checks of what it
//! unpacks), `sidecar` (the key-slot file), `service_csv` (the service-map
//! and district CSV imports), `audit` (the audit chain's verifier) and
//! `ipc` (the decoding of every api method's input). What a target keeps
//! for the whole process (a key, a vault) is built once, by [`prepare`].

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};

use homeward_core::api::{rpc, App};
use homeward_core::crypto::audit_hash::{event_hash, head_mac, ChainedFields, GENESIS};
use homeward_core::crypto::slot::{self, SealedSlot};
use homeward_core::crypto::stream::{self, StreamKey};
use homeward_core::crypto::DbKey;
use homeward_core::store::audit::{self, AuditEvent, ChainHead};
use homeward_core::store::backup::{self, Header, Manifest};
use homeward_core::store::sidecar::{self, AuditHead, Sidecar};

use homeward_core::clock::Clock;

use crate::test_clock;

/// A target's body: any bytes in, a panic out on a finding.
pub type Body = fn(&[u8]);

/// Every target by name, in the order the drill runs them.
pub const TARGETS: &[(&str, Body)] = &[
    ("backup", backup),
    ("sidecar", sidecar),
    ("service_csv", service_csv),
    ("audit", audit),
    ("ipc", ipc),
];

/// Builds what `target` keeps for the whole process, so that the first
/// input (and the first timed one in the replay) does not pay for it.
pub fn prepare(target: &str) {
    match target {
        "backup" => {
            backup_state();
        }
        "service_csv" => drop(import_app()),
        "audit" => {
            audit_schema();
        }
        "ipc" => drop(ipc_app()),
        _ => {}
    }
}

/// A scratch folder, in `TMPDIR` (the drill points it at its own folder).
fn scratch() -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix("homeward-hostile-")
        .tempdir()
        .expect("a scratch folder")
}

/// Locks `mutex` even after a panic in an earlier input poisoned it.
fn locked<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

// ---------------------------------------------------------------- the key

/// The vault id the fixed key's slot and the fixed backups carry.
pub const FIXED_VAULT_ID: &str = "0193a0c4-7f00-7000-8000-f0220000c0de";
/// The passphrase of [`FIXED_SLOT`]: a key for fuzzing and nothing else.
const FIXED_PASSPHRASE: &[u8] = b"known to every fuzzer, guards nothing";
/// A database key sealed once and committed, so every process (and every
/// corpus file sealed under it) shares one key without a way to build a
/// `DbKey` from bytes outside the core.
const FIXED_SLOT: &str = r#"{"lookup":"recovery","iterations":600000,"salt":"3jQ/dcUqNewt4Y960dUcZg==","nonce":"AdGYR3HFN6pVf3T8","sealed":"cvMe5sCVjtIGlh7J1lI4hXbCbqk1hoen2Ut+XBslodPA8JxYaLvBef5En/cTrQEA"}"#;

fn fixed_slot() -> SealedSlot {
    serde_json::from_str(FIXED_SLOT).expect("the fixed slot parses")
}

/// The fixed known key: opened from [`FIXED_SLOT`] once per process.
pub fn fixed_key() -> &'static DbKey {
    static KEY: OnceLock<DbKey> = OnceLock::new();
    KEY.get_or_init(|| {
        slot::open(&fixed_slot(), FIXED_PASSPHRASE, FIXED_VAULT_ID).expect("the fixed slot opens")
    })
}

// ------------------------------------------------------------- the backup

/// The first byte of a `backup` input chooses how the rest is read.
pub mod backup_mode {
    /// The rest is a whole backup file.
    pub const FILE: u8 = 0;
    /// The rest is the plain stream (a `u32` length, the manifest JSON and
    /// the database), sealed here under the fixed key behind a fixed header.
    pub const PLAIN_STREAM: u8 = 1;
    /// The rest is the manifest JSON, sealed here with a real database.
    pub const MANIFEST: u8 = 2;
}

struct BackupState {
    /// The magic, the length and the fixed header JSON.
    prelude: Vec<u8>,
    digest: [u8; 32],
    stream_key: StreamKey,
    /// A real database under the fixed key, with a short audit chain.
    database: Vec<u8>,
    /// A manifest that matches `database`, for the seeds.
    manifest: Manifest,
}

const FIXED_CREATED_AT: &str = "2026-11-21T09:00:00Z";
const FIXED_SALT: [u8; 32] = [0x5a; 32];

/// A sidecar as a backup's header carries it: the fixed key's slot.
pub fn fixed_sidecar() -> Sidecar {
    Sidecar {
        format: sidecar::FORMAT.into(),
        vault_id: FIXED_VAULT_ID.into(),
        lookup_salt: data_encoding::BASE64.encode(&[0x11; 32]),
        slots: vec![fixed_slot()],
        throttle: vec![],
        audit_head: None,
    }
}

/// The header of every backup this module seals.
pub fn fixed_header() -> Header {
    Header {
        format: backup::FORMAT.into(),
        vault_id: FIXED_VAULT_ID.into(),
        created_at: FIXED_CREATED_AT.into(),
        reason: "manual".into(),
        schema_version: homeward_core::store::schema::CURRENT_VERSION,
        salt: data_encoding::BASE64.encode(&FIXED_SALT),
        sidecar: fixed_sidecar(),
    }
}

/// The file prelude: magic, big-endian length, header JSON.
fn prelude_of(header: &Header) -> Vec<u8> {
    let json = serde_json::to_vec(header).expect("a header encodes");
    let mut prelude = backup::MAGIC.to_vec();
    prelude.extend_from_slice(&(json.len() as u32).to_be_bytes());
    prelude.extend_from_slice(&json);
    prelude
}

/// The database on `conn` exported under the fixed key (by the same
/// `sqlcipher_export` snapshot a backup takes), as bytes, with a manifest
/// that matches it.
pub fn fixed_key_snapshot(conn: &rusqlite::Connection) -> (Vec<u8>, Manifest) {
    let key = fixed_key();
    let head = audit::head(conn).expect("the head");
    let tables = backup::count_tables(conn).expect("the row counts");
    let dir = scratch();
    let path = dir.path().join("fixed.db");
    backup::snapshot(conn, key, &path, &AtomicBool::new(false)).expect("a fixed-key snapshot");
    let database = std::fs::read(&path).expect("the snapshot's bytes");
    let manifest = Manifest {
        format: backup::FORMAT.into(),
        vault_id: FIXED_VAULT_ID.into(),
        created_at: FIXED_CREATED_AT.into(),
        reason: "manual".into(),
        schema_version: homeward_core::store::schema::user_version(conn).expect("version"),
        database_bytes: database.len() as u64,
        tables,
        audit_head: head.map(|h| AuditHead {
            mac: head_mac(key, h.seq, &h.hash),
            seq: h.seq,
            hash: h.hash,
        }),
    };
    (database, manifest)
}

/// A small database under the fixed key: only the audit table, holding
/// `events` chained events, at the current schema version (a whole
/// vault's schema is about 700 KB, slow to seal for every input).
fn fixed_database(events: i64) -> (Vec<u8>, Manifest) {
    let conn = rusqlite::Connection::open_in_memory().expect("memory database");
    for statement in audit_schema() {
        conn.execute_batch(statement).expect("the audit table");
    }
    conn.pragma_update(
        None,
        "user_version",
        homeward_core::store::schema::CURRENT_VERSION,
    )
    .expect("version");
    for index in 0..events {
        let id = format!("entity-{index}");
        audit::append(
            &conn,
            &AuditEvent {
                at: FIXED_CREATED_AT,
                user_id: "fuzz-user",
                device_id: "fuzz-device",
                action: "case_registered",
                entity: "cases",
                entity_id: &id,
            },
        )
        .expect("an audit event");
    }
    fixed_key_snapshot(&conn)
}

fn backup_state() -> &'static BackupState {
    static STATE: OnceLock<BackupState> = OnceLock::new();
    STATE.get_or_init(|| {
        let prelude = prelude_of(&fixed_header());
        let (_, digest) =
            backup::read_header(&mut prelude.as_slice()).expect("the fixed header reads");
        let (database, manifest) = fixed_database(3);
        BackupState {
            prelude,
            digest,
            stream_key: StreamKey::derive(fixed_key(), &FIXED_SALT),
            database,
            manifest,
        }
    })
}

/// `u32` length, manifest JSON, database: the plain stream of a backup.
pub fn plain_stream(manifest_json: &[u8], database: &[u8]) -> Vec<u8> {
    let mut plain = Vec::with_capacity(4 + manifest_json.len() + database.len());
    plain.extend_from_slice(&(manifest_json.len() as u32).to_be_bytes());
    plain.extend_from_slice(manifest_json);
    plain.extend_from_slice(database);
    plain
}

/// A whole backup file: the fixed prelude and `plain` sealed under the
/// fixed key.
fn sealed_file(state: &BackupState, plain: &[u8]) -> Vec<u8> {
    let mut file = state.prelude.clone();
    stream::seal(
        &state.stream_key,
        &state.digest,
        plain,
        &mut file,
        &mut |_| true,
    )
    .expect("sealing into memory cannot fail");
    file
}

/// The seeds of the `backup` corpus that this module can make itself: a
/// fixed-key backup file of a real database, its plain stream and its
/// manifest, each behind its mode byte.
pub fn backup_seeds() -> Vec<(&'static str, Vec<u8>)> {
    let state = backup_state();
    let manifest = serde_json::to_vec(&state.manifest).expect("a manifest encodes");
    let plain = plain_stream(&manifest, &state.database);
    let with_mode = |mode: u8, bytes: &[u8]| [&[mode][..], bytes].concat();
    vec![
        (
            "fixed-key-file",
            with_mode(backup_mode::FILE, &sealed_file(state, &plain)),
        ),
        (
            "fixed-key-plain",
            with_mode(backup_mode::PLAIN_STREAM, &plain),
        ),
        (
            "fixed-key-manifest",
            with_mode(backup_mode::MANIFEST, &manifest),
        ),
    ]
}

/// A whole backup file under the fixed key and header, holding `database`
/// (under the fixed key) and `manifest`: for seeds made from a real vault.
pub fn fixed_backup_file(manifest: &Manifest, database: &[u8]) -> Vec<u8> {
    let json = serde_json::to_vec(manifest).expect("a manifest encodes");
    sealed_file(backup_state(), &plain_stream(&json, database))
}

/// The backup reader: header, stream, manifest and checks.
pub fn backup(data: &[u8]) {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let state = backup_state();
    match mode % 3 {
        backup_mode::FILE => read_backup_file(rest),
        backup_mode::PLAIN_STREAM => read_backup_file(&sealed_file(state, rest)),
        _ => read_backup_file(&sealed_file(state, &plain_stream(rest, &state.database))),
    }
}

fn read_backup_file(bytes: &[u8]) {
    let from_memory = backup::read_header(&mut &bytes[..]);
    let dir = scratch();
    let file = dir.path().join("hostile.hwb");
    std::fs::write(&file, bytes).expect("write the input");
    let listed = backup::read_file_header(&file);
    assert_eq!(
        from_memory.as_ref().map(|(h, _)| h).ok(),
        listed.as_ref().map(|l| &l.header).ok(),
        "the header reads the same from memory and from the file"
    );
    let out = dir.path().join("unpacked.db");
    let key = fixed_key();
    match backup::unpack(&file, key, &out, &mut |_| true) {
        Ok((header, manifest)) => {
            assert_eq!(
                Some(&header),
                from_memory.as_ref().map(|(h, _)| h).ok(),
                "an unpacked backup's header is the header read alone"
            );
            let _ = backup::check_unpacked(&out, key, &manifest);
        }
        Err(_) => assert!(
            !out.exists(),
            "a refused backup leaves no unpacked database behind"
        ),
    }
}

// ------------------------------------------------------------ the sidecar

/// The key-slot sidecar parser, and what the app does with one it read.
pub fn sidecar(data: &[u8]) {
    let Ok(mut car) = Sidecar::parse(data) else {
        return;
    };
    let written = serde_json::to_vec_pretty(&car).expect("a parsed sidecar encodes");
    assert_eq!(
        Sidecar::parse(&written).as_ref(),
        Ok(&car),
        "a sidecar written back reads as the same sidecar"
    );
    if let Ok(salt) = data_encoding::BASE64.decode(car.lookup_salt.as_bytes()) {
        let lookup = homeward_core::crypto::slot_lookup(&salt, "admin.fixture");
        let _ = car.slot(&lookup);
    }
    let first = car.slots.first().map(|s| s.lookup.clone());
    if let Some(lookup) = first {
        let _ = car.slot(&lookup);
        let _ = car.throttle_for(&lookup);
        car.record_failure(&lookup, test_clock().now());
        car.clear_failures(&lookup);
        assert!(
            car.remove_slot(&lookup),
            "a slot found by its lookup is removed"
        );
    }
    let known = car.throttle_for("hostile").is_some();
    car.record_failure("hostile", test_clock().now());
    assert!(
        known || car.throttle.len() <= sidecar::MAX_THROTTLE_ENTRIES,
        "a new failure bounds the throttle list, however long it was read"
    );
    car.put_slot(fixed_slot());
    let _ = serde_json::to_vec(&car).expect("an edited sidecar encodes");
}

// ------------------------------------------------------ the service map CSV

struct ImportVault {
    _dir: tempfile::TempDir,
    app: App,
}

struct ImportApp {
    vault: ImportVault,
    /// Imports that wrote a row into `vault`.
    writes: u32,
    /// A fresh vault being made on another thread.
    next: Option<std::thread::JoinHandle<ImportVault>>,
}

/// Imports that succeed write to the vault; after about this many a fresh
/// vault (made beforehand on another thread: it costs two key derivations,
/// over the 1 s bound with a sanitizer) takes its place, so a long run
/// does not slow down on what it wrote.
const IMPORT_WRITES_PER_VAULT: u32 = 2000;

fn new_import_vault() -> ImportVault {
    let dir = scratch();
    let mut app = App::open(&dir.path().join("vault"), Arc::new(test_clock())).expect("open");
    app.create_vault(homeward_core::api::dto::CreateVaultInput {
        username: crate::ADMIN.into(),
        passphrase: crate::PASSPHRASE.into(),
    })
    .expect("create");
    app.import_districts("province,district\nBA,Quetta\nKP,Peshawar\n")
        .expect("districts");
    ImportVault { _dir: dir, app }
}

fn import_app() -> MutexGuard<'static, ImportApp> {
    static APP: OnceLock<Mutex<ImportApp>> = OnceLock::new();
    let mut guard = locked(APP.get_or_init(|| {
        Mutex::new(ImportApp {
            vault: new_import_vault(),
            writes: 0,
            next: None,
        })
    }));
    let state = &mut *guard;
    if state.writes >= IMPORT_WRITES_PER_VAULT / 2 && state.next.is_none() {
        state.next = Some(std::thread::spawn(new_import_vault));
    }
    if state.writes >= IMPORT_WRITES_PER_VAULT
        && state.next.as_ref().is_some_and(|next| next.is_finished())
    {
        if let Some(Ok(fresh)) = state.next.take().map(|next| next.join()) {
            state.vault = fresh;
            state.writes = 0;
        }
    }
    guard
}

/// The service-map CSV import (first byte even) and the district CSV
/// import (odd), as the administrator of a vault with two districts.
pub fn service_csv(data: &[u8]) {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let mut state = import_app();
    let app = &mut state.vault.app;
    let wrote = if mode % 2 == 0 {
        app.import_services(&text)
            .is_ok_and(|s| s.organisations + s.services > 0)
    } else {
        app.import_districts(&text).is_ok_and(|added| added > 0)
    };
    if wrote {
        state.writes += 1;
    }
}

// ---------------------------------------------------------- the audit log

/// The `audit_events` table (and its indexes) as the migrations make it.
fn audit_schema() -> &'static [String] {
    static SCHEMA: OnceLock<Vec<String>> = OnceLock::new();
    SCHEMA.get_or_init(|| {
        let mut conn = rusqlite::Connection::open_in_memory().expect("memory database");
        homeward_core::store::schema::migrate(&mut conn).expect("migrations");
        let mut stmt = conn
            .prepare(
                "SELECT sql FROM sqlite_master WHERE tbl_name = 'audit_events'
                 AND sql IS NOT NULL ORDER BY type = 'table' DESC, name",
            )
            .expect("schema query");
        let found: Vec<String> = stmt
            .query_map([], |r| r.get(0))
            .expect("schema rows")
            .collect::<Result<_, _>>()
            .expect("schema rows");
        assert!(!found.is_empty(), "the migrations make audit_events");
        found
    })
}

/// Reads fields off the front of the fuzz input; runs dry as zeros.
struct Bytes<'a>(&'a [u8]);

impl<'a> Bytes<'a> {
    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn byte(&mut self) -> u8 {
        match self.0.split_first() {
            Some((&b, rest)) => {
                self.0 = rest;
                b
            }
            None => 0,
        }
    }

    fn take(&mut self, n: usize) -> &'a [u8] {
        let n = n.min(self.0.len());
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        head
    }

    fn i64(&mut self) -> i64 {
        let mut buf = [0u8; 8];
        let got = self.take(8);
        buf[..got.len()].copy_from_slice(got);
        i64::from_be_bytes(buf)
    }

    /// A text field: a length byte, then that many bytes (lossy UTF-8).
    fn text(&mut self) -> String {
        let len = usize::from(self.byte() % 48);
        String::from_utf8_lossy(self.take(len)).into_owned()
    }

    /// A hash: a length byte (mostly 32), then that many bytes.
    fn hash(&mut self) -> Vec<u8> {
        let len = match self.byte() {
            0..=239 => 32,
            other => usize::from(other - 240) * 4,
        };
        self.take(len).to_vec()
    }
}

/// Row flags of the `audit` target's input.
pub mod audit_flags {
    /// The sequence number follows the previous row's (else 8 bytes).
    pub const NEXT_SEQ: u8 = 1;
    /// The row links to the previous row's hash (else a hash from input).
    pub const LINKED: u8 = 2;
    /// The row's hash is computed over its fields (else from input).
    pub const HASHED: u8 = 4;
    /// The fields are the canned ones (else six texts from input).
    pub const CANNED: u8 = 8;
}

const MAX_AUDIT_ROWS: usize = 64;

/// The audit chain's verifier, over rows described by the input: a first
/// byte chooses the expected head (none, the last row's, or one from the
/// input), then each row is a flags byte and the fields the flags do not
/// supply. The verifier must answer (intact or the first break), and a
/// chain it calls intact must stay intact when the store appends to it.
pub fn audit(data: &[u8]) {
    let mut input = Bytes(data);
    let head_choice = input.byte() % 3;
    let conn = rusqlite::Connection::open_in_memory().expect("memory database");
    for statement in audit_schema() {
        conn.execute_batch(statement).expect("the audit table");
    }
    let mut prev: Vec<u8> = GENESIS.to_vec();
    let mut seq = 0i64;
    let mut rows = 0usize;
    while !input.is_empty() && rows < MAX_AUDIT_ROWS {
        let flags = input.byte();
        seq = if flags & audit_flags::NEXT_SEQ != 0 {
            seq.wrapping_add(1)
        } else {
            input.i64()
        };
        let fields: [String; 6] = if flags & audit_flags::CANNED != 0 {
            [
                FIXED_CREATED_AT.into(),
                "fuzz-user".into(),
                "fuzz-device".into(),
                "case_registered".into(),
                "cases".into(),
                format!("entity-{rows}"),
            ]
        } else {
            std::array::from_fn(|_| input.text())
        };
        let prev_hash = if flags & audit_flags::LINKED != 0 {
            prev.clone()
        } else {
            input.hash()
        };
        let hash = if flags & audit_flags::HASHED != 0 {
            event_hash(
                &prev_hash,
                &ChainedFields {
                    seq,
                    at: &fields[0],
                    user_id: &fields[1],
                    device_id: &fields[2],
                    action: &fields[3],
                    entity: &fields[4],
                    entity_id: &fields[5],
                },
            )
            .to_vec()
        } else {
            input.hash()
        };
        let inserted = conn.execute(
            "INSERT INTO audit_events (seq, at, user_id, device_id, action, entity, entity_id, prev_hash, hash)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            rusqlite::params![
                seq, fields[0], fields[1], fields[2], fields[3], fields[4], fields[5], prev_hash,
                hash
            ],
        );
        if inserted.is_ok() {
            rows += 1;
            prev = hash;
        }
    }
    let expected = match head_choice {
        0 => None,
        1 => audit::head(&conn).expect("the head reads"),
        _ => Some(ChainHead {
            seq: input.i64(),
            hash: data_encoding::HEXLOWER.encode(&input.hash()),
        }),
    };
    let report = audit::verify(&conn, expected.as_ref()).expect("the verifier answers");
    assert_eq!(report.events, rows as i64, "the verifier reads every row");
    if head_choice == 1 && rows > 0 {
        assert!(
            !matches!(
                report.first_break,
                Some(audit::ChainBreak::CutOff { .. } | audit::ChainBreak::Recomputed { .. })
            ),
            "the chain's own head is neither cut off nor recomputed: {:?}",
            report.first_break
        );
    }
    let _ = audit::verify_first(&conn, i64::from(input.byte()), expected.as_ref());
    let appended = audit::append(
        &conn,
        &AuditEvent {
            at: FIXED_CREATED_AT,
            user_id: "fuzz-user",
            device_id: "fuzz-device",
            action: "audit_verified",
            entity: "audit_events",
            entity_id: "",
        },
    );
    if let (true, Ok(head)) = (report.is_intact(), appended) {
        let again = audit::verify(&conn, Some(&head)).expect("the verifier answers");
        assert!(
            again.is_intact(),
            "an intact chain stays intact after an append: {:?}",
            again.first_break
        );
    }
}

// -------------------------------------------------------------------- ipc

/// Methods the `ipc` target leaves out: they create files or folders
/// (vault_create, backup_create, report_export), read paths named in the
/// input (backup_verify, backup_newest_good, backup_restore, recover) or
/// the machine's drives (backup_list, backup_targets), or spend seconds
/// deriving keys (vault_create, recover, passphrase_change).
pub const IPC_LEFT_OUT: &[&str] = &[
    "vault_create",
    "recover",
    "passphrase_change",
    "backup_list",
    "backup_targets",
    "backup_create",
    "backup_verify",
    "backup_newest_good",
    "backup_restore",
    "report_export",
];

/// The methods the `ipc` target calls.
pub fn ipc_methods() -> &'static [&'static str] {
    static METHODS: OnceLock<Vec<&'static str>> = OnceLock::new();
    METHODS.get_or_init(|| {
        rpc::METHODS
            .iter()
            .copied()
            .filter(|m| !IPC_LEFT_OUT.contains(m))
            .collect()
    })
}

struct IpcApp {
    _dir: tempfile::TempDir,
    app: App,
}

fn ipc_app() -> MutexGuard<'static, IpcApp> {
    static APP: OnceLock<Mutex<IpcApp>> = OnceLock::new();
    locked(APP.get_or_init(|| {
        let dir = scratch();
        let app = App::open(dir.path(), Arc::new(test_clock())).expect("open");
        Mutex::new(IpcApp { _dir: dir, app })
    }))
}

/// Splits an `ipc` input into its method and JSON: `name\n{json}` when
/// the name is one the target calls, else the first byte picks a method
/// and the rest is the JSON.
pub fn ipc_split(data: &[u8]) -> Option<(&'static str, &[u8])> {
    let methods = ipc_methods();
    if let Some(at) = data.iter().position(|&b| b == b'\n') {
        if let Some(method) = methods.iter().find(|m| m.as_bytes() == &data[..at]) {
            return Some((method, &data[at + 1..]));
        }
    }
    let (&pick, rest) = data.split_first()?;
    Some((methods[usize::from(pick) % methods.len()], rest))
}

/// Decodes an api method's input from JSON: the input limits' gate
/// (`limits::check_args`, which the shell runs on every window payload and
/// `rpc::call` on its arguments), then the call itself on an app with no
/// vault, with the arguments object and, for the window's `{"input": …}`
/// shape, with the object inside.
pub fn ipc(data: &[u8]) {
    let Some((method, json)) = ipc_split(data) else {
        return;
    };
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(json) else {
        return;
    };
    let _ = homeward_core::api::limits::check_args(&value);
    let mut state = ipc_app();
    let inner = value.get("input").cloned();
    for args in std::iter::once(value).chain(inner) {
        if let Ok(answer) = rpc::call(&mut state.app, method, args) {
            assert!(
                !state.app.is_unlocked(),
                "{method} left a vault open in an empty folder: {answer}"
            );
        }
    }
    assert!(
        !state.app.paths().sidecar.exists() && !state.app.paths().database.exists(),
        "{method} made a vault in the empty folder"
    );
}

/// Where the committed corpus and regressions live.
pub fn fuzz_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz")
}
