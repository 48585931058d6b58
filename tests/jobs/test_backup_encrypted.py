"""Backups, automatic backups, restores and integrity checks of an encrypted database."""

from __future__ import annotations

import os
import sqlite3
import stat

import pytest

from crm_desktop.errors import UserError
from crm_desktop.jobs.backup import backup_database, restore_database
from crm_desktop.jobs.encryption import convert_database
from crm_desktop.models import Customer, cipher, current_target
from crm_desktop.services.backup import check_backup_file, integrity_problem
from crm_desktop.services.backup_rotation import list_backups, set_auto_folder, take_auto_backup
from crm_desktop.services.customers import create_customer

pytestmark = [
    pytest.mark.sqlite_only,
    pytest.mark.skipif(not cipher.available(), reason="sqlcipher3 is not installed"),
]

PASSPHRASE = "backup passphrase 1"


@pytest.fixture
def encrypted(team, db_path):
    """Three customers, then the database encrypted with PASSPHRASE."""
    for n in range(1, 4):
        create_customer(team["admin"], {"name": f"加密客户{n}有限公司", "code": f"C{n}"})
    convert_database(team["admin"], PASSPHRASE)
    return team


def _unreadable_without_passphrase(path) -> bool:
    con = sqlite3.connect(path)
    try:
        con.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as exc:
        return "not a database" in str(exc)
    finally:
        con.close()
    return False


def test_a_manual_backup_is_encrypted_private_and_restorable(encrypted, db_path):
    """The copy is encrypted with the database's passphrase, 0600, and restores."""
    admin = encrypted["admin"]
    copy = backup_database(admin).path
    assert _unreadable_without_passphrase(copy)
    assert stat.S_IMODE(os.stat(copy).st_mode) == 0o600
    assert check_backup_file(copy, PASSPHRASE) > 0
    create_customer(admin, {"name": "备份后客户有限公司", "code": "C9"})
    result = restore_database(admin, copy)
    assert sorted(c.code for c in Customer.select()) == ["C1", "C2", "C3"]
    assert _unreadable_without_passphrase(result.safety_copy)
    assert _unreadable_without_passphrase(db_path)
    assert current_target().passphrase == PASSPHRASE


def test_automatic_backups_are_encrypted_and_listed_with_their_counts(encrypted, tmp_path):
    """The rotating backups of an encrypted database are encrypted; the list counts
    their customers through the passphrase, and cannot without it."""
    set_auto_folder(tmp_path / "auto")
    try:
        result = take_auto_backup(encrypted["admin"])
        assert _unreadable_without_passphrase(result.path)
        listed = list_backups(current_target().path, [tmp_path / "auto"], PASSPHRASE)
        assert [(b.path, b.customers) for b in listed] == [(result.path, 3)]
        blind = list_backups(current_target().path, [tmp_path / "auto"])
        assert [b.customers for b in blind] == [None]
    finally:
        set_auto_folder(None)


def test_a_plain_backup_restored_into_an_encrypted_database_comes_in_encrypted(team, db_path):
    """A backup from before the encryption restores, and the database stays encrypted."""
    admin = team["admin"]
    create_customer(admin, {"name": "旧客户有限公司", "code": "OLD"})
    plain = backup_database(admin).path
    convert_database(admin, PASSPHRASE)
    create_customer(admin, {"name": "新客户有限公司", "code": "NEW"})
    restore_database(admin, plain)
    assert [c.code for c in Customer.select()] == ["OLD"]
    assert _unreadable_without_passphrase(db_path)
    assert not any(p.name.endswith(".tmp") for p in (db_path.parent / "backups").iterdir())


def test_an_encrypted_backup_is_refused_by_a_plain_database(encrypted, db_path):
    """Decrypted since: the encrypted backup is refused with a plain message."""
    admin = encrypted["admin"]
    copy = backup_database(admin).path
    convert_database(admin, None)
    with pytest.raises(UserError) as exc:
        restore_database(admin, copy)
    assert exc.value.code == "cipher.backup_encrypted"
    assert Customer.select().count() == 3


def test_a_backup_with_another_passphrase_is_refused(encrypted, db_path, tmp_path):
    """A backup encrypted with another passphrase does not open with this one."""
    other = tmp_path / "other.db"
    cipher.export(db_path, other, source_key=PASSPHRASE, dest_key="someone else's")
    with pytest.raises(UserError) as exc:
        restore_database(encrypted["admin"], other)
    assert exc.value.code == "cipher.backup_other_passphrase"


def test_integrity_checks_see_a_damaged_encrypted_page(encrypted, db_path):
    """A flipped byte in an encrypted backup: the check names the damage, and the
    backup is refused for a restore."""
    copy = backup_database(encrypted["admin"]).path
    assert integrity_problem(copy, passphrase=PASSPHRASE) is None
    data = bytearray(copy.read_bytes())
    data[4096 * 2 + 100] ^= 0xFF  # inside the third page: its HMAC no longer matches
    copy.write_bytes(bytes(data))
    assert integrity_problem(copy, passphrase=PASSPHRASE) is not None
    with pytest.raises(UserError):
        check_backup_file(copy, PASSPHRASE)


def test_a_quiet_encrypted_database_is_copied_whole_and_a_busy_one_page_by_page(
    encrypted, db_path, tmp_path
):
    """With nobody reading, the backup copies the file's bytes (no page decrypted and
    encrypted again); with a reader keeping the WAL, it falls back to the backup API.
    Both copies open with the passphrase and hold every customer."""
    from crm_desktop.services.backup import copy_whole_file

    quiet_copy = tmp_path / "quiet.db"
    assert copy_whole_file(db_path, quiet_copy, PASSPHRASE)
    reader = cipher.connect(db_path, PASSPHRASE)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM customer").fetchone()
    create_customer(encrypted["admin"], {"name": "读者期间客户有限公司", "code": "C4"})
    try:
        assert not copy_whole_file(db_path, tmp_path / "busy.db", PASSPHRASE)
        busy = backup_database(encrypted["admin"]).path
    finally:
        reader.execute("ROLLBACK")
        reader.close()
    for copy, count in ((quiet_copy, 3), (busy, 4)):
        assert stat.S_IMODE(os.stat(copy).st_mode) == 0o600
        con = cipher.connect(copy, PASSPHRASE)
        try:
            assert con.execute("SELECT count(*) FROM customer").fetchone()[0] == count
        finally:
            con.close()
