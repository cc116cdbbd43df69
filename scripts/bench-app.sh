#!/usr/bin/env bash
# Benchmarks the real release app in real WebKit (issue 9): start-up time
# to the unlock screen drawn (p50/p95 over --runs launches, each with a
# fresh HOME) and resident memory of the app and its WebKit processes at
# home and after opening --cases cases. The work is tests/bench/app_bench.py,
# run under a virtual X server inside a private D-Bus session, as
# scripts/e2e.sh runs the suite. It does not build: run
# `cargo build --release -p homeward -p homeward-cli` first.
#
#   HOMEWARD_PASSPHRASE=... bash scripts/bench-app.sh --vault DIR --user supervisor \
#       [--runs 10] [--cases 50] [--json]
#
# The vault is changed (unlocks and case openings are audited): give it a
# copy. With --json, stdout is one JSON document; otherwise a table.
#   HOMEWARD_APP        the binary (default target/release/homeward)
#   HOMEWARD_CLI        the CLI (default target/release/homeward-cli)
#   HOMEWARD_TEST_VENV  the Python venv with tests/e2e/requirements.txt
#                       (default target/e2e-venv)
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

venv="${HOMEWARD_TEST_VENV:-target/e2e-venv}"
export HOMEWARD_APP="${HOMEWARD_APP:-$repo/target/release/homeward}"
export HOMEWARD_CLI="${HOMEWARD_CLI:-$repo/target/release/homeward-cli}"

for binary in "$HOMEWARD_APP" "$HOMEWARD_CLI"; do
  if [ ! -x "$binary" ]; then
    echo "bench-app: no binary at $binary; build with: cargo build --release -p homeward -p homeward-cli" >&2
    exit 1
  fi
done
if [ ! -x "$venv/bin/python" ]; then
  echo "bench-app: no Python venv at $venv; run scripts/install-deps.sh --tests" >&2
  exit 1
fi
for tool in tauri-driver WebKitWebDriver xvfb-run dbus-run-session; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "bench-app: $tool is not installed; run scripts/install-deps.sh --tests" >&2
    exit 1
  fi
done

# The private session bus and the accessibility registry log every
# service they start, on stdout and stderr: keep that chatter out, so
# stdout holds the table or the JSON document alone.
chatter='/^(dbus-daemon\[|SpiRegistry daemon)/d'
set +e
dbus-run-session -- \
  xvfb-run -a -s "-screen 0 1366x768x24" \
  "$venv/bin/python" tests/bench/app_bench.py "$@" \
  2> >(sed -u -E -e "$chatter" >&2) |
  sed -u -E -e "$chatter"
status="${PIPESTATUS[0]}"
exit "$status"
