"""A workbook's sheet of the customers' people (联系人), filed under their cards."""

from __future__ import annotations

import openpyxl
import pytest
from conftest import PG_URL, _reset_postgres
from import_samples import write_merged_people

from crm_desktop.jobs.export import export_customers
from crm_desktop.models import Contact, Customer, close_database, database, open_database
from crm_desktop.services import importing
from crm_desktop.services.auth import get_actor


def _people() -> set[tuple[str, str, str, str]]:
    rows = Contact.select(Contact, Customer).join(Customer).where(Contact.deleted_at.is_null())
    return {(c.customer.name, c.name, c.title, c.mobile) for c in rows}


def _fresh_database(tmp_path):
    close_database()
    database.initialize(None)
    if PG_URL:
        _reset_postgres(PG_URL)
        open_database(PG_URL)
    else:
        open_database(tmp_path / "other.db")
    return get_actor("admin")


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_an_export_imported_elsewhere_keeps_every_person(admin, tmp_path, lang):
    """Customers with several people, exported (a 客户 sheet and a 联系人 sheet) and
    imported into another database: every person comes back under their customer, the
    first one with the title and mobile the 联系人 sheet gives."""
    importing.run_import(
        admin, importing.open_source(admin, write_merged_people(tmp_path / "a.xlsx"))
    )
    before = _people()
    assert len(before) == 6
    out = export_customers(admin, tmp_path / "out.xlsx", lang=lang).path
    admin = _fresh_database(tmp_path)
    source = importing.open_source(admin, out)
    assert (source.other_lists, source.people_sheets) == (
        [],
        ["联系人" if lang == "zh_CN" else "Contacts"],
    )
    result = importing.run_import(admin, source)
    assert result.created == 3
    assert _people() == before
    assert any("6" in w for w in result.warnings)


def _crm_export(path):
    """A CRM's export: 客户 with the first person's name, 联系人 with everyone's details,
    one of them naming a customer the list does not hold."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "客户"
    ws.append(["客户名称", "联系人", "电话", "地址"])
    ws.append(["成都天府软件有限公司", "刘洋", "028-85001234", "成都市高新区天府大道100号"])
    ws.append(["重庆山城贸易有限公司", "何静", "023-63001234", "重庆市渝中区解放碑8号"])
    people = wb.create_sheet("联系人")
    people.append(["所属客户", "联系人姓名", "职务", "手机", "邮箱"])
    people.append(["成都天府软件有限公司", "刘洋", "总经理", "13880001234", "liu@tianfu.cn"])
    people.append(["成都天府软件有限公司", "赵敏", "采购", "13880005678", ""])
    people.append(["重庆山城贸易有限公司", "何静", "", "13983001234", ""])
    people.append(["西安古城科技有限公司", "马超", "经理", "13991001234", ""])
    wb.save(path)
    return path


def test_a_crm_exports_people_sheet_fills_in_the_lists_people(admin, tmp_path):
    path = _crm_export(tmp_path / "crm.xlsx")
    source = importing.open_source(admin, path)
    assert source.people_sheets == ["联系人"] and source.other_lists == []
    result = importing.run_import(admin, source)
    assert result.created == 2
    assert _people() == {
        ("成都天府软件有限公司", "刘洋", "总经理", "13880001234"),
        ("成都天府软件有限公司", "赵敏", "采购", "13880005678"),
        ("重庆山城贸易有限公司", "何静", "", "13983001234"),
    }
    liu = Contact.get(Contact.name == "刘洋")
    assert liu.is_primary and liu.email == "liu@tianfu.cn"
    said = "\n".join(result.warnings)
    assert "Sheet '联系人'" in said and "1 row(s) name a customer" in said and "rows 5" in said


def test_people_of_customers_the_import_leaves_alone_are_not_added(admin, tmp_path):
    """Imported again with skip, the cards are left as they are, people included; with
    update, the people they lack are added."""
    path = _crm_export(tmp_path / "crm.xlsx")
    importing.run_import(admin, importing.open_source(admin, path))
    Contact.delete().where(Contact.name == "赵敏").execute()
    skipped = importing.run_import(admin, importing.open_source(admin, path))
    assert skipped.created == 0 and not Contact.select().where(Contact.name == "赵敏").exists()
    importing.run_import(admin, importing.open_source(admin, path), on_duplicate="update")
    assert Contact.select().where(Contact.name == "赵敏").count() == 1
    assert Contact.select().where(Contact.name == "刘洋").count() == 1


def test_a_people_sheet_beside_a_list_per_region(admin, tmp_path):
    """华东区 and 华南区 lists with one 联系人 sheet: --all-sheets files each person under
    the card of their region's import, and each import says which sheet's customers it
    filed them under, the rest being other sheets' people."""
    from crm_desktop.jobs.importing import import_all_sheets

    wb = openpyxl.Workbook()
    east = wb.active
    east.title = "华东区"
    for row in (["客户名称", "联系人"], ["杭州一号有限公司", "张三"], ["宁波二号有限公司", "李四"]):
        east.append(row)
    south = wb.create_sheet("华南区")
    for row in (["客户名称", "联系人"], ["广州三号有限公司", "王五"]):
        south.append(row)
    people = wb.create_sheet("联系人")
    for row in (["客户名称", "姓名", "职务", "手机"], ["杭州一号有限公司", "张三", "经理", "13800000001"],
                ["杭州一号有限公司", "赵六", "采购", "13800000002"],
                ["广州三号有限公司", "王五", "老板", "13800000003"]):  # fmt: skip
        people.append(row)
    wb.save(tmp_path / "各区.xlsx")
    done = import_all_sheets(admin, tmp_path / "各区.xlsx")
    assert [sheet for sheet, _one in done] == ["华东区", "华南区"]
    assert _people() == {
        ("杭州一号有限公司", "张三", "经理", "13800000001"),
        ("杭州一号有限公司", "赵六", "采购", "13800000002"),
        ("宁波二号有限公司", "李四", "", ""),
        ("广州三号有限公司", "王五", "老板", "13800000003"),
    }
    said = done[1][1].result.warnings
    assert "Sheet '联系人': 1 people filed under the customers of sheet '华南区'" in "\n".join(said)
