"""`crm-desktop log CODE --kind call --outcome TEXT [--next DATE]`: 记录联系 in one step.

Records a contact that just happened (or at --at) with the customer CODE: a done
follow-up of kind --kind (visit, call, message, meeting, dinner, factory_visit,
complaint, other) with its outcome. If a planned follow-up of that customer is due that
day or earlier, it is the one completed. --next plans the next follow-up (a date, or a
date and time; kind --next-kind, default the same). Prints one line per row written,
tab separated: status, id, when, code, kind. Exit 0, or 2 when nothing was written.
"""

from __future__ import annotations

from crm_desktop.cli.common import EXIT_OK, Context, summary, warn
from crm_desktop.messages import msg
from crm_desktop.models.entities import FOLLOWUP_KINDS
from crm_desktop.services import followups
from crm_desktop.services.followups import kind_label


def register(sub) -> None:
    parser = sub.add_parser(
        "log",
        help=msg("cli_help.log.help").render(),
        description=msg("cli_help.log.description").render(),  # the docstring's
    )
    parser.add_argument("code", metavar="CODE", help=msg("cli_help.log.code").render())
    parser.add_argument(
        "--kind", default="call", choices=FOLLOWUP_KINDS, help=msg("cli_help.log.kind").render()
    )
    parser.add_argument(
        "--outcome", required=True, metavar="TEXT", help=msg("cli_help.log.outcome").render()
    )
    parser.add_argument(
        "--notes", default="", metavar="TEXT", help=msg("cli_help.log.notes").render()
    )
    parser.add_argument("--contact", metavar="NAME", help=msg("cli_help.log.contact").render())
    parser.add_argument("--at", metavar="DATETIME", help=msg("cli_help.log.at").render())
    parser.add_argument("--next", metavar="DATE", help=msg("cli_help.log.next").render())
    parser.add_argument(
        "--next-kind", choices=FOLLOWUP_KINDS, help=msg("cli_help.log.next_kind").render()
    )
    parser.set_defaults(handler=run)


def run(args, ctx: Context) -> int:
    result = followups.log_contact(
        ctx.actor,
        args.code,
        kind=args.kind,
        outcome=args.outcome,
        notes=args.notes,
        contact=args.contact,
        at=args.at,
        next_due=args.next,
        next_kind=args.next_kind,
    )
    done = result.done
    summary(f"done\t{done.id}\t{done.done_at:%Y-%m-%d %H:%M}\t{done.customer_code}\t{done.kind}")
    code = "day.logged_completed" if result.completed_planned else "day.logged"
    warn(
        msg(
            code,
            code=done.customer_code,
            name=done.customer_name,
            kind=kind_label(done.kind),
            at=f"{done.done_at:%Y-%m-%d %H:%M}",
        ).render()
    )
    if result.next is not None:
        nxt = result.next
        summary(f"planned\t{nxt.id}\t{nxt.due_at:%Y-%m-%d %H:%M}\t{nxt.customer_code}\t{nxt.kind}")
        warn(
            msg(
                "day.next_planned", at=f"{nxt.due_at:%Y-%m-%d %H:%M}", kind=kind_label(nxt.kind)
            ).render()
        )
    return EXIT_OK
