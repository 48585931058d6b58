"""The overdue list's planned follow-ups, read on PostgreSQL in three steps (follow-ups
from their partial index, then customers and contacts by id), are the rows the one
joined query gives, for every role and narrowing, on both databases."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

import pytest

from crm_desktop.models import Contact, Customer, FollowUp
from crm_desktop.services.followups.overdue import _planned_overdue, overdue_rows
from crm_desktop.services.followups.rows import _base_query, _rows, _scope

TODAY = date(2026, 3, 18)


def _joined(actor, owner_id=None, narrow=()):
    query = _planned_overdue(_scope(_base_query(), actor, owner_id), TODAY)
    return _rows(query.where(*narrow).order_by(FollowUp.due_at, FollowUp.id))


@pytest.fixture
def planned(team):
    """Customers of two salespeople and nobody, one deleted, contacts on some follow-ups;
    planned, done and cancelled follow-ups before, on and after today."""
    rng = random.Random(7)
    owners = [team["sales1"].id, team["sales2"].id, None]
    now = datetime(2026, 3, 1, 9)
    for i in range(40):
        customer = Customer.create(
            code=f"C{i:03d}", name=f"客户{i}", owner=owners[i % 3], created_at=now,
            updated_at=now, deleted_at=now if i == 5 else None,
        )  # fmt: skip
        person = Contact.create(customer=customer, name=f"联系人{i}") if i % 2 else None
        for j in range(6):
            due = datetime.combine(TODAY, datetime.min.time()) + timedelta(
                days=rng.randrange(-20, 5), hours=rng.randrange(8, 18)
            )
            FollowUp.create(
                customer=customer, contact=person if j % 2 else None,
                owner=rng.choice(owners[:2]), kind=rng.choice(["call", "visit"]),
                subject=f"跟进{j}", due_at=due,
                status=rng.choice(["planned", "planned", "done", "cancelled"]),
            )  # fmt: skip
    return team


def test_overdue_planned_rows_are_the_joined_querys(planned):
    """Each role's overdue planned follow-ups, whole and narrowed to an owner, a customer
    or a kind, are exactly the joined query's rows, in due order."""
    customer = Customer.get(Customer.code == "C004").id
    for name in ("admin", "manager", "sales1", "sales2"):
        actor = planned[name]
        rows = overdue_rows(actor, TODAY, cadence=False)
        assert rows == _joined(actor) and rows
        assert all(r.status == "planned" and r.due_at.date() < TODAY for r in rows)
        assert any(r.contact_name for r in rows)
        mine = overdue_rows(actor, TODAY, owner_id=actor.id, cadence=False)
        assert mine == _joined(actor, actor.id)
    admin = planned["admin"]
    narrowed = overdue_rows(admin, TODAY, customer_id=customer, cadence=False)
    assert narrowed == _joined(admin, None, [FollowUp.customer == customer]) and narrowed
    calls = overdue_rows(admin, TODAY, kind="call", cadence=False)
    assert calls == _joined(admin, None, [FollowUp.kind == "call"]) and calls
    deleted = Customer.get(Customer.code == "C005").id
    assert all(r.customer_id != deleted for r in overdue_rows(admin, TODAY))
