#!/usr/bin/env bash
# Scellé's Windows installer under Wine, as a family would meet it, on a display of its own
# (Xvfb): the installer run silently (/S); its files, shortcuts, "Apps & features" entry and
# "Verify with Scellé" entry for zips (the zips' default program unchanged); the installed
# scelle.exe started and photographed; the installed scelle-cli.exe capturing a known picture
# shown on the screen (pixel for pixel), sealing it against the test TSA and exporting a bundle
# that the Linux verify accepts; a chat picture read by the installed OCR, whose models sit
# under "C:\Program Files\Scellé" (a name Tesseract's own file opening cannot spell); then the
# uninstaller, which leaves nothing of the program and
# keeps the cases.
#
#   bash tests/windows/wine_install.sh SETUP.EXE LINUX_BUILD [SHOTS_DIR]
#
# LINUX_BUILD: a Linux build tree (bin/scelle-cli, tests/scelle-test-tsa). SHOTS_DIR: where
# the screenshot of the installed Scellé goes (default: not kept).
set -euo pipefail
if [[ -z ${SCELLE_WINE_ON_XVFB:-} ]]; then
    export SCELLE_WINE_ON_XVFB=1
    exec xvfb-run -a -s "-screen 0 1280x800x24 -nolisten tcp" bash "$0" "$@"
fi
setup=$(realpath "${1:?usage: wine_install.sh SETUP.EXE LINUX_BUILD [SHOTS_DIR]}")
linux=$(cd "${2:?usage: wine_install.sh SETUP.EXE LINUX_BUILD [SHOTS_DIR]}" && pwd)
shots=${3:-}
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/windows/wine_common.sh
source "$here/wine_common.sh"

wine_start
drive_c=$WINEPREFIX/drive_c
install_dir="$drive_c/Program Files/Scellé"
start_menu="$drive_c/ProgramData/Microsoft/Windows/Start Menu/Programs/Scellé.lnk"
desktop="$drive_c/users/Public/Desktop/Scellé.lnk"
uninstall_key='HKLM\Software\Microsoft\Windows\CurrentVersion\Uninstall\Scelle'
verb_key='HKLM\Software\Classes\SystemFileAssociations\.zip\shell\Scelle.Verify'

# reg_value KEY NAME: the value's text ("" for the key's default value), or nothing. Read from
# `reg export` (UTF-16): `reg query` prints in the console's code page, which loses accents.
reg_value() {
    rm -f "$work/value.reg"
    wine reg export "$1" "$(winpath "$work/value.reg")" /y >/dev/null 2>&1 || return 0
    python3 - "$work/value.reg" "$2" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-16").read()
name = sys.argv[2]
wanted = "@" if name == "" else '"' + name.replace("\\", "\\\\") + '"'
for line in text.splitlines():
    if not line.startswith(wanted + "="):
        continue
    value = line[len(wanted) + 1:]
    if value.startswith('"') and value.endswith('"'):
        print(re.sub(r'\\(.)', r'\1', value[1:-1]))
    elif value.startswith("dword:"):
        print(int(value[6:], 16))
    break
PY
}
zip_default_before=$(wine reg query 'HKCR\.zip' /ve 2>/dev/null | tr -d '\r' || true)

step "the installer, silently (/S)"
wine "$setup" /S || fail "the installer said $?"
wine_stop
for f in bin/scelle.exe bin/scelle-cli.exe bin/scelle-pdf.dll Uninstall.exe \
    share/locale/fr/LC_MESSAGES/scelle.mo share/scelle/fonts/DejaVuSans.ttf \
    share/scelle/report-templates/fr/pharos.md bin/scelle-ocr.dll \
    share/scelle/tessdata/fra.traineddata share/scelle/tessdata/eng.traineddata \
    share/scelle/tessdata/LICENSE-tessdata.txt; do
    [[ -f $install_dir/$f ]] || fail "not installed: $f"
done
[[ -f $start_menu ]] || fail "no Start menu shortcut"
[[ -f $desktop ]] || fail "no desktop shortcut"
[[ $(reg_value "$uninstall_key" DisplayName) == "Scellé" ]] ||
    fail "no entry in Apps & features (DisplayName: '$(reg_value "$uninstall_key" DisplayName)')"
[[ $(reg_value "$uninstall_key" UninstallString) == *'Uninstall.exe"'* ]] ||
    fail "the Apps & features entry has no uninstaller"
verb=$(reg_value "$verb_key" "")
[[ $verb == "Vérifier avec Scellé" || $verb == "Verify with Scellé" ]] ||
    fail "no 'Verify with Scellé' entry for zips ('$verb')"
[[ $(reg_value "$verb_key\\command" "") == *'scelle.exe" --verify "%1"' ]] ||
    fail "the zip entry's command is '$(reg_value "$verb_key\\command" "")'"
[[ $(wine reg query 'HKCR\.zip' /ve 2>/dev/null | tr -d '\r' || true) == "$zip_default_before" ]] ||
    fail "the installer changed the default program for zips"

installed_cli="C:\\Program Files\\Scellé\\bin\\scelle-cli.exe"
step "the installed scelle-cli.exe"
wine "$installed_cli" --version | tr -d '\r' | grep -q '^scelle-cli ' ||
    fail "the installed scelle-cli.exe does not start"

# start_gui LOCALE WINDOW_NAME SHOT: the installed scelle.exe started in that Unix locale
# (Wine takes Windows' language from it), until a window of that name shows (the new-case
# wizard, as on a first start); photographed into SHOTS_DIR/SHOT, then closed.
start_gui() {
    LC_ALL=$1 wine "C:\\Program Files\\Scellé\\bin\\scelle.exe" >/dev/null 2>&1 &
    local gui_pid=$! shown=0
    add_cleanup "kill $gui_pid 2>/dev/null || true"
    for _ in $(seq 120); do
        if xwininfo -root -tree 2>/dev/null | grep -q "\"$2\""; then
            shown=1
            break
        fi
        sleep 0.5
    done
    ((shown)) || fail "no window named '$2' appeared in 60 s (locale $1)"
    sleep 3 # its first drawing
    if [[ -n $shots ]]; then
        mkdir -p "$shots"
        import -window root "$shots/$3"
        say "screenshot: $shots/$3"
    fi
    kill "$gui_pid" 2>/dev/null || true
    wineserver -k 2>/dev/null || true
    wine_stop
}
step "the installed Scellé starts and shows its window, in English"
start_gui C.UTF-8 "New case" wine-installed-scelle.png
step "and in French, on a French system (its catalog found beside the program)"
locale -a | grep -qix 'fr_FR\.utf-\{0,1\}8' ||
    fail "the fr_FR.UTF-8 locale is missing (installer/windows/cross-build.sh makes it)"
start_gui fr_FR.UTF-8 "Nouveau dossier" wine-installed-scelle-fr.png

# ---- Capture, seal and export with the installed program. ----
start_test_tsa "$linux"


step "a known picture on the screen, captured by the installed Scellé pixel for pixel"
# 64×48 pixels in four colours with a one-pixel checker corner, shown without a frame at
# (200, 150) by ImageMagick's display.
convert -size 32x24 xc:'#e01010' -size 32x24 xc:'#10c020' +append \
    \( -size 32x24 xc:'#1030e0' -size 32x24 xc:'#f0f0f0' +append \) -append \
    -fill black -draw 'point 0,0' -draw 'point 2,0' -draw 'point 1,1' "$work/pattern.png"
display -geometry +200+150 -borderwidth 0 -immutable "$work/pattern.png" &
display_pid=$!
add_cleanup "kill $display_pid 2>/dev/null || true"
sleep 2
cli() { wine "$installed_cli" "$@" 2>"$work/err" | tr -d '\r'; }
id=$(cli case new --title "Capture sous Wine") || fail "case new: $(cat "$work/err")"
cli capture "$id" --region 200,150,64,48 --description "Motif connu" --tsa "$url" --ca "$ca_win" \
    >/dev/null || fail "capture: $(cat "$work/err")"
kill "$display_pid" 2>/dev/null || true
cli --json case show "$id" >"$work/show.json" || fail "case show: $(cat "$work/err")"
item=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["items"][0]["seq"])' "$work/show.json")
cli extract "$id" "$item" -o "$(winpath "$work/captured.png")" >/dev/null ||
    fail "extract: $(cat "$work/err")"
diff_pixels=$(compare -metric AE "$work/pattern.png" "$work/captured.png" null: 2>&1 || true)
[[ $diff_pixels == 0 ]] ||
    fail "the capture differs from the picture on the screen in $diff_pixels pixels"

step "export, and the Linux verify"
cli export "$id" -o "$(winpath "$work/capture.zip")" --tsa "$url" --ca "$ca_win" >/dev/null ||
    fail "export: $(cat "$work/err")"
"$linux/bin/scelle-cli" verify "$work/capture.zip" --ca "$ca_pem" >"$work/verify.txt" 2>&1 ||
    fail "the Linux verify said $?: $(cat "$work/verify.txt")"

step "a chat read by the installed OCR, its models found under C:\\Program Files\\Scellé"
# Tesseract opens its files by ANSI names; Scellé reads them for it by their Unicode names.
draw_chat "$work/chat.png" dark "Léa : tu habites où ?" "Donne ton adresse e-mail"
cli import "$id" "$(winpath "$work/chat.png")" --offline >/dev/null ||
    fail "import: $(cat "$work/err")"
cli transcribe "$id" >/dev/null || fail "transcribe: $(cat "$work/err")"
cli --lang en search "$id" "adresse" >"$work/search.txt" || fail "search: $(cat "$work/err")"
grep -q "line 2" "$work/search.txt" ||
    fail "the installed Scellé did not find 'adresse' in the chat it read: $(cat "$work/search.txt")"

store="$drive_c/users/$(id -un)/AppData/Local/Scellé"
[[ -d $store/cases/$id ]] || fail "the case is not in %LOCALAPPDATA%\\Scellé ($store)"
wine_stop

step "the uninstaller, silently"
wine "C:\\Program Files\\Scellé\\Uninstall.exe" /S || fail "the uninstaller said $?"
wine_stop
sleep 1
[[ ! -e $install_dir ]] || fail "left behind: $(cd "$install_dir" && find . | head -n 5)"
[[ ! -e $start_menu && ! -e $desktop ]] || fail "a shortcut was left"
[[ -z $(reg_value "$uninstall_key" DisplayName) ]] || fail "the Apps & features entry was left"
[[ -z $(reg_value "$verb_key" "") ]] || fail "the zip entry was left"
[[ -d $store/cases/$id ]] || fail "the uninstaller removed the cases"

say "all checks passed: installed, started, captured, sealed, exported, read, uninstalled"
