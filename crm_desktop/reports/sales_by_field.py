"""The sales workbook's sheet by a choice custom field (按合作层级 …): one row an option.

Takes the plain breakdown the analysis made (`services.analysis.by_field`, passed in by
the report job) and writes customers, customers who bought, sales, share, the previous
period's sales and the change for each group, with totals that equal the by-customer
sheet's.
"""

from __future__ import annotations

from typing import Any

from crm_desktop.messages import msg
from crm_desktop.reports.xlsx_common import clean_cell_text

FieldBreakdown = Any  # services.analysis.by_field.FieldBreakdown (reports import no services)

SHEET_NAME_LIMIT = 31  # Excel's
_NOT_IN_SHEET_NAMES = str.maketrans({c: "_" for c in "[]:*?/\\"})

COLUMNS = ("customers", "customers_bought", "sales", "share", "previous_sales", "change")


def sheet_name(breakdown: FieldBreakdown, lang: str, taken: set[str]) -> str:
    """按合作层级 / By Industry: cut to Excel's 31 characters, kept apart from `taken`."""
    label = breakdown.field_label.render(lang)
    name = msg("custom_fields.by_field_sheet", label=label).render(lang)
    name = name.translate(_NOT_IN_SHEET_NAMES).strip("'")[:SHEET_NAME_LIMIT]
    base, n = name, 2
    while name.lower() in {t.lower() for t in taken}:
        suffix = f" ({n})"
        name, n = base[: SHEET_NAME_LIMIT - len(suffix)] + suffix, n + 1
    return name


def group_labels(breakdown: FieldBreakdown, lang: str) -> list[str]:
    """Each group's label in the reader's language, in the breakdown's order."""
    return [clean_cell_text(g.label.render(lang)) for g in breakdown.groups]


def write_by_field_sheet(book: Any, breakdown: FieldBreakdown, name: str) -> None:
    """The groups as rows of a sheet of `book` (reports.sales_xlsx's workbook helpers)."""
    ws = book.wb.add_worksheet(name)
    ws.hide_gridlines(2)
    book.widths(ws, (24, 10, 12, 16, 9, 16, 16))
    book.headers(ws, 0, (breakdown.field_label.render(book.lang), *COLUMNS))
    ws.freeze_panes(1, 1)
    groups = breakdown.groups
    total_sales = sum(g.sales_fen for g in groups)
    for r, (group, label) in enumerate(
        zip(groups, group_labels(breakdown, book.lang), strict=True), 1
    ):
        ws.write_string(r, 0, label, book.text)
        ws.write_number(r, 1, group.customers, book.integer)
        ws.write_number(r, 2, group.bought, book.integer)
        ws.write_number(r, 3, group.sales_fen / 100, book.money)
        if total_sales > 0:
            ws.write_number(r, 4, group.sales_fen / total_sales, book.percent)
        else:
            ws.write_blank(r, 4, None, book.percent)
        ws.write_number(r, 5, group.previous_fen / 100, book.money)
        ws.write_number(r, 6, (group.sales_fen - group.previous_fen) / 100, book.money)
    n = len(groups)
    book.sum_row(
        ws,
        n + 1,
        1,
        n,
        (None, "integer", "integer", "money", "percent", "money", "money"),
        (
            None,
            sum(g.customers for g in groups),
            sum(g.bought for g in groups),
            total_sales / 100,
            1.0 if total_sales > 0 else 0.0,
            sum(g.previous_fen for g in groups) / 100,
            sum(g.sales_fen - g.previous_fen for g in groups) / 100,
        ),
    )
