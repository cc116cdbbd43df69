//! Backups, their verification and restores, through the api.
//!
//! A backup is taken by a [`BackupJob`]: it owns a copy of the key and
//! opens its own connection, so the shell can run an automatic backup
//! beside the window's work and stop it at once when the vault locks.
//! Asked-for backups ("back up to…", the CLI) are for administrators;
//! automatic ones (at quit, at most daily) are taken for every user.
//! Verifying and restoring open a backup with the passphrase of a user in
//! it or with the recovery key, under the unlock throttle of the vault
//! here when it is the same vault. A restore is refused while unlocked,
//! checks everything before it touches the live vault, asks for a
//! confirmation when the backup is of another vault or older than the
//! live one, and swaps the database and its key file in together.

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::time::Instant;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::app::App;
use super::error::ApiError;
use super::progress::Progress;
use crate::clock::stamp;
use crate::crypto::audit_hash::head_mac;
use crate::crypto::recovery::RecoveryKey;
use crate::crypto::{normalise_username, slot, slot_lookup, CryptoError, DbKey};
use crate::domain::backup::{
    daily_due, restore_warning, to_prune, BackupReason, LiveVault, DEFAULT_KEEP,
};
use crate::domain::role::Role;
use crate::domain::throttle;
use crate::store::backup::{self as files, CheckResult, Header, Listed, Manifest, TableCount};
use crate::store::open::{open_connection, OpenMode};
use crate::store::sidecar::{self, AuditHead, Sidecar};
use crate::store::vault::Vault;
use crate::store::{users, StoreError, VaultPaths};

const KEEP_SETTING: &str = "backup_keep";

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BackupCreateInput {
    /// The folder to write into: a removable drive or any folder.
    pub folder: String,
    /// The file's name; by default `homeward-<date>-<time>-manual.hwb`.
    #[serde(default)]
    pub name: Option<String>,
}

/// Which backup, and what opens it: the passphrase of a user in it, or
/// the recovery key. While unlocked, a backup of this vault needs neither.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BackupKeyInput {
    #[serde(default)]
    pub path: String,
    #[serde(default)]
    pub username: Option<String>,
    #[serde(default)]
    pub passphrase: Option<String>,
    #[serde(default)]
    pub recovery_key: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RestoreInput {
    pub path: String,
    #[serde(default)]
    pub username: Option<String>,
    #[serde(default)]
    pub passphrase: Option<String>,
    #[serde(default)]
    pub recovery_key: Option<String>,
    /// Given after the person confirmed a `confirm_required` warning.
    #[serde(default)]
    pub confirm: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct BackupView {
    pub path: String,
    pub name: String,
    pub created_at: String,
    pub bytes: u64,
    pub seconds: f64,
    pub tables: Vec<TableCount>,
    pub audit_seq: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct BackupFileView {
    pub path: String,
    pub name: String,
    pub created_at: String,
    pub reason: String,
    pub schema_version: i64,
    pub bytes: u64,
    pub this_vault: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct BackupListView {
    pub folder: String,
    pub keep: u32,
    pub files: Vec<BackupFileView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct BackupTargetView {
    pub path: String,
    pub label: String,
    pub removable: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct BackupCheckView {
    pub path: String,
    pub name: String,
    pub created_at: String,
    pub this_vault: bool,
    pub schema_version: i64,
    pub audit_seq: i64,
    pub tables: Vec<TableCount>,
    pub checks: Vec<CheckResult>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RestoredView {
    pub created_at: String,
    pub audit_seq: i64,
    pub tables: Vec<TableCount>,
}

/// An automatic or asked-for backup ready to run on any thread.
pub struct BackupJob {
    paths: VaultPaths,
    key: DbKey,
    sidecar: Sidecar,
    reason: BackupReason,
    folder: PathBuf,
    name: Option<String>,
    now: DateTime<Utc>,
    keep: u32,
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn sealed_head(conn: &rusqlite::Connection, key: &DbKey) -> Result<Option<AuditHead>, ApiError> {
    Ok(crate::store::audit::head(conn)?.map(|head| AuditHead {
        mac: head_mac(key, head.seq, &head.hash),
        seq: head.seq,
        hash: head.hash,
    }))
}

impl BackupJob {
    pub fn reason(&self) -> BackupReason {
        self.reason
    }

    /// Takes the snapshot on its own connection, seals it into the folder
    /// and, for automatic backups, keeps only the newest N of this vault.
    pub fn run(self, progress: &mut Progress<'_>) -> Result<BackupView, ApiError> {
        let started = Instant::now();
        progress.step("backup.snapshot", 0, 1)?;
        files::ensure_private_dir(&self.folder)?;
        let scratch = files::Scratch::new(&self.paths.dir, "snapshot")?;
        {
            let conn = open_connection(&self.paths.database, &self.key, OpenMode::Existing)?;
            files::snapshot(&conn, &self.key, scratch.path(), progress.flag())?;
        }
        progress.step("backup.snapshot", 1, 1)?;
        let (tables, version, head) = {
            let snap = files::open_read_only(scratch.path(), &self.key)?;
            (
                files::count_tables(&snap)?,
                crate::store::schema::user_version(&snap)?,
                sealed_head(&snap, &self.key)?,
            )
        };
        let database_bytes = std::fs::metadata(scratch.path())
            .map_err(|e| StoreError::Io(e.kind()))?
            .len();
        let created_at = stamp(self.now);
        let salt: [u8; 32] = crate::crypto::secret::random_bytes()?;
        let mut car = self.sidecar.clone();
        car.throttle.clear();
        car.audit_head = head.clone();
        let header = Header {
            format: files::FORMAT.to_owned(),
            vault_id: car.vault_id.clone(),
            created_at: created_at.clone(),
            reason: self.reason.as_str().to_owned(),
            schema_version: version,
            salt: data_encoding::BASE64.encode(&salt),
            sidecar: car,
        };
        let manifest = Manifest {
            format: files::FORMAT.to_owned(),
            vault_id: header.vault_id.clone(),
            created_at: created_at.clone(),
            reason: header.reason.clone(),
            schema_version: version,
            database_bytes,
            tables: tables.clone(),
            audit_head: head.clone(),
        };
        let base = format!(
            "homeward-{}-{}",
            self.now.format("%Y%m%d-%H%M%S"),
            self.reason.as_str()
        );
        let mut name = self
            .name
            .clone()
            .unwrap_or_else(|| format!("{base}.{}", files::EXTENSION));
        let mut n = 2;
        while self.name.is_none() && self.folder.join(&name).exists() {
            name = format!("{base}-{n}.{}", files::EXTENSION);
            n += 1;
        }
        let path = files::write_file(
            &self.folder,
            &name,
            &header,
            &manifest,
            scratch.path(),
            &self.key,
            &mut |done| {
                progress.report("backup.seal", done, database_bytes);
                progress.check().is_ok()
            },
        )?;
        drop(scratch);
        if self.reason.is_automatic() {
            let ours: Vec<Listed> = files::list(&self.folder)
                .into_iter()
                .filter(|l| {
                    l.header.vault_id == header.vault_id
                        && BackupReason::parse(&l.header.reason).is_some_and(|r| r.is_automatic())
                })
                .collect();
            let created: Vec<DateTime<Utc>> = ours
                .iter()
                .map(|l| parse_time(&l.header.created_at).unwrap_or(self.now))
                .collect();
            files::remove(&ours, &to_prune(&created, self.keep));
        }
        let bytes = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        progress.report("backup.done", 1, 1);
        Ok(BackupView {
            path: path.to_string_lossy().into_owned(),
            name,
            created_at,
            bytes,
            seconds: started.elapsed().as_secs_f64(),
            tables,
            audit_seq: head.map(|h| h.seq).unwrap_or(0),
        })
    }
}

fn parse_time(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

fn nonempty(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

/// What a backup was opened with.
enum Opener {
    User(String),
    Recovery,
    Session,
}

impl App {
    fn live_sidecar(&self) -> Option<Sidecar> {
        Sidecar::read(&self.paths().sidecar).ok()
    }

    fn live_vault(&self) -> LiveVault {
        let paths = self.paths();
        if !paths.sidecar.exists() && !paths.database.exists() {
            return LiveVault::None;
        }
        match self.live_sidecar() {
            Some(car) => LiveVault::Present {
                vault_id: car.vault_id,
                audit_seq: car.audit_head.map(|h| h.seq),
            },
            None => LiveVault::Unreadable,
        }
    }

    fn backup_keep(&self) -> u32 {
        self.session()
            .ok()
            .and_then(|s| {
                s.vault
                    .conn()
                    .query_row(
                        "SELECT value FROM settings WHERE key = ?1",
                        [KEEP_SETTING],
                        |r| r.get::<_, String>(0),
                    )
                    .ok()
            })
            .and_then(|v| v.parse().ok())
            .filter(|n: &u32| (1..=100).contains(n))
            .unwrap_or(DEFAULT_KEEP)
    }

    fn job(&self, reason: BackupReason, folder: PathBuf) -> Result<BackupJob, ApiError> {
        let session = self.session()?;
        let sidecar = Sidecar::read(&self.paths().sidecar)?;
        if sidecar.vault_id != session.vault.vault_id() {
            return Err(ApiError::Damaged {
                detail: "the key file belongs to another vault",
            });
        }
        Ok(BackupJob {
            paths: self.paths().clone(),
            key: session.vault.key().clone(),
            sidecar,
            reason,
            folder,
            name: None,
            now: self.clock.now(),
            keep: self.backup_keep(),
        })
    }

    /// An automatic backup into the vault's `backups` folder, for any
    /// signed-in user; `None` for a daily one when the newest automatic
    /// backup of this vault is less than a day old.
    pub fn backup_job(&self, reason: BackupReason) -> Result<Option<BackupJob>, ApiError> {
        let session = self.session()?;
        let folder = files::automatic_dir(self.paths());
        if reason == BackupReason::Daily {
            let vault_id = session.vault.vault_id();
            let newest = files::list(&folder)
                .into_iter()
                .filter(|l| {
                    l.header.vault_id == vault_id
                        && BackupReason::parse(&l.header.reason).is_some_and(|r| r.is_automatic())
                })
                .filter_map(|l| parse_time(&l.header.created_at))
                .max();
            if !daily_due(newest, self.clock.now()) {
                return Ok(None);
            }
        }
        self.backup_job_now(reason).map(Some)
    }

    /// An automatic backup taken now, due or not (the CLI's `--auto`).
    pub fn backup_job_now(&self, reason: BackupReason) -> Result<BackupJob, ApiError> {
        let reason = if reason == BackupReason::Manual {
            BackupReason::Daily
        } else {
            reason
        };
        self.job(reason, files::automatic_dir(self.paths()))
    }

    /// "Back up to…": a backup into `folder` (administrators).
    pub fn backup_create(
        &mut self,
        input: BackupCreateInput,
        progress: &mut Progress<'_>,
    ) -> Result<BackupView, ApiError> {
        self.require(Role::manages_users)?;
        let folder = PathBuf::from(input.folder.trim());
        if !folder.is_absolute() || !folder.is_dir() {
            return Err(ApiError::InvalidInput {
                field: "folder",
                reason: "must be an existing folder, written as a full path",
            });
        }
        let name = match input
            .name
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty())
        {
            Some(name) => {
                let plain = name.len() <= 200
                    && !name.starts_with('.')
                    && !name.contains(['/', '\\', '\0']);
                if !plain {
                    return Err(ApiError::InvalidInput {
                        field: "name",
                        reason: "must be a plain file name of at most 200 bytes",
                    });
                }
                if folder.join(name).exists() {
                    return Err(ApiError::InvalidInput {
                        field: "name",
                        reason: "a file with this name is already there",
                    });
                }
                Some(name.to_owned())
            }
            None => None,
        };
        let mut job = self.job(BackupReason::Manual, folder)?;
        job.name = name;
        let view = job.run(progress)?;
        let vault_id = self.session()?.vault.vault_id().to_owned();
        self.write(|w| Ok(w.audit("backup_created", "vault", &vault_id)?))?;
        Ok(view)
    }

    /// The automatic backups in the vault's folder, newest first; works
    /// while locked (only the plain headers are read).
    pub fn backup_list(&self) -> Result<BackupListView, ApiError> {
        let folder = files::automatic_dir(self.paths());
        let vault_id = self.live_sidecar().map(|c| c.vault_id);
        let files = files::list(&folder)
            .into_iter()
            .map(|l| BackupFileView {
                name: file_name(&l.path),
                path: l.path.to_string_lossy().into_owned(),
                created_at: l.header.created_at,
                reason: l.header.reason,
                schema_version: l.header.schema_version,
                bytes: l.bytes,
                this_vault: vault_id.as_deref() == Some(l.header.vault_id.as_str()),
            })
            .collect();
        Ok(BackupListView {
            folder: folder.to_string_lossy().into_owned(),
            keep: self.backup_keep(),
            files,
        })
    }

    /// Where "back up to…" may write: mounted removable drives, and the
    /// home folder's `Backups` (administrators).
    pub fn backup_targets(&self) -> Result<Vec<BackupTargetView>, ApiError> {
        self.require(Role::manages_users)?;
        let user = std::env::var("USER").ok();
        let mut targets: Vec<BackupTargetView> = files::removable_drives(user.as_deref())
            .into_iter()
            .map(|path| BackupTargetView {
                label: file_name(&path),
                path: path.to_string_lossy().into_owned(),
                removable: true,
            })
            .collect();
        if let Some(home) = std::env::var_os("HOME").filter(|h| !h.is_empty()) {
            let path = PathBuf::from(home).join("Backups");
            targets.push(BackupTargetView {
                label: "Backups".to_owned(),
                path: path.to_string_lossy().into_owned(),
                removable: false,
            });
        }
        Ok(targets)
    }

    /// Opens a backup's key from what the person gave, counting failures
    /// in this vault's throttle when the backup is of this vault.
    fn backup_key(
        &self,
        header: &Header,
        username: &Option<String>,
        passphrase: &Option<String>,
        recovery_key: &Option<String>,
    ) -> Result<(DbKey, Opener), ApiError> {
        let (lookup, secret, opener): (String, zeroize::Zeroizing<Vec<u8>>, Opener) =
            if let Some(text) = nonempty(recovery_key) {
                let recovery = RecoveryKey::parse(text)?;
                (
                    sidecar::RECOVERY_LOOKUP.to_owned(),
                    zeroize::Zeroizing::new(recovery.secret_bytes().to_vec()),
                    Opener::Recovery,
                )
            } else if let (Some(name), Some(pass)) = (nonempty(username), passphrase.as_deref()) {
                let name = normalise_username(name);
                let salt = data_encoding::BASE64
                    .decode(header.sidecar.lookup_salt.as_bytes())
                    .map_err(|_| ApiError::BackupInvalid { check: "header" })?;
                (
                    slot_lookup(&salt, &name),
                    zeroize::Zeroizing::new(pass.as_bytes().to_vec()),
                    Opener::User(name),
                )
            } else {
                if let Ok(session) = self.session() {
                    if session.vault.vault_id() == header.vault_id {
                        return Ok((session.vault.key().clone(), Opener::Session));
                    }
                }
                return Err(ApiError::InvalidInput {
                    field: "passphrase",
                    reason: "is required: a username and passphrase, or the recovery key",
                });
            };
        let mut live = self
            .live_sidecar()
            .filter(|car| car.vault_id == header.vault_id);
        let now = self.clock.now();
        if let Some(entry) = live.as_ref().and_then(|car| car.throttle_for(&lookup)) {
            if let Some(seconds) = throttle::seconds_left(entry.failures, entry.last_failure, now) {
                return Err(ApiError::Throttled { seconds });
            }
        }
        let opened = match header.sidecar.slot(&lookup) {
            Some(found) => slot::open(found, &secret, &header.vault_id),
            None => {
                slot::spend_equal_work(&secret);
                Err(CryptoError::WrongSecret)
            }
        };
        match opened {
            Ok(key) => Ok((key, opener)),
            Err(CryptoError::WrongSecret) => {
                if let Some(car) = live.as_mut() {
                    car.record_failure(&lookup, now);
                    car.write_atomic(&self.paths().sidecar)?;
                }
                Err(match opener {
                    Opener::Recovery => ApiError::InvalidInput {
                        field: "recovery_key",
                        reason: "does not open this backup",
                    },
                    _ => ApiError::WrongPassphrase,
                })
            }
            Err(other) => Err(ApiError::BackupInvalid {
                check: match other {
                    CryptoError::MalformedSlot | CryptoError::IterationsBelowFloor => "header",
                    _ => "seal",
                },
            }),
        }
    }

    /// Unpacks a backup into `database_out` and checks it; refuses it at
    /// the first check that fails. A user opening it must be active in it.
    fn unpack_and_check(
        &self,
        path: &Path,
        key: &DbKey,
        opener: &Opener,
        database_out: &Path,
        progress: &mut Progress<'_>,
        step: &'static str,
    ) -> Result<(Header, Manifest, Vec<CheckResult>), ApiError> {
        let total = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
        let (header, manifest) = files::unpack(path, key, database_out, &mut |done| {
            progress.report(step, done, total);
            progress.check().is_ok()
        })?;
        progress.check()?;
        let mut checks = vec![CheckResult {
            check: "seal",
            ok: true,
        }];
        checks.extend(files::check_unpacked(database_out, key, &manifest)?);
        if let Some(failed) = checks.iter().find(|c| !c.ok) {
            return Err(ApiError::BackupInvalid {
                check: failed.check,
            });
        }
        if let Opener::User(name) = opener {
            let conn = files::open_read_only(database_out, key)?;
            let active = users::find_by_username(&conn, name)?.is_some_and(|u| u.active);
            if !active {
                return Err(ApiError::WrongPassphrase);
            }
        }
        Ok((header, manifest, checks))
    }

    fn check_view(
        &self,
        path: &Path,
        header: &Header,
        manifest: Manifest,
        checks: Vec<CheckResult>,
    ) -> BackupCheckView {
        let live = self.live_sidecar().map(|c| c.vault_id);
        BackupCheckView {
            path: path.to_string_lossy().into_owned(),
            name: file_name(path),
            created_at: header.created_at.clone(),
            this_vault: live.as_deref() == Some(header.vault_id.as_str()),
            schema_version: header.schema_version,
            audit_seq: manifest.audit_head.map(|h| h.seq).unwrap_or(0),
            tables: manifest.tables,
            checks,
        }
    }

    fn backup_path(path: &str) -> Result<PathBuf, ApiError> {
        let path = PathBuf::from(path.trim());
        if path.as_os_str().is_empty() || !path.is_file() {
            return Err(ApiError::InvalidInput {
                field: "path",
                reason: "is not a backup file that exists",
            });
        }
        Ok(path)
    }

    /// Checks a backup without installing anything: the seal of every
    /// chunk, the manifest, SQLite's and SQLCipher's integrity checks, the
    /// foreign keys and the audit chain.
    pub fn backup_verify(&mut self, input: BackupKeyInput) -> Result<BackupCheckView, ApiError> {
        let never = AtomicBool::new(false);
        let mut ignore = |_| {};
        self.backup_verify_with_progress(input, &mut Progress::new(&mut ignore, &never))
    }

    pub fn backup_verify_with_progress(
        &mut self,
        input: BackupKeyInput,
        progress: &mut Progress<'_>,
    ) -> Result<BackupCheckView, ApiError> {
        let path = Self::backup_path(&input.path)?;
        let header = files::read_file_header(&path)?.header;
        let (key, opener) = self.backup_key(
            &header,
            &input.username,
            &input.passphrase,
            &input.recovery_key,
        )?;
        let scratch = files::Scratch::new(&self.paths().dir, "verify")?;
        let (header, manifest, checks) = self.unpack_and_check(
            &path,
            &key,
            &opener,
            scratch.path(),
            progress,
            "verify.read",
        )?;
        Ok(self.check_view(&path, &header, manifest, checks))
    }

    /// The newest automatic backup of this vault that opens with what was
    /// given and passes every check; `None` when none does.
    pub fn backup_newest_good(
        &mut self,
        input: BackupKeyInput,
    ) -> Result<Option<BackupCheckView>, ApiError> {
        let vault_id = self.live_sidecar().map(|c| c.vault_id);
        let candidates: Vec<Listed> = files::list(&files::automatic_dir(self.paths()))
            .into_iter()
            .filter(|l| vault_id.as_deref().is_none_or(|id| id == l.header.vault_id))
            .collect();
        let mut last_refusal = None;
        for listed in candidates {
            let attempt = self.backup_verify(BackupKeyInput {
                path: listed.path.to_string_lossy().into_owned(),
                ..input.clone()
            });
            match attempt {
                Ok(view) => return Ok(Some(view)),
                Err(err @ ApiError::Throttled { .. }) => return Err(err),
                Err(err @ (ApiError::WrongPassphrase | ApiError::InvalidInput { .. })) => {
                    last_refusal = Some(err)
                }
                Err(_) => {}
            }
        }
        match last_refusal {
            Some(err) => Err(err),
            None => Ok(None),
        }
    }

    /// Restores a backup over this folder's vault (or onto a new laptop).
    pub fn backup_restore(
        &mut self,
        input: RestoreInput,
        progress: &mut Progress<'_>,
    ) -> Result<RestoredView, ApiError> {
        if self.is_unlocked() {
            return Err(ApiError::AlreadyUnlocked);
        }
        const STEPS: u64 = 3;
        progress.step("restore.read", 0, STEPS)?;
        let path = Self::backup_path(&input.path)?;
        let header = files::read_file_header(&path)?.header;
        let (key, opener) = self.backup_key(
            &header,
            &input.username,
            &input.passphrase,
            &input.recovery_key,
        )?;
        let claimed_seq = header
            .sidecar
            .audit_head
            .as_ref()
            .map(|h| h.seq)
            .unwrap_or(0);
        if let Some(warning) = restore_warning(&self.live_vault(), &header.vault_id, claimed_seq) {
            if !input.confirm {
                return Err(ApiError::ConfirmRequired {
                    reason: warning.as_str(),
                });
            }
        }
        let paths = self.paths().clone();
        files::settle_interrupted_restore(&paths)?;
        let staged = files::staged_database(&paths);
        let checked =
            self.unpack_and_check(&path, &key, &opener, &staged, progress, "restore.read");
        let (header, manifest, _) = match checked.and_then(|c| {
            progress.step("restore.check", 1, STEPS)?;
            Ok(c)
        }) {
            Ok(found) => found,
            Err(err) => {
                files::settle_interrupted_restore(&paths)?;
                return Err(err);
            }
        };
        if manifest.audit_head.as_ref().map(|h| h.seq).unwrap_or(0) != claimed_seq {
            files::settle_interrupted_restore(&paths)?;
            return Err(ApiError::BackupInvalid { check: "manifest" });
        }
        if let Err(cancelled) = progress.step("restore.install", 2, STEPS) {
            files::settle_interrupted_restore(&paths)?;
            return Err(cancelled);
        }
        let mut car = header.sidecar.clone();
        car.throttle.clear();
        car.audit_head = manifest.audit_head.clone();
        if let Err(err) = files::install(&paths, &car) {
            files::settle_interrupted_restore(&paths)?;
            return Err(err.into());
        }
        // The restored vault records that it was restored, and by whom.
        let mut vault = Vault::open(&paths, key, &header.vault_id)?;
        let actor = match &opener {
            Opener::User(name) => users::find_by_username(vault.conn(), name)?
                .map(|u| u.id)
                .unwrap_or_else(|| "restore".to_owned()),
            _ => "recovery".to_owned(),
        };
        let now = stamp(self.clock.now());
        vault.write(&actor, &now, |w| -> Result<(), ApiError> {
            w.audit("vault_restored", "vault", &header.vault_id)?;
            Ok(())
        })?;
        car.audit_head = sealed_head(vault.conn(), vault.key())?;
        car.write_atomic(&paths.sidecar)?;
        vault.close()?;
        progress.report("restore.done", STEPS, STEPS);
        Ok(RestoredView {
            created_at: header.created_at,
            audit_seq: manifest.audit_head.map(|h| h.seq).unwrap_or(0),
            tables: manifest.tables,
        })
    }
}
