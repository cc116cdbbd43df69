#!/usr/bin/env bash
# The fuzz drill: runs every fuzz target (fuzz/fuzz_targets/) for
# SECONDS_PER_TARGET seconds (default 600), one after another with one job,
# on a copy of the committed corpus (tests/fuzz/corpus/) so a drill does
# not change the tree, and prints per target the seconds, executions,
# corpus size before and after, and crashes. Exits non-zero if any target
# crashed or hung over 1 s; the input is left under fuzz/artifacts/<target>/
# (keep it in tests/fuzz/regressions/<target>/ once fixed).
#
#   bash scripts/fuzz.sh [SECONDS_PER_TARGET] [--update-corpus] [--targets "a b"]
#
# --update-corpus minimises each target's grown corpus with `cargo fuzz cmin`
# (keeping inputs for new edges, not new hit counts, so it stays small) and
# writes it back to tests/fuzz/corpus/<target>/ (commit it afterwards).
# Uses the nightly toolchain (AddressSanitizer) when installed; otherwise
# the stable one with RUSTC_BOOTSTRAP=1 and no sanitizer.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

seconds=600
update=0
targets=""
while [ $# -gt 0 ]; do
    case "$1" in
        --update-corpus) update=1 ;;
        --targets) targets="$2"; shift ;;
        [0-9]*) seconds="$1" ;;
        *) echo "usage: $0 [SECONDS_PER_TARGET] [--update-corpus] [--targets \"a b\"]" >&2; exit 2 ;;
    esac
    shift
done
if [ -z "$targets" ]; then
    targets=$(sed -n 's/^name = "\([a-z_]*\)"$/\1/p' fuzz/Cargo.toml | grep -v '^homeward-fuzz$' | tr '\n' ' ')
fi

if ! cargo fuzz --version >/dev/null 2>&1; then
    cargo install cargo-fuzz --locked
fi

# The toolchain: nightly with AddressSanitizer, else (or with
# FUZZ_TOOLCHAIN=stable) stable without one, built in its own folder.
if [ "${FUZZ_TOOLCHAIN:-}" != stable ] && rustup run nightly rustc --version >/dev/null 2>&1; then
    fuzz=(cargo +nightly fuzz)
    build_flags=()
    toolchain="nightly, AddressSanitizer"
else
    export RUSTC_BOOTSTRAP=1
    fuzz=(cargo fuzz)
    build_flags=(--sanitizer none --target-dir fuzz/target/stable)
    toolchain="stable with RUSTC_BOOTSTRAP=1, no sanitizer"
fi
echo "== fuzz drill: ${seconds} s per target on ${toolchain}: ${targets}"
"${fuzz[@]}" build "${build_flags[@]}"

work=$(mktemp -d "${TMPDIR:-/tmp}/homeward-fuzz.XXXXXX")
trap 'rm -rf "$work"' EXIT
# The targets' scratch vaults and files go here (on tmpfs when there is one).
if [ -d /dev/shm ] && [ -w /dev/shm ]; then
    scratch=$(mktemp -d /dev/shm/homeward-fuzz.XXXXXX)
    trap 'rm -rf "$work" "$scratch"' EXIT
else
    scratch="$work/tmp"
    mkdir -p "$scratch"
fi

count() { find "$1" -maxdepth 1 -type f 2>/dev/null | wc -l; }
artifacts() { find "fuzz/artifacts/$1" -maxdepth 1 -type f \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' -o -name 'leak-*' \) 2>/dev/null | wc -l; }

failed=0
summary=()
for target in $targets; do
    corpus="$work/corpus/$target"
    mkdir -p "$corpus" "fuzz/artifacts/$target"
    if [ -d "tests/fuzz/corpus/$target" ]; then
        cp -r "tests/fuzz/corpus/$target/." "$corpus/"
    fi
    extra=()
    if [ -d "tests/fuzz/regressions/$target" ]; then
        extra=("tests/fuzz/regressions/$target")
    fi
    before=$(count "$corpus")
    crashes_before=$(artifacts "$target")
    log="$work/$target.log"
    started=$(date +%s)
    set +e
    TMPDIR="$scratch" "${fuzz[@]}" run "${build_flags[@]}" "$target" "$corpus" "${extra[@]}" -- \
        -max_total_time="$seconds" -timeout=1 -rss_limit_mb=3072 -print_final_stats=1 \
        >"$log" 2>&1
    status=$?
    set -e
    took=$(( $(date +%s) - started ))
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    [ -n "$runs" ] || runs=$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$log" | tail -1)
    after=$(count "$corpus")
    crashes=$(( $(artifacts "$target") - crashes_before ))
    if [ "$status" -ne 0 ] && [ "$crashes" -eq 0 ]; then
        crashes=1
    fi
    line="$target: ${took} s, ${runs:-0} executions, corpus ${before} -> ${after}, crashes ${crashes}"
    echo "$line"
    summary+=("$line")
    if [ "$status" -ne 0 ]; then
        failed=1
        echo "-- $target stopped (exit $status); the end of its log:"
        tail -n 60 "$log"
        ls -t "fuzz/artifacts/$target" | head -n 5 | sed "s|^|   fuzz/artifacts/$target/|"
    fi
    if [ "$update" -eq 1 ] && [ "$status" -eq 0 ]; then
        # Edges only (no hit counts): the committed corpus stays small.
        TMPDIR="$scratch" "${fuzz[@]}" cmin "${build_flags[@]}" "$target" "$corpus" -- \
            -use_counters=0 -timeout=1 -rss_limit_mb=3072 >"$work/$target.cmin.log" 2>&1
        rm -rf "tests/fuzz/corpus/$target"
        mkdir -p "tests/fuzz/corpus/$target"
        cp "$corpus"/* "tests/fuzz/corpus/$target/"
        echo "   corpus minimised (cargo fuzz cmin) and written back: $(count "tests/fuzz/corpus/$target") files"
    fi
    rm -rf "${scratch:?}"/*
done

echo
echo "== summary (${seconds} s per target, ${toolchain})"
printf '%s\n' "${summary[@]}"
exit "$failed"
