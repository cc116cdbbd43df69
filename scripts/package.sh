#!/usr/bin/env bash
# Builds Homeward's Debian package with Tauri's bundler: installs the pinned
# Tauri CLI (the npm package, prebuilt, into target/tauri-cli) if it is not
# there, makes sure the release build is current (the same cargo command as
# scripts/test.sh, so after the test suite's build it compiles nothing), and
# bundles that very binary into target/release/bundle/deb/*.deb.
#
# `tauri build --bundles deb` would run `cargo build --bins --features
# tauri/custom-protocol --release` in src-tauri/homeward (custom-protocol is
# already the crate's default feature, and the features cargo resolves for
# it are the same as in the joint build below) and then bundle; `tauri
# bundle` is its second half alone, so the .deb holds byte for byte the
# program the end-to-end tests ran. --no-binary-patching keeps Tauri from
# rewriting target/release/homeward in place (the marker it writes is only
# read by Tauri's updater, which Homeward does not use).
#   --no-build   skip the cargo step (the caller has just built)
# Prints the .deb's path as its last line.
set -euo pipefail
cd "$(dirname "$0")/.."

TAURI_CLI_VERSION="2.12.5" # the npm package; matches the tauri crate in Cargo.lock
cli_dir="target/tauri-cli"
cli="$cli_dir/node_modules/.bin/tauri"

build=1
[ "${1:-}" = "--no-build" ] && build=0

started=$(date +%s)
step() { echo "package: $* ($(($(date +%s) - started)) s)" >&2; }

if [ ! -x "$cli" ] || [ "$("$cli" --version 2>/dev/null)" != "tauri-cli $TAURI_CLI_VERSION" ]; then
  if ! command -v npm >/dev/null 2>&1; then
    echo "package: npm is required (scripts/install-deps.sh --tests installs it)" >&2
    exit 1
  fi
  step "installing the Tauri CLI $TAURI_CLI_VERSION"
  mkdir -p "$cli_dir"
  npm install --prefix "$cli_dir" --no-save --no-package-lock --no-audit --no-fund --loglevel=error \
    "@tauri-apps/cli@$TAURI_CLI_VERSION" >&2
fi

if [ "$build" -eq 1 ]; then
  step "release build"
  cargo build --release --locked -p homeward -p homeward-cli >&2
fi

step "bundling"
rm -rf target/release/bundle/deb
(cd src-tauri/homeward && CI=true "$OLDPWD/$cli" bundle --bundles deb --no-binary-patching --ci) >&2
shopt -s nullglob
debs=(target/release/bundle/deb/*.deb)
if [ "${#debs[@]}" -ne 1 ]; then
  echo "package: expected one .deb in target/release/bundle/deb, found ${#debs[@]}" >&2
  exit 1
fi
if ! cmp -s target/release/homeward <(dpkg-deb --fsys-tarfile "${debs[0]}" | tar -xO --wildcards "*usr/bin/homeward"); then
  echo "package: the packaged program differs from target/release/homeward" >&2
  exit 1
fi
step "done: ${debs[0]} ($(du -h "${debs[0]}" | cut -f1))"
echo "$PWD/${debs[0]}"
