#!/usr/bin/env bash
# Bundle benchmark (issue 4): `scelle-cli export --no-report --offline` of a case of COUNT
# screenshots against `zip -0 -r` of the same files (and, for information, against `zip -0 -r`
# followed by an fsync of the zip, the export's durability), and `scelle-cli verify` of the bundle
# against `unzip -tq` of the same bundle, in one run, printed as ratios with the peak memory;
# then the time per item for COUNT and COUNT_BIG items, to show it stays flat; then the same
# export and verify on SMALL_COUNT small files (chat screenshots of about 60 kB, where the fixed
# costs dominate), and the start-up time of `scelle-cli --version` and of `scelle-cli verify` of
# a bundle of one small file.
#
# Run by `ninja bench-bundle`, or by hand:
#   SCELLE_CLI=build/bin/scelle-cli SCELLE_BENCH_GEN=build/tests/scelle-bench-gen \
#       bash tests/bench/bundle_bench.sh
# Knobs (environment): SCELLE_BENCH_COUNT (200), SCELLE_BENCH_COUNT_BIG (2000; 0 skips it),
# SCELLE_BENCH_REPEAT (3, medians are shown), SCELLE_BENCH_SMALL_COUNT (200; 0 skips the small
# files and the start-up times), SCELLE_BENCH_SMALL_KB (60), SCELLE_BENCH_STARTUP_RUNS (20,
# the median is shown), TMPDIR (where everything is written).
#
# This is a measurement, not a test: it exits 0 whatever the figures are, and non-zero only
# when something could not be run. Nothing leaves the machine (--offline; no TSA).
set -euo pipefail
shopt -s inherit_errexit

# shellcheck disable=SC2034  # read by bench_lib.sh
bench_name=bundle_bench
# shellcheck source-path=SCRIPTDIR source=bench_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/bench_lib.sh"

: "${SCELLE_CLI:?set SCELLE_CLI to the scelle-cli executable}"
: "${SCELLE_BENCH_GEN:?set SCELLE_BENCH_GEN to the scelle-bench-gen executable}"
count=${SCELLE_BENCH_COUNT:-200}
count_big=${SCELLE_BENCH_COUNT_BIG:-2000}
repeat=${SCELLE_BENCH_REPEAT:-3}
small_count=${SCELLE_BENCH_SMALL_COUNT:-200}
small_kb=${SCELLE_BENCH_SMALL_KB:-60}
startup_runs=${SCELLE_BENCH_STARTUP_RUNS:-20}
[[ $count =~ ^[1-9][0-9]*$ && $count_big =~ ^[0-9]+$ && $repeat =~ ^[1-9][0-9]*$ ]] ||
    die "SCELLE_BENCH_COUNT, SCELLE_BENCH_COUNT_BIG and SCELLE_BENCH_REPEAT must be numbers"
[[ $small_count =~ ^[0-9]+$ && $small_kb =~ ^[1-9][0-9]*$ && $startup_runs =~ ^[1-9][0-9]*$ ]] ||
    die "SCELLE_BENCH_SMALL_COUNT, SCELLE_BENCH_SMALL_KB and SCELLE_BENCH_STARTUP_RUNS must be numbers"
for exe in "$SCELLE_CLI" "$SCELLE_BENCH_GEN"; do
    [[ -x $exe ]] || die "not an executable: $exe"
done
for tool in zip unzip /usr/bin/time; do
    command -v "$tool" >/dev/null || die "$tool is missing"
done

echo "machine: $(nproc) CPUs, $(uname -sr), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "scelle-cli: $SCELLE_CLI ($("$SCELLE_CLI" --version 2>/dev/null || echo 'version unknown'))"

# A store with one case of N generated screenshots (imported offline, not timed); sets
# store, case_id and shots. Further arguments go to the generator before its folder (--size-kb).
make_case() {
    local n=$1
    shift
    local src=$work/src-$n${1:+-small}
    if (($# > 0)); then
        "$SCELLE_BENCH_GEN" "$@" "$src" "$n" 540 1200 >/dev/null
    else
        "$SCELLE_BENCH_GEN" "$src" "$n" >/dev/null
    fi
    shots=("$src"/shot-*.png)
    ((${#shots[@]} == n)) || die "expected $n generated files, found ${#shots[@]}"
    store=$work/store-$n${1:+-small}
    case_id=$("$SCELLE_CLI" --store "$store" case new --title "Benchmark" 2>/dev/null)
    # Batches keep the command line short for thousands of files.
    local i
    for ((i = 0; i < n; i += 500)); do
        "$SCELLE_CLI" --store "$store" import "$case_id" --offline "${shots[@]:i:500}" \
            >/dev/null 2>&1 || die "the import failed"
    done
}

# Times `export`; prints "seconds peak_kb".
run_export() {
    local out=$1
    rm -f "$out"
    sync
    local t0 t1
    t0=$(now_ns)
    /usr/bin/time -f %M -o "$work/rss" "$SCELLE_CLI" --store "$store" export "$case_id" \
        --no-report --offline -o "$out" >/dev/null 2>"$work/export.log" ||
        { cat "$work/export.log" >&2; die "export failed"; }
    t1=$(now_ns)
    echo "$(seconds "$t0" "$t1") $(tail -n 1 "$work/rss")"
}

# Times `zip -0 -r` of the same screenshots (the files alone, no metadata), then the same
# followed by an fsync of the zip (`sync FILE`), the durability the export gives; prints
# "seconds seconds_with_fsync".
run_zip() {
    local out=$work/plain.zip
    rm -f "$out"
    sync
    local t0 t1 t2
    t0=$(now_ns)
    (cd "$(dirname "${shots[0]}")" && zip -q -0 -r "$out" .) || die "zip failed"
    t1=$(now_ns)
    sync "$out" || die "sync of the zip failed"
    t2=$(now_ns)
    echo "$(seconds "$t0" "$t1") $(seconds "$t0" "$t2")"
}

# Times `verify`; prints "seconds peak_kb".
run_verify() {
    local t0 t1 rc=0
    t0=$(now_ns)
    /usr/bin/time -f %M -o "$work/rss" "$SCELLE_CLI" verify "$1" >/dev/null 2>&1 || rc=$?
    t1=$(now_ns)
    ((rc == 0 || rc == 3)) || die "verify said $rc"
    echo "$(seconds "$t0" "$t1") $(tail -n 1 "$work/rss")"
}

run_unzip_t() {
    local t0 t1
    t0=$(now_ns)
    unzip -tq "$1" >/dev/null || die "unzip -t failed"
    t1=$(now_ns)
    seconds "$t0" "$t1"
}

# Measures one case size; sets exp_med, zip_med, ver_med, unz_med, exp_rss, ver_rss.
measure() {
    local -a exp=() zp=() zps=() ver=() unz=() ers=() vrs=()
    local round e v z bundle=$work/bundle-$1.zip
    for ((round = 1; round <= repeat; round++)); do
        if ((round % 2 == 1)); then
            z=$(run_zip)
            e=$(run_export "$bundle")
        else
            e=$(run_export "$bundle")
            z=$(run_zip)
        fi
        zp+=("${z% *}")
        zps+=("${z#* }")
        exp+=("${e% *}")
        ers+=("${e#* }")
        cat "$bundle" >/dev/null
        if ((round % 2 == 1)); then
            unz+=("$(run_unzip_t "$bundle")")
            v=$(run_verify "$bundle")
        else
            v=$(run_verify "$bundle")
            unz+=("$(run_unzip_t "$bundle")")
        fi
        ver+=("${v% *}")
        vrs+=("${v#* }")
        echo "  $1 items, round $round: zip -0 ${zp[-1]} s (with fsync ${zps[-1]} s)," \
            "export ${exp[-1]} s," \
            "unzip -tq ${unz[-1]} s, verify ${ver[-1]} s" >&2
    done
    exp_med=$(median "${exp[@]}")
    zip_med=$(median "${zp[@]}")
    zips_med=$(median "${zps[@]}")
    ver_med=$(median "${ver[@]}")
    unz_med=$(median "${unz[@]}")
    exp_rss=$(printf '%s\n' "${ers[@]}" | sort -g | tail -n 1)
    ver_rss=$(printf '%s\n' "${vrs[@]}" | sort -g | tail -n 1)
    exp_list=${exp[*]} zip_list=${zp[*]} zips_list=${zps[*]} ver_list=${ver[*]} unz_list=${unz[*]}
}

report() {
    local n=$1
    echo
    local bytes
    bytes=$(stat -c %s "${shots[@]}" | awk '{ s += $1 } END { print s }')
    echo "$n ${2:-}screenshots ($(mb "$bytes") MB), median of $repeat rounds:"
    printf '  %-44s %8s s   (runs: %s)\n' "zip -q -0 -r of the screenshots" "$zip_med" "$zip_list"
    printf '  %-44s %8s s   (runs: %s)\n' "scelle-cli export --no-report --offline" "$exp_med" \
        "$exp_list"
    printf '  %-44s %8s     (issue 4 goal <= 1.0)\n' "ratio export / zip" \
        "$(ratio "$exp_med" "$zip_med")"
    printf '  %-44s %8s s   (runs: %s)\n' "zip -q -0 -r, then fsync of the zip" "$zips_med" \
        "$zips_list"
    printf '  %-44s %8s     (same durability; issue 14 goal <= 1.0)\n' \
        "ratio export / (zip + fsync)" "$(ratio "$exp_med" "$zips_med")"
    printf '  %-44s %8s s   (runs: %s)\n' "unzip -tq of the bundle" "$unz_med" "$unz_list"
    printf '  %-44s %8s s   (runs: %s)\n' "scelle-cli verify of the bundle" "$ver_med" "$ver_list"
    printf '  %-44s %8s     (goal <= 1.0)\n' "ratio verify / unzip -tq" \
        "$(ratio "$ver_med" "$unz_med")"
    printf '  %-44s %8s MiB (goal <= 100)\n' "peak RSS of export (max)" "$(mib "$exp_rss")"
    printf '  %-44s %8s MiB (goal <= 100)\n' "peak RSS of verify (max)" "$(mib "$ver_rss")"
    printf '  %-44s %8s ms export, %s ms verify\n' "time per item" \
        "$(per_item_ms "$exp_med" "$n")" "$(per_item_ms "$ver_med" "$n")"
}

echo "generating $count screenshots..." >&2
make_case "$count"
measure "$count"
report "$count"
if ((count_big > 0)); then
    echo "generating $count_big screenshots..." >&2
    rm -rf "$work"/src-"$count" "$work"/store-"$count" "$work"/bundle-"$count".zip
    make_case "$count_big"
    measure "$count_big"
    report "$count_big"
    rm -rf "$work"/src-"$count_big" "$work"/store-"$count_big" "$work"/bundle-"$count_big".zip
fi

# Median wall time, in milliseconds, of $startup_runs runs of the command given (output
# discarded, exit status 0 or 3 accepted: verify says 3 for an intact bundle without a seal).
startup_ms() {
    local -a runs=()
    local i t0 t1 rc
    for ((i = 0; i < startup_runs; i++)); do
        rc=0
        t0=$(now_ns)
        "$@" >/dev/null 2>&1 || rc=$?
        t1=$(now_ns)
        ((rc == 0 || rc == 3)) || die "$* said $rc"
        runs+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", (b - a) / 1e6 }')")
    done
    median "${runs[@]}"
}

if ((small_count > 0)); then
    echo "generating $small_count small screenshots of about $small_kb kB..." >&2
    make_case "$small_count" --size-kb "$small_kb"
    # Named apart from the 1 MB case of the same count.
    measure "$small_count-small"
    report "$small_count" "small "

    echo "measuring start-up, $startup_runs runs each..." >&2
    make_case 1 --size-kb "$small_kb"
    tiny=$work/tiny.zip
    "$SCELLE_CLI" --store "$store" export "$case_id" --no-report --offline -o "$tiny" \
        >/dev/null 2>&1 || die "export of the one-item case failed"
    v_ms=$(startup_ms "$SCELLE_CLI" --version)
    tv_ms=$(startup_ms "$SCELLE_CLI" verify "$tiny")
    tu_ms=$(startup_ms unzip -tq "$tiny")
    echo
    echo "start-up, median of $startup_runs runs:"
    printf '  %-44s %8s ms\n' "scelle-cli --version" "$v_ms"
    printf '  %-44s %8s ms\n' "scelle-cli verify of a one-item bundle" "$tv_ms"
    printf '  %-44s %8s ms\n' "unzip -tq of the same bundle" "$tu_ms"
fi
exit 0
