"""Custom fields in the customer list: optional columns, sortable, and a choice filter."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt

from crm_desktop.services.custom_fields import definitions as custom_defs
from crm_desktop.services.custom_fields import values as custom_values
from crm_desktop.services.customers import create_customer
from crm_desktop.ui.customers_page import CustomersPage
from crm_desktop.ui.translations import install_translations

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.fixture(autouse=True)
def fresh_settings(qapp):
    install_translations("en")
    QSettings().clear()
    yield
    QSettings().clear()


@pytest.fixture
def filled(admin):
    """Three customers with a money field and a choice field."""
    money = custom_defs.define_field(admin, "年采购量", "Annual purchases", "money")
    tier = custom_defs.define_field(admin, "合作层级", "Tier", "choice", choices=["核心", "一般"])
    for name, amount, level in (
        ("甲公司", "5万", "核心"),
        ("乙公司", "", "一般"),
        ("丙公司", "800", ""),
    ):
        card = create_customer(admin, {"name": name})
        custom_values.set_values(admin, "customer", card.id, {money.name: amount, tier.name: level})
    return money, tier


def test_custom_columns_are_optional_sortable_and_filterable(qtbot, admin, filled):
    """Custom columns start hidden, show values when chosen, sort in the database and
    the custom filter keeps only the cards holding the chosen option."""
    money, tier = filled
    page = CustomersPage(admin)
    qtbot.addWidget(page)
    keys = [c.key for c in page.model.columns]
    number = keys.index(money.name)
    assert page.table.isColumnHidden(number)
    assert money.name not in page.visible_columns()
    page.set_column_visible(number, True)
    assert money.name in page.visible_columns()
    assert page.model.headerData(number, Qt.Orientation.Horizontal) == "Annual purchases"

    page.model.sort(number, Qt.SortOrder.AscendingOrder)
    name = keys.index("name")
    shown = [
        (page.model.index(r, name).data(), page.model.index(r, number).data())
        for r in range(page.model.rowCount())
    ]
    assert shown == [("丙公司", "CNY 800.00"), ("甲公司", "CNY 50,000.00"), ("乙公司", "")]

    combo = page.custom_filter
    assert combo.isVisibleTo(page)
    combo.setCurrentIndex(combo.findData(f"{tier.name}={tier.choices[0].code}"))
    names = [page.model.index(r, name).data() for r in range(page.model.rowCount())]
    assert names == ["甲公司"]


def test_new_fields_after_saved_columns_start_hidden(qtbot, admin):
    """Columns saved before a field existed restore; the new field's column starts hidden
    and, once shown, stays shown on the next page."""
    create_customer(admin, {"name": "甲公司"})
    first = CustomersPage(admin)
    qtbot.addWidget(first)
    first.set_column_visible([c.key for c in first.model.columns].index("phone"), True)
    field = custom_defs.define_field(admin, "主营产品", "Main products")
    second = CustomersPage(admin)
    qtbot.addWidget(second)
    keys = [c.key for c in second.model.columns]
    assert second.model.columnCount() == len(keys) == len(first.model.columns) + 1
    assert second.table.isColumnHidden(keys.index(field.name))
    assert not second.table.isColumnHidden(keys.index("phone"))
    second.set_column_visible(keys.index(field.name), True)
    third = CustomersPage(admin)
    qtbot.addWidget(third)
    assert not third.table.isColumnHidden(keys.index(field.name))
