"""Today's suggestions box: pool warnings and lifecycle moves, accepted or dismissed in one click."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from crm_desktop.models import Customer
from crm_desktop.services import customers as cs
from crm_desktop.services import pool, sales
from crm_desktop.ui.day_suggestions import DaySuggestions
from crm_desktop.ui.operations import wait_all
from crm_desktop.ui.today_page import TodayPage

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.fixture
def shop(team):
    """K1 (prospective, one order) and K2 (class B, returning to the pool in two days)."""
    m = team["manager"]
    k1 = cs.create_customer(
        m, {"code": "K1", "name": "客户K1", "owner": "sales1", "stage": "prospective"}
    )
    k2 = cs.create_customer(
        m, {"code": "K2", "name": "客户K2", "owner": "sales1", "abc_class": "B"}
    )
    sales.record_sale(m, k1.id, sale_date=date.today(), quantity=1, unit_price="10")
    Customer.update(created_at=datetime.now() - timedelta(days=28)).where(
        Customer.id == k2.id
    ).execute()
    pool.set_rules(m, {"no_contact_days": {"B": 30}})
    return {"K1": k1.id, "K2": k2.id}


def test_box_lists_warning_and_suggestion_and_accepts(qtbot, team, shop):
    """The warning reads 'returns to the pool in 2 days'; accepting the first order makes K1 current."""
    box = DaySuggestions(team["sales1"])
    qtbot.addWidget(box)
    box.load_now()
    texts = [(i.customer, i.text) for i in box.model.items]
    assert texts[0] == ("K2 客户K2", "Returns to the pool in 2 days")
    assert texts[1][0] == "K1 客户K1" and "First order" in texts[1][1]
    box.view.selectRow(0)
    assert not box.accept_button.isEnabled()  # a warning is not a suggestion
    box.view.selectRow(1)
    box.accept_current()
    card = Customer.get_by_id(shop["K1"])
    assert card.stage == "current" and card.loyalty == "first_time"
    assert [i.customer for i in box.model.items] == ["K2 客户K2"]


def test_dismiss_hides_it(qtbot, team, shop):
    """Dismissing the suggestion leaves the card as it was and the row goes."""
    box = DaySuggestions(team["sales1"])
    qtbot.addWidget(box)
    box.load_now()
    box.view.selectRow(1)
    box.dismiss_current()
    assert Customer.get_by_id(shop["K1"]).stage == "prospective"
    assert len(box.model.items) == 1


def test_today_page_shows_the_box(qtbot, team, shop):
    """The Today page reads the box in the background after its figures."""
    page = TodayPage(team["sales1"])
    qtbot.addWidget(page)
    page.load_now()
    qtbot.waitUntil(lambda: len(page.day_box.model.items) == 2, timeout=5000)
    page.timer.stop()
    wait_all()
