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

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, TryLockError};

use homeward_core::api::dto::DraftInput;
use homeward_core::api::progress::{Progress, ProgressEvent};
use homeward_core::api::{ApiError, App};
use serde::Serialize;
use tauri::ipc::Channel;

/// Why the vault locked without the page asking, as the page is told.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LockReason {
    Idle,
    Sleep,
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
            Ok(app) => work(app),
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
            work(app, &mut progress)
        })
        .await
        .unwrap_or_else(|_| Err(stopped()))
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
        self.0.locks_waiting.fetch_add(1, Ordering::SeqCst);
        self.cancel();
        let mut opened = self.opened();
        self.0.locks_waiting.fetch_sub(1, Ordering::SeqCst);
        let app = opened.as_mut().map_err(|error| error.clone())?;
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
    /// the wall clock and tells the page. A tick that finds an operation
    /// holding the mutex skips (someone is waiting on that operation).
    pub fn idle_tick(&self) -> bool {
        let mut opened = match self.0.opened.try_lock() {
            Ok(opened) => opened,
            Err(TryLockError::Poisoned(poisoned)) => poisoned.into_inner(),
            Err(TryLockError::WouldBlock) => return false,
        };
        let locked = match opened.as_mut() {
            Ok(app) => app.lock_if_idle().unwrap_or(false),
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

    /// Locks the vault when the app exits, on the calling thread.
    pub fn lock_on_exit(&self) {
        let _ = self.lock_now(None);
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
}
