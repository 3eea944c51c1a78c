"""The lesson renderer: sanitising, images kept inside the course, links, admonitions, CSS."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course.model import Course, Lesson, Module
from course.render import ADMONITION_KINDS, THEMES, lesson_stylesheet, render_markdown

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 16


def make_course() -> tuple[Course, Lesson]:
    first = Lesson(id="what-is-the-gap", title="Gap", path="01-gap/01-what.md", minutes=5, steps=())
    second = Lesson(
        id="shame-and-guilt", title="Shame", path="02-shame/01-shame.md", minutes=5, steps=()
    )
    course = Course(
        id="empathy-gap",
        version="1.0.0",
        title="Bridging the Empathy Gap",
        modules=(
            Module(id="gap", title="The gap", lessons=(first,)),
            Module(id="shame", title="Shame", lessons=(second,)),
        ),
    )
    return course, first


@pytest.fixture
def course_root(tmp_path: Path) -> Path:
    """A course on disk with one image inside, one outside, and a symlink that escapes."""
    root = tmp_path / "course"
    images = root / "01-gap" / "images"
    images.mkdir(parents=True)
    (images / "partner.png").write_bytes(PNG)
    (images / "two words.png").write_bytes(PNG)
    (root / "shared.png").write_bytes(PNG)
    (root / "worksheet.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "outside.png").write_bytes(PNG)
    os.symlink(tmp_path / "outside.png", images / "escape.png")
    os.symlink(images / "partner.png", images / "alias.png")
    return root


def render(markdown: str, course_root: Path | None = None) -> str:
    course, lesson = make_course()
    return render_markdown(markdown, course=course, lesson=lesson, course_root=course_root)


def image_sources(html: str) -> list[str]:
    return re.findall(r'<img[^>]*\ssrc="([^"]*)"', html)


# --- sanitising ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "forbidden"),
    [
        ("<script>alert('x')</script>", "alert"),
        ("<iframe src='https://example.org'>frame</iframe>", "iframe"),
        ("<form action='https://example.org'><input name='q'></form>", "form"),
        ("<img src='images/partner.png' onerror='alert(1)'>", "onerror"),
        ("<p onclick='alert(1)'>click</p>", "onclick"),
        ("<span style=\"background-image: url('https://example.org/x.png')\">s</span>", "url("),
        ("<span style='color: red; background: url(x.png)'>s</span>", "url("),
        ("<span style='color: u\\72l(x)'>s</span>", "\\72"),
        ("[click](javascript:alert(1))", "javascript"),
        ("<a href='JaVaScRiPt:alert(1)'>x</a>", "javascript"),
        ("<a href='data:text/html,<script>alert(1)</script>'>x</a>", "data:"),
        ("<object data='x.swf'></object><embed src='x.swf'>", "swf"),
        ("<link rel='stylesheet' href='https://example.org/x.css'>", "example.org"),
        ("<style>body { background: url(https://example.org) }</style>", "example.org"),
        ("<svg><script>alert(1)</script></svg>", "alert"),
        ("# Heading {: onclick='alert(1)' }\n", "onclick"),
    ],
)
def test_dangerous_markup_is_removed(source: str, forbidden: str, course_root: Path) -> None:
    html = render(source, course_root)
    assert forbidden.lower() not in html.lower()


def test_safe_inline_style_is_kept() -> None:
    assert 'style="color:red"' in render("<span style='color: red'>kept</span>")


def test_javascript_link_keeps_its_text() -> None:
    html = render("Read [this](javascript:alert(1)) now.")
    assert "this" in html
    assert "<a" not in html


@given(st.text(max_size=300))
@settings(max_examples=150, deadline=None)
def test_no_markdown_yields_script_or_handlers(text: str) -> None:
    html = render(text)
    lowered = html.lower()
    assert "<script" not in lowered
    assert "javascript:" not in lowered
    assert not re.search(r"<[^>]*\son[a-z]+\s*=", lowered)


# --- images ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "src",
    [
        "http://example.org/a.png",
        "https://example.org/a.png",
        "HTTPS://example.org/a.png",
        "ftp://example.org/a.png",
        "//example.org/a.png",
        "data:image/png;base64,iVBORw0KGgo=",
    ],
)
def test_remote_images_become_their_alt_text(src: str, course_root: Path) -> None:
    html = render(f"Look: ![A quiet room]({src})", course_root)
    assert "<img" not in html
    assert '<span class="image-unavailable">A quiet room</span>' in html
    assert "example.org" not in html


def test_remote_raw_html_image_becomes_its_alt_text(course_root: Path) -> None:
    html = render('<p><img src="https://example.org/a.png" alt="Two &lt;people&gt;"></p>')
    assert "<img" not in html
    assert '<span class="image-unavailable">Two &lt;people&gt;</span>' in html


def test_relative_image_resolves_to_a_file_url_inside_the_course(course_root: Path) -> None:
    html = render("![partner](images/partner.png)", course_root)
    real = (course_root / "01-gap" / "images" / "partner.png").resolve()
    assert image_sources(html) == [real.as_uri()]
    assert 'alt="partner"' in html


def test_image_paths_may_climb_within_the_course(course_root: Path) -> None:
    html = render("![a](../shared.png) ![b](images/two%20words.png)", course_root)
    assert image_sources(html) == [
        (course_root / "shared.png").resolve().as_uri(),
        (course_root / "01-gap" / "images" / "two words.png").resolve().as_uri(),
    ]


def test_raw_html_relative_image_is_resolved_too(course_root: Path) -> None:
    html = render('<img src="images/partner.png" alt="p">', course_root)
    assert image_sources(html) == [
        (course_root / "01-gap" / "images" / "partner.png").resolve().as_uri()
    ]


@pytest.mark.parametrize(
    "src",
    [
        "../../outside.png",  # `..` out of the course, to a file that exists
        "images/escape.png",  # a symlink inside that points outside
        "images/missing.png",  # not there at all
        "images",  # a folder, not a file
        "/etc/passwd",  # absolute
        "file:///etc/passwd",
        "C:/Windows/win.ini",
        "..\\..\\outside.png",
    ],
)
def test_images_outside_the_course_are_dropped(src: str, course_root: Path) -> None:
    html = render(f"![kept as text]({src})", course_root)
    assert image_sources(html) == []
    assert '<span class="image-unavailable">kept as text</span>' in html


def test_raw_file_url_outside_is_dropped(course_root: Path) -> None:
    outside = (course_root.parent / "outside.png").as_uri()
    assert image_sources(render(f'<img src="{outside}" alt="x">', course_root)) == []


def test_symlink_inside_the_course_is_followed(course_root: Path) -> None:
    html = render("![alias](images/alias.png)", course_root)
    real = (course_root / "01-gap" / "images" / "partner.png").resolve()
    assert image_sources(html) == [real.as_uri()]


def test_no_course_root_drops_every_local_image() -> None:
    html = render("![partner](images/partner.png)", None)
    assert image_sources(html) == []
    assert "partner" in html


def test_image_without_alt_leaves_nothing_behind(course_root: Path) -> None:
    html = render("Before ![](https://example.org/a.png) after", course_root)
    assert "example.org" not in html
    assert "Before" in html and "after" in html


# --- links ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("link", "href"),
    [
        ("../02-shame/01-shame.md", "lesson:shame-and-guilt"),
        ("../02-shame/01-shame.md#repair", "lesson:shame-and-guilt"),
        ("01-what.md", "lesson:what-is-the-gap"),
        ("./../02-shame/./01-shame.md", "lesson:shame-and-guilt"),
        ("lesson:shame-and-guilt", "lesson:shame-and-guilt"),
        ("https://example.org/help", "https://example.org/help"),
        ("http://example.org/help", "http://example.org/help"),
        ("mailto:someone@example.org", "mailto:someone@example.org"),
        ("#section", "#section"),
    ],
)
def test_links_that_stay(link: str, href: str) -> None:
    html = render(f"See [the lesson]({link}).")
    assert f'<a href="{href}">the lesson</a>' in html


@pytest.mark.parametrize(
    "link",
    [
        "javascript:alert(1)",
        "../02-shame/missing.md",
        "../../elsewhere/01-shame.md",
        "/etc/passwd",
        "file:///etc/passwd",
        "ftp://example.org/file",
        "//example.org/x",
        "vbscript:msgbox",
        "https://",
    ],
)
def test_links_that_are_dropped_to_plain_text(link: str, course_root: Path) -> None:
    html = render(f"See [the lesson]({link}).", course_root)
    assert "<a" not in html
    assert "See <span>the lesson</span>." in html


def test_raw_html_links_follow_the_same_rules() -> None:
    html = render('<a href="../02-shame/01-shame.md">next</a> <a href="javascript:x">bad</a>')
    assert '<a href="lesson:shame-and-guilt">next</a>' in html
    assert "<a>bad</a>" in html


def test_link_to_a_file_inside_the_course(course_root: Path) -> None:
    html = render("[worksheet](../worksheet.pdf)", course_root)
    assert f'href="{(course_root / "worksheet.pdf").resolve().as_uri()}"' in html


def test_links_get_no_rel_attribute() -> None:
    assert "rel=" not in render("[x](https://example.org)")


# --- admonitions ----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ADMONITION_KINDS)
def test_admonitions_become_one_cell_tables(kind: str) -> None:
    html = render(f"!!! {kind}\n    Breathe out slowly.\n")
    assert f'class="admonition {kind}"' in html
    assert f'<td class="admonition-body {kind}">' in html
    assert f'<p class="admonition-title">{kind.capitalize()}</p>' in html
    assert "<p>Breathe out slowly.</p>" in html
    assert "<div" not in html


def test_admonition_title_is_shown() -> None:
    html = render('!!! pause "Notice"\n    Where in your body do you feel this right now?\n')
    assert '<p class="admonition-title">Notice</p>' in html
    assert "Where in your body" in html


def test_admonition_with_empty_title_has_no_title_line() -> None:
    html = render('!!! tip ""\n    Just the text.\n')
    assert "admonition-title" not in html
    assert "Just the text." in html


def test_unknown_admonition_kind_is_shown_as_a_note() -> None:
    assert 'class="admonition note"' in render("!!! danger\n    Careful.\n")


def test_admonition_keeps_markdown_inside() -> None:
    html = render("!!! example\n    - one\n    - **two**\n\n    After.\n")
    assert "<li><strong>two</strong></li>" in html
    assert "<p>After.</p>" in html


# --- everything else survives ---------------------------------------------------------------


def test_headings_tables_footnotes_and_lists_survive() -> None:
    html = render(
        "## Staying present\n\n"
        "| feeling | sign |\n|---|---|\n| shame | hiding |\n\n"
        "A claim.[^1]\n\n"
        "1. first\n2. second\n\n"
        "Term\n:   Definition\n\n"
        "> A quote.\n\n"
        "```\ncode\n```\n\n"
        "[^1]: The source.\n"
    )
    assert '<h2 id="staying-present">Staying present</h2>' in html
    assert '<table cellpadding="6" cellspacing="0" class="data">' in html
    assert "<td>shame</td>" in html
    assert 'href="#fn:1"' in html and 'id="fn:1"' in html and "The source." in html
    assert "<ol>" in html and "<li>second</li>" in html
    assert "<dt>Term</dt>" in html and "<dd>Definition</dd>" in html
    assert "<blockquote>" in html
    assert "<pre><code>code" in html


def test_output_is_a_whole_document() -> None:
    html = render("Hello")
    assert html.startswith("<html><body>") and html.endswith("</body></html>")


def test_renderer_state_does_not_leak_between_calls() -> None:
    source = "# Title\n\nA[^1]\n\n[^1]: note\n"
    first = render(source)
    assert render(source) == first
    assert 'id="title"' in first and "title_1" not in first


# --- stylesheet -----------------------------------------------------------------------------


@pytest.mark.parametrize("theme", THEMES)
def test_every_theme_styles_body_and_every_admonition(theme: str) -> None:
    css = lesson_stylesheet(theme)
    assert "line-height: 150%" in css
    assert "body {" in css
    for kind in ADMONITION_KINDS:
        assert f"td.{kind}" in css
    assert "url(" not in css


def test_text_scale_multiplies_font_sizes() -> None:
    normal = lesson_stylesheet("light")
    larger = lesson_stylesheet("light", text_scale=1.5)
    assert "body { font-size: 12pt; }" in normal
    assert "body { font-size: 18.0pt; }" in larger
    assert "h1 { font-size: 30.0pt;" in larger


@pytest.mark.parametrize(("theme", "scale"), [("sepia", 1.0), ("light", 0.0), ("light", 5.0)])
def test_bad_stylesheet_arguments(theme: str, scale: float) -> None:
    with pytest.raises(ValueError):
        lesson_stylesheet(theme, scale)


def test_rendering_does_not_import_the_http_client() -> None:
    """course.render needs only url2pathname from urllib.request; importing that module
    pulled in http.client, ssl and email (25-35 ms) on the way to a learner's first lesson."""
    from fresh_process import modules_loaded_by

    assert modules_loaded_by("import course.render", ("urllib.request", "http.client", "ssl")) == []
