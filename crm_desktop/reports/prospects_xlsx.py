"""The 潜在客户名册 workbook: a summary sheet (each source's customers by stage, the share
converted to 预期 and 现实, totals as formulas) and a sheet of customers per list.

Takes plain data (texts, counts, rows of cell values) and a path; knows no database.
xlsxwriter in constant_memory mode (rows stream to disk, each sheet written whole before
the next); every text goes through `write_cell`, so a name like ``=HYPERLINK(...)``
stays text. Formulas carry their computed value, so a reader that does not calculate
(python-calamine, a preview) shows the numbers too.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import xlsxwriter
from xlsxwriter.utility import xl_rowcol_to_cell

from crm_desktop.progress import Progress
from crm_desktop.reports.customers_xlsx import FORMATS, PROGRESS_EVERY, text_width
from crm_desktop.reports.xlsx_common import set_printing, write_cell


@dataclass(frozen=True)
class SummarySheet:
    """The first sheet: one row per source with its counts by stage (in `stages` order).

    `headers`: source, customers, one per stage, share prospective, share current,
    converted share; `total_label` names the last row."""

    name: str
    headers: Sequence[str]
    rows: Sequence[tuple[str, Sequence[int]]]
    total_label: str
    prospective: int  # index of the prospective stage among the counts
    current: int  # index of the current stage


@dataclass(frozen=True)
class ListSheet:
    """A sheet of one list's customers: its name (the source), headers, kinds and rows."""

    name: str
    headers: Sequence[str]
    kinds: Sequence[str]
    rows: Iterable[Sequence[object]]


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def write_prospects_xlsx(
    path: str | os.PathLike,
    summary: SummarySheet,
    lists: Iterable[ListSheet],
    *,
    total: int = 0,
    progress: Progress | None = None,
) -> int:
    """Write the workbook to `path` (the caller renames it into place); returns the number
    of customer rows written. `progress` steps every PROGRESS_EVERY rows of `total`; its
    cancel raises `Cancelled` and the caller removes the unfinished file."""
    book = xlsxwriter.Workbook(
        str(Path(path)),
        {"constant_memory": True, "strings_to_numbers": False, "strings_to_formulas": False},
    )
    try:
        header = book.add_format(
            {"bold": True, "bg_color": "#DCE6F1", "border": 1, "text_wrap": True}
        )
        styles = {
            "int": book.add_format({"num_format": "0"}),
            "percent": book.add_format({"num_format": "0.0%"}),
            "total": book.add_format({"bold": True, "top": 1}),
            "total_int": book.add_format({"bold": True, "top": 1, "num_format": "0"}),
            "total_percent": book.add_format({"bold": True, "top": 1, "num_format": "0.0%"}),
            **{k: book.add_format({"num_format": f}) for k, f in FORMATS.items()},
        }
        _summary(book, summary, header, styles)
        written = 0
        for sheet in lists:
            written = _list(book, sheet, header, styles, written, total, progress)
        if progress is not None:
            progress.step(written, total or written)
        set_printing(book)
    finally:
        book.close()
    return written


def _summary(book, summary: SummarySheet, header, styles: dict) -> None:
    ws = book.add_worksheet(summary.name[:31])
    stages = len(summary.rows[0][1]) if summary.rows else 0
    ws.set_column(0, 0, max(12, max((text_width(r[0]) for r in summary.rows), default=8) + 2))
    ws.set_column(1, len(summary.headers) - 1, 11)
    ws.set_row(0, 30)
    for col, title in enumerate(summary.headers):
        write_cell(ws, 0, col, title, header)
    ws.freeze_panes(1, 1)
    first, last = 1, len(summary.rows)
    prospective_col, current_col = 2 + summary.prospective, 2 + summary.current
    share_col = 2 + stages

    def shares(row: int, counts: Sequence[int], whole: int, style) -> None:
        cell = lambda c: xl_rowcol_to_cell(row, c)  # noqa: E731
        parts = (
            (cell(prospective_col), counts[summary.prospective]),
            (cell(current_col), counts[summary.current]),
            (f"({cell(prospective_col)}+{cell(current_col)})", None),
        )
        converted = counts[summary.prospective] + counts[summary.current]
        for offset, (ref, part) in enumerate(parts):
            value = _share(converted if part is None else part, whole)
            formula = f"=IF({cell(1)}=0,0,{ref}/{cell(1)})"
            ws.write_formula(row, share_col + offset, formula, style, value)

    for row, (label, counts) in enumerate(summary.rows, start=1):
        write_cell(ws, row, 0, label)
        whole = sum(counts)
        span = f"{xl_rowcol_to_cell(row, 2)}:{xl_rowcol_to_cell(row, 1 + stages)}"
        ws.write_formula(row, 1, f"=SUM({span})", styles["int"], whole)
        for col, n in enumerate(counts, start=2):
            write_cell(ws, row, col, n, styles["int"])
        shares(row, counts, whole, styles["percent"])
    row = last + 1
    write_cell(ws, row, 0, summary.total_label, styles["total"])
    totals = [sum(r[1][i] for r in summary.rows) for i in range(stages)]
    for col in range(1, 2 + stages):
        span = f"{xl_rowcol_to_cell(first, col)}:{xl_rowcol_to_cell(last, col)}"
        value = sum(totals) if col == 1 else totals[col - 2]
        ws.write_formula(row, col, f"=SUM({span})", styles["total_int"], value)
    shares(row, totals, sum(totals), styles["total_percent"])


def _list(
    book,
    sheet: ListSheet,
    header,
    styles: dict,
    written: int,
    total: int,
    progress: Progress | None,
) -> int:
    ws = book.add_worksheet(sheet.name[:31])
    for col, (kind, title) in enumerate(zip(sheet.kinds, sheet.headers, strict=True)):
        width = 11 if kind == "date" else max(10, text_width(title) + 3)
        ws.set_column(col, col, min(40, 24 if col == 1 else width))
    ws.set_row(0, 30)
    for col, title in enumerate(sheet.headers):
        write_cell(ws, 0, col, title, header)
    ws.freeze_panes(1, 2)
    cell_styles = [styles.get(k) for k in sheet.kinds]
    n = 0
    for n, values in enumerate(sheet.rows, start=1):
        for col, value in enumerate(values):
            if value is not None and value != "":
                write_cell(ws, n, col, value, cell_styles[col])
        written += 1
        if progress is not None and written % PROGRESS_EVERY == 0:
            progress.step(written, total)
    ws.autofilter(0, 0, max(n, 1), len(sheet.headers) - 1)
    return written
