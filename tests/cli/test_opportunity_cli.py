"""`crm-desktop opportunity …`, `print quote` and `report forecast` headless."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from crm_desktop.cli import main
from crm_desktop.services.customers import create_customer

pytestmark = pytest.mark.sqlite_only


@pytest.fixture
def setup(team, db_path):
    create_customer(team["admin"], {"name": "华科商贸", "code": "C1", "owner": team["sales1"].id})
    create_customer(team["admin"], {"name": "王氏五金", "code": "C2", "owner": team["sales2"].id})
    return db_path


def run(db_path, *args: str) -> int:
    return main(["--db", str(db_path), *args])


def test_add_list_move_win_lose(setup, capsys):
    """Add two, list them tab-separated, move, win one, lose the other with a reason."""
    assert run(setup, "--user", "sales1", "opportunity", "add", "C1", "--title", "年度采购",
               "--amount", "5万", "--close", "2099-01-31") == 0  # fmt: skip
    assert "Opportunity 1 added" in capsys.readouterr().out
    assert run(setup, "--user", "sales2", "opportunity", "add", "C2", "--title", "仓储",
               "--amount", "8000", "--close", "2099-02-28", "--stage", "Negotiation") == 0  # fmt: skip
    capsys.readouterr()
    assert run(setup, "opportunity", "list") == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0].split("\t") == [
        "1", "C1", "华科商贸", "年度采购", "50000.00", "2099-01-31", "First contact", "10%", "张伟",
    ]  # fmt: skip
    assert run(setup, "--user", "sales1", "opportunity", "list") == 0
    assert len(capsys.readouterr().out.strip().splitlines()) == 1
    assert run(setup, "--user", "sales1", "opportunity", "move", "1", "方案/报价") == 0
    assert "moved to 'Proposal/quote'" in capsys.readouterr().out
    assert run(setup, "opportunity", "win", "1") == 0
    assert run(setup, "opportunity", "lose", "2", "--reason", "budget") == 2
    assert "no lost reason 'budget'" in capsys.readouterr().err
    assert run(setup, "opportunity", "lose", "2", "--reason", "No budget") == 0
    capsys.readouterr()
    assert run(setup, "opportunity", "list", "--stage", "won") == 0
    assert capsys.readouterr().out.startswith("1\tC1")


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("add", "C1", "--title", "x", "--amount", "-1", "--close", "2099-01-01"), "Amount:"),
        (("add", "C1", "--title", "x", "--amount", "1", "--close", "2001-01-01"),
         "Expected close date:"),
        (("add", "C1", "--title", "x", "--amount", "1", "--close", "2099-01-01",
          "--probability", "101"), "Win probability:"),
        (("move", "9", "谈判"), "Opportunity 9 does not exist"),
    ],
)  # fmt: skip
def test_bad_input_exits_2_naming_the_field(setup, capsys, args, fragment):
    """Out-of-range amounts, probabilities and dates are refused naming the field."""
    assert run(setup, "opportunity", *args) == 2
    assert fragment in capsys.readouterr().err


def test_salesperson_cannot_move_anothers(setup, capsys):
    """sales2 may not move sales1's opportunity: exit 2, nothing moved."""
    run(setup, "--user", "sales1", "opportunity", "add", "C1", "--title", "t", "--amount", "1",
        "--close", "2099-01-01")  # fmt: skip
    capsys.readouterr()
    assert run(setup, "--user", "sales2", "opportunity", "move", "1", "谈判") == 2
    assert "belongs to another salesperson" in capsys.readouterr().err


def test_print_quote_and_report_forecast(setup, tmp_path, capsys):
    """`print quote ID` writes a PDF; `report forecast` writes a workbook with a chart."""
    run(setup, "opportunity", "add", "C1", "--title", "年度采购", "--amount", "5万",
        "--close", "2099-01-31")  # fmt: skip
    pdf = tmp_path / "q.pdf"
    assert run(setup, "print", "quote", "1", "-o", str(pdf)) == 0
    assert pdf.read_bytes().startswith(b"%PDF")
    assert run(setup, "print", "quote", "C1", "-o", str(pdf)) == 2
    xlsx = tmp_path / "f.xlsx"
    assert run(setup, "report", "forecast", str(xlsx)) == 0
    assert "weighted forecast" in capsys.readouterr().out
    wb = load_workbook(xlsx)
    assert "Forecast" in wb.sheetnames
    assert wb["Forecast"]._charts


def test_sales_report_can_carry_the_forecast_sheet(setup, tmp_path):
    """`report sales --forecast` adds the Forecast sheet with its chart after the others."""
    run(setup, "opportunity", "add", "C1", "--title", "年度采购", "--amount", "5万",
        "--close", "2099-01-31")  # fmt: skip
    out = tmp_path / "sales.xlsx"
    assert run(setup, "report", "sales", str(out), "--sheets", "summary", "--forecast") == 0
    wb = load_workbook(out)
    assert wb.sheetnames == ["Summary", "Forecast"]
    sheet = wb["Forecast"]
    assert sheet._charts
    assert [c.value for c in sheet[4]][:6] == [
        "Month", "Pipeline", "Weighted", "Opportunities", "Same month last year", "Target",
    ]  # fmt: skip
    assert sheet["A11"].value == "Total" and str(sheet["C11"].value).startswith("=SUM(C5:C10)")
    assert run(setup, "report", "sales", str(out), "--sheets", "summary") == 0
    assert load_workbook(out).sheetnames == ["Summary"]
