"""The 潜在客户名册 workbook: counts and conversion by source, a sheet per list, audited,
read back with openpyxl (formulas, text cells) and python-calamine (the values)."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from crm_desktop.errors import PermissionDenied, UserError
from crm_desktop.jobs.prospects_export import export_prospects
from crm_desktop.models import AuditEvent
from crm_desktop.progress import Cancelled, Progress
from crm_desktop.services import customers as cs

CUSTOMERS = (
    ("F1", '=HYPERLINK("http://x")', "friends", "potential"),
    ("F2", "亲友二", "friends", "prospective"),
    ("F3", "亲友三", "friends", "current"),
    ("F4", "亲友四", "friends", "lost"),
    ("G1", "团体一", "group", "current"),
    ("N1", "无来源", None, "potential"),
)


def _exports() -> list[AuditEvent]:
    return list(AuditEvent.select().where(AuditEvent.action == "export.prospects"))


@pytest.fixture
def lists(team):
    """Four friends (one per stage), a group customer, one without a source; sales1 owns F1."""
    m = team["manager"]
    for code, name, source, stage in CUSTOMERS:
        values = {"code": code, "name": name, "stage": stage, "owner": "sales1"}
        if source:
            values["source"] = source
        if code == "F1":
            values["contact_name"] = "王总"
        cs.create_customer(m, values)
    return m


def test_summary_sheet_counts_and_converts_with_formulas(lists, tmp_path):
    """Friends: 4 customers, 25 % to 预期, 25 % to 现实, 50 % converted; totals are SUMs."""
    out = tmp_path / "名册.xlsx"
    result = export_prospects(lists, out, lang="zh_CN")
    assert (result.rows, result.sources) == (6, 3) and result.path == out
    values = CalamineWorkbook.from_path(str(out)).get_sheet_by_index(0).to_python()
    header, friends = values[0], values[1]
    assert header[:7] == [
        "客户来源",
        "客户数",
        "潜在客户",
        "预期客户",
        "现实客户",
        "流失客户",
        "转为预期",
    ]
    assert friends[0] == "亲朋好友" and friends[1:6] == [4, 1, 1, 1, 1]
    assert friends[6:9] == [0.25, 0.25, 0.5]
    total = values[-1]
    assert total[0] == "合计" and total[1:6] == [6, 2, 1, 2, 1]
    assert total[8] == pytest.approx(0.5)
    formulas = load_workbook(out)["潜在客户名册"]
    assert formulas["B2"].value == "=SUM(C2:F2)"
    assert formulas["I2"].value == "=IF(B2=0,0,(D2+E2)/B2)"
    assert formulas.cell(row=len(values), column=2).value.startswith("=SUM(B2:")


def test_a_sheet_per_list_with_its_customers(lists, tmp_path):
    """Each list with customers has its sheet, by code; a formula-like name stays text."""
    out = tmp_path / "lists.xlsx"
    export_prospects(lists, out, lang="en")
    book = load_workbook(out)
    assert book.sheetnames == ["Prospect lists", "Friends and relatives", "Groups", "No source"]
    friends = book["Friends and relatives"]
    rows = list(friends.iter_rows(values_only=True))
    assert rows[0][:5] == ("Customer code", "Customer name", "Lifecycle stage", "Buying stage",
                           "Owner (salesperson)")  # fmt: skip
    assert [r[0] for r in rows[1:]] == ["F1", "F2", "F3", "F4"]
    assert rows[1][1] == '=HYPERLINK("http://x")' and friends["B2"].data_type == "s"
    assert rows[1][2] == "Potential" and rows[1][4] == "张伟" and rows[1][5] == "王总"
    calamine = CalamineWorkbook.from_path(str(out))
    assert calamine.get_sheet_by_name("No source").to_python()[1][:2] == ["N1", "无来源"]


def test_one_source_only_and_audited(lists, tmp_path):
    """Asking for the group list writes its row and sheet only, and the export is audited."""
    out = tmp_path / "group.xlsx"
    result = export_prospects(lists, out, ["group"], lang="en")
    book = load_workbook(out)
    assert book.sheetnames == ["Prospect lists", "Groups"] and result.rows == 1
    event = AuditEvent.get(AuditEvent.action == "export.prospects")
    assert (event.user_id, event.count, event.detail) == (lists.id, 1, "group.xlsx")


def test_a_salesperson_may_not_export_lists(team, lists, tmp_path):
    """Exporting customer lists is for managers: refused, no file, no audit entry."""
    out = tmp_path / "mine.xlsx"
    with pytest.raises(PermissionDenied):
        export_prospects(team["sales1"], out)
    assert not out.exists() and not _exports()


def test_cancel_leaves_no_file(lists, tmp_path):
    """A cancel during the export leaves neither a half file nor an audit entry."""
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "cancelled.xlsx"

    progress = Progress()
    progress.cancel()
    with pytest.raises(Cancelled):
        export_prospects(lists, out, progress=progress)
    assert list(folder.iterdir()) == [] and not _exports()


def test_not_an_xlsx_is_refused(lists, tmp_path):
    """A .csv name is refused in plain words before anything is written."""
    with pytest.raises(UserError) as caught:
        export_prospects(lists, tmp_path / "lists.csv")
    assert "lists.csv" in caught.value.render("en")
