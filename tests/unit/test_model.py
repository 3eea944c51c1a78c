"""Course indexes: built once per course, they answer what a walk over every lesson would."""

from __future__ import annotations

from course.model import Course


def test_lesson_of_quiz_and_reading_order_match_a_walk(shipped_course: Course) -> None:
    lessons = list(shipped_course.lessons())
    quizzes = [(quiz, lesson) for lesson in lessons for quiz in lesson.quizzes]
    assert quizzes, "the shipped course has quizzes"
    for quiz, lesson in quizzes:
        assert shipped_course.lesson_of_quiz(quiz.id) is lesson
        assert shipped_course.quiz(quiz.id) is quiz
    for place, lesson in enumerate(lessons):
        assert shipped_course.lesson_order(lesson.id) == place
    assert shipped_course.lesson_of_quiz("no-such-quiz") is None
    assert shipped_course.quiz("no-such-quiz") is None
    assert shipped_course.lesson_order("no-such-lesson") is None
