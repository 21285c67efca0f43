#!/usr/bin/env bash
# The pictures of the dialogs and the new-case steps in docs/images/, in French and English, on
# a 1280×720 screen at 100 % and on a 1920×1080 screen at 200 % (GDK_SCALE=2):
#   gui-<what>-<fr|en>.png and gui-<what>-<fr|en>-200pc.png
# Not part of the test suite: run it by hand after a change to one of these windows, then look
# at every picture before committing them. The main window: tests/gui/main_window_shots.sh.
#
#   tests/gui/dialog_shots.sh BUILD_DIR [OUT_DIR]   (OUT_DIR: docs/images)
set -euo pipefail

build=$(cd "$1" && pwd)
out=${2:-$(cd "$(dirname "$0")/../.." && pwd)/docs/images}
mkdir -p "$out"
tmp=$(mktemp -d)
xvfb=
cleanup() {
    if [[ -n "$xvfb" ]]; then kill "$xvfb" 2>/dev/null || true; fi
    wait 2>/dev/null || true
    rm -rf "$tmp"
}
trap cleanup EXIT

dialogs=(export verify-ok verify-bad report settings)
windows=(wizard-1 wizard-2 wizard-3 wizard-4 link-sensitive withdraw countdown region viewer
    viewer-sensitive suggestions)

for screen in 1280x720:1 1920x1080:2; do
    geometry=${screen%:*} scale=${screen#*:}
    suffix=
    [[ $scale == 2 ]] && suffix=-200pc
    Xvfb -displayfd 3 -screen 0 "${geometry}x24" -nolisten tcp 3>"$tmp/display" 2>/dev/null &
    xvfb=$!
    for _ in $(seq 1 100); do [[ -s "$tmp/display" ]] && break; sleep 0.1; done
    display=":$(head -n1 "$tmp/display")"
    : >"$tmp/display"
    for lang in fr en; do
        for what in "${dialogs[@]}"; do
            DISPLAY=$display GDK_SCALE=$scale HOME="$tmp" XDG_RUNTIME_DIR="$tmp" \
                "$build/tests/scelle-dialog-shots" "$what" \
                "$out/gui-$what-$lang$suffix.png" "$lang" >/dev/null 2>&1
            echo "$out/gui-$what-$lang$suffix.png"
        done
        for what in "${windows[@]}"; do
            DISPLAY=$display GDK_SCALE=$scale HOME="$tmp" XDG_RUNTIME_DIR="$tmp" \
                "$build/tests/scelle-gui-shots" "$what" "$out/gui-$what-$lang$suffix.png" \
                "$lang" >/dev/null 2>&1
            echo "$out/gui-$what-$lang$suffix.png"
        done
    done
    kill "$xvfb"
    wait "$xvfb" 2>/dev/null || true
    xvfb=
done
