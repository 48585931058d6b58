"""Export the Sales page's filtered lines (sales and payments) to an Excel workbook."""

from __future__ import annotations

import os
import time
from pathlib import Path

from crm_desktop.i18n import current_language, is_chinese
from crm_desktop.jobs.export import ExportResult, check_output
from crm_desktop.jobs.files import replacing
from crm_desktop.messages import msg
from crm_desktop.models import transaction
from crm_desktop.progress import Progress
from crm_desktop.reports.sales_lines_xlsx import LinesSheet, write_sales_lines_xlsx
from crm_desktop.services.auth import Actor
from crm_desktop.services.customers import audit
from crm_desktop.services.sales import PaymentLine, SaleLine
from crm_desktop.services.sales_ledger import (
    LedgerFilter,
    ledger_totals,
    method_label,
    payment_lines,
    sales_lines,
)

# (zh, en, kind) in column order
SALE_COLUMNS = (
    ("日期", "Date", "date"),
    ("客户代号", "Customer code", "text"),
    ("客户名称", "Customer", "text"),
    ("产品代号", "Product code", "text"),
    ("产品名称", "Product", "text"),
    ("数量", "Quantity", "decimal"),
    ("单价", "Unit price", "money"),
    ("金额", "Amount", "money"),
    ("业务员", "Salesperson", "text"),
    ("备注", "Note", "text"),
    ("作废原因", "Voided because", "text"),
)
PAYMENT_COLUMNS = (
    ("日期", "Date", "date"),
    ("客户代号", "Customer code", "text"),
    ("客户名称", "Customer", "text"),
    ("金额", "Amount", "money"),
    ("付款方式", "Method", "text"),
    ("凭证号", "Reference", "text"),
    ("经办人", "Recorded by", "text"),
    ("备注", "Note", "text"),
    ("作废原因", "Voided because", "text"),
)


def _titles(columns, lang: str) -> list[str]:
    return [zh if is_chinese(lang) else en for zh, en, _kind in columns]


def _sale_cells(line: SaleLine) -> tuple:
    return (
        line.date,
        line.customer_code,
        line.customer_name,
        line.product_code,
        line.product_name,
        float(line.quantity),
        float(line.unit_price),
        float(line.amount),
        line.salesperson,
        line.note,
        line.void_reason if line.voided_at else "",
    )


def _payment_cells(line: PaymentLine, lang: str) -> tuple:
    return (
        line.date,
        line.customer_code,
        line.customer_name,
        float(line.amount),
        method_label(line.method).render(lang),
        line.reference,
        line.recorded_by,
        line.note,
        line.void_reason if line.voided_at else "",
    )


def export_sales_lines(
    actor: Actor,
    out: str | os.PathLike,
    flt: LedgerFilter | None = None,
    *,
    lang: str | None = None,
    progress: Progress | None = None,
) -> ExportResult:
    """Write the lines of `flt` the actor sees, with a totals row on each sheet (voided
    lines, when shown, never counted), and record the export.

    Written under a temporary name and renamed into place: a failed or cancelled export
    leaves no file and no audit entry."""
    started = time.perf_counter()
    path = check_output(out)
    lang = lang or current_language()
    flt = flt or LedgerFilter()
    sold = sales_lines(actor, flt, limit=None)
    paid = payment_lines(actor, flt, limit=None)
    totals = ledger_totals(actor, flt)
    label = "合计" if is_chinese(lang) else "Total"
    sales_sheet = LinesSheet(
        msg("sales_page.export_title").render(lang),
        _titles(SALE_COLUMNS, lang),
        [k for _z, _e, k in SALE_COLUMNS],
        (_sale_cells(line) for line in sold),
        (label, "", "", "", "", float(totals.quantity), None, float(totals.amount), "", "", ""),
    )
    payments_sheet = LinesSheet(
        msg("sales_page.export_payments_title").render(lang),
        _titles(PAYMENT_COLUMNS, lang),
        [k for _z, _e, k in PAYMENT_COLUMNS],
        (_payment_cells(line, lang) for line in paid),
        (label, "", "", float(totals.payments), "", "", "", "", ""),
    )
    with replacing(Path(path)) as tmp:
        count = write_sales_lines_xlsx(
            tmp, sales_sheet, payments_sheet, total=len(sold), progress=progress
        )
    with transaction():
        audit(actor, "export.sales_lines", entity="sale", count=count, detail=path.name)
    return ExportResult(path, count, len(SALE_COLUMNS), time.perf_counter() - started)


__all__ = ["PAYMENT_COLUMNS", "SALE_COLUMNS", "export_sales_lines"]
