//! The process's one vault and how commands reach it: every call runs on a
//! blocking thread (never the main thread, which would freeze WebKitGTK)
//! holding the vault's mutex. Beside the mutex, outside it, sits the cancel
//! flag of long operations, so Cancel and Lock can raise it while an
//! operation holds the mutex. Locking raises the flag first and only then
//! waits for the mutex, so it waits at most until the running operation's
//! next check, never for the whole operation.
//!
//! Also here: the page's lock watch, the channel through which the shell
//! tells the page that the vault locked by itself (idle time, sleep).
//!
//! Automatic backups: at quit (before the lock) and at most daily while
//! open. A daily backup is a core `BackupJob` taken under the mutex but
//! run on its own thread WITHOUT the mutex (it opens its own read
//! connection), with its own cancel flag. Every lock raises that flag and
//! waits for the job's thread to end before it locks (the lock's WAL
//! checkpoint needs the job's read transaction gone); the idle lock does
//! the same once the idle time has passed. A command answering `damaged`
//! while a session is open locks at once, so nothing half-read stays open;
//! so does damage found by a daily backup (which reads every page): the
//! idle timer's next tick locks and tells the page (reason `damaged`).

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, TryLockError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant, SystemTime};

use homeward_core::api::backups::BackupJob;
use homeward_core::api::dto::DraftInput;
use homeward_core::api::progress::{Progress, ProgressEvent};
use homeward_core::api::{ApiError, App};
use homeward_core::domain::backup::BackupReason;
use homeward_core::domain::idle::should_lock;
use serde::Serialize;
use tauri::ipc::Channel;

/// Why the vault locked without the page asking, as the page is told.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LockReason {
    Idle,
    Sleep,
    /// An automatic backup, reading every page, found the vault damaged.
    Damaged,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct LockNotice {
    pub reason: LockReason,
}

/// What `vault_lock` answers: whether the draft it was handed was kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct LockedView {
    pub draft_saved: bool,
}

struct Shared {
    dir: PathBuf,
    opened: Mutex<Result<App, ApiError>>,
    /// Raised by Cancel and by every lock; lowered when a long operation starts.
    cancel: AtomicBool,
    /// How many locks are waiting for the mutex: a long operation that gets
    /// the mutex meanwhile gives up at once instead of lowering the flag.
    locks_waiting: AtomicUsize,
    /// The page currently shown, told when the vault locks by itself.
    watcher: Mutex<Option<Channel<LockNotice>>>,
    /// The automatic backup running beside the window, if any.
    backup: Mutex<Option<RunningBackup>>,
    /// When the page last reported activity or the vault was unlocked (the
    /// wall clock, as the core's idle lock reads it): a running backup is
    /// stopped once the idle lock is due, before the lock comes.
    last_activity: Mutex<Option<SystemTime>>,
    /// Raised by an automatic backup that found the vault damaged; the idle
    /// timer's next tick locks and tells the page.
    damage_found: AtomicBool,
}

/// An automatic backup on its own thread, and the flag that stops it.
struct RunningBackup {
    cancel: Arc<AtomicBool>,
    thread: JoinHandle<()>,
}

/// When the shell looks for a due daily backup: `first_after` a session
/// opened, then every `every` while it stays open. Whether one is due
/// (the newest automatic backup over a day old) is the core's rule.
#[derive(Debug, Clone)]
pub struct DailySchedule {
    first_after: Duration,
    every: Duration,
    unlocked_since: Option<Instant>,
    last_look: Option<Instant>,
}

impl DailySchedule {
    pub fn new(first_after: Duration, every: Duration) -> Self {
        Self {
            first_after,
            every,
            unlocked_since: None,
            last_look: None,
        }
    }

    /// The vault is locked: the next session starts the wait again.
    fn locked(&mut self) {
        self.unlocked_since = None;
        self.last_look = None;
    }

    /// Whether to look now (and remember that it did), the vault being open.
    fn look_now(&mut self, now: Instant) -> bool {
        let since = *self.unlocked_since.get_or_insert(now);
        if now.duration_since(since) < self.first_after {
            return false;
        }
        if self
            .last_look
            .is_some_and(|last| now.duration_since(last) < self.every)
        {
            return false;
        }
        self.last_look = Some(now);
        true
    }
}

/// Runs an automatic backup; a failure is printed as its kind only.
/// Returns true when the backup found the vault damaged.
fn run_backup(job: BackupJob, cancel: &AtomicBool) -> bool {
    let what = job.reason().as_str();
    let mut quiet = |_: ProgressEvent| {};
    let mut progress = Progress::new(&mut quiet, cancel);
    match job.run(&mut progress) {
        Ok(_) | Err(ApiError::Cancelled) => false,
        Err(error) => {
            eprintln!("homeward: the {what} backup failed: {}", error.kind());
            matches!(error, ApiError::Damaged { .. })
        }
    }
}

/// The process's one vault, opened once at start. When the opening failed
/// (another process holds the vault: `vault_in_use`), the error is kept and
/// every command answers it, so the page can say so.
#[derive(Clone)]
pub struct VaultState(Arc<Shared>);

fn stopped() -> ApiError {
    ApiError::Storage {
        detail: "the command stopped before it finished".to_owned(),
    }
}

impl VaultState {
    pub fn new(dir: &Path, opened: Result<App, ApiError>) -> Self {
        Self(Arc::new(Shared {
            dir: dir.to_owned(),
            opened: Mutex::new(opened),
            cancel: AtomicBool::new(false),
            locks_waiting: AtomicUsize::new(0),
            watcher: Mutex::new(None),
            backup: Mutex::new(None),
            last_activity: Mutex::new(None),
            damage_found: AtomicBool::new(false),
        }))
    }

    /// The vault folder this process was started on.
    pub fn dir(&self) -> &Path {
        &self.0.dir
    }

    /// True when this process holds the vault (the start did not fail).
    pub fn holds_vault(&self) -> bool {
        self.opened().is_ok()
    }

    fn opened(&self) -> MutexGuard<'_, Result<App, ApiError>> {
        self.0.opened.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Runs `work` on the vault on a blocking thread, holding the mutex.
    pub async fn run<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut App) -> Result<T, ApiError> + Send + 'static,
    {
        let state = self.clone();
        tauri::async_runtime::spawn_blocking(move || match state.opened().as_mut() {
            Ok(app) => {
                let result = work(app);
                state.lock_if_damaged(app, &result);
                result
            }
            Err(error) => Err(error.clone()),
        })
        .await
        .unwrap_or_else(|_| Err(stopped()))
    }

    /// Runs a long operation: like [`run`](Self::run), with a [`Progress`]
    /// that sends each step to `channel` and gives up when the cancel flag
    /// is raised. A lock already waiting makes it give up before it starts.
    pub async fn run_long<T, F>(
        &self,
        channel: Channel<ProgressEvent>,
        work: F,
    ) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut App, &mut Progress<'_>) -> Result<T, ApiError> + Send + 'static,
    {
        let state = self.clone();
        tauri::async_runtime::spawn_blocking(move || {
            let mut opened = state.opened();
            let app = opened.as_mut().map_err(|error| error.clone())?;
            if state.0.locks_waiting.load(Ordering::SeqCst) > 0 {
                return Err(ApiError::Cancelled);
            }
            state.0.cancel.store(false, Ordering::SeqCst);
            let mut report = |event: ProgressEvent| {
                // A page that went away no longer listens; the work goes on.
                let _ = channel.send(event);
            };
            let mut progress = Progress::new(&mut report, &state.0.cancel);
            let result = work(app, &mut progress);
            state.lock_if_damaged(app, &result);
            result
        })
        .await
        .unwrap_or_else(|_| Err(stopped()))
    }

    /// A command found the vault damaged while a session is open: lock at
    /// once (stopping an automatic backup first), so nothing half-read
    /// stays open; the page is told by the error itself.
    fn lock_if_damaged<T>(&self, app: &mut App, result: &Result<T, ApiError>) {
        if matches!(result, Err(ApiError::Damaged { .. })) && app.is_unlocked() {
            self.stop_backup();
            let _ = app.lock();
        }
    }

    /// Remembers that the user did something now (the page's activity, an unlock).
    pub fn note_activity(&self) {
        *self
            .0
            .last_activity
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = Some(SystemTime::now());
    }

    /// Whether the core's idle lock is due, by the activity the shell saw.
    fn idle_lock_due(&self, app: &App) -> bool {
        let Some(seconds) = app.status().idle_lock_seconds else {
            return false;
        };
        let last = *self
            .0
            .last_activity
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        // Never seen: the session is at least as old as the shell's start.
        last.is_none_or(|last| should_lock(last.into(), SystemTime::now().into(), seconds))
    }

    fn backup_slot(&self) -> MutexGuard<'_, Option<RunningBackup>> {
        self.0.backup.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// True while an automatic backup's thread is still running.
    pub fn backup_running(&self) -> bool {
        self.backup_slot()
            .as_ref()
            .is_some_and(|running| !running.thread.is_finished())
    }

    /// Starts `work` on its own thread with a fresh cancel flag, unless a
    /// backup is already running. Call it holding the vault's mutex, so a
    /// lock waiting for the mutex finds the job and stops it.
    fn start_backup<F>(&self, work: F) -> bool
    where
        F: FnOnce(&AtomicBool) + Send + 'static,
    {
        let mut slot = self.backup_slot();
        if slot
            .as_ref()
            .is_some_and(|running| !running.thread.is_finished())
        {
            return false;
        }
        let cancel = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&cancel);
        let spawned = std::thread::Builder::new()
            .name("daily-backup".to_owned())
            .spawn(move || work(&flag));
        match spawned {
            Ok(thread) => {
                *slot = Some(RunningBackup { cancel, thread });
                true
            }
            Err(_) => false,
        }
    }

    /// Stops the running automatic backup, if any, and waits for its thread.
    fn stop_backup(&self) {
        let running = self.backup_slot().take();
        if let Some(running) = running {
            running.cancel.store(true, Ordering::SeqCst);
            let _ = running.thread.join();
        }
    }

    /// One look of the daily backup: when the schedule says so and the
    /// vault is open, takes `backup_job(Daily)` under the mutex (briefly:
    /// a look that finds an operation holding it skips) and starts it on
    /// its own thread. True when a backup was started.
    pub fn daily_backup_tick(&self, schedule: &mut DailySchedule, now: Instant) -> bool {
        let mut opened = match self.0.opened.try_lock() {
            Ok(opened) => opened,
            Err(TryLockError::Poisoned(poisoned)) => poisoned.into_inner(),
            Err(TryLockError::WouldBlock) => return false,
        };
        let Ok(app) = opened.as_mut() else {
            return false;
        };
        if !app.is_unlocked() {
            schedule.locked();
            return false;
        }
        if self.backup_running() || !schedule.look_now(now) {
            return false;
        }
        match app.backup_job(BackupReason::Daily) {
            Ok(Some(job)) => {
                let state = self.clone();
                self.start_backup(move |cancel| {
                    if run_backup(job, cancel) {
                        state.0.damage_found.store(true, Ordering::SeqCst);
                    }
                })
            }
            Ok(None) => false,
            Err(error) => {
                eprintln!(
                    "homeward: the daily backup could not start: {}",
                    error.kind()
                );
                false
            }
        }
    }

    /// Asks the running long operation, if any, to give up.
    pub fn cancel(&self) {
        self.0.cancel.store(true, Ordering::SeqCst);
    }

    /// Locks now on the calling thread: raises the cancel flag, then takes
    /// the mutex, keeps `draft` (what the page was editing) when given, and
    /// locks. The draft failing never stops the lock.
    pub fn lock_now(&self, draft: Option<DraftInput>) -> Result<LockedView, ApiError> {
        self.lock_reporting(draft).map(|(_, view)| view)
    }

    /// [`lock_now`](Self::lock_now), also saying whether a session was open.
    fn lock_reporting(&self, draft: Option<DraftInput>) -> Result<(bool, LockedView), ApiError> {
        self.lock_with(draft, false)
    }

    /// The lock itself: raises the cancel flags, takes the mutex, stops the
    /// automatic backup and waits for its thread, then (at quit, and only
    /// with a session open) takes the quit backup, keeps the draft and locks.
    fn lock_with(
        &self,
        draft: Option<DraftInput>,
        quit_backup: bool,
    ) -> Result<(bool, LockedView), ApiError> {
        self.0.locks_waiting.fetch_add(1, Ordering::SeqCst);
        self.cancel();
        if let Some(running) = self.backup_slot().as_ref() {
            running.cancel.store(true, Ordering::SeqCst);
        }
        let mut opened = self.opened();
        self.0.locks_waiting.fetch_sub(1, Ordering::SeqCst);
        self.stop_backup();
        let app = opened.as_mut().map_err(|error| error.clone())?;
        if quit_backup && app.is_unlocked() {
            match app.backup_job(BackupReason::Quit) {
                Ok(Some(job)) => {
                    run_backup(job, &AtomicBool::new(false));
                }
                Ok(None) => {}
                Err(error) => {
                    eprintln!(
                        "homeward: the quit backup could not start: {}",
                        error.kind()
                    )
                }
            }
        }
        let was_unlocked = app.is_unlocked();
        let draft_saved = match draft {
            Some(draft) if app.is_unlocked() => app.save_draft(draft).is_ok(),
            _ => false,
        };
        app.lock()?;
        Ok((was_unlocked, LockedView { draft_saved }))
    }

    /// [`lock_now`](Self::lock_now) on a blocking thread.
    pub async fn lock(&self, draft: Option<DraftInput>) -> Result<LockedView, ApiError> {
        let state = self.clone();
        tauri::async_runtime::spawn_blocking(move || state.lock_now(draft))
            .await
            .unwrap_or_else(|_| Err(stopped()))
    }

    /// One tick of the idle lock: locks when the idle time has passed on
    /// the wall clock and tells the page; first, locks when an automatic
    /// backup found the vault damaged (and tells the page so). A tick that finds an operation
    /// holding the mutex skips (someone is waiting on that operation).
    pub fn idle_tick(&self) -> bool {
        if self.0.damage_found.swap(false, Ordering::SeqCst) {
            if let Ok((true, _)) = self.lock_reporting(None) {
                self.tell_page(LockReason::Damaged);
            }
            return true;
        }
        let mut opened = match self.0.opened.try_lock() {
            Ok(opened) => opened,
            Err(TryLockError::Poisoned(poisoned)) => poisoned.into_inner(),
            Err(TryLockError::WouldBlock) => return false,
        };
        let locked = match opened.as_mut() {
            Ok(app) => {
                if self.backup_running() && self.idle_lock_due(app) {
                    self.stop_backup();
                }
                app.lock_if_idle().unwrap_or(false)
            }
            Err(_) => false,
        };
        drop(opened);
        if locked {
            self.tell_page(LockReason::Idle);
        }
        locked
    }

    /// Locks because the system is about to sleep, and tells the page.
    pub fn lock_for_sleep(&self) {
        if let Ok((true, _)) = self.lock_reporting(None) {
            self.tell_page(LockReason::Sleep);
        }
    }

    /// Remembers the page to tell when the vault locks by itself.
    pub fn watch(&self, channel: Channel<LockNotice>) {
        *self
            .0
            .watcher
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = Some(channel);
    }

    fn tell_page(&self, reason: LockReason) {
        let watcher = self
            .0
            .watcher
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if let Some(channel) = watcher.as_ref() {
            let _ = channel.send(LockNotice { reason });
        }
    }

    /// At exit, on the calling thread: stops a daily backup, takes the
    /// quit backup when a session is open (so the last work is in a backup
    /// too), then locks.
    pub fn back_up_and_lock_on_exit(&self) {
        let _ = self.lock_with(None, true);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;
    use std::thread;
    use std::time::{Duration, Instant};

    fn no_vault() -> VaultState {
        VaultState::new(Path::new("/nonexistent/homeward"), Err(ApiError::NoVault))
    }

    #[test]
    fn a_lock_raises_the_cancel_flag_before_it_waits_for_the_running_operation() {
        let state = no_vault();
        let operation = state.clone();
        let (started, has_started) = mpsc::channel();
        let running = thread::spawn(move || {
            let _held = operation.opened();
            operation.0.cancel.store(false, Ordering::SeqCst);
            started.send(()).unwrap();
            let begun = Instant::now();
            // A long operation: checks the flag between steps, for up to 10 s.
            while !operation.0.cancel.load(Ordering::SeqCst) {
                if begun.elapsed() > Duration::from_secs(10) {
                    return false;
                }
                thread::sleep(Duration::from_millis(5));
            }
            true
        });
        has_started.recv().unwrap();
        let asked = Instant::now();
        let _ = state.lock_now(None);
        assert!(
            asked.elapsed() < Duration::from_secs(2),
            "the lock waited {:?}, not just until the operation's next check",
            asked.elapsed()
        );
        assert!(running.join().unwrap(), "the operation saw the raised flag");
    }

    #[test]
    fn a_long_operation_that_gets_the_mutex_while_a_lock_waits_gives_up_at_once() {
        let dir = std::env::temp_dir().join(format!("homeward-state-{}", std::process::id()));
        let clock = std::sync::Arc::new(homeward_core::clock::SystemClock);
        let state = VaultState::new(&dir, App::open(&dir, clock));
        let quiet = || Channel::new(|_| Ok(()));
        let ran = |state: &VaultState| {
            tauri::async_runtime::block_on(state.run_long(quiet(), |_, progress| {
                progress.check()?;
                Ok("ran")
            }))
        };
        state.cancel();
        assert_eq!(
            ran(&state),
            Ok("ran"),
            "a new operation lowers an old cancel"
        );
        state.0.locks_waiting.fetch_add(1, Ordering::SeqCst);
        assert_eq!(
            ran(&state),
            Err(ApiError::Cancelled),
            "with a lock waiting, the operation does not start"
        );
        drop(state);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// A fresh vault in its own folder, created and left unlocked as admin.
    fn open_vault(name: &str) -> (PathBuf, VaultState) {
        let dir =
            std::env::temp_dir().join(format!("homeward-state-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let clock = std::sync::Arc::new(homeward_core::clock::SystemClock);
        let mut app = App::open(&dir, clock).expect("the folder opens");
        app.create_vault(homeward_core::api::dto::CreateVaultInput {
            username: "admin".to_owned(),
            passphrase: "harbour willow copper 58 lanterns".to_owned(),
        })
        .expect("the vault is created, unlocked");
        (dir.clone(), VaultState::new(&dir, Ok(app)))
    }

    fn unlocked(state: &VaultState) -> bool {
        state.opened().as_ref().is_ok_and(App::is_unlocked)
    }

    #[test]
    fn a_lock_stops_the_automatic_backup_and_waits_for_its_thread_before_locking() {
        let state = no_vault();
        let (started, has_started) = mpsc::channel();
        let ended = Arc::new(AtomicBool::new(false));
        let job_ended = Arc::clone(&ended);
        assert!(state.start_backup(move |cancel| {
            started.send(()).unwrap();
            let begun = Instant::now();
            while !cancel.load(Ordering::SeqCst) && begun.elapsed() < Duration::from_secs(10) {
                thread::sleep(Duration::from_millis(5));
            }
            // Winding down (closing its read connection) takes a moment.
            thread::sleep(Duration::from_millis(40));
            job_ended.store(true, Ordering::SeqCst);
        }));
        has_started.recv().unwrap();
        assert!(
            !state.start_backup(|_| {}),
            "a second automatic backup does not start beside the first"
        );
        let asked = Instant::now();
        let _ = state.lock_now(None);
        assert!(
            ended.load(Ordering::SeqCst),
            "the backup's thread had ended before the lock went on"
        );
        assert!(
            asked.elapsed() < Duration::from_secs(2),
            "the lock waited {:?}, not for a whole backup",
            asked.elapsed()
        );
        assert!(!state.backup_running());
    }

    #[test]
    fn the_daily_schedule_looks_first_after_the_wait_then_every_interval_and_restarts_at_lock() {
        let t0 = Instant::now();
        let at = |secs: u64| t0 + Duration::from_secs(secs);
        let mut schedule = DailySchedule::new(Duration::from_secs(30), Duration::from_secs(60));
        let looks: Vec<bool> = [0, 5, 29, 30, 35, 89, 90, 150]
            .iter()
            .map(|&secs| schedule.look_now(at(secs)))
            .collect();
        assert_eq!(
            looks,
            [false, false, false, true, false, false, true, true],
            "the first look 30 s after the session opened, then once a minute"
        );
        schedule.locked();
        assert!(!schedule.look_now(at(200)), "a new session waits again");
        assert!(schedule.look_now(at(230)));
    }

    #[test]
    fn a_daily_backup_runs_beside_the_window_and_a_lock_stops_it_and_checkpoints() {
        let (dir, state) = open_vault("daily");
        let mut schedule = DailySchedule::new(Duration::ZERO, Duration::from_secs(60));
        assert!(
            state.daily_backup_tick(&mut schedule, Instant::now()),
            "with no backup yet, a daily one is due and starts"
        );
        // The vault's mutex is free while the backup runs: commands go on.
        let status = tauri::async_runtime::block_on(state.run(|app| Ok(app.status())));
        assert!(status.is_ok_and(|s| s.unlocked));
        state
            .lock_now(None)
            .expect("the lock goes on beside the backup");
        assert!(
            !state.backup_running(),
            "the lock waited for the backup's thread"
        );
        assert!(!unlocked(&state));
        let wal = dir.join("vault.db-wal");
        let wal_bytes = std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0);
        assert_eq!(wal_bytes, 0, "the lock's checkpoint emptied the WAL");
        let folder = dir.join("backups");
        let leftovers: Vec<String> = std::fs::read_dir(&folder)
            .map(|entries| {
                entries
                    .filter_map(Result::ok)
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .filter(|n| !n.ends_with("-daily.hwb"))
                    .collect()
            })
            .unwrap_or_default();
        assert_eq!(
            leftovers,
            Vec::<String>::new(),
            "a stopped backup leaves nothing behind"
        );
        drop(state);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_daily_backup_finishes_when_nothing_stops_it_and_is_not_due_again() {
        let (dir, state) = open_vault("daily-done");
        let mut schedule = DailySchedule::new(Duration::ZERO, Duration::ZERO);
        assert!(state.daily_backup_tick(&mut schedule, Instant::now()));
        while state.backup_running() {
            thread::sleep(Duration::from_millis(10));
        }
        let written = std::fs::read_dir(dir.join("backups"))
            .unwrap()
            .filter_map(Result::ok)
            .filter(|e| e.file_name().to_string_lossy().ends_with("-daily.hwb"))
            .count();
        assert_eq!(written, 1, "the daily backup was written");
        assert!(
            !state.daily_backup_tick(&mut schedule, Instant::now()),
            "a day has not passed: no second daily backup"
        );
        drop(state);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_command_that_finds_the_vault_damaged_locks_it_at_once() {
        let (dir, state) = open_vault("damaged");
        let answer: Result<(), ApiError> = tauri::async_runtime::block_on(state.run(|_| {
            Err(ApiError::Damaged {
                detail: "a page of the vault is damaged",
            })
        }));
        assert_eq!(
            answer.map_err(|e| e.kind()),
            Err("damaged"),
            "the error goes to the page"
        );
        assert!(
            !unlocked(&state),
            "no session stays open on a damaged vault"
        );
        let other: Result<(), ApiError> =
            tauri::async_runtime::block_on(state.run(|_| Err(ApiError::Conflict)));
        assert!(other.is_err());
        drop(state);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn damage_found_by_an_automatic_backup_locks_at_the_next_tick() {
        let (dir, state) = open_vault("damage-found");
        assert!(!state.idle_tick(), "nothing is due: no lock");
        assert!(unlocked(&state));
        state.0.damage_found.store(true, Ordering::SeqCst);
        assert!(state.idle_tick(), "the tick locks");
        assert!(
            !unlocked(&state),
            "no session stays open on a damaged vault"
        );
        assert!(!state.0.damage_found.load(Ordering::SeqCst));
        drop(state);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn quitting_with_a_session_open_takes_a_quit_backup_then_locks() {
        let (dir, state) = open_vault("quit");
        state.back_up_and_lock_on_exit();
        assert!(!unlocked(&state));
        let quit = std::fs::read_dir(dir.join("backups"))
            .unwrap()
            .filter_map(Result::ok)
            .filter(|e| e.file_name().to_string_lossy().ends_with("-quit.hwb"))
            .count();
        assert_eq!(quit, 1, "a quit backup was written before the lock");
        drop(state);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
