"""Sales per month, split by salesperson or product category."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from crm_desktop.errors import UserError
from crm_desktop.services.analysis.lines import LineStats, line_stats
from crm_desktop.services.analysis.periods import Period
from crm_desktop.services.analysis.sql import _products, _user_names, _yuan
from crm_desktop.services.auth import Actor

MONTH_BY = ("salesperson", "category")


# --- by month ----------------------------------------------------------------------------


@dataclass(frozen=True)
class MonthlyTable:
    """Sales per month (rows) and per salesperson or product category (columns)."""

    by: str
    months: list[str]
    columns: list[str]
    values: list[list[Decimal]]  # [month][column]

    def month_totals(self) -> list[Decimal]:
        return [sum(row, Decimal("0.00")) for row in self.values]

    def column_totals(self) -> list[Decimal]:
        return [
            sum((row[i] for row in self.values), Decimal("0.00")) for i in range(len(self.columns))
        ]


def monthly_sales(
    actor: Actor, period: Period, by: str = "salesperson", stats: LineStats | None = None
) -> MonthlyTable:
    """A row per month of the period, a column per salesperson or product category."""
    if by not in MONTH_BY:
        raise UserError("analysis.month_by", by=by)
    stats = stats or line_stats(actor, period)
    if by == "salesperson":
        names = _user_names()
        source = stats.month_sp

        def label(key):
            return names.get(key, "") if key is not None else ""
    else:
        products = _products()
        source = stats.month_product

        def label(key):
            return products.get(key, ("", "", ""))[2] if key is not None else ""

    months = period.months()
    per_key: dict[str, dict[str, int]] = defaultdict(dict)
    key_totals: dict[str, int] = defaultdict(int)
    for (m, key), fen in source.items():
        name = label(key)
        per_key[name][m] = per_key[name].get(m, 0) + fen
        key_totals[name] += fen
    columns = sorted(key_totals, key=lambda k: (k == "", -key_totals[k], k))
    values = [[_yuan(per_key[c].get(m, 0)) for c in columns] for m in months]
    return MonthlyTable(by, months, columns, values)
