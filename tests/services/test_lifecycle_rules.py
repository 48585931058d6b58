"""The manager's lifecycle rules: checked with plain messages, stored, audited, and obeyed."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from crm_desktop.errors import PermissionDenied, ValidationError
from crm_desktop.models import AuditEvent, Customer, FollowUp
from crm_desktop.services import customers as customer_svc
from crm_desktop.services import followups as fu_svc
from crm_desktop.services import lifecycle, lifecycle_rules, sales

TODAY = date(2026, 3, 18)


def test_defaults_until_a_manager_sets_them(team):
    """A new database runs on the defaults; the manager's change is kept, merged and audited."""
    assert lifecycle_rules.get_rules() == lifecycle_rules.DEFAULTS
    rules = lifecycle_rules.set_rules(team["manager"], {"lost_months": "9", "winback": "否"})
    assert rules["lost_months"] == 9 and rules["winback"] is False
    assert rules["min_contacts"] == lifecycle_rules.DEFAULTS["min_contacts"]
    assert lifecycle_rules.get_rules() == rules == lifecycle.settings()
    event = AuditEvent.get(AuditEvent.action == "lifecycle.rules")
    assert event.user_id == team["manager"].id and '"lost_months": 9' in event.detail


def test_a_salesperson_may_not_change_them(team):
    """A salesperson is refused with the action named, and nothing changes."""
    with pytest.raises(PermissionDenied) as caught:
        lifecycle_rules.set_rules(team["sales1"], {"lost_months": 3})
    assert "客户分类规则" in caught.value.render("zh_CN")
    assert lifecycle_rules.get_rules()["lost_months"] == 12


@pytest.mark.parametrize(
    ("values", "field", "zh", "en"),
    [
        ({"lost_months": "abc"}, "lost_months", "“abc”不是 1 到 120 之间的整数", "from 1 to 120"),
        ({"loyal_orders": 1}, "loyal_orders", "忠诚客户：订单次数", "from 2 to 1000"),
        ({"min_contacts": 0}, "min_contacts", "至少联系次数", "Prospective after contacts"),
        ({"winback": "maybe"}, "winback", "“maybe”不是“是”或“否”", "is not yes or no"),
        ({"lost_month": 3}, "lost_month", "没有“lost_month”这项规则", "lost_months (Lost"),
    ],
)
def test_bad_values_are_refused_under_their_rule(team, values, field, zh, en):
    """A bad value names the rule's label and the allowed range in both languages."""
    with pytest.raises(ValidationError) as caught:
        lifecycle_rules.set_rules(team["manager"], values)
    problem = caught.value.problems[field]
    assert zh in problem.render("zh_CN") and en in problem.render("en")
    assert "lost_months" not in caught.value.render("zh_CN") or field == "lost_month"


def test_every_problem_is_told_at_once(team):
    """Two bad rules give two messages, not the first only."""
    with pytest.raises(ValidationError) as caught:
        lifecycle_rules.set_rules(team["manager"], {"lost_months": 0, "winback_days": -1})
    assert set(caught.value.problems) == {"lost_months", "winback_days"}


@pytest.fixture
def old_customer(team):
    """A current customer whose only order is 10 months before TODAY."""
    c = customer_svc.create_customer(
        team["manager"], {"code": "OLD", "name": "老客户", "owner": "sales1", "stage": "current"}
    )
    sales.record_sale(
        team["manager"], c.id, sale_date=date(2025, 5, 18), quantity=1, unit_price="10"
    )
    Customer.update(loyalty="first_time").where(Customer.id == c.id).execute()
    return c.id


def test_lost_months_moves_the_line(team, old_customer):
    """At 12 months nothing is suggested; at 9 months the customer is suggested 流失."""
    assert "lost" not in {s.kind for s in lifecycle.suggestions(team["sales1"], TODAY)}
    lifecycle_rules.set_rules(team["manager"], {"lost_months": 9})
    assert [s.kind for s in lifecycle.suggestions(team["sales1"], TODAY)] == ["lost"]


def test_winback_off_plans_no_call(team, old_customer):
    """Without win-back, accepting 流失 changes the stage only and the text says no call."""
    lifecycle_rules.set_rules(team["manager"], {"lost_months": 9, "winback": False})
    (found,) = lifecycle.suggestions(team["sales1"], TODAY)
    assert "挽回" not in found.describe("zh_CN")
    lifecycle.accept(team["sales1"], old_customer, "lost", TODAY)
    assert Customer.get_by_id(old_customer).stage == "lost"
    assert FollowUp.select().where(FollowUp.customer == old_customer).count() == 0


def test_winback_days_set_the_call(team, old_customer):
    """With win-back after 5 days, the planned call is due 5 days from today."""
    lifecycle_rules.set_rules(team["manager"], {"lost_months": 9, "winback_days": 5})
    lifecycle.accept(team["sales1"], old_customer, "lost", TODAY)
    call = FollowUp.get(FollowUp.customer == old_customer, FollowUp.status == "planned")
    assert call.due_at.date() == date.today() + timedelta(days=5)


def test_screening_criteria_follow_the_rules(team):
    """One logged contact and no contact person: suggested only once the manager allows it."""
    c = customer_svc.create_customer(
        team["manager"], {"code": "P1", "name": "潜在一", "owner": "sales1"}
    )
    fu_svc.log_contact(team["sales1"], "P1", outcome="初次电话")
    assert lifecycle.suggestions(team["sales1"]) == []
    lifecycle_rules.set_rules(team["manager"], {"min_contacts": 1, "need_contact_person": "no"})
    assert [(s.customer_id, s.kind) for s in lifecycle.suggestions(team["sales1"])] == [
        (c.id, "prospective")
    ]


def test_parse_pairs_refuses_a_pair_without_equals(team):
    """`--set lost_months` without a value is refused in plain words."""
    assert lifecycle_rules.parse_pairs(["lost_months= 9 "]) == {"lost_months": "9"}
    with pytest.raises(ValidationError) as caught:
        lifecycle_rules.parse_pairs(["lost_months"])
    assert "RULE=VALUE" in caught.value.render("en")
