"""`crm-desktop demo [--customers N] [--seed S]`: fill an empty database with realistic demo data."""

from __future__ import annotations

import sys
import time

from crm_desktop.cli.common import Context, summary
from crm_desktop.messages import Renderable, msg


def register(sub) -> None:
    parser = sub.add_parser(
        "demo",
        help=msg("cli_help.demo.help").render(),
        description=msg("cli_help.demo.description").render(),
    )
    parser.add_argument(
        "--customers",
        type=int,
        default=1000,
        metavar="N",
        help=msg("cli_help.demo.customers").render(),
    )
    parser.add_argument(
        "--seed", type=int, default=0, metavar="S", help=msg("cli_help.demo.seed").render()
    )
    parser.set_defaults(handler=run)


def run(args, ctx: Context) -> int:
    from crm_desktop.demo import generate_demo
    from crm_desktop.progress import Progress

    started = time.perf_counter()

    def show(_done: int, _total: int, text: Renderable | str | None) -> None:
        if text is not None:
            line = text if isinstance(text, str) else text.render()
            print(f"[{time.perf_counter() - started:6.1f}s] {line}", file=sys.stderr, flush=True)

    result = generate_demo(ctx.actor, args.customers, args.seed, progress=Progress(show))
    # numbers as plain digits: scripts read the summary line
    summary(
        msg(
            "demo.summary",
            customers=str(result.customers),
            contacts=str(result.contacts),
            products=str(result.products),
            sales=str(result.sales),
            payments=str(result.payments),
            followups=str(result.followups),
            credit_requests=str(result.credit_requests),
            seconds=f"{result.seconds:.1f}",
        ).render()
    )
    return 0
