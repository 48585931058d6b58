"""The period summary (概要): totals, new and lost customers, the top ten."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from crm_desktop.services.analysis.abc import CustomerFigure, customer_figures
from crm_desktop.services.analysis.lines import LineStats, line_stats
from crm_desktop.services.analysis.periods import Period
from crm_desktop.services.analysis.sql import _yuan
from crm_desktop.services.auth import Actor

# --- period summary ----------------------------------------------------------------


@dataclass(frozen=True)
class PeriodSummary:
    """The 概要 figures of one period."""

    period: Period
    previous_period: Period
    sales: Decimal
    previous_sales: Decimal
    change_pct: float | None
    lines: int
    orders: int
    customers_bought: int
    new_customers: int
    lost_customers: int
    customers_total: int
    top: list[CustomerFigure]


def period_summary(
    actor: Actor,
    period: Period,
    figures: list[CustomerFigure] | None = None,
    top_n: int = 10,
    stats: LineStats | None = None,
) -> PeriodSummary:
    """Totals of the period and the one before, customers bought (positive sales), new
    (bought now, not in the previous period) and lost (the reverse), the top 10."""
    if figures is None:
        figures = customer_figures(actor, period)
    if stats is None:
        stats = line_stats(actor, period)
    prev_period = period.previous()
    sales = _yuan(sum(f.sales_fen for f in figures))
    prev_sales = _yuan(sum(f.previous_fen for f in figures))
    bought = [f for f in figures if f.sales_fen > 0]
    new = sum(1 for f in bought if f.previous_fen <= 0)
    lost = sum(1 for f in figures if f.previous_fen > 0 and f.sales_fen <= 0)
    return PeriodSummary(
        period=period,
        previous_period=prev_period,
        sales=sales,
        previous_sales=prev_sales,
        change_pct=float((sales - prev_sales) / prev_sales) if prev_sales > 0 else None,
        lines=stats.lines,
        orders=stats.orders,
        customers_bought=len(bought),
        new_customers=new,
        lost_customers=lost,
        customers_total=len(figures),
        top=[f for f in figures if f.rank is not None][:top_n],
    )
