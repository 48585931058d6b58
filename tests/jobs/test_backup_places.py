"""The copies taken before a schema upgrade and before a restore go where the automatic
backups go (the folder chosen in Settings), are listed there and survive the rotation."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from crm_desktop.jobs.backup import backup_database, restore_database
from crm_desktop.models import close_database, database, open_database
from crm_desktop.services.backup_rotation import list_backups, set_auto_folder, take_auto_backup
from crm_desktop.services.customers import create_customer

pytestmark = pytest.mark.sqlite_only

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture
def usb(tmp_path):
    """An automatic backups' folder chosen in Settings, away from the database."""
    folder = tmp_path / "usb" / "crm-backups"
    set_auto_folder(folder)
    yield folder
    set_auto_folder(None)


def _version(path: Path) -> str:
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT value FROM db_info WHERE key='schema_version'").fetchone()[0]
    finally:
        con.close()


def _codes(path: Path) -> list[str]:
    con = sqlite3.connect(path)
    try:
        return sorted(r[0] for r in con.execute("SELECT code FROM customer"))
    finally:
        con.close()


def test_upgrade_copy_goes_to_the_chosen_folder_and_stays(usb, tmp_path):
    """Opening an old database copies it, still old, into the chosen folder before upgrading;
    the Backups list shows it and the rotation of automatic backups keeps it."""
    target = tmp_path / "data" / "old.db"
    target.parent.mkdir()
    con = sqlite3.connect(target)
    con.executescript((DATA / "schema_v1.sql").read_text(encoding="utf-8"))
    con.close()
    open_database(target)
    try:
        copies = [p for p in usb.glob("*.db") if ".v1-" in p.name]
        assert len(copies) == 1 and _version(copies[0]) == "1"
        assert not [p for p in target.parent.iterdir() if ".v1-" in p.name]
        assert copies[0] in [b.path for b in list_backups(target)]
        for _ in range(3):
            take_auto_backup()
        assert copies[0].exists()
    finally:
        close_database()
        database.initialize(None)


def test_restore_copies_the_replaced_database_to_the_chosen_folder(usb, team, tmp_path):
    """The database a restore replaces is copied into the automatic backups' folder first."""
    admin = team["admin"]
    create_customer(admin, {"name": "北京科技有限公司", "code": "C1"})
    copy = backup_database(admin, tmp_path / "b.db").path
    create_customer(admin, {"name": "广州新客户", "code": "C2"})
    result = restore_database(admin, copy)
    assert result.safety_copy.parent == usb
    assert _codes(result.safety_copy) == ["C1", "C2"]
    assert result.safety_copy in [b.path for b in list_backups(result.database)]
