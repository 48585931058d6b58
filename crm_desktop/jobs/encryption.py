"""Encrypt or decrypt the database file, give it a new passphrase, create a new one
encrypted; and record who did it."""

from __future__ import annotations

from crm_desktop.models import DbTarget, transaction
from crm_desktop.progress import Progress
from crm_desktop.services import encryption
from crm_desktop.services.auth import Actor
from crm_desktop.services.customers import audit
from crm_desktop.services.encryption import Conversion, ConversionResult


def start_conversion(
    actor: Actor, passphrase: str | None, progress: Progress | None = None
) -> Conversion:
    """The long part, off the GUI thread: the converted copy, checked and backed up."""
    return encryption.start_conversion(actor, passphrase, progress)


def finish_conversion(actor: Actor, conversion: Conversion) -> ConversionResult:
    """The converted copy takes the database's place; the audit log says who did it.
    On the thread whose connection the app uses (the GUI thread in the window)."""
    try:
        result = conversion.commit()
    except BaseException:
        conversion.abort()
        raise
    _audit(actor, result)
    return result


def start_rekey(actor: Actor, new_passphrase: str, progress: Progress | None = None) -> Conversion:
    """The long part of a new passphrase, off the GUI thread; `finish_conversion` ends it."""
    return encryption.start_rekey(actor, new_passphrase, progress)


def change_passphrase(
    actor: Actor, new_passphrase: str, progress: Progress | None = None
) -> ConversionResult:
    """Give the open encrypted database `new_passphrase`, start to end."""
    return finish_conversion(actor, start_rekey(actor, new_passphrase, progress))


def create_encrypted_database(target: DbTarget, passphrase: str) -> DbTarget:
    """A new database, encrypted from its first page, opened; its log says so."""
    unlocked = encryption.create_encrypted(target, passphrase)
    with transaction():
        audit(None, "encrypt", entity="database", detail=f"{target.describe()}; created encrypted")
    return unlocked


def convert_database(
    actor: Actor, passphrase: str | None, progress: Progress | None = None
) -> ConversionResult:
    """Encrypt with `passphrase` (None: decrypt) the open database, start to end."""
    return finish_conversion(actor, start_conversion(actor, passphrase, progress))


def _audit(actor: Actor, result: ConversionResult) -> None:
    with transaction():
        audit(
            actor,
            result.kind,
            entity="database",
            detail=f"{result.database}; backup taken before: {result.backup}",
        )


__all__ = [
    "change_passphrase",
    "convert_database",
    "create_encrypted_database",
    "finish_conversion",
    "start_conversion",
    "start_rekey",
]
