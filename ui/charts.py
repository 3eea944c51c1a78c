"""Small charts drawn with QPainter, each with a table as its text alternative.

Why QPainter and not QtCharts/QtGraphs or pyqtgraph: see docs/charts.md (measured:
they add tens to hundreds of megabytes and a slower first import for a handful of
lines and bars). These widgets draw from plain numbers, take their colours from the
palette (so all three themes, high contrast included, apply), and put the same
numbers in a `QTableWidget` that a screen reader can walk; "Show as a table" swaps
one for the other.

Imported only by the Insights page, which is itself imported when it first opens.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

SHOW_TABLE = "Show as a table"
SHOW_CHART = "Show as a chart"
NO_DATA = "Nothing to show here yet."
# Okabe and Ito's palette, chosen to stay distinct for the common kinds of colour
# blindness; lines also differ by dash pattern, so colour is never the only cue.
SERIES_COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
DASHES = (Qt.PenStyle.SolidLine, Qt.PenStyle.DashLine, Qt.PenStyle.DotLine)
MAX_MARKED_POINTS = 60
# How each line is drawn, in words for the legend (DASHES, in the same order).
LINE_WORDS = ("━━ solid line:", "╍╍ dashed line:", "┈┈ dotted line:")


@dataclass(frozen=True, slots=True)
class Series:
    """One named row of values, one per x label (None where there is no value)."""

    name: str
    values: tuple[float | None, ...]


class _Plot(QWidget):
    """The drawing area shared by the chart kinds: margins, axis, labels."""

    MARGIN = 8.0

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.x_labels: tuple[str, ...] = ()
        self.series: tuple[Series, ...] = ()
        self.low, self.high = 0.0, 1.0
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def set_data(
        self, x_labels: Sequence[str], series: Sequence[Series], low: float, high: float
    ) -> None:
        self.x_labels = tuple(x_labels)
        self.series = tuple(series)
        self.low, self.high = low, max(high, low + 1e-9)
        self.updateGeometry()
        self.update()

    def text_colour(self) -> QColor:
        return self.palette().color(self.foregroundRole())

    def grid_colour(self) -> QColor:
        colour = self.text_colour()
        colour.setAlphaF(0.25)
        return colour

    def colour(self, index: int) -> QColor:
        return QColor(SERIES_COLOURS[index % len(SERIES_COLOURS)])


class LineChart(_Plot):
    """Lines over time, one per series, with the value range written on the axis."""

    def sizeHint(self) -> QSize:
        return QSize(480, 200)

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self.x_labels or not self.series:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = QFontMetricsF(self.font())
        axis_width = max(metrics.horizontalAdvance(_number(v)) for v in (self.low, self.high))
        left = self.MARGIN + axis_width + 6
        top = self.MARGIN + metrics.height() / 2
        bottom = self.height() - self.MARGIN - metrics.height() - 4
        right = self.width() - self.MARGIN
        area = QRectF(left, top, max(1.0, right - left), max(1.0, bottom - top))
        painter.setPen(QPen(self.grid_colour(), 1))
        painter.drawLine(area.bottomLeft(), area.bottomRight())
        painter.drawLine(area.topLeft(), area.topRight())
        painter.setPen(self.text_colour())
        for value, y in ((self.high, area.top()), (self.low, area.bottom())):
            rect = QRectF(self.MARGIN, y - metrics.height() / 2, axis_width, metrics.height())
            painter.drawText(rect, Qt.AlignmentFlag.AlignRight, _number(value))
        count = len(self.x_labels)
        for index in sorted({0, count - 1}):
            x = _x(area, index, count)
            label = self.x_labels[index]
            width = metrics.horizontalAdvance(label)
            x = min(max(area.left(), x - width / 2), area.right() - width)
            painter.drawText(QPointF(x, self.height() - self.MARGIN), label)

        for number, series in enumerate(self.series):
            pen = QPen(self.colour(number), 2.5)
            pen.setStyle(DASHES[number % len(DASHES)])
            painter.setPen(pen)
            path = QPainterPath()
            started = False
            points: list[QPointF] = []
            for index, reading in enumerate(series.values):
                if reading is None:
                    started = False
                    continue
                point = QPointF(_x(area, index, count), _y(area, reading, self.low, self.high))
                points.append(point)
                if started:
                    path.lineTo(point)
                else:
                    path.moveTo(point)
                    started = True
            painter.drawPath(path)
            if len(points) <= MAX_MARKED_POINTS:  # dots help few points; many just blur
                painter.setBrush(self.colour(number))
                painter.setPen(Qt.PenStyle.NoPen)
                for point in points:
                    painter.drawEllipse(point, 3.0, 3.0)
                painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.end()


class StripChart(_Plot):
    """One row of bars per series (small multiples), bars sharing one scale.

    Used for "feelings by family over time": thirteen rows stay readable where
    thirteen stacked colours would not.
    """

    ROW_HEIGHT = 26.0

    def sizeHint(self) -> QSize:
        return QSize(480, int(self.ROW_HEIGHT * max(1, len(self.series)) + 2 * self.MARGIN + 18))

    def minimumSizeHint(self) -> QSize:
        return QSize(240, self.sizeHint().height())

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self.x_labels or not self.series:
            return
        painter = QPainter(self)
        metrics = QFontMetricsF(self.font())
        label_width = max(metrics.horizontalAdvance(s.name) for s in self.series) + 10
        left = self.MARGIN + label_width
        right = self.width() - self.MARGIN
        count = len(self.x_labels)
        slot = max(1.0, (right - left) / count)
        bar = max(1.0, slot * 0.7)
        accent = self.palette().color(self.palette().ColorRole.Highlight)
        for row, series in enumerate(self.series):
            top = self.MARGIN + row * self.ROW_HEIGHT
            base = top + self.ROW_HEIGHT - 4
            painter.setPen(self.text_colour())
            label_rect = QRectF(self.MARGIN, top, label_width - 10, self.ROW_HEIGHT)
            painter.drawText(
                label_rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, series.name
            )
            painter.setPen(QPen(self.grid_colour(), 1))
            painter.drawLine(QPointF(left, base), QPointF(right, base))
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(accent)
            for index, value in enumerate(series.values):
                if not value:
                    continue
                height = (self.ROW_HEIGHT - 8) * (value - self.low) / (self.high - self.low)
                x = left + index * slot + (slot - bar) / 2
                painter.drawRect(QRectF(x, base - height, bar, height))
        painter.setPen(self.text_colour())
        y = self.MARGIN + len(self.series) * self.ROW_HEIGHT + metrics.ascent() + 2
        painter.drawText(QPointF(left, y), self.x_labels[0])
        last = self.x_labels[-1]
        painter.drawText(QPointF(right - metrics.horizontalAdvance(last), y), last)
        painter.end()


class ChartCard(QWidget):
    """A titled chart with a one-line summary and its table, one click apart."""

    def __init__(
        self, title: str, chart: _Plot, value_heading: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.chart = chart
        self.value_heading = value_heading
        self.title = QLabel(title, self)
        self.title.setObjectName("chartTitle")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        # A rating chart's title is the prompt, a whole sentence: unwrapped, it set the
        # page's minimum width and gave Insights a sideways scroll bar at 1100x720.
        self.title.setWordWrap(True)
        self.summary = QLabel(self)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        self.table = QTableWidget(self)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAccessibleName(f"{title}, as a table")
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # Which line is which, in words beside the colour and the dash.
        self.legend = QLabel(self)
        self.legend.setTextFormat(Qt.TextFormat.RichText)  # our own words and colours only
        self.legend.setWordWrap(True)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(chart)
        self.stack.addWidget(self.table)
        self.toggle = QPushButton(SHOW_TABLE, self)
        self.toggle.setAccessibleName(f"{title}: {SHOW_TABLE.lower()}")
        self.toggle.setAutoDefault(False)
        self.toggle.clicked.connect(self.toggle_table)
        chart.setAccessibleName(title)
        self._table_data: tuple[tuple[str, ...], tuple[Series, ...]] = ((), ())
        self._table_filled = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.summary)
        layout.addWidget(self.stack)
        layout.addWidget(self.legend)
        layout.addWidget(self.toggle, 0, Qt.AlignmentFlag.AlignLeft)

    def set_data(
        self,
        x_labels: Sequence[str],
        series: Sequence[Series],
        low: float,
        high: float,
        summary: str,
    ) -> None:
        has_data = any(v is not None for s in series for v in s.values)
        self.summary.setText(summary if has_data else NO_DATA)
        self.chart.set_data(x_labels, series, low, high)
        self.chart.setVisible(has_data)
        self.chart.setAccessibleDescription(summary if has_data else NO_DATA)
        self.toggle.setVisible(has_data)
        named = [x for x in series if x.name] if isinstance(self.chart, LineChart) else []
        self.legend.setVisible(has_data and len(named) > 1)
        self.legend.setText(
            "&nbsp;&nbsp;&nbsp;".join(
                f'<span style="color:{SERIES_COLOURS[n % len(SERIES_COLOURS)]}">'
                f"{LINE_WORDS[n % len(LINE_WORDS)]}</span> {html.escape(x.name)}"
                for n, x in enumerate(named)
            )
        )
        # The table is filled when it is first asked for: thousands of cells cost more
        # than the chart, and most visits never open it.
        self._table_data = (tuple(x_labels), tuple(series))
        self._table_filled = False
        if self.showing_table():
            self._fill_table(*self._table_data)

    def showing_table(self) -> bool:
        return self.stack.currentWidget() is self.table

    def toggle_table(self) -> None:
        show_table = not self.showing_table()
        if show_table and not self._table_filled:
            self._fill_table(*self._table_data)
        self.stack.setCurrentWidget(self.table if show_table else self.chart)
        text = SHOW_CHART if show_table else SHOW_TABLE
        self.toggle.setText(text)
        self.toggle.setAccessibleName(f"{self.title.text()}: {text.lower()}")

    def _fill_table(self, x_labels: Sequence[str], series: Sequence[Series]) -> None:
        # One row per x label (a day or week), one column per series: read row by row.
        self._table_filled = True
        self.table.clear()
        self.table.setRowCount(len(x_labels))
        self.table.setColumnCount(1 + len(series))
        self.table.setHorizontalHeaderLabels(
            ["When", *[s.name or self.value_heading for s in series]]
        )
        self.table.verticalHeader().setVisible(False)
        for row, label in enumerate(x_labels):
            self.table.setItem(row, 0, QTableWidgetItem(label))
            for column, s in enumerate(series, start=1):
                value = s.values[row] if row < len(s.values) else None
                self.table.setItem(
                    row, column, QTableWidgetItem("" if value is None else _number(value))
                )


def _x(area: QRectF, index: int, count: int) -> float:
    return area.left() + (area.width() * index / (count - 1) if count > 1 else area.width() / 2)


def _y(area: QRectF, value: float, low: float, high: float) -> float:
    return area.bottom() - area.height() * (value - low) / (high - low)


def _number(value: float) -> str:
    """A number for people: whole numbers without ".0", others to one decimal place."""
    rounded = round(value, 1)
    return str(int(rounded)) if rounded == int(rounded) else f"{rounded:.1f}"
