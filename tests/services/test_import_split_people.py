"""A 联系人 cell naming several people: 张三、李四, 王总/李工."""

from __future__ import annotations

import pytest
from import_samples import write_xlsx

from crm_desktop.models import Contact, Customer
from crm_desktop.services import importing
from crm_desktop.services.importing.values import split_people


def _people(name: str) -> list[tuple[str, str, str, bool]]:
    card = Customer.get(Customer.name == name)
    rows = Contact.select().where(Contact.customer == card).order_by(Contact.id)
    return [(c.name, c.mobile or c.phone, c.email, bool(c.is_primary)) for c in rows]


def test_a_cell_of_several_people_gives_a_contact_each(admin, tmp_path):
    """The card's own columns alone (made by the import's one statement otherwise): 张三、李四
    with 13800138000、13900139000 are two people, the first primary; the card keeps what
    the list wrote."""
    rows = [
        ["杭州华夏科技有限公司", "张三、李四", "13800138000、13900139000"],
        ["宁波海天贸易有限公司", "赵六", "13800138001"],
        ["苏州精工机械有限公司", "王总/李工", "13800138002 / 13900139002"],
    ]
    path = write_xlsx(tmp_path / "a.xlsx", rows, headers=["客户名称", "联系人", "联系电话"])
    result = importing.run_import(admin, importing.open_source(admin, path))
    assert result.created == 3
    assert [(p[0], p[1], p[3]) for p in _people("杭州华夏科技有限公司")] == [
        ("张三", "13800138000", True), ("李四", "13900139000", False),
    ]  # fmt: skip
    assert [p[0] for p in _people("苏州精工机械有限公司")] == ["王总", "李工"]
    assert [p[0] for p in _people("宁波海天贸易有限公司")] == ["赵六"]
    card = Customer.get(Customer.name == "杭州华夏科技有限公司")
    assert card.contact_name == "张三、李四"
    # imported again as an update: nobody twice
    importing.run_import(admin, importing.open_source(admin, path), on_duplicate="update")
    assert Contact.select().count() == 5


def test_several_people_with_their_own_details(admin, tmp_path):
    """With 职务, 手机 and 邮箱 columns (people made row by row): each detail split the same
    way goes to its person; one that does not split is the first person's."""
    rows = [["杭州华夏科技有限公司", "张三；李四", "经理", "13800138000；13900139000",
             "zs@a.com; ls@a.com"]]  # fmt: skip
    path = write_xlsx(
        tmp_path / "a.xlsx", rows, headers=["客户名称", "联系人", "职务", "手机", "邮箱"]
    )
    importing.run_import(admin, importing.open_source(admin, path))
    card = Customer.get()
    people = Contact.select().where(Contact.customer == card).order_by(Contact.id)
    assert [(c.name, c.title, c.mobile, c.email) for c in people] == [
        ("张三", "经理", "13800138000", "zs@a.com"),
        ("李四", "", "13900139000", "ls@a.com"),
    ]


def test_a_second_persons_cell_naming_several_people_gives_a_contact_each(admin, tmp_path):
    """联系人2 with 李四、王五 and 13900139000 / 13700137000 (a CRM's export joins a
    card's other people so): a contact each with their own number, not one person
    called 李四、王五; the card's first person is as before."""
    rows = [
        ["宁波海港物流有限公司", "张三", "13800138000", "李四、王五", "13900139000 / 13700137000"],
        ["杭州西子科技有限公司", "赵六", "13600136000", "钱七（财务）", "13500135000"],
    ]
    headers = ["客户名称", "联系人", "手机", "联系人2", "联系人2电话"]
    path = write_xlsx(tmp_path / "a.xlsx", rows, headers=headers)
    result = importing.run_import(admin, importing.open_source(admin, path))
    assert (result.created, result.rejected, result.contacts) == (2, 0, 5)
    assert _people("宁波海港物流有限公司") == [
        ("张三", "13800138000", "", True),
        ("李四", "13900139000", "", False),
        ("王五", "13700137000", "", False),
    ]
    second = Contact.get(Contact.name == "钱七")
    assert (second.title, second.phone) == ("财务", "13500135000")


@pytest.mark.parametrize("name", ["Smith, John", "张三", "张三/", "欧阳娜娜（总经理，法人）"])
def test_one_persons_name_is_not_split(name):
    assert split_people({"name": name, "mobile": "13800138000/13900139000"}) is None


def test_people_a_line_each_in_one_cell_are_a_contact_each(admin, tmp_path):
    """Alt+Enter in Excel: 张三⏎李四 with 13800138000⏎13900139000 are two people, not one
    called 张三李四; a line that goes with the one above (a bracket, a title, a number)
    stays that person's; a company name broken over two lines is still one name."""
    rows = [
        ["杭州华夏科技\n有限公司", "张三\n李四", "13800138000\n13900139000"],
        ["宁波海天贸易有限公司", "王建国\n（总经理）", "13800138001"],
        ["苏州精工机械有限公司", "赵六\r\n经理", "13800138002"],
        ["温州东方鞋业有限公司", "孙七 \n 周八\n吴九", ""],
    ]
    path = write_xlsx(tmp_path / "lines.xlsx", rows, headers=["客户名称", "联系人", "联系电话"])
    result = importing.run_import(admin, importing.open_source(admin, path))
    assert (result.created, result.rejected) == (4, 0)
    assert [(p[0], p[1]) for p in _people("杭州华夏科技有限公司")] == [
        ("张三", "13800138000"), ("李四", "13900139000"),
    ]  # fmt: skip
    assert Customer.get(Customer.name == "杭州华夏科技有限公司").contact_name == "张三、李四"
    titles = {c.name: c.title for c in Contact.select()}
    assert titles["王建国"] == "总经理" and titles["赵六"] == "经理"
    assert [p[0] for p in _people("温州东方鞋业有限公司")] == ["孙七", "周八", "吴九"]


def test_a_name_and_its_number_on_two_lines_are_one_person(admin, tmp_path):
    """张三⏎13800138000 in a 联系人 cell, the list without a column of the person's phone."""
    rows = [["杭州华夏科技有限公司", "张三\n13800138000", "0571-88886666"]]
    path = write_xlsx(tmp_path / "n.xlsx", rows, headers=["客户名称", "联系人", "电话"])
    assert importing.run_import(admin, importing.open_source(admin, path)).created == 1
    card = Customer.get()
    assert (card.contact_name, card.contact_phone) == ("张三", "13800138000")
    assert [(p[0], p[1]) for p in _people("杭州华夏科技有限公司")] == [("张三", "13800138000")]
