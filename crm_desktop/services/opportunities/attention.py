"""Opportunities that need a look today: closing this month, and idle for `IDLE_DAYS` days
(neither the opportunity nor a follow-up of its customer has moved since)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from decimal import Decimal

from crm_desktop.models import Customer, Opportunity
from crm_desktop.services.auth import Actor
from crm_desktop.services.opportunities.records import (
    OpportunityRow,
    PipelineFilter,
    _filtered,
    _rows,
)

IDLE_DAYS = 14
LIST_LIMIT = 50


@dataclass(frozen=True)
class OpportunityAttention:
    """The Today page's two opportunity lists (the first `LIST_LIMIT` of each) and counts."""

    closing: list[OpportunityRow] = field(default_factory=list)
    closing_count: int = 0
    closing_weighted: Decimal = Decimal("0.00")
    idle: list[OpportunityRow] = field(default_factory=list)
    idle_count: int = 0


def opportunity_attention(
    actor: Actor, today: date | None = None, limit: int = LIST_LIMIT
) -> OpportunityAttention:
    """Open opportunities the actor sees that close this month, and the idle ones."""
    today = today or date.today()
    month = PipelineFilter(close_month=today)
    closing = _rows(_filtered(actor, month).order_by(Opportunity.close_date, Opportunity.id))
    quiet_since = datetime.combine(today - timedelta(days=IDLE_DAYS), datetime.min.time())
    idle_query = _filtered(actor, replace(month, close_month=None)).where(
        Opportunity.updated_at < quiet_since,
        Customer.last_contact_at.is_null() | (Customer.last_contact_at < quiet_since),
    )
    idle_count = idle_query.count()
    idle = _rows(idle_query.order_by(Opportunity.updated_at, Opportunity.id).limit(limit))
    return OpportunityAttention(
        closing=closing[:limit],
        closing_count=len(closing),
        closing_weighted=sum((r.weighted for r in closing), Decimal("0.00")),
        idle=idle,
        idle_count=idle_count,
    )


__all__ = ["IDLE_DAYS", "OpportunityAttention", "opportunity_attention"]
