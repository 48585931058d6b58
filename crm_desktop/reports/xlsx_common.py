"""What every workbook we write shares: text cells that are never run as formulas.

Excel, WPS and LibreOffice run a cell that starts with = + - @ (or a tab or carriage
return and then one of those) as a formula, so a customer named `=HYPERLINK(…)`
would become a live link. Such text is written as a string cell (xlsxwriter's
`write_string`, or openpyxl's data type "s" with a quote prefix style), so it reads
back as exactly the text and is never evaluated. Control characters, which the
file format forbids, are removed.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal

_FORMULA_START = re.compile(r"^[\t\r\n]*[=+\-@]")
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def clean_cell_text(text: str) -> str:
    """Text without the control characters that a workbook may not contain."""
    return _ILLEGAL.sub("", text)


def looks_like_formula(text: str) -> bool:
    """True when a spreadsheet would run this text as a formula if typed into a cell."""
    return bool(_FORMULA_START.match(text))


def cell_value(value: object) -> object:
    """A Python value as a cell value: Decimal to float, text cleaned, None stays empty."""
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, (int, float, date, datetime)):
        return value
    return clean_cell_text(str(value))


def write_cell(worksheet, row: int, col: int, value: object, fmt=None) -> None:
    """xlsxwriter: write any value; text always as a string cell, never a formula or URL."""
    value = cell_value(value)
    if value is None:
        worksheet.write_blank(row, col, None, fmt)
    elif isinstance(value, str):
        worksheet.write_string(row, col, value, fmt)
    elif isinstance(value, datetime):
        worksheet.write_datetime(row, col, value, fmt)
    elif isinstance(value, date):
        worksheet.write_datetime(row, col, datetime(value.year, value.month, value.day), fmt)
    elif isinstance(value, bool):
        worksheet.write_boolean(row, col, value, fmt)
    else:
        worksheet.write_number(row, col, value, fmt)


def set_openpyxl_text(cell, text: str) -> None:
    """openpyxl: put text in a cell as a string even when it starts with '='."""
    cell.value = clean_cell_text(text)
    if looks_like_formula(cell.value):
        cell.data_type = "s"
        cell.quotePrefix = True
