"""What every workbook we write shares: cells that are never run as formulas.

Excel, WPS and LibreOffice run a cell that starts with = + - @ (or a tab or carriage
return and then one of those) as a formula, so a customer named `=HYPERLINK(…)`
would become a live link. `safe_text` makes such text inert; control characters,
which Excel refuses, are removed.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal

_FORMULA_START = re.compile(r"^[\t\r]*[=+\-@]")
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def safe_text(text: str) -> str:
    """Text as written to a cell: control characters gone, formula starts quoted."""
    text = _ILLEGAL.sub("", text)
    if _FORMULA_START.match(text):
        return "'" + text
    return text


def needs_text_format(text: str) -> bool:
    """True when a writer must store this as a string cell, never a formula."""
    return bool(_FORMULA_START.match(text))


def cell_value(value: object) -> object:
    """A Python value as a cell value: Decimal to float, text made safe, None stays empty."""
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, (int, float, date, datetime)):
        return value
    return _ILLEGAL.sub("", str(value))
