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
