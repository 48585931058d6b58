"""`crm-desktop complaint add | list | assign | start | resolve | confirm | close`: complaints headless.

`list` prints one tab-separated line per complaint:

    id    received    customer code    customer name    category    severity    status    handled by    due    subject

codes for category, severity and status (open, processing, resolved, confirmed,
closed); times as ``YYYY-MM-DD HH:MM``. `--open` lists the unresolved ones, soonest due
first; without it, every complaint, newest first. The count goes to stderr. The rules
(who sees which, the path, satisfaction 1–5) are the complaint service's.
"""

from __future__ import annotations

from datetime import datetime

from crm_desktop.cli.common import EXIT_OK, Context, summary, warn
from crm_desktop.messages import msg, render
from crm_desktop.services import complaints
from crm_desktop.services.auth import resolve_user
from crm_desktop.services.complaints import ComplaintInfo, ComplaintQuery, ComplaintRow
from crm_desktop.services.sales import find_customer_id


def register(sub) -> None:
    parser = sub.add_parser(
        "complaint",
        help=msg("cli_help.complaint.help").render(),
        description=msg("cli_help.complaint.description").render(),  # the docstring's
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)

    p = actions.add_parser("add", help=msg("cli_help.complaint_add.help").render())
    p.add_argument("code", metavar="CODE", help=msg("cli_help.customer_code").render())
    p.add_argument(
        "--category",
        default="other",
        metavar="C",
        help=msg("cli_help.complaint_add.category").render(),
    )
    p.add_argument(
        "--severity",
        default="normal",
        metavar="S",
        help=msg("cli_help.complaint_add.severity").render(),
    )
    p.add_argument(
        "--text", required=True, metavar="T", help=msg("cli_help.complaint_add.text").render()
    )
    p.add_argument("--subject", metavar="S", help=msg("cli_help.complaint_add.subject").render())
    p.add_argument("--via", metavar="CHANNEL", help=msg("cli_help.complaint_add.via").render())
    p.add_argument("--product", metavar="CODE", help=msg("cli_help.complaint_add.product").render())
    p.add_argument(
        "--received", metavar="WHEN", help=msg("cli_help.complaint_add.received").render()
    )
    p.add_argument(
        "--handler",
        dest="handled_by",
        metavar="NAME",
        help=msg("cli_help.complaint_add.handler").render(),
    )
    p.set_defaults(handler=run_add)

    p = actions.add_parser("list", help=msg("cli_help.complaint_list.help").render())
    p.add_argument("--open", action="store_true", help=msg("cli_help.complaint_list.open").render())
    p.add_argument("--category", metavar="C")
    p.add_argument("--severity", metavar="S")
    p.add_argument(
        "--handler",
        dest="handled_by",
        metavar="NAME",
        help=msg("cli_help.complaint_list.handler").render(),
    )
    p.set_defaults(handler=run_list)

    p = actions.add_parser("assign", help=msg("cli_help.complaint_assign.help").render())
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("name", metavar="NAME", help=msg("cli_help.complaint_assign.name").render())
    p.set_defaults(handler=run_assign)

    p = actions.add_parser("start", help=msg("cli_help.complaint_start.help").render())
    p.add_argument("id", type=int, metavar="ID")
    p.set_defaults(handler=run_start)

    p = actions.add_parser("resolve", help=msg("cli_help.complaint_resolve.help").render())
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument(
        "--text", required=True, metavar="T", help=msg("cli_help.complaint_resolve.text").render()
    )
    p.add_argument(
        "--compensation",
        metavar="KIND",
        help=msg("cli_help.complaint_resolve.compensation").render(),
    )
    p.add_argument(
        "--amount", metavar="AMOUNT", help=msg("cli_help.complaint_resolve.amount").render()
    )
    p.add_argument("--note", metavar="T", help=msg("cli_help.complaint_resolve.note").render())
    p.add_argument("--visit", metavar="WHEN", help=msg("cli_help.complaint_resolve.visit").render())
    p.set_defaults(handler=run_resolve)

    p = actions.add_parser("confirm", help=msg("cli_help.complaint_confirm.help").render())
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument(
        "--satisfaction",
        required=True,
        metavar="N",
        help=msg("cli_help.complaint_confirm.satisfaction").render(),
    )
    p.set_defaults(handler=run_confirm)

    p = actions.add_parser("close", help=msg("cli_help.complaint_close.help").render())
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("--reason", required=True, metavar="T")
    p.set_defaults(handler=run_close)


def _cell(value: object) -> str:
    if isinstance(value, datetime):
        return f"{value:%Y-%m-%d %H:%M}"
    text = "" if value is None else str(value)
    return text.replace("\t", " ").replace("\r", " ").replace("\n", " ")


def format_line(row: ComplaintRow) -> str:
    fields = (
        row.id,
        row.received_at,
        row.customer_code,
        row.customer_name,
        row.category,
        row.severity,
        row.status,
        row.handled_by,
        row.due_at,
        row.subject,
    )
    return "\t".join(_cell(f) for f in fields)


def run_add(args, ctx: Context) -> int:
    actor = ctx.actor
    values: dict[str, object] = {
        "customer": find_customer_id(actor, args.code),
        "category": args.category,
        "severity": args.severity,
        "description": args.text,
        "subject": args.subject or "",
    }
    for key, value in (
        ("channel", args.via),
        ("product", args.product),
        ("received_at", args.received),
        ("handled_by", args.handled_by),
    ):
        if value:
            values[key] = value
    info = complaints.add_complaint(actor, values)
    warn(
        render(
            "complaints.cli_added",
            {
                "id": info.id,
                "customer": info.customer_name,
                "handler": info.handled_by,
                "due": _cell(info.due_at),
            },
        )
    )
    summary(f"complaint {info.id} added for {info.customer_code}: due {_cell(info.due_at)}")
    return EXIT_OK


def run_list(args, ctx: Context) -> int:
    actor = ctx.actor
    query = ComplaintQuery(
        open_only=args.open,
        category=args.category,
        severity=args.severity,
        handled_by=resolve_user(args.handled_by, "handled_by") if args.handled_by else None,
    )
    rows = complaints.list_complaints(actor, query)
    for row in rows:
        print(format_line(row))
    warn(render("complaints.cli_count", {"count": len(rows)}))
    return EXIT_OK


def _done(info: ComplaintInfo) -> int:
    warn(
        msg("complaints.cli_done", id=info.id, status=complaints.status_label(info.status)).render()
    )
    summary(f"complaint {info.id} {info.status}: {info.customer_code}")
    return EXIT_OK


def run_assign(args, ctx: Context) -> int:
    return _done(complaints.assign_complaint(ctx.actor, args.id, args.name))


def run_start(args, ctx: Context) -> int:
    return _done(complaints.start_complaint(ctx.actor, args.id))


def run_resolve(args, ctx: Context) -> int:
    info = complaints.resolve_complaint(
        ctx.actor,
        args.id,
        args.text,
        compensation_kind=args.compensation,
        compensation_amount=args.amount,
        compensation_note=args.note,
        followup_at=args.visit,
    )
    return _done(info)


def run_confirm(args, ctx: Context) -> int:
    return _done(complaints.confirm_complaint(ctx.actor, args.id, args.satisfaction))


def run_close(args, ctx: Context) -> int:
    return _done(complaints.close_complaint(ctx.actor, args.id, args.reason))
