"""Menus, icons and file types agree with each other and with the code on every system.

The .desktop file, the MIME types, the AppStream metainfo (Linux), the Info.plist
entries (macOS) and the installer's associations (Windows) all name the same app id,
icon and file extensions; the extensions are the ones the app writes.
"""

from __future__ import annotations

import configparser
import importlib.util
import re
import struct
import xml.etree.ElementTree as ET
from pathlib import Path

from course.assignments import FILE_SUFFIX, LEGACY_FILE_SUFFIX
from course.report import REPORT_SUFFIX

ROOT = Path(__file__).resolve().parents[2]
RELEASE = ROOT / "release"
APP_ID = "org.bridgework.Bridgework"
MIME = "{http://www.freedesktop.org/standards/shared-mime-info}"
TYPES = {
    "application/x-bridgework-assignment": FILE_SUFFIX,
    "application/x-bridgework-report": REPORT_SUFFIX,
}


def _desktop() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(RELEASE / "linux" / f"{APP_ID}.desktop", encoding="utf-8")
    return parser["Desktop Entry"]


def test_the_desktop_entry_opens_both_file_types_with_the_command() -> None:
    entry = _desktop()
    assert entry["Exec"] == "bridgework %f"
    assert entry["Icon"] == APP_ID
    assert set(filter(None, entry["MimeType"].split(";"))) == set(TYPES)


def test_mime_globs_are_the_extensions_the_app_writes() -> None:
    root = ET.parse(RELEASE / "linux" / f"{APP_ID}.mime.xml").getroot()
    globs = {
        t.get("type"): {g.get("pattern") for g in t.findall(f"{MIME}glob")}
        for t in root.findall(f"{MIME}mime-type")
    }
    assert globs == {
        "application/x-bridgework-assignment": {f"*{FILE_SUFFIX}", f"*{LEGACY_FILE_SUFFIX}"},
        "application/x-bridgework-report": {f"*{REPORT_SUFFIX}"},
    }
    assert not any(p == "*.json" for patterns in globs.values() for p in patterns)


def test_metainfo_names_the_app_its_types_and_the_privacy_promise() -> None:
    root = ET.parse(RELEASE / "linux" / f"{APP_ID}.metainfo.xml").getroot()
    assert root.findtext("id") == APP_ID
    assert root.find("launchable").text == f"{APP_ID}.desktop"  # type: ignore[union-attr]
    assert {m.text for m in root.iter("mediatype")} == set(TYPES)
    description = " ".join(root.find("description").itertext())  # type: ignore[union-attr]
    assert "never opens a network connection" in description
    assert len(list(root.iter("screenshot"))) >= 3
    for image in root.iter("image"):
        name = image.text.rsplit("/", 1)[-1]  # type: ignore[union-attr]
        assert (ROOT / "docs" / "screenshots" / name).is_file(), name


def test_icons_in_the_usual_sizes_and_the_bundle_formats() -> None:
    icons = RELEASE / "icons"
    for size in (16, 24, 32, 48, 64, 128, 256, 512):
        data = (icons / f"bridgework-{size}.png").read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        assert struct.unpack(">II", data[16:24]) == (size, size)
    ico = (icons / "bridgework.ico").read_bytes()
    assert ico[:4] == b"\x00\x00\x01\x00" and struct.unpack("<H", ico[4:6])[0] >= 5
    assert (icons / "bridgework.icns").read_bytes()[:4] == b"icns"


def test_macos_document_types_match() -> None:
    spec = importlib.util.spec_from_file_location("plist", RELEASE / "plist.py")
    assert spec is not None and spec.loader is not None
    plist = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(plist)
    info = plist.info_plist()
    assert info["CFBundleName"] == "Bridgework"
    extensions = {
        ext
        for declared in info["UTExportedTypeDeclarations"]
        for ext in declared["UTTypeTagSpecification"]["public.filename-extension"]
    }
    assert extensions == {s.lstrip(".") for s in TYPES.values()}


def test_windows_installer_associates_both_extensions() -> None:
    script = (RELEASE / "windows" / "bridgework.iss").read_text(encoding="utf-8")
    associated = set(re.findall(r'Software\\Classes\\(\.[\w-]+)"', script))
    assert associated == set(TYPES.values())
    assert "LicenseFile=..\\..\\LICENSE" in script
