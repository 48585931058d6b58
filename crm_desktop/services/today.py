"""What the Today page shows: due follow-ups, credit waiting, birthdays and key figures.

Read-only and Qt-free; every figure of the page comes from one function here, so the
page never queries and the tests compare the page with these very numbers.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import peewee as pw

from crm_desktop.models import Contact, CreditRequest, Customer, FollowUp, Sale, User, from_minor
from crm_desktop.models.entities import ABC_CLASSES, STAGES
from crm_desktop.services.auth import Actor


@dataclass(frozen=True)
class FollowUpItem:
    """A planned follow-up due today or earlier."""

    id: int
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


def _money(value: object) -> Decimal | None:
    """tuples() may hand back fen (a plain select) or yuan (a MoneyField column)."""
    if value is None or isinstance(value, Decimal):
        return value
    return from_minor(value)


def _owner_name() -> pw.Node:
    return pw.fn.COALESCE(pw.fn.NULLIF(User.display_name, ""), User.username, "")


def _visible(query: pw.ModelSelect, actor: Actor) -> pw.ModelSelect:
    """Only live customers, and only their own for a salesperson."""
    query = query.where(Customer.deleted_at.is_null())
    if not actor.sees_all_customers:
        query = query.where(Customer.owner == actor.id)
    return query


def followups_due(actor: Actor, today: date | None = None) -> list[FollowUpItem]:
    """Planned follow-ups due today or overdue, oldest first."""
    today = today or date.today()
    start = datetime.combine(today, time.min)
    end = start + timedelta(days=1)
    query = (
        FollowUp.select(
            FollowUp.id,
            Customer.id,
            Customer.code,
            Customer.name,
            FollowUp.subject,
            FollowUp.kind,
            FollowUp.due_at,
            _owner_name(),
        )
        .join(Customer, on=(FollowUp.customer == Customer.id))
        .switch(FollowUp)
        .join(User, pw.JOIN.LEFT_OUTER, on=(FollowUp.owner == User.id))
        .where(
            FollowUp.status == "planned",
            FollowUp.deleted_at.is_null(),
            FollowUp.due_at < end,
        )
        .order_by(FollowUp.due_at, FollowUp.id)
    )
    query = _visible(query, actor)
    out = []
    for fid, cid, code, name, subject, kind, due_at, owner in query.tuples():
        if isinstance(due_at, str):  # SQLite hands back text for computed selects
            due_at = datetime.fromisoformat(due_at)
        out.append(
            FollowUpItem(fid, cid, code, name, subject, kind, due_at, due_at < start, owner or "")
        )
    return out


def pending_credit_requests(actor: Actor) -> list[CreditItem]:
    """Requests waiting for a decision; empty for anyone who may not approve."""
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
    )
    query = _visible(query, actor)
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


def upcoming_birthdays(
    actor: Actor, today: date | None = None, days: int = 7
) -> list[BirthdayItem]:
    """Contacts whose birthday is within `days` days from today (today included), soonest first.

    The month/day match runs in the database so 100k customers' contacts are not all read.
    """
    today = today or date.today()
    keys = set()
    for offset in range(days + 1):
        d = today + timedelta(days=offset)
        keys.add(d.month * 100 + d.day)
        if d.month == 2 and d.day == 28 and not calendar.isleap(d.year):
            keys.add(229)
    month_day = Contact.birthday.month * 100 + Contact.birthday.day
    query = (
        Contact.select(
            Contact.id, Contact.name, Customer.id, Customer.code, Customer.name, Contact.birthday
        )
        .join(Customer, on=(Contact.customer == Customer.id))
        .where(
            Contact.deleted_at.is_null(),
            Contact.birthday.is_null(False),
            month_day.in_(sorted(keys)),
        )
    )
    query = _visible(query, actor)
    out = []
    for cid, cname, cust_id, code, name, birthday in query.tuples():
        if isinstance(birthday, str):
            birthday = date.fromisoformat(birthday)
        upcoming = next_birthday(birthday, today)
        until = (upcoming - today).days
        if until > days:
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
    out.sort(key=lambda b: (b.days_until, b.contact_name))
    return out


def _sales_between(actor: Actor, first: date, last: date) -> Decimal:
    query = Sale.select(pw.fn.COALESCE(pw.fn.SUM(Sale.amount), 0)).where(
        Sale.date >= first, Sale.date <= last, Sale.deleted_at.is_null()
    )
    if not actor.sees_all_customers:
        query = query.join(Customer, on=(Sale.customer == Customer.id)).where(
            Customer.owner == actor.id
        )
    return from_minor(query.scalar() or 0) or Decimal("0.00")


def key_figures(actor: Actor, today: date | None = None) -> KeyFigures:
    """Counts by stage and class (live customers the actor sees) and the monthly sales."""
    today = today or date.today()
    base = Customer.select(Customer.stage, pw.fn.COUNT(Customer.id)).where(
        Customer.deleted_at.is_null()
    )
    if not actor.sees_all_customers:
        base = base.where(Customer.owner == actor.id)
    by_stage = dict.fromkeys(STAGES, 0)
    for stage, count in base.group_by(Customer.stage).tuples():
        by_stage[stage] = by_stage.get(stage, 0) + count
    by_class = dict.fromkeys((*ABC_CLASSES, ""), 0)
    cls_query = Customer.select(Customer.abc_class, pw.fn.COUNT(Customer.id)).where(
        Customer.deleted_at.is_null()
    )
    if not actor.sees_all_customers:
        cls_query = cls_query.where(Customer.owner == actor.id)
    for cls, count in cls_query.group_by(Customer.abc_class).tuples():
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


def badge_counts(
    followups: list[FollowUpItem], credit: list[CreditItem], birthdays: list[BirthdayItem]
) -> dict[str, int]:
    """The numbers the side bar shows next to Today."""
    overdue = sum(1 for f in followups if f.overdue)
    return {
        "due_today": len(followups) - overdue,
        "overdue": overdue,
        "credit_pending": len(credit),
        "birthdays": len(birthdays),
        "total": len(followups) + len(credit),
    }


def today_summary(actor: Actor, today: date | None = None) -> TodaySummary:
    """Everything the Today page shows, in one call."""
    today = today or date.today()
    followups = followups_due(actor, today)
    credit = pending_credit_requests(actor)
    birthdays = upcoming_birthdays(actor, today)
    return TodaySummary(
        today=today,
        followups=followups,
        credit_requests=credit,
        birthdays=birthdays,
        figures=key_figures(actor, today),
        counts=badge_counts(followups, credit, birthdays),
    )
