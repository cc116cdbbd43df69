#!/usr/bin/env bash
# Generates a synthetic vault and runs `homeward-cli bench` on it as the
# supervisor (who sees every case and the report). Needs the release CLI:
# `cargo build --release -p homeward-cli`.
#   bash scripts/bench.sh [--cases N] [--runs N] [--vault DIR] [--json] [--check]
# --vault keeps the vault in DIR (reused when it exists, generated when it
# does not); otherwise a temporary folder is used and removed. --check
# (what CI runs) asserts the shape of the JSON report and never a time.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cli="${HOMEWARD_CLI:-$repo/target/release/homeward-cli}"
cases=5000
runs=20
vault=""
json=0
check=0
while [ $# -gt 0 ]; do
  case "$1" in
    --cases) cases="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --vault) vault="$2"; shift 2 ;;
    --json) json=1; shift ;;
    --check) check=1; json=1; shift ;;
    *) echo "bench: unknown argument $1" >&2; exit 2 ;;
  esac
done
if [ ! -x "$cli" ]; then
  echo "bench: no CLI at $cli; build with: cargo build --release -p homeward-cli" >&2
  exit 1
fi

scratch=""
cleanup() { if [ -n "$scratch" ]; then rm -rf "$scratch"; fi; }
trap cleanup EXIT
if [ -z "$vault" ]; then
  scratch="$(mktemp -d)"
  vault="$scratch/vault"
fi
# Every generated user gets this passphrase; the vault holds no real person.
export HOMEWARD_PASSPHRASE="${HOMEWARD_PASSPHRASE:-bench horse battery staple}"

if [ ! -e "$vault/vault.db" ]; then
  started=$(date +%s)
  "$cli" --vault "$vault" generate --cases "$cases" >/dev/null
  echo "bench: generated $cases cases in $(( $(date +%s) - started )) s" >&2
fi

if [ "$json" = 1 ]; then
  report="$("$cli" --vault "$vault" --user supervisor --json bench --runs "$runs")"
else
  exec "$cli" --vault "$vault" --user supervisor bench --runs "$runs"
fi
if [ "$check" = 0 ]; then
  printf '%s\n' "$report"
  exit 0
fi

# The shape, never a time: every operation is there, each timed, each
# compared with the floor and the plain copy (unlock aside), each
# returning rows, and the copies are gone.
printf '%s' "$report" | python3 -c '
import json, sys
report = json.load(sys.stdin)
expected = int(sys.argv[1])
assert report["cases"] == expected, report["cases"]
assert report["audit_events"] > 0 and report["vault_bytes"] > 0
names = [t["operation"] for t in report["timings"]]
wanted = ["unlock", "case list, first page", "case list, first page, district", "search: part of a Latin",
          "search: part of an Urdu", "search: two letters", "search: case number", "open a case",
          "save an assessment", "home screen", "quarterly report", "verify the audit chain"]
assert len(names) == len(wanted), names
for name, start in zip(names, wanted):
    assert name.startswith(start), (name, start)
for t in report["timings"]:
    assert t["runs"] >= 1 and t["statements"] > 0 and t["rows"] > 0, t
    assert 0 < t["homeward"]["p50_ms"] <= t["homeward"]["p95_ms"], t
    if t["operation"].startswith("unlock"):
        assert t["floor"] is None and t["homeward_over_floor"] is None, t
    else:
        for key in ("floor", "plain"):
            assert 0 < t[key]["p50_ms"] <= t[key]["p95_ms"], t
        assert t["homeward_over_floor"] > 0 and t["encrypted_over_plain"] > 0, t
print("bench: %d operations on %d cases have the expected shape" % (len(names), report["cases"]))
' "$cases"
if ls -d "$vault".bench-copies >/dev/null 2>&1; then
  echo "bench: the copies were left behind" >&2
  exit 1
fi
