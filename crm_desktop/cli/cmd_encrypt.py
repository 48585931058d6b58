"""`crm-desktop encrypt` and `crm-desktop decrypt`: encryption at rest of the SQLite file.

The passphrase comes from $CRM_DESKTOP_PASSPHRASE, else it is asked for on the
terminal (twice for a new one); without a terminal and without the variable the
command stops with a plain message.
"""

from __future__ import annotations

import getpass
import os
import sys

from crm_desktop.cli.common import Context, summary, warn
from crm_desktop.errors import UserError
from crm_desktop.messages import msg, render
from crm_desktop.models.cipher import ENV_PASSPHRASE, PassphraseNeeded


def register(sub) -> None:
    parser = sub.add_parser(
        "encrypt",
        help="encrypt the database file with a passphrase (SQLCipher)",
        description=(
            "Encrypt the SQLite database with a passphrase: backed up first, converted into "
            "a new file, then renamed into place; nobody can write meanwhile. Refused while "
            "a crm-desktop window has the database open. The passphrase comes from "
            f"${ENV_PASSPHRASE}, else it is asked for twice. General manager only. Without "
            "the passphrase the database and its backups cannot be opened again."
        ),
    )
    parser.set_defaults(handler=run_encrypt)
    parser = sub.add_parser(
        "decrypt",
        help="turn an encrypted database back into a plain SQLite file",
        description=(
            "Decrypt the SQLite database (backed up first, still encrypted). The current "
            f"passphrase comes from ${ENV_PASSPHRASE}, else it is asked for. General "
            "manager only."
        ),
    )
    parser.set_defaults(handler=run_decrypt)


def _interactive() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()


def passphrase_for(path: str) -> str:
    """The passphrase of an encrypted database: $CRM_DESKTOP_PASSPHRASE, else asked for."""
    given = os.environ.get(ENV_PASSPHRASE)
    if given:
        return given
    if not _interactive():
        raise PassphraseNeeded("cipher.passphrase_needed_cli", path=path, env=ENV_PASSPHRASE)
    return getpass.getpass(render("cipher.prompt"))


def new_passphrase() -> str:
    """The passphrase to encrypt with: $CRM_DESKTOP_PASSPHRASE, else typed twice."""
    given = os.environ.get(ENV_PASSPHRASE)
    if given:
        return given
    if not _interactive():
        raise UserError("cipher.no_new_passphrase", env=ENV_PASSPHRASE)
    first = getpass.getpass(render("cipher.prompt_new"))
    if getpass.getpass(render("cipher.prompt_repeat")) != first:
        raise UserError("cipher.mismatch")
    return first


def _check_sqlite(ctx: Context) -> None:
    from crm_desktop.models import resolve_target
    from crm_desktop.services.backup import require_sqlite

    require_sqlite(resolve_target(ctx.db_arg))


def run_encrypt(args, ctx: Context) -> int:
    from crm_desktop.jobs.encryption import convert_database
    from crm_desktop.models.cipher import check_new_passphrase, require_available

    _check_sqlite(ctx)
    require_available()
    actor = ctx.actor
    passphrase = check_new_passphrase(new_passphrase())
    result = convert_database(actor, passphrase)
    summary(msg("cipher.encrypted", path=str(result.database), backup=str(result.backup)).render())
    if result.plain_backups:
        folders = sorted({str(p.parent) for p in result.plain_backups})
        warn(
            msg(
                "cipher.plain_backups_left", count=len(result.plain_backups), folder=folders
            ).render()
        )
    warn(render("cipher.forget_warning"))
    return 0


def run_decrypt(args, ctx: Context) -> int:
    from crm_desktop.jobs.encryption import convert_database

    _check_sqlite(ctx)
    result = convert_database(ctx.actor, None)
    summary(msg("cipher.decrypted", path=str(result.database), backup=str(result.backup)).render())
    return 0
