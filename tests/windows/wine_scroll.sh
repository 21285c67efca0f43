#!/usr/bin/env bash
# The scrolling capture of Scellé for Windows, under Wine on a display of its own (Xvfb): the
# Windows code that turns the wheel (SendInput), reads the screen (BitBlt) and watches for Esc
# (GetAsyncKeyState), against a Win32 chat window of 300 known lines between a sticky header
# and a message box (tests/windows/chat_window_win32.cpp), read in its region of the screen:
#   - the whole conversation: every frame sealed as an original, the joined picture equal
#     pixel for pixel to the conversation drawn whole, no line lost or doubled;
#   - a "typing" line that blinks between frames: the capture stops and says so, every frame
#     it read kept;
#   - Esc held down by the window after 13 notches: the capture ends as cancelled, what it read
#     joined;
#   - the same window read by its id (--window): Wine's PrintWindow cannot draw another
#     process's window and gives a black picture, as a protected window does on Windows; the
#     capture must stop at once and say so, not take the black frame for the conversation's end.
#
#   bash tests/windows/wine_scroll.sh WINDOWS_BUILD STAGE
#
# WINDOWS_BUILD: the build tree of installer/windows/cross-build.sh, configured with the tests
# (tests/scelle-test-chat-window.exe). STAGE: the programs as installed (bin/scelle-cli.exe).
set -euo pipefail
if [[ -z ${SCELLE_WINE_ON_XVFB:-} ]]; then
    export SCELLE_WINE_ON_XVFB=1
    exec xvfb-run -a -s "-screen 0 1280x800x24 -nolisten tcp" bash "$0" "$@"
fi
build=$(cd "${1:?usage: wine_scroll.sh WINDOWS_BUILD STAGE}" && pwd)
stage=$(cd "${2:?usage: wine_scroll.sh WINDOWS_BUILD STAGE}" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/windows/wine_common.sh
source "$here/wine_common.sh"

exe=$stage/bin/scelle-cli.exe
chat_exe=$build/tests/scelle-test-chat-window.exe
[[ -f $exe ]] || fail "no $exe"
[[ -f $chat_exe ]] || fail "no $chat_exe (configure with SCELLE_BUILD_TESTS=ON)"

wine_start
store_win=$(winpath "$work/store")
cli() { wine "$exe" --store "$store_win" "$@" 2>"$work/err" | tr -d '\r'; }
# json FILE EXPRESSION: a value of the JSON document, by a Python expression on `d`.
json() { python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"; }

# chat_window ARGS...: starts the window; sets `hwnd` (its id) and `chat_pid`.
chat_window() {
    rm -f "$work/hwnd"
    wine "$chat_exe" "$@" >"$work/hwnd" 2>"$work/chat-err" &
    chat_pid=$!
    add_cleanup "kill $chat_pid 2>/dev/null || true"
    for _ in $(seq 200); do
        grep -q '^0x' "$work/hwnd" 2>/dev/null && break
        sleep 0.1
    done
    hwnd=$(tr -d '\r' <"$work/hwnd" | head -n 1)
    [[ $hwnd == 0x* ]] || fail "the chat window did not start: $(cat "$work/chat-err")"
    sleep 1 # its first drawing
}
close_chat_window() {
    kill "$chat_pid" 2>/dev/null || true
    wait "$chat_pid" 2>/dev/null || true
}

# Where the chat window is (a popup at 100,80, 640×490: chat_window_win32.cpp).
region=100,80,640,490
id=$(cli case new --title "Conversation défilée sous Wine") || fail "case new: $(cat "$work/err")"

step "the whole conversation, scrolled by Scellé and joined"
wine "$chat_exe" --whole "$(winpath "$work/whole.ppm")" || fail "the chat window drew no whole conversation"
chat_window
cli --json capture "$id" --scroll --region "$region" --description "toute la conversation" \
    --no-transcript --offline >"$work/whole.json" || fail "capture --scroll: $(cat "$work/err")"
close_chat_window
[[ $(json "$work/whole.json" 'd["end"]') == end_reached ]] ||
    fail "the capture ended with $(json "$work/whole.json" 'd["end"]'), not at the end"
frames=$(json "$work/whole.json" 'len(d["frames"])')
((frames >= 10)) || fail "only $frames frames for 6,000 rows"
[[ $(json "$work/whole.json" 'd["joined"]') == "$frames" ]] || fail "not every frame was joined"
[[ $(json "$work/whole.json" 'd["height"]') == 6090 ]] ||
    fail "the joined picture is $(json "$work/whole.json" 'd["height"]') rows high, not 6,090"
item=$(json "$work/whole.json" 'd["item"]')
cli extract "$id" "$item" -o "$(winpath "$work/joined.png")" >/dev/null || fail "extract: $(cat "$work/err")"
differ=$(compare -metric AE "$work/whole.ppm" "$work/joined.png" null: 2>&1 || true)
[[ $differ == 0 ]] || fail "the joined picture differs from the conversation in $differ pixels"
cli --json case show "$id" >"$work/show.json" || fail "case show: $(cat "$work/err")"
python3 - "$work/whole.json" "$work/show.json" <<'PY' ||
import json, sys
capture = json.load(open(sys.argv[1]))
items = json.load(open(sys.argv[2]))["items"]
frames = capture["frames"]
assert [i["seq"] for i in items[:-1]] == frames, "the frames are not the case's first items"
for i in items[:-1]:
    assert i["kind"] == "screenshot" and i["derived"] is None, f"frame {i['seq']} is not an original"
    assert i["height"] == 490, f"frame {i['seq']} is {i['height']} rows high"
derived = items[-1]["derived"]
assert derived is not None, "the joined picture is not marked derived"
assert [f["item"] for f in derived["frames"]] == frames, "the joined picture names other frames"
assert [f["sha256"] for f in derived["frames"]] == [i["sha256"] for i in items[:-1]]
PY
    fail "the case does not hold the frames as originals and the joined picture as derived"
cli check "$id" >/dev/null || fail "check: $(cat "$work/err")"

step "a window that changes between frames: the capture stops and says so"
before=$(cli --json case show "$id" | python3 -c 'import json, sys; print(len(json.load(sys.stdin)["items"]))')
chat_window --typing
status=0
cli --lang en capture "$id" --scroll --region "$region" --no-transcript --offline >/dev/null || status=$?
close_chat_window
((status == 1)) || fail "a blinking window: the capture said $status, not 1: $(cat "$work/err")"
{ grep -q "^Stopped: " "$work/err" && grep -qi "every frame read is sealed" "$work/err"; } ||
    fail "the capture did not say why it stopped and that its frames are kept: $(cat "$work/err")"
after=$(cli --json case show "$id" | python3 -c 'import json, sys; print(len(json.load(sys.stdin)["items"]))')
((after > before)) || fail "the frames read before the stop were not kept"

step "Esc held down: the capture ends, what it read joined"
chat_window --escape-after 13
cli --json capture "$id" --scroll --region "$region" --no-transcript --offline >"$work/esc.json" ||
    fail "capture --scroll with Esc: $(cat "$work/err")"
close_chat_window
[[ $(json "$work/esc.json" 'd["end"]') == cancelled ]] ||
    fail "Esc ended the capture with $(json "$work/esc.json" 'd["end"]'), not cancelled"
frames=$(json "$work/esc.json" 'len(d["frames"])')
((frames >= 3 && frames <= 5)) || fail "$frames frames before Esc, not 3 to 5"
cli check "$id" >/dev/null || fail "check: $(cat "$work/err")"

step "the window read by its id, which Wine cannot draw for another program: stopped, not ended"
chat_window
status=0
cli --lang en --json capture "$id" --scroll --window "$hwnd" --no-transcript --offline \
    >"$work/blank.json" || status=$?
close_chat_window
((status == 1)) || fail "a black window: the capture said $status, not 1: $(cat "$work/err")"
[[ $(json "$work/blank.json" 'd["end"]') == blank ]] ||
    fail "a black window ended the capture with $(json "$work/blank.json" 'd["end"]'), not blank"
[[ $(json "$work/blank.json" 'len(d["frames"])') == 1 ]] || fail "not one frame sealed"

wine_stop
say "all checks passed: the Windows scrolling capture, under Wine"
