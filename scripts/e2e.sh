#!/usr/bin/env bash
# Runs the end-to-end suite (tests/e2e, pytest + selenium + tauri-driver +
# WebKitWebDriver) against already-built release binaries, under a virtual
# X server inside a private D-Bus session. It does not build: run
# `cargo build --release -p homeward -p homeward-cli` first (the CLI writes
# the generated vaults some tests start from). Extra arguments go to pytest.
#   HOMEWARD_APP        the binary (default target/release/homeward)
#   HOMEWARD_CLI        the CLI (default target/release/homeward-cli)
#   HOMEWARD_TEST_VENV  the Python venv with tests/e2e/requirements.txt
#                       (default target/e2e-venv)
#   HOMEWARD_E2E_KEEP_SHOTS=1  keep earlier screenshots and logs
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

venv="${HOMEWARD_TEST_VENV:-target/e2e-venv}"
export HOMEWARD_APP="${HOMEWARD_APP:-$repo/target/release/homeward}"
export HOMEWARD_CLI="${HOMEWARD_CLI:-$repo/target/release/homeward-cli}"

for binary in "$HOMEWARD_APP" "$HOMEWARD_CLI"; do
  if [ ! -x "$binary" ]; then
    echo "e2e: no binary at $binary; build with: cargo build --release -p homeward -p homeward-cli" >&2
    exit 1
  fi
done
if [ ! -x "$venv/bin/python" ]; then
  echo "e2e: no Python venv at $venv; run scripts/install-deps.sh --tests" >&2
  exit 1
fi
for tool in tauri-driver WebKitWebDriver xvfb-run dbus-run-session; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "e2e: $tool is not installed; run scripts/install-deps.sh --tests" >&2
    exit 1
  fi
done

# Several people (or agents) running parts of the suite at once keep each
# other's screenshots with HOMEWARD_E2E_KEEP_SHOTS=1.
if [ "${HOMEWARD_E2E_KEEP_SHOTS:-0}" != "1" ]; then
  rm -rf target/e2e-shots target/e2e-logs
fi
mkdir -p target/e2e-shots target/e2e-logs

# The private session bus and the accessibility registry log every service
# they start for each window; keep that chatter out of the test report.
set +e
dbus-run-session -- \
  xvfb-run -a -s "-screen 0 1366x768x24" \
  "$venv/bin/python" -m pytest tests/e2e -p no:cacheprovider "$@" 2>&1 |
  sed -u -E -e '/^(dbus-daemon\[|SpiRegistry daemon)/d' \
    -e 's/(dbus-daemon\[[0-9]+\]|SpiRegistry daemon).*$//'
status="${PIPESTATUS[0]}"
exit "$status"
