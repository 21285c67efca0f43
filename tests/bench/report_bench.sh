#!/usr/bin/env bash
# Report benchmark (issue 5): `scelle-cli report` of a case of COUNT screenshots against
# `img2pdf` of the same PNG files, in one run, printed as a time ratio, the two file sizes and
# the report's peak memory.
#
# Run by `ninja bench-report`, or by hand:
#   SCELLE_CLI=build/bin/scelle-cli SCELLE_BENCH_GEN=build/tests/scelle-bench-gen \
#       bash tests/bench/report_bench.sh
# Knobs (environment): SCELLE_BENCH_COUNT (200), SCELLE_BENCH_REPEAT (3, medians are shown),
# TMPDIR (where everything is written).
#
# This is a measurement, not a test: it exits 0 whatever the figures are, and non-zero only
# when something could not be run. Nothing leaves the machine (--offline; no TSA).
set -euo pipefail
shopt -s inherit_errexit

# shellcheck disable=SC2034  # read by bench_lib.sh
bench_name=report_bench
# shellcheck source-path=SCRIPTDIR source=bench_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/bench_lib.sh"

: "${SCELLE_CLI:?set SCELLE_CLI to the scelle-cli executable}"
: "${SCELLE_BENCH_GEN:?set SCELLE_BENCH_GEN to the scelle-bench-gen executable}"
count=${SCELLE_BENCH_COUNT:-200}
repeat=${SCELLE_BENCH_REPEAT:-3}
for exe in "$SCELLE_CLI" "$SCELLE_BENCH_GEN"; do
    [[ -x $exe ]] || die "not an executable: $exe"
done
for tool in img2pdf /usr/bin/time; do
    command -v "$tool" >/dev/null || die "$tool is missing (bash installer/bootstrap-debian.sh)"
done

echo "machine: $(nproc) CPUs, $(uname -sr), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "scelle-cli: $SCELLE_CLI ($("$SCELLE_CLI" --version 2>/dev/null || echo 'version unknown'))"
echo "img2pdf: $(img2pdf --version 2>&1 | head -n 1)"

echo "generating $count screenshots..." >&2
src=$work/src
"$SCELLE_BENCH_GEN" "$src" "$count" >/dev/null
shots=("$src"/shot-*.png)
((${#shots[@]} == count)) || die "expected $count generated files, found ${#shots[@]}"
store=$work/store
case_id=$("$SCELLE_CLI" --store "$store" case new --title "Benchmark" 2>/dev/null)
for ((i = 0; i < count; i += 500)); do
    "$SCELLE_CLI" --store "$store" import "$case_id" --offline "${shots[@]:i:500}" \
        >/dev/null 2>&1 || die "the import failed"
done

# Times `report`; prints "seconds peak_kb bytes".
run_report() {
    local out=$work/report.pdf t0 t1
    rm -f "$out"
    t0=$(now_ns)
    /usr/bin/time -f %M -o "$work/rss" "$SCELLE_CLI" --store "$store" --lang fr report \
        "$case_id" -o "$out" >/dev/null 2>"$work/report.log" ||
        { cat "$work/report.log" >&2; die "report failed"; }
    t1=$(now_ns)
    echo "$(seconds "$t0" "$t1") $(tail -n 1 "$work/rss") $(stat -c %s "$out")"
}

# Times img2pdf of the same PNG files; prints "seconds bytes".
run_img2pdf() {
    local out=$work/img2pdf.pdf t0 t1
    rm -f "$out"
    t0=$(now_ns)
    img2pdf "${shots[@]}" -o "$out" || die "img2pdf failed"
    t1=$(now_ns)
    echo "$(seconds "$t0" "$t1") $(stat -c %s "$out")"
}

rep=() img=() rss=() rep_size=0 img_size=0
for ((round = 1; round <= repeat; round++)); do
    if ((round % 2 == 1)); then
        i=$(run_img2pdf)
        r=$(run_report)
    else
        r=$(run_report)
        i=$(run_img2pdf)
    fi
    read -r rt rk rs <<<"$r"
    read -r it is <<<"$i"
    rep+=("$rt") rss+=("$rk") img+=("$it") rep_size=$rs img_size=$is
    echo "  round $round: img2pdf $it s, report $rt s" >&2
done
rep_med=$(median "${rep[@]}")
img_med=$(median "${img[@]}")
rss_max=$(printf '%s\n' "${rss[@]}" | sort -g | tail -n 1)

echo
echo "$count screenshots ($(du -sm "$src" | cut -f1) MB), median of $repeat rounds:"
printf '  %-40s %8s s   (runs: %s)\n' "img2pdf of the screenshots" "$img_med" "${img[*]}"
printf '  %-40s %8s s   (runs: %s)\n' "scelle-cli report" "$rep_med" "${rep[*]}"
printf '  %-40s %8s     (goal <= 0.3)\n' "ratio report / img2pdf" "$(ratio "$rep_med" "$img_med")"
printf '  %-40s %8s MB  (img2pdf %s MB; goal <= img2pdf + 2 MB)\n' "size of the report" \
    "$(mb "$rep_size")" "$(mb "$img_size")"
printf '  %-40s %8s MiB (goal <= 100)\n' "peak RSS of report (max)" "$(mib "$rss_max")"
pages=$(pdfinfo "$work/report.pdf" 2>/dev/null | awk '/^Pages:/ { print $2 }')
echo "  report pages: ${pages:-?}"
exit 0
