"""The sales report job: permission, the workbook, progress from 0 to 100, cancel, audit."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import openpyxl
import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "services"))
from sales_dataset import build  # noqa: E402

from crm_desktop.errors import PermissionDenied, UserError  # noqa: E402
from crm_desktop.jobs.report import write_sales_report  # noqa: E402
from crm_desktop.models import AuditEvent  # noqa: E402
from crm_desktop.progress import Cancelled, Progress  # noqa: E402
from crm_desktop.services import analysis  # noqa: E402

Y2025 = analysis.Period(date(2025, 1, 1), date(2025, 12, 31))


def _audits() -> list[AuditEvent]:
    return list(AuditEvent.select().where(AuditEvent.action == "export.report"))


def test_workbook_progress_and_audit(team, tmp_path):
    """The workbook has the chosen sheets, progress climbs to 100 naming sheets, one audit entry."""
    build(team)
    seen: list[tuple[int, int, str]] = []
    progress = Progress(lambda done, total, text: seen.append((done, total, str(text))))
    out = tmp_path / "sales.xlsx"
    result = write_sales_report(
        team["manager"], out, Y2025, ["summary", "customers"], lang="en", progress=progress
    )
    assert result.path == out and result.sheets == ("summary", "customers")
    assert openpyxl.load_workbook(out).sheetnames == ["Summary", "By customer"]
    done = [d for d, _t, _x in seen]
    assert done == sorted(done) and done[-1] == 100 and {t for _d, t, _x in seen} == {100}
    assert "By customer" in {text for _d, _t, text in seen}
    [event] = _audits()
    assert event.user_id == team["manager"].id and event.count == len(result.report.customers)


def test_salesperson_is_refused_before_any_work(team, tmp_path):
    """A salesperson may not export the team's report: no file, no audit."""
    out = tmp_path / "sales.xlsx"
    with pytest.raises(PermissionDenied):
        write_sales_report(team["sales1"], out, Y2025)
    assert not out.exists() and _audits() == []


def test_bad_output_is_refused_in_the_users_language(team, tmp_path):
    """A name without .xlsx or a missing folder is refused before the figures are gathered."""
    with pytest.raises(UserError) as wrong:
        write_sales_report(team["admin"], tmp_path / "sales.csv", Y2025)
    assert wrong.value.code == "export.not_xlsx"
    with pytest.raises(UserError) as missing:
        write_sales_report(team["admin"], tmp_path / "no" / "sales.xlsx", Y2025)
    assert "不存在" in missing.value.render("zh_CN")


def test_cancel_while_gathering_writes_nothing(team, tmp_path):
    """A cancel during the figures stops the job: no workbook, no audit entry."""
    build(team)
    folder = tmp_path / "out"
    folder.mkdir()
    progress = Progress(lambda done, total, text: progress.cancel())
    with pytest.raises(Cancelled):
        write_sales_report(team["admin"], folder / "s.xlsx", Y2025, progress=progress)
    assert list(folder.iterdir()) == [] and _audits() == []
