"""A lesson with every prompt type and every question type, each carrying answers,
feedback and a model answer a worksheet must never print (tests of course.worksheet)."""

from __future__ import annotations

from course.model import (
    Course,
    Lesson,
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
    TextStep,
)

ANSWERS = [
    "MODEL-ANSWER she may feel afraid",
    "FEEDBACK-A that is guilt",
    "FEEDBACK-B yes shame",
    "EXPLANATION guilt is about a deed",
    "FEEDBACK-TRUE yes",
    "FEEDBACK-FALSE look again",
    "FEEDBACK-ITEM saying back",
]
REFLECTION = Reflection(
    id="notice",
    prompts=(
        ReflectPrompt(id="r1", type=PromptType.TEXT, prompt="When did shame turn to anger?"),
        ReflectPrompt(
            id="r2",
            type=PromptType.SCALE,
            prompt="How present was I this week?",
            labels=((0, "not at all"), (10, "fully")),
        ),
        ReflectPrompt(id="r3", type=PromptType.FEELINGS, prompt="What do you feel?", picks=2),
        ReflectPrompt(
            id="r4",
            type=PromptType.PERSPECTIVE,
            prompt="What might your partner be feeling?",
            scenario="You come home *an hour* late.\n\nShe is at the table.",
            model_answer=ANSWERS[0],
        ),
    ),
)
QUIZ = Quiz(
    id="check",
    pass_ratio=0.7,
    questions=(
        Question(
            id="q1",
            type=QuestionType.SINGLE,
            prompt="Which thought is shame?",
            options=(
                Option("I made a mistake.", feedback=ANSWERS[1]),
                Option("I am a mistake.", correct=True, feedback=ANSWERS[2]),
            ),
            explanation=ANSWERS[3],
        ),
        Question(
            id="q2",
            type=QuestionType.TRUE_FALSE,
            prompt="Defensiveness is a shame reaction.",
            answer=True,
            answer_feedback=(ANSWERS[4], ANSWERS[5]),
        ),
        Question(
            id="q3",
            type=QuestionType.ORDER,
            prompt="Put the steps in order.",
            items=("Listen first", "Reflect back", "Acknowledge impact", "Ask what helps"),
            item_feedback=(None, ANSWERS[6], None, None),
        ),
    ),
)
LESSON = Lesson(
    id="shame-and-guilt",
    title="Shame and guilt",
    path="m/01.md",
    minutes=8,
    steps=(TextStep("Prose that is not printed."), QuizStep(QUIZ), ReflectStep(REFLECTION)),
    objectives=("Tell shame apart from guilt",),
)
PLAIN = Lesson(id="plain", title="Plain", path="m/02.md", minutes=1, steps=(TextStep("x"),))
COURSE = Course(
    id="c",
    version="1.0.0",
    title="The course",
    modules=(Module(id="m", title="Shame", lessons=(LESSON, PLAIN)),),
)
