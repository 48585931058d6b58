"""`crm-desktop encrypt`, `decrypt` and `passphrase`: encryption at rest of the SQLite file.

The passphrase comes from $CRM_DESKTOP_PASSPHRASE, else it is asked for on the
terminal (twice for a new one); a new passphrase for an encrypted database comes
from $CRM_DESKTOP_NEW_PASSPHRASE, else it is asked for twice. Without a terminal and
without the variable the command stops with a plain message. `encrypt` on a file
that does not exist yet creates a new database, encrypted from its first page.
"""

from __future__ import annotations

import getpass
import os
import sys

from crm_desktop.cli.common import Context, summary, warn
from crm_desktop.errors import UserError
from crm_desktop.messages import msg, render
from crm_desktop.models.cipher import ENV_PASSPHRASE, PassphraseNeeded

ENV_NEW_PASSPHRASE = "CRM_DESKTOP_NEW_PASSPHRASE"


def register(sub) -> None:
    parser = sub.add_parser(
        "encrypt",
        help=msg("cli_help.encrypt.help").render(),
        description=msg("cli_help.encrypt.description", env=ENV_PASSPHRASE).render(),
    )
    parser.set_defaults(handler=run_encrypt)
    parser = sub.add_parser(
        "decrypt",
        help=msg("cli_help.decrypt.help").render(),
        description=msg("cli_help.decrypt.description", env=ENV_PASSPHRASE).render(),
    )
    parser.set_defaults(handler=run_decrypt)
    parser = sub.add_parser(
        "passphrase",
        help=msg("cli_help.passphrase.help").render(),
        description=msg(
            "cli_help.passphrase.description", env=ENV_PASSPHRASE, new_env=ENV_NEW_PASSPHRASE
        ).render(),
    )
    parser.set_defaults(handler=run_passphrase)


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


def new_passphrase(env: str = ENV_PASSPHRASE) -> str:
    """The passphrase to encrypt with: the variable `env`, else typed twice."""
    given = os.environ.get(env)
    if given:
        return given
    if not _interactive():
        raise UserError("cipher.no_new_passphrase", env=env)
    first = getpass.getpass(render("cipher.prompt_new"))
    if getpass.getpass(render("cipher.prompt_repeat")) != first:
        raise UserError("cipher.mismatch")
    return first


def _check_sqlite(ctx: Context) -> None:
    from crm_desktop.models import resolve_target
    from crm_desktop.services.backup import require_sqlite

    require_sqlite(resolve_target(ctx.db_arg))


def _is_new(ctx: Context) -> bool:
    """Whether the database file is not there yet (or empty): `encrypt` creates it."""
    from crm_desktop.models import resolve_target

    path = resolve_target(ctx.db_arg).path
    return path is not None and (not path.exists() or (path.is_file() and not path.stat().st_size))


def _create(ctx: Context) -> int:
    from crm_desktop.jobs.encryption import create_encrypted_database
    from crm_desktop.models import close_database, resolve_target
    from crm_desktop.models.cipher import check_new_passphrase, require_available

    target = resolve_target(ctx.db_arg)
    require_available(target.path)
    passphrase = check_new_passphrase(new_passphrase())
    create_encrypted_database(target, passphrase)
    close_database()
    summary(msg("cipher.created", path=str(target.path)).render())
    warn(render("cipher.forget_warning"))
    return 0


def run_encrypt(args, ctx: Context) -> int:
    from crm_desktop.jobs.encryption import convert_database
    from crm_desktop.models.cipher import check_new_passphrase, require_available

    _check_sqlite(ctx)
    if _is_new(ctx):
        return _create(ctx)
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


def run_passphrase(args, ctx: Context) -> int:
    from crm_desktop.jobs.encryption import change_passphrase
    from crm_desktop.models import current_target
    from crm_desktop.models.cipher import check_new_passphrase

    _check_sqlite(ctx)
    actor = ctx.actor  # opens the database: the current passphrase first
    if not current_target().passphrase:
        raise UserError("cipher.rekey_not_encrypted")
    actor.require("user.manage", "cipher.action_rekey")
    passphrase = check_new_passphrase(new_passphrase(ENV_NEW_PASSPHRASE))
    result = change_passphrase(actor, passphrase)
    summary(msg("cipher.rekeyed", path=str(result.database), backup=str(result.backup)).render())
    if result.old_key_backups:
        folders = sorted({str(p.parent) for p in result.old_key_backups})
        warn(
            msg(
                "cipher.old_key_backups_left", count=len(result.old_key_backups), folder=folders
            ).render()
        )
    warn(render("cipher.forget_warning"))
    return 0
