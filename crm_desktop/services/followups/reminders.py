"""Reminders while the app runs: due follow-ups and today's birthdays, once a day each."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import peewee as pw

from crm_desktop.models import (
    Customer,
    FollowUp,
    Setting,
    transaction,
)
from crm_desktop.services import today as today_service
from crm_desktop.services.auth import Actor
from crm_desktop.services.followups.rows import PLANNED, FollowUpRow, _base_query, _rows

REMIND_LEAD = timedelta(minutes=15)


@dataclass(frozen=True)
class BirthdayReminder:
    contact_id: int
    contact_name: str
    customer_id: int
    customer_code: str
    customer_name: str
    birthday: date


@dataclass(frozen=True)
class Reminders:
    """What to announce now: each item once a day at most."""

    followups: list[FollowUpRow] = field(default_factory=list)
    birthdays: list[BirthdayReminder] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.followups or self.birthdays)


BIRTHDAY_KEY = "followups.birthdays_announced.{user}"


def _mine(query: pw.ModelSelect, actor: Actor) -> pw.ModelSelect:
    """Reminders are personal: my follow-ups, and unowned ones on my customers."""
    return query.where(
        (FollowUp.owner == actor.id) | (FollowUp.owner.is_null() & (Customer.owner == actor.id))
    )


def birthdays_today(actor: Actor, today: date | None = None) -> list[BirthdayReminder]:
    """Contacts of the actor's own customers whose birthday is today (the Today page's
    rule, `services.today.upcoming_birthdays`, for a window of one day)."""
    return [
        BirthdayReminder(
            b.contact_id, b.contact_name, b.customer_id, b.customer_code, b.customer_name,
            b.birthday,
        )
        for b in today_service.upcoming_birthdays(actor, today or date.today(), 0, None, own_only=True)
    ]  # fmt: skip


def _announced_birthdays(actor: Actor, today: date) -> set[int]:
    row = Setting.get_or_none(Setting.key == BIRTHDAY_KEY.format(user=actor.id))
    if row is None:
        return set()
    try:
        data = json.loads(row.value)
    except ValueError:
        return set()
    if data.get("date") != today.isoformat():
        return set()
    return {int(i) for i in data.get("contacts", [])}


def reminders_due(actor: Actor, now: datetime | None = None) -> Reminders:
    """What to announce now, and mark it so: nothing is announced twice in a day.

    Follow-ups of the actor due within the next 15 minutes or overdue, not yet
    announced today; today's birthdays of contacts of the actor's customers, not yet
    announced today (kept in a Setting row per user).
    """
    now = now or datetime.now()
    today = now.date()
    query = _mine(_base_query(), actor).where(
        FollowUp.status == PLANNED,
        FollowUp.due_at <= now + REMIND_LEAD,
        FollowUp.reminded_on.is_null() | (FollowUp.reminded_on < today),
    )
    followups = _rows(query.order_by(FollowUp.due_at, FollowUp.id))
    announced = _announced_birthdays(actor, today)
    births = [b for b in birthdays_today(actor, today) if b.contact_id not in announced]
    if followups or births:
        with transaction():
            if followups:
                ids = [r.id for r in followups]
                for start in range(0, len(ids), 500):
                    FollowUp.update(reminded_on=today).where(
                        FollowUp.id.in_(ids[start : start + 500])
                    ).execute()
            if births:
                value = json.dumps(
                    {
                        "date": today.isoformat(),
                        "contacts": sorted(announced | {b.contact_id for b in births}),
                    }
                )
                key = BIRTHDAY_KEY.format(user=actor.id)
                if Setting.get_or_none(Setting.key == key) is None:
                    Setting.create(key=key, value=value)
                else:
                    Setting.update(value=value).where(Setting.key == key).execute()
    return Reminders(followups, births)
