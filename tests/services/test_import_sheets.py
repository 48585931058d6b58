"""Workbooks that keep a list per sheet (one per region or salesperson) after a 汇总."""

from __future__ import annotations

import openpyxl
import pytest
from import_samples import REGION_SHEETS, write_sheet_per_region, write_xlsx

from crm_desktop.jobs.importing import import_all_sheets, import_customers
from crm_desktop.models import Customer
from crm_desktop.services import importing

REGION_NAMES = {
    sheet: [row[headers.index("客户名称" if "客户名称" in headers else "单位名称")] for row in rows]
    for sheet, (headers, rows) in REGION_SHEETS.items()
}


def test_a_summary_sheet_first_is_passed_over_for_the_first_list(admin, tmp_path):
    """A 汇总 of counts by salesperson (headers, but no customers' names) is not the list:
    the first region's sheet is read, and the user is told why 汇总 was passed over."""
    path = write_sheet_per_region(tmp_path / "各区客户.xlsx")
    source = importing.open_source(admin, path)
    assert source.sheet == "华东区"
    assert source.choice is not None and source.choice.passed_over == ["汇总"]
    said = source.choice.message(path.name)
    assert "“汇总”没有客户名称列" in said.render("zh_CN")
    assert "passed over '汇总': no column of customer names" in said.render("en")


def test_the_other_lists_are_named_and_not_the_summary_choices_or_instructions(admin, tmp_path):
    """华南区 (a title above its headers) and 华北区 (单位名称) are lists; 汇总, the hidden
    下拉选项 and 填写说明 are not."""
    path = write_sheet_per_region(tmp_path / "各区客户.xlsx")
    source = importing.open_source(admin, path)
    assert source.other_lists == ["华南区", "华北区"]
    zh = source.other_lists_message().render("zh_CN")
    assert "工作表“华南区”、“华北区”也有客户名单，本次只导入了工作表“华东区”" in zh
    assert "--all-sheets" in zh
    here = source.other_lists_message(wizard=True).render("en")
    assert here.startswith("Sheets '华南区', '华北区' also hold customer lists")
    # the user's sheet: the others are the rest
    assert importing.open_source(admin, path, "华北区").other_lists == ["华东区", "华南区"]


def test_a_workbook_with_one_list_names_no_others(admin, tmp_path):
    assert importing.open_source(admin, write_xlsx(tmp_path / "a.xlsx")).other_lists == []


def test_all_sheets_imports_each_list_as_an_import_of_its_own(admin, tmp_path):
    """Every region's customers come in, each sheet an entry of the history named by its
    sheet; undoing one sheet's import leaves the others'."""
    path = write_sheet_per_region(tmp_path / "各区客户.xlsx")
    done = import_all_sheets(admin, path)
    assert [(sheet, one.result.created) for sheet, one in done] == [
        ("华东区", 3), ("华南区", 2), ("华北区", 1),
    ]  # fmt: skip
    assert done[0][1].result.skipped == 1  # 合计：3 家
    names = sorted(c.name for c in Customer.select())
    assert names == sorted(n for sheet in REGION_NAMES.values() for n in sheet)
    south = Customer.get(Customer.name == "广州天河电子科技有限公司")
    assert (south.address, south.contact_name, south.contact_phone) == (
        "广州",
        "黄海",
        "020-38001234",
    )
    batches = {b.file_name: b for b in importing.import_history(admin)}
    assert set(batches) == {f"各区客户.xlsx [{s}]" for s in REGION_NAMES}
    importing.undo_import(admin, batches["各区客户.xlsx [华南区]"].id)
    assert Customer.select().where(Customer.deleted_at.is_null()).count() == 4


def test_one_sheet_imported_names_the_others(admin, tmp_path):
    """Without --all-sheets the import reads one list, and its warnings name the others."""
    path = write_sheet_per_region(tmp_path / "各区客户.xlsx")
    done = import_customers(admin, path)
    assert done.result.created == 3
    said = [w.render("zh_CN") for w in done.warnings]
    assert any("“汇总”没有客户名称列" in w for w in said)
    assert any("“华南区”、“华北区”也有客户名单" in w for w in said)
    # a sheet the user named: nothing more to say
    assert not import_customers(admin, path, sheet="华南区").warnings


def test_each_sheets_rejected_rows_are_saved_apart(admin, tmp_path):
    """--errors with several sheets: a workbook of rejected rows per sheet, its name taken
    from the sheet's (a '|', which Windows refuses in a file name, made safe)."""
    wb = openpyxl.Workbook()
    wb.active.title = "张伟|华东"
    for title in ("张伟|华东", "李娜"):
        ws = wb[title] if title in wb.sheetnames else wb.create_sheet(title)
        ws.append(["客户名称", "信用额度（元）"])
        ws.append([f"{title[:2]}的好客户有限公司", 50000])
        ws.append([f"{title[:2]}的坏客户有限公司", -500])
    wb.save(tmp_path / "两人.xlsx")
    done = import_all_sheets(admin, tmp_path / "两人.xlsx", errors_out=tmp_path / "未导入.xlsx")
    assert [one.result.rejected for _s, one in done] == [1, 1]
    saved = sorted(p.name for p in tmp_path.glob("未导入-*.xlsx"))
    assert saved == ["未导入-张伟_华东.xlsx", "未导入-李娜.xlsx"]
    rows = list(openpyxl.load_workbook(tmp_path / "未导入-李娜.xlsx").active.values)
    assert any("李娜的坏客户有限公司" in row for row in rows)


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_the_cli_names_the_other_sheets_and_imports_them_all(
    db_path, tmp_path, capsys, monkeypatch, lang
):
    """`import customers` tells of the other lists; --all-sheets imports them, each
    sheet's counts on stderr, the counts of all on stdout's one line."""
    from crm_desktop.cli import main
    from crm_desktop.models import close_database, database, open_database

    open_database(db_path)
    close_database()
    database.initialize(None)
    monkeypatch.setenv("CRM_DESKTOP_LANG", lang)
    path = write_sheet_per_region(tmp_path / "各区客户.xlsx")
    args = ["--db", str(db_path), "import", "customers", str(path)]
    assert main([*args, "--dry-run"]) == 0
    err = capsys.readouterr().err
    assert "华南区" in err and "华北区" in err and "--all-sheets" in err
    assert main([*args, "--all-sheets"]) == 0
    out, err = capsys.readouterr()
    total = "新建 6，更新 0，跳过 1，未导入 0" if lang == "zh_CN" else "created 6, updated 0"
    assert total in out and len(out.strip().splitlines()) == 1
    heading = "工作表“华南区”：新建 2" if lang == "zh_CN" else "Sheet '华南区': created 2"
    assert heading in err
    with pytest.raises(SystemExit) as info:  # one sheet, or all: not both
        main([*args, "--all-sheets", "--sheet", "华南区"])
    assert info.value.code == 2


@pytest.mark.parametrize("name", ["regions.xls", "regions.ods"])
def test_lists_per_sheet_saved_by_an_office_suite(admin, name):
    """The same workbook saved by LibreOffice as .xls and .ods (its hidden sheet, merged
    title and formulas as the suite writes them)."""
    from pathlib import Path

    path = Path(__file__).parent.parent / "data" / "import" / name
    source = importing.open_source(admin, path)
    assert (source.sheet, source.other_lists) == ("华东区", ["华南区", "华北区"])
    done = import_all_sheets(admin, path)
    assert [one.result.created for _s, one in done] == [3, 2, 1]
