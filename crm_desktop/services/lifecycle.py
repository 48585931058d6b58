"""Lifecycle that moves by itself, suggested not silent (客户分类).

The rules read the follow-ups and the sales and propose a move; the user accepts or
dismisses each one (Today), and an accepted move is an ordinary card change, in the
ChangeLog. The rules, with the manager's settings (`lifecycle` in the team settings):

- 潜在 → 预期: a potential customer meets the screening criteria: at least
  `min_contacts` contacts logged, and a contact person on the card when
  `need_contact_person`.
- first order → 现实客户, 初次购买; a second order → 重复购买; `loyal_orders` orders within
  `loyal_months` months → 忠诚客户. An order is a day with sales.
- no order for `lost_months` months → 流失客户, and on accepting, when `winback`, a win-back
  call is planned `winback_days` later (a lost customer is back on the prospective list
  once it is contacted again).

The rules, their limits and where they are kept: `services/lifecycle_rules.py`.

A dismissed suggestion is not shown again for that customer until the suggestion changes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import peewee as pw

from crm_desktop.dates import add_months
from crm_desktop.errors import NotFound
from crm_desktop.messages import Message, Text, msg
from crm_desktop.models import Contact, Customer, FollowUp, Sale, Setting, transaction
from crm_desktop.services import lifecycle_rules
from crm_desktop.services.auth import Actor

DISMISSED = "lifecycle_dismissed"
KINDS = ("prospective", "first_order", "repeat", "loyal", "lost")

_STAGE = {
    "potential": Text("潜在客户", "Potential"),
    "prospective": Text("预期客户", "Prospective"),
    "current": Text("现实客户", "Current"),
    "lost": Text("流失客户", "Lost"),
}
_LOYALTY = {
    None: Text("—", "—"),
    "first_time": Text("初次购买", "First-time buyer"),
    "repeat": Text("重复购买", "Repeat buyer"),
    "loyal": Text("忠诚客户", "Loyal customer"),
}


@dataclass(frozen=True)
class Suggestion:
    """A proposed move of one customer: the card changes and why, as the user reads it."""

    customer_id: int
    code: str
    name: str
    kind: str
    changes: dict[str, str]
    reason: Message

    def describe(self, lang: str | None = None) -> str:
        return self.reason.render(lang)


def settings() -> dict[str, Any]:
    """The manager's rules in force (see `lifecycle_rules`)."""
    return lifecycle_rules.get_rules()


def _dismissed() -> dict[str, str]:
    row = Setting.get_or_none(Setting.key == DISMISSED)
    return json.loads(row.value) if row else {}


def _put(key: str, value: Any) -> None:
    text = json.dumps(value, ensure_ascii=False)
    if Setting.update(value=text).where(Setting.key == key).execute() == 0:
        Setting.create(key=key, value=text)


def _to_date(value: object) -> date | None:
    if value is None:
        return None
    if isinstance(value, str):
        return date.fromisoformat(value[:10])
    if isinstance(value, datetime):
        return value.date()
    return value  # type: ignore[return-value]


def _order_figures(since: date) -> dict[int, tuple[int, date | None, int]]:
    """Per customer: orders (days with sales), the last order day, orders since `since`."""
    recent = pw.Case(None, [(Sale.date >= since, Sale.date)], None)
    query = (
        Sale.select(
            Sale.customer,
            pw.fn.COUNT(Sale.date.distinct()),
            pw.fn.MAX(Sale.date),
            pw.fn.COUNT(recent.distinct()),
        )
        .where(Sale.deleted_at.is_null())
        .group_by(Sale.customer)
    )
    # the plain cursor: tens of thousands of rows without peewee's per-value conversion
    cursor = Sale._meta.database.execute_sql(*query.sql())
    return {cid: (n, _to_date(last), r) for cid, n, last, r in cursor}


def _potential_figures(owner_id: int | None) -> tuple[dict[int, int], set[int]]:
    """Contacts logged per potential customer, and which have a contact person: one grouped
    query each, joined on the stage (not thousands of ids sent back to the database)."""
    potential = (Customer.stage == "potential") & Customer.deleted_at.is_null()
    if owner_id is not None:
        potential &= Customer.owner == owner_id
    db = Customer._meta.database
    logged = (
        FollowUp.select(FollowUp.customer, pw.fn.COUNT(FollowUp.id))
        .join(Customer, on=(FollowUp.customer == Customer.id))
        .where(potential & (FollowUp.status == "done"))
        .group_by(FollowUp.customer)
    )
    people = (
        Contact.select(Contact.customer)
        .join(Customer, on=(Contact.customer == Customer.id))
        .where(potential & Contact.deleted_at.is_null())
        .distinct()
    )
    return dict(db.execute_sql(*logged.sql())), {cid for (cid,) in db.execute_sql(*people.sql())}


def suggestions(actor: Actor, today: date | None = None, limit: int = 500) -> list[Suggestion]:
    """The moves the rules propose for the actor's customers (all, for a manager), by code."""
    today = today or date.today()
    rules = settings()
    dismissed = _dismissed()
    orders = _order_figures(add_months(today, -int(rules["loyal_months"])))
    lost_before = add_months(today, -int(rules["lost_months"]))
    query = Customer.select(
        Customer.id,
        Customer.code,
        Customer.name,
        Customer.stage,
        Customer.loyalty,
        Customer.contact_name,
    ).where(Customer.deleted_at.is_null())
    if not actor.sees_all_customers:
        query = query.where(Customer.owner == actor.id)
    rows = list(Customer._meta.database.execute_sql(*query.order_by(Customer.code).sql()))
    contacts, people = _potential_figures(None if actor.sees_all_customers else actor.id)
    out: list[Suggestion] = []
    for cid, code, name, stage, loyalty, contact_name in rows:
        found = _suggest(
            cid, stage, loyalty, bool(contact_name) or cid in people, orders.get(cid),
            contacts.get(cid, 0), rules, lost_before,
        )  # fmt: skip
        if found is None:
            continue
        kind, changes, reason = found
        if dismissed.get(str(cid)) == kind:
            continue
        out.append(Suggestion(cid, code, name, kind, changes, reason))
        if len(out) >= limit:
            break
    return out


def _suggest(
    cid: int,
    stage: str,
    loyalty: str | None,
    has_person: bool,
    figures: tuple[int, date | None, int] | None,
    contacts: int,
    rules: dict[str, Any],
    lost_before: date,
) -> tuple[str, dict[str, str], Message] | None:
    if figures is None:
        screened = has_person or not rules["need_contact_person"]
        if stage == "potential" and contacts >= int(rules["min_contacts"]) and screened:
            return (
                "prospective",
                {"stage": "prospective"},
                msg("day.lc_prospective", contacts=contacts, to=_STAGE["prospective"]),
            )
        return None
    count, last, recent = figures
    if stage == "lost":
        return None  # a lost customer comes back through a contact (win-back), not here
    if last is not None and last < lost_before and stage == "current":
        return (
            "lost",
            {"stage": "lost"},
            msg(
                "day.lc_lost" if rules["winback"] else "lifecycle.lc_lost_no_winback",
                last=last.isoformat(),
                months=rules["lost_months"],
                to=_STAGE["lost"],
            ),
        )
    if stage != "current":
        return (
            "first_order",
            {"stage": "current", "loyalty": "first_time"},
            msg("day.lc_first_order", to=_STAGE["current"], loyalty=_LOYALTY["first_time"]),
        )
    if recent >= int(rules["loyal_orders"]) and loyalty != "loyal":
        return (
            "loyal",
            {"loyalty": "loyal"},
            msg(
                "day.lc_loyal",
                orders=recent,
                months=rules["loyal_months"],
                loyalty=_LOYALTY["loyal"],
            ),
        )
    if count >= 2 and loyalty in (None, "first_time"):
        return (
            "repeat",
            {"loyalty": "repeat"},
            msg("day.lc_repeat", orders=count, loyalty=_LOYALTY["repeat"]),
        )
    if count == 1 and loyalty is None:
        return (
            "first_order",
            {"loyalty": "first_time"},
            msg("day.lc_first_order", to=_STAGE["current"], loyalty=_LOYALTY["first_time"]),
        )
    return None


def _current(actor: Actor, customer_id: int, kind: str, today: date | None) -> Suggestion:
    customer = Customer.get_or_none(Customer.id == customer_id)
    if customer is None or customer.deleted_at is not None:
        raise NotFound("day.pool_no_customer", code=str(customer_id))
    for suggestion in suggestions(actor, today, limit=10**9):
        if suggestion.customer_id == customer_id and suggestion.kind == kind:
            return suggestion
    raise NotFound("day.lc_gone", code=customer.code)


def accept(actor: Actor, customer_id: int, kind: str, today: date | None = None) -> Suggestion:
    """Apply a suggestion: the card changes (ChangeLog); a lost customer gets a win-back call."""
    from crm_desktop.services import followups
    from crm_desktop.services.customers import update_customer

    suggestion = _current(actor, customer_id, kind, today)
    rules = settings()
    with transaction():
        update_customer(actor, customer_id, suggestion.changes)
        if kind == "lost" and rules["winback"]:
            plan = followups.winback_suggestion(actor, customer_id)
            if plan is not None:
                day = date.today() + timedelta(days=int(rules["winback_days"]))
                plan["due_at"] = datetime.combine(day, plan["due_at"].time())
                followups.plan_followup(actor, plan)
    return suggestion


def dismiss(actor: Actor, customer_id: int, kind: str) -> None:
    """Do not show this suggestion for this customer again (until another one comes up)."""
    from crm_desktop.services.followups.access import _visible_customer

    _visible_customer(actor, customer_id)
    with transaction():
        dismissed = _dismissed()
        dismissed[str(customer_id)] = kind
        _put(DISMISSED, dismissed)
