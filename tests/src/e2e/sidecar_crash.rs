//! The crash drill: a process rewriting the sidecar is killed with
//! SIGKILL at random moments; every time, the file left behind is either
//! the old version or the new one, never a broken one.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

use chrono::TimeZone;
use homeward_core::store::sidecar::Sidecar;
use homeward_core::store::VaultPaths;
use homeward_tests::fixture;

const TRIALS: u64 = 60;

#[test]
fn killing_a_sidecar_write_leaves_the_old_or_the_new_file() {
    let fx = fixture();
    let paths = VaultPaths::new(&fx.vault());
    let version_a = Sidecar::read(&paths.sidecar).unwrap();
    let mut version_b = version_a.clone();
    let when = chrono::Utc.with_ymd_and_hms(2026, 11, 21, 9, 0, 0).unwrap();
    for index in 0..200 {
        version_b.record_failure(&format!("{index:064x}"), when);
    }
    let file_a = fx.dir.path().join("a.keys");
    let file_b = fx.dir.path().join("b.keys");
    version_a.write_atomic(&file_a).unwrap();
    version_b.write_atomic(&file_b).unwrap();

    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut saw = [0u32; 2];
    for trial in 0..TRIALS {
        let mut child = Command::new(env!("CARGO_BIN_EXE_sidecar-writer"))
            .arg(&paths.sidecar)
            .arg(&file_a)
            .arg(&file_b)
            .stdout(Stdio::piped())
            .spawn()
            .expect("spawn writer");
        let mut ready = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut ready)
            .unwrap();
        assert_eq!(ready.trim(), "ready");
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        std::thread::sleep(Duration::from_micros(500 + seed % 20_000));
        child.kill().expect("SIGKILL");
        child.wait().unwrap();
        let left = Sidecar::read(&paths.sidecar).unwrap_or_else(|err| {
            panic!("trial {trial}: the sidecar is broken after a kill: {err}")
        });
        if left == version_a {
            saw[0] += 1;
        } else if left == version_b {
            saw[1] += 1;
        } else {
            panic!("trial {trial}: the sidecar is neither the old nor the new version");
        }
    }
    assert_eq!(saw[0] + saw[1], TRIALS as u32);
    assert!(
        saw[1] > 0,
        "the drill must actually interrupt rewrites: {saw:?}"
    );
}
