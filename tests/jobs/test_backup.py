"""The backup job: round trip of the SQLite file, safety copy, audit, and every refusal."""

from __future__ import annotations

import sqlite3

import pytest

from crm_desktop.errors import PermissionDenied, UserError
from crm_desktop.jobs.backup import backup_database, restore_database
from crm_desktop.models import AuditEvent, Customer
from crm_desktop.models.db import DbTarget
from crm_desktop.models.migrations import CURRENT_VERSION
from crm_desktop.services.backup import backup_folder, require_sqlite
from crm_desktop.services.customers import CustomerQuery, create_customer, list_customers

pytestmark = pytest.mark.sqlite_only


@pytest.fixture
def filled(team):
    """Two customers in the live database."""
    admin = team["admin"]
    create_customer(admin, {"name": "北京科技有限公司", "code": "C1"})
    create_customer(admin, {"name": "上海贸易有限公司", "code": "C2"})
    return team


def _codes() -> list[str]:
    return sorted(c.code for c in Customer.select(Customer.code))


def _file_codes(path) -> list[str]:
    con = sqlite3.connect(path)
    try:
        return sorted(r[0] for r in con.execute("SELECT code FROM customer"))
    finally:
        con.close()


def test_backup_default_goes_to_backups_folder(filled, db_path):
    """Without OUT the copy lands in backups/ beside the database, a complete crm-desktop file."""
    result = backup_database(filled["manager"])
    assert result.path.parent == backup_folder(db_path) == db_path.parent / "backups"
    assert result.path.name.startswith("crm-") and result.path.suffix == ".db"
    assert _file_codes(result.path) == ["C1", "C2"]
    # self-contained: no -wal needed beside it
    con = sqlite3.connect(result.path)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    con.close()
    event = AuditEvent.get(AuditEvent.action == "backup")
    assert event.user_id == filled["manager"].id and str(result.path) in event.detail
    second = backup_database(filled["manager"])
    assert second.path != result.path  # never overwrites an earlier backup


def test_backup_to_file_and_folder(filled, tmp_path):
    out = tmp_path / "copy.db"
    assert backup_database(filled["admin"], out).path == out
    assert _file_codes(out) == ["C1", "C2"]
    folder = tmp_path / "usb"
    folder.mkdir()
    inside = backup_database(filled["admin"], folder).path
    assert inside.parent == folder and _file_codes(inside) == ["C1", "C2"]
    assert not [p for p in folder.iterdir() if p.name.startswith(".")]


def test_backup_refusals(filled, tmp_path, db_path):
    """A missing folder, the database itself, a salesperson: plain refusals."""
    with pytest.raises(UserError, match="does not exist"):
        backup_database(filled["admin"], tmp_path / "nope" / "x.db")
    with pytest.raises(UserError, match="database itself"):
        backup_database(filled["admin"], db_path)
    with pytest.raises(PermissionDenied):
        backup_database(filled["sales1"])
    assert not (db_path.parent / "backups").exists()


def test_restore_round_trip_keeps_safety_copy(filled, tmp_path, db_path):
    """Restore brings back the backed-up data; the replaced database is kept in backups/."""
    copy = backup_database(filled["admin"], tmp_path / "b.db").path
    create_customer(filled["admin"], {"name": "广州新客户", "code": "C3"})
    assert _codes() == ["C1", "C2", "C3"]
    result = restore_database(filled["admin"], copy)
    assert _codes() == ["C1", "C2"]  # the live connection sees the restored data
    assert result.safety_copy.parent == db_path.parent / "backups"
    assert _file_codes(result.safety_copy) == ["C1", "C2", "C3"]
    assert not result.migrated and result.from_version == CURRENT_VERSION
    assert AuditEvent.select().where(AuditEvent.action == "restore").count() == 1
    # the search index came back with the data
    names = [r.name for r in list_customers(filled["admin"], CustomerQuery(text="科技")).rows]
    assert names == ["北京科技有限公司"]


def _assert_unchanged(db_path):
    assert _codes() == ["C1", "C2"]
    assert not (db_path.parent / "backups").exists()


@pytest.mark.parametrize(
    "content",
    [b"this is not a database at all" * 100, b"", b"SQLite format 3\x00" + b"\x00" * 50],
    ids=["garbage", "empty", "truncated"],
)
def test_restore_refuses_garbage_and_changes_nothing(filled, tmp_path, db_path, content):
    """Garbage, an empty file or a truncated one: refused, the current database unchanged."""
    bad = tmp_path / "bad.db"
    bad.write_bytes(content)
    with pytest.raises(UserError, match="Not restored"):
        restore_database(filled["admin"], bad)
    _assert_unchanged(db_path)


def test_restore_refuses_other_sqlite_and_newer_schema(filled, tmp_path, db_path):
    """Another program's SQLite file and a newer crm-desktop file are refused."""
    other = tmp_path / "other.db"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE notes (x)")
    con.commit()
    con.close()
    with pytest.raises(UserError, match="another program"):
        restore_database(filled["admin"], other)
    newer = backup_database(filled["admin"], tmp_path / "newer.db").path
    con = sqlite3.connect(newer)
    con.execute("UPDATE db_info SET value = '999' WHERE key = 'schema_version'")
    con.commit()
    con.close()
    import shutil

    shutil.rmtree(db_path.parent / "backups", ignore_errors=True)
    with pytest.raises(UserError, match="newer version"):
        restore_database(filled["admin"], newer)
    _assert_unchanged(db_path)


def test_restore_refuses_missing_self_and_salesperson(filled, tmp_path, db_path):
    with pytest.raises(UserError, match="does not exist"):
        restore_database(filled["admin"], tmp_path / "missing.db")
    with pytest.raises(UserError, match="database itself"):
        restore_database(filled["admin"], db_path)
    with pytest.raises(PermissionDenied):
        restore_database(filled["sales2"], tmp_path / "missing.db")
    _assert_unchanged(db_path)


def test_restore_older_schema_is_upgraded(filled, tmp_path):
    """A backup from schema 1 (before the search index) is restored and upgraded on reopen."""
    old = backup_database(filled["admin"], tmp_path / "old.db").path
    con = sqlite3.connect(old)
    con.execute("DROP TABLE customer_search")
    con.execute("DROP TABLE customer_fts")
    con.execute("UPDATE db_info SET value = '1' WHERE key = 'schema_version'")
    con.commit()
    con.close()
    result = restore_database(filled["admin"], old)
    assert result.migrated and result.from_version == 1
    from crm_desktop.models import DbInfo

    assert DbInfo.get(DbInfo.key == "schema_version").value == str(CURRENT_VERSION)
    names = [r.name for r in list_customers(filled["admin"], CustomerQuery(text="贸易")).rows]
    assert names == ["上海贸易有限公司"]


def test_postgresql_is_refused_with_pg_dump_hint():
    """A server database gets a plain pointer to pg_dump."""
    with pytest.raises(UserError, match="pg_dump"):
        require_sqlite(DbTarget(url="postgresql://crm:secret@db.example/crm"))
    try:
        require_sqlite(DbTarget(url="postgresql://crm:secret@db.example/crm"))
    except UserError as exc:
        assert "secret" not in exc.message
