"""The headless front end: the same use cases as the GUI, no Qt.

`crm-desktop` with no subcommand opens the GUI; with one, it runs it and exits
0 (done), 1 (done, some input rows rejected) or 2 (nothing done). Messages go to
stderr in plain words, the summary line to stdout.
"""

from __future__ import annotations

import argparse
import logging
import sys
import traceback
from collections.abc import Sequence

from crm_desktop import __version__, logs
from crm_desktop.cli import (
    cmd_backup,
    cmd_complaint,
    cmd_credit,
    cmd_demo,
    cmd_encrypt,
    cmd_export,
    cmd_followups,
    cmd_import,
    cmd_log,
    cmd_opportunity,
    cmd_pool,
    cmd_print,
    cmd_report,
    cmd_server,
    cmd_today,
    cmd_users,
)
from crm_desktop.cli.common import EXIT_NOTHING_DONE, Context, fail
from crm_desktop.errors import UserError
from crm_desktop.messages import msg, render
from crm_desktop.models.privacy import private_by_default

# Each module adds its subcommand(s) with `register(subparsers)`; the parser's
# `handler` default is called as handler(args, ctx) -> exit status.
COMMANDS = (
    cmd_demo,
    cmd_import,
    cmd_export,
    cmd_report,
    cmd_print,
    cmd_backup,
    cmd_encrypt,
    cmd_followups,
    cmd_credit,
    cmd_users,
    cmd_today,
    cmd_complaint,
    cmd_opportunity,
    cmd_log,
    cmd_pool,
    cmd_server,
)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # exit 2 with a plain message, as argparse does
        self.print_usage(sys.stderr)
        self.exit(EXIT_NOTHING_DONE, f"crm-desktop: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="crm-desktop",
        description="Offline desktop CRM for small sales teams. Without a command, opens the app.",
    )
    parser.add_argument("--version", action="version", version=f"crm-desktop {__version__}")
    parser.add_argument(
        "--db",
        metavar="PATH|URL",
        help="SQLite file or postgresql:// URL (default: $CRM_DESKTOP_DB, else the per-user data folder)",
    )
    parser.add_argument(
        "--user",
        metavar="NAME",
        help="act as this user; the password comes from $CRM_DESKTOP_PASSWORD",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for module in COMMANDS:
        module.register(sub)
    return parser


def unexpected(exc: Exception, command: str) -> int:
    """An error that is not the user's: logged with its traceback, told in one line that
    names the log file (the traceback itself on stderr only when no log can be written)."""
    path = logs.log_unexpected(exc, f"crm-desktop {command}", console=False)
    detail = logs.describe(exc)
    if path is None:
        traceback.print_exception(exc, file=sys.stderr)
        return fail(msg("ui.unexpected_no_log", detail=detail).render(), EXIT_NOTHING_DONE)
    return fail(msg("common.unexpected", detail=detail, log=str(path)).render(), EXIT_NOTHING_DONE)


def main(argv: Sequence[str] | None = None) -> int:
    private_by_default()  # what the program writes is its user's alone (0600 / 0700)
    console = logging.StreamHandler()
    console.setLevel(logging.WARNING)  # the log file (logs.py) may take more; the screen not
    logging.basicConfig(level=logging.WARNING, format="%(message)s", handlers=[console])
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        from crm_desktop import platform_check

        if not platform_check.check():  # before Qt is imported: it would abort
            return EXIT_NOTHING_DONE
        from crm_desktop.app import main as gui_main

        return gui_main(db=args.db)
    ctx = Context(db_arg=args.db, username=args.user)
    try:
        return int(args.handler(args, ctx) or 0)
    except UserError as exc:
        return fail(exc.message, exc.exit_code)
    except KeyboardInterrupt:
        return fail(render("common.interrupted"), EXIT_NOTHING_DONE)
    except Exception as exc:  # a bug: the details to the log file, one plain line here
        return unexpected(exc, args.command)
    finally:
        ctx.close()
