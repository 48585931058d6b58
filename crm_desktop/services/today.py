"""What the Today page shows: due follow-ups, credit waiting, birthdays and key figures.

Read-only and Qt-free; every figure of the page comes from one function here, so the
page never queries and the tests compare the page with these very numbers. The
follow-up figures are the follow-up service's own rules (`followups.overdue`), so the
Today tile, the follow-ups page, the side-bar badges, the reminders and
`crm-desktop today` show the same numbers.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

import peewee as pw

from crm_desktop.models import (
    Contact,
    CreditRequest,
    Customer,
    Sale,
    User,
    from_minor,
    is_sqlite,
)
from crm_desktop.models.entities import ABC_CLASSES, STAGES
from crm_desktop.services import credit, followups
from crm_desktop.services.auth import Actor
from crm_desktop.services.opportunities.attention import (
    OpportunityAttention,
    opportunity_attention,
)

LIST_LIMIT = 200  # items per list; the counts tell how many there are in all


@dataclass(frozen=True)
class FollowUpItem:
    """A planned follow-up due today or earlier, or a customer out of cadence (id None)."""

    id: int | None
    customer_id: int
    customer_code: str
    customer_name: str
    subject: str
    kind: str
    due_at: datetime
    overdue: bool
    owner_name: str


@dataclass(frozen=True)
class CreditItem:
    """A credit request waiting for the general manager's decision."""

    id: int
    customer_id: int
    customer_code: str
    customer_name: str
    requested_by: str
    requested_at: datetime
    proposed_limit: Decimal
    current_limit: Decimal | None  # the customer's limit now
    reason: str


@dataclass(frozen=True)
class BirthdayItem:
    """A contact whose birthday falls within the next days."""

    contact_id: int
    contact_name: str
    customer_id: int
    customer_code: str
    customer_name: str
    birthday: date
    next_birthday: date
    days_until: int
    turns: int  # the age they turn on next_birthday


@dataclass(frozen=True)
class KeyFigures:
    """Customers by lifecycle stage and ABC class; this month's sales against last month's."""

    by_stage: dict[str, int]
    by_class: dict[str, int]  # "" = not classified yet
    customers: int
    month_start: date
    last_month_start: date
    sales_this_month: Decimal
    sales_last_month: Decimal  # the same days of last month (1st .. today's day)
    sales_last_month_full: Decimal

    @property
    def change(self) -> Decimal | None:
        """This month against the same days of last month, as a fraction (None: nothing last month)."""
        if not self.sales_last_month:
            return None
        return (self.sales_this_month - self.sales_last_month) / self.sales_last_month


@dataclass(frozen=True)
class TodaySummary:
    today: date
    followups: list[FollowUpItem]
    credit_requests: list[CreditItem]
    birthdays: list[BirthdayItem]
    figures: KeyFigures
    counts: dict[str, int] = field(default_factory=dict)
    opportunities: OpportunityAttention | None = None


def _money(value: object) -> Decimal | None:
    """tuples() may hand back fen (a plain select) or yuan (a MoneyField column)."""
    if value is None or isinstance(value, Decimal):
        return value
    return from_minor(value)


def _owner_name() -> pw.Node:
    return pw.fn.COALESCE(pw.fn.NULLIF(User.display_name, ""), User.username, "")


def _customer_condition(actor: Actor, column: pw.Field) -> pw.Expression:
    """`column` (a customer id) names a live customer the actor sees.

    Written as id lists rather than a join condition: SQLite then reads a salesperson's
    few customers through the owner index, and everyone's through the row's own index,
    instead of looking up a customer row for every follow-up or contact.
    """
    if actor.sees_all_customers:
        deleted = Customer.select(Customer.id).where(Customer.deleted_at.is_null(False))
        return column.not_in(deleted)
    mine = Customer.select(Customer.id).where(
        Customer.owner == actor.id, Customer.deleted_at.is_null()
    )
    return column.in_(mine)


def _live(model: type[pw.Model]) -> pw.Expression:
    """Not soft-deleted, without steering SQLite onto the mostly-NULL deleted_at index."""
    deleted = model.select(model.id).where(model.deleted_at.is_null(False))
    return model.id.not_in(deleted)


def _visible(query: pw.ModelSelect, actor: Actor, column: pw.Field) -> pw.ModelSelect:
    return query.where(_customer_condition(actor, column))


def followups_due(
    actor: Actor, today: date | None = None, limit: int = LIST_LIMIT
) -> list[FollowUpItem]:
    """Planned follow-ups due today (by time), then everything overdue, the most recent first.

    Overdue is `followups.overdue_rows`, the one rule (customers out of cadence
    included, as items of kind "cadence" without an id). At most `limit` of each: a
    team that let thousands slip still gets a usable list; `followup_counts` gives the
    full numbers.
    """
    today = today or date.today()
    start = followups.overdue_before(today)
    due_today = followups.list_followups(actor, followups.FollowUpQuery(due="today"), start)[:limit]
    late = followups.latest_overdue(actor, today, limit)
    return [
        FollowUpItem(
            r.id,
            r.customer_id,
            r.customer_code,
            r.customer_name,
            r.subject,
            r.kind,
            r.due_at,
            r.due_at < start,
            r.owner_name,
        )
        for r in (*due_today, *late)
    ]


def followup_counts(actor: Actor, today: date | None = None) -> tuple[int, int]:
    """(due today, overdue): all of them, not only those listed; overdue is the one rule
    of `followups.overdue`."""
    today = today or date.today()
    return followups.due_today_count(actor, today), followups.overdue_count(actor, today)


def pending_credit_count(actor: Actor) -> int:
    """How many requests wait for this actor's decision (0 for anyone who may not approve)."""
    return credit.pending_count(actor) if actor.can("credit.approve") else 0


def pending_credit_requests(actor: Actor, limit: int = LIST_LIMIT) -> list[CreditItem]:
    """Requests waiting for a decision, oldest first; empty for anyone who may not approve."""
    if not actor.can("credit.approve"):
        return []
    query = (
        CreditRequest.select(
            CreditRequest.id,
            Customer.id,
            Customer.code,
            Customer.name,
            _owner_name(),
            CreditRequest.requested_at,
            CreditRequest.proposed_limit,
            Customer.credit_limit,
            CreditRequest.reason,
        )
        .join(Customer, on=(CreditRequest.customer == Customer.id))
        .switch(CreditRequest)
        .join(User, pw.JOIN.LEFT_OUTER, on=(CreditRequest.requested_by == User.id))
        .where(CreditRequest.status == "pending", CreditRequest.deleted_at.is_null())
        .order_by(CreditRequest.requested_at, CreditRequest.id)
        .limit(limit)
    )
    query = _visible(query, actor, CreditRequest.customer)
    out = []
    for rid, cid, code, name, who, at, proposed, current, reason in query.tuples():
        out.append(
            CreditItem(
                rid,
                cid,
                code,
                name,
                who or "",
                at if isinstance(at, datetime) else datetime.fromisoformat(at),
                _money(proposed),
                _money(current),
                reason,
            )
        )
    return out


def next_birthday(birthday: date, today: date) -> date:
    """The next birthday on or after today; a 29 February birthday is kept on the 28th
    in common years."""
    for year in (today.year, today.year + 1):
        day = birthday.day
        if birthday.month == 2 and day == 29 and not calendar.isleap(year):
            day = 28
        candidate = date(year, birthday.month, day)
        if candidate >= today:
            return candidate
    raise AssertionError("unreachable")  # pragma: no cover


def _month_day() -> pw.Node:
    """A birthday as 'MM-DD' text, computed in the database."""
    if is_sqlite():
        return pw.fn.substr(Contact.birthday, 6, 5)  # dates are ISO text in SQLite
    return pw.fn.to_char(Contact.birthday, "MM-DD")


def _birthday_keys(today: date, days: int) -> list[str]:
    keys = set()
    for offset in range(days + 1):
        d = today + timedelta(days=offset)
        keys.add(f"{d.month:02d}-{d.day:02d}")
        if d.month == 2 and d.day == 28 and not calendar.isleap(d.year):
            keys.add("02-29")  # kept on the 28th in a common year
    return sorted(keys)


def _birthday_query(
    actor: Actor, today: date, days: int, *columns, own_only: bool = False
) -> pw.ModelSelect:
    """Live contacts of customers the actor sees (`own_only`: of the customers the actor
    is in charge of, even a manager's) whose birthday falls in the window."""
    query = (
        Contact.select(*columns)
        .join(Customer, on=(Contact.customer == Customer.id))
        .where(
            _live(Contact),
            Contact.birthday.is_null(False),
            _month_day().in_(_birthday_keys(today, days)),
        )
    )
    if own_only:
        mine = Customer.select(Customer.id).where(
            Customer.owner == actor.id, Customer.deleted_at.is_null()
        )
        return query.where(Contact.customer.in_(mine))
    return _visible(query, actor, Contact.customer)


def birthday_count(actor: Actor, today: date | None = None, days: int = 7) -> int:
    """How many contacts have a birthday within the next `days` days."""
    today = today or date.today()
    return _birthday_query(actor, today, days, Contact.id).count()


def upcoming_birthdays(
    actor: Actor,
    today: date | None = None,
    days: int = 7,
    limit: int | None = LIST_LIMIT,
    own_only: bool = False,
) -> list[BirthdayItem]:
    """Contacts whose birthday is within `days` days from today (today included), soonest first.

    `days=0` is today's birthdays (a 29 February one on the 28th in a common year): the
    reminders ask for those of the actor's own customers (`own_only`).

    The month/day match and the order (this year's dates, then next year's after a year
    end) run in the database, so only the listed contacts are read.
    """
    today = today or date.today()
    month_day = _month_day()
    this_year_first = pw.Case(None, [(month_day >= f"{today.month:02d}-{today.day:02d}", 0)], 1)
    query = (
        _birthday_query(
            actor,
            today,
            days,
            Contact.id,
            Contact.name,
            Customer.id,
            Customer.code,
            Customer.name,
            Contact.birthday,
            own_only=own_only,
        )
        .order_by(this_year_first, month_day, Contact.name, Contact.id)
        .limit(limit)
    )
    out = []
    for cid, cname, cust_id, code, name, birthday in query.tuples():
        if isinstance(birthday, str):
            birthday = date.fromisoformat(birthday)
        upcoming = next_birthday(birthday, today)
        until = (upcoming - today).days
        if until > days:  # pragma: no cover - the keys allow only dates in the window
            continue
        out.append(
            BirthdayItem(
                cid,
                cname,
                cust_id,
                code,
                name,
                birthday,
                upcoming,
                until,
                upcoming.year - birthday.year,
            )
        )
    out.sort(key=lambda b: (b.days_until, b.contact_name, b.contact_id))
    return out


def _sales_between(actor: Actor, first: date, last: date) -> Decimal:
    """The sum of sales lines in a date range.

    Written so the covering index (date, customer, amount) answers it alone: the few
    deleted lines and the actor's customers are excluded by id lists, not by lookups.
    """
    deleted = Sale.select(Sale.id).where(Sale.deleted_at.is_null(False))
    query = Sale.select(pw.fn.COALESCE(pw.fn.SUM(Sale.amount), 0)).where(
        Sale.date >= first, Sale.date <= last, Sale.id.not_in(deleted)
    )
    if not actor.sees_all_customers:
        mine = Customer.select(Customer.id).where(Customer.owner == actor.id)
        # "+ 0" keeps SQLite on the date index instead of walking each customer's history
        query = query.where((Sale.customer + 0).in_(mine))
    return from_minor(query.scalar() or 0) or Decimal("0.00")


def _live_customers(actor: Actor, column: pw.Field) -> pw.ModelSelect:
    """Customers counted by one column, answered from that column's index where possible."""
    query = Customer.select(column, pw.fn.COUNT(Customer.id))
    if actor.sees_all_customers:
        gone = Customer.select(Customer.id).where(Customer.deleted_at.is_null(False))
        query = query.where(Customer.id.not_in(gone))
    else:
        query = query.where(Customer.owner == actor.id, Customer.deleted_at.is_null())
    return query.group_by(column)


def key_figures(actor: Actor, today: date | None = None) -> KeyFigures:
    """Counts by stage and class (live customers the actor sees) and the monthly sales."""
    today = today or date.today()
    by_stage = dict.fromkeys(STAGES, 0)
    for stage, count in _live_customers(actor, Customer.stage).tuples():
        by_stage[stage] = by_stage.get(stage, 0) + count
    by_class = dict.fromkeys((*ABC_CLASSES, ""), 0)
    for cls, count in _live_customers(actor, Customer.abc_class).tuples():
        by_class[cls or ""] = by_class.get(cls or "", 0) + count
    month_start = today.replace(day=1)
    last_month_end = month_start - timedelta(days=1)
    last_month_start = last_month_end.replace(day=1)
    same_day = last_month_start.replace(day=min(today.day, last_month_end.day))
    return KeyFigures(
        by_stage=by_stage,
        by_class=by_class,
        customers=sum(by_stage.values()),
        month_start=month_start,
        last_month_start=last_month_start,
        sales_this_month=_sales_between(actor, month_start, today),
        sales_last_month=_sales_between(actor, last_month_start, same_day),
        sales_last_month_full=_sales_between(actor, last_month_start, last_month_end),
    )


def badge_counts(due_today: int, overdue: int, credit: int, birthdays: int) -> dict[str, int]:
    """The numbers the side bar shows next to Today ("total" = what needs doing)."""
    return {
        "due_today": due_today,
        "overdue": overdue,
        "credit_pending": credit,
        "birthdays": birthdays,
        "total": due_today + overdue + credit,
    }


def counts(actor: Actor, today: date | None = None) -> dict[str, int]:
    """The Today page's numbers, which the side-bar badges and the reminders show too."""
    today = today or date.today()
    due_today, overdue = followup_counts(actor, today)
    return badge_counts(
        due_today, overdue, pending_credit_count(actor), birthday_count(actor, today)
    )


def today_summary(actor: Actor, today: date | None = None) -> TodaySummary:
    """Everything the Today page shows, in one call."""
    today = today or date.today()
    return TodaySummary(
        today=today,
        followups=followups_due(actor, today),
        credit_requests=pending_credit_requests(actor),
        birthdays=upcoming_birthdays(actor, today),
        figures=key_figures(actor, today),
        counts=counts(actor, today),
        opportunities=opportunity_attention(actor, today),
    )
