#!/usr/bin/env bash
# Installs what is needed, builds Homeward in release and launches it on a
# demo vault kept apart from any real one.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
export PATH="$HOME/.cargo/bin:$PATH"
cargo build --release --locked -p homeward -p homeward-cli
vault="${HOMEWARD_DEMO_VAULT:-${XDG_DATA_HOME:-$HOME/.local/share}/homeward/demo-vault}"
echo "Demo vault: $vault"
if [ ! -f "$vault/vault.keys" ]; then
  echo "The vault is new: the first screen creates its administrator."
fi
exec target/release/homeward --vault "$vault"
