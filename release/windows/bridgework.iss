; Inno Setup script: a per-user installer for the one-folder bundle in dist\bridgework,
; with a Start menu entry and the two file associations. Build on Windows with
;   iscc /DAppVersion=0.1.0 release\windows\bridgework.iss
; (the release workflow runs exactly this). Needs no administrator rights.
#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif

[Setup]
AppId={{6C1F5E0B-6A7B-4B5E-9B3E-2D7A0B1C9E41}
AppName=Bridgework
AppVersion={#AppVersion}
AppPublisher=Bridgework
DefaultDirName={localappdata}\Programs\Bridgework
DefaultGroupName=Bridgework
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
ChangesAssociations=yes
LicenseFile=..\..\LICENSE
OutputDir=..\..\dist
OutputBaseFilename=Bridgework-{#AppVersion}-windows-setup
SetupIconFile=..\icons\bridgework.ico
UninstallDisplayIcon={app}\bridgework.exe
Compression=lzma2
SolidCompression=yes
ArchitecturesInstallIn64BitMode=x64compatible

[Files]
Source: "..\..\dist\bridgework\*"; DestDir: "{app}"; Flags: recursesubdirs ignoreversion

[Icons]
Name: "{userprograms}\Bridgework"; Filename: "{app}\bridgework.exe"

[Registry]
; Assignment files (.bridgework-assignment) and progress reports (.bridgework-report).
Root: HKCU; Subkey: "Software\Classes\.bridgework-assignment"; ValueType: string; ValueData: "Bridgework.Assignment"; Flags: uninsdeletevalue
Root: HKCU; Subkey: "Software\Classes\Bridgework.Assignment"; ValueType: string; ValueData: "Bridgework assignment"; Flags: uninsdeletekey
Root: HKCU; Subkey: "Software\Classes\Bridgework.Assignment\DefaultIcon"; ValueType: string; ValueData: "{app}\bridgework.exe,0"
Root: HKCU; Subkey: "Software\Classes\Bridgework.Assignment\shell\open\command"; ValueType: string; ValueData: """{app}\bridgework.exe"" ""%1"""
Root: HKCU; Subkey: "Software\Classes\.bridgework-report"; ValueType: string; ValueData: "Bridgework.Report"; Flags: uninsdeletevalue
Root: HKCU; Subkey: "Software\Classes\Bridgework.Report"; ValueType: string; ValueData: "Bridgework progress report"; Flags: uninsdeletekey
Root: HKCU; Subkey: "Software\Classes\Bridgework.Report\DefaultIcon"; ValueType: string; ValueData: "{app}\bridgework.exe,0"
Root: HKCU; Subkey: "Software\Classes\Bridgework.Report\shell\open\command"; ValueType: string; ValueData: """{app}\bridgework.exe"" ""%1"""

[Run]
Filename: "{app}\bridgework.exe"; Description: "Open Bridgework"; Flags: postinstall nowait skipifsilent
