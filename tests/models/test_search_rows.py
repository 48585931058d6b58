"""Schema 18: the search rows' copies of their customer's name key, liveness and owner
(PostgreSQL), filled by the upgrade and guarded by the team's rules; on SQLite the step
changes nothing but the version, and the name-ordered search still answers."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import psycopg2
import pytest
from conftest import PG_URL, drop_pg_roles
from psycopg2 import errors as pg_errors

from crm_desktop.models import Customer, User, close_database, database, open_database
from crm_desktop.models import pg_roles as roles
from crm_desktop.models import pg_security as sec
from crm_desktop.models.migrations import CURRENT_VERSION
from crm_desktop.models.search_index import reindex_customers
from crm_desktop.services.auth import get_actor
from crm_desktop.services.customers import (
    CustomerQuery,
    create_customer,
    delete_customer,
    list_customers,
)

DATA = Path(__file__).parent.parent / "data"
PREFIX = "crm_search_rows_"
needs_pg = pytest.mark.skipif(not PG_URL, reason="needs CRM_TEST_DB_URL (PostgreSQL)")

# step 18 taken away again: a team database as version 17 left it
TO_VERSION_17 = (
    "DROP TRIGGER customer_search_follow ON customer",
    "DROP TRIGGER customer_search_fill ON customer_search",
    "DROP TRIGGER customer_search_refill ON customer_search",  # step 22's, of the UPDATEs
    "DROP FUNCTION crm_search_follow()",
    "DROP FUNCTION crm_search_fill()",
    "ALTER TABLE customer_search DROP COLUMN name_key, DROP COLUMN live, DROP COLUMN owner_id",
    "ALTER TABLE customer_search ALTER COLUMN grams TYPE TEXT[] USING NULL",
    "UPDATE db_info SET value = '17' WHERE key = 'schema_version'",
)


def _grams() -> dict[int, list[int]]:
    """Each search row's bigram codes, sorted."""
    rows = database.execute_sql("SELECT customer_id, grams FROM customer_search").fetchall()
    return {cid: sorted(grams) for cid, grams in rows}


def _copies_differ() -> int:
    """How many search rows disagree with their customer."""
    return database.execute_sql(
        "SELECT count(*) FROM customer c JOIN customer_search s ON s.customer_id = c.id "
        "WHERE s.name_key <> c.name_key OR s.live <> (c.deleted_at IS NULL) "
        "OR s.owner_id IS DISTINCT FROM c.owner_id"
    ).fetchone()[0]


@pytest.mark.sqlite_only
def test_version_17_file_upgrades_and_searches_by_name(tmp_path):
    """The v17 fixture opens at today's version and a search sorted by name lists its
    live hits in name order, the deleted one only in the recycle bin."""
    path = tmp_path / "v17.db"
    con = sqlite3.connect(path)
    con.executescript((DATA / "schema_v17.sql").read_text(encoding="utf-8"))
    con.close()
    open_database(path)
    try:
        version = database.execute_sql(
            "SELECT value FROM db_info WHERE key = 'schema_version'"
        ).fetchone()[0]
        assert int(version) == CURRENT_VERSION
        admin = get_actor("admin")
        live = list_customers(admin, CustomerQuery(text="有限"))
        assert [r.code for r in live.rows] == ["C000001", "C000002"] and live.total == 2
        gone = list_customers(admin, CustomerQuery(text="有限", deleted=True))
        assert [r.code for r in gone.rows] == ["C000003"] and gone.total == 1
    finally:
        close_database()
        database.initialize(None)


@needs_pg
def test_upgrade_from_17_fills_the_copies(team):
    """A version-17 team database with live, deleted, owned and pool customers: the
    upgrade fills every search row's copies, installs the triggers and turns the text
    bigrams into the codes a reindex writes; the search then lists what the customers
    say."""
    admin = team["admin"]
    ids = [
        create_customer(admin, {"name": f"{n}科技有限公司", "owner": o}).id
        for n, o in (("乙", "sales1"), ("甲", "sales2"), ("丙", None), ("丁", "sales1"))
    ]
    odd = create_customer(admin, {"name": "\U00020000\U00030000行"}).id  # beyond the BMP
    delete_customer(admin, ids[3])
    codes = _grams()
    for sql in TO_VERSION_17:
        database.execute_sql(sql)
    with database.atomic():
        reindex_customers(name_keys=False)  # the bigrams as version 17 wrote them: texts
    assert database.execute_sql("SELECT grams FROM customer_search LIMIT 1").fetchone()[0][0]
    open_database(PG_URL)
    assert _copies_differ() == 0
    assert _grams() == codes  # converted in SQL as today's reindex encodes them
    assert list_customers(admin, CustomerQuery(text="\U00030000行")).rows[0].id == odd
    rows = database.execute_sql(
        "SELECT customer_id, live, owner_id FROM customer_search WHERE customer_id <> %s "
        "ORDER BY name_key, customer_id",
        (odd,),
    ).fetchall()
    owners = {u: User.get(User.username == u).id for u in ("sales1", "sales2")}
    # 丙 bing, 丁 ding, 甲 jia, 乙 yi: pinyin order
    assert rows == [
        (ids[2], True, None),
        (ids[3], False, owners["sales1"]),
        (ids[1], True, owners["sales2"]),
        (ids[0], True, owners["sales1"]),
    ]
    page = list_customers(admin, CustomerQuery(text="科技"))
    assert [r.id for r in page.rows] == [ids[2], ids[1], ids[0]] and page.total == 3
    Customer.update(owner=None).where(Customer.id == ids[0]).execute()  # the trigger again
    assert _copies_differ() == 0


@pytest.fixture
def secured(team):
    """The team's rules installed; a customer of sales1, one of sales2, one in the pool."""
    drop_pg_roles(PREFIX)
    sec.install(PREFIX)
    made = {}
    for code, owner in (("S1", "sales1"), ("S2", "sales2"), ("P0", None)):
        made[code] = create_customer(
            team["admin"], {"code": code, "name": f"华{code}科技", "owner": owner}
        ).id
    yield team, made
    open_database(PG_URL)
    sec.uninstall()
    drop_pg_roles(PREFIX)


def _role_connection(username: str, password: str):
    """Plain psycopg2, as the user's role with its derived password."""
    user = User.get(User.username == username)
    roles.sync_user(user, password)
    params = roles.role_params(user, password)
    return psycopg2.connect(PG_URL, user=params["user"], password=params["password"])


@needs_pg
def test_salesperson_role_sees_only_its_search_rows(secured):
    """sales1's role reads the search rows of its customer and the pool's only, cannot
    give its row another owner (the server refills it) nor write a row for another's
    customer."""
    team, made = secured
    con = _role_connection("sales1", "sales1-password")
    try:
        with con, con.cursor() as cursor:
            cursor.execute("SELECT customer_id FROM customer_search ORDER BY customer_id")
            assert [r[0] for r in cursor.fetchall()] == sorted([made["S1"], made["P0"]])
            cursor.execute(
                "UPDATE customer_search SET owner_id = NULL WHERE customer_id = %s", (made["S1"],)
            )
            cursor.execute(
                "SELECT owner_id FROM customer_search WHERE customer_id = %s", (made["S1"],)
            )
            assert cursor.fetchone()[0] == team["sales1"].id
        with pytest.raises(pg_errors.InsufficientPrivilege), con, con.cursor() as cursor:
            cursor.execute("DELETE FROM customer_search WHERE customer_id = %s", (made["S2"],))
            assert cursor.rowcount == 0
            cursor.execute(
                "INSERT INTO customer_search (customer_id, doc) VALUES (%s, 'x')", (made["S2"],)
            )
    finally:
        con.close()
    assert _copies_differ() == 0


@needs_pg
def test_an_imports_search_rows_bring_their_copies(team, tmp_path):
    """An import's search rows come with their cards' name keys and owners (the server
    looks up none of them, schema 22): each equals its card's, whether the file names an
    owner or not; a row written without them is still filled by the server."""
    from openpyxl import Workbook

    from crm_desktop.services import importing

    book = Workbook()
    sheet = book.active
    sheet.append(["客户名称", "负责业务员", "电话"])
    names = ["乙方科技有限公司", "甲方贸易有限公司", "丙方物流", "丁方机械厂"]
    for i, (name, owner) in enumerate(zip(names, ("sales1", "sales2", "", "张伟"), strict=True)):
        sheet.append([name, owner, f"021-6234567{i}"])
    path = tmp_path / "客户.xlsx"
    book.save(path)
    admin = team["admin"]
    result = importing.run_import(admin, importing.open_source(admin, path, preview_rows=0))
    assert result.created == 4
    assert _copies_differ() == 0
    rows = database.execute_sql(
        "SELECT c.name, s.owner_id, s.name_key <> '' FROM customer_search s "
        "JOIN customer c ON c.id = s.customer_id ORDER BY s.name_key"
    ).fetchall()
    owners = {u: User.get(User.username == u).id for u in ("sales1", "sales2")}
    # 丙 bing, 丁 ding, 甲 jia, 乙 yi; 张伟 is sales1's name
    assert rows == [
        ("丙方物流", None, True),
        ("丁方机械厂", owners["sales1"], True),
        ("甲方贸易有限公司", owners["sales2"], True),
        ("乙方科技有限公司", owners["sales1"], True),
    ]
    page = list_customers(admin, CustomerQuery(text="6234"))
    assert page.total == 4
    # written without its copies (as the app's own writers do): the server fills them
    card = Customer.get(Customer.name == "丁方机械厂")
    database.execute_sql("DELETE FROM customer_search WHERE customer_id = %s", (card.id,))
    reindex_customers([card.id], name_keys=False)
    assert _copies_differ() == 0
    assert database.execute_sql(
        "SELECT owner_id FROM customer_search WHERE customer_id = %s", (card.id,)
    ).fetchone() == (owners["sales1"],)
