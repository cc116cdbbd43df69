//! The `App` facade: the one door the shell, the CLI and the tests use.
//! It holds the process's lock on the vault folder, the injected clock and,
//! while unlocked, the session (open vault, key and user). Every method
//! checks the session and role, converts DTOs to domain values, applies the
//! pure rules, and writes through one audited transaction.

pub use crate::report::labels::Language;
use std::fs;
use std::path::Path;
use std::sync::Arc;

use zeroize::Zeroizing;

use super::dto::*;
use super::error::ApiError;
use crate::clock::{stamp, Clock};
use crate::crypto::audit_hash::head_mac;
use crate::crypto::normalise_username;
use crate::crypto::recovery::RecoveryKey;
use crate::crypto::{slot, slot_lookup, DbKey};
use crate::domain::account::check_username;
use crate::domain::passphrase::check_passphrase;
use crate::domain::role::Role;
use crate::domain::throttle;
use crate::store::audit::ChainHead;
use crate::store::lockfile::VaultLock;
use crate::store::sidecar::{self, AuditHead, Sidecar};
use crate::store::users::{self, UserRow};
use crate::store::vault::Vault;
use crate::store::{new_id, VaultPaths};

/// The languages the interface's catalogs offer, English first. Needs no
/// vault, nor even an [`App`]: a window whose vault could not be opened
/// still lists them.
pub fn languages() -> Vec<Language> {
    crate::report::labels::languages()
}

/// Words a guesser would try first, refused inside passphrases.
const PRODUCT_WORDS: [&str; 2] = ["homeward", "vault"];

pub(crate) struct Session {
    pub(crate) vault: Vault,
    pub(crate) user: UserRow,
    /// The last time the user did something, on the wall clock.
    pub(crate) last_activity: chrono::DateTime<chrono::Utc>,
}

pub struct App {
    paths: VaultPaths,
    pub(crate) clock: Arc<dyn Clock>,
    session: Option<Session>,
    _lock: VaultLock,
}

fn user_view(row: &UserRow) -> UserView {
    UserView {
        id: row.id.clone(),
        username: row.username.clone(),
        role: row.role.as_str().to_owned(),
        active: row.active,
        districts: row.districts.clone(),
    }
}

fn lookup_salt(sidecar: &Sidecar) -> Result<Vec<u8>, ApiError> {
    data_encoding::BASE64
        .decode(sidecar.lookup_salt.as_bytes())
        .map_err(|_| ApiError::Damaged {
            detail: "the key file is malformed",
        })
}

impl App {
    /// Takes this process's lock on the vault folder (creating the folder,
    /// private to this user, if needed). A second process gets `vault_in_use`.
    pub fn open(dir: &Path, clock: Arc<dyn Clock>) -> Result<Self, ApiError> {
        create_private_dir(dir)?;
        let paths = VaultPaths::new(dir);
        let lock = VaultLock::acquire(&paths.lock)?;
        // A restore cut off by a crash is finished (it passed its commit
        // point) or discarded (it did not) before anything reads the vault.
        crate::store::backup::settle_interrupted_restore(&paths)?;
        crate::store::backup::remove_stale_scratch(dir);
        sidecar::remove_stale_temporaries(dir);
        Ok(Self {
            paths,
            clock,
            session: None,
            _lock: lock,
        })
    }

    pub fn paths(&self) -> &VaultPaths {
        &self.paths
    }

    pub(crate) fn now(&self) -> String {
        stamp(self.clock.now())
    }

    /// Runs `body` as the signed-in user in one audited transaction.
    pub(crate) fn write<T>(
        &mut self,
        body: impl FnOnce(&crate::store::vault::Writer<'_>) -> Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        let now = self.now();
        let session = self.session_mut()?;
        let actor = session.user.id.clone();
        session.vault.write(&actor, &now, body)
    }

    pub(crate) fn session(&self) -> Result<&Session, ApiError> {
        self.session.as_ref().ok_or(ApiError::Locked)
    }

    pub(crate) fn session_mut(&mut self) -> Result<&mut Session, ApiError> {
        self.session.as_mut().ok_or(ApiError::Locked)
    }

    fn vault_exists(&self) -> bool {
        self.paths.sidecar.exists() || self.paths.database.exists()
    }

    pub fn is_unlocked(&self) -> bool {
        self.session.is_some()
    }

    /// The languages the interface offers, from its catalogs (English
    /// first). Needs no vault: the unlock page lists them too.
    pub fn languages(&self) -> Vec<Language> {
        languages()
    }

    pub fn status(&self) -> StatusView {
        StatusView {
            vault_exists: self.vault_exists(),
            unlocked: self.session.is_some(),
            user: self.session.as_ref().map(|s| user_view(&s.user)),
            idle_lock_seconds: self
                .session
                .as_ref()
                .map(|s| super::session::idle_seconds(&s.vault)),
        }
    }

    /// Creates the vault, its administrator and the recovery slot, and
    /// leaves it unlocked as that administrator. The recovery key is
    /// returned once and never stored.
    pub fn create_vault(&mut self, input: CreateVaultInput) -> Result<VaultCreatedView, ApiError> {
        if self.vault_exists() {
            return Err(ApiError::VaultExists);
        }
        check_username(&input.username).map_err(ApiError::bad_username)?;
        let username = normalise_username(&input.username);
        check_passphrase(
            &input.passphrase,
            &[&username, PRODUCT_WORDS[0], PRODUCT_WORDS[1]],
        )
        .map_err(|p| ApiError::weak("passphrase", p))?;

        let key = DbKey::generate()?;
        let vault_id = new_id();
        let salt = Zeroizing::new(crate::crypto::secret::random_bytes::<32>()?);
        let now = self.now();
        let mut vault = Vault::create(&self.paths, key, &vault_id, &now)?;
        let admin_id = new_id();
        let built = (|| -> Result<(UserRow, RecoveryKey, Sidecar), ApiError> {
            vault.write(&admin_id, &now, |w| -> Result<(), ApiError> {
                users::insert(
                    w.conn(),
                    &w.stamp,
                    &admin_id,
                    &username,
                    Role::Administrator,
                    &[],
                )?;
                w.audit("vault_created", "vault", &vault_id)?;
                w.audit("user_added", "user", &admin_id)?;
                Ok(())
            })?;
            let recovery = RecoveryKey::generate()?;
            let user_lookup = slot_lookup(salt.as_ref(), &username);
            let user_slot = slot::seal(
                vault.key(),
                input.passphrase.as_bytes(),
                &vault_id,
                &user_lookup,
                slot::DEFAULT_ITERATIONS,
            )?;
            let recovery_slot = slot::seal(
                vault.key(),
                recovery.secret_bytes(),
                &vault_id,
                sidecar::RECOVERY_LOOKUP,
                slot::DEFAULT_ITERATIONS,
            )?;
            let mut car = Sidecar {
                format: sidecar::FORMAT.to_owned(),
                vault_id: vault_id.clone(),
                lookup_salt: data_encoding::BASE64.encode(salt.as_ref()),
                slots: vec![user_slot, recovery_slot],
                throttle: Vec::new(),
                audit_head: None,
            };
            car.audit_head = sealed_head(&vault)?;
            car.write_atomic(&self.paths.sidecar)?;
            let admin = users::find_by_id(vault.conn(), &admin_id)?
                .ok_or(ApiError::NotFound { entity: "user" })?;
            Ok((admin, recovery, car))
        })();
        match built {
            Ok((admin, recovery, _)) => {
                let view = VaultCreatedView {
                    recovery_key: recovery.display().to_owned(),
                    session: SessionView {
                        user: user_view(&admin),
                    },
                };
                self.session = Some(Session {
                    vault,
                    user: admin,
                    last_activity: self.clock.now(),
                });
                Ok(view)
            }
            Err(err) => {
                drop(vault);
                crate::store::open::remove_database_files(&self.paths.database);
                let _ = fs::remove_file(&self.paths.sidecar);
                Err(err)
            }
        }
    }

    fn read_sidecar(&self) -> Result<Sidecar, ApiError> {
        Ok(Sidecar::read(&self.paths.sidecar)?)
    }

    /// Opens the vault as `username`. A wrong passphrase fails at the key
    /// slot, before the database file is opened; after five failures each
    /// attempt waits (`throttled`), and the wait survives a restart.
    pub fn unlock(&mut self, input: UnlockInput) -> Result<SessionView, ApiError> {
        let never = std::sync::atomic::AtomicBool::new(false);
        let mut ignore = |_| {};
        self.unlock_with_progress(
            input,
            &mut super::progress::Progress::new(&mut ignore, &never),
        )
    }

    /// [`App::unlock`], reporting each step and giving up when cancelled;
    /// a cancelled unlock leaves the vault locked and closed.
    pub fn unlock_with_progress(
        &mut self,
        input: UnlockInput,
        progress: &mut super::progress::Progress<'_>,
    ) -> Result<SessionView, ApiError> {
        if self.session.is_some() {
            return Err(ApiError::AlreadyUnlocked);
        }
        const STEPS: u64 = 4;
        progress.step("unlock.key_slot", 0, STEPS)?;
        let mut car = self.read_sidecar()?;
        let username = normalise_username(&input.username);
        let lookup = slot_lookup(&lookup_salt(&car)?, &username);
        let key = self.open_slot(&mut car, &lookup, input.passphrase.as_bytes())?;
        progress.step("unlock.open_vault", 1, STEPS)?;
        let vault = Vault::open(&self.paths, key, &car.vault_id)?;
        quick_check(&vault)?;
        progress.step("unlock.check_user", 2, STEPS)?;
        let user = match users::find_by_username(vault.conn(), &username)? {
            Some(user) if user.active => user,
            _ => {
                drop(vault);
                car.record_failure(&lookup, self.clock.now());
                car.write_atomic(&self.paths.sidecar)?;
                return Err(ApiError::WrongPassphrase);
            }
        };
        if car.clear_failures(&lookup) {
            car.write_atomic(&self.paths.sidecar)?;
        }
        if let Err(cancelled) = progress.check() {
            vault.close()?;
            return Err(cancelled);
        }
        let mut session = Session {
            vault,
            user,
            last_activity: self.clock.now(),
        };
        let now = self.now();
        let actor = session.user.id.clone();
        session
            .vault
            .write(&actor, &now, |w| w.audit("session_opened", "user", &actor))?;
        let view = SessionView {
            user: user_view(&session.user),
        };
        self.session = Some(session);
        progress.report("unlock.done", STEPS, STEPS);
        Ok(view)
    }

    /// Checks a second person's passphrase while the vault is open under
    /// someone else (a report's approver): their slot must open to this
    /// very vault's key, under the same throttle as an unlock, and they
    /// must be an active user. Their session is not opened.
    pub(crate) fn confirm_other_user(
        &self,
        username: &str,
        passphrase: &str,
    ) -> Result<UserRow, ApiError> {
        let session = self.session()?;
        let mut car = self.read_sidecar()?;
        let username = normalise_username(username);
        let lookup = slot_lookup(&lookup_salt(&car)?, &username);
        let key = self.open_slot(&mut car, &lookup, passphrase.as_bytes())?;
        // The slot opened, so the passphrase is theirs; the key must also
        // be this vault's (a sidecar copied from elsewhere is refused).
        let same_vault = key.as_bytes() == session.vault.key().as_bytes();
        match users::find_by_username(session.vault.conn(), &username)? {
            Some(user) if user.active && same_vault => {
                if car.clear_failures(&lookup) {
                    car.write_atomic(&self.paths.sidecar)?;
                }
                Ok(user)
            }
            _ => {
                car.record_failure(&lookup, self.clock.now());
                car.write_atomic(&self.paths.sidecar)?;
                Err(ApiError::WrongPassphrase)
            }
        }
    }

    /// Checks the throttle, then opens the slot found by `lookup`. Every
    /// failure is counted in the sidecar before the error returns.
    fn open_slot(&self, car: &mut Sidecar, lookup: &str, secret: &[u8]) -> Result<DbKey, ApiError> {
        let now = self.clock.now();
        if let Some(entry) = car.throttle_for(lookup) {
            if let Some(seconds) = throttle::seconds_left(entry.failures, entry.last_failure, now) {
                return Err(ApiError::Throttled { seconds });
            }
        }
        let opened = match car.slot(lookup) {
            Some(found) => slot::open(found, secret, &car.vault_id),
            None => {
                slot::spend_equal_work(secret);
                Err(crate::crypto::CryptoError::WrongSecret)
            }
        };
        match opened {
            Ok(key) => Ok(key),
            Err(crate::crypto::CryptoError::WrongSecret) => {
                car.record_failure(lookup, now);
                car.write_atomic(&self.paths.sidecar)?;
                Err(ApiError::WrongPassphrase)
            }
            Err(other) => Err(other.into()),
        }
    }

    /// Closes the vault: records the session's end, keeps the audit head in
    /// the sidecar, folds the WAL into the file, closes the connection and
    /// wipes the key. The session is gone even if a step fails.
    pub fn lock(&mut self) -> Result<(), ApiError> {
        let Some(mut session) = self.session.take() else {
            return Ok(());
        };
        let now = self.now();
        let actor = session.user.id.clone();
        let recorded = session
            .vault
            .write(&actor, &now, |w| w.audit("session_closed", "user", &actor));
        let head = sealed_head(&session.vault);
        let kept = match head {
            Ok(head) => self.store_audit_head(head),
            Err(err) => Err(err),
        };
        let closed = session.vault.close().map_err(ApiError::from);
        recorded?;
        kept?;
        closed
    }

    fn store_audit_head(&self, head: Option<AuditHead>) -> Result<(), ApiError> {
        let mut car = self.read_sidecar()?;
        car.audit_head = head;
        car.write_atomic(&self.paths.sidecar)?;
        Ok(())
    }

    pub(crate) fn require(&self, allowed: impl Fn(Role) -> bool) -> Result<&Session, ApiError> {
        let session = self.session()?;
        if allowed(session.user.role) {
            Ok(session)
        } else {
            Err(ApiError::Forbidden)
        }
    }

    /// Adds a user with their own key slot (administrators only).
    pub fn add_user(&mut self, input: AddUserInput) -> Result<UserView, ApiError> {
        self.require(Role::manages_users)?;
        check_username(&input.username).map_err(ApiError::bad_username)?;
        let role = Role::parse(&input.role).ok_or(ApiError::InvalidInput {
            field: "role",
            reason: "must be case_worker, mentor, supervisor or administrator",
        })?;
        let username = normalise_username(&input.username);
        let districts: Vec<String> = input
            .districts
            .iter()
            .map(|d| d.trim().to_owned())
            .filter(|d| !d.is_empty())
            .collect();
        if districts.iter().any(|d| d.chars().count() > 80) {
            return Err(ApiError::InvalidInput {
                field: "districts",
                reason: "a district name is longer than 80 characters",
            });
        }
        check_passphrase(
            &input.passphrase,
            &[&username, PRODUCT_WORDS[0], PRODUCT_WORDS[1]],
        )
        .map_err(|p| ApiError::weak("passphrase", p))?;
        let mut car = self.read_sidecar()?;
        let lookup = slot_lookup(&lookup_salt(&car)?, &username);
        let now = self.now();
        let paths = self.paths.clone();
        let session = self.session_mut()?;
        let actor = session.user.id.clone();
        let new_slot = slot::seal(
            session.vault.key(),
            input.passphrase.as_bytes(),
            &car.vault_id,
            &lookup,
            slot::DEFAULT_ITERATIONS,
        )?;
        let user_id = new_id();
        session
            .vault
            .write(&actor, &now, |w| -> Result<(), ApiError> {
                users::insert(w.conn(), &w.stamp, &user_id, &username, role, &districts).map_err(
                    |e| match e {
                        crate::store::StoreError::Duplicate(_) => ApiError::Duplicate {
                            entity: "user",
                            field: "username",
                        },
                        other => other.into(),
                    },
                )?;
                w.audit("user_added", "user", &user_id)?;
                car.put_slot(new_slot);
                car.clear_failures(&lookup);
                car.write_atomic(&paths.sidecar)?;
                Ok(())
            })?;
        let row = users::find_by_id(session.vault.conn(), &user_id)?
            .ok_or(ApiError::NotFound { entity: "user" })?;
        Ok(user_view(&row))
    }

    fn active_user(&self, username: &str, field: &'static str) -> Result<UserRow, ApiError> {
        let session = self.session()?;
        users::find_by_username(session.vault.conn(), &normalise_username(username))?
            .filter(|u| u.active)
            .ok_or(ApiError::InvalidInput {
                field,
                reason: "is not an active user",
            })
    }

    /// Moves `from`'s open cases and mentees to `to` (same role), in one
    /// audited transaction (administrators).
    pub fn reassign_user(&mut self, input: ReassignInput) -> Result<ReassignedView, ApiError> {
        self.require(Role::manages_users)?;
        let from = self.active_user(&input.from, "from").or_else(|_| {
            let session = self.session()?;
            users::find_by_username(session.vault.conn(), &normalise_username(&input.from))?.ok_or(
                ApiError::InvalidInput {
                    field: "from",
                    reason: "is not a user",
                },
            )
        })?;
        let to = self.active_user(&input.to, "to")?;
        if from.role != to.role || from.id == to.id {
            return Err(ApiError::InvalidInput {
                field: "to",
                reason: "must be another user with the same role",
            });
        }
        let now = self.now();
        let session = self.session_mut()?;
        let actor = session.user.id.clone();
        let moved = session
            .vault
            .write(&actor, &now, |w| -> Result<usize, ApiError> {
                let moved = users::reassign_cases(w.conn(), &w.stamp, &from.id, &to.id)?;
                for case in &moved {
                    w.audit("case_reassigned", "case", case)?;
                }
                Ok(moved.len())
            })?;
        Ok(ReassignedView {
            user: user_view(&to),
            cases_moved: moved,
        })
    }

    /// Deactivates a user: their key slot is removed so their passphrase
    /// no longer opens the vault, their open cases and mentees move to the
    /// successor in the same transaction, and their history stays.
    pub fn deactivate_user(
        &mut self,
        input: DeactivateUserInput,
    ) -> Result<ReassignedView, ApiError> {
        self.require(Role::manages_users)?;
        let user = self.active_user(&input.username, "username")?;
        if user.id == self.session()?.user.id {
            return Err(ApiError::InvalidInput {
                field: "username",
                reason: "you cannot deactivate yourself",
            });
        }
        let successor = match input
            .successor
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            Some(name) => {
                let to = self.active_user(name, "successor")?;
                if to.role != user.role || to.id == user.id {
                    return Err(ApiError::InvalidInput {
                        field: "successor",
                        reason: "must be another user with the same role",
                    });
                }
                Some(to)
            }
            None => None,
        };
        let open = users::open_case_count(self.session()?.vault.conn(), &user.id)?;
        if open > 0 && successor.is_none() {
            return Err(ApiError::InvalidInput {
                field: "successor",
                reason: "is required: this user has open cases",
            });
        }
        let mut car = self.read_sidecar()?;
        let lookup = slot_lookup(&lookup_salt(&car)?, &user.username);
        let now = self.now();
        let paths = self.paths.clone();
        let session = self.session_mut()?;
        let actor = session.user.id.clone();
        let moved = session
            .vault
            .write(&actor, &now, |w| -> Result<usize, ApiError> {
                users::deactivate(w.conn(), &w.stamp, &user.id)?;
                w.audit("user_deactivated", "user", &user.id)?;
                let mut moved = 0;
                if let Some(to) = &successor {
                    for case in users::reassign_cases(w.conn(), &w.stamp, &user.id, &to.id)? {
                        w.audit("case_reassigned", "case", &case)?;
                        moved += 1;
                    }
                }
                car.remove_slot(&lookup);
                car.write_atomic(&paths.sidecar)?;
                Ok(moved)
            })?;
        let session = self.session()?;
        let row = users::find_by_id(session.vault.conn(), &user.id)?
            .ok_or(ApiError::NotFound { entity: "user" })?;
        Ok(ReassignedView {
            user: user_view(&row),
            cases_moved: moved,
        })
    }

    /// Active case workers and mentors who share a district with the reader,
    /// so a case worker or supervisor can choose who is assigned or mentors.
    pub fn list_colleagues(&self) -> Result<Vec<UserView>, ApiError> {
        let session = self.require(|r| matches!(r, Role::CaseWorker | Role::Supervisor))?;
        let mine = &session.user.districts;
        Ok(users::list(session.vault.conn())?
            .iter()
            .filter(|u| u.active && matches!(u.role, Role::CaseWorker | Role::Mentor))
            .filter(|u| u.districts.iter().any(|d| mine.contains(d)))
            .map(user_view)
            .collect())
    }

    /// Every user, for administrators.
    pub fn list_users(&self) -> Result<Vec<UserView>, ApiError> {
        let session = self.require(Role::manages_users)?;
        Ok(users::list(session.vault.conn())?
            .iter()
            .map(user_view)
            .collect())
    }

    /// Changes the signed-in user's own passphrase: one slot is rewritten,
    /// the database is not.
    pub fn change_passphrase(&mut self, input: ChangePassphraseInput) -> Result<(), ApiError> {
        let session = self.session()?;
        let username = session.user.username.clone();
        let mut car = self.read_sidecar()?;
        let lookup = slot_lookup(&lookup_salt(&car)?, &username);
        let current_key = self
            .open_slot(&mut car, &lookup, input.current.as_bytes())
            .map_err(|e| match e {
                ApiError::WrongPassphrase => ApiError::InvalidInput {
                    field: "current",
                    reason: "is not your current passphrase",
                },
                other => other,
            })?;
        drop(current_key);
        check_passphrase(&input.new, &[&username, PRODUCT_WORDS[0], PRODUCT_WORDS[1]])
            .map_err(|p| ApiError::weak("new", p))?;
        let now = self.now();
        let paths = self.paths.clone();
        let session = self.session_mut()?;
        let actor = session.user.id.clone();
        let new_slot = slot::seal(
            session.vault.key(),
            input.new.as_bytes(),
            &car.vault_id,
            &lookup,
            slot::DEFAULT_ITERATIONS,
        )?;
        session
            .vault
            .write(&actor, &now, |w| -> Result<(), ApiError> {
                w.audit("passphrase_changed", "user", &actor)?;
                car.put_slot(new_slot);
                car.clear_failures(&lookup);
                car.write_atomic(&paths.sidecar)?;
                Ok(())
            })
    }

    /// Resets a user's slot with the recovery key (while locked). The
    /// recovery attempts are throttled like any unlock.
    pub fn recover(&mut self, input: RecoverInput) -> Result<UserView, ApiError> {
        if self.session.is_some() {
            return Err(ApiError::AlreadyUnlocked);
        }
        let recovery = RecoveryKey::parse(&input.recovery_key)?;
        check_username(&input.username).map_err(ApiError::bad_username)?;
        let username = normalise_username(&input.username);
        check_passphrase(
            &input.new_passphrase,
            &[&username, PRODUCT_WORDS[0], PRODUCT_WORDS[1]],
        )
        .map_err(|p| ApiError::weak("new_passphrase", p))?;
        let mut car = self.read_sidecar()?;
        let key = self
            .open_slot(&mut car, sidecar::RECOVERY_LOOKUP, recovery.secret_bytes())
            .map_err(|e| match e {
                ApiError::WrongPassphrase => ApiError::InvalidInput {
                    field: "recovery_key",
                    reason: "does not open this vault",
                },
                other => other,
            })?;
        let mut vault = Vault::open(&self.paths, key, &car.vault_id)?;
        let user = users::find_by_username(vault.conn(), &username)?
            .filter(|u| u.active)
            .ok_or(ApiError::NotFound { entity: "user" })?;
        let lookup = slot_lookup(&lookup_salt(&car)?, &username);
        let new_slot = slot::seal(
            vault.key(),
            input.new_passphrase.as_bytes(),
            &car.vault_id,
            &lookup,
            slot::DEFAULT_ITERATIONS,
        )?;
        let now = self.now();
        let paths = self.paths.clone();
        vault.write("recovery", &now, |w| -> Result<(), ApiError> {
            w.audit("passphrase_reset_with_recovery_key", "user", &user.id)?;
            car.put_slot(new_slot);
            car.clear_failures(&lookup);
            car.clear_failures(sidecar::RECOVERY_LOOKUP);
            Ok(())
        })?;
        car.audit_head = sealed_head(&vault)?;
        car.write_atomic(&paths.sidecar)?;
        vault.close()?;
        Ok(user_view(&user))
    }

    /// Verifies the whole audit chain against the head kept in the sidecar.
    pub fn verify_audit(&self) -> Result<AuditVerifyView, ApiError> {
        let session = self.require(Role::verifies_audit)?;
        let car = self.read_sidecar()?;
        let expected = car.audit_head.as_ref().map(|head| ChainHead {
            seq: head.seq,
            hash: head.hash.clone(),
        });
        let seal_ok = car
            .audit_head
            .as_ref()
            .map(|head| head_mac(session.vault.key(), head.seq, &head.hash) == head.mac)
            .unwrap_or(true);
        // A head whose seal does not hold cannot be compared against; the
        // chain's own links are still checked.
        let trusted = if seal_ok { expected.as_ref() } else { None };
        let report = session.vault.verify_audit(trusted)?;
        let first_break = if seal_ok {
            report.first_break
        } else {
            report
                .first_break
                .or(Some(crate::store::audit::ChainBreak::HeadSealInvalid))
        };
        Ok(AuditVerifyView {
            intact: first_break.is_none(),
            events: report.events,
            head_seq: report.head.map(|h| h.seq),
            sidecar_head_seq: expected.map(|h| h.seq),
            first_break,
        })
    }
}

impl Drop for App {
    fn drop(&mut self) {
        let _ = self.lock();
    }
}

/// The vault's current audit head with its seal, for the sidecar.
fn sealed_head(vault: &Vault) -> Result<Option<AuditHead>, ApiError> {
    Ok(vault.audit_head()?.map(|head| AuditHead {
        mac: head_mac(vault.key(), head.seq, &head.hash),
        seq: head.seq,
        hash: head.hash,
    }))
}

/// The check at every unlock, quick whatever the vault's size: SQLite's
/// check of the settings and users tables, whose pages (and so their
/// HMACs) it reads whole. Corruption elsewhere is caught when its page is
/// read (any command then answers `damaged`) and by the full read each
/// automatic backup makes as it copies every row. A database swapped for
/// an older copy is not damage: `audit verify` reports it as events cut
/// off against the head sealed in the key file.
fn quick_check(vault: &Vault) -> Result<(), ApiError> {
    for table in ["settings", "users"] {
        let verdict: String = vault
            .conn()
            .query_row(&format!("PRAGMA quick_check({table})"), [], |r| r.get(0))
            .map_err(crate::store::StoreError::from)?;
        if verdict != "ok" {
            return Err(ApiError::Damaged {
                detail: "a table failed its check",
            });
        }
    }
    Ok(())
}

fn create_private_dir(dir: &Path) -> Result<(), ApiError> {
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
    builder.create(dir).map_err(|err| ApiError::Storage {
        detail: format!("cannot create the vault folder: {:?}", err.kind()),
    })
}
