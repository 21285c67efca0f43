#!/usr/bin/env bash
# Every sentence a person reads has a French translation, in the desktop application and the
# command line alike (one gettext domain): extracts the strings from app/gui, app/cli and
# app/jobs now (xgettext, as po/scelle.pot was made) and compares them with po/fr.po,
# po/fr-dialogs.po and po/fr-cli.po together (msgcmp fails on a msgid with no translation).
#   bash tests/gui/po_complete.sh SOURCE_DIR
set -euo pipefail
src=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$src"
mapfile -t files < <(find app/gui app/cli app/jobs -name '*.cpp' | sort)
xgettext --keyword=_ --keyword=N_ --keyword=P_:1,2 --keyword=wxPLURAL:1,2 \
    --keyword=wxTRANSLATE --from-code=UTF-8 --add-comments=TRANSLATORS: \
    -o "$work/now.pot" "${files[@]}"
msgcat --use-first -o "$work/fr.po" po/fr.po po/fr-dialogs.po po/fr-cli.po
if ! msgcmp "$work/fr.po" "$work/now.pot" 2>"$work/missing"; then
    echo "Strings without a French translation (add them to po/fr.po, po/fr-dialogs.po or" \
        "po/fr-cli.po):" >&2
    grep -v '^msgcmp: found' "$work/missing" | head -n 40 >&2
    exit 1
fi
# French typography in every translation: a no-break space (U+00A0 or U+202F) before : ; ? !
# and inside « », never a plain one (a line break could leave the sign alone at a line's start).
msgattrib --no-wrap --no-obsolete -o "$work/fr-nowrap.po" "$work/fr.po"
if grep -nP '^msgstr(\[\d+\])? ".*( [:;?!](?=[ "]|\\n)|« | »)' "$work/fr-nowrap.po" \
    >"$work/spaces"; then
    echo "French translations with a plain space where a no-break space belongs:" >&2
    head -n 20 "$work/spaces" >&2
    exit 1
fi
echo "every string of app/gui, app/cli and app/jobs has its French translation"
