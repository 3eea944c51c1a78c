"""The renderer's HTML and the lesson stylesheet, as Qt's rich-text engine really shows them."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QColor, QImage, QPixmap, QTextBlockFormat, QTextCursor, QTextDocument

from course.model import Course, Lesson, Module
from course.render import ADMONITION_KINDS, THEMES, lesson_stylesheet, render_markdown

LESSON = """\
# Staying present

Guilt is about something I *did*. Shame is about who I *am*.[^1]

![Two chairs facing each other](images/chairs.png)

![A remote picture](https://example.org/remote.png)

| feeling | what it can look like |
|---|---|
| shame | hiding, attacking, going numb |

{admonitions}

[^1]: After Brené Brown's distinction.
"""


@pytest.fixture
def lesson_setup(tmp_path: Path) -> tuple[Course, Lesson, Path]:
    root = tmp_path / "course"
    (root / "01-gap" / "images").mkdir(parents=True)
    image = QImage(8, 6, QImage.Format.Format_RGB32)
    image.fill(QColor("#336699"))
    assert image.save(str(root / "01-gap" / "images" / "chairs.png"))
    lesson = Lesson(id="gap", title="Gap", path="01-gap/01-gap.md", minutes=5, steps=())
    course = Course(
        id="c", version="1", title="C", modules=(Module(id="m", title="M", lessons=(lesson,)),)
    )
    return course, lesson, root


def load(html: str, theme: str = "light") -> QTextDocument:
    document = QTextDocument()
    document.setDefaultStyleSheet(lesson_stylesheet(theme))
    document.setHtml(html)
    return document


def rendered(setup: tuple[Course, Lesson, Path]) -> str:
    course, lesson, root = setup
    admonitions = "\n\n".join(
        f'!!! {kind} "Title of {kind}"\n    Text of {kind}.' for kind in ADMONITION_KINDS
    )
    return render_markdown(
        LESSON.format(admonitions=admonitions), course=course, lesson=lesson, course_root=root
    )


def block_containing(document: QTextDocument, text: str) -> QTextCursor:
    cursor = document.find(text)
    assert not cursor.isNull(), f"{text!r} is not in the document"
    return cursor


@pytest.mark.parametrize("theme", THEMES)
def test_admonitions_show_as_tinted_cells_with_their_title(
    qapp: object, lesson_setup: tuple[Course, Lesson, Path], theme: str
) -> None:
    document = load(rendered(lesson_setup), theme)
    colours = set()
    for kind in ADMONITION_KINDS:
        title = block_containing(document, f"Title of {kind}")
        assert title.charFormat().fontWeight() >= 600, "the title line is bold"
        body = block_containing(document, f"Text of {kind}.")
        table = body.currentTable()
        assert table is not None, f"the {kind} admonition is a table cell"
        cell = table.cellAt(body)
        assert table.format().cellPadding() == 12
        colours.add(cell.format().background().color().name())
    if theme != "high-contrast":
        assert len(colours) == len(ADMONITION_KINDS), "each kind has its own tint"


def test_local_images_load_and_remote_ones_are_not_requested(
    qapp: object, lesson_setup: tuple[Course, Lesson, Path]
) -> None:
    html = rendered(lesson_setup)
    document = load(html)
    chairs = (lesson_setup[2] / "01-gap" / "images" / "chairs.png").resolve().as_uri()
    image = document.resource(QTextDocument.ResourceType.ImageResource, QUrl(chairs))
    # Qt loads file:// resources itself (as a pixmap) when the document is laid out.
    assert isinstance(image, QImage | QPixmap) and image.width() == 8
    assert "example.org" not in document.toHtml()
    assert not document.find("A remote picture").isNull()


def test_typography_reaches_the_document(
    qapp: object, lesson_setup: tuple[Course, Lesson, Path]
) -> None:
    document = load(rendered(lesson_setup))
    paragraph = block_containing(document, "Guilt is about").blockFormat()
    assert paragraph.lineHeightType() == QTextBlockFormat.LineHeightTypes.ProportionalHeight.value
    assert paragraph.lineHeight() == 150
    heading = block_containing(document, "Staying present")
    assert heading.charFormat().fontPointSize() == 20
    assert block_containing(document, "Guilt is about").charFormat().fontPointSize() == 12
    assert block_containing(document, "hiding, attacking").currentTable() is not None


def test_footnote_anchor_exists(qapp: object, lesson_setup: tuple[Course, Lesson, Path]) -> None:
    document = load(rendered(lesson_setup))
    anchors = set()
    block = document.begin()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            anchors.update(iterator.fragment().charFormat().anchorNames())
            iterator += 1
        block = block.next()
    assert {"fn:1", "fnref:1", "staying-present"} <= anchors


def test_dark_theme_colours_the_text(
    qapp: object, lesson_setup: tuple[Course, Lesson, Path]
) -> None:
    document = load(rendered(lesson_setup), "dark")
    colour = block_containing(document, "Guilt is about").charFormat().foreground().color()
    assert colour.lightness() > 180
