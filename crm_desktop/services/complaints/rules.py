"""The team's complaint settings: the time allowed per severity and the list of categories."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta

from crm_desktop.errors import ValidationError
from crm_desktop.messages import msg
from crm_desktop.models.entities import COMPLAINT_CATEGORIES, COMPLAINT_SEVERITIES
from crm_desktop.services.auth import Actor
from crm_desktop.services.complaints.labels import SEVERITY_LABELS, problem, text
from crm_desktop.services.settings import get_setting, set_setting
from crm_desktop.services.validation import clean_text, labelled

DUE_HOURS_KEY = "complaint_due_hours"
CATEGORIES_KEY = "complaint_categories"
# 紧急 within a day, 严重 within three, 一般 within a week
DEFAULT_DUE_HOURS: dict[str, int] = {"urgent": 24, "high": 72, "normal": 168}
MAX_HOURS = 8760
OPEN_STATUSES = ("open", "processing")  # not yet resolved: due, reminded, flagged
# the same as SQL literals, as the partial index complaint_open_by_due is defined: a query
# saying it this way reads the unresolved ones from that index, in due order
OPEN_SQL = "((\"status\" IN ('open', 'processing')) AND (\"deleted_at\" IS NULL))"
SERIOUS = ("high", "urgent")  # an unresolved one of these flags the customer


def due_hours() -> dict[str, int]:
    """Hours allowed to resolve a complaint, by severity (the team's setting, else defaults)."""
    stored = get_setting(DUE_HOURS_KEY) or {}
    return {s: int(stored.get(s, DEFAULT_DUE_HOURS[s])) for s in COMPLAINT_SEVERITIES}


def due_time(severity: str, received_at: datetime) -> datetime:
    """When a complaint of this severity received then must be resolved."""
    hours = due_hours().get(severity, DEFAULT_DUE_HOURS["normal"])
    return received_at + timedelta(hours=hours)


def set_due_hours(actor: Actor, hours: Mapping[str, object]) -> dict[str, int]:
    """Change the time allowed per severity (settings permission); whole hours, 1 to a year."""
    clean = due_hours()
    errors = {}
    for severity, value in hours.items():
        if severity not in COMPLAINT_SEVERITIES:
            continue
        try:
            number = int(str(value).strip())
        except ValueError:
            number = 0
        if not 1 <= number <= MAX_HOURS:
            label = text(SEVERITY_LABELS, severity)
            errors[severity] = labelled(label, msg("complaints.hours_range", value=value))
            continue
        clean[severity] = number
    if errors:
        raise ValidationError(errors)
    set_setting(actor, DUE_HOURS_KEY, clean)
    return clean


def categories() -> list[str]:
    """The categories offered: the built-in codes, then the team's own (plain text)."""
    own = get_setting(CATEGORIES_KEY) or []
    return list(COMPLAINT_CATEGORIES) + [c for c in own if c not in COMPLAINT_CATEGORIES]


def set_categories(actor: Actor, own: list[str]) -> list[str]:
    """Replace the team's own categories (the built-in ones always stay)."""
    seen: list[str] = []
    for value in own:
        name = clean_text(value)[:40]
        if name and name not in seen and name not in COMPLAINT_CATEGORIES:
            seen.append(name)
    set_setting(actor, CATEGORIES_KEY, seen)
    return categories()


def clean_category(value: object) -> str:
    """A built-in code (its code or its label in either language) or a category of one's own."""
    from crm_desktop.services.complaints.labels import CATEGORY_LABELS

    name = clean_text(value)[:40]
    for code, (zh, en) in CATEGORY_LABELS.items():
        if name in (code, zh) or name.lower() == en.lower():
            return code
    if not name:
        raise ValidationError({"category": problem("category", msg("validation.required"))})
    return name
