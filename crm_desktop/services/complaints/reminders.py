"""Reminders of complaints, like the follow-ups': each announced once a day at most.

A complaint is announced to the person handling it when it is unresolved and due
within REMIND_AHEAD (or overdue), and not announced yet today (`reminded_on`).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from crm_desktop.models import Complaint, transaction
from crm_desktop.services.auth import Actor
from crm_desktop.services.complaints.records import ComplaintRow, complaint_rows
from crm_desktop.services.complaints.rules import OPEN_STATUSES

REMIND_AHEAD = timedelta(hours=24)


def complaint_reminders(actor: Actor, now: datetime | None = None) -> list[ComplaintRow]:
    """The actor's unresolved complaints due within a day or overdue, not yet announced
    today, soonest first; marked as announced today."""
    now = now or datetime.now()
    today = now.date()
    query = (
        Complaint.select(Complaint.id)
        .where(
            Complaint.handled_by == actor.id,
            Complaint.status.in_(OPEN_STATUSES),
            Complaint.deleted_at.is_null(),
            Complaint.due_at < now + REMIND_AHEAD,
            Complaint.reminded_on.is_null() | (Complaint.reminded_on < today),
        )
        .order_by(Complaint.due_at, Complaint.id)
    )
    ids = [i for (i,) in query.tuples()]
    if not ids:
        return []
    rows = complaint_rows(actor, ids)
    with transaction():
        Complaint.update(reminded_on=today).where(Complaint.id.in_([r.id for r in rows])).execute()
    return rows
