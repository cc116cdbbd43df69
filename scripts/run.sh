#!/usr/bin/env bash
# Installs what is needed, builds Homeward in release, writes the fictional
# demo vault on first use and launches the app on it. The demo users and
# their passphrase are printed here; the demo vault is kept apart from any
# real one.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
export PATH="$HOME/.cargo/bin:$PATH"
cargo build --release --locked -p homeward -p homeward-cli

vault="${HOMEWARD_DEMO_VAULT:-${XDG_DATA_HOME:-$HOME/.local/share}/homeward/demo-vault}"
passphrase="${HOMEWARD_PASSPHRASE:-amber lantern quietly 71}"
if [ ! -f "$vault/vault.keys" ]; then
  echo "Writing the demo vault (fictional people only) to $vault"
  HOMEWARD_PASSPHRASE="$passphrase" target/release/homeward-cli --vault "$vault" demo >/dev/null
fi
echo
echo "Demo vault: $vault"
echo "Every demo user's passphrase: $passphrase"
HOMEWARD_PASSPHRASE="$passphrase" target/release/homeward-cli --vault "$vault" user list --user admin
echo
exec target/release/homeward --vault "$vault"
