"""Names in pinyin order on both backends: the same first page on SQLite, on the test
PostgreSQL database and on a PostgreSQL database whose own collation is ICU Chinese,
polyphonic place names (长沙, 重庆) included."""

from __future__ import annotations

import psycopg2
import pytest
from conftest import PG_URL

from crm_desktop.models import close_database, database, open_database
from crm_desktop.services.auth import get_actor
from crm_desktop.services.customers import CustomerQuery, create_customer, list_customers

pytestmark = pytest.mark.skipif(not PG_URL, reason="needs CRM_TEST_DB_URL (PostgreSQL)")

ICU_DB = "crm_pg_test_icu"
NAMES = (
    "上海长宁贸易",
    "东莞重工机械",
    "重庆长安商行",
    "长沙银行支行",
    "厦门乐山科技",
    "蚌埠行知商贸",
    "北京朝阳科技",
    "阿里巴巴",
    "ACME Trading",
    "acme trading",
    "123 科技商行",
    "长春一汽",
    "成都重工",
    "Zeta 贸易",
    "深圳华强",
)


def _server(db: str) -> str:
    return PG_URL.rsplit("/", 1)[0] + "/" + db


def _admin_sql(sql: str) -> None:
    con = psycopg2.connect(_server("postgres"))
    con.autocommit = True
    with con.cursor() as cursor:
        cursor.execute(sql)
    con.close()


@pytest.fixture
def icu_url():
    """A database whose default collation is ICU zh-CN (a non-byte order); dropped after."""
    _admin_sql(f"DROP DATABASE IF EXISTS {ICU_DB} WITH (FORCE)")
    _admin_sql(
        f"CREATE DATABASE {ICU_DB} LOCALE_PROVIDER icu ICU_LOCALE 'zh-CN' LOCALE 'C.UTF-8' "
        "TEMPLATE template0"
    )
    yield _server(ICU_DB)
    close_database()
    database.initialize(None)
    _admin_sql(f"DROP DATABASE IF EXISTS {ICU_DB} WITH (FORCE)")


def _pages(target) -> dict[str, list[str]]:
    """The first page of twelve names, ascending and descending, on a fresh database."""
    open_database(target)
    try:
        admin = get_actor("admin")
        for name in NAMES:
            create_customer(admin, {"name": name})
        return {
            way: [
                r.name
                for r in list_customers(
                    admin, CustomerQuery(sort="name", descending=way == "desc"), 0, 12
                ).rows
            ]
            for way in ("asc", "desc")
        }
    finally:
        close_database()


def test_first_page_in_pinyin_order_is_the_same_on_every_backend(db, tmp_path, icu_url):
    """Latin and digits first, then 长沙 (chang) before 重庆 (chong), 东莞 and 上海 —
    on SQLite, on PostgreSQL, and on PostgreSQL under an ICU Chinese collation."""
    on_postgres = _pages(PG_URL)
    on_icu = _pages(icu_url)
    on_sqlite = _pages(tmp_path / "pinyin.db")
    assert on_sqlite == on_postgres == on_icu
    first = on_sqlite["asc"]
    assert first[:3] == ["123 科技商行", "ACME Trading", "acme trading"]
    order = [n for n in first if n[:2] in ("长沙", "重庆", "东莞", "长春")]
    assert order == ["长春一汽", "长沙银行支行", "重庆长安商行", "东莞重工机械"]
    assert on_sqlite["desc"][:3] == ["厦门乐山科技", "深圳华强", "上海长宁贸易"]
