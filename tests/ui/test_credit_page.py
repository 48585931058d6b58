"""The Credit and Sales pages, their dialogs and the card tabs, on a real database."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt

from crm_desktop.models import CreditRequest, Customer, Payment, Product, Sale
from crm_desktop.services import credit, sales
from crm_desktop.services.customers import create_customer
from crm_desktop.ui.credit_dialog import CreditRequestDialog, DecisionDialog
from crm_desktop.ui.credit_page import CreditPage
from crm_desktop.ui.credit_tab import CreditTab
from crm_desktop.ui.sales_page import PaymentDialog, ProductDialog, SaleDialog, SalesPage
from crm_desktop.ui.sales_tab import SalesTab

# the offscreen platform says so whenever a dialog closes
pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.fixture
def world(team):
    """Two customers of sales1 with granted credit, sales, a payment and one waiting request."""
    today = date.today()
    ids = []
    for i, name in enumerate(("华科商贸", "明达电子")):
        c = create_customer(team["sales1"], {"name": name, "code": f"C{i + 1}"})
        req = credit.request_credit(team["manager"], c.id, limit=1000, days=30, reason="r")
        credit.approve(team["admin"], req.request.id)
        for k in range(3):
            sales.record_sale(
                team["manager"], c.id, sale_date=today - timedelta(days=40 * k), quantity=1,
                unit_price=400 + 100 * i, confirm_over_limit=True,
            )  # fmt: skip
        sales.record_payment(team["sales1"], c.id, payment_date=today, amount=100)
        ids.append(c.id)
    pending = credit.request_credit(team["sales1"], ids[0], limit=3000, reason="增长").request
    sales.create_product(team["admin"], "P1", "复印纸", "办公", "箱", "125")
    return {"ids": ids, "pending": pending.id, **team}


def _select(view, row: int = 0) -> None:
    view.selectionModel().select(
        view.model().index(row, 0),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )


def test_credit_page_models_and_approval(qtbot, qtmodeltester, world):
    """GM sees the waiting request, approves a lower amount; aging and over-limit load."""
    page = CreditPage(world["admin"])
    qtbot.addWidget(page)
    for model in (page.pending_model, page.decided_model):
        qtmodeltester.check(model)
    assert page.pending_model.rowCount() == 1
    assert page.decided_model.rowCount() == 2
    page.tabs.setCurrentIndex(page.aging_tab)
    qtmodeltester.check(page.aging_model)
    assert page.aging_model.rowCount() == 2
    assert "customers owe" in page.aging_label.text()
    page.aging_model.sort(10, Qt.SortOrder.DescendingOrder)  # balance
    assert page.aging_model.index(0, 0).data() == "C2"
    qtmodeltester.check(page.aging_model)
    page.tabs.setCurrentIndex(page.over_tab)
    qtmodeltester.check(page.over_model)
    assert {page.over_model.index(r, 0).data() for r in range(2)} == {"C1", "C2"}

    _select(page.pending_view)
    assert page.approve_button.isEnabled() and not page.withdraw_button.isVisible()
    dialog = DecisionDialog(world["admin"], world["pending"], page)
    qtbot.addWidget(dialog)
    assert dialog.figures.cells["limit"][0].text() == "1,000.00"
    assert "3,000.00" in dialog.figures.cells["limit"][1].text()
    dialog.limit.setText("5000")
    dialog.do_approve()
    assert "more than" in dialog.error.text()
    assert CreditRequest.get_by_id(world["pending"]).status == "pending"
    dialog.limit.setText("2500")
    dialog.comment.setPlainText("先给两千五")
    dialog.do_approve()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert Customer.get_by_id(world["ids"][0]).credit_limit == Decimal("2500.00")
    page.refresh()
    assert page.pending_model.rowCount() == 0 and page.decided_model.rowCount() == 3


def test_salesperson_page_withdraw_and_no_decision(qtbot, world):
    """A salesperson has no approve/reject buttons but may withdraw their own request."""
    page = CreditPage(world["sales1"])
    qtbot.addWidget(page)
    assert not page.approve_button.isVisibleTo(page)
    _select(page.pending_view)
    assert page.withdraw_button.isEnabled()
    dialog = DecisionDialog(world["sales1"], world["pending"], page)
    qtbot.addWidget(dialog)
    assert not dialog.approve_button.isVisibleTo(dialog)
    assert page.withdraw_request(world["pending"])
    assert CreditRequest.get_by_id(world["pending"]).status == "withdrawn"
    assert page.pending_model.rowCount() == 0


def test_reject_in_dialog_needs_comment(qtbot, world):
    dialog = DecisionDialog(world["admin"], world["pending"])
    qtbot.addWidget(dialog)
    dialog.do_reject()
    assert "Comment" in dialog.error.text()
    dialog.comment.setPlainText("逾期")
    dialog.do_reject()
    assert CreditRequest.get_by_id(world["pending"]).status == "rejected"


def test_request_dialog_preview_and_submit(qtbot, world):
    """The dialog shows current vs proposed and the figures; bad input stays in the dialog."""
    cid = world["ids"][1]
    dialog = CreditRequestDialog(world["sales1"], cid)
    qtbot.addWidget(dialog)
    assert dialog.figures.cells["limit"][0].text() == "1,000.00"
    assert dialog.figures.balance.text() == "1,400.00"
    assert dialog.figures.sales.text() == "1,500.00"
    assert "paid" in dialog.figures.record.text()
    dialog.percent.setValue(50)
    dialog.apply_percent.click()
    assert dialog.limit.text() == "1500"
    assert "1,500.00" in dialog.figures.cells["limit"][1].text()
    dialog.limit.setText("-5")
    assert "negative" in dialog.error.text()
    dialog.limit.setText("2000")
    dialog.submit()
    assert "Reason" in dialog.error.text()
    dialog.reason.setPlainText("回款及时")
    dialog.rating.setCurrentIndex(dialog.rating.findData("A"))
    dialog.submit()
    assert dialog.result_detail is not None
    req = CreditRequest.get_by_id(dialog.result_detail.request.id)
    assert (req.proposed_limit, req.proposed_rating, req.status) == (
        Decimal("2000.00"),
        "A",
        "pending",
    )


def test_credit_tab_and_sales_tab(qtbot, qtmodeltester, world):
    """The card tabs show balance, exposure, history, sales and payments."""
    cid = world["ids"][0]
    tab = CreditTab(world["sales1"], cid)
    qtbot.addWidget(tab)
    qtmodeltester.check(tab.model)
    assert tab.balance.text() == "1,100.00" and tab.exposure.text() == "110%"
    assert tab.model.rowCount() == 2
    stab = SalesTab(world["sales1"], cid)
    qtbot.addWidget(stab)
    qtmodeltester.check(stab.sales_model)
    qtmodeltester.check(stab.payments_model)
    assert stab.sales_model.rowCount() == 3 and stab.payments_model.rowCount() == 1
    assert "1,100.00" in stab.balance.text()


def test_sale_dialog_over_limit(qtbot, world, monkeypatch):
    """Over the limit: a salesperson is told; a manager confirms and the sale is recorded."""
    cid = world["ids"][0]
    count = Sale.select().count()
    dialog = SaleDialog(world["sales1"], cid)
    qtbot.addWidget(dialog)
    dialog.product.setCurrentIndex(1)
    assert dialog.price.text() == "125.00"
    dialog.quantity.setText("2")
    assert dialog.amount.text() == "250.00"
    assert "over the limit" in dialog.credit.text()
    dialog.submit()
    assert "manager must confirm" in dialog.error.text()
    assert Sale.select().count() == count
    manager = SaleDialog(world["manager"], cid)
    qtbot.addWidget(manager)
    manager.quantity.setText("2")
    manager.price.setText("125")
    asked = []
    monkeypatch.setattr(manager, "ask_confirm_over_limit", lambda m: asked.append(m) or True)
    manager.submit()
    assert asked and manager.result_line is not None
    assert Sale.select().count() == count + 1


def test_sales_page_payment_and_products(qtbot, qtmodeltester, world):
    page = SalesPage(world["manager"])
    qtbot.addWidget(page)
    for model in (page.sales_model, page.payments_model, page.products_model):
        qtmodeltester.check(model)
    assert page.sales_model.rowCount() == 6 and page.products_model.rowCount() == 1
    pay = PaymentDialog(world["manager"], None, page)
    qtbot.addWidget(pay)
    pay.customer.code.setText("C9")
    pay.amount.setText("50")
    pay.submit()
    assert "no customer with code 'C9'" in pay.error.text()
    pay.customer.code.setText("C2")
    pay.amount.setText("abc")
    pay.submit()
    assert "'abc' is not an amount" in pay.error.text()
    pay.amount.setText("50")
    pay.submit()
    assert Payment.select().count() == 3
    product = ProductDialog(world["manager"], None, page)
    qtbot.addWidget(product)
    for key, value in (("code", "P2"), ("name", "硒鼓"), ("price", "380")):
        product.inputs[key].setText(value)
    product.submit()
    assert Product.get(Product.code == "P2").price == Decimal("380.00")
    page.refresh()
    assert page.payments_model.rowCount() == 3 and page.products_model.rowCount() == 2
    sp = SalesPage(world["sales2"])
    qtbot.addWidget(sp)
    assert sp.sales_model.rowCount() == 0 and not sp.new_product_button.isVisibleTo(sp)
