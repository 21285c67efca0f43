#!/usr/bin/env bash
# The unit tests of the libraries, built for Windows (crypto_tests.exe, core_tests.exe), run
# under Wine in a fresh WINEPREFIX. The tests that cannot run there are left out by name, each
# with its reason, in tests/windows/unit-test-exclusions.txt; a line there that no longer
# matches a test fails the run, so that the list cannot outlive what it excuses.
#
#   bash tests/windows/wine_unit_tests.sh WINDOWS_BUILD
#
# WINDOWS_BUILD: the build tree of installer/windows/cross-build.sh (build-windows), configured
# with SCELLE_BUILD_TESTS=ON. Exit 0 when every test that is not excluded passed.
set -euo pipefail
build=$(cd "${1:?usage: wine_unit_tests.sh WINDOWS_BUILD}" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/windows/wine_common.sh
source "$here/wine_common.sh"

exclusions=$here/unit-test-exclusions.txt
programs=(crypto_tests core_tests)
for p in "${programs[@]}"; do
    [[ -f $build/tests/$p.exe ]] || fail "no $build/tests/$p.exe (configure with SCELLE_BUILD_TESTS=ON)"
done

wine_start
# The host's roots, which Wine's certificate store holds: the Windows trust store is checked
# against them (tsp_test.cpp).
host_roots=/etc/ssl/certs/ca-certificates.crt
[[ -f $host_roots ]] || fail "no $host_roots (the ca-certificates package)"
SCELLE_TEST_HOST_ROOTS=$(winpath "$host_roots")
# The report writer, scelle-pdf.dll, is in the build's bin folder, not beside the tests.
SCELLE_MODULE_DIR=$(winpath "$build/bin")
export SCELLE_TEST_HOST_ROOTS SCELLE_MODULE_DIR

# The exclusions of one program: "PROGRAM PATTERN # reason" lines.
patterns_of() {
    sed -e 's/#.*//' "$exclusions" | awk -v p="$1" '$1 == p { print $2 }'
}

# The test names a gtest program lists, as "Suite.Test".
list_tests() {
    wine "$build/tests/$1.exe" --gtest_list_tests 2>/dev/null | tr -d '\r' | awk '
        /^[^ ]/ { suite = $1; next }
        /^  [^ ]/ { print suite $1 }'
}

# True when the gtest pattern (with * and ?) matches the name.
matches() {
    # shellcheck disable=SC2053 # the pattern is a glob on purpose
    [[ $2 == $1 ]]
}

total_run=0
total_excluded=0
for p in "${programs[@]}"; do
    mapfile -t patterns < <(patterns_of "$p")
    mapfile -t names < <(list_tests "$p")
    ((${#names[@]} > 0)) || fail "$p.exe lists no tests under Wine"
    excluded=0
    for pattern in "${patterns[@]}"; do
        hit=0
        for n in "${names[@]}"; do
            if matches "$pattern" "$n"; then
                hit=1
                excluded=$((excluded + 1))
            fi
        done
        ((hit)) || fail "$exclusions: '$p $pattern' matches no test of $p: remove it"
    done
    filter='*'
    if ((${#patterns[@]} > 0)); then
        filter="*-$(IFS=:; echo "${patterns[*]}")"
    fi
    start=$SECONDS
    say "$p.exe: ${#names[@]} tests, $excluded left out (unit-test-exclusions.txt)"
    # The source tree and the build are reached through Wine's drive Z: (tests/CMakeLists.txt).
    if ! wine "$build/tests/$p.exe" --gtest_filter="$filter" --gtest_brief=1 \
        >"$work/$p.log" 2>&1; then
        tr -d '\r' <"$work/$p.log" | tail -n 60 >&2
        fail "$p.exe failed under Wine (above)"
    fi
    passed=$(tr -d '\r' <"$work/$p.log" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p')
    ran=$(tr -d '\r' <"$work/$p.log" | sed -n 's/^\[==========\] \([0-9]*\) tests\{0,1\} from .* ran\..*/\1/p')
    [[ -n $passed && -n $ran ]] || fail "$p.exe did not say how many tests ran and passed"
    ((ran == ${#names[@]} - excluded)) ||
        fail "$p.exe ran $ran tests, not the $((${#names[@]} - excluded)) listed and not left out"
    say "$p.exe: $passed passed under Wine in $((SECONDS - start)) s"
    total_run=$((total_run + passed))
    total_excluded=$((total_excluded + excluded))
done
say "$total_run unit tests passed under Wine; $total_excluded left out, each with its reason"
