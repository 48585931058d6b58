"""A person's 性别 and 生日 on a list's row become the contact's gender and birthday, so
the Today page's birthdays hold the people a list brings; this app's export writes
them on its 联系人 sheet and an import reads them back."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from import_samples import write_xlsx

from crm_desktop.models import Contact, Customer
from crm_desktop.services import importing
from crm_desktop.services.importing.headers import auto_map, match_header


def _import(actor, path, **kw) -> importing.ImportResult:
    return importing.run_import(actor, importing.open_source(actor, path), **kw)


def _people() -> list[tuple[str, str, str, date | None]]:
    query = Contact.select(Contact, Customer).join(Customer).order_by(Customer.id, Contact.id)
    return [(c.customer.name, c.name, c.gender, c.birthday) for c in query]


HEADERS = ["客户名称", "联系人", "性别", "生日", "手机", "联系人2", "性别2", "生日2"]


def _rows(birthday: date = date(1980, 5, 12)):
    return [
        ["杭州华夏科技有限公司", "张三", "男", datetime.combine(birthday, datetime.min.time()),
         "13800138000", "李四", "女士", "1985/3/8"],
        ["宁波海港贸易有限公司", "王五、赵六", "男、女", "1970-01-02、1975-06-07", "", "", "", ""],
        ["温州东方鞋业有限公司", "孙七", "未知", "3月8日", "", "", "", ""],
        ["台州明远机械有限公司", "周八", "F", 31117, "", "", "", ""],  # a serial: 1985-03-11
    ]  # fmt: skip


def test_a_birthday_is_no_day_unit_and_gender_is_the_persons():
    assert match_header("生日") == ("contact1_birthday", "")
    assert match_header("联系周期(天)") == ("contact_interval_days", "天")
    fields = [c.field for c in auto_map(["客户名称", "联系人性别", "出生日期", "Date of Birth"])]
    assert fields == ["name", "contact1_gender", "contact1_birthday", None]  # one column each


def test_gender_and_birthday_come_in_with_each_person(admin, tmp_path):
    result = _import(admin, write_xlsx(tmp_path / "list.xlsx", _rows(), HEADERS))
    assert (result.created, result.rejected) == (4, 0)
    assert _people() == [
        ("杭州华夏科技有限公司", "张三", "M", date(1980, 5, 12)),
        ("杭州华夏科技有限公司", "李四", "F", date(1985, 3, 8)),
        ("宁波海港贸易有限公司", "王五", "M", date(1970, 1, 2)),
        ("宁波海港贸易有限公司", "赵六", "F", date(1975, 6, 7)),
        ("温州东方鞋业有限公司", "孙七", "", None),  # 未知: nothing to say
        ("台州明远机械有限公司", "周八", "F", date(1985, 3, 11)),
    ]
    # a birthday without its year is no day: kept in the remarks, with a warning
    third = Customer.get(Customer.name == "温州东方鞋业有限公司")
    assert third.remarks == "生日 (original): 3月8日"
    (note,) = result.notes
    assert (note.row_number, note.column, note.value) == (4, "生日", "3月8日")
    assert note.render("zh_CN").startswith("第4行，生日“3月8日”：不是完整的日期（需有年、月、日）")


def test_a_gender_that_is_none_is_kept_in_the_remarks(admin, tmp_path):
    path = write_xlsx(
        tmp_path / "g.xlsx", [["甲公司", "张三", "保密"]], ["客户名称", "联系人", "性别"]
    )
    result = _import(admin, path)
    assert _people() == [("甲公司", "张三", "", None)]
    assert Customer.get(Customer.name == "甲公司").remarks == "性别 (original): 保密"
    assert "不是性别（男或女）" in result.notes[0].render("zh_CN")


def test_the_todays_birthdays_hold_the_imported_people(admin, tmp_path):
    from crm_desktop.services import today as today_service

    today = date.today()
    born = date(1980, today.month, 28 if (today.month, today.day) == (2, 29) else today.day)
    _import(admin, write_xlsx(tmp_path / "list.xlsx", _rows(born), HEADERS))
    upcoming = today_service.upcoming_birthdays(admin, today, 0, None)
    assert [b.contact_name for b in upcoming if b.birthday.year == 1980] == ["张三"]


def test_the_exports_contacts_sheet_brings_them_back(admin, tmp_path, monkeypatch):
    from crm_desktop.jobs.export import export_customers

    monkeypatch.setenv("CRM_DESKTOP_LANG", "zh_CN")
    _import(admin, write_xlsx(tmp_path / "list.xlsx", _rows(), HEADERS))
    before = sorted(_people())
    out = export_customers(admin, tmp_path / "导出.xlsx").path
    Contact.delete().execute()
    Customer.update(deleted_at=datetime.now()).execute()  # the cards gone from the list
    Customer.update(code=Customer.code.concat("-old")).execute()
    result = _import(admin, out)
    assert result.created == 4
    live = Contact.select(Contact, Customer).join(Customer).where(Customer.deleted_at.is_null())
    assert sorted((c.customer.name, c.name, c.gender, c.birthday) for c in live) == before


def test_a_number_in_the_name_cell_is_the_persons_phone(admin, tmp_path):
    """A list with one 联系人 column holding 张三 13800138000: the card's 联络人 is 张三, its
    联络电话 the number, and so are the contact's; without a number the person keeps the
    row's own phone, and a cell with more than a name and a number stays as written."""
    rows = [
        ["杭州华夏科技有限公司", "张三 13800138000", "0571-88886666"],
        ["宁波海港贸易有限公司", "王经理/13900139000", ""],
        ["温州东方鞋业有限公司", "李四：0577-66668888", ""],
        ["台州明远机械有限公司", "赵总13700137000", ""],
        ["金华永盛五金有限公司", "钱五 13600136000 采购部", ""],
        ["丽水青山茶业有限公司", "孙六", "0578-2222333"],
    ]
    result = _import(admin, write_xlsx(tmp_path / "l.xlsx", rows, ["客户名称", "联系人", "电话"]))
    assert result.created == 6
    cards = [(c.contact_name, c.contact_phone) for c in Customer.select().order_by(Customer.id)]
    assert cards == [
        ("张三", "13800138000"),
        ("王经理", "13900139000"),
        ("李四", "0577-66668888"),
        ("赵总", "13700137000"),
        ("钱五 13600136000 采购部", ""),
        ("孙六", ""),
    ]
    query = Contact.select(Contact.name, Contact.phone).order_by(Contact.customer)
    assert [(c.name, c.phone) for c in query] == [
        ("张三", "13800138000"),
        ("王经理", "13900139000"),
        ("李四", "0577-66668888"),
        ("赵总", "13700137000"),
        ("钱五 13600136000 采购部", ""),
        ("孙六", "0578-2222333"),  # the row's own phone, as before
    ]
    assert result.notes == []


def test_a_number_in_the_name_stays_when_the_list_has_the_persons_phone(admin, tmp_path):
    rows = [["甲公司", "张三 13800138000", "13900139000"]]
    _import(admin, write_xlsx(tmp_path / "l.xlsx", rows, ["客户名称", "联系人", "联系电话"]))
    card = Customer.get(Customer.name == "甲公司")
    assert (card.contact_name, card.contact_phone) == ("张三 13800138000", "13900139000")


@pytest.mark.parametrize(
    ("cell", "split"),
    [
        ("张三 13800138000", ("张三", "13800138000")),
        ("13800138000 张三", ("张三", "13800138000")),
        ("王经理/13900139000", ("王经理", "13900139000")),
        ("李四：0577-66668888", ("李四", "0577-66668888")),
        ("赵总13700137000", ("赵总", "13700137000")),
        ("John Smith 88886666", ("John Smith", "88886666")),
        ("张三", None),
        ("钱五 13600136000 采购部", None),
        ("张三 13800138000 13900139000", None),
        ("3号楼张三", None),
        ("13800138000", None),
    ],
)
def test_a_name_and_a_number_in_one_cell(cell, split):
    from crm_desktop.services.importing.values import name_and_number

    assert name_and_number(cell) == split
