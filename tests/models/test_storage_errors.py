"""Storage trouble reaches services, the CLI and the GUI as a StorageError, not a traceback."""

from __future__ import annotations

import errno
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import peewee as pw
import pytest

from crm_desktop.errors import StorageError, UserError
from crm_desktop.models import Customer, close_database, database, open_database, transaction
from crm_desktop.models.db import bulk_insert, make_sqlite
from crm_desktop.models.storage import ENV_LOCK_WAIT, storage_error
from crm_desktop.progress import Cancelled, Progress

ROOT = Path(__file__).parents[2]


@pytest.fixture
def sqlite_db(tmp_path):
    """A crm-desktop SQLite file with one customer, opened; (path, admin)."""
    from crm_desktop.services.auth import get_actor
    from crm_desktop.services.customers import create_customer

    path = tmp_path / "crm.db"
    open_database(path)
    admin = get_actor("admin")
    create_customer(admin, {"name": "北京华科技术有限公司"})
    yield path, admin
    close_database()
    database.initialize(None)


def _hold_lock(path: Path) -> sqlite3.Connection:
    """Another program's connection holding the write lock on the file."""
    other = sqlite3.connect(path, timeout=0, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    return other


def _customer_count(path: Path) -> int:
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT COUNT(*) FROM customer").fetchone()[0]
    finally:
        con.close()


@pytest.mark.sqlite_only
def test_a_write_waits_for_the_lock_then_says_locked(sqlite_db, monkeypatch):
    """While another connection holds the lock, a service write waits the configured time,
    reporting each second, then raises storage.locked; nothing is written."""
    from crm_desktop.services.customers import create_customer

    path, admin = sqlite_db
    monkeypatch.setenv(ENV_LOCK_WAIT, "2")
    steps: list[tuple[int, int, str]] = []
    other = _hold_lock(path)
    started = time.monotonic()
    try:
        with (
            pytest.raises(StorageError) as info,
            transaction(
                Progress(
                    lambda done, total, text: steps.append((done, total, text.render("zh_CN")))
                )
            ),
        ):
            create_customer(admin, {"name": "上海浦东贸易有限公司"})
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert info.value.code == "storage.locked" and info.value.params["seconds"] == 2
    assert 1.8 <= time.monotonic() - started < 6
    assert steps and steps[0] == (1, 2, "等待数据库… 1 / 2 秒")
    assert "2 秒" in info.value.render("zh_CN") and "2 s" in info.value.render("en")
    assert _customer_count(path) == 1


@pytest.mark.sqlite_only
def test_a_write_goes_through_once_the_lock_is_released(sqlite_db, monkeypatch):
    """A lock released during the wait lets the write through: no error, the card is there."""
    from crm_desktop.services.customers import create_customer

    path, admin = sqlite_db
    monkeypatch.setenv(ENV_LOCK_WAIT, "10")
    held, done = threading.Event(), threading.Event()

    def another_program() -> None:
        other = _hold_lock(path)
        held.set()
        time.sleep(1.5)
        other.execute("ROLLBACK")
        other.close()
        done.set()

    release = threading.Thread(target=another_program)
    release.start()
    assert held.wait(5)
    try:
        card = create_customer(admin, {"name": "上海浦东贸易有限公司"})
    finally:
        release.join()
    assert card.code == "C000002" and _customer_count(path) == 2


@pytest.mark.sqlite_only
def test_cancelling_the_wait_stops_the_write(sqlite_db, monkeypatch):
    """The user's Cancel while waiting for the lock stops the work with Cancelled."""
    path, _ = sqlite_db
    monkeypatch.setenv(ENV_LOCK_WAIT, "20")
    progress = Progress(lambda done, total, text: progress.cancel())
    other = _hold_lock(path)
    started = time.monotonic()
    try:
        with pytest.raises(Cancelled), transaction(progress):
            Customer.create(code="X1", name="不会写入")
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert time.monotonic() - started < 5
    assert _customer_count(path) == 1
    assert database.execute_sql("PRAGMA busy_timeout").fetchone()[0] == 5000


@pytest.mark.sqlite_only
def test_cli_write_while_locked_prints_a_plain_message_and_exits_2(sqlite_db):
    """`crm-desktop credit request` against a locked file: exit 2, one plain line, no traceback."""
    path, _ = sqlite_db
    close_database()
    other = _hold_lock(path)
    try:
        run = subprocess.run(
            [
                sys.executable,
                "-m",
                "crm_desktop",
                "--db",
                str(path),
                "credit",
                "request",
                "C000001",
                "--limit",
                "50000",
                "--reason",
                "老客户",
            ],
            capture_output=True,
            text=True,
            env={**__import__("os").environ, ENV_LOCK_WAIT: "1", "CRM_DESKTOP_LANG": "zh_CN"},
            cwd=ROOT,
            timeout=60,
        )
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert run.returncode == 2, run.stderr
    assert "Traceback" not in run.stderr
    assert run.stderr.strip() == (
        "crm-desktop: 数据库正被另一个程序（或导入）写入，等待 1 秒后仍未释放。请稍后再试。"
    )


@pytest.mark.sqlite_only
def test_full_disk_is_storage_disk_full_and_nothing_is_written(sqlite_db):
    """A file that cannot grow (SQLITE_FULL) gives storage.disk_full; the write is undone."""
    from crm_desktop.services.customers import create_customer

    path, admin = sqlite_db
    pages = database.execute_sql("PRAGMA page_count").fetchone()[0]
    database.execute_sql(f"PRAGMA max_page_count = {pages}")
    with pytest.raises(StorageError) as info:
        create_customer(admin, {"name": "大客户有限公司", "remarks": "备注" * 4_500})
    assert info.value.code == "storage.disk_full"
    assert str(path) in info.value.render("en") and "磁盘已满" in info.value.render("zh_CN")
    assert Customer.select().count() == 1


@pytest.mark.sqlite_only
def test_full_disk_in_a_raw_bulk_insert_is_storage_disk_full(sqlite_db):
    """A bulk insert on the raw connection inside transaction() is translated as well."""
    database.execute_sql(
        f"PRAGMA max_page_count = {database.execute_sql('PRAGMA page_count').fetchone()[0]}"
    )
    rows = [(f"S{i}", "x" * 2000) for i in range(2000)]
    with pytest.raises(StorageError) as info, transaction():
        bulk_insert("setting", ("key", "value"), rows)
    assert info.value.code == "storage.disk_full"


@pytest.mark.sqlite_only
@pytest.mark.parametrize("how", ["query_only", "mode_ro", "chmod"])
def test_read_only_database_is_storage_read_only(sqlite_db, how):
    """A database that cannot be written (read-only file or connection) gives storage.read_only."""
    import os

    from crm_desktop.services.customers import create_customer

    path, admin = sqlite_db
    if how == "query_only":
        database.execute_sql("PRAGMA query_only = 1")
    else:
        close_database()
        if how == "chmod":
            if os.geteuid() == 0:
                pytest.skip("root writes to a 0444 file anyway")
            path.chmod(0o444)
            handle = make_sqlite(path)
        else:
            handle = make_sqlite(f"file:{path}?mode=ro", uri=True)
        database.initialize(handle)
    with pytest.raises(StorageError) as info:
        create_customer(admin, {"name": "只读测试有限公司"})
    assert info.value.code == "storage.read_only"
    assert "只读" in info.value.render("zh_CN")
    assert _customer_count(path) == 1


@pytest.mark.sqlite_only
def test_damaged_file_is_storage_damaged_at_open_and_in_the_cli(tmp_path, capsys):
    """A file whose pages are overwritten is refused as damaged, in plain words, exit 2."""
    from crm_desktop.cli import main

    path = tmp_path / "crm.db"
    open_database(path)
    close_database()
    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode = DELETE")
    page = con.execute("PRAGMA page_size").fetchone()[0]
    con.close()
    data = bytearray(path.read_bytes())
    data[page * 2 :] = b"\xa5" * (len(data) - page * 2)  # every page after the schema's
    path.write_bytes(bytes(data))
    with pytest.raises(UserError) as info:
        open_database(path)
    assert info.value.code == "storage.damaged"
    assert database.obj is None or database.obj.is_closed()
    assert main(["--db", str(path), "user", "list"]) == 2
    err = capsys.readouterr().err
    assert "is damaged" in err and "Restore a backup" in err and "Traceback" not in err


@pytest.mark.parametrize(
    ("exc", "code"),
    [
        (sqlite3.OperationalError("database is locked"), "storage.locked"),
        (sqlite3.OperationalError("database or disk is full"), "storage.disk_full"),
        (sqlite3.OperationalError("attempt to write a readonly database"), "storage.read_only"),
        (sqlite3.DatabaseError("database disk image is malformed"), "storage.damaged"),
        (sqlite3.DatabaseError("file is not a database"), "storage.damaged"),
        (sqlite3.OperationalError("disk I/O error"), "storage.io_error"),
        (pw.OperationalError(sqlite3.OperationalError("database is locked")), "storage.locked"),
        (OSError(errno.ENOSPC, "No space left on device"), "storage.disk_full"),
        (OSError(errno.EROFS, "Read-only file system"), "storage.read_only"),
        (sqlite3.OperationalError("no such table: nothing"), None),
        (pw.IntegrityError(sqlite3.IntegrityError("UNIQUE constraint failed: c.code")), None),
        (ValueError("not storage"), None),
    ],
)
def test_driver_errors_are_classified(exc, code):
    """Each kind of driver error maps to the storage message the user can act on, or none."""
    error = storage_error(exc, "/data/crm.db")
    assert (error.code if error is not None else None) == code


def test_lost_postgresql_connection_is_classified_as_server_gone():
    """psycopg2's errors for a dropped connection mean server_gone; a constraint does not."""
    psycopg2 = pytest.importorskip("psycopg2")
    gone = storage_error(
        psycopg2.OperationalError("server closed the connection unexpectedly\n\tThis..."), "h/db"
    )
    assert gone is not None and gone.code == "storage.server_gone"
    assert gone.params["detail"] == "server closed the connection unexpectedly"
    closed = storage_error(psycopg2.InterfaceError("connection already closed"), "h/db")
    assert closed is not None and closed.code == "storage.server_gone"
    assert storage_error(psycopg2.IntegrityError("duplicate key"), "h/db") is None


def test_server_gone_mid_session_then_reconnects(db, admin):
    """PostgreSQL: a connection the server drops gives storage.server_gone inside a write,
    and the next call connects again and works."""
    from conftest import PG_URL

    from crm_desktop.services.customers import create_customer, get_customer

    if not PG_URL:
        pytest.skip("needs CRM_TEST_DB_URL (PostgreSQL)")
    import psycopg2

    pid = database.execute_sql("SELECT pg_backend_pid()").fetchone()[0]
    killer = psycopg2.connect(PG_URL)
    killer.autocommit = True
    try:
        with pytest.raises(StorageError) as info, transaction():
            Customer.create(code="G1", name="断线测试")
            killer.cursor().execute("SELECT pg_terminate_backend(%s)", (pid,))
            time.sleep(0.2)
            Customer.create(code="G2", name="断线测试二")
    finally:
        killer.close()
    assert info.value.code == "storage.server_gone"
    assert "连接已断开" in info.value.render("zh_CN")
    card = create_customer(admin, {"name": "重新连接有限公司"})
    assert get_customer(admin, card.id).name == "重新连接有限公司"
    assert Customer.select().where(Customer.code.in_(["G1", "G2"])).count() == 0


@pytest.mark.sqlite_only
def test_a_backup_that_cannot_be_written_is_a_storage_error(sqlite_db, tmp_path):
    """The backup before an upgrade (and `backup`) into a folder that has gone says so plainly."""
    from crm_desktop.models.db import backup_sqlite

    path, _ = sqlite_db
    with pytest.raises(StorageError) as info:
        backup_sqlite(path, tmp_path / "unplugged" / "crm.backup.db")
    assert info.value.code == "storage.io_error"
    assert "unplugged" in info.value.render("en") and "U 盘" in info.value.render("zh_CN")


def test_unreachable_server_is_refused_in_plain_words(tmp_path):
    """A postgresql:// address nobody answers on is a DatabaseOpenError naming the server,
    never its password."""
    pytest.importorskip("psycopg2")
    from crm_desktop.errors import DatabaseOpenError

    with pytest.raises(DatabaseOpenError) as info:
        open_database("postgresql://crm:secret@127.0.0.1:1/crm")
    assert info.value.code == "models.server_unreachable"
    text = info.value.render("zh_CN")
    assert "无法连接数据库服务器 postgresql://…@127.0.0.1:1/crm" in text and "secret" not in text
    assert database.obj is None
