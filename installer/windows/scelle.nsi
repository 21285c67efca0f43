; Scellé's Windows installer (NSIS 3, Unicode, 64-bit), made by installer/windows/cross-build.sh:
;
;   makensis -INPUTCHARSET UTF8 -DVERSION=<x.y.z> -DSTAGE=<installed tree> \
;            -DFILES=<files.nsh> -DUNFILES=<unfiles.nsh> -DSIZE_KB=<size> \
;            -DOUTFILE=<setup.exe> scelle.nsi
;
; STAGE is the tree `cmake --install` made (bin\, share\); FILES and UNFILES list its files,
; one by one, so that the uninstaller removes what was installed and nothing else (the folder
; a person chose may hold other files). The cases (%LOCALAPPDATA%\Scellé) are the user's
; evidence: neither the installer nor the uninstaller ever touches them.
;
; What it does: Program Files\Scellé; Start menu and (optional) desktop shortcuts; an optional
; "Verify with Scellé" entry in the context menu of .zip files, added under
; SystemFileAssociations so that the default program for zips stays what it was; an entry in
; "Apps & features" with its uninstaller. Pages in French or English (the system's language
; chooses; the first page lets the person change it). Silent: /S (and /D=<folder>).
Unicode true
Target amd64-unicode
ManifestDPIAware true
ManifestSupportedOS all
RequestExecutionLevel admin
SetCompressor /SOLID lzma

!macro scelle_require NAME
    !ifndef ${NAME}
        !error "${NAME} must be defined (see the top of this file)"
    !endif
!macroend
!insertmacro scelle_require VERSION
!insertmacro scelle_require STAGE
!insertmacro scelle_require FILES
!insertmacro scelle_require UNFILES
!insertmacro scelle_require OUTFILE
!insertmacro scelle_require SIZE_KB

!define APP "Scellé"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\Scelle"
!define VERB_KEY "Software\Classes\SystemFileAssociations\.zip\shell\Scelle.Verify"
!define SETTINGS_KEY "Software\Scelle"

Name "${APP}"
OutFile "${OUTFILE}"
InstallDir "$PROGRAMFILES64\${APP}"
InstallDirRegKey HKLM "${SETTINGS_KEY}" "InstallDir"
BrandingText "${APP} ${VERSION}"
VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=0 "ProductName" "${APP}"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileDescription" "${APP} installer"
VIAddVersionKey /LANG=0 "LegalCopyright" "Scellé developers"

!include "MUI2.nsh"
!include "x64.nsh"

!define MUI_ICON "${__FILEDIR__}/scelle.ico"
!define MUI_UNICON "${__FILEDIR__}/scelle.ico"
!define MUI_ABORTWARNING
!define MUI_LANGDLL_ALLLANGUAGES
!define MUI_LANGDLL_WINDOWTITLE "Scellé"
!define MUI_LANGDLL_INFO "Choisissez la langue de l’installation.$\r$\nPlease choose the installer’s language."
!define MUI_LANGDLL_REGISTRY_ROOT HKLM
!define MUI_LANGDLL_REGISTRY_KEY "${SETTINGS_KEY}"
!define MUI_LANGDLL_REGISTRY_VALUENAME "InstallerLanguage"
!define MUI_FINISHPAGE_RUN "$INSTDIR\bin\scelle.exe"

; Page settings come before their page; the texts themselves are the LangStrings below.
!define MUI_WELCOMEPAGE_TEXT "$(WelcomeText)"
!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

; French first: the language shown when the system's is neither.
!insertmacro MUI_LANGUAGE "French"
!insertmacro MUI_LANGUAGE "English"
!insertmacro MUI_RESERVEFILE_LANGDLL

LangString WelcomeText ${LANG_FRENCH} "Scellé garde la preuve du harcèlement en ligne d’un enfant : captures d’écran scellées, horodatées et vérifiables par la police.$\r$\n$\r$\nVos dossiers restent sur cet ordinateur ; seules des empreintes (SHA-256) sont envoyées pour l’horodatage.$\r$\n$\r$\nCliquez sur Suivant pour continuer."
LangString WelcomeText ${LANG_ENGLISH} "Scellé keeps proof of the online harassment of a child: screenshots sealed, timestamped and checkable by the police.$\r$\n$\r$\nYour cases stay on this computer; only fingerprints (SHA-256) are sent out for timestamping.$\r$\n$\r$\nClick Next to continue."
LangString SecProgram ${LANG_FRENCH} "Scellé (obligatoire)"
LangString SecProgram ${LANG_ENGLISH} "Scellé (required)"
LangString SecDesktop ${LANG_FRENCH} "Raccourci sur le Bureau"
LangString SecDesktop ${LANG_ENGLISH} "Desktop shortcut"
LangString SecVerify ${LANG_FRENCH} "Vérifier les .zip (clic droit)"
LangString SecVerify ${LANG_ENGLISH} "Verify .zip files (right-click)"
LangString DescProgram ${LANG_FRENCH} "Scellé et sa ligne de commande, scelle-cli."
LangString DescProgram ${LANG_ENGLISH} "Scellé and its command line, scelle-cli."
LangString DescDesktop ${LANG_FRENCH} "Une icône Scellé sur le Bureau."
LangString DescDesktop ${LANG_ENGLISH} "A Scellé icon on the desktop."
LangString DescVerify ${LANG_FRENCH} "Ajoute « Vérifier avec Scellé » au clic droit sur un fichier .zip. Le programme qui ouvre les .zip reste le même."
LangString DescVerify ${LANG_ENGLISH} "Adds “Verify with Scellé” to the right-click menu of .zip files. The program that opens zips stays the same."
LangString VerbText ${LANG_FRENCH} "Vérifier avec Scellé"
LangString VerbText ${LANG_ENGLISH} "Verify with Scellé"
LangString CliComment ${LANG_FRENCH} "Scellé en ligne de commande (scelle-cli)"
LangString CliComment ${LANG_ENGLISH} "Scellé on the command line (scelle-cli)"
LangString KeptText ${LANG_FRENCH} "Vos dossiers de preuves ne sont pas supprimés : ils restent dans $LOCALAPPDATA\Scellé."
LangString KeptText ${LANG_ENGLISH} "Your evidence cases are not removed: they stay in $LOCALAPPDATA\Scellé."


Function .onInit
    ${IfNot} ${RunningX64}
        MessageBox MB_ICONSTOP "Scellé needs 64-bit Windows. / Scellé demande Windows 64 bits."
        Abort
    ${EndIf}
    SetRegView 64
    !insertmacro MUI_LANGDLL_DISPLAY
FunctionEnd

Function un.onInit
    SetRegView 64
    !insertmacro MUI_UNGETLANGUAGE
FunctionEnd

Section "$(SecProgram)" SecMain
    SectionIn RO
    SetShellVarContext all
    !include /CHARSET=UTF8 "${FILES}"
    WriteUninstaller "$INSTDIR\Uninstall.exe"
    WriteRegStr HKLM "${SETTINGS_KEY}" "InstallDir" "$INSTDIR"

    CreateShortcut "$SMPROGRAMS\${APP}.lnk" "$INSTDIR\bin\scelle.exe" "" \
        "$INSTDIR\bin\scelle.exe" 0

    WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayName" "${APP}"
    WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
    WriteRegStr HKLM "${UNINSTALL_KEY}" "Publisher" "Scellé developers"
    WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\bin\scelle.exe,0"
    WriteRegStr HKLM "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
    WriteRegStr HKLM "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\Uninstall.exe"'
    WriteRegStr HKLM "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\Uninstall.exe" /S'
    WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoModify" 1
    WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoRepair" 1
    WriteRegDWORD HKLM "${UNINSTALL_KEY}" "EstimatedSize" ${SIZE_KB}
SectionEnd

Section "$(SecDesktop)" SecDesktop
    SetShellVarContext all
    CreateShortcut "$DESKTOP\${APP}.lnk" "$INSTDIR\bin\scelle.exe" "" \
        "$INSTDIR\bin\scelle.exe" 0
SectionEnd

; A verb for .zip files whatever program opens them (SystemFileAssociations): the default
; program for zips is not changed.
Section "$(SecVerify)" SecVerify
    WriteRegStr HKLM "${VERB_KEY}" "" "$(VerbText)"
    WriteRegStr HKLM "${VERB_KEY}" "Icon" "$INSTDIR\bin\scelle.exe,0"
    WriteRegStr HKLM "${VERB_KEY}\command" "" '"$INSTDIR\bin\scelle.exe" --verify "%1"'
SectionEnd

!insertmacro MUI_FUNCTION_DESCRIPTION_BEGIN
    !insertmacro MUI_DESCRIPTION_TEXT ${SecMain} "$(DescProgram)"
    !insertmacro MUI_DESCRIPTION_TEXT ${SecDesktop} "$(DescDesktop)"
    !insertmacro MUI_DESCRIPTION_TEXT ${SecVerify} "$(DescVerify)"
!insertmacro MUI_FUNCTION_DESCRIPTION_END

Section "Uninstall"
    SetShellVarContext all
    Delete "$SMPROGRAMS\${APP}.lnk"
    Delete "$DESKTOP\${APP}.lnk"
    DeleteRegKey HKLM "${VERB_KEY}"
    DeleteRegKey HKLM "${UNINSTALL_KEY}"
    DeleteRegKey HKLM "${SETTINGS_KEY}"
    !include /CHARSET=UTF8 "${UNFILES}"
    Delete "$INSTDIR\Uninstall.exe"
    RMDir "$INSTDIR"
    DetailPrint "$(KeptText)"
SectionEnd
