#!/usr/bin/env bash
# Scrolling capture benchmark (issue 17): the time per frame of `scelle-cli capture --scroll`
# on a chat window of 300 lines (scelle-bench-chat: scroll by the wheel, wait until the window
# is still, read it, join it to the frames before, then seal every frame and the stitched
# image, with fsync), against `scrot` writing a PNG of the same window region as many times,
# in one run, on a private Xvfb display.
#
# Run by `ninja bench-scroll`, or by hand:
#   SCELLE_CLI=build/bin/scelle-cli SCELLE_BENCH_CHAT=build/tests/scelle-bench-chat \
#       bash tests/bench/scroll_bench.sh
# Knobs (environment): SCELLE_BENCH_REPEAT (5 runs each, medians are shown), SCELLE_BENCH_FRAMES
# (20 frames a run), TMPDIR.
#
# This is a measurement, not a test: it exits 0 whatever the figures are, and non-zero only
# when something could not be run. Nothing leaves the machine (--offline; no TSA).
set -euo pipefail
shopt -s inherit_errexit

# shellcheck disable=SC2034  # read by bench_lib.sh
bench_name=scroll_bench
# shellcheck source-path=SCRIPTDIR source=bench_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/bench_lib.sh"

: "${SCELLE_CLI:?set SCELLE_CLI to the scelle-cli executable}"
: "${SCELLE_BENCH_CHAT:?set SCELLE_BENCH_CHAT to the scelle-bench-chat executable}"
repeat=${SCELLE_BENCH_REPEAT:-5}
frames=${SCELLE_BENCH_FRAMES:-20}
for exe in "$SCELLE_CLI" "$SCELLE_BENCH_CHAT"; do
    [[ -x $exe ]] || die "not an executable: $exe"
done
for tool in Xvfb scrot xdpyinfo xwininfo; do
    command -v "$tool" >/dev/null || die "$tool is missing (bash installer/bootstrap-debian.sh)"
done

xvfb_pid="" chat_pid=""
trap 'kill $chat_pid 2>/dev/null && wait $chat_pid 2>/dev/null; kill $xvfb_pid 2>/dev/null || true; cleanup' EXIT
start_xvfb
export SCELLE_CAPTURE_BACKEND=x11

"$SCELLE_BENCH_CHAT" >"$work/chat-id" &
chat_pid=$!
for _ in $(seq 50); do
    [[ -s $work/chat-id ]] && break
    sleep 0.1
done
window=$(head -n 1 "$work/chat-id")
[[ -n $window ]] || die "the chat window did not start"
geometry=$(xwininfo -id "$window" | awk '/Absolute upper-left X/ { x = $NF } /Absolute upper-left Y/ { y = $NF }
    /Width:/ { w = $NF } /Height:/ { h = $NF } END { print x "," y "," w "," h }')

echo "machine: $(nproc) CPUs, $(uname -sr), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "scelle-cli: $SCELLE_CLI ($("$SCELLE_CLI" --version 2>/dev/null || echo 'version unknown'))"
echo "scrot: $(scrot --version 2>&1 | head -n 1)"
echo "window $window at $geometry; $frames frames a run, $repeat runs each, taken in turn"

store=$work/store
case_id=$("$SCELLE_CLI" --store "$store" case new --title "Benchmark" 2>/dev/null)
scelle_times=() scrot_times=()
for run in $(seq "$repeat"); do
    kill -USR1 "$chat_pid"
    sleep 0.3
    t0=$(now_ns)
    "$SCELLE_CLI" --store "$store" --json capture "$case_id" --scroll --window "$window" \
        --max-frames "$frames" --no-transcript --offline >"$work/out.json" \
        2>"$work/out.err" || true
    t1=$(now_ns)
    joined=$(sed -n 's/.*"joined": *\([0-9]*\).*/\1/p' "$work/out.json")
    [[ $joined == "$frames" ]] || die "run $run joined ${joined:-no} frames, not $frames: $(cat "$work/out.json" "$work/out.err")"
    scelle_times+=("$(seconds "$t0" "$t1")")

    kill -USR1 "$chat_pid"
    sleep 0.3
    t0=$(now_ns)
    for i in $(seq "$frames"); do
        scrot -o -a "$geometry" "$work/scrot-$i.png"
    done
    t1=$(now_ns)
    scrot_times+=("$(seconds "$t0" "$t1")")
    echo "run $run: scelle-cli ${scelle_times[-1]} s, scrot ${scrot_times[-1]} s"
done
s=$(median "${scelle_times[@]}")
r=$(median "${scrot_times[@]}")
echo "median: scelle-cli capture --scroll $(per_item_ms "$s" "$frames") ms a frame," \
    "scrot $(per_item_ms "$r" "$frames") ms a frame; ratio $(ratio "$s" "$r")"
