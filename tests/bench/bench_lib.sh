# Shared pieces of the benchmark scripts (sourced, not run): failing with the script's name, a
# private work folder removed on exit, no settings file and no TSA, number formatting.
#
#   bench_name=report_bench; source "$(dirname "$0")/bench_lib.sh"   # then $work is ready
# shellcheck shell=bash

die() {
    echo "${bench_name:-bench}: $*" >&2
    exit 1
}

work=$(mktemp -d "${TMPDIR:-/tmp}/scelle-${bench_name:-bench}.XXXXXX")
# shellcheck disable=SC2317  # called by the EXIT trap
cleanup() {
    chmod -R u+rwX "$work" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Nothing leaves the machine: no settings file, no TSA.
export SCELLE_CONFIG=$work/no-settings.json SCELLE_TSA_URLS=""

# A display of its own for a benchmark that reads the screen: Xvfb 1920×1080×24 on the first
# free number from 90. Sets xvfb_pid (kill it on exit) and exports DISPLAY; fails with the
# script's name when the server does not answer within 5 s.
start_xvfb() {
    local display=90
    while [[ -e /tmp/.X11-unix/X$display || -e /tmp/.X$display-lock ]]; do
        display=$((display + 1))
    done
    Xvfb ":$display" -screen 0 1920x1080x24 -nolisten tcp >/dev/null 2>&1 &
    # shellcheck disable=SC2034  # killed by the sourcing script's EXIT trap
    xvfb_pid=$!
    export DISPLAY=":$display"
    for _ in $(seq 50); do
        xdpyinfo >/dev/null 2>&1 && return 0
        sleep 0.1
    done
    die "Xvfb did not start on $DISPLAY"
}

now_ns() { date +%s%N; }
seconds() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", (b - a) / 1e9 }'; }
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
mb() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1e6 }'; }
per_item_ms() { awk -v s="$1" -v n="$2" 'BEGIN { printf "%.2f", s * 1000 / n }'; }
