"""Printing rich text to PDF (progress reports, worksheets): QTextDocument onto QPdfWriter.

No widget is touched, so it may run on a worker thread (Qt 6 lays out and paints text
on any thread). `write_pdf` writes whole or not at all: into a temporary file beside
the target, then renamed over it.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QLocale, QMarginsF
from PySide6.QtGui import QFont, QPageLayout, QPageSize, QPdfWriter, QTextDocument

from course.fileio import fsync_dir, fsync_file, temp_path_beside

#: Paper sizes a PDF may be printed on, by the name used in settings and on the command line.
PAPER_SIZES = {"a4": QPageSize.PageSizeId.A4, "letter": QPageSize.PageSizeId.Letter}
PAPER_LABELS = {"a4": "A4", "letter": "US Letter"}
# Where Letter is the usual paper, beyond the places QLocale measures in US units.
_LETTER_TERRITORIES = {
    QLocale.Country.UnitedStates,
    QLocale.Country.Canada,
    QLocale.Country.Mexico,
    QLocale.Country.Philippines,
    QLocale.Country.Chile,
    QLocale.Country.Colombia,
}


def default_paper(locale: QLocale | None = None) -> str:
    """'letter' where that is the usual paper (the locale says so), else 'a4'."""
    locale = locale or QLocale()
    if (
        locale.measurementSystem() == QLocale.MeasurementSystem.ImperialUSSystem
        or locale.territory() in _LETTER_TERRITORIES
    ):
        return "letter"
    return "a4"


def html_document(html: str, style: str, point_size: float = 10.5) -> QTextDocument:
    """The document that `print_html` prints, for tests and previews to read."""
    document = QTextDocument()
    font = QFont()
    font.setPointSizeF(point_size)
    document.setDefaultFont(font)
    document.setDefaultStyleSheet(style)
    document.setHtml(html)
    return document


def print_html(html: str, path: Path, *, title: str, style: str, paper: str = "a4") -> None:
    """Print `html` to a PDF at `path` (overwritten), on `paper` ('a4' or 'letter').

    QTextDocument adds a page number at the foot of each page when it paginates the
    document itself, which it does here because no page size is set on it.
    """
    document = html_document(html, style)
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(PAPER_SIZES[paper]))
    writer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter)
    writer.setResolution(300)
    writer.setTitle(title)
    writer.setCreator("Bridgework")
    document.print_(writer)
    del writer  # the file is complete once the writer is gone


def write_pdf(html: str, path: Path, *, title: str, style: str, paper: str = "a4") -> Path:
    """Print to a temporary file beside `path`, then put it in place: whole or not at all.

    Raises OSError (a full disk, a folder that cannot be written) with nothing left behind.
    """
    path = Path(path)
    temp = temp_path_beside(path)
    try:
        print_html(html, temp, title=title, style=style, paper=paper)
        if temp.stat().st_size == 0:
            # QPdfWriter reports no errors: an empty file is how a failed write shows.
            raise OSError("the PDF came out empty (is the disk full?)")
        fsync_file(temp)
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)
    return path
