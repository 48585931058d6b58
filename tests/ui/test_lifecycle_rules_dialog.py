"""客户分类规则 dialog: managers change the criteria, salespeople read them; reachable from
Settings, Today's suggestions box and the prospect lists page, which also exports."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from openpyxl import load_workbook
from PySide6.QtWidgets import QDialogButtonBox

from crm_desktop.models import Customer
from crm_desktop.services import customers as cs
from crm_desktop.services import lifecycle_rules, sales
from crm_desktop.ui import lifecycle_rules_dialog
from crm_desktop.ui.day_suggestions import DaySuggestions
from crm_desktop.ui.lifecycle_rules_dialog import LifecycleRulesDialog
from crm_desktop.ui.operations import wait_all
from crm_desktop.ui.prospects_page import ProspectsPage
from crm_desktop.ui.settings_dialog import SettingsDialog

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def test_manager_changes_the_rules(qtbot, team):
    """The form shows the rules in force; a manager's changes are saved through the service."""
    lifecycle_rules.set_rules(team["manager"], {"lost_months": 9})
    dialog = LifecycleRulesDialog(team["manager"])
    qtbot.addWidget(dialog)
    assert dialog.boxes["lost_months"].value() == 9
    assert dialog.values() == lifecycle_rules.get_rules()
    dialog.boxes["loyal_orders"].setValue(6)
    dialog.boxes["winback"].setChecked(False)
    assert not dialog.boxes["winback_days"].isEnabled()  # no call, no day to choose
    assert dialog.save()
    rules = lifecycle_rules.get_rules()
    assert (rules["loyal_orders"], rules["winback"], rules["lost_months"]) == (6, False, 9)


def test_boxes_hold_the_services_limits(qtbot, team):
    """A box cannot go past the limit the service enforces (流失 months: 1 to 120)."""
    dialog = LifecycleRulesDialog(team["manager"])
    qtbot.addWidget(dialog)
    box = dialog.boxes["lost_months"]
    assert (box.minimum(), box.maximum()) == lifecycle_rules.NUMBERS["lost_months"][1:]
    assert box.suffix() == " months"


def test_a_refusal_is_shown_in_the_dialog(qtbot, team, monkeypatch):
    """A value the service refuses stays in the dialog with the catalogue's words, unsaved."""
    monkeypatch.setenv("CRM_DESKTOP_LANG", "zh_CN")
    dialog = LifecycleRulesDialog(team["manager"])
    qtbot.addWidget(dialog)
    box = dialog.boxes["lost_months"]
    box.setMaximum(500)  # an older limit, say: the service still decides
    box.setValue(200)
    assert not dialog.save()
    assert dialog.problem.isVisibleTo(dialog)
    assert "流失客户：无订单月数" in dialog.problem.text() and "1 到 120" in dialog.problem.text()
    assert lifecycle_rules.get_rules()["lost_months"] == 12


def test_salesperson_reads_only(qtbot, team):
    """A salesperson sees the rules, every box disabled, a note, and only Close."""
    dialog = LifecycleRulesDialog(team["sales1"])
    qtbot.addWidget(dialog)
    assert not any(box.isEnabled() for box in dialog.boxes.values())
    assert "Only the sales manager" in dialog.problem.text()
    assert dialog.buttons.standardButtons() == QDialogButtonBox.StandardButton.Close


def test_chinese_labels(qtbot, team, monkeypatch):
    """In Chinese the dialog speaks the form's words, never a rule's key."""
    monkeypatch.setenv("CRM_DESKTOP_LANG", "zh_CN")
    dialog = LifecycleRulesDialog(team["manager"])
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "客户分类规则"
    assert dialog.boxes["winback"].text() == "流失客户安排挽回电话"
    assert dialog.boxes["min_contacts"].suffix() == " 次"


@pytest.fixture
def saved_by_dialog(monkeypatch):
    """Opening the dialog sets 流失 to 1 month and saves (instead of waiting for a user)."""
    opened = []

    def run(self) -> int:
        opened.append(self.actor.username)
        self.boxes["lost_months"].setValue(1)
        return int(self.save())

    monkeypatch.setattr(lifecycle_rules_dialog.LifecycleRulesDialog, "exec", run)
    return opened


def test_today_box_opens_the_rules_and_reloads(qtbot, team, saved_by_dialog):
    """From Today's box: saving a shorter 流失 period brings the customer's suggestion at once."""
    m = team["manager"]
    c = cs.create_customer(
        m, {"code": "K1", "name": "客户K1", "owner": "sales1", "stage": "current"}
    )
    sales.record_sale(
        m, c.id, sale_date=date.today() - timedelta(days=45), quantity=1, unit_price="1"
    )
    Customer.update(loyalty="first_time").where(Customer.id == c.id).execute()
    box = DaySuggestions(m)
    qtbot.addWidget(box)
    box.load_now()
    assert [i.kind for i in box.model.items] == []
    box.rules_button.click()
    assert saved_by_dialog == ["manager"]
    assert lifecycle_rules.get_rules()["lost_months"] == 1
    assert [i.kind for i in box.model.items] == ["lost"]


def test_settings_and_prospects_page_open_the_rules(qtbot, team, saved_by_dialog):
    """Settings and the prospect lists page open the same dialog."""
    settings = SettingsDialog(team["manager"])
    qtbot.addWidget(settings)
    settings.lifecycle_rules.click()
    page = ProspectsPage(team["sales1"])
    qtbot.addWidget(page)
    page.rules_button.click()
    assert saved_by_dialog == ["manager", "sales1"]
    assert not page.export_button.isEnabled()  # a salesperson does not export lists


def test_prospects_page_exports_in_the_background(qtbot, team, tmp_path):
    """The page's export writes the workbook off the GUI thread and says where."""
    m = team["manager"]
    for code, stage in (("F1", "potential"), ("F2", "current")):
        cs.create_customer(m, {"code": code, "name": code, "stage": stage, "source": "friends"})
    page = ProspectsPage(m)
    qtbot.addWidget(page)
    out = tmp_path / "lists.xlsx"
    with qtbot.waitSignal(page.statusMessage, timeout=15_000) as told:
        page.export_lists(str(out))
    wait_all()
    assert str(out) in told.args[0] and "2 customers" in told.args[0]
    book = load_workbook(out)
    assert book.sheetnames == ["Prospect lists", "Friends and relatives"]
    assert [r[0] for r in book["Friends and relatives"].iter_rows(min_row=2, values_only=True)] == [
        "F1",
        "F2",
    ]
