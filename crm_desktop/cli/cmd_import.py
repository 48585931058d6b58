"""`crm-desktop import customers FILE`: import a customer list from .xlsx/.xlsm/.xls/.ods/.csv.

Prints one summary line (created, updated, skipped, rejected) to stdout and every
rejected row (row, column, reason) to stderr. Exit 0 when no row was rejected, 1
when some were, 2 when nothing could be imported (unreadable file, no name column,
not allowed).
"""

from __future__ import annotations

from pathlib import Path

from crm_desktop.cli.common import (
    EXIT_NOTHING_DONE,
    EXIT_OK,
    EXIT_SOME_REJECTED,
    Context,
    fail,
    summary,
    warn,
)

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
    from crm_desktop.services import importer

    actor = ctx.actor
    actor.require("import", "import customers")
    # the head alone maps the columns; run_import then streams the whole sheet itself
    source = importer.open_source(actor, Path(args.file), args.sheet, preview_rows=0)
    if source.choice is not None:  # the first sheet was instructions: say which was read
        warn(source.choice.message(source.path.name).render())
    result = importer.run_import(
        actor,
        source,
        on_duplicate=args.on_duplicate,
        strict=args.strict,
        dry_run=args.dry_run,
    )
    for line in result.warnings:
        warn(line)
    rows = result.rejected_rows
    for number, _raw, reason in rows[:MAX_LISTED]:
        warn(f"row {number}: {reason}")
    if len(rows) > MAX_LISTED:
        warn(f"… and {len(rows) - MAX_LISTED} more rejected rows (save them with --errors)")
    if args.errors and rows:
        from crm_desktop.reports.import_errors import write_rejected_rows

        try:
            write_rejected_rows(args.errors, result.headers, rows)
        except OSError as exc:
            warn(f"crm-desktop: cannot write {args.errors}: {exc.strerror or exc}")
        else:
            warn(f"rejected rows saved to {args.errors}")
    summary(result.summary())
    if result.rejected:
        return EXIT_SOME_REJECTED
    return EXIT_OK


__all__ = ["register", "run", "EXIT_NOTHING_DONE", "fail"]
