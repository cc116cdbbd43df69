//! The fuzz corpus replayed, as CI runs it (no fuzzing time in CI): every
//! file of `tests/fuzz/corpus/<target>/` and `tests/fuzz/regressions/<target>/`
//! goes through the same body the fuzzer runs (`homeward_tests::hostile`),
//! and each must be answered without a panic and within a second.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use homeward_tests::hostile;

/// The bound: no input may take longer than this.
const PER_INPUT: Duration = Duration::from_secs(1);

fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.is_file())
        .collect();
    files.sort();
    files
}

/// Runs `body` on `bytes`: `Err` with what went wrong on a panic.
fn timed(body: hostile::Body, bytes: &[u8]) -> Result<Duration, String> {
    let started = Instant::now();
    match catch_unwind(AssertUnwindSafe(|| body(bytes))) {
        Ok(()) => Ok(started.elapsed()),
        Err(panic) => Err(panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
            .unwrap_or_else(|| "a panic".into())),
    }
}

fn replay(target: &str) {
    let (_, body) = hostile::TARGETS
        .iter()
        .find(|(name, _)| *name == target)
        .unwrap_or_else(|| panic!("no target {target} in hostile::TARGETS"));
    let root = hostile::fuzz_root();
    let corpus = root.join("corpus").join(target);
    let mut files = files_in(&corpus);
    assert!(
        !files.is_empty(),
        "the corpus of {target} is missing or empty: {}",
        corpus.display()
    );
    files.extend(files_in(&root.join("regressions").join(target)));
    hostile::prepare(target);
    let mut failures = Vec::new();
    for file in &files {
        let bytes = std::fs::read(file).expect("read a corpus file");
        let mut outcome = timed(*body, &bytes);
        if matches!(outcome, Ok(took) if took > PER_INPUT) {
            // Once more, to tell a slow input from a busy machine.
            outcome = timed(*body, &bytes);
        }
        match outcome {
            Ok(took) if took > PER_INPUT => failures.push(format!(
                "{}: took {:.2} s (twice), over the 1 s bound",
                file.display(),
                took.as_secs_f64()
            )),
            Ok(_) => {}
            Err(panic) => failures.push(format!("{}: panicked: {panic}", file.display())),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} {target} inputs failed:\n{}",
        failures.len(),
        files.len(),
        failures.join("\n")
    );
}

#[test]
fn every_target_has_a_corpus_and_a_fuzz_binary() {
    let root = hostile::fuzz_root();
    let manifest =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz/Cargo.toml"))
            .expect("fuzz/Cargo.toml");
    for (target, _) in hostile::TARGETS {
        assert!(
            manifest.contains(&format!("name = \"{target}\"")),
            "fuzz/Cargo.toml has no binary for {target}"
        );
        assert!(
            !files_in(&root.join("corpus").join(target)).is_empty(),
            "{target} has no corpus"
        );
    }
}

#[test]
fn backup_corpus_replays_without_panic_or_hang() {
    replay("backup");
}

#[test]
fn sidecar_corpus_replays_without_panic_or_hang() {
    replay("sidecar");
}

#[test]
fn service_csv_corpus_replays_without_panic_or_hang() {
    replay("service_csv");
}

#[test]
fn audit_corpus_replays_without_panic_or_hang() {
    replay("audit");
}

#[test]
fn ipc_corpus_replays_without_panic_or_hang() {
    replay("ipc");
}

#[test]
fn the_fixed_key_backups_open_and_pass_every_check_so_the_fuzzer_reaches_the_manifest() {
    let dir = tempfile::tempdir().unwrap();
    let seeds = hostile::backup_seeds();
    let (_, file) = seeds
        .iter()
        .find(|(name, _)| *name == "fixed-key-file")
        .expect("a fixed-key file seed");
    let path = dir.path().join("fixed.hwb");
    std::fs::write(&path, &file[1..]).unwrap();
    let out = dir.path().join("unpacked.db");
    let (_, manifest) =
        homeward_core::store::backup::unpack(&path, hostile::fixed_key(), &out, &mut |_| true)
            .expect("the fixed-key backup opens");
    assert!(manifest.audit_head.is_some(), "its manifest seals a head");
    let checks =
        homeward_core::store::backup::check_unpacked(&out, hostile::fixed_key(), &manifest)
            .expect("checks run");
    assert!(
        checks.iter().all(|c| c.ok),
        "every check of the fixed-key backup passes: {checks:?}"
    );
}
