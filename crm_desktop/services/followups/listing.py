"""Lists of follow-ups: by due span, by day, by customer, and one by id."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from crm_desktop.errors import NotFound, UserError, ValidationError
from crm_desktop.messages import Text, msg
from crm_desktop.models import (
    FollowUp,
)
from crm_desktop.models.entities import (
    FOLLOWUP_STATUSES,
)
from crm_desktop.services.auth import Actor
from crm_desktop.services.followups.access import _load, _visible_customer
from crm_desktop.services.followups.labels import STATUS_LABELS
from crm_desktop.services.followups.overdue import overdue_rows
from crm_desktop.services.followups.rows import (
    CADENCE_KIND,
    PLANNED,
    FollowUpQuery,
    FollowUpRow,
    _base_query,
    _rows,
    _scope,
    week_bounds,
)

# the spans a list can ask for (FollowUpQuery.due)
DUE_CHOICES = (Text("今天", "today"), Text("逾期", "overdue"), Text("本周", "week"))


def get_followup(actor: Actor, followup_id: int) -> FollowUpRow:
    rows = _rows(_scope(_base_query(), actor, None).where(FollowUp.id == followup_id))
    if not rows:
        _load(actor, followup_id)  # raises NotFound / PermissionDenied
        raise NotFound("followups.no_followup", id=followup_id)
    return rows[0]


def list_followups(
    actor: Actor, query: FollowUpQuery | None = None, now: datetime | None = None
) -> list[FollowUpRow]:
    """A list of follow-ups, sorted by due time; due="overdue" is `overdue.overdue_rows`."""
    query = query or FollowUpQuery()
    now = now or datetime.now()
    today = now.date()
    select = _scope(_base_query(), actor, query.owner_id)
    status = query.status
    if query.due in ("overdue", "today", "week"):
        status = "planned"
    if status:
        if status not in FOLLOWUP_STATUSES:
            allowed = [Text(*STATUS_LABELS[s]) for s in FOLLOWUP_STATUSES]
            raise ValidationError(
                {"status": msg("followups.not_one_of", value=status, allowed=allowed)}
            )
        select = select.where(FollowUp.status == (PLANNED if status == "planned" else status))
    if query.due == "overdue":
        return overdue_rows(
            actor,
            today,
            owner_id=query.owner_id,
            kind=query.kind,
            customer_id=query.customer_id,
            cadence=query.include_cadence,
        )
    if query.due == "today":
        start = datetime.combine(today, time.min)
        select = select.where(FollowUp.due_at >= start, FollowUp.due_at < start + timedelta(days=1))
    elif query.due == "week":
        monday, next_monday = week_bounds(today)
        select = select.where(
            FollowUp.due_at >= datetime.combine(monday, time.min),
            FollowUp.due_at < datetime.combine(next_monday, time.min),
        )
    elif query.due is not None:
        raise UserError("followups.bad_due", value=query.due, allowed=DUE_CHOICES)
    if query.day is not None:
        start = datetime.combine(query.day, time.min)
        select = select.where(FollowUp.due_at >= start, FollowUp.due_at < start + timedelta(days=1))
    if query.customer_id is not None:
        select = select.where(FollowUp.customer == query.customer_id)
    if query.kind and query.kind != CADENCE_KIND:
        select = select.where(FollowUp.kind == query.kind)
    return _rows(select.order_by(FollowUp.due_at, FollowUp.id))


def overdue(
    actor: Actor, now: datetime | None = None, owner_id: int | None = None, cadence: bool = True
) -> list[FollowUpRow]:
    """Everything overdue (`overdue.overdue_rows`: planned follow-ups due before today and,
    with cadence=True, customers out of cadence)."""
    return overdue_rows(actor, (now or datetime.now()).date(), owner_id=owner_id, cadence=cadence)


def due_today(actor: Actor, now: datetime | None = None, owner_id: int | None = None):
    return list_followups(actor, FollowUpQuery(due="today", owner_id=owner_id), now)


def due_this_week(actor: Actor, now: datetime | None = None, owner_id: int | None = None):
    return list_followups(actor, FollowUpQuery(due="week", owner_id=owner_id), now)


def day_followups(
    actor: Actor, day: date, owner_id: int | None = None, status: str | None = None
) -> list[FollowUpRow]:
    """Everything on one calendar day (planned, done and cancelled unless `status`)."""
    return list_followups(actor, FollowUpQuery(day=day, owner_id=owner_id, status=status))


def customer_followups(actor: Actor, customer_id: int) -> list[FollowUpRow]:
    """The customer card's whole follow-up history, newest first."""
    _visible_customer(actor, customer_id)
    select = _base_query().where(FollowUp.customer == customer_id)
    return _rows(select.order_by(FollowUp.due_at.desc(), FollowUp.id.desc()))
