"""`crm-desktop import customers FILE`: import a customer list from .xlsx/.xlsm/.xls/.ods/.csv.

Prints one summary line (created, updated, skipped, rejected) to stdout and every
rejected row (row, column, reason) to stderr. Exit 0 when no row was rejected, 1
when some were, 2 when nothing could be imported (unreadable file, no name column,
not allowed).
"""

from __future__ import annotations

from crm_desktop.cli.common import (
    EXIT_NOTHING_DONE,
    EXIT_OK,
    EXIT_SOME_REJECTED,
    Context,
    fail,
    summary,
    warn,
)
from crm_desktop.messages import msg

MAX_LISTED = 200


def register(sub) -> None:
    parser = sub.add_parser("import", help="import customers from a spreadsheet or CSV file")
    what = parser.add_subparsers(dest="what", metavar="WHAT", required=True)
    p = what.add_parser(
        "customers",
        help="import customers from .xlsx/.xlsm/.xls/.ods/.csv",
        description="Import a customer list. Headers are matched to fields by name "
        "(Chinese or English); duplicates are found by code, credit code, name and phone.",
    )
    p.add_argument("file", metavar="FILE")
    p.add_argument("--sheet", metavar="NAME", help="the sheet to read (default: the first)")
    p.add_argument(
        "--on-duplicate",
        choices=("skip", "update", "new"),
        default="skip",
        help="what to do with a customer that already exists (default: skip)",
    )
    p.add_argument("--strict", action="store_true", help="import nothing if any row is bad")
    p.add_argument("--dry-run", action="store_true", help="check everything, write nothing")
    p.add_argument("--errors", metavar="OUT.xlsx", help="save the rejected rows with reasons")
    p.set_defaults(handler=run)


def run(args, ctx: Context) -> int:
    from crm_desktop.jobs.importing import import_customers

    done = import_customers(
        ctx.actor,
        args.file,
        sheet=args.sheet,
        on_duplicate=args.on_duplicate,
        strict=args.strict,
        dry_run=args.dry_run,
        errors_out=args.errors,
    )
    result = done.result
    for line in result.warnings:
        warn(str(line))
    rows = result.rejected_rows
    for number, _raw, reason in rows[:MAX_LISTED]:
        warn(msg("jobs.rejected_row", row=number, reason=reason).render())
    if len(rows) > MAX_LISTED:
        warn(msg("jobs.more_rejected", count=len(rows) - MAX_LISTED).render())
    for warning in done.warnings:
        warn(warning.render())
    if done.errors_path is not None:
        warn(msg("jobs.rejected_saved", path=str(done.errors_path)).render())
    summary(result.summary())
    if result.rejected:
        return EXIT_SOME_REJECTED
    return EXIT_OK


__all__ = ["register", "run", "EXIT_NOTHING_DONE", "fail"]
