#!/usr/bin/env bash
# The long fault drills of issue 10, named in the README: every backup
# drill of tests/src/e2e/backup.rs with TRIALS killed writers (1,000 by
# default; CI runs 100) and three fifths as many killed restores.
#   bash scripts/drill.sh [TRIALS]
set -euo pipefail
cd "$(dirname "$0")/.."
export HOMEWARD_DRILL_TRIALS="${1:-1000}"
echo "drill: ${HOMEWARD_DRILL_TRIALS} killed writers, $(( HOMEWARD_DRILL_TRIALS * 3 / 5 )) killed restores"
exec cargo test -p homeward-tests --test e2e --locked backup:: -- --nocapture
