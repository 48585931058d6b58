"""`crm-desktop today [--user NAME] [--date YYYY-MM-DD] [--json]`: the Today page's figures.

Prints one figure a line in the user's language (CRM_DESKTOP_LANG, else Settings, else
the system's): follow-ups due today; overdue (planned follow-ups due before today and
customers overdue for contact, the rule of the Follow-ups page); credit requests
waiting for your decision; birthdays in the next 7 days; customers by stage and ABC
class; sales this month against the same days of last month. The numbers are those of
the Today page for the acting user (`--user`), computed by the same service functions.

`--json` prints one object instead, for scripts: keys today, user, due_today, overdue,
credit_pending, birthdays, customers, by_stage, by_class ("" = not classified),
sales_this_month, sales_last_month (the same days), sales_last_month_full (amounts in
yuan as strings) and change (a fraction as a string, or null). Exit 0.
"""

from __future__ import annotations

import argparse
import json
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from crm_desktop.cli.common import EXIT_OK, Context, day_option, summary
from crm_desktop.i18n import current_language
from crm_desktop.messages import Text, msg, render
from crm_desktop.services import today as today_service
from crm_desktop.services.fields import choice_label
from crm_desktop.services.today import KeyFigures

UNCLASSIFIED = Text("未分类", "not classified")


def register(sub) -> None:
    parser = sub.add_parser(
        "today",
        help=msg("cli_help.today.help").render(),
        description=msg("cli_help.today.description").render(),  # the docstring's
    )
    parser.add_argument(
        "--user",
        metavar="NAME",
        default=argparse.SUPPRESS,  # else it would hide the --user given before `today`
        help=msg("cli_help.today.user").render(),
    )
    parser.add_argument(
        "--date",
        metavar="YYYY-MM-DD",
        type=day_option,
        help=msg("cli_help.today.date").render(),
    )
    parser.add_argument("--json", action="store_true", help=msg("cli_help.today.json").render())
    parser.set_defaults(handler=run)


def _yuan(value: Decimal) -> str:
    return f"¥{value.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):,}"


def as_json(day: date, user: str, counts: dict[str, int], figures: KeyFigures) -> dict:
    """The figures as plain JSON values (amounts and the change as exact strings)."""
    change = figures.change
    return {
        "today": day.isoformat(),
        "user": user,
        "due_today": counts["due_today"],
        "overdue": counts["overdue"],
        "credit_pending": counts["credit_pending"],
        "birthdays": counts["birthdays"],
        "customers": figures.customers,
        "by_stage": figures.by_stage,
        "by_class": figures.by_class,
        "sales_this_month": str(figures.sales_this_month),
        "sales_last_month": str(figures.sales_last_month),
        "sales_last_month_full": str(figures.sales_last_month_full),
        "change": None if change is None else str(change.quantize(Decimal("0.0001"))),
    }


def as_lines(
    day: date, user: str, counts: dict[str, int], figures: KeyFigures, lang: str
) -> list[str]:
    """The figures as the lines a person reads, in `lang`."""

    def line(code: str, **params: object) -> str:
        return render(code, params, lang)

    stages = [
        line("followups.count_of", label=choice_label("stage", s, lang), count=n)
        for s, n in figures.by_stage.items()
    ]
    classes = [
        line(
            "followups.count_of",
            label=choice_label("abc_class", c, lang) if c else UNCLASSIFIED,
            count=n,
        )
        for c, n in figures.by_class.items()
        if c or n
    ]
    out = [
        line("followups.today_heading", date=day.isoformat(), user=user),
        line("followups.today_due", count=counts["due_today"]),
        line("followups.today_overdue", count=counts["overdue"]),
        line("followups.today_credit", count=counts["credit_pending"]),
        line("followups.today_birthdays", count=counts["birthdays"]),
        line(
            "followups.today_customers",
            count=figures.customers,
            current=figures.by_stage.get("current", 0),
            class_a=figures.by_class.get("A", 0),
        ),
        line("followups.today_by_stage", stages=stages),
        line("followups.today_by_class", classes=classes),
        line(
            "followups.today_sales",
            amount=_yuan(figures.sales_this_month),
            last=_yuan(figures.sales_last_month),
            last_full=_yuan(figures.sales_last_month_full),
        ),
    ]
    change = figures.change
    if change is None:
        out.append(line("followups.today_no_change"))
    else:
        percent = (change * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        out.append(line("followups.today_change", change=f"{'+' if percent > 0 else ''}{percent}%"))
    return out


def run(args, ctx: Context) -> int:
    if getattr(args, "user", None):
        ctx.username = args.user
    actor = ctx.actor
    day = args.date or date.today()
    counts = today_service.counts(actor, day)
    figures = today_service.key_figures(actor, day)
    if args.json:
        summary(json.dumps(as_json(day, actor.name, counts, figures), ensure_ascii=False))
    else:
        for text in as_lines(day, actor.name, counts, figures, current_language()):
            summary(text)
    return EXIT_OK
