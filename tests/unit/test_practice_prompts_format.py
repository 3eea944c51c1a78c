"""The `feelings` and `perspective` prompt types of the course format (issue 9)."""

from __future__ import annotations

from pathlib import Path

from coursekit import lesson, only, write_course

from course.loader import load_course
from course.model import PromptType, ReflectStep, Severity


def load(tmp_path: Path, block: str):
    return load_course(write_course(tmp_path, {"m1/a.md": lesson("Prose.\n" + block)}))


def prompts(result):
    assert result.course is not None
    steps = result.course.modules[0].lessons[0].steps
    return [p for s in steps if isinstance(s, ReflectStep) for p in s.reflection.prompts]


PERSPECTIVE = """\
```reflect
id: empathy
prompts:
  - id: partner
    type: perspective
    prompt: What might your partner be feeling, and needing?
    scenario: |
      You come home late **again**, and your partner is sitting at the table.
    model_answer: She may feel hurt and afraid, and need to hear the truth.
```
"""

FEELINGS = """\
```reflect
id: now
prompts:
  - id: feel
    type: feelings
    prompt: What do you feel right now?
    picks: 2
```
"""


def test_a_perspective_prompt_reads(tmp_path: Path) -> None:
    result = load(tmp_path, PERSPECTIVE)
    assert result.ok and not result.findings, [f.format() for f in result.findings]
    (prompt,) = prompts(result)
    assert prompt.type is PromptType.PERSPECTIVE
    assert (
        prompt.scenario
        == "You come home late **again**, and your partner is sitting at the table.\n"
    )
    assert prompt.model_answer == "She may feel hurt and afraid, and need to hear the truth."


def test_a_feelings_prompt_reads_with_its_picks(tmp_path: Path) -> None:
    result = load(tmp_path, FEELINGS)
    assert result.ok and not result.findings
    (prompt,) = prompts(result)
    assert (prompt.type, prompt.picks) == (PromptType.FEELINGS, 2)
    default = load(tmp_path / "b", FEELINGS.replace("    picks: 2\n", ""))
    assert prompts(default)[0].picks == 3


def test_a_perspective_prompt_without_a_model_answer_is_an_error_on_its_line(tmp_path):
    block = PERSPECTIVE.replace(
        "    model_answer: She may feel hurt and afraid, and need to hear the truth.\n", ""
    )
    finding = only(load(tmp_path, block))
    assert finding.format() == (
        "m1/a.md:9: error: prompt 'partner' needs 'model_answer:' with an answer the "
        "learner sees after writing their own"
    )


def test_a_perspective_prompt_without_a_scenario_is_an_error_on_its_line(tmp_path):
    block = PERSPECTIVE.replace("    scenario: |\n", "    scenari0: |\n")
    result = load(tmp_path, block)
    errors = [f.format() for f in result.findings if f.severity is Severity.ERROR]
    assert errors == [
        "m1/a.md:9: error: prompt 'partner' needs 'scenario:' with the situation to imagine "
        "(Markdown)"
    ]


def test_picks_out_of_range_and_keys_of_other_types(tmp_path):
    finding = only(load(tmp_path, FEELINGS.replace("picks: 2", "picks: 40")))
    assert (
        finding.format()
        == "m1/a.md:12: error: 'picks' of prompt 'feel' is 40; it must be from 1 to 10"
    )
    result = load(tmp_path / "b", FEELINGS.replace("picks: 2", "model_answer: x"))
    finding = only(result)
    assert finding.severity is Severity.WARNING
    assert finding.message == "'model_answer' is not used by a 'feelings' prompt (ignored)"


def test_unknown_prompt_types_still_get_a_file_line_error(tmp_path):
    finding = only(load(tmp_path, FEELINGS.replace("type: feelings", "type: mood")))
    assert finding.format() == (
        "m1/a.md:10: error: unknown prompt type 'mood' in prompt 'feel'; "
        "use text, scale, feelings or perspective"
    )
