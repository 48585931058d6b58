"""`crm-desktop backup` and `restore` from the command line."""

from __future__ import annotations

import sqlite3

import pytest

from crm_desktop.cli import main

pytestmark = pytest.mark.sqlite_only


def _count(path) -> int:
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT COUNT(*) FROM customer").fetchone()[0]
    finally:
        con.close()


def test_backup_and_restore(tmp_path, capsys):
    """backup with no OUT, restore it after a change; the safety copy is named on stderr."""
    db = tmp_path / "live.db"
    assert main(["--db", str(db), "demo", "--customers", "8", "--seed", "1"]) == 0
    capsys.readouterr()
    assert main(["--db", str(db), "backup"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("backed up to ")
    backups = list((tmp_path / "backups").iterdir())
    assert len(backups) == 1 and _count(backups[0]) == 8

    con = sqlite3.connect(db)
    con.execute("DELETE FROM customer_search WHERE customer_id = 8")
    con.execute("UPDATE customer SET name = 'changed' WHERE id = 1")
    con.commit()
    con.close()
    assert main(["--db", str(db), "restore", str(backups[0])]) == 0
    captured = capsys.readouterr()
    assert "restored" in captured.out and "before the restore is in" in captured.err
    con = sqlite3.connect(db)
    assert con.execute("SELECT name FROM customer WHERE id = 1").fetchone()[0] != "changed"
    con.close()
    assert len(list((tmp_path / "backups").iterdir())) == 2


def test_restore_garbage_exit_2(tmp_path, capsys):
    db = tmp_path / "live.db"
    assert main(["--db", str(db), "demo", "--customers", "3"]) == 0
    bad = tmp_path / "junk.db"
    bad.write_text("hello")
    capsys.readouterr()
    assert main(["--db", str(db), "restore", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "not a crm-desktop database" in err and "Traceback" not in err
    assert _count(db) == 3


def test_salesperson_may_not_back_up(tmp_path, capsys):
    db = tmp_path / "live.db"
    assert main(["--db", str(db), "demo", "--customers", "3"]) == 0
    assert main(["--db", str(db), "--user", "sales3", "backup"]) == 2
    assert "Not allowed" in capsys.readouterr().err
    assert not (tmp_path / "backups").exists()


@pytest.mark.parametrize(
    ("command", "said"),
    [(["backup"], "127.0.0.1:1"), (["restore", "x.db"], "x.db does not exist")],
)
def test_postgresql_goes_to_the_servers_tools(command, said, capsys):
    """A server URL is backed up with pg_dump and restored with pg_restore: an
    unreachable server or a missing file is said plainly (exit 2), not a traceback."""
    assert main(["--db", "postgresql://crm@127.0.0.1:1/crm", *command]) == 2
    err = capsys.readouterr().err
    assert said in err and "Traceback" not in err


def test_backup_keeps_an_existing_file_unless_forced(tmp_path, capsys):
    """`backup OUT` onto an existing file: exit 2 and the file intact; --force replaces it."""
    db = tmp_path / "live.db"
    assert main(["--db", str(db), "demo", "--customers", "3"]) == 0
    out = tmp_path / "notes.txt"
    out.write_text("do not lose me")
    capsys.readouterr()
    assert main(["--db", str(db), "backup", str(out)]) == 2
    err = capsys.readouterr().err
    assert "already exists" in err and "--force" in err and "Traceback" not in err
    assert out.read_text() == "do not lose me"
    assert main(["--db", str(db), "backup", "--force", str(out)]) == 0
    assert _count(out) == 3


def test_backup_clears_leftovers_of_killed_backups(tmp_path, capsys):
    """A hidden half-copy left by a killed backup is gone after the next backup."""
    db = tmp_path / "live.db"
    assert main(["--db", str(db), "demo", "--customers", "3"]) == 0
    folder = tmp_path / "backups"
    folder.mkdir()
    leftover = folder / ".live-20260101-000000.db.999999999.tmp"
    leftover.write_bytes(b"\0" * 4096)
    assert main(["--db", str(db), "backup"]) == 0
    assert not leftover.exists()
    assert len(list(folder.iterdir())) == 1


@pytest.mark.parametrize("period", [["--from", "0001-01-01"], ["--to", "9999-12-31"]])
def test_report_with_an_impossible_year_is_a_plain_refusal(tmp_path, capsys, period):
    """`report sales --from 0001-01-01`: one plain line and exit 2, no traceback, no file."""
    db = tmp_path / "live.db"
    assert main(["--db", str(db), "demo", "--customers", "3"]) == 0
    capsys.readouterr()
    out = tmp_path / "r.xlsx"
    with pytest.raises(SystemExit) as exit_:
        main(["--db", str(db), "report", "sales", *period, str(out)])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "unlikely year" in err and "unexpected" not in err.lower() and not out.exists()


def test_followups_of_another_owner_refused(tmp_path, capsys):
    """`followups --owner sales2` by sales1 exits 2 instead of listing sales1's own."""
    db = tmp_path / "live.db"
    assert main(["--db", str(db), "demo", "--customers", "5"]) == 0
    capsys.readouterr()
    assert main(["--db", str(db), "--user", "sales1", "followups", "--owner", "sales2"]) == 2
    assert "Not allowed" in capsys.readouterr().err


def test_restore_refuses_while_the_app_holds_the_database(tmp_path, capsys):
    """A running app (its real lock file, held by another process): `restore` exits 2
    naming that process, and the database is untouched; once it is gone, it restores."""
    import os
    import subprocess
    import sys

    db = tmp_path / "live.db"
    assert main(["--db", str(db), "demo", "--customers", "4"]) == 0
    assert main(["--db", str(db), "backup", str(tmp_path / "b.db")]) == 0
    con = sqlite3.connect(db)
    con.execute("UPDATE customer SET name = 'changed' WHERE id = 1")
    con.commit()
    con.close()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\n"
            "from crm_desktop.app import acquire_lock\n"
            "from crm_desktop.models import DbTarget\n"
            "from pathlib import Path\n"
            "lock = acquire_lock(DbTarget(path=Path(sys.argv[1])))\n"
            "print('held', flush=True)\n"
            "time.sleep(60)\n",
            str(db),
        ],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        capsys.readouterr()
        assert main(["--db", str(db), "restore", str(tmp_path / "b.db")]) == 2
        err = capsys.readouterr().err
        assert f"process {holder.pid}" in err and "Traceback" not in err
    finally:
        holder.kill()
        holder.wait()
    con = sqlite3.connect(db)
    assert con.execute("SELECT name FROM customer WHERE id = 1").fetchone()[0] == "changed"
    con.close()
    assert main(["--db", str(db), "restore", str(tmp_path / "b.db")]) == 0
