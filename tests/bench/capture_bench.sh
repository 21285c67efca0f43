#!/usr/bin/env bash
# Capture benchmark (issue 6): capture latency, from the trigger to the PNG sealed in the case
# store (`scelle-cli capture CASE --screen 1 --offline`: read the screen, encode the PNG once,
# write it with fsync, record the item and its custody line), against `scrot` writing a PNG of
# the same 1920×1080 screen, in one run, on a private Xvfb display showing a screenshot-like
# picture (a chat window with text and a photo, from scelle-bench-gen).
#
# Run by `ninja bench-capture`, or by hand:
#   SCELLE_CLI=build/bin/scelle-cli SCELLE_BENCH_GEN=build/tests/scelle-bench-gen \
#       bash tests/bench/capture_bench.sh
# Knobs (environment): SCELLE_BENCH_REPEAT (15 captures each, medians are shown), TMPDIR.
#
# This is a measurement, not a test: it exits 0 whatever the figures are, and non-zero only
# when something could not be run. Nothing leaves the machine (--offline; no TSA).
set -euo pipefail
shopt -s inherit_errexit

# shellcheck disable=SC2034  # read by bench_lib.sh
bench_name=capture_bench
# shellcheck source-path=SCRIPTDIR source=bench_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/bench_lib.sh"

: "${SCELLE_CLI:?set SCELLE_CLI to the scelle-cli executable}"
: "${SCELLE_BENCH_GEN:?set SCELLE_BENCH_GEN to the scelle-bench-gen executable}"
repeat=${SCELLE_BENCH_REPEAT:-15}
for exe in "$SCELLE_CLI" "$SCELLE_BENCH_GEN"; do
    [[ -x $exe ]] || die "not an executable: $exe"
done
for tool in Xvfb scrot display xdpyinfo; do
    command -v "$tool" >/dev/null || die "$tool is missing (bash installer/bootstrap-debian.sh)"
done

xvfb_pid="" viewer=""
trap 'kill $viewer $xvfb_pid 2>/dev/null || true; cleanup' EXIT
start_xvfb
export SCELLE_CAPTURE_BACKEND=x11

echo "machine: $(nproc) CPUs, $(uname -sr), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "scelle-cli: $SCELLE_CLI ($("$SCELLE_CLI" --version 2>/dev/null || echo 'version unknown'))"
echo "scrot: $(scrot --version 2>&1 | head -n 1)"

# The screen shows a screenshot-like picture.
"$SCELLE_BENCH_GEN" "$work/src" 1 1920 1080 >/dev/null

store=$work/store
case_id=$("$SCELLE_CLI" --store "$store" case new --title "Benchmark" 2>/dev/null)

# Each run prints its seconds. The same screen twice would be stored once (a duplicate is
# noticed after hashing, and nothing is written), so one pixel changes between rounds: each
# capture is new and the whole write is measured.
run_scelle() {
    local t0 t1
    t0=$(now_ns)
    "$SCELLE_CLI" --store "$store" capture "$case_id" --screen 1 --offline \
        >/dev/null 2>"$work/capture.log" || { cat "$work/capture.log" >&2; die "capture failed"; }
    t1=$(now_ns)
    seconds "$t0" "$t1"
}
run_scrot() {
    local out=$work/scrot-$1.png t0 t1
    t0=$(now_ns)
    scrot -o "$out" || die "scrot failed"
    t1=$(now_ns)
    seconds "$t0" "$t1"
}
# Shows the picture full screen with its top-left pixel in a colour of its own for round $1
# (ImageMagick's display in a window at 0,0: there is no window manager), outside the timing,
# and waits until the screen shows it. The previous round's window is closed afterwards.
viewer=
marker() {
    local red=$(($1 % 256)) old=$viewer
    convert "$work"/src/shot-*.png -fill "rgb($red,0,0)" -draw "point 0,0" "$work/frame-$1.png"
    display -borderwidth 0 -geometry +0+0 "$work/frame-$1.png" &
    viewer=$!
    for _ in $(seq 200); do
        if import -window root -crop 1x1+0+0 txt:- 2>/dev/null | grep -q "srgb($red,0,0)"; then
            [[ -n $old ]] && kill "$old" 2>/dev/null
            return 0
        fi
        sleep 0.05
    done
    die "the screen did not show the picture"
}

sc=() sr=()
for ((round = 1; round <= repeat; round++)); do
    marker "$round"
    if ((round % 2 == 1)); then
        r=$(run_scrot "$round")
        s=$(run_scelle)
    else
        s=$(run_scelle)
        r=$(run_scrot "$round")
    fi
    sc+=("$s") sr+=("$r")
    echo "  round $round: scrot $r s, scelle-cli capture $s s" >&2
done
sc_med=$(median "${sc[@]}")
sr_med=$(median "${sr[@]}")
items=$("$SCELLE_CLI" --store "$store" --json case show "$case_id" |
    python3 -c 'import json,sys; print(len(json.load(sys.stdin)["items"]))')

echo
echo "1920×1080 screen under Xvfb, median of $repeat captures each ($items items sealed):"
printf '  %-44s %8s s   (runs: %s)\n' "scrot -o FILE.png" "$sr_med" "${sr[*]}"
printf '  %-44s %8s s   (runs: %s)\n' "scelle-cli capture --screen 1 (sealed)" "$sc_med" \
    "${sc[*]}"
printf '  %-44s %8s     (goal <= 1.0)\n' "ratio capture / scrot" "$(ratio "$sc_med" "$sr_med")"
printf '  %-44s %8s kB  (scrot %s kB)\n' "size of the sealed PNG (last)" \
    "$(($(find "$store" -path '*/objects/*' -type f -printf '%s\n' | tail -n 1) / 1000))" \
    "$(($(stat -c %s "$work/scrot-$repeat.png") / 1000))"
exit 0
