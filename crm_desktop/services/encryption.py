"""Encryption at rest: unlocking an encrypted database, encrypting and decrypting one.

Unlocking counts wrong passphrases as logins count wrong passwords (services/auth.py):
after FREE_TRIES in a row each try waits longer, and the next opening writes the
wrong tries into the audit log. The count is kept in a small file beside the database
(the database itself cannot be read without the passphrase).

A conversion never leaves a half-converted file. Under the database's write lock
(nobody can commit meanwhile; readers go on), the whole database is written into a
new file beside it with `sqlcipher_export`, checked, and backed up (encrypted, when
either side is); only then does the new file take the database's name with one
atomic rename, and the database is opened again. Anything that fails before the
rename leaves the database as it was. Like a restore, it is refused while another
crm-desktop window has the database open.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from crm_desktop.errors import StorageError, UserError
from crm_desktop.models import cipher, close_database, current_target, open_database, transaction
from crm_desktop.models.app_lock import lock_holder
from crm_desktop.models.db import DbTarget, private_file, private_folder, timestamp
from crm_desktop.models.storage import lock_wait_seconds, storage_error
from crm_desktop.progress import Progress
from crm_desktop.services.auth import Actor, wait_after
from crm_desktop.services.backup import (
    backup_folder,
    copy_checked,
    free_name,
    integrity_problem,
    require_sqlite,
)

TRIES_SUFFIX = ".unlock-tries"


# --- unlocking ----------------------------------------------------------------------


def _tries_file(path: Path) -> Path:
    return path.with_name(f".{path.name}{TRIES_SUFFIX}")


def failed_unlocks(path: Path) -> tuple[int, datetime | None]:
    """Wrong passphrases in a row for the file at `path`, and when the last one was."""
    try:
        data = json.loads(_tries_file(path).read_text(encoding="utf-8"))
        last = datetime.fromisoformat(data["last"]) if data.get("last") else None
        return int(data.get("count", 0)), last
    except (OSError, ValueError, KeyError, TypeError):
        return 0, None


def _save_tries(path: Path, count: int, last: datetime | None) -> None:
    tries = _tries_file(path)
    try:
        if count == 0:
            tries.unlink(missing_ok=True)
            return
        data = {"count": count, "last": last.isoformat() if last else None}
        tries.write_text(json.dumps(data), encoding="utf-8")
        private_file(tries)
    except OSError:  # a read-only folder: the count is only kept in memory
        pass


def remaining_wait(path: Path, now: datetime | None = None) -> int:
    """Seconds before the next try is allowed (0: now)."""
    count, last = failed_unlocks(path)
    wait = wait_after(count)
    if not wait or last is None:
        return 0
    left = (last + timedelta(seconds=wait) - (now or datetime.now())).total_seconds()
    return max(0, int(left + 0.999))


@contextlib.contextmanager
def _counted(path: Path) -> Iterator[None]:
    """Around one try of a passphrase: refused while a wait runs; a wrong one counted
    (and, after FREE_TRIES, said with the wait it starts)."""
    wait = remaining_wait(path)
    if wait:
        raise cipher.WrongPassphrase("cipher.wait", seconds=str(wait))
    try:
        yield
    except cipher.WrongPassphrase:
        count = failed_unlocks(path)[0] + 1
        _save_tries(path, count, datetime.now())
        if wait_after(count):
            raise cipher.WrongPassphrase(
                "cipher.wrong_passphrase_wait", count=count, seconds=str(wait_after(count))
            ) from None
        raise


def _checked_path(target: DbTarget, passphrase: str | None) -> Path:
    path = require_sqlite(target)
    cipher.require_available(path)
    if not passphrase:
        raise cipher.PassphraseNeeded("cipher.passphrase_needed", path=str(path))
    return path


def unlock(target: DbTarget, passphrase: str | None) -> DbTarget:
    """`target` with a passphrase that opens its encrypted file; WrongPassphrase else.

    While a wait after wrong tries is running the passphrase is not even tried."""
    path = _checked_path(target, passphrase)
    with _counted(path):
        cipher.check_passphrase(path, passphrase or "")
    return target.with_passphrase(passphrase)


def open_encrypted(
    target: DbTarget, passphrase: str | None, on_upgrade: Callable[[int], object] | None = None
):
    """Open an encrypted database with `passphrase` (counting wrong ones); the wrong
    tries before this opening go into its audit log, and the count starts again
    (`on_upgrade`: as `open_database`)."""
    from crm_desktop.services.customers import audit

    path = _checked_path(target, passphrase)
    unlocked = target.with_passphrase(passphrase)
    with _counted(path):
        db = open_database(unlocked, on_upgrade)
    count, last = failed_unlocks(path)
    if count:
        with transaction():
            audit(
                None,
                "unlock.failed",
                entity="database",
                count=count,
                detail=f"{count} wrong passphrase(s) before this opening; "
                f"the last at {last:%Y-%m-%d %H:%M:%S}"
                if last
                else f"{count} wrong passphrase(s) before this opening",
            )
        _save_tries(path, 0, None)
    return db


def create_encrypted(target: DbTarget, passphrase: str) -> DbTarget:
    """Create a new database encrypted from its first page with `passphrase`, with the
    schema and first account of any new database, and open it: no plain copy of it
    ever exists. Refused when the file is already there (encrypt that one instead).

    Returns the target that opens it. Anything failing removes the new file."""
    path = require_sqlite(target)
    cipher.require_available(path)
    cipher.check_new_passphrase(passphrase)
    if path.exists() and (path.is_dir() or path.stat().st_size > 0):
        raise UserError("cipher.create_exists", path=str(path))
    if not path.parent.is_dir():
        raise UserError("cipher.create_no_folder", folder=str(path.parent))
    unlocked = target.with_passphrase(passphrase)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
        os.close(fd)
        private_file(path)
        con = cipher.connect(path, passphrase)
        try:  # one page written under the key: from now on the file reads as encrypted
            con.execute("CREATE TABLE crm_new_file (x)")
            con.execute("DROP TABLE crm_new_file")
            con.commit()
        finally:
            con.close()
        open_database(unlocked)
    except BaseException:
        close_database()
        for name in (str(path), f"{path}-wal", f"{path}-shm", f"{path}-journal"):
            with contextlib.suppress(OSError):
                Path(name).unlink()
        raise
    return unlocked


# --- converting ---------------------------------------------------------------------


ENCRYPT, DECRYPT, REKEY = "encrypt", "decrypt", "passphrase"


@dataclass(frozen=True)
class ConversionResult:
    database: Path
    encrypted: bool  # what the database is now
    backup: Path  # taken before the rename (encrypted whenever either side is)
    plain_backups: list[Path]  # earlier backups that stay readable by anyone
    seconds: float
    kind: str = ENCRYPT  # ENCRYPT, DECRYPT or REKEY (a new passphrase)
    # after a new passphrase: the earlier encrypted backups, which keep the old one
    old_key_backups: list[Path] = field(default_factory=list)


@dataclass
class Conversion:
    """A converted copy, checked and backed up, waiting beside the database while its
    write lock is held: `commit()` puts it in place, `abort()` leaves all as it was."""

    target: DbTarget
    passphrase: str | None  # the new one (None: decrypting)
    new_file: Path
    backup: Path
    started: float
    _guard: object = field(repr=False)
    data_version: int = 0  # the database's, when its copy was made
    done: bool = False
    kind: str = ENCRYPT

    def commit(self) -> ConversionResult:
        """Rename the new file over the database (atomic), let go of the lock, open the
        converted database. Call it on the thread whose connection the app uses.

        Only when nobody else has the file open: a program that opened it before the
        rename would go on writing into the old file, and its writes would be lost."""
        live = require_sqlite(self.target)
        close_database()
        try:
            self._take_alone(live)
            os.replace(self.new_file, live)
        except (UserError, OSError, sqlite3.Error, *cipher.CIPHER_ERRORS) as exc:
            self.abort()
            open_database(self.target)
            if isinstance(exc, UserError):
                raise
            reason = exc.strerror if isinstance(exc, OSError) else None
            raise UserError("cipher.convert_failed", reason=reason or str(exc)) from exc
        self.done = True
        _fsync_folder(live.parent)
        self._release()
        # the replaced file's WAL and shared memory: never to be read with the new one
        for suffix in ("-wal", "-shm"):
            with contextlib.suppress(OSError):
                Path(f"{live}{suffix}").unlink()
        new_target = self.target.with_passphrase(self.passphrase)
        open_database(new_target)
        plain: list[Path] = []
        if self.passphrase is not None:
            plain = plain_backups(live)
        old_key: list[Path] = []
        if self.kind == REKEY:
            old_key = [p for p in encrypted_backups(live) if p.resolve() != self.backup.resolve()]
        return ConversionResult(
            database=live,
            encrypted=self.passphrase is not None,
            backup=self.backup,
            plain_backups=plain,
            seconds=time.perf_counter() - self.started,
            kind=self.kind,
            old_key_backups=old_key,
        )

    def _take_alone(self, live: Path) -> None:
        """The database to ourselves: its rollback journal instead of the WAL (which
        SQLite allows only to the one connection that has the file open), then its
        exclusive lock; UserError when another program has it open or wrote to it
        since the copy was made."""
        guard = self._guard
        guard.execute("ROLLBACK")
        try:
            mode = guard.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
        except (sqlite3.Error, *cipher.CIPHER_ERRORS):
            mode = "wal"
        if str(mode).lower() != "delete":
            raise UserError("cipher.in_use_program", path=str(live))
        guard.execute("BEGIN EXCLUSIVE")
        if guard.execute("PRAGMA data_version").fetchone()[0] != self.data_version:
            raise UserError("cipher.changed_meanwhile", path=str(live))

    def abort(self) -> None:
        """Drop the new file, its backup and the lock; the database stays as it was (a
        backup encrypted with a passphrase never put to use would only confuse)."""
        self._release()
        if not self.done:
            for path in (self.new_file, self.backup):
                if path.name:
                    with contextlib.suppress(OSError):
                        path.unlink()

    def _release(self) -> None:
        guard = self._guard
        if guard is None:
            return
        self._guard = None
        with contextlib.suppress(sqlite3.Error, *cipher.CIPHER_ERRORS):
            guard.execute("ROLLBACK")
        if not self.done:  # the database stays: with its WAL again
            with contextlib.suppress(sqlite3.Error, *cipher.CIPHER_ERRORS):
                guard.execute("PRAGMA journal_mode = WAL")
        with contextlib.suppress(sqlite3.Error, *cipher.CIPHER_ERRORS):
            guard.close()


def _fsync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _refuse_if_held(target: DbTarget) -> None:
    holder = lock_holder(target)
    if holder is None:
        return
    if holder.here:
        raise UserError("cipher.in_use", pid=str(holder.pid))
    raise UserError("cipher.in_use_on", pid=str(holder.pid), host=holder.host)


def _write_lock(live: Path, passphrase: str | None):
    """A connection holding the database's write lock (BEGIN IMMEDIATE), waiting for
    another writer as long as any write does."""
    wait = lock_wait_seconds()
    guard = cipher.connect_file(live, passphrase, timeout=wait, check_same_thread=False)
    guard.isolation_level = None
    try:
        guard.execute("BEGIN IMMEDIATE")
    except (sqlite3.Error, *cipher.CIPHER_ERRORS) as exc:
        guard.close()
        known = storage_error(exc, str(live))
        if known is not None and known.code == "storage.locked":
            raise StorageError("storage.locked", seconds=round(wait)) from exc
        raise known or exc from exc
    return guard


def start_conversion(
    actor: Actor, passphrase: str | None, progress: Progress | None = None
) -> Conversion:
    """Encrypt the open database with `passphrase` (None: decrypt it) into a new file
    beside it, check it and back it up; the database is not touched yet.

    The general manager's right. Nothing changes when the database is on a server,
    already in the form asked for, held by another window, or the copy fails."""
    actor.require("user.manage", "cipher.action_convert")
    target = current_target()
    require_sqlite(target)
    if passphrase is not None:
        cipher.require_available()
        cipher.check_new_passphrase(passphrase)
        if target.passphrase:
            raise UserError("cipher.already_encrypted")
    elif not target.passphrase:
        raise UserError("cipher.not_encrypted")
    return _start(target, passphrase, ENCRYPT if passphrase is not None else DECRYPT, progress)


def start_rekey(actor: Actor, new_passphrase: str, progress: Progress | None = None) -> Conversion:
    """Give the open encrypted database a new passphrase: a copy encrypted with it,
    checked and backed up, then put in place as a conversion is (`Conversion.commit`).

    Not `PRAGMA rekey`, which rewrites every page of the live file in place: nothing
    can be checked before the old key is gone, and a crash, kill or full disk midway
    leaves a file that only its journal (replayed under the right key) can repair. A
    new file, checked, backed up and put in place with one atomic rename leaves the
    database either as it was or with the new passphrase, with the same lock and
    checks as a conversion (one tested path for the three). The cost: room for one
    more copy while it runs, and the time of an export instead of a rewrite.
    """
    actor.require("user.manage", "cipher.action_rekey")
    target = current_target()
    require_sqlite(target)
    if not target.passphrase:
        raise UserError("cipher.rekey_not_encrypted")
    cipher.require_available()
    cipher.check_new_passphrase(new_passphrase)
    if new_passphrase == target.passphrase:
        raise UserError("cipher.same_passphrase")
    return _start(target, new_passphrase, REKEY, progress)


def _start(
    target: DbTarget, passphrase: str | None, kind: str, progress: Progress | None
) -> Conversion:
    """The converted copy (encrypted with `passphrase`, or plain), checked and backed up,
    under the database's write lock; anything failing leaves the database as it was."""
    started = time.perf_counter()
    live = require_sqlite(target)
    _refuse_if_held(target)
    steps = 4
    label = cipher_text("cipher.ui_rekeying" if kind == REKEY else "cipher.ui_converting")
    if progress is not None:
        progress.step(0, steps, label)
    new_file = live.with_name(f".{live.name}.{os.getpid()}.converting.tmp")
    with contextlib.suppress(OSError):
        new_file.unlink()
    guard = _write_lock(live, target.passphrase)
    conversion = Conversion(target, passphrase, new_file, Path(), started, guard, kind=kind)
    conversion.data_version = guard.execute("PRAGMA data_version").fetchone()[0]
    try:
        cipher.export(live, new_file, source_key=target.passphrase, dest_key=passphrase)
        if progress is not None:
            progress.step(1, steps, label)
        problem = integrity_problem(new_file, thorough=False, passphrase=passphrase)
        if problem is not None:
            raise UserError("cipher.convert_failed", reason=problem)
        if progress is not None:
            progress.step(2, steps, label)
        folder = private_folder(backup_folder(live))
        backup = free_name(folder, f"{live.stem}-before-{kind}-{timestamp()}", live.suffix or ".db")
        if passphrase is not None:  # the copy is encrypted: the new file, as it is
            copy_checked(new_file, backup, thorough=False, passphrase=passphrase)
        else:  # the database as it is: still encrypted
            copy_checked(live, backup, thorough=False, passphrase=target.passphrase)
        conversion.backup = backup
        if progress is not None:
            progress.step(3, steps, label)
    except (sqlite3.Error, *cipher.CIPHER_ERRORS) as exc:
        conversion.abort()
        known = storage_error(exc, str(new_file))
        if known is not None and known.code != "storage.damaged":
            raise known from exc
        raise UserError("cipher.convert_failed", reason=str(exc)) from exc
    except OSError as exc:
        conversion.abort()
        raise UserError("cipher.convert_failed", reason=exc.strerror or str(exc)) from exc
    except BaseException:
        conversion.abort()
        raise
    return conversion


def plain_backups(db_path: Path) -> list[Path]:
    """The backups of this database, in its backup folders, that are not encrypted."""
    return _backups(db_path, encrypted=False)


def encrypted_backups(db_path: Path) -> list[Path]:
    """The backups of this database, in its backup folders, that are encrypted (with
    the passphrase it had when each was made: only that one opens it)."""
    return _backups(db_path, encrypted=True)


def _backups(db_path: Path, *, encrypted: bool) -> list[Path]:
    from crm_desktop.services.backup_rotation import auto_folder

    found: dict[Path, Path] = {}
    for folder in (auto_folder(db_path), backup_folder(db_path)):
        try:
            entries = list(folder.iterdir())
        except OSError:
            continue
        for path in entries:
            if path.name.startswith(".") or path.suffix != ".db" or not path.is_file():
                continue
            if cipher.looks_encrypted(path):
                if encrypted:
                    found.setdefault(path.resolve(), path)
                continue
            if encrypted:
                continue
            with contextlib.suppress(OSError), open(path, "rb") as fh:
                if fh.read(16) == cipher.SQLITE_MAGIC:
                    found.setdefault(path.resolve(), path)
    return sorted(found.values())


def cipher_text(code: str) -> str:
    from crm_desktop.messages import render

    return render(code)


__all__ = [
    "DECRYPT",
    "ENCRYPT",
    "REKEY",
    "Conversion",
    "ConversionResult",
    "create_encrypted",
    "encrypted_backups",
    "failed_unlocks",
    "open_encrypted",
    "plain_backups",
    "remaining_wait",
    "start_conversion",
    "start_rekey",
    "unlock",
]
