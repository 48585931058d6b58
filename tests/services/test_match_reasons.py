"""Search hits say what matched when it is not the name: a contact, a phone, the code, pinyin."""

from __future__ import annotations

import pytest

from crm_desktop.services import customers as svc
from crm_desktop.services.custom_fields import definitions as custom_defs
from crm_desktop.services.customers import CustomerQuery
from crm_desktop.services.search import describe, match_reasons


@pytest.fixture
def found(admin):
    first = svc.create_customer(
        admin,
        {
            "name": "北京华科技术有限公司",
            "code": "BJ001",
            "phone": "010-62345678",
            "legal_rep": "赵大明",
        },
    ).id
    second = svc.create_customer(admin, {"name": "上海重庆贸易有限公司", "code": "SH002"}).id
    svc.add_contact(admin, second, {"name": "王建国", "mobile": "138 0013 8000"})
    return {"first": first, "second": second}


def _reasons(text: str, ids: list[int], lang: str = "zh_CN") -> dict[int, str]:
    return {cid: describe(r, lang) for cid, r in match_reasons(text, ids).items()}


@pytest.mark.parametrize(
    ("text", "who", "zh", "en"),
    [
        ("王建国", "second", "联系人：王建国", "Contact: 王建国"),
        ("wjg", "second", "联系人：王建国", "Contact: 王建国"),
        ("13800", "second", "联系人手机：138 0013 8000", "Contact's mobile: 138 0013 8000"),
        ("6234", "first", "电话：010-62345678", "Phone: 010-62345678"),
        ("bj001", "first", "客户代号：BJ001", "Customer code: BJ001"),
        ("赵大明", "first", "法定代表：赵大明", "Legal representative: 赵大明"),
        ("bjhk", "first", "名称拼音：bjhkjsyxgs", "Name in pinyin: bjhkjsyxgs"),
    ],
)
def test_reason_names_the_field_and_value(admin, found, text, who, zh, en):
    """A hit found by another field than its name says which field and what it holds."""
    page = svc.list_customers(admin, CustomerQuery(text=text))
    assert [r.id for r in page.rows] == [found[who]]
    ids = [r.id for r in page.rows]
    assert _reasons(text, ids) == {found[who]: zh}
    assert _reasons(text, ids, "en") == {found[who]: en}


def test_name_match_needs_no_reason(admin, found):
    """A hit whose name holds every word has no reason; each word not in the name has one."""
    assert match_reasons("科技", [found["first"]]) == {}
    told = _reasons("重庆 王建国", [found["second"]])
    assert told == {found["second"]: "联系人：王建国"}
    both = _reasons("wjg 13800", [found["second"]])
    assert both == {found["second"]: "联系人：王建国；联系人手机：138 0013 8000"}


def test_custom_text_field_is_a_reason(admin, found):
    """A custom text field that holds the word is named with its own label."""
    field = custom_defs.define_field(admin, "微信群", "WeChat group", "text")
    svc.update_customer(admin, found["first"], {field.name: "华北经销商群"})
    assert _reasons("华北经销", [found["first"]]) == {found["first"]: "微信群：华北经销商群"}


def test_only_the_given_page(admin, found):
    """Reasons are worked out for the ids asked for (the page on screen), no others."""
    assert match_reasons("wjg", [found["first"]]) == {}
    assert match_reasons("", [found["second"]]) == {}
    assert match_reasons("wjg", []) == {}
