"""The Reports page tells a mistyped or reversed date range in plain words, never a traceback."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QMessageBox

from crm_desktop.ui.reports_page import ReportsPage

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.fixture
def warned(monkeypatch):
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: said.append(a[2]))
    return said


@pytest.fixture
def page(qtbot, admin):
    widget = ReportsPage(admin)
    qtbot.addWidget(widget)
    widget.show()
    return widget


@pytest.mark.parametrize("start", [QDate(1, 1, 1), QDate(1800, 6, 30)], ids=str)
def test_a_year_out_of_range_is_told_not_computed(qtbot, page, warned, start):
    """A start of 0001-01-01 (kept by the editor as its minimum, 1752) or in 1800: the
    figures and the export are refused with the range reports cover; no work starts."""
    page.to_edit.setDate(QDate(2025, 12, 31))
    page.from_edit.setDate(start)
    assert page.show_figures() is None
    assert page.export_to("/nonexistent/out.xlsx") is None
    assert len(warned) == 2
    assert "1900-01-01" in warned[0] and "2999-12-31" in warned[0]
    assert "Traceback" not in warned[0]


def test_a_reversed_range_is_told(qtbot, page, warned, monkeypatch):
    """An end before the start: a plain message for the figures and for the export."""
    page.from_edit.setDate(QDate(2025, 12, 31))
    page.to_edit.setDate(QDate(2025, 1, 1))
    assert page.show_figures() is None
    asked = []
    monkeypatch.setattr(
        "PySide6.QtWidgets.QFileDialog.getSaveFileName",
        lambda *a, **k: asked.append(a) or ("", ""),
    )
    page.choose_export()
    assert asked == []  # refused before asking for a file
    assert len(warned) == 2
    assert all("2025-12-31" in text and "2025-01-01" in text for text in warned)


def test_the_last_year_reports_cover_still_computes(qtbot, page, warned):
    """The widest range allowed (1900-01-01 to 2999-12-31) computes without an error."""
    page.from_edit.setDate(QDate(1900, 1, 1))
    page.to_edit.setDate(QDate(2999, 12, 31))
    assert page.period().start == date(1900, 1, 1)
    with qtbot.waitSignal(page.idle, timeout=30_000):
        operation = page.show_figures()
    assert operation is not None and operation.error is None
    assert warned == []
