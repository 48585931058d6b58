"""Backing up and restoring the SQLite database file, safely while it is in use.

Both use SQLite's online backup API, which copies a consistent snapshot even while
the app (or a colleague's copy of it) has the file open. A restore first checks that
the file is a crm-desktop database this version can read, then copies the current
database aside, then copies the backup in. PostgreSQL servers have their own tools
(pg_dump / pg_restore); these functions refuse them with a plain message. The backup
job (crm_desktop/jobs/backup.py) calls them and records who took the copy.
"""

from __future__ import annotations

import os
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from crm_desktop.errors import DatabaseOpenError, UserError
from crm_desktop.models import close_database, current_target, open_database
from crm_desktop.models.db import (
    BUSY_TIMEOUT_MS,
    DbTarget,
    backup_sqlite,
    inspect_sqlite_file,
    timestamp,
)
from crm_desktop.models.migrations import CURRENT_VERSION
from crm_desktop.services.auth import Actor

BACKUP_FOLDER = "backups"


@dataclass(frozen=True)
class BackupResult:
    path: Path
    size: int
    seconds: float


@dataclass(frozen=True)
class RestoreResult:
    source: Path
    database: Path
    safety_copy: Path
    from_version: int
    migrated: bool
    seconds: float


def require_sqlite(target: DbTarget) -> Path:
    """The database file, or a UserError saying that a server is backed up with pg_dump."""
    if not target.is_sqlite or target.path is None:
        raise UserError("backup.not_sqlite", where=target.describe())
    return target.path.expanduser().absolute()


def backup_folder(db_path: Path) -> Path:
    """Where backups go by default: a `backups` folder beside the database file."""
    return db_path.parent / BACKUP_FOLDER


def _free_name(folder: Path, stem: str, suffix: str) -> Path:
    path = folder / f"{stem}{suffix}"
    n = 2
    while path.exists():
        path = folder / f"{stem}-{n}{suffix}"
        n += 1
    return path


def default_backup_path(db_path: Path) -> Path:
    """backups/<name>-YYYYMMDD-HHMMSS.db beside the database (a new name every time)."""
    folder = backup_folder(db_path)
    return _free_name(folder, f"{db_path.stem}-{timestamp()}", db_path.suffix or ".db")


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def _copy_to(source: Path, dest: Path) -> Path:
    """Online backup of `source` to `dest` via a temporary name; a self-contained file."""
    tmp = dest.with_name(f".{dest.name}.{os.getpid()}.tmp")
    try:
        backup_sqlite(source, tmp)
        con = sqlite3.connect(str(tmp))
        try:
            # one file, no -wal beside it: safe to copy to a USB stick or mail
            con.execute("PRAGMA journal_mode=DELETE")
        finally:
            con.close()
        os.replace(tmp, dest)
    except sqlite3.Error as exc:
        raise UserError("backup.copy_failed", path=str(dest), reason=str(exc)) from exc
    except OSError as exc:
        raise UserError(
            "jobs.cannot_write", path=str(dest), reason=exc.strerror or str(exc)
        ) from exc
    finally:
        for leftover in (tmp, Path(f"{tmp}-journal")):
            if leftover.exists():
                leftover.unlink()
    return dest


def backup_database(actor: Actor, out: str | os.PathLike | None = None) -> BackupResult:
    """Copy the open database to `out` (a file or a folder), by default into backups/.

    The job records the copy in the audit trail."""
    actor.require("backup", "back up the database")
    started = time.perf_counter()
    live = require_sqlite(current_target())
    if out is None:
        dest = default_backup_path(live)
        dest.parent.mkdir(exist_ok=True)
    else:
        dest = Path(out).expanduser().absolute()
        if dest.is_dir():
            dest = _free_name(dest, f"{live.stem}-{timestamp()}", live.suffix or ".db")
        elif not dest.parent.is_dir():
            raise UserError("jobs.no_folder", path=str(dest), folder=str(dest.parent))
        if dest == live or _same_file(dest, live):
            raise UserError("backup.is_the_database", path=str(dest))
    _copy_to(live, dest)
    size = dest.stat().st_size
    return BackupResult(dest, size, time.perf_counter() - started)


def check_backup_file(path: Path) -> int:
    """The schema version of a restorable backup; UserError for anything else."""
    if not path.exists():
        raise UserError("backup.no_file", path=str(path))
    if path.is_dir():
        raise UserError("backup.is_folder", path=str(path))
    try:
        version = inspect_sqlite_file(path)
    except DatabaseOpenError as exc:
        raise UserError("backup.not_restored", reason=exc.msg) from exc
    if version is None:
        raise UserError("backup.empty", path=str(path))
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            verdict = con.execute("PRAGMA quick_check").fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error as exc:
        raise UserError("backup.unreadable", path=str(path), reason=str(exc)) from exc
    if verdict != "ok":
        raise UserError("backup.damaged", path=str(path), reason=verdict)
    return version


def restore_database(actor: Actor, source: str | os.PathLike) -> RestoreResult:
    """Replace the open database with a backup, after copying the current one aside.

    Nothing changes when the file is not a crm-desktop database, is damaged, or comes
    from a newer version. A backup from an older version is upgraded when reopened.
    The job records the restore in the (restored) database's audit trail.
    """
    actor.require("backup", "restore a backup")
    started = time.perf_counter()
    target = current_target()
    live = require_sqlite(target)
    src = Path(source).expanduser().absolute()
    if src == live or _same_file(src, live):
        raise UserError("backup.restore_itself", path=str(src))
    version = check_backup_file(src)
    folder = backup_folder(live)
    folder.mkdir(exist_ok=True)
    safety = _free_name(folder, f"{live.stem}-before-restore-{timestamp()}", live.suffix or ".db")
    _copy_to(live, safety)
    close_database()
    try:
        src_con = sqlite3.connect(f"file:{src}?mode=ro", uri=True)
        try:
            dst_con = sqlite3.connect(str(live), timeout=BUSY_TIMEOUT_MS / 1000)
            try:
                src_con.backup(dst_con)
            finally:
                dst_con.close()
        finally:
            src_con.close()
    except sqlite3.Error as exc:
        open_database(target)
        raise UserError(
            "backup.restore_failed", path=str(src), reason=str(exc), safety=str(safety)
        ) from exc
    open_database(target)  # upgrades an older backup's schema, after its own backup
    return RestoreResult(
        source=src,
        database=live,
        safety_copy=safety,
        from_version=version,
        migrated=version < CURRENT_VERSION,
        seconds=time.perf_counter() - started,
    )


__all__ = [
    "BackupResult",
    "RestoreResult",
    "backup_database",
    "backup_folder",
    "check_backup_file",
    "default_backup_path",
    "require_sqlite",
    "restore_database",
]
