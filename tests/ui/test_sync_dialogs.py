"""The customers page's salesperson workbooks: send, take back, conflicts side by side."""

from __future__ import annotations

import openpyxl
import pytest
from customer_fixtures import make_customers
from PySide6.QtCore import QSettings

from crm_desktop.jobs import sync as sync_job
from crm_desktop.services import customers as customer_service
from crm_desktop.services.sync.apply import KEEP, TAKE
from crm_desktop.ui.customers_page import CustomersPage
from crm_desktop.ui.sync_dialogs import (
    SendDialog,
    TakeBackDialog,
    _run_take_back,
    send_to_salesperson,
)

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.fixture
def page(qtbot, qapp, team):
    QSettings().clear()
    make_customers(team)
    widget = CustomersPage(team["admin"])
    qtbot.addWidget(widget)
    widget.show()
    yield widget
    QSettings().clear()


def _conflicting_workbook(page, team, tmp_path):
    """A workbook of 张伟's whose first card's phone was changed in both places."""
    out = tmp_path / "zw.xlsx"
    sync_job.send_for_update(page.actor, out, owner_id=team["sales1"].id)
    wb = openpyxl.load_workbook(out)
    ws = wb.worksheets[0]
    headers = [c.value for c in ws[1]]
    code = ws.cell(2, headers.index("Customer code") + 1).value
    ws.cell(2, headers.index("Phone") + 1).value = "010-22222222"
    wb.save(out)
    card = customer_service.get_customer(page.actor, code=code)
    customer_service.update_customer(page.actor, card.id, {"phone": "010-11111111"})
    return out, card


def test_page_offers_the_sync_menu_to_managers(page):
    """Managers see 发给业务员… and 收回业务员的表格… in one menu button."""
    actions = [a.text() for a in page.sync_button.menu().actions()]
    assert len(actions) == 2 and actions[0].startswith("Send to salesperson")


def test_send_dialog_lists_salespeople_and_the_filtered_list(page, team):
    """The salespeople are offered by name, and the filtered list last."""
    dialog = SendDialog(page.actor, page)
    names = [dialog.who.itemText(i) for i in range(dialog.who.count())]
    assert "张伟" in names and names[-1] == "The current filtered list"
    dialog.who.setCurrentIndex(names.index("张伟"))
    assert dialog.owner_id() == team["sales1"].id


def test_send_runs_in_the_background(qtbot, page, team, tmp_path):
    """Sending writes the workbook off the GUI thread and says so in the status bar."""
    out = tmp_path / "sent.xlsx"
    with qtbot.waitSignal(page.statusMessage, timeout=20000) as done:
        op = send_to_salesperson(page, team["sales1"].id, str(out))
    assert op.error is None and "sent" in done.args[0]
    assert openpyxl.load_workbook(out).sheetnames[:3] == ["Customers", "Contacts", "Follow-ups"]


def test_conflicts_side_by_side_and_decided_for_all(qtbot, page, team, tmp_path):
    """The dialog shows field, values and who changed it; take-for-all decides each row,
    and the decision is applied in the background."""
    out, card = _conflicting_workbook(page, team, tmp_path)
    plan = sync_job.plan(page.actor, out)
    dialog = TakeBackDialog(plan, page)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 1
    row = [dialog.table.item(0, c).text() for c in range(9)]
    assert row[3:8] == ["Phone", "", "010-22222222", "010-11111111", "Administrator"]
    assert dialog.decisions() == {}
    dialog.decide_all(KEEP)
    assert list(dialog.decisions().values()) == [KEEP]
    dialog.decide_all(TAKE)
    with qtbot.waitSignal(page.statusMessage, timeout=20000):
        _run_take_back(page, page.actor, str(out), plan, dialog.decisions())
    assert customer_service.get_customer(page.actor, card.id)["phone"] == "010-22222222"
