//! Backup files and restores, on disk.
//!
//! A backup file (`*.hwb`) is: the magic line, a big-endian `u32` length,
//! a plain JSON [`Header`] (vault id, time, schema version, the key-slot
//! sidecar so a passphrase or the recovery key can open it on a new
//! laptop, and the stream's salt), then the sealed stream
//! (`crypto::stream`) whose plain bytes are a `u32` length, the JSON
//! [`Manifest`] (row counts and the sealed audit head) and the database.
//! The database inside is a consistent snapshot taken with
//! `sqlcipher_export` into an attached file keyed with the vault's key, so
//! no byte of it is ever plaintext on disk.
//!
//! A restore stages the database and the sidecar beside the live ones,
//! writes a journal (the commit point), then renames both into place; an
//! interrupted restore is finished (journal present) or discarded (no
//! journal) when the vault is next opened, so the live vault is always
//! either wholly the old one or wholly the restored one.

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use ring::digest;
use rusqlite::{Connection, OpenFlags};
use serde::{Deserialize, Serialize};

use super::audit::{self, ChainHead};
use super::sidecar::{AuditHead, Sidecar};
use super::{StoreError, VaultPaths};
use crate::crypto::stream::{self, StreamError, StreamKey};
use crate::crypto::{audit_hash::head_mac, DbKey};

/// The first bytes of every backup file.
pub const MAGIC: &[u8; 16] = b"HOMEWARD-BACKUP\n";
/// The format tag in the header and the manifest.
pub const FORMAT: &str = "homeward-backup/1";
/// The file name ending of backups.
pub const EXTENSION: &str = "hwb";
/// A header or manifest larger than this is refused unread.
const MAX_JSON_BYTES: u32 = 4 << 20;
/// The journal whose presence means a restore passed its commit point.
const JOURNAL: &str = "vault.restore";
const STAGED_DB: &str = "vault.db.restore";
const STAGED_KEYS: &str = "vault.keys.restore";

/// The plain header: enough to list a backup and to open its key slots.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Header {
    pub format: String,
    pub vault_id: String,
    pub created_at: String,
    pub reason: String,
    pub schema_version: i64,
    /// Base64 of the stream key's 32-byte salt.
    pub salt: String,
    /// The key slots as they were when the backup was taken (no throttle).
    pub sidecar: Sidecar,
}

/// How many rows one table held.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TableCount {
    pub name: String,
    pub rows: i64,
}

/// The sealed manifest, first in the stream.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    pub format: String,
    pub vault_id: String,
    pub created_at: String,
    pub reason: String,
    pub schema_version: i64,
    pub database_bytes: u64,
    pub tables: Vec<TableCount>,
    pub audit_head: Option<AuditHead>,
}

/// A backup file's plain header, read without any key.
#[derive(Clone, Debug)]
pub struct Listed {
    pub path: PathBuf,
    pub header: Header,
    pub bytes: u64,
}

fn io_err(err: io::Error) -> StoreError {
    StoreError::Io(err.kind())
}

fn stream_err(err: StreamError) -> StoreError {
    match err {
        StreamError::Refused => StoreError::BackupInvalid("seal"),
        StreamError::Io(err) => io_err(err),
        StreamError::Stopped => StoreError::Cancelled,
    }
}

fn random_suffix() -> Result<String, StoreError> {
    let bytes: [u8; 6] = crate::crypto::secret::random_bytes().map_err(|_| StoreError::Random)?;
    Ok(crate::crypto::hex(&bytes))
}

fn private_file(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)
}

/// Creates `dir` (private to this user) when missing.
pub fn ensure_private_dir(dir: &Path) -> Result<(), StoreError> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir).map_err(io_err)
}

fn sync_dir(dir: &Path) -> Result<(), StoreError> {
    File::open(dir).and_then(|d| d.sync_all()).map_err(io_err)
}

/// The folder of a vault's automatic backups.
pub fn automatic_dir(paths: &VaultPaths) -> PathBuf {
    paths.dir.join("backups")
}

/// A scratch file in the vault's folder, removed (with its journal) on drop.
pub struct Scratch {
    path: PathBuf,
}

impl Scratch {
    pub fn new(dir: &Path, prefix: &str) -> Result<Self, StoreError> {
        Ok(Self {
            path: dir.join(format!(".{prefix}-{}.db", random_suffix()?)),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        super::open::remove_database_files(&self.path);
    }
}

/// Removes scratch files a crash may have left in the vault's folder.
pub fn remove_stale_scratch(dir: &Path) {
    if let Ok(entries) = fs::read_dir(dir) {
        for entry in entries.flatten() {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if (name.starts_with(".snapshot-") || name.starts_with(".verify-"))
                && (name.contains(".db"))
            {
                let _ = fs::remove_file(entry.path());
            }
        }
    }
}

/// Takes a consistent snapshot of the database open on `conn` into
/// `target`, a new file keyed with `key`, by `sqlcipher_export` inside one
/// read transaction. Raising `cancel` interrupts it within about 20 ms.
pub fn snapshot(
    conn: &Connection,
    key: &DbKey,
    target: &Path,
    cancel: &AtomicBool,
) -> Result<(), StoreError> {
    let target_text = target
        .to_str()
        .ok_or(StoreError::Io(io::ErrorKind::InvalidInput))?;
    let version = super::schema::user_version(conn)?;
    // The connection may not create files: an empty private file is made
    // first, which SQLite takes as a new database.
    drop(private_file(target).map_err(io_err)?);
    let done = AtomicBool::new(false);
    let interrupt = conn.get_interrupt_handle();
    let result = std::thread::scope(|scope| {
        scope.spawn(|| {
            while !done.load(Ordering::SeqCst) {
                if cancel.load(Ordering::SeqCst) {
                    interrupt.interrupt();
                    return;
                }
                std::thread::sleep(Duration::from_millis(10));
            }
        });
        let result = export(conn, key, target_text, version);
        done.store(true, Ordering::SeqCst);
        result
    });
    if result.is_err() {
        super::open::remove_database_files(target);
    }
    if cancel.load(Ordering::SeqCst) {
        super::open::remove_database_files(target);
        return Err(StoreError::Cancelled);
    }
    result
}

fn export(conn: &Connection, key: &DbKey, target: &str, version: i64) -> Result<(), StoreError> {
    let literal = key.sqlcipher_key_literal();
    conn.execute(
        "ATTACH DATABASE ?1 AS backup KEY ?2",
        [target, literal.as_str()],
    )?;
    let exported = (|| -> Result<(), StoreError> {
        // A scratch file: a crash discards it whole, so it needs neither a
        // journal nor a sync per transaction (the sealed file is synced).
        conn.execute_batch("PRAGMA backup.journal_mode = OFF; PRAGMA backup.synchronous = OFF;")?;
        conn.execute_batch("BEGIN")?;
        let inside = (|| -> Result<(), StoreError> {
            conn.query_row("SELECT sqlcipher_export('backup')", [], |_| Ok(()))?;
            conn.execute_batch(&format!("PRAGMA backup.user_version = {version}"))?;
            Ok(())
        })();
        match inside {
            Ok(()) => Ok(conn.execute_batch("COMMIT")?),
            Err(err) => {
                let _ = conn.execute_batch("ROLLBACK");
                Err(err)
            }
        }
    })();
    let detached = conn.execute_batch("DETACH DATABASE backup");
    exported?;
    Ok(detached?)
}

/// Every ordinary table and how many rows it holds, by name.
pub fn count_tables(conn: &Connection) -> Result<Vec<TableCount>, StoreError> {
    let names: Vec<String> = {
        let mut stmt = conn.prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table'
               AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL%'
             ORDER BY name",
        )?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        rows.collect::<Result<_, _>>()?
    };
    let mut counts = Vec::with_capacity(names.len());
    for name in names {
        let quoted = name.replace('"', "\"\"");
        let rows: i64 = conn.query_row(&format!("SELECT count(*) FROM \"{quoted}\""), [], |r| {
            r.get(0)
        })?;
        counts.push(TableCount { name, rows });
    }
    Ok(counts)
}

/// Opens a database file read-only with its key, checking the key at once;
/// nothing is written to it, not even a journal mode.
pub fn open_read_only(path: &Path, key: &DbKey) -> Result<Connection, StoreError> {
    if !path.exists() {
        return Err(StoreError::NoVault);
    }
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
            | OpenFlags::SQLITE_OPEN_EXRESCODE,
    )?;
    conn.execute_batch(key.sqlcipher_key_pragma().as_str())?;
    conn.execute_batch("PRAGMA cipher_log_level = NONE;")?;
    let check: Result<i64, _> =
        conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0));
    if let Err(err) = check {
        return Err(match err.sqlite_error_code() {
            Some(rusqlite::ErrorCode::NotADatabase) => StoreError::KeyRejected,
            _ => StoreError::from(err),
        });
    }
    Ok(conn)
}

/// Writes a backup file `name` into `folder`: the header, then the sealed
/// manifest and snapshot. It is written under a hidden name, synced and
/// renamed into place, so a backup file either is whole or is not there.
/// `on_bytes` gets the snapshot bytes sealed so far and may stop it.
pub fn write_file(
    folder: &Path,
    name: &str,
    header: &Header,
    manifest: &Manifest,
    snapshot: &Path,
    key: &DbKey,
    on_bytes: &mut dyn FnMut(u64) -> bool,
) -> Result<PathBuf, StoreError> {
    let target = folder.join(name);
    if target.exists() {
        return Err(StoreError::Duplicate("backup file"));
    }
    let partial = folder.join(format!(".{name}.{}.partial", random_suffix()?));
    let written = (|| -> Result<(), StoreError> {
        let salt = decode_salt(&header.salt)?;
        let header_json =
            serde_json::to_vec(header).map_err(|_| StoreError::Corrupt("backup header"))?;
        let manifest_json =
            serde_json::to_vec(manifest).map_err(|_| StoreError::Corrupt("backup manifest"))?;
        let mut prelude = Vec::with_capacity(MAGIC.len() + 4 + header_json.len());
        prelude.extend_from_slice(MAGIC);
        prelude.extend_from_slice(&(header_json.len() as u32).to_be_bytes());
        prelude.extend_from_slice(&header_json);
        let digest = header_digest(&prelude);
        let file = private_file(&partial).map_err(io_err)?;
        let mut out = BufWriter::with_capacity(1 << 20, file);
        out.write_all(&prelude).map_err(io_err)?;
        let mut inner = Vec::with_capacity(4 + manifest_json.len());
        inner.extend_from_slice(&(manifest_json.len() as u32).to_be_bytes());
        inner.extend_from_slice(&manifest_json);
        let database = BufReader::with_capacity(1 << 20, File::open(snapshot).map_err(io_err)?);
        let plain = io::Cursor::new(inner).chain(database);
        let stream_key = StreamKey::derive(key, &salt);
        let skip = 4 + manifest_json.len() as u64;
        stream::seal(&stream_key, &digest, plain, &mut out, &mut |done| {
            on_bytes(done.saturating_sub(skip))
        })
        .map_err(stream_err)?;
        let file = out.into_inner().map_err(|err| io_err(err.into_error()))?;
        file.sync_all().map_err(io_err)?;
        drop(file);
        fs::rename(&partial, &target).map_err(io_err)?;
        sync_dir(folder)
    })();
    if let Err(err) = written {
        let _ = fs::remove_file(&partial);
        return Err(err);
    }
    Ok(target)
}

fn decode_salt(text: &str) -> Result<[u8; 32], StoreError> {
    let bytes = data_encoding::BASE64
        .decode(text.as_bytes())
        .map_err(|_| StoreError::BackupInvalid("header"))?;
    bytes
        .try_into()
        .map_err(|_| StoreError::BackupInvalid("header"))
}

fn header_digest(prelude: &[u8]) -> [u8; 32] {
    let mut out = [0u8; 32];
    out.copy_from_slice(digest::digest(&digest::SHA256, prelude).as_ref());
    out
}

fn read_exact_or_invalid(input: &mut impl Read, buf: &mut [u8]) -> Result<(), StoreError> {
    input.read_exact(buf).map_err(|err| match err.kind() {
        io::ErrorKind::UnexpectedEof => StoreError::BackupInvalid("header"),
        kind => StoreError::Io(kind),
    })
}

/// Reads the plain header; returns it with the digest the stream is bound
/// to. Nothing in the header is trusted until the stream opens under it.
pub fn read_header(input: &mut impl Read) -> Result<(Header, [u8; 32]), StoreError> {
    let mut magic = [0u8; 16];
    read_exact_or_invalid(input, &mut magic)?;
    if &magic != MAGIC {
        return Err(StoreError::BackupInvalid("header"));
    }
    let mut len = [0u8; 4];
    read_exact_or_invalid(input, &mut len)?;
    let len = u32::from_be_bytes(len);
    if len == 0 || len > MAX_JSON_BYTES {
        return Err(StoreError::BackupInvalid("header"));
    }
    let mut json = vec![0u8; len as usize];
    read_exact_or_invalid(input, &mut json)?;
    let header: Header =
        serde_json::from_slice(&json).map_err(|_| StoreError::BackupInvalid("header"))?;
    if header.format != FORMAT || header.sidecar.vault_id != header.vault_id {
        return Err(StoreError::BackupInvalid("header"));
    }
    decode_salt(&header.salt)?;
    let mut prelude = Vec::with_capacity(20 + json.len());
    prelude.extend_from_slice(&magic);
    prelude.extend_from_slice(&(len).to_be_bytes());
    prelude.extend_from_slice(&json);
    Ok((header, header_digest(&prelude)))
}

/// Reads the header of the backup file at `path`.
pub fn read_file_header(path: &Path) -> Result<Listed, StoreError> {
    let file = File::open(path).map_err(io_err)?;
    let bytes = file.metadata().map_err(io_err)?.len();
    let (header, _) = read_header(&mut BufReader::new(file))?;
    Ok(Listed {
        path: path.to_owned(),
        header,
        bytes,
    })
}

/// The backup files in `dir` whose headers read, newest first.
pub fn list(dir: &Path) -> Vec<Listed> {
    let mut found: Vec<Listed> = fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| {
            path.extension().and_then(|e| e.to_str()) == Some(EXTENSION)
                && !path
                    .file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with('.'))
        })
        .filter_map(|path| read_file_header(&path).ok())
        .collect();
    found.sort_by(|a, b| {
        b.header
            .created_at
            .cmp(&a.header.created_at)
            .then(b.path.cmp(&a.path))
    });
    found
}

/// Splits the opened stream: the manifest first, then the database bytes
/// into `database`.
struct Unpacker<W: Write> {
    pending: Vec<u8>,
    manifest: Option<Vec<u8>>,
    database: W,
    database_bytes: u64,
}

impl<W: Write> Write for Unpacker<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.manifest.is_some() {
            self.database.write_all(buf)?;
            self.database_bytes += buf.len() as u64;
            return Ok(buf.len());
        }
        self.pending.extend_from_slice(buf);
        if self.pending.len() >= 4 {
            let len = u32::from_be_bytes([
                self.pending[0],
                self.pending[1],
                self.pending[2],
                self.pending[3],
            ]);
            if len == 0 || len > MAX_JSON_BYTES {
                return Err(io::Error::new(io::ErrorKind::InvalidData, "manifest"));
            }
            let end = 4 + len as usize;
            if self.pending.len() >= end {
                let rest = self.pending.split_off(end);
                self.manifest = Some(self.pending[4..].to_vec());
                self.pending.clear();
                self.database.write_all(&rest)?;
                self.database_bytes += rest.len() as u64;
            }
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.database.flush()
    }
}

/// Opens a backup file with `key`: checks the seal of every chunk and
/// writes the database inside to `database_out` (a new file), returning
/// the header and the manifest. On any failure the output is removed.
pub fn unpack(
    path: &Path,
    key: &DbKey,
    database_out: &Path,
    on_bytes: &mut dyn FnMut(u64) -> bool,
) -> Result<(Header, Manifest), StoreError> {
    let result = (|| -> Result<(Header, Manifest), StoreError> {
        let mut input = BufReader::with_capacity(1 << 20, File::open(path).map_err(io_err)?);
        let (header, digest) = read_header(&mut input)?;
        let salt = decode_salt(&header.salt)?;
        let out = private_file(database_out).map_err(io_err)?;
        let mut unpacker = Unpacker {
            pending: Vec::new(),
            manifest: None,
            database: BufWriter::with_capacity(1 << 20, out),
            database_bytes: 0,
        };
        let stream_key = StreamKey::derive(key, &salt);
        match stream::open(&stream_key, &digest, &mut input, &mut unpacker, on_bytes) {
            Ok(_) => {}
            Err(StreamError::Io(err)) if err.kind() == io::ErrorKind::InvalidData => {
                return Err(StoreError::BackupInvalid("manifest"))
            }
            Err(err) => return Err(stream_err(err)),
        }
        let manifest_json = unpacker
            .manifest
            .take()
            .ok_or(StoreError::BackupInvalid("manifest"))?;
        let manifest: Manifest = serde_json::from_slice(&manifest_json)
            .map_err(|_| StoreError::BackupInvalid("manifest"))?;
        let file = unpacker
            .database
            .into_inner()
            .map_err(|err| io_err(err.into_error()))?;
        file.sync_all().map_err(io_err)?;
        if manifest.format != FORMAT
            || manifest.vault_id != header.vault_id
            || manifest.created_at != header.created_at
            || manifest.schema_version != header.schema_version
            || manifest.database_bytes != unpacker.database_bytes
        {
            return Err(StoreError::BackupInvalid("manifest"));
        }
        Ok((header, manifest))
    })();
    if result.is_err() {
        super::open::remove_database_files(database_out);
    }
    result
}

/// One check of an unpacked backup.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CheckResult {
    pub check: &'static str,
    pub ok: bool,
}

fn lines(conn: &Connection, sql: &str) -> Result<Vec<String>, StoreError> {
    let mut stmt = conn.prepare(sql)?;
    let mut rows = stmt.query([])?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        out.push(match row.get_ref(0)? {
            rusqlite::types::ValueRef::Text(text) => String::from_utf8_lossy(text).into_owned(),
            rusqlite::types::ValueRef::Integer(n) => n.to_string(),
            _ => String::from("?"),
        });
    }
    Ok(out)
}

/// Checks an unpacked database against its manifest without changing it:
/// SQLite's integrity check, SQLCipher's check of every page's HMAC, the
/// foreign keys, the row counts, and the audit chain up to the sealed head.
pub fn check_unpacked(
    database: &Path,
    key: &DbKey,
    manifest: &Manifest,
) -> Result<Vec<CheckResult>, StoreError> {
    let conn = open_read_only(database, key)?;
    let mut results = Vec::new();
    let integrity = lines(&conn, "PRAGMA integrity_check")
        .map(|found| found == ["ok"])
        .unwrap_or(false);
    results.push(CheckResult {
        check: "integrity_check",
        ok: integrity,
    });
    let pages = lines(&conn, "PRAGMA cipher_integrity_check")
        .map(|found| found.is_empty())
        .unwrap_or(false);
    results.push(CheckResult {
        check: "cipher_integrity_check",
        ok: pages,
    });
    let keys = lines(&conn, "PRAGMA foreign_key_check")
        .map(|found| found.is_empty())
        .unwrap_or(false);
    results.push(CheckResult {
        check: "foreign_key_check",
        ok: keys,
    });
    let version_ok = super::schema::user_version(&conn).ok() == Some(manifest.schema_version)
        && manifest.schema_version <= super::schema::CURRENT_VERSION;
    let counts_ok = count_tables(&conn).ok().as_ref() == Some(&manifest.tables);
    results.push(CheckResult {
        check: "manifest",
        ok: version_ok && counts_ok,
    });
    let chain_ok = match &manifest.audit_head {
        Some(head) => {
            head_mac(key, head.seq, &head.hash) == head.mac
                && audit::verify(
                    &conn,
                    Some(&ChainHead {
                        seq: head.seq,
                        hash: head.hash.clone(),
                    }),
                )
                .map(|report| {
                    report.is_intact() && report.head.as_ref().map(|h| h.seq) == Some(head.seq)
                })
                .unwrap_or(false)
        }
        None => audit::head(&conn).ok() == Some(None),
    };
    results.push(CheckResult {
        check: "audit_chain",
        ok: chain_ok,
    });
    Ok(results)
}

/// The steps of installing a restore, in order; tests stop at each one to
/// stand for a crash there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InstallStep {
    StagedKeys,
    Journal,
    OldJournalFiles,
    Keys,
    Database,
    Done,
}

impl InstallStep {
    pub const ALL: [InstallStep; 6] = [
        InstallStep::StagedKeys,
        InstallStep::Journal,
        InstallStep::OldJournalFiles,
        InstallStep::Keys,
        InstallStep::Database,
        InstallStep::Done,
    ];
}

/// Where a restore stages its database before installing it.
pub fn staged_database(paths: &VaultPaths) -> PathBuf {
    paths.dir.join(STAGED_DB)
}

/// Installs the staged database (already at [`staged_database`] and synced)
/// with `sidecar` as the vault's key file, both together: see the module
/// notes. The caller holds the vault's lock and has no connection open.
pub fn install(paths: &VaultPaths, sidecar: &Sidecar) -> Result<(), StoreError> {
    install_stopping_at(paths, sidecar, None)
}

pub(crate) fn install_stopping_at(
    paths: &VaultPaths,
    sidecar: &Sidecar,
    stop: Option<InstallStep>,
) -> Result<(), StoreError> {
    let staged = staged_database(paths);
    if !staged.exists() {
        return Err(StoreError::NoVault);
    }
    sidecar.write_atomic(&paths.dir.join(STAGED_KEYS))?;
    File::open(&staged)
        .and_then(|f| f.sync_all())
        .map_err(io_err)?;
    sync_dir(&paths.dir)?;
    if stop == Some(InstallStep::StagedKeys) {
        return Err(StoreError::Injected);
    }
    write_journal(&paths.dir)?;
    if stop == Some(InstallStep::Journal) {
        return Err(StoreError::Injected);
    }
    roll_forward(paths, stop)
}

fn write_journal(dir: &Path) -> Result<(), StoreError> {
    let temp = dir.join(format!(".{JOURNAL}.{}.tmp", random_suffix()?));
    let written = (|| -> io::Result<()> {
        let mut file = private_file(&temp)?;
        file.write_all(b"install\n")?;
        file.sync_all()?;
        fs::rename(&temp, dir.join(JOURNAL))?;
        File::open(dir)?.sync_all()
    })();
    if let Err(err) = written {
        let _ = fs::remove_file(&temp);
        return Err(io_err(err));
    }
    Ok(())
}

/// Moves the staged files into place; each move is done only if its staged
/// file is still there, so this can be repeated after a crash.
fn roll_forward(paths: &VaultPaths, stop: Option<InstallStep>) -> Result<(), StoreError> {
    let staged_db = staged_database(paths);
    let staged_keys = paths.dir.join(STAGED_KEYS);
    if staged_db.exists() {
        // The live WAL belongs to the old database; applied to the new one
        // it would corrupt it.
        for suffix in ["-wal", "-shm", "-journal"] {
            let mut name = paths.database.as_os_str().to_owned();
            name.push(suffix);
            match fs::remove_file(PathBuf::from(name)) {
                Ok(()) => {}
                Err(err) if err.kind() == io::ErrorKind::NotFound => {}
                Err(err) => return Err(io_err(err)),
            }
        }
    }
    if stop == Some(InstallStep::OldJournalFiles) {
        return Err(StoreError::Injected);
    }
    if staged_keys.exists() {
        fs::rename(&staged_keys, &paths.sidecar).map_err(io_err)?;
        sync_dir(&paths.dir)?;
    }
    if stop == Some(InstallStep::Keys) {
        return Err(StoreError::Injected);
    }
    if staged_db.exists() {
        fs::rename(&staged_db, &paths.database).map_err(io_err)?;
        sync_dir(&paths.dir)?;
    }
    if stop == Some(InstallStep::Database) {
        return Err(StoreError::Injected);
    }
    match fs::remove_file(paths.dir.join(JOURNAL)) {
        Ok(()) => {}
        Err(err) if err.kind() == io::ErrorKind::NotFound => {}
        Err(err) => return Err(io_err(err)),
    }
    sync_dir(&paths.dir)?;
    if stop == Some(InstallStep::Done) {
        return Err(StoreError::Injected);
    }
    Ok(())
}

/// Run when a vault folder is opened: finishes a restore that passed its
/// commit point, or removes what one that did not had staged. Answers
/// whether a restore was finished.
pub fn settle_interrupted_restore(paths: &VaultPaths) -> Result<bool, StoreError> {
    if paths.dir.join(JOURNAL).exists() {
        roll_forward(paths, None)?;
        return Ok(true);
    }
    super::open::remove_database_files(&staged_database(paths));
    let _ = fs::remove_file(paths.dir.join(STAGED_KEYS));
    if let Ok(entries) = fs::read_dir(&paths.dir) {
        for entry in entries.flatten() {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if name.starts_with(".vault.restore.") || name.starts_with(".vault.keys.restore.") {
                let _ = fs::remove_file(entry.path());
            }
        }
    }
    Ok(false)
}

/// Removes the files of `listed` at `indexes` (old automatic backups).
pub fn remove(listed: &[Listed], indexes: &[usize]) {
    for index in indexes {
        if let Some(item) = listed.get(*index) {
            let _ = fs::remove_file(&item.path);
        }
    }
}

/// Mounted removable drives: folders under `/media/<user>`,
/// `/run/media/<user>` and `/media` that are mount points.
pub fn removable_drives(user: Option<&str>) -> Vec<PathBuf> {
    let mut roots = vec![PathBuf::from("/media")];
    if let Some(user) = user.filter(|u| !u.is_empty() && !u.contains('/')) {
        roots.push(PathBuf::from("/media").join(user));
        roots.push(PathBuf::from("/run/media").join(user));
    }
    let mounts = fs::read_to_string("/proc/self/mounts").unwrap_or_default();
    let points: Vec<String> = mounts
        .lines()
        .filter_map(|line| line.split_whitespace().nth(1))
        .map(|p| p.replace("\\040", " "))
        .collect();
    let mut drives: Vec<PathBuf> = roots
        .iter()
        .flat_map(|root| fs::read_dir(root).into_iter().flatten().flatten())
        .map(|entry| entry.path())
        .filter(|path| {
            path.to_str()
                .is_some_and(|p| points.iter().any(|point| point == p))
        })
        .collect();
    drives.sort();
    drives.dedup();
    drives
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::open::{open_connection, OpenMode};

    fn sidecar(id: &str) -> Sidecar {
        Sidecar {
            format: super::super::sidecar::FORMAT.into(),
            vault_id: id.into(),
            lookup_salt: "c2FsdA==".into(),
            slots: vec![],
            throttle: vec![],
            audit_head: None,
        }
    }

    fn database(path: &Path, key: &DbKey, probe: &str) {
        let conn = open_connection(path, key, OpenMode::Create).unwrap();
        conn.execute(
            "INSERT INTO settings (key, value, updated_at) VALUES ('probe', ?1, 'now')",
            [probe],
        )
        .unwrap();
        conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
            .unwrap();
    }

    /// What the folder holds: the key file's vault id and the database's probe.
    fn state(paths: &VaultPaths, key: &DbKey) -> (String, String) {
        let car = Sidecar::read(&paths.sidecar).unwrap();
        let conn = open_connection(&paths.database, key, OpenMode::Existing).unwrap();
        let probe: String = conn
            .query_row("SELECT value FROM settings WHERE key = 'probe'", [], |r| {
                r.get(0)
            })
            .unwrap();
        (car.vault_id, probe)
    }

    #[test]
    fn a_restore_stopped_at_any_step_is_finished_or_discarded_whole() {
        let key = DbKey::generate().unwrap();
        for stop in InstallStep::ALL {
            let dir = tempfile::tempdir().unwrap();
            let paths = VaultPaths::new(dir.path());
            database(&paths.database, &key, "old");
            sidecar("old").write_atomic(&paths.sidecar).unwrap();
            let staged = tempfile::tempdir().unwrap();
            database(&staged.path().join("new.db"), &key, "new");
            fs::copy(staged.path().join("new.db"), staged_database(&paths)).unwrap();

            let stopped = install_stopping_at(&paths, &sidecar("new"), Some(stop));
            assert_eq!(stopped, Err(StoreError::Injected), "{stop:?}");
            let finished = settle_interrupted_restore(&paths).unwrap();
            let expected = if stop == InstallStep::StagedKeys {
                "old"
            } else {
                "new"
            };
            assert_eq!(
                state(&paths, &key),
                (expected.to_owned(), expected.to_owned()),
                "stopped at {stop:?}: the key file and the database must match"
            );
            assert_eq!(
                finished,
                !matches!(stop, InstallStep::StagedKeys | InstallStep::Done),
                "{stop:?}"
            );
            let names: Vec<String> = fs::read_dir(dir.path())
                .unwrap()
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.contains("restore"))
                .collect();
            assert!(names.is_empty(), "{stop:?} left {names:?}");
        }
    }

    #[test]
    fn only_mounted_folders_count_as_removable_drives() {
        for drive in removable_drives(Some("nobody-here")) {
            let text = drive.to_string_lossy().into_owned();
            assert!(
                text.starts_with("/media/") || text.starts_with("/run/media/"),
                "{text}"
            );
        }
        assert!(
            removable_drives(Some("../etc"))
                .iter()
                .all(|d| !d.starts_with("/etc")),
            "a user name cannot lead outside the media folders"
        );
    }
}
