#!/usr/bin/env bash
# OCR benchmark (issue 17): `scelle-cli transcribe` of a case of COUNT chat screenshots against
# the `tesseract` command on the same PNG files, same languages (fra+eng), in one run, printed
# as a time ratio. The reference runs the way a person would: one `tesseract IMG OUT -l
# fra+eng` per file, one after the other (Tesseract's own OpenMP threads as Debian builds it);
# the same files through `xargs -P <CPUs>` with OMP_THREAD_LIMIT=1 (one process per CPU, each
# on one thread: the fastest way we found to run the command) are timed too, for comparison.
#
# Run by `ninja bench-ocr`, or by hand:
#   SCELLE_CLI=build/bin/scelle-cli bash tests/bench/ocr_bench.sh
# Knobs (environment): SCELLE_BENCH_COUNT (200), SCELLE_BENCH_REPEAT (1, medians are shown),
# SCELLE_BENCH_XARGS (1; 0 leaves out the parallel tesseract run), SCELLE_BENCH_SEQ (1; 0
# leaves out the one-after-the-other run, which takes about ten times as long as the others),
# TMPDIR (where everything is written).
#
# The screenshots are drawn by ImageMagick's convert with the DejaVu fonts: 600 × 900 chat
# windows of eight bubbles of French text (accents, e-mail, phone numbers), every other one in
# dark mode, one in five with small (13 px) text. Each differs from the others by its text.
#
# This is a measurement, not a test: it exits 0 whatever the figures are, and non-zero only
# when something could not be run. Nothing leaves the machine (--offline; no TSA).
set -euo pipefail
shopt -s inherit_errexit

# shellcheck disable=SC2034  # read by bench_lib.sh
bench_name=ocr_bench
# shellcheck source-path=SCRIPTDIR source=bench_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/bench_lib.sh"

: "${SCELLE_CLI:?set SCELLE_CLI to the scelle-cli executable}"
count=${SCELLE_BENCH_COUNT:-200}
repeat=${SCELLE_BENCH_REPEAT:-1}
[[ -x $SCELLE_CLI ]] || die "not an executable: $SCELLE_CLI"
for tool in tesseract convert xargs; do
    command -v "$tool" >/dev/null || die "$tool is missing (bash installer/bootstrap-debian.sh)"
done
cpus=$(nproc)

echo "machine: $cpus CPUs, $(uname -sr), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "scelle-cli: $SCELLE_CLI ($("$SCELLE_CLI" --version 2>/dev/null || echo 'version unknown'))"
echo "tesseract: $(tesseract --version 2>&1 | head -n 1)"

echo "generating $count chat screenshots..." >&2
src=$work/src
mkdir -p "$src"
phrases=("Salut, tu habites où exactement ?" "Donne-moi ton adresse, je passe te voir"
    "C'était cet été, à la piscine de Léa" "Écris-moi sur lea.martin@example.fr"
    "Appelle au 06 12 34 56 78 ce soir" "Ne dis rien à tes parents, d'accord ?"
    "Envoie une photo et je t'offre des crédits" "Mon compte : @joueur_du_93 sur le jeu")
make_shot() {
    local i=$1 out=$2 bg fg bubble size y args=()
    if ((i % 2)); then bg='#1e1f22' fg='#e6e6e6' bubble='#3a3c43'; else bg='#ffffff' fg='#111111' bubble='#e5e5ea'; fi
    size=20
    ((i % 5 == 0)) && size=13
    args=(-size 600x900 "xc:$bg" -font DejaVu-Sans -pointsize "$size")
    for ((k = 0; k < 8; k++)); do
        y=$((60 + k * 105))
        args+=(-fill "$bubble" -draw "roundrectangle 12,$((y - 34)) 588,$((y + 40)) 14,14"
            -fill "$fg" -annotate "+26+$y" "${phrases[(i + k) % 8]}"
            -annotate "+26+$((y + 28))" "message $((i * 8 + k)) — 21:0$((k % 10))")
    done
    convert "${args[@]}" "$out"
}
export -f make_shot
for ((i = 0; i < count; i++)); do
    printf '%s\n' "$i"
done | xargs -P "$cpus" -I{} bash -c "$(declare -p phrases); make_shot {} $src/chat-\$(printf %04d {}).png"
shots=("$src"/chat-*.png)
((${#shots[@]} == count)) || die "expected $count generated files, found ${#shots[@]}"

# Times `transcribe` of a fresh case holding the screenshots (the import is not timed);
# prints "seconds lines".
run_scelle() {
    local store=$work/store-$1 case_id t0 t1
    case_id=$("$SCELLE_CLI" --store "$store" case new --title "OCR" 2>/dev/null)
    "$SCELLE_CLI" --store "$store" import "$case_id" --offline "${shots[@]}" >/dev/null 2>&1 ||
        die "the import failed"
    t0=$(now_ns)
    "$SCELLE_CLI" --store "$store" --json transcribe "$case_id" >"$work/transcribe.json" \
        2>"$work/transcribe.log" || { cat "$work/transcribe.log" >&2; die "transcribe failed"; }
    t1=$(now_ns)
    local lines
    lines=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(sum(t["lines"] for t in d["transcribed"]), len(d["failed"]))' "$work/transcribe.json")
    echo "$(seconds "$t0" "$t1") $lines"
    rm -rf "$store"
}

# Times the tesseract command over the same files; $1 = 1 (one after the other, Tesseract's
# defaults) or the number of parallel processes (each with OMP_THREAD_LIMIT=1). Prints "seconds".
run_tesseract() {
    local out=$work/tess t0 t1 limit=()
    rm -rf "$out" && mkdir -p "$out"
    (($1 > 1)) && limit=(env OMP_THREAD_LIMIT=1)
    t0=$(now_ns)
    # shellcheck disable=SC2016  # $1 and $2 are the inner sh's arguments
    printf '%s\n' "${shots[@]}" |
        "${limit[@]}" xargs -P "$1" -I{} sh -c 'tesseract "$1" "$2/$(basename "$1" .png)" -l fra+eng 2>/dev/null' \
            _ {} "$out" || die "tesseract failed"
    t1=$(now_ns)
    seconds "$t0" "$t1"
    echo
}

sc=() seq_t=() par_t=()
for ((round = 1; round <= repeat; round++)); do
    s=0
    [[ ${SCELLE_BENCH_SEQ:-1} == 0 ]] || s=$(run_tesseract 1)
    read -r st lines failed <<<"$(run_scelle "$round")"
    p=0
    [[ ${SCELLE_BENCH_XARGS:-1} == 0 ]] || p=$(run_tesseract "$cpus")
    sc+=("$st") seq_t+=("$s") par_t+=("$p")
    echo "  round $round: tesseract one by one $s s, scelle-cli transcribe $st s ($lines lines, $failed failed), tesseract OMP_THREAD_LIMIT=1 xargs -P $cpus $p s" >&2
done
sc_med=$(median "${sc[@]}")
seq_med=$(median "${seq_t[@]}")
par_med=$(median "${par_t[@]}")

echo
echo "$count chat screenshots of 600×900 ($(du -sm "$src" | cut -f1) MB), median of $repeat round(s):"
[[ ${SCELLE_BENCH_SEQ:-1} == 0 ]] ||
    echo "  tesseract IMG OUT -l fra+eng, one after the other:   $seq_med s ($(per_item_ms "$seq_med" "$count") ms each)"
[[ ${SCELLE_BENCH_XARGS:-1} == 0 ]] ||
    echo "  tesseract, OMP_THREAD_LIMIT=1 xargs -P $cpus:           $par_med s"
echo "  scelle-cli transcribe ($cpus engines, one per thread):   $sc_med s ($(per_item_ms "$sc_med" "$count") ms each)"
[[ ${SCELLE_BENCH_SEQ:-1} == 0 ]] ||
    echo "  ratio transcribe / tesseract one by one:              $(ratio "$sc_med" "$seq_med") (goal <= 1.0)"
[[ ${SCELLE_BENCH_XARGS:-1} == 0 ]] ||
    echo "  ratio transcribe / tesseract OMP_THREAD_LIMIT=1 xargs -P $cpus: $(ratio "$sc_med" "$par_med")"
