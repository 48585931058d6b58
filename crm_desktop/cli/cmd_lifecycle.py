"""`crm-desktop lifecycle rules|suggestions|export`: the lifecycle (客户分类) from the command line.

lifecycle rules [--set KEY=VALUE …]   print the rules as JSON; a manager may change them,
                      e.g. --set lost_months=9 --set winback=no --set min_contacts=3
                      (min_contacts, need_contact_person, loyal_orders, loyal_months,
                      lost_months, winback, winback_days)
lifecycle suggestions [--limit N]     the moves the rules propose, one a line, tab
                      separated: code, name, kind, reason (in the UI language)
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
        help="lifecycle (客户分类): the rules, the suggestions, the prospect lists workbook",
        description=__doc__.split("\n\n", 1)[1] if __doc__ else None,
    )
    parser.add_argument("action", choices=("rules", "suggestions", "export"))
    parser.add_argument("out", nargs="?", metavar="OUT.xlsx", help="export: the workbook")
    parser.add_argument(
        "--set", action="append", default=[], metavar="KEY=VALUE", help="rules: change one"
    )
    parser.add_argument("--limit", type=int, default=10**9, help="suggestions: at most N")
    parser.add_argument(
        "--source",
        action="append",
        default=None,
        metavar="CODE",
        help="export: only this source ('' = none), may repeat",
    )
    parser.set_defaults(handler=run)


def run(args, ctx: Context) -> int:
    if args.action == "rules":
        return _rules(args, ctx)
    if args.action == "suggestions":
        return _suggestions(args, ctx)
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


def _export(args, ctx: Context) -> int:
    from crm_desktop.cli.common import fail
    from crm_desktop.jobs.prospects_export import export_prospects
    from crm_desktop.progress import Progress
    from crm_desktop.services.prospects import check_source

    if not args.out:
        return fail(msg("lifecycle.need_out").render())
    sources = None
    if args.source is not None:
        sources = [check_source(s or None) for s in args.source]

    def listener(done: int, total: int, _text: object) -> None:
        print(msg("export.progress", done=done, total=total).render(), file=sys.stderr, flush=True)

    result = export_prospects(ctx.actor, args.out, sources, progress=Progress(listener))
    summary(
        msg(
            "lifecycle.exported", count=result.rows, sources=result.sources, path=str(result.path)
        ).render()
    )
    return EXIT_OK
