"""Customers ranked by sales, and their ABC classes (the Pareto rule, one place)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction

import numpy as np

from crm_desktop.errors import UserError
from crm_desktop.services import receivables
from crm_desktop.services.analysis.periods import Period
from crm_desktop.services.analysis.scope import customer_table, sale_columns
from crm_desktop.services.analysis.sql import _yuan
from crm_desktop.services.auth import Actor
from crm_desktop.services.receivables import SaleColumns
from crm_desktop.services.settings import get_setting

# --- per customer and ABC ------------------------------------------------------------


@dataclass(slots=True)
class CustomerFigure:
    """One customer's line in the by-customer table."""

    customer_id: int
    code: str
    name: str
    owner: str
    stored_class: str | None
    abc_class: str
    sales_fen: int
    share: float | None  # fraction of the period's positive sales
    cumulative_share: float | None
    previous_fen: int
    change_pct: float | None  # fraction; None when the previous period had no sales
    last_order: date | None  # last order in this or the previous period
    rank: int | None  # 1 = largest; None for class D

    # Money is kept in fen (100k customers: no Decimal until someone asks).
    @property
    def sales(self) -> Decimal:
        return _yuan(self.sales_fen)

    @property
    def previous_sales(self) -> Decimal:
        return _yuan(self.previous_fen)

    @property
    def change(self) -> Decimal:
        return _yuan(self.sales_fen - self.previous_fen)


def abc_thresholds() -> tuple[Fraction, Fraction]:
    """The A and B cumulative-share limits, in percent, from the team settings."""
    value = get_setting("abc_thresholds") or {}
    try:
        a = Fraction(str(value.get("A", 80)))
        b = Fraction(str(value.get("B", 95)))
    except (ValueError, AttributeError) as exc:
        raise UserError("analysis.thresholds_invalid", value=repr(value)) from exc
    if not (0 < a <= b <= 100):
        raise UserError("analysis.thresholds_order", a=str(a), b=str(b))
    return a, b


def classify_abc(sales_fen: Sequence[int], thresholds: tuple[Fraction, Fraction]) -> list[str]:
    """ABC classes for amounts already sorted largest first (Pareto rule, exact arithmetic)."""
    a, b = (Fraction(x) for x in thresholds)
    total = sum(x for x in sales_fen if x > 0)
    # exact: before/total < a/100  <=>  before * 100 * a.den < a.num * total
    a_den, a_lim = 100 * a.denominator, a.numerator * total
    b_den, b_lim = 100 * b.denominator, b.numerator * total
    out = []
    before = 0
    for amount in sales_fen:
        if amount <= 0:
            out.append("D")
            continue
        if before * a_den < a_lim:
            out.append("A")
        elif before * b_den < b_lim:
            out.append("B")
        else:
            out.append("C")
        before += amount
    return out


def customer_figures(
    actor: Actor,
    period: Period,
    customers: list[tuple] | None = None,
    columns: SaleColumns | None = None,
) -> list[CustomerFigure]:
    """Every customer in scope: sales, share, cumulative share, ABC class, previous period,
    change and last order (in this or the previous period); largest first, then customers
    without sales by code."""
    columns = columns if columns is not None else sale_columns(actor, period.end)
    previous_period = period.previous()
    current, current_last = columns.per_customer(period.start, period.end)
    previous, previous_last = columns.per_customer(previous_period.start, previous_period.end)
    customers = list(customers if customers is not None else customer_table(actor))
    size = len(current)
    ids = [c[0] for c in customers]
    known = np.array([i if i < size else 0 for i in ids], dtype=np.int64)
    inside = np.array([i < size for i in ids], dtype=bool)
    amounts_all = np.where(inside, current[known], 0)
    prev_all = np.where(inside, previous[known], 0)
    last_all = np.where(inside, np.maximum(current_last[known], previous_last[known]), -1)
    # largest first, then by code: a stable sort by amount of the code-sorted customers
    by_code = sorted(range(len(customers)), key=lambda i: customers[i][1])
    order = [by_code[i] for i in np.argsort(-amounts_all[by_code], kind="stable").tolist()]
    customers = [customers[i] for i in order]
    fen, prev, last_day = amounts_all[order], prev_all[order], last_all[order]
    amounts = fen.tolist()
    classes = classify_abc(amounts, abc_thresholds())
    # the per-customer arithmetic as columns (float64 holds every fen sum exactly, so
    # each quotient is the one Python's int / int gives); None where there is no value
    bought = fen > 0
    positive = int(fen[bought].sum())
    total = positive or 1
    cumulative = np.cumsum(np.where(bought, fen, 0))
    share = _or_none(fen / total, (fen != 0) & (positive > 0))
    cum_share = _or_none(cumulative / total, bought)
    rank = _or_none(np.arange(1, len(fen) + 1), bought)  # the buyers come first
    change = _or_none((fen - prev) / np.where(prev > 0, prev, 1), prev > 0)
    days: dict[int, date] = {}
    last = [
        None if d < 0 else (days.get(d) or days.setdefault(d, receivables.date_of_day(d)))
        for d in last_day.tolist()
    ]
    return list(
        map(
            CustomerFigure,
            (c[0] for c in customers), (c[1] for c in customers), (c[2] for c in customers),
            (c[3] or "" for c in customers), (c[4] for c in customers), classes, amounts,
            share, cum_share, prev.tolist(), change, last, rank,
        )
    )  # fmt: skip


def _or_none(values: np.ndarray, present: np.ndarray) -> list:
    """The values as Python numbers, None where `present` is False."""
    return [v if p else None for v, p in zip(values.tolist(), present.tolist(), strict=True)]


@dataclass(frozen=True)
class AbcCounts:
    """How many customers and how much of the sales each class holds."""

    cls: str
    customers: int
    sales: Decimal
    share: float


def abc_counts(figures: Iterable[CustomerFigure]) -> list[AbcCounts]:
    """Customers, sales and share of the positive sales per class A–D."""
    count: dict[str, int] = defaultdict(int)
    money: dict[str, int] = defaultdict(int)
    total = 0
    for f in figures:
        count[f.abc_class] += 1
        money[f.abc_class] += f.sales_fen
        if f.sales_fen > 0:
            total += f.sales_fen
    return [
        AbcCounts(c, count[c], _yuan(money[c]), (money[c] / total) if total else 0.0)
        for c in ("A", "B", "C", "D")
    ]
