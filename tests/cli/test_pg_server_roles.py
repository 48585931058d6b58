"""`crm-desktop server role list | add | drop` and `user add` keep the users' database
roles on a PostgreSQL server with the team's rules."""

from __future__ import annotations

import psycopg2
import pytest
from conftest import PG_URL

from crm_desktop.cli import main
from crm_desktop.models import User, open_database
from crm_desktop.models import pg_security as sec

pytestmark = pytest.mark.skipif(not PG_URL, reason="needs CRM_TEST_DB_URL (PostgreSQL)")

PREFIX = "crm_pg_test_cli_"


def _drop_roles() -> None:
    con = psycopg2.connect(PG_URL)
    con.autocommit = True
    with con.cursor() as cursor:
        cursor.execute("SELECT rolname FROM pg_roles WHERE starts_with(rolname, %s)", (PREFIX,))
        for (name,) in cursor.fetchall():
            cursor.execute(f'DROP OWNED BY "{name}"')
            cursor.execute(f'DROP ROLE "{name}"')
    con.close()


@pytest.fixture
def secured(team):
    _drop_roles()
    sec.install(PREFIX)
    yield team
    open_database(PG_URL)
    sec.uninstall()
    _drop_roles()


def _listed(capsys) -> dict[str, list[str]]:
    assert main(["--db", PG_URL, "--user", "admin", "server", "role", "list"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    return {line.split("\t")[0]: line.split("\t")[1:] for line in lines}


def test_roles_are_listed_added_and_dropped(secured, capsys, monkeypatch):
    """No role at first; `add` makes every account's; `user add` with a password makes
    one that can log in; `drop` takes one away and the account stays. The general
    manager works as their own role once it exists (it may manage the others)."""
    from crm_desktop.services import auth

    auth.set_password(secured["admin"], "admin", "admin-password")
    monkeypatch.setenv("CRM_DESKTOP_PASSWORD", "admin-password")
    assert _listed(capsys)["sales1"] == ["-", "no role"]
    assert main(["--db", PG_URL, "--user", "admin", "server", "role", "add"]) == 0
    assert "4 database roles" in capsys.readouterr().out
    sales1 = User.get(User.username == "sales1")
    assert _listed(capsys)["sales1"][0] == f"{PREFIX}u{sales1.id}"

    monkeypatch.setenv("CRM_DESKTOP_NEW_PASSWORD", "sales9-password")
    assert (
        main(["--db", PG_URL, "--user", "admin", "user", "add", "sales9", "--role", "salesperson"])
        == 0
    )
    capsys.readouterr()
    assert _listed(capsys)["sales9"][1] == "can log in"

    assert main(["--db", PG_URL, "--user", "admin", "server", "role", "drop", "sales9"]) == 0
    assert "Dropped the database role of sales9" in capsys.readouterr().out
    assert _listed(capsys)["sales9"] == ["-", "no role"]
    assert _listed(capsys)["admin"][1] == "can log in"
    open_database(PG_URL)
    assert User.get(User.username == "sales9").active


def test_role_commands_need_the_rules_and_the_general_manager(team, capsys):
    """Without the team's rules `server role add` says how to install them (exit 2)."""
    _drop_roles()
    assert main(["--db", PG_URL, "server", "role", "add"]) == 2
    assert "server init" in capsys.readouterr().err
