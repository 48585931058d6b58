"""A foreign-trade company's lists name each customer twice: 中文名称 and 英文名称, or a
fair's exhibitor list's Company Name and 公司名称(中). The first is the card's name; a row
that fills only the other takes that one, and the other name beside a name is kept in
the remarks, never lost nor a reason to refuse the customer."""

from __future__ import annotations

import pytest
from import_samples import write_xlsx

from crm_desktop.models import Customer
from crm_desktop.services import importing
from crm_desktop.services.importing.headers import auto_map


@pytest.mark.parametrize(
    ("headers", "fields"),
    [
        (["中文名称", "英文名称"], ["name", "name_alt"]),
        (["公司英文名称", "公司中文名称"], ["name_alt", "name"]),
        (["Company Name", "公司名称(中)"], ["name", "name_alt"]),
        (["客户名称", "客户全称"], ["name", "name_alt"]),
        (["英文名称", "联系人"], ["name", "contact_name"]),  # the one name there is
        (["客户名称", "公司名称", "单位名称"], ["name", "name_alt", None]),
    ],
)
def test_the_second_name_column_is_the_other_name(headers, fields):
    assert [c.field for c in auto_map(headers)] == fields


def _cards() -> dict[str, str]:
    return {c.name: c.remarks for c in Customer.select().order_by(Customer.id)}


def test_a_row_with_only_its_english_name_is_a_customer_by_that_name(admin, tmp_path):
    rows = [
        [1, "宁波海天贸易有限公司", "Ningbo Haitian Trading Co., Ltd.", "李四", "13900139000"],
        [2, "", "Müller Maschinenbau GmbH", "Hans Müller", "+49 711 1234567"],
        [3, "温州东方鞋业有限公司", "/", "赵六", "13600136000"],
        [4, "", "", "钱七", "13500135000"],
    ]
    path = write_xlsx(
        tmp_path / "外贸客户.xlsx", rows, ["序号", "中文名称", "英文名称", "联系人", "电话"]
    )
    result = importing.run_import(admin, importing.open_source(admin, path))
    assert (result.created, result.rejected) == (3, 0)
    assert result.people_rows == [5]  # no name at all, only a person: the customer's above
    assert _cards() == {
        "宁波海天贸易有限公司": "英文名称: Ningbo Haitian Trading Co., Ltd.",
        "Müller Maschinenbau GmbH": "",
        "温州东方鞋业有限公司": "",
    }


def test_an_exhibitor_list_fills_its_english_names_first(admin, tmp_path, monkeypatch):
    monkeypatch.setenv("CRM_DESKTOP_LANG", "zh_CN")
    rows = [
        ["ACME Tools Ltd.", "", "United Kingdom", "Sarah O'Connor"],
        ["", "上海振华重工（集团）股份有限公司", "中国", "刘振华"],
        ["Bosch Rexroth AG", "博世力士乐", "Germany", "Jan Weber"],
    ]
    path = write_xlsx(
        tmp_path / "展商名单.xlsx",
        rows,
        ["Company Name", "公司名称(中)", "Country/Region", "Contact Person"],
        title="2024汉诺威工业展 展会客户名单",
    )
    result = importing.run_import(admin, importing.open_source(admin, path))
    assert (result.created, result.rejected) == (3, 0)
    assert _cards() == {
        "ACME Tools Ltd.": "",
        "上海振华重工（集团）股份有限公司": "",
        "Bosch Rexroth AG": "公司名称(中)：博世力士乐",
    }
