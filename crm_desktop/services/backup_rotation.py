"""Automatic backups that keep themselves in bounds: 7 daily, 4 weekly, 12 monthly.

The app takes one after the day's first start and one on close when something
changed (the restore takes its own safety copy, an upgrade its own before migrating).
They go to the folder chosen in the settings (a USB stick, a synced folder), else to
`backups` beside the database, named `<database>-auto-YYYYMMDD-HHMMSS.db`. After each
one the folder is thinned out: the newest backup of each of the last 7 days that have
one, of each of the last 4 weeks and of each of the last 12 months is kept, the rest
go. Copies the user made by hand (other names) are never touched. The backups of an
encrypted database are encrypted with its passphrase, and counted through it.
"""

from __future__ import annotations

import re
import sqlite3
import time
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from crm_desktop.i18n import save_local_settings
from crm_desktop.models import cipher, current_target, database
from crm_desktop.models.backup_place import SETTING_FOLDER, auto_backup_folder
from crm_desktop.models.db import private_folder
from crm_desktop.services.auth import Actor
from crm_desktop.services.backup import (
    BackupResult,
    backup_folder,
    copy_checked,
    free_name,
    require_sqlite,
)

KEEP_DAILY, KEEP_WEEKLY, KEEP_MONTHLY = 7, 4, 12
_AUTO = re.compile(r"^(?P<stem>.+)-auto-(?P<stamp>\d{8}-\d{6})(?:-\d+)?\.db$")


@dataclass(frozen=True)
class BackupFile:
    """One backup in the folder, as the Backups dialog lists it."""

    path: Path
    taken: datetime
    size: int
    customers: int | None  # None: not readable as a crm-desktop database
    automatic: bool


def auto_folder(db_path: Path) -> Path:
    """The chosen folder for automatic backups, else backups/ beside the database."""
    return auto_backup_folder(db_path)


def set_auto_folder(folder: str | Path | None) -> None:
    """Choose where this computer's automatic backups go (None: beside the database)."""
    save_local_settings({SETTING_FOLDER: str(folder) if folder else ""})


def _auto_files(folder: Path, stem: str) -> list[tuple[datetime, Path]]:
    found = []
    try:
        entries = list(folder.iterdir())
    except OSError:
        return []
    for path in entries:
        match = _AUTO.match(path.name)
        if match and match["stem"] == stem and path.is_file():
            try:
                found.append((datetime.strptime(match["stamp"], "%Y%m%d-%H%M%S"), path))
            except ValueError:
                continue
    return sorted(found, reverse=True)


def to_keep(taken: list[datetime]) -> set[datetime]:
    """Which of these backup times the rotation keeps (newest of each day, week, month)."""
    keep: set[datetime] = set()
    newest = sorted(taken, reverse=True)
    for key, limit in (
        (lambda t: t.date(), KEEP_DAILY),
        (lambda t: t.isocalendar()[:2], KEEP_WEEKLY),
        (lambda t: (t.year, t.month), KEEP_MONTHLY),
    ):
        seen: set = set()
        for moment in newest:
            bucket = key(moment)
            if bucket in seen:
                continue
            if len(seen) == limit:
                break
            seen.add(bucket)
            keep.add(moment)
    return keep


def rotate(folder: Path, stem: str) -> list[Path]:
    """Delete the automatic backups the rotation does not keep; the paths deleted."""
    files = _auto_files(folder, stem)
    keep = to_keep([t for t, _ in files])
    gone = []
    for moment, path in files:
        if moment not in keep:
            try:
                path.unlink()
                gone.append(path)
            except OSError:
                continue
    return gone


def has_backup_of(day: date, db_path: Path) -> bool:
    """Whether an automatic backup of the database was taken on `day`."""
    return any(t.date() == day for t, _ in _auto_files(auto_folder(db_path), db_path.stem))


def take_auto_backup(actor: Actor | None = None) -> BackupResult:
    """An automatic backup of the open SQLite database, checked, then the rotation."""
    started = time.perf_counter()
    target = current_target()
    live = require_sqlite(target)
    folder = private_folder(auto_folder(live))
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    dest = free_name(folder, f"{live.stem}-auto-{stamp}", ".db")
    # quick_check: seconds, not tens; encrypted with the database's passphrase
    copy_checked(live, dest, thorough=False, passphrase=target.passphrase, whole_file=True)
    size = dest.stat().st_size
    rotate(folder, live.stem)
    return BackupResult(dest, size, time.perf_counter() - started)


def fingerprint() -> tuple:
    """A cheap summary of the data that changes when anything is written (rows added,
    deleted, or updated where the table keeps updated_at): compared at close. The audit
    log is left out: the backups' and logins' own entries are not a change of the data."""
    out = []
    for table in database.get_tables():
        if table.startswith(("sqlite_", "customer_fts")) or table == "audit_event":
            continue
        columns = {c.name for c in database.get_columns(table)}
        extra = ', max("updated_at")' if "updated_at" in columns else ""
        row = database.execute_sql(f'SELECT count(*), max(rowid){extra} FROM "{table}"').fetchone()
        out.append((table, *row))
    return tuple(out)


def list_backups(
    db_path: Path, folders: list[Path] | None = None, passphrase: str | None = None
) -> list[BackupFile]:
    """Every backup of this database in its backup folders, newest first; encrypted ones
    are counted with `passphrase` (the open database's: None when it is plain)."""
    seen: dict[Path, BackupFile] = {}
    for folder in folders or [auto_folder(db_path), backup_folder(db_path)]:
        try:
            entries = list(folder.iterdir())
        except OSError:
            continue
        for path in entries:
            if path.name.startswith(".") or not path.is_file() or path.suffix != ".db":
                continue
            if path.resolve() in seen:
                continue
            stat = path.stat()
            match = _AUTO.match(path.name)
            taken = datetime.fromtimestamp(stat.st_mtime)
            seen[path.resolve()] = BackupFile(
                path, taken, stat.st_size, _customer_count(path, passphrase), bool(match)
            )
    return sorted(seen.values(), key=lambda b: b.taken, reverse=True)


def _customer_count(path: Path, passphrase: str | None = None) -> int | None:
    encrypted = cipher.looks_encrypted(path)
    if encrypted and not (passphrase and cipher.available()):
        return None
    try:
        con = cipher.connect_file(path, passphrase if encrypted else None, readonly=True, timeout=1)
        try:
            return con.execute("SELECT count(*) FROM customer WHERE deleted_at IS NULL").fetchone()[
                0
            ]
        finally:
            con.close()
    except (sqlite3.Error, *cipher.CIPHER_ERRORS):
        return None


__all__ = [
    "BackupFile",
    "auto_folder",
    "fingerprint",
    "has_backup_of",
    "list_backups",
    "rotate",
    "set_auto_folder",
    "take_auto_backup",
    "to_keep",
]
