"""The sales report workbook: the period's figures gathered by services.analysis, written
to .xlsx by reports/sales_xlsx.py, and recorded as data taken out."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from crm_desktop.errors import UserError
from crm_desktop.i18n import current_language
from crm_desktop.jobs.forecast import forecast_sheet_writer
from crm_desktop.jobs.steps import part
from crm_desktop.models import transaction
from crm_desktop.progress import Progress
from crm_desktop.reports.sales_xlsx import sheet_names, write_sales_workbook
from crm_desktop.services import analysis
from crm_desktop.services.auth import Actor
from crm_desktop.services.customers import audit

GATHER_SHARE = 50  # of 100 progress steps: the figures; the rest is the workbook


@dataclass(frozen=True)
class ReportResult:
    """What the report wrote, and the figures it wrote (for a summary line)."""

    path: Path
    sheets: tuple[str, ...]
    report: Any  # services.analysis.SalesReport


def check_output(out: str | os.PathLike) -> Path:
    """The workbook's path when its name ends in .xlsx and its folder exists."""
    path = Path(out).expanduser()
    if path.suffix.lower() != ".xlsx":
        raise UserError("export.not_xlsx", name=path.name)
    if not path.parent.is_dir():
        raise UserError("jobs.no_folder", path=str(path), folder=str(path.parent))
    return path


def write_sales_report(
    actor: Actor,
    out: str | os.PathLike,
    period: analysis.Period,
    sheets: Iterable[str] = analysis.SHEETS,
    *,
    month_by: str = "salesperson",
    lang: str | None = None,
    progress: Progress | None = None,
    forecast: bool = False,
) -> ReportResult:
    """Write the sales workbook of `period` (the chosen sheets) to `out`.

    Needs the report permission (general manager, sales manager). `progress` runs from
    0 to 100: the figures first, then the sheets; a cancel leaves no file and no audit.
    """
    actor.require("report", "export the sales report")
    path = check_output(out)
    lang = lang or current_language()
    names = sheet_names(lang)
    gather = part(progress, 0, GATHER_SHARE, names)
    write = part(progress, GATHER_SHARE, 100 - GATHER_SHARE, names)
    report = analysis.sales_report(actor, period, tuple(sheets), month_by, gather)
    extra = [forecast_sheet_writer(actor)] if forecast else []
    written = write_sales_workbook(report, path, lang=lang, progress=write, extra_sheets=extra)
    with transaction():
        audit(
            actor,
            "export.report",
            entity="customer",
            count=len(report.customers),
            detail=f"sales {report.period.label()} -> {written}",
        )
    return ReportResult(written, tuple(report.sheets), report)


__all__ = ["ReportResult", "check_output", "write_sales_report"]
