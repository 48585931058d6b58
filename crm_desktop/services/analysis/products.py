"""The product mix: quantity, sales, share and customers per product."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from crm_desktop.services.analysis.lines import LineStats, line_stats
from crm_desktop.services.analysis.periods import Period
from crm_desktop.services.analysis.sql import ZERO, _products, _yuan
from crm_desktop.services.auth import Actor

# --- by product ------------------------------------------------------------------------


@dataclass(frozen=True)
class ProductFigure:
    """One product's line; `product_id` None collects lines without a product."""

    product_id: int | None
    code: str
    name: str
    category: str
    quantity: Decimal
    sales: Decimal
    share: float | None
    customers: int


def _decimal(value) -> Decimal:
    if value is None:
        return ZERO
    if isinstance(value, Decimal):
        return value
    return Decimal(str(value))


def product_figures(
    actor: Actor, period: Period, stats: LineStats | None = None
) -> list[ProductFigure]:
    """Quantity, sales, share and number of customers per product (the product mix)."""
    stats = stats or line_stats(actor, period)
    products = _products()
    total = sum(stats.product_sales.values())
    out = []
    for pid, fen in stats.product_sales.items():
        code, name, category = products.get(pid, ("", "", ""))
        qty = _decimal(stats.product_quantity.get(pid, 0)).quantize(Decimal("0.001"))
        out.append(
            ProductFigure(
                pid,
                code,
                name,
                category,
                qty.normalize() if qty else ZERO,
                _yuan(fen),
                (fen / total) if total else None,
                stats.product_customers.get(pid, 0),
            )
        )
    out.sort(key=lambda p: (-p.sales, p.product_id is None, p.code))
    return out
