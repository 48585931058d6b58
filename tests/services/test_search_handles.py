"""The search box finds a customer by an email or a WeChat ID: the card's own email, its
contacts' emails and WeChat IDs, as typed, imported or brought by an older database."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from import_samples import write_xlsx
from search_check import assert_index_matches_documents

from crm_desktop.models import close_database, database, open_database, transaction
from crm_desktop.models.search_index import reindex_customers
from crm_desktop.services import customers as svc
from crm_desktop.services import importing, search
from crm_desktop.services.auth import get_actor
from crm_desktop.services.customers import CustomerQuery

DATA = Path(__file__).parent.parent / "data"


def _found(actor, text: str) -> list[str]:
    rows = svc.list_customers(actor, CustomerQuery(text=text), limit=1000).rows
    return sorted(r.name for r in rows)


def _why(actor, text: str, name: str, lang: str = "zh_CN") -> str:
    rows = svc.list_customers(actor, CustomerQuery(text=text), limit=1000).rows
    ids = [r.id for r in rows if r.name == name]
    return search.describe(search.match_reasons(text, ids).get(ids[0], ()), lang)


def _documents() -> list[tuple[int, str]]:
    return list(database.execute_sql("SELECT customer_id, doc FROM customer_search ORDER BY 1"))


def test_a_cards_email_and_its_contacts_email_and_wechat_find_it(admin):
    svc.create_customer(
        admin, {"name": "杭州华夏科技有限公司", "email": "sales@huaxia-tech.cn;ln@qq.com"}
    )
    svc.create_customer(admin, {"name": "宁波海港贸易有限公司", "email": "info@nbport.com"})
    wz = svc.create_customer(admin, {"name": "温州东方鞋业有限公司"})
    svc.add_contact(
        admin, wz.id, {"name": "王伟", "email": "wangwei@dongfang.com", "wechat": "wx_wang88"}
    )
    assert _found(admin, "ln@qq.com") == ["杭州华夏科技有限公司"]  # the second address
    assert _found(admin, "sales@huaxia") == ["杭州华夏科技有限公司"]
    assert _found(admin, "nbport") == ["宁波海港贸易有限公司"]
    assert _found(admin, "wangwei@dongfang.com") == ["温州东方鞋业有限公司"]
    assert _found(admin, "wx_wang88") == ["温州东方鞋业有限公司"]
    assert _found(admin, "WX_WANG88") == ["温州东方鞋业有限公司"]  # any case
    # the list says which field held it, in the user's language
    assert _why(admin, "ln@qq.com", "杭州华夏科技有限公司") == (
        "电子邮件：sales@huaxia-tech.cn;ln@qq.com"
    )
    assert _why(admin, "wx_wang88", "温州东方鞋业有限公司") == "联系人微信：wx_wang88"
    assert _why(admin, "wx_wang88", "温州东方鞋业有限公司", "en") == "Contact's WeChat: wx_wang88"
    assert _why(admin, "wangwei@dongfang", "温州东方鞋业有限公司") == (
        "联系人邮箱：wangwei@dongfang.com"
    )
    assert_index_matches_documents()


def test_edits_of_an_email_or_a_wechat_id_move_the_search(admin):
    card = svc.create_customer(admin, {"name": "台州明远机械有限公司", "email": "old@mingyuan.cn"})
    person = svc.add_contact(admin, card.id, {"name": "李娜", "wechat": "lina_old"})
    svc.update_customer(admin, card.id, {"email": "new@mingyuan.cn"})
    svc.update_contact(admin, person.id, {"wechat": "lina2026"})
    assert _found(admin, "old@mingyuan") == []
    assert _found(admin, "new@mingyuan") == ["台州明远机械有限公司"]
    assert _found(admin, "lina_old") == []
    assert _found(admin, "lina2026") == ["台州明远机械有限公司"]
    svc.delete_contact(admin, person.id)
    assert _found(admin, "lina2026") == []
    assert_index_matches_documents()


HEADERS = ["客户名称", "电子邮件", "联系人", "手机", "微信", "联系人2", "邮箱2", "微信2"]
ROWS = [
    ["杭州华夏科技有限公司", "sales@huaxia.cn", "张三", "13800138000", "zhang3_wx", "", "", ""],
    ["宁波海港贸易有限公司", "", "李四", "", "lisi-nb", "王五", "wangwu@nbport.com", "ww_88"],
    ["温州东方鞋业有限公司", "info@dongfang.cn", "孙七", "", "", "", "", ""],
    ["台州明远机械有限公司", "", "", "", "", "", "", ""],
]


@pytest.mark.parametrize("fax", [False, True], ids=["no-fax", "fax"])
def test_an_imported_lists_emails_and_wechat_ids_are_found(admin, tmp_path, fax):
    """The documents an import builds hold its people's emails and WeChat IDs, and are
    the ones a reindex builds (a person's mobile goes in the fax's empty place: with a
    fax, the card is indexed again after its people)."""
    headers, rows = list(HEADERS), [list(r) for r in ROWS]
    if fax:
        headers.append("传真")
        for k, row in enumerate(rows):
            row.append(f"0571-8888000{k}")
    path = write_xlsx(tmp_path / "list.xlsx", rows, headers)
    result = importing.run_import(admin, importing.open_source(admin, path))
    assert result.created == 4
    assert _found(admin, "zhang3_wx") == ["杭州华夏科技有限公司"]
    assert _found(admin, "sales@huaxia") == ["杭州华夏科技有限公司"]
    assert _found(admin, "lisi-nb") == ["宁波海港贸易有限公司"]
    assert _found(admin, "wangwu@nbport") == ["宁波海港贸易有限公司"]
    assert _found(admin, "ww_88") == ["宁波海港贸易有限公司"]
    assert _found(admin, "info@dongfang") == ["温州东方鞋业有限公司"]
    assert _found(admin, "13800138000") == ["杭州华夏科技有限公司"]
    written = _documents()
    with transaction():
        reindex_customers(None)
    assert _documents() == written
    assert_index_matches_documents()


def test_a_bulk_import_builds_the_documents_a_reindex_does(admin, tmp_path, monkeypatch):
    """Block by block, with the documents made beside the import (as for a long list)."""
    from crm_desktop.services.importing import writing

    monkeypatch.setattr(writing, "BLOCK", 50)
    monkeypatch.setattr(writing, "BULK_ROWS", 0)
    rows = []
    for k in range(300):
        wechat = f"wx{k:04d}" if k % 3 else ""
        email = f"p{k}@corp{k % 7}.com" if k % 2 else ""
        rows.append([f"测试客户{k:04d}有限公司", f"c{k}@co.cn" if k % 5 else "", f"联系人{k}",
                     f"139{k:08d}" if k % 4 else "", wechat, "", email, ""])  # fmt: skip
    path = write_xlsx(tmp_path / "long.xlsx", rows, HEADERS)
    result = importing.run_import(admin, importing.open_source(admin, path))
    assert result.created == 300
    assert _found(admin, "wx0299") == ["测试客户0299有限公司"]
    assert _found(admin, "c11@co.cn") == ["测试客户0011有限公司"]
    written = _documents()
    with transaction():
        reindex_customers(None)
    assert _documents() == written
    assert_index_matches_documents()


@pytest.mark.sqlite_only
def test_a_database_of_schema_22_finds_its_emails_and_wechat_ids_after_the_upgrade(tmp_path):
    path = tmp_path / "v22.db"
    con = sqlite3.connect(path)
    con.executescript((DATA / "schema_v22.sql").read_text(encoding="utf-8"))
    with con:
        con.execute("UPDATE customer SET email = 'buy@pudong.com' WHERE id = 2")
        con.execute("UPDATE contact SET wechat = 'liu_xm85' WHERE id = 1")
    con.close()
    open_database(path)
    try:
        actor = get_actor("admin")
        assert _found(actor, "buy@pudong") == ["上海浦东贸易有限公司"]
        assert _found(actor, "liu_xm85") == ["北京华科技术有限公司"]
        assert_index_matches_documents()
    finally:
        close_database()
        database.initialize(None)


def test_the_documents_say_what_customer_parts_says_with_the_email():
    """`documents` reads the card's email as `customer_parts` does, with texts after it."""
    from crm_desktop.search_text import customer_parts, documents, tokens_of

    rows = [
        (1, "北京华科", "BJ1", "", "010-1", "", "王伟", "139", "", "Wang.Wei@HuaKe.cn", ("wx_1",)),
        (2, "上海", "", "", "", "", "", "", "", "张三@公司.cn", ()),
        (3, "重庆", "", "", "", "", "", "", "", None, ("a@b.c", "a@b.c")),
    ]
    expected = []
    for row in rows:
        parts = customer_parts(row[:10], row[10])
        expected.append((row[0], " ".join(parts), tokens_of(parts)))
    assert documents(rows) == expected
    assert "wangweihuakecn" in expected[0][1].split(" ")
    assert "zhangsangongsi" in expected[1][1].split(" ")  # the Chinese of an address: pinyin
