"""Back up the database to a file, or restore it from one, and record who did it."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from crm_desktop.models import current_target, is_sqlite, transaction
from crm_desktop.progress import Progress
from crm_desktop.services import backup, backup_rotation, pg_backup
from crm_desktop.services.auth import Actor
from crm_desktop.services.backup import BackupResult, RestoreResult
from crm_desktop.services.customers import audit
from crm_desktop.services.leftovers import clean_leftovers


def daily_backup(actor: Actor | None, today: date | None = None) -> BackupResult | None:
    """After the day's first start: an automatic backup unless one was taken today.
    None on a server (PostgreSQL has its own tools) or when today's exists."""
    if not is_sqlite():
        return None
    live = backup.require_sqlite(current_target())
    if backup_rotation.has_backup_of(today or date.today(), live):
        return None
    return _automatic(actor, "start")


def backup_on_close(actor: Actor | None, at_start: tuple) -> BackupResult | None:
    """On close, when the data differs from `at_start` (a `fingerprint()`)."""
    if not is_sqlite() or backup_rotation.fingerprint() == at_start:
        return None
    return _automatic(actor, "close")


def _automatic(actor: Actor | None, when: str) -> BackupResult:
    result = backup_rotation.take_auto_backup(actor)
    with transaction():
        audit(actor, "backup.auto", entity="database", detail=f"{when}: {result.path}")
    return result


def clean_after_killed_runs(database: Path) -> int:
    """Remove what killed backups, exports and imports left beside the database and in
    its backups folder (and the temp folder); bytes freed."""
    folders = [database.parent, backup.backup_folder(database)]
    return clean_leftovers(folders)


def backup_database(
    actor: Actor,
    out: str | os.PathLike | None = None,
    *,
    force: bool = False,
    progress: Progress | None = None,
) -> BackupResult:
    """Copy the open SQLite database to `out` (a file or a folder; default: backups/ beside
    it). Backing up is a general or sales manager's right; the copy is audited, since it
    carries every customer out of the program."""
    if progress is not None:
        progress.step(0, 1)
    if is_sqlite():
        result = backup.backup_database(actor, out, force=force)
    else:  # a server: pg_dump
        result = pg_backup.backup_server(actor, current_target(), out, force=force)
    with transaction():
        audit(actor, "backup", entity="database", detail=str(result.path))
    if progress is not None:
        progress.step(1, 1)
    return result


def restore_database(
    actor: Actor, source: str | os.PathLike, *, progress: Progress | None = None
) -> RestoreResult:
    """Replace the open database with a backup after copying the current one aside.

    The restored database has its own users, so its audit entry names the actor in the
    detail instead of pointing at a user id."""
    if progress is not None:
        progress.step(0, 1)
    result = backup.restore_database(actor, source, progress=progress)
    with transaction():
        audit(
            None,
            "restore",
            entity="database",
            detail=f"{result.source} restored by {actor.username}; "
            f"previous database copied to {result.safety_copy}",
        )
    if progress is not None:
        progress.step(1, 1)
    return result


__all__ = [
    "BackupResult",
    "RestoreResult",
    "backup_database",
    "backup_on_close",
    "clean_after_killed_runs",
    "daily_backup",
    "restore_database",
]
