"""Property tests: whatever bytes a lesson, a manifest or a zip entry holds, the loader answers
with Findings and never raises."""

from __future__ import annotations

import tempfile
import zipfile
from pathlib import Path

from coursekit import LESSON, MANIFEST, write_course
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from course.loader import load_course
from course.model import LoadResult

# Pieces of real course files, so generated input often gets past the first check and
# into the deeper parts of the loader (front matter, blocks, questions, links).
FRAGMENTS = [
    "---\n", "id: a\n", "title: A\n", "minutes: 3\n", "objectives:\n  - x\n", "```quiz\n",
    "```reflect\n", "```\n", "````markdown\n", "~~~\n", "id: check\n", "questions:\n",
    "  - id: q1\n", "    type: single\n", "    type: order\n", "    type: true_false\n",
    "    type: scale\n", "    prompt: Why?\n", "    options:\n", "      - text: yes\n",
    "        correct: true\n", "    answer: true\n", "    items: [a, b]\n", "    min: 3\n",
    "prompts:\n", "    labels: {0: a}\n", "![alt](img.png)\n", "![](http://x/y.png)\n",
    '<img src="../../x.png">\n', "[l](lesson:a)\n", "[l](../x.md)\n", "modules:\n",
    "  - id: first\n", "    lessons:\n", "      - m1/a.md\n", "format: 1\n",
    'version: "1"\n', "pass_ratio: 2\n", ": :\n", "\t\n", "&a [*a]\n", "- \n", "{\n",
    "\x00", "\ufeff", "\r\n", "é", " ", '      - "m1/a\\0.md"\n', "![x](a%00.png)\n",
    "[y](b%00.md)\n", '<img src="a\x00.png">\n', "      - m1/\n",
    "    feedback:\n", "      true: yes\n", "      no: [x]\n", "      ture: z\n",
    "    items:\n", "      - text: b\n", "        feedback: c\n", "      - {feedbak: d}\n",
    "help_lesson: a\n", "help_lesson: [a]\n",
]  # fmt: skip

text_like = st.lists(st.sampled_from(FRAGMENTS), max_size=30).map("".join)
contents = st.one_of(st.binary(max_size=600), text_like.map(str.encode), st.text().map(str.encode))

SETTINGS = settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def _assert_findings_only(result: LoadResult) -> None:
    assert isinstance(result, LoadResult)
    for finding in result.findings:
        assert "a fault in Bridgework itself" not in finding.message, finding.format()
        assert isinstance(finding.line, int) and finding.line >= 0


@SETTINGS
@given(data=contents)
def test_any_lesson_bytes_give_findings_not_exceptions(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        _assert_findings_only(load_course(write_course(Path(tmp), {"m1/a.md": data})))


@SETTINGS
@given(body=text_like)
def test_any_lesson_body_after_valid_front_matter(body: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        lesson = f"---\nid: a\ntitle: A\n---\n{body}"
        _assert_findings_only(load_course(write_course(Path(tmp), {"m1/a.md": lesson})))


@SETTINGS
@given(data=contents)
def test_any_manifest_bytes_give_findings_not_exceptions(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        _assert_findings_only(load_course(write_course(Path(tmp), {"course.yaml": data})))


@SETTINGS
@given(data=contents, which=st.sampled_from(["course.yaml", "m1/a.md"]))
def test_any_zip_entry_bytes_give_findings_not_exceptions(data: bytes, which: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        archive = Path(tmp) / "course.zip"
        files = {"course.yaml": MANIFEST.encode(), "m1/a.md": LESSON.encode(), which: data}
        with zipfile.ZipFile(archive, "w") as zf:
            for name, blob in files.items():
                zf.writestr(name, blob)
        _assert_findings_only(load_course(archive))


@SETTINGS
@given(data=st.binary(max_size=400))
def test_any_bytes_as_the_zip_itself(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        archive = Path(tmp) / "course.zip"
        archive.write_bytes(b"PK\x03\x04" + data)
        _assert_findings_only(load_course(archive))
