"""The Sales page's export: sales lines on one sheet, payments on another, each ending
with a totals row. Plain values in, a workbook out (no database)."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from crm_desktop.progress import Progress
from crm_desktop.reports.customers_xlsx import ExtraSheet, write_customers_xlsx


@dataclass(frozen=True)
class LinesSheet:
    """One sheet: its name, column titles and kinds (customers_xlsx.FORMATS), rows and
    the last row (the totals), written after the lines."""

    name: str
    headers: Sequence[str]
    kinds: Sequence[str]
    rows: Iterable[Sequence[object]]
    totals: Sequence[object]


def _with_totals(sheet: LinesSheet) -> Iterable[Sequence[object]]:
    yield from sheet.rows
    yield sheet.totals


def write_sales_lines_xlsx(
    path: str | os.PathLike,
    sales: LinesSheet,
    payments: LinesSheet,
    *,
    total: int = 0,
    progress: Progress | None = None,
) -> int:
    """Write both sheets to `path` (the caller renames it into place); returns how many
    sales lines were written, the totals row aside."""
    written = write_customers_xlsx(
        path,
        sales.headers,
        sales.kinds,
        _with_totals(sales),
        sheet_name=sales.name,
        total=total,
        progress=progress,
        extra=ExtraSheet(payments.name, payments.headers, payments.kinds, _with_totals(payments)),
    )
    return written - 1
