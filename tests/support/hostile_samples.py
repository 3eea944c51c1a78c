"""Small valid samples that the hostile-file tests (issue 13) break one field at a time."""

from __future__ import annotations

from typing import Any

from course.model import Course, Lesson, Module, TextStep
from course.render import render_markdown


def tiny_course() -> Course:
    """One module 'm' with one lesson 'l1'."""
    lessons = (Lesson("l1", "L1", "l1.md", 5, (TextStep("x"),)),)
    return Course("c", "1", "C", (Module("m", "M", lessons),))


def render(text: str) -> str:
    """`text` rendered as a step of tiny_course's lesson, with no course folder on disk."""
    course = tiny_course()
    return render_markdown(
        text, course=course, lesson=course.modules[0].lessons[0], course_root=None
    )


def report_document() -> dict[str, Any]:
    """A valid progress report with one entry of every kind."""
    return {
        "format": "bridgework-progress-report",
        "format_version": 1,
        "made_on": "2026-11-26",
        "scope": "Everything",
        "client_label": "J.",
        "therapist": "Dr Smith",
        "assignment_id": "a1",
        "included": ["lessons", "quizzes", "ratings", "reflections", "check_ins", "perspectives"],
        "courses": [
            {
                "id": "c",
                "version": "1",
                "title": "C",
                "lessons": [
                    {"module": "M", "lesson": "L", "completed_on": "2026-11-20", "minutes": 12}
                ],
                "quizzes": [
                    {
                        "lesson": "L",
                        "quiz_id": "q",
                        "first_score": 0.5,
                        "best_score": 1.0,
                        "passed": True,
                        "attempts": 2,
                    }
                ],
                "ratings": [
                    {
                        "lesson": "L",
                        "prompt": "How?",
                        "min": 0,
                        "max": 10,
                        "points": [["2026-11-20", 4]],
                    }
                ],
                "reflections": [
                    {
                        "lesson": "L",
                        "prompt": "Why?",
                        "text": "Because.",
                        "updated_on": "2026-11-20",
                    }
                ],
                "perspectives": [
                    {
                        "lesson": "L",
                        "prompt": "What might she feel?",
                        "first_draft": "Hurt.",
                        "added": "And afraid.",
                        "updated_on": "2026-11-20",
                    }
                ],
            }
        ],
        "check_ins": {
            "days": 3,
            "window": 28,
            "count": 4,
            "families": [["Hurt", 3]],
            "notes": [["2026-11-20", "A note."]],
        },
    }
