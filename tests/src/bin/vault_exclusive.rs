//! Tries to take the vault's database exclusively from another process:
//! exit 0 when it could (nobody has it open), 3 when it is busy. Used to
//! show that a locked app keeps no connection open.

use homeward_core::crypto::{slot, slot_lookup};
use homeward_core::store::sidecar::Sidecar;
use homeward_core::store::VaultPaths;

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(dir), Some(user)) = (args.next(), args.next()) else {
        eprintln!("usage: vault-exclusive VAULT_DIR USERNAME (passphrase in HOMEWARD_PASSPHRASE)");
        std::process::exit(2);
    };
    let passphrase = std::env::var("HOMEWARD_PASSPHRASE").unwrap_or_default();
    let paths = VaultPaths::new(std::path::Path::new(&dir));
    let car = Sidecar::read(&paths.sidecar).expect("sidecar");
    let salt = data_encoding::BASE64
        .decode(car.lookup_salt.as_bytes())
        .expect("salt");
    let found = car.slot(&slot_lookup(&salt, &user)).expect("slot");
    let key = slot::open(found, passphrase.as_bytes(), &car.vault_id).expect("key");
    let conn = homeward_core::store::open::open_connection(
        &paths.database,
        &key,
        homeward_core::store::open::OpenMode::Existing,
    )
    .expect("open");
    let taken = conn
        .execute_batch("PRAGMA busy_timeout = 0; PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE; SELECT count(*) FROM sqlite_master; COMMIT;")
        .and_then(|_| conn.query_row("SELECT count(*) FROM users", [], |r| r.get::<_, i64>(0)));
    match taken {
        Ok(_) => std::process::exit(0),
        Err(_) => std::process::exit(3),
    }
}
