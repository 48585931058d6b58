"""A new passphrase for an encrypted database, and a new database encrypted from the start."""

from __future__ import annotations

import sqlite3

import pytest

from crm_desktop.errors import PermissionDenied, UserError
from crm_desktop.jobs.backup import backup_database
from crm_desktop.jobs.encryption import (
    change_passphrase,
    convert_database,
    create_encrypted_database,
)
from crm_desktop.models import (
    AuditEvent,
    Customer,
    DbTarget,
    cipher,
    close_database,
    current_target,
    open_database,
)
from crm_desktop.services import encryption
from crm_desktop.services.auth import list_users
from crm_desktop.services.customers import create_customer

pytestmark = [
    pytest.mark.sqlite_only,
    pytest.mark.skipif(not cipher.available(), reason="sqlcipher3 is not installed"),
]

OLD = "old passphrase 1"
NEW = "new passphrase 2"


@pytest.fixture
def encrypted(team, db_path):
    for n in range(1, 4):
        create_customer(team["admin"], {"name": f"口令客户{n}有限公司", "code": f"K{n}"})
    convert_database(team["admin"], OLD)
    return team


def _sqlite3_reads(path) -> bool:
    con = sqlite3.connect(path)
    try:
        con.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return True
    except sqlite3.DatabaseError:
        return False
    finally:
        con.close()


def test_a_new_passphrase_replaces_the_old_one(encrypted, db_path):
    """After the change the database opens with the new passphrase only, every row is
    there, the backup taken first opens with the new one, the earlier backups are named
    and still open with the old one, and the audit log says who changed it."""
    earlier = backup_database(encrypted["admin"]).path
    result = change_passphrase(encrypted["admin"], NEW)
    assert result.kind == encryption.REKEY and result.encrypted
    assert current_target().passphrase == NEW
    assert sorted(c.code for c in Customer.select()) == ["K1", "K2", "K3"]
    assert AuditEvent.select().order_by(AuditEvent.id.desc()).first().action == "passphrase"
    close_database()
    assert not _sqlite3_reads(db_path)
    with pytest.raises(cipher.WrongPassphrase):
        cipher.check_passphrase(db_path, OLD)
    cipher.check_passphrase(db_path, NEW)
    cipher.check_passphrase(result.backup, NEW)
    assert "before-passphrase" in result.backup.name
    assert earlier in result.old_key_backups and result.backup not in result.old_key_backups
    cipher.check_passphrase(earlier, OLD)
    assert [p.name for p in db_path.parent.iterdir() if p.name.endswith(".tmp")] == []
    open_database(DbTarget(path=db_path, passphrase=NEW))
    assert Customer.select().count() == 3


def test_a_new_passphrase_is_refused_when_it_cannot_apply(team, db_path):
    """A plain database, the same passphrase, a short one, a sales manager: refused
    with their own message, and the file keeps its passphrase."""
    with pytest.raises(UserError) as exc:
        encryption.start_rekey(team["admin"], NEW)
    assert exc.value.code == "cipher.rekey_not_encrypted"
    convert_database(team["admin"], OLD)
    with pytest.raises(UserError) as exc:
        encryption.start_rekey(team["admin"], OLD)
    assert exc.value.code == "cipher.same_passphrase"
    with pytest.raises(UserError) as exc:
        encryption.start_rekey(team["admin"], "short")
    assert exc.value.code == "cipher.too_short"
    with pytest.raises(PermissionDenied):
        encryption.start_rekey(team["manager"], NEW)
    close_database()
    cipher.check_passphrase(db_path, OLD)


def test_a_new_passphrase_is_refused_while_another_program_has_the_file_open(encrypted, db_path):
    """Another connection on the file: nothing renamed, the old passphrase still opens
    it, no copy and no backup with the new passphrase left behind."""
    other = cipher.connect(db_path, OLD)
    other.execute("SELECT count(*) FROM customer").fetchone()
    before = sorted(p.name for p in (db_path.parent / "backups").iterdir())
    try:
        with pytest.raises(UserError) as exc:
            change_passphrase(encrypted["admin"], NEW)
        assert exc.value.code == "cipher.in_use_program"
    finally:
        other.close()
    assert current_target().passphrase == OLD and Customer.select().count() == 3
    assert sorted(p.name for p in (db_path.parent / "backups").iterdir()) == before
    assert [p.name for p in db_path.parent.iterdir() if p.name.endswith(".tmp")] == []
    close_database()
    cipher.check_passphrase(db_path, OLD)


def test_a_new_database_is_encrypted_from_its_first_page(tmp_path):
    """The new file is unreadable by the sqlite3 module, opens with its passphrase, and
    has the schema and the general manager of any new database."""
    path = tmp_path / "fresh.db"
    target = create_encrypted_database(DbTarget(path=path), NEW)
    try:
        assert target.passphrase == NEW and current_target().passphrase == NEW
        assert [u.username for u in list_users()] == ["admin"]
        assert AuditEvent.select().where(AuditEvent.action == "encrypt").count() == 1
    finally:
        close_database()
    assert path.read_bytes()[:16] != cipher.SQLITE_MAGIC and cipher.looks_encrypted(path)
    assert not _sqlite3_reads(path)
    assert path.stat().st_mode & 0o077 == 0
    open_database(DbTarget(path=path, passphrase=NEW))
    close_database()


def test_a_new_encrypted_database_is_refused_over_a_file_or_with_a_short_passphrase(
    tmp_path,
):
    """An existing file is not overwritten; a short passphrase leaves no file at all."""
    existing = tmp_path / "there.db"
    existing.write_text("not a database")
    with pytest.raises(UserError) as exc:
        create_encrypted_database(DbTarget(path=existing), NEW)
    assert exc.value.code == "cipher.create_exists"
    assert existing.read_text() == "not a database"
    missing = tmp_path / "new.db"
    with pytest.raises(UserError) as exc:
        create_encrypted_database(DbTarget(path=missing), "short")
    assert exc.value.code == "cipher.too_short" and not missing.exists()
