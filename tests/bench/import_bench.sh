#!/usr/bin/env bash
# Import benchmark (issue 2): `scelle-cli import` of COUNT generated screenshots against the
# plain-tools baseline `cp FILES dest/ && sync && openssl dgst -sha256 dest/*`, in one run on
# the same files and file system, printed as a ratio; then the same with small files (chat
# screenshots of about 60 kB, where the fixed costs dominate: start-up, syncs, the transaction);
# then one big file, to show that the import's peak memory does not grow with the file size.
#
# Run by `ninja bench` (or `cmake --build BUILD --target bench`), or by hand:
#   SCELLE_CLI=build/bin/scelle-cli SCELLE_BENCH_GEN=build/tests/scelle-bench-gen \
#       bash tests/bench/import_bench.sh
# Knobs (environment): SCELLE_BENCH_COUNT (200), SCELLE_BENCH_REPEAT (3, medians are shown),
# SCELLE_BENCH_SMALL_COUNT (200; 0 skips the small files), SCELLE_BENCH_SMALL_KB (60),
# SCELLE_BENCH_BIG_MB (1024; 0 skips the big file), TMPDIR (where everything is written).
#
# The page cache cannot be dropped without root, so both sides are measured warm in the same
# way: before each measurement the sources are read once and pending writes are synced, and
# the order of the two sides alternates from one round to the next.
#
# This is a measurement, not a test: it exits 0 whatever the figures are, and non-zero only
# when something could not be run.
set -euo pipefail
shopt -s inherit_errexit

die() {
    echo "import_bench: $*" >&2
    exit 1
}

: "${SCELLE_CLI:?set SCELLE_CLI to the scelle-cli executable}"
: "${SCELLE_BENCH_GEN:?set SCELLE_BENCH_GEN to the scelle-bench-gen executable}"
count=${SCELLE_BENCH_COUNT:-200}
repeat=${SCELLE_BENCH_REPEAT:-3}
big_mb=${SCELLE_BENCH_BIG_MB:-1024}
small_count=${SCELLE_BENCH_SMALL_COUNT:-200}
small_kb=${SCELLE_BENCH_SMALL_KB:-60}
[[ -x $SCELLE_CLI ]] || die "not an executable: $SCELLE_CLI"
[[ -x $SCELLE_BENCH_GEN ]] || die "not an executable: $SCELLE_BENCH_GEN"
[[ -x /usr/bin/time ]] || die "/usr/bin/time is missing (Debian package: time)"
command -v openssl >/dev/null || die "openssl is missing"
[[ $count =~ ^[1-9][0-9]*$ && $repeat =~ ^[1-9][0-9]*$ && $big_mb =~ ^[0-9]+$ ]] ||
    die "SCELLE_BENCH_COUNT, SCELLE_BENCH_REPEAT and SCELLE_BENCH_BIG_MB must be numbers"
[[ $small_count =~ ^[0-9]+$ && $small_kb =~ ^[1-9][0-9]*$ ]] ||
    die "SCELLE_BENCH_SMALL_COUNT and SCELLE_BENCH_SMALL_KB must be numbers"

work=$(mktemp -d "${TMPDIR:-/tmp}/scelle-bench.XXXXXX")
# shellcheck disable=SC2317  # called by the EXIT trap
cleanup() {
    # Store objects are read-only and store folders owner-only: make them removable first.
    chmod -R u+rwX "$work" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Sources, baseline copy and stores all live under $work: one file system for everything.
# Roughly 1 MiB per screenshot, three copies (source, baseline, store) plus the big file's.
need_kb=$(((count * 3 + big_mb * 3 + 64) * 1024))
free_kb=$(df -Pk "$work" | awk 'NR == 2 { print $4 }')
((free_kb > need_kb)) || die "need about $((need_kb / 1024)) MiB free in $work, have $((free_kb / 1024))"

now_ns() { date +%s%N; }
# Seconds between two nanosecond stamps, with millisecond precision.
seconds() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", (b - a) / 1e9 }'; }
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }

# Same starting state for each measurement: sources in the page cache, nothing dirty.
warm() {
    cat "$@" >/dev/null
    sync
}

# Times `cp FILES dest && sync && openssl dgst -sha256 dest/*`; prints seconds.
baseline() {
    local dest=$work/copy
    rm -rf "$dest" && mkdir "$dest"
    warm "$@"
    local t0 t1
    t0=$(now_ns)
    cp -- "$@" "$dest/"
    sync
    openssl dgst -sha256 "$dest"/* >/dev/null
    t1=$(now_ns)
    seconds "$t0" "$t1"
}

# Times `scelle-cli import` into a new store and case; prints "seconds peak_rss_kb".
run_import() {
    local store=$work/store
    chmod -R u+rwX "$store" 2>/dev/null || true
    rm -rf "$store"
    local case_id
    case_id=$("$SCELLE_CLI" --store "$store" case new --title "Benchmark" 2>/dev/null)
    [[ -n $case_id ]] || die "scelle-cli case new printed no id"
    warm "$@"
    local t0 t1
    t0=$(now_ns)
    /usr/bin/time -f %M -o "$work/rss" "$SCELLE_CLI" --store "$store" import "$case_id" "$@" \
        >"$work/import.log" 2>&1 || { cat "$work/import.log" >&2; die "scelle-cli import failed"; }
    t1=$(now_ns)
    local n
    n=$("$SCELLE_CLI" --store "$store" --json case show "$case_id" | grep -o '"sha256"' | wc -l)
    ((n == $#)) || die "the store holds $n items, expected $#"
    echo "$(seconds "$t0" "$t1") $(tail -n 1 "$work/rss")"
}

# Runs $repeat rounds on the files given, alternating which side goes first; sets
# base_med, imp_med, rss_max and the lists of single runs.
measure() {
    local -a base_runs=() imp_runs=() rss_runs=()
    local round b i
    for ((round = 1; round <= repeat; round++)); do
        if ((round % 2 == 1)); then
            b=$(baseline "$@")
            i=$(run_import "$@")
        else
            i=$(run_import "$@")
            b=$(baseline "$@")
        fi
        base_runs+=("$b")
        imp_runs+=("${i% *}")
        rss_runs+=("${i#* }")
        echo "  round $round: baseline ${b} s, import ${i% *} s, peak RSS $(mib "${i#* }") MiB" >&2
    done
    base_med=$(median "${base_runs[@]}")
    imp_med=$(median "${imp_runs[@]}")
    rss_max=$(printf '%s\n' "${rss_runs[@]}" | sort -g | tail -n 1)
    base_list=${base_runs[*]}
    imp_list=${imp_runs[*]}
}

fs_type=$(df -PT "$work" | awk 'NR == 2 { print $2 }')
dev=$(df -P "$work" | awk 'NR == 2 { print $1 }')
rot=$(cat "/sys/block/$(basename "$dev" | sed 's/[0-9]*$//')/queue/rotational" 2>/dev/null ||
    echo "?")
echo "machine: $(nproc) CPUs, $(uname -sr), $work on $fs_type ($dev, rotational=$rot)"
echo "scelle-cli: $SCELLE_CLI ($("$SCELLE_CLI" --version 2>/dev/null || echo 'version unknown'))"

# Prints the figures of the last `measure`, under the heading given.
report() {
    echo
    echo "$1, median of $repeat rounds:"
    printf '  %-46s %8s s   (runs: %s)\n' "baseline: cp + sync + openssl dgst -sha256" \
        "$base_med" "$base_list"
    printf '  %-46s %8s s   (runs: %s)\n' "scelle-cli import" "$imp_med" "$imp_list"
    printf '  %-46s %8s     (goal <= 1.3)\n' "ratio import / baseline" \
        "$(ratio "$imp_med" "$base_med")"
    printf '  %-46s %8s MiB (goal <= 64)\n' "peak RSS of scelle-cli import (max)" \
        "$(mib "$rss_max")"
}

echo "generating $count screenshots..." >&2
total=$("$SCELLE_BENCH_GEN" "$work/src" "$count")
shots=("$work"/src/shot-*.png)
((${#shots[@]} == count)) || die "expected $count generated files, found ${#shots[@]}"

echo "measuring $count files, $repeat rounds..." >&2
measure "${shots[@]}"
report "$count screenshots, $total bytes ($(mib $((total / 1024))) MiB)"

if ((small_count > 0)); then
    # Chat screenshots as a phone takes them, scaled down: mostly flat regions and text, so
    # about 60 kB each. Every file differs, as above.
    rm -rf "$work/copy" "$work/store"
    echo "generating $small_count small screenshots of about $small_kb kB..." >&2
    small_total=$("$SCELLE_BENCH_GEN" --size-kb "$small_kb" "$work/small" "$small_count" 540 1200)
    small=("$work"/small/shot-*.png)
    ((${#small[@]} == small_count)) ||
        die "expected $small_count generated files, found ${#small[@]}"
    echo "measuring $small_count small files, $repeat rounds..." >&2
    measure "${small[@]}"
    report "$small_count small screenshots, $small_total bytes ($(mib $((small_total / 1024))) MiB)"
fi

if ((big_mb > 0)); then
    # The generator holds about four copies of the big image in memory: shrink it if needed.
    avail_mb=$(awk '/^MemAvailable:/ { print int($2 / 1024) }' /proc/meminfo)
    while ((big_mb > 64 && big_mb * 5 > avail_mb)); do
        big_mb=$((big_mb / 2))
    done
    rm -rf "$work/copy" "$work/store"
    echo "generating one file of $big_mb MiB..." >&2
    big_total=$("$SCELLE_BENCH_GEN" --big "$big_mb" "$work/big")
    big=("$work"/big/*.png)
    echo "measuring one $big_mb MiB file, $repeat rounds..." >&2
    measure "${big[@]}"
    echo
    echo "one file, $big_total bytes ($(mib $((big_total / 1024))) MiB), median of $repeat rounds:"
    printf '  %-46s %8s s   (runs: %s)\n' "baseline: cp + sync + openssl dgst -sha256" \
        "$base_med" "$base_list"
    printf '  %-46s %8s s   (runs: %s)\n' "scelle-cli import" "$imp_med" "$imp_list"
    printf '  %-46s %8s\n' "ratio import / baseline" "$(ratio "$imp_med" "$base_med")"
    printf '  %-46s %8s MiB (goal <= 64)\n' "peak RSS of scelle-cli import (max)" \
        "$(mib "$rss_max")"
fi
exit 0
