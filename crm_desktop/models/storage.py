"""Storage trouble the user can act on, turned into StorageError in one place.

The database handles `open_database` makes (`CrmSqliteDatabase`, `CrmPostgresDatabase`)
pass every statement, BEGIN, COMMIT and ROLLBACK through `storage_error`: a locked
file, a full disk, a read-only file or folder, a damaged file and a lost server reach
every service, the CLI and the GUI as a `StorageError` with a plain message instead of
a driver's traceback. Anything else (a constraint, a syntax error) stays what it is: a
bug of ours or a rule the caller handles.

A write on SQLite takes the lock at BEGIN IMMEDIATE. When another program (or an
import) holds it, BEGIN is retried for up to `lock_wait_seconds()`, one second at a
time, and each second is reported to the Progress given to `transaction(progress)`;
only then does the user get `storage.locked`.
"""

from __future__ import annotations

import errno
import os
import random
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

import peewee as pw

from crm_desktop.errors import Conflict, StorageError
from crm_desktop.messages import msg
from crm_desktop.models.cipher import CIPHER_ERRORS
from crm_desktop.models.cipher import connect as cipher_connect
from crm_desktop.models.pg_copy import settle as settle_copies
from crm_desktop.progress import Progress

ENV_LOCK_WAIT = "CRM_DESKTOP_LOCK_WAIT"
LOCK_WAIT_SECONDS = 30.0  # how long a write waits for another writer before giving up
LOCK_WAIT_STEP_MS = 1000  # one BEGIN attempt waits this long; progress is told after each
BUSY_TIMEOUT_MS = 5000  # any other statement waits this long for a lock

# SQLite's primary result codes (the low byte of an extended code)
_SQLITE_CODES = {
    5: "storage.locked",  # SQLITE_BUSY
    8: "storage.read_only",  # SQLITE_READONLY
    10: "storage.io_error",  # SQLITE_IOERR
    11: "storage.damaged",  # SQLITE_CORRUPT
    13: "storage.disk_full",  # SQLITE_FULL
    14: "storage.io_error",  # SQLITE_CANTOPEN
    26: "storage.damaged",  # SQLITE_NOTADB
}
# the same by the driver's text, for a driver that does not carry the code
_SQLITE_TEXTS = (
    ("database is locked", "storage.locked"),
    ("database or disk is full", "storage.disk_full"),
    ("readonly database", "storage.read_only"),
    ("disk image is malformed", "storage.damaged"),
    ("file is not a database", "storage.damaged"),
    ("disk i/o error", "storage.io_error"),
    ("unable to open database file", "storage.io_error"),
)
_OS_CODES = {
    errno.ENOSPC: "storage.disk_full",
    errno.EDQUOT: "storage.disk_full",
    errno.EROFS: "storage.read_only",
    errno.EACCES: "storage.read_only",
    errno.EPERM: "storage.read_only",
    errno.EIO: "storage.io_error",
}
# PostgreSQL SQLSTATEs: the connection is gone (class 08, the server shutting down),
# the server's disk is full, the server or transaction is read-only
_PG_GONE_PREFIXES = ("08", "57P01", "57P02", "57P03")
_PG_CODES = {"53100": "storage.disk_full", "25006": "storage.read_only"}

# What the app's queries need of a PostgreSQL session, set on every connection: the
# receivables aging sorts and hashes more than the default 4 MB and spilled to disk
# (1.44 s -> 0.99 s on 100k customers); JIT compiling added 71 ms to the overdue list,
# whose queries are short. No parallel workers: a team's server answers several clients
# at once, and a query's workers take the cores the others wait for (100k demo, 2 cores,
# 4 clients searching: p95 307-373 -> 168-287 ms; one client's searches and the aging
# no slower).
POSTGRES_SESSION = {"work_mem": "64MB", "jit": "off", "max_parallel_workers_per_gather": "0"}


def lock_wait_seconds() -> float:
    """How long a write waits for the lock: $CRM_DESKTOP_LOCK_WAIT seconds, else 30."""
    try:
        return max(0.0, float(os.environ.get(ENV_LOCK_WAIT, LOCK_WAIT_SECONDS)))
    except ValueError:
        return LOCK_WAIT_SECONDS


def _driver_error(exc: BaseException) -> BaseException:
    """The driver's own exception behind peewee's wrapper (peewee puts it first in args)."""
    for _ in range(5):
        inner = getattr(exc, "orig", None)
        if inner is None and exc.args and isinstance(exc.args[0], BaseException):
            inner = exc.args[0]
        if inner is None and isinstance(exc, pw.PeeweeException):
            inner = exc.__cause__ or exc.__context__
        if not isinstance(inner, BaseException) or inner is exc:
            return exc
        exc = inner
    return exc


def _detail(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0].strip() if text else type(exc).__name__


def _sqlite_code(exc: BaseException) -> str | None:
    number = getattr(exc, "sqlite_errorcode", None)
    if isinstance(number, int) and (number & 0xFF) in _SQLITE_CODES:
        return _SQLITE_CODES[number & 0xFF]
    text = str(exc).lower()
    for words, code in _SQLITE_TEXTS:
        if words in text:
            return code
    return None


def _postgres_code(exc: BaseException) -> str | None:
    state = getattr(exc, "pgcode", None) or ""
    if state in _PG_CODES:
        return _PG_CODES[state]
    if state.startswith(_PG_GONE_PREFIXES):
        return "storage.server_gone"
    if not state and type(exc).__name__ in ("OperationalError", "InterfaceError"):
        return "storage.server_gone"  # "server closed the connection", "connection already closed"
    return None


def storage_error(
    exc: BaseException, where: str, *, waited: float | None = None
) -> StorageError | None:
    """The StorageError that `exc` means for the user, or None when it is not one.

    `where` names the database (a file path, or host/database without a password);
    `waited` is how long a lock was waited for, when it was.
    """
    if isinstance(exc, StorageError):
        return exc
    orig = _driver_error(exc)
    if isinstance(orig, OSError) and not isinstance(orig, sqlite3.Error):
        code = _OS_CODES.get(orig.errno or 0)
    elif type(orig).__module__.startswith("psycopg2"):
        code = _postgres_code(orig)
    elif isinstance(orig, (sqlite3.Error, pw.PeeweeException, *CIPHER_ERRORS)):
        code = _sqlite_code(orig)
    else:
        code = None
    if code is None:
        return None
    detail = _detail(orig)
    if code == "storage.locked":
        seconds = waited if waited is not None else BUSY_TIMEOUT_MS / 1000
        return StorageError(code, seconds=round(seconds))
    if code == "storage.server_gone":
        return StorageError(code, detail=detail)
    return StorageError(code, where=where, detail=detail)


# --- the handles --------------------------------------------------------------------

_DRIVER_ERRORS: tuple[type[BaseException], ...] = (
    pw.PeeweeException,
    sqlite3.Error,
    *CIPHER_ERRORS,
)
try:  # PostgreSQL's driver is optional for a SQLite-only install
    import psycopg2

    _DRIVER_ERRORS = (*_DRIVER_ERRORS, psycopg2.Error)
except ImportError:  # pragma: no cover - psycopg2 is a dependency
    pass

# the Progress a waiting BEGIN reports to: set by `transaction(progress)` around its BEGIN
_waiting_progress: ContextVar[Progress | None] = ContextVar("waiting_progress", default=None)


class _StorageErrors:
    """Mixin for a peewee Database: driver errors the user can act on become StorageError."""

    def where(self) -> str:  # pragma: no cover - each handle says
        raise NotImplementedError

    def _translated(self, exc: BaseException) -> BaseException:
        return storage_error(exc, self.where()) or exc

    def connect(self, reuse_if_open: bool = False) -> bool:
        try:
            return super().connect(reuse_if_open)  # type: ignore[misc]
        except _DRIVER_ERRORS as exc:
            raise self._translated(exc) from exc

    def execute_sql(self, sql, params=None):
        try:
            return super().execute_sql(sql, params)  # type: ignore[misc]
        except _DRIVER_ERRORS as exc:
            error = self._translated(exc)
            if error is exc:
                raise
            raise error from exc

    def commit(self):
        try:
            return super().commit()  # type: ignore[misc]
        except _DRIVER_ERRORS as exc:
            error = self._translated(exc)
            if error is exc:
                raise
            raise error from exc


class CrmSqliteDatabase(_StorageErrors, pw.SqliteDatabase):
    """SQLite with StorageError for what the user can act on, and a patient BEGIN."""

    def where(self) -> str:
        return str(self.database)

    def begin(self, lock_type=None):
        """BEGIN (IMMEDIATE), retried a second at a time while another writer holds the
        lock, telling the waiting Progress after each second, until the wait is over."""
        total = lock_wait_seconds()
        progress = _waiting_progress.get()
        started = time.monotonic()
        conn = self.connection()
        conn.execute(f"PRAGMA busy_timeout = {min(LOCK_WAIT_STEP_MS, int(total * 1000))}")
        try:
            while True:
                try:
                    return super().begin(lock_type)
                except _DRIVER_ERRORS as exc:
                    error = self._translated(exc)
                    if not (isinstance(error, StorageError) and error.code == "storage.locked"):
                        if error is exc:
                            raise
                        raise error from exc
                    waited = time.monotonic() - started
                    if waited >= total:
                        raise StorageError("storage.locked", seconds=round(total)) from exc
                if progress is not None:
                    shown = msg("storage.waiting", seconds=round(waited), total=round(total))
                    progress.step(round(waited), round(total), shown)
        finally:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")

    def rollback(self):
        conn = self._state.conn
        if conn is not None and not conn.in_transaction:
            return None  # SQLite rolled back by itself (a full disk, an I/O error)
        try:
            return super().rollback()
        except _DRIVER_ERRORS as exc:
            error = self._translated(exc)
            if error is exc:
                raise
            raise error from exc


class CrmCipherDatabase(CrmSqliteDatabase):
    """An encrypted (SQLCipher) file: each connection comes from sqlcipher3 and sets the
    key before anything else; everything else (pragmas, lock waits, StorageError, FTS5,
    the JSON functions) is CrmSqliteDatabase's, as sqlcipher3 carries its own SQLite."""

    def __init__(self, database, *args, passphrase: str = "", **kwargs) -> None:
        self._passphrase = passphrase
        super().__init__(database, *args, **kwargs)

    def init(self, database, *args, passphrase: str | None = None, **kwargs) -> None:
        if passphrase is not None:
            self._passphrase = passphrase
        super().init(database, *args, **kwargs)

    @property
    def passphrase(self) -> str:
        return self._passphrase

    def _connect(self):
        conn = cipher_connect(
            self.database,
            self._passphrase,
            timeout=self._timeout,
            isolation_level=None,
            **self.connect_params,
        )
        try:
            self._add_conn_hooks(conn)
        except BaseException:
            conn.close()
            raise
        return conn


class CrmPostgresDatabase(_StorageErrors, pw.PostgresqlDatabase):
    """PostgreSQL with StorageError for a lost server, and a new connection after one."""

    def where(self) -> str:
        params = self.connect_params
        host = params.get("host") or "localhost"
        port = f":{params['port']}" if params.get("port") else ""
        return f"{host}{port}/{self.database}"

    def _initialize_connection(self, conn) -> None:
        """The session settings of `POSTGRES_SESSION`, on each new connection."""
        super()._initialize_connection(conn)
        with conn.cursor() as cursor:
            for name, value in POSTGRES_SESSION.items():
                cursor.execute("SELECT set_config(%s, %s, false)", (name, value))

    def cursor(self, named_cursor=None):
        conn = self._state.conn
        if conn is not None and getattr(conn, "closed", 0) and not self.in_transaction():
            self._state.reset()  # the server dropped it: the next statement connects again
        elif conn is not None:
            settle_copies(conn)  # an import's COPYs running behind it end first
        return super().cursor(named_cursor)

    def commit(self):
        conn = self._state.conn
        if conn is not None:
            settle_copies(conn)
        return super().commit()

    def begin(self, isolation_level=None):
        try:
            return super().begin(isolation_level)
        except _DRIVER_ERRORS as exc:
            error = self._translated(exc)
            if error is exc:
                raise
            raise error from exc

    def rollback(self):
        conn = self._state.conn
        if conn is not None:
            settle_copies(conn, ending=True)
        try:
            return super().rollback()
        except _DRIVER_ERRORS as exc:
            error = self._translated(exc)
            if isinstance(error, StorageError) and error.code == "storage.server_gone":
                return None  # the server rolled back when it let go; the error in flight says so
            if error is exc:
                raise
            raise error from exc


# --- transactions -------------------------------------------------------------------


@contextmanager
def translated(where: str) -> Iterator[None]:
    """StorageError for what the user can act on, around code that uses a raw connection
    (bulk inserts, the backup API) or writes files; `where` names the database or file."""
    try:
        yield
    except StorageError:
        raise
    except (*_DRIVER_ERRORS, OSError) as exc:
        error = storage_error(exc, where)
        if error is None:
            raise
        raise error from exc


def _where(db: pw.Database) -> str:
    return db.where() if isinstance(db, _StorageErrors) else str(db.database)


@contextmanager
def atomic(db: pw.Database, progress: Progress | None = None) -> Iterator[object]:
    """One write transaction (BEGIN IMMEDIATE on SQLite; a savepoint when nested).

    While another writer holds the lock, the BEGIN waits and tells `progress`.
    """
    token = _waiting_progress.set(progress)
    try:
        with translated(_where(db)), db.atomic() as txn:
            _waiting_progress.reset(token)
            token = None
            yield txn
    finally:
        if token is not None:
            _waiting_progress.reset(token)


T = TypeVar("T")


def retry_on_conflict(write: Callable[[], T], attempts: int = 8) -> T:
    """Run a write transaction again when another client took the same unique value first.

    Two PostgreSQL clients that generate the next customer code at once both read the
    same highest code; the second insert then breaks the unique index. Running the whole
    write again reads the code the first one took and generates the next. Only a unique
    violation is retried; after `attempts` the user is told to try again.
    """
    for attempt in range(1, attempts + 1):
        try:
            return write()
        except pw.IntegrityError as exc:
            if not _is_unique_violation(exc):
                raise
            if attempt == attempts:
                raise Conflict("storage.keeps_colliding", attempts=attempts) from exc
            time.sleep(random.uniform(0.005, 0.03) * attempt)
    raise AssertionError("unreachable")  # pragma: no cover


def _is_unique_violation(exc: BaseException) -> bool:
    orig = _driver_error(exc)
    if getattr(orig, "pgcode", None) == "23505":
        return True
    return "unique constraint failed" in str(orig).lower()
