"""The Today figures: due follow-ups, waiting credit, birthdays across the year end, key figures."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from crm_desktop.models import FollowUp, Sale
from crm_desktop.services import credit
from crm_desktop.services import customers as cs
from crm_desktop.services import today as T


def _followup(customer_id: int, owner_id: int, due: datetime, status: str = "planned") -> int:
    return FollowUp.create(
        customer=customer_id, owner=owner_id, kind="visit", subject="s", due_at=due, status=status
    ).id


@pytest.mark.parametrize(
    ("birthday", "today", "expected"),
    [
        (date(1990, 12, 30), date(2026, 12, 28), date(2026, 12, 30)),
        (date(1990, 1, 3), date(2026, 12, 28), date(2027, 1, 3)),
        (date(1992, 2, 29), date(2027, 2, 25), date(2027, 2, 28)),  # common year: the 28th
        (date(1992, 2, 29), date(2028, 2, 25), date(2028, 2, 29)),  # leap year: the 29th
        (date(1980, 5, 1), date(2026, 5, 1), date(2026, 5, 1)),
        (date(1980, 4, 30), date(2026, 5, 1), date(2027, 4, 30)),
    ],
)
def test_next_birthday(birthday, today, expected):
    """The next birthday wraps into the next year; 29 February falls on the 28th in common years."""
    assert T.next_birthday(birthday, today) == expected


def test_birthdays_across_year_end_and_feb_29(team):
    """Birthdays in the next 7 days include early January seen from late December, and Feb 29."""
    admin = team["admin"]
    c = cs.create_customer(admin, {"name": "甲公司"})
    cs.add_contact(admin, c.id, {"name": "年末", "birthday": "1990-12-30"})
    cs.add_contact(admin, c.id, {"name": "年初", "birthday": "1992-01-03"})
    cs.add_contact(admin, c.id, {"name": "太远", "birthday": "1992-01-05"})
    cs.add_contact(admin, c.id, {"name": "闰日", "birthday": "1992-02-29"})
    cs.add_contact(admin, c.id, {"name": "无生日"})
    got = T.upcoming_birthdays(admin, date(2026, 12, 28))
    assert [(b.contact_name, b.days_until, b.turns) for b in got] == [
        ("年末", 2, 36),
        ("年初", 6, 35),
    ]
    # the order survives the cut: December before January
    assert [b.contact_name for b in T.upcoming_birthdays(admin, date(2026, 12, 28), limit=1)] == [
        "年末"
    ]
    assert T.birthday_count(admin, date(2026, 12, 28)) == 2
    leap = T.upcoming_birthdays(admin, date(2027, 2, 25))
    assert [(b.contact_name, b.next_birthday) for b in leap] == [("闰日", date(2027, 2, 28))]
    assert T.upcoming_birthdays(admin, date(2027, 3, 1)) == []  # 28 Feb has passed
    in_leap_year = T.upcoming_birthdays(admin, date(2028, 2, 28))
    assert [(b.contact_name, b.next_birthday) for b in in_leap_year] == [
        ("闰日", date(2028, 2, 29))
    ]


def test_birthdays_respect_owner_and_deletion(team):
    """A salesperson sees only their customers' contacts; deleted contacts and customers drop out."""
    admin, s1 = team["admin"], team["sales1"]
    mine = cs.create_customer(admin, {"name": "我的", "owner": s1.id})
    other = cs.create_customer(admin, {"name": "别人的"})
    cs.add_contact(admin, mine.id, {"name": "甲", "birthday": "1980-06-02"})
    cs.add_contact(admin, other.id, {"name": "乙", "birthday": "1980-06-02"})
    gone = cs.add_contact(admin, mine.id, {"name": "丙", "birthday": "1980-06-03"})
    cs.delete_contact(admin, gone.id)
    today = date(2026, 6, 1)
    assert [b.contact_name for b in T.upcoming_birthdays(s1, today)] == ["甲"]
    assert sorted(b.contact_name for b in T.upcoming_birthdays(admin, today)) == ["乙", "甲"]
    cs.delete_customer(admin, other.id)
    assert [b.contact_name for b in T.upcoming_birthdays(admin, today)] == ["甲"]


def test_followups_due_and_overdue(team):
    """Today's planned follow-ups by time, then overdue ones, most recent first; done and
    future ones are left out."""
    admin, s1 = team["admin"], team["sales1"]
    mine = cs.create_customer(admin, {"name": "我的", "owner": s1.id})
    other = cs.create_customer(admin, {"name": "别人的"})
    today = date(2026, 3, 10)
    older = _followup(mine.id, s1.id, datetime(2026, 2, 1, 9, 0))
    overdue = _followup(mine.id, s1.id, datetime(2026, 3, 8, 9, 0))
    due = _followup(mine.id, s1.id, datetime(2026, 3, 10, 23, 30))
    _followup(mine.id, s1.id, datetime(2026, 3, 11, 0, 0))  # tomorrow
    _followup(mine.id, s1.id, datetime(2026, 3, 9, 9, 0), status="done")
    others = _followup(other.id, admin.id, datetime(2026, 3, 10, 8, 0))
    got = T.followups_due(s1, today)
    assert [(f.id, f.overdue) for f in got] == [(due, False), (overdue, True), (older, True)]
    assert got[0].customer_name == "我的" and got[0].owner_name == "张伟"
    assert [f.id for f in T.followups_due(admin, today)] == [others, due, overdue, older]
    assert T.followup_counts(s1, today) == (1, 2)
    assert T.followup_counts(admin, today) == (2, 2)
    # a long list is cut, the counts are not
    assert [f.id for f in T.followups_due(admin, today, limit=1)] == [others, overdue]
    cs.delete_customer(admin, other.id)
    assert T.followup_counts(admin, today) == (1, 2)


def test_credit_waiting_only_for_the_general_manager(team):
    """The general manager sees pending requests; a sales manager's list is empty."""
    admin, s1 = team["admin"], team["sales1"]
    c = cs.create_customer(admin, {"name": "甲", "owner": s1.id, "credit_limit": "1000"})
    credit.request_credit(s1, c.id, limit="5000", reason="more orders")
    got = T.pending_credit_requests(admin)
    assert len(got) == 1
    item = got[0]
    assert (item.customer_id, item.proposed_limit, item.current_limit, item.requested_by) == (
        c.id,
        Decimal("5000.00"),
        Decimal("1000.00"),
        "张伟",
    )
    assert T.pending_credit_requests(team["manager"]) == []
    assert (T.pending_credit_count(admin), T.pending_credit_count(team["manager"])) == (1, 0)


def test_key_figures(team):
    """Counts by stage and class, and sales of this month against the same days of last month."""
    admin, s1 = team["admin"], team["sales1"]
    a = cs.create_customer(admin, {"name": "甲", "stage": "current", "abc_class": "A"})
    b = cs.create_customer(admin, {"name": "乙", "stage": "current", "owner": s1.id})
    gone = cs.create_customer(admin, {"name": "丙", "stage": "lost", "abc_class": "C"})
    cs.delete_customer(admin, gone.id)
    for cust, day, amount in [
        (a, date(2026, 3, 5), "100.50"),
        (b, date(2026, 3, 10), "200"),
        (a, date(2026, 3, 11), "999"),  # after today: not counted
        (a, date(2026, 2, 10), "50"),
        (b, date(2026, 2, 20), "70"),  # last month, after the same day
    ]:
        Sale.create(customer=cust.id, date=day, amount=Decimal(amount))
    f = T.key_figures(admin, date(2026, 3, 10))
    assert f.by_stage == {"potential": 0, "prospective": 0, "current": 2, "lost": 0}
    assert f.by_class == {"A": 1, "B": 0, "C": 0, "D": 0, "": 1}
    assert f.customers == 2
    assert f.sales_this_month == Decimal("300.50")
    assert f.sales_last_month == Decimal("50.00")
    assert f.sales_last_month_full == Decimal("120.00")
    assert f.change == (Decimal("300.50") - 50) / 50
    mine = T.key_figures(s1, date(2026, 3, 10))
    assert (mine.customers, mine.sales_this_month, mine.sales_last_month_full) == (
        1,
        Decimal("200.00"),
        Decimal("70.00"),
    )


def test_summary_counts(team):
    """The badge numbers add up the lists of the summary."""
    admin = team["admin"]
    c = cs.create_customer(admin, {"name": "甲"})
    _followup(c.id, admin.id, datetime(2026, 1, 1, 9))
    _followup(c.id, admin.id, datetime(2026, 1, 2, 9))
    cs.add_contact(admin, c.id, {"name": "乙", "birthday": "1990-01-04"})
    summary = T.today_summary(admin, date(2026, 1, 2))
    assert summary.counts == {
        "due_today": 1,
        "overdue": 1,
        "credit_pending": 0,
        "birthdays": 1,
        "total": 2,
    }
