; Inno Setup script: a per-user installer for the Windows bundle (no admin rights asked).
; UNTESTED here (built on a Linux machine); .github/workflows/standalone.yml runs it on windows-latest:
;   pyinstaller --noconfirm --clean packaging\event-kiosk.spec
;   iscc /DAppVersion=0.1.0 packaging\windows\event-kiosk.iss
; Output: dist\event-kiosk-VERSION-windows-setup.exe
#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif

[Setup]
AppId={{6C1C2F7E-7F0B-4C59-9E0D-3B8A7C5E2A41}
AppName=Event Kiosk
AppVersion={#AppVersion}
AppPublisher=Event Kiosk
; Per user: installs under %LOCALAPPDATA%\Programs, no UAC prompt on a borrowed laptop.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
DefaultDirName={autopf}\Event Kiosk
DefaultGroupName=Event Kiosk
DisableProgramGroupPage=yes
OutputDir=..\..\dist
OutputBaseFilename=event-kiosk-{#AppVersion}-windows-setup
SetupIconFile=..\..\assets\icon.ico
UninstallDisplayIcon={app}\kiosk.exe
Compression=lzma2
SolidCompression=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
WizardStyle=modern

[Files]
Source: "..\..\dist\event-kiosk\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\Event Kiosk"; Filename: "{app}\kiosk.exe"; WorkingDir: "{userdocs}"
Name: "{autodesktop}\Event Kiosk"; Filename: "{app}\kiosk.exe"; WorkingDir: "{userdocs}"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "Put Event Kiosk on the desktop"; Flags: unchecked

[Run]
Filename: "{app}\kiosk.exe"; Description: "Open Event Kiosk now"; Flags: nowait postinstall skipifsilent

; The data folder (under %LOCALAPPDATA%; About and "kiosk doctor" show where) is left on uninstall: it holds the event's
; check-ins. Erase it with 'kiosk purge' or by deleting the folder.
