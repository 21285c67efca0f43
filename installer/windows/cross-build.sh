#!/usr/bin/env bash
# Cross-builds Scellé for Windows on Debian 12 (bookworm), as root, and tests it under Wine:
# nothing is downloaded from anywhere but Debian's archive, and the libraries are built from
# Debian's own source packages, at the versions of the Linux build's packages.
#
#   installer/windows/cross-build.sh [--deps-only] [--cached-deps-only] [--no-tests]
#                                    [--linux-build DIR] [--jobs N]
#
# Stages, in order:
#   1. the toolchain and tools (MinGW-w64 POSIX, CMake, Ninja, dpkg-dev, Wine, NSIS...) by
#      apt-get;
#   2. a deb-src entry for bookworm (/etc/apt/sources.list.d/scelle-deb-src.sources) and one
#      apt-get update when it is new;
#   3. the dependencies (installer/windows/deps.sh: the recipe, its key, its prefix in
#      $SCELLE_WINDOWS_CACHE/prefix-<key>, reused when complete). --deps-only stops here.
#      --cached-deps-only builds none: without a complete prefix for the key, it says so and
#      exits 3 (the CI: from nothing, the libraries take 40 minutes to 2 hours on 2 cores);
#   4. Scellé (build-windows/, CMake toolchain file installer/windows/mingw-w64.cmake), installed
#      into build-windows/stage; with the tests, the libraries' unit test programs too;
#   5. the installer, dist/Scelle-<version>-setup.exe (installer/windows/scelle.nsi);
#   6. the tests under Wine, each in a fresh WINEPREFIX (unless --no-tests): the unit tests of
#      the libraries, with the few that cannot run there named and explained in
#      tests/windows/unit-test-exclusions.txt (tests/windows/wine_unit_tests.sh); scelle-cli.exe
#      from end to end with the bundle checked on Linux (tests/windows/wine_cli_e2e.sh); the
#      installer run silently, the installed Scellé started and photographed, a capture by the
#      installed program compared pixel for pixel, sealed, exported and verified on Linux, the
#      uninstaller (tests/windows/wine_install.sh); the scrolling capture against a Win32 chat
#      window (tests/windows/wine_scroll.sh). wine_cli_e2e.sh and wine_install.sh need a Linux build
#      (--linux-build DIR, default build/, made when missing).
#
# Everything heavy runs under `nice -n 19` (the whole script re-executes itself niced).
# Environment: SCELLE_WINDOWS_CACHE (default /var/cache/scelle-windows); SCELLE_WINDOWS_KEY
# (only while working on the recipe: continue the prefix of that key).
set -euo pipefail

if [[ "$(nice)" -lt 19 ]]; then
    exec nice -n 19 bash "$0" "$@"
fi

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
toolchain_file=$here/mingw-w64.cmake
# shellcheck disable=SC2034 # used by deps.sh
smoke_source=$here/smoke.c
cache=${SCELLE_WINDOWS_CACHE:-/var/cache/scelle-windows}
jobs=2
deps_only=0
deps_may_build=1
run_tests=1
linux_build=$root/build

usage() {
    sed -n '2,/^set -euo pipefail/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'
}

while (($#)); do
    case $1 in
    --deps-only) deps_only=1 ;;
    --cached-deps-only) deps_may_build=0 ;;
    --no-tests) run_tests=0 ;;
    --linux-build)
        linux_build=$(realpath -m "$2")
        shift
        ;;
    --jobs)
        jobs=$2
        shift
        ;;
    -h | --help)
        usage
        exit 0
        ;;
    *)
        echo "cross-build: unknown option $1" >&2
        exit 2
        ;;
    esac
    shift
done
if [[ $(id -u) -ne 0 ]]; then
    echo "cross-build: run as root (apt-get, /etc/apt, $cache)" >&2
    exit 2
fi

say() { printf 'cross-build: %s\n' "$*"; }
die() {
    printf 'cross-build: %s\n' "$*" >&2
    exit 1
}

host=x86_64-w64-mingw32

# ---------------------------------------------------------------------------------------------
# 1. Toolchain and tools.
tools=(
    g++-mingw-w64-x86-64-posix gcc-mingw-w64-x86-64-posix binutils-mingw-w64-x86-64
    mingw-w64-x86-64-dev cmake ninja-build make pkgconf dpkg-dev perl tcl xz-utils bzip2
    wine wine64 xvfb xauth nsis imagemagick
    # Scellé's report fonts and the transcripts' language models, shipped in the installer
    # (Debian's packages), and what the tests under Wine check the results with.
    fonts-dejavu-core tesseract-ocr-fra tesseract-ocr-eng
    python3 qpdf poppler-utils unzip openssl x11-utils
    # The French locale's definition: Wine takes Windows' language from the Unix locale.
    locales
)
install_tools() {
    local missing=() p status
    for p in "${tools[@]}"; do
        status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
        [[ "$status" == "install ok installed" ]] || missing+=("$p")
    done
    if ((${#missing[@]})); then
        say "installing ${missing[*]}"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
            "${missing[@]}" >/dev/null
    fi
    # fr_FR.UTF-8, for the installed Scellé started in French under Wine (wine_install.sh).
    if ! locale -a 2>/dev/null | grep -qix 'fr_FR\.utf-\{0,1\}8'; then
        say "making the fr_FR.UTF-8 locale"
        localedef -i fr_FR -f UTF-8 fr_FR.UTF-8
    fi
}

# ---------------------------------------------------------------------------------------------
# 2. The deb-src entry, the same archive, suites and key as the machine's own entries.
deb_src_file=/etc/apt/sources.list.d/scelle-deb-src.sources
deb_src_text="# Written by Scellé's installer/windows/cross-build.sh: the source packages of the
# Windows build's dependencies.
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb-src
URIs: http://deb.debian.org/debian-security
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg"
add_deb_src() {
    if [[ ! -f $deb_src_file ]] || [[ "$(cat "$deb_src_file")" != "$deb_src_text" ]]; then
        say "adding $deb_src_file"
        printf '%s\n' "$deb_src_text" >"$deb_src_file"
        apt-get update -qq
    elif ! apt-cache showsrc zlib 2>/dev/null | grep -q '^Version:'; then
        apt-get update -qq
    fi
}

prefix='' key='' # set by build_dependencies
# shellcheck source=installer/windows/deps.sh
source "$here/deps.sh"

# ---------------------------------------------------------------------------------------------
# 4. Scellé for Windows.
build_dir=$root/build-windows
stage=$build_dir/stage
build_scelle() {
    # The report's fonts: Debian's DejaVu (fonts-dejavu-core), with its copyright as licence.
    local fonts=$cache/fonts f launcher=()
    mkdir -p "$fonts"
    for f in DejaVuSans.ttf DejaVuSans-Bold.ttf DejaVuSansMono.ttf; do
        cp /usr/share/fonts/truetype/dejavu/$f "$fonts/"
    done
    cp /usr/share/doc/fonts-dejavu-core/copyright "$fonts/LICENSE"
    # The machine transcripts' French and English models: Debian's (tesseract-ocr-fra,
    # tesseract-ocr-eng, installed by the bootstrap), with their copyright as licence.
    local tessdata=$cache/tessdata m
    mkdir -p "$tessdata"
    for m in fra eng; do
        cp /usr/share/tesseract-ocr/5/tessdata/$m.traineddata "$tessdata/"
    done
    cp /usr/share/doc/tesseract-ocr-fra/copyright "$tessdata/LICENSE"
    if command -v ccache >/dev/null; then
        launcher=(-DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
    fi
    say "Scellé: configuring $build_dir"
    # A build tree configured against another recipe's prefix keeps that prefix's paths in its
    # cache: it is configured again from nothing (its objects are rebuilt, or taken from ccache).
    if [[ -f $build_dir/CMakeCache.txt ]] &&
        ! grep -qxF "SCELLE_WINDOWS_PREFIX:UNINITIALIZED=$prefix" "$build_dir/CMakeCache.txt"; then
        say "Scellé: $build_dir was configured for another prefix: configuring it again"
        rm -rf "$build_dir/CMakeCache.txt" "$build_dir/CMakeFiles"
    fi
    mkdir -p "$build_dir"
    cmake -S "$root" -B "$build_dir" -G Ninja -Wno-dev \
        -DCMAKE_TOOLCHAIN_FILE="$toolchain_file" -DSCELLE_WINDOWS_PREFIX="$prefix" \
        -DCMAKE_BUILD_TYPE=Release -DSCELLE_STATIC_DEPS=ON -DSCELLE_CURL_LINKED=ON \
        -DwxWidgets_CONFIG_EXECUTABLE="$prefix/bin/wx-config" -DSCELLE_FONTS_DIR="$fonts" \
        -DSCELLE_OCR=ON -DSCELLE_TESSDATA_DIR="$tessdata" \
        -DSCELLE_BUILD_TESTS="$([[ $run_tests == 1 ]] && echo ON || echo OFF)" \
        "${launcher[@]}" >"$build_dir/configure.log" 2>&1 ||
        { cat "$build_dir/configure.log" >&2; die "Scellé: CMake failed"; }
    say "Scellé: building ($(date -u +%H:%M:%S))"
    local start=$SECONDS
    cmake --build "$build_dir" -j "$jobs" >"$build_dir/build.log" 2>&1 ||
        { grep -a -B2 -A20 'FAILED:' "$build_dir/build.log" | head -n 80 >&2; die "Scellé: the build failed, see $build_dir/build.log"; }
    say "Scellé: built in $((SECONDS - start)) s"
    rm -rf "$stage"
    cmake --install "$build_dir" --prefix "$stage" --strip >/dev/null
    local exe
    for exe in "$stage/bin/scelle.exe" "$stage/bin/scelle-cli.exe" "$stage/bin/scelle-pdf.dll" \
        "$stage/bin/scelle-ocr.dll"; do
        [[ -f $exe ]] || die "$exe was not installed"
        # Only Windows' own DLLs: no MinGW runtime, no library beside the programs.
        if "$host-objdump" -p "$exe" | sed -n 's/^\tDLL Name: //p' |
            grep -viE '^(advapi32|bcrypt|comctl32|comdlg32|crypt32|dwmapi|gdi32|gdiplus|imm32|kernel32|msimg32|msvcrt|ole32|oleacc|oleaut32|rpcrt4|shell32|shlwapi|user32|uuid|uxtheme|version|winmm|winspool|winspool\.drv|ws2_32|d3d11|dxgi|shcore)(\.dll)?$'; then
            die "$(basename "$exe") needs a DLL that Windows does not have (above)"
        fi
    done
    say "Scellé: installed into $stage"
}

# ---------------------------------------------------------------------------------------------
# 5. The installer. NSIS lists every file, so that the uninstaller removes exactly those.
setup_exe=
# shellcheck disable=SC2016 # $INSTDIR is NSIS's, not the shell's
make_installer() {
    local version files=$build_dir/nsis-files.nsh unfiles=$build_dir/nsis-unfiles.nsh dir f
    version=$(sed -n 's/^ *VERSION \([0-9][0-9.]*\)$/\1/p' "$root/CMakeLists.txt" | head -n 1)
    [[ -n $version ]] || die "no VERSION in CMakeLists.txt's project()"
    : >"$files"
    : >"$unfiles"
    while IFS= read -r dir; do
        local win=${dir#.}
        win=${win//\//\\}
        printf 'SetOutPath "$INSTDIR%s"\n' "$win" >>"$files"
        while IFS= read -r f; do
            printf 'File "%s"\n' "$stage/${f#./}" >>"$files"
            f=${f#.}
            printf 'Delete "$INSTDIR%s"\n' "${f//\//\\}" >>"$unfiles"
        done < <(cd "$stage" && find "$dir" -mindepth 1 -maxdepth 1 -type f | LC_ALL=C sort)
    done < <(cd "$stage" && find . -type d | LC_ALL=C sort)
    # The folders, deepest first; RMDir leaves a folder that still holds something.
    while IFS= read -r dir; do
        [[ $dir == . ]] && continue
        dir=${dir#.}
        printf 'RMDir "$INSTDIR%s"\n' "${dir//\//\\}" >>"$unfiles"
    done < <(cd "$stage" && find . -type d | LC_ALL=C sort -r)
    mkdir -p "$root/dist"
    setup_exe=$root/dist/Scelle-$version-setup.exe
    rm -f "$setup_exe"
    makensis -INPUTCHARSET UTF8 -V2 -DVERSION="$version" -DSTAGE="$stage" -DFILES="$files" \
        -DUNFILES="$unfiles" -DSIZE_KB="$(du -sk "$stage" | cut -f1)" -DOUTFILE="$setup_exe" \
        "$here/scelle.nsi" || die "makensis failed"
    say "installer: $setup_exe ($(du -k "$setup_exe" | cut -f1) KB)"
}

# ---------------------------------------------------------------------------------------------
# 6. The tests under Wine.
# A command without the cross compiler's variables that deps.sh exports (CC, CXX, the
# pkg-config folders of the Windows prefix...): for the Linux build.
linux_env() {
    env -u CC -u CXX -u AR -u RANLIB -u RC -u WINDRES -u STRIP -u NM -u CFLAGS -u CXXFLAGS \
        -u PKG_CONFIG_LIBDIR -u PKG_CONFIG_PATH -u SCELLE_WINDOWS_PREFIX "$@"
}
ensure_linux_build() {
    if [[ -x $linux_build/bin/scelle-cli && -x $linux_build/tests/scelle-test-tsa ]]; then
        return 0
    fi
    say "no Linux scelle-cli and test TSA in $linux_build: building them"
    bash "$root/installer/bootstrap-debian.sh" >/dev/null
    # A new build folder is configured as tests/run.sh configures build/, so that the test
    # suite run after this (CI) reuses these objects instead of compiling them again.
    if [[ ! -f $linux_build/CMakeCache.txt ]]; then
        linux_env cmake -S "$root" -B "$linux_build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
            -DSCELLE_BUILD_TESTS=ON -DSCELLE_WERROR=ON >/dev/null
    fi
    linux_env cmake --build "$linux_build" -j "$jobs" --target scelle-cli scelle-test-tsa >/dev/null
}
test_under_wine() {
    local start=$SECONDS
    bash "$root/tests/windows/wine_unit_tests.sh" "$build_dir"
    ensure_linux_build
    bash "$root/tests/windows/wine_cli_e2e.sh" "$stage" "$linux_build"
    bash "$root/tests/windows/wine_install.sh" "$setup_exe" "$linux_build" "$build_dir/shots"
    bash "$root/tests/windows/wine_scroll.sh" "$build_dir" "$stage"
    say "the tests under Wine passed in $((SECONDS - start)) s"
}

# ---------------------------------------------------------------------------------------------
main() {
    if ((!deps_may_build)) && [[ ! -d $cache/src ]]; then
        say "no Windows libraries were ever built on this machine ($cache): nothing to do"
        exit 3
    fi
    install_tools
    add_deb_src
    deps_missing=0
    build_dependencies
    ((deps_missing)) && exit 3
    ((deps_only)) && return 0
    build_scelle
    make_installer
    if ((run_tests)); then
        test_under_wine
    fi
    say "done: $setup_exe"
}

main "$@"
exit
