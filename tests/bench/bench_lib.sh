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

now_ns() { date +%s%N; }
seconds() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", (b - a) / 1e9 }'; }
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
mb() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1e6 }'; }
per_item_ms() { awk -v s="$1" -v n="$2" 'BEGIN { printf "%.2f", s * 1000 / n }'; }
