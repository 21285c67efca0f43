# Builds the French and English catalogs of the application (domain "scelle") into
# <build>/share/locale/<lang>/LC_MESSAGES/scelle.mo and installs them to share/locale.
# po/<lang>.po holds the main window's strings; po/<lang>-dialogs.po, when present, the
# dialogs' strings; po/<lang>-cli.po, when present, the command line's. They are merged with msgcat --use-first (the main file wins on a clash),
# then checked and compiled with msgfmt -c --check-format, so a broken catalog fails the build.
find_program(SCELLE_MSGCAT msgcat REQUIRED)
find_program(SCELLE_MSGFMT msgfmt REQUIRED)

set(SCELLE_PO_DIR ${PROJECT_SOURCE_DIR}/po)
set(scelle_mo_files)
foreach(lang fr en)
    # CONFIGURE_DEPENDS: a dialogs or command-line catalog added later is picked up by the
    # next build.
    file(GLOB extra CONFIGURE_DEPENDS ${SCELLE_PO_DIR}/${lang}-dialogs.po
         ${SCELLE_PO_DIR}/${lang}-cli.po)
    set(inputs ${SCELLE_PO_DIR}/${lang}.po ${extra})
    set(merged ${CMAKE_CURRENT_BINARY_DIR}/po/${lang}-merged.po)
    set(mo ${PROJECT_BINARY_DIR}/share/locale/${lang}/LC_MESSAGES/scelle.mo)
    add_custom_command(
        OUTPUT ${mo}
        COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_CURRENT_BINARY_DIR}/po
                ${PROJECT_BINARY_DIR}/share/locale/${lang}/LC_MESSAGES
        COMMAND ${SCELLE_MSGCAT} --use-first -o ${merged} ${inputs}
        COMMAND ${SCELLE_MSGFMT} -c --check-format -o ${mo} ${merged}
        DEPENDS ${inputs}
        COMMENT "Compiling the ${lang} catalog"
        VERBATIM)
    list(APPEND scelle_mo_files ${mo})
    install(FILES ${mo} DESTINATION share/locale/${lang}/LC_MESSAGES)
endforeach()
add_custom_target(scelle_translations ALL DEPENDS ${scelle_mo_files})
# The catalogs are extra inputs of the programs, so that `ninja scelle` or `ninja scelle-cli`
# gives a runnable tree. Included before the front ends (app/CMakeLists.txt), with or without
# the desktop application.
function(scelle_needs_translations target)
    add_dependencies(${target} scelle_translations)
endfunction()
