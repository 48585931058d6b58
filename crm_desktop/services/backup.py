"""Backing up and restoring the SQLite database file, safely while it is in use.

Both use SQLite's online backup API, which copies a consistent snapshot even while
the app (or a colleague's copy of it) has the file open. Every copy is checked with
SQLite's integrity_check before it takes its name: a damaged database is refused
loudly instead of being "backed up". A restore first checks that the file is a
crm-desktop database this version can read, then takes the database's write lock,
copies the database as it is aside while holding it, and only then copies the backup
in, so that nothing committed by another program (an import) can fall in between. PostgreSQL servers have their own tools
(pg_dump / pg_restore); these functions refuse them with a plain message. The backup
job (crm_desktop/jobs/backup.py) calls them and records who took the copy.

An encrypted database (models/cipher.py) is copied encrypted with its own passphrase,
checked through SQLCipher, and restored from a backup encrypted with the same one; a
plain backup restored into an encrypted database is encrypted on the way in.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from crm_desktop.errors import DatabaseOpenError, StorageError, UserError
from crm_desktop.messages import msg
from crm_desktop.models import cipher, close_database, current_target, open_database
from crm_desktop.models.app_lock import lock_holder
from crm_desktop.models.backup_place import BACKUP_FOLDER, auto_backup_folder
from crm_desktop.models.db import (
    BUSY_TIMEOUT_MS,
    DbTarget,
    backup_sqlite,
    inspect_sqlite_file,
    private_folder,
    timestamp,
)
from crm_desktop.models.migrations import CURRENT_VERSION
from crm_desktop.models.storage import lock_wait_seconds, storage_error
from crm_desktop.progress import Progress
from crm_desktop.services.auth import Actor


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


def free_name(folder: Path, stem: str, suffix: str) -> Path:
    path = folder / f"{stem}{suffix}"
    n = 2
    while path.exists():
        path = folder / f"{stem}-{n}{suffix}"
        n += 1
    return path


def default_backup_path(db_path: Path) -> Path:
    """backups/<name>-YYYYMMDD-HHMMSS.db beside the database (a new name every time)."""
    folder = backup_folder(db_path)
    return free_name(folder, f"{db_path.stem}-{timestamp()}", db_path.suffix or ".db")


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def integrity_problem(
    path: Path, *, thorough: bool = True, passphrase: str | None = None
) -> str | None:
    """SQLite's check of a file: None when it is sound, else its first finding.

    `thorough`: integrity_check, which also matches every index against its table;
    else quick_check, which checks every page's structure (a damaged page, a broken
    b-tree) in a sixth of the time: 0.6 s instead of 4.0 s for a 180 MB database.
    An encrypted file is checked through SQLCipher with `passphrase`; SQLCipher's own
    cipher_integrity_check then also verifies every page's HMAC."""
    pragma = "integrity_check(1)" if thorough else "quick_check(1)"
    try:
        con = cipher.connect_file(path, passphrase, readonly=True, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            verdict = con.execute(f"PRAGMA {pragma}").fetchone()[0]
            if verdict == "ok" and passphrase and thorough:
                pages = con.execute("PRAGMA cipher_integrity_check").fetchall()
                if pages:
                    verdict = " ".join(str(row[0]) for row in pages[:1])
        finally:
            con.close()
    except (sqlite3.DatabaseError, *cipher.CIPHER_ERRORS) as exc:
        return str(exc)
    return None if verdict == "ok" else " ".join(str(verdict).split())


def copy_checked(
    source: Path,
    dest: Path,
    *,
    source_name: Path | None = None,
    thorough: bool = True,
    check: bool = True,
    passphrase: str | None = None,
    whole_file: bool = False,
) -> Path:
    """Online backup of `source` to `dest` via a temporary name; a self-contained,
    checked file, readable by the user alone. A damaged source leaves nothing behind.
    `thorough`: integrity_check (a backup asked for), else quick_check (the automatic
    ones, which must stay quick on a 100k-customer database). Without `check` (the
    safety copy before a restore: a damaged database is what one restores over).
    An encrypted `source` (`passphrase`) gives a copy encrypted with the same one;
    with `whole_file` (never while this process holds the database's write lock) it is
    first tried as a plain copy of the file's bytes (`copy_whole_file`)."""
    tmp = dest.with_name(f".{dest.name}.{os.getpid()}.tmp")
    try:
        if not (passphrase and whole_file and copy_whole_file(source, tmp, passphrase)):
            backup_sqlite(source, tmp, passphrase)
        con = cipher.connect_file(tmp, passphrase)
        try:
            # one file, no -wal beside it: safe to copy to a USB stick or mail
            con.execute("PRAGMA journal_mode=DELETE")
        finally:
            con.close()
        problem = (
            integrity_problem(tmp, thorough=thorough, passphrase=passphrase) if check else None
        )
        if problem is not None:
            raise UserError(
                "backup.source_damaged", database=str(source_name or source), reason=problem
            )
        os.replace(tmp, dest)
    except StorageError as exc:
        if exc.code == "storage.damaged":
            raise UserError(
                "backup.source_damaged",
                database=str(source_name or source),
                reason=exc.params.get("detail", ""),
            ) from exc
        raise
    except (sqlite3.Error, *cipher.CIPHER_ERRORS) as exc:
        known = storage_error(exc, str(dest))
        if known is not None and known.code == "storage.damaged":
            raise UserError(
                "backup.source_damaged", database=str(source_name or source), reason=str(exc)
            ) from exc
        raise UserError("backup.copy_failed", path=str(dest), reason=str(exc)) from exc
    except OSError as exc:
        raise UserError(
            "jobs.cannot_write", path=str(dest), reason=exc.strerror or str(exc)
        ) from exc
    finally:
        for leftover in (tmp, Path(f"{tmp}-journal")):
            with contextlib.suppress(OSError):
                leftover.unlink()
    return dest


def copy_whole_file(source: Path, dest: Path, passphrase: str) -> bool:
    """Copy an encrypted database's bytes as they are, when that is a consistent copy:
    after a checkpoint that emptied the WAL, under the write lock (readers go on,
    writers wait the second or two the copy takes). False, with nothing copied, when
    a reader kept the checkpoint from finishing or a writer came in between: the
    caller then uses the backup API, which decrypts and encrypts every page again
    (four times the CPU on the 100k demo)."""
    con = cipher.connect(source, passphrase, timeout=1.0)
    try:
        con.isolation_level = None
        busy = con.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        if busy:
            return False
        con.execute("BEGIN IMMEDIATE")
        try:
            wal = Path(f"{source}-wal")
            if wal.exists() and wal.stat().st_size > 0:
                return False
            fd = os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with open(source, "rb") as src, os.fdopen(fd, "wb") as out:
                shutil.copyfileobj(src, out, 8 << 20)
                out.flush()
                os.fsync(out.fileno())
        finally:
            con.execute("ROLLBACK")
    except (sqlite3.Error, *cipher.CIPHER_ERRORS):
        return False
    finally:
        con.close()
    return True


def backup_database(
    actor: Actor, out: str | os.PathLike | None = None, *, force: bool = False
) -> BackupResult:
    """Copy the open database to `out` (a file or a folder), by default into backups/.

    An existing file is replaced only with `force`: a mistyped name must not destroy a
    workbook or another database. The job records the copy in the audit trail."""
    actor.require("backup", "auth.action_backup")
    started = time.perf_counter()
    target = current_target()
    live = require_sqlite(target)
    if out is None:
        dest = default_backup_path(live)
        private_folder(dest.parent)
    else:
        dest = Path(out).expanduser().absolute()
        if dest.is_dir():
            dest = free_name(dest, f"{live.stem}-{timestamp()}", live.suffix or ".db")
        elif not dest.parent.is_dir():
            raise UserError("jobs.no_folder", path=str(dest), folder=str(dest.parent))
        if dest == live or _same_file(dest, live):
            raise UserError("backup.is_the_database", path=str(dest))
        if dest.exists() and not force:
            raise UserError("backup.exists", path=str(dest))
    copy_checked(live, dest, passphrase=target.passphrase, whole_file=True)
    size = dest.stat().st_size
    return BackupResult(dest, size, time.perf_counter() - started)


def check_backup_file(path: Path, passphrase: str | None = None) -> int:
    """The schema version of a restorable backup; UserError for anything else.

    An encrypted backup opens with `passphrase` (the database's own) or not at all."""
    if not path.exists():
        raise UserError("backup.no_file", path=str(path))
    if path.is_dir():
        raise UserError("backup.is_folder", path=str(path))
    try:
        version = inspect_sqlite_file(path, passphrase)
    except cipher.PassphraseNeeded as exc:
        raise UserError("cipher.backup_encrypted", path=str(path)) from exc
    except cipher.WrongPassphrase as exc:
        raise UserError("cipher.backup_other_passphrase", path=str(path)) from exc
    except DatabaseOpenError as exc:
        raise UserError("backup.not_restored", reason=exc.msg) from exc
    if version is None:
        raise UserError("backup.empty", path=str(path))
    encrypted = cipher.looks_encrypted(path)
    try:
        con = cipher.connect_file(
            path, passphrase if encrypted else None, readonly=True, timeout=BUSY_TIMEOUT_MS / 1000
        )
        try:
            verdict = con.execute("PRAGMA quick_check").fetchone()[0]
        finally:
            con.close()
    except (sqlite3.Error, *cipher.CIPHER_ERRORS) as exc:
        raise UserError("backup.unreadable", path=str(path), reason=str(exc)) from exc
    if verdict != "ok":
        raise UserError("backup.damaged", path=str(path), reason=verdict)
    return version


def refuse_if_held(target: DbTarget) -> None:
    """Refuse while another crm-desktop window has the database open, naming it."""
    holder = lock_holder(target)
    if holder is None:
        return
    if holder.here:
        raise UserError("backup.in_use", pid=str(holder.pid))
    raise UserError("backup.in_use_on", pid=str(holder.pid), host=holder.host)


def _pages(path: Path) -> int:
    with open(path, "rb") as fh:
        header = fh.read(32)
    if header[:16] != cipher.SQLITE_MAGIC:
        return max(1, path.stat().st_size // 4096)  # encrypted: SQLCipher's default page
    size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if size == 1 else size or 4096
    return max(1, path.stat().st_size // page_size)


_BUSY = (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)


def replace_locked(
    live: Path,
    src: Path,
    safety: Path,
    progress: Progress | None = None,
    passphrase: str | None = None,
) -> None:
    """Copy `src` over `live` after copying `live` to `safety`, all under one write lock.

    The backup API takes the destination's write lock at its first step and keeps it
    until the last; between the first step and the second, the database as last
    committed (readers see it; nobody else can commit) is copied to `safety`. A writer
    that was first (an import) commits before, and is in the safety copy; one that comes
    later waits and writes into the restored database. Anything that fails before the
    last step, the safety copy included, rolls the replacement back. An encrypted
    database (`passphrase`) is restored from a backup encrypted with the same one."""
    wait = lock_wait_seconds()
    total = _pages(src)
    # steps smaller than the file: the first one can never be the last
    pages = max(1, min(2048, total // 16))
    state = {"safety": False, "started": time.monotonic()}

    def step(status: int, remaining: int, count: int) -> None:
        if status in _BUSY:
            waited = time.monotonic() - state["started"]
            if waited >= wait:
                raise StorageError("storage.locked", seconds=round(wait))
            if progress is not None:
                progress.step(
                    round(waited),
                    round(wait),
                    msg("storage.waiting", seconds=round(waited), total=round(wait)),
                )
            return
        if not state["safety"]:
            if status == sqlite3.SQLITE_DONE:  # pragma: no cover - guarded by `pages`
                raise AssertionError("the restore finished before its safety copy")
            copy_checked(live, safety, check=False, passphrase=passphrase)
            state["safety"] = True
        if status == sqlite3.SQLITE_DONE:
            return  # committed: a Cancel now would come too late to undo anything
        if progress is not None:
            progress.step(count - remaining, count, msg("backup.restoring"))

    src_con = cipher.connect_file(src, passphrase, readonly=True)
    try:
        dst_con = cipher.connect_file(live, passphrase, timeout=min(1.0, wait))
        try:
            src_con.backup(dst_con, pages=pages, progress=step, sleep=0.05)
        finally:
            dst_con.close()
    finally:
        src_con.close()


def restore_database(
    actor: Actor, source: str | os.PathLike, *, progress: Progress | None = None
) -> RestoreResult:
    """Replace the open database with a backup, after copying the current one aside.

    Nothing changes when the file is not a crm-desktop database, is damaged, comes from
    a newer version, or another crm-desktop window has the database open. A backup
    from an older version is upgraded when reopened. The job records the restore in the
    (restored) database's audit trail.
    """
    actor.require("backup", "auth.action_restore_backup")
    started = time.perf_counter()
    target = current_target()
    live = require_sqlite(target)
    src = Path(source).expanduser().absolute()
    if src == live or _same_file(src, live):
        raise UserError("backup.restore_itself", path=str(src))
    version = check_backup_file(src, target.passphrase)
    refuse_if_held(target)
    folder = private_folder(auto_backup_folder(live))  # beside the automatic backups
    safety = free_name(folder, f"{live.stem}-before-restore-{timestamp()}", ".db")
    encrypted_copy = None
    if target.passphrase and not cipher.looks_encrypted(src):
        # a plain backup (from before the encryption) comes in encrypted, never plain
        encrypted_copy = folder / f".{src.name}.{os.getpid()}.encrypting.tmp"
        with contextlib.suppress(OSError):
            encrypted_copy.unlink()
        cipher.export(src, encrypted_copy, source_key=None, dest_key=target.passphrase)
        src_for_copy = encrypted_copy
    else:
        src_for_copy = src
    close_database()
    try:
        replace_locked(live, src_for_copy, safety, progress, target.passphrase)
    except (sqlite3.Error, *cipher.CIPHER_ERRORS) as exc:
        open_database(target)
        known = storage_error(exc, str(live))
        if known is not None and known.code != "storage.damaged":
            raise known from exc
        raise UserError(
            "backup.restore_failed", path=str(src), reason=str(exc), safety=str(safety)
        ) from exc
    except BaseException:
        open_database(target)
        raise
    finally:
        if encrypted_copy is not None:
            with contextlib.suppress(OSError):
                encrypted_copy.unlink()
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
    "copy_checked",
    "copy_whole_file",
    "free_name",
    "default_backup_path",
    "integrity_problem",
    "refuse_if_held",
    "replace_locked",
    "require_sqlite",
    "restore_database",
]
