#!/usr/bin/env bash
# Remakes installer/windows/scelle.ico (the Windows installer's icon) from scelle.svg, in the
# sizes Windows uses (16 to 256 px). Run it after changing the SVG; needs rsvg-convert and
# ImageMagick's convert (both installed by installer/bootstrap-debian.sh).
set -euo pipefail
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pngs=()
for size in 16 24 32 48 64 128 256; do
    rsvg-convert --width="$size" --height="$size" --format=png --output="$tmp/$size.png" scelle.svg
    pngs+=("$tmp/$size.png")
done
convert "${pngs[@]}" ../windows/scelle.ico
echo "wrote installer/windows/scelle.ico"
