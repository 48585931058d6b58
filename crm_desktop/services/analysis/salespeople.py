"""Sales, customers, orders and follow-ups per salesperson."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from crm_desktop.services.analysis.followup_figures import _followup_counts, _followup_grid
from crm_desktop.services.analysis.lines import LineStats, line_stats
from crm_desktop.services.analysis.periods import Period
from crm_desktop.services.analysis.scope import scope_for
from crm_desktop.services.analysis.sql import _user_names, _yuan
from crm_desktop.services.auth import Actor

# --- by salesperson ------------------------------------------------------------------


@dataclass(frozen=True)
class SalespersonFigure:
    """One salesperson's line; `user_id` None collects sales lines without a salesperson."""

    user_id: int | None
    name: str
    sales: Decimal
    share: float | None
    customers: int
    orders: int
    followups_planned: int
    followups_done: int


def salesperson_figures(
    actor: Actor,
    period: Period,
    now: datetime | None = None,
    stats: LineStats | None = None,
    follow: dict | None = None,
) -> list[SalespersonFigure]:
    """Sales, customers, orders and follow-ups (done vs planned) per salesperson of the
    sales line (lines without one are collected under `user_id` None)."""
    scope = scope_for(actor)
    now = now or datetime.now()
    stats = stats or line_stats(actor, period)
    if follow is None:
        follow = _followup_counts(_followup_grid(scope, period, now), 0)
    names = _user_names()
    total = sum(stats.sp_sales.values())
    out = []
    for uid in set(stats.sp_sales) | set(follow):
        fen = stats.sp_sales.get(uid, 0)
        planned, done, _ = follow.get(uid, (0, 0, 0))
        out.append(
            SalespersonFigure(
                uid,
                names.get(uid, "") if uid is not None else "",
                _yuan(fen),
                (fen / total) if total else None,
                stats.sp_customers.get(uid, 0),
                stats.sp_orders.get(uid, 0),
                planned,
                done,
            )
        )
    out.sort(key=lambda s: (-s.sales, s.user_id is None, s.name))
    return out
