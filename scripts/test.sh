#!/usr/bin/env bash
# The whole test suite on a fresh Debian or Ubuntu machine: installs what
# is needed, checks formatting and lints once, runs the Rust tests (which
# replay the fuzz corpus) and checks that the fuzz targets compile, builds
# the release app once, runs the generator and the benchmark at 5,000
# cases (checking the report's shape) and the WebKit end-to-end tests,
# then packages that build as a .deb and checks it in a fresh chroot.
set -euo pipefail
cd "$(dirname "$0")/.."

started=$(date +%s)
stage() { echo; echo "== $* ($(( $(date +%s) - started )) s)"; }

stage "install"
bash scripts/install-deps.sh --tests
export PATH="$HOME/.cargo/bin:$PATH"

stage "format"
cargo fmt --all -- --check

stage "clippy"
cargo clippy --workspace --all-targets --locked -- -D warnings

stage "rust tests"
cargo test --workspace --locked

stage "fuzz targets compile (no fuzzing here: the rust tests replay their corpus)"
cargo check --manifest-path fuzz/Cargo.toml --locked --target-dir target

stage "release build"
cargo build --release --locked -p homeward -p homeward-cli

stage "benchmark at 5,000 cases (the output's shape, never a time)"
bash scripts/bench.sh --cases 5000 --runs 3 --check

stage "webkit end-to-end tests"
bash scripts/e2e.sh

# The .deb holds the release binary built above (Tauri's bundler, no
# second compile; so before any later rebuild). The check installs it in a
# fresh debootstrap chroot, starts it to the unlock screen under Xvfb and
# scans every file of the package.
stage "debian package and its check in a fresh chroot"
bash scripts/package.sh --no-build
bash scripts/deb-check.sh

# A new language is one more catalog file: write the pseudo-locale catalog
# (every string wrapped and lengthened), rebuild the window with it, and
# check every page in it (no text bypasses the catalogs, nothing overflows
# at 1366x768). The file goes again whatever happens, so the tree stays
# clean; the next build drops it from the binary.
stage "pseudo-locale: one more catalog, every page wrapped and fitting"
python3 scripts/pseudo-locale.py
trap 'python3 scripts/pseudo-locale.py --remove' EXIT
cargo build --release --locked -p homeward
HOMEWARD_PSEUDO_STAGE=1 HOMEWARD_E2E_KEEP_SHOTS=1 bash scripts/e2e.sh -k "test_i18n and pseudo"
python3 scripts/pseudo-locale.py --remove
trap - EXIT

stage "done"
