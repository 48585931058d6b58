"""The customer list's 余额, 最近联系 and 下次跟进: the card's own figures, for a page or to sort by."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

import pytest

from crm_desktop.services import customers as svc
from crm_desktop.services import followups, receivables, sales, sales_ledger
from crm_desktop.services.customer_figures import figures
from crm_desktop.services.customers import CustomerQuery


@pytest.fixture
def three(admin):
    """Three customers: one owing money (with a voided line), one paid up, one untouched."""
    owing = svc.create_customer(admin, {"name": "甲公司", "code": "K1"}).id
    paid = svc.create_customer(admin, {"name": "乙公司", "code": "K2"}).id
    quiet = svc.create_customer(admin, {"name": "丙公司", "code": "K3"}).id
    sales.record_sale(admin, owing, sale_date="2026-01-05", quantity=2, unit_price="500")
    voided = sales.record_sale(admin, owing, sale_date="2026-01-06", quantity=1, unit_price="70")
    sales_ledger.void_sale(admin, voided.id, "录错了")
    sales.record_payment(admin, owing, payment_date="2026-02-01", amount="300.50")
    sales.record_sale(admin, paid, sale_date="2026-01-05", quantity=1, unit_price="80")
    sales.record_payment(admin, paid, payment_date="2026-01-09", amount="80")
    return {"owing": owing, "paid": paid, "quiet": quiet}


def test_balance_is_the_cards(admin, three):
    """The list's balance is the card's (sales minus payments, voided lines left out)."""
    shown = figures(admin, list(three.values()))
    for cid in three.values():
        assert shown[cid].balance == receivables.exposure(admin, cid).balance
    assert shown[three["owing"]].balance == Decimal("699.50")
    assert shown[three["quiet"]].balance == Decimal("0.00")


def test_balance_matches_the_aging_list(admin, three):
    """Every customer the aging list shows has the balance the list column shows."""
    rows = receivables.aging(admin)
    assert rows
    shown = figures(admin, [r.customer_id for r in rows])
    for row in rows:
        assert shown[row.customer_id].balance == row.balance


def test_last_contact_and_next_followup(admin, three):
    """最近联系 is the last completed follow-up; 下次跟进 the earliest still planned."""
    cid = three["paid"]
    soon = datetime(2030, 3, 1, 9, 0)
    followups.plan_followup(
        admin, {"customer": cid, "kind": "visit", "due_at": soon + timedelta(days=9)}
    )
    followups.plan_followup(admin, {"customer": cid, "kind": "call", "due_at": soon})
    done_at = datetime(2026, 11, 20, 15, 30)
    followups.log_contact(admin, cid, kind="call", outcome="谈妥了", at=done_at)
    shown = figures(admin, [cid, three["quiet"]])
    assert shown[cid].last_contact_at == done_at
    assert shown[cid].next_followup == soon
    assert shown[three["quiet"]].last_contact_at is None
    assert shown[three["quiet"]].next_followup is None


@pytest.mark.parametrize("descending", [False, True])
def test_sort_by_balance(admin, three, descending):
    """Sorting by balance orders the list by the same figure, in both directions."""
    ids = svc.customer_ids(admin, CustomerQuery(sort="balance", descending=descending))
    expected = [three["paid"], three["quiet"], three["owing"]]  # 0 (id 2), 0 (id 3), 699.50
    assert ids == (expected[::-1] if descending else expected)
    page = svc.list_customers(admin, CustomerQuery(sort="balance", descending=True), limit=2)
    assert page.total == 3 and [r.id for r in page.rows] == [three["owing"], three["quiet"]]


def test_sort_by_next_followup_puts_nothing_planned_last(admin, three):
    """Customers with nothing planned come after those with a plan, ascending and descending."""
    late, early = three["owing"], three["quiet"]
    followups.plan_followup(
        admin, {"customer": late, "kind": "call", "due_at": datetime(2031, 1, 2)}
    )
    followups.plan_followup(
        admin, {"customer": early, "kind": "call", "due_at": datetime(2030, 1, 2)}
    )
    up = svc.customer_ids(admin, CustomerQuery(sort="next_followup"))
    down = svc.customer_ids(admin, CustomerQuery(sort="next_followup", descending=True))
    assert up == [early, late, three["paid"]]
    assert down == [late, early, three["paid"]]


def test_figure_sort_keeps_the_filters(admin, three):
    """A figure sort orders the filtered list only (search text, deleted view)."""
    ids = svc.customer_ids(admin, CustomerQuery(text="甲", sort="balance"))
    assert ids == [three["owing"]]
    svc.delete_customer(admin, three["quiet"])
    assert svc.customer_ids(admin, CustomerQuery(sort="last_contact_at")) == [
        three["owing"],
        three["paid"],
    ]
