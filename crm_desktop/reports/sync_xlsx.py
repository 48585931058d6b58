"""The for-update workbook a salesperson takes on the road, and the conflicts workbook.

Plain data in (sheets of columns and rows, the identity lines), a file out; no
database. Editable cells are plain; read-only columns are grey with a note on their
header; choice columns offer their labels in a validation list; dates are real dates;
the identity columns and the sheet of column keys are hidden.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name

from crm_desktop.progress import Progress
from crm_desktop.reports.customers_xlsx import FORMATS, _width
from crm_desktop.reports.xlsx_common import set_printing, write_cell

GREY = "#E7E6E6"
PROGRESS_EVERY = 1000
LIST_INLINE_MAX = 250  # characters a validation list may hold inline


def write_for_update(
    path: str | os.PathLike,
    sheets: Sequence,
    meta_name: str,
    identity: Sequence[tuple[str, str]],
    read_only_note: str,
    *,
    progress: Progress | None = None,
) -> int:
    """Write the sheets (layout.Sheet: key, name, columns, rows) and the hidden sheet of
    `identity` lines and column keys; returns the first sheet's row count."""
    workbook = xlsxwriter.Workbook(
        str(Path(path)),
        {"constant_memory": True, "strings_to_numbers": False, "strings_to_formulas": False},
    )
    try:
        header = workbook.add_format(
            {
                "bold": True,
                "bg_color": "#DCE6F1",
                "border": 1,
                "text_wrap": True,
                "valign": "vcenter",
            }
        )
        header_ro = workbook.add_format(
            {
                "bold": True,
                "bg_color": "#BFBFBF",
                "border": 1,
                "text_wrap": True,
                "valign": "vcenter",
            }
        )
        formats = {k: workbook.add_format({"num_format": f}) for k, f in FORMATS.items()}
        formats["datetime"] = workbook.add_format({"num_format": "yyyy-mm-dd hh:mm"})
        grey = {
            k: workbook.add_format({"num_format": f, "bg_color": GREY}) for k, f in FORMATS.items()
        }
        grey["text"] = workbook.add_format({"bg_color": GREY})
        worksheets = [workbook.add_worksheet(s.name[:31]) for s in sheets]
        meta = workbook.add_worksheet(meta_name)
        meta.hide()
        r = 0
        for key, value in identity:
            write_cell(meta, r, 0, key)
            write_cell(meta, r, 1, value)
            r += 1
        for s in sheets:
            write_cell(meta, r, 0, "sheet")
            write_cell(meta, r, 1, s.key)
            write_cell(meta, r, 2, s.name[:31])
            r += 1
        lists: list[tuple[str, tuple[str, ...]]] = []
        for s in sheets:
            for c in s.columns:
                write_cell(meta, r, 0, "column")
                write_cell(meta, r, 1, s.key)
                write_cell(meta, r, 2, c.key)
                write_cell(meta, r, 3, c.header)
                r += 1
        # long choice lists live in the hidden sheet, one column each (from column F)
        for s in sheets:
            for c in s.columns:
                long = c.choices and len(",".join(c.choices)) > LIST_INLINE_MAX
                if long and all(ch != c.choices for _k, ch in lists):
                    lists.append((c.key, c.choices))
        list_ranges: dict[tuple[str, ...], str] = {}
        # constant_memory writes rows in order: the list columns are written after the
        # key lines, from the row reached, and referenced from there
        if lists:
            base = r
            for j, (_key, choices) in enumerate(lists):
                letter = xl_col_to_name(5 + j)
                list_ranges[choices] = (
                    f"='{meta_name}'!${letter}${base + 1}:${letter}${base + len(choices)}"
                )
            for i in range(max(len(ch) for _k, ch in lists)):
                for j, (_key, choices) in enumerate(lists):
                    if i < len(choices):
                        write_cell(meta, base + i, 5 + j, choices[i])
        first = 0
        for n, (s, ws) in enumerate(zip(sheets, worksheets, strict=True)):
            count = _write_sheet(
                ws,
                s,
                header,
                header_ro,
                formats,
                grey,
                read_only_note,
                list_ranges,
                progress if n == 0 else None,
            )
            if n == 0:
                first = count
        set_printing(workbook)
    finally:
        workbook.close()
    return first


def _write_sheet(ws, s, header, header_ro, formats, grey, note, list_ranges, progress) -> int:
    columns = s.columns
    for col, c in enumerate(columns):
        kind = "date" if c.kind == "datetime" else c.kind
        width = (
            18.0 if c.kind == "datetime" else _width(kind, c.header, (r[col] for r in s.rows[:300]))
        )
        ws.set_column(col, col, width, None, {"hidden": True} if c.hidden else None)
    ws.set_row(0, 30)
    for col, c in enumerate(columns):
        write_cell(ws, 0, col, c.header, header_ro if c.read_only else header)
        if c.read_only:
            ws.write_comment(0, col, note)
    ws.freeze_panes(1, 1)
    last = max(len(s.rows), 1) + 500  # room for new rows under the list
    for col, c in enumerate(columns):
        if c.read_only or not c.choices:
            continue
        source = list_ranges.get(c.choices) or list(c.choices)
        ws.data_validation(
            1, col, last, col, {"validate": "list", "source": source, "ignore_blank": True}
        )
    fmts = [
        (grey.get(c.kind if c.kind in grey else "text") if c.read_only else formats.get(c.kind))
        for c in columns
    ]
    n = 0
    for row in s.rows:
        n += 1
        for col, value in enumerate(row):
            if value is None or value == "":
                if fmts[col] is not None and columns[col].read_only:
                    ws.write_blank(n, col, None, fmts[col])
                continue
            write_cell(ws, n, col, value, fmts[col])
        if progress is not None and n % PROGRESS_EVERY == 0:
            progress.step(n, len(s.rows))
    ws.autofilter(0, 0, max(n, 1), len(columns) - 1)
    return n


def write_conflicts(
    path: str | os.PathLike, sheet_name: str, headers: Sequence[str], rows: Sequence[Sequence]
) -> Path:
    """The conflicts left undecided, one row per field: to read, decide, and redo."""
    path = Path(path)
    workbook = xlsxwriter.Workbook(
        str(path), {"strings_to_numbers": False, "strings_to_formulas": False}
    )
    try:
        ws = workbook.add_worksheet(sheet_name[:31])
        bold = workbook.add_format({"bold": True, "bg_color": "#DCE6F1", "border": 1})
        for col, h in enumerate(headers):
            write_cell(ws, 0, col, h, bold)
            ws.set_column(col, col, _width("text", h, (r[col] for r in rows)))
        for i, row in enumerate(rows, start=1):
            for col, value in enumerate(row):
                write_cell(ws, i, col, value)
        ws.freeze_panes(1, 0)
        ws.autofilter(0, 0, max(len(rows), 1), len(headers) - 1)
        set_printing(workbook)
    finally:
        workbook.close()
    return path


__all__ = ["write_conflicts", "write_for_update"]
