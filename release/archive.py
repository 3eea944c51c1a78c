"""Wrap the bundle from `make dist` into what a user downloads: `make dist-archive`.

Linux: Bridgework-VERSION-linux-ARCH.tar.gz (the bundle, install.sh, the .desktop file,
AppStream metainfo, MIME types and icons). Windows: a .zip of the bundle (the release
workflow also builds an installer with release/windows/bridgework.iss). macOS: a .dmg
holding Bridgework.app (hdiutil, part of macOS).
"""

from __future__ import annotations

import platform
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DIST = ROOT / "dist"
APP_ID = "org.bridgework.Bridgework"
LICENCES = (ROOT / "LICENSE", ROOT / "content" / "LICENSE")


def version() -> str:
    sys.path.insert(0, str(ROOT))
    from course import __version__

    return __version__


def arch() -> str:
    machine = platform.machine().lower()
    return {"amd64": "x86_64", "aarch64": "arm64"}.get(machine, machine)


def linux(name: str) -> Path:
    staging = DIST / name
    shutil.rmtree(staging, ignore_errors=True)
    share = staging / "share"
    (share / "icons").mkdir(parents=True)
    shutil.copytree(DIST / "bridgework", staging / "bridgework", symlinks=True)
    for suffix in (".desktop", ".mime.xml", ".metainfo.xml"):
        shutil.copy2(ROOT / "release" / "linux" / f"{APP_ID}{suffix}", share)
    for icon in (ROOT / "release" / "icons").glob("bridgework-*.png"):
        shutil.copy2(icon, share / "icons")
    shutil.copy2(ROOT / "release" / "linux" / "install.sh", staging)
    shutil.copy2(LICENCES[0], staging / "LICENSE")
    shutil.copy2(LICENCES[1], staging / "LICENSE-course-CC-BY-4.0")
    archive = DIST / f"{name}.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(staging, arcname=name)
    shutil.rmtree(staging)
    return archive


def windows(name: str) -> Path:
    return Path(shutil.make_archive(str(DIST / name), "zip", DIST, "bridgework"))


def macos(name: str) -> Path:
    image = DIST / f"{name}.dmg"
    image.unlink(missing_ok=True)
    subprocess.run(
        ["hdiutil", "create", "-volname", "Bridgework", "-srcfolder",
         str(DIST / "Bridgework.app"), "-ov", "-format", "UDZO", str(image)],
        check=True,
    )  # fmt: skip
    return image


def main() -> int:
    system = {"linux": "linux", "win32": "windows", "darwin": "macos"}[sys.platform]
    if not (DIST / "bridgework").is_dir():
        print("No bundle in dist/: run `make dist` first.", file=sys.stderr)
        return 1
    name = f"Bridgework-{version()}-{system}-{arch()}"
    made = {"linux": linux, "windows": windows, "macos": macos}[system](name)
    print(f"Wrote {made} ({made.stat().st_size / 2**20:.1f} MiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
