"""Opening, refusing, migrating and transacting on the database file."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from search_check import assert_index_matches_documents

from crm_desktop.errors import DatabaseOpenError
from crm_desktop.models import (
    Customer,
    FollowUp,
    User,
    close_database,
    database,
    open_database,
    transaction,
)
from crm_desktop.models.migrations import CURRENT_VERSION

DATA = Path(__file__).parent.parent / "data"
pytestmark = pytest.mark.sqlite_only


@pytest.fixture(autouse=True)
def _unbind():
    yield
    close_database()
    database.initialize(None)


def _bytes(path: Path) -> bytes:
    return path.read_bytes()


def test_new_database_has_schema_pragmas_and_admin(tmp_path):
    """A new file gets WAL, foreign keys, a busy timeout, the current schema and `admin`."""
    db = open_database(tmp_path / "new.db")
    assert db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute_sql("PRAGMA busy_timeout").fetchone()[0] >= 1000
    assert db.execute_sql("PRAGMA synchronous").fetchone()[0] in (1, 2)
    version = db.execute_sql("SELECT value FROM db_info WHERE key='schema_version'").fetchone()
    assert int(version[0]) == CURRENT_VERSION
    admin = User.get(User.username == "admin")
    assert admin.role == "gm" and admin.password_hash is None


def test_missing_folder_is_refused_and_nothing_created(tmp_path):
    """An unknown folder is a plain error; no folder or file appears."""
    target = tmp_path / "nope" / "crm.db"
    with pytest.raises(DatabaseOpenError, match="does not exist"):
        open_database(target)
    assert not target.parent.exists()


@pytest.mark.parametrize(
    "content",
    [b"this is a text file, not a database\n", b"PK\x03\x04" + b"\x00" * 200],
    ids=["text", "zip"],
)
def test_file_that_is_not_a_database_is_left_alone(tmp_path, content):
    """A non-SQLite file is refused and not changed by a single byte."""
    target = tmp_path / "crm.db"
    target.write_bytes(content)
    with pytest.raises(DatabaseOpenError, match="not a crm-desktop database"):
        open_database(target)
    assert target.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["crm.db"]


def test_another_programs_sqlite_file_is_refused_unchanged(tmp_path):
    target = tmp_path / "other.db"
    con = sqlite3.connect(target)
    con.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    con.commit()
    con.close()
    before = _bytes(target)
    with pytest.raises(DatabaseOpenError, match="another program"):
        open_database(target)
    assert _bytes(target) == before


def test_newer_schema_is_refused_unchanged(tmp_path):
    """A database from a newer crm-desktop is refused with the versions named."""
    target = tmp_path / "crm.db"
    open_database(target)
    database.execute_sql(
        "UPDATE db_info SET value = ? WHERE key = 'schema_version'", (str(CURRENT_VERSION + 5),)
    )
    close_database()
    sqlite3.connect(target).execute("PRAGMA wal_checkpoint(TRUNCATE)").close()
    before = _bytes(target)
    with pytest.raises(DatabaseOpenError, match="newer version"):
        open_database(target)
    assert _bytes(target) == before


def test_version_1_database_is_backed_up_and_upgraded(tmp_path):
    """A file made by schema 1 opens: a backup appears in backups/ and search works after."""
    target = tmp_path / "old.db"
    con = sqlite3.connect(target)
    con.executescript((DATA / "schema_v1.sql").read_text(encoding="utf-8"))
    con.close()
    open_database(target)
    version = database.execute_sql("SELECT value FROM db_info WHERE key='schema_version'")
    assert int(version.fetchone()[0]) == CURRENT_VERSION
    backups = [p for p in (tmp_path / "backups").iterdir() if ".v1-" in p.name]
    assert len(backups) == 1
    old = sqlite3.connect(backups[0])
    assert old.execute("SELECT value FROM db_info WHERE key='schema_version'").fetchone()[0] == "1"
    old.close()
    card = Customer.get(Customer.code == "C000001")
    assert card.credit_limit == Decimal("80000.00")
    from crm_desktop.services.auth import get_actor
    from crm_desktop.services.customers import CustomerQuery, list_customers

    admin = get_actor("admin")
    # the name, the contact's mobile and the pinyin initials were indexed by the upgrade
    for query in ("华科", "13912345678", "bjhk", "刘晓梅"):
        assert [r.code for r in list_customers(admin, CustomerQuery(text=query)).rows] == [
            "C000001"
        ], query


def test_upgraded_schema_matches_a_new_one(tmp_path):
    """Every table and column of a fresh database exists after upgrading a version-1 file."""

    def columns(path: Path) -> dict[str, set[str]]:
        con = sqlite3.connect(path)
        tables = [
            r[0]
            for r in con.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        out = {t: {r[1] for r in con.execute(f'PRAGMA table_info("{t}")')} for t in tables}
        con.close()
        return out

    fresh = tmp_path / "fresh.db"
    open_database(fresh)
    close_database()
    old = tmp_path / "old.db"
    con = sqlite3.connect(old)
    con.executescript((DATA / "schema_v1.sql").read_text(encoding="utf-8"))
    con.close()
    open_database(old)
    close_database()
    assert columns(old) == columns(fresh)


def test_write_transaction_takes_the_lock_at_begin(tmp_path):
    """Writes use BEGIN IMMEDIATE: another writer is kept out from the start, not at commit."""
    target = tmp_path / "crm.db"
    open_database(target)
    other = sqlite3.connect(target, timeout=0, isolation_level=None)
    with transaction(), pytest.raises(sqlite3.OperationalError, match="locked"):
        other.execute("BEGIN IMMEDIATE")
    other.execute("BEGIN IMMEDIATE")
    other.execute("ROLLBACK")
    other.close()


def test_version_3_database_gets_last_contact_backfilled(tmp_path):
    """Upgrading to 4 fills customer.last_contact_at with each customer's last completed
    follow-up (planned and cancelled ones do not count) and adds the cadence indexes."""
    target = tmp_path / "v3.db"
    open_database(target)
    ids = {c: Customer.create(code=c, name=f"客户{c}").id for c in ("C1", "C2", "C3")}
    rows = [
        ("C1", "done", datetime(2026, 1, 5, 10, 0)),
        ("C1", "done", datetime(2026, 2, 7, 16, 30)),
        ("C1", "planned", None),
        ("C1", "cancelled", None),
        ("C2", "planned", None),
        ("C2", "cancelled", None),
    ]
    for code, status, done_at in rows:
        FollowUp.create(
            customer=ids[code], due_at=datetime(2026, 3, 1, 9), status=status, done_at=done_at
        )
    con = database.connection()
    # back to the version-3 schema: no columns, none of their indexes, no triggers
    new_indexes = [
        name
        for (name,) in con.execute(
            "SELECT name FROM sqlite_master WHERE type='index' AND "
            "(sql LIKE '%last_contact_at%' OR sql LIKE '%done_at%')"
        )
    ]
    assert len(new_indexes) == 4
    for name in new_indexes:
        con.execute(f'DROP INDEX "{name}"')
    for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type='trigger'").fetchall():
        con.execute(f'DROP TRIGGER "{name}"')
    con.execute("ALTER TABLE customer DROP COLUMN last_contact_at")
    con.execute("ALTER TABLE customer DROP COLUMN planned_followups")
    con.execute("UPDATE db_info SET value = '3' WHERE key = 'schema_version'")
    close_database()

    open_database(target)
    assert any(".v3-" in p.name for p in (tmp_path / "backups").iterdir())
    got = dict(database.execute_sql("SELECT code, last_contact_at FROM customer").fetchall())
    assert got == {"C1": "2026-02-07 16:30:00", "C2": None, "C3": None}
    assert Customer.get(Customer.code == "C1").last_contact_at.day == 7
    names = {r[0] for r in database.execute_sql("SELECT name FROM sqlite_master")}
    assert set(new_indexes) <= names
    plan = database.execute_sql(
        "EXPLAIN QUERY PLAN SELECT id FROM customer WHERE deleted_at IS NULL "
        "AND planned_followups = 0 AND abc_class = 'A' AND last_contact_at < '2026-01-01'"
    ).fetchall()
    assert "last_contact_at<?" in " ".join(str(r[-1]) for r in plan)
    counts = dict(database.execute_sql("SELECT code, planned_followups FROM customer"))
    assert counts == {"C1": 1, "C2": 1, "C3": 0}


def test_version_6_search_index_becomes_contentless(tmp_path):
    """Schema 7 keeps the bigrams' index without their text; searches find the same cards
    and later edits take the old words out."""
    from crm_desktop.models.search_index import FTS_DDL
    from crm_desktop.services.auth import get_actor
    from crm_desktop.services.customers import (
        CustomerQuery,
        create_customer,
        list_customers,
        update_customer,
    )

    target = tmp_path / "v6.db"
    open_database(target)
    admin = get_actor("admin")
    ids = [
        create_customer(admin, {"name": name, "phone": phone}).id
        for name, phone in (("北京华科技术有限公司", "010-62345678"), ("上海重庆贸易有限公司", ""))
    ]
    close_database()
    # back to version 6: the FTS table kept its own copy of the tokens
    con = sqlite3.connect(target)
    con.execute("DROP TABLE customer_fts")
    con.execute(FTS_DDL.replace("content = '', ", ""))
    from crm_desktop.search_text import tokens_of

    for cid, doc in con.execute("SELECT customer_id, doc FROM customer_search").fetchall():
        con.execute(
            "INSERT INTO customer_fts (rowid, tokens) VALUES (?, ?)", (cid, tokens_of(doc.split()))
        )
    con.execute("UPDATE db_info SET value = '6' WHERE key = 'schema_version'")
    con.commit()
    con.close()

    open_database(target)
    ddl = database.execute_sql("SELECT sql FROM sqlite_schema WHERE name = 'customer_fts'")
    assert "content = ''" in ddl.fetchone()[0]
    assert [p.name for p in (tmp_path / "backups").iterdir() if ".v6-" in p.name]  # backed up
    admin = get_actor("admin")

    def found(text: str) -> list[int]:
        return [r.id for r in list_customers(admin, CustomerQuery(text=text)).rows]

    assert found("华科") == [ids[0]] and found("6234") == [ids[0]] and found("cq") == [ids[1]]
    update_customer(admin, ids[1], {"name": "上海浦东物流有限公司"})
    assert_index_matches_documents()
    assert found("重庆") == [] and found("物流") == [ids[1]]


def test_rollback_journal_only_when_alone_and_wal_again_after(tmp_path):
    """A large write gets the rollback journal when nobody else has the file open; the WAL
    and synchronous=NORMAL come back afterwards, after an error too."""
    from crm_desktop.models.db import rollback_journal_when_alone

    target = tmp_path / "bulk.db"
    open_database(target)

    def modes() -> tuple[str, int]:
        journal = database.execute_sql("PRAGMA journal_mode").fetchone()[0]
        return journal, database.execute_sql("PRAGMA synchronous").fetchone()[0]

    assert modes() == ("wal", 1)
    with rollback_journal_when_alone() as switched, transaction():
        assert switched and modes() == ("delete", 2)
        User.create(username="bulk", display_name="Bulk", role="sales")
    assert modes() == ("wal", 1)
    with pytest.raises(RuntimeError), rollback_journal_when_alone(), transaction():
        User.create(username="gone", display_name="Gone", role="sales")
        raise RuntimeError("midway")
    assert modes() == ("wal", 1)
    assert [u.username for u in User.select().order_by(User.id)][-1] == "bulk"

    other = sqlite3.connect(target)  # another reader: the WAL stays
    other.execute("SELECT COUNT(*) FROM user").fetchone()
    try:
        with rollback_journal_when_alone() as switched:
            assert not switched and modes() == ("wal", 1)
    finally:
        other.close()


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc")
def test_flushing_written_pages_keeps_the_locks_and_lets_go_at_close(tmp_path):
    """flush_written_pages opens the file itself: SQLite's locks must hold while the
    database is open (closing a descriptor would drop the process's POSIX locks on the
    file), and the descriptor goes when the database is closed."""
    import os
    import subprocess
    import sys

    from crm_desktop.models.db import flush_written_pages, rollback_journal_when_alone

    target = tmp_path / "flush.db"
    open_database(target)

    def ours() -> list[int]:
        out = []
        for fd in os.listdir("/proc/self/fd"):
            try:
                if os.readlink(f"/proc/self/fd/{fd}") == str(target):
                    out.append(int(fd))
            except OSError:  # the listing's own descriptor, closed by now
                pass
        return out

    def another_process_writes() -> str:
        code = (
            "import sqlite3, sys\n"
            "c = sqlite3.connect(sys.argv[1], timeout=0, isolation_level=None)\n"
            "try:\n"
            "    c.execute('BEGIN IMMEDIATE'); c.execute('ROLLBACK'); print('wrote')\n"
            "except sqlite3.OperationalError as e:\n"
            "    print(e)\n"
        )
        run = subprocess.run([sys.executable, "-c", code, str(target)], capture_output=True)
        return run.stdout.decode().strip()

    with rollback_journal_when_alone() as switched, transaction():
        assert switched
        User.create(username="flushed", display_name="F", role="sales")
        before = len(ours())
        flush_written_pages()
        flush_written_pages()  # the same descriptor again
        assert len(ours()) == before + 1
        assert another_process_writes() == "database is locked"
    assert another_process_writes() == "wrote"
    close_database()
    assert ours() == []


@pytest.mark.sqlite_only
@pytest.mark.parametrize(("lang", "name"), [("zh_CN", "管理员"), ("en", "Administrator")])
def test_a_new_database_names_its_general_manager_in_the_users_language(
    tmp_path, monkeypatch, lang, name
):
    """The first general manager of a new database is 管理员 when it is made in the
    Chinese app (the status bar, the approvals and the printed card show that name)."""
    monkeypatch.setenv("CRM_DESKTOP_LANG", lang)
    open_database(tmp_path / "new.db")
    try:
        assert User.get(User.username == "admin").display_name == name
    finally:
        close_database()
