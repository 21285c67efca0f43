#!/usr/bin/env bash
# Builds Scellé's Windows installer (NSIS) and a zip of the same files, in an MSYS2 UCRT64
# shell on Windows 10 or 11 (docs/building.md). Not run on the project's machines (Linux):
# the first run on Windows must confirm it.
#
#   bash installer/windows/build.sh            from the top of the source tree
#
# Result: build-windows/packages/scelle-<version>-win64.exe (and .zip). The installer puts
# bin\scelle.exe, bin\scelle-cli.exe, their DLLs and share\ (report templates, fonts,
# catalogs, icons) under "Program Files\Scelle", with Start menu and desktop shortcuts.
set -euo pipefail
cd "$(dirname "$0")/../.."
source_dir=$PWD

if [[ "${MSYSTEM:-}" != UCRT64 ]]; then
    echo "windows/build.sh: run this in an MSYS2 UCRT64 shell (MSYSTEM=UCRT64)" >&2
    exit 2
fi

p=mingw-w64-ucrt-x86_64
pacman -S --needed --noconfirm \
    "$p-toolchain" "$p-cmake" "$p-ninja" "$p-pkgconf" "$p-nsis" \
    "$p-openssl" "$p-curl" "$p-sqlite3" "$p-zlib" "$p-libzip" \
    "$p-nlohmann-json" "$p-cli11" "$p-fmt" \
    "$p-qrencode" "$p-cmark" "$p-libpng" "$p-fribidi" "$p-freetype" \
    "$p-wxwidgets3.2-msw" "$p-gettext" "$p-librsvg" \
    curl tar bzip2

# shellcheck source=SCRIPTDIR/../third-party.sh
source "$source_dir/installer/third-party.sh"
deps="$source_dir/build-windows-deps"
build_podofo "$deps/src" "$deps/prefix"
fonts=$(fetch_dejavu "$deps/src")

build="$source_dir/build-windows"
export PKG_CONFIG_PATH="$deps/prefix/lib/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"
cmake -S "$source_dir" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DSCELLE_BUILD_TESTS=OFF -DCMAKE_PREFIX_PATH="$deps/prefix" -DSCELLE_FONTS_DIR="$fonts"
cmake --build "$build"
# The install step copies the DLLs the programs need from the toolchain's bin folder and from
# CMAKE_PREFIX_PATH's (PoDoFo's), see installer/packaging.cmake.
cpack --config "$build/CPackConfig.cmake" -B "$build/packages"
ls -l "$build/packages"
