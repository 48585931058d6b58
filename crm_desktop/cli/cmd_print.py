"""`crm-desktop print form|card CODE… -o OUT.pdf`: the 客户基本资料表 or the 客户资料卡 as PDF;
`print form --blank -o OUT.pdf`: a blank form to fill in by hand. Warnings (characters no
font has, texts continued on extra pages) go to stderr, the summary line to stdout."""

from __future__ import annotations

from crm_desktop.cli.common import EXIT_OK, Context, summary, warn
from crm_desktop.messages import msg

# the summary line of each kind of printout
DONE = {"form": "printing.done_form", "card": "printing.done_card"}


def register(sub) -> None:
    parser = sub.add_parser(
        "print",
        help=msg("cli_help.print.help").render(),
        description=msg("cli_help.print.description").render(),
    )
    parser.add_argument(
        "kind", choices=("form", "card", "quote"), help=msg("cli_help.print.kind").render()
    )
    parser.add_argument(
        "codes", nargs="*", metavar="CODE", help=msg("cli_help.print.codes").render()
    )
    parser.add_argument("--blank", action="store_true", help=msg("cli_help.print.blank").render())
    parser.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="OUT.pdf",
        help=msg("cli_help.print.output").render(),
    )
    parser.add_argument("--lang", choices=("zh_CN", "en"), help=msg("cli_help.print.lang").render())
    parser.set_defaults(handler=run)


def run(args, ctx: Context) -> int:
    if args.kind == "quote":
        from crm_desktop.cli.cmd_opportunity import run_quote

        return run_quote(args, ctx)
    from crm_desktop.errors import UserError
    from crm_desktop.jobs.printing import print_blank_form, print_customers

    actor = ctx.actor
    if args.blank:
        if args.kind != "form" or args.codes:
            raise UserError("printing.blank_form_only")
        result = print_blank_form(actor, args.output, lang=args.lang)
        for warning in result.warnings:
            warn(warning.render())
        summary(msg("printing.done_blank", path=str(result.path)).render())
        return EXIT_OK
    result = print_customers(actor, args.output, codes=args.codes, kind=args.kind, lang=args.lang)
    for warning in result.warnings:
        warn(warning.render())
    customers = msg(
        "printing.customers_one" if result.customers == 1 else "printing.customers_many",
        n=result.customers,
    )
    pages = msg(
        "printing.pages_one" if result.pages == 1 else "printing.pages_many", n=result.pages
    )
    summary(
        msg(DONE[result.kind], customers=customers, pages=pages, path=str(result.path)).render()
    )
    return EXIT_OK
