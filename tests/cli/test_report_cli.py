"""`crm-desktop report sales` and `report abc`: files, exit codes, plain messages."""

from __future__ import annotations

import sys
from pathlib import Path

import openpyxl
import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "services"))

from sales_dataset import build  # noqa: E402

from crm_desktop.cli import main  # noqa: E402
from crm_desktop.models import AuditEvent, ChangeLog, Customer  # noqa: E402

pytestmark = pytest.mark.sqlite_only


@pytest.fixture
def data(team, db_path):
    return build(team)


def run(db_path, *args: str) -> int:
    """Exit status whether the handler returns it or argparse exits."""
    try:
        return main(["--db", str(db_path), *args])
    except SystemExit as exc:
        return int(exc.code)


def test_report_sales_writes_the_workbook(data, db_path, tmp_path, capsys):
    out = tmp_path / "sales.xlsx"
    code = run(db_path, "report", "sales", str(out), "--from", "2025-01-01", "--to", "2025-12-31")
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "sales 1,000.00" in captured.out and "3 of 5 customers bought" in captured.out
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[0] == "Summary" and len(wb.sheetnames) == 8  # with Complaints
    assert wb.sheetnames[-1] == "Complaints"
    assert AuditEvent.select().where(AuditEvent.action == "export.report").count() == 1


def test_report_sales_sheets_and_month_by(data, db_path, tmp_path, capsys):
    out = tmp_path / "two.xlsx"
    args = ["--from", "2025-01-01", "--sheets", "months,customers", "--month-by", "category"]
    assert run(db_path, "report", "sales", str(out), *args) == 0
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["By customer", "By month"]
    assert [c.value for c in wb["By month"][1]] == ["Month", "五金", "包装", "Total"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "2025-13-01"], "argument --from: '2025-13-01' is not a real date"),
        (["--to", "someday"], "argument --to: 'someday' is not a date"),
        (["--from", "2025-02-01", "--to", "2025-01-01"], "--to 2025-01-01 is before --from"),
        (["--sheets", "customers,weather"], "--sheets: unknown sheet 'weather'"),
    ],
)
def test_bad_options_exit_2(data, db_path, tmp_path, capsys, args, message):
    out = tmp_path / "bad.xlsx"
    code = run(db_path, "report", "sales", str(out), *args)
    err = capsys.readouterr().err
    assert code == 2 and message in err and "Traceback" not in err
    assert not out.exists()


def test_salesperson_may_not_export(data, db_path, tmp_path, capsys):
    out = tmp_path / "s.xlsx"
    assert run(db_path, "--user", "sales1", "report", "sales", str(out)) == 2
    assert "Not allowed" in capsys.readouterr().err and not out.exists()


def test_missing_folder_exit_2(data, db_path, tmp_path, capsys):
    assert run(db_path, "report", "sales", str(tmp_path / "no" / "x.xlsx")) == 2
    assert "does not exist" in capsys.readouterr().err


def test_abc_preview_then_apply(data, db_path, capsys):
    period = ["--from", "2025-01-01", "--to", "2025-12-31"]
    assert run(db_path, "report", "abc", *period) == 0
    captured = capsys.readouterr()
    assert "2 of 5 customers would change class" in captured.out
    assert "class A: 1 customers" in captured.err
    assert Customer.get_by_id(data["C4"]).abc_class == "C"
    assert run(db_path, "--user", "manager", "report", "abc", *period, "--apply") == 0
    assert "2 customers changed class" in capsys.readouterr().out
    assert Customer.get_by_id(data["C4"]).abc_class == "D"
    assert ChangeLog.select().where(ChangeLog.field == "abc_class").count() == 2
    assert run(db_path, "--user", "sales1", "report", "abc", *period, "--apply") == 2
    assert "Not allowed" in capsys.readouterr().err


def test_help_documents_the_period_and_apply(capsys):
    with pytest.raises(SystemExit):
        main(["report", "abc", "--help"])
    text = capsys.readouterr().out
    assert "--apply" in text and "last 12 calendar months" in text
