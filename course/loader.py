"""Read a course folder or .zip into the frozen model, reporting every problem as a Finding.

The loader never raises on content: a broken manifest, lesson or quiz becomes a Finding
with the file and line of the offending YAML key or Markdown block, and as much of the
course as can be trusted is still built. YAML is composed to nodes (with the C parser
when PyYAML has it) so every value keeps its line; Markdown is never rendered here,
only scanned with regular expressions, so validating a large course stays fast.

Lessons come from other people, so every scan is linear in the text whatever it holds:
no pattern can scan past the start of another match (link text stops at the next
bracket, a tag at the next '<'), and loops over lines jump to the next line. YAML
aliases are refused, so a short file cannot stand for a huge one.
"""

from __future__ import annotations

import bisect
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from course.feelings import VOCABULARY_FILE, Vocabulary, parse_vocabulary
from course.lesson_checks import estimate_minutes
from course.model import (
    MAX_SCALE_VALUE,
    MIN_SCALE_VALUE,
    Course,
    Finding,
    Lesson,
    LoadResult,
    Module,
    Option,
    PromptType,
    Question,
    QuestionType,
    Quiz,
    QuizStep,
    Reflection,
    ReflectPrompt,
    ReflectStep,
    Severity,
    Step,
    TextStep,
)
from course.package import (
    MANIFEST,
    Package,
    PackageError,
    PathOutsidePackage,
    UnsafePackage,
    normalize,
    open_package,
)
from course.suggest import did_you_mean, nearest
from course.untrusted import (
    MAX_MARKDOWN_BLOCK_COST,
    has_bidi,
    heaviest_markdown_block,
    strip_bidi,
)

SUPPORTED_FORMATS = frozenset({1})
LONG_LESSON_WORDS = 4000
MIN_ORDER_ITEMS, MAX_ORDER_ITEMS = 2, 8
# Lists and quotes inside each other, counted per line. Real lessons use three or four;
# hundreds make the renderer recurse too deeply. docs/course-format.md states it.
MAX_NESTING_DEPTH = 20

# The C parser when PyYAML was built with libyaml: several times faster, same nodes and marks.
_ComposeLoader: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_ID = re.compile(r"[a-z0-9][a-z0-9-]*")
_TAG = "tag:yaml.org,2002:"
_STR, _INT, _FLOAT, _BOOL, _NULL = (_TAG + t for t in ("str", "int", "float", "bool", "null"))
# A fence line: up to three spaces, then ``` or ~~~ (3 or more), then an info string.
# The info string is group 2 with spaces and tabs around it (see _info): a lazy group
# followed by [ \t]*$ would scan a line of spaces once per character.
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})([^\n]*)", re.M)
_NEWLINE = re.compile("\n")
_FRONT_END = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.M)
# Link text, targets and titles never run past a character that starts another link
# ('[', '<', '('): otherwise "[" * n would scan to the end of the line n times. Link
# text with brackets inside ("[a [b] c](x)") is therefore checked as the inner link.
_TITLE = r"""(?:\s+(?:"[^"\n]*"|'[^'\n]*'|\([^()\n]*\)))?"""
_TARGET = r"(<[^<>\n]*>|[^\s()]*+(?:\([^\s()]*+\)[^\s()]*+)*+)"
_LINK_TEXT = r"\[([^\[\]\n]*)\]"
_MD_IMAGE = re.compile(r"!" + _LINK_TEXT + r"\(\s*" + _TARGET + _TITLE + r"\s*\)")
# No look-behind for "!" here: it would cost the literal-prefix speed-up; callers check it.
_MD_LINK = re.compile(_LINK_TEXT + r"\(\s*" + _TARGET + _TITLE + r"\s*\)")
# `[text](lesson:Some Title)`: a title written where the id belongs. _MD_LINK does not
# match it (a target has no spaces), so it is looked for on its own.
# (`](<lesson:Some Title>)` is a target _MD_LINK reads, so it is not matched here.)
# One character class up to a ')' it cannot hold: linear, whatever the line.
_LESSON_BY_TITLE = re.compile(r"\]\(\s*(lesson:[^()<>\"'\n]*)\)")
_MD_REF_IMAGE = re.compile(r"!" + _LINK_TEXT + _LINK_TEXT)
_MD_REF_DEF = re.compile(r"^ {0,3}\[([^\]\n]+)\]:[ \t]*<?([^\s>]+)>?", re.M)
# A tag ends at the next '<' too, so "<img " * n stays linear.
_HTML_IMG = re.compile(r"<img\b[^<>]*>", re.I)
_HTML_A = re.compile(r"<a\b[^<>]*>", re.I)
# Names start only after a non-name character, and unquoted values stop at '=' (HTML
# forbids it there), so a run of letters or of "a=a=a" is scanned once.
_ATTR = re.compile(
    r"(?<![a-zA-Z-])([a-zA-Z-]++)\s*=\s*" + r"""(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))"""
)
# The start of a line that may nest: spaces, tabs and '>' quote markers.
_NEST_PREFIX = re.compile(r"^[ \t>]+", re.M)
_LIST_MARKER = re.compile(r"(?:[-*+]|[0-9]{1,9}[.)])(?:[ \t]|$)")
_INLINE_CODE = re.compile(r"`[^`\n]+`")
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]+):")
_ADMONITION = re.compile(r"^ {0,3}!!![ \t]+([^\s\"]+)", re.M)
ADMONITION_KINDS = frozenset({"note", "tip", "warning", "pause", "example"})
# Raw HTML the renderer removes: worth a warning so the author is not surprised.
_REMOVED_HTML = re.compile(r"<(script|iframe|frame|frameset|form|object|embed|style)\b", re.I)

_COURSE_KEYS = frozenset(
    {
        "format",
        "id",
        "version",
        "title",
        "summary",
        "language",
        "authors",
        "license",
        "content_note",
        "pass_ratio",
        "help_lesson",
        "modules",
    }
)
_MODULE_KEYS = frozenset({"id", "title", "summary", "lessons"})
_LESSON_KEYS = frozenset({"id", "title", "minutes", "objectives", "content_note"})
_QUIZ_KEYS = frozenset({"id", "pass_ratio", "questions"})
_QUESTION_KEYS = frozenset(
    {"id", "type", "prompt", "explanation", "options", "answer", "items", "shuffle", "feedback"}
)
_QUESTION_TYPE_KEYS = {
    QuestionType.SINGLE: "options",
    QuestionType.MULTIPLE: "options",
    QuestionType.TRUE_FALSE: "answer",
    QuestionType.ORDER: "items",
}
_OPTION_KEYS = frozenset({"text", "correct", "feedback"})
_ITEM_KEYS = frozenset({"text", "feedback"})
# The keys of a true_false question's `feedback:`, and the answer each stands for.
_TRUE_FALSE_FEEDBACK_KEYS = {"true": True, "false": False}
# Where each question type takes its feedback, for the "no feedback" warning.
_FEEDBACK_HINT = {
    QuestionType.SINGLE: "'feedback:' on its options",
    QuestionType.MULTIPLE: "'feedback:' on its options",
    QuestionType.TRUE_FALSE: "'feedback:' with 'true:' and 'false:' under it",
    QuestionType.ORDER: "'feedback:' on its items",
}
_REFLECT_KEYS = frozenset({"id", "prompts"})
_PROMPT_KEYS = frozenset(
    {"id", "type", "prompt", "min", "max", "labels", "scenario", "model_answer", "picks"}
)
# The keys each prompt type uses beyond id, type and prompt; others get a warning.
_PROMPT_TYPE_KEYS = {
    PromptType.TEXT: frozenset(),
    PromptType.SCALE: frozenset({"min", "max", "labels"}),
    PromptType.FEELINGS: frozenset({"picks"}),
    PromptType.PERSPECTIVE: frozenset({"scenario", "model_answer"}),
}
MAX_FEELING_PICKS = 10

_constructor = SafeConstructor()


def load_course(path: str | os.PathLike[str]) -> LoadResult:
    """Load and validate the course at `path` (a folder, a .zip, or a course.yaml file)."""
    try:
        package = open_package(path)
    except PackageError as error:
        return LoadResult(None, (Finding(os.fspath(path), 0, Severity.ERROR, str(error)),))
    with package:
        return load_package(package)


def load_package(package: Package) -> LoadResult:
    """Load and validate an already opened package."""
    loader = _Loader(package)
    try:
        course = loader.run()
    except Exception as error:  # a loader bug must not crash the app; tests assert it never fires
        loader.error(
            MANIFEST,
            0,
            "Bridgework could not finish checking this course because of a fault in "
            f"Bridgework itself ({error!r}); please report it with this course",
        )
        course = None
    return LoadResult(course, tuple(loader.findings))


@dataclass
class _Map:
    """A YAML mapping node as key -> (key node, value node), for values with line numbers."""

    node: MappingNode
    items: dict[str, tuple[Node, Node]] = field(default_factory=dict)

    def get(self, key: str) -> Node | None:
        pair = self.items.get(key)
        return pair[1] if pair else None

    def key_node(self, key: str) -> Node | None:
        pair = self.items.get(key)
        return pair[0] if pair else None


@dataclass
class _Block:
    """A ```quiz or ```reflect block found in a lesson body."""

    kind: str
    line: int  # line of the opening fence, in the lesson file
    yaml_text: str
    closed: bool


@dataclass
class _LinkRef:
    file: str
    line: int
    target: str
    folder: str


class _Loader:
    """One load: walks the manifest and lessons, collecting findings as it goes."""

    def __init__(self, package: Package) -> None:
        self.package = package
        self.findings: list[Finding] = []
        self.error_count = 0
        # Where each id was first seen, for "already used by FILE:LINE" messages.
        self.lesson_ids: dict[str, tuple[str, int]] = {}
        self.quiz_ids: dict[str, tuple[str, int]] = {}
        self.reflect_ids: dict[str, tuple[str, int]] = {}
        self.links: list[_LinkRef] = []
        # Per lesson: whether too deep a line was reported, and its reference definitions.
        self.deep_reported = self.heavy_reported = False
        self.ref_defs: dict[str, str] | None = None
        self.pass_ratio = 0.7
        # Per-file state while checking one YAML document.
        self.file = MANIFEST
        self.offset = 0

    # -- reporting ---------------------------------------------------------------------

    def error(self, file: str, line: int, message: str) -> None:
        self.error_count += 1
        self.findings.append(Finding(file, line, Severity.ERROR, _printable(message)))

    def warning(self, file: str, line: int, message: str) -> None:
        self.findings.append(Finding(file, line, Severity.WARNING, _printable(message)))

    def line(self, node: Node | None) -> int:
        # No node (an empty document): point at the document's first line.
        return node.start_mark.line + 1 + self.offset if node is not None else self.offset + 1

    def err(self, node: Node | None, message: str) -> None:
        self.error(self.file, self.line(node), message)

    def warn(self, node: Node | None, message: str) -> None:
        self.warning(self.file, self.line(node), message)

    # -- YAML helpers ------------------------------------------------------------------

    def compose(self, text: str, what: str) -> tuple[bool, Node | None]:
        """Compose YAML to a node tree: (False, None) after reporting a syntax error."""
        try:
            root = yaml.compose(text, Loader=_ComposeLoader)
        except yaml.MarkedYAMLError as error:
            explanation, at_context = _explain_yaml(error.problem or error.context or "")
            mark = error.problem_mark
            if (at_context and error.context_mark is not None) or mark is None:
                mark = error.context_mark  # where the unfinished thing began
            line = mark.line + 1 + self.offset if mark is not None else self.offset + 1
            self.error(self.file, line, f"YAML syntax error in {what}: {explanation}")
            return False, None
        except (yaml.YAMLError, ValueError, RecursionError) as error:
            self.error(self.file, self.offset + 1, f"YAML syntax error in {what}: {error}")
            return False, None
        aliased = _first_alias(root)
        if aliased is not None:
            # One finding for the whole document: expanding it could mean millions.
            self.err(
                aliased,
                f"{what} uses a YAML alias ('&name' and '*name'), which Bridgework does not "
                "read; write each entry out in full",
            )
            return False, None
        return True, root

    def mapping(self, node: Node | None, what: str, allowed: frozenset[str] | None) -> _Map | None:
        """The mapping at `node`, warning about keys not in `allowed` (None: check later)."""
        if not isinstance(node, MappingNode):
            self.err(node, f"{what} should be a set of 'key: value' lines; {_found(node)}")
            return None
        result = _Map(node)
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                self.err(key_node, f"{what} has a key that is not a plain word")
                continue
            key = str(key_node.value)
            if key in result.items:
                first = self.line(result.items[key][0])
                self.err(
                    key_node,
                    f"key '{key}' appears twice in {what} (also on line {first}); keep only one",
                )
                continue
            result.items[key] = (key_node, value_node)
        if allowed is not None:
            self.unknown_keys(result, allowed, what)
        return result

    def unknown_keys(self, m: _Map, allowed: frozenset[str], what: str) -> None:
        for key, (key_node, _) in m.items.items():
            if key not in allowed:
                close = nearest(str(key), allowed, limit=1)
                hint = f"; did you mean '{close[0]}'?" if close else ""
                self.warn(key_node, f"unknown key '{key}' in {what} (ignored){hint}")

    def required(self, m: _Map, key: str, what: str, hint: str = "") -> Node | None:
        node = m.get(key)
        if node is None or _is_null(node):
            where = m.key_node(key) or m.node
            self.err(where, f"{what} needs '{key}:'{hint}")
            return None
        return node

    def text(
        self, m: _Map, key: str, what: str, *, required: bool = False, hint: str = ""
    ) -> str | None:
        node = self.required(m, key, what, hint) if required else m.get(key)
        if node is None or _is_null(node):
            return None
        if not isinstance(node, ScalarNode):
            self.err(node, f"'{key}' of {what} should be text; {_found(node)}")
            return None
        value = self.without_bidi(node, str(node.value), f"'{key}' of {what}")
        if required and not value.strip():
            self.err(node, f"'{key}' of {what} is empty; write the {key} after '{key}:'")
            return None
        return value

    def without_bidi(self, node: Node, value: str, what: str) -> str:
        """`value` without characters that reorder text (they could fake a name or a label)."""
        if not has_bidi(value):
            return value
        self.warn(
            node,
            f"{what} holds invisible characters that change the direction of text "
            "(U+202A to U+202E, U+2066 to U+2069, U+200E, U+200F or U+061C); they were removed",
        )
        return strip_bidi(value)

    def ident(self, m: _Map, what: str) -> str | None:
        node = self.required(m, "id", what, ", a short name like 'shame-and-guilt'")
        if node is None:
            return None
        if not isinstance(node, ScalarNode):
            self.err(node, f"the id of {what} should be text; {_found(node)}")
            return None
        value = str(node.value)
        if not _ID.fullmatch(value):
            self.err(
                node,
                f"id '{value}' of {what} may use only lower-case letters, digits and '-', "
                "and must start with a letter or digit (for example 'shame-and-guilt')",
            )
            return None
        return value

    def integer(self, m: _Map, key: str, what: str) -> int | None:
        node = m.get(key)
        if node is None or _is_null(node):
            return None
        if isinstance(node, ScalarNode) and node.tag == _INT:
            try:
                return int(_constructor.construct_yaml_int(node))
            except ValueError:
                pass
        self.err(node, f"'{key}' of {what} should be a whole number; {_found(node)}")
        return None

    def ratio(self, m: _Map, key: str, what: str) -> float | None:
        node = m.get(key)
        if node is None or _is_null(node):
            return None
        value: float | None = None
        if isinstance(node, ScalarNode) and node.tag in (_INT, _FLOAT):
            try:
                value = float(
                    _constructor.construct_yaml_int(node)
                    if node.tag == _INT
                    else _constructor.construct_yaml_float(node)
                )
            except ValueError:
                value = None
        if value is None:
            self.err(node, f"'{key}' of {what} should be a number like 0.7; {_found(node)}")
            return None
        if not 0 < value <= 1:
            self.err(
                node,
                f"'{key}' of {what} is {node.value}; it must be more than 0 and at most 1 "
                "(0.7 means 70% of the points)",
            )
            return None
        return value

    def boolean(self, node: Node, key: str, what: str) -> bool | None:
        if isinstance(node, ScalarNode) and node.tag == _BOOL:
            return bool(_constructor.construct_yaml_bool(node))
        self.err(node, f"'{key}' of {what} should be true or false (no quotes); {_found(node)}")
        return None

    def sequence(self, m: _Map, key: str, what: str, *, required: bool) -> list[Node] | None:
        node = self.required(m, key, what) if required else m.get(key)
        if node is None or _is_null(node):
            return None
        if not isinstance(node, SequenceNode):
            self.err(
                node,
                f"'{key}' of {what} should be a list (lines starting with '- '); {_found(node)}",
            )
            return None
        if required and not node.value:
            self.err(node, f"'{key}' of {what} is empty; it needs at least one entry")
            return None
        return list(node.value)

    def text_list(self, m: _Map, key: str, what: str) -> tuple[str, ...]:
        items = self.sequence(m, key, what, required=False) or []
        values: list[str] = []
        for item in items:
            if isinstance(item, ScalarNode) and item.tag != _NULL:
                values.append(self.without_bidi(item, str(item.value), f"an entry of '{key}'"))
            else:
                self.err(item, f"each entry of '{key}' in {what} should be text; {_found(item)}")
        return tuple(values)

    def unique(self, seen: dict[str, tuple[str, int]], value: str, node: Node, kind: str) -> bool:
        if value in seen:
            file, line = seen[value]
            self.err(
                node,
                f"{kind} id '{value}' is already used at {file}:{line}; "
                f"every {kind} needs its own id",
            )
            return False
        seen[value] = (self.file, self.line(node))
        return True

    # -- the course ----------------------------------------------------------------------

    def run(self) -> Course | None:
        text = self.read_text(MANIFEST, None)
        if text is None:
            return None
        self.file, self.offset = MANIFEST, 0
        ok, root = self.compose(text, MANIFEST)
        if not ok:
            return None
        if root is None:
            self.error(
                MANIFEST,
                1,
                "course.yaml is empty; it needs at least format, id, "
                "version, title and modules (see the course format)",
            )
            return None
        m = self.mapping(root, "course.yaml", _COURSE_KEYS)
        if m is None:
            return None

        fmt_node = self.required(m, "format", "course.yaml", " (write 'format: 1')")
        fmt = 1
        if fmt_node is not None:
            value = self.integer(m, "format", "course.yaml")
            if value is not None and value not in SUPPORTED_FORMATS:
                self.err(
                    fmt_node,
                    f"unknown format {value}; this version of Bridgework reads format 1 "
                    "(a newer Bridgework may be needed)",
                )
                return None
        course_id = self.ident(m, "the course")
        version = "0"
        version_node = self.required(m, "version", "course.yaml", ', like version: "1.0.0"')
        if version_node is not None:
            if isinstance(version_node, ScalarNode) and version_node.tag == _STR:
                version = str(version_node.value).strip() or version
                if not version_node.value.strip():
                    self.err(version_node, 'version is empty; write one like version: "1.0.0"')
            else:
                self.err(
                    version_node,
                    f'version should be text in quotes, like version: "{_raw(version_node)}"; '
                    f"{_found(version_node)}",
                )
        title = self.text(m, "title", "course.yaml", required=True, hint=" (shown in the library)")
        summary = self.text(m, "summary", "course.yaml")
        language = self.text(m, "language", "course.yaml") or "en"
        authors_node = m.get("authors")
        authors: tuple[str, ...] = ()
        if isinstance(authors_node, ScalarNode) and authors_node.tag == _STR:
            # One author written without a list is fine.
            authors = (self.without_bidi(authors_node, str(authors_node.value), "'authors'"),)
        else:
            authors = self.text_list(m, "authors", "course.yaml")
        license_ = self.text(m, "license", "course.yaml")
        content_note = self.text(m, "content_note", "course.yaml")
        self.pass_ratio = self.ratio(m, "pass_ratio", "course.yaml") or 0.7
        help_lesson = self.text(m, "help_lesson", "course.yaml")

        modules: list[Module] = []
        module_ids: dict[str, tuple[str, int]] = {}
        lesson_paths: dict[str, int] = {}
        for index, module_node in enumerate(
            self.sequence(m, "modules", "course.yaml", required=True) or [], start=1
        ):
            self.file, self.offset = MANIFEST, 0
            module = self.module(module_node, index, module_ids, lesson_paths)
            if module is not None:
                modules.append(module)

        titles = {lesson.title: lesson.id for module in modules for lesson in module.lessons}
        self.check_links(set(lesson_paths), titles)
        if help_lesson is not None and help_lesson not in self.lesson_ids:
            self.file, self.offset = MANIFEST, 0
            self.err(m.get("help_lesson"), _unknown_help_lesson(help_lesson, titles))
            help_lesson = None
        feelings = self.feelings_vocabulary()
        if course_id is None:
            return None
        return Course(
            id=course_id,
            version=version,
            title=title or course_id,
            modules=tuple(modules),
            format=fmt,
            summary=summary,
            language=language,
            authors=authors,
            license=license_,
            content_note=content_note,
            pass_ratio=self.pass_ratio,
            feelings=feelings,
            help_lesson=help_lesson,
        )

    def feelings_vocabulary(self) -> Vocabulary | None:
        """The course's own feelings.yaml, if it has one (else the app's vocabulary is used)."""
        if not self.package.is_file(VOCABULARY_FILE):
            return None
        text = self.read_text(VOCABULARY_FILE, None)
        if text is None:
            return None
        vocabulary, findings = parse_vocabulary(text, VOCABULARY_FILE)
        for finding in findings:
            report = self.error if finding.severity is Severity.ERROR else self.warning
            report(finding.file, finding.line, finding.message)
        return vocabulary

    def module(
        self,
        node: Node,
        index: int,
        module_ids: dict[str, tuple[str, int]],
        lesson_paths: dict[str, int],
    ) -> Module | None:
        what = f"module {index}"
        m = self.mapping(node, what, None)
        if m is None:
            return None
        module_id = self.ident(m, what)
        if module_id is not None:
            what = f"module '{module_id}'"
            id_node = m.get("id")
            assert id_node is not None
            if not self.unique(module_ids, module_id, id_node, "module"):
                module_id = None
        self.unknown_keys(m, _MODULE_KEYS, what)
        title = self.text(m, "title", what, required=True)
        summary = self.text(m, "summary", what)
        lessons: list[Lesson] = []
        for entry in self.sequence(m, "lessons", what, required=True) or []:
            self.file, self.offset = MANIFEST, 0
            if not isinstance(entry, ScalarNode) or entry.tag == _NULL:
                self.err(entry, f"each lesson of {what} should be a file path; {_found(entry)}")
                continue
            lesson = self.lesson_entry(str(entry.value), entry, lesson_paths)
            if lesson is not None:
                lessons.append(lesson)
        if module_id is None:
            return None
        return Module(
            id=module_id, title=title or module_id, lessons=tuple(lessons), summary=summary
        )

    def lesson_entry(self, raw: str, node: Node, lesson_paths: dict[str, int]) -> Lesson | None:
        path = normalize(raw)
        if path is None or not self.package.inside(path):
            self.err(
                node,
                f"lesson file '{raw}' is outside the course folder; lessons must be inside it, "
                "written relative to course.yaml",
            )
            return None
        if path in lesson_paths:
            self.err(
                node,
                f"lesson file '{raw}' is listed twice (also on line "
                f"{lesson_paths[path]}); list each lesson once",
            )
            return None
        lesson_paths[path] = self.line(node)
        text = self.read_text(path, node)
        if text is None:
            return None
        return self.lesson(path, text)

    def read_text(self, path: str, node: Node | None) -> str | None:
        """A file's text, or None after reporting why it cannot be read."""
        line = self.line(node)
        try:
            data = self.package.read_bytes(path)
        except FileNotFoundError:
            if node is None:
                self.error(
                    path,
                    0,
                    f"there is no {path} here; a course folder needs one at its "
                    "top (see the course format)",
                )
            else:
                self.error(
                    MANIFEST,
                    line,
                    f"lesson file '{path}' is missing; check the spelling "
                    "and that the file is inside the course folder",
                )
            return None
        except PathOutsidePackage:
            self.error(MANIFEST, line, f"'{path}' leads outside the course folder")
            return None
        except UnsafePackage as error:
            self.error(path, 0, f"{error}; this package cannot be used safely")
            return None
        except OSError as error:
            reason = error.strerror or str(error)
            self.error(
                path,
                0,
                f"the file cannot be read ({reason}); check that it is a readable file, "
                "or make the package again",
            )
            return None
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            bad_line = data.count(b"\n", 0, error.start) + 1
            self.error(
                path,
                bad_line,
                f"the file is not UTF-8 text (byte 0x{data[error.start]:02x} at line {bad_line}); "
                "save it as UTF-8 in your editor",
            )
            return None
        return text.removeprefix("\ufeff")

    # -- lessons -----------------------------------------------------------------------

    def lesson(self, path: str, text: str) -> Lesson | None:
        self.file, self.offset = path, 0
        if "\r" in text:  # Windows or old Mac line endings: same lines, simpler scanning
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        if not text.startswith("---"):
            self.error(
                path,
                1,
                "the lesson has no front matter; start the file with a line '---', "
                "then 'id:' and 'title:', then another '---'",
            )
            return None
        first_nl = text.find("\n")
        if first_nl < 0 or text[:first_nl].rstrip() != "---":
            self.error(path, 1, "the first line should be exactly '---' to open the front matter")
            return None
        end = _FRONT_END.search(text, first_nl + 1)
        if end is None:
            self.error(path, 1, "the front matter is never closed; add a line '---' after it")
            return None
        front = text[first_nl + 1 : end.start()]
        body_start = text.find("\n", end.end())
        body = "" if body_start < 0 else text[body_start + 1 :]
        body_line = text.count("\n", 0, end.end()) + 2  # line number of body[0]

        self.offset = 1
        ok, root = self.compose(front, "the front matter")
        m = self.mapping(root, "the front matter", _LESSON_KEYS) if ok else None
        lesson_id = title = content_note = None
        minutes: int | None = None
        objectives: tuple[str, ...] = ()
        if m is not None:
            lesson_id = self.ident(m, "the lesson")
            id_node = m.get("id")
            if (
                lesson_id is not None
                and id_node is not None
                and not self.unique(self.lesson_ids, lesson_id, id_node, "lesson")
            ):
                lesson_id = None
            title = self.text(m, "title", "the lesson", required=True)
            minutes = self.integer(m, "minutes", "the lesson")
            if minutes is not None and minutes < 1:
                self.err(
                    m.get("minutes"),
                    "'minutes' should be 1 or more (or left out to have "
                    "it computed from the number of words)",
                )
                minutes = None
            objectives = self.text_list(m, "objectives", "the lesson")
            content_note = self.text(m, "content_note", "the lesson")

        # The body is checked even when the front matter is broken, so an author sees
        # every problem in one run rather than one at a time.
        steps, words = self.body(path, body, body_line)
        if words > LONG_LESSON_WORDS:
            self.warning(
                path,
                body_line,
                f"the lesson is {words} words long; lessons over "
                f"{LONG_LESSON_WORDS} words are hard to take in at once: consider "
                "splitting it in two",
            )
        if not steps:
            self.warning(path, body_line, "the lesson has no text and no quiz or reflect block")
        if lesson_id is None:
            return None
        return Lesson(
            id=lesson_id,
            title=title or lesson_id,
            path=path,
            minutes=minutes or estimate_minutes(words, steps),
            steps=tuple(steps),
            objectives=objectives,
            content_note=content_note,
            word_count=words,
        )

    def body(self, path: str, body: str, body_line: int) -> tuple[list[Step], int]:
        steps: list[Step] = []
        words = 0
        folder = path.rpartition("/")[0]
        prose_start = 0  # where the current run of prose began, in body
        scan_from = 0  # prose outside any fenced block is scanned for images and links
        # Where every line starts, so any position's line is a binary search away, in any
        # order: the scans jump back to the start of each stretch of prose.
        newlines = [m.start() for m in _NEWLINE.finditer(body)]

        def line_at(pos: int) -> int:
            return body_line + bisect.bisect_left(newlines, pos)

        def add_prose(end: int) -> None:
            nonlocal words
            chunk = body[prose_start:end]
            if chunk.strip():
                steps.append(TextStep(chunk, line_at(prose_start)))
                words += len(chunk.split())
                cost, at = heaviest_markdown_block(chunk)
                if cost > MAX_MARKDOWN_BLOCK_COST and not self.heavy_reported:
                    self.heavy_reported = True
                    self.error(
                        path,
                        line_at(prose_start + at),
                        "this paragraph is too long for the number of '[' and '<' in it to be "
                        "shown quickly (it would be shown as plain text); split it into "
                        "shorter paragraphs, or close the brackets and tags",
                    )

        self.deep_reported = self.heavy_reported = False
        self.ref_defs = None
        fences = iter(_fence_lines(body))
        for match in fences:
            fence, info = match.group(1), _info(match)
            kind = info.split(None, 1)[0].lower() if info else ""
            if fence[0] == "`" and "`" in info:
                continue  # not a fence: backtick fences cannot have backticks in the info
            self.scan_prose(path, folder, body, scan_from, match.start(), line_at)
            close = None
            for candidate in fences:
                c_fence = candidate.group(1)
                if c_fence[0] == fence[0] and len(c_fence) >= len(fence) and not _info(candidate):
                    close = candidate
                    break
            scan_from = close.end() if close else len(body)
            if kind not in ("quiz", "reflect"):
                continue  # an ordinary code block stays part of the prose
            open_line = line_at(match.start())
            add_prose(match.start())
            content_start = min(match.end() + 1, len(body))
            content_end = close.start() if close else len(body)
            block = _Block(kind, open_line, body[content_start:content_end], close is not None)
            prose_start = min(close.end() + 1, len(body)) if close else len(body)
            step = self.block(block)
            if step is not None:
                steps.append(step)
        self.scan_prose(path, folder, body, scan_from, len(body), line_at)
        add_prose(len(body))
        return steps, words

    # -- images and links --------------------------------------------------------------

    def scan_prose(
        self,
        path: str,
        folder: str,
        body: str,
        start: int,
        end: int,
        line_at: Callable[[int], int],
    ) -> None:
        if start >= end:
            return
        text = body[start:end]
        if not self.deep_reported:
            self.check_nesting(path, text, start, line_at)
        if "](" not in text and "<" not in text and "][" not in text and "!!!" not in text:
            return
        if "`" in text:  # inline code shows syntax, it does not use it
            text = _INLINE_CODE.sub(lambda m: " " * len(m.group(0)), text)
        if "![" in text:
            for match in _MD_IMAGE.finditer(text):
                self.image(
                    path,
                    folder,
                    line_at(start + match.start()),
                    _target(match.group(2)),
                    match.group(1),
                )
            if "][" in text:
                if self.ref_defs is None:  # once per lesson, not once per stretch of prose
                    self.ref_defs = {k.lower(): v for k, v in _MD_REF_DEF.findall(body)}
                refs = self.ref_defs
                for match in _MD_REF_IMAGE.finditer(text):
                    key = (match.group(2) or match.group(1)).lower()
                    if key in refs:
                        self.image(
                            path, folder, line_at(start + match.start()), refs[key], match.group(1)
                        )
        if "](" in text:
            for match in _MD_LINK.finditer(text):
                if match.start() and text[match.start() - 1] in "!\\":
                    continue  # an image, or an escaped bracket
                self.links.append(
                    _LinkRef(path, line_at(start + match.start()), _target(match.group(2)), folder)
                )
            if "](lesson:" in text:
                for match in _LESSON_BY_TITLE.finditer(text):
                    target = match.group(1).strip()
                    if any(c.isspace() for c in target):  # no space: _MD_LINK has it
                        at_line = line_at(start + match.start())
                        self.links.append(_LinkRef(path, at_line, target, folder))
        at = text.find("!!!")
        while at >= 0:  # str.find, not a multi-line regex: see _fence_lines
            box = _ADMONITION.match(text, text.rfind("\n", 0, at) + 1)
            if box and box.group(1).lower() not in ADMONITION_KINDS:
                self.warning(
                    path,
                    line_at(start + box.start()),
                    f"'!!! {box.group(1)}' is not a kind of box the player shows; use "
                    "note, tip, warning, pause or example",
                )
            if box:
                self.check_box_body(path, text, box, start, line_at)
            line_end = text.find("\n", at)  # one box per line: go on from the next line
            at = text.find("!!!", line_end) if line_end >= 0 else -1
        if "<" in text:
            lowered = text.lower()
            for match in _REMOVED_HTML.finditer(text):
                self.warning(
                    path,
                    line_at(start + match.start()),
                    f"<{match.group(1).lower()}> is removed when the lesson is shown; "
                    "lessons can only use simple HTML",
                )
            if "<img" in lowered:
                for match in _HTML_IMG.finditer(text):
                    attrs = _attrs(match.group(0))
                    self.image(
                        path,
                        folder,
                        line_at(start + match.start()),
                        attrs.get("src", ""),
                        attrs.get("alt"),
                    )
            if "<a" in lowered:
                for match in _HTML_A.finditer(text):
                    href = _attrs(match.group(0)).get("href")
                    if href is not None:
                        self.links.append(
                            _LinkRef(path, line_at(start + match.start()), href.strip(), folder)
                        )

    def check_box_body(
        self, path: str, text: str, box: re.Match[str], start: int, line_at: Callable[[int], int]
    ) -> None:
        """Warn when the text under a '!!! kind' line is not indented by 4 spaces.

        Markdown keeps only lines indented 4 spaces (beyond the '!!!' line's own) inside
        the box; text indented less silently falls out of it and shows as ordinary prose.
        """
        box_indent = len(box.group(0)) - len(box.group(0).lstrip(" "))
        line_end = text.find("\n", box.start())
        while 0 <= line_end < len(text):
            next_end = text.find("\n", line_end + 1)
            line = text[line_end + 1 : next_end if next_end >= 0 else len(text)]
            if line.strip():
                expanded = line.expandtabs(4)
                indent = len(expanded) - len(expanded.lstrip(" "))
                blank_before = text[box.start() : line_end].count("\n") > 0
                if box_indent < indent < box_indent + 4 or (
                    indent == box_indent and not blank_before
                ):
                    self.warning(
                        path,
                        line_at(start + line_end + 1),
                        f"the text under '!!! {box.group(1)}' is indented {indent} "
                        f"space{'' if indent == 1 else 's'}, so it falls out of the box and "
                        f"shows as ordinary text; indent it by {box_indent + 4} spaces",
                    )
                return
            line_end = next_end

    def check_nesting(
        self, path: str, text: str, start: int, line_at: Callable[[int], int]
    ) -> None:
        """One error for the first line nested deeper than MAX_NESTING_DEPTH, if any."""
        for match in _NEST_PREFIX.finditer(text):
            prefix = match.group()
            if len(prefix) < MAX_NESTING_DEPTH:
                continue  # each level needs at least one character of the prefix
            depth = _nesting_depth(prefix, text, match.end())
            if depth > MAX_NESTING_DEPTH:
                self.deep_reported = True
                self.error(
                    path,
                    line_at(start + match.start()),
                    f"this line is nested {depth} levels deep (lists or quotes inside each "
                    f"other); Bridgework shows at most {MAX_NESTING_DEPTH} levels, so "
                    "please flatten it",
                )
                return

    def image(self, path: str, folder: str, line: int, src: str, alt: str | None) -> None:
        src = src.strip()
        scheme = _scheme(src)
        if scheme in ("http", "https") or src.startswith("//"):
            self.error(
                path,
                line,
                f"image '{src}' is on the internet; Bridgework never fetches "
                "anything, so put the image file in the course folder and refer to it "
                "relative to the lesson",
            )
            return
        if scheme == "data":
            pass  # embedded in the lesson itself: nothing to fetch or find
        elif not src:
            self.error(path, line, "image has no file name between the ( )")
        else:
            self.asset(path, folder, line, src, "image")
        if not (alt or "").strip():
            self.warning(
                path,
                line,
                f"image '{src[:60]}' has no alt text; describe it between "
                "the [ ] so people using a screen reader get it too",
            )

    def asset(self, path: str, folder: str, line: int, target: str, what: str) -> str | None:
        """Check a relative file reference; return its course-relative path when it is fine."""
        clean = unquote(target.split("#", 1)[0].split("?", 1)[0])
        scheme = _scheme(clean)
        resolved = None if scheme else normalize(clean, folder)
        if resolved is None or not self.package.inside(resolved):
            self.error(
                path,
                line,
                f"{what} '{target}' is outside the course folder; put the "
                "file inside the course folder and refer to it relative to the lesson",
            )
            return None
        if not self.package.is_file(resolved):
            self.error(
                path,
                line,
                f"{what} '{target}' is missing (looked for {resolved}); "
                "check the spelling and the folder",
            )
            return None
        return resolved

    def check_links(self, lesson_paths: set[str], titles: dict[str, str]) -> None:
        """Check every link found; `titles` maps each lesson's title to its id."""
        lesson_ids = set(self.lesson_ids)
        for link in self.links:
            target = link.target
            scheme = _scheme(target)
            if not target or target.startswith("#") or scheme in ("http", "https", "mailto"):
                continue
            if scheme == "lesson":
                lesson_id = target[len("lesson:") :].split("#", 1)[0]
                if lesson_id not in lesson_ids:
                    self.error(
                        link.file, link.line, _unknown_lesson_link(target, lesson_id, titles)
                    )
                continue
            if scheme is not None:
                self.warning(
                    link.file,
                    link.line,
                    f"link '{target}' uses '{scheme}:', which the "
                    "player does not open; use http(s):, mailto: or lesson:ID",
                )
                continue
            lexical = normalize(unquote(target.split("#", 1)[0].split("?", 1)[0]), link.folder)
            if lexical is not None and lexical in lesson_paths:
                continue
            if lexical is not None and lexical.lower().endswith(".md"):
                self.error(
                    link.file,
                    link.line,
                    f"link '{target}' points to {lexical}, which is not a lesson listed in "
                    "course.yaml; link to a lesson's file, or use lesson:ID",
                )
                continue
            self.asset(link.file, link.folder, link.line, target, "link")

    # -- quiz and reflect blocks -------------------------------------------------------

    def block(self, block: _Block) -> Step | None:
        self.offset = block.line
        what = f"the {block.kind} block"
        if not block.closed:
            self.error(
                self.file,
                block.line,
                f"{what} starting here is never closed; add a line with ``` after it",
            )
        ok, root = self.compose(block.yaml_text, what)
        if not ok:
            return None
        if root is None:
            self.error(
                self.file,
                block.line,
                f"{what} is empty; it needs an id and "
                + ("questions" if block.kind == "quiz" else "prompts"),
            )
            return None
        if block.kind == "quiz":
            m = self.mapping(root, what, None)
            return None if m is None else self.quiz(m, block.line)
        m = self.mapping(root, what, None)
        return None if m is None else self.reflect(m, block.line)

    def quiz(self, m: _Map, line: int) -> QuizStep | None:
        quiz_id = self.ident(m, "the quiz")
        what = f"quiz '{quiz_id}'" if quiz_id else "the quiz"
        if quiz_id is not None:
            id_node = m.get("id")
            assert id_node is not None
            if not self.unique(self.quiz_ids, quiz_id, id_node, "quiz"):
                quiz_id = None
        self.unknown_keys(m, _QUIZ_KEYS, what)
        pass_ratio = self.ratio(m, "pass_ratio", what)
        questions: list[Question] = []
        seen: dict[str, tuple[str, int]] = {}
        for node in self.sequence(m, "questions", what, required=True) or []:
            before = self.error_count
            question = self.question(node, what, seen)
            if question is not None and self.error_count == before:
                questions.append(question)
        if quiz_id is None or not questions:
            return None
        return QuizStep(Quiz(quiz_id, pass_ratio or self.pass_ratio, tuple(questions), line))

    def question(
        self, node: Node, quiz_what: str, seen: dict[str, tuple[str, int]]
    ) -> Question | None:
        m = self.mapping(node, f"a question of {quiz_what}", None)
        if m is None:
            return None
        qid = self.ident(m, f"a question of {quiz_what}")
        what = f"question '{qid}'" if qid else f"a question of {quiz_what}"
        if qid is not None:
            id_node = m.get("id")
            assert id_node is not None
            if qid in seen:
                self.err(
                    id_node,
                    f"question id '{qid}' is used twice in {quiz_what} (also on "
                    f"line {seen[qid][1]}); give each question its own id",
                )
            seen[qid] = (self.file, self.line(id_node))
        self.unknown_keys(m, _QUESTION_KEYS, what)
        prompt = self.text(m, "prompt", what, required=True, hint=" with the question to ask")
        explanation = self.text(m, "explanation", what)
        type_node = self.required(m, "type", what, " (single, multiple, true_false or order)")
        if type_node is None:
            return None
        raw_type = _raw(type_node)
        try:
            qtype = QuestionType(raw_type)
        except ValueError:
            self.err(
                type_node,
                f"unknown question type '{raw_type}' in {what}; use single, "
                "multiple, true_false or order",
            )
            return None
        for key in _QUESTION_TYPE_KEYS.values():
            key_node = m.key_node(key)
            if key_node is not None and key != _QUESTION_TYPE_KEYS[qtype]:
                self.warn(key_node, f"'{key}' is not used by a '{qtype}' question (ignored)")

        shuffle = self.shuffle(m, qtype, what)
        options: tuple[Option, ...] = ()
        answer: bool | None = None
        items: tuple[str, ...] = ()
        answer_feedback: tuple[str | None, str | None] = (None, None)
        item_feedback: tuple[str | None, ...] = ()
        has_feedback = bool(explanation and explanation.strip())
        feedback_key = m.key_node("feedback")
        if feedback_key is not None and qtype is not QuestionType.TRUE_FALSE:
            self.warn(
                feedback_key,
                f"'feedback' is not used by a '{qtype}' question (ignored); write "
                f"{_FEEDBACK_HINT[qtype]}, or 'explanation:' for every answer",
            )
        if qtype in (QuestionType.SINGLE, QuestionType.MULTIPLE):
            options = self.options(m, what)
            has_feedback = has_feedback or any(o.feedback for o in options)
            correct = sum(o.correct for o in options)
            options_node = m.key_node("options") or m.node
            if options and qtype is QuestionType.SINGLE and correct != 1:
                self.err(
                    options_node,
                    f"{what} of type 'single' needs exactly one option with "
                    f'"correct: true" (found {correct})',
                )
            if options and qtype is QuestionType.MULTIPLE and correct == 0:
                self.err(
                    options_node,
                    f"{what} of type 'multiple' needs at least one option "
                    'with "correct: true" (found 0)',
                )
            if options and len(options) < 2:
                self.err(
                    options_node,
                    f"{what} needs at least two options to choose from (found {len(options)})",
                )
        elif qtype is QuestionType.TRUE_FALSE:
            answer_node = self.required(m, "answer", what, " with true or false")
            if answer_node is not None:
                answer = self.boolean(answer_node, "answer", what)
            answer_feedback = self.true_false_feedback(m, what)
            has_feedback = has_feedback or any(answer_feedback)
        else:
            items, item_feedback = self.order_items(m, what)
            has_feedback = has_feedback or any(item_feedback)
            items_node = m.key_node("items") or m.node
            if m.get("items") is None:
                self.err(
                    items_node,
                    f"{what} of type 'order' needs 'items:', listed in the correct order",
                )
            elif (
                not MIN_ORDER_ITEMS
                <= (count := _entries(m.get("items"), items))
                <= (MAX_ORDER_ITEMS)
            ):
                self.err(
                    items_node,
                    f"{what} of type 'order' needs {MIN_ORDER_ITEMS} to "
                    f"{MAX_ORDER_ITEMS} items (found {count})",
                )
        if not has_feedback:
            self.warn(
                m.node,
                f"{what} has no feedback or explanation; add 'explanation:' "
                f"(or {_FEEDBACK_HINT[qtype]}) so the learner learns why",
            )
        if qid is None or prompt is None:
            return None
        return Question(
            id=qid,
            type=qtype,
            prompt=prompt,
            options=options,
            answer=answer,
            items=items,
            explanation=explanation,
            line=self.line(m.node),
            shuffle=shuffle,
            answer_feedback=answer_feedback,
            item_feedback=item_feedback if any(item_feedback) else (),
        )

    def shuffle(self, m: _Map, qtype: QuestionType, what: str) -> bool:
        """`shuffle: false` keeps single/multiple options in the order written."""
        node = m.get("shuffle")
        if node is None or _is_null(node):
            return True
        value = self.boolean(node, "shuffle", what)
        if qtype not in (QuestionType.SINGLE, QuestionType.MULTIPLE):
            key_node = m.key_node("shuffle") or node
            if qtype is QuestionType.ORDER:
                why = "the items of an 'order' question are always shuffled"
            else:
                why = "True and False are always shown in that order"
            self.warn(key_node, f"'shuffle' is not used by a '{qtype}' question ({why})")
        return True if value is None else value

    def true_false_feedback(self, m: _Map, what: str) -> tuple[str | None, str | None]:
        """`feedback:` of a true_false question: `true:` and `false:`, each with its text.

        A plain text here was ignored (with a warning) before this form existed, so it
        stays a warning; a key other than true or false is an error, as its text would
        otherwise never be shown.
        """
        node = m.get("feedback")
        if node is None or _is_null(node):
            return (None, None)
        if isinstance(node, ScalarNode):
            self.warn(
                node,
                f"'feedback' of {what} should say which answer each text is for: put "
                "'true:' and 'false:' under it, each with its text (ignored); for words "
                "shown after either answer, use 'explanation:'",
            )
            return (None, None)
        fm = self.mapping(node, f"the feedback of {what}", None)
        if fm is None:
            return (None, None)
        found: dict[bool, str | None] = {}
        for key, (key_node, _) in fm.items.items():
            value = _truth_key(key_node)
            if value is None:
                hint = did_you_mean(key, _TRUE_FALSE_FEEDBACK_KEYS, limit=1)
                self.err(
                    key_node,
                    f"unknown key '{key}' in the feedback of {what}; a true_false question "
                    f"takes feedback for 'true:' and 'false:' only.{hint}",
                )
                continue
            if value in found:
                self.err(
                    key_node,
                    f"the feedback of {what} has two entries for the answer "
                    f"'{str(value).lower()}'; keep only one",
                )
                continue
            found[value] = self.text(fm, key, f"the feedback of {what}")
        return (found.get(True), found.get(False))

    def order_items(self, m: _Map, what: str) -> tuple[tuple[str, ...], tuple[str | None, ...]]:
        """The `items` of an order question, each text alone or `text:` with `feedback:`."""
        texts: list[str] = []
        feedback: list[str | None] = []
        for index, item in enumerate(self.sequence(m, "items", what, required=False) or [], 1):
            if isinstance(item, ScalarNode) and item.tag != _NULL:
                texts.append(self.without_bidi(item, str(item.value), "an entry of 'items'"))
                feedback.append(None)
                continue
            if not isinstance(item, MappingNode):
                self.err(
                    item,
                    f"each entry of 'items' in {what} should be text, or 'text:' with "
                    f"'feedback:'; {_found(item)}",
                )
                continue
            item_what = f"item {index} of {what}"
            im = self.mapping(item, item_what, None)
            if im is None:
                continue
            for key, (key_node, _) in im.items.items():
                if key not in _ITEM_KEYS:
                    self.err(
                        key_node,
                        f"unknown key '{key}' in {item_what}; an item takes 'text:' and "
                        f"'feedback:' only.{did_you_mean(key, _ITEM_KEYS, limit=1)}",
                    )
            text = self.text(im, "text", item_what, required=True)
            if text is not None:
                texts.append(text)
                feedback.append(self.text(im, "feedback", item_what))
        return tuple(texts), tuple(feedback)

    def options(self, m: _Map, what: str) -> tuple[Option, ...]:
        nodes = self.sequence(m, "options", what, required=True) or []
        options: list[Option] = []
        for index, node in enumerate(nodes, start=1):
            om = self.mapping(node, f"option {index} of {what}", _OPTION_KEYS)
            if om is None:
                continue
            text = self.text(om, "text", f"option {index} of {what}", required=True)
            correct_node = om.get("correct")
            correct = False
            if correct_node is not None:
                correct = bool(self.boolean(correct_node, "correct", f"option {index} of {what}"))
            feedback = self.text(om, "feedback", f"option {index} of {what}")
            if text is not None:
                options.append(Option(text, correct, feedback))
        return tuple(options)

    def reflect(self, m: _Map, line: int) -> ReflectStep | None:
        reflect_id = self.ident(m, "the reflect block")
        what = f"reflect block '{reflect_id}'" if reflect_id else "the reflect block"
        if reflect_id is not None:
            id_node = m.get("id")
            assert id_node is not None
            if not self.unique(self.reflect_ids, reflect_id, id_node, "reflect"):
                reflect_id = None
        self.unknown_keys(m, _REFLECT_KEYS, what)
        prompts: list[ReflectPrompt] = []
        seen: set[str] = set()
        for node in self.sequence(m, "prompts", what, required=True) or []:
            before = self.error_count
            prompt = self.prompt(node, what, seen)
            if prompt is not None and self.error_count == before:
                prompts.append(prompt)
        if reflect_id is None or not prompts:
            return None
        return ReflectStep(Reflection(reflect_id, tuple(prompts), line))

    def prompt(self, node: Node, block_what: str, seen: set[str]) -> ReflectPrompt | None:
        m = self.mapping(node, f"a prompt of {block_what}", None)
        if m is None:
            return None
        pid = self.ident(m, f"a prompt of {block_what}")
        what = f"prompt '{pid}'" if pid else f"a prompt of {block_what}"
        if pid is not None:
            if pid in seen:
                self.err(
                    m.get("id"),
                    f"prompt id '{pid}' is used twice in {block_what}; give each prompt its own id",
                )
            seen.add(pid)
        self.unknown_keys(m, _PROMPT_KEYS, what)
        text = self.text(m, "prompt", what, required=True, hint=" with the question to reflect on")
        type_node = self.required(m, "type", what, " (text, scale, feelings or perspective)")
        if type_node is None:
            return None
        raw_type = _raw(type_node)
        try:
            ptype = PromptType(raw_type)
        except ValueError:
            self.err(
                type_node,
                f"unknown prompt type '{raw_type}' in {what}; "
                "use text, scale, feelings or perspective",
            )
            return None
        for key in sorted(_PROMPT_KEYS - {"id", "type", "prompt"} - _PROMPT_TYPE_KEYS[ptype]):
            key_node = m.key_node(key)
            if key_node is not None:
                self.warn(key_node, f"'{key}' is not used by a '{ptype}' prompt (ignored)")
        scenario = model_answer = None
        picks = 3
        if ptype is PromptType.PERSPECTIVE:
            scenario = self.text(
                m,
                "scenario",
                what,
                required=True,
                hint=" with the situation to imagine (Markdown)",
            )
            model_answer = self.text(
                m,
                "model_answer",
                what,
                required=True,
                hint=" with an answer the learner sees after writing their own",
            )
        elif ptype is PromptType.FEELINGS:
            value = self.integer(m, "picks", what)
            if value is not None and not 1 <= value <= MAX_FEELING_PICKS:
                self.err(
                    m.get("picks"),
                    f"'picks' of {what} is {value}; it must be from 1 to {MAX_FEELING_PICKS}",
                )
            elif value is not None:
                picks = value
        low, high = 0, 10
        labels: list[tuple[int, str]] = []
        if ptype is PromptType.SCALE:
            low_value = self.integer(m, "min", what)
            high_value = self.integer(m, "max", what)
            low = 0 if low_value is None else low_value
            high = 10 if high_value is None else high_value
            if not (
                MIN_SCALE_VALUE <= low <= MAX_SCALE_VALUE
                and MIN_SCALE_VALUE <= high <= MAX_SCALE_VALUE
            ):
                outside = "max" if MIN_SCALE_VALUE <= low <= MAX_SCALE_VALUE else "min"
                self.err(
                    m.get(outside) or m.node,
                    f"{what} has min {_short_number(low)} and max {_short_number(high)}; a "
                    f"scale runs from {MIN_SCALE_VALUE} to {MAX_SCALE_VALUE} at most, so every "
                    "step can be chosen with the arrow keys",
                )
                return None
            if low >= high:
                self.err(
                    m.key_node("max") or m.key_node("min") or m.node,
                    f"{what} has min {low} and max {high}; min must be smaller than max",
                )
            if low < high:
                labels = self.labels(m, what, low, high)
        if pid is None or text is None:
            return None
        if ptype is PromptType.PERSPECTIVE and (scenario is None or model_answer is None):
            return None
        return ReflectPrompt(
            pid,
            ptype,
            text,
            low,
            high,
            tuple(labels),
            self.line(m.node),
            scenario=scenario,
            model_answer=model_answer,
            picks=picks,
        )

    def labels(self, m: _Map, what: str, low: int, high: int) -> list[tuple[int, str]]:
        node = m.get("labels")
        if node is None or _is_null(node):
            return []
        if not isinstance(node, MappingNode):
            self.err(
                node,
                f"'labels' of {what} should map numbers to words, like "
                f'{{0: "not at all", 10: "fully"}}; {_found(node)}',
            )
            return []
        labels: dict[int, str] = {}
        for key_node, value_node in node.value:
            if not (isinstance(key_node, ScalarNode) and key_node.tag == _INT):
                self.err(
                    key_node,
                    f"each label of {what} should start with a whole number; {_found(key_node)}",
                )
                continue
            try:
                value = int(_constructor.construct_yaml_int(key_node))
            except ValueError:
                self.err(key_node, f"label '{key_node.value}' of {what} is not a whole number")
                continue
            if not low <= value <= high:
                self.err(key_node, f"label {value} of {what} is outside the scale {low} to {high}")
                continue
            if not isinstance(value_node, ScalarNode) or value_node.tag == _NULL:
                self.err(
                    value_node, f"label {value} of {what} should be text; {_found(value_node)}"
                )
                continue
            labels[value] = self.without_bidi(
                value_node, str(value_node.value), f"label {value} of {what}"
            )
        return sorted(labels.items())


_YAML_HINT = "check the indentation, and put text that contains ': ' or ' #' in quotes"
# PyYAML's wording for the mistakes authors make most, in plainer words. The third
# field: whether the line to name is where PyYAML's "while ..." context began (an
# unclosed quote, a line with no ':'), which PyYAML itself reports one line or more late.
_YAML_PROBLEMS = (
    (
        "mapping values are not allowed",
        "a ':' appears where a new 'key: value' cannot start",
        False,
    ),
    ("cannot start any token", "a character YAML cannot read here (tabs must be spaces)", False),
    (
        "could not find expected ':'",
        "this line is neither 'key: value' nor an item starting with '- '; add the missing "
        "':' or '- ', or close a quote opened on it",
        True,
    ),
    (
        "expected <block end>",
        "this line is not indented like the lines above it that it belongs with",
        False,
    ),
    ("did not find expected key", "this line is not indented like the lines above it", False),
    (
        "did not find expected '-' indicator",
        "this line should start with '- ' and be indented like the other items above it",
        False,
    ),
    ("found undefined alias", "a '*' starts a word; put text starting with '*' in quotes", False),
    (
        "found unexpected end of stream",
        "a quote or bracket opened on this line is never closed",
        True,
    ),
    ("expected ',' or ']'", "a '[' opened on this line is never closed with ']'", True),
    ("expected ',' or '}'", "a '{' opened on this line is never closed with '}'", True),
)


def _explain_yaml(problem: str) -> tuple[str, bool]:
    """PyYAML's problem in plain words, and whether to name the line where it began."""
    for jargon, plain, at_context in _YAML_PROBLEMS:
        if jargon in problem:
            return f"{plain}; {_YAML_HINT}", at_context
    return f"{problem or 'it is not valid YAML'}; {_YAML_HINT}", False


def _unknown_lesson_link(target: str, lesson_id: str, titles: dict[str, str]) -> str:
    """The message for `lesson:X` where X is no lesson id: name the id it most likely meant."""
    wanted = " ".join(lesson_id.split()).casefold()
    by_title = {" ".join(t.split()).casefold(): i for t, i in titles.items()}
    if wanted in by_title:
        return (
            f"link '{target}' uses a lesson's title; links need the lesson's id, "
            f"so write lesson:{by_title[wanted]}"
        )
    hint = did_you_mean(lesson_id, titles.values())
    if not hint:
        close_titles = nearest(lesson_id, titles, limit=1)
        hint = f" Did you mean lesson:{titles[close_titles[0]]}?" if close_titles else ""
    return (
        f"link '{target}' names no lesson in this course; use the id from a lesson's "
        f"front matter (`validate --list-ids` lists them).{hint}"
    )


def _entries(node: Node | None, valid: tuple[str, ...]) -> int:
    """How many entries a list holds, broken ones too (they have their own message)."""
    return len(node.value) if isinstance(node, SequenceNode) else len(valid)


def _truth_key(node: Node) -> bool | None:
    """True or False for a `true:` / `false:` key (YAML's yes/no/on/off too), else None."""
    if isinstance(node, ScalarNode) and node.tag == _BOOL:
        return bool(_constructor.construct_yaml_bool(node))
    return _TRUE_FALSE_FEEDBACK_KEYS.get(str(getattr(node, "value", "")).strip().lower())


def _unknown_help_lesson(wanted: str, titles: dict[str, str]) -> str:
    """The message for `help_lesson: X` where X is no lesson id of this course."""
    by_title = {" ".join(t.split()).casefold(): i for t, i in titles.items()}
    title_id = by_title.get(" ".join(wanted.split()).casefold())
    if title_id is not None:
        return (
            f"help_lesson '{wanted}' is a lesson's title; it needs the lesson's id, "
            f"so write help_lesson: {title_id}"
        )
    return (
        f"help_lesson '{wanted}' names no lesson in this course; write the id from the "
        "front matter of the lesson on where to find support (`validate --list-ids` lists "
        f"them).{did_you_mean(wanted, titles.values())}"
    )


def _printable(message: str) -> str:
    """Messages quote the author's text; control characters in it must not reach a terminal."""
    if message.isprintable():
        return message
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in message)


def _fence_lines(body: str) -> list[re.Match[str]]:
    """Every line of `body` that looks like a code fence, in order.

    Found with str.find rather than one multi-line regex, which would try every position
    of a long lesson and dominate the time to validate a large course.
    """
    found: list[re.Match[str]] = []
    for marker in ("```", "~~~"):
        at = body.find(marker)
        while at >= 0:
            line_start = body.rfind("\n", 0, at) + 1
            if at - line_start <= 3 and not body[line_start:at].strip(" "):
                match = _FENCE.match(body, line_start)
                if match:
                    found.append(match)
            line_end = body.find("\n", at)
            if line_end < 0:
                break
            at = body.find(marker, line_end)
    found.sort(key=lambda m: m.start())
    return found


def _info(fence: re.Match[str]) -> str:
    """The info string of a fence line (what follows ``` or ~~~), without surrounding blanks."""
    return fence.group(2).strip(" \t")


def _nesting_depth(prefix: str, text: str, after: int) -> int:
    """How many lists and quotes a line with this leading `prefix` sits inside.

    Each '>' is a quote; four columns of indent after the last '>' (one space after it
    is only a separator) are a list level, and a list marker after the prefix opens one
    more. Indentation with no quote or list marker is a code block, not nesting.
    """
    quotes = prefix.count(">")
    indent = prefix.rpartition(">")[2] if quotes else prefix
    columns = 0
    for char in indent:
        columns = columns + 4 - columns % 4 if char == "\t" else columns + 1
    if quotes:
        columns = max(0, columns - 1)
    is_list_item = _LIST_MARKER.match(text, after) is not None
    if not quotes and not is_list_item:
        return 0
    return quotes + columns // 4 + (1 if is_list_item else 0)


def _first_alias(root: Node | None) -> Node | None:
    """A node reached twice in the composed document (only an alias does that), or None.

    Walked without recursion, visiting each node once, so a "billion laughs" document
    costs no more than its own size.
    """
    if root is None:
        return None
    seen: set[int] = set()
    stack: list[Node] = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            return node
        seen.add(id(node))
        if isinstance(node, SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, MappingNode):
            for key, value in node.value:
                stack.append(key)
                stack.append(value)
    return None


def _short_number(value: int) -> str:
    text = str(value)
    return text if len(text) <= 12 else text[:10] + "..."


def _is_null(node: Node) -> bool:
    return isinstance(node, ScalarNode) and node.tag == _NULL


def _raw(node: Node) -> str:
    return str(node.value) if isinstance(node, ScalarNode) else ""


def _found(node: Node | None) -> str:
    """How to describe what was written instead, for 'should be X; found Y' messages."""
    if node is None or _is_null(node):
        return "found nothing"
    if isinstance(node, MappingNode):
        return "found a set of 'key: value' lines"
    if isinstance(node, SequenceNode):
        return "found a list"
    kind = {
        _INT: "a number",
        _FLOAT: "a number",
        _BOOL: "true/false",
        _STR: "text",
    }.get(node.tag, "a value")
    value = str(node.value)
    shown = value if len(value) <= 40 else value[:37] + "..."
    return f"found {kind} '{shown}'"


def _target(raw: str) -> str:
    raw = raw.strip()
    if raw.startswith("<") and raw.endswith(">"):
        return raw[1:-1].strip()
    return raw


def _attrs(tag: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for match in _ATTR.finditer(tag):
        name = match.group(1).lower()
        value = next((g for g in match.groups()[1:] if g is not None), "")
        found.setdefault(name, value)
    return found


def _scheme(target: str) -> str | None:
    match = _SCHEME.match(target)
    return match.group(1).lower() if match else None
