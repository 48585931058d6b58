"""How the take-back compares cells: one text for one value, whoever saved the file."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from crm_desktop.services.sync.cells import as_moment, is_true, norm, same


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (date(2024, 1, 5), "2024-01-05"),
        (datetime(2024, 1, 5), "2024-01-05"),
        (datetime(2024, 1, 5, 9, 30), "2024-01-05T09:30:00"),
        (1234.5, "1234.50"),
        (30, 30.0),
        (None, ""),
        ("  广州白云商行 ", "广州白云商行"),
    ],
)
def test_same_value_in_other_forms_is_the_same(a, b):
    """A date, date-time, number or text re-saved in another form still compares equal."""
    assert same(a, b) and norm(a) == norm(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [("2024-01-05", "2024-01-06"), (1234.5, 1234.51), ("", "0"), ("是", "")],
)
def test_different_values_differ(a, b):
    """A real change is never hidden by the normalising."""
    assert not same(a, b)


def test_serial_number_in_a_date_column_is_a_date():
    """A date whose cell lost its date format (45296.0) reads as the date it stands for."""
    assert as_moment(45296.0) == datetime(2024, 1, 5)
    assert as_moment("2024-01-05") == "2024-01-05"


@pytest.mark.parametrize(
    ("value", "done"),
    [("是", True), ("✓", True), ("x", True), ("", False), ("否", False), (None, False), (1, True)],
)
def test_done_column_reads_the_usual_marks(value, done):
    """The 完成 column takes 是, ✓, x, 1 as done and anything else as not."""
    assert is_true(value) is done
