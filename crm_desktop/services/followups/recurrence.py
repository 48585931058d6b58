"""Repeat rules of a follow-up series: parsing them and stepping through them."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from crm_desktop.dates import add_months
from crm_desktop.errors import ValidationError
from crm_desktop.messages import msg
from crm_desktop.services.followups.labels import _problem

_RECURRENCE = re.compile(r"^(days|weeks|months|weekday):(-?\d+)$")


def parse_recurrence(value: object) -> str:
    """'' or a canonical 'days:N' / 'weeks:N' / 'months:N' / 'weekday:D'."""
    text = str(value or "").strip().lower().replace(" ", "")
    if not text:
        return ""
    match = _RECURRENCE.match(text)
    if not match:
        raise ValidationError(
            {
                "recurrence": _problem(
                    "recurrence", msg("followups.bad_recurrence", value=str(value))
                )
            }
        )
    unit, number = match.group(1), int(match.group(2))
    if unit == "weekday":
        if not 0 <= number <= 6:
            raise ValidationError(
                {"recurrence": _problem("recurrence", msg("followups.bad_weekday", number=number))}
            )
    elif number <= 0:
        raise ValidationError(
            {"recurrence": _problem("recurrence", msg("followups.bad_interval", number=number))}
        )
    return f"{unit}:{number}"


def step(at: datetime, recurrence: str) -> datetime:
    """One step of a repeat rule after `at`."""
    unit, number = recurrence.split(":")
    n = int(number)
    if unit == "days":
        return at + timedelta(days=n)
    if unit == "weeks":
        return at + timedelta(weeks=n)
    if unit == "months":
        return add_months(at, n)
    ahead = (n - at.weekday()) % 7 or 7
    return at + timedelta(days=ahead)


def next_occurrence(due_at: datetime, recurrence: str, after: datetime) -> datetime:
    """The first occurrence of the series strictly after `after` (missed ones are skipped)."""
    nxt = step(due_at, recurrence)
    guard = 0
    while nxt <= after and guard < 100_000:
        nxt = step(nxt, recurrence)
        guard += 1
    return nxt
