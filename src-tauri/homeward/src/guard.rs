//! What locks the vault without the page asking: the idle timer and the
//! system going to sleep. Also the daily backup's timer, which looks for a
//! due daily backup about 30 s after an unlock and then every minute (the
//! backup itself runs on its own thread, see `state`).
//!
//! The idle timer is a thread that ticks about once a second and asks the
//! core whether the idle time has passed on the wall clock (the rule lives
//! in `domain::idle`): a laptop that slept past the deadline, or whose
//! clock jumped, locks on the first tick after it wakes.
//!
//! Sleep: logind's `PrepareForSleep(true)` on the system D-Bus, heard
//! through GIO (already linked by WebKitGTK, so no new D-Bus stack). Where
//! there is no system bus (CI, containers) the app says so once, naming
//! nothing personal, and carries on. Any sender may emit the signal; the
//! worst a forged one can do is lock the vault.

use std::time::{Duration, Instant};

use crate::state::{DailySchedule, VaultState};

const TICK: Duration = Duration::from_secs(1);
/// The daily backup's first look after an unlock, and how often it looks.
/// Ten minutes in, so a short session (and the test suite's and the
/// benchmark's launches) is not slowed by a copy of the whole vault.
const DAILY_FIRST_LOOK: Duration = Duration::from_secs(600);
const DAILY_LOOK_EVERY: Duration = Duration::from_secs(60);
const DAILY_TICK: Duration = Duration::from_secs(5);

/// Starts the idle timer; it runs for the life of the process.
pub fn start_idle_timer(vault: VaultState) {
    let started = std::thread::Builder::new()
        .name("idle-lock".to_owned())
        .spawn(move || loop {
            std::thread::sleep(TICK);
            vault.idle_tick();
        });
    if started.is_err() {
        eprintln!("homeward: the idle lock could not start; lock by hand");
    }
}

/// Starts the daily backup's timer; it runs for the life of the process.
pub fn start_daily_backups(vault: VaultState) {
    let started = std::thread::Builder::new()
        .name("daily-backup-timer".to_owned())
        .spawn(move || {
            let mut schedule = DailySchedule::new(DAILY_FIRST_LOOK, DAILY_LOOK_EVERY);
            loop {
                std::thread::sleep(DAILY_TICK);
                vault.daily_backup_tick(&mut schedule, Instant::now());
            }
        });
    if started.is_err() {
        eprintln!("homeward: the daily backup could not start; back up by hand");
    }
}

/// Locks the vault when the system is about to sleep. Must run on the
/// main thread: the signal arrives through its GLib main loop.
pub fn watch_for_sleep(vault: VaultState) {
    let bus = match gio::bus_get_sync(gio::BusType::System, gio::Cancellable::NONE) {
        Ok(bus) => bus,
        Err(_) => {
            eprintln!("homeward: no system bus; the vault will not lock before sleep by itself");
            return;
        }
    };
    bus.signal_subscribe(
        None,
        Some("org.freedesktop.login1.Manager"),
        Some("PrepareForSleep"),
        Some("/org/freedesktop/login1"),
        None,
        gio::DBusSignalFlags::NONE,
        move |_bus, _sender, _path, _interface, _signal, parameters| {
            if parameters.get::<(bool,)>() == Some((true,)) {
                // Off the main thread: the lock may wait for an operation's
                // next cancellation check.
                let vault = vault.clone();
                std::thread::spawn(move || vault.lock_for_sleep());
            }
        },
    );
    // The subscription lives as long as the connection; keep it for the
    // life of the process.
    std::mem::forget(bus);
}
