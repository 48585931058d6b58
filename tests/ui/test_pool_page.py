"""The 公海 page: the pool listed, a claim from it, the warning list, a manager's assign."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from crm_desktop.models import Customer
from crm_desktop.services import customers as cs
from crm_desktop.services import pool
from crm_desktop.ui.pages import PAGES
from crm_desktop.ui.pool_page import PoolPage

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.fixture
def shop(team):
    """P1, P2 in the pool; K1 of sales1 due back in two days under a 30-day rule."""
    m = team["manager"]
    ids = {}
    for code, owner in (("P1", None), ("P2", None), ("K1", "sales1")):
        values = {"code": code, "name": f"客户{code}", "abc_class": "B"}
        if owner:
            values["owner"] = owner
        ids[code] = cs.create_customer(m, values).id
    Customer.update(owner=None).where(Customer.code.startswith("P")).execute()
    Customer.update(created_at=datetime.now() - timedelta(days=28)).execute()
    pool.set_rules(m, {"no_contact_days": {"B": 30}})
    return ids


def select(view, row: int) -> None:
    view.selectRow(row)


def test_page_is_registered():
    """The side bar lists the pool page."""
    assert "pool" in [key for key, _title, _factory in PAGES]


def test_salesperson_claims_and_sees_warning(qtbot, team, shop):
    """sales1 sees P1, P2 and their K1 returning in 2 days; claiming P1 takes it."""
    page = PoolPage(team["sales1"])
    qtbot.addWidget(page)
    assert page.pool_model.rows[0][0] == "P1" and len(page.pool_model.rows) == 2
    assert page.soon_model.rows[0][0] == "K1" and "2" in page.soon_model.rows[0][2]
    assert not page.assign_button.isVisibleTo(page)
    select(page.pool_view, 0)
    page.claim_selected()
    assert Customer.get_by_id(shop["P1"]).owner_id == team["sales1"].id
    assert [r[0] for r in page.pool_model.rows] == ["P2"]


def test_manager_assigns(qtbot, team, shop):
    """A manager assigns the selected pool customer to the chosen user."""
    page = PoolPage(team["manager"])
    qtbot.addWidget(page)
    page.assign_to.setCurrentIndex(page.assign_to.findData(team["sales2"].id))
    select(page.pool_view, 1)
    page.assign_selected()
    assert Customer.get_by_id(shop["P2"]).owner_id == team["sales2"].id


def test_job_runs_from_the_window_timer(qtbot, team, shop):
    """The window's pool job returns an overdue customer shortly after the window shows."""
    from PySide6.QtWidgets import QWidget

    from crm_desktop.ui.operations import wait_all

    Customer.update(created_at=datetime.now() - timedelta(days=40)).execute()
    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    from crm_desktop.ui.pool_page import start_pool_job

    start_pool_job(window, team["admin"], first_ms=10)
    qtbot.waitUntil(lambda: Customer.get_by_id(shop["K1"]).owner_id is None, timeout=5000)
    wait_all()


def test_customer_list_says_who_returns_soon(qtbot, team, shop):
    """The customer list shows '1 customers return to the pool soon (the first in 2 days)'."""
    from crm_desktop.ui.customers_page import CustomersPage
    from crm_desktop.ui.operations import wait_all

    page = CustomersPage(team["sales1"])
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    qtbot.waitUntil(lambda: page.pool_warning.isVisible(), timeout=5000)
    wait_all()
    assert "2 days" in page.pool_warning.text() and "K1" in page.pool_warning.toolTip()


def test_rules_dialog_saves_the_manager_rules(qtbot, team, shop):
    """The rules dialog shows the current rules and saves a change per class."""
    from crm_desktop.ui.pool_page import PoolRulesDialog

    dialog = PoolRulesDialog(team["manager"])
    qtbot.addWidget(dialog)
    assert dialog.spins[("no_contact_days", "B")].value() == 30
    dialog.spins[("no_sale_days", "C")].setValue(90)
    dialog.exempt["A"].setChecked(True)
    dialog.followups.setCurrentIndex(dialog.followups.findData("reassign"))
    dialog.reassign_to.setCurrentIndex(dialog.reassign_to.findData("manager"))
    assert dialog.save()
    rules = pool.get_rules()
    assert rules.no_sale_days["C"] == 90 and rules.no_contact_days["B"] == 30
    assert rules.exempt_classes == ("A",) and rules.reassign_to == "manager"
    assert rules.no_contact_days["A"] is None
