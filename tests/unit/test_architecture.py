"""The layering rules of DESIGN.md, checked rather than remembered."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from fresh_process import modules_loaded_by

REPO_ROOT = Path(__file__).resolve().parents[2]
COURSE_DIR = REPO_ROOT / "course"
UI_DIR = REPO_ROOT / "ui"


def _imported_modules(folder: Path) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in folder.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        names: set[str] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module)
        found[str(path.relative_to(REPO_ROOT))] = names
    return found


def test_course_source_never_imports_qt_or_ui() -> None:
    offenders = {
        file: sorted(n for n in names if n.split(".")[0] in {"PySide6", "shiboken6", "ui"})
        for file, names in _imported_modules(COURSE_DIR).items()
    }
    assert {f: n for f, n in offenders.items() if n} == {}


def test_every_course_module_imports_with_qt_unimportable() -> None:
    """Import every module of `course` in a fresh interpreter where PySide6 cannot load."""
    modules = sorted(
        ".".join(p.relative_to(REPO_ROOT).with_suffix("").parts).removesuffix(".__init__")
        for p in COURSE_DIR.rglob("*.py")
        if "migrations" not in p.parts  # alembic scripts run only inside alembic
    )
    script = (
        "import sys, importlib\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in ('PySide6', 'shiboken6', 'ui'):\n"
        "            raise ImportError('blocked: ' + name)\n"
        "sys.meta_path.insert(0, Block())\n"
        f"for m in {modules!r}:\n"
        "    importlib.import_module(m)\n"
        "assert not any(k.split('.')[0] in ('PySide6', 'shiboken6') for k in sys.modules)\n"
        "print('ok', len(" + repr(modules) + "))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO_ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok")


def test_ui_never_touches_sqlalchemy() -> None:
    offenders = {
        file: sorted(n for n in names if n.split(".")[0] in {"sqlalchemy", "alembic"})
        for file, names in _imported_modules(UI_DIR).items()
    }
    assert {f: n for f, n in offenders.items() if n} == {}


def test_validate_imports_neither_qt_nor_sqlalchemy(tmp_path: Path) -> None:
    script = (
        "import sys, runpy\n"
        f"sys.argv = ['main.py', 'validate', {str(tmp_path)!r}]\n"
        "try:\n"
        "    runpy.run_path('main.py', run_name='__main__')\n"
        "except SystemExit:\n"
        "    pass\n"
    )
    assert modules_loaded_by(script, ("PySide6", "sqlalchemy", "alembic")) == []
