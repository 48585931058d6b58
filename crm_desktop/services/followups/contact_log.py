"""记录联系: log a contact that just happened, in one step.

A salesperson back from a call writes what happened and, optionally, the next step. One
transaction: the contact is a done follow-up at the time it happened (now by default); if
a planned follow-up of that customer is due (on or before that day) it is the one
completed, with the kind and contact of what really happened; the next step is planned;
the customer's last contact (and, by trigger, its planned count) is rewritten.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from crm_desktop.errors import ValidationError
from crm_desktop.messages import msg
from crm_desktop.models import Customer, FollowUp, transaction, utcnow
from crm_desktop.models.migrations import backfill_last_contact
from crm_desktop.services import changelog
from crm_desktop.services.auth import Actor
from crm_desktop.services.followups.access import _resolve_customer
from crm_desktop.services.followups.cadence import interval_for
from crm_desktop.services.followups.labels import _problem
from crm_desktop.services.followups.listing import get_followup
from crm_desktop.services.followups.planning import (
    DEFAULT_TIME,
    ENTITY,
    SUBJECT_MAX,
    _clean_plan,
    _continue_series,
    _insert,
    _update,
    parse_datetime,
)
from crm_desktop.services.followups.rows import PLANNED, FollowUpRow

OUTCOME_MAX = 10_000
_SUBJECT_FROM_OUTCOME = 60  # a logged contact's subject: the outcome's first words


@dataclass(frozen=True)
class LogResult:
    """The contact as logged, the planned follow-up it completed (if any) and the next step."""

    done: FollowUpRow
    next: FollowUpRow | None
    completed_planned: bool


def due_planned(customer_id: int, at: datetime) -> FollowUp | None:
    """The planned follow-up a contact at `at` completes: the earliest due by the end of that day."""
    end_of_day = datetime.combine(at.date(), time.max)
    return (
        FollowUp.select()
        .where(
            (FollowUp.customer == customer_id)
            & (FollowUp.status == PLANNED)
            & (FollowUp.due_at <= end_of_day)
        )
        .order_by(FollowUp.due_at, FollowUp.id)
        .first()
    )


def suggested_next_due(customer_id: int, now: datetime | None = None) -> datetime:
    """When the next step is proposed: the customer's cadence after today (else a week), 9:00."""
    now = now or datetime.now()
    customer = Customer.get_or_none(Customer.id == customer_id)
    days = (interval_for(customer) if customer is not None else None) or 7
    return datetime.combine(now.date() + timedelta(days=days), DEFAULT_TIME)


def _subject(outcome: str) -> str:
    first = " ".join(outcome.split())
    if len(first) > _SUBJECT_FROM_OUTCOME:
        first = first[: _SUBJECT_FROM_OUTCOME - 1] + "…"
    return first[:SUBJECT_MAX]


def log_contact(
    actor: Actor,
    customer: object,
    *,
    kind: str = "call",
    outcome: str = "",
    notes: str = "",
    contact: object = None,
    at: datetime | str | None = None,
    next_due: datetime | str | None = None,
    next_kind: str | None = None,
    next_subject: str = "",
    now: datetime | None = None,
) -> LogResult:
    """Record a contact that happened (at `at`, default now) and plan the next step.

    customer: id or code; contact: id or name of one of its contacts; next_due: when the
    next follow-up is due (kind `next_kind`, default the same kind).
    """
    now = (now or datetime.now()).replace(second=0, microsecond=0)
    cust = _resolve_customer(actor, customer)
    outcome = (outcome or "").strip()
    notes = (notes or "").strip()
    text = f"{outcome}\n{notes}" if outcome and notes else (outcome or notes)
    errors = {}
    if not text:
        errors["outcome"] = _problem("outcome", msg("validation.required"))
    elif len(text) > OUTCOME_MAX:
        errors["outcome"] = _problem(
            "outcome", msg("followups.too_long", length=len(text), limit=OUTCOME_MAX)
        )
    when = None
    try:
        when = parse_datetime(at, "done_at") if at else now
    except ValidationError as exc:
        errors.update(exc.problems)
    if when is not None and when > now + timedelta(hours=1):
        errors["done_at"] = _problem(
            "done_at", msg("followups.in_the_future", at=f"{when:%Y-%m-%d %H:%M}")
        )
    logged = None
    try:
        logged = _clean_plan(
            actor,
            {
                "customer": cust.id,
                "kind": kind,
                "contact": contact,
                "due_at": when or now,
                "subject": _subject(outcome or notes),
                "owner": actor.id,
            },
        )
    except ValidationError as exc:
        errors.update(exc.problems)
    next_plan = None
    if next_due:
        try:
            next_plan = _clean_plan(
                actor,
                {
                    "customer": cust.id,
                    "kind": next_kind or kind,
                    "contact": contact,
                    "due_at": next_due,
                    "subject": next_subject,
                },
            )
        except ValidationError as exc:
            errors.update(
                {f"next_{k}" if k != "customer" else k: v for k, v in exc.problems.items()}
            )
    if errors:
        raise ValidationError(errors)
    assert logged is not None and when is not None
    with transaction():
        planned = due_planned(cust.id, when)
        if planned is not None:
            _update(
                actor,
                planned,
                {
                    "status": "done",
                    "done_at": when,
                    "outcome": text,
                    "kind": logged.kind,
                    "contact": logged.contact_id or planned.contact_id,
                },
                None,
            )
            done_id = planned.id
        else:
            stamp = utcnow()
            done_id = FollowUp.create(
                customer=cust.id,
                contact=logged.contact_id,
                owner=logged.owner_id,
                kind=logged.kind,
                subject=logged.subject,
                due_at=when,
                status="done",
                done_at=when,
                outcome=text,
                created_at=stamp,
                updated_at=stamp,
            ).id
            changelog.record_event(
                ENTITY, done_id, "logged", actor, new_value=f"{cust.code} {when:%Y-%m-%d %H:%M}"
            )
        next_id = None
        if next_plan is not None:
            next_id = _insert(actor, next_plan, None)
        elif planned is not None and planned.recurrence:
            next_id = _continue_series(actor, planned, max(when, planned.due_at))
        backfill_last_contact([cust.id])
    done = get_followup(actor, done_id)
    nxt = get_followup(actor, next_id) if next_id else None
    return LogResult(done, nxt, planned is not None)
