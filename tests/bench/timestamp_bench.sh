#!/usr/bin/env bash
# Timestamp benchmark (issue 3): sealing a case of COUNT items against the local test TSA,
# against the plain-tools baseline for one digest:
#   openssl ts -query -digest HEX -sha256 -cert  >  q.tsq
#   curl --data-binary @q.tsq -H 'Content-Type: application/timestamp-query' TSA  >  r.tsr
#   openssl ts -verify -digest HEX -in r.tsr -CAfile ca.pem
# in one run, printed as a ratio; and the number of requests that importing COUNT files (in
# one command) and sealing them cost, which must be one whatever COUNT is. It also times an
# import of COUNT files with --offline against the same import with a TSA that refuses the
# connection (an offline machine), whose difference must stay under a second.
#
# Run by `ninja bench-timestamp` (or as part of `ninja bench`), or by hand:
#   SCELLE_CLI=build/bin/scelle-cli SCELLE_BENCH_GEN=build/tests/scelle-bench-gen \
#   SCELLE_TEST_TSA=build/tests/scelle-test-tsa bash tests/bench/timestamp_bench.sh
# Knobs (environment): SCELLE_BENCH_COUNT (200), SCELLE_BENCH_REPEAT (5, medians are shown),
# TMPDIR (where everything is written).
#
# This is a measurement, not a test: it exits 0 whatever the figures are, and non-zero only
# when something could not be run. Nothing leaves 127.0.0.1.
set -euo pipefail
shopt -s inherit_errexit

die() {
    echo "timestamp_bench: $*" >&2
    exit 1
}

: "${SCELLE_CLI:?set SCELLE_CLI to the scelle-cli executable}"
: "${SCELLE_BENCH_GEN:?set SCELLE_BENCH_GEN to the scelle-bench-gen executable}"
: "${SCELLE_TEST_TSA:?set SCELLE_TEST_TSA to the scelle-test-tsa executable}"
count=${SCELLE_BENCH_COUNT:-200}
repeat=${SCELLE_BENCH_REPEAT:-5}
for exe in "$SCELLE_CLI" "$SCELLE_BENCH_GEN" "$SCELLE_TEST_TSA"; do
    [[ -x $exe ]] || die "not an executable: $exe"
done
command -v openssl >/dev/null || die "openssl is missing"
command -v curl >/dev/null || die "curl is missing"
[[ $count =~ ^[1-9][0-9]*$ && $repeat =~ ^[1-9][0-9]*$ ]] ||
    die "SCELLE_BENCH_COUNT and SCELLE_BENCH_REPEAT must be numbers"

work=$(mktemp -d "${TMPDIR:-/tmp}/scelle-tsbench.XXXXXX")
tsa_pid=
# shellcheck disable=SC2317  # called by the EXIT trap
cleanup() {
    [[ -n $tsa_pid ]] && kill "$tsa_pid" 2>/dev/null && wait "$tsa_pid" 2>/dev/null
    chmod -R u+rwX "$work" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

now_ns() { date +%s%N; }
seconds() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", (b - a) / 1e9 }'; }
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
diff_s() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a - b }'; }

# The local TSA, as the tests use it. It writes its URL once it listens.
"$SCELLE_TEST_TSA" --ca-out "$work/ca.pem" --url-out "$work/url" >"$work/tsa.log" 2>&1 &
tsa_pid=$!
for _ in $(seq 1 500); do
    [[ -s $work/url ]] && break
    sleep 0.01
done
[[ -s $work/url ]] || die "the test TSA did not start: $(cat "$work/tsa.log")"
url=$(head -n 1 "$work/url")
control=${url%/tsa}/control
requests() { curl -sS --noproxy '*' "$control/requests"; }

# Nothing may reach the internet, whatever the caller's settings.
export SCELLE_CONFIG=$work/no-settings.json
export SCELLE_TRUST_ANCHORS=$work/ca.pem
export SCELLE_TSA_URLS=$url
export http_proxy=http://127.0.0.1:9 https_proxy=http://127.0.0.1:9 no_proxy=127.0.0.1

echo "machine: $(nproc) CPUs, $(uname -sr), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "scelle-cli: $SCELLE_CLI ($("$SCELLE_CLI" --version 2>/dev/null || echo 'version unknown'))"
echo "generating $count screenshots..." >&2
"$SCELLE_BENCH_GEN" "$work/src" "$count" >/dev/null
shots=("$work"/src/shot-*.png)
((${#shots[@]} == count)) || die "expected $count generated files, found ${#shots[@]}"

new_case() {
    "$SCELLE_CLI" --store "$1" case new --title "Benchmark" 2>/dev/null
}

# A store with a case of $count items imported --offline; prints "store case".
offline_case() {
    local store=$work/store-$1
    local id
    id=$(new_case "$store")
    "$SCELLE_CLI" --store "$store" import "$id" --offline "${shots[@]}" >/dev/null 2>&1 ||
        die "the offline import failed"
    echo "$store $id"
}

# Times `scelle-cli timestamp CASE` on a case whose $count items are all pending.
run_seal() {
    local store id t0 t1
    read -r store id < <(offline_case "seal-$1")
    local before
    before=$(requests)
    t0=$(now_ns)
    "$SCELLE_CLI" --store "$store" timestamp "$id" >"$work/seal.log" 2>&1 ||
        { cat "$work/seal.log" >&2; die "scelle-cli timestamp failed"; }
    t1=$(now_ns)
    local after
    after=$(requests)
    ((after - before == 1)) || die "sealing cost $((after - before)) requests, expected 1"
    "$SCELLE_CLI" --store "$store" --json case show "$id" | grep -q '"status": "pending"' &&
        die "some items are still pending after the seal"
    seconds "$t0" "$t1"
}

# Times the baseline for one digest: query, POST, verify.
run_baseline() {
    local hex t0 t1
    hex=$(openssl rand -hex 32)
    t0=$(now_ns)
    openssl ts -query -digest "$hex" -sha256 -cert -out "$work/q.tsq" 2>/dev/null
    curl -sS --noproxy '*' --data-binary @"$work/q.tsq" \
        -H 'Content-Type: application/timestamp-query' -o "$work/r.tsr" "$url"
    openssl ts -verify -digest "$hex" -in "$work/r.tsr" -CAfile "$work/ca.pem" >/dev/null 2>&1 ||
        die "openssl ts -verify failed on the baseline's token"
    t1=$(now_ns)
    seconds "$t0" "$t1"
}

echo "measuring: seal $count pending items vs one openssl+curl round trip, $repeat rounds..." >&2
seal_runs=() base_runs=()
for ((round = 1; round <= repeat; round++)); do
    if ((round % 2 == 1)); then
        b=$(run_baseline)
        s=$(run_seal "$round")
    else
        s=$(run_seal "$round")
        b=$(run_baseline)
    fi
    seal_runs+=("$s")
    base_runs+=("$b")
    echo "  round $round: baseline $b s, scelle-cli timestamp $s s" >&2
done
seal_med=$(median "${seal_runs[@]}")
base_med=$(median "${base_runs[@]}")

# Requests per command: an import of $count files with the TSA, one command.
store=$work/store-debounce
id=$(new_case "$store")
before=$(requests)
"$SCELLE_CLI" --store "$store" import "$id" "${shots[@]}" >"$work/import.log" 2>&1 ||
    { cat "$work/import.log" >&2; die "the import with a TSA failed"; }
import_requests=$(($(requests) - before))
granted=$("$SCELLE_CLI" --store "$store" --json case show "$id" | grep -c '"status": "granted"')

# An offline machine: --offline against a TSA that refuses the connection.
closed="http://127.0.0.1:9/tsa"
off_runs=() refused_runs=()
for ((round = 1; round <= repeat; round++)); do
    for mode in offline refused; do
        store=$work/store-$mode-$round
        id=$(new_case "$store")
        cat "${shots[@]}" >/dev/null
        t0=$(now_ns)
        if [[ $mode == offline ]]; then
            "$SCELLE_CLI" --store "$store" import "$id" --offline "${shots[@]}" >/dev/null 2>&1
        else
            SCELLE_TSA_URLS=$closed "$SCELLE_CLI" --store "$store" import "$id" "${shots[@]}" \
                >/dev/null 2>&1
        fi
        t1=$(now_ns)
        if [[ $mode == offline ]]; then off_runs+=("$(seconds "$t0" "$t1")"); else
            refused_runs+=("$(seconds "$t0" "$t1")"); fi
        chmod -R u+rwX "$store" && rm -rf "$store"
    done
done
off_med=$(median "${off_runs[@]}")
refused_med=$(median "${refused_runs[@]}")

echo
echo "sealing a case of $count items against the local TSA, median of $repeat rounds:"
printf '  %-58s %8s s   (runs: %s)\n' "baseline: openssl ts -query + curl + openssl ts -verify" \
    "$base_med" "${base_runs[*]}"
printf '  %-58s %8s s   (runs: %s)\n' "scelle-cli timestamp (1 request)" "$seal_med" \
    "${seal_runs[*]}"
printf '  %-58s %8s     (goal <= 1.5)\n' "ratio timestamp / baseline" \
    "$(ratio "$seal_med" "$base_med")"
echo
echo "requests made by one import of $count files with a TSA: $import_requests (goal: 1);" \
    "items granted: $granted"
echo
echo "import of $count files, offline machine, median of $repeat rounds:"
printf '  %-58s %8s s   (runs: %s)\n' "scelle-cli import --offline" "$off_med" "${off_runs[*]}"
printf '  %-58s %8s s   (runs: %s)\n' "scelle-cli import, TSA refuses the connection" \
    "$refused_med" "${refused_runs[*]}"
printf '  %-58s %8s s   (goal < 1)\n' "difference" "$(diff_s "$refused_med" "$off_med")"
exit 0
