#!/usr/bin/env bash
# Builds Scellé's macOS disk image (DragNDrop: Scellé.app and a link to Applications) on
# macOS 14 or later with Homebrew (docs/building.md). Not run on the project's machines
# (Linux): the first run on a Mac must confirm it.
#
#   bash installer/macos/build.sh                          unsigned, for testing
#   SCELLE_CODESIGN_IDENTITY="Developer ID Application: NAME (TEAMID)" \
#   SCELLE_NOTARY_PROFILE=scelle-notary bash installer/macos/build.sh
#                                                          signed, notarised and stapled
# SCELLE_NOTARY_PROFILE names credentials stored once with
#   xcrun notarytool store-credentials scelle-notary --apple-id ... --team-id ...
# Result: build-macos/packages/scelle-<version>-Darwin.dmg
set -euo pipefail
cd "$(dirname "$0")/../.."
source_dir=$PWD

if [[ "$(uname -s)" != Darwin ]]; then
    echo "macos/build.sh: run this on macOS" >&2
    exit 2
fi
command -v brew >/dev/null || {
    echo "macos/build.sh: Homebrew is needed (https://brew.sh)" >&2
    exit 2
}

brew install cmake ninja pkgconf openssl@3 sqlite libzip nlohmann-json cli11 fmt \
    qrencode cmark libpng fribidi freetype wxwidgets gettext librsvg go-md2man

# shellcheck source=SCRIPTDIR/../third-party.sh
source "$source_dir/installer/third-party.sh"
deps="$source_dir/build-macos-deps"
brew_prefix=$(brew --prefix)
build_podofo "$deps/src" "$deps/prefix" -DCMAKE_PREFIX_PATH="$brew_prefix" \
    -DOPENSSL_ROOT_DIR="$(brew --prefix openssl@3)"
fonts=$(fetch_dejavu "$deps/src")

build="$source_dir/build-macos"
export PKG_CONFIG_PATH="$deps/prefix/lib/pkgconfig:$brew_prefix/lib/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"
cmake -S "$source_dir" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DSCELLE_BUILD_TESTS=OFF -DCMAKE_OSX_DEPLOYMENT_TARGET=14.0 \
    -DCMAKE_PREFIX_PATH="$deps/prefix;$brew_prefix" \
    -DOPENSSL_ROOT_DIR="$(brew --prefix openssl@3)" -DSCELLE_FONTS_DIR="$fonts"
cmake --build "$build"
# installer/cpack-pre-build.cmake makes Scellé.app (Info.plist, icon, Homebrew's libraries
# copied in by fixup_bundle) and signs it when SCELLE_CODESIGN_IDENTITY is set.
cpack --config "$build/CPackConfig.cmake" -B "$build/packages"
dmg=$(ls "$build"/packages/scelle-*.dmg)

if [[ -n "${SCELLE_CODESIGN_IDENTITY:-}" ]]; then
    codesign --force --timestamp --sign "$SCELLE_CODESIGN_IDENTITY" "$dmg"
    if [[ -n "${SCELLE_NOTARY_PROFILE:-}" ]]; then
        xcrun notarytool submit "$dmg" --keychain-profile "$SCELLE_NOTARY_PROFILE" --wait
        xcrun stapler staple "$dmg"
        spctl --assess --type open --context context:primary-signature --verbose=2 "$dmg"
    fi
fi
ls -l "$dmg"
