"""Aging as of a past day and follow-up counts per owner and class, on small hand-made data.

Worked out by hand:
- K1 buys 100 on 2025-03-01 and 500 on 2025-09-01, pays 50 on 2025-04-01.
  As of 2025-06-30 it owes 50 (what is left of the March sale, due on the day: 121 days
  past due = 90+); the September sale is after the day and does not count.
- K2 only buys after the day (2025-08-01, 70): not in the aging of 2025-06-30.
- K3 pays 40 on 2025-05-01 and buys 40 on 2025-07-15: as of 2025-06-30 its balance is -40.
- Follow-ups in 2025 (now = 2025-12-15): sales1 has three for K1 (class A: done, planned
  overdue, planned not yet due), one for K2 (class B: done); sales2 one for K1 (class A:
  cancelled, not counted) and one for K3 (no class: planned, overdue).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from crm_desktop.models import Customer, FollowUp, Payment, Sale
from crm_desktop.services import analysis as an

D = Decimal
NOW = datetime(2025, 12, 15, 12)


def _data(team):
    s1, s2 = team["sales1"].id, team["sales2"].id
    k1 = Customer.create(code="K1", name="甲", owner=s1, abc_class="A").id
    k2 = Customer.create(code="K2", name="乙", owner=s1, abc_class="B").id
    k3 = Customer.create(code="K3", name="丙", owner=s2, abc_class=None).id
    for cust, day, amount in (
        (k1, date(2025, 3, 1), 100),
        (k1, date(2025, 9, 1), 500),
        (k2, date(2025, 8, 1), 70),
        (k3, date(2025, 7, 15), 40),
    ):
        Sale.create(customer=cust, date=day, amount=D(amount), unit_price=D(amount), quantity=1)
    Payment.create(customer=k1, date=date(2025, 4, 1), amount=D(50))
    Payment.create(customer=k3, date=date(2025, 5, 1), amount=D(40))
    for cust, owner, due, status in (
        (k1, s1, datetime(2025, 2, 1, 9), "done"),
        (k1, s1, datetime(2025, 3, 1, 9), "planned"),
        (k1, s1, datetime(2025, 12, 20, 9), "planned"),
        (k2, s1, datetime(2025, 4, 1, 9), "done"),
        (k1, s2, datetime(2025, 5, 1, 9), "cancelled"),
        (k3, s2, datetime(2025, 6, 1, 9), "planned"),
    ):
        FollowUp.create(
            customer=cust,
            owner=owner,
            due_at=due,
            status=status,
            done_at=due if status == "done" else None,
        )


def test_aging_as_of_a_past_day_ignores_later_sales(admin, team):
    _data(team)
    rows = {r.code: r for r in an.receivables_aging(admin, date(2025, 6, 30))}
    assert set(rows) == {"K1", "K3"}
    assert rows["K1"].balance == D("50.00") and rows["K1"].d90_plus == D("50.00")
    assert rows["K3"].balance == D("-40.00") and sum(rows["K3"].buckets_fen) == 0
    later = {r.code: r for r in an.receivables_aging(admin, date(2025, 12, 31))}
    assert later["K1"].balance == D("550.00") and later["K2"].balance == D("70.00")
    assert "K3" not in later  # bought 40, paid 40


def test_followup_counts_per_owner_and_class(admin, team):
    _data(team)
    act = an.followup_activity(admin, an.Period(date(2025, 1, 1), date(2025, 12, 31)), NOW)
    sp = {c.key: (c.planned, c.done, c.overdue) for c in act.by_salesperson}
    assert sp == {
        team["sales1"].name: (4, 2, 1),
        team["sales2"].name: (1, 0, 1),
    }
    cls = {c.key: (c.planned, c.done, c.overdue) for c in act.by_class}
    assert cls["A"] == (3, 1, 1) and cls["B"] == (1, 1, 0) and cls[""] == (1, 0, 1)
