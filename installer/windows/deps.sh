# Scellé's Windows dependencies, built from Debian's own source packages (sourced by
# installer/windows/cross-build.sh, which has installed the tools and added the deb-src entry;
# it defines say, die, host and jobs).
#
# This file is the recipe: the prefix's key is the SHA-256 of this file, the CMake toolchain
# file, the smoke program, the list of source package versions and the compiler's version. Scellé's
# own build (cross-build.sh) is not part of it, so changing that rebuilds no library.
#
# build_dependencies:
#   1. each dependency's source package: `apt-get source --download-only` into
#      $cache/src (apt checks the files against the signed Sources index), then
#      `dpkg-source -x --require-strong-checksums` (checks them again against the .dsc and
#      applies Debian's patches, security fixes included);
#   2. each dependency built for x86_64-w64-mingw32, static, into $cache/prefix-<key>: a second
#      run with the same key builds nothing. A library already installed (a run stopped
#      half-way) is not built again either;
#   3. a smoke program (smoke.c) linked against OpenSSL, curl, SQLite, libzip and zlib and run
#      under Wine, before wxWidgets (the longest build) is started.
# It sets `prefix` and `key`. With deps_may_build=0, it builds nothing and sets deps_missing=1
# when the prefix of the key is not complete (the CI: a build from nothing takes hours). Call it
# outside any condition (not with ||, &&, if): bash would then ignore `set -e` in all of it, and
# a failed step of a library's build would go unnoticed.
# shellcheck shell=bash
# shellcheck disable=SC2317 # the build_<package> functions are called by their names
# shellcheck disable=SC2154 # cache, host, jobs, toolchain_file, smoke_source: cross-build.sh
deps_script=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/$(basename "${BASH_SOURCE[0]}")

# ---------------------------------------------------------------------------------------------
# The source packages. Build order: each one's dependencies come before it.
# The machine transcripts' libraries (libjpeg-turbo, leptonlib, tesseract) come last, after
# wxWidgets: the libraries before them are built exactly as they were before these were added.
packages=(zlib openssl sqlite3 libzip curl libpng1.6 freetype fribidi qrencode cmark libwebp
    libunistring libpodofo fmtlib nlohmann-json3 cli11 googletest cpp-httplib gettext wxwidgets3.2
    libjpeg-turbo leptonlib tesseract)

src_dir=$cache/src
declare -A version     # source package -> version used
declare -A unpacked_by # source package -> "dpkg-source" or "orig only"

# versions_of PKG: the versions the index knows, newest first.
versions_of() {
    apt-cache showsrc "$1" | sed -n 's/^Version: //p' | sort -u | while read -r v; do
        printf '%s\n' "$v"
    done | sort_versions_desc
}
sort_versions_desc() {
    local list=() v i j t
    while read -r v; do list+=("$v"); done
    for ((i = 0; i < ${#list[@]}; i++)); do
        for ((j = i + 1; j < ${#list[@]}; j++)); do
            if dpkg --compare-versions "${list[j]}" gt "${list[i]}"; then
                t=${list[i]}
                list[i]=${list[j]}
                list[j]=$t
            fi
        done
    done
    ((${#list[@]})) && printf '%s\n' "${list[@]}"
}

# dsc_name PKG VERSION: the .dsc's file name (the epoch is not part of it).
dsc_name() { printf '%s_%s.dsc' "$1" "${2#*:}"; }

# fetch_source PKG: downloads the newest version the archive serves. apt-get keeps a file only
# once its hash matches the signed index, so a file in $src_dir is a checked one. When the
# archive serves a version's .dsc and upstream tarball but not its Debian tarball (a mirror
# that lost it), the next older version is tried; if none is complete, the newest .dsc with its
# tarball is used without Debian's patches, and the list of versions says so.
fetch_source() {
    local pkg=$1 v dsc fallback=""
    mkdir -p "$src_dir"
    for v in $(versions_of "$pkg"); do
        dsc=$(dsc_name "$pkg" "$v")
        # A version the archive did not serve completely is remembered (.incomplete), so that
        # the next runs (the CI's) do not ask again; delete the marker to try again.
        if [[ -f $src_dir/$dsc.complete ]] ||
            { [[ ! -f $src_dir/$dsc.incomplete ]] &&
                (cd "$src_dir" && apt-get source -qq --download-only "$pkg=$v" >/dev/null 2>&1); }; then
            touch "$src_dir/$dsc.complete"
            version[$pkg]=$v
            unpacked_by[$pkg]=dpkg-source
            return 0
        fi
        touch "$src_dir/$dsc.incomplete"
        [[ -z $fallback && -f $src_dir/$dsc ]] && fallback=$v
    done
    if [[ -n $fallback ]]; then
        version[$pkg]=$fallback
        unpacked_by[$pkg]="orig only"
        say "$pkg: the archive does not serve a complete source package; using $fallback's upstream tarball without Debian's patches"
        return 0
    fi
    die "$pkg: no version of the source package could be downloaded"
}

# unpack PKG DIR: unpacks the source package into DIR (removed first).
unpack() {
    local pkg=$1 dir=$2 v=${version[$1]} dsc
    dsc=$src_dir/$(dsc_name "$1" "${version[$1]}")
    rm -rf "$dir"
    if [[ ${unpacked_by[$pkg]} == dpkg-source ]]; then
        # dpkg-source checks each file's size and SHA-256 against the .dsc.
        # (The uploader's signature is not checked, debian-keyring is not installed: apt has
        # already checked the .dsc against the archive's signed index.)
        dpkg-source --require-strong-checksums -x "$dsc" "$dir"
        return 0
    fi
    # Upstream tarball only: check it against the .dsc's SHA-256 ourselves.
    local line sum name checked=0
    while read -r line; do
        read -r sum _ name <<<"$line"
        [[ $name == *.orig.tar.* && $name != *.asc ]] || continue
        [[ -f $src_dir/$name ]] || die "$pkg: $name is missing"
        [[ $(sha256sum "$src_dir/$name" | cut -d' ' -f1) == "$sum" ]] ||
            die "$pkg: $name does not match the SHA-256 in $(basename "$dsc")"
        mkdir -p "$dir"
        tar -xf "$src_dir/$name" -C "$dir" --strip-components=1
        checked=1
    done < <(sed -n '/^Checksums-Sha256:/,/^[^ ]/{/^ /p}' "$dsc")
    ((checked)) || die "$pkg: no upstream tarball listed in $(basename "$dsc") ($v)"
}

# ---------------------------------------------------------------------------------------------
# The builds.

cmake_build() { # NAME SOURCE_DIR [CMAKE_ARGS...]
    local name=$1 src=$2
    shift 2
    cmake -S "$src" -B "$work/$name-build" -G Ninja -Wno-dev \
        -DCMAKE_TOOLCHAIN_FILE="$toolchain_file" -DSCELLE_WINDOWS_PREFIX="$prefix" \
        -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX="$prefix" \
        -DCMAKE_INSTALL_LIBDIR=lib -DBUILD_SHARED_LIBS=OFF -DBUILD_TESTING=OFF "$@"
    cmake --build "$work/$name-build" -j "$jobs"
    cmake --install "$work/$name-build"
}


# write_pc NAME VERSION LIBS [CFLAGS] [LIBS_PRIVATE] [REQUIRES_PRIVATE]
write_pc() {
    cat >"$prefix/lib/pkgconfig/$1.pc" <<EOF
prefix=$prefix
libdir=\${prefix}/lib
includedir=\${prefix}/include

Name: $1
Description: $1 (Windows, static)
Version: $2
Libs: -L\${libdir} $3
Cflags: -I\${includedir} ${4:-}
Libs.private: ${5:-}
Requires.private: ${6:-}
EOF
}

build_zlib() {
    # Debian's zlib source has no win32/ folder: the library's files are compiled directly.
    local f
    for f in adler32 compress crc32 deflate gzclose gzlib gzread gzwrite infback inffast \
        inflate inftrees trees uncompr zutil; do
        "$CC" -O2 -c "$1/$f.c" -o "$1/$f.o"
    done
    "$AR" rcs "$prefix/lib/libz.a" "$1"/*.o
    install -m644 "$1"/zlib.h "$1"/zconf.h "$prefix/include/"
    write_pc zlib "$(sed -n 's/^#define ZLIB_VERSION "\(.*\)"/\1/p' "$1/zlib.h")" -lz
}

build_openssl() {
    (cd "$1" && ./Configure mingw64 no-shared no-tests no-module \
        --prefix="$prefix" --libdir=lib --openssldir="$prefix/ssl" &&
        make -j "$jobs" build_libs && make install_dev)
}

build_sqlite3() {
    # The Debian source is SQLite's full tree: the amalgamation is made with the build
    # machine's tools (tclsh), then compiled for Windows.
    (cd "$1" && CC=gcc CFLAGS="" ./configure && make sqlite3.c)
    local v
    v=$(cat "$1/VERSION")
    "$CC" -O2 -DSQLITE_THREADSAFE=1 -DSQLITE_ENABLE_COLUMN_METADATA -DSQLITE_ENABLE_FTS5 \
        -DSQLITE_ENABLE_JSON1 -DSQLITE_SECURE_DELETE -c "$1/sqlite3.c" -o "$1/sqlite3.o"
    "$AR" rcs "$prefix/lib/libsqlite3.a" "$1/sqlite3.o"
    install -m644 "$1"/sqlite3.h "$1"/sqlite3ext.h "$prefix/include/"
    write_pc sqlite3 "$v" -lsqlite3
}

build_libpng1.6() {
    (cd "$1" && ./configure "${autoconf_flags[@]}" CPPFLAGS="-I$prefix/include" \
        LDFLAGS="-L$prefix/lib" && make -j "$jobs" &&
        make install)
}

build_freetype() {
    cmake_build freetype "$1" -DFT_DISABLE_BZIP2=ON -DFT_DISABLE_HARFBUZZ=ON \
        -DFT_DISABLE_BROTLI=ON -DFT_REQUIRE_ZLIB=ON -DFT_REQUIRE_PNG=ON
}

build_fribidi() {
    (cd "$1" && ./configure "${autoconf_flags[@]}" &&
        make -j "$jobs" -C lib &&
        make -C lib install && make install-pkgconfigDATA)
}

build_qrencode() {
    cmake_build qrencode "$1" -DWITH_TOOLS=OFF -DWITH_TESTS=OFF
}

build_cmark() {
    cmake_build cmark "$1" -DCMARK_TESTS=OFF -DCMARK_SHARED=OFF -DCMARK_STATIC=ON
    # Without it, cmark_export.h declares the functions dllimport.
    sed -i 's/^Cflags: \(.*\)$/Cflags: \1 -DCMARK_STATIC_DEFINE/' "$prefix/lib/pkgconfig/libcmark.pc"
}

build_libwebp() {
    cmake_build libwebp "$1" -DWEBP_BUILD_ANIM_UTILS=OFF -DWEBP_BUILD_CWEBP=OFF \
        -DWEBP_BUILD_DWEBP=OFF -DWEBP_BUILD_GIF2WEBP=OFF -DWEBP_BUILD_IMG2WEBP=OFF \
        -DWEBP_BUILD_VWEBP=OFF -DWEBP_BUILD_WEBPINFO=OFF -DWEBP_BUILD_WEBPMUX=OFF \
        -DWEBP_BUILD_EXTRAS=OFF
}

build_libzip() {
    cmake_build libzip "$1" -DENABLE_BZIP2=OFF -DENABLE_LZMA=OFF -DENABLE_GNUTLS=OFF \
        -DENABLE_MBEDTLS=OFF -DENABLE_COMMONCRYPTO=OFF -DENABLE_WINDOWS_CRYPTO=OFF \
        -DENABLE_OPENSSL=ON -DBUILD_TOOLS=OFF -DBUILD_REGRESS=OFF -DBUILD_EXAMPLES=OFF \
        -DBUILD_DOC=OFF
}

build_curl() {
    # Schannel: HTTPS (the timestamp authorities) trusts Windows' own root store.
    cmake_build curl "$1" -DBUILD_CURL_EXE=OFF -DCURL_USE_SCHANNEL=ON -DCURL_USE_OPENSSL=OFF \
        -DCURL_USE_LIBSSH2=OFF -DUSE_LIBIDN2=OFF -DCURL_BROTLI=OFF -DCURL_ZSTD=OFF \
        -DCURL_DISABLE_LDAP=ON -DENABLE_MANUAL=OFF -DCURL_CA_PATH=none -DCURL_CA_BUNDLE=none
    # Its pkg-config file does not say that the library is static (curl.h would otherwise
    # declare the functions dllimport).
    sed -i 's/^Cflags: \(.*\)$/Cflags: \1 -DCURL_STATICLIB/' "$prefix/lib/pkgconfig/libcurl.pc"
}

# touch_generated DIR: Debian's patches may touch m4 files, which would make `make` run
# aclocal and automake (not installed): the generated files are marked as newer, as they are.
touch_generated() {
    find "$1" -name aclocal.m4 -exec touch {} +
    find "$1" \( -name configure -o -name Makefile.in -o -name config.h.in \) -exec touch {} +
}

build_libunistring() {
    # PoDoFo 0.9.8 converts UTF-8 to UTF-16 with it (Debian's libpodofo build-depends on it).
    touch_generated "$1"
    (cd "$1" && ./configure "${autoconf_flags[@]}" --disable-threads &&
        make -j "$jobs" -C lib && make -C lib install)
}

build_libpodofo() {
    # Its FindFREETYPE looks in /usr/include/freetype2 only: the prefix's folder is given. Its
    # test for OpenSSL 1.1 or later links without static libcrypto's Windows libraries and
    # fails: the answer is given (OpenSSL 3.0).
    cmake_build podofo "$1" -DPODOFO_BUILD_LIB_ONLY=ON -DPODOFO_BUILD_STATIC=ON \
        -DPODOFO_BUILD_SHARED=OFF -DCMAKE_DISABLE_FIND_PACKAGE_LIBIDN=ON \
        -DCMAKE_DISABLE_FIND_PACKAGE_LIBJPEG=ON -DCMAKE_DISABLE_FIND_PACKAGE_TIFF=ON \
        -DCMAKE_DISABLE_FIND_PACKAGE_FONTCONFIG=ON -DCMAKE_DISABLE_FIND_PACKAGE_LUA=ON \
        -DCMAKE_DISABLE_FIND_PACKAGE_CppUnit=ON \
        -DFREETYPE_INCLUDE_DIR_FT2BUILD="$prefix/include/freetype2" \
        -DFREETYPE_INCLUDE_DIR_FTHEADER="$prefix/include/freetype2" \
        -DPODOFO_HAVE_OPENSSL_1_1=ON
    # PoDoFo writes a pkg-config file for its shared library only; Scellé looks for
    # "libpodofo".
    write_pc libpodofo 0.9.8 -lpodofo "" "-lunistring -lws2_32" "freetype2 libpng openssl zlib"
}

build_fmtlib() { cmake_build fmt "$1" -DFMT_DOC=OFF -DFMT_TEST=OFF; }

build_nlohmann-json3() { cmake_build json "$1" -DJSON_BuildTests=OFF -DJSON_Install=ON; }

build_cli11() {
    cmake_build cli11 "$1" -DCLI11_BUILD_TESTS=OFF -DCLI11_BUILD_EXAMPLES=OFF \
        -DCLI11_BUILD_DOCS=OFF
}

build_googletest() { cmake_build googletest "$1" -DBUILD_GMOCK=ON -DINSTALL_GTEST=ON; }

build_cpp-httplib() {
    # Header-only here (Debian also builds it as a library): the defines that Debian's
    # pkg-config file gives, without Brotli, which is not built for Windows.
    install -m644 "$1/httplib.h" "$prefix/include/"
    cat >"$prefix/lib/pkgconfig/cpp-httplib.pc" <<EOF
prefix=$prefix
includedir=\${prefix}/include

Name: cpp-httplib
Description: cpp-httplib (Windows, header only)
Version: $(sed -n 's/^#define CPPHTTPLIB_VERSION "\(.*\)"/\1/p' "$1/httplib.h")
Requires: openssl zlib
Cflags: -I\${includedir} -DCPPHTTPLIB_OPENSSL_SUPPORT -DCPPHTTPLIB_ZLIB_SUPPORT
Libs: -lws2_32 -lcrypt32
EOF
}

build_gettext() {
    # libintl only (gettext-runtime/intl): Scellé's translations; its wbindtextdomain takes
    # the folder's name in UTF-16, which a Windows user's folder may need.
    touch_generated "$1"
    (cd "$1/gettext-runtime" && ./configure "${autoconf_flags[@]}" --disable-java \
        --disable-csharp --disable-libasprintf --disable-openmp --disable-c++ \
        --without-libiconv-prefix --without-libintl-prefix --with-included-gettext &&
        make -j "$jobs" -C intl && make -C intl install)
}

build_wxwidgets3.2() {
    # Debian's wxWidgets source has no bundled zlib, libpng, libjpeg, libtiff or expat: the
    # prefix's zlib and libpng are used, the others are left out (Scellé uses base, core, net).
    mkdir -p "$work/wx-build"
    (cd "$work/wx-build" && "$1/configure" --host="$host" --prefix="$prefix" \
        --libdir="$prefix/lib" --with-msw --disable-shared \
        --with-zlib=sys --with-libpng=sys --without-libjpeg --without-libtiff --without-expat \
        --without-opengl --disable-xrc --disable-html --disable-webview \
        --disable-mediactrl --disable-stc --disable-richtext --disable-propgrid \
        --disable-ribbon --disable-aui --disable-debug_info --enable-unicode \
        CPPFLAGS="-I$prefix/include" LDFLAGS="-L$prefix/lib" &&
        make -j "$jobs" && make install)
    # Its wx-config lists the compiler's own runtime libraries (-lgcc...), which g++ links by
    # itself and which CMake's FindwxWidgets looks for, in vain, as ordinary libraries.
    sed -i 's/ -lmingw32 -lgcc -lmoldname -lmingwex -lkernel32//' \
        "$prefix"/lib/wx/config/"$host"-msw-unicode-static-3.2
}

build_libjpeg-turbo() {
    # JPEG pictures (phone screenshots) for the OCR engine's Leptonica. Without its SIMD code,
    # which needs NASM: decoding is a small part of a transcript's time.
    # Its CMake takes a relative CMAKE_INSTALL_LIBDIR as relative to the current folder.
    cmake_build libjpeg-turbo "$1" -DENABLE_SHARED=OFF -DENABLE_STATIC=ON -DWITH_SIMD=OFF \
        -DWITH_TURBOJPEG=OFF -DWITH_JAVA=OFF -DCMAKE_INSTALL_LIBDIR="$prefix/lib"
}

build_leptonlib() {
    # Leptonica: PNG, JPEG and WebP pictures (GIF, TIFF and JPEG 2000 are left out).
    cmake_build leptonica "$1" -DSW_BUILD=OFF -DBUILD_PROG=OFF \
        -DCMAKE_DISABLE_FIND_PACKAGE_GIF=ON -DCMAKE_DISABLE_FIND_PACKAGE_TIFF=ON \
        -DJP2K_INCLUDE_DIR=JP2K_INCLUDE_DIR-NOTFOUND -DJP2K_LIBRARY=JP2K_LIBRARY-NOTFOUND
    # Its pkg-config file names neither the static library's Windows name nor what it needs.
    local lib
    lib=$(basename "$(find "$prefix/lib" -maxdepth 1 -name 'libleptonica*.a' | head -n 1)" .a)
    [[ -n $lib ]] || die "leptonlib: no static library was installed"
    write_pc lept "$(sed -n 's/^Version: //p' "$prefix/lib/pkgconfig/lept.pc")" "-l${lib#lib}" \
        "-I\${includedir}/leptonica" "" "libjpeg libpng libwebp zlib"
}

build_tesseract() {
    # MinGW's import libraries have lower-case names (libws2_32.a), and the build machine's
    # files are case-sensitive: the CMake file's "Ws2_32" would not be found.
    sed -i 's/^\( *set(LIB_Ws2_32 \)Ws2_32)/\1ws2_32)/' "$1/CMakeLists.txt"
    grep -q 'set(LIB_Ws2_32 ws2_32)' "$1/CMakeLists.txt" || die "tesseract: LIB_Ws2_32 not found"
    # Tesseract 5, LSTM engine only (Scellé asks for nothing else), no training tools, no
    # viewer, no download or archive support. -march=native is refused: the build machine's
    # processor is not the user's (the SIMD code, AVX2, FMA, SSE4.1, is chosen at run time).
    # MinGW's GCC does not align the stack to 32 bytes for AVX values spilled there (GCC bug
    # 54412): the assembler turns aligned vector moves into unaligned ones, which cannot fault.
    CXXFLAGS="$CXXFLAGS -Wa,-muse-unaligned-vector-move" \
        CFLAGS="$CFLAGS -Wa,-muse-unaligned-vector-move" \
        cmake_build tesseract "$1" -DSW_BUILD=OFF -DBUILD_TRAINING_TOOLS=OFF \
        -DDISABLED_LEGACY_ENGINE=ON -DGRAPHICS_DISABLED=ON -DDISABLE_ARCHIVE=ON \
        -DDISABLE_CURL=ON -DOPENMP_BUILD=OFF -DENABLE_LTO=OFF -DINSTALL_CONFIGS=OFF \
        -DCOMPILER_SUPPORTS_MARCH_NATIVE=OFF -DCMAKE_DISABLE_FIND_PACKAGE_TIFF=ON \
        -DCMAKE_DISABLE_FIND_PACKAGE_OpenCL=ON -DLeptonica_DIR="$prefix/lib/cmake/leptonica"
    local lib
    lib=$(basename "$(find "$prefix/lib" -maxdepth 1 -name 'libtesseract*.a' | head -n 1)" .a)
    [[ -n $lib ]] || die "tesseract: no static library was installed"
    write_pc tesseract "$(sed -n 's/^Version: //p' "$prefix/lib/pkgconfig/tesseract.pc")" \
        "-l${lib#lib}" "" "-lws2_32" "lept"
}

# The smoke program: Windows code that links and (under Wine) runs. It needs OpenSSL, curl,
# SQLite, libzip and zlib only, so it runs before wxWidgets, the longest build.
smoke_done=0
smoke_test() {
    local smoke_dir=$cache/smoke-$key lib format
    mkdir -p "$smoke_dir"
    for lib in "$prefix/lib/libcrypto.a" "$prefix/lib/libcurl.a" "$prefix/lib/libsqlite3.a" \
        "$prefix/lib/libzip.a" "$prefix/lib/libz.a"; do
        format=$("$host-objdump" -f "$lib" | sed -n 's/.*file format //p' | sort -u)
        [[ $format == pe-x86-64 ]] || die "$lib is not Windows x86-64 code ($format)"
        say "$(basename "$lib"): $format"
    done
    # shellcheck disable=SC2046 # pkg-config's output is a list of words
    "$CC" -O2 -o "$smoke_dir/smoke.exe" "$smoke_source" \
        $(pkg-config --static --cflags --libs libcurl libzip sqlite3 openssl zlib) -static
    format=$("$host-objdump" -f "$smoke_dir/smoke.exe" | sed -n 's/.*file format //p')
    [[ $format == pei-x86-64 ]] || die "smoke.exe is not a Windows x86-64 program ($format)"
    say "smoke.exe: $format"
    if command -v wine >/dev/null 2>&1; then
        local wineprefix status=0
        wineprefix=$(mktemp -d)
        # A first start of Wine makes its prefix; no display is needed, but xvfb-run keeps any
        # window Wine might open off the machine's screen. Wine's own messages go to a log.
        WINEPREFIX=$wineprefix WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml=" \
            timeout 600 xvfb-run -a wine "$smoke_dir/smoke.exe" 2>"$smoke_dir/wine.log" |
            tr -d '\r' || status=$?
        WINEPREFIX=$wineprefix wineserver -w || true
        rm -rf "$wineprefix"
        if ((status)); then
            cat "$smoke_dir/wine.log" >&2
            die "smoke.exe failed under Wine"
        fi
    else
        say "Wine is not installed: smoke.exe was not run"
    fi
    smoke_done=1
}

# ---------------------------------------------------------------------------------------------
# The whole of it, as one function (bash has read all of it before it starts: an edit of this
# file during a long build cannot change what the running build does).
build_dependencies() {
    export CC=$host-gcc-posix CXX=$host-g++-posix AR=$host-ar RANLIB=$host-ranlib
    export RC=$host-windres WINDRES=$host-windres STRIP=$host-strip NM=$host-nm
    export CFLAGS="-O2" CXXFLAGS="-O2"
    for pkg in "${packages[@]}"; do
        fetch_source "$pkg"
    done

    versions_text=$(for pkg in "${packages[@]}"; do
        printf '%s %s %s\n' "$pkg" "${version[$pkg]}" "${unpacked_by[$pkg]// /-}"
    done)
    key=$( (
        sha256sum <"$deps_script"
        sha256sum <"$toolchain_file"
        sha256sum <"$smoke_source"
        printf '%s\n' "$versions_text" | sha256sum
        printf '%s\n' "$host" "$($CXX -dumpfullversion)"
    ) | sha256sum | cut -c1-16)
    if [[ -n ${SCELLE_WINDOWS_KEY:-} && $SCELLE_WINDOWS_KEY != "$key" ]]; then
        # For work on the recipe itself: continue an existing prefix (its libraries already built
        # are kept) although the recipe changed. Not for builds anyone relies on.
        say "SCELLE_WINDOWS_KEY: using the prefix of key $SCELLE_WINDOWS_KEY, not $key"
        key=$SCELLE_WINDOWS_KEY
    fi
    prefix=$cache/prefix-$key
    work=$cache/work-$key
    export SCELLE_WINDOWS_PREFIX=$prefix
    export PKG_CONFIG_LIBDIR=$prefix/lib/pkgconfig:$prefix/share/pkgconfig PKG_CONFIG_PATH=
    unset PKG_CONFIG_SYSROOT_DIR
    autoconf_flags=(--host="$host" --prefix="$prefix" --libdir="$prefix/lib" --disable-shared
        --enable-static)

    say "recipe key $key: $prefix"
    if [[ -f $prefix/.complete ]]; then
        say "the prefix for this recipe is already built: nothing to build"
    elif ((!${deps_may_build:-1})); then
        say "the prefix for this recipe is not built on this machine"
        unset CC CXX AR RANLIB RC WINDRES STRIP NM CFLAGS CXXFLAGS
        # shellcheck disable=SC2034 # read by cross-build.sh
        deps_missing=1
        return 0
    else
        mkdir -p "$prefix/lib/pkgconfig" "$prefix/include" "$work"
        printf '%s\n' "$versions_text" >"$prefix/versions.txt"
        for pkg in "${packages[@]}"; do
            if [[ $pkg == wxwidgets3.2 ]] && ((!smoke_done)); then
                smoke_test
            fi
            if [[ -f $prefix/.built-$pkg ]]; then
                say "$pkg ${version[$pkg]}: already in the prefix"
                continue
            fi
            say "$pkg ${version[$pkg]}: building ($(date -u +%H:%M:%S))"
            start=$SECONDS
            log=$work/$pkg.log
            # Not in a condition: bash ignores `set -e` inside a command tested by if, && or ||,
            # and a failed step would go unnoticed.
            set +e
            (
                set -e
                unpack "$pkg" "$work/$pkg"
                "build_$pkg" "$work/$pkg"
            ) >"$log" 2>&1
            status=$?
            set -e
            if ((status)); then
                tail -n 40 "$log" >&2
                die "$pkg: the build failed, see $log"
            fi
            printf '%s\n' "$((SECONDS - start))" >"$prefix/.built-$pkg"
            say "$pkg: built in $((SECONDS - start)) s"
        done
        touch "$prefix/.complete"
        rm -rf "$work"
    fi

    if ((!smoke_done)); then
        smoke_test
    fi
    say "the dependencies are in $prefix"
    unset CC CXX AR RANLIB RC WINDRES STRIP NM CFLAGS CXXFLAGS
}
