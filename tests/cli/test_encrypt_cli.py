"""`crm-desktop encrypt` and `decrypt`, and commands on an encrypted database."""

from __future__ import annotations

import sqlite3

import pytest

from crm_desktop.cli import main
from crm_desktop.models import cipher

pytestmark = [
    pytest.mark.sqlite_only,
    pytest.mark.skipif(not cipher.available(), reason="sqlcipher3 is not installed"),
]

PASSPHRASE = "command line passphrase"


@pytest.fixture
def demo(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv(cipher.ENV_PASSPHRASE, raising=False)
    path = tmp_path / "live.db"
    assert main(["--db", str(path), "demo", "--customers", "6", "--seed", "1"]) == 0
    capsys.readouterr()
    return path


def test_encrypt_then_use_then_decrypt(demo, capsys, monkeypatch):
    """encrypt with $CRM_DESKTOP_PASSPHRASE; commands then need it; decrypt restores a
    plain file with every customer."""
    monkeypatch.setenv(cipher.ENV_PASSPHRASE, PASSPHRASE)
    assert main(["--db", str(demo), "encrypt"]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("The database is encrypted")
    assert "Remember the passphrase" in captured.err
    assert demo.read_bytes()[:16] != cipher.SQLITE_MAGIC
    assert main(["--db", str(demo), "backup"]) == 0
    capsys.readouterr()
    assert main(["--db", str(demo), "decrypt"]) == 0
    assert "decrypted" in capsys.readouterr().out
    con = sqlite3.connect(demo)
    try:
        assert con.execute("SELECT count(*) FROM customer").fetchone()[0] == 6
    finally:
        con.close()


def test_a_missing_or_wrong_passphrase_is_a_plain_message(demo, capsys, monkeypatch):
    """Without a terminal and without the variable, and with a wrong one: exit 2 and
    one plain line, never a traceback."""
    monkeypatch.setenv(cipher.ENV_PASSPHRASE, PASSPHRASE)
    assert main(["--db", str(demo), "encrypt"]) == 0
    capsys.readouterr()
    monkeypatch.delenv(cipher.ENV_PASSPHRASE)
    monkeypatch.setattr("sys.stdin", open("/dev/null"))  # noqa: SIM115 - closed by pytest
    assert main(["--db", str(demo), "today"]) == 2
    err = capsys.readouterr().err
    assert cipher.ENV_PASSPHRASE in err and "Traceback" not in err
    monkeypatch.setenv(cipher.ENV_PASSPHRASE, "not the passphrase")
    assert main(["--db", str(demo), "today"]) == 2
    err = capsys.readouterr().err
    assert "Wrong passphrase" in err and "Traceback" not in err


def test_a_short_passphrase_is_refused_and_nothing_changes(demo, capsys, monkeypatch):
    """encrypt with a 5-character passphrase: exit 2, the file still plain SQLite."""
    monkeypatch.setenv(cipher.ENV_PASSPHRASE, "short")
    assert main(["--db", str(demo), "encrypt"]) == 2
    assert "at least 8" in capsys.readouterr().err
    assert demo.read_bytes()[:16] == cipher.SQLITE_MAGIC


def test_the_chinese_message_for_a_wrong_passphrase(demo, capsys, monkeypatch):
    """In Chinese the wrong passphrase is said in Chinese."""
    monkeypatch.setenv(cipher.ENV_PASSPHRASE, PASSPHRASE)
    assert main(["--db", str(demo), "encrypt"]) == 0
    capsys.readouterr()
    monkeypatch.setenv("CRM_DESKTOP_LANG", "zh_CN")
    monkeypatch.setenv(cipher.ENV_PASSPHRASE, "not the passphrase")
    assert main(["--db", str(demo), "today"]) == 2
    assert "口令不对" in capsys.readouterr().err


NEW_PASSPHRASE = "the next passphrase"


def _sqlite3_reads(path) -> bool:
    con = sqlite3.connect(path)
    try:
        con.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return True
    except sqlite3.DatabaseError:
        return False
    finally:
        con.close()


def test_passphrase_changes_it_and_says_earlier_backups_keep_the_old_one(demo, capsys, monkeypatch):
    """`passphrase` with $CRM_DESKTOP_NEW_PASSPHRASE: the old one no longer opens the
    database, the new one does, and the earlier backup is said to keep the old one."""
    from crm_desktop.cli.cmd_encrypt import ENV_NEW_PASSPHRASE

    monkeypatch.setenv(cipher.ENV_PASSPHRASE, PASSPHRASE)
    assert main(["--db", str(demo), "encrypt"]) == 0
    assert main(["--db", str(demo), "backup"]) == 0
    capsys.readouterr()
    monkeypatch.setenv(ENV_NEW_PASSPHRASE, NEW_PASSPHRASE)
    assert main(["--db", str(demo), "passphrase"]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("The database's passphrase is changed")
    assert "still open only with the old passphrase" in captured.err
    assert not _sqlite3_reads(demo)
    assert main(["--db", str(demo), "today"]) == 2
    assert "Wrong passphrase" in capsys.readouterr().err
    monkeypatch.setenv(cipher.ENV_PASSPHRASE, NEW_PASSPHRASE)
    assert main(["--db", str(demo), "customers"]) == 0
    assert "Traceback" not in capsys.readouterr().err


def test_passphrase_on_a_plain_database_or_without_a_new_one_is_refused(demo, capsys, monkeypatch):
    """A plain database has no passphrase to change; without the new one's variable and
    without a terminal the command stops plainly; the passphrase stays the same."""
    from crm_desktop.cli.cmd_encrypt import ENV_NEW_PASSPHRASE

    monkeypatch.setenv(ENV_NEW_PASSPHRASE, NEW_PASSPHRASE)
    assert main(["--db", str(demo), "passphrase"]) == 2
    assert "not encrypted" in capsys.readouterr().err
    monkeypatch.setenv(cipher.ENV_PASSPHRASE, PASSPHRASE)
    assert main(["--db", str(demo), "encrypt"]) == 0
    capsys.readouterr()
    monkeypatch.delenv(ENV_NEW_PASSPHRASE)
    monkeypatch.setattr("sys.stdin", open("/dev/null"))  # noqa: SIM115 - closed by pytest
    assert main(["--db", str(demo), "passphrase"]) == 2
    err = capsys.readouterr().err
    assert ENV_NEW_PASSPHRASE in err and "Traceback" not in err
    cipher.check_passphrase(demo, PASSPHRASE)


def test_encrypt_on_a_missing_file_creates_an_encrypted_database(tmp_path, capsys, monkeypatch):
    """`--db NEW.db encrypt`: a new database that sqlite3 cannot read and that commands
    then open with the passphrase."""
    path = tmp_path / "brand-new.db"
    monkeypatch.setenv(cipher.ENV_PASSPHRASE, PASSPHRASE)
    assert main(["--db", str(path), "encrypt"]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("A new encrypted database is created")
    assert not _sqlite3_reads(path)
    assert main(["--db", str(path), "demo", "--customers", "3", "--seed", "2"]) == 0
    capsys.readouterr()
    assert not _sqlite3_reads(path)
    con = cipher.connect(path, PASSPHRASE)
    try:
        assert con.execute("SELECT count(*) FROM customer").fetchone()[0] == 3
    finally:
        con.close()
