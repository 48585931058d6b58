"""The headless front end: the same use cases as the GUI, no Qt.

`crm-desktop` with no subcommand opens the GUI; with one, it runs it and exits
0 (done), 1 (done, some input rows rejected) or 2 (nothing done). Messages go to
stderr in plain words, the summary line to stdout.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
import traceback
from collections.abc import Sequence
from types import ModuleType

from crm_desktop import __version__, logs
from crm_desktop.cli.common import EXIT_NOTHING_DONE, Context, fail
from crm_desktop.errors import UserError
from crm_desktop.messages import msg, render
from crm_desktop.models.privacy import private_by_default

# Every command: its name, the module that registers it (`register(subparsers)`, whose
# parsers set a `handler` default, called as handler(args, ctx) -> exit status) and its
# one-line help. The parser names every command from this table; a command's module, and
# what it imports (numpy, reportlab, the importer…), is loaded only when that command runs
# or shows its own help. `tests/cli/test_cli_lazy.py` checks this table against the modules.
COMMANDS: tuple[tuple[str, str, str], ...] = (
    (
        "demo",
        "cmd_demo",
        "fill an empty database with a demo team, customers and two years of business",
    ),
    ("import", "cmd_import", "import customers from a spreadsheet or CSV file"),
    ("export", "cmd_export", "export customers to an Excel workbook"),
    (
        "customers",
        "cmd_customers",
        "the customer list, one tab-separated line each, with what a search matched",
    ),
    ("report", "cmd_report", "sales report workbook; ABC classes"),
    (
        "print",
        "cmd_print",
        "print the customer form (客户基本资料表) or profile card (客户资料卡) to PDF",
    ),
    ("backup", "cmd_backup", "copy the database to a file (default: backups/ beside the database)"),
    (
        "restore",
        "cmd_backup",
        "replace the database with a backup (the current one is copied aside first)",
    ),
    (
        "followups",
        "cmd_followups",
        "planned follow-ups, one tab-separated line each: due, code, name, kind, owner, subject",
    ),
    ("credit", "cmd_credit", "credit requests and the general manager's decisions"),
    ("user", "cmd_users", "list users, add one, set a password"),
    (
        "today",
        "cmd_today",
        "the Today page's figures: due, overdue, credit waiting, birthdays, key figures",
    ),
    (
        "complaint",
        "cmd_complaint",
        "customer complaints: receive, assign, resolve, confirm, close, list",
    ),
    (
        "opportunity",
        "cmd_opportunity",
        "opportunities (商机): list, add, move through the pipeline, win, lose",
    ),
    (
        "log",
        "cmd_log",
        "log a contact that happened with a customer, optionally planning the next one",
    ),
    ("pool", "cmd_pool", "the customer pool (公海): list, claim, release, assign, rules, run"),
    (
        "handover",
        "cmd_pool",
        "离职继承: give a leaving user's customers and open follow-ups to colleagues",
    ),
    ("prospects", "cmd_pool", "潜在客户名册: customers by source, by stage, and converted"),
    (
        "lifecycle",
        "cmd_lifecycle",
        "lifecycle (客户分类): the rules, the suggestions, the prospect lists workbook",
    ),
    ("encrypt", "cmd_encrypt", "encrypt the database file with a passphrase (SQLCipher)"),
    ("decrypt", "cmd_encrypt", "turn an encrypted database back into a plain SQLite file"),
    ("passphrase", "cmd_encrypt", "change the passphrase of an encrypted database"),
    ("server", "cmd_server", "prepare a PostgreSQL database for a team"),
)
# the global options that take a value (the command is the first word that is not one)
_VALUED_OPTIONS = ("--db", "--user")


def command_module(name: str) -> ModuleType:
    """The module of a command, imported now."""
    module = next(m for n, m, _h in COMMANDS if n == name)
    return importlib.import_module(f"crm_desktop.cli.{module}")


def chosen_command(argv: Sequence[str]) -> str | None:
    """The command named on the command line, if any (global options and their values skipped)."""
    names = {n for n, _m, _h in COMMANDS}
    words = iter(argv)
    for word in words:
        if word in _VALUED_OPTIONS:
            next(words, None)
        elif not word.startswith("-"):
            return word if word in names else None
    return None


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # exit 2 with a plain message, as argparse does
        self.print_usage(sys.stderr)
        self.exit(EXIT_NOTHING_DONE, f"crm-desktop: {message}\n")


def build_parser(
    argv: Sequence[str] | None = None, *, every: bool = False
) -> argparse.ArgumentParser:
    """The parser. Only the command named in `argv` (or, with `every`, each one) is built
    from its module; the others are their name and help, enough for `crm-desktop --help`."""
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
    chosen = chosen_command(argv if argv is not None else sys.argv[1:])
    chosen_module = next((m for n, m, _h in COMMANDS if n == chosen), None)
    for name, module, help_text in COMMANDS:
        if name in sub.choices:  # registered with another command of its module
            continue
        if every or module == chosen_module:
            command_module(name).register(sub)
        else:
            sub.add_parser(name, help=help_text, add_help=False)
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
    argv = list(argv) if argv is not None else sys.argv[1:]
    parser = build_parser(argv)
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
