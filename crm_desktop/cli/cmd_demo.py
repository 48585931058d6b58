"""`crm-desktop demo [--customers N] [--seed S]`: fill an empty database with realistic demo data."""

from __future__ import annotations

import sys
import time

from crm_desktop.cli.common import Context, summary


def register(sub) -> None:
    parser = sub.add_parser(
        "demo",
        help="fill an empty database with a demo team, customers and two years of business",
        description=(
            "Fill an empty database with demo data: users admin, manager, sales1-3 (no "
            "passwords), customers with contacts, products, sales lines, payments, "
            "follow-ups and credit requests. The same seed on the same day gives the same data."
        ),
    )
    parser.add_argument("--customers", type=int, default=1000, metavar="N", help="default 1000")
    parser.add_argument("--seed", type=int, default=0, metavar="S", help="default 0")
    parser.set_defaults(handler=run)


def run(args, ctx: Context) -> int:
    from crm_desktop.services.demo import generate_demo

    started = time.perf_counter()

    def progress(message: str) -> None:
        print(f"[{time.perf_counter() - started:6.1f}s] {message}", file=sys.stderr, flush=True)

    result = generate_demo(ctx.actor, args.customers, args.seed, progress=progress)
    summary(
        f"demo: {result.customers} customers, {result.contacts} contacts, "
        f"{result.products} products, {result.sales} sales lines, {result.payments} payments, "
        f"{result.followups} follow-ups, {result.credit_requests} credit requests "
        f"in {result.seconds:.1f} s"
    )
    return 0
