"""A cell as the merge compares it: one text for one value, whoever saved the file.

Excel, WPS and LibreOffice give a date back as a date or a date-time, a whole amount
as an int or a float, a number typed as text as text; the snapshot keeps dates as ISO
text. `norm` maps each of those to the same text, so an unchanged cell is unchanged.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?$")
EXCEL_EPOCH = datetime(1899, 12, 30)
TRUE_TEXTS = frozenset(
    {"是", "完成", "已完成", "√", "✓", "✔", "x", "y", "yes", "true", "1", "done"}
)


def _number(value: float) -> str:
    text = f"{round(float(value), 2):.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _moment(value: datetime) -> str:
    if value.time() == time(0):
        return value.date().isoformat()
    return value.isoformat(timespec="minutes")


def norm(value: object) -> str:
    """The compared text of a cell (empty for an empty cell)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, (int, float)):
        return _number(value)
    if isinstance(value, datetime):
        return _moment(value)
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).strip()
    if _NUMBER.match(text):
        return _number(float(text))
    if _ISO.match(text):
        try:
            return _moment(datetime.fromisoformat(text))
        except ValueError:
            return text
    return text


def as_moment(value: object) -> object:
    """A date column's cell: a bare serial number (a program that dropped the cell's date
    format) as the date-time it stands for; anything else as it is."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 0 < value < 2958466:
        moment = EXCEL_EPOCH + timedelta(days=float(value))
        return moment.replace(microsecond=0)
    return value


def same(a: object, b: object) -> bool:
    """Whether two cells hold the same value; `norm` only when they differ as they are
    (the usual unchanged text cell is one comparison)."""
    if a == b:
        return True
    if (a is None or a == "") and (b is None or b == ""):
        return True
    return norm(a) == norm(b)


def to_json(value: object) -> object:
    """A cell as the snapshot stores it (JSON): dates as ISO text."""
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def is_true(value: object) -> bool:
    """A 完成 cell that says done: 是, ✓, x, yes, true, 1 …"""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return value != 0
    return str(value or "").strip().lower() in TRUE_TEXTS


__all__ = ["TRUE_TEXTS", "as_moment", "is_true", "norm", "same", "to_json"]


def shown(value: object) -> str:
    """A conflict's value as the dialog and the CLI show it: nothing for empty, whole
    numbers without ".0"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
