"""The shapes follow-up lists return, and the one query that reads their rows."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from operator import itemgetter
from typing import NamedTuple

import peewee as pw

from crm_desktop.models import (
    Contact,
    Customer,
    FollowUp,
    User,
    database,
)
from crm_desktop.models.entities import (
    FOLLOWUP_ROW_FIELDS,
)
from crm_desktop.services.auth import Actor, check_owner_filter

CADENCE_KIND = "cadence"  # the kind of a row that stands for a customer out of cadence
# status = 'planned' written as a literal, not a parameter: only then may SQLite read the
# partial index of planned follow-ups (models.entities, follow_up_planned_list)
PLANNED = pw.SQL("'planned'")


class FollowUpRow(NamedTuple):
    """One follow-up as the lists show it. A cadence row (kind "cadence") has id None.

    A named tuple, not a frozen dataclass: lists build tens of thousands of these and a
    frozen dataclass costs ten times as much to create.
    """

    id: int | None
    customer_id: int
    customer_code: str
    customer_name: str
    kind: str
    subject: str
    due_at: datetime
    status: str
    owner_id: int | None
    owner_name: str
    contact_id: int | None = None
    contact_name: str = ""
    ends_at: datetime | None = None
    done_at: datetime | None = None
    outcome: str = ""
    recurrence: str = ""
    series: str | None = None
    version: int = 1
    last_done_at: datetime | None = None  # cadence rows: the last completed follow-up
    interval_days: int | None = None  # cadence rows: the customer's interval

    @property
    def is_cadence(self) -> bool:
        return self.kind == CADENCE_KIND

    def is_overdue(self, now: datetime) -> bool:
        return self.status == "planned" and self.due_at < now


@dataclass(frozen=True)
class CompleteResult:
    """A completed follow-up and the next one planned in the same step (if any)."""

    done: FollowUpRow
    next: FollowUpRow | None
    stage_changed: bool = False


@dataclass(frozen=True)
class DayCount:
    planned: int = 0
    done: int = 0

    @property
    def total(self) -> int:
        return self.planned + self.done


@dataclass(frozen=True)
class OwnerSummary:
    owner_id: int | None
    owner_name: str
    overdue: int
    today: int
    week: int
    planned: int


@dataclass
class FollowUpQuery:
    """Filters of a follow-up list. `due`: None, "overdue", "today" or "week"."""

    due: str | None = None
    owner_id: int | None = None
    customer_id: int | None = None
    kind: str | None = None
    status: str | None = "planned"  # None: every status
    day: date | None = None  # one calendar day (every status unless `status` says)
    include_cadence: bool = True  # with due="overdue": add cadence rows


def _user_names() -> dict[int, str]:
    return {
        uid: (display or username)
        for uid, display, username in User.select(
            User.id, User.display_name, User.username
        ).tuples()
    }


def _owner_name() -> pw.Node:
    return pw.fn.COALESCE(pw.fn.NULLIF(User.display_name, ""), User.username, "")


def _base_query() -> pw.ModelSelect:
    """The follow-up columns a row shows, with its customer's code, name and contact's name.

    The owner's name is not joined: the users are a handful, named from one dict.
    """
    return (
        FollowUp.select(*FOLLOWUP_ROW_FIELDS, Customer.code, Customer.name, Contact.name)
        .join(Customer, on=(FollowUp.customer == Customer.id))
        .switch(FollowUp)
        .join(Contact, pw.JOIN.LEFT_OUTER, on=(FollowUp.contact == Contact.id))
        .where(Customer.deleted_at.is_null())
    )


def _rows(query: pw.ModelSelect) -> list[FollowUpRow]:
    """Rows from raw cursor values: peewee's converters cost more than the query at 10k+ rows."""
    return rows_of(database.execute(query))


def rows_of(values: Iterable[Sequence]) -> list[FollowUpRow]:
    """Rows from tuples of `FOLLOWUP_ROW_FIELDS` with the customer's code and name and the
    contact's name, as `_base_query` selects them.

    Built positionally with `tuple.__new__` (a named tuple's own constructor costs twice
    as much); SQLite gives times as text, PostgreSQL as datetimes.
    """
    names = _user_names()
    get_name = names.get
    parse = datetime.fromisoformat
    text = str
    make = tuple.__new__
    out: list[FollowUpRow] = []
    append = out.append
    for row in values:
        (fid, cid, kind, subject, due, status, owner, contact, ends, done, outcome,
         recurrence, series, version, code, name, contact_name) = row  # fmt: skip
        if due.__class__ is text:
            due = parse(due)
        if not ends:
            ends = None
        elif ends.__class__ is text:
            ends = parse(ends)
        if not done:
            done = None
        elif done.__class__ is text:
            done = parse(done)
        append(
            make(
                FollowUpRow,
                (
                    fid, cid, code, name, kind, subject, due, status, owner,
                    get_name(owner, "") if owner is not None else "",
                    contact, contact_name or "", ends, done, outcome or "", recurrence or "",
                    series, version, None, None,
                ),
            )
        )  # fmt: skip
    return out


def _scope(query: pw.ModelSelect, actor: Actor, owner_id: int | None) -> pw.ModelSelect:
    """The follow-ups (joined with their customers) `actor` sees, of `owner_id` if given."""
    return owner_scope(customer_scope(query, actor), actor, owner_id)


def customer_scope(query: pw.ModelSelect, actor: Actor) -> pw.ModelSelect:
    """Only the customers `actor` sees: a salesperson's own, everyone's for the managers."""
    if not actor.sees_all_customers:
        query = query.where(Customer.owner == actor.id)
    return query


def owner_scope(query: pw.ModelSelect, actor: Actor, owner_id: int | None) -> pw.ModelSelect:
    """Only the follow-ups of `owner_id` (when given, and `actor` may filter by it)."""
    check_owner_filter(actor, owner_id)
    if owner_id is not None:
        query = query.where(FollowUp.owner == owner_id)
    return query


def week_bounds(day: date) -> tuple[date, date]:
    """Monday and the following Monday of the week holding `day`."""
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=7)


def merge_by_due(cadence: list[FollowUpRow], rows: list[FollowUpRow]) -> list[FollowUpRow]:
    """Two lists sorted by due into one; a cadence row comes first on the same due.

    A stable sort of the two runs end to end merges them in C, at a third of the cost of
    `heapq.merge` with a key at 20k rows.
    """
    merged = [*cadence, *rows]
    merged.sort(key=itemgetter(6))  # due_at
    return merged
