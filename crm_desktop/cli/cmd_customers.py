"""`crm-desktop customers [TEXT] [--sort KEY] [--descending] [--limit N]`: the customer list.

Output (stdout), tab separated, one customer a line, in the list's order (by name in
pinyin order unless --sort says otherwise):

    code    name    owner    balance    last contact    next follow-up    matched

`balance` is the receivable balance in yuan (``1234.50``); `last contact` is
``YYYY-MM-DD``, `next follow-up` ``YYYY-MM-DD HH:MM`` (the earliest planned one), empty
when there is none. With a search TEXT (name, code, phone, contact, pinyin initials…),
`matched` says what found a customer when it is not its name (``Contact: 王建国``), in
the user's language. The number shown and found goes to stderr; exit 0.
"""

from __future__ import annotations

from crm_desktop.cli.common import EXIT_OK, Context, warn
from crm_desktop.messages import msg, render
from crm_desktop.services import customer_figures, search
from crm_desktop.services.customers import CustomerQuery, list_customers

SORTS = ("name", "code", "updated_at", *customer_figures.FIGURE_SORTS)


def register(sub) -> None:
    parser = sub.add_parser(
        "customers",
        help=msg("cli_help.customers.help").render(),
        description=msg("cli_help.customers.description").render(),  # the docstring's
    )
    parser.add_argument(
        "text", nargs="?", default="", metavar="TEXT", help=msg("cli_help.customers.text").render()
    )
    parser.add_argument(
        "--sort", choices=SORTS, default="name", help=msg("cli_help.customers.sort").render()
    )
    parser.add_argument(
        "--descending", action="store_true", help=msg("cli_help.customers.descending").render()
    )
    parser.add_argument(
        "--limit",
        type=int,
        default=100,
        metavar="N",
        help=msg("cli_help.customers.limit").render(),
    )
    parser.set_defaults(handler=run)


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return text.replace("\t", " ").replace("\r", " ").replace("\n", " ")


def run(args, ctx: Context) -> int:
    actor = ctx.actor
    query = CustomerQuery(text=args.text.strip(), sort=args.sort, descending=args.descending)
    page = list_customers(actor, query, limit=max(0, args.limit))
    ids = [row.id for row in page.rows]
    figures = customer_figures.figures(actor, ids)
    reasons = search.match_reasons(query.text, ids) if query.text else {}
    for row in page.rows:
        shown = figures[row.id]
        fields = (
            row.code,
            row.name,
            row.owner_name,
            f"{shown.balance:.2f}",
            f"{shown.last_contact_at:%Y-%m-%d}" if shown.last_contact_at else "",
            f"{shown.next_followup:%Y-%m-%d %H:%M}" if shown.next_followup else "",
            search.describe(reasons.get(row.id, ())),
        )
        print("\t".join(_cell(f) for f in fields))
    warn(render("customer_list.listed", {"shown": len(page.rows), "total": page.total}))
    return EXIT_OK
