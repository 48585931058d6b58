"""Custom fields on the customer card: same widgets, validation at the field, history."""

from __future__ import annotations

from decimal import Decimal

import pytest

from crm_desktop.services import customers as cs
from crm_desktop.services.custom_fields import definitions as custom_defs
from crm_desktop.services.custom_fields import kinds as custom_kinds
from crm_desktop.ui import customer_editor as ce
from crm_desktop.ui.field_widgets import ChoiceEditor, NumberEditor

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.fixture
def open_editor(qtbot):
    def make(actor, customer_id):
        return ce.open_customer_editor(None, actor, customer_id)

    yield make
    for editor in ce.open_editors():
        editor._closing_ok = True
        editor.close()


@pytest.fixture
def fields(admin):
    money = custom_defs.define_field(
        admin, "年采购量", "Annual purchases", "money", group="business"
    )
    tier = custom_defs.define_field(admin, "合作层级", "Tier", "choice", choices=["核心", "一般"])
    tags = custom_defs.define_field(admin, "采购渠道", "Channels", "tags", choices=["线上", "门店"])
    return money, tier, tags


def test_custom_fields_edit_save_and_show_in_history(admin, fields, open_editor, qtbot):
    """Custom fields sit in their group or tab with the built-in widgets; a wrong amount is
    explained at the field; a right one is saved and labelled in the History tab."""
    money, tier, tags = fields
    card = cs.create_customer(admin, {"name": "杭州西湖电子"})
    editor = open_editor(admin, card.id)
    amount = editor.field(money.name)
    assert isinstance(amount, NumberEditor)
    assert isinstance(editor.field(tier.name), ChoiceEditor)
    assert editor.field_tab[money.name] == editor.field_tab["sales_performance"]
    assert editor.field_tab[tier.name] == editor.custom_index

    amount.input.setText("很多")
    assert editor.save_button.isEnabled()
    assert not editor.save()
    assert "很多" in amount.error() and "amount" in amount.error()  # as a built-in amount

    amount.input.setText("5万")
    choice = editor.field(tier.name).input
    choice.setCurrentIndex(choice.findData(tier.choices[0].code))
    editor.field(tags.name).input.setText("门店, 线上")
    assert editor.save(), editor.status_label.text()
    stored = cs.get_customer(admin, card.id)
    assert stored[money.name] == Decimal("50000.00")
    assert stored[tier.name] == tier.choices[0].code
    assert stored[tags.name] == (tags.choices[0].code, tags.choices[1].code)
    assert not editor.is_dirty()

    editor.tabs.setCurrentIndex(editor.history_index)
    whats = [r.what for r in editor.history_tab.model.rows]
    assert "Annual purchases" in whats
    assert not any(w.startswith(custom_kinds.PREFIX) for w in whats)
