"""The macOS Info.plist entries for Bridgework.app: name, version, icon and file types.

Used by release/bridgework.spec (PyInstaller's BUNDLE). The file types match the Linux
MIME types in release/linux/ and the Windows installer's associations.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
# Extension (no dot) -> (type identifier, what Finder calls it). Old assignment files
# (name.bridgework-assignment.json) still open from Bridgework's Import, not by a
# double-click, because macOS would have to claim every .json for that.
FILE_TYPES = {
    "bridgework-assignment": ("org.bridgework.assignment", "Bridgework assignment"),
    "bridgework-report": ("org.bridgework.report", "Bridgework progress report"),
}


def version() -> str:
    sys.path.insert(0, str(ROOT))
    from course import __version__

    return __version__


def info_plist() -> dict[str, Any]:
    return {
        "CFBundleName": "Bridgework",
        "CFBundleDisplayName": "Bridgework",
        "CFBundleShortVersionString": version(),
        "CFBundleVersion": version(),
        "LSApplicationCategoryType": "public.app-category.education",
        "LSMinimumSystemVersion": "11.0",
        "NSHighResolutionCapable": True,
        "NSHumanReadableCopyright": "GPL-3.0-or-later; course content CC-BY-4.0",
        "CFBundleDocumentTypes": [
            {
                "CFBundleTypeName": name,
                "CFBundleTypeRole": "Viewer",
                "LSHandlerRank": "Owner",
                "LSItemContentTypes": [identifier],
                "CFBundleTypeIconFile": "bridgework.icns",
            }
            for identifier, name in FILE_TYPES.values()
        ],
        "UTExportedTypeDeclarations": [
            {
                "UTTypeIdentifier": identifier,
                "UTTypeDescription": name,
                "UTTypeConformsTo": ["public.json", "public.data"],
                "UTTypeTagSpecification": {"public.filename-extension": [extension]},
            }
            for extension, (identifier, name) in FILE_TYPES.items()
        ],
    }
