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
from crm_desktop.cli import argparse_zh
from crm_desktop.cli.common import EXIT_NOTHING_DONE, Context, fail
from crm_desktop.errors import UserError
from crm_desktop.i18n import is_chinese
from crm_desktop.messages import Message, msg, render
from crm_desktop.models.privacy import private_by_default

# Every command: its name, the module that registers it (`register(subparsers)`, whose
# parsers set a `handler` default, called as handler(args, ctx) -> exit status) and its
# one-line help (a catalogue code, the same the module's `add_parser` renders). The parser
# names every command from this table; a command's module, and what it imports (numpy,
# reportlab, the importer…), is loaded only when that command runs or shows its own help.
# `tests/cli/test_cli_lazy.py` checks this table against the modules.
COMMANDS: tuple[tuple[str, str, Message], ...] = (
    ("demo", "cmd_demo", msg("cli_help.demo.help")),
    ("import", "cmd_import", msg("cli_help.import.help")),
    ("export", "cmd_export", msg("cli_help.export.help")),
    ("customers", "cmd_customers", msg("cli_help.customers.help")),
    ("report", "cmd_report", msg("cli_help.report.help")),
    ("print", "cmd_print", msg("cli_help.print.help")),
    ("backup", "cmd_backup", msg("cli_help.backup.help")),
    ("restore", "cmd_backup", msg("cli_help.restore.help")),
    ("followups", "cmd_followups", msg("cli_help.followups.help")),
    ("credit", "cmd_credit", msg("cli_help.credit.help")),
    ("user", "cmd_users", msg("cli_help.user.help")),
    ("today", "cmd_today", msg("cli_help.today.help")),
    ("complaint", "cmd_complaint", msg("cli_help.complaint.help")),
    ("opportunity", "cmd_opportunity", msg("cli_help.opportunity.help")),
    ("log", "cmd_log", msg("cli_help.log.help")),
    ("pool", "cmd_pool", msg("cli_help.pool.help")),
    ("handover", "cmd_pool", msg("cli_help.handover.help")),
    ("prospects", "cmd_pool", msg("cli_help.prospects.help")),
    ("lifecycle", "cmd_lifecycle", msg("cli_help.lifecycle.help")),
    ("encrypt", "cmd_encrypt", msg("cli_help.encrypt.help")),
    ("decrypt", "cmd_encrypt", msg("cli_help.decrypt.help")),
    ("passphrase", "cmd_encrypt", msg("cli_help.passphrase.help")),
    ("server", "cmd_server", msg("cli_help.server.help")),
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

    def _get_formatter(self) -> argparse.HelpFormatter:
        if is_chinese():  # wrapped by the width on screen: a Chinese character takes two
            return argparse_zh.formatter_class(self.formatter_class)(prog=self.prog)
        return super()._get_formatter()


def build_parser(
    argv: Sequence[str] | None = None, *, every: bool = False
) -> argparse.ArgumentParser:
    """The parser. Only the command named in `argv` (or, with `every`, each one) is built
    from its module; the others are their name and help, enough for `crm-desktop --help`.
    Its help is in the user's language; argparse's own words (usage, titles, errors) are
    Chinese too when it is built and used within `argparse_zh.speaking()`, as in `main`."""
    parser = _Parser(prog="crm-desktop", description=msg("cli_help.main.description").render())
    parser.add_argument(
        "--version",
        action="version",
        version=f"crm-desktop {__version__}",
        help=msg("cli_help.main.version").render(),
    )
    parser.add_argument("--db", metavar="PATH|URL", help=msg("cli_help.main.db").render())
    parser.add_argument("--user", metavar="NAME", help=msg("cli_help.main.user").render())
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    chosen = chosen_command(argv if argv is not None else sys.argv[1:])
    chosen_module = next((m for n, m, _h in COMMANDS if n == chosen), None)
    for name, module, help_text in COMMANDS:
        if name in sub.choices:  # registered with another command of its module
            continue
        if every or module == chosen_module:
            command_module(name).register(sub)
        else:
            sub.add_parser(name, help=help_text.render(), add_help=False)
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
    with argparse_zh.speaking():  # argparse's usage, titles and errors in Chinese too
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
