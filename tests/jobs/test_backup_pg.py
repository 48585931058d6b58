"""On a PostgreSQL server, backup runs pg_dump -Fc and restore runs pg_restore into an
empty database only, whole or not at all."""

from __future__ import annotations

import os
import stat

import psycopg2
import pytest
from conftest import PG_URL

from crm_desktop.errors import UserError
from crm_desktop.jobs.backup import backup_database
from crm_desktop.models import AuditEvent, Customer, close_database, database, open_database
from crm_desktop.models.db import DbTarget
from crm_desktop.models.migrations import CURRENT_VERSION
from crm_desktop.services import customers as customer_svc
from crm_desktop.services import pg_backup
from crm_desktop.services.auth import get_actor

pytestmark = pytest.mark.skipif(not PG_URL, reason="needs CRM_TEST_DB_URL (PostgreSQL)")

EMPTY_DB = "crm_pg_restore_test"


def _server(db: str) -> str:
    return PG_URL.rsplit("/", 1)[0] + "/" + db


@pytest.fixture
def empty_url():
    """A new, empty database on the server; dropped afterwards."""

    def run(sql: str) -> None:
        con = psycopg2.connect(_server("postgres"))
        con.autocommit = True
        with con.cursor() as cursor:
            cursor.execute(sql)
        con.close()

    run(f"DROP DATABASE IF EXISTS {EMPTY_DB} WITH (FORCE)")
    run(f"CREATE DATABASE {EMPTY_DB} ENCODING 'UTF8' TEMPLATE template0")
    yield _server(EMPTY_DB)
    close_database()
    database.initialize(None)
    run(f"DROP DATABASE IF EXISTS {EMPTY_DB} WITH (FORCE)")


def _tables(url: str) -> int:
    con = psycopg2.connect(url)
    with con.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
        count = cursor.fetchone()[0]
    con.close()
    return count


@pytest.fixture
def dumped(team, tmp_path):
    """A backup of the test database holding two customers."""
    for code in ("B1", "B2"):
        customer_svc.create_customer(team["manager"], {"code": code, "name": f"备份{code}"})
    result = backup_database(team["manager"], tmp_path)
    return result.path


def test_backup_writes_a_private_custom_format_dump_and_audits_it(dumped, tmp_path):
    """The copy is a pg_dump archive (PGDMP…), readable by its owner alone, named after
    the database; the audit log says who took it."""
    assert dumped.parent == tmp_path and dumped.suffix == ".dump"
    assert dumped.read_bytes()[:5] == b"PGDMP"
    assert stat.S_IMODE(dumped.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == [dumped.name]  # no part file left
    assert AuditEvent.select().where(AuditEvent.action == "backup").count() == 1


def test_backup_refuses_to_replace_a_file_without_force(team, tmp_path):
    """An existing file keeps its content unless --force."""
    out = tmp_path / "keep.dump"
    out.write_text("mine")
    with pytest.raises(UserError) as caught:
        backup_database(team["admin"], out)
    assert caught.value.code == "backup.exists" and out.read_text() == "mine"
    backup_database(team["admin"], out, force=True)
    assert out.read_bytes()[:5] == b"PGDMP"


def test_without_pg_dump_the_backup_says_what_to_install(team, tmp_path, monkeypatch):
    """No pg_dump on the PATH: a plain message naming the package, and no file."""
    monkeypatch.setenv("PATH", str(tmp_path / "nothing"))
    with pytest.raises(UserError) as caught:
        backup_database(team["admin"], tmp_path)
    assert caught.value.code == "pg_backup.no_tool" and "postgresql-client" in str(caught.value)
    assert not list(tmp_path.iterdir())


def test_restore_into_an_empty_database_brings_everything_back(dumped, empty_url):
    """The customers, users and schema version are in the new database, which then
    refuses a second restore: it is not empty any more."""
    result = pg_backup.restore_server(DbTarget(url=empty_url), dumped, confirmed=True)
    assert result.from_version == CURRENT_VERSION and not result.migrated
    assert sorted(c.code for c in Customer.select()) == ["B1", "B2"]
    # the sequences came back too: a new card gets a fresh id
    card = customer_svc.create_customer(get_actor("admin"), {"name": "恢复后新建"})
    assert card.id > max(c.id for c in Customer.select().where(Customer.code != card.code))
    close_database()
    with pytest.raises(UserError) as caught:
        pg_backup.restore_server(DbTarget(url=empty_url), dumped, confirmed=True)
    assert caught.value.code == "pg_backup.not_empty"


def test_restore_refuses_without_confirmation_and_a_file_not_a_dump(dumped, empty_url, tmp_path):
    """Unconfirmed, a text file, a SQLite file, a truncated archive: each refused, and
    the empty database stays empty."""
    target = DbTarget(url=empty_url)
    with pytest.raises(UserError) as caught:
        pg_backup.restore_server(target, dumped, confirmed=False)
    assert caught.value.code == "pg_backup.not_confirmed"
    text = tmp_path / "notes.dump"
    text.write_text("客户名单")
    sqlite = tmp_path / "crm.db"
    open_database(sqlite)
    close_database()
    for bad in (text, sqlite):
        with pytest.raises(UserError) as caught:
            pg_backup.restore_server(target, bad, confirmed=True)
        assert caught.value.code == "pg_backup.not_a_dump"
    assert _tables(empty_url) == 0


def test_a_restore_that_fails_midway_leaves_the_database_empty(dumped, empty_url, tmp_path):
    """An archive cut short still lists its contents, fails while its data is read,
    and the single transaction leaves nothing behind."""
    cut = tmp_path / "cut.dump"
    data = dumped.read_bytes()
    cut.write_bytes(data[: int(len(data) * 0.8)])
    with pytest.raises(UserError) as caught:
        pg_backup.restore_server(DbTarget(url=empty_url), cut, confirmed=True)
    assert caught.value.code in ("pg_backup.restore_failed", "pg_backup.unreadable")
    assert _tables(empty_url) == 0


def test_cli_restores_with_yes_into_an_empty_database(dumped, empty_url, capsys):
    """`crm-desktop --db URL restore FILE --yes` restores without logging in (the empty
    database has no users yet) and says where."""
    from crm_desktop.cli import main

    close_database()
    assert main(["--db", empty_url, "restore", str(dumped), "--yes"]) == 0
    out = capsys.readouterr().out
    assert EMPTY_DB in out and os.path.basename(dumped) in out
    assert _tables(empty_url) > 0
