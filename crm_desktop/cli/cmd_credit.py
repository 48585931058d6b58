"""`crm-desktop credit list | request | approve | reject | withdraw`: credit approvals headless.

Every subcommand acts as `--user NAME`; the rules (who may approve, one pending
request per customer, a lower amount only) are the credit service's.
"""

from __future__ import annotations

from crm_desktop.cli.common import EXIT_OK, Context, summary, warn
from crm_desktop.i18n import current_language
from crm_desktop.messages import render
from crm_desktop.services import credit
from crm_desktop.services.fields import choice_label
from crm_desktop.services.sales import find_customer_id


def register(sub) -> None:
    parser = sub.add_parser("credit", help="credit requests and the general manager's decisions")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)

    p = actions.add_parser(
        "list",
        help="one line per request: id, code, name, proposed limit, status, requested by, decided by",
    )
    p.add_argument("--pending", action="store_true", help="only requests waiting for a decision")
    p.set_defaults(handler=run_list)

    p = actions.add_parser("request", help="propose a credit change for a customer")
    p.add_argument("code", metavar="CODE", help="customer code")
    p.add_argument(
        "--limit",
        required=True,
        metavar="AMOUNT",
        help="proposed credit limit in yuan: 50000, 5万, ¥1.2万",
    )
    p.add_argument("--days", metavar="N", help="proposed collection period in days")
    p.add_argument("--rating", metavar="A|B|C", help="proposed credit rating")
    p.add_argument("--terms", metavar="prepaid|other", help="proposed payment terms")
    p.add_argument("--reason", required=True, metavar="TEXT")
    p.set_defaults(handler=run_request)

    p = actions.add_parser("approve", help="approve a request (general manager)")
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("--limit", metavar="AMOUNT", help="approve a lower limit than requested")
    p.add_argument("--comment", default="", metavar="TEXT")
    p.set_defaults(handler=run_approve)

    p = actions.add_parser("reject", help="reject a request (general manager)")
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("--comment", required=True, metavar="TEXT")
    p.set_defaults(handler=run_reject)

    p = actions.add_parser("withdraw", help="withdraw your own request while it waits")
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
    summary(
        f"credit request {detail.request.id} filed for {detail.customer_code}: "
        f"limit {new.limit}, {new.days} days, terms {new.terms}, rating {new.rating}"
    )
    return EXIT_OK


def run_approve(args, ctx: Context) -> int:
    info = credit.approve(ctx.actor, args.id, limit=args.limit, comment=args.comment)
    summary(f"credit request {info.id} approved: {info.customer_code} limit {info.approved_limit}")
    return EXIT_OK


def run_reject(args, ctx: Context) -> int:
    info = credit.reject(ctx.actor, args.id, comment=args.comment)
    summary(f"credit request {info.id} rejected: {info.customer_code} unchanged")
    return EXIT_OK


def run_withdraw(args, ctx: Context) -> int:
    info = credit.withdraw(ctx.actor, args.id)
    summary(f"credit request {info.id} withdrawn: {info.customer_code} unchanged")
    return EXIT_OK
