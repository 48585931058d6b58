"""`crm-desktop report sales OUT.xlsx` and `crm-desktop report abc [--apply]`.

The period defaults to the last 12 calendar months, this month included (whole months,
so the previous period used for comparison is the 12 months before). With only
`--from`, the period is the year from that day; with only `--to`, the year up to it.
"""

from __future__ import annotations

from crm_desktop.cli.common import EXIT_NOTHING_DONE, EXIT_OK, day_option, fail, summary, warn
from crm_desktop.messages import msg


def _period_options(parser) -> None:
    parser.add_argument(
        "--from",
        dest="start",
        type=day_option,
        metavar="YYYY-MM-DD",
        help=msg("cli_help.first_day").render(),
    )
    parser.add_argument(
        "--to",
        dest="end",
        type=day_option,
        metavar="YYYY-MM-DD",
        help=msg("cli_help.last_day").render(),
    )


def register(sub) -> None:
    from crm_desktop.jobs.report import SHEETS
    from crm_desktop.services.analysis import MONTH_BY

    period = msg("cli_help.period")  # the module's docstring says it too
    report = sub.add_parser(
        "report",
        help=msg("cli_help.report.help").render(),
        description=msg("cli_help.report.description", period=period).render(),
    )
    actions = report.add_subparsers(dest="report_kind", metavar="KIND", required=True)

    sales = actions.add_parser(
        "sales",
        help=msg("cli_help.report_sales.help").render(),
        description=msg("cli_help.report_sales.description", period=period).render(),
    )
    sales.add_argument("out", metavar="OUT.xlsx")
    _period_options(sales)
    sales.add_argument(
        "--sheets",
        metavar="LIST",
        help=msg("cli_help.report_sales.sheets", sheets=", ".join(SHEETS)).render(),
    )
    sales.add_argument(
        "--month-by",
        choices=MONTH_BY,
        default="salesperson",
        help=msg("cli_help.report_sales.month_by").render(),
    )
    sales.add_argument(
        "--forecast", action="store_true", help=msg("cli_help.report_sales.forecast").render()
    )
    sales.add_argument(
        "--by", dest="by_field", metavar="FIELD", help=msg("cli_help.report_sales.by").render()
    )
    sales.set_defaults(handler=run_sales)

    abc = actions.add_parser(
        "abc",
        help=msg("cli_help.report_abc.help").render(),
        description=msg("cli_help.report_abc.description", period=period).render(),
    )
    _period_options(abc)
    abc.add_argument("--apply", action="store_true", help=msg("cli_help.report_abc.apply").render())
    abc.set_defaults(handler=run_abc)

    from crm_desktop.cli.cmd_opportunity import register_report

    register_report(actions)


def _period(args):
    from crm_desktop.errors import UserError
    from crm_desktop.services.analysis import make_period

    if args.start and args.end and args.end < args.start:
        raise UserError(
            "jobs.period_reversed", start=args.start.isoformat(), end=args.end.isoformat()
        )
    return make_period(args.start, args.end)


def run_sales(args, ctx) -> int:
    from crm_desktop.jobs.report import SHEETS, check_output, write_sales_report

    period = _period(args)
    sheets = SHEETS
    if args.sheets:
        sheets = tuple(s.strip() for s in args.sheets.split(",") if s.strip())
        unknown = [s for s in sheets if s not in SHEETS]
        if unknown:
            return fail(
                msg("jobs.unknown_sheet", sheet=unknown[0], sheets=list(SHEETS)).render(),
                EXIT_NOTHING_DONE,
            )
    check_output(args.out)  # before logging in: a wrong name fails at once
    result = write_sales_report(
        ctx.actor,
        args.out,
        period,
        sheets,
        month_by=args.month_by,
        forecast=args.forecast,
        by_field=args.by_field,
    )
    s = result.report.summary
    summary(
        msg(
            "jobs.report_done",
            path=str(result.path),
            sheets=len(result.sheets),
            period=period.label(),
            sales=f"{s.sales:,.2f}",
            bought=s.customers_bought,
            customers=s.customers_total,
        ).render()
    )
    return EXIT_OK


def run_abc(args, ctx) -> int:
    from crm_desktop.services.analysis import (
        abc_counts,
        apply_abc_classes,
        customer_figures,
        preview_abc_classes,
    )

    period = _period(args)
    actor = ctx.actor
    if not actor.can("report"):
        actor.require("report", "auth.action_compute_abc")
    figures = customer_figures(actor, period)
    for c in abc_counts(figures):
        warn(
            msg(
                "analysis.cli_abc_class",
                cls=c.cls,
                customers=c.customers,
                sales=f"{c.sales:,.2f}",
                share=f"{c.share:.1%}",
            ).render()
        )
    if not args.apply:
        preview = preview_abc_classes(actor, period, figures)
        summary(
            msg(
                "analysis.cli_abc_preview",
                changed=preview.changed,
                total=preview.total_customers,
                period=period.label(),
            ).render()
        )
        return EXIT_OK
    result = apply_abc_classes(actor, period)
    summary(msg("analysis.cli_abc_applied", changed=result.changed, period=period.label()).render())
    return EXIT_OK
