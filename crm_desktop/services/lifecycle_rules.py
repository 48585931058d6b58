"""The lifecycle rules the sales manager sets (客户分类规则): checked, stored, audited.

One place for the rules' names, limits and defaults, used by the suggestions
(`services/lifecycle.py`), the rules dialog and `crm-desktop lifecycle rules`. They are
kept as JSON in the team settings (`lifecycle`); a value typed as text (the CLI, an
old database) is parsed here, and a bad one is refused with the rule's label.
"""

from __future__ import annotations

import contextlib
import json
from typing import Any

from crm_desktop.errors import ValidationError
from crm_desktop.messages import Message, Text, catalogue, msg
from crm_desktop.models import AuditEvent, Setting, transaction
from crm_desktop.services.auth import Actor

SETTING = "lifecycle"

# name -> (default, lowest, highest); a bool rule has no limits
NUMBERS: dict[str, tuple[int, int, int]] = {
    "min_contacts": (2, 1, 1000),
    "loyal_orders": (4, 2, 1000),
    "loyal_months": (12, 1, 120),
    "lost_months": (12, 1, 120),
    "winback_days": (1, 0, 365),
}
FLAGS: dict[str, bool] = {"need_contact_person": True, "winback": True}
ORDER = (
    "min_contacts",
    "need_contact_person",
    "loyal_orders",
    "loyal_months",
    "lost_months",
    "winback",
    "winback_days",
)
DEFAULTS: dict[str, Any] = {
    name: NUMBERS[name][0] if name in NUMBERS else FLAGS[name] for name in ORDER
}
_YES = {"1", "true", "yes", "y", "on", "是", "要", "需要"}
_NO = {"0", "false", "no", "n", "off", "否", "不", "不要", "不需要"}


def label(name: str) -> Text:
    """The rule's label in both languages, as the dialog and the messages show it."""
    zh, en = catalogue()[f"lifecycle.rule_{name}"]
    return Text(zh, en)


def _problem(name: str, problem: Message) -> ValidationError:
    return ValidationError({name: msg("validation.field", label=label(name), problem=problem)})


def _number(name: str, value: object) -> int:
    _default, low, high = NUMBERS[name]
    try:
        number = int(str(value).strip()) if not isinstance(value, bool) else -1
    except ValueError:
        number = low - 1
    if not low <= number <= high:
        raise _problem(name, msg("lifecycle.bad_number", value=str(value), low=low, high=high))
    return number


def _flag(name: str, value: object) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise _problem(name, msg("lifecycle.bad_yes_no", value=str(value)))


def clean_rules(values: dict[str, Any]) -> dict[str, Any]:
    """Every rule, from stored or typed values over the defaults; an unknown rule or a value
    out of its limits is refused (all the problems at once, each under its rule)."""
    problems: dict[str, object] = {}
    for key in values:
        if key not in DEFAULTS:
            known = [Text(f"{n}（{label(n).zh}）", f"{n} ({label(n).en})") for n in ORDER]
            problems[key] = msg("lifecycle.unknown_rule", key=key, known=known)
    out: dict[str, Any] = {}
    for name in ORDER:
        value = values.get(name, DEFAULTS[name])
        try:
            out[name] = _number(name, value) if name in NUMBERS else _flag(name, value)
        except ValidationError as exc:
            problems.update(exc.problems)
    if problems:
        raise ValidationError(problems)
    return out


def get_rules() -> dict[str, Any]:
    """The rules in force: the stored ones over the defaults (a bad stored value: its default)."""
    row = Setting.get_or_none(Setting.key == SETTING)
    stored = json.loads(row.value) if row else {}
    out = dict(DEFAULTS)
    for name in ORDER:
        if name in stored:
            with contextlib.suppress(ValidationError):  # a bad stored value: the default
                out[name] = clean_rules({name: stored[name]})[name]
    return out


def set_rules(actor: Actor, values: dict[str, Any]) -> dict[str, Any]:
    """The sales manager (or the general manager) changes some rules; the others stay."""
    actor.require("customer.assign_owner", msg("lifecycle.action_rules"))
    rules = clean_rules({**get_rules(), **values})
    text = json.dumps(rules, ensure_ascii=False)
    with transaction():
        if Setting.update(value=text).where(Setting.key == SETTING).execute() == 0:
            Setting.create(key=SETTING, value=text)
        AuditEvent.create(user=actor.id, action="lifecycle.rules", entity="setting", detail=text)
    return rules


def parse_pairs(pairs: list[str]) -> dict[str, str]:
    """`KEY=VALUE` texts (the CLI's --set) as a rules update, values still text."""
    out: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise ValidationError({"set": msg("lifecycle.bad_pair", value=pair)})
        out[key.strip()] = value.strip()
    return out
