"""`crm-desktop server init URL` prepares a team database on a PostgreSQL server."""

from __future__ import annotations

import os

import pytest
from conftest import PG_URL

from crm_desktop.errors import DatabaseOpenError
from crm_desktop.models import User, close_database, database
from crm_desktop.models.migrations import CURRENT_VERSION
from crm_desktop.models.server import prepare_team_database

NEW_DB = "crm_server_init_test"
ROLE_PREFIX = "crm_pg_test_init_"


@pytest.fixture
def team_url(monkeypatch):
    """The URL of a database the server does not have yet; dropped afterwards, with
    the roles of its team's rules."""
    import psycopg2

    from crm_desktop.models import pg_security

    url = PG_URL.rsplit("/", 1)[0] + "/" + NEW_DB
    monkeypatch.setattr(pg_security, "default_prefix", lambda: ROLE_PREFIX)

    def drop() -> None:
        con = psycopg2.connect(PG_URL.rsplit("/", 1)[0] + "/postgres")
        con.autocommit = True
        with con.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {NEW_DB} WITH (FORCE)")
            cursor.execute("SELECT rolname FROM pg_roles WHERE starts_with(rolname, %s)",
                           (ROLE_PREFIX,))  # fmt: skip
            for (name,) in cursor.fetchall():
                cursor.execute(f'DROP ROLE "{name}"')
        con.close()

    drop()
    yield url
    close_database()
    database.initialize(None)
    drop()


@pytest.mark.skipif(not PG_URL, reason="needs CRM_TEST_DB_URL (PostgreSQL)")
def test_init_creates_the_database_schema_and_first_manager(team_url, capsys):
    """A missing database is created with today's schema and the general manager
    admin (password from the environment); the address is printed without a password,
    and running it again changes nothing."""
    from crm_desktop.cli import main

    info = prepare_team_database(team_url)
    assert info.created and info.schema_version == CURRENT_VERSION
    assert info.rules == ROLE_PREFIX  # the team's rules, by a login that may create roles
    assert [u.role for u in User.select().where(User.username == "admin")] == ["gm"]
    close_database()

    again = prepare_team_database(team_url)
    assert not again.created and User.select().count() == 1
    close_database()

    scheme, rest = team_url.split("://", 1)
    login, place = rest.split("@", 1)
    user = login.split(":", 1)[0]
    secret_url = f"{scheme}://{user}:hunter22@{place}"  # a trusting server ignores it

    os.environ["CRM_DESKTOP_NEW_PASSWORD"] = "team-secret"
    try:
        assert main(["server", "init", secret_url]) == 0
        out = capsys.readouterr().out
        assert "hunter22" not in out and f"{user}:***@" in out and "sslmode=require" in out
        assert "CRM_DESKTOP_GATE_PASSWORD" in out  # how to give the team the gate instead
        os.environ["CRM_DESKTOP_GATE_PASSWORD"] = "gate-secret"
        assert main(["server", "init", secret_url]) == 0
    finally:
        del os.environ["CRM_DESKTOP_NEW_PASSWORD"]
        os.environ.pop("CRM_DESKTOP_GATE_PASSWORD", None)
    out = capsys.readouterr().out
    assert f"{ROLE_PREFIX}gate:***@" in out and "gate-secret" not in out
    assert f"schema version {CURRENT_VERSION}" in out
    from crm_desktop.models import open_database
    from crm_desktop.services.auth import authenticate

    open_database(team_url)
    assert authenticate("admin", "team-secret").role == "gm"
    # the app now works as the general manager's own role
    assert database.execute_sql("SELECT current_user").fetchone()[0].startswith(ROLE_PREFIX)


def test_init_refuses_a_sqlite_file(tmp_path):
    """A file path is not a server: nothing is created, and the user is told so."""
    with pytest.raises(DatabaseOpenError) as caught:
        prepare_team_database(str(tmp_path / "crm.db"))
    assert caught.value.code == "server.not_postgres"
    assert not (tmp_path / "crm.db").exists()
