#!/usr/bin/env bash
# Installs everything Scellé needs to build and test on Debian 12 (bookworm), from Debian's
# own packages. Safe to run again: packages already present are left alone, and nothing is
# downloaded when all are there. Works as root, or as a user with sudo.
#
#   bash installer/bootstrap-debian.sh
set -euo pipefail

packages=(
    # Build
    build-essential cmake ninja-build pkg-config
    # The Windows compile check (installer/windows/compile-check.sh): MinGW-w64's C++ compiler
    # with POSIX threads (std::thread)
    g++-mingw-w64-x86-64-posix
    libssl-dev libsqlite3-dev zlib1g-dev libcurl4-openssl-dev libzip-dev
    nlohmann-json3-dev libcli11-dev libfmt-dev libgtest-dev
    # The PDF report: PoDoFo, QR codes, Markdown templates, PNG and WebP decoding, right-to-left
    # text, the fonts it embeds (DejaVu; then Symbola for styled letters and emoji, WenQuanYi
    # Micro Hei for Chinese: the fallback chain, 2.9 MB to download)
    libpodofo-dev libqrencode-dev libcmark-dev libpng-dev libwebp-dev libfribidi-dev
    fonts-dejavu-core fonts-symbola fonts-wqy-microhei
    # Screen capture: Xlib, XRandR and MIT-SHM (X11), XTEST (to scroll a window in a scrolling
    # capture), libportal (Wayland's screenshot portal)
    libx11-dev libxrandr-dev libxext-dev libxtst-dev libportal-dev
    # The desktop application: wxWidgets 3.2 (GTK 3), GTK 3's own headers (the region
    # overlay grabs the keyboard through GDK; libwxgtk3.2-dev does not bring them), gettext
    # for its French and English catalogs
    libwxgtk3.2-dev libgtk-3-dev wx3.2-i18n gettext
    # Machine transcripts (app/ocr): Tesseract 5's C++ library (Leptonica comes with it), its
    # French and English models; the tesseract command is the OCR benchmark's reference tool
    libtesseract-dev tesseract-ocr tesseract-ocr-fra tesseract-ocr-eng
    # Run time: the system's root certificates, which the public TSAs' chains end at
    ca-certificates
    # Tests: reference tools the tests compare against, image tools to make test images,
    # cpp-httplib for the local test TSA, curl to drive the test TSA program
    openssl coreutils imagemagick procps time libcpp-httplib-dev curl
    # Bundle interop: the tools an investigator uses on a bundle
    zip unzip p7zip-full
    # The report's checks (qpdf --check, pdftotext, pdffonts, pdfimages, pdftoppm), the
    # reader of its QR code (zbarimg), the WebP tools that make and decode test images (cwebp,
    # dwebp), and the report benchmark's reference tool
    qpdf poppler-utils zbar-tools webp img2pdf
    # case.json against its JSON Schema (docs/bundle-case.schema.json)
    python3-jsonschema
    # The desktop application's tests and the capture benchmark: a virtual X server, its
    # xauth, scrot as the reference screenshot tool, and a private D-Bus for the test of the
    # screenshot portal; a window manager and xprop, for the test that dialogs open in front
    # of the main window as they do on a desktop
    xvfb xauth scrot dbus-daemon openbox x11-utils
    # The screen-reader test (tests/gui/a11y/): the AT-SPI bus and registry, and the Python
    # client that walks the accessibility tree as Orca does
    at-spi2-core python3-pyatspi
    # Style check
    clang-format
    # Packages and documentation: the man pages are made from docs/*.md with go-md2man; the
    # .deb is checked with lintian, its .desktop file with desktop-file-validate, its AppStream
    # file with appstreamcli; rpmbuild makes the RPM; rsvg-convert draws the icons from SVG
    go-md2man lintian desktop-file-utils appstream rpm librsvg2-bin
    # The README's token check reads the token out of the case database with sqlite3
    sqlite3
)

missing=()
for p in "${packages[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    [[ "$status" == "install ok installed" ]] || missing+=("$p")
done

if ((${#missing[@]} == 0)); then
    echo "bootstrap: all ${#packages[@]} packages are already installed."
    exit 0
fi

if [[ $(id -u) -eq 0 ]]; then
    as_root=()
elif command -v sudo >/dev/null 2>&1; then
    as_root=(sudo)
else
    echo "bootstrap: these packages are missing and neither root nor sudo is available:" >&2
    echo "  ${missing[*]}" >&2
    exit 1
fi

echo "bootstrap: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
echo "bootstrap: done."
