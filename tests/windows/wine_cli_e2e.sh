#!/usr/bin/env bash
# Scellé for Windows, end to end under Wine: scelle-cli.exe makes a case from files with
# accented and emoji names, reads chat pictures by OCR (light and dark, PNG and JPEG) and finds
# their words, records a link, seals against the test TSA (the Linux one, on
# 127.0.0.1), exports a bundle and prints a report; then the bundle -- the same bytes a family
# on Windows would send -- is checked on Linux by scelle-cli verify, unzip, sha256sum -c and
# openssl ts -verify.
#
#   bash tests/windows/wine_cli_e2e.sh STAGE LINUX_BUILD
#
# STAGE: the Windows programs as installed (STAGE/bin/scelle-cli.exe, STAGE/share/...), made by
# installer/windows/cross-build.sh. LINUX_BUILD: a Linux build tree (bin/scelle-cli,
# tests/scelle-test-tsa). A fresh WINEPREFIX each run; nothing outside a temporary folder is
# touched. Exit 0 when every check passed; otherwise the first failed check is said.
set -euo pipefail
stage=$(cd "${1:?usage: wine_cli_e2e.sh STAGE LINUX_BUILD}" && pwd)
linux=$(cd "${2:?usage: wine_cli_e2e.sh STAGE LINUX_BUILD}" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/windows/wine_common.sh
source "$here/wine_common.sh"

exe=$stage/bin/scelle-cli.exe
[[ -f $exe ]] || fail "no $exe"
[[ -x $linux/bin/scelle-cli && -x $linux/tests/scelle-test-tsa ]] ||
    fail "$linux has no bin/scelle-cli or tests/scelle-test-tsa (a Linux build is needed)"

wine_start

# The test TSA, on Linux.
start_test_tsa "$linux"

# Windows' scelle-cli, its output without the carriage returns of Windows' text mode.
cli() { wine "$exe" --store "$store_win" "$@" 2>"$work/err" | tr -d '\r'; }
store_win=$(winpath "$work/store")

# The evidence: two screenshots and a text file with names a French family would give them.
mkdir -p "$work/in"
shot1="$work/in/Capture d’écran 2026-03-14 à 21.04 😢.png"
shot2="$work/in/Message de Zoë – menace.png"
note="$work/in/conversation élève.txt"
convert -size 40x30 xc:'rgb(200,40,40)' "$shot1"
convert -size 64x48 xc:'rgb(30,90,200)' "$shot2"
printf 'Il a écrit : « envoie une photo ou je publie tout » 😡\n' >"$note"

step "scelle-cli.exe --version"
cli --version | grep -q '^scelle-cli ' || fail "--version said: $(cat "$work/err")"

step "case new (a title with accents and a dash)"
title="Harcèlement de Zoë — test sous Wine"
id=$(cli case new --title "$title" --destination pharos --incident harassment) ||
    fail "case new failed: $(cat "$work/err")"
[[ $id =~ ^[0-9]{8}-[0-9a-f]{8}$ ]] || fail "case new printed '$id', not a case id"

step "account add"
cli account add "$id" --platform Discord --handle "zoé_harceleur" >/dev/null ||
    fail "account add failed: $(cat "$work/err")"

step "import (accented and emoji names), sealed by the test TSA"
cli import "$id" "$(winpath "$shot1")" "$(winpath "$shot2")" "$(winpath "$note")" \
    --account "Discord:zoé_harceleur" --tsa "$url" --ca "$ca_win" >/dev/null ||
    fail "import failed: $(cat "$work/err")"

step "a missing file with an accent is named, and nothing is lost"
if cli import "$id" "$(winpath "$work/in/absente é.png")" --offline >/dev/null; then
    fail "importing a missing file succeeded"
fi
grep -q 'absente é.png' "$work/err" || fail "the error did not name 'absente é.png': $(cat "$work/err")"
[[ $(grep -c . "$work/err") -le 2 ]] || fail "more than one sentence for a missing file: $(cat "$work/err")"

step "machine transcripts: a chat in light and in dark mode (PNG), a phone screenshot (JPEG)"
# The OCR module (scelle-ocr.dll: Tesseract and Leptonica) and the French and English models
# shipped in STAGE/share/scelle/tessdata.
[[ -f $stage/share/scelle/tessdata/fra.traineddata && -f $stage/bin/scelle-ocr.dll ]] ||
    fail "no OCR module or no French model in $stage"
chat=("Léa : tu habites où ?" "Donne ton adresse e-mail" "C'était cet été")
draw_chat "$work/in/discussion claire.png" light "${chat[@]}"
draw_chat "$work/in/discussion sombre.png" dark "${chat[@]}"
draw_chat "$work/in/photo écran.jpg" light "${chat[@]}"
cli --json import "$id" "$(winpath "$work/in/discussion claire.png")" \
    "$(winpath "$work/in/discussion sombre.png")" "$(winpath "$work/in/photo écran.jpg")" \
    --offline >"$work/chats.json" || fail "import of the chats failed: $(cat "$work/err")"
cli transcribe "$id" >/dev/null || fail "transcribe failed: $(cat "$work/err")"
for item in $(python3 -c 'import json, sys; print(*(i["item"] for i in json.load(open(sys.argv[1]))["imported"]))' "$work/chats.json"); do
    grep -q "item $item: 3 lines read" "$work/err" ||
        fail "transcribe did not read the three lines of item $item: $(cat "$work/err")"
done
cli --json search "$id" "adresse" >"$work/search.json" || fail "search failed: $(cat "$work/err")"
cli --json search "$id" "ETE" >"$work/search-accents.json" ||
    fail "search failed: $(cat "$work/err")"
python3 - "$work/chats.json" "$work/search.json" "$work/search-accents.json" <<'PY' ||
import json, sys
chats = sorted(i["item"] for i in json.load(open(sys.argv[1]))["imported"])
for path, line in ((sys.argv[2], 2), (sys.argv[3], 3)):
    doc = json.load(open(path))
    assert doc["machine_transcript"] is True, path
    found = sorted(h["item"] for h in doc["hits"] if h["line"] == line)
    assert found == chats, f"{doc['query']}: line {line} found in {found}, not in {chats}"
PY
    fail "the search did not find each chat's line (adresse: line 2; ETE, for été: line 3)"

step "link"
cli link "$id" "https://exemple.invalid/profil/zoé_harceleur" --description "Le profil" \
    --tsa "$url" --ca "$ca_win" >/dev/null || fail "link failed: $(cat "$work/err")"

step "timestamp (nothing left pending)"
cli timestamp "$id" --tsa "$url" --ca "$ca_win" >/dev/null ||
    fail "timestamp failed: $(cat "$work/err")"
cli --json case show "$id" >"$work/show.json" || fail "case show failed: $(cat "$work/err")"
grep -q '"status": "pending"' "$work/show.json" && fail "items are still pending"

step "check (every original re-hashed on Windows)"
cli check "$id" >/dev/null || fail "check failed: $(cat "$work/err")"

step "export"
zip="$work/out/Dossier Zoë.zip"
mkdir -p "$work/out"
cli export "$id" -o "$(winpath "$zip")" --tsa "$url" --ca "$ca_win" >/dev/null ||
    fail "export failed: $(cat "$work/err")"
[[ -s $zip ]] || fail "export made no $zip"

step "report (PDF, French)"
pdf="$work/out/Rapport Zoë.pdf"
wine "$exe" --store "$store_win" --lang fr report "$id" -o "$(winpath "$pdf")" \
    >/dev/null 2>"$work/err" || fail "report failed: $(cat "$work/err")"
pdftotext -enc UTF-8 "$pdf" - | tr '\n' ' ' | grep -q "Harcèlement de Zoë" ||
    fail "the report does not show the case's title"
qpdf --check "$pdf" >/dev/null || fail "qpdf --check rejects the report"

step "verify on Windows"
cli verify "$(winpath "$zip")" --ca "$ca_win" >"$work/verify-win.txt" ||
    fail "verify under Wine said $?: $(cat "$work/verify-win.txt" "$work/err")"

wine_stop

# ---- The same bytes, on Linux. ----
step "Linux scelle-cli verify"
"$linux/bin/scelle-cli" verify "$zip" --ca "$ca_pem" >"$work/verify.txt" 2>&1 ||
    fail "the Linux verify said $?: $(cat "$work/verify.txt")"

step "unzip -t, sha256sum -c, openssl ts -verify"
unzip -tq "$zip" >/dev/null || fail "unzip -t rejects the bundle"
mkdir -p "$work/unzipped"
unzip -q "$zip" -d "$work/unzipped"
bag=$(find "$work/unzipped" -mindepth 1 -maxdepth 1 -type d)
[[ $(printf '%s\n' "$bag" | wc -l) -eq 1 ]] || fail "the bundle has not one top folder"
(cd "$bag" && sha256sum -c --strict --quiet manifest-sha256.txt &&
    sha256sum -c --strict --quiet tagmanifest-sha256.txt) || fail "sha256sum -c failed"
(cd "$bag" && openssl ts -verify -data manifest-sha256.txt \
    -in timestamps/manifest-sha256.txt.tsr -CAfile "$ca_pem" \
    -untrusted timestamps/tsa-certs.pem 2>/dev/null) | grep -q '^Verification: OK' ||
    fail "openssl ts -verify rejects the manifest's token"

step "the originals are in the bundle byte for byte"
for f in "$shot1" "$shot2" "$note"; do
    sum=$(sha256sum "$f" | cut -d' ' -f1)
    grep -q "^$sum " "$bag/manifest-sha256.txt" ||
        fail "$(basename "$f"): its SHA-256 is not in the manifest"
done
grep -q "Harcèlement de Zoë" "$bag/data/case.json" || fail "case.json lost the accents of the title"

say "all checks passed: a bundle made on Windows (Wine) is accepted on Linux"
