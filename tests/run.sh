#!/usr/bin/env bash
# Builds Scellé and runs the whole test suite: the style check, every test of the normal
# build, then the unit tests again under AddressSanitizer + UndefinedBehaviorSanitizer.
# This is the README's test command and what CI runs (.ci/run).
#
#   bash tests/run.sh            everything
#   bash tests/run.sh --quick    skip the sanitizer build
set -euo pipefail
cd "$(dirname "$0")/.."

quick=0
[[ "${1:-}" == "--quick" ]] && quick=1
jobs=$(nproc)

bash installer/bootstrap-debian.sh

echo "== style: clang-format"
mapfile -t sources < <(git ls-files '*.cpp' '*.h' 2>/dev/null || find app crypto tests -name '*.cpp' -o -name '*.h')
if ! clang-format --dry-run --Werror "${sources[@]}"; then
    echo "Some files are not formatted: run clang-format -i on them." >&2
    exit 1
fi

echo "== build and test (RelWithDebInfo)"
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSCELLE_BUILD_TESTS=ON -DSCELLE_WERROR=ON
cmake --build build -j "$jobs"
# The GUI and X11 capture tests need a display: a virtual one (Xvfb), 1920×1080, 24-bit,
# without a window manager. GDK_BACKEND=x11 keeps GTK on it; NO_AT_BRIDGE avoids the
# accessibility bus's start-up delays. A test with no TIMEOUT of its own is stopped after
# --timeout seconds: a hung test fails alone instead of holding the whole run. -noreset: Xvfb
# otherwise resets itself whenever its last client leaves, and a test connecting during that
# reset failed with "Unable to initialize GTK+" (seen in CI, between two parallel GUI tests).
GDK_BACKEND=x11 NO_AT_BRIDGE=1 SCELLE_EXPECT_SCREEN=1920x1080 xvfb-run -a -s "-screen 0 1920x1080x24 -nolisten tcp -noreset" \
    ctest --test-dir build --output-on-failure --timeout 600 -j "$jobs"

# The Linux packages: the .deb and the .rpm made from this build, the .deb checked (lintian,
# desktop-file-validate, appstreamcli), installed, run from /usr, purged. It installs a
# package, so it needs root or sudo without a password.
if [[ $(id -u) -eq 0 ]] || sudo -n true 2>/dev/null; then
    bash installer/check-deb.sh build
else
    echo "== package: skipped: installing the .deb needs root or sudo, and neither is available"
fi

if ((quick == 0)); then
    # Without the desktop application, too: everything below the GUI (the libraries, the jobs,
    # scelle-cli) must build with no wx at all.
    echo "== unit tests under AddressSanitizer + UndefinedBehaviorSanitizer (built with -DSCELLE_BUILD_GUI=OFF)"
    cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DSCELLE_SANITIZE=ON \
        -DSCELLE_WERROR=ON -DSCELLE_BUILD_GUI=OFF
    cmake --build build-asan -j "$jobs" --target crypto_tests core_tests capture_tests scelle-cli
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
        LSAN_OPTIONS="suppressions=$PWD/tests/lsan-suppressions.txt" \
        ctest --test-dir build-asan --output-on-failure --timeout 600 -j "$jobs" -L unit
fi
