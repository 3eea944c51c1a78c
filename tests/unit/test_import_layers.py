"""Imports read top-down: no module of `course` or `ui` imports, however lazily, one that
imports it back, and the layers of docs/architecture.md hold.

Imports inside `if TYPE_CHECKING:` are left out (they never run); imports inside
functions count, because they run.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("course", "ui")


def _module_name(path: Path) -> str:
    return ".".join(path.relative_to(REPO_ROOT).with_suffix("").parts).removesuffix(".__init__")


@cache
def _modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in (REPO_ROOT / package).rglob("*.py"):
            if "migrations" not in path.parts:  # alembic scripts run only inside alembic
                found[_module_name(path)] = path
    return found


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(path: Path) -> set[str]:
    """Project modules that `path` imports at run time."""
    modules = _modules()
    names: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            # `from package import submodule` depends on the submodule, not the package.
            subs = [f"{node.module}.{a.name}" for a in node.names]
            found = [s for s in subs if s in modules]
            names.update(found)
            if len(found) < len(subs):
                names.add(node.module)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8"), filename=str(path)))
    return {n for n in names if n in modules}


@cache
def _graph() -> dict[str, frozenset[str]]:
    return {name: frozenset(_imports(path) - {name}) for name, path in _modules().items()}


def _cycle_from(start: str, graph: dict[str, frozenset[str]]) -> list[str] | None:
    """A path start -> ... -> start, if there is one."""
    stack: list[tuple[str, list[str]]] = [(start, [start])]
    seen: set[str] = set()
    while stack:
        node, path = stack.pop()
        for nxt in graph[node]:
            if nxt == start:
                return [*path, start]
            if nxt not in seen:
                seen.add(nxt)
                stack.append((nxt, [*path, nxt]))
    return None


def test_no_import_circles_in_course_or_ui() -> None:
    graph = _graph()
    cycles = {name: _cycle_from(name, graph) for name in graph}
    assert {name: " -> ".join(c) for name, c in cycles.items() if c} == {}


def test_store_values_and_errors_import_nothing_of_the_store_above_them() -> None:
    """The modules every store module shares sit at the bottom of the store."""
    allowed = {
        "course.store.errors": set(),
        "course.store.values": set(),
        "course.store.throttle": set(),
        "course.store.tables": set(),
        # course.model is the domain's leaf of plain values (a check-in's Pick is one).
        "course.store.records": {"course.store.values", "course.model"},
        "course.store.driver": set(),  # which DB-API module: sqlcipher3 or sqlite3
        "course.store.dbfile": {"course.store.errors", "course.store.driver", "course.fileio"},
    }
    graph = _graph()
    assert {m: set(graph[m]) - ok for m, ok in allowed.items() if set(graph[m]) - ok} == {}


def _imported_by(prefixes: tuple[str, ...]) -> dict[str, set[str]]:
    return {
        name: set(deps)
        for name, deps in _graph().items()
        if any(name == p or name.startswith(p + ".") for p in prefixes)
    }


def test_ui_layers_point_one_way() -> None:
    """frame (app, main_window, startup, preview) -> pages -> session and widgets -> course."""
    frame = {"ui.app", "ui.main_window", "ui.startup", "ui.preview"}
    below_frame = _imported_by(("ui",))
    offenders = {
        name: sorted(deps & frame)
        for name, deps in below_frame.items()
        if name not in frame and deps & frame
    }
    assert offenders == {}
    state = _imported_by(("ui.session", "ui.progress", "ui.appearance"))
    offenders = {
        name: sorted(d for d in deps if d.startswith("ui.pages"))
        for name, deps in state.items()
        if any(d.startswith("ui.pages") for d in deps)
    }
    assert offenders == {}


def test_every_page_module_is_registered_once() -> None:
    from ui.pages import PAGES

    keys = [page.key for page in PAGES]
    assert len(keys) == len(set(keys)) and all(keys)
    registered = {page.__module__ for page in PAGES}
    modules = {
        _module_name(p)
        for p in (REPO_ROOT / "ui" / "pages").glob("*.py")
        if p.stem not in ("__init__", "base")
    }
    assert modules == registered


# The frame stays a frame: behaviour goes to the pages, the session, the actions table,
# the privacy controller and the preferences (docs/architecture.md).
MAX_FRAME_LINES = 350


def test_the_main_window_stays_thin() -> None:
    lines = len((REPO_ROOT / "ui" / "main_window.py").read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_FRAME_LINES, f"ui/main_window.py has {lines} lines; move behaviour out"


def test_pages_are_reached_through_the_registry() -> None:
    """Only the registry, the frame and other pages import a page module (base aside),
    so a page is added or removed in one place."""
    allowed = ("ui.pages", "ui.main_window")
    offenders = {
        name: sorted(d for d in deps if d.startswith("ui.pages.") and d != "ui.pages.base")
        for name, deps in _graph().items()
        if not any(name == a or name.startswith(a + ".") for a in allowed)
    }
    assert {n: d for n, d in offenders.items() if d} == {}


def test_every_menu_action_with_keys_is_in_the_shortcuts_sheet() -> None:
    from ui.actions import COMMANDS, SHEET_GROUPS

    names = [row.name for row in COMMANDS]
    assert len(names) == len(set(names))
    assert {row.name for row in COMMANDS if row.keys and row.sheet not in SHEET_GROUPS} == set()
