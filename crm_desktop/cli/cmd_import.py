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
from crm_desktop.messages import render

MAX_LISTED = 200

MAP_VALUES_HELP = """\
--map-values FILE: values no synonym reads, mapped to a choice of their column's field.
A CSV with the columns column,value,choice (a header row with those names is optional)
or a JSON list of {"column": …, "value": …, "choice": …}. `column` is the header as
written in the list, `choice` a choice's label or code (国营企业 / state_owned). Example:

    column,value,choice
    企业性质,民营,个体
    客户来源,地推,个人

The mapping is remembered for the next import (as the wizard's is).
"""


def register(sub) -> None:
    parser = sub.add_parser("import", help="import customers from a spreadsheet or CSV file")
    what = parser.add_subparsers(dest="what", metavar="WHAT", required=True)
    p = what.add_parser(
        "customers",
        help="import customers from .xlsx/.xlsm/.xls/.ods/.csv",
        description="Import a customer list. Headers are matched to fields by name "
        "(Chinese or English; other CRMs' exports too); choice values by synonym (国企 → "
        "国营企业, 专票 → 增值税发票). A value that does not fit an optional field leaves it "
        "empty and is kept in the customer's remarks, with a warning; columns without a field "
        "are kept in the remarks too. The people on a row (联系人, 职务, 手机, 微信 … "
        "联系人2 …) become contacts. Duplicates are found by code, credit code, name and "
        "phone. A workbook written by `export customers --for-update` is taken back field by "
        "field instead: changes made only in the workbook are applied, values changed only in "
        "the CRM are kept, conflicts are saved to a workbook (exit 1) unless --conflicts "
        "decides them, credit changes become credit requests.",
        epilog=MAP_VALUES_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("file", metavar="FILE")
    p.add_argument("--sheet", metavar="NAME", help="the sheet to read (default: the list's)")
    p.add_argument(
        "--on-duplicate",
        choices=("skip", "update", "new"),
        default="skip",
        help="what to do with a customer that already exists (default: skip)",
    )
    p.add_argument("--strict", action="store_true", help="import nothing if any row is bad")
    p.add_argument("--dry-run", action="store_true", help="check everything, write nothing")
    p.add_argument("--errors", metavar="OUT.xlsx", help="save the rejected rows with reasons")
    unmapped = p.add_mutually_exclusive_group()
    unmapped.add_argument(
        "--keep-unmapped",
        dest="keep_unmapped",
        action="store_true",
        default=None,
        help="make columns without a field custom text fields (a manager; otherwise, and "
        "by default, they are kept as 'header: value' lines in the remarks)",
    )
    unmapped.add_argument(
        "--skip-unmapped",
        dest="keep_unmapped",
        action="store_false",
        help="leave columns without a field out",
    )
    p.add_argument(
        "--map-values",
        metavar="FILE",
        help="a CSV or JSON of column,value,choice for values no synonym reads (see below)",
    )
    p.add_argument(
        "--conflicts",
        choices=("keep", "take"),
        help="a workbook sent for update (export --for-update): decide every conflict at once, "
        "keep the CRM's value or take the workbook's (default: leave them, save them to a "
        "workbook and exit 1)",
    )
    p.add_argument(
        "--conflicts-out",
        metavar="OUT.xlsx",
        help="where to save the undecided conflicts (default: FILE.conflicts.xlsx beside FILE)",
    )
    p.set_defaults(handler=run)


def run(args, ctx: Context) -> int:
    from crm_desktop.jobs.importing import import_customers
    from crm_desktop.services.sync.workbook import is_for_update

    if is_for_update(args.file):
        from crm_desktop.cli.sync_take_back import run_take_back

        return run_take_back(args, ctx)

    done = import_customers(
        ctx.actor,
        args.file,
        sheet=args.sheet,
        on_duplicate=args.on_duplicate,
        strict=args.strict,
        dry_run=args.dry_run,
        errors_out=args.errors,
        keep_unmapped=args.keep_unmapped is not False,
        unmapped_as_fields=args.keep_unmapped is True,
        map_values=args.map_values,
    )
    result = done.result
    for line in result.warnings:
        warn(str(line))
    for note in result.notes[:MAX_LISTED]:
        warn(note.render())
    if len(result.notes) > MAX_LISTED:
        warn(render("importing.more_notes", {"count": len(result.notes) - MAX_LISTED}))
    skipped = sorted(result.skipped_rows)  # a totals row, a duplicate: each with why
    for number, reason in skipped[:MAX_LISTED]:
        warn(render("importing.skipped_row", {"row": number, "reason": reason}))
    if len(skipped) > MAX_LISTED:
        warn(render("importing.more_skipped", {"count": len(skipped) - MAX_LISTED}))
    rows = result.rejected_rows
    for number, _raw, reason in rows[:MAX_LISTED]:
        warn(render("importing.rejected_row", {"row": number, "reasons": reason}))
    if len(rows) > MAX_LISTED:
        warn(render("importing.more_rejected", {"count": len(rows) - MAX_LISTED}))
    for warning in done.warnings:
        warn(warning.render())
    if done.errors_path is not None:
        warn(render("importing.rejected_saved", {"path": str(done.errors_path)}))
    summary(result.summary())
    if result.rejected:
        return EXIT_SOME_REJECTED
    return EXIT_OK


__all__ = ["register", "run", "EXIT_NOTHING_DONE", "fail"]
