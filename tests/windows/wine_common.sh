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

# draw_chat OUT light|dark LINE...: a chat screenshot with known text, as the Linux OCR tests
# draw it (tests/ocr/ocr_images.h): bubbles of DejaVu Sans at 22 points, dark text on white or
# light text on a dark theme. OUT's extension chooses the format (.png, .jpg).
draw_chat() {
    local out=$1 theme=$2 bg=#ffffff bubble=#e5e5ea fg=#111111 i=0 base line
    shift 2
    if [[ $theme == dark ]]; then
        bg=#1e1f22 bubble=#3a3c43 fg=#e6e6e6
    fi
    local args=(-size "900x$((40 + $# * 66))" "xc:$bg" -font DejaVu-Sans -pointsize 22)
    for line in "$@"; do
        base=$((40 + i * 66))
        args+=(-fill "$bubble" -draw "roundrectangle 10,$((base - 33)) 880,$((base + 15)) 12,12"
            -fill "$fg" -annotate "+24+$base" "$line")
        i=$((i + 1))
    done
    convert "${args[@]}" -quality 92 "$out" || fail "convert could not draw $out"
}
