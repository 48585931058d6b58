"""A person's job title written in their name cell (赵六 经理, 王伟（销售经理）, 李娜/采购主管)
is the contact's 职位, and the name alone is the contact's and the card's 联络人; how
people are called (张经理, 王总) stays their name."""

from __future__ import annotations

import openpyxl
import pytest
from import_samples import write_xlsx

from crm_desktop.models import Contact, Customer
from crm_desktop.services import importing


def _import(actor, path, **kw) -> importing.ImportResult:
    return importing.run_import(actor, importing.open_source(actor, path), **kw)


def _cards() -> list[tuple[str, str]]:
    return [(c.name, c.contact_name) for c in Customer.select().order_by(Customer.id)]


def _people() -> list[tuple[str, str, str]]:
    query = Contact.select(Contact, Customer).join(Customer).order_by(Customer.id, Contact.id)
    return [(c.customer.name, c.name, c.title) for c in query]


def test_a_title_after_the_name_is_the_persons_title(admin, tmp_path):
    """A list with one 联系人 column (its first people made by the import's one
    statement): the card holds the name, the contact the name and the title; forms of
    address, a name with a number and several people are read as before."""
    rows = [
        ["甲公司", "赵六 经理"],
        ["乙公司", "王伟（销售经理）"],
        ["丙公司", "王伟(总经理)"],
        ["丁公司", "李娜/采购主管"],
        ["戊公司", "张三-财务"],
        ["己公司", "Smith (Purchasing Manager)"],
        ["庚公司", "欧阳娜娜（总经理，法人）"],
        ["辛公司", "张经理"],
        ["壬公司", "王总"],
        ["癸公司", "孙七"],
    ]
    result = _import(admin, write_xlsx(tmp_path / "l.xlsx", rows, ["客户名称", "联系人"]))
    assert (result.created, result.rejected, result.contacts) == (10, 0, 10)
    assert _cards() == [
        ("甲公司", "赵六"),
        ("乙公司", "王伟"),
        ("丙公司", "王伟"),
        ("丁公司", "李娜"),
        ("戊公司", "张三"),
        ("己公司", "Smith"),
        ("庚公司", "欧阳娜娜"),
        ("辛公司", "张经理"),
        ("壬公司", "王总"),
        ("癸公司", "孙七"),
    ]
    assert _people() == [
        ("甲公司", "赵六", "经理"),
        ("乙公司", "王伟", "销售经理"),
        ("丙公司", "王伟", "总经理"),
        ("丁公司", "李娜", "采购主管"),  # one person, not 李娜 and 采购主管
        ("戊公司", "张三", "财务"),
        ("己公司", "Smith", "Purchasing Manager"),
        ("庚公司", "欧阳娜娜", "总经理，法人"),
        ("辛公司", "张经理", ""),
        ("壬公司", "王总", ""),
        ("癸公司", "孙七", ""),
    ]
    assert Contact.select().where(Contact.is_primary).count() == 10
    assert result.notes == []


def test_a_number_and_several_people_are_read_as_before_beside_titles(admin, tmp_path):
    rows = [
        ["甲公司", "张三 13800138000"],
        ["乙公司", "张三、李四"],
        ["丙公司", "王总/李工"],
        ["丁公司", "赵六 经理 13700137000"],
        ["戊公司", "张三（经理）、李四（会计）"],
    ]
    _import(admin, write_xlsx(tmp_path / "l.xlsx", rows, ["客户名称", "联系人"]))
    cards = [(c.contact_name, c.contact_phone) for c in Customer.select().order_by(Customer.id)]
    assert cards == [
        ("张三", "13800138000"),
        ("张三、李四", ""),
        ("王总/李工", ""),
        ("赵六", "13700137000"),
        ("张三（经理）、李四（会计）", ""),
    ]
    query = Contact.select(Contact, Customer).join(Customer).order_by(Customer.id, Contact.id)
    assert [(c.customer.name, c.name, c.title, c.phone) for c in query] == [
        ("甲公司", "张三", "", "13800138000"),
        ("乙公司", "张三", "", ""),
        ("乙公司", "李四", "", ""),
        ("丙公司", "王总", "", ""),
        ("丙公司", "李工", "", ""),
        ("丁公司", "赵六", "经理", "13700137000"),
        ("戊公司", "张三", "经理", ""),
        ("戊公司", "李四", "会计", ""),
    ]


def test_the_lists_own_title_wins(admin, tmp_path, monkeypatch):
    """A 职位 column's value is the person's title; the cell's name is the name alone all
    the same, and a title of its own that differs is kept in the remarks. Without a value
    there, the cell's title is the person's."""
    monkeypatch.setenv("CRM_DESKTOP_LANG", "zh_CN")
    rows = [
        ["甲公司", "王伟（销售经理）", "销售总监", "13800138000"],
        ["乙公司", "赵六 经理", "", "13900139000"],
        ["丙公司", "张经理", "采购", ""],
    ]
    headers = ["客户名称", "联系人", "职位", "手机"]
    _import(admin, write_xlsx(tmp_path / "l.xlsx", rows, headers))
    assert [c for _n, c in _cards()] == ["王伟", "赵六", "张经理"]
    assert _people() == [
        ("甲公司", "王伟", "销售总监"),
        ("乙公司", "赵六", "经理"),
        ("丙公司", "张经理", "采购"),
    ]
    remarks = {c.name: c.remarks for c in Customer.select()}
    assert remarks == {"甲公司": "联系人（原值）：王伟（销售经理）", "乙公司": "", "丙公司": ""}


def test_a_second_persons_title_in_their_own_name_column(admin, tmp_path):
    rows = [
        ["甲公司", "张三", "李娜/采购主管", ""],
        ["乙公司", "赵六 经理", "王伟(总经理)", "董事长"],
        ["丙公司", "孙七", "王总", ""],
    ]
    headers = ["客户名称", "联系人", "联系人2", "职位2"]
    _import(admin, write_xlsx(tmp_path / "l.xlsx", rows, headers))
    assert [c for _n, c in _cards()] == ["张三", "赵六", "孙七"]
    assert _people() == [
        ("甲公司", "张三", ""),
        ("甲公司", "李娜", "采购主管"),
        ("乙公司", "赵六", "经理"),
        ("乙公司", "王伟", "董事长"),  # its own 职位2 wins
        ("丙公司", "孙七", ""),
        ("丙公司", "王总", ""),
    ]


def test_the_preview_shows_the_name_and_the_title_apart(admin, tmp_path):
    rows = [["甲公司", "赵六 经理"], ["乙公司", "王总"]]
    path = write_xlsx(tmp_path / "l.xlsx", rows, ["客户名称", "联系人"])
    checks = importing.preview(admin, importing.open_source(admin, path))
    assert [c.values["contact_name"] for c in checks] == ["赵六", "王总"]
    assert [[(p["name"], p.get("title", "")) for p in c.contacts] for c in checks] == [
        [("赵六", "经理")],
        [("王总", "")],
    ]


def test_an_update_gives_the_card_the_person_with_the_title(admin, tmp_path):
    _import(admin, write_xlsx(tmp_path / "a.xlsx", [["甲公司", ""]], ["客户名称", "联系人"]))
    rows = [["甲公司", "李娜/采购主管"]]
    result = _import(
        admin,
        write_xlsx(tmp_path / "b.xlsx", rows, ["客户名称", "联系人"]),
        on_duplicate="update",
    )
    assert result.updated == 1
    assert _cards() == [("甲公司", "李娜")]
    assert _people() == [("甲公司", "李娜", "采购主管")]


def test_people_rows_under_a_merged_name_and_a_people_sheet(admin, tmp_path):
    """A person's row under its customer's merged name, and a 联系人 sheet's rows, read
    their name cells the same way."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "客户"
    ws.append(["客户名称", "联系人", "手机"])
    ws.append(["甲公司", "张三 总经理", "13800138000"])
    ws.append([None, "李四（采购经理）", "13900139000"])
    ws.merge_cells("A2:A3")
    ws.append(["乙公司", "王五", "13700137000"])
    people = wb.create_sheet("联系人")
    people.append(["所属客户", "联系人姓名", "手机"])
    people.append(["乙公司", "赵六/财务", "13600136000"])
    wb.save(tmp_path / "m.xlsx")
    result = _import(admin, tmp_path / "m.xlsx")
    assert (result.created, result.rejected, result.people_rows) == (2, 0, [3])
    assert _cards() == [("甲公司", "张三"), ("乙公司", "王五")]
    query = Contact.select(Contact, Customer).join(Customer).order_by(Customer.id, Contact.id)
    assert [(c.customer.name, c.name, c.title, c.mobile) for c in query] == [
        ("甲公司", "张三", "总经理", "13800138000"),
        ("甲公司", "李四", "采购经理", "13900139000"),
        ("乙公司", "王五", "", "13700137000"),
        ("乙公司", "赵六", "财务", "13600136000"),
    ]


@pytest.mark.parametrize(
    ("cell", "split"),
    [
        ("赵六 经理", ("赵六", "经理")),
        ("王伟（销售经理）", ("王伟", "销售经理")),
        ("王伟(总经理)", ("王伟", "总经理")),
        ("李娜/采购主管", ("李娜", "采购主管")),
        ("张三-财务", ("张三", "财务")),
        ("张三：副总经理", ("张三", "副总经理")),
        ("刘强 总经理助理", ("刘强", "总经理助理")),
        ("王伟 华东区销售经理", ("王伟", "华东区销售经理")),
        ("欧阳娜娜（总经理，法人）", ("欧阳娜娜", "总经理，法人")),
        ("张经理（销售）", ("张经理", "销售")),
        ("Smith (Purchasing Manager)", ("Smith", "Purchasing Manager")),
        ("John Smith - CEO", ("John Smith", "CEO")),
        ("张经理", None),
        ("王总", None),
        ("李工", None),
        ("陈老师", None),
        ("张三 13800138000", None),
        ("张三、李四", None),
        ("王总/李工", None),
        ("张经理/李经理", None),  # two people, each called by surname and title
        ("李娜/张伟经理", None),
        ("张三 李四", None),
        ("钱五 采购部", None),
        ("采购部 经理", None),
        ("销售 经理", None),
        ("Sales Manager", None),
        ("Mary-Jane Smith", None),
    ],
)
def test_a_name_and_a_title_in_one_cell(cell, split):
    from crm_desktop.services.importing.values import person_and_title

    assert person_and_title(cell) == split
