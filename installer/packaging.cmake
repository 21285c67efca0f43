# What the packages install besides the programs, the report templates and the catalogs
# (those are installed by app/ and po/): the icons, the .desktop file, the AppStream metadata,
# the Debian copyright and changelog; then CPack: .deb and .rpm on Linux, an NSIS installer on
# Windows, a disk image (DragNDrop) on macOS. docs/building.md says how to make each one, and
# installer/check-deb.sh checks the .deb and the .rpm from end to end.
include(GNUInstallDirs)

# The application's identifier: the name of the .desktop file, of the AppStream file and of
# the icons (fr.scelle.Scelle.png), and the Flatpak's id. Confirm with the project owners.
set(SCELLE_APP_ID fr.scelle.Scelle)
set(SCELLE_INSTALLER_DIR ${PROJECT_SOURCE_DIR}/installer)

# Files and folders made by install() get these permissions whatever the umask, so that the
# packages have the usual 0755 folders and 0644 files.
set(CMAKE_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS
    OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)

# --- Icons -------------------------------------------------------------------------------
# Drawn from installer/icons/scelle.svg at build time, into the build tree where the program
# finds them from bin/ (<build>/share/icons/hicolor/<size>x<size>/apps/fr.scelle.Scelle.png)
# exactly as it does in an installed prefix; the build needs no network.
set(SCELLE_ICON_SVG ${SCELLE_INSTALLER_DIR}/icons/scelle.svg)
set(SCELLE_ICON_SIZES 16 24 32 48 64 128 256)
find_program(SCELLE_RSVG_CONVERT rsvg-convert REQUIRED)
set(scelle_icon_files)
foreach(size IN LISTS SCELLE_ICON_SIZES)
    set(dir share/icons/hicolor/${size}x${size}/apps)
    set(png ${PROJECT_BINARY_DIR}/${dir}/${SCELLE_APP_ID}.png)
    add_custom_command(
        OUTPUT ${png}
        COMMAND ${CMAKE_COMMAND} -E make_directory ${PROJECT_BINARY_DIR}/${dir}
        COMMAND ${SCELLE_RSVG_CONVERT} --width=${size} --height=${size} --format=png
                --output=${png} ${SCELLE_ICON_SVG}
        DEPENDS ${SCELLE_ICON_SVG}
        COMMENT "Drawing the ${size}×${size} icon"
        VERBATIM)
    list(APPEND scelle_icon_files ${png})
    install(FILES ${png} DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/${size}x${size}/apps)
endforeach()
set(scelle_icon_scalable
    ${PROJECT_BINARY_DIR}/share/icons/hicolor/scalable/apps/${SCELLE_APP_ID}.svg)
add_custom_command(
    OUTPUT ${scelle_icon_scalable}
    COMMAND ${CMAKE_COMMAND} -E copy ${SCELLE_ICON_SVG} ${scelle_icon_scalable}
    DEPENDS ${SCELLE_ICON_SVG}
    VERBATIM)
install(FILES ${scelle_icon_scalable}
        DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps)
add_custom_target(scelle_icons ALL DEPENDS ${scelle_icon_files} ${scelle_icon_scalable})
# The window icon is read from the build tree: `ninja scelle` alone gives a runnable tree.
if(TARGET scelle)
    add_dependencies(scelle scelle_icons)
endif()

# --- Desktop integration (freedesktop.org: Linux and the BSDs) -----------------------------
if(UNIX AND NOT APPLE)
    install(FILES ${SCELLE_INSTALLER_DIR}/linux/${SCELLE_APP_ID}.desktop
            DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
    install(FILES ${SCELLE_INSTALLER_DIR}/linux/${SCELLE_APP_ID}.metainfo.xml
            DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)
    # The copyright file is Debian's (policy 12.5) and does for the RPM too. The Debian
    # changelog goes in the .deb alone: installer/cpack-pre-build.cmake adds it.
    # share/doc/scelle: named after the package (CMAKE_INSTALL_DOCDIR would say "Scelle").
    install(FILES ${SCELLE_INSTALLER_DIR}/linux/copyright
            DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/scelle)
endif()

# --- Fonts for platforms without DejaVu ----------------------------------------------------
# The report embeds DejaVu Sans, Sans Bold and Sans Mono. Linux packages depend on the
# system's (fonts-dejavu-core); the Windows and macOS packages carry them in
# share/scelle/fonts, where the program looks first. SCELLE_FONTS_DIR names the folder that
# holds the three .ttf files (installer/windows/build.sh and installer/macos/build.sh set it).
set(SCELLE_FONTS_DIR "" CACHE PATH
    "Folder with DejaVuSans.ttf, DejaVuSans-Bold.ttf and DejaVuSansMono.ttf, shipped in the Windows and macOS packages")
if(SCELLE_FONTS_DIR)
    set(scelle_fonts)
    foreach(font DejaVuSans.ttf DejaVuSans-Bold.ttf DejaVuSansMono.ttf)
        if(NOT EXISTS ${SCELLE_FONTS_DIR}/${font})
            message(FATAL_ERROR "SCELLE_FONTS_DIR=${SCELLE_FONTS_DIR} has no ${font}")
        endif()
        list(APPEND scelle_fonts ${SCELLE_FONTS_DIR}/${font})
    endforeach()
    # The italic face (Markdown emphasis) is in the same archive; without it, upright.
    if(EXISTS ${SCELLE_FONTS_DIR}/DejaVuSans-Oblique.ttf)
        list(APPEND scelle_fonts ${SCELLE_FONTS_DIR}/DejaVuSans-Oblique.ttf)
    endif()
    install(FILES ${scelle_fonts} DESTINATION ${CMAKE_INSTALL_DATADIR}/scelle/fonts)
    # The fonts' licence must go with them; the DejaVu archive has it beside its ttf/ folder.
    foreach(licence ${SCELLE_FONTS_DIR}/LICENSE ${SCELLE_FONTS_DIR}/../LICENSE)
        if(EXISTS ${licence})
            install(FILES ${licence} DESTINATION ${CMAKE_INSTALL_DATADIR}/scelle/fonts
                    RENAME LICENSE-DejaVu.txt)
            break()
        endif()
    endforeach()
elseif(WIN32 OR APPLE)
    message(WARNING "SCELLE_FONTS_DIR is not set: the package will have no fonts for the "
                    "report (see docs/building.md)")
endif()

# --- Language models for the machine transcripts ----------------------------------------------
# Linux packages depend on Debian's (tesseract-ocr-fra, tesseract-ocr-eng); the Windows package
# carries the same two files in share/scelle/tessdata, where the OCR module looks when
# TESSDATA_PREFIX is not set (app/ocr/tesseract/tesseract_engine.cpp). SCELLE_TESSDATA_DIR names
# the folder that holds fra.traineddata and eng.traineddata, with their licence as LICENSE
# (installer/windows/cross-build.sh copies Debian's).
set(SCELLE_TESSDATA_DIR "" CACHE PATH
    "Folder with fra.traineddata and eng.traineddata, shipped in the Windows package")
if(SCELLE_TESSDATA_DIR)
    set(scelle_models)
    foreach(model fra.traineddata eng.traineddata)
        if(NOT EXISTS ${SCELLE_TESSDATA_DIR}/${model})
            message(FATAL_ERROR "SCELLE_TESSDATA_DIR=${SCELLE_TESSDATA_DIR} has no ${model}")
        endif()
        list(APPEND scelle_models ${SCELLE_TESSDATA_DIR}/${model})
    endforeach()
    if(NOT EXISTS ${SCELLE_TESSDATA_DIR}/LICENSE)
        message(FATAL_ERROR "SCELLE_TESSDATA_DIR=${SCELLE_TESSDATA_DIR} has no LICENSE: the "
                            "models' licence must go with them")
    endif()
    install(FILES ${scelle_models} DESTINATION ${CMAKE_INSTALL_DATADIR}/scelle/tessdata)
    install(FILES ${SCELLE_TESSDATA_DIR}/LICENSE DESTINATION ${CMAKE_INSTALL_DATADIR}/scelle/tessdata
            RENAME LICENSE-tessdata.txt)
elseif(WIN32 AND SCELLE_OCR)
    message(WARNING "SCELLE_TESSDATA_DIR is not set: the package will have no language models "
                    "for the machine transcripts (see docs/building.md)")
endif()

# --- Windows: the DLLs the programs need ----------------------------------------------------
# Copied beside the programs from the toolchain's bin folder (MSYS2's ucrt64/bin) and from
# the bin folders of CMAKE_PREFIX_PATH (PoDoFo built by installer/windows/build.sh), leaving
# out Windows' own. Nothing to do for the .deb and the .rpm: they name their dependencies, nor
# for the cross-build (installer/windows/cross-build.sh), which links everything statically.
if(WIN32 AND TARGET scelle AND TARGET scelle-cli AND NOT SCELLE_STATIC_DEPS)
    get_filename_component(scelle_dll_dirs ${CMAKE_CXX_COMPILER} DIRECTORY)
    foreach(prefix IN LISTS CMAKE_PREFIX_PATH)
        list(APPEND scelle_dll_dirs ${prefix}/bin)
    endforeach()
    set(scelle_dll_dirs_quoted "")
    foreach(dir IN LISTS scelle_dll_dirs)
        string(APPEND scelle_dll_dirs_quoted " \"${dir}\"")
    endforeach()
    # libcurl is loaded at run time (crypto/src/curl_api.h), so no program names it: it is
    # looked for here, and shipped with what it needs, like the PDF writer module's PoDoFo.
    find_file(SCELLE_CURL_DLL NAMES libcurl-4.dll PATHS ${scelle_dll_dirs} NO_DEFAULT_PATH)
    if(NOT SCELLE_CURL_DLL)
        message(FATAL_ERROR "libcurl-4.dll not found in ${scelle_dll_dirs}")
    endif()
    install(CODE "
        file(GET_RUNTIME_DEPENDENCIES
            EXECUTABLES \"$<TARGET_FILE:scelle>\" \"$<TARGET_FILE:scelle-cli>\"
            MODULES \"$<TARGET_FILE:scelle_pdf>\"
            LIBRARIES \"${SCELLE_CURL_DLL}\"
            RESOLVED_DEPENDENCIES_VAR scelle_dlls
            UNRESOLVED_DEPENDENCIES_VAR scelle_missing
            DIRECTORIES ${scelle_dll_dirs_quoted}
            PRE_EXCLUDE_REGEXES \"^api-ms-\" \"^ext-ms-\"
            POST_EXCLUDE_REGEXES \".*[/\\\\\\\\][Ss]ystem32[/\\\\\\\\].*\" \".*[/\\\\\\\\][Ww]indows[/\\\\\\\\].*\")
        if(scelle_missing)
            message(WARNING \"DLLs not found: \${scelle_missing}\")
        endif()
        file(INSTALL \${scelle_dlls} \"${SCELLE_CURL_DLL}\" DESTINATION \"\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_BINDIR}\")
    ")
endif()

# --- CPack ---------------------------------------------------------------------------------
set(CPACK_PACKAGE_NAME scelle)
set(CPACK_PACKAGE_VENDOR "Scellé developers")
# A placeholder until the project owners give a real address; lintian accepts it
# (a .invalid domain is reserved, RFC 2606, and can never belong to anyone).
set(SCELLE_MAINTAINER "Scellé developers <developers@scelle.invalid>")
set(CPACK_PACKAGE_CONTACT "${SCELLE_MAINTAINER}")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "keep proof of online harassment of a child")
set(CPACK_PACKAGE_DESCRIPTION
    "Scellé helps a child, a parent or an association volunteer keep proof of online\n"
    "harassment, grooming or sextortion in a form that the police can trust:\n"
    "screenshots and files are kept byte for byte, fingerprinted with SHA-256,\n"
    "recorded in a hash-chained custody log and sealed with RFC 3161 trusted\n"
    "timestamps. It exports an evidence bundle that anyone can verify with standard\n"
    "tools and prints a PDF report that says how to report to Pharos, the 3018, the\n"
    "police or the platform.\n"
    "\n"
    "This package has the desktop application (scelle) and the command-line tool\n"
    "(scelle-cli).")
string(CONCAT CPACK_PACKAGE_DESCRIPTION ${CPACK_PACKAGE_DESCRIPTION})
# The installer's licence page shows this notice (the project has no licence yet).
set(CPACK_RESOURCE_FILE_LICENSE ${SCELLE_INSTALLER_DIR}/linux/copyright)
set(CPACK_STRIP_FILES ON)
set(CPACK_PACKAGE_CHECKSUM SHA256)
set(CPACK_PRE_BUILD_SCRIPTS ${SCELLE_INSTALLER_DIR}/cpack-pre-build.cmake)
# What cpack-pre-build.cmake needs to know.
set(CPACK_SCELLE_APP_ID ${SCELLE_APP_ID})
set(CPACK_SCELLE_INSTALLER_DIR ${SCELLE_INSTALLER_DIR})
set(CPACK_SCELLE_MAINTAINER "${SCELLE_MAINTAINER}")

if(WIN32)
    # NSIS, from MSYS2 (docs/building.md, installer/windows/build.sh).
    set(CPACK_GENERATOR NSIS ZIP)
    # CMake 3.25's NSIS template makes no Unicode installer: names shown by NSIS stay ASCII.
    set(CPACK_PACKAGE_INSTALL_DIRECTORY "Scelle")
    set(CPACK_NSIS_PACKAGE_NAME "Scelle ${PROJECT_VERSION}")
    set(CPACK_NSIS_DISPLAY_NAME "Scelle")
    set(CPACK_PACKAGE_EXECUTABLES scelle "Scelle")
    set(CPACK_CREATE_DESKTOP_LINKS scelle)
    set(CPACK_NSIS_INSTALLED_ICON_NAME "bin\\\\scelle.exe")
    set(CPACK_NSIS_MUI_ICON ${SCELLE_INSTALLER_DIR}/windows/scelle.ico)
    set(CPACK_NSIS_MUI_UNIICON ${SCELLE_INSTALLER_DIR}/windows/scelle.ico)
    set(CPACK_NSIS_ENABLE_UNINSTALL_BEFORE_INSTALL ON)
    set(CPACK_NSIS_MANIFEST_DPI_AWARE ON)
    # scelle-cli on the PATH is offered (unticked) on the installer's options page.
    set(CPACK_NSIS_MODIFY_PATH ON)
    set(CPACK_NSIS_BRANDING_TEXT "Scelle ${PROJECT_VERSION}")
elseif(APPLE)
    # A disk image with Scellé.app and a link to /Applications; cpack-pre-build.cmake turns
    # the installed tree into the application bundle (docs/building.md).
    set(CPACK_GENERATOR DragNDrop)
    set(CPACK_PACKAGING_INSTALL_PREFIX /)
    set(CPACK_DMG_VOLUME_NAME "Scellé ${PROJECT_VERSION}")
    set(CPACK_DMG_FORMAT UDZO)
    set(CPACK_DMG_SLA_USE_RESOURCE_FILE_LICENSE OFF)
    set(CPACK_SCELLE_VERSION ${PROJECT_VERSION})
    # Optional: the codesigning identity (Developer ID Application: ...), from the
    # environment of installer/macos/build.sh.
    set(CPACK_SCELLE_CODESIGN_IDENTITY "$ENV{SCELLE_CODESIGN_IDENTITY}")
else()
    set(CPACK_GENERATOR DEB RPM)
    set(CPACK_PACKAGING_INSTALL_PREFIX /usr)

    # .deb (Debian 12, Ubuntu 24.04): the libraries' packages come from dpkg-shlibdeps, so
    # build the .deb on the distribution it is for (Ubuntu 24.04 renamed many libraries).
    set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
    set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
    set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${SCELLE_MAINTAINER}")
    set(CPACK_DEBIAN_PACKAGE_SECTION utils)
    set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
    set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
    # Not found by dpkg-shlibdeps: libcurl, which the programs load when they first ask a
    # time-stamp authority (crypto/src/curl_api.h) rather than at every start (Ubuntu 24.04
    # calls it libcurl4t64); the report's fonts; and the root certificates that the public
    # time-stamp authorities' chains end at; the French and English models of the OCR engine
    # (data, which dpkg-shlibdeps cannot see; libtesseract5 itself it finds in the module).
    set(CPACK_DEBIAN_PACKAGE_DEPENDS
        "libcurl4 | libcurl4t64, fonts-dejavu-core, ca-certificates, tesseract-ocr-fra, tesseract-ocr-eng")
    # wxWidgets' own French strings (standard buttons and dialogs); the screenshot portal
    # that the Wayland capture goes through; the report's fallback fonts (styled letters and
    # emoji, Chinese), without which those characters print as replacement marks.
    set(CPACK_DEBIAN_PACKAGE_RECOMMENDS
        "wx3.2-i18n, xdg-desktop-portal, fonts-symbola, fonts-wqy-microhei")

    # .rpm: made here to check its contents; for Fedora or openSUSE, build it there (the
    # library requirements are read from the binaries, as sonames).
    set(CPACK_RPM_FILE_NAME RPM-DEFAULT)
    set(CPACK_RPM_PACKAGE_RELEASE 1)
    set(CPACK_RPM_PACKAGE_LICENSE "not yet chosen")
    set(CPACK_RPM_PACKAGE_GROUP "Applications/Productivity")
    # libcurl is loaded at run time (see the .deb's Depends), so AUTOREQ does not see it.
    set(CPACK_RPM_PACKAGE_REQUIRES
        "libcurl, dejavu-sans-fonts, dejavu-sans-mono-fonts, ca-certificates")
    set(CPACK_RPM_PACKAGE_AUTOREQ ON)
    set(CPACK_RPM_PACKAGE_DESCRIPTION "${CPACK_PACKAGE_DESCRIPTION}")
    # Folders that other packages own: the RPM must not claim them.
    set(CPACK_RPM_EXCLUDE_FROM_AUTO_FILELIST_ADDITION
        /usr/share/applications /usr/share/metainfo /usr/share/icons /usr/share/icons/hicolor
        /usr/share/icons/hicolor/scalable /usr/share/icons/hicolor/scalable/apps
        /usr/share/locale /usr/share/locale/fr /usr/share/locale/fr/LC_MESSAGES
        /usr/share/locale/en /usr/share/locale/en/LC_MESSAGES /usr/share/man
        /usr/share/man/man1)
    foreach(size IN LISTS SCELLE_ICON_SIZES)
        list(APPEND CPACK_RPM_EXCLUDE_FROM_AUTO_FILELIST_ADDITION
             /usr/share/icons/hicolor/${size}x${size}
             /usr/share/icons/hicolor/${size}x${size}/apps)
    endforeach()
endif()

include(CPack)
