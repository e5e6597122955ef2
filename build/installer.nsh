; Vigil Station NSIS additions (electron-builder.yml: nsis.include).
;
; %ProgramData%\Vigil Station holds config.json, which names the unit, its
; gateway and the station token. Windows lets ordinary users create files in
; a new ProgramData folder by default, so one of them could drop in a config
; of their own before IT does: the folder is made administrators-only for
; writing, readable by everyone who runs the station (icacls ships with Windows;
; SIDs, so it works in every language). data\ is where IT points dataDir for a
; machine-wide audit trail; the station's users write it, and data-audit-journal\
; and data-audit-key\ beside it (the audit trail's fallback journal and signing
; key, which the station looks for beside dataDir and could not create itself
; in the administrators-only folder).
; None is removed on uninstall: the audit trail is kept for years.

!macro customInstall
  SetShellVarContext all
  CreateDirectory "$COMMONAPPDATA\Vigil Station"
  CreateDirectory "$COMMONAPPDATA\Vigil Station\data"
  ; SYSTEM (S-1-5-18) and Administrators (S-1-5-32-544): full; Users (S-1-5-32-545): read.
  nsExec::ExecToLog '"$SYSDIR\icacls.exe" "$COMMONAPPDATA\Vigil Station" /inheritance:r /grant:r *S-1-5-18:(OI)(CI)F *S-1-5-32-544:(OI)(CI)F *S-1-5-32-545:(OI)(CI)RX'
  Pop $0
  ; Users: modify in data\ and in the two audit folders beside it only.
  nsExec::ExecToLog '"$SYSDIR\icacls.exe" "$COMMONAPPDATA\Vigil Station\data" /grant *S-1-5-32-545:(OI)(CI)M'
  Pop $0
  CreateDirectory "$COMMONAPPDATA\Vigil Station\data-audit-journal"
  CreateDirectory "$COMMONAPPDATA\Vigil Station\data-audit-key"
  nsExec::ExecToLog '"$SYSDIR\icacls.exe" "$COMMONAPPDATA\Vigil Station\data-audit-journal" /grant *S-1-5-32-545:(OI)(CI)M'
  Pop $0
  nsExec::ExecToLog '"$SYSDIR\icacls.exe" "$COMMONAPPDATA\Vigil Station\data-audit-key" /grant *S-1-5-32-545:(OI)(CI)M'
  Pop $0
!macroend
