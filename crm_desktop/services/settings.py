"""Team-wide settings kept in the database, with their defaults.

Per-user choices (language, PDF font file) live in the local settings file of
`crm_desktop.i18n`; what the whole team must agree on (the company name printed on
forms, cadence per class, ABC thresholds) lives here.
"""

from __future__ import annotations

import json
from typing import Any

from crm_desktop.models import Setting, transaction
from crm_desktop.services.auth import Actor

DEFAULTS: dict[str, Any] = {
    "company_name": "",
    # the letterhead of printed forms and cards (company_name is its first line)
    "company_address": "",
    "company_phone": "",
    "company_tax_id": "",
    "company_logo": "",  # an image file (PNG or JPEG)
    "print_confidential": False,  # 内部资料 / confidential mark on every printed page
    # 紧迫盯人: days between contacts by customer class
    "cadence_days": {"A": 14, "B": 30, "C": 90, "D": 180},
    # Pareto: class A up to 80 % of sales, B up to 95 %, C the rest, D no sales
    "abc_thresholds": {"A": 80, "B": 95},
    # minutes without keyboard or mouse input before the window locks; 0: never
    "idle_lock_minutes": 15,
}

MAX_IDLE_LOCK_MINUTES = 24 * 60


def get_setting(key: str) -> Any:
    row = Setting.get_or_none(Setting.key == key)
    if row is None:
        return DEFAULTS.get(key)
    return json.loads(row.value)


def idle_lock_minutes() -> int:
    """The idle time before a session locks, in minutes (0: never); a stored value that
    is not a whole number in range falls back to the default rather than unlocking."""
    value = get_setting("idle_lock_minutes")
    try:
        minutes = int(value)
    except (TypeError, ValueError):
        return int(DEFAULTS["idle_lock_minutes"])
    if isinstance(value, bool) or not 0 <= minutes <= MAX_IDLE_LOCK_MINUTES:
        return int(DEFAULTS["idle_lock_minutes"])
    return minutes


def all_settings() -> dict[str, Any]:
    values = dict(DEFAULTS)
    values.update({row.key: json.loads(row.value) for row in Setting.select()})
    return values


def set_setting(actor: Actor, key: str, value: Any) -> None:
    actor.require("settings.edit", "auth.action_settings")
    with transaction():
        text = json.dumps(value, ensure_ascii=False)
        if Setting.get_or_none(Setting.key == key) is None:
            Setting.create(key=key, value=text)
        else:
            Setting.update(value=text).where(Setting.key == key).execute()
