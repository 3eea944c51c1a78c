"""Render resources/icons/bridgework.svg into the icon files the bundles and menus need.

Run with `make icons` after changing the SVG; the results are committed in
release/icons/ (PNG sizes for Linux menus, .ico for Windows, .icns for macOS), so a
release build needs no image tools.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "resources" / "icons" / "bridgework.svg"
OUT = ROOT / "release" / "icons"
LINUX_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# ICNS entry types holding PNG data, by pixel size.
ICNS_TYPES = {16: b"icp4", 32: b"icp5", 64: b"icp6", 128: b"ic07", 256: b"ic08", 512: b"ic09",
              1024: b"ic10"}  # fmt: skip


def render(renderer: QSvgRenderer, size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return image


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def ico_bytes(images: list[QImage]) -> bytes:
    """A Windows .ico with PNG-compressed entries (Vista and later read these)."""
    pngs = [png_bytes(image) for image in images]
    header = (0).to_bytes(2, "little") + (1).to_bytes(2, "little") + len(pngs).to_bytes(2, "little")
    offset = 6 + 16 * len(pngs)
    entries, blobs = b"", b""
    for image, png in zip(images, pngs, strict=True):
        side = image.width() % 256  # 256 is written as 0
        entries += (
            bytes([side, side, 0, 0]) + (1).to_bytes(2, "little") + (32).to_bytes(2, "little")
        )
        entries += len(png).to_bytes(4, "little") + offset.to_bytes(4, "little")
        offset += len(png)
        blobs += png
    return header + entries + blobs


def icns_bytes(renderer: QSvgRenderer) -> bytes:
    body = b""
    for size, kind in ICNS_TYPES.items():
        png = png_bytes(render(renderer, size))
        body += kind + (len(png) + 8).to_bytes(4, "big") + png
    return b"icns" + (len(body) + 8).to_bytes(4, "big") + body


def main() -> int:
    QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(SOURCE))
    if not renderer.isValid():
        print(f"Could not read {SOURCE}", file=sys.stderr)
        return 1
    OUT.mkdir(parents=True, exist_ok=True)
    for size in LINUX_SIZES:
        render(renderer, size).save(str(OUT / f"bridgework-{size}.png"), "PNG")
    (OUT / "bridgework.ico").write_bytes(ico_bytes([render(renderer, s) for s in ICO_SIZES]))
    (OUT / "bridgework.icns").write_bytes(icns_bytes(renderer))
    print(f"Wrote icons to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
