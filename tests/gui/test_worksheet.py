"""Printable worksheets (issue 11): the PDF is written whole, on the paper chosen, holds
the prompts and no answers; the dialog works by keyboard; a full disk leaves nothing
behind and says so; the lesson page offers it as File > Print worksheet… (Ctrl+P)."""

from __future__ import annotations

import errno
import re
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, Qt
from worksheet_course import ANSWERS, COURSE, LESSON, PLAIN, QUIZ, REFLECTION

from course.worksheet import STYLE, worksheet_html
from ui import pdf, worksheet_dialog
from ui.pdf import default_paper, html_document, write_pdf
from ui.worksheet_dialog import DISK_FULL, WorksheetDialog


def media_box(path: Path) -> list[bytes]:
    return re.findall(rb"/MediaBox\s*\[([^\]]*)\]", path.read_bytes())


def test_the_printed_document_holds_the_prompts_and_no_answers(qapp) -> None:
    text = html_document(worksheet_html(COURSE, LESSON), STYLE).toPlainText()
    for prompt in REFLECTION.prompts:
        assert prompt.prompt in text
    for question in QUIZ.questions:
        assert question.prompt in text
    for answer in ANSWERS:
        assert answer not in text


@pytest.mark.parametrize(("paper", "box"), [("a4", b"0 0 595"), ("letter", b"0 0 612")])
def test_the_pdf_is_written_whole_on_the_paper_chosen(qapp, tmp_path, paper, box) -> None:
    target = tmp_path / "sheet.pdf"
    write_pdf(worksheet_html(COURSE, LESSON), target, title="W", style=STYLE, paper=paper)
    data = target.read_bytes()
    assert data.startswith(b"%PDF") and data.rstrip().endswith(b"%%EOF")
    assert media_box(target) and all(b.startswith(box) for b in media_box(target))
    assert [p.name for p in tmp_path.iterdir()] == ["sheet.pdf"]  # no temporary left


def test_paper_follows_the_locale() -> None:
    assert default_paper(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)) == (
        "letter"
    )
    assert default_paper(QLocale(QLocale.Language.French, QLocale.Country.Canada)) == "letter"
    assert default_paper(QLocale(QLocale.Language.German, QLocale.Country.Germany)) == "a4"
    assert default_paper(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)) == "a4"


@pytest.fixture
def dialog(qtbot, tmp_path, monkeypatch) -> WorksheetDialog:
    d = WorksheetDialog(COURSE, LESSON)
    qtbot.addWidget(d)
    d.ask_path = lambda suggested: str(tmp_path / "out")  # type: ignore[method-assign]
    d.show()
    qtbot.waitExposed(d)
    return d


def test_enter_saves_the_worksheet_on_the_paper_chosen(dialog, qtbot, tmp_path) -> None:
    dialog.paper.setCurrentIndex(dialog.paper.findData("letter"))
    # Leave the quiz out by keyboard: Tab to its box and press Space.
    dialog.quizzes.setFocus()
    qtbot.keyClick(dialog.quizzes, Qt.Key.Key_Space)
    assert not dialog.quizzes.isChecked()
    with qtbot.waitSignal(dialog.saved, timeout=20000) as blocker:
        qtbot.keyClick(dialog, Qt.Key.Key_Return)
    written = Path(blocker.args[0])
    assert written == tmp_path / "out.pdf"  # .pdf added
    assert all(b.startswith(b"0 0 612") for b in media_box(written))
    assert not dialog.isVisible()
    assert QUIZ.questions[0].prompt not in dialog.html()


def test_escape_closes_without_writing(dialog, qtbot, tmp_path) -> None:
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert list(tmp_path.iterdir()) == []


def test_nothing_chosen_means_nothing_to_save(dialog) -> None:
    dialog.reflections.setChecked(False)
    dialog.quizzes.setChecked(False)
    assert not dialog.save_button.isEnabled()
    assert not dialog.save()


def test_a_full_disk_leaves_the_old_file_and_says_so(dialog, qtbot, tmp_path, monkeypatch) -> None:
    old = tmp_path / "out.pdf"
    old.write_bytes(b"%PDF old worksheet")

    def full(html, path, **kwargs):
        Path(path).write_bytes(b"%PDF half")  # a half-written temporary file
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(pdf, "print_html", full)
    with qtbot.waitSignal(dialog.save_failed, timeout=20000) as blocker:
        dialog.save()
    assert blocker.args == [DISK_FULL]
    assert dialog.message.text() == DISK_FULL
    assert old.read_bytes() == b"%PDF old worksheet"
    assert [p.name for p in tmp_path.iterdir()] == ["out.pdf"]  # the temporary is gone
    assert dialog.isVisible() and dialog.save_button.isEnabled()  # try again elsewhere


def test_other_failures_say_what_to_do(monkeypatch) -> None:
    text = worksheet_dialog.failure_text(PermissionError(errno.EACCES, "Permission denied"))
    assert "Permission denied" in text and "Nothing was written" in text
    assert "Nothing was written" in worksheet_dialog.failure_text(RuntimeError("x"))


def test_a_lesson_without_a_quiz_offers_only_its_prompts(qtbot) -> None:
    d = WorksheetDialog(COURSE, PLAIN)
    qtbot.addWidget(d)
    assert not d.quizzes.isEnabled() and not d.reflections.isEnabled()
    assert not d.save_button.isEnabled()


def test_the_lesson_page_offers_the_worksheet_in_the_file_menu(qtbot, data_paths) -> None:
    from app_window import prepare_store, start, visible_dialogs

    from course.worksheet import has_worksheet
    from ui.pages.lesson import NO_WORKSHEET

    prepare_store(data_paths)
    window = start(qtbot, data_paths)
    action = window.commands["worksheet"]
    assert action in window.commands.file_menu.actions()
    said: list[str] = []
    window.show_message = said.append  # type: ignore[method-assign]
    action.trigger()  # no lesson on show yet: it says what to open first
    assert said == [NO_WORKSHEET]
    assert not any(isinstance(d, WorksheetDialog) for d in visible_dialogs())
    course = window.course
    assert course is not None
    lesson = next(lesson for lesson in course.lessons() if has_worksheet(lesson))
    window.open_lesson(lesson.id)
    qtbot.keyClick(window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: any(isinstance(d, WorksheetDialog) for d in visible_dialogs()))
    dialog = next(d for d in visible_dialogs() if isinstance(d, WorksheetDialog))
    assert dialog.lesson.id == lesson.id
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not any(isinstance(d, WorksheetDialog) for d in visible_dialogs()))
    window.show_page("home")
    action.trigger()
    assert said == [NO_WORKSHEET, NO_WORKSHEET]


SHIPPED = str(Path(__file__).resolve().parents[2] / "content" / "empathy-gap")


def test_the_command_line_writes_a_worksheet(qapp, tmp_path, capsys) -> None:
    from main import main

    assert (
        main(["worksheet", SHIPPED, "shame-and-guilt", "-o", str(tmp_path), "--paper", "letter"])
        == 0
    )
    written = tmp_path / "worksheet-shame-and-guilt.pdf"
    assert written.read_bytes().startswith(b"%PDF")
    assert all(b.startswith(b"0 0 612") for b in media_box(written))
    assert str(written) in capsys.readouterr().out


def test_the_command_line_suggests_a_lesson_id_and_writes_nothing(qapp, tmp_path, capsys) -> None:
    from main import main

    assert main(["worksheet", SHIPPED, "shame-and-guil", "-o", str(tmp_path / "w.pdf")]) == 2
    assert "Did you mean 'shame-and-guilt'?" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_the_command_line_refuses_a_broken_course(qapp, tmp_path, capsys) -> None:
    from main import main

    (tmp_path / "course.yaml").write_text("format: 1\nid: [\n", encoding="utf-8")
    assert main(["worksheet", str(tmp_path), "x", "-o", str(tmp_path / "w.pdf")]) == 1
    assert "validate" in capsys.readouterr().err
    assert not (tmp_path / "w.pdf").exists()
