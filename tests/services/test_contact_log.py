"""记录联系: one step logs a done contact, completes the due plan, plans the next one."""

from __future__ import annotations

from datetime import datetime

import pytest

from crm_desktop.errors import ValidationError
from crm_desktop.models import ChangeLog, Customer, FollowUp
from crm_desktop.services import customers as customer_svc
from crm_desktop.services import followups as svc

NOW = datetime(2026, 3, 18, 10, 0)


@pytest.fixture
def shop(team):
    """Two customers: K1 of sales1 (with a contact 王总), K2 of sales2."""
    manager = team["manager"]
    made = {}
    for code, owner in (("K1", "sales1"), ("K2", "sales2")):
        made[code] = customer_svc.create_customer(
            manager, {"code": code, "name": f"客户{code}", "owner": owner, "abc_class": "A"}
        ).id
    customer_svc.add_contact(manager, made["K1"], {"name": "王总"})
    return made


def test_log_without_plan_creates_done_followup_and_updates_last_contact(team, shop):
    """A contact with nothing planned becomes a done follow-up at now; the card's last contact moves."""
    result = svc.log_contact(
        team["sales1"], "K1", kind="visit", outcome="谈妥了样品", notes="下周报价", now=NOW
    )
    assert result.done.status == "done" and result.done.kind == "visit"
    assert result.done.done_at == NOW and result.done.due_at == NOW
    assert result.done.outcome == "谈妥了样品\n下周报价"
    assert result.done.owner_id == team["sales1"].id
    assert result.next is None and not result.completed_planned
    assert Customer.get_by_id(shop["K1"]).last_contact_at == NOW
    events = ChangeLog.select().where(
        ChangeLog.entity == "followup", ChangeLog.entity_id == result.done.id
    )
    assert [e.field for e in events] == ["logged"]


def test_due_plan_is_the_one_completed_with_next_step(team, shop):
    """A planned follow-up due today is completed (kind of what happened), and the next step is planned."""
    planned = svc.plan_followup(
        team["sales1"], {"customer": "K1", "due_at": "2026-03-18 15:00", "kind": "call"}
    )
    result = svc.log_contact(
        team["sales1"],
        shop["K1"],
        kind="dinner",
        contact="王总",
        outcome="请客吃饭",
        next_due="2026-03-25 09:30",
        next_kind="visit",
        now=NOW,
    )
    assert result.completed_planned and result.done.id == planned.id
    assert result.done.kind == "dinner" and result.done.done_at == NOW
    assert result.done.contact_name == "王总"
    assert result.next is not None and result.next.due_at == datetime(2026, 3, 25, 9, 30)
    assert result.next.kind == "visit" and result.next.status == "planned"
    card = Customer.get_by_id(shop["K1"])
    assert card.planned_followups == 1 and card.last_contact_at == NOW
    assert FollowUp.select().where(FollowUp.customer == shop["K1"]).count() == 2


def test_plan_due_later_is_left_alone(team, shop):
    """A plan due after the day of the contact stays planned; the log is a new row."""
    later = svc.plan_followup(team["sales1"], {"customer": "K1", "due_at": "2026-03-20 09:00"})
    result = svc.log_contact(team["sales1"], "K1", outcome="电话问候", now=NOW)
    assert result.done.id != later.id and not result.completed_planned
    assert FollowUp.get_by_id(later.id).status == "planned"


def test_bad_input_is_refused_with_every_problem(team, shop):
    """No outcome, an unknown kind and a bad next date are reported together; nothing is written."""
    with pytest.raises(ValidationError) as caught:
        svc.log_contact(team["sales1"], "K1", kind="fax", outcome="", next_due="明年", now=NOW)
    assert {"outcome", "kind", "next_due_at"} <= set(caught.value.problems)
    assert FollowUp.select().count() == 0


def test_future_contact_is_refused(team, shop):
    """A contact cannot be logged two days ahead."""
    with pytest.raises(ValidationError) as caught:
        svc.log_contact(team["sales1"], "K1", outcome="x", at="2026-03-20 10:00", now=NOW)
    assert "done_at" in caught.value.problems


def test_salesperson_cannot_log_on_another_customer(team, shop):
    """sales1 may not log a contact on sales2's customer, and is told no more than for a
    code that does not exist."""
    from crm_desktop.errors import UserError

    with pytest.raises(UserError) as hidden:
        svc.log_contact(team["sales1"], "K2", outcome="x", now=NOW)
    with pytest.raises(UserError) as unknown:
        svc.log_contact(team["sales1"], "K9", outcome="x", now=NOW)
    assert hidden.value.message == unknown.value.message.replace("K9", "K2")
