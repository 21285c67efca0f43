# Sourced by installer/windows/build.sh and installer/macos/build.sh: what those platforms'
# package managers do not have in the form Scellé needs, fetched with a pinned SHA-256.
#   - PoDoFo 0.9.8: the report is written against the 0.9 API; MSYS2 and Homebrew now ship
#     0.10 or later, whose API differs.
#   - The DejaVu fonts (Sans, Sans Bold, Sans Mono) that the report embeds: Linux packages
#     take them from the system, the Windows and macOS packages carry them.
# The SHA-256 were taken from other public build recipes of the same archives (Homebrew's
# podofo formula, font download scripts); a mismatch stops the build.
# shellcheck shell=bash

podofo_url=https://downloads.sourceforge.net/project/podofo/podofo/0.9.8/podofo-0.9.8.tar.gz
podofo_sha256=5de607e15f192b8ad90738300759d88dea0f5ccdce3bf00048a0c932bc645154
dejavu_url=https://github.com/dejavu-fonts/dejavu-fonts/releases/download/version_2_37/dejavu-fonts-ttf-2.37.tar.bz2
dejavu_sha256=fa9ca4d13871dd122f61258a80d01751d603b4d3ee14095d65453b4e846e17d7

sha256_of() {
    if command -v sha256sum >/dev/null 2>&1; then
        sha256sum "$1" | cut -d' ' -f1
    else
        shasum -a 256 "$1" | cut -d' ' -f1
    fi
}

# fetch_verified URL SHA256 FILE: downloads URL to FILE (kept for the next run) and checks it.
fetch_verified() {
    local url=$1 want=$2 file=$3
    if [[ ! -f "$file" ]]; then
        echo "third-party: downloading $url"
        curl --fail --location --silent --show-error --output "$file.part" "$url"
        mv "$file.part" "$file"
    fi
    local got
    got=$(sha256_of "$file")
    if [[ "$got" != "$want" ]]; then
        echo "third-party: $file has SHA-256 $got, expected $want: not used" >&2
        rm -f "$file"
        return 1
    fi
}

# build_podofo WORK_DIR PREFIX [CMAKE_ARGS...]: PoDoFo 0.9.8, shared, library only.
build_podofo() {
    local work=$1 prefix=$2
    shift 2
    if [[ -f "$prefix/.podofo-0.9.8" ]]; then
        return 0
    fi
    mkdir -p "$work"
    fetch_verified "$podofo_url" "$podofo_sha256" "$work/podofo-0.9.8.tar.gz"
    rm -rf "$work/podofo-0.9.8"
    tar -xzf "$work/podofo-0.9.8.tar.gz" -C "$work"
    # CMAKE_POLICY_VERSION_MINIMUM: PoDoFo 0.9.8 asks for an old CMake, which CMake 4 refuses.
    cmake -S "$work/podofo-0.9.8" -B "$work/podofo-build" -G Ninja \
        -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX="$prefix" \
        -DCMAKE_POLICY_VERSION_MINIMUM=3.5 \
        -DPODOFO_BUILD_LIB_ONLY=ON -DPODOFO_BUILD_SHARED=ON -DPODOFO_BUILD_STATIC=OFF "$@"
    cmake --build "$work/podofo-build"
    cmake --install "$work/podofo-build"
    # Scellé finds PoDoFo through pkg-config as "libpodofo".
    local pc
    for pc in "$prefix"/lib/pkgconfig/libpodofo-0.pc "$prefix"/lib/pkgconfig/libpodofo*.pc; do
        if [[ -f "$pc" && ! -e "$prefix/lib/pkgconfig/libpodofo.pc" ]]; then
            cp "$pc" "$prefix/lib/pkgconfig/libpodofo.pc"
        fi
    done
    [[ -f "$prefix/lib/pkgconfig/libpodofo.pc" ]] || {
        echo "third-party: PoDoFo installed no pkg-config file in $prefix/lib/pkgconfig" >&2
        return 1
    }
    touch "$prefix/.podofo-0.9.8"
}

# fetch_dejavu WORK_DIR: unpacks the DejaVu fonts; prints the folder holding the .ttf files.
fetch_dejavu() {
    local work=$1
    mkdir -p "$work"
    fetch_verified "$dejavu_url" "$dejavu_sha256" "$work/dejavu-fonts-ttf-2.37.tar.bz2" >&2
    tar -xjf "$work/dejavu-fonts-ttf-2.37.tar.bz2" -C "$work"
    echo "$work/dejavu-fonts-ttf-2.37/ttf"
}
