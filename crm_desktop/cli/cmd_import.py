"""`crm-desktop import customers FILE`: import a customer list from .xlsx/.xlsm/.xls/.ods/.csv.

Prints one summary line (created, updated, skipped, rejected) to stdout; to stderr,
every value kept in the remarks instead of its field (row, column, value, why) and
every rejected row (row, column, reason), in the user's language. Exit 0 when no row
was rejected, 1 when some were, 2 when nothing could be imported (unreadable file, no
name column, not allowed).
"""

from __future__ import annotations

import argparse

from crm_desktop.cli.common import (
    EXIT_NOTHING_DONE,
    EXIT_OK,
    EXIT_SOME_REJECTED,
    Context,
    fail,
    summary,
    warn,
)
from crm_desktop.messages import msg, render

MAX_LISTED = 200


def register(sub) -> None:
    parser = sub.add_parser("import", help=msg("cli_help.import.help").render())
    what = parser.add_subparsers(dest="what", metavar="WHAT", required=True)
    p = what.add_parser(
        "customers",
        help=msg("cli_help.import_customers.help").render(),
        description=msg("cli_help.import_customers.description").render(),
        epilog=msg("cli_help.import_customers.epilog").render(),  # --map-values FILE
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("file", metavar="FILE")
    sheets = p.add_mutually_exclusive_group()
    sheets.add_argument(
        "--sheet", metavar="NAME", help=msg("cli_help.import_customers.sheet").render()
    )
    sheets.add_argument(
        "--all-sheets",
        action="store_true",
        help=msg("cli_help.import_customers.all_sheets").render(),
    )
    p.add_argument(
        "--on-duplicate",
        choices=("skip", "update", "new"),
        default="skip",
        help=msg("cli_help.import_customers.on_duplicate").render(),
    )
    p.add_argument(
        "--strict", action="store_true", help=msg("cli_help.import_customers.strict").render()
    )
    p.add_argument(
        "--dry-run", action="store_true", help=msg("cli_help.import_customers.dry_run").render()
    )
    p.add_argument(
        "--errors", metavar="OUT.xlsx", help=msg("cli_help.import_customers.errors").render()
    )
    unmapped = p.add_mutually_exclusive_group()
    unmapped.add_argument(
        "--keep-unmapped",
        dest="keep_unmapped",
        action="store_true",
        default=None,
        help=msg("cli_help.import_customers.keep_unmapped").render(),
    )
    unmapped.add_argument(
        "--skip-unmapped",
        dest="keep_unmapped",
        action="store_false",
        help=msg("cli_help.import_customers.skip_unmapped").render(),
    )
    p.add_argument(
        "--map-values",
        metavar="FILE",
        help=msg("cli_help.import_customers.map_values").render(),
    )
    p.add_argument(
        "--conflicts",
        choices=("keep", "take"),
        help=msg("cli_help.import_customers.conflicts").render(),
    )
    p.add_argument(
        "--conflicts-out",
        metavar="OUT.xlsx",
        help=msg("cli_help.import_customers.conflicts_out").render(),
    )
    p.set_defaults(handler=run)


def run(args, ctx: Context) -> int:
    from crm_desktop.jobs.importing import import_customers
    from crm_desktop.services.sync.workbook import is_for_update

    if is_for_update(args.file):
        from crm_desktop.cli.sync_take_back import run_take_back

        return run_take_back(args, ctx)

    options = dict(
        on_duplicate=args.on_duplicate,
        strict=args.strict,
        dry_run=args.dry_run,
        errors_out=args.errors,
        keep_unmapped=args.keep_unmapped is not False,
        unmapped_as_fields=args.keep_unmapped is True,
        map_values=args.map_values,
    )
    if args.all_sheets:
        return _run_all_sheets(ctx, args.file, options)
    done = import_customers(ctx.actor, args.file, sheet=args.sheet, **options)
    _report(done)
    summary(done.result.summary())
    return EXIT_SOME_REJECTED if done.result.rejected else EXIT_OK


def _run_all_sheets(ctx: Context, file: str, options: dict) -> int:
    """Every sheet holding a list, one import each: each sheet's rows and counts on
    stderr under its name, the counts of all on stdout (the one summary line)."""
    from pathlib import Path

    from crm_desktop.jobs.importing import import_all_sheets
    from crm_desktop.services.importing import ImportResult

    done = import_all_sheets(ctx.actor, file, **options)
    total = ImportResult(Path(file).name, None, dry_run=bool(options["dry_run"]))
    for sheet, one in done:  # its counts, then its rows' messages under them
        warn(render("import_read.sheet_heading", {"sheet": sheet, "summary": one.result.summary()}))
        _report(one)
        for count in ("created", "updated", "skipped", "rejected"):
            setattr(total, count, getattr(total, count) + getattr(one.result, count))
        total.refused = total.refused or one.result.refused
    summary(total.summary())
    return EXIT_SOME_REJECTED if total.rejected else EXIT_OK


def _report(done) -> None:
    """An import's row messages and warnings, on stderr."""
    result = done.result
    for line in result.warnings:
        warn(str(line))
    for line in result.row_lines(MAX_LISTED):  # a totals row, a duplicate: each with why
        warn(line)
    for warning in done.warnings:
        warn(warning.render())
    if done.errors_path is not None:
        warn(render("importing.rejected_saved", {"path": str(done.errors_path)}))


__all__ = ["register", "run", "EXIT_NOTHING_DONE", "fail"]
