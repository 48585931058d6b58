"""Encrypting and decrypting the database, and unlocking it with a counted passphrase."""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
from datetime import datetime, timedelta

import pytest

from crm_desktop.errors import PermissionDenied, UserError
from crm_desktop.jobs.encryption import convert_database
from crm_desktop.models import (
    AuditEvent,
    Customer,
    DbTarget,
    cipher,
    close_database,
    current_target,
    open_database,
)
from crm_desktop.models.app_lock import lock_path
from crm_desktop.services import encryption
from crm_desktop.services.auth import FREE_TRIES
from crm_desktop.services.customers import create_customer

pytestmark = [
    pytest.mark.sqlite_only,
    pytest.mark.skipif(not cipher.available(), reason="sqlcipher3 is not installed"),
]

PASSPHRASE = "correct horse battery"


@pytest.fixture
def filled(team):
    for n in range(1, 6):
        create_customer(team["admin"], {"name": f"测试客户{n}有限公司", "code": f"C{n}"})
    return team


def _is_plain(path) -> bool:
    return path.read_bytes()[:16] == cipher.SQLITE_MAGIC


def test_encrypt_then_decrypt_keeps_every_row(filled, db_path):
    """Both ways: the same customers, an encrypted backup first, an audit entry each,
    and no temporary file left beside the database."""
    admin = filled["admin"]
    result = convert_database(admin, PASSPHRASE)
    assert result.encrypted and not _is_plain(db_path)
    assert not _is_plain(result.backup)
    cipher.check_passphrase(result.backup, PASSPHRASE)
    assert current_target().passphrase == PASSPHRASE
    assert Customer.select().count() == 5
    back = convert_database(admin, None)
    assert not back.encrypted and _is_plain(db_path)
    assert not _is_plain(back.backup)  # the copy before decrypting: still encrypted
    assert current_target().passphrase is None
    assert sorted(c.code for c in Customer.select()) == [f"C{n}" for n in range(1, 6)]
    actions = [e.action for e in AuditEvent.select().order_by(AuditEvent.id)]
    assert actions[-2:] == ["encrypt", "decrypt"]
    assert [p.name for p in db_path.parent.iterdir() if p.name.startswith(".")] == []


def test_plain_backups_left_behind_are_named(filled, db_path):
    """Encrypting says which earlier backups stay readable by anyone."""
    from crm_desktop.jobs.backup import backup_database

    old = backup_database(filled["admin"]).path
    result = convert_database(filled["admin"], PASSPHRASE)
    assert result.plain_backups == [old]


def test_only_the_general_manager_converts(filled, db_path):
    """A sales manager is refused and the file stays as it was."""
    before = db_path.read_bytes()[:16]
    with pytest.raises(PermissionDenied):
        convert_database(filled["manager"], PASSPHRASE)
    assert db_path.read_bytes()[:16] == before


def test_a_short_passphrase_or_a_second_encryption_is_refused(filled):
    """At least 8 characters; an encrypted database is not encrypted again; a plain one
    is not decrypted."""
    admin = filled["admin"]
    with pytest.raises(UserError) as short:
        convert_database(admin, "short")
    assert short.value.code == "cipher.too_short"
    with pytest.raises(UserError) as plain:
        convert_database(admin, None)
    assert plain.value.code == "cipher.not_encrypted"
    convert_database(admin, PASSPHRASE)
    with pytest.raises(UserError) as again:
        convert_database(admin, "another passphrase")
    assert again.value.code == "cipher.already_encrypted"


def test_refused_while_another_window_holds_the_database(filled, db_path):
    """A live crm-desktop process in the lock file: nothing converted, the process named."""
    window = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        lock_path(current_target()).write_text(
            f"{window.pid}\ncrm-desktop\n{socket.gethostname()}\n"
        )
        with pytest.raises(UserError) as exc:
            convert_database(filled["admin"], PASSPHRASE)
        assert exc.value.code == "cipher.in_use" and str(window.pid) in exc.value.message
        assert _is_plain(db_path)
    finally:
        window.kill()
        window.wait()
        lock_path(current_target()).unlink()


def test_refused_while_another_program_has_the_file_open(filled, db_path):
    """Another connection open on the file (an import): the rename is refused, the
    database unchanged and readable, no converted file or backup left behind."""
    other = sqlite3.connect(db_path)
    other.execute("SELECT count(*) FROM customer").fetchone()
    try:
        with pytest.raises(UserError) as exc:
            convert_database(filled["admin"], PASSPHRASE)
        assert exc.value.code == "cipher.in_use_program"
    finally:
        other.close()
    assert _is_plain(db_path)
    assert Customer.select().count() == 5
    assert not (db_path.parent / "backups").exists() or not any(
        (db_path.parent / "backups").iterdir()
    )
    assert [p.name for p in db_path.parent.iterdir() if p.name.endswith(".tmp")] == []


def test_wrong_passphrases_are_counted_and_make_the_next_try_wait(filled, db_path):
    """After FREE_TRIES wrong ones each try waits; the good one, once allowed, opens
    the database and the wrong tries are in its audit log."""
    convert_database(filled["admin"], PASSPHRASE)
    close_database()
    target = DbTarget(path=db_path)
    for _ in range(FREE_TRIES - 1):
        with pytest.raises(cipher.WrongPassphrase) as wrong:
            encryption.open_encrypted(target, "guess guess")
        assert wrong.value.code == "cipher.wrong_passphrase"
    with pytest.raises(cipher.WrongPassphrase) as waiting:
        encryption.open_encrypted(target, "guess guess")
    assert waiting.value.code == "cipher.wrong_passphrase_wait"
    with pytest.raises(cipher.WrongPassphrase) as refused:  # even the right one waits
        encryption.open_encrypted(target, PASSPHRASE)
    assert refused.value.code == "cipher.wait"
    count, last = encryption.failed_unlocks(db_path)
    assert count == FREE_TRIES
    assert encryption.remaining_wait(db_path, now=last + timedelta(seconds=31)) == 0
    # the wait is over: pretend the last wrong try was long ago
    tries = db_path.with_name(f".{db_path.name}{encryption.TRIES_SUFFIX}")
    tries.write_text(
        f'{{"count": {FREE_TRIES}, "last": "{(datetime.now() - timedelta(hours=1)).isoformat()}"}}'
    )
    encryption.open_encrypted(target, PASSPHRASE)
    event = AuditEvent.select().where(AuditEvent.action == "unlock.failed").get()
    assert event.count == FREE_TRIES
    assert not tries.exists()
    assert oct(os.stat(db_path).st_mode & 0o777) == "0o600"


def test_an_open_database_reopens_after_a_failed_conversion(filled, db_path, monkeypatch):
    """A failure while writing the new file leaves the database open and unchanged."""

    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(cipher, "export", broken)
    with pytest.raises(UserError) as exc:
        convert_database(filled["admin"], PASSPHRASE)
    assert exc.value.code == "cipher.convert_failed" and "No space" in exc.value.message
    assert Customer.select().count() == 5
    close_database()
    open_database(DbTarget(path=db_path))
    assert Customer.select().count() == 5
