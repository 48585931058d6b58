"""The Sales page a manager works with: filters, totals, voiding and the Excel export."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from PySide6.QtCore import QDate

from crm_desktop.models import Sale
from crm_desktop.services import sales
from crm_desktop.services.customers import create_customer
from crm_desktop.ui.sales_page import ANY_DATE, SalesPage

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.fixture
def book(team):
    """Two customers, sales in January and March, one payment."""
    admin = team["admin"]
    c1 = create_customer(team["sales1"], {"name": "华科商贸", "code": "C1"})
    c2 = create_customer(team["sales2"], {"name": "东莞电子", "code": "C2"})
    paper = sales.create_product(admin, "P1", "打印纸", price="100")
    for cid, day, qty in (
        (c1.id, "2026-01-10", 1),
        (c1.id, "2026-03-10", 2),
        (c2.id, "2026-03-12", 3),
    ):
        sales.record_sale(admin, cid, sale_date=day, quantity=qty, product_id=paper.id)
    sales.record_payment(admin, c1.id, payment_date="2026-03-15", amount="120", method="acceptance")
    return {"c1": c1, "c2": c2, "paper": paper, **team}


def test_filters_change_the_lines_and_the_totals(qtbot, book):
    """Dates and a customer code narrow the list; the totals line follows the filter."""
    page = SalesPage(book["manager"])
    qtbot.addWidget(page)
    assert page.sales_model.rowCount() == 3 and page.date_from.date() == ANY_DATE
    assert "600.00" in page.totals_label.text()
    page.date_from.setDate(QDate(2026, 3, 1))
    page.customer_code.setText("C1")
    page.apply_button.click()
    assert [line.date for line in page.sales_model.rows] == [date(2026, 3, 10)]
    assert "200.00" in page.totals_label.text() and "120.00" in page.totals_label.text()
    page.customer_code.setText("C9")
    page.apply_button.click()
    assert "C9" in page.totals_label.text()


def test_manager_voids_a_line_with_a_reason_and_salesperson_cannot(qtbot, book):
    """The manager's void button takes the line out of the totals; a salesperson has none."""
    page = SalesPage(book["manager"])
    qtbot.addWidget(page)
    assert page.void_sale_button.isVisibleTo(page)
    page.sales_view.selectRow(0)
    line = page.sales_model.row(0)
    with qtbot.waitSignal(page.changed):
        assert page.void_selected("sale", reason="客户退货")
    assert Sale.get_by_id(line.id).void_reason == "客户退货"
    assert line.id not in {r.id for r in page.sales_model.rows}
    page.show_voided.setChecked(True)
    page.apply_button.click()
    voided_col = page.sales_model.columnCount() - 1
    shown = {
        page.sales_model.row(r).id: page.sales_model.index(r, voided_col).data()
        for r in range(page.sales_model.rowCount())
    }
    assert "客户退货" in shown[line.id]
    own = SalesPage(book["sales1"])
    qtbot.addWidget(own)
    assert not own.void_sale_button.isVisibleTo(own)
    assert {r.customer_code for r in own.sales_model.rows} == {"C1"}


def test_export_writes_the_filtered_lines(qtbot, book, tmp_path):
    """The export button's job writes the lines of the current filter to the workbook."""
    page = SalesPage(book["manager"])
    qtbot.addWidget(page)
    page.customer_code.setText("C2")
    page.apply_button.click()
    out = tmp_path / "lines.xlsx"
    with qtbot.waitSignal(page.statusMessage, timeout=10_000):
        page.export_current(str(out))
    sheet = openpyxl.load_workbook(out).worksheets[0]
    codes = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert codes == ["C2", None]  # the line, then the totals row


def test_correction_form_changes_the_line_and_asks_for_a_reason(qtbot, book):
    """The manager's correction form refuses an empty reason, then saves the new quantity."""
    page = SalesPage(book["manager"])
    qtbot.addWidget(page)
    page.sales_view.selectRow(0)
    line = page.sales_model.row(0)
    dialog = page.correct_selected("sale")
    qtbot.addWidget(dialog)
    dialog.inputs["quantity"].setText("7")
    dialog.submit()
    assert "原因" in dialog.error.text() or "reason" in dialog.error.text().lower()
    dialog.reason.setText("数量录错")
    with qtbot.waitSignal(page.changed):
        dialog.submit()
    assert Sale.get_by_id(line.id).amount == Decimal("700.00")
    own = SalesPage(book["sales1"])
    qtbot.addWidget(own)
    assert not own.correct_sale_button.isVisibleTo(own)
