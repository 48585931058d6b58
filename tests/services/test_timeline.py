"""动态: one chronological list of everything about a customer, filtered and searched."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from crm_desktop.errors import PermissionDenied
from crm_desktop.models import AuditEvent, Complaint
from crm_desktop.services import credit, sales
from crm_desktop.services import customers as customer_svc
from crm_desktop.services import followups as svc
from crm_desktop.services.followups.timeline import customer_timeline


@pytest.fixture
def story(team):
    """K1 of sales1 with a plan, a logged contact, a cancelled plan, a credit request decided,
    a sale, a payment, a complaint, a field change and a print."""
    m, gm = team["manager"], team["admin"]
    card = customer_svc.create_customer(
        m, {"code": "K1", "name": "客户K1", "owner": "sales1", "stage": "potential"}
    )
    cid = card.id
    now = datetime.now().replace(second=0, microsecond=0)
    svc.plan_followup(m, {"customer": "K1", "due_at": now + timedelta(days=2), "subject": "送样"})
    svc.log_contact(team["sales1"], "K1", kind="visit", outcome="见了王总")
    gone = svc.plan_followup(m, {"customer": "K1", "due_at": now + timedelta(days=5)})
    svc.cancel_followup(m, gone.id, "客户出差")
    req = credit.request_credit(team["sales1"], cid, limit="50000", reason="订单增加")
    credit.approve(gm, req.request.id, comment="同意")
    sales.record_sale(m, cid, sale_date=date.today(), quantity=2, unit_price="100", order_no="SO1")
    sales.record_payment(m, cid, payment_date=date.today(), amount="150", method="cash")
    Complaint.create(customer=cid, subject="包装破损")
    customer_svc.update_customer(m, cid, {"stage": "prospective"})
    AuditEvent.create(user=m.id, action="print", entity="customer", entity_id=cid, detail="card")
    return cid


def test_every_kind_of_event_is_in_the_list_newest_first(team, story):
    """All eight kinds appear, sorted newest first, in plain words (labels, not codes)."""
    events = customer_timeline(team["sales1"], story, lang="en")
    kinds = {e.kind for e in events}
    assert kinds == {
        "contact",
        "followup",
        "credit",
        "sale",
        "payment",
        "complaint",
        "change",
        "print",
    }
    assert [e.at for e in events] == sorted((e.at for e in events), reverse=True)
    texts = [e.text("en") for e in events]
    assert any("Visit: 见了王总" in t for t in texts)
    assert any("Cancelled" in t and "客户出差" in t for t in texts)
    assert any("Payment ¥150.00 (cash)" in t for t in texts)
    stage = next(t for t in texts if t.startswith("Stage") or "Prospective" in t)
    assert "prospective" not in stage  # the label, never the stored code
    zh = [e.text("zh_CN") for e in customer_timeline(team["sales1"], story, lang="zh_CN")]
    assert any("预期客户" in t for t in zh) and any("拜访：见了王总" in t for t in zh)


def test_filter_by_kind_and_search(team, story):
    """Kinds narrow the list; the search finds words in the rendered text."""
    only = customer_timeline(team["sales1"], story, kinds=["sale", "payment"])
    assert {e.kind for e in only} == {"sale", "payment"} and len(only) == 2
    found = customer_timeline(team["sales1"], story, text="破损")
    assert [e.kind for e in found] == ["complaint"]


def test_other_salesperson_cannot_read_it(team, story):
    """sales2 does not see sales1's customer's story."""
    with pytest.raises(PermissionDenied):
        customer_timeline(team["sales2"], story)


def test_plan_completed_later_shows_both_and_one_step_log_only_the_contact(team):
    """A plan completed later reads as planned and done; a contact logged in one step only as
    done, at its done time; every time is a datetime whatever the database returns."""
    card = customer_svc.create_customer(team["manager"], {"code": "K2", "name": "客户K2"})
    due = datetime.now().replace(second=0, microsecond=0) - timedelta(days=1)
    plan = svc.plan_followup(
        team["manager"], {"customer": "K2", "due_at": due, "subject": "报价\n第二版"}
    )
    svc.complete_followup(team["manager"], plan.id, "已报价")
    svc.log_contact(team["manager"], "K2", kind="call", outcome="确认收到")
    events = customer_timeline(team["manager"], card.id, lang="en")
    assert [e.kind for e in events].count("followup") == 1
    assert [e.kind for e in events].count("contact") == 2
    planned = next(e for e in events if e.kind == "followup")
    assert "报价 第二版" in planned.text("en") and f"{due:%Y-%m-%d %H:%M}" in planned.text("en")
    assert all(type(e.at) is datetime for e in events)
