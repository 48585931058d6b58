"""The CLI contract's common ground: exit codes, plain messages, nothing touched on refusal."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from crm_desktop.cli import main

pytestmark = pytest.mark.sqlite_only


def run(*args: str) -> int:
    return main(list(args))


def test_version(capsys):
    with pytest.raises(SystemExit) as info:
        run("--version")
    assert info.value.code == 0
    assert capsys.readouterr().out.startswith("crm-desktop ")


def test_unknown_folder_exit_2_and_nothing_created(tmp_path, capsys):
    target = tmp_path / "missing" / "crm.db"
    assert run("--db", str(target), "user", "list") == 2
    err = capsys.readouterr().err
    assert "does not exist" in err and "Traceback" not in err
    assert not target.parent.exists()


def test_not_a_database_exit_2_unchanged(tmp_path, capsys):
    target = tmp_path / "crm.db"
    target.write_text("客户名单\n", encoding="utf-8")
    assert run("--db", str(target), "user", "list") == 2
    assert "not a crm-desktop database" in capsys.readouterr().err
    assert target.read_text(encoding="utf-8") == "客户名单\n"


def test_newer_database_exit_2(tmp_path, capsys):
    target = tmp_path / "crm.db"
    assert run("--db", str(target), "user", "list") == 0
    con = sqlite3.connect(target)
    con.execute("UPDATE db_info SET value = '999' WHERE key = 'schema_version'")
    con.commit()
    con.close()
    capsys.readouterr()
    assert run("--db", str(target), "user", "list") == 2
    assert "newer version" in capsys.readouterr().err


def test_db_from_environment(tmp_path, monkeypatch, capsys):
    target = tmp_path / "env.db"
    monkeypatch.setenv("CRM_DESKTOP_DB", str(target))
    assert run("user", "list") == 0
    assert target.exists()
    assert capsys.readouterr().out.startswith("admin\tgm")


def test_bad_arguments_exit_2(capsys):
    with pytest.raises(SystemExit) as info:
        run("frobnicate")
    assert info.value.code == 2


def test_users_and_passwords(tmp_path, monkeypatch, capsys):
    db = str(tmp_path / "crm.db")
    monkeypatch.setenv("CRM_DESKTOP_NEW_PASSWORD", "")
    assert run("--db", db, "user", "add", "sales1", "--role", "salesperson") == 0
    monkeypatch.setenv("CRM_DESKTOP_NEW_PASSWORD", "admin-pass")
    assert run("--db", db, "user", "passwd", "admin") == 0
    capsys.readouterr()
    # passwords exist now: without --user and the right password, nothing is done
    assert run("--db", db, "user", "add", "sales2", "--role", "salesperson") == 2
    assert "--user" in capsys.readouterr().err
    monkeypatch.setenv("CRM_DESKTOP_PASSWORD", "wrong")
    assert run("--db", db, "--user", "admin", "user", "add", "sales2", "--role", "salesperson") == 2
    assert "Wrong user name or password" in capsys.readouterr().err
    monkeypatch.setenv("CRM_DESKTOP_PASSWORD", "admin-pass")
    assert run("--db", db, "--user", "admin", "user", "add", "sales2", "--role", "salesperson") == 0
    # an account without a password cannot act at all once passwords are in use
    assert run("--db", db, "--user", "sales1", "user", "add", "x", "--role", "gm") == 2
    assert "has no password yet" in capsys.readouterr().err
    monkeypatch.setenv("CRM_DESKTOP_NEW_PASSWORD", "sales1-pass")
    assert run("--db", db, "--user", "admin", "user", "passwd", "sales1") == 0
    monkeypatch.setenv("CRM_DESKTOP_PASSWORD", "sales1-pass")
    assert run("--db", db, "--user", "sales1", "user", "add", "x", "--role", "gm") == 2
    assert "Not allowed" in capsys.readouterr().err
    # nor may a salesperson list the team
    assert run("--db", db, "--user", "sales1", "user", "list") == 2
    assert "may not list the users" in capsys.readouterr().err


def test_entry_points_agree(tmp_path):
    """`python -m crm_desktop` and `python main.py` reach the same CLI."""
    db = str(tmp_path / "crm.db")
    for cmd in (
        [sys.executable, "-m", "crm_desktop"],
        [sys.executable, str(Path(__file__).parents[2] / "main.py")],
    ):
        out = subprocess.run(
            [*cmd, "--db", db, "user", "list"], capture_output=True, text=True, check=True
        )
        assert out.stdout.startswith("admin\tgm")


def test_general_manager_changes_roles_and_deactivates_from_the_cli(tmp_path, capsys):
    """`user role` and `user deactivate`: done by the GM, the deactivated one cannot log
    in, and the last general manager cannot be demoted."""
    db = str(tmp_path / "crm.db")
    assert run("--db", db, "user", "add", "sales1", "--role", "salesperson") == 0
    assert run("--db", db, "user", "role", "sales1", "sales_manager") == 0
    assert "sales1 is now Sales manager" in capsys.readouterr().out
    assert run("--db", db, "user", "deactivate", "sales1") == 0
    assert run("--db", db, "--user", "sales1", "user", "list") == 2
    assert "Wrong user name or password" in capsys.readouterr().err
    assert run("--db", db, "user", "role", "admin", "salesperson") == 2
    assert "last active general manager" in capsys.readouterr().err
