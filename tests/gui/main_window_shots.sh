#!/usr/bin/env bash
# The main window's pictures in docs/images/: the case's page (the demo case) and the first
# start's new-case steps, in French and English, on a 1280×720 screen at 100 % and on a
# 1920×1080 screen at 200 % (GDK_SCALE=2), each under a real window manager (openbox).
# Not part of the test suite: run it by hand after a change to the main window, then look at
# every picture before committing them.
#
#   tests/gui/main_window_shots.sh BUILD_DIR [OUT_DIR]   (OUT_DIR: docs/images)
set -euo pipefail

build=$(cd "$1" && pwd)
out=${2:-$(cd "$(dirname "$0")/../.." && pwd)/docs/images}
mkdir -p "$out"
tmp=$(mktemp -d)
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$tmp"
}
trap cleanup EXIT

SCELLE_TSA_URLS= "$build/bin/scelle-cli" demo --output "$tmp/demo" >/dev/null

shoot() {  # shoot GEOMETRY SCALE LANG WHAT NAME
    local geometry=$1 scale=$2 lang=$3 what=$4 name=$5
    local home="$tmp/home-$name"
    mkdir -p -m 700 "$home/.config/scelle"
    # The interface's language, as the Settings dialog saves it.
    printf 'language=%s\n' "$lang" >"$home/.config/scelle/gui.ini"
    Xvfb -displayfd 3 -screen 0 "${geometry}x24" -nolisten tcp 3>"$tmp/display" 2>/dev/null &
    local xvfb=$!
    for _ in $(seq 1 100); do [[ -s "$tmp/display" ]] && break; sleep 0.1; done
    local display=":$(head -n1 "$tmp/display")"
    : >"$tmp/display"
    DISPLAY=$display HOME="$home" openbox >/dev/null 2>&1 &
    local wm=$!
    sleep 1
    local store="$home/store"
    [[ "$what" == case ]] && store="$tmp/demo/store"
    DISPLAY=$display HOME="$home" XDG_RUNTIME_DIR="$home" XDG_CONFIG_HOME="$home/.config" \
        SCELLE_STORE="$store" SCELLE_TSA_URLS= GDK_BACKEND=x11 NO_AT_BRIDGE=1 \
        GDK_SCALE="$scale" LANG=C.UTF-8 "$build/bin/scelle" >/dev/null 2>&1 &
    local app=$!
    sleep 6
    DISPLAY=$display import -window root "$out/$name.png"
    kill "$app" "$wm" "$xvfb" 2>/dev/null || true
    wait "$app" "$wm" "$xvfb" 2>/dev/null || true
    echo "$out/$name.png"
}

for lang in fr en; do
    shoot 1280x720 1 "$lang" case "gui-main-$lang"
    shoot 1920x1080 2 "$lang" case "gui-main-$lang-200pc"
    shoot 1280x720 1 "$lang" first "gui-first-start-$lang"
    shoot 1920x1080 2 "$lang" first "gui-first-start-$lang-200pc"
done
