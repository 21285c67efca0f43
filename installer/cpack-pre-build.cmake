# Run by CPack after it has installed the files into its staging folder and before it makes
# the package (CPACK_PRE_BUILD_SCRIPTS, installer/packaging.cmake). It adds what one kind of
# package alone needs:
#   DEB        usr/share/doc/scelle/changelog.Debian.gz (Debian policy 12.7) and lintian's
#              overrides (usr/share/lintian/overrides/scelle)
#   DragNDrop  turns bin/ and share/ into Scellé.app, with its Info.plist, icon, libraries
#              and, when an identity is given, its signature
# CPACK_TEMPORARY_DIRECTORY is the staging folder; the CPACK_SCELLE_* variables come from
# installer/packaging.cmake through CPackConfig.cmake.

if(CPACK_GENERATOR STREQUAL "DEB")
    set(doc "${CPACK_TEMPORARY_DIRECTORY}${CPACK_PACKAGING_INSTALL_PREFIX}/share/doc/scelle")
    if(NOT IS_DIRECTORY "${doc}")
        message(FATAL_ERROR "cpack-pre-build: ${doc} is missing (no copyright file?)")
    endif()
    configure_file("${CPACK_SCELLE_INSTALLER_DIR}/linux/changelog.Debian.in"
                   "${doc}/changelog.Debian" @ONLY)
    # gzip -9n: best compression and no name or time stamp in the header, as lintian wants.
    find_program(gzip_program gzip REQUIRED)
    execute_process(COMMAND "${gzip_program}" -9nf "${doc}/changelog.Debian"
                    RESULT_VARIABLE rc)
    if(NOT rc EQUAL 0)
        message(FATAL_ERROR "cpack-pre-build: gzip failed on ${doc}/changelog.Debian")
    endif()
    file(CHMOD "${doc}/changelog.Debian.gz" PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ
         WORLD_READ)
    # (file(INSTALL) would put DESTDIR, set by CPack, in front of the path: copy instead.)
    set(overrides "${CPACK_TEMPORARY_DIRECTORY}${CPACK_PACKAGING_INSTALL_PREFIX}/share/lintian/overrides")
    file(MAKE_DIRECTORY "${overrides}")
    configure_file("${CPACK_SCELLE_INSTALLER_DIR}/linux/lintian-overrides" "${overrides}/scelle"
                   COPYONLY)
    file(CHMOD "${overrides}/scelle" PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)
endif()

if(CPACK_GENERATOR STREQUAL "DragNDrop")
    # The staged tree is bin/{scelle,scelle-cli} and share/{scelle,locale,icons}. The bundle:
    #   Scellé.app/Contents/Info.plist
    #   Scellé.app/Contents/MacOS/scelle, scelle-cli   (+ the libraries fixup_bundle copies)
    #   Scellé.app/Contents/lib/scelle/scelle-pdf.so   (the PDF writer module)
    #   Scellé.app/Contents/Resources/scelle.icns, Resources/share/...
    #   Scellé.app/Contents/share -> Resources/share   (the program looks at <exe>/../share)
    set(root "${CPACK_TEMPORARY_DIRECTORY}${CPACK_PACKAGING_INSTALL_PREFIX}")
    string(REGEX REPLACE "/+$" "" root "${root}")
    set(app "${root}/Scellé.app")
    set(contents "${app}/Contents")
    file(MAKE_DIRECTORY "${contents}/MacOS" "${contents}/Resources")
    foreach(program scelle scelle-cli)
        if(NOT EXISTS "${root}/bin/${program}")
            message(FATAL_ERROR "cpack-pre-build: ${root}/bin/${program} is missing")
        endif()
        file(RENAME "${root}/bin/${program}" "${contents}/MacOS/${program}")
    endforeach()
    file(REMOVE_RECURSE "${root}/bin")
    # The PDF writer module, where module_dir() looks: <exe>/../lib/scelle.
    file(MAKE_DIRECTORY "${contents}/lib")
    file(RENAME "${root}/lib/scelle" "${contents}/lib/scelle")
    file(GLOB scelle_modules "${contents}/lib/scelle/*.so")
    file(RENAME "${root}/share" "${contents}/Resources/share")
    file(CREATE_LINK "Resources/share" "${contents}/share" SYMBOLIC)

    # The icon: an .iconset drawn from the SVG, made into .icns by Apple's iconutil.
    find_program(rsvg rsvg-convert REQUIRED)
    find_program(iconutil iconutil REQUIRED)
    set(iconset "${CPACK_TOPLEVEL_DIRECTORY}/scelle.iconset")
    file(REMOVE_RECURSE "${iconset}")
    file(MAKE_DIRECTORY "${iconset}")
    foreach(spec 16:16x16 32:16x16@2x 32:32x32 64:32x32@2x 128:128x128 256:128x128@2x
                 256:256x256 512:256x256@2x 512:512x512 1024:512x512@2x)
        string(REPLACE ":" ";" spec "${spec}")
        list(GET spec 0 px)
        list(GET spec 1 name)
        execute_process(COMMAND "${rsvg}" --width=${px} --height=${px} --format=png
                                --output=${iconset}/icon_${name}.png
                                "${CPACK_SCELLE_INSTALLER_DIR}/icons/scelle.svg"
                        COMMAND_ERROR_IS_FATAL ANY)
    endforeach()
    execute_process(COMMAND "${iconutil}" --convert icns --output
                            "${contents}/Resources/scelle.icns" "${iconset}"
                    COMMAND_ERROR_IS_FATAL ANY)

    # LSMinimumSystemVersion 14.0: the capture uses SCScreenshotManager (macOS 14).
    file(WRITE "${contents}/Info.plist" "<?xml version=\"1.0\" encoding=\"UTF-8\"?>
<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" \"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">
<plist version=\"1.0\">
<dict>
  <key>CFBundleDevelopmentRegion</key><string>fr</string>
  <key>CFBundleLocalizations</key><array><string>fr</string><string>en</string></array>
  <key>CFBundleDisplayName</key><string>Scellé</string>
  <key>CFBundleName</key><string>Scellé</string>
  <key>CFBundleExecutable</key><string>scelle</string>
  <key>CFBundleIconFile</key><string>scelle</string>
  <key>CFBundleIdentifier</key><string>${CPACK_SCELLE_APP_ID}</string>
  <key>CFBundleInfoDictionaryVersion</key><string>6.0</string>
  <key>CFBundlePackageType</key><string>APPL</string>
  <key>CFBundleShortVersionString</key><string>${CPACK_SCELLE_VERSION}</string>
  <key>CFBundleVersion</key><string>${CPACK_SCELLE_VERSION}</string>
  <key>LSApplicationCategoryType</key><string>public.app-category.utilities</string>
  <key>LSMinimumSystemVersion</key><string>14.0</string>
  <key>NSHighResolutionCapable</key><true/>
  <key>NSPrincipalClass</key><string>NSApplication</string>
</dict>
</plist>
")

    # The libraries from Homebrew, copied into the bundle with their install names fixed.
    include(BundleUtilities)
    fixup_bundle("${app}" "${scelle_modules}" "")
    verify_app("${app}")

    # Signed with the hardened runtime when an identity is given (notarisation needs both);
    # installer/macos/build.sh notarises the disk image afterwards.
    if(CPACK_SCELLE_CODESIGN_IDENTITY)
        execute_process(COMMAND codesign --force --deep --options runtime --timestamp
                                --sign "${CPACK_SCELLE_CODESIGN_IDENTITY}" "${app}"
                        COMMAND_ERROR_IS_FATAL ANY)
        execute_process(COMMAND codesign --verify --deep --strict --verbose=2 "${app}"
                        COMMAND_ERROR_IS_FATAL ANY)
    endif()
endif()
