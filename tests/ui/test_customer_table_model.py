"""The lazy customer table model: ids from the database, rows fetched by page."""

from __future__ import annotations

import pytest
from customer_fixtures import make_customers
from PySide6.QtCore import Qt

from crm_desktop.services import customers as customer_service
from crm_desktop.services.customers import CustomerQuery
from crm_desktop.textutil import name_sort_key
from crm_desktop.ui import customer_table_model as ctm
from crm_desktop.ui.customer_table_model import COLUMN_KEYS, CustomerTableModel

NAME = COLUMN_KEYS.index("name")
CODE = COLUMN_KEYS.index("code")


@pytest.fixture
def customers(team):
    return make_customers(team)


def names(model: CustomerTableModel) -> list[str]:
    return [model.index(r, NAME).data() for r in range(model.rowCount())]


def test_passes_qtmodeltester(qtmodeltester, team, customers):
    """The model keeps Qt's item-model contract."""
    model = CustomerTableModel(team["admin"], lang="en")
    model.reload()
    assert model.rowCount() == len(customers)
    qtmodeltester.check(model)


def test_rows_are_fetched_lazily_by_page(team, customers, monkeypatch):
    """Only ids load with a query; a page of rows is fetched when a cell is read."""
    monkeypatch.setattr(ctm, "PAGE_SIZE", 5)
    calls = []

    def counting_rows(actor, ids):
        calls.append(list(ids))
        return customer_service.customer_rows(actor, ids)

    model = CustomerTableModel(team["admin"], fetch_rows=counting_rows, lang="en")
    model.reload()
    assert model.cached_count == 0 and calls == []
    first = model.index(0, NAME).data()
    assert len(calls) == 1 and len(calls[0]) == 5
    assert first == model.index(0, NAME).data() and len(calls) == 1  # cached
    model.index(20, NAME).data()
    assert len(calls) == 2 and model.cached_count == 10


def test_sort_is_done_by_the_database(team, customers):
    """sort() turns into the query's sort key; names come back in descending order."""
    model = CustomerTableModel(team["admin"], lang="en")
    model.reload()
    model.sort(NAME, Qt.SortOrder.DescendingOrder)
    assert model.query.sort == "name" and model.query.descending
    shown = names(model)
    assert shown == sorted(shown, key=name_sort_key, reverse=True)  # pinyin order
    model.sort(CODE, Qt.SortOrder.AscendingOrder)
    codes = [model.index(r, CODE).data() for r in range(model.rowCount())]
    assert codes == sorted(codes)


def test_unsortable_column_keeps_the_order(team, customers):
    model = CustomerTableModel(team["admin"], lang="en")
    model.reload()
    before = names(model)
    model.sort(COLUMN_KEYS.index("contact_phone"), Qt.SortOrder.DescendingOrder)
    assert model.query.sort == "name" and names(model) == before


@pytest.mark.parametrize(
    ("change", "column", "expected"),
    [
        ({"stage": "lost"}, "stage", "Lost"),
        ({"abc_class": "B"}, "abc_class", "Class B"),
        ({"credit_rating": "C"}, "credit_rating", "Grade C"),
    ],
)
def test_filters_show_only_matching_rows(team, customers, change, column, expected):
    model = CustomerTableModel(team["admin"], lang="en")
    model.set_query(CustomerQuery(**change))
    assert 0 < model.rowCount() < len(customers)
    col = COLUMN_KEYS.index(column)
    assert {model.index(r, col).data() for r in range(model.rowCount())} == {expected}


def test_salesperson_sees_only_own_customers(team, customers):
    model = CustomerTableModel(team["sales1"], lang="en")
    model.reload()
    owner = COLUMN_KEYS.index("owner")
    assert model.rowCount() == len(customers) // 3
    assert {model.index(r, owner).data() for r in range(model.rowCount())} == {"张伟"}


def test_chinese_labels_and_money(team, customers):
    model = CustomerTableModel(team["admin"], lang="zh_CN")
    model.set_query(CustomerQuery(sort="code"))
    assert model.headerData(NAME, Qt.Orientation.Horizontal) == "客户名称"
    assert model.index(0, COLUMN_KEYS.index("stage")).data() == "潜在客户"
    assert model.index(0, COLUMN_KEYS.index("credit_limit")).data() == "¥1,000.00"


def test_deleted_view_and_refresh(team, customers):
    model = CustomerTableModel(team["admin"], lang="en")
    model.reload()
    victim = model.customer_id(0)
    customer_service.delete_customer(team["admin"], victim)
    model.reload()
    assert model.row_of(victim) is None
    model.update_query(deleted=True)
    assert model.rowCount() == 1 and model.customer_id(0) == victim
