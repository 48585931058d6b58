"""Planning, completing, rescheduling, reassigning and cancelling follow-ups."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from crm_desktop.errors import Conflict, InvalidValue, PermissionDenied, UserError, ValidationError
from crm_desktop.messages import Renderable, Text, msg
from crm_desktop.models import (
    Contact,
    Customer,
    FollowUp,
    transaction,
    utcnow,
)
from crm_desktop.models.base import new_uuid
from crm_desktop.models.entities import (
    FOLLOWUP_KINDS,
)
from crm_desktop.models.migrations import backfill_last_contact
from crm_desktop.services import changelog
from crm_desktop.services.auth import Actor
from crm_desktop.services.followups.access import (
    _check_owner,
    _load,
    _owner_id,
    _resolve_customer,
    _visible_customer,
    role,
)
from crm_desktop.services.followups.cadence import interval_for
from crm_desktop.services.followups.labels import FIELD_LABELS, KIND_LABELS, STATUS_LABELS, _problem
from crm_desktop.services.followups.listing import get_followup
from crm_desktop.services.followups.recurrence import next_occurrence, parse_recurrence
from crm_desktop.services.followups.rows import CompleteResult, FollowUpRow
from crm_desktop.services.validation import parse_date, time_of_day

ENTITY = "followup"  # the change history's name for a follow-up
DEFAULT_TIME = time(9, 0)  # a due date typed without a time
SUBJECT_MAX = 200
_TIME = re.compile(r"(\d{1,2})[:：](\d{2})(?::\d{2}(?:\.\d+)?)?\s*$")


def parse_datetime(value: object, name: str, default_time: time = DEFAULT_TIME) -> datetime | None:
    """A wall-clock minute from a datetime, a date (at `default_time`) or typed text."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.replace(second=0, microsecond=0, tzinfo=None)
    if isinstance(value, date):
        return datetime.combine(value, default_time)
    text = str(value).strip().replace("T", " ")
    at = default_time
    spoken = time_of_day(text)
    match = None if spoken is not None else _TIME.search(text)
    if spoken is not None:
        text, hour_minute = spoken
        if hour_minute is not None:
            hour, minute = hour_minute
            if hour > 23 or minute > 59:
                raise ValidationError(
                    {name: _problem(name, msg("followups.no_such_time", value=str(value)))}
                )
            at = time(hour, minute)
    elif match:
        hour, minute = int(match.group(1)), int(match.group(2))
        if hour > 23 or minute > 59:
            raise ValidationError(
                {name: _problem(name, msg("followups.no_such_time", value=str(value)))}
            )
        at = time(hour, minute)
        text = text[: match.start()].strip()
    try:
        day = parse_date(text)
    except ValueError as exc:
        # a date parser's own refusal says what is wrong with the date, when it can
        problem = (
            exc.msg
            if isinstance(exc, InvalidValue)
            else msg("followups.not_a_datetime", value=str(value))
        )
        raise ValidationError({name: _problem(name, problem)}) from None
    if day is None:
        raise ValidationError(
            {name: _problem(name, msg("followups.not_a_datetime", value=str(value)))}
        )
    return datetime.combine(day, at)


@dataclass
class _Plan:
    customer: Customer
    contact_id: int | None
    kind: str
    subject: str
    due_at: datetime
    ends_at: datetime | None
    owner_id: int | None
    recurrence: str


def _clean_plan(actor: Actor, values: Mapping[str, object]) -> _Plan:
    errors: dict[str, Renderable] = {}
    known = set(FIELD_LABELS) - {"outcome", "done_at"}
    for name in values:
        if name not in known:
            errors[name] = _problem(name, msg("followups.not_a_field"))
    customer = None
    try:
        customer = _resolve_customer(actor, values.get("customer"))
    except ValidationError as exc:
        errors.update(exc.problems)
    kind = str(values.get("kind") or "call").strip()
    if kind not in FOLLOWUP_KINDS:
        allowed = [Text(*KIND_LABELS[k]) for k in FOLLOWUP_KINDS]
        errors["kind"] = _problem("kind", msg("followups.not_one_of", value=kind, allowed=allowed))
    subject = " ".join(str(values.get("subject") or "").split())
    if len(subject) > SUBJECT_MAX:
        errors["subject"] = _problem(
            "subject", msg("followups.too_long", length=len(subject), limit=SUBJECT_MAX)
        )
    due_at = ends_at = None
    try:
        due_at = parse_datetime(values.get("due_at"), "due_at")
        if due_at is None:
            errors["due_at"] = _problem("due_at", msg("validation.required"))
    except ValidationError as exc:
        errors.update(exc.problems)
    try:
        ends_at = parse_datetime(values.get("ends_at"), "ends_at")
    except ValidationError as exc:
        errors.update(exc.problems)
    if due_at and ends_at and ends_at < due_at:
        errors["ends_at"] = _problem(
            "ends_at",
            msg(
                "followups.ends_before_start",
                end=f"{ends_at:%Y-%m-%d %H:%M}",
                start=f"{due_at:%Y-%m-%d %H:%M}",
            ),
        )
    recurrence = ""
    try:
        recurrence = parse_recurrence(values.get("recurrence"))
    except ValidationError as exc:
        errors.update(exc.problems)
    owner_id = None
    try:
        owner_id = _owner_id(values.get("owner"))
    except ValidationError as exc:
        errors.update(exc.problems)
    contact_id = None
    raw_contact = values.get("contact")
    if raw_contact not in (None, "") and customer is not None:
        contact = None
        if isinstance(raw_contact, int) or str(raw_contact).isdigit():
            contact = Contact.get_or_none(Contact.id == int(raw_contact))
        else:
            contact = Contact.get_or_none(
                (Contact.customer == customer.id)
                & (Contact.name == str(raw_contact).strip())
                & Contact.deleted_at.is_null()
            )
        if contact is None or contact.deleted_at is not None:
            errors["contact"] = _problem(
                "contact", msg("followups.no_contact", name=str(raw_contact))
            )
        elif contact.customer_id != customer.id:
            errors["contact"] = _problem(
                "contact",
                msg("followups.contact_of_other", contact=contact.name, customer=customer.code),
            )
        else:
            contact_id = contact.id
    if errors:
        raise ValidationError(errors)
    assert customer is not None and due_at is not None
    if owner_id is None:
        owner_id = customer.owner_id or actor.id
        if not actor.can("customer.assign_owner"):
            owner_id = actor.id
    try:
        _check_owner(actor, owner_id)
    except ValidationError as exc:
        raise ValidationError(exc.problems) from None
    return _Plan(customer, contact_id, kind, subject, due_at, ends_at, owner_id, recurrence)


def plan_warnings(
    actor: Actor, values: Mapping[str, object], now: datetime | None = None
) -> dict[str, str]:
    """Check a plan without saving: raises ValidationError, returns what to ask the user about.

    A due time in the past is allowed (a follow-up recorded late) but worth a question.
    """
    plan = _clean_plan(actor, values)
    now = now or datetime.now()
    warnings = {}
    if plan.due_at < now.replace(second=0, microsecond=0):
        warnings["due_at"] = _problem(
            "due_at", msg("followups.in_the_past", at=f"{plan.due_at:%Y-%m-%d %H:%M}")
        ).render()
    return warnings


def _insert(actor: Actor, plan: _Plan, series: str | None, event: str = "created") -> int:
    now = utcnow()
    fu = FollowUp.create(
        customer=plan.customer.id,
        contact=plan.contact_id,
        owner=plan.owner_id,
        kind=plan.kind,
        subject=plan.subject,
        due_at=plan.due_at,
        ends_at=plan.ends_at,
        status="planned",
        recurrence=plan.recurrence,
        series=series or (new_uuid() if plan.recurrence else None),
        created_at=now,
        updated_at=now,
    )
    changelog.record_event(
        ENTITY, fu.id, event, actor, new_value=f"{plan.customer.code} {plan.due_at:%Y-%m-%d %H:%M}"
    )
    return fu.id


def plan_followup(actor: Actor, values: Mapping[str, object]) -> FollowUpRow:
    """Plan a follow-up. values: customer (id or code), kind, due_at, and optionally contact,
    ends_at, owner (id or name), subject, recurrence. Ask `plan_warnings` first in a UI."""
    plan = _clean_plan(actor, values)
    with transaction():
        new_id = _insert(actor, plan, None)
    return get_followup(actor, new_id)


def _update(
    actor: Actor, fu: FollowUp, changes: dict[str, Any], expected_version: int | None
) -> None:
    old = {k: getattr(fu, k if k not in ("owner", "contact") else f"{k}_id") for k in changes}
    condition = FollowUp.id == fu.id
    if expected_version is not None:
        condition &= FollowUp.version == expected_version
    count = (
        FollowUp.update(**changes, updated_at=utcnow(), version=FollowUp.version + 1)
        .where(condition)
        .execute()
    )
    if not count:
        raise Conflict("followups.changed_meanwhile", id=fu.id)
    changelog.record_changes(ENTITY, fu.id, old, changes, actor)


# what a user tried to do with a follow-up that is no longer planned
_ACTIONS = {
    "completed": Text("完成", "completed"),
    "rescheduled": Text("改期", "rescheduled"),
    "reassigned": Text("转交", "reassigned"),
    "cancelled": Text("取消", "cancelled"),
}


def _require_planned(fu: FollowUp, action: str) -> None:
    if fu.status != "planned":
        zh, en = STATUS_LABELS.get(fu.status, (fu.status, fu.status))
        raise UserError(
            "followups.not_planned", id=fu.id, status=Text(zh, en.lower()), action=_ACTIONS[action]
        )


def _continue_series(actor: Actor, fu: FollowUp, after: datetime) -> int:
    """Plan the next occurrence of a recurring follow-up, copying what it was."""
    due = next_occurrence(fu.due_at, fu.recurrence, after)
    ends = due + (fu.ends_at - fu.due_at) if fu.ends_at else None
    plan = _Plan(
        Customer.get_by_id(fu.customer_id),
        fu.contact_id,
        fu.kind,
        fu.subject,
        due,
        ends,
        fu.owner_id,
        fu.recurrence,
    )
    return _insert(actor, plan, fu.series or new_uuid(), "created (series)")


def complete_followup(
    actor: Actor,
    followup_id: int,
    outcome: str,
    *,
    done_at: datetime | str | None = None,
    plan_next: Mapping[str, object] | None = None,
    move_to_prospective: bool = False,
    expected_version: int | None = None,
) -> CompleteResult:
    """Mark done with its outcome; in the same transaction plan the next one.

    `plan_next` (values as for `plan_followup`, customer defaulting to this one) plans
    the next follow-up; without it a recurring follow-up continues its series. With
    `move_to_prospective`, a potential customer becomes prospective (预期客户).
    """
    fu = _load(actor, followup_id)
    _require_planned(fu, "completed")
    outcome = (outcome or "").strip()
    if len(outcome) > 10_000:
        raise ValidationError(
            {
                "outcome": _problem(
                    "outcome", msg("followups.too_long", length=len(outcome), limit=10_000)
                )
            }
        )
    when = parse_datetime(done_at, "done_at") if done_at else None
    now = datetime.now().replace(second=0, microsecond=0)
    if when is not None and when > now + timedelta(hours=1):
        raise ValidationError(
            {
                "done_at": _problem(
                    "done_at", msg("followups.in_the_future", at=f"{when:%Y-%m-%d %H:%M}")
                )
            }
        )
    when = when or now
    next_plan = None
    if plan_next is not None:
        values = dict(plan_next)
        values.setdefault("customer", fu.customer_id)
        if fu.recurrence and "recurrence" not in values:
            values["recurrence"] = fu.recurrence
        next_plan = _clean_plan(actor, values)
    stage_changed = False
    with transaction():
        _update(
            actor,
            fu,
            {"status": "done", "done_at": when, "outcome": outcome},
            expected_version,
        )
        next_id = None
        if next_plan is not None:
            series = fu.series if fu.recurrence and next_plan.recurrence else None
            next_id = _insert(actor, next_plan, series)
        elif fu.recurrence:
            next_id = _continue_series(actor, fu, max(when, fu.due_at))
        # the cadence reads customer.last_contact_at: kept in the same transaction
        backfill_last_contact([fu.customer_id])
        if move_to_prospective:
            stage_changed = _promote(actor, fu.customer_id)
    done = get_followup(actor, fu.id)
    nxt = get_followup(actor, next_id) if next_id else None
    return CompleteResult(done, nxt, stage_changed)


def reschedule_followup(
    actor: Actor,
    followup_id: int,
    due_at: datetime | str,
    ends_at: datetime | str | None = None,
    *,
    expected_version: int | None = None,
) -> FollowUpRow:
    """Move a planned follow-up; an end time keeps its length unless a new end is given."""
    fu = _load(actor, followup_id)
    _require_planned(fu, "rescheduled")
    new_due = parse_datetime(due_at, "due_at")
    if new_due is None:
        raise ValidationError({"due_at": _problem("due_at", msg("validation.required"))})
    new_end = parse_datetime(ends_at, "ends_at") if ends_at else None
    if new_end is None and fu.ends_at is not None:
        new_end = new_due + (fu.ends_at - fu.due_at)
    if new_end is not None and new_end < new_due:
        raise ValidationError(
            {
                "ends_at": _problem(
                    "ends_at",
                    msg(
                        "followups.ends_before_start",
                        end=f"{new_end:%Y-%m-%d %H:%M}",
                        start=f"{new_due:%Y-%m-%d %H:%M}",
                    ),
                )
            }
        )
    with transaction():
        _update(
            actor,
            fu,
            {"due_at": new_due, "ends_at": new_end, "reminded_on": None},
            expected_version,
        )
    return get_followup(actor, fu.id)


def reassign_followup(
    actor: Actor, followup_id: int, owner: object, *, expected_version: int | None = None
) -> FollowUpRow:
    """Hand a planned follow-up to another user (managers)."""
    fu = _load(actor, followup_id)
    _require_planned(fu, "reassigned")
    owner_id = _owner_id(owner)
    if owner_id is None:
        raise ValidationError({"owner": _problem("owner", msg("validation.required"))})
    _check_owner(actor, owner_id, fu.owner_id)
    if owner_id != fu.owner_id and not actor.can("customer.assign_owner"):
        raise PermissionDenied("followups.reassign_denied", user=actor.username, role=role(actor))
    with transaction():
        _update(actor, fu, {"owner": owner_id, "reminded_on": None}, expected_version)
    return get_followup(actor, fu.id)


def cancel_followup(
    actor: Actor,
    followup_id: int,
    reason: str = "",
    *,
    stop_series: bool = False,
    expected_version: int | None = None,
) -> FollowUpRow | None:
    """Cancel a planned follow-up; returns the next occurrence when a series goes on."""
    fu = _load(actor, followup_id)
    _require_planned(fu, "cancelled")
    with transaction():
        _update(
            actor, fu, {"status": "cancelled", "outcome": (reason or "").strip()}, expected_version
        )
        next_id = None
        if fu.recurrence and not stop_series:
            now = datetime.now().replace(second=0, microsecond=0)
            next_id = _continue_series(actor, fu, max(now, fu.due_at))
    return get_followup(actor, next_id) if next_id else None


def suggest_next(actor: Actor, followup_id: int, done_at: datetime | None = None) -> dict[str, Any]:
    """Values to pre-fill "plan the next one" when completing: the series' next step, else
    the cadence (done + interval, same time of day), else a week later."""
    fu = _load(actor, followup_id)
    customer = Customer.get_by_id(fu.customer_id)
    when = done_at or datetime.now().replace(second=0, microsecond=0)
    if fu.recurrence:
        due = next_occurrence(fu.due_at, fu.recurrence, max(when, fu.due_at))
    else:
        days = interval_for(customer) or 7
        due = datetime.combine(when.date() + timedelta(days=days), fu.due_at.time())
    return {
        "customer": fu.customer_id,
        "contact": fu.contact_id,
        "kind": fu.kind,
        "subject": fu.subject,
        "due_at": due,
        "ends_at": due + (fu.ends_at - fu.due_at) if fu.ends_at else None,
        "owner": fu.owner_id,
        "recurrence": fu.recurrence,
    }


def _promote(actor: Actor, customer_id: int) -> bool:
    from crm_desktop.services.customers import update_customer

    customer = _visible_customer(actor, customer_id)
    if customer.stage != "potential":
        return False
    update_customer(actor, customer_id, {"stage": "prospective"})
    return True
