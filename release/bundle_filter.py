"""What the PyInstaller bundle leaves out: Qt parts Bridgework never loads.

Used by release/bridgework.spec and checked by release/dist_check.py. The app uses
QtCore, QtGui, QtWidgets and the SVG image plugin only; Qt Quick/QML, networking,
OpenGL and PDF would add tens of MiB (and networking has no place in an offline app).
The GTK platform theme is left out too: it needs the system's GTK, and would drag a
second copy of GLib, Cairo and Pango into the bundle; Qt's own Fusion style is used.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

# Python modules PyInstaller would otherwise follow (optional imports of our libraries).
EXCLUDED_MODULES = [
    "tkinter",
    # Build tools that arrive through optional imports; setuptools' runtime hook alone
    # costs the bundle a noticeable slice of its start-up.
    "setuptools",
    "pkg_resources",
    "distutils",
    "_distutils_hack",
    "ssl",  # nothing here talks to a server; http.client imports it only if it can
    "_ssl",
    "PySide6.QtNetwork",
    "PySide6.QtOpenGL",
    "PySide6.QtOpenGLWidgets",
    "PySide6.QtQml",
    "PySide6.QtQuick",
    "PySide6.QtQuickWidgets",
    "PySide6.QtQuickControls2",
    "PySide6.QtPdf",
    "PySide6.QtPdfWidgets",
    "PySide6.QtSql",
    "PySide6.QtTest",
    "PySide6.QtDesigner",
    "PySide6.QtUiTools",
    "PySide6.QtHelp",
    "PySide6.QtXml",
    "PySide6.QtConcurrent",
    "PySide6.QtDBus",
    "PySide6.QtSvgWidgets",
    "PySide6.QtPrintSupport",
]

# Shared libraries and plugins, matched against the path inside the bundle.
_DROPPED = re.compile(
    r"""(
        Qt6?(Quick|Qml|Network|OpenGL|Pdf|VirtualKeyboard|ShaderTools|Designer|Test|Sql|EglFS)
      | (^|[/\\])(qml|qmltooling|networkinformation|tls|sqldrivers|designer
                 |egldeviceintegrations|xcbglintegrations|generic|printsupport
                 |wayland-graphics-integration-server|translations)([/\\]|$)
      | (^|[/\\])(lib)?q(eglfs|linuxfb|vnc|minimalegl|vkkhrdisplay
                        |pdf|tiff|tga|wbmp|gtk3)\.(so|dll|dylib)
      | opengl32sw\.dll
      | (^|[/\\])(lib)?(qt-plugin-wayland-egl|[a-z-]+-server)\.(so|dll|dylib)$
      | (^|[/\\])(lib)?(qtquick|qml)[^/\\]*$
    )""",
    re.VERBOSE | re.IGNORECASE,
)


def keep_binary(path_in_bundle: str) -> bool:
    """False for a Qt library or plugin the app never loads."""
    return _DROPPED.search(path_in_bundle) is None


def _is_root(dest: str) -> bool:
    """Loaded by Python or by Qt directly: extension modules, Qt plugins, libpython."""
    name = dest.replace("\\", "/")
    base = name.rsplit("/", 1)[-1]
    return (
        "/plugins/" in name
        or base.endswith((".pyd", ".abi3.so"))
        or ".cpython-" in base
        or base.startswith("libpython")
        or "/lib-dynload/" in name
    )


def prune_unreferenced(binaries: list, imports: Callable[[str], Iterable[str]]) -> list:
    """Keep only the libraries reachable from what Python and Qt load (Linux).

    Leaving a plugin out does not take out the libraries PyInstaller collected for it
    (the GTK theme brings GLib, Cairo, Pango, ATK...), so this walks the NEEDED entries
    from the roots and drops whatever nothing kept still links.
    """
    by_name = {entry[0].replace("\\", "/").rsplit("/", 1)[-1]: entry for entry in binaries}
    keep: dict[str, tuple] = {}
    todo = [entry for entry in binaries if _is_root(entry[0])]
    while todo:
        entry = todo.pop()
        if entry[0] in keep:
            continue
        keep[entry[0]] = entry
        for needed in imports(entry[1]):
            found = by_name.get(needed.rsplit("/", 1)[-1])
            if found is not None and found[0] not in keep:
                todo.append(found)
    return [entry for entry in binaries if entry[0] in keep]
