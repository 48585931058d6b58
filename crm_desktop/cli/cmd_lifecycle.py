"""`crm-desktop lifecycle rules|suggestions|accept|dismiss|export`: the lifecycle (客户分类).

lifecycle rules [--set KEY=VALUE …]   print the rules as JSON; a manager may change them,
                      e.g. --set lost_months=9 --set winback=no --set min_contacts=3
                      (min_contacts, need_contact_person, loyal_orders, loyal_months,
                      lost_months, winback, winback_days)
lifecycle suggestions [--limit N]     the moves the rules propose, one a line, tab
                      separated: code, name, kind, reason (in the UI language)
lifecycle accept CODE [--stage S]     apply the customer's suggestion, as on Today (the
                      card change is in the ChangeLog; a lost customer gets its win-back
                      call); with --stage, only when the suggestion is that move (a kind,
                      or the stage or loyalty it moves to: prospective, current, repeat,
                      loyal, lost)
lifecycle dismiss CODE [--stage S]    do not show the customer's suggestion again until
                      it changes
lifecycle export OUT.xlsx [--source CODE …]   潜在客户名册 as a workbook: each source's
                      counts by stage and conversion, then a sheet of customers per list

Exit 0, or 2 when nothing was done (the reason on stderr).
"""

from __future__ import annotations

import json
import sys

from crm_desktop.cli.common import EXIT_OK, Context, summary, warn
from crm_desktop.messages import msg


def register(sub) -> None:
    parser = sub.add_parser(
        "lifecycle",
        help=msg("cli_help.lifecycle.help").render(),
        description=msg("cli_help.lifecycle.description").render(),  # the docstring's
    )
    parser.add_argument("action", choices=("rules", "suggestions", "accept", "dismiss", "export"))
    parser.add_argument(
        "target",
        nargs="?",
        metavar="OUT.xlsx|CODE",
        help=msg("cli_help.lifecycle.target").render(),
    )
    parser.add_argument("--stage", metavar="S", help=msg("cli_help.lifecycle.stage").render())
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help=msg("cli_help.rules_set").render(),
    )
    parser.add_argument(
        "--limit", type=int, default=10**9, help=msg("cli_help.lifecycle.limit").render()
    )
    parser.add_argument(
        "--source",
        action="append",
        default=None,
        metavar="CODE",
        help=msg("cli_help.lifecycle.source").render(),
    )
    parser.set_defaults(handler=run)


def run(args, ctx: Context) -> int:
    if args.action == "rules":
        return _rules(args, ctx)
    if args.action == "suggestions":
        return _suggestions(args, ctx)
    if args.action in ("accept", "dismiss"):
        return _decide(args, ctx)
    return _export(args, ctx)


def _rules(args, ctx: Context) -> int:
    from crm_desktop.services import lifecycle_rules

    actor = ctx.actor
    if args.set:
        rules = lifecycle_rules.set_rules(actor, lifecycle_rules.parse_pairs(args.set))
    else:
        rules = lifecycle_rules.get_rules()
    summary(json.dumps(rules, ensure_ascii=False, indent=2))
    return EXIT_OK


def _suggestions(args, ctx: Context) -> int:
    from crm_desktop.services import lifecycle

    found = lifecycle.suggestions(ctx.actor, limit=max(args.limit, 0))
    for s in found:
        summary("\t".join((s.code, s.name, s.kind, s.describe())))
    warn(msg("lifecycle.suggested", count=len(found)).render())
    return EXIT_OK


def _decide(args, ctx: Context) -> int:
    """Accept or dismiss by code, through the service functions the Today box uses."""
    from crm_desktop.cli.common import fail
    from crm_desktop.services import lifecycle

    if not args.target:
        return fail(msg("lifecycle.need_code", action=args.action).render())
    actor = ctx.actor
    found = lifecycle.suggestion_for(actor, args.target, args.stage)
    if args.action == "accept":
        lifecycle.accept(actor, found.customer_id, found.kind)
        text = msg("lifecycle.accepted", code=found.code, name=found.name, reason=found.reason)
    else:
        lifecycle.dismiss(actor, found.customer_id, found.kind)
        text = msg("lifecycle.dismissed", code=found.code, name=found.name)
    summary("\t".join((found.code, found.name, found.kind)))
    warn(text.render())
    return EXIT_OK


def _export(args, ctx: Context) -> int:
    from crm_desktop.cli.common import fail
    from crm_desktop.jobs.prospects_export import export_prospects
    from crm_desktop.progress import Progress
    from crm_desktop.services.prospects import check_source

    if not args.target:
        return fail(msg("lifecycle.need_out").render())
    sources = None
    if args.source is not None:
        sources = [check_source(s or None) for s in args.source]

    def listener(done: int, total: int, _text: object) -> None:
        print(msg("export.progress", done=done, total=total).render(), file=sys.stderr, flush=True)

    result = export_prospects(ctx.actor, args.target, sources, progress=Progress(listener))
    summary(
        msg(
            "lifecycle.exported", count=result.rows, sources=result.sources, path=str(result.path)
        ).render()
    )
    return EXIT_OK
