"""The Journal after a new version of a course: reworded prompts show the words that were
answered, and a lesson the new version dropped stays, marked as from an earlier version."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt

from course.model import (
    Course,
    Lesson,
    Module,
    PromptType,
    Reflection,
    ReflectPrompt,
    ReflectStep,
)
from course.paths import DataPaths
from course.store.api import open_store
from ui import messages
from ui.journal import ENTRY_ROLE, JournalView

R1 = Reflection(
    "shame-reflect", (ReflectPrompt("r1", PromptType.TEXT, "When did shame turn into defending?"),)
)
R2 = Reflection(
    "denial-reflect", (ReflectPrompt("d1", PromptType.TEXT, "Which form of denial do you know?"),)
)
SHAME = Lesson("shame", "Shame and guilt", "a/1.md", 5, (ReflectStep(R1),))
DENIAL = Lesson("denial", "The many forms of denial", "b/1.md", 5, (ReflectStep(R2),))
COURSE = Course(
    "test-course",
    "1.0.0",
    "Test",
    (Module("a", "Shame", (SHAME,)), Module("b", "Denial", (DENIAL,))),
)

REWORDED = "When did shame turn into arguing back?"


def version_2() -> Course:
    """COURSE 2.0.0: the shame prompt reworded, the denial lesson gone. (Built anew, not
    with dataclasses.replace, which would share the old course's lookup tables.)"""
    reflection = Reflection(R1.id, (replace(R1.prompts[0], prompt=REWORDED),))
    shame = Lesson(SHAME.id, SHAME.title, SHAME.path, 5, (ReflectStep(reflection),))
    return Course(COURSE.id, "2.0.0", COURSE.title, (Module("a", "Shame", (shame,)),))


def _rows(view: JournalView) -> list[tuple[str, list[tuple[str, str]]]]:
    """(lesson heading, [(snippet, tooltip)]) per lesson, as the list shows them."""
    shown: list[tuple[str, list[tuple[str, str]]]] = []
    for row in range(view.proxy.rowCount()):
        index = view.proxy.index(row, 0)
        if index.data(ENTRY_ROLE) is None:
            shown.append((index.data(), []))
        else:
            shown[-1][1].append((index.data(), index.data(Qt.ItemDataRole.ToolTipRole)))
    return shown


def test_a_reworded_prompt_and_a_removed_lesson(qtbot, tmp_path: Path) -> None:
    store = open_store(DataPaths(tmp_path / "data"), backup_at_open=False)
    store.keep_wording(COURSE)
    store.save_reflection(COURSE, SHAME.id, R1.id, "r1", "When she asked about the phone.")
    store.save_reflection(COURSE, DENIAL.id, "denial-reflect", "d1", "Minimising.")
    new = version_2()
    store.keep_wording(new)
    view = JournalView(store)
    qtbot.addWidget(view)
    view.set_courses([new])
    with qtbot.waitSignal(view.loaded, timeout=20000):  # read in steps between events
        view.show()
    rows = _rows(view)
    earlier = messages.FROM_EARLIER_VERSION.format(version="1.0.0")
    assert [heading for heading, _ in rows] == [
        "Shame and guilt",
        f"The many forms of denial ({earlier})",  # kept, under the title it had
    ]
    (removed,) = rows[1][1]
    assert removed[0] == "Minimising." and removed[1] == "Which form of denial do you know?"
    (reworded,) = rows[0][1]
    answered = messages.ANSWERED_WHEN_IT_READ.format(prompt=R1.prompts[0].prompt)
    assert reworded[1] == f"{REWORDED}\n\n{answered}"
    first = view.proxy.index(1, 0)
    view.list.setCurrentIndex(first)
    assert view.prompt_label.text() == f"{REWORDED}\n\n{answered}"
    assert view.list.currentIndex().data(Qt.ItemDataRole.DisplayRole) == reworded[0]
    view.close()
    store.close()
