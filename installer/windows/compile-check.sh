#!/usr/bin/env bash
# Compiles the libraries and the command line for Windows with MinGW-w64 (g++, POSIX threads),
# on Linux, object files only: proves that nothing below the GUI calls a POSIX-only function
# outside Env and the platform files (CONVENTIONS.md, house rule 2). Linking comes with the
# Windows build itself (installer/windows/build.sh, in MSYS2).
#
#   bash installer/windows/compile-check.sh [BUILD_DIR]     (default: build-mingw-check)
#
# Limit: the Windows builds of OpenSSL, libcurl, SQLite, libzip, PoDoFo... are not available on
# this machine, so the third-party headers are the host's (Debian's), copied into a staging
# include folder, arch-specific ones included (openssl/opensslconf.h, openssl/configuration.h,
# curl/*, zipconf.h, fmt...). They declare the same functions as the Windows builds, but their
# configuration (type sizes, feature macros) is Linux's: a compile check, not a Windows build.
# docs/building.md says the same.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
out=${1:-$root/build-mingw-check}
cxx=${SCELLE_MINGW_CXX:-x86_64-w64-mingw32-g++-posix}
start=$(date +%s)

if ! command -v "$cxx" >/dev/null; then
    echo "compile-check: $cxx not found: apt-get install g++-mingw-w64-x86-64-posix" >&2
    exit 2
fi

# The staging include folder: only the third-party headers the libraries include, so that no
# Linux system header (unistd.h, sys/...) can be reached by mistake.
stage=$out/include
rm -rf "$stage"
mkdir -p "$stage"
arch=/usr/include/x86_64-linux-gnu
copy() {  # copies each existing path into the staging folder, keeping its relative name
    local base=$1
    shift
    for p in "$@"; do
        [[ -e $base/$p ]] || continue
        mkdir -p "$stage/$(dirname "$p")"
        cp -r "$base/$p" "$stage/$(dirname "$p")/"
    done
}
copy /usr/include openssl curl nlohmann CLI fmt podofo fribidi webp libpng16 \
    sqlite3.h sqlite3ext.h zip.h zipconf.h zlib.h zconf.h png.h pngconf.h pnglibconf.h \
    qrencode.h cmark.h cmark_export.h cmark_version.h ft2build.h freetype2
copy "$arch" openssl/opensslconf.h openssl/configuration.h curl zipconf.h fmt
# PoDoFo 0.9.8's headers include Boost's configuration: linked, not copied (it is large).
[[ -d /usr/include/boost ]] && ln -s /usr/include/boost "$stage/boost"
[[ -d $stage/freetype2 ]] && cp -r "$stage/freetype2/." "$stage/"
# The generated version header, as CMake makes it.
version=$(sed -n "/^project(/,/)/s/^ *VERSION \([0-9.]*\).*/\1/p" CMakeLists.txt | head -n1)
mkdir -p "$out/generated/scelle/base"
sed "s/@PROJECT_VERSION@/${version:-0}/" app/base/src/version.h.in \
    >"$out/generated/scelle/base/version.h"

# The sources CMake builds on Windows: every library's src/, the capture library with its
# Windows backend (and not the others'), the command line.
sources=(app/base/src/env.cpp app/base/src/env_win32.cpp app/base/src/error.cpp
    app/base/src/png_writer.cpp app/base/src/text.cpp app/base/src/time.cpp crypto/src/*.cpp app/store/src/*.cpp app/bundle/src/*.cpp
    app/report/src/*.cpp app/jobs/src/*.cpp app/cli/*.cpp
    app/capture/src/capture.cpp app/capture/src/describe.cpp app/capture/src/png_encode.cpp
    app/capture/src/png_file.cpp app/capture/fake/fake_backend.cpp
    app/capture/src/platform_windows.cpp app/capture/windows/windows_backend.cpp)
includes=(-I"$out/generated" -I"$stage")
for d in app/base app/capture app/store app/bundle app/report app/jobs crypto; do
    includes+=(-I"$d/include")
done
includes+=(-Iapp/capture/src -Iapp/bundle/src -Iapp/report/src -Iapp/cli -Iapp/store/src)

flags=(-std=c++20 -c -O0 -w -D_WIN32_WINNT=0x0A00 -DWINVER=0x0A00 -DUNICODE -D_UNICODE
    -DFMT_HEADER_ONLY -DZIP_STATIC -DCURL_STATICLIB
    -DSCELLE_INSTALL_DATADIR=\"C:/Scelle/share/scelle\"
    -DSCELLE_SOURCE_TEMPLATES=\"$root/report-templates\")

mkdir -p "$out/obj"
# Two at a time (the CI machine has 2 cores); each file's first errors are printed.
export out cxx
export flags_s="${flags[*]}" includes_s="${includes[*]}"

failed=0
jobs=${SCELLE_MINGW_JOBS:-2}
printf '%s\n' "${sources[@]}" | xargs -P "$jobs" -I{} bash -c '
    flags=($flags_s); includes=($includes_s)
    obj="$out/obj/$(echo "{}" | tr / _).o"
    if ! "$cxx" "${flags[@]}" "${includes[@]}" "{}" -o "$obj" 2>"$obj.log"; then
        echo "== {}"; grep -m 20 -E "error|note: in" "$obj.log" || head -n 20 "$obj.log"; exit 1
    fi' || failed=1

n=${#sources[@]}
if [[ $failed == 0 ]]; then
    echo "compile-check: $n files compiled for Windows (x86_64, MinGW-w64) in $(($(date +%s) - start)) s"
else
    echo "compile-check: FAILED: some of $n files do not compile for Windows ($(($(date +%s) - start)) s)" >&2
fi
exit $failed
