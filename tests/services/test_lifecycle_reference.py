"""The set-based lifecycle suggestions agree, customer by customer, with a plain reading of
the rules over a demo database (one query per customer, no SQL cleverness)."""

from __future__ import annotations

from datetime import date

import pytest

from crm_desktop.dates import add_months
from crm_desktop.models import Contact, Customer, FollowUp, Sale, User
from crm_desktop.models.base import utcnow
from crm_desktop.services import lifecycle, lifecycle_rules
from crm_desktop.services.auth import get_actor

TODAY = date(2026, 3, 18)
STAGE = {"prospective": "Prospective", "current": "Current", "lost": "Lost"}


def _day(value: object) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def reference(owner_id: int | None, rules: dict) -> list[tuple[int, str, dict, str]]:
    """(customer id, kind, card changes, English reason) by code, read one customer at a time."""
    since = add_months(TODAY, -rules["loyal_months"])
    lost_before = add_months(TODAY, -rules["lost_months"])
    customers = Customer.select().where(Customer.deleted_at.is_null())
    if owner_id is not None:
        customers = customers.where(Customer.owner == owner_id)
    out = []
    for c in customers.order_by(Customer.code):
        days = {
            _day(d)
            for (d,) in Sale.select(Sale.date)
            .where(Sale.customer == c.id, Sale.deleted_at.is_null())
            .tuples()
        }
        logged = FollowUp.select().where(FollowUp.customer == c.id, FollowUp.status == "done")
        person = bool(c.contact_name) or (
            Contact.select().where(Contact.customer == c.id, Contact.deleted_at.is_null()).exists()
        )
        recent = len([d for d in days if d >= since])
        found = None
        if not days:
            screened = person or not rules["need_contact_person"]
            if c.stage == "potential" and logged.count() >= rules["min_contacts"] and screened:
                found = (
                    "prospective",
                    {"stage": "prospective"},
                    f"Contacted {logged.count()} times and meets the screening criteria: "
                    "make it Prospective.",
                )
        elif c.stage == "lost":
            found = None
        elif c.stage == "current" and max(days) < lost_before:
            tail = " and plan a win-back call." if rules["winback"] else "."
            found = (
                "lost",
                {"stage": "lost"},
                f"No order since {max(days)}, over {rules['lost_months']} months: "
                f"make it Lost{tail}",
            )
        elif c.stage != "current":
            found = (
                "first_order",
                {"stage": "current", "loyalty": "first_time"},
                "First order placed: make it Current (First-time buyer).",
            )
        elif recent >= rules["loyal_orders"] and c.loyalty != "loyal":
            found = (
                "loyal",
                {"loyalty": "loyal"},
                f"{recent} orders in the last {rules['loyal_months']} months: "
                "mark it Loyal customer.",
            )
        elif len(days) >= 2 and c.loyalty in (None, "first_time"):
            found = (
                "repeat",
                {"loyalty": "repeat"},
                f"{len(days)} orders placed: mark it Repeat buyer.",
            )
        elif len(days) == 1 and c.loyalty is None:
            found = (
                "first_order",
                {"loyalty": "first_time"},
                "First order placed: make it Current (First-time buyer).",
            )
        if found:
            out.append((c.id, *found))
    return out


def computed(actor) -> list[tuple[int, str, dict, str]]:
    return [
        (s.customer_id, s.kind, s.changes, s.describe("en"))
        for s in lifecycle.suggestions(actor, TODAY, limit=10**9)
    ]


@pytest.fixture
def demo(admin):
    """300 demo customers, with a few awkward cases added: a customer whose sales are all
    deleted, one whose only contact person is deleted, one with two sales on one day and
    still prospective, current ones without a buying stage."""
    from crm_desktop.demo import generate_demo

    generate_demo(admin, 300, seed=11, today=TODAY)
    current = Customer.select().where(Customer.stage == "current").order_by(Customer.id)
    first, second = current[0], current[1]
    Sale.update(deleted_at=utcnow()).where(Sale.customer == first.id).execute()
    with_person = (
        Customer.select()
        .join(Contact, on=(Contact.customer == Customer.id))
        .where(Customer.stage == "potential")
        .first()
    )
    if with_person is not None:
        Contact.update(deleted_at=utcnow()).where(Contact.customer == with_person.id).execute()
        Customer.update(contact_name="").where(Customer.id == with_person.id).execute()
    line = Sale.select().where(Sale.customer == second.id, Sale.deleted_at.is_null()).first()
    Sale.insert(
        customer=second.id, date=line.date, amount=line.amount, unit_price=line.unit_price
    ).execute()
    Customer.update(stage="prospective").where(Customer.id == second.id).execute()
    Customer.update(loyalty=None).where(Customer.id.in_([c.id for c in current[2:40]])).execute()
    return admin


@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"lost_months": 3, "loyal_orders": 2, "loyal_months": 6, "winback": False},
        {"min_contacts": 1, "need_contact_person": False},
    ],
    ids=["defaults", "tight", "loose-screening"],
)
def test_suggestions_match_the_plain_reading(demo, changes):
    """For the manager and a salesperson, the suggestions are exactly the reference's."""
    rules = lifecycle_rules.set_rules(demo, changes)
    everyone = reference(None, rules)
    assert computed(demo) == everyone
    assert {"prospective", "first_order", "loyal", "lost"} <= {k for _i, k, _c, _r in everyone}
    seller = User.get(User.username == "sales1")
    assert computed(get_actor("sales1")) == reference(seller.id, rules)
    # one customer at a time (accepting reads it so): the same answer, or none
    by_id = {row[0]: row for row in everyone}
    for cid in [c.id for c in Customer.select(Customer.id).order_by(Customer.id).limit(60)]:
        found = lifecycle.suggestions(demo, TODAY, customer_id=cid)
        one = [(s.customer_id, s.kind, s.changes, s.describe("en")) for s in found]
        assert one == ([by_id[cid]] if cid in by_id else []), cid


@pytest.mark.sqlite_only
@pytest.mark.parametrize("username", ["admin", "sales1"])
def test_order_days_come_from_the_index_alone(demo, username):
    """The sales lines are read from the (deleted_at, customer_id, date) index, never the
    table: a manager's whole index once, a salesperson's customers only."""
    from crm_desktop.models import database

    actor = get_actor(username)
    sql, params = lifecycle.suggestion_query(actor, lifecycle.settings(), TODAY).sql()
    plan = " | ".join(r[3] for r in database.execute_sql(f"EXPLAIN QUERY PLAN {sql}", params))
    (sales,) = [step for step in plan.split(" | ") if " sale_" in step]
    assert "COVERING INDEX sale_deleted_at_customer_id_date" in sales
    assert ("customer_id=?" in sales) == (username == "sales1")
