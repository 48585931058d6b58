"""`crm-desktop followups [--due today|overdue|week] [--owner NAME]`: planned follow-ups, one a line.

Output (stdout), tab separated, sorted by due time:

    due    customer code    customer name    kind    owner    subject

`due` is ``YYYY-MM-DD HH:MM``; `kind` is the code (visit, call, message, meeting,
dinner, factory_visit, complaint, other). Customers out of cadence with nothing
planned (see services.followups) are lines of kind ``cadence`` whose due is the date
(``YYYY-MM-DD``, no time) they fell out of cadence, and whose subject says how long
since the last contact; they appear without --due and with --due overdue, never with
today or week, and --no-cadence leaves them out. --due overdue is the rule of every
overdue figure (services.followups.overdue): planned follow-ups due before today (one
due earlier today is due today) and customers out of cadence; its line count is the
Today page's overdue number. The count goes to stderr; exit 0.
"""

from __future__ import annotations

from crm_desktop.cli.common import EXIT_OK, Context, warn
from crm_desktop.messages import msg, render
from crm_desktop.services import followups
from crm_desktop.services.auth import resolve_user
from crm_desktop.services.followups import FollowUpQuery, FollowUpRow


def register(sub) -> None:
    parser = sub.add_parser(
        "followups",
        help=msg("cli_help.followups.help").render(),
        description=msg("cli_help.followups.description").render(),  # the docstring's
    )
    parser.add_argument(
        "--due",
        choices=("today", "overdue", "week"),
        help=msg("cli_help.followups.due").render(),
    )
    parser.add_argument("--owner", metavar="NAME", help=msg("cli_help.followups.owner").render())
    parser.add_argument(
        "--no-cadence", action="store_true", help=msg("cli_help.followups.no_cadence").render()
    )
    parser.set_defaults(handler=run)


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return text.replace("\t", " ").replace("\r", " ").replace("\n", " ")


def format_line(row: FollowUpRow) -> str:
    due = f"{row.due_at:%Y-%m-%d}" if row.is_cadence else f"{row.due_at:%Y-%m-%d %H:%M}"
    fields = (due, row.customer_code, row.customer_name, row.kind, row.owner_name, row.subject)
    return "\t".join(_cell(f) for f in fields)


def run(args, ctx: Context) -> int:
    actor = ctx.actor
    owner_id = resolve_user(args.owner, "owner") if args.owner else None
    query = FollowUpQuery(due=args.due, owner_id=owner_id, include_cadence=not args.no_cadence)
    rows = followups.list_followups(actor, query)
    if args.due is None and not args.no_cadence:
        cadence = followups.cadence_overdue(actor, owner_id=owner_id)
        rows = followups.merge_by_due(cadence, rows)
    for row in rows:
        print(format_line(row))
    cadence_n = sum(1 for r in rows if r.is_cadence)
    if cadence_n:
        warn(render("followups.listed_with_cadence", {"count": len(rows), "cadence": cadence_n}))
    else:
        warn(render("followups.listed", {"count": len(rows)}))
    return EXIT_OK
