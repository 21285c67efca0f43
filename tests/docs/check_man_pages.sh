#!/bin/sh
# Renders each man page given (.1 or .1.gz) the way man does, with every groff warning on, and
# fails on any warning; then checks that lexgrog (man-db, which apropos and whatis use) finds
# its NAME line.
#   sh check_man_pages.sh PAGE...
set -eu
status=0
for page in "$@"; do
    if [ ! -f "$page" ]; then
        echo "$page: missing (build the man-pages target)"
        status=1
        continue
    fi
    case "$page" in
        *.gz) read_page() { gzip -dc "$page"; } ;;
        *) read_page() { cat "$page"; } ;;
    esac
    warnings=$(read_page | LC_ALL=C.UTF-8 groff -man -t -Tutf8 -ww -z 2>&1) || true
    if [ -n "$warnings" ]; then
        echo "$page: groff warns:"
        echo "$warnings"
        status=1
    fi
    lines=$(read_page | LC_ALL=C.UTF-8 groff -man -t -Tutf8 2>/dev/null | wc -l)
    if [ "$lines" -lt 10 ]; then
        echo "$page: renders to $lines lines only"
        status=1
    fi
    if command -v lexgrog >/dev/null 2>&1; then
        if ! lexgrog "$page"; then
            echo "$page: lexgrog finds no NAME section"
            status=1
        fi
    fi
    [ "$status" -eq 0 ] && echo "$page: renders without warnings ($lines lines)"
done
exit "$status"
