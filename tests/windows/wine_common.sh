# What the Wine tests share (sourced): a temporary folder, a fresh WINEPREFIX in it, Linux and
# Windows paths, the test TSA, and one sentence for the first failed check.
# shellcheck shell=bash

name=$(basename "$0" .sh)
work=$(mktemp -d "${TMPDIR:-/tmp}/scelle-$name.XXXXXX")
cleanups=()
add_cleanup() { cleanups+=("$1"); }
run_cleanups() {
    local i
    for ((i = ${#cleanups[@]} - 1; i >= 0; i--)); do
        eval "${cleanups[i]}" || true
    done
    if [[ ${SCELLE_KEEP_WINE_WORK:-} == 1 ]]; then
        echo "$name: kept $work" >&2
    else
        rm -rf "$work"
    fi
}
trap run_cleanups EXIT

say() { printf '%s: %s\n' "$name" "$*"; }
step() { say "$*"; }
fail() {
    printf '%s: FAILED: %s\n' "$name" "$*" >&2
    exit 1
}

# A fresh Wine prefix for this run only; Wine's own chatter is left out, Mono and Gecko are
# not offered (no download). No display is needed by console programs; the GUI tests run
# under xvfb-run.
wine_start() {
    command -v wine >/dev/null || fail "wine is not installed (installer/windows/cross-build.sh installs it)"
    export WINEPREFIX=$work/wineprefix WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
    export WINEARCH=win64
    wineboot -i >/dev/null 2>&1 || fail "wineboot could not make a Wine prefix"
    add_cleanup "wineserver -k 2>/dev/null"
}
wine_stop() { wineserver -w 2>/dev/null || true; }

# start_test_tsa LINUX_BUILD: the Linux test TSA on 127.0.0.1, until the end; sets `url`, and
# `ca_pem` (its root, a Linux path) and `ca_win` (the same, for Windows programs).
# shellcheck disable=SC2034 # url, ca_pem and ca_win are for the sourcing script
start_test_tsa() {
    "$1/tests/scelle-test-tsa" --ca-out "$work/ca.pem" --url-out "$work/url" >/dev/null 2>&1 &
    add_cleanup "kill $! 2>/dev/null || true"
    for _ in $(seq 100); do
        [[ -s $work/url ]] && break
        sleep 0.1
    done
    [[ -s $work/url ]] || fail "the test TSA did not start"
    url=$(cat "$work/url")
    ca_pem=$work/ca.pem
    ca_win=$(winpath "$ca_pem")
}

# The Windows name of a Linux path (Wine's Z: drive).
winpath() { winepath -w "$1" 2>/dev/null; }
