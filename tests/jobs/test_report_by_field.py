"""The sales workbook grouped by a one-choice custom field (按合作层级), read back from .xlsx."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import openpyxl
import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "services"))
from sales_dataset import build  # noqa: E402

from crm_desktop.cli import main  # noqa: E402
from crm_desktop.errors import NotFound, UserError  # noqa: E402
from crm_desktop.jobs.report import write_sales_report  # noqa: E402
from crm_desktop.models import Customer  # noqa: E402
from crm_desktop.services import analysis  # noqa: E402
from crm_desktop.services.analysis.by_field import report_field  # noqa: E402
from crm_desktop.services.custom_fields import definitions as custom_defs  # noqa: E402
from crm_desktop.services.custom_fields import values as custom_values  # noqa: E402

Y2025 = analysis.Period(date(2025, 1, 1), date(2025, 12, 31))


@pytest.fixture
def tier(team):
    """合作层级 on the hand-made dataset: C1, C2 战略; C3 重点 (then retired); C4, C5 none."""
    build(team)
    gm = team["admin"]
    field = custom_defs.define_field(
        gm, "合作层级", "Tier", "choice", choices=["战略", "重点", "一般"]
    )
    for code, option in (("C1", "战略"), ("C2", "战略"), ("C3", "重点")):
        customer = Customer.get(Customer.code == code)
        custom_values.set_values(gm, "customer", customer.id, {field.name: option})
    retired = [c if c.zh != "重点" else type(c)(c.code, c.zh, c.en, True) for c in field.choices]
    return custom_defs.update_field(gm, field.id, choices=retired)


def _rows(ws) -> list[tuple]:
    return [tuple(c.value for c in row) for row in ws.iter_rows(min_row=2)]


def test_sheet_by_field_groups_and_totals(team, tier, tmp_path):
    """One row an option in the field's order, the retired one marked, （未填） last; the
    totals equal the by-customer sheet's."""
    out = tmp_path / "by.xlsx"
    result = write_sales_report(
        team["manager"], out, Y2025, ["customers"], lang="zh_CN", by_field="合作层级"
    )
    assert result.sheets == ("customers", "by_field")
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["按客户", "按合作层级"]
    rows = _rows(wb["按合作层级"])
    assert [c.value for c in wb["按合作层级"][1]][:4] == [
        "合作层级",
        "客户数",
        "成交客户数",
        "销售额",
    ]
    groups = [(r[0], r[1], r[2], r[3], r[5]) for r in rows[:-1]]
    assert groups == [
        ("战略", 2, 2, 950, 500),
        ("重点（已停用）", 1, 1, 50, 300),
        ("一般", 0, 0, 0, 0),
        ("（未填）", 2, 0, 0, 1000),
    ]
    total = rows[-1]
    assert total[0] == "合计" and str(total[3]).startswith("=SUM(")

    # the same totals as the by-customer sheet, and each customer's group beside it
    cust = _rows(wb["按客户"])
    body, sums = cust[:-1], cust[-1]
    assert sum(g[3] for g in groups) == sum(r[5] for r in body) == 1000
    assert sum(g[4] for g in groups) == sum(r[8] for r in body) == 1800
    assert sum(g[1] for g in groups) == len(body) == 5
    header = [c.value for c in wb["按客户"][1]]
    at = header.index("合作层级")
    assert {r[1]: r[at] for r in body} == {
        "C1": "战略",
        "C2": "战略",
        "C3": "重点（已停用）",
        "C4": "（未填）",
        "C5": "（未填）",
    }
    assert str(sums[5]).startswith("=SUM(")


def test_sheet_by_field_in_english(team, tier, tmp_path):
    """The English workbook names the sheet By <label> and the no-value group (none)."""
    out = tmp_path / "en.xlsx"
    write_sales_report(
        team["manager"], out, Y2025, ["summary", "customers"], lang="en", by_field="tier"
    )
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Summary", "By customer", "By Tier"]
    labels = [r[0] for r in _rows(wb["By Tier"])]
    assert labels == ["战略", "重点 (retired)", "一般", "(none)", "Total"]


def test_without_the_by_customer_sheet_no_group_sheet(team, tier, tmp_path):
    """Grouping needs the by-customer sheet: without it the workbook is as before."""
    out = tmp_path / "s.xlsx"
    result = write_sales_report(
        team["manager"], out, Y2025, ["summary"], lang="en", by_field="合作层级"
    )
    assert result.sheets == ("summary",)
    assert openpyxl.load_workbook(out).sheetnames == ["Summary"]


def test_only_choice_fields_group(team, tier, tmp_path):
    """A text field is refused naming the one-choice fields; an unknown name is not found;
    nothing is written."""
    custom_defs.define_field(team["admin"], "主营产品", "Main products", "text")
    with pytest.raises(UserError) as exc:
        report_field("主营产品")
    assert exc.value.code == "custom_fields.not_a_choice_field"
    assert "合作层级" in exc.value.render("zh_CN")
    out = tmp_path / "x.xlsx"
    with pytest.raises(NotFound):
        write_sales_report(team["manager"], out, Y2025, ["customers"], by_field="天气")
    assert not out.exists()


@pytest.mark.sqlite_only
def test_cli_report_by(team, tier, db_path, tmp_path, capsys):
    """`report sales --by 合作层级` writes the sheet; `--by` a text field exits 2 with the message."""
    out = tmp_path / "cli.xlsx"
    args = ["--db", str(db_path), "report", "sales", str(out), "--from", "2025-01-01"]
    assert main([*args, "--sheets", "customers", "--by", "合作层级"]) == 0
    assert openpyxl.load_workbook(out).sheetnames[-1] in ("By Tier", "按合作层级")
    custom_defs.define_field(team["admin"], "主营产品", "Main products", "text")
    capsys.readouterr()
    bad = tmp_path / "bad.xlsx"
    assert main([*args[:4], str(bad), "--by", "Main products"]) == 2
    err = capsys.readouterr().err
    assert "Main products" in err and "Tier" in err and "Traceback" not in err
    assert not bad.exists()
