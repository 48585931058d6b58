"""`crm-desktop credit list | request | approve | reject | withdraw`: credit approvals headless.

Every subcommand acts as `--user NAME`; the rules (who may approve, one pending
request per customer, a lower amount only) are the credit service's.
"""

from __future__ import annotations

from crm_desktop.cli.common import EXIT_OK, Context, summary, warn
from crm_desktop.i18n import current_language
from crm_desktop.messages import msg, render
from crm_desktop.services import credit
from crm_desktop.services.fields import choice_label
from crm_desktop.services.sales import find_customer_id


def register(sub) -> None:
    parser = sub.add_parser("credit", help=msg("cli_help.credit.help").render())
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)

    p = actions.add_parser("list", help=msg("cli_help.credit_list.help").render())
    p.add_argument(
        "--pending", action="store_true", help=msg("cli_help.credit_list.pending").render()
    )
    p.set_defaults(handler=run_list)

    p = actions.add_parser("request", help=msg("cli_help.credit_request.help").render())
    p.add_argument("code", metavar="CODE", help=msg("cli_help.customer_code").render())
    p.add_argument(
        "--limit",
        required=True,
        metavar="AMOUNT",
        help=msg("cli_help.credit_request.limit").render(),
    )
    p.add_argument("--days", metavar="N", help=msg("cli_help.credit_request.days").render())
    p.add_argument("--rating", metavar="A|B|C", help=msg("cli_help.credit_request.rating").render())
    p.add_argument(
        "--terms", metavar="prepaid|other", help=msg("cli_help.credit_request.terms").render()
    )
    p.add_argument("--reason", required=True, metavar="TEXT")
    p.set_defaults(handler=run_request)

    p = actions.add_parser("approve", help=msg("cli_help.credit_approve.help").render())
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("--limit", metavar="AMOUNT", help=msg("cli_help.credit_approve.limit").render())
    p.add_argument("--comment", default="", metavar="TEXT")
    p.set_defaults(handler=run_approve)

    p = actions.add_parser("reject", help=msg("cli_help.credit_reject.help").render())
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("--comment", required=True, metavar="TEXT")
    p.set_defaults(handler=run_reject)

    p = actions.add_parser("withdraw", help=msg("cli_help.credit_withdraw.help").render())
    p.add_argument("id", type=int, metavar="ID")
    p.set_defaults(handler=run_withdraw)


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return text.replace("\t", " ").replace("\n", " ")


def run_list(args, ctx: Context) -> int:
    rows = credit.list_requests(ctx.actor, pending_only=args.pending)
    for r in rows:
        fields = (
            r.id,
            r.customer_code,
            r.customer_name,
            r.proposed.limit,
            r.status,
            r.requested_by,
            r.decided_by,
        )
        print("\t".join(_cell(f) for f in fields))
    warn(render("credit.cli_count", {"count": len(rows)}))
    return EXIT_OK


def run_request(args, ctx: Context) -> int:
    actor = ctx.actor
    detail = credit.request_credit(
        actor,
        find_customer_id(actor, args.code),
        limit=args.limit,
        days=args.days,
        terms=args.terms,
        rating=args.rating,
        reason=args.reason,
    )
    cur, new = detail.current, detail.proposed
    record = detail.payment_record
    warn(
        render(
            "credit.cli_current",
            {
                "limit": "—" if cur.limit is None else cur.limit,
                "days": "—" if cur.days is None else cur.days,
                "terms": choice_label("payment_terms", cur.terms, current_language()) or "—",
                "rating": choice_label("credit_rating", cur.rating, current_language()) or "—",
                "balance": detail.balance,
                "sales": detail.sales_12m,
                "on_time": record.paid_on_time,
                "late": record.paid_late + record.open_overdue,
            },
        )
    )
    assert detail.request is not None
    lang = current_language()
    summary(
        render(
            "credit.cli_filed",
            {
                "id": detail.request.id,
                "code": detail.customer_code,
                "limit": "—" if new.limit is None else new.limit,
                "days": "—" if new.days is None else new.days,
                "terms": choice_label("payment_terms", new.terms, lang) or "—",
                "rating": choice_label("credit_rating", new.rating, lang) or "—",
            },
        )
    )
    return EXIT_OK


def run_approve(args, ctx: Context) -> int:
    info = credit.approve(ctx.actor, args.id, limit=args.limit, comment=args.comment)
    summary(
        render(
            "credit.cli_approved",
            {"id": info.id, "code": info.customer_code, "limit": info.approved_limit},
        )
    )
    return EXIT_OK


def run_reject(args, ctx: Context) -> int:
    info = credit.reject(ctx.actor, args.id, comment=args.comment)
    summary(render("credit.cli_rejected", {"id": info.id, "code": info.customer_code}))
    return EXIT_OK


def run_withdraw(args, ctx: Context) -> int:
    info = credit.withdraw(ctx.actor, args.id)
    summary(render("credit.cli_withdrawn", {"id": info.id, "code": info.customer_code}))
    return EXIT_OK
