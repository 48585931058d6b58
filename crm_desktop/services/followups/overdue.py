"""The one rule of "overdue" (逾期), and the counts every page, badge and command shows.

Overdue is what should have happened before today and has not, as a sales manager
reads it:

1. a planned follow-up whose due day is before today. A call planned for 10:00 today
   is "due today" until midnight, not overdue: the day is the unit a salesperson plans
   in, and a number that changed every minute could never agree between two pages;
2. a customer out of its contact cadence with nothing planned: its last completed
   follow-up (or, never contacted, its creation) plus its interval lies before today
   (`cadence.cadence_overdue`, one row of kind "cadence" each, shown as 逾期未联系 /
   "Overdue contact"). A customer with a planned follow-up is represented by that one.

Whose: live customers the actor sees (a salesperson their own, the managers everyone's).
Per owner, a follow-up counts for its owner and a cadence row for the customer's owner,
so the by-owner table adds up to the total.

The Today tile, the follow-ups page's overdue tab and its by-owner table, the side-bar
badges, the reminders and the CLI all read these functions: `overdue_rows` for the
list, `overdue_by_owner` / `overdue_count` for the numbers.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, time, timedelta

import peewee as pw

from crm_desktop.models import Customer, FollowUp, database, planner_settings
from crm_desktop.services.auth import Actor
from crm_desktop.services.followups.cadence import (
    cadence_overdue,
    cadence_overdue_at,
    clear_cadence_cache,
)
from crm_desktop.services.followups.labels import status_label
from crm_desktop.services.followups.rows import (
    CADENCE_KIND,
    PLANNED,
    FollowUpRow,
    _base_query,
    _rows,
    _scope,
    merge_by_due,
)
from crm_desktop.services.followups.stamp import KeptAnswers, db_stamp


def overdue_before(today: date) -> datetime:
    """The moment before which a planned follow-up is overdue: today's midnight."""
    return datetime.combine(today, time.min)


def row_status(row: FollowUpRow, today: date) -> str:
    """The status a list shows for a row: "overdue_contact" for a customer out of cadence,
    "overdue" for a planned follow-up due before today, else the stored status."""
    if row.is_cadence:
        return "overdue_contact"
    if row.status == "planned" and row.due_at < overdue_before(today):
        return "overdue"
    return row.status


def row_status_label(row: FollowUpRow, today: date, lang: str | None = None) -> str:
    """`row_status` as the user reads it: 逾期未联系, 已逾期, 计划中 …"""
    return status_label(row_status(row, today), lang)


def _planned_overdue(select: pw.ModelSelect, today: date) -> pw.ModelSelect:
    return select.where(FollowUp.status == PLANNED, FollowUp.due_at < overdue_before(today))


_LOOK_UPS = ("enable_hashjoin = off", "enable_mergejoin = off")


def _planned_rows(query: pw.ModelSelect) -> list[FollowUpRow]:
    """The overdue planned follow-ups, on PostgreSQL joined with their customers and
    contacts by index look-ups. The planner estimates the due range from the dates of
    every follow-up (100k where 7.6k come back) and hashed every live customer and
    every contact (245k) for them; each is one look-up in an index that holds the
    columns the row shows (schema step 19). 100k demo: 205 -> about 90 ms."""
    with planner_settings(*_LOOK_UPS):
        return _rows(query)


def _kept_planned_rows(
    key: tuple, select: pw.ModelSelect, stamp: tuple | None
) -> list[FollowUpRow]:
    """The planned rows of `select`, kept until a follow-up, a contact, a customer, an
    account or a setting is written (`stamp.still_holds` with `lists`): the badges, the
    Today page and the reminder timer ask for the same list again and again, and each
    time it read every overdue follow-up with its customer and contact (7.6k rows of
    the 100k demo: 45 ms on SQLite, 80-90 ms on PostgreSQL). `stamp`: the database's,
    taken before."""
    return _KEPT.get(key, stamp, lambda: _planned_rows(select))


# (actor, sees all, today, owner, kind, customer) -> the planned rows
_KEPT: KeptAnswers[FollowUpRow] = KeptAnswers(lists=True)


def clear_cache() -> None:
    """Forget the kept cadence and planned rows (benchmarks measure the cold computation)."""
    clear_cadence_cache()
    _KEPT.clear()


def overdue_rows(
    actor: Actor,
    today: date | None = None,
    *,
    owner_id: int | None = None,
    kind: str | None = None,
    customer_id: int | None = None,
    cadence: bool = True,
) -> list[FollowUpRow]:
    """Everything overdue on `today` (see the module), sorted by due; cadence rows first on
    the same due. `owner_id`, `kind` and `customer_id` narrow the list; `cadence=False`
    leaves the customers out of cadence out."""
    today = today or date.today()
    stamp = db_stamp()  # once, before both parts' queries: each is kept while it holds
    rows: list[FollowUpRow] = []
    if kind != CADENCE_KIND:
        narrow = []
        if customer_id is not None:
            narrow.append(FollowUp.customer == customer_id)
        if kind:
            narrow.append(FollowUp.kind == kind)
        select = _planned_overdue(_scope(_base_query(), actor, owner_id), today)
        select = select.where(*narrow).order_by(FollowUp.due_at, FollowUp.id)
        key = (actor.id, actor.sees_all_customers, today, owner_id, kind, customer_id)
        rows = _kept_planned_rows(key, select, stamp)
    if cadence and kind in (None, CADENCE_KIND):
        out_of_cadence = cadence_overdue_at(actor, today, owner_id, stamp)
        if customer_id is not None:
            out_of_cadence = [r for r in out_of_cadence if r.customer_id == customer_id]
        rows = merge_by_due(out_of_cadence, rows)
    return rows


def latest_overdue(actor: Actor, today: date | None = None, limit: int = 200) -> list[FollowUpRow]:
    """The `limit` most recent items of `overdue_rows`, the most recent first (the Today
    page's list): only that many planned follow-ups are read."""
    today = today or date.today()
    select = _planned_overdue(_scope(_base_query(), actor, None), today)
    planned = _rows(select.order_by(FollowUp.due_at.desc(), FollowUp.id.desc()).limit(limit))
    planned.reverse()
    rows = merge_by_due(cadence_overdue(actor, today)[-limit:], planned)
    rows.reverse()
    return rows[:limit]


def overdue_by_owner(actor: Actor, today: date | None = None) -> dict[int | None, int]:
    """How many items `overdue_rows` lists for each owner (None: no owner).

    The planned follow-ups are counted in the database (the partial index of planned
    follow-ups answers it); the cadence rows are the very rows the list shows (cached
    until the database changes).
    """
    today = today or date.today()
    select = _planned_overdue(
        FollowUp.select(FollowUp.owner, pw.fn.COUNT(pw.SQL("*")))
        .join(Customer, on=(FollowUp.customer == Customer.id))
        .where(Customer.deleted_at.is_null()),
        today,
    )
    select = _scope(select, actor, None).group_by(FollowUp.owner)
    counts: Counter[int | None] = Counter()
    for owner, count in database.execute(select):
        counts[owner] += int(count)
    counts.update(r.owner_id for r in cadence_overdue(actor, today))
    return dict(counts)


def overdue_count(actor: Actor, today: date | None = None) -> int:
    """The number of overdue items: the Today tile, the badge and the overdue tab's count."""
    return sum(overdue_by_owner(actor, today).values())


def due_today_count(actor: Actor, today: date | None = None) -> int:
    """Planned follow-ups due today (the whole day, whether its time has passed or not)."""
    start = overdue_before(today or date.today())
    select = (
        FollowUp.select(pw.fn.COUNT(pw.SQL("*")))
        .join(Customer, on=(FollowUp.customer == Customer.id))
        .where(
            Customer.deleted_at.is_null(),
            FollowUp.status == PLANNED,
            FollowUp.due_at >= start,
            FollowUp.due_at < start + timedelta(days=1),
        )
    )
    return int(_scope(select, actor, None).scalar() or 0)
