"""Export customer cards to an Excel workbook: the list's filter and columns, or everything."""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from crm_desktop.errors import UserError
from crm_desktop.i18n import current_language, is_chinese
from crm_desktop.jobs.files import replacing
from crm_desktop.models import transaction
from crm_desktop.progress import Progress
from crm_desktop.reports.customers_xlsx import ExtraSheet, write_customers_xlsx
from crm_desktop.services import export
from crm_desktop.services.auth import Actor
from crm_desktop.services.contact_rows import contact_headers, contact_rows
from crm_desktop.services.customers import CustomerQuery, audit, customer_ids


@dataclass(frozen=True)
class ExportResult:
    """What an export wrote."""

    path: Path
    rows: int
    columns: int
    seconds: float


def check_output(out: str | os.PathLike) -> Path:
    """The absolute path of a new .xlsx in an existing folder, or a plain refusal."""
    path = Path(out).expanduser().absolute()
    if path.suffix.lower() != ".xlsx":
        raise UserError("export.not_xlsx", name=path.name)
    if path.is_dir():
        raise UserError("jobs.out_is_folder", path=str(path))
    if not path.parent.is_dir():
        raise UserError("jobs.no_folder", path=str(path), folder=str(path.parent))
    return path


def export_customers(
    actor: Actor,
    out: str | os.PathLike,
    query: CustomerQuery | None = None,
    columns: Sequence[str] | None = None,
    *,
    lang: str | None = None,
    progress: Progress | None = None,
) -> ExportResult:
    """Write the customers (all, or those of `query`) to an .xlsx, then record who exported.

    The workbook is written to a temporary name beside `out` and renamed into place, so
    a failed or cancelled export never leaves a half file (nor replaces a good one), and
    leaves no audit entry. `progress` steps every 1,000 rows.
    """
    started = time.perf_counter()
    export.require_bulk_export(actor)
    path = check_output(out)
    lang = lang or current_language()
    fields, total, rows = export.export_rows(actor, query, columns, lang)
    headers = [f.label(lang) for f in fields]
    with replacing(Path(path)) as tmp:
        count = write_customers_xlsx(
            tmp,
            headers,
            [f.kind for f in fields],
            rows,
            sheet_name="客户" if is_chinese(lang) else "Customers",
            total=total,
            progress=progress,
            extra=ExtraSheet(
                "联系人" if is_chinese(lang) else "Contacts",
                *contact_headers(lang),
                contact_rows(customer_ids(actor, query or CustomerQuery(sort="code")), lang),
            ),
        )
    with transaction():
        audit(
            actor,
            "export.customers",
            entity="customer",
            count=count,
            detail=f"{path.name}; {len(fields)} columns"
            + (f"; filter {export.describe_query(query)}" if query else ""),
        )
    return ExportResult(path, count, len(fields), time.perf_counter() - started)


__all__ = ["ExportResult", "check_output", "export_customers"]
