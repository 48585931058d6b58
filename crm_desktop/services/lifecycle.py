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
from crm_desktop.errors import Conflict, NotFound
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


def _orders(since: date, owner_id: int | None, customer_id: int | None = None) -> pw.CTE:
    """Per customer with sales (of `owner_id`, else everyone's; only `customer_id` when
    given): orders (days with sales), the last order day, orders since `since`; one
    grouped pass over the live sales lines, read from the (deleted_at, customer_id, date)
    index alone."""
    recent = pw.Case(None, [(Sale.date >= since, Sale.date)], None)
    query = Sale.select(
        Sale.customer.alias("cid"),
        pw.fn.COUNT(Sale.date.distinct()).alias("n"),
        pw.fn.MAX(Sale.date).alias("last"),
        pw.fn.COUNT(recent.distinct()).alias("recent"),
    ).where(Sale.deleted_at.is_null())
    if customer_id is not None:
        query = query.where(Sale.customer == customer_id)
    elif owner_id is not None:
        mine = Customer.select(Customer.id).where(Customer.owner == owner_id)
        query = query.where(Sale.customer.in_(mine))
    return query.group_by(Sale.customer).cte("orders")


def _kind(rules: dict[str, Any], lost_before: date, orders: pw.CTE) -> pw.Node:
    """The rule that fires for a customer row, as one CASE over its stage, loyalty and order
    figures (the first that applies, in the order of the module's docstring); NULL: none."""
    stage, loyalty = Customer.stage, Customer.loyalty
    logged = FollowUp.select(pw.fn.COUNT(FollowUp.id)).where(
        (FollowUp.customer == Customer.id) & (FollowUp.status == "done")
    )
    screened = logged >= int(rules["min_contacts"])
    if rules["need_contact_person"]:
        person = Contact.select(pw.SQL("1")).where(
            (Contact.customer == Customer.id) & Contact.deleted_at.is_null()
        )
        screened &= (Customer.contact_name != "") | pw.fn.EXISTS(person)
    not_loyal = loyalty.is_null() | (loyalty != "loyal")
    return pw.Case(
        None,
        [
            (orders.c.cid.is_null() & (stage == "potential") & screened, "prospective"),
            (orders.c.cid.is_null() | (stage == "lost"), None),
            ((stage == "current") & (orders.c.last < lost_before), "lost"),
            (stage != "current", "first_order"),
            ((orders.c.recent >= int(rules["loyal_orders"])) & not_loyal, "loyal"),
            ((orders.c.n >= 2) & (loyalty.is_null() | (loyalty == "first_time")), "repeat"),
            ((orders.c.n == 1) & loyalty.is_null(), "first_time"),
        ],
        None,
    )


def suggestion_query(
    actor: Actor, rules: dict[str, Any], today: date, customer_id: int | None = None
) -> pw.Select:
    """One statement: the actor's customers (or the one of `customer_id`) a rule fires for,
    by code, with the rule (`first_time`: the first order of a current customer), the
    contacts logged, the orders, the last order day and the recent orders."""
    owner_id = None if actor.sees_all_customers else actor.id
    since = add_months(today, -int(rules["loyal_months"]))
    orders = _orders(since, owner_id, customer_id)
    lost_before = add_months(today, -int(rules["lost_months"]))
    kind = _kind(rules, lost_before, orders)
    scope = Customer.deleted_at.is_null()
    if owner_id is not None:
        scope &= Customer.owner == owner_id
    if customer_id is not None:
        scope &= Customer.id == customer_id
    logged = FollowUp.select(pw.fn.COUNT(FollowUp.id)).where(
        (FollowUp.customer == Customer.id) & (FollowUp.status == "done")
    )
    return (
        Customer.select(
            Customer.id,
            Customer.code,
            Customer.name,
            kind,
            pw.Case(None, [(orders.c.cid.is_null(), logged)], None),
            orders.c.n,
            orders.c.last,
            orders.c.recent,
        )
        .join(orders, pw.JOIN.LEFT_OUTER, on=(orders.c.cid == Customer.id))
        .where(scope & kind.is_null(False))
        .order_by(Customer.code)
        .with_cte(orders)
    )


def suggestions(
    actor: Actor, today: date | None = None, limit: int = 500, customer_id: int | None = None
) -> list[Suggestion]:
    """The moves the rules propose for the actor's customers (all, for a manager; the one
    of `customer_id` when given), by code.

    Set-based: the database finds the customers a rule fires for (one statement: the
    order figures grouped once, the screening only for potential customers without
    orders); Python only words the suggestions found."""
    rules = settings()
    dismissed = _dismissed()
    query = suggestion_query(actor, rules, today or date.today(), customer_id)
    out: list[Suggestion] = []
    for (
        cid,
        code,
        name,
        found,
        contacts,
        count,
        last,
        recent,
    ) in Customer._meta.database.execute_sql(*query.sql()):
        kind_name = "first_order" if found == "first_time" else found
        if dismissed.get(str(cid)) == kind_name:
            continue
        changes, reason = _worded(found, rules, contacts, count, _to_date(last), recent)
        out.append(Suggestion(cid, code, name, kind_name, changes, reason))
        if len(out) >= limit:
            break
    return out


def _worded(
    found: str,
    rules: dict[str, Any],
    contacts: int | None,
    count: int | None,
    last: date | None,
    recent: int | None,
) -> tuple[dict[str, str], Message]:
    """The card changes of a rule that fired, and why, in the user's words."""
    if found == "prospective":
        return (
            {"stage": "prospective"},
            msg("day.lc_prospective", contacts=contacts, to=_STAGE["prospective"]),
        )
    if found == "lost":
        return (
            {"stage": "lost"},
            msg(
                "day.lc_lost" if rules["winback"] else "lifecycle.lc_lost_no_winback",
                last=last.isoformat() if last else "",
                months=rules["lost_months"],
                to=_STAGE["lost"],
            ),
        )
    if found == "loyal":
        return (
            {"loyalty": "loyal"},
            msg(
                "day.lc_loyal",
                orders=recent,
                months=rules["loyal_months"],
                loyalty=_LOYALTY["loyal"],
            ),
        )
    if found == "repeat":
        return {"loyalty": "repeat"}, msg("day.lc_repeat", orders=count, loyalty=_LOYALTY["repeat"])
    changes = {"loyalty": "first_time"}
    if found == "first_order":
        changes = {"stage": "current", "loyalty": "first_time"}
    return changes, msg("day.lc_first_order", to=_STAGE["current"], loyalty=_LOYALTY["first_time"])


def _current(actor: Actor, customer_id: int, kind: str, today: date | None) -> Suggestion:
    customer = Customer.get_or_none(Customer.id == customer_id)
    if customer is None or customer.deleted_at is not None:
        raise NotFound("day.pool_no_customer", code=str(customer_id))
    for suggestion in suggestions(actor, today, customer_id=customer_id):
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


# what `expected` may name: a suggestion's kind, or the stage or loyalty it moves to
_MOVES = {
    "prospective": "prospective",
    "first_order": "first_order",
    "current": "first_order",
    "first_time": "first_order",
    "repeat": "repeat",
    "loyal": "loyal",
    "lost": "lost",
}
_MOVE_LABELS = {
    "prospective": _STAGE["prospective"],
    "first_order": _STAGE["current"],
    "repeat": _LOYALTY["repeat"],
    "loyal": _LOYALTY["loyal"],
    "lost": _STAGE["lost"],
}


def suggestion_for(
    actor: Actor, code: str, expected: str | None = None, today: date | None = None
) -> Suggestion:
    """The suggestion Today shows for the customer of `code`, for accepting or dismissing it
    by code (the command line); with `expected` (a kind, or the stage or loyalty it moves
    to), only when it is that move, so a suggestion that changed meanwhile is not taken."""
    from crm_desktop.services.followups.access import _resolve_customer

    wanted = None
    if expected:
        wanted = _MOVES.get(expected.strip().lower())
        if wanted is None:
            raise Conflict("lifecycle.bad_move", value=expected, known=", ".join(_MOVES))
    customer = _resolve_customer(actor, code)
    found = suggestions(actor, today, customer_id=customer.id)
    if not found:
        raise NotFound("lifecycle.no_suggestion", code=customer.code)
    suggestion = found[0]
    if wanted is not None and suggestion.kind != wanted:
        raise Conflict(
            "lifecycle.other_move",
            code=customer.code,
            move=_MOVE_LABELS[suggestion.kind],
            wanted=_MOVE_LABELS[wanted],
        )
    return suggestion
