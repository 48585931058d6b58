"""The sales report workbook: the period's figures gathered by services.analysis, written
to .xlsx by reports/sales_xlsx.py, and recorded as data taken out."""

from __future__ import annotations

import dataclasses
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
from crm_desktop.services import analysis, complaints
from crm_desktop.services.analysis.by_field import breakdown_by_field, report_field
from crm_desktop.services.auth import Actor
from crm_desktop.services.customers import audit

GATHER_SHARE = 50  # of 100 progress steps: the figures; the rest is the workbook
# the workbook's sheets: the sales analysis's, then the complaints (客户投诉处理)
SHEETS = analysis.WORKBOOK_SHEETS


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
    sheets: Iterable[str] = SHEETS,
    *,
    month_by: str = "salesperson",
    lang: str | None = None,
    progress: Progress | None = None,
    forecast: bool = False,
    by_field: str | None = None,
) -> ReportResult:
    """Write the sales workbook of `period` (the chosen sheets) to `out`.

    Needs the report permission (general manager, sales manager). `progress` runs from
    0 to 100: the figures first, then the sheets; a cancel leaves no file and no audit.
    `by_field`: a one-choice custom field (key or label) the by-customer sheet is grouped by.
    """
    actor.require("report", "auth.action_report")
    path = check_output(out)
    grouping = report_field(by_field) if by_field else None
    lang = lang or current_language()
    names = sheet_names(lang)
    gather = part(progress, 0, GATHER_SHARE, names)
    write = part(progress, GATHER_SHARE, 100 - GATHER_SHARE, names)
    chosen = tuple(sheets)
    sales_sheets = tuple(s for s in chosen if s != "complaints") or ("summary",)
    report = analysis.sales_report(actor, period, sales_sheets, month_by, gather)
    figures = None
    if "complaints" in chosen or "customers" in sales_sheets:
        figures = labelled_complaints(actor, period, lang)
    extra = [forecast_sheet_writer(actor)] if forecast else []
    breakdown = None
    if grouping is not None and "customers" in report.sheets:
        breakdown = breakdown_by_field(report.customers, grouping)
    written = write_sales_workbook(
        report,
        path,
        lang=lang,
        progress=write,
        complaints=figures,
        complaint_sheet="complaints" in chosen,
        extra_sheets=extra,
        by_field=breakdown,
    )
    with transaction():
        audit(
            actor,
            "export.report",
            entity="customer",
            count=len(report.customers),
            detail=f"sales {report.period.label()} -> {written}",
        )
    written_sheets = tuple(report.sheets) + (("complaints",) if "complaints" in chosen else ())
    if breakdown is not None:
        written_sheets += ("by_field",)
    return ReportResult(written, written_sheets, report)


def labelled_complaints(
    actor: Actor, period: analysis.Period, lang: str
) -> complaints.ComplaintFigures:
    """The period's complaint figures with categories and severities as the reader's labels."""
    figures = complaints.complaint_figures(actor, period.start, period.end)
    return dataclasses.replace(
        figures,
        by_category=[
            dataclasses.replace(c, category=complaints.category_label(c.category, lang))
            for c in figures.by_category
        ],
        by_severity={
            complaints.severity_label(k, lang): figures.by_severity[k]
            for k in ("urgent", "high", "normal")
            if k in figures.by_severity
        },
    )


__all__ = ["SHEETS", "ReportResult", "check_output", "labelled_complaints", "write_sales_report"]
