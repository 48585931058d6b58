"""Phones, accounts and codes whose digits Excel lost: a CSV saved from Excel writes a
number its narrow column showed as 1.38001E+10, and a General cell keeps 15 digits of a
19-digit bank account (6222021234567890000). The row goes in with the value as the file
has it, and the user is told which cell to check; nothing is rejected, nothing moved to
the remarks."""

from __future__ import annotations

import csv

import openpyxl
import pytest

from crm_desktop.models import Contact, Customer
from crm_desktop.services import importing
from crm_desktop.services.importing.values import lost_digits, whole_number_text


def _import(actor, path, **kw) -> importing.ImportResult:
    return importing.run_import(actor, importing.open_source(actor, path), **kw)


def _excel_csv(path):
    """A list as Excel saves it as CSV (GBK) when the 手机 and 账号 columns were narrow."""
    rows = [
        ["客户名称", "联系人", "手机", "电话", "开户帐号", "备注"],
        ["杭州华夏科技有限公司", "张三", "1.38001E+10", "0571-88886666", "6.22202E+18", "老客户"],
        ["宁波海港贸易有限公司", "李四", "13900139000", "8.61381E+12", "", ""],
        ["温州东方鞋业有限公司", "王五", "13700137000", "0577-66668888", "", ""],
    ]
    with path.open("w", encoding="gbk", newline="") as f:
        csv.writer(f).writerows(rows)
    return path


def test_scientific_notation_is_kept_and_named_cell_by_cell(admin, tmp_path):
    result = _import(admin, _excel_csv(tmp_path / "客户.csv"))
    assert (result.created, result.rejected) == (3, 0)
    first = Customer.get(Customer.name == "杭州华夏科技有限公司")
    assert first.contact_phone == "1.38001E+10" and first.bank_account == "6.22202E+18"
    assert first.remarks == "老客户"  # the values stay in their fields, not in the remarks
    noted = sorted((n.row_number, n.column, n.value, n.in_field) for n in result.notes)
    assert noted == [
        (2, "开户帐号", "6.22202E+18", True),
        (2, "手机", "1.38001E+10", True),
        (3, "电话", "8.61381E+12", True),
    ]
    text = next(n for n in result.notes if n.column == "手机").render("zh_CN")
    assert text.startswith("第2行，手机“1.38001E+10”：这是 Excel 的科学计数法")
    assert "备注" not in text
    english = next(n for n in result.notes if n.column == "手机").render("en")
    assert english.startswith("row 2, 手机 '1.38001E+10': this is Excel's scientific notation")


def test_a_number_excel_cut_to_15_digits_is_kept_as_excel_shows_it(admin, tmp_path):
    path = tmp_path / "accounts.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["客户名称", "联系人", "手机", "开户帐号", "联系人2", "手机2"])
    # typed into General cells: the account lost its last digits; the mobile is whole
    ws.append(
        ["杭州华夏科技有限公司", "张三", 13800138000, 6222021234567890000, "李四", 8613900139000123]
    )
    ws.append(
        ["宁波海港贸易有限公司", "王五", 13900139000, 622202123456789, "赵六", 8613700137000000]
    )
    wb.save(path)
    result = _import(admin, path)
    assert result.created == 2
    first = Customer.get(Customer.name == "杭州华夏科技有限公司")
    assert first.bank_account == "6222021234567890000"  # Excel's digits, not the double's
    assert first.contact_phone == "13800138000"
    second = Customer.get(Customer.name == "宁波海港贸易有限公司")
    assert second.bank_account == "622202123456789"  # 15 digits: whole
    mobiles = {c.name: c.mobile for c in Contact.select() if c.name in ("李四", "赵六")}
    # a 16-digit number another program wrote whole is whole; one with Excel's zeros not
    assert mobiles == {"李四": "8613900139000123", "赵六": "8613700137000000"}
    noted = sorted((n.row_number, n.column, n.value) for n in result.notes)
    assert noted == [(2, "开户帐号", "6222021234567890000"), (3, "手机2", "8613700137000000")]
    text = result.notes[0].render("zh_CN")
    assert "Excel 只保留前 15 位" in text and "原值已写入备注" not in text


def test_the_preview_marks_the_cells_to_check(admin, tmp_path):
    checks = importing.preview(admin, importing.open_source(admin, _excel_csv(tmp_path / "a.csv")))
    assert [sorted(n.column for n in c.notes) for c in checks] == [
        ["开户帐号", "手机"],
        ["电话"],
        [],
    ]
    assert [c.status for c in checks] == ["new", "new", "new"]


@pytest.mark.parametrize(
    ("cell", "kept"),
    [
        ("1.38001E+10", "1.38001E+10"),
        (" 6.22202e+18 ", "6.22202e+18"),
        (6222021234567890000.0, "6222021234567890000"),
        (1e15, "1000000000000000"),
        (2.0**60, "1152921504606850000"),  # beyond a double's exact whole numbers
    ],
)
def test_lost_digits_are_found(cell, kept):
    assert [(i, v) for i, v, _ in lost_digits([cell])] == [(0, kept)]


@pytest.mark.parametrize(
    "cell",
    [13800138000.0, 622202123456789.0, 8613900139000123.0, "0571-88886666", "1E5", "E+10",
     "13800138000", None, 12.5, "A1.5E+3"],
)  # fmt: skip
def test_whole_numbers_are_not_flagged(cell):
    assert lost_digits([cell]) == []


def test_a_whole_number_reads_as_the_sheet_shows_it():
    assert whole_number_text(13800138000.0) == "13800138000"
    assert whole_number_text(6222021234567889920.0) == "6222021234567890000"
    assert whole_number_text(8613900139000123.0) == "8613900139000123"
    assert whole_number_text(-6222021234567889920.0) == "-6222021234567890000"
