"""Printable worksheets: a lesson's reflect and perspective prompts, and its quizzes
without answers, as one HTML document for QTextDocument to print on A4 or Letter paper.

A worksheet is for a session on paper (with a therapist or a group, or alone), so it
holds only what the course says, never what a learner wrote. Quizzes carry no answers,
no feedback and no explanations; perspective exercises show the scenario, never the
model answer; order items are printed shuffled (the order written is the answer).
Nothing here imports Qt.
"""

from __future__ import annotations

import html
import re

from course.grading import TRUE_FALSE_LABELS, option_order, shuffled_order
from course.model import (
    Course,
    Lesson,
    PromptType,
    Question,
    QuestionType,
    Quiz,
    QuizStep,
    Reflection,
    ReflectPrompt,
    ReflectStep,
)

#: A scale with more steps than this is printed as a line from one end to the other.
MAX_PRINTED_STEPS = 21
_BOX = "\u2610"  # a ballot box, to tick with a pen
_BLANK_LINES = {
    PromptType.TEXT: 6,
    PromptType.PERSPECTIVE: 8,
    PromptType.FEELINGS: 2,
}

# The document's look, for QTextDocument (a small subset of CSS).
STYLE = (
    "h1 { font-size: 18pt; } h2 { font-size: 13pt; margin-top: 16px; }"
    " p.muted { color: #555555; } p.prompt { font-weight: bold; margin-top: 12px; }"
    " td.write { border: 1px solid #888888; } blockquote { margin-left: 16px; }"
)


def has_worksheet(lesson: Lesson) -> bool:
    """Whether `lesson` has anything to print: a reflect block or a quiz."""
    return any(isinstance(step, QuizStep | ReflectStep) for step in lesson.steps)


def worksheet_title(lesson: Lesson) -> str:
    return f"Worksheet: {lesson.title}"


def suggested_file_name(lesson: Lesson) -> str:
    """A file name for the PDF: the lesson's id is safe on every system."""
    return f"worksheet-{lesson.id}.pdf"


def worksheet_html(
    course: Course, lesson: Lesson, *, reflections: bool = True, quizzes: bool = True
) -> str:
    """The worksheet for `lesson` as HTML: the parts chosen, in the lesson's reading order."""
    e = html.escape
    module = course.module_of(lesson.id)
    where = f"{course.title} · {module.title}" if module is not None else course.title
    parts = [
        "<html><body>",
        f"<h1>{e(worksheet_title(lesson))}</h1>",
        f"<p class='muted'>{e(where)}</p>",
        "<p class='muted'>For writing on by hand, in a session or on your own. Nothing "
        "written on this sheet reaches Bridgework; keep it somewhere private.</p>",
    ]
    if lesson.objectives:
        items = "".join(f"<li>{e(o)}</li>" for o in lesson.objectives)
        parts.append(f"<p>In this lesson:</p><ul>{items}</ul>")
    printed = 0
    for step in lesson.steps:
        if reflections and isinstance(step, ReflectStep):
            parts.append(_reflection_html(step.reflection))
            printed += 1
        elif quizzes and isinstance(step, QuizStep):
            parts.append(_quiz_html(step.quiz))
            printed += 1
    if not printed:
        parts.append("<p>This lesson has nothing of this kind to print.</p>")
    parts.append("</body></html>")
    return "".join(parts)


def _reflection_html(reflection: Reflection) -> str:
    parts = ["<h2>To reflect on</h2>"]
    for prompt in reflection.prompts:
        parts.append(_prompt_html(prompt))
    return "".join(parts)


def _prompt_html(prompt: ReflectPrompt) -> str:
    e = html.escape
    parts = []
    if prompt.type is PromptType.PERSPECTIVE and prompt.scenario:
        parts.append(f"<p><i>Imagine this:</i></p><blockquote>{_paragraphs(prompt.scenario)}")
        parts.append("</blockquote>")
    parts.append(f"<p class='prompt'>{e(prompt.prompt)}</p>")
    if prompt.type is PromptType.SCALE:
        parts.append(_scale_html(prompt))
    elif prompt.type is PromptType.FEELINGS:
        many = "one feeling" if prompt.picks == 1 else f"up to {prompt.picks} feelings"
        parts.append(
            f"<p class='muted'>Name {many}; circle how strong each is, from 1 (very mild) "
            "to 5 (very strong), and note where you feel it in your body.</p>"
        )
        rows = "".join(
            "<tr><td width='45%'>Feeling:</td><td>1 &nbsp; 2 &nbsp; 3 &nbsp; 4 &nbsp; 5</td>"
            "<td width='35%'>Where:</td></tr>"
            for _ in range(prompt.picks)
        )
        parts.append(
            f"<table width='100%' border='1' cellspacing='0' cellpadding='8'>{rows}</table>"
        )
        parts.append(_writing_box(_BLANK_LINES[PromptType.FEELINGS], "A note, if you like:"))
    else:
        parts.append(_writing_box(_BLANK_LINES[prompt.type]))
    return "".join(parts)


def _scale_html(prompt: ReflectPrompt) -> str:
    e = html.escape
    labels = dict(prompt.labels)
    low = labels.get(prompt.min, "")
    high = labels.get(prompt.max, "")
    ends = f"{prompt.min}{f' = {low}' if low else ''}, {prompt.max}{f' = {high}' if high else ''}"
    if prompt.max - prompt.min + 1 > MAX_PRINTED_STEPS:
        return (
            f"<p class='muted'>Mark a point on the line ({e(ends)}).</p>"
            f"<p>{prompt.min} ____________________________________________ {prompt.max}</p>"
        )
    cells = "".join(
        f"<td align='center'>{value}</td>" for value in range(prompt.min, prompt.max + 1)
    )
    return (
        f"<p class='muted'>Circle one ({e(ends)}).</p>"
        f"<table border='1' cellspacing='0' cellpadding='6'><tr>{cells}</tr></table>"
    )


def _quiz_html(quiz: Quiz) -> str:
    parts = ["<h2>Questions</h2>", "<p class='muted'>The answers are not printed here.</p>"]
    for number, question in enumerate(quiz.questions, start=1):
        parts.append(_question_html(quiz, number, question))
    return "".join(parts)


def _question_html(quiz: Quiz, number: int, q: Question) -> str:
    e = html.escape
    parts = [f"<p class='prompt'>{number}. {e(q.prompt)}</p>"]
    if q.type is QuestionType.ORDER:
        parts.append(
            f"<p class='muted'>Number these from 1 to {len(q.items)}, in the order that fits.</p>"
        )
        order = shuffled_order(len(q.items), f"{quiz.id}:{q.id}:worksheet")
        parts.append("".join(f"<p>____ &nbsp; {e(q.items[i])}</p>" for i in order))
        return "".join(parts)
    if q.type is QuestionType.TRUE_FALSE:
        choices = list(TRUE_FALSE_LABELS)
        hint = "Tick one."
    else:
        choices = [q.options[i].text for i in option_order(q, f"{quiz.id}:{q.id}:worksheet")]
        hint = "Tick every one that fits." if q.type is QuestionType.MULTIPLE else "Tick one."
    parts.append(f"<p class='muted'>{hint}</p>")
    parts.append("".join(f"<p>{_BOX} &nbsp; {e(text)}</p>" for text in choices))
    return "".join(parts)


def _writing_box(lines: int, label: str = "") -> str:
    inside = html.escape(label) + "<br/>" * lines
    return (
        "<table width='100%' border='1' cellspacing='0' cellpadding='8'>"
        f"<tr><td class='write'>{inside}&nbsp;</td></tr></table>"
    )


def _paragraphs(text: str) -> str:
    """Plain paragraphs from a short Markdown text: emphasis marks and links reduced to words."""
    plain = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    plain = re.sub(r"(\*\*|__|\*|_|`)", "", plain)
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", plain) if p.strip()]
    return "".join(f"<p>{html.escape(' '.join(p.split()))}</p>" for p in paragraphs)
