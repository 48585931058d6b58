"""Follow-ups and the customer lifecycle: win-back calls for lost customers, promotion."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from crm_desktop.messages import msg
from crm_desktop.models import (
    Customer,
    transaction,
)
from crm_desktop.services.auth import Actor
from crm_desktop.services.followups.access import _visible_customer
from crm_desktop.services.followups.planning import DEFAULT_TIME, _promote


def winback_suggestion(
    actor: Actor, customer_id: int, now: datetime | None = None
) -> dict[str, Any] | None:
    """A 流失客户 gets a win-back call suggested: learn why they left (one in four comes back).

    None when the customer is not lost or already has a follow-up planned.
    """
    customer = _visible_customer(actor, customer_id)
    if customer.stage != "lost":
        return None
    if customer.planned_followups:
        return None
    now = now or datetime.now()
    due = datetime.combine(now.date() + timedelta(days=1), DEFAULT_TIME)
    subject = msg("followups.winback_subject").render()
    return {
        "customer": customer.id,
        "kind": "call",
        "subject": subject,
        "due_at": due,
        "owner": customer.owner_id or actor.id,
        "recurrence": "",
    }


def lost_without_plan(actor: Actor, limit: int = 500) -> list[tuple[int, str, str]]:
    """Lost customers with nothing planned: (id, code, name), for win-back suggestions."""
    query = Customer.select(Customer.id, Customer.code, Customer.name).where(
        Customer.stage == "lost", Customer.deleted_at.is_null(), Customer.planned_followups == 0
    )
    if not actor.sees_all_customers:
        query = query.where(Customer.owner == actor.id)
    return list(query.order_by(Customer.code).limit(limit).tuples())


def move_to_prospective(actor: Actor, customer_id: int) -> bool:
    """A potential customer who was contacted becomes prospective (预期客户) when the user says so.

    Returns False (and changes nothing) for a customer in another stage.
    """
    with transaction():
        return _promote(actor, customer_id)
