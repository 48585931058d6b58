"""Lifecycle suggestions: 潜在→预期 on the criteria, first/second/loyal orders, lost with a win-back."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from crm_desktop.models import ChangeLog, Customer, FollowUp
from crm_desktop.services import customers as customer_svc
from crm_desktop.services import followups as fu_svc
from crm_desktop.services import lifecycle, sales

TODAY = date(2026, 3, 18)


@pytest.fixture
def shop(team):
    """Customers of sales1 in several situations."""
    m = team["manager"]
    ids = {}
    for code, stage in (
        ("NEW", "potential"),
        ("TALK", "potential"),
        ("ONE", "prospective"),
        ("TWO", "current"),
        ("MANY", "current"),
        ("OLD", "current"),
    ):
        ids[code] = customer_svc.create_customer(
            m, {"code": code, "name": f"客户{code}", "owner": "sales1", "stage": stage}
        ).id
    customer_svc.add_contact(m, ids["TALK"], {"name": "王总"})
    for days in (10, 5):
        fu_svc.log_contact(
            team["sales1"], "TALK", outcome="聊了", at=datetime.now() - timedelta(days=days)
        )

    def sell(code: str, *days: date) -> None:
        for day in days:
            sales.record_sale(m, ids[code], sale_date=day, quantity=1, unit_price="10")

    sell("ONE", date(2026, 3, 1))
    sell("TWO", date(2026, 1, 5), date(2026, 2, 5))
    sell("MANY", *(date(2025, 6 + i, 1) for i in range(5)))
    sell("OLD", date(2024, 1, 1))
    Customer.update(loyalty="first_time").where(Customer.code == "TWO").execute()
    Customer.update(loyalty="repeat").where(Customer.code == "MANY").execute()
    Customer.update(loyalty="repeat").where(Customer.code == "OLD").execute()
    return ids


def test_each_rule_suggests_its_move(team, shop):
    """Every situation gets its suggestion, in plain words; nothing for a plain new customer."""
    found = {s.code: s for s in lifecycle.suggestions(team["sales1"], TODAY)}
    assert {code: s.kind for code, s in found.items()} == {
        "TALK": "prospective",
        "ONE": "first_order",
        "TWO": "repeat",
        "MANY": "loyal",
        "OLD": "lost",
    }
    assert found["ONE"].changes == {"stage": "current", "loyalty": "first_time"}
    assert "现实客户" in found["ONE"].describe("zh_CN") and "first_time" not in found[
        "ONE"
    ].describe("en")
    assert lifecycle.suggestions(team["sales2"], TODAY) == []


def test_accept_changes_the_card_in_the_changelog_and_plans_winback(team, shop):
    """Accepting 流失 sets the stage (ChangeLog) and plans a win-back call."""
    lifecycle.accept(team["sales1"], shop["OLD"], "lost", TODAY)
    assert Customer.get_by_id(shop["OLD"]).stage == "lost"
    assert (
        ChangeLog.get(
            ChangeLog.entity == "customer",
            ChangeLog.entity_id == shop["OLD"],
            ChangeLog.field == "stage",
        ).new_value
        == "lost"
    )
    assert (
        FollowUp.select()
        .where(FollowUp.customer == shop["OLD"], FollowUp.status == "planned")
        .count()
        == 1
    )
    assert "OLD" not in {s.code for s in lifecycle.suggestions(team["sales1"], TODAY)}


def test_dismissed_is_not_shown_again(team, shop):
    """A dismissed suggestion stays away; accepting a stale one is refused."""
    lifecycle.dismiss(team["sales1"], shop["TWO"], "repeat")
    assert "TWO" not in {s.code for s in lifecycle.suggestions(team["sales1"], TODAY)}
    from crm_desktop.errors import NotFound

    with pytest.raises(NotFound):
        lifecycle.accept(team["sales1"], shop["NEW"], "prospective", TODAY)
