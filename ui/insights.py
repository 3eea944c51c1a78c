"""The Insights page's widget: the learner's feelings practice, as charts and words.

`insights_from` turns the store's plain values into what the page shows (no Qt, so it
is tested directly); `InsightsView` shows it. Everything here is framed as a mirror for
the learner's own reflection: counts of what was done, never a streak, a score of worth
or a judgement about a gap.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from course.feelings import Tone, Vocabulary
from course.insights import (
    DIFFERENTIATION_EXPLAINED,
    MIN_CHECKINS_FOR_DIFFERENTIATION,
    Differentiation,
    distinct_words_per_week,
    emotion_differentiation,
    family_counts_by_week,
    latest_by_week,
    mean_intensity_by_week,
    practice,
    week_range,
    words_used_so_far,
)
from course.model import Course, PromptType, ReflectPrompt, ReflectStep
from ui.charts import ChartCard, LineChart, Series, StripChart

if TYPE_CHECKING:
    from course.store import CheckIn, Rating

TITLE = "Insights"
INTRO = (
    "What your check-ins and lessons show over time: a mirror for your own reflection, "
    "not a test or a score. Every chart can be read as a table too."
)
CHECK_IN = "Check in now"
EMPTY = (
    "Nothing to show yet. Check in a few times, or answer a feelings question in a "
    "lesson, and your patterns will appear here."
)
FAMILIES_TITLE = "Feelings by family, week by week"
INTENSITY_TITLE = "How strong the feelings were (1 to 5, weekly average)"
WORDS_TITLE = "Different feeling words you used each week"
DIFFERENTIATION_TITLE = "Telling hard feelings apart"
NOT_YET = (
    "This appears once at least {n} check-ins have named a hard feeling from two or more "
    "families. So far: {count}."
)
MAX_RATING_CHARTS = 4


@dataclass(frozen=True)
class RatingChart:
    title: str
    low: int
    high: int
    values: tuple[float | None, ...]


@dataclass(frozen=True)
class Insights:
    """What the page shows, computed from plain values."""

    practice: str
    weeks: tuple[date, ...]
    families: tuple[Series, ...] = ()
    family_summary: str = ""
    intensity: tuple[Series, ...] = ()
    words: tuple[Series, ...] = ()
    words_summary: str = ""
    ratings: tuple[RatingChart, ...] = field(default_factory=tuple)
    differentiation: Differentiation | None = None
    unpleasant_check_ins: int = 0

    @property
    def empty(self) -> bool:
        return not self.weeks


def insights_from(
    check_ins: Sequence[CheckIn],
    ratings: Sequence[Rating],
    course: Course | None,
    vocabulary: Vocabulary,
    today: date,
) -> Insights:
    moments = [
        (c.recorded_at.astimezone().date(), [(p.family, p.intensity) for p in c.picks])
        for c in check_ins
    ]
    rating_days = [r.rated_at.astimezone().date() for r in ratings]
    sentence = practice(
        [c.recorded_at.astimezone().date() for c in check_ins if not c.from_lesson], today
    ).sentence()
    weeks = week_range([d for d, _ in moments] + rating_days, today)
    if not weeks:
        return Insights(sentence, ())

    titles = {f.id: f.title for f in vocabulary.families}
    order = [f.id for f in vocabulary.families]
    counts = family_counts_by_week(moments, weeks)
    used = sorted(counts, key=lambda f: order.index(f) if f in order else len(order))
    families = tuple(Series(titles.get(f, f), tuple(float(v) for v in counts[f])) for f in used)
    totals = Counter({f: sum(counts[f]) for f in used})
    top = ", ".join(f"{titles.get(f, f).lower()} ({n})" for f, n in totals.most_common(3))
    family_summary = f"Picked most often: {top}." if top else ""

    unpleasant = {f.id for f in vocabulary.families if f.tone is Tone.UNPLEASANT}
    pleasant = {f.id for f in vocabulary.families if f.tone is Tone.PLEASANT}
    intensity = (
        Series("Hard feelings", tuple(mean_intensity_by_week(moments, weeks, unpleasant))),
        Series("Good feelings", tuple(mean_intensity_by_week(moments, weeks, pleasant))),
    )

    picks = [(c.recorded_at.astimezone().date(), p.word) for c in check_ins for p in c.picks]
    per_week = dict(distinct_words_per_week(picks))
    words = (
        Series(
            "Different words", tuple(float(per_week[w]) if w in per_week else None for w in weeks)
        ),
    )
    so_far = words_used_so_far(picks)
    words_summary = (
        f"You have used {so_far[-1][1]} different feeling words so far." if so_far else ""
    )

    rating_charts = _rating_charts(ratings, course, weeks)

    rows = []
    for c in check_ins:
        row: dict[str, int] = {}
        for p in c.picks:
            row[p.family] = max(row.get(p.family, 0), p.intensity)
        rows.append(row)
    unpleasant_count = sum(1 for r in rows if any(f in unpleasant for f in r))
    return Insights(
        practice=sentence,
        weeks=tuple(weeks),
        families=families,
        family_summary=family_summary,
        intensity=intensity,
        words=words,
        words_summary=words_summary,
        ratings=rating_charts,
        differentiation=emotion_differentiation(rows, unpleasant),
        unpleasant_check_ins=unpleasant_count,
    )


def _rating_charts(
    ratings: Sequence[Rating], course: Course | None, weeks: Sequence[date]
) -> tuple[RatingChart, ...]:
    prompts: dict[tuple[str, str], ReflectPrompt] = {}
    if course is not None:
        for lesson in course.lessons():
            for step in lesson.steps:
                if isinstance(step, ReflectStep):
                    for prompt in step.reflection.prompts:
                        if prompt.type is PromptType.SCALE:
                            prompts[(step.reflection.id, prompt.id)] = prompt
    by_prompt: dict[tuple[str, str], list[tuple[date, float]]] = {}
    for r in ratings:
        key = (r.reflection_id, r.prompt_id)
        by_prompt.setdefault(key, []).append((r.rated_at.astimezone().date(), float(r.value)))
    charts = []
    for key, points in sorted(by_prompt.items(), key=lambda item: -len(item[1])):
        found = prompts.get(key)
        if found is not None:
            weekly = tuple(latest_by_week(points, weeks))
            charts.append(RatingChart(found.prompt, found.min, found.max, weekly))
    return tuple(charts[:MAX_RATING_CHARTS])


def _week_label(day: date) -> str:
    return f"{day.day} {day:%b %Y}"


class InsightsView(QWidget):
    """Signals: check_in_requested(): the learner asked to check in now."""

    check_in_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(TITLE)
        inner = QWidget()
        self.column = QVBoxLayout(inner)
        self.column.setSpacing(18)
        title = QLabel(TITLE)
        title.setObjectName("pageTitle")
        intro = QLabel(INTRO)
        intro.setWordWrap(True)
        self.practice_label = QLabel()
        self.practice_label.setWordWrap(True)
        self.practice_label.setTextFormat(Qt.TextFormat.PlainText)
        self.check_in_button = QPushButton(CHECK_IN)
        self.check_in_button.setObjectName("primary")
        self.check_in_button.setAutoDefault(False)
        self.check_in_button.clicked.connect(self.check_in_requested)
        practice_row = QHBoxLayout()
        practice_row.addWidget(self.practice_label, 1)
        practice_row.addWidget(self.check_in_button)
        self.empty_label = QLabel(EMPTY)
        self.empty_label.setWordWrap(True)

        self.families = ChartCard(FAMILIES_TITLE, StripChart(), "times picked")
        self.intensity = ChartCard(INTENSITY_TITLE, LineChart(), "average")
        self.words = ChartCard(WORDS_TITLE, LineChart(), "words")
        self.ratings_box = QVBoxLayout()
        self.rating_cards: list[ChartCard] = []
        self.differentiation_title = QLabel(DIFFERENTIATION_TITLE)
        self.differentiation_title.setObjectName("chartTitle")
        self.differentiation_figure = QLabel()
        self.differentiation_figure.setWordWrap(True)
        self.differentiation_figure.setTextFormat(Qt.TextFormat.PlainText)
        explained = QLabel(DIFFERENTIATION_EXPLAINED)
        explained.setWordWrap(True)
        self.differentiation_box = QFrame()
        box = QVBoxLayout(self.differentiation_box)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.differentiation_title)
        box.addWidget(self.differentiation_figure)
        box.addWidget(explained)

        self.column.addWidget(title)
        self.column.addWidget(intro)
        self.column.addLayout(practice_row)
        self.column.addWidget(self.empty_label)
        for card in (self.families, self.intensity, self.words):
            self.column.addWidget(card)
        self.column.addLayout(self.ratings_box)
        self.column.addWidget(self.differentiation_box)
        self.column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(inner)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        inner.setMaximumWidth(900)

    def show_insights(self, data: Insights) -> None:
        self.practice_label.setText(data.practice)
        self.empty_label.setVisible(data.empty)
        for card in (self.families, self.intensity, self.words):
            card.setVisible(not data.empty)
        self.differentiation_box.setVisible(not data.empty)
        for card in self.rating_cards:
            card.setParent(None)
            card.deleteLater()
        self.rating_cards = []
        if data.empty:
            return
        labels = [_week_label(w) for w in data.weeks]
        highest = max((max(v or 0 for v in s.values) for s in data.families), default=1)
        self.families.set_data(labels, data.families, 0, max(1, highest), data.family_summary)
        self.intensity.set_data(
            labels,
            data.intensity,
            1,
            5,
            "Weekly average strength of the hard and the good feelings you picked.",
        )
        most = max((v or 0 for v in data.words[0].values), default=1)
        self.words.set_data(labels, data.words, 0, max(1, most), data.words_summary)
        for chart in data.ratings:
            card = ChartCard(chart.title, LineChart(), "rating")
            card.set_data(
                labels,
                (Series("Your rating", chart.values),),
                chart.low,
                chart.high,
                f"Your ratings from {chart.low} to {chart.high}, the last one of each week.",
            )
            self.ratings_box.addWidget(card)
            self.rating_cards.append(card)
        if data.differentiation is None:
            self.differentiation_figure.setText(
                NOT_YET.format(n=MIN_CHECKINS_FOR_DIFFERENTIATION, count=data.unpleasant_check_ins)
            )
        else:
            d = data.differentiation
            self.differentiation_figure.setText(
                f"Across {d.check_ins} check-ins and {d.families} families of hard feelings: "
                f"{d.differentiation:.2f} on a scale from 0 (they always moved together) "
                "to 1 (they moved quite separately)."
            )
