#!/usr/bin/env bash
# Every string the application shows has a French translation: extracts the strings from the
# sources now (xgettext, as po/scelle.pot was made) and compares them with po/fr.po and
# po/fr-dialogs.po together (msgcmp fails on a msgid with no translation).
#   bash tests/gui/po_complete.sh SOURCE_DIR
set -euo pipefail
src=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$src"
mapfile -t files < <(find app/gui -name '*.cpp' | sort)
xgettext --keyword=_ --keyword=wxPLURAL:1,2 --keyword=wxTRANSLATE --from-code=UTF-8 \
    --add-comments=TRANSLATORS: -o "$work/now.pot" "${files[@]}"
msgcat --use-first -o "$work/fr.po" po/fr.po po/fr-dialogs.po
if ! msgcmp "$work/fr.po" "$work/now.pot" 2>"$work/missing"; then
    echo "Strings without a French translation (add them to po/fr.po or po/fr-dialogs.po):" >&2
    grep -v '^msgcmp: found' "$work/missing" | head -n 40 >&2
    exit 1
fi
echo "every string of app/gui has its French translation"
