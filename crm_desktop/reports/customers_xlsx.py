"""The customer list workbook: one row per customer, one column per card field, and the
customers' contacts on a second sheet.

Takes plain data (headers, column kinds, rows of cell values) and a path; knows no
database. Written with xlsxwriter in constant_memory mode (rows stream to disk, so
100k customers need little memory); every text goes through `write_cell`, so a name
like ``=HYPERLINK(...)`` stays text.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

import xlsxwriter

from crm_desktop.progress import Progress
from crm_desktop.reports.xlsx_common import set_printing, write_cell

# number formats by field kind
FORMATS = {
    "money": "#,##0.00",
    "decimal": "#,##0.00",
    "int": "0",
    "date": "yyyy-mm-dd",
}
MIN_WIDTH, MAX_WIDTH = 6, 50
WIDTH_SAMPLE = 300  # rows looked at to size the columns
PROGRESS_EVERY = 1000  # rows between progress calls (a progress callback may raise to cancel)


def text_width(text: str) -> int:
    """Display width: a Chinese character takes two columns."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _width(kind: str, header: str, sample: Iterable[object]) -> float:
    if kind == "date":
        body = 11
    elif kind in ("money", "decimal"):
        body = max((len(f"{v:,.2f}") for v in sample if isinstance(v, (int, float))), default=8)
    else:
        body = max(
            (text_width(str(v).split("\n", 1)[0]) for v in sample if v not in (None, "")),
            default=4,
        )
    return float(min(MAX_WIDTH, max(MIN_WIDTH, body + 2, text_width(header) + 3)))


@dataclass(frozen=True)
class ExtraSheet:
    """Another sheet of the workbook (the contacts): its name, headers, kinds and rows."""

    name: str
    headers: Sequence[str]
    kinds: Sequence[str]
    rows: Iterable[Sequence[object]]


def write_customers_xlsx(
    path: str | os.PathLike,
    headers: Sequence[str],
    kinds: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    sheet_name: str = "Customers",
    total: int = 0,
    progress: Progress | None = None,
    extra: ExtraSheet | None = None,
) -> int:
    """Write the workbook to `path` (the caller renames it into place); returns the row count
    of the first sheet. `extra` (the contacts) follows on a sheet of its own.

    `progress` steps every PROGRESS_EVERY rows (of `total`); its cancel raises `Cancelled`
    and the caller removes the unfinished file."""
    path = Path(path)
    workbook = xlsxwriter.Workbook(
        str(path),
        {"constant_memory": True, "strings_to_numbers": False, "strings_to_formulas": False},
    )
    try:
        header_fmt = workbook.add_format(
            {
                "bold": True,
                "bg_color": "#DCE6F1",
                "border": 1,
                "text_wrap": True,
                "valign": "vcenter",
            }
        )
        formats = {k: workbook.add_format({"num_format": f}) for k, f in FORMATS.items()}
        n = _write_sheet(
            workbook, sheet_name, headers, kinds, rows, header_fmt, formats, total, progress
        )
        if progress is not None:
            progress.step(n, total or n)  # the last rows; a cancel asked meanwhile stops here
        if extra is not None:
            _write_sheet(
                workbook, extra.name, extra.headers, extra.kinds, extra.rows, header_fmt, formats
            )
        set_printing(workbook)
    finally:
        workbook.close()
    return n


def _write_sheet(
    workbook: xlsxwriter.Workbook,
    name: str,
    headers: Sequence[str],
    kinds: Sequence[str],
    rows: Iterable[Sequence[object]],
    header_fmt: object,
    formats: dict,
    total: int = 0,
    progress: Progress | None = None,
) -> int:
    """One sheet: styled, frozen header, widths from the first rows, autofilter."""
    sheet = workbook.add_worksheet(name[:31])
    cell_formats = [formats.get(k) for k in kinds]
    rows = iter(rows)
    head = list(islice(rows, WIDTH_SAMPLE))
    for col, (kind, header) in enumerate(zip(kinds, headers, strict=True)):
        sheet.set_column(col, col, _width(kind, header, (r[col] for r in head)))
    sheet.set_row(0, 30)
    for col, header in enumerate(headers):
        write_cell(sheet, 0, col, header, header_fmt)
    sheet.freeze_panes(1, 1)
    n = 0
    for row in _chain(head, rows):
        n += 1
        for col, value in enumerate(row):
            if value is None or value == "":
                continue  # constant_memory: skipping empty cells keeps the file small
            write_cell(sheet, n, col, value, cell_formats[col])
        if progress is not None and n % PROGRESS_EVERY == 0:
            progress.step(n, total)
    sheet.autofilter(0, 0, max(n, 1), len(headers) - 1)
    return n


def _chain(first: list, rest: Iterable) -> Iterable:
    yield from first
    yield from rest
