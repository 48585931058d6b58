"""A customer's several people on rows under its name, merged down over them."""

from __future__ import annotations

import pytest
from import_samples import write_merged_people, write_xlsx

from crm_desktop.models import Contact, Customer
from crm_desktop.services import importing


def _people(name: str) -> list[tuple[str, str, str]]:
    card = Customer.get(Customer.name == name)
    contacts = Contact.select().where(Contact.customer == card).order_by(Contact.id)
    return [(c.name, c.title, c.mobile or c.phone) for c in contacts]


def test_the_rows_under_a_merged_name_are_people_of_that_customer(admin, tmp_path):
    """李四 and 王五 (their rows' 客户名称 empty under the merged cell) are contacts of
    杭州华夏, 孙八 of 苏州精工: no row rejected, no card made of them, and the user is told."""
    path = write_merged_people(tmp_path / "联系人.xlsx")
    result = importing.run_import(admin, importing.open_source(admin, path))
    assert (result.created, result.rejected, result.skipped) == (3, 0, 0)
    assert result.people_rows == [4, 5, 8]
    assert _people("杭州华夏科技有限公司") == [
        ("张三", "总经理", "13800138000"),
        ("李四", "采购经理", "13900139000"),
        ("王五", "财务主管", "13700137000"),
    ]
    assert [p[0] for p in _people("苏州精工机械有限公司")] == ["钱七", "孙八"]
    card = Customer.get(Customer.name == "杭州华夏科技有限公司")
    assert card.contact_name == "张三" and card.remarks == "重点客户，年采购额约300万"
    said = "\n".join(result.warnings)
    assert "3 row(s) with no customer name" in said and "rows 4, 5, 8" in said


def test_the_preview_shows_them_as_people_of_the_row_above(admin, tmp_path):
    path = write_merged_people(tmp_path / "联系人.xlsx")
    source = importing.open_source(admin, path, preview_rows=50)
    checks = importing.preview(admin, source, 50)
    assert [(c.row_number, c.status) for c in checks] == [
        (3, "new"), (4, "person"), (5, "person"), (6, "new"), (7, "new"), (8, "person"),
    ]  # fmt: skip
    assert checks[1].duplicate_reason == "another person of the customer of row 3: 李四"


@pytest.mark.parametrize("policy", ["update", "new"])
def test_people_rows_follow_their_customer_whatever_the_duplicates_policy(admin, tmp_path, policy):
    """Imported again: with update the people already there are not added twice; with
    new, the new cards get them. The people's rows never become cards of their own."""
    path = write_merged_people(tmp_path / "联系人.xlsx")
    importing.run_import(admin, importing.open_source(admin, path))
    again = importing.run_import(admin, importing.open_source(admin, path), on_duplicate=policy)
    assert again.rejected == 0 and again.people_rows == [4, 5, 8]
    if policy == "update":
        assert Customer.select().count() == 3 and Contact.select().count() == 6
    else:
        assert again.created == 3 and Customer.select().count() == 6
        assert Contact.select().count() == 12


def test_people_of_a_skipped_customer_are_skipped_with_it(admin, tmp_path):
    """The customer is in the database already and the import skips it: its people's rows
    are skipped too, each saying whose they are."""
    path = write_merged_people(tmp_path / "联系人.xlsx")
    importing.run_import(admin, importing.open_source(admin, path))
    again = importing.run_import(admin, importing.open_source(admin, path))
    assert again.created == 0 and again.people_rows == []
    reasons = dict(again.skipped_rows)
    assert "customer of row 3, which was not imported" in reasons[4]
    assert Contact.select().count() == 6


def test_a_row_without_a_name_that_holds_more_than_a_person_is_still_refused(admin, tmp_path):
    """A row with no name but an address (or under a blank row) is not taken for the
    customer above's: it is refused for its missing name, as before."""
    rows = [
        ["华东贸易有限公司", "张三", "13800138000", "杭州"],
        [None, "李四", "13900139000", "宁波"],  # an address of its own
        [None, None, None, None],
        [None, "王五", "13700137000", None],  # under a blank row
    ]
    path = write_xlsx(tmp_path / "a.xlsx", rows, headers=["客户名称", "联系人", "手机", "地址"])
    result = importing.run_import(admin, importing.open_source(admin, path))
    assert result.created == 1 and result.rejected == 2 and result.people_rows == []


@pytest.mark.parametrize("name", ["merged_people.xls", "merged_people.ods"])
def test_merged_people_saved_by_an_office_suite(admin, name):
    """The list saved by LibreOffice as .xls and .ods: its merged cells read as empty
    under their first row there too."""
    from pathlib import Path

    path = Path(__file__).parent.parent / "data" / "import" / name
    result = importing.run_import(admin, importing.open_source(admin, path))
    assert (result.created, result.rejected, result.people_rows) == (3, 0, [4, 5, 8])
    assert [p[0] for p in _people("杭州华夏科技有限公司")] == ["张三", "李四", "王五"]
