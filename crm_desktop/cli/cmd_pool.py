"""`crm-desktop pool list|claim CODE|release CODE|rules|run` and `crm-desktop handover`.

pool list             customers in the pool (公海), one a line: code, name, class, last contact
pool claim CODE       take a customer from the pool (within the daily limit and the cap)
pool release CODE…    put customers back (a salesperson their own, a manager any)
pool assign CODE… --to NAME   a manager gives customers to a user
pool rules [--set KEY=VALUE…] print the rules as JSON; a manager may change them, e.g.
                      --set no_contact_days.B=30 --set warn_days=3 --set exempt_classes=A
pool run              return the customers past the rules now (the daily job)
handover FROM --to NAME[,NAME]  离职继承: FROM's customers and open follow-ups, in turns
prospects [--source CODE]       潜在客户名册: per source, tab separated: source, customers,
                      potential, prospective, current, lost, converted share; with
                      --source, that source's customers: code, name, stage

Exit 0, or 2 when nothing was done (the reason on stderr).
"""

from __future__ import annotations

import json

from crm_desktop.cli.common import EXIT_OK, Context, summary, warn
from crm_desktop.messages import msg
from crm_desktop.services import pool


def register(sub) -> None:
    parser = sub.add_parser(
        "pool",
        help=msg("cli_help.pool.help").render(),
        description=msg("cli_help.pool.description").render(),  # the docstring's
    )
    parser.add_argument("action", choices=("list", "claim", "release", "assign", "rules", "run"))
    parser.add_argument(
        "codes", nargs="*", metavar="CODE", help=msg("cli_help.customer_codes").render()
    )
    parser.add_argument("--to", metavar="NAME", help=msg("cli_help.pool.to").render())
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help=msg("cli_help.rules_set").render(),
    )
    parser.set_defaults(handler=run)
    hand = sub.add_parser("handover", help=msg("cli_help.handover.help").render())
    hand.add_argument("leaving", metavar="FROM", help=msg("cli_help.handover.leaving").render())
    hand.add_argument(
        "--to", required=True, metavar="NAME[,NAME]", help=msg("cli_help.handover.to").render()
    )
    hand.set_defaults(handler=run_handover)
    lists = sub.add_parser("prospects", help=msg("cli_help.prospects.help").render())
    lists.add_argument("--source", metavar="CODE", help=msg("cli_help.prospects.source").render())
    lists.set_defaults(handler=run_prospects)


def _value(text: str) -> object:
    text = text.strip()
    if text.lower() in ("", "none", "null", "-"):
        return None
    return int(text) if text.isdigit() else text


def parse_settings(pairs: list[str]) -> dict[str, object]:
    """`no_contact_days.B=30`, `warn_days=3`, `exempt_classes=A,B` as a rules update."""
    current = pool.get_rules().as_dict()
    update: dict[str, object] = {}
    for pair in pairs:
        key, _, raw = pair.partition("=")
        name, _, cls = key.strip().partition(".")
        if name == "exempt_classes":
            update[name] = [c.strip() for c in raw.split(",") if c.strip()]
        elif cls or isinstance(current.get(name), dict):
            table = dict(update.get(name) or current.get(name) or {})
            table[cls] = _value(raw)
            update[name] = table
        else:
            update[name] = _value(raw)
    return update


def run(args, ctx: Context) -> int:
    actor = ctx.actor
    if args.action == "list":
        rows = pool.list_pool()
        for row in rows:
            last = f"{row.last_contact_at:%Y-%m-%d}" if row.last_contact_at else ""
            summary("\t".join((row.code, row.name, row.abc_class or "", last)))
        warn(msg("day.pool_listed", count=len(rows)).render())
    elif args.action == "claim":
        for code in args.codes:
            row = pool.claim(actor, code)
            warn(msg("day.pool_claimed", code=row.code, name=row.name).render())
    elif args.action == "release":
        count = pool.release(actor, args.codes)
        warn(msg("day.pool_released", count=count).render())
    elif args.action == "assign":
        count = pool.assign(actor, args.codes, args.to)
        summary(str(count))
    elif args.action == "rules":
        rules = pool.set_rules(actor, parse_settings(args.set)) if args.set else pool.get_rules()
        summary(json.dumps(rules.as_dict(), ensure_ascii=False, indent=2))
    else:
        result = pool.run_rules(actor)
        warn(msg("day.pool_ran", returned=result.returned, warned=result.warned).render())
    return EXIT_OK


def run_handover(args, ctx: Context) -> int:
    names = [n.strip() for n in args.to.split(",") if n.strip()]
    result = pool.handover(ctx.actor, args.leaving, names)
    for name, count in result.customers.items():
        summary(f"{name}\t{count}")
    warn(
        msg(
            "day.handover_done", count=sum(result.customers.values()), followups=result.followups
        ).render()
    )
    return EXIT_OK


def run_prospects(args, ctx: Context) -> int:
    from crm_desktop.models.entities import STAGES
    from crm_desktop.services import prospects

    if args.source is not None:
        for _id, code, name, stage in prospects.source_customers(ctx.actor, args.source or None):
            summary(f"{code}\t{name}\t{stage}")
        return EXIT_OK
    for row in prospects.source_summary(ctx.actor):
        counts = "\t".join(str(row.by_stage[s]) for s in STAGES)
        summary(f"{row.source or ''}\t{row.total}\t{counts}\t{row.conversion:.3f}")
    return EXIT_OK
