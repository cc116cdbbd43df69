//! The restore drill's victim: restores a backup file over a vault folder
//! with the fixture's case worker's passphrase (confirmed), printing
//! `done` when the restore has returned. The drill kills it part-way.

use std::sync::atomic::AtomicBool;
use std::sync::Arc;

use homeward_core::api::backups::RestoreInput;
use homeward_core::api::progress::Progress;
use homeward_core::api::App;
use homeward_tests::{test_clock, PASSPHRASE, WORKER};

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(vault), Some(file)) = (args.next(), args.next()) else {
        eprintln!("usage: restore-worker VAULT_DIR BACKUP_FILE");
        std::process::exit(2);
    };
    let mut app = App::open(std::path::Path::new(&vault), Arc::new(test_clock())).expect("open");
    println!("ready");
    let never = AtomicBool::new(false);
    let mut ignore = |_| {};
    app.backup_restore(
        RestoreInput {
            path: file,
            username: Some(WORKER.into()),
            passphrase: Some(PASSPHRASE.into()),
            recovery_key: None,
            confirm: true,
        },
        &mut Progress::new(&mut ignore, &never),
    )
    .expect("restore");
    println!("done");
}
