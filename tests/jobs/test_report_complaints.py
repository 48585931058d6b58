"""The sales workbook's Complaints sheet and the complaint counts beside each customer."""

from __future__ import annotations

import sys
from datetime import date, datetime, timedelta
from pathlib import Path

import openpyxl

sys.path.insert(0, str(Path(__file__).parents[1] / "services"))
from sales_dataset import build  # noqa: E402

from crm_desktop.jobs.report import write_sales_report  # noqa: E402
from crm_desktop.models import Complaint, Customer  # noqa: E402
from crm_desktop.services import analysis, complaints  # noqa: E402

Y2025 = analysis.Period(date(2025, 1, 1), date(2025, 12, 31))


def _complaints(team) -> tuple[int, int]:
    """Two complaints on the first customer (one resolved in time, one open), one on the second."""
    first, second = [c.id for c in Customer.select().order_by(Customer.id).limit(2)]
    admin = team["admin"]
    t0 = datetime(2025, 4, 1, 9, 0)
    a = complaints.add_complaint(admin, {"customer": first, "subject": "破损", "category": "quality",
                                         "severity": "high", "received_at": t0})  # fmt: skip
    complaints.add_complaint(admin, {"customer": first, "subject": "晚到", "category": "delivery",
                                     "received_at": t0})  # fmt: skip
    c = complaints.add_complaint(admin, {"customer": second, "subject": "发票", "category": "invoice",
                                         "received_at": t0})  # fmt: skip
    for cid, hours, score in ((a.id, 10, 5), (c.id, 200, 3)):  # 200 h: late for 一般 (168 h)
        Complaint.update(status="confirmed", resolved_at=t0 + timedelta(hours=hours),
                         satisfaction=score).where(Complaint.id == cid).execute()  # fmt: skip
    return first, second


def test_complaints_sheet_and_counts_per_customer(team, tmp_path):
    """Counts by category, share in time, median hours and satisfaction; counts per customer."""
    build(team)
    first, second = _complaints(team)
    out = tmp_path / "sales.xlsx"
    result = write_sales_report(
        team["manager"], out, Y2025, ["customers", "complaints"], lang="zh_CN"
    )
    assert result.sheets == ("customers", "complaints")
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["按客户", "客户投诉"]
    ws = wb["客户投诉"]
    figures = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(3, 12)}
    assert figures["投诉数"] == 3 and figures["未解决"] == 1 and figures["已解决"] == 2
    assert figures["按时解决率"] == 0.5 and figures["解决用时中位数（小时）"] == 105
    assert figures["平均满意度（1–5）"] == 4
    labels = [ws.cell(r, 1).value for r in range(1, ws.max_row + 1)]
    assert {"质量", "交货", "发票", "严重", "一般"} <= set(labels)
    customers = wb["按客户"]
    header = [c.value for c in customers[1]]
    assert header[-2:] == ["投诉数", "未解决投诉"]
    codes = {c.id: c.code for c in Customer.select()}
    by_code = {row[1]: row[-2:] for row in customers.iter_rows(min_row=2, values_only=True)}
    assert by_code[codes[first]] == (2, 1) and by_code[codes[second]] == (1, 0)
