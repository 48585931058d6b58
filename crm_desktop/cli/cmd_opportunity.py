"""`crm-desktop opportunity list | add | move | win | lose | reopen`, `report forecast`,
`print quote`: the pipeline headless, with the opportunity service's rules."""

from __future__ import annotations

from crm_desktop.cli.common import EXIT_OK, Context, summary, warn
from crm_desktop.i18n import current_language
from crm_desktop.messages import msg
from crm_desktop.services import opportunities as opps
from crm_desktop.services.sales import find_customer_id


def register(sub) -> None:
    parser = sub.add_parser(
        "opportunity",
        help=msg("cli_help.opportunity.help").render(),
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)

    p = actions.add_parser("list", help=msg("cli_help.opportunity_list.help").render())
    p.add_argument("--owner", metavar="NAME", help=msg("cli_help.opportunity_list.owner").render())
    p.add_argument("--stage", metavar="STAGE", help=msg("cli_help.opportunity_list.stage").render())
    p.add_argument("--all", action="store_true", help=msg("cli_help.opportunity_list.all").render())
    p.set_defaults(handler=run_list)

    p = actions.add_parser("add", help=msg("cli_help.opportunity_add.help").render())
    p.add_argument("code", metavar="CODE", help=msg("cli_help.customer_code").render())
    p.add_argument("--title", required=True, metavar="TEXT")
    p.add_argument(
        "--amount",
        required=True,
        metavar="AMOUNT",
        help=msg("cli_help.opportunity_add.amount").render(),
    )
    p.add_argument(
        "--close",
        required=True,
        metavar="YYYY-MM-DD",
        help=msg("cli_help.opportunity_add.close").render(),
    )
    p.add_argument("--stage", metavar="STAGE", help=msg("cli_help.opportunity_add.stage").render())
    p.add_argument(
        "--probability",
        metavar="PERCENT",
        help=msg("cli_help.opportunity_add.probability").render(),
    )
    p.add_argument("--owner", metavar="NAME", help=msg("cli_help.opportunity_add.owner").render())
    p.add_argument(
        "--next",
        dest="next_step",
        default="",
        metavar="TEXT",
        help=msg("cli_help.opportunity_add.next").render(),
    )
    p.set_defaults(handler=run_add)

    p = actions.add_parser("move", help=msg("cli_help.opportunity_move.help").render())
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("stage", metavar="STAGE", help=msg("cli_help.opportunity_move.stage").render())
    p.add_argument("--reason", metavar="R", help=msg("cli_help.opportunity_move.reason").render())
    p.set_defaults(handler=run_move)

    p = actions.add_parser("win", help=msg("cli_help.opportunity_win.help").render())
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument(
        "--sales", action="store_true", help=msg("cli_help.opportunity_win.sales").render()
    )
    p.set_defaults(handler=run_win)

    p = actions.add_parser("lose", help=msg("cli_help.opportunity_lose.help").render())
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument(
        "--reason",
        required=True,
        metavar="R",
        help=msg("cli_help.opportunity_lose.reason").render(),
    )
    p.add_argument("--note", default="", metavar="TEXT")
    p.set_defaults(handler=run_lose)

    p = actions.add_parser("reopen", help=msg("cli_help.opportunity_reopen.help").render())
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument(
        "--stage", metavar="STAGE", help=msg("cli_help.opportunity_reopen.stage").render()
    )
    p.set_defaults(handler=run_reopen)


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return text.replace("\t", " ").replace("\n", " ")


def _owner_id(name: str | None) -> int | None:
    if not name:
        return None
    from crm_desktop.services.auth import resolve_user

    return resolve_user(name, "owner")


def run_list(args, ctx: Context) -> int:
    actor = ctx.actor
    stage = opps.find_stage(args.stage) if args.stage else None
    f = opps.PipelineFilter(
        owner_id=_owner_id(args.owner),
        stage_id=stage.id if stage else None,
        open_only=not (args.all or (stage is not None and not stage.is_open)),
    )
    stages = {s.id: s for s in opps.list_stages()}
    lang = current_language()
    rows = opps.list_opportunities(actor, f)
    for r in rows:
        stage_label = stages[r.stage_id].label(lang) if r.stage_id in stages else ""
        fields = (
            r.id,
            r.customer_code,
            r.customer_name,
            r.title,
            r.amount,
            r.close_date.isoformat(),
            stage_label,
            f"{r.probability}%",
            r.owner_name,
        )
        print("\t".join(_cell(v) for v in fields))
    warn(msg("opportunities.cli_count", count=len(rows)).render())
    return EXIT_OK


def run_add(args, ctx: Context) -> int:
    actor = ctx.actor
    customer_id = find_customer_id(actor, args.code)
    stage = opps.find_stage(args.stage) if args.stage else None
    values: dict[str, object] = {
        "title": args.title,
        "amount": args.amount,
        "close_date": args.close,
        "next_step": args.next_step,
    }
    if args.probability is not None:
        values["probability"] = args.probability.rstrip("%")
    if args.owner:
        values["owner"] = args.owner
    detail = opps.create_opportunity(
        actor, customer_id, values, stage_id=stage.id if stage else None
    )
    r = detail.row
    summary(
        msg(
            "opportunities.cli_added",
            id=r.id,
            code=r.customer_code,
            title=r.title,
            amount=f"{r.amount:,.2f}",
            close=r.close_date.isoformat(),
            stage=detail.stage.text(),
        ).render()
    )
    return EXIT_OK


def _moved(row: opps.OpportunityRow, code: str = "opportunities.cli_moved") -> int:
    stage = opps.get_stage(row.stage_id)
    summary(msg(code, id=row.id, title=row.title, stage=stage.text()).render())
    return EXIT_OK


def run_move(args, ctx: Context) -> int:
    actor = ctx.actor
    stage = opps.find_stage(args.stage)
    return _moved(opps.move_opportunity(actor, args.id, stage.id, lost_reason=args.reason))


def run_win(args, ctx: Context) -> int:
    return _moved(opps.win_opportunity(ctx.actor, args.id, record_sales=args.sales))


def run_lose(args, ctx: Context) -> int:
    return _moved(opps.lose_opportunity(ctx.actor, args.id, args.reason, note=args.note))


def run_reopen(args, ctx: Context) -> int:
    actor = ctx.actor
    stage = opps.find_stage(args.stage) if args.stage else None
    row = opps.reopen_opportunity(actor, args.id, stage.id if stage else None)
    return _moved(row, "opportunities.cli_reopened")


def run_quote(args, ctx: Context) -> int:
    """`print quote ID -o OUT.pdf`: the quote of one opportunity."""
    from crm_desktop.errors import UserError
    from crm_desktop.jobs.quote import print_quote

    if len(args.codes) != 1 or not args.codes[0].isdigit():
        raise UserError("opportunities.quote_one_id", given=" ".join(args.codes))
    opportunity_id = int(args.codes[0])
    result = print_quote(ctx.actor, opportunity_id, args.output, lang=args.lang)
    if result.warning is not None:
        warn(result.warning.render())
    summary(msg("opportunities.quote_done", id=opportunity_id, path=str(result.path)).render())
    return EXIT_OK


def register_report(actions) -> None:
    """`report forecast OUT.xlsx`, added to the `report` command's kinds."""
    p = actions.add_parser(
        "forecast",
        help=msg("cli_help.report_forecast.help").render(),
        description=msg("cli_help.report_forecast.description").render(),
    )
    p.add_argument("out", metavar="OUT.xlsx")
    p.set_defaults(handler=run_forecast)


def run_forecast(args, ctx: Context) -> int:
    from crm_desktop.jobs.forecast import write_forecast
    from crm_desktop.jobs.report import check_output

    check_output(args.out)
    result = write_forecast(ctx.actor, args.out)
    summary(
        msg(
            "opportunities.forecast_done",
            path=str(result.path),
            months=result.months,
            weighted=f"{result.weighted:,.2f}",
            count=result.opportunities,
        ).render()
    )
    return EXIT_OK
