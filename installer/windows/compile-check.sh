#!/usr/bin/env bash
# Compiles the libraries and the command line for Windows with MinGW-w64 (g++, POSIX threads),
# on Linux, object files only: proves that nothing below the GUI calls a POSIX-only function
# outside Env and the platform files (CONVENTIONS.md, house rule 2). Linking, and the tests,
# come with the Windows build itself (installer/windows/cross-build.sh), when its libraries are
# built on the machine.
#
#   bash installer/windows/compile-check.sh [--force] [BUILD_DIR]   (default: build-mingw-check)
#
# Limit: the Windows builds of OpenSSL, libcurl, SQLite, libzip, PoDoFo... are not available on
# this machine, so the third-party headers are the host's (Debian's), copied into a staging
# include folder, arch-specific ones included (openssl/opensslconf.h, openssl/configuration.h,
# curl/*, zipconf.h, fmt...). They declare the same functions as the Windows builds, but their
# configuration (type sizes, feature macros) is Linux's: a compile check, not a Windows build.
# docs/building.md says the same.
#
# Time: about a hundred files, several minutes on the CI's 2 cores from cold. So the compiler
# runs through ccache when there is one, and a pass is recorded in /var/cache/scelle-ci/
# windows-compile-check under a SHA-256 key over its inputs (every file of the compiled
# libraries and the CLI, the staged headers, the compiler's version and this script): when that
# key has passed before, the check is skipped and says so. --force runs it regardless.
set -euo pipefail
self=$(cd "$(dirname "$0")" && pwd)/$(basename "$0")
cd "$(dirname "$0")/../.."
root=$PWD
force=0
if [[ ${1:-} == --force ]]; then
    force=1
    shift
fi
out=${1:-$root/build-mingw-check}
cache_dir=${SCELLE_MINGW_CHECK_CACHE:-/var/cache/scelle-ci/windows-compile-check}
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
# gettext's libintl.h: the host's is glibc's (it needs glibc's own headers), so a stand-in with
# the declarations of GNU gettext's libintl.h, the one MSYS2 ships, LC_MESSAGES included (the
# Windows C library has none).
cat >"$stage/libintl.h" <<'LIBINTL'
#pragma once
#include <locale.h>
#ifndef LC_MESSAGES
#define LC_MESSAGES 1729
#endif
extern "C" {
char* gettext(const char* msgid);
char* dgettext(const char* domain, const char* msgid);
char* ngettext(const char* msgid, const char* plural, unsigned long n);
char* dngettext(const char* domain, const char* msgid, const char* plural, unsigned long n);
char* textdomain(const char* domain);
char* bindtextdomain(const char* domain, const char* dir);
char* bind_textdomain_codeset(const char* domain, const char* codeset);
wchar_t* wbindtextdomain(const char* domain, const wchar_t* dir); // gettext >= 0.21, Windows
}
LIBINTL
# The generated version header, as CMake makes it.
version=$(sed -n "/^project(/,/)/s/^ *VERSION \([0-9.]*\).*/\1/p" CMakeLists.txt | head -n1)
mkdir -p "$out/generated/scelle/base"
sed "s/@PROJECT_VERSION@/${version:-0}/" app/base/src/version.h.in \
    >"$out/generated/scelle/base/version.h"

# The sources CMake builds on Windows: every library's src/, the capture library with its
# Windows backend (and not the others'), the command line.
sources=()
for f in app/base/src/*.cpp; do  # the POSIX implementations are not built on Windows
    case $f in */env_posix.cpp | */terminal_posix.cpp) ;; *) sources+=("$f") ;; esac
done
sources+=(crypto/src/*.cpp app/store/src/*.cpp app/ocr/src/*.cpp app/bundle/src/*.cpp
    app/report/src/*.cpp app/jobs/src/*.cpp app/cli/*.cpp
    app/capture/src/capture.cpp app/capture/src/describe.cpp app/capture/src/png_encode.cpp
    app/capture/src/rect.cpp
    app/capture/src/png_file.cpp app/capture/fake/fake_backend.cpp
    app/capture/src/platform_windows.cpp app/capture/windows/windows_backend.cpp)
# fribidi.h is included by its own name, as pkg-config's -I.../fribidi allows.
includes=(-I"$out/generated" -I"$stage" -I"$stage/fribidi")
for d in app/base app/capture app/store app/ocr app/bundle app/report app/jobs crypto; do
    includes+=(-I"$d/include")
done
includes+=(-Iapp/capture/src -Iapp/bundle/src -Iapp/report/src -Iapp/cli -Iapp/store/src)

flags=(-std=c++20 -c -O0 -w -D_WIN32_WINNT=0x0A00 -DWINVER=0x0A00 -DUNICODE -D_UNICODE
    -DFMT_HEADER_ONLY -DZIP_STATIC -DCURL_STATICLIB
    -DSCELLE_INSTALL_DATADIR=\"C:/Scelle/share/scelle\"
    -DSCELLE_INSTALL_MODULEDIR=\"C:/Scelle/bin\" -DSCELLE_PDF_MODULE_FILE=\"scelle-pdf.dll\"
    -DSCELLE_SOURCE_TEMPLATES=\"$root/report-templates\")

# --- The key: the inputs of this check -----------------------------------------------------
key_dirs=(app/base app/capture app/store app/ocr app/bundle app/report app/jobs app/cli crypto)
key=$({
    find "${key_dirs[@]}" -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum
    (cd "$stage" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum)
    echo "compiler: $("$cxx" --version | head -n1)"
    echo "script: $(sha256sum <"$self" | cut -d' ' -f1)"
    echo "flags: ${flags[*]}"
} | sha256sum | cut -d' ' -f1)
pass_file="$cache_dir/$key.pass"
if ((force == 0)) && [[ -f $pass_file ]]; then
    passed_at=$(sed -n 's/^date=//p' "$pass_file")
    echo "compile-check: skipped: its inputs are unchanged since the pass of $passed_at" \
        "(key $key; --force runs it)."
    exit 0
fi

# The compiler cache, when there is one: unchanged files are then free.
launcher=()
if command -v ccache >/dev/null; then
    launcher=(ccache)
fi

mkdir -p "$out/obj"
# Two at a time (the CI machine has 2 cores); each file's first errors are printed.
export out cxx
export launcher_s="${launcher[*]}"
export flags_s="${flags[*]}" includes_s="${includes[*]}"

failed=0
jobs=${SCELLE_MINGW_JOBS:-2}
printf '%s\n' "${sources[@]}" | xargs -P "$jobs" -I{} bash -c '
    flags=($flags_s); includes=($includes_s); launcher=($launcher_s)
    obj="$out/obj/$(echo "{}" | tr / _).o"
    if ! "${launcher[@]}" "$cxx" "${flags[@]}" "${includes[@]}" "{}" -o "$obj" 2>"$obj.log"; then
        echo "== {}"; grep -m 20 -E "error|note: in" "$obj.log" || head -n 20 "$obj.log"; exit 1
    fi' || failed=1

n=${#sources[@]}
if [[ $failed == 0 ]]; then
    echo "compile-check: $n files compiled for Windows (x86_64, MinGW-w64) in $(($(date +%s) - start)) s${launcher:+ (through ccache)}"
    # Recorded where the machine allows it (CI runs as root); elsewhere the check just runs.
    if mkdir -p "$cache_dir" 2>/dev/null; then
        printf 'date=%s\nfiles=%s\nseconds=%s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$n" \
            "$(($(date +%s) - start))" >"$pass_file" 2>/dev/null || true
    fi
else
    echo "compile-check: FAILED: some of $n files do not compile for Windows ($(($(date +%s) - start)) s)" >&2
fi
exit $failed
