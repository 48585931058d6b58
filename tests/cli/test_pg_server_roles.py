"""`crm-desktop server role list | add | drop` and `user add` keep the users' database
roles on a PostgreSQL server with the team's rules."""

from __future__ import annotations

import pytest
from conftest import PG_URL, drop_pg_roles, pg_rules

from crm_desktop.cli import main
from crm_desktop.models import User, open_database

pytestmark = pytest.mark.skipif(not PG_URL, reason="needs CRM_TEST_DB_URL (PostgreSQL)")

PREFIX = "crm_pg_test_cli_"


@pytest.fixture
def secured(team):
    with pg_rules(PREFIX):
        yield team


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
    drop_pg_roles(PREFIX)
    assert main(["--db", PG_URL, "server", "role", "add"]) == 2
    assert "server init" in capsys.readouterr().err
