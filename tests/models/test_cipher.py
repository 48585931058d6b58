"""Encrypted (SQLCipher) database files: opened only with the passphrase, fully working."""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import subprocess
import threading

import pytest

from crm_desktop.errors import DatabaseOpenError, StorageError
from crm_desktop.jobs.encryption import convert_database
from crm_desktop.models import (
    Customer,
    DbTarget,
    cipher,
    close_database,
    current_target,
    database,
    open_database,
    transaction,
)
from crm_desktop.models.storage import CrmCipherDatabase
from crm_desktop.services.customers import create_customer
from crm_desktop.services.search import matching_ids

pytestmark = [
    pytest.mark.sqlite_only,
    pytest.mark.skipif(not cipher.available(), reason="sqlcipher3 is not installed"),
]

PASSPHRASE = "horse battery staple"


@pytest.fixture
def encrypted(admin, db_path):
    """The test database with two customers, encrypted with PASSPHRASE and open."""
    create_customer(admin, {"name": "北京科技有限公司", "code": "C1", "phone": "13800001111"})
    create_customer(admin, {"name": "上海贸易有限公司", "code": "C2"})
    convert_database(admin, PASSPHRASE)
    return db_path


def test_an_encrypted_file_opens_with_its_passphrase_and_works(encrypted):
    """Search (FTS5), the JSON functions and writes work through SQLCipher."""
    assert isinstance(database.obj, CrmCipherDatabase)
    assert current_target().is_encrypted
    assert encrypted.read_bytes()[:16] != cipher.SQLITE_MAGIC
    assert len(matching_ids("科技")) == 1
    assert len(matching_ids("bjkj")) == 1
    assert database.execute_sql("SELECT json_extract('{\"a\": 7}', '$.a')").fetchone() == (7,)
    with transaction():
        Customer.update(name="北京电子科技有限公司").where(Customer.code == "C1").execute()
    close_database()
    open_database(DbTarget(path=encrypted, passphrase=PASSPHRASE))
    assert Customer.get(Customer.code == "C1").name == "北京电子科技有限公司"


def test_without_the_passphrase_nothing_is_readable(encrypted):
    """The sqlite3 module and the sqlite3 shell see no database at all; the customer
    names are nowhere in the bytes of the file."""
    close_database()
    con = sqlite3.connect(encrypted)
    with pytest.raises(sqlite3.DatabaseError, match="not a database"):
        con.execute("SELECT name FROM sqlite_master").fetchall()
    con.close()
    data = encrypted.read_bytes()
    assert "北京科技有限公司".encode() not in data
    assert b"13800001111" not in data and b"CREATE TABLE" not in data
    shell = shutil.which("sqlite3")
    if shell is None:
        pytest.skip("no sqlite3 shell on this computer")
    result = subprocess.run(
        [shell, str(encrypted), "SELECT count(*) FROM customer"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "not a database" in result.stderr


def test_opening_asks_for_the_passphrase_and_refuses_a_wrong_one(encrypted):
    """No passphrase: PassphraseNeeded; a wrong one: WrongPassphrase, said plainly."""
    close_database()
    with pytest.raises(cipher.PassphraseNeeded) as needed:
        open_database(DbTarget(path=encrypted))
    assert needed.value.code == "cipher.passphrase_needed"
    with pytest.raises(cipher.WrongPassphrase) as wrong:
        open_database(DbTarget(path=encrypted, passphrase="not the one"))
    assert "Wrong passphrase" in wrong.value.render("en")
    assert "口令不对" in wrong.value.render("zh_CN")


def test_a_text_file_is_not_taken_for_an_encrypted_database(tmp_path):
    """A file that is neither SQLite nor a whole number of pages is 'not SQLite'."""
    other = tmp_path / "notes.db"
    other.write_text("shopping list\n" * 10, encoding="utf-8")
    assert not cipher.looks_encrypted(other)
    with pytest.raises(DatabaseOpenError) as exc:
        open_database(DbTarget(path=other))
    assert exc.value.code == "models.not_sqlite"


def test_a_locked_encrypted_database_says_so(encrypted, monkeypatch):
    """Another writer holding the lock: StorageError storage.locked after the wait."""
    monkeypatch.setenv("CRM_DESKTOP_LOCK_WAIT", "1")
    other = cipher.connect(encrypted, PASSPHRASE)
    other.isolation_level = None
    other.execute("BEGIN IMMEDIATE")
    try:
        errors = []

        def write():
            try:
                with transaction():
                    Customer.update(name="x").where(Customer.code == "C2").execute()
            except StorageError as exc:
                errors.append(exc.code)
            finally:
                close_database()

        thread = threading.Thread(target=write)
        thread.start()
        thread.join(20)
        assert errors == ["storage.locked"]
    finally:
        other.execute("ROLLBACK")
        other.close()


def test_the_encrypted_file_is_the_users_alone(encrypted):
    """The converted database is created 0600, as every file the app makes."""
    assert stat.S_IMODE(os.stat(encrypted).st_mode) == 0o600


def test_a_plain_file_stays_plain_when_a_passphrase_is_given(db_path, admin):
    """A passphrase given for a plain file (an environment variable set for another
    database) is not used: the file opens as the plain database it is."""
    close_database()
    open_database(DbTarget(path=db_path, passphrase=PASSPHRASE))
    assert not current_target().is_encrypted
    assert db_path.read_bytes()[:16] == cipher.SQLITE_MAGIC
