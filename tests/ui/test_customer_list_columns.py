"""The customer list's 匹配, 余额, 最近联系 and 下次跟进 columns, on a real database and page."""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtCore import QSettings, Qt

from crm_desktop.services import customers as svc
from crm_desktop.services import followups, receivables, sales
from crm_desktop.services.customers import CustomerQuery
from crm_desktop.ui.customer_table_model import COLUMN_KEYS, CustomerTableModel
from crm_desktop.ui.customers_page import CustomersPage

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

MATCH = COLUMN_KEYS.index("match")
BALANCE = COLUMN_KEYS.index("balance")
LAST = COLUMN_KEYS.index("last_contact_at")
NEXT = COLUMN_KEYS.index("next_followup")


@pytest.fixture(autouse=True)
def fresh_settings(qapp):
    QSettings().clear()
    yield
    QSettings().clear()


@pytest.fixture
def two(admin):
    """Two customers: 华科 owes 1,000.00 and was called; 重庆 has a contact and a plan."""
    owing = svc.create_customer(admin, {"name": "北京华科技术有限公司", "code": "BJ001"}).id
    other = svc.create_customer(admin, {"name": "上海重庆贸易有限公司", "code": "SH002"}).id
    svc.add_contact(admin, other, {"name": "王建国", "mobile": "13800138000"})
    sales.record_sale(admin, owing, sale_date="2026-03-01", quantity=4, unit_price="250")
    followups.log_contact(
        admin, owing, kind="call", outcome="催款", at=datetime(2026, 11, 2, 10, 0)
    )
    followups.plan_followup(
        admin, {"customer": other, "kind": "visit", "due_at": datetime(2030, 5, 6, 14, 30)}
    )
    return {"owing": owing, "other": other}


def _row(model: CustomerTableModel, customer_id: int) -> int:
    row = model.row_of(customer_id)
    assert row is not None
    return row


def test_figure_columns_show_the_cards_figures(admin, two):
    """余额, 最近联系 and 下次跟进 show the card's balance, last contact and first planned follow-up."""
    model = CustomerTableModel(admin, lang="zh_CN")
    model.reload()
    owing, other = _row(model, two["owing"]), _row(model, two["other"])
    balance = receivables.exposure(admin, two["owing"]).balance
    assert model.index(owing, BALANCE).data() == f"¥{balance:,.2f}" == "¥1,000.00"
    assert model.index(owing, LAST).data() == "2026-11-02"
    assert model.index(other, NEXT).data() == "2030-05-06 14:30"
    assert model.index(other, BALANCE).data() == "¥0.00"
    assert model.index(owing, NEXT).data() == "" and model.index(other, LAST).data() == ""
    assert model.headerData(BALANCE, Qt.Orientation.Horizontal) == "余额"
    assert model.headerData(NEXT, Qt.Orientation.Horizontal) == "下次跟进"


def test_sorting_by_balance_in_the_model(admin, two):
    """A click on 余额 sorts the list by balance (the service's figure), largest first when descending."""
    model = CustomerTableModel(admin, lang="zh_CN")
    model.reload()
    model.sort(BALANCE, Qt.SortOrder.DescendingOrder)
    assert model.query.sort == "balance"
    assert model.customer_id(0) == two["owing"]
    model.sort(BALANCE, Qt.SortOrder.AscendingOrder)
    assert model.customer_id(0) == two["other"]


def test_match_column_says_what_was_found(admin, two, qtmodeltester):
    """A hit found by its contact's pinyin says so in the 匹配 column; a name hit says nothing."""
    model = CustomerTableModel(admin, lang="zh_CN")
    model.set_query(CustomerQuery(text="wjg"))
    assert model.rowCount() == 1
    assert model.index(0, MATCH).data() == "联系人：王建国"
    assert model.index(0, MATCH).data(Qt.ItemDataRole.ToolTipRole) == "联系人：王建国"
    qtmodeltester.check(model)
    model.set_query(CustomerQuery(text="华科"))
    assert model.index(0, MATCH).data() == ""
    assert model.headerData(MATCH, Qt.Orientation.Horizontal) == "匹配"
    tip = model.headerData(MATCH, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert "名称以外" in tip


def test_figures_not_read_while_their_columns_are_hidden(admin, two, monkeypatch):
    """With every figure column hidden the model reads no figures; showing one reads them again."""
    from crm_desktop.ui import customer_table_model as ctm

    calls = []
    real = ctm.customer_figures.figures
    monkeypatch.setattr(
        ctm.customer_figures, "figures", lambda a, ids: calls.append(ids) or real(a, ids)
    )
    model = CustomerTableModel(admin, lang="zh_CN")
    model.set_figures_wanted(False)
    model.reload()
    owing = _row(model, two["owing"])
    assert model.index(owing, BALANCE).data() == "" and calls == []
    model.set_figures_wanted(True)
    assert model.index(owing, BALANCE).data() == "¥1,000.00" and len(calls) == 1


def test_page_shows_the_match_column_only_while_searching(qtbot, admin, two):
    """The page shows 匹配 while the search box has text and hides it when it is cleared."""
    page = CustomersPage(admin)
    qtbot.addWidget(page)
    assert page.table.isColumnHidden(MATCH)
    page.search.setText("13800")
    page.apply_filters()
    assert not page.table.isColumnHidden(MATCH)
    assert page.model.index(0, MATCH).data() in (
        "联系人手机：13800138000",
        "Contact's mobile: 13800138000",
    )
    page.search.setText("")
    page.apply_filters()
    assert page.table.isColumnHidden(MATCH)


def test_page_stops_reading_figures_when_their_columns_are_hidden(qtbot, admin, two):
    """Hiding 余额, 最近联系 and 下次跟进 turns the figures off; the choice is remembered."""
    page = CustomersPage(admin)
    qtbot.addWidget(page)
    assert page.model.figures_wanted
    for number in (BALANCE, LAST, NEXT):
        page.set_column_visible(number, False)
    assert not page.model.figures_wanted
    again = CustomersPage(admin)
    qtbot.addWidget(again)
    assert not again.model.figures_wanted and again.table.isColumnHidden(BALANCE)


def test_reasons_are_worked_out_for_the_rows_shown(admin, monkeypatch):
    """Reasons are asked for the rows read, a few at a time, never for every hit."""
    from crm_desktop.services import search
    from crm_desktop.ui import customer_table_model as ctm

    for n in range(5):
        cid = svc.create_customer(admin, {"name": f"客户{n}", "code": f"Q{n}"}).id
        svc.add_contact(admin, cid, {"name": "王建国"})
    asked: list[list[int]] = []
    real = search.match_reasons
    monkeypatch.setattr(ctm, "REASON_ROWS", 2)
    monkeypatch.setattr(
        ctm.search, "match_reasons", lambda text, ids: asked.append(list(ids)) or real(text, ids)
    )
    model = CustomerTableModel(admin, lang="zh_CN")
    model.set_query(CustomerQuery(text="王建国"))
    assert model.rowCount() == 5 and asked == []
    assert model.index(0, MATCH).data() == "联系人：王建国"
    assert model.index(1, MATCH).data() == "联系人：王建国"
    assert asked == [[model.customer_id(0), model.customer_id(1)]]
    assert model.index(4, MATCH).data() == "联系人：王建国"
    assert len(asked) == 2 and asked[1] == [model.customer_id(4)]
