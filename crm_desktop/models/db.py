"""Opening the database: where it lives, its pragmas, its schema version and migrations.

`open_database` is the one way in. It checks an existing SQLite file read-only first
(is it SQLite, is it ours, is it from a newer version) so that a refusal changes
nothing; only then does it connect, set WAL and friends, create or migrate the schema.
An encrypted (SQLCipher) file is opened with the passphrase its DbTarget carries
(models/cipher.py); without one, `PassphraseNeeded` lets the front end ask for it.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

import peewee as pw
from platformdirs import user_data_dir

from crm_desktop import APP_NAME
from crm_desktop.errors import DatabaseOpenError, StorageError
from crm_desktop.models import cipher
from crm_desktop.models.base import database
from crm_desktop.models.entities import DbInfo
from crm_desktop.models.storage import (
    BUSY_TIMEOUT_MS,
    CrmCipherDatabase,
    CrmPostgresDatabase,
    CrmSqliteDatabase,
    atomic,
    storage_error,
    translated,
)
from crm_desktop.progress import Progress

ENV_DB = "CRM_DESKTOP_DB"
DEFAULT_FILE = "crm-desktop.db"
SQLITE_MAGIC = cipher.SQLITE_MAGIC
PRIVATE_FILE = 0o600  # the database, its backups: the user's alone
PRIVATE_FOLDER = 0o700

SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "busy_timeout": BUSY_TIMEOUT_MS,
    "synchronous": 1,  # NORMAL: durable at every checkpoint, safe with WAL
    "cache_size": -64_000,  # 64 MB
    # reads through a memory map, not a read() call and a copy per page: a list that
    # seeks 10k+ rows scattered over a large file (the overdue list) takes 30% less time
    "mmap_size": 1 << 30,
    "temp_store": 2,
}


@dataclass(frozen=True)
class DbTarget:
    """Where the data lives: a SQLite file path or a server URL; for an encrypted file,
    the passphrase that opens it (never printed, never compared)."""

    url: str | None = None
    path: Path | None = None
    passphrase: str | None = field(default=None, repr=False, compare=False)

    @property
    def is_sqlite(self) -> bool:
        return self.path is not None

    @property
    def is_encrypted(self) -> bool:
        return self.path is not None and self.passphrase is not None

    def with_passphrase(self, passphrase: str | None) -> DbTarget:
        """The same database, opened with `passphrase` (None: a plain file)."""
        return replace(self, passphrase=passphrase)

    def describe(self) -> str:
        if self.path is not None:
            return str(self.path)
        # never print a password
        url = self.url or ""
        if "@" in url and "://" in url:
            scheme, rest = url.split("://", 1)
            url = f"{scheme}://…@{rest.split('@', 1)[1]}"
        return url


def private_folder(folder: Path) -> Path:
    """Create `folder` (and its parents) readable by the user alone; an existing one is
    left as it is (it may be a shared or synced folder the user chose)."""
    if not folder.is_dir():
        folder.mkdir(parents=True, exist_ok=True, mode=PRIVATE_FOLDER)
        with suppress(OSError):
            os.chmod(folder, PRIVATE_FOLDER)
    return folder


def private_file(path: Path) -> None:
    """Make a file the app created readable by the user alone (SQLite gives its -wal and
    -shm files the database's own mode)."""
    with suppress(OSError):
        os.chmod(path, PRIVATE_FILE)


def default_db_path() -> Path:
    return Path(user_data_dir(APP_NAME, appauthor=False)) / DEFAULT_FILE


def resolve_target(arg: str | os.PathLike | None = None) -> DbTarget:
    """`--db` first, then `CRM_DESKTOP_DB`, then the per-user data folder."""
    value = str(arg) if arg is not None else os.environ.get(ENV_DB) or ""
    if not value:
        path = default_db_path()
        private_folder(path.parent)
        return DbTarget(path=path)
    if "://" in value:
        scheme = value.split("://", 1)[0].lower()
        if scheme.startswith(("postgres", "postgresql")):
            return DbTarget(url=value)
        if scheme == "sqlite":
            return DbTarget(path=Path(value.split("://", 1)[1]).expanduser())
        raise DatabaseOpenError("models.bad_address", scheme=value.split("://", 1)[0])
    return DbTarget(path=Path(value).expanduser())


# --- inspection (read-only) -------------------------------------------------------


def inspect_sqlite_file(path: Path, passphrase: str | None = None) -> int | None:
    """Schema version of an existing crm-desktop file; None when the file is new or empty.

    Raises `DatabaseOpenError` for a file that is not SQLite, not ours, or newer; for an
    encrypted file, `PassphraseNeeded` without `passphrase`, `WrongPassphrase` with a
    wrong one. A plain file is read as plain whatever `passphrase` says.
    """
    from crm_desktop.models.migrations import CURRENT_VERSION

    if not path.exists() or path.stat().st_size == 0:
        return None
    if path.is_dir():
        raise DatabaseOpenError("models.is_folder", path=str(path))
    with open(path, "rb") as fh:
        plain = fh.read(16) == SQLITE_MAGIC
    if not plain:
        if not cipher.looks_encrypted(path):
            raise DatabaseOpenError("models.not_sqlite", path=str(path))
        cipher.require_available(path)
        if not passphrase:
            raise cipher.PassphraseNeeded("cipher.passphrase_needed", path=str(path))
    try:
        con = cipher.connect_file(
            path, None if plain else passphrase, readonly=True, timeout=BUSY_TIMEOUT_MS / 1000
        )
        try:
            tables = {
                r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            if not tables:
                return None
            if "db_info" not in tables:
                raise DatabaseOpenError("models.other_program", path=str(path))
            info = dict(con.execute("SELECT key, value FROM db_info").fetchall())
        finally:
            con.close()
    except (sqlite3.DatabaseError, *cipher.CIPHER_ERRORS) as exc:
        if not plain and cipher.is_not_a_database(exc):  # each key derivation costs 0.2 s
            raise cipher.WrongPassphrase("cipher.wrong_passphrase", path=str(path)) from exc
        known = storage_error(exc, str(path))
        if known is not None:  # damaged, locked, unreadable disk: said as such
            raise DatabaseOpenError(known.msg) from exc
        raise DatabaseOpenError("models.unreadable", path=str(path), detail=str(exc)) from exc
    return _check_info(info, str(path), CURRENT_VERSION)


def _check_info(info: dict[str, str], where: str, current: int) -> int:
    if info.get("app") != APP_NAME:
        raise DatabaseOpenError("models.not_ours", where=where)
    version = int(info.get("schema_version", "0"))
    if version > current:
        raise DatabaseOpenError(
            "models.newer_version", where=where, version=version, current=current
        )
    return version


# --- opening ------------------------------------------------------------------------


def make_sqlite(path: Path | str, passphrase: str | None = None, **options) -> pw.SqliteDatabase:
    """A peewee SQLite handle with our pragmas; writes take the lock at BEGIN (IMMEDIATE),
    and storage trouble is raised as StorageError (models/storage.py). With `passphrase`,
    an encrypted (SQLCipher) file."""
    if passphrase:
        options["passphrase"] = passphrase
    kind = CrmCipherDatabase if passphrase else CrmSqliteDatabase
    return kind(
        str(path),
        pragmas=SQLITE_PRAGMAS,
        lock_type="IMMEDIATE",
        timeout=BUSY_TIMEOUT_MS / 1000,
        # each thread still gets its own connection; an import lends its connection to
        # one mover thread, and touches it only while that thread is idle
        check_same_thread=False,
        **options,
    )


def open_database(
    target: DbTarget | str | os.PathLike | None = None,
    on_upgrade: Callable[[int], object] | None = None,
) -> pw.Database:
    """Bind the models to the chosen database, creating or upgrading its schema.
    `on_upgrade(version)` is told before an older schema is upgraded: the backup and
    the steps may take a while (a 100k-customer file: half a minute), and the window
    says so instead of staying blank."""
    from crm_desktop.models import migrations

    if not isinstance(target, DbTarget):
        target = resolve_target(target)
    close_database()
    if target.is_sqlite:
        path = target.path
        assert path is not None
        if not path.parent.is_dir():
            raise DatabaseOpenError("models.folder_missing", folder=str(path.parent))
        version = inspect_sqlite_file(path, target.passphrase)
        if not path.exists():  # a new file: the user's alone from its first byte
            with suppress(OSError):
                os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE))
            private_file(path)
        if target.passphrase and not cipher.looks_encrypted(path):
            target = target.with_passphrase(None)  # a plain file stays plain
        db: pw.Database = make_sqlite(path, target.passphrase)
    else:
        from playhouse.db_url import parse

        try:
            db = CrmPostgresDatabase(**parse(target.url or ""))
        except Exception as exc:  # bad URL syntax
            raise DatabaseOpenError(
                "models.bad_url", where=target.describe(), detail=str(exc)
            ) from exc
        version = None
    database.initialize(db)
    try:
        db.connect(reuse_if_open=True)
    except StorageError as exc:
        database.initialize(None)
        if exc.code == "storage.server_gone":  # never connected: nothing was lost
            raise DatabaseOpenError(
                "models.server_unreachable", where=target.describe(), detail=exc.params["detail"]
            ) from exc
        raise
    except pw.OperationalError as exc:
        database.initialize(None)
        raise DatabaseOpenError(
            "models.cannot_open", where=target.describe(), detail=str(exc)
        ) from exc
    try:
        if not target.is_sqlite:
            version = _server_version(db, target)
        if version is None:
            migrations.create_schema(db)
        elif version < migrations.CURRENT_VERSION:
            if on_upgrade is not None:
                on_upgrade(version)
            migrations.upgrade(db, target, version)
        migrations.ensure_bootstrap(db)
    except StorageError:
        close_database()
        raise
    except pw.OperationalError as exc:
        close_database()
        raise DatabaseOpenError(
            "models.cannot_open", where=target.describe(), detail=str(exc)
        ) from exc
    db.crm_target = target  # type: ignore[attr-defined]
    return db


def _server_version(db: pw.Database, target: DbTarget) -> int | None:
    from crm_desktop.models.migrations import CURRENT_VERSION

    tables = set(db.get_tables())
    if not tables:
        return None
    if "db_info" not in tables:
        raise DatabaseOpenError("models.server_other_program", where=target.describe())
    info = {r.key: r.value for r in DbInfo.select()}
    return _check_info(info, target.describe(), CURRENT_VERSION)


def close_database() -> None:
    db = database.obj
    if db is not None and not db.is_closed():
        db.close()
    while _flush_fds:  # SQLite has let go of the file: our descriptors may go too
        with suppress(OSError):
            os.close(_flush_fds.popitem()[1])


_flush_fds: dict[str, int] = {}  # database file -> a descriptor of ours, for flushing


def flush_written_pages() -> None:
    """Have the disk take what SQLite has written of the database file so far, in the
    middle of a large write transaction: its commit, which must wait for the disk, then
    has less to wait for (100k imported customers: 150 MB written before the commit).

    The descriptor is our own and stays open until the database is closed: closing
    any descriptor of a file drops every POSIX lock the process holds on it, SQLite's
    included. Where the system cannot do it, the commit syncs everything as before.
    """
    if not is_sqlite():
        return
    path = current_target().path
    if path is None:
        return
    key = str(path)
    try:
        fd = _flush_fds.get(key)
        if fd is None:
            fd = _flush_fds[key] = os.open(key, os.O_RDONLY)
        (getattr(os, "fdatasync", None) or os.fsync)(fd)
    except OSError:
        pass


def current_target() -> DbTarget:
    db = database.obj
    if db is None:
        raise DatabaseOpenError("models.none_open")
    return db.crm_target


def is_sqlite() -> bool:
    return isinstance(database.obj, pw.SqliteDatabase)


def transaction(progress: Progress | None = None):
    """One write transaction (BEGIN IMMEDIATE on SQLite); nested calls become savepoints.

    Storage trouble inside it (raw connection use included) is raised as StorageError;
    while another writer holds the lock, BEGIN waits and tells `progress` each second.
    """
    return atomic(database.obj, progress)


@contextmanager
def planner_settings(*settings: str) -> Iterator[None]:
    """PostgreSQL: the statements inside run in one transaction whose planner has these
    settings (`SET LOCAL`, e.g. "enable_seqscan = off"), for a query its estimates lead
    astray; nothing on SQLite, whose planner has no such settings."""
    if is_sqlite():
        yield
        return
    with transaction():
        for setting in settings:
            database.execute_sql(f"SET LOCAL {setting}")
        yield


@contextmanager
def rollback_journal_when_alone() -> Iterator[bool]:
    """Around one large write transaction on SQLite (outside it): the rollback journal
    instead of the WAL, when this connection has the file to itself; yields whether it
    switched.

    In WAL mode every page a transaction writes is written twice: to the WAL, then by
    the checkpoint into the file. With a rollback journal, pages the file did not have
    before go straight into it and only the pages it had are journaled: 100k imported
    customers commit in 0.4 s instead of 1.0 s. A crash or a kill midway leaves a hot
    journal that the next open rolls back, as it would the WAL. synchronous is FULL
    meanwhile, as a rollback journal needs to be safe from a power cut, and the WAL
    comes back at the end, even after an error. When another connection is open (the
    app's own, another process) SQLite refuses the switch at once and nothing changes.
    """
    if not is_sqlite():
        yield False
        return
    try:
        mode = database.execute_sql("PRAGMA journal_mode = DELETE").fetchone()[0]
    except (StorageError, pw.OperationalError):  # locked: someone else has it open
        mode = "wal"
    if mode != "delete":
        yield False
        return
    synchronous = database.execute_sql("PRAGMA synchronous").fetchone()[0]
    database.execute_sql("PRAGMA synchronous = FULL")
    try:
        yield True
    finally:
        database.execute_sql(f"PRAGMA synchronous = {int(synchronous)}")
        database.execute_sql("PRAGMA journal_mode = WAL")


def bulk_insert(table: str, columns: Sequence[str], rows: Iterable[Sequence]) -> int:
    """Insert many rows of raw database values fast: executemany, or COPY on PostgreSQL.

    Measured 14–17× faster than peewee's insert_many for 100k rows (MEASURED.md). The
    caller converts values (money to fen, dates to ISO text) and holds the transaction.
    """
    cols = ", ".join(f'"{c}"' for c in columns)
    count = 0
    if is_sqlite():
        marks = ", ".join("?" for _ in columns)
        sql = f'INSERT INTO "{table}" ({cols}) VALUES ({marks})'
        conn = database.connection()
        batch: list[Sequence] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= 50_000:
                conn.executemany(sql, batch)
                count += len(batch)
                batch.clear()
        if batch:
            conn.executemany(sql, batch)
            count += len(batch)
        return count
    from crm_desktop.models.pg_copy import copy_rows

    return copy_rows(database.cursor(), table, columns, rows)


def backup_sqlite(source: Path | str, dest: Path | str, passphrase: str | None = None) -> Path:
    """Copy a live SQLite database with the online backup API (safe while in use, WAL
    included). An encrypted database (`passphrase`) gives a copy encrypted with it."""
    dest = Path(dest)
    with translated(str(dest)):  # a full disk or a read-only folder says so
        if dest.parent.is_dir() and not dest.exists():
            os.close(os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE))
        private_file(dest)
        src = cipher.connect_file(source, passphrase, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            out = cipher.connect_file(dest, passphrase)
            try:
                src.backup(out)
            finally:
                out.close()
        finally:
            src.close()
    return dest


def timestamp() -> str:
    return datetime.now().strftime("%Y%m%d-%H%M%S")
