"""Duplicates of an import: credit codes that differ are two customers, and each number
of a phone cell is a key of its own.

Sister companies on one switchboard, a branch with its own 统一社会信用代码, two people
called 王伟 with their ID numbers: a shared phone or name does not make them one
customer, in the file or against the cards already there, in the preview as in the
import. A cell holding "0574-86881234;0574-86887777" matches a card with either number.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from import_samples import write_xlsx

from crm_desktop.models import Customer
from crm_desktop.services import importing
from crm_desktop.services.validation import uscc_check_char

HEADERS = ["客户名称", "统一社会信用代码", "电话", "联系人"]


def _uscc(body: str) -> str:
    return body + uscc_check_char(body)


WUJIN = _uscc("91441900MA4UABC01")  # 东莞市宏达五金制品有限公司
SUJIAO = _uscc("91441900MA4UABC02")  # 东莞市宏达塑胶制品有限公司
HUAQIANG = _uscc("91440300MA5XXX004")  # 华强电子有限公司
BRANCH = _uscc("91440101MA5CXY003")  # 华强电子广州分公司
SWITCHBOARD = "0769-85001234"
# a card of the 税务登记证号 the credit code replaced (region, organisation code): the
# same company as its 统一社会信用代码, which holds the organisation code after its 8th
OLD_TAX_NO = "440300723001235"
NEW_CODE = _uscc("91440300723001235")

SISTERS = [
    ["东莞市宏达五金制品有限公司", WUJIN, SWITCHBOARD, "李经理"],
    ["东莞市宏达塑胶制品有限公司", SUJIAO, SWITCHBOARD, "黄总"],
    ["华强电子有限公司", HUAQIANG, "020-88886666", "张三"],
    ["华强电子广州分公司", BRANCH, "020-88886666", "李四"],
    # no credit code: the switchboard's first customer, as before
    ["宏达五金", "", SWITCHBOARD, "王五"],
]


def _import(actor, path: Path, **kw) -> importing.ImportResult:
    return importing.run_import(actor, importing.open_source(actor, path), **kw)


def _taxes() -> dict[str, str]:
    return {c.name: c.tax_id for c in Customer.select().where(Customer.deleted_at.is_null())}


def test_sister_companies_on_one_switchboard_stay_two(admin, tmp_path):
    path = write_xlsx(tmp_path / "sisters.xlsx", SISTERS, headers=HEADERS)
    result = _import(admin, path)
    assert (result.created, result.skipped, result.rejected) == (4, 1, 0)
    assert _taxes() == {
        "东莞市宏达五金制品有限公司": WUJIN,
        "东莞市宏达塑胶制品有限公司": SUJIAO,
        "华强电子有限公司": HUAQIANG,
        "华强电子广州分公司": BRANCH,
    }
    # the row without a code is the switchboard's first customer (row 2), as before
    assert [number for number, _why in result.skipped_rows] == [6]
    assert "第2行" in result.skipped_rows[0][1] or "row 2" in result.skipped_rows[0][1]


@pytest.mark.parametrize("policy", ["skip", "update"])
def test_a_card_with_another_credit_code_is_not_matched_by_phone_or_name(admin, tmp_path, policy):
    first = [
        ["东莞市宏达五金制品有限公司", WUJIN, SWITCHBOARD, "李经理"],
        ["深圳老字号贸易有限公司", OLD_TAX_NO, "0755-11112222", "陈静"],
    ]
    _import(admin, write_xlsx(tmp_path / "first.xlsx", first, headers=HEADERS))
    rows = [
        ["东莞市宏达塑胶制品有限公司", SUJIAO, SWITCHBOARD, "黄总"],  # the phone
        ["东莞市宏达五金制品有限公司", HUAQIANG, "0769-85009999", "张三"],  # the name
        ["宏达五金（新号）", WUJIN, "0769-85005555", "李经理"],  # its own code: the card
        ["深圳老字号贸易有限公司", NEW_CODE, "0755-11112222", "陈静"],  # the same company
    ]
    path = write_xlsx(tmp_path / "second.xlsx", rows, headers=HEADERS)
    result = _import(admin, path, on_duplicate=policy)
    assert (result.created, result.rejected) == (2, 0)
    assert (result.updated, result.skipped) == ((2, 0) if policy == "update" else (0, 2))
    cards = Customer.select().where(Customer.tax_id == WUJIN)
    assert [c.phone for c in cards] == ["0769-85005555" if policy == "update" else SWITCHBOARD]
    old = NEW_CODE if policy == "update" else OLD_TAX_NO
    assert sorted(c.tax_id for c in Customer.select()) == sorted([WUJIN, SUJIAO, HUAQIANG, old])


def test_two_people_of_one_name_with_their_id_numbers_stay_two(admin, tmp_path):
    rows = [
        ["王伟", "440301800101123", "13800138000", ""],  # 15-digit ID numbers
        ["王伟", "440301850505456", "13900139000", ""],
        ["王伟", "440301800101123", "13700137000", ""],  # the first one again
    ]
    result = _import(admin, write_xlsx(tmp_path / "people.xlsx", rows, headers=HEADERS))
    assert (result.created, result.skipped) == (2, 1)
    assert sorted(c.tax_id for c in Customer.select()) == ["440301800101123", "440301850505456"]
    # and against the cards: a third 王伟 with his own number is a third customer
    third = [["王伟", "440301900909789", "13600136000", ""]]
    result = _import(admin, write_xlsx(tmp_path / "third.xlsx", third, headers=HEADERS))
    assert (result.created, result.skipped) == (1, 0)


def test_the_preview_and_a_dry_run_count_as_the_import(admin, tmp_path):
    path = write_xlsx(tmp_path / "sisters.xlsx", SISTERS, headers=HEADERS)
    checks = importing.preview(admin, importing.open_source(admin, path))
    assert [c.status for c in checks] == ["new", "new", "new", "new", "duplicate"]
    dry = _import(admin, path, dry_run=True)
    assert (dry.created, dry.skipped) == (4, 1)
    # against the cards: the sister company is new in the preview as in the import
    _import(admin, write_xlsx(tmp_path / "one.xlsx", SISTERS[:1], headers=HEADERS))
    checks = importing.preview(admin, importing.open_source(admin, path))
    assert [c.status for c in checks] == ["duplicate", "new", "new", "new", "duplicate"]
    result = _import(admin, path)
    assert (result.created, result.skipped) == (3, 2)


def test_each_number_of_a_phone_cell_is_a_key(admin, tmp_path):
    cards = [
        ["宁波甲公司", "", "0574-86887777", ""],
        ["深圳乙公司", "", "0755-28780808", ""],
        ["丙公司", "", "13800138000、13900139000", ""],  # a card of two numbers
        ["丁公司", "", "0755-8888 6666", ""],  # one number written with a space
    ]
    _import(admin, write_xlsx(tmp_path / "cards.xlsx", cards, headers=HEADERS))
    rows = [
        ["宁波甲（总机）", "", "0574-86881234;0574-86887777", ""],
        ["深圳乙（销售部）", "", "13700137000/0755 2878 0808", ""],
        ["丙公司采购", "", "13900139000", ""],
        ["丁公司（分部）", "", "13600136000 , 0755-88886666", ""],
        ["戊公司", "", "13500135000；0769-22334455", ""],
        ["戊公司仓库", "", "0769 2233 4455", ""],  # the row above's second number
        ["己公司", "", "0755-8888 6666 801", ""],  # an extension: one number, no card's
    ]
    path = write_xlsx(tmp_path / "rows.xlsx", rows, headers=HEADERS)
    result = _import(admin, path)
    assert (result.created, result.skipped) == (2, 5)
    assert [number for number, _why in result.skipped_rows] == [2, 3, 4, 5, 7]
    assert "C000001" in result.skipped_rows[0][1]  # 宁波甲公司
    assert "C000002" in result.skipped_rows[1][1]  # 深圳乙公司
    assert "C000003" in result.skipped_rows[2][1]  # 丙公司
    assert "C000004" in result.skipped_rows[3][1]  # 丁公司


def test_individuals_of_one_name_are_told_apart_by_their_id_numbers(admin, tmp_path):
    """A car dealer's list of people (个人客户): 身份证号码 is each one's tax ID, so two
    people called 王伟 are two customers; a mistyped ID number is kept in the remarks with
    a warning, its customer imported."""
    rows = [
        ["王伟", "男", "11010519491231002X", "13800000001", "深圳市南山区桃源村1栋"],
        ["王伟", "男", "440305198001010013", "13800000003", "广州市天河区棠下"],
        ["张伟", "男", "440305197504040049", "13800000004", "深圳市宝安区西乡"],
    ]
    headers = ["客户姓名", "性别", "身份证号码", "联系电话", "住址"]
    path = write_xlsx(tmp_path / "车主.xlsx", rows, headers=headers)
    result = importing.run_import(admin, importing.open_source(admin, path))
    assert (result.created, result.skipped, result.rejected) == (3, 0, 0)
    cards = sorted((c.name, c.tax_id, c.address) for c in Customer.select())
    assert cards == [
        ("张伟", "", "深圳市宝安区西乡"),
        ("王伟", "11010519491231002X", "深圳市南山区桃源村1栋"),
        ("王伟", "440305198001010013", "广州市天河区棠下"),
    ]
    zhang = Customer.get(Customer.name == "张伟")
    assert "440305197504040049" in zhang.remarks
    assert [n.value for n in result.notes] == ["440305197504040049"]
