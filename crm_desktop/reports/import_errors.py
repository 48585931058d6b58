"""The rejected rows of an import as a workbook: the original cells plus a reason column.

The user fixes the rows in Excel and imports the file again; the extra columns
(错误原因 / Reason and 原行号 / Row in file, in the user's language) are recognised by
the importer and left out. The reasons arrive already in the user's language.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

import xlsxwriter

from crm_desktop.messages import render
from crm_desktop.reports.xlsx_common import set_printing, write_cell


def write_rejected_rows(
    path: str | Path,
    headers: Sequence[str],
    rows: Sequence[tuple[int, Sequence, str]],
    lang: str | None = None,
) -> Path:
    """Write (row number, original cells, reasons) rows under the file's own headers.

    Written to a temporary file in the same folder, then renamed: never half a file.
    """
    path = Path(path)
    fd, tmp = tempfile.mkstemp(suffix=".xlsx", prefix=".rejected-", dir=path.parent)
    os.close(fd)
    try:
        wb = xlsxwriter.Workbook(tmp, {"constant_memory": True, "strings_to_formulas": False})
        ws = wb.add_worksheet(render("importing.sheet_rejected", lang=lang))
        head = wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
        reason_head = wb.add_format({"bold": True, "bg_color": "#FCE4D6", "border": 1})
        date_fmt = wb.add_format({"num_format": "yyyy-mm-dd"})
        width = max([len(headers)] + [len(r[1]) for r in rows]) if rows else len(headers)
        for c in range(width):
            write_cell(ws, 0, c, headers[c] if c < len(headers) else "", head)
        write_cell(ws, 0, width, render("importing.col_reason", lang=lang), reason_head)
        write_cell(ws, 0, width + 1, render("importing.col_row", lang=lang), reason_head)
        for r, (number, cells, reason) in enumerate(rows, start=1):
            for c, value in enumerate(cells):
                fmt = date_fmt if isinstance(value, (date, datetime)) else None
                if isinstance(value, str) and len(value) > 32_767:
                    value = value[:32_767]  # the most a cell can hold
                write_cell(ws, r, c, value, fmt)
            write_cell(ws, r, width, reason)
            write_cell(ws, r, width + 1, number)
        ws.freeze_panes(1, 0)
        ws.set_column(0, width - 1 if width else 0, 16)
        ws.set_column(width, width, 60)
        set_printing(wb, lang)
        wb.close()
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return path
