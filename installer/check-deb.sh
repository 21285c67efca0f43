#!/usr/bin/env bash
# Checks Scellé's Linux packages from end to end, the way a user gets them:
#   1. makes the .deb and the .rpm with CPack from a built tree;
#   2. checks the .rpm lists the programs, the .deb passes lintian (no error), and its
#      .desktop and AppStream files pass desktop-file-validate and appstreamcli;
#   3. installs the .deb (dpkg -i, then apt-get -f install if a dependency is missing), runs
#      /usr/bin/scelle-cli --version and demo from a folder outside the source and build trees,
#      with a HOME and a store of their own, checks the bundle and the PDF it writes, that
#      /usr/bin/scelle finds all its libraries, and that the catalogs, the menu entry, the
#      AppStream file and the icons are where the desktop looks;
#   4. purges the package and checks that nothing of it remains.
# The machine is left as it was found, also on failure: the package and any dependency that
# step 3 installed are purged, the temporary files removed. Needs root, or sudo.
#
#   bash installer/check-deb.sh BUILD_DIR        (BUILD_DIR: a configured build folder)
set -euo pipefail

if (($# != 1)); then
    echo "usage: $0 BUILD_DIR" >&2
    exit 2
fi
build=$(realpath "$1")
source_dir=$(cd "$(dirname "$0")/.." && pwd)
[[ -f "$build/CPackConfig.cmake" ]] || {
    echo "check-deb: $build is not a configured build folder (no CPackConfig.cmake)" >&2
    exit 2
}

if [[ $(id -u) -eq 0 ]]; then
    as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    as_root=(sudo)
else
    echo "check-deb: installing a package needs root or sudo, and neither is available" >&2
    exit 2
fi

app_id=fr.scelle.Scelle
start=$(date +%s)
section() { echo "== package: $* (at $(($(date +%s) - start)) s)"; }
fail() {
    echo "check-deb: FAILED: $*" >&2
    exit 1
}

# dpkg's state of the package: installed, unpacked, config-files, ... or not-installed.
package_state() { dpkg-query -W -f='${db:Status-Status}' scelle 2>/dev/null || echo not-installed; }
if [[ $(package_state) != not-installed ]]; then
    fail "the package scelle is already on this machine ($(package_state)); this check would" \
        "replace and then remove it. Remove it first: apt-get remove --purge scelle"
fi

work=$(mktemp -d /tmp/scelle-check-deb.XXXXXX)
packages_before="$work/packages-before.txt"
dpkg-query -W -f='${Package}\n' | sort >"$packages_before"
touched=0
apt_fixed=0

cleanup() {
    local rc=$?
    set +e
    if ((touched)); then
        if [[ $(package_state) != not-installed ]]; then
            echo "check-deb: removing the package scelle"
            "${as_root[@]}" dpkg --purge scelle >/dev/null
        fi
    fi
    # Dependencies that apt-get -f install brought in for the check go as well (only when it
    # ran, so that nothing installed meanwhile by someone else is touched).
    if ((apt_fixed)); then
        local added
        added=$(comm -13 "$packages_before" <(dpkg-query -W -f='${Package}\n' | sort))
        if [[ -n "$added" ]]; then
            echo "check-deb: removing what the check installed: $added"
            # shellcheck disable=SC2086
            DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get remove --purge -y -qq $added \
                >/dev/null
        fi
    fi
    rm -rf "$work"
    if ((rc == 0)); then
        echo "== package: all checks passed in $(($(date +%s) - start)) s"
    else
        echo "== package: FAILED (exit $rc) after $(($(date +%s) - start)) s" >&2
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

section "build ($build)"
cmake --build "$build" -j "${SCELLE_JOBS:-2}" >"$work/build.log" 2>&1 ||
    { tail -n 40 "$work/build.log" >&2; fail "the build failed"; }

# The packages go to <build>/packages; a umask of 022 gives the usual permissions.
out="$build/packages"
rm -rf "$out"
mkdir -p "$out"
umask 022

section "cpack -G DEB"
cpack --config "$build/CPackConfig.cmake" -G DEB -B "$out" >"$work/cpack-deb.log" 2>&1 ||
    { cat "$work/cpack-deb.log" >&2; fail "cpack -G DEB"; }
deb=$(ls "$out"/scelle_*.deb)
echo "$deb"
dpkg-deb --field "$deb" Package Version Architecture Maintainer Section Priority Depends \
    Recommends
# libcurl is loaded at run time, so dpkg-shlibdeps cannot see it: the package must name it.
dpkg-deb --field "$deb" Depends | grep -q 'libcurl4' || fail "the .deb does not depend on libcurl4"

section "cpack -G RPM"
cpack --config "$build/CPackConfig.cmake" -G RPM -B "$out" >"$work/cpack-rpm.log" 2>&1 ||
    { cat "$work/cpack-rpm.log" >&2; fail "cpack -G RPM"; }
rpm_file=$(ls "$out"/scelle-*.rpm)
echo "$rpm_file"
rpm -qpl "$rpm_file" 2>/dev/null >"$work/rpm-files.txt"
for f in /usr/bin/scelle /usr/bin/scelle-cli "/usr/share/applications/$app_id.desktop" \
    /usr/share/scelle/report-templates/fr/labels.json; do
    grep -qx "$f" "$work/rpm-files.txt" || fail "the RPM does not list $f"
done
echo "the RPM lists $(wc -l <"$work/rpm-files.txt") files, the programs among them"

section "lintian"
# --fail-on error: warnings are allowed (they are listed).
if ! lintian --fail-on error --display-info "$deb" >"$work/lintian.txt" 2>&1; then
    cat "$work/lintian.txt" >&2
    fail "lintian found errors in the .deb"
fi
cat "$work/lintian.txt"
echo "lintian: $(grep -c '^E:' "$work/lintian.txt" || true) errors," \
    "$(grep -c '^W:' "$work/lintian.txt" || true) warnings," \
    "$(grep -c '^I:' "$work/lintian.txt" || true) notes"

section "desktop-file-validate and appstreamcli validate (files from the .deb)"
dpkg-deb -x "$deb" "$work/root"
desktop-file-validate "$work/root/usr/share/applications/$app_id.desktop"
appstreamcli validate --no-net "$work/root/usr/share/metainfo/$app_id.metainfo.xml"

section "install (dpkg -i)"
touched=1
if ! "${as_root[@]}" dpkg -i "$deb" >"$work/dpkg.log" 2>&1; then
    echo "dpkg -i left dependencies to install: apt-get -f install"
    apt_fixed=1
    DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get -f install -y -qq \
        --no-install-recommends >>"$work/dpkg.log" 2>&1 ||
        { cat "$work/dpkg.log" >&2; fail "the dependencies could not be installed"; }
fi
dpkg-query -W -f='${Status}\n' scelle | grep -q 'install ok installed' ||
    { cat "$work/dpkg.log" >&2; fail "scelle is not installed after dpkg -i"; }
dpkg -L scelle | sort >"$work/installed-files.txt"
echo "installed: $(dpkg-query -W -f='${Package} ${Version}' scelle)," \
    "$(wc -l <"$work/installed-files.txt") paths"

section "the files are where the desktop looks for them"
for f in /usr/bin/scelle /usr/bin/scelle-cli \
    /usr/share/locale/fr/LC_MESSAGES/scelle.mo /usr/share/locale/en/LC_MESSAGES/scelle.mo \
    "/usr/share/applications/$app_id.desktop" "/usr/share/metainfo/$app_id.metainfo.xml" \
    "/usr/share/icons/hicolor/scalable/apps/$app_id.svg" \
    /usr/share/scelle/report-templates/fr/labels.json \
    /usr/share/scelle/report-templates/en/labels.json \
    /usr/share/doc/scelle/copyright /usr/share/doc/scelle/changelog.Debian.gz; do
    [[ -f "$f" ]] || fail "$f is missing"
done
for size in 16 24 32 48 64 128 256; do
    png="/usr/share/icons/hicolor/${size}x${size}/apps/$app_id.png"
    [[ -f "$png" ]] || fail "$png is missing"
    file "$png" | grep -q "PNG image data, $size x $size" || fail "$png is not ${size}×${size}"
done
for page in scelle.1.gz scelle-cli.1.gz; do
    if [[ -f "/usr/share/man/man1/$page" ]]; then
        echo "man page: /usr/share/man/man1/$page"
    else
        echo "man page: /usr/share/man/man1/$page is not in the package (yet)"
    fi
done
echo "catalogs, menu entry, AppStream file, icons: in place"

section "/usr/bin/scelle finds its libraries"
for program in /usr/bin/scelle /usr/bin/scelle-cli; do
    [[ -x "$program" ]] || fail "$program is not executable"
    if ldd "$program" | grep 'not found'; then
        fail "$program lacks libraries"
    fi
done
echo "ldd: no library missing"

run="$work/run"
mkdir -p "$run/home"
cd "$run"
case "$run" in "$source_dir"/* | "$build"/*) fail "$run is inside a source or build tree" ;; esac

section "/usr/bin/scelle starts (5 s under Xvfb, in French)"
# Still running when timeout stops it (exit 124) is a success: it found its libraries and
# catalogs and opened its window without crashing.
if command -v xvfb-run >/dev/null 2>&1; then
    set +e
    env -i PATH=/usr/bin:/bin HOME="$run/home" LANG=fr_FR.UTF-8 LANGUAGE=fr GDK_BACKEND=x11 \
        NO_AT_BRIDGE=1 SCELLE_STORE="$run/store-gui" SCELLE_TSA_URLS="" \
        xvfb-run -a -s "-screen 0 1280x800x24 -nolisten tcp" timeout 5 /usr/bin/scelle \
        >"$work/gui.log" 2>&1
    gui_rc=$?
    set -e
    ((gui_rc == 124 || gui_rc == 0)) || { cat "$work/gui.log" >&2; fail "/usr/bin/scelle: exit $gui_rc"; }
    echo "/usr/bin/scelle ran for 5 s"
else
    echo "xvfb-run is not installed: not started"
fi

section "scelle-cli --version and demo (outside the source and build trees)"
# A HOME and a store of their own, no settings file, and no time-stamp authority: the demo
# then works offline, as it must.
run_cli() {
    env -i PATH=/usr/bin:/bin HOME="$run/home" LANG=C.UTF-8 SCELLE_STORE="$run/store" \
        SCELLE_TSA_URLS="" TMPDIR="$run" /usr/bin/scelle-cli "$@"
}
run_cli --version
run_cli --lang fr demo -o "$run/demo" | tee "$run/demo.log"
bundle=$(find "$run/demo" -name '*.zip' | head -n 1)
pdf=$(find "$run/demo" -name '*.pdf' | head -n 1)
[[ -n "$bundle" && -s "$bundle" ]] || fail "the demo wrote no bundle"
[[ -n "$pdf" && -s "$pdf" ]] || fail "the demo wrote no PDF report"
qpdf --check "$pdf" >/dev/null || fail "qpdf --check $pdf"
echo "qpdf --check: $pdf is a sound PDF"
# The bundle is intact; it is not sealed by a time-stamp authority (offline): exit 3.
set +e
run_cli verify "$bundle" >"$run/verify.log" 2>&1
verify_rc=$?
set -e
((verify_rc == 0 || verify_rc == 3)) || { cat "$run/verify.log" >&2; fail "verify: exit $verify_rc"; }
echo "scelle-cli verify: exit $verify_rc (0 sealed, 3 intact but not sealed: offline here)"
cd /

section "remove (dpkg --purge) and check that nothing remains"
"${as_root[@]}" dpkg --purge scelle >/dev/null
left=0
while IFS= read -r path; do
    # Folders shared with other packages (/usr, /usr/share/icons, ...) stay; files and the
    # package's own folders must be gone.
    if [[ -e "$path" && ! -d "$path" ]]; then
        echo "left behind: $path" >&2
        left=1
    fi
done <"$work/installed-files.txt"
for d in /usr/share/scelle /usr/share/doc/scelle; do
    [[ ! -e "$d" ]] || { echo "left behind: $d" >&2; left=1; }
done
((left == 0)) || fail "files of the package remain after dpkg --purge"
echo "nothing of the package remains"
