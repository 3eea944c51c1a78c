"""Lesson prose (Markdown) to sanitised HTML that Qt's rich-text engine can show, and its CSS.

The pipeline is Python-Markdown (extra, admonition, toc, sane_lists), a tree pass that
rewrites what Qt cannot show or must not load, then nh3 with an allowlist of what Qt's
rich-text subset supports (https://doc.qt.io/qt-6/richtext-html-subset.html):

- Admonitions (`!!! pause "Notice"`) become one-cell tables: Qt ignores borders and
  padding on `div`, but it does draw a table cell's background and padding, and applies
  class selectors from the default style sheet to it (see resources/styles/).
- Images load only from inside the course folder: a relative path is resolved against
  the lesson's folder and emitted as a file:// URL when its real path (symlinks followed)
  stays inside the course root and is a file. Anything remote (http, https, ftp, data:,
  protocol-relative) or outside becomes its alt text in a quiet span: the app never
  fetches anything from the network.
- Links: `lesson:ID`, in-page `#anchors`, http(s) and mailto stay (the UI asks before it
  opens a browser); a relative link to another lesson's .md file becomes `lesson:ID`;
  a relative link to another file inside the course becomes a file:// URL (the player
  opens only pictures, PDF and plain text from it: may_open_local_file); anything else
  (javascript:, files outside the course, ...) is dropped to plain text.
- Raw HTML written by an author goes through the same image and link rules (in nh3's
  attribute filter), and through the tag, attribute and style allowlists.

Nothing here imports Qt; tests/gui/test_render_in_qt.py checks that Qt shows the output.
"""

from __future__ import annotations

import html
import os
import posixpath
import re
import threading
import xml.etree.ElementTree as etree
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

import nh3
from markdown import Markdown
from markdown.treeprocessors import Treeprocessor

from course.model import Course, Lesson
from course.paths import resources_dir
from course.regions import filter_regions
from course.untrusted import MAX_MARKDOWN_BLOCK_COST, heaviest_markdown_block

if os.name == "nt":
    from nturl2path import url2pathname
else:
    # What urllib.request.url2pathname is on POSIX. Importing urllib.request for it pulled
    # in http.client, ssl and email (about 25-35 ms of imports) on the way to a lesson.

    def url2pathname(url: str) -> str:
        return unquote(url)


ADMONITION_KINDS = ("note", "tip", "warning", "pause", "example")

THEMES = ("light", "dark", "high-contrast")

STYLES_DIR = resources_dir() / "styles"

# Tags of Qt's rich-text subset that lesson prose can use. Anything else is stripped but
# its text kept; the tags in _CLEAN_CONTENT_TAGS are removed with everything inside them.
_TAGS = {
    "a", "abbr", "address", "b", "big", "blockquote", "br", "cite", "code", "dd", "del",
    "dfn", "div", "dl", "dt", "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img",
    "ins", "kbd", "li", "nobr", "ol", "p", "pre", "s", "samp", "small", "span", "strong",
    "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "tt", "u", "ul",
    "var",
}  # fmt: skip
_CLEAN_CONTENT_TAGS = {
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "form",
    "textarea", "select", "button", "noscript", "template", "svg", "math", "audio", "video",
    "canvas", "head", "title", "link", "meta", "base",
}  # fmt: skip
_BLOCK_TAGS = ("p", "div", "dl", "dt", "h1", "h2", "h3", "h4", "h5", "h6")
_BLOCK_ATTRIBUTES = {"align", "dir"}
_CELL_ATTRIBUTES = {"width", "bgcolor", "colspan", "rowspan", "align", "valign"}
_ATTRIBUTES: dict[str, set[str]] = {
    "*": {"class", "id", "title", "style"},
    "a": {"href", "name"},
    "img": {"src", "alt", "width", "height"},
    "table": {"border", "bgcolor", "cellspacing", "cellpadding", "width"},
    "td": _CELL_ATTRIBUTES,
    "th": _CELL_ATTRIBUTES,
    "ol": {"type", "start"},
    "ul": {"type"},
    **{tag: _BLOCK_ATTRIBUTES for tag in _BLOCK_TAGS},
}
# Inline style properties an author may set; none of them can load anything.
_STYLE_PROPERTIES = {
    "color", "background-color", "font-weight", "font-style", "font-size", "text-decoration",
    "text-align", "vertical-align",
}  # fmt: skip
_URL_SCHEMES = {"http", "https", "mailto", "lesson", "file"}
# The only kinds of course file a link may hand to the system: pictures, PDF and plain
# text, which open in a viewer. Anything else (.desktop, .exe, .bat, .html, .svg, ...)
# could run something, so the player refuses it (see may_open_local_file).
OPENABLE_LOCAL_SUFFIXES = frozenset(
    {".png", ".jpg", ".jpeg", ".gif", ".webp", ".bmp", ".pdf", ".txt"}
)
# A style value that could load something or smuggle it past the property filter.
_UNSAFE_STYLE = re.compile(r"url|image|expression|@import|\\", re.IGNORECASE)
_IMG_WITHOUT_SRC = re.compile(r"<img\b(?![^>]*\ssrc=)[^>]*>")
_ALT = re.compile(r'\salt="([^"]*)"')
_FONT_SIZE_PT = re.compile(r"(font-size:\s*)([0-9]+(?:\.[0-9]+)?)pt")


def render_markdown(
    markdown: str,
    *,
    course: Course,
    lesson: Lesson,
    course_root: Path | None,
    region: str | None = None,
) -> str:
    """Render one text step of `lesson` to an HTML document for QTextDocument.setHtml.

    `course_root` is the course folder on disk; None drops every local image (for a
    package that is not unpacked, or for validation). `region` is the learner's region
    code (course.regions): region blocks for other regions are left out; None shows all.
    The result is a whole `<html><body>` document so that `body` rules of
    `lesson_stylesheet()` apply.
    """
    markdown = filter_regions(markdown, region)
    return _RENDERER.render(markdown, _Context(course, lesson, course_root))


def may_open_local_file(path: str) -> bool:
    """Whether a linked course file is of a kind the player may hand to the system."""
    return posixpath.splitext(path.replace("\\", "/"))[1].lower() in OPENABLE_LOCAL_SUFFIXES


def lesson_stylesheet(theme: str = "light", text_scale: float = 1.0) -> str:
    """The CSS for QTextDocument.setDefaultStyleSheet: typography plus one colour theme.

    `theme` is one of THEMES; `text_scale` multiplies every font size (1.0 = as designed).
    Line length is not set here: Qt's rich text has no max-width, so the lesson view
    caps its own width (about 70 characters) instead.
    """
    if theme not in THEMES:
        raise ValueError(f"unknown lesson theme {theme!r}; expected one of {', '.join(THEMES)}")
    if not 0.5 <= text_scale <= 3.0:
        raise ValueError(f"text_scale must be between 0.5 and 3.0, got {text_scale!r}")
    css = _read_style("lesson.css") + "\n" + _read_style(f"lesson-{theme}.css")
    if text_scale == 1.0:
        return css
    return _FONT_SIZE_PT.sub(
        lambda m: f"{m.group(1)}{float(m.group(2)) * text_scale:.1f}pt",
        css,
    )


@lru_cache(maxsize=8)
def _read_style(name: str) -> str:
    return (STYLES_DIR / name).read_text(encoding="utf-8")


# --- where images and links may point ------------------------------------------------------


@dataclass(slots=True)
class _Context:
    """What one render call knows: the lesson's place in the course and on disk."""

    course: Course
    lesson: Lesson
    course_root: Path | None
    _real_root: str | None = None
    _images: dict[str, str | None] = field(default_factory=dict)
    _links: dict[str, str | None] = field(default_factory=dict)
    dropped_image: bool = False

    def __post_init__(self) -> None:
        if self.course_root is not None:
            self._real_root = os.path.realpath(self.course_root)

    def image(self, src: str) -> str | None:
        """A file:// URL for an image that may be shown, or None to drop it."""
        if src not in self._images:
            self._images[src] = self._image(src.strip())
        resolved = self._images[src]
        if resolved is None:
            self.dropped_image = True
        return resolved

    def link(self, href: str) -> str | None:
        """The href to keep (possibly rewritten to `lesson:ID`), or None to drop the link."""
        if href not in self._links:
            self._links[href] = self._link(href.strip())
        return self._links[href]

    def _image(self, src: str) -> str | None:
        parts = urlsplit(src)
        scheme = parts.scheme.lower()
        if scheme == "file":
            # Only our own output, a file:// URL inside the course, passes twice.
            return self._local_file(url2pathname(parts.path)) if not parts.netloc else None
        if scheme or parts.netloc or not parts.path:
            return None  # remote, data:, protocol-relative, or nothing at all
        return self._course_file(parts.path)

    def _link(self, href: str) -> str | None:
        if href.startswith("#"):
            return href if len(href) > 1 else None
        parts = urlsplit(href)
        scheme = parts.scheme.lower()
        if scheme == "lesson":
            return href if parts.path else None
        if scheme in ("http", "https"):
            return href if parts.netloc else None
        if scheme == "mailto":
            return href if parts.path else None
        if scheme == "file":
            return self._local_file(url2pathname(parts.path)) if not parts.netloc else None
        if scheme or parts.netloc or not parts.path:
            return None  # javascript:, data:, ftp:, protocol-relative, ...
        if parts.path.lower().endswith(".md"):
            return self._lesson_link(parts.path)
        return self._course_file(parts.path)

    def _lesson_link(self, path: str) -> str | None:
        relative = self._course_relative(path)
        target = self.course.lesson_by_path(relative) if relative else None
        return f"lesson:{target.id}" if target else None

    def _course_relative(self, path: str) -> str | None:
        """A URL path relative to the lesson, as a POSIX path relative to the course root."""
        path = unquote(path)
        if path.startswith("/") or "\\" in path or "\0" in path:
            return None  # absolute, or a Windows path: both leave the course by definition
        joined = posixpath.normpath(posixpath.join(str(self.lesson.folder), path))
        if joined == ".." or joined.startswith("../"):
            return None
        return joined

    def _course_file(self, path: str) -> str | None:
        relative = self._course_relative(path)
        if relative is None or self.course_root is None:
            return None
        return self._local_file(str(self.course_root / relative))

    def _local_file(self, path: str) -> str | None:
        """A file:// URL for `path` if its real path is a file inside the course root."""
        if self._real_root is None or "\0" in path:
            return None
        real = os.path.realpath(path)
        inside = real == self._real_root or real.startswith(self._real_root.rstrip(os.sep) + os.sep)
        if not inside or not os.path.isfile(real):
            return None
        return Path(real).as_uri()


# --- the renderer ----------------------------------------------------------------------------


class _QtTreeprocessor(Treeprocessor):
    """Rewrite the Markdown tree into what Qt shows: admonition tables, safe images and links."""

    def __init__(self, md: Markdown, renderer: _Renderer) -> None:
        super().__init__(md)
        self.renderer = renderer

    def run(self, root: etree.Element) -> None:
        context = self.renderer.context
        assert context is not None, "the renderer sets its context before converting"
        for element in list(root.iter()):
            if element.tag == "img":
                self._image(element, context)
            elif element.tag == "a":
                self._link(element, context)
            elif element.tag == "div" and "admonition" in element.get("class", "").split():
                self._admonition(element)
            elif element.tag == "table":
                # Qt draws no cell borders by default; the class lets the CSS add them.
                element.set("class", (element.get("class", "") + " data").strip())
                element.set("cellspacing", "0")
                element.set("cellpadding", "6")

    @staticmethod
    def _image(element: etree.Element, context: _Context) -> None:
        resolved = context.image(element.get("src", ""))
        if resolved is not None:
            element.set("src", resolved)
            return
        alt = element.get("alt", "")
        element.tag = "span"
        element.attrib.clear()
        element.set("class", "image-unavailable")
        element.text = alt

    @staticmethod
    def _link(element: etree.Element, context: _Context) -> None:
        href = element.get("href")
        if href is None:
            return  # an anchor (name=...), not a link
        resolved = context.link(href)
        if resolved is not None:
            element.set("href", resolved)
            return
        element.tag = "span"
        element.attrib.clear()

    @staticmethod
    def _admonition(element: etree.Element) -> None:
        classes = element.get("class", "").split()
        kind = next((c for c in classes if c in ADMONITION_KINDS), "note")
        children = list(element)
        text = element.text
        for child in children:
            element.remove(child)
        element.tag = "table"
        element.attrib.clear()
        element.attrib.update(
            {
                "class": f"admonition {kind}",
                "width": "100%",
                "cellspacing": "0",
                "cellpadding": "12",
                "border": "0",
            }
        )
        element.text = None
        row = etree.SubElement(element, "tr")
        cell = etree.SubElement(row, "td", {"class": f"admonition-body {kind}"})
        cell.text = text
        cell.extend(children)


class _Renderer:
    """One Markdown instance and one nh3 cleaner, built once and reused under a lock.

    Python-Markdown instances keep state between calls (footnotes, toc ids), so each
    call resets it, and the lock keeps two threads from sharing it at once.
    """

    def __init__(self) -> None:
        self.context: _Context | None = None
        self._lock = threading.Lock()
        self._markdown = Markdown(
            extensions=["extra", "admonition", "toc", "sane_lists"],
            output_format="html",
        )
        # After toc (5) and unescape (0), so hrefs and srcs are final when we see them.
        self._markdown.treeprocessors.register(_QtTreeprocessor(self._markdown, self), "qt", -1)
        self._cleaner = nh3.Cleaner(
            tags=_TAGS,
            clean_content_tags=_CLEAN_CONTENT_TAGS,
            attributes=_ATTRIBUTES,
            attribute_filter=self._filter_attribute,
            strip_comments=True,
            link_rel=None,
            url_schemes=_URL_SCHEMES,
            filter_style_properties=_STYLE_PROPERTIES,
        )

    def render(self, markdown_text: str, context: _Context) -> str:
        with self._lock:
            self.context = context
            try:
                self._markdown.reset()
                try:
                    if heaviest_markdown_block(markdown_text)[0] > MAX_MARKDOWN_BLOCK_COST:
                        # Python-Markdown would take minutes on it (validate reports it).
                        converted = _plain_paragraphs(markdown_text)
                    else:
                        converted = self._markdown.convert(markdown_text)
                except RecursionError:
                    # Nesting far deeper than validate allows (MAX_NESTING_DEPTH in
                    # course/loader.py) makes Python-Markdown recurse too far. The words
                    # are still worth showing, as plain paragraphs.
                    converted = _plain_paragraphs(markdown_text)
                cleaned = self._cleaner.clean(converted)
            finally:
                self.context = None
        if context.dropped_image:
            # Raw-HTML images lost their src in the attribute filter; show their alt text.
            cleaned = _IMG_WITHOUT_SRC.sub(_alt_span, cleaned)
        return f"<html><body>{cleaned}</body></html>"

    def _filter_attribute(self, tag: str, attribute: str, value: str) -> str | None:
        # nh3 reports exceptions from here as "unraisable" rather than raising them, so
        # this must not raise: every path returns a string or None.
        context = self.context
        if attribute == "style":
            return None if _UNSAFE_STYLE.search(value) else value
        if context is None:
            return value if attribute not in ("src", "href") else None
        if attribute == "src":
            return context.image(value) if tag == "img" else None
        if attribute == "href":
            return context.link(value) if tag == "a" else None
        return value


def _plain_paragraphs(text: str) -> str:
    return "".join(
        f"<p>{html.escape(block.strip())}</p>" for block in text.split("\n\n") if block.strip()
    )


def _alt_span(match: re.Match[str]) -> str:
    alt = _ALT.search(match.group(0))
    text = html.escape(html.unescape(alt.group(1))) if alt else ""
    return f'<span class="image-unavailable">{text}</span>'


_RENDERER = _Renderer()
