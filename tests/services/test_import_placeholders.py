"""What lists write for "nothing here", and dates given only in part."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

import pytest
from import_samples import write_xlsx

from crm_desktop.models import Contact, Customer
from crm_desktop.services import importing
from crm_desktop.services.importing.headers import match_header

HEADERS = ["客户名称", "联系人", "手机", "邮箱", "统一社会信用代码", "成立日期", "注册资金",
           "信用额度", "客户级别", "开票类型", "传真", "网址", "地址"]  # fmt: skip
DATA = Path(__file__).resolve().parents[1] / "data" / "import"
PLACEHOLDERS = [
    "/",
    "／",
    "-",
    "—",
    "——",
    "无",
    "暂无",
    "不详",
    "未知",
    "N/A",
    "#N/A",
    "空",
    "(空)",
    "（跳过）",
]  # the last two: 问卷星's empty and skipped answers


def test_placeholders_are_empty_cells_not_values_to_warn_of(admin, tmp_path):
    """A list with "/", 无, 暂无, N/A … in its empty cells: the cards come in with those
    fields empty, no warning, nothing in the remarks, no person named 无."""
    rows = [[f"占位{i}贸易有限公司", *[p] * (len(HEADERS) - 1)] for i, p in enumerate(PLACEHOLDERS)]
    path = write_xlsx(tmp_path / "a.xlsx", rows, headers=HEADERS)
    source = importing.open_source(admin, path)
    assert source.unmapped_values() == {}  # the wizard asks nothing of them
    result = importing.run_import(admin, source)
    assert (result.created, result.rejected, result.notes) == (len(PLACEHOLDERS), 0, [])
    for card in Customer.select():
        assert card.remarks == "" and card.email == "" and card.fax == "" and card.address == ""
        assert card.founded is None and card.credit_limit is None and not card.abc_class
    assert Contact.select().count() == 0


def test_a_placeholder_name_is_no_name(admin, tmp_path):
    path = write_xlsx(tmp_path / "a.xlsx", [["/", "张三"], ["华东贸易有限公司", "李四"]],
                      headers=["客户名称", "联系人"])  # fmt: skip
    result = importing.run_import(admin, importing.open_source(admin, path))
    assert (result.created, result.rejected) == (1, 1)


@pytest.mark.parametrize("typed", ["2019.03", "2019年3月", "201903", "2019-3", 2019, 2019.0])
def test_a_date_given_in_part_is_kept_as_text(admin, tmp_path, typed):
    """A year and month, or a year alone typed as a number (not the day 1905-07-11 its
    serial would be): the card comes in, the date stays empty, the text is kept."""
    path = write_xlsx(
        tmp_path / "a.xlsx", [["华东贸易有限公司", typed]], headers=["客户名称", "成立日期"]
    )
    result = importing.run_import(admin, importing.open_source(admin, path))
    assert (result.created, result.rejected) == (1, 0)
    card = Customer.get()
    assert card.founded is None
    assert (
        card.remarks == f"成立日期 (original): {int(typed) if isinstance(typed, float) else typed}"
    )


@pytest.mark.parametrize("typed", ["2019-13-01", "2019-02-30", "2019年2月30日", "20190230"])
def test_a_whole_date_that_is_no_day_still_refuses_its_row(admin, tmp_path, typed):
    path = write_xlsx(
        tmp_path / "a.xlsx", [["华东贸易有限公司", typed]], headers=["客户名称", "成立日期"]
    )
    result = importing.run_import(admin, importing.open_source(admin, path))
    assert (result.created, result.rejected) == (0, 1)


def test_a_date_serial_still_reads_as_its_day(admin, tmp_path):
    path = write_xlsx(
        tmp_path / "a.xlsx", [["华东贸易有限公司", 43529]], headers=["客户名称", "成立日期"]
    )
    importing.run_import(admin, importing.open_source(admin, path))
    assert Customer.get().founded == date(2019, 3, 5)


@pytest.mark.parametrize(
    "header", ["信用期限", "信用期限（天）", "信用天数", "账期天数", "回款周期"]
)
def test_credit_period_headers_are_the_collection_period(header):
    assert match_header(header)[0] == "collection_days"


def test_a_custom_fields_own_words_are_kept_and_no_placeholder_goes_to_the_remarks(admin, tmp_path):
    """有/无 are the choices of a custom field: its 无 is kept. An unmapped column's "/" is
    not written into the remarks as a line."""
    from crm_desktop.services.custom_fields import definitions as custom_defs
    from crm_desktop.services.custom_fields.values import get_values

    field = custom_defs.define_field(
        admin, "自有仓库", "Own warehouse", "choice", choices=["有", "无"]
    )
    rows = [["华东贸易有限公司", "无", "/"], ["华南贸易有限公司", "有", "月结"]]
    path = write_xlsx(tmp_path / "a.xlsx", rows, headers=["客户名称", "自有仓库", "结算说明"])
    result = importing.run_import(admin, importing.open_source(admin, path))
    assert (result.created, result.rejected) == (2, 0)
    east = Customer.get(Customer.name == "华东贸易有限公司")
    south = Customer.get(Customer.name == "华南贸易有限公司")
    none = next(c.code for c in field.choices if c.zh == "无")
    assert get_values("customer", east.id)[field.name] == none
    assert east.remarks == "" and south.remarks == "结算说明: 月结"  # the English line


def _day_zero_list(path):
    """Date cells left at 0 (shown as 1900/1/0), one written as the day before 1900-01-01,
    and a time of day where 成立日期 belongs, all formatted as dates."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["客户名称", "成立日期", "下次跟进时间", "联系人"])
    sheet.append(["温州瓯江五金有限公司", 0, 0, "张三"])
    sheet.append(["台州椒江塑料制品厂", datetime(1899, 12, 30), None, "李四"])
    sheet.append(["金华义乌小商品贸易行", date(2015, 3, 5), datetime(2027, 1, 8, 9, 0), "王五"])
    sheet.append(["丽水青田石雕工艺社", time(9, 30), None, "赵六"])
    for row in sheet.iter_rows(min_row=2, min_col=2, max_col=3):
        for cell in row:
            cell.number_format = "yyyy-mm-dd"
    book.save(path)
    return path


@pytest.mark.parametrize("name", ["built.xlsx", "day_zero.xls", "day_zero.ods"])
def test_a_date_cell_left_at_zero_is_an_empty_cell(admin, tmp_path, name):
    """A date cell holding 0 is read as the time 00:00 (python-calamine) or as 1899-12-30
    (a LibreOffice .ods); it named no day: the card comes in without 成立日期 nor a
    follow-up, no warning. A time of day where a day belongs (09:30) is kept in the
    remarks, not a reason to refuse the customer. The .xls and .ods are the .xlsx saved
    by LibreOffice."""
    from crm_desktop.models import FollowUp

    path = _day_zero_list(tmp_path / name) if name == "built.xlsx" else DATA / name
    result = importing.run_import(admin, importing.open_source(admin, path))
    assert (result.created, result.rejected) == (4, 0)
    cards = {c.name: (c.founded, c.remarks) for c in Customer.select()}
    assert cards == {
        "温州瓯江五金有限公司": (None, ""),
        "台州椒江塑料制品厂": (None, ""),
        "金华义乌小商品贸易行": (date(2015, 3, 5), ""),
        "丽水青田石雕工艺社": (None, "成立日期 (original): 09:30"),
    }
    assert [(n.row_number, n.value) for n in result.notes] == [(5, "09:30")]
    assert [f.customer.name for f in FollowUp.select()] == ["金华义乌小商品贸易行"]
