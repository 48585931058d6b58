"""Encryption at rest: SQLCipher database files, opened with the user's passphrase.

An encrypted file is a SQLite database whose every page, the header included, is
encrypted by SQLCipher (AES-256, the key derived from the passphrase with PBKDF2 and
the file's own salt). Without the passphrase nothing in it is readable, not even
the table names: the `sqlite3` module and shell say "file is not a database".

An encrypted file is recognised by its first 16 bytes not being SQLite's magic
("SQLite format 3") while its size is a whole number of pages; a text file or a
workbook is not mistaken for one. Opening it needs `sqlcipher3` (the
`sqlcipher3-binary` wheel, a dependency where a wheel exists); where it is missing
the app says plainly that encryption is not available on this computer.

Conversions (plain to encrypted and back) go through `sqlcipher_export` into a new
file, so that the file being converted is only read (services/encryption.py puts
the new file in place).
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import suppress
from pathlib import Path
from types import ModuleType

from crm_desktop.errors import DatabaseOpenError, UserError

try:  # a binary wheel exists for Linux x86-64 only; elsewhere encryption is unavailable
    import sqlcipher3 as _sqlcipher3

    sqlcipher3: ModuleType | None = _sqlcipher3
    CIPHER_ERRORS: tuple[type[BaseException], ...] = (_sqlcipher3.Error,)
except ImportError:  # pragma: no cover - the test machine has the wheel
    sqlcipher3 = None
    CIPHER_ERRORS = ()

ENV_PASSPHRASE = "CRM_DESKTOP_PASSPHRASE"
SQLITE_MAGIC = b"SQLite format 3\x00"
MIN_PAGE = 512  # SQLite's (and SQLCipher's) smallest page: every database is a multiple
MIN_PASSPHRASE = 8  # as passwords (services/auth.py): a short one is guessed offline


class PassphraseNeeded(DatabaseOpenError):
    """The file is encrypted and no passphrase was given: the front end asks for one."""


class WrongPassphrase(DatabaseOpenError):
    """The passphrase does not open the file (or the file is not a database at all:
    SQLCipher cannot tell the two apart, by design)."""


class CipherUnavailable(DatabaseOpenError):
    """Encryption needs sqlcipher3, which this computer does not have."""


def available() -> bool:
    """Whether SQLCipher can be used here (the sqlcipher3 module is installed)."""
    return sqlcipher3 is not None


def require_available(path: Path | str | None = None) -> None:
    """CipherUnavailable, saying so plainly, when SQLCipher is not installed."""
    if sqlcipher3 is None:
        if path is not None:
            raise CipherUnavailable("cipher.unavailable_file", path=str(path))
        raise CipherUnavailable("cipher.unavailable")


def looks_encrypted(path: Path | str) -> bool:
    """A non-empty file that is not plain SQLite but has a database's size (whole pages).

    Only the passphrase can tell an encrypted database from random bytes of that size."""
    path = Path(path)
    try:
        if not path.is_file():
            return False
        size = path.stat().st_size
        if size == 0 or size % MIN_PAGE:
            return False
        with open(path, "rb") as fh:
            return fh.read(16) != SQLITE_MAGIC
    except OSError:
        return False


def check_new_passphrase(passphrase: str | None) -> str:
    """The passphrase for encrypting a database: at least MIN_PASSPHRASE characters."""
    text = passphrase or ""
    if len(text) < MIN_PASSPHRASE:
        raise UserError("cipher.too_short", length=MIN_PASSPHRASE)
    if "\x00" in text:
        raise UserError("cipher.bad_character")
    return text


def key_literal(passphrase: str) -> str:
    """The passphrase as an SQL string literal (for PRAGMA key and ATTACH … KEY)."""
    return "'" + passphrase.replace("'", "''") + "'"


def connect(
    path: Path | str,
    passphrase: str | None,
    *,
    readonly: bool = False,
    timeout: float = 5.0,
    **kwargs: object,
):
    """A sqlcipher3 connection to `path` with the key set first (none: a plain file);
    nothing is read yet.

    SQLCipher's own log (which writes "hmac check failed" to stderr on a wrong key)
    is silenced: the caller turns a wrong key into WrongPassphrase."""
    require_available(path)
    assert sqlcipher3 is not None
    if readonly:
        con = sqlcipher3.connect(f"file:{path}?mode=ro", uri=True, timeout=timeout, **kwargs)
    else:
        con = sqlcipher3.connect(str(path), timeout=timeout, **kwargs)
    try:
        con.execute("PRAGMA cipher_log_level = NONE")
        if passphrase:
            con.execute(f"PRAGMA key = {key_literal(passphrase)}")
    except BaseException:
        con.close()
        raise
    return con


def connect_file(
    path: Path | str,
    passphrase: str | None,
    *,
    readonly: bool = False,
    timeout: float = 5.0,
    **kwargs: object,
):
    """A DB-API connection to a database file: sqlcipher3 with the key when `passphrase`
    is given, else the standard sqlite3 module."""
    if passphrase is None:
        if readonly:
            return sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=timeout, **kwargs)
        return sqlite3.connect(str(path), timeout=timeout, **kwargs)
    return connect(path, passphrase, readonly=readonly, timeout=timeout, **kwargs)


def is_not_a_database(exc: BaseException) -> bool:
    """Whether a driver error is SQLite's "file is not a database" (a wrong key)."""
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int) and (code & 0xFF) == 26:  # SQLITE_NOTADB
        return True
    return "file is not a database" in str(exc).lower()


def check_passphrase(path: Path | str, passphrase: str) -> None:
    """WrongPassphrase unless `passphrase` opens the encrypted file `path` (read-only)."""
    try:
        con = connect(path, passphrase, readonly=True)
        try:
            con.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            con.close()
    except CIPHER_ERRORS as exc:
        if is_not_a_database(exc):
            raise WrongPassphrase("cipher.wrong_passphrase", path=str(path)) from exc
        raise


def export(source: Path, dest: Path, *, source_key: str | None, dest_key: str | None) -> None:
    """Write the whole database `source` into the new file `dest` with `sqlcipher_export`:
    encrypted with `dest_key`, or plain when it is None. `source` is only read.

    The schema version (user_version) is copied too; the new file uses a rollback
    journal until it is opened (one self-contained file) and is the user's alone."""
    require_available(source)
    assert sqlcipher3 is not None
    if dest.exists():
        raise FileExistsError(str(dest))
    os.close(os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    con = connect(source, source_key, readonly=True)
    try:
        version = con.execute("PRAGMA user_version").fetchone()[0]
        con.execute(
            # an empty key is SQLCipher's word for a plain database
            f"ATTACH DATABASE ? AS converted KEY {key_literal(dest_key or '')}",
            (f"file:{dest}?mode=rw",),
        )
        try:
            con.execute("PRAGMA converted.journal_mode = DELETE")
            con.execute("SELECT sqlcipher_export('converted')").fetchone()
            con.execute(f"PRAGMA converted.user_version = {int(version)}")
        finally:
            with suppress(*CIPHER_ERRORS):
                con.execute("DETACH DATABASE converted")
    finally:
        con.close()
    fd = os.open(dest, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


__all__ = [
    "CIPHER_ERRORS",
    "ENV_PASSPHRASE",
    "MIN_PASSPHRASE",
    "CipherUnavailable",
    "PassphraseNeeded",
    "WrongPassphrase",
    "available",
    "check_new_passphrase",
    "check_passphrase",
    "connect",
    "connect_file",
    "export",
    "is_not_a_database",
    "key_literal",
    "looks_encrypted",
    "require_available",
]
