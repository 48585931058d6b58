"""The Sales page's export: the filtered lines, labels not codes, totals, an audit entry."""

from __future__ import annotations

from datetime import date, datetime

import openpyxl

from crm_desktop.jobs.sales_export import export_sales_lines
from crm_desktop.models import AuditEvent
from crm_desktop.services import sales
from crm_desktop.services.customers import create_customer
from crm_desktop.services.sales_ledger import LedgerFilter, void_sale


def test_export_writes_filtered_lines_with_totals_in_chinese(team, tmp_path):
    """Only the filtered customer's lines; the voided one shows its reason and is not in the total."""
    admin = team["admin"]
    c1 = create_customer(admin, {"name": "华科商贸", "code": "C1"})
    c2 = create_customer(admin, {"name": "东莞电子", "code": "C2"})
    paper = sales.create_product(admin, "P1", "打印纸", price="100")
    sales.record_sale(admin, c1.id, sale_date="2026-03-05", quantity=2, product_id=paper.id)
    wrong = sales.record_sale(admin, c1.id, sale_date="2026-03-06", quantity=5, product_id=paper.id)
    sales.record_sale(admin, c2.id, sale_date="2026-03-07", quantity=9, product_id=paper.id)
    sales.record_payment(admin, c1.id, payment_date="2026-03-20", amount="150", method="cash")
    void_sale(admin, wrong.id, "重复录入")
    out = tmp_path / "销售明细.xlsx"
    flt = LedgerFilter(customer_id=c1.id, include_voided=True)
    result = export_sales_lines(admin, out, flt, lang="zh_CN")
    assert result.rows == 2
    book = openpyxl.load_workbook(out)
    rows = list(book["销售明细"].iter_rows(values_only=True))
    assert rows[0][:3] == ("日期", "客户代号", "客户名称")
    assert [r[1] for r in rows[1:3]] == ["C1", "C1"]
    assert isinstance(rows[1][0], datetime) and rows[1][0].date() == date(2026, 3, 6)
    assert rows[1][10] == "重复录入" and rows[2][10] is None
    assert rows[3][0] == "合计" and rows[3][5] == 2 and rows[3][7] == 200
    paid = list(book["收款明细"].iter_rows(values_only=True))
    assert paid[1][1:5] == ("C1", "华科商贸", 150, "现金")
    assert paid[2][0] == "合计" and paid[2][3] == 150
    assert AuditEvent.select().where(AuditEvent.action == "export.sales_lines").count() == 1


def test_export_in_english_names_methods_in_english(team, tmp_path):
    """An English reader gets English titles and payment methods."""
    admin = team["admin"]
    c1 = create_customer(admin, {"name": "Acme", "code": "C1"})
    sales.record_payment(admin, c1.id, payment_date="2026-03-20", amount="10", method="cheque")
    out = tmp_path / "lines.xlsx"
    export_sales_lines(admin, out, lang="en")
    book = openpyxl.load_workbook(out)
    paid = list(book["Payments"].iter_rows(values_only=True))
    assert paid[0][4] == "Method" and paid[1][4] == "Cheque"
    assert list(book["Sales lines"].iter_rows(values_only=True))[1][0] == "Total"
