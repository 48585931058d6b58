"""The complaint list export: the page's filter, labels in the reader's language, an audit entry."""

from __future__ import annotations

from datetime import datetime

import openpyxl
import pytest

from crm_desktop.errors import UserError
from crm_desktop.jobs.complaints_export import export_complaints
from crm_desktop.models import AuditEvent
from crm_desktop.services import complaints
from crm_desktop.services.customers import create_customer


def test_export_writes_the_filtered_list_in_chinese(team, tmp_path):
    """Only the open ones of the salesperson's customers, labels not codes, then audited."""
    mine = create_customer(team["sales1"], {"name": "华科商贸", "code": "C1"})
    theirs = create_customer(team["sales2"], {"name": "浦东贸易", "code": "C2"})
    at = datetime(2026, 1, 5, 9, 30)
    a = complaints.add_complaint(team["sales1"], {"customer": mine.id, "subject": "=HYPERLINK(1)",
                                 "category": "quality", "severity": "urgent", "received_at": at})  # fmt: skip
    b = complaints.add_complaint(team["sales1"], {"customer": mine.id, "subject": "晚到"})
    complaints.resolve_complaint(team["sales1"], b.id, "已道歉")
    complaints.add_complaint(team["sales2"], {"customer": theirs.id, "subject": "别人的"})
    out = tmp_path / "投诉.xlsx"
    result = export_complaints(
        team["sales1"], out, complaints.ComplaintQuery(open_only=True), lang="zh_CN"
    )
    assert result.rows == 1
    ws = openpyxl.load_workbook(out)["客户投诉"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:4] == ("编号", "受理时间", "客户代号", "客户")
    assert rows[1][:8] == (a.id, "2026-01-05 09:30", "C1", "华科商贸", None, "质量", "紧急",
                           "=HYPERLINK(1)")  # fmt: skip
    assert rows[1][11] == "已逾期"
    assert AuditEvent.select().where(AuditEvent.action == "export.complaints").count() == 1


def test_export_refuses_a_wrong_name_and_writes_nothing(team, tmp_path):
    """Not .xlsx: a message, no file, no audit."""
    with pytest.raises(UserError):
        export_complaints(team["admin"], tmp_path / "list.csv")
    assert not any(p.name.endswith((".csv", ".xlsx")) for p in tmp_path.iterdir())
    assert AuditEvent.select().where(AuditEvent.action == "export.complaints").count() == 0
