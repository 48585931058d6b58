"""`crm-desktop export customers OUT.xlsx`: every customer, every field, in an Excel workbook."""

from __future__ import annotations

import sys

from crm_desktop.cli.common import Context, summary
from crm_desktop.messages import msg
from crm_desktop.models.entities import ABC_CLASSES, CREDIT_RATINGS, STAGES


def register(sub) -> None:
    parser = sub.add_parser("export", help=msg("cli_help.export.help").render())
    what = parser.add_subparsers(dest="what", metavar="WHAT", required=True)
    p = what.add_parser(
        "customers",
        help=msg("cli_help.export_customers.help").render(),
        description=msg("cli_help.export_customers.description").render(),
    )
    p.add_argument("out", metavar="OUT.xlsx")
    p.add_argument(
        "--columns", metavar="F1,F2", help=msg("cli_help.export_customers.columns").render()
    )
    p.add_argument("--stage", choices=STAGES)
    p.add_argument("--class", dest="abc_class", choices=ABC_CLASSES)
    p.add_argument("--rating", choices=CREDIT_RATINGS)
    p.add_argument("--owner", metavar="NAME", help=msg("cli_help.export_customers.owner").render())
    p.add_argument("--text", default="", help=msg("cli_help.export_customers.text").render())
    p.add_argument(
        "--for-update",
        action="store_true",
        help=msg("cli_help.export_customers.for_update").render(),
    )
    p.set_defaults(handler=run)


def run(args, ctx: Context) -> int:
    from crm_desktop.jobs.export import export_customers
    from crm_desktop.progress import Progress
    from crm_desktop.services.auth import resolve_user
    from crm_desktop.services.customers import CustomerQuery

    actor = ctx.actor
    query = None
    if args.stage or args.abc_class or args.rating or args.owner or args.text:
        query = CustomerQuery(
            text=args.text,
            stage=args.stage,
            abc_class=args.abc_class,
            credit_rating=args.rating,
            owner_id=resolve_user(args.owner) if args.owner else None,
            sort="code",
        )
    columns = [c.strip() for c in args.columns.split(",") if c.strip()] if args.columns else None
    if args.for_update:
        return _for_update(args, ctx, query)

    def listener(done: int, total: int, _text: object) -> None:
        print(msg("export.progress", done=done, total=total).render(), file=sys.stderr, flush=True)

    result = export_customers(actor, args.out, query, columns, progress=Progress(listener))
    summary(
        msg(
            "export.done",
            rows=result.rows,
            columns=result.columns,
            path=str(result.path),
            seconds=f"{result.seconds:.1f}",
        ).render()
    )
    return 0


def _for_update(args, ctx: Context, query) -> int:
    """`--for-update`: one salesperson's customers (--owner) or the filtered list."""
    from crm_desktop.jobs.sync import send_for_update

    owner_id = query.owner_id if query is not None else None
    result = send_for_update(ctx.actor, args.out, query, owner_id=owner_id)
    summary(
        msg(
            "sync.sent",
            rows=result.rows,
            contacts=result.contacts,
            followups=result.followups,
            path=str(result.path),
            seconds=f"{result.seconds:.1f}",
        ).render()
    )
    return 0
