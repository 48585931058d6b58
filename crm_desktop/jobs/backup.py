"""Back up the database to a file, or restore it from one, and record who did it."""

from __future__ import annotations

import os
from pathlib import Path

from crm_desktop.models import transaction
from crm_desktop.progress import Progress
from crm_desktop.services import backup
from crm_desktop.services.auth import Actor
from crm_desktop.services.backup import BackupResult, RestoreResult
from crm_desktop.services.customers import audit
from crm_desktop.services.leftovers import clean_leftovers


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
    result = backup.backup_database(actor, out, force=force)
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
    "clean_after_killed_runs",
    "restore_database",
]
