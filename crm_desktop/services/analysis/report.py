"""Every figure of the sales workbook, computed in two threads, and the audit of its export."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from crm_desktop import progress as progress_module
from crm_desktop.errors import UserError
from crm_desktop.messages import Message, msg
from crm_desktop.models import database, is_sqlite
from crm_desktop.progress import Progress
from crm_desktop.services import receivables
from crm_desktop.services.analysis.abc import (
    AbcCounts,
    CustomerFigure,
    abc_counts,
    customer_figures,
)
from crm_desktop.services.analysis.aging import AgingRow, receivables_aging
from crm_desktop.services.analysis.followup_figures import (
    FollowUpActivity,
    _followup_counts,
    _followup_grid,
    followup_activity,
)
from crm_desktop.services.analysis.lines import LineStats, PeriodLines, line_stats, period_lines
from crm_desktop.services.analysis.months import MonthlyTable, monthly_sales
from crm_desktop.services.analysis.periods import Period
from crm_desktop.services.analysis.products import ProductFigure, product_figures
from crm_desktop.services.analysis.salespeople import SalespersonFigure, salesperson_figures
from crm_desktop.services.analysis.scope import customer_table, scope_for
from crm_desktop.services.analysis.summary import PeriodSummary, period_summary
from crm_desktop.services.auth import Actor

SHEETS = ("summary", "customers", "salespeople", "products", "months", "aging", "followups")
# the sales workbook's sheets: the figures above, then the complaints (services.complaints)
WORKBOOK_SHEETS = (*SHEETS, "complaints")


# --- everything for the workbook ----------------------------------------------------------------


@dataclass
class SalesReport:
    """All figures of the sales workbook: plain data for `reports.sales_xlsx`."""

    period: Period
    generated_at: datetime
    scope_label: str
    sheets: tuple[str, ...]
    summary: PeriodSummary
    customers: list[CustomerFigure]
    abc: list[AbcCounts]
    salespeople: list[SalespersonFigure] = field(default_factory=list)
    products: list[ProductFigure] = field(default_factory=list)
    months: MonthlyTable | None = None
    aging: list[AgingRow] = field(default_factory=list)
    aging_as_of: date | None = None
    followups: FollowUpActivity | None = None


SHEET_LABELS: dict[str, Message] = {
    "summary": msg("analysis.sheet_summary"),
    "customers": msg("analysis.sheet_customers"),
    "salespeople": msg("analysis.sheet_salespeople"),
    "products": msg("analysis.sheet_products"),
    "months": msg("analysis.sheet_months"),
    "aging": msg("analysis.sheet_aging"),
    "followups": msg("analysis.sheet_followups"),
}


class Cancelled(progress_module.Cancelled):
    """crm_desktop.progress.Cancelled under its former name here, for the callers that
    still catch it by this name or raise it with a sentence (dropped: the text is the
    catalogue's). The report raises it, so either name stops it."""

    def __init__(self, *_sentence: object) -> None:
        super().__init__()


# the former progress callback: (step, steps, sheet key) -> False to cancel
ProgressCallback = Callable[[int, int, str], "bool | None"]


def sales_report(
    actor: Actor,
    period: Period,
    sheets: Iterable[str] = SHEETS,
    month_by: str = "salesperson",
    progress: Progress | ProgressCallback | None = None,
    now: datetime | None = None,
) -> SalesReport:
    """Compute the figures of the chosen sheets, stepping `progress` once per sheet (a
    cancelled Progress stops the work with `Cancelled`). A plain callable
    `progress(step, steps, sheet)` returning False cancels too (the former convention)."""
    chosen = tuple(s for s in SHEETS if s in set(sheets))
    unknown = set(sheets) - set(SHEETS)
    if unknown:
        raise UserError("analysis.unknown_sheets", sheets=sorted(unknown))
    if not chosen:
        raise UserError("analysis.no_sheets")
    now = now or datetime.now()
    steps = 1 + sum(1 for s in chosen if s != "customers")
    step = 0

    def tick(sheet: str) -> None:
        nonlocal step
        step += 1
        if isinstance(progress, Progress):
            try:
                progress.step(step, steps, msg("analysis.computing", sheet=SHEET_LABELS[sheet]))
            except progress_module.Cancelled:
                raise Cancelled() from None
        elif progress is not None and progress(step, steps, sheet) is False:
            raise Cancelled()

    tick("customers")
    if not _may_read_in_parallel():
        return _sales_report(actor, period, chosen, month_by, tick, now, None)
    # Two reading connections of their own, in two threads: the lines' figures on one,
    # everything else on the other. Both spend most of their time inside the database,
    # which does not hold the GIL; each scans, so neither needs a large page cache nor
    # the memory map (which would count the tables read as this process's memory).
    with ThreadPoolExecutor(max_workers=2) as pool:
        lines = pool.submit(_on_own_connection, _lines_and_stats, actor, period)
        rest = pool.submit(
            _on_own_connection, _sales_report, actor, period, chosen, month_by, tick, now, lines
        )
        try:
            return rest.result()
        finally:
            lines.cancel()


def _lines_and_stats(actor: Actor, period: Period) -> tuple[PeriodLines, LineStats]:
    lines = period_lines(actor, period)
    return lines, line_stats(actor, period, lines)


def _may_read_in_parallel() -> bool:
    """Not inside a transaction (another connection would not see its writes) and not an
    in-memory SQLite database (another connection would be another database)."""
    target = getattr(database, "obj", database)
    return not database.in_transaction() and getattr(target, "database", "") != ":memory:"


# a one-pass scan gains nothing from a large cache or a memory map of the file
_SCAN_PRAGMAS = ("PRAGMA mmap_size = 0", "PRAGMA cache_size = -8000")


def _on_own_connection(fn: Callable, *args):
    """Run `fn` in this worker thread on a connection of its own, closed afterwards."""
    try:
        if is_sqlite():
            for pragma in _SCAN_PRAGMAS:
                database.execute_sql(pragma)
        return fn(*args)
    finally:
        if not database.is_closed():
            database.close()


def _sales_report(
    actor: Actor,
    period: Period,
    chosen: tuple[str, ...],
    month_by: str,
    tick: Callable[[str], None],
    now: datetime,
    lines_done: Future | None,
) -> SalesReport:
    customers = customer_table(actor)
    # what needs no sales line first, while the other thread reads the period's lines
    grid = per_owner = None
    if "followups" in chosen or "salespeople" in chosen:
        grid = _followup_grid(scope_for(actor), period, now, customers)
        per_owner = _followup_counts(grid, 0)
    followups = None
    if "followups" in chosen:
        followups = followup_activity(actor, period, now, customers, grid)
    before = receivables.sale_columns(
        scope_for(actor).owner_id, until=period.start - timedelta(days=1)
    )
    lines, stats = (
        lines_done.result() if lines_done is not None else _lines_and_stats(actor, period)
    )
    columns = before.join(lines.sales)  # every line up to the period's end
    figures = customer_figures(actor, period, customers, columns)
    aging: list[AgingRow] = []
    aging_as_of = None
    if "aging" in chosen:
        aging_as_of = min(period.end, now.date())
        aging = receivables_aging(actor, aging_as_of, customers, columns)
    summary = period_summary(actor, period, figures, stats=stats)
    report = SalesReport(
        period=period,
        generated_at=now,
        scope_label=actor.name if not actor.can("report") else "",
        sheets=chosen,
        summary=summary,
        customers=figures,
        abc=abc_counts(figures),
        aging=aging,
        aging_as_of=aging_as_of,
        followups=followups,
    )
    if "salespeople" in chosen:
        report.salespeople = salesperson_figures(actor, period, now, stats, per_owner)
        tick("salespeople")
    if "products" in chosen:
        report.products = product_figures(actor, period, stats)
        tick("products")
    if "months" in chosen or "summary" in chosen:
        report.months = monthly_sales(actor, period, month_by, stats)
        if "months" in chosen:
            tick("months")
    if "aging" in chosen:
        tick("aging")
    if "followups" in chosen:
        tick("followups")
    if "summary" in chosen:
        tick("summary")
    return report
