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

from crm_desktop.messages import render

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


A4 = 9  # xlsxwriter's paper code
# columns a sheet may have and still be printed one page wide; a wider one (the customer
# export's 60-odd) would shrink to nothing, and is printed across pages instead
FIT_ACROSS_UP_TO = 20


def set_printing(workbook, lang: str | None = None) -> None:
    """How every sheet of an xlsxwriter workbook prints, set just before it is closed: A4,
    one page wide and as many down as it takes (a report's columns split over pages is
    what a manager printing it for a meeting meets first), landscape from seven columns
    or with a chart, the frozen heading rows repeated on every page, the page number at
    the foot."""
    footer = "&C" + render("export.page_footer", lang=lang)
    for sheet in workbook.worksheets():
        if not hasattr(sheet, "repeat_rows"):  # a chart sheet prints as it is
            continue
        columns = 0 if sheet.dim_colmax is None else sheet.dim_colmax + 1
        sheet.set_paper(A4)
        if columns > 6 or sheet.charts:  # a chart stands beside the tables
            sheet.set_landscape()
        if columns <= FIT_ACROSS_UP_TO:
            sheet.fit_to_pages(1, 0)
        if columns > 6 and sheet.charts and sheet.dim_rowmax is not None:
            # a chart beside a wide list (the customers' Pareto curve) would shrink the
            # list to half its size on paper: the list prints, the chart stays on screen
            sheet.print_area(0, 0, sheet.dim_rowmax, sheet.dim_colmax)
        heading = sheet.panes[0] if sheet.panes else 0
        if heading:
            sheet.repeat_rows(0, heading - 1)
        sheet.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
        sheet.set_footer(footer)
