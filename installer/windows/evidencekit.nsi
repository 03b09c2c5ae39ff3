; EvidenceKit installer for Windows (NSIS 3, Modern UI 2).
; Packs the PyInstaller one-folder build and registers .evkit / .evkit-review files.
;
; Build on Windows after `pyinstaller installer\evidencekit.spec`:
;   makensis /DVERSION=0.1.0 /DPAYLOAD=..\..\build\dist\evidencekit installer\windows\evidencekit.nsi
; Defines: VERSION (required), PAYLOAD (the one-folder app), OUTFILE (optional).

Unicode true
!include "MUI2.nsh"
!include "FileFunc.nsh"

!ifndef VERSION
  !error "Pass /DVERSION=x.y.z"
!endif
!ifndef PAYLOAD
  !error "Pass /DPAYLOAD=<folder of the PyInstaller build>"
!endif
!ifndef OUTFILE
  !define OUTFILE "EvidenceKit-${VERSION}-setup.exe"
!endif

!define APP "EvidenceKit"
!define EXE "evidencekit.exe"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APP}"
!define ICONS "..\..\resources\icons"

Name "${APP} ${VERSION}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\${APP}"
InstallDirRegKey HKCU "Software\${APP}" "InstallDir"
; Teachers on school laptops are rarely administrators: install per user.
RequestExecutionLevel user
SetCompressor /SOLID lzma

!define MUI_ICON "${ICONS}\evidencekit.ico"
!define MUI_UNICON "${ICONS}\evidencekit.ico"
!define MUI_FINISHPAGE_RUN "$INSTDIR\${EXE}"
!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "English"

; Register a file type for the current user: extension -> ProgID -> open command.
!macro FileType EXT PROGID DESCRIPTION ICON
  WriteRegStr HKCU "Software\Classes\${EXT}" "" "${PROGID}"
  WriteRegStr HKCU "Software\Classes\${PROGID}" "" "${DESCRIPTION}"
  WriteRegStr HKCU "Software\Classes\${PROGID}\DefaultIcon" "" "$INSTDIR\icons\${ICON}"
  WriteRegStr HKCU "Software\Classes\${PROGID}\shell\open\command" "" '"$INSTDIR\${EXE}" "%1"'
!macroend

Section "EvidenceKit" SecMain
  SectionIn RO
  SetOutPath "$INSTDIR"
  File /r "${PAYLOAD}\*.*"
  SetOutPath "$INSTDIR\icons"
  File "${ICONS}\evidencekit.ico"
  File "${ICONS}\application-x-evidencekit-bundle.ico"
  File "${ICONS}\application-x-evidencekit-review.ico"

  CreateDirectory "$SMPROGRAMS\${APP}"
  CreateShortcut "$SMPROGRAMS\${APP}\${APP}.lnk" "$INSTDIR\${EXE}" "" "$INSTDIR\icons\evidencekit.ico"

  !insertmacro FileType ".evkit" "EvidenceKit.Bundle" "EvidenceKit submission bundle" "application-x-evidencekit-bundle.ico"
  !insertmacro FileType ".evkit-review" "EvidenceKit.Review" "EvidenceKit review" "application-x-evidencekit-review.ico"
  ; Tell Explorer the associations changed (SHCNE_ASSOCCHANGED).
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'

  WriteRegStr HKCU "Software\${APP}" "InstallDir" "$INSTDIR"
  WriteUninstaller "$INSTDIR\uninstall.exe"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${APP}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "EvidenceKit developers"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\icons\evidencekit.ico"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "EstimatedSize" $0
SectionEnd

Section "Uninstall"
  ; The teacher's workspace lives in her data folder, not here: uninstalling never touches it.
  Delete "$SMPROGRAMS\${APP}\${APP}.lnk"
  RMDir "$SMPROGRAMS\${APP}"
  DeleteRegKey HKCU "Software\Classes\EvidenceKit.Bundle"
  DeleteRegKey HKCU "Software\Classes\EvidenceKit.Review"
  ReadRegStr $0 HKCU "Software\Classes\.evkit" ""
  StrCmp $0 "EvidenceKit.Bundle" 0 +2
    DeleteRegKey HKCU "Software\Classes\.evkit"
  ReadRegStr $0 HKCU "Software\Classes\.evkit-review" ""
  StrCmp $0 "EvidenceKit.Review" 0 +2
    DeleteRegKey HKCU "Software\Classes\.evkit-review"
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
  DeleteRegKey HKCU "Software\${APP}"
  RMDir /r "$INSTDIR"
SectionEnd
