#!/usr/bin/env bash
# Installs everything Homeward needs on a fresh Debian or Ubuntu machine:
# the WebKitGTK build packages for Tauri 2, the test tools (Xvfb, D-Bus,
# WebKitWebDriver, ImageMagick, poppler-utils to read the printed PDFs),
# tauri-driver and the Python WebDriver client; for the package check,
# debootstrap and (when the machine has none) Node.js with npm, which
# scripts/package.sh uses to fetch the pinned Tauri CLI.
# Idempotent: a second run installs nothing new.
set -euo pipefail

want_tests=0
[ "${1:-}" = "--tests" ] && want_tests=1

sudo_cmd=""
if [ "$(id -u)" -ne 0 ]; then sudo_cmd="sudo"; fi

build_pkgs="libwebkit2gtk-4.1-dev libgtk-3-dev librsvg2-dev libayatana-appindicator3-dev \
libsoup-3.0-dev libjavascriptcoregtk-4.1-dev build-essential pkg-config file perl make"
test_pkgs="xvfb xauth dbus-x11 dbus at-spi2-core webkit2gtk-driver imagemagick fonts-dejavu-core faketime \
python3 python3-venv poppler-utils debootstrap"

pkgs="$build_pkgs"
[ "$want_tests" -eq 1 ] && pkgs="$pkgs $test_pkgs"
# A machine may have Node.js from elsewhere (its npm comes with it); only
# one without npm gets Debian's.
if [ "$want_tests" -eq 1 ] && ! command -v npm >/dev/null 2>&1; then pkgs="$pkgs nodejs npm"; fi

missing=""
for p in $pkgs; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  echo "installing Debian packages:$missing"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

if ! command -v cargo >/dev/null 2>&1; then
  echo "cargo is required (install Rust with rustup)" >&2
  exit 1
fi

if [ "$want_tests" -eq 1 ]; then
  if ! command -v tauri-driver >/dev/null 2>&1; then
    echo "installing tauri-driver"
    cargo install tauri-driver --locked --quiet
  fi
  venv="${HOMEWARD_TEST_VENV:-$PWD/target/e2e-venv}"
  if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
  fi
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r tests/e2e/requirements.txt
  # axe-core for the accessibility scan: a pinned, hashed wheel bundling axe.min.js, without its Playwright dependency.
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps --require-hashes -r tests/e2e/axe/requirements.txt
fi
