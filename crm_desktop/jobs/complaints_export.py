"""Export a complaint list (the Complaints page's filter) to an Excel workbook."""

from __future__ import annotations

import os
import time
from datetime import datetime
from pathlib import Path

from crm_desktop.i18n import current_language, is_chinese
from crm_desktop.jobs.export import ExportResult, check_output
from crm_desktop.jobs.files import replacing
from crm_desktop.models import transaction
from crm_desktop.progress import Progress
from crm_desktop.reports.customers_xlsx import write_customers_xlsx
from crm_desktop.services import complaints
from crm_desktop.services.auth import Actor
from crm_desktop.services.complaints import ComplaintQuery, ComplaintRow
from crm_desktop.services.customers import audit

# (field, kind) in column order; the headers are the fields' labels
COLUMNS = (
    ("id", "int"),
    ("received_at", "text"),
    ("customer_code", "text"),
    ("customer", "text"),
    ("channel", "text"),
    ("category", "text"),
    ("severity", "text"),
    ("subject", "text"),
    ("product", "text"),
    ("handled_by", "text"),
    ("due_at", "text"),
    ("status", "text"),
    ("resolved_at", "text"),
    ("satisfaction", "int"),
)
_HEADERS = {"id": ("编号", "No."), "customer_code": ("客户代号", "Customer code")}


def _time(value: datetime | None) -> str:
    return f"{value:%Y-%m-%d %H:%M}" if value else ""


def _cells(row: ComplaintRow, lang: str, now: datetime) -> tuple:
    status = "overdue" if row.is_overdue(now) else row.status
    return (
        row.id,
        _time(row.received_at),
        row.customer_code,
        row.customer_name,
        complaints.channel_label(row.channel, lang),
        complaints.category_label(row.category, lang),
        complaints.severity_label(row.severity, lang),
        row.subject,
        row.product_name,
        row.handled_by,
        _time(row.due_at),
        complaints.status_label(status, lang),
        _time(row.resolved_at),
        row.satisfaction,
    )


def headers(lang: str) -> list[str]:
    """The columns' titles in the reader's language."""
    out = []
    for name, _kind in COLUMNS:
        pair = _HEADERS.get(name) or complaints.FIELD_LABELS[name]
        out.append(pair[0] if is_chinese(lang) else pair[1])
    return out


def export_complaints(
    actor: Actor,
    out: str | os.PathLike,
    query: ComplaintQuery | None = None,
    *,
    lang: str | None = None,
    progress: Progress | None = None,
) -> ExportResult:
    """Write the complaints the actor sees (those of `query`) to an .xlsx and record the export.

    Written under a temporary name and renamed into place: a failed or cancelled export
    leaves no file and no audit entry."""
    started = time.perf_counter()
    path = check_output(out)
    lang = lang or current_language()
    ids = complaints.complaint_ids(actor, query)
    now = datetime.now()

    def rows():
        for start in range(0, len(ids), 1000):
            for row in complaints.complaint_rows(actor, ids[start : start + 1000]):
                yield _cells(row, lang, now)

    with replacing(Path(path)) as tmp:
        count = write_customers_xlsx(
            tmp,
            headers(lang),
            [k for _n, k in COLUMNS],
            rows(),
            sheet_name="客户投诉" if is_chinese(lang) else "Complaints",
            total=len(ids),
            progress=progress,
        )
    with transaction():
        audit(actor, "export.complaints", entity="complaint", count=count, detail=path.name)
    return ExportResult(path, count, len(COLUMNS), time.perf_counter() - started)


__all__ = ["COLUMNS", "export_complaints", "headers"]
