"""Restore under the write lock, refusals of overwrites and damaged sources, leftovers."""

from __future__ import annotations

import os
import socket
import sqlite3
import stat
import subprocess
import sys
import threading
import time

import pytest

from crm_desktop.errors import UserError
from crm_desktop.jobs.backup import backup_database, restore_database
from crm_desktop.models import Setting, current_target
from crm_desktop.models.app_lock import lock_path
from crm_desktop.progress import Progress
from crm_desktop.services.customers import create_customer
from crm_desktop.services.leftovers import STALE_SECONDS, clean_leftovers

pytestmark = pytest.mark.sqlite_only


@pytest.fixture
def filled(team):
    """Two customers in the live database."""
    create_customer(team["admin"], {"name": "北京科技有限公司", "code": "C1"})
    create_customer(team["admin"], {"name": "上海贸易有限公司", "code": "C2"})
    return team


def _settings(path) -> dict[str, str]:
    con = sqlite3.connect(path)
    try:
        return dict(con.execute("SELECT key, value FROM setting").fetchall())
    finally:
        con.close()


def _writer(db_path, key: str, holding: threading.Event, hold: float, wait: float = 30):
    """Another program's write transaction (an import): BEGIN IMMEDIATE, a row, COMMIT."""

    def run() -> None:
        con = sqlite3.connect(db_path, timeout=wait, isolation_level=None)
        con.execute("BEGIN IMMEDIATE")
        holding.set()
        con.execute("INSERT INTO setting (key, value) VALUES (?, '\"1\"')", (key,))
        time.sleep(hold)
        con.execute("COMMIT")
        con.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def test_import_committing_before_the_lock_is_in_the_safety_copy(filled, tmp_path, db_path):
    """A writer holding the lock when the restore starts: the restore waits, and the
    writer's commit is in the safety copy."""
    copy = backup_database(filled["admin"], tmp_path / "b.db").path
    holding = threading.Event()
    thread = _writer(db_path, "import-before", holding, hold=1.0)
    assert holding.wait(5)
    steps: list[int] = []
    result = restore_database(
        filled["admin"], copy, progress=Progress(lambda d, t, text: steps.append(d))
    )
    thread.join()
    assert "import-before" in _settings(result.safety_copy)
    assert "import-before" not in _settings(db_path)  # the backup was restored


def test_import_committing_during_the_restore_lands_in_the_restored_database(
    filled, tmp_path, db_path
):
    """A writer that starts once the restore holds the lock waits for it, then writes into
    the restored database: in neither case is a commit lost."""
    copy = backup_database(filled["admin"], tmp_path / "b.db").path
    threads: list[threading.Thread] = []
    holding = threading.Event()

    def listener(done, total, text):
        if not threads and "Restoring" in str(text):  # the lock is ours now
            threads.append(_writer(db_path, "import-during", holding, hold=0.0))
            time.sleep(0.3)  # it is waiting at BEGIN

    result = restore_database(filled["admin"], copy, progress=Progress(listener))
    assert threads, "the restore never reported its copying"
    threads[0].join()
    assert "import-during" not in _settings(result.safety_copy)
    assert _settings(db_path)["import-during"] == '"1"'
    assert Setting.get(Setting.key == "import-during").value == '"1"'


def test_restore_refuses_while_a_window_holds_the_database(filled, tmp_path, db_path):
    """A live crm-desktop process in the lock file: refused, naming its process; the
    lock file of a process that is gone does not count."""
    copy = backup_database(filled["admin"], tmp_path / "b.db").path
    create_customer(filled["admin"], {"name": "广州新客户", "code": "C3"})
    window = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        lock = lock_path(current_target())
        lock.write_text(f"{window.pid}\ncrm-desktop\n{socket.gethostname()}\n")
        with pytest.raises(UserError, match=f"process {window.pid}") as info:
            restore_database(filled["admin"], copy)
        assert info.value.code == "backup.in_use"
    finally:
        window.kill()
        window.wait()
    assert not (db_path.parent / "backups").exists()
    restore_database(filled["admin"], copy)  # the holder is gone: a stale lock


def test_backup_refuses_an_existing_file_without_force(filled, tmp_path):
    """`backup OUT` keeps an existing workbook unless told to replace it."""
    out = tmp_path / "book.xlsx"
    out.write_bytes(b"PK precious workbook")
    with pytest.raises(UserError) as info:
        backup_database(filled["admin"], out)
    assert info.value.code == "backup.exists"
    assert out.read_bytes() == b"PK precious workbook"
    backup_database(filled["admin"], out, force=True)
    assert out.read_bytes().startswith(b"SQLite format 3\x00")


def _damage(path) -> None:
    """Overwrite the customer table's root page with noise."""
    con = sqlite3.connect(path)
    page_size = con.execute("PRAGMA page_size").fetchone()[0]
    root = con.execute("SELECT rootpage FROM sqlite_master WHERE name = 'customer'").fetchone()[0]
    con.close()
    with open(path, "r+b") as fh:
        fh.seek(page_size * (root - 1))
        fh.write(b"\x0d\xff\xff" * (page_size // 3))


def test_damaged_database_is_not_backed_up(tmp_path):
    """A database with a damaged page: the backup is refused loudly and leaves nothing."""
    from crm_desktop.models import close_database, database, open_database
    from crm_desktop.services.auth import get_actor

    live = tmp_path / "crm.db"
    open_database(live)
    admin = get_actor("admin")
    for n in range(300):
        create_customer(admin, {"name": f"客户{n:03d}有限公司", "code": f"C{n:03d}"})
    close_database()
    con = sqlite3.connect(live)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    _damage(live)
    out = tmp_path / "out"
    out.mkdir()
    open_database(live)
    try:
        with pytest.raises(UserError) as info:
            backup_database(admin, out)
        assert info.value.code == "backup.source_damaged"
        assert "damaged" in info.value.message and "restore" in info.value.message
        # the automatic backup's quicker check finds a damaged page too
        from crm_desktop.services.backup_rotation import set_auto_folder, take_auto_backup

        set_auto_folder(out)
        try:
            with pytest.raises(UserError) as info:
                take_auto_backup(admin)
            assert info.value.code == "backup.source_damaged"
        finally:
            set_auto_folder(None)
    finally:
        close_database()
        database.initialize(None)
    assert list(out.iterdir()) == []


def test_backups_are_private(filled, tmp_path, db_path):
    """The backups folder is 0700 and every backup 0600: readable by the user alone."""
    result = backup_database(filled["admin"])
    assert stat.S_IMODE(result.path.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(result.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600


def test_leftovers_of_killed_runs_are_removed(tmp_path):
    """Temporary copies of dead processes and old temp folders go; a live run's stay."""
    folder = tmp_path / "backups"
    folder.mkdir()
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    gone = folder / f".crm-20260101.db.{dead.pid}.tmp"
    gone.write_bytes(b"x" * 1000)
    journal = folder / f".crm-20260101.db.{dead.pid}.tmp-journal"
    journal.write_bytes(b"j")
    mine = folder / f".crm-20260102.db.{os.getpid()}.tmp"
    mine.write_bytes(b"y")
    kept = folder / "crm-20260101.db"
    kept.write_bytes(b"a real backup")
    temp = tmp_path / "temp"
    old = temp / "crm-import-parts-abc"
    old.mkdir(parents=True)
    (old / "part1.xlsx").write_bytes(b"z" * 500)
    fresh = temp / "crm-import-head-def"
    fresh.mkdir()
    other = temp / "somebody-else"
    other.mkdir()
    long_ago = time.time() - STALE_SECONDS - 60
    os.utime(old, (long_ago, long_ago))
    os.utime(other, (long_ago, long_ago))
    freed = clean_leftovers([folder], temp_folder=temp)
    assert freed == 1001 + 500
    assert not gone.exists() and not journal.exists() and not old.exists()
    assert mine.exists() and kept.exists() and fresh.exists() and other.exists()


def test_a_damaged_database_can_still_be_restored_over(tmp_path):
    """The safety copy before a restore is not refused for damage: restoring a good
    backup over a damaged database is the way out."""
    from crm_desktop.models import close_database, database, open_database
    from crm_desktop.services.auth import get_actor

    live = tmp_path / "crm.db"
    open_database(live)
    admin = get_actor("admin")
    for n in range(300):
        create_customer(admin, {"name": f"客户{n:03d}有限公司", "code": f"C{n:03d}"})
    good = backup_database(admin, tmp_path / "good.db").path
    close_database()
    con = sqlite3.connect(live)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    _damage(live)
    open_database(live)
    try:
        result = restore_database(admin, good)
        assert result.safety_copy.exists()
        con = sqlite3.connect(live)
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert con.execute("SELECT count(*) FROM customer").fetchone()[0] == 300
        con.close()
    finally:
        close_database()
        database.initialize(None)


def test_cancelling_a_restore_midway_changes_nothing(filled, tmp_path, db_path):
    """Cancel while the backup is being copied in: the database stays as it was."""
    from crm_desktop.progress import Cancelled

    copy = backup_database(filled["admin"], tmp_path / "b.db").path
    create_customer(filled["admin"], {"name": "广州新客户", "code": "C3"})
    progress = Progress(lambda d, t, text: "Restoring" in str(text) and progress.cancel())
    with pytest.raises(Cancelled):
        restore_database(filled["admin"], copy, progress=progress)
    con = sqlite3.connect(db_path)
    assert sorted(r[0] for r in con.execute("SELECT code FROM customer")) == ["C1", "C2", "C3"]
    con.close()
