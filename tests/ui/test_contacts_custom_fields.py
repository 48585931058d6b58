"""Custom fields defined for contacts on the card's Contacts tab: widgets, validation,
dirty tracking, version conflicts and history, like the built-in contact fields."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtWidgets import QMessageBox

from crm_desktop.models import ChangeLog
from crm_desktop.services import customers as cs
from crm_desktop.services.custom_fields import definitions as custom_defs
from crm_desktop.ui.contacts_tab import ContactsTab
from crm_desktop.ui.field_widgets import ChoiceEditor, DateEditor, NumberEditor

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.fixture
def fields(admin):
    """微信号 (text, required), 决策权 (choice), 年度预算 (money), 入职日期 (date) for contacts,
    and a customer field that must not show on the Contacts tab."""
    define = custom_defs.define_field
    wx = define(admin, "微信号码", "WeChat number", "text", entity="contact", required=True)
    say = define(admin, "决策权", "Say", "choice", entity="contact", choices=["拍板", "建议"])
    budget = define(admin, "年度预算", "Yearly budget", "money", entity="contact")
    joined = define(admin, "入职日期", "Joined", "date", entity="contact")
    define(admin, "主营产品", "Main products", "text")
    return wx, say, budget, joined


@pytest.fixture
def tab(qtbot, admin, fields):
    customer = cs.create_customer(admin, {"name": "杭州西湖电子"})
    widget = ContactsTab(admin, customer.id)
    qtbot.addWidget(widget)
    return widget


def test_contact_custom_fields_use_the_card_widgets(tab, fields):
    """Each contact field gets the built-in widget of its kind; customer fields stay away."""
    wx, say, budget, joined = fields
    assert isinstance(tab.editors[say.name], ChoiceEditor)
    assert isinstance(tab.editors[budget.name], NumberEditor)
    assert isinstance(tab.editors[joined.name], DateEditor)
    assert not any(name.endswith("main_products") for name in tab.editors)


def test_add_validates_and_saves_custom_values(tab, admin, fields):
    """A wrong amount and a missing required field are told at their fields and nothing is
    written; corrected, the contact and its custom values are saved together."""
    wx, say, budget, joined = fields
    tab.editors["name"].input.setText("王晓燕")
    tab.editors[budget.name].input.setText("很多")
    assert tab.save_current() is False
    assert "很多" in tab.editors[budget.name].error()
    assert tab.editors[wx.name].error() == "Required"
    assert cs.list_contacts(admin, tab.customer_id) == []

    tab.editors[budget.name].input.setText("3万")
    tab.editors[wx.name].input.setText("wxy_1986")
    choice = tab.editors[say.name].input
    choice.setCurrentIndex(choice.findData(say.choices[0].code))
    tab.editors[joined.name].input.setText("2019-03-01")
    assert tab.save_current()
    [contact] = cs.list_contacts(admin, tab.customer_id)
    assert contact.values[budget.name] == Decimal("30000.00")
    assert contact.values[wx.name] == "wxy_1986"
    assert contact.values[say.name] == say.choices[0].code
    assert contact.values[joined.name] == date(2019, 3, 1)
    assert not tab.is_dirty() and not tab.save_button.isEnabled()


def test_edit_is_dirty_saved_and_in_history(tab, admin, fields):
    """Changing a custom value makes the form dirty; saving writes it with a ChangeLog row
    under the contact, and the form shows the stored value again."""
    wx, say, budget, joined = fields
    saved = cs.add_contact(admin, tab.customer_id, {"name": "陈建国", wx.name: "cjg"})
    tab.reload(select_id=saved.id)
    assert tab.editors[wx.name].value() == "cjg" and not tab.is_dirty()
    tab.editors[wx.name].input.setText("cjg_2")
    assert tab.is_dirty() and tab.save_button.isEnabled()
    assert tab.save_current()
    assert cs.list_contacts(admin, tab.customer_id)[0].values[wx.name] == "cjg_2"
    logged = ChangeLog.select().where(ChangeLog.entity == "contact", ChangeLog.field == wx.name)
    assert [(r.old_value, r.new_value) for r in logged.order_by(ChangeLog.id)] == [
        (None, "cjg"),
        ("cjg", "cjg_2"),
    ]
    assert tab.editors[wx.name].value() == "cjg_2" and not tab.is_dirty()


def test_custom_change_meets_a_version_conflict(tab, admin, team, fields, monkeypatch):
    """Someone else changed the contact meanwhile: the custom value is refused plainly and
    the other person's value stays."""
    wx, say, budget, joined = fields
    saved = cs.add_contact(admin, tab.customer_id, {"name": "陈建国", wx.name: "cjg"})
    tab.reload(select_id=saved.id)
    cs.update_contact(team["manager"], saved.id, {wx.name: "from-manager"})
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    tab.editors[wx.name].input.setText("from-tab")
    assert tab.save_current() is False
    assert shown and "陈建国" in shown[0]
    assert cs.list_contacts(admin, tab.customer_id)[0].values[wx.name] == "from-manager"


def test_retired_and_hidden_contact_fields_leave_the_form(qtbot, admin, fields):
    """A hidden or retired contact field is not on the form; its values are kept."""
    wx, say, budget, joined = fields
    customer = cs.create_customer(admin, {"name": "宁波港口物流"})
    cs.add_contact(admin, customer.id, {"name": "李四", wx.name: "ls", budget.name: "100"})
    custom_defs.update_field(admin, budget.id, hidden=True)
    custom_defs.update_field(admin, wx.id, retired=True)
    widget = ContactsTab(admin, customer.id)
    qtbot.addWidget(widget)
    assert budget.name not in widget.editors and wx.name not in widget.editors
    assert say.name in widget.editors
    widget.editors["title"].input.setText("经理")
    assert widget.save_current()
    [contact] = cs.list_contacts(admin, customer.id)
    assert contact.values[wx.name] == "ls" and contact.values[budget.name] == Decimal("100.00")
