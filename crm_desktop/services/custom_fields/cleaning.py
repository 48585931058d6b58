"""A custom field's value cleaned by its kind, through the built-in fields' parsers.

Every problem of a card's custom values is reported at once, each named by its field's
label; a retired field or option keeps the values that hold it but takes no new ones.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from crm_desktop.errors import InvalidValue, NotFound, ValidationError
from crm_desktop.fields import FieldSpec
from crm_desktop.messages import Renderable, msg
from crm_desktop.services.custom_fields.kinds import NO_WORDS, PREFIX, YES_WORDS, Choice, FieldDef
from crm_desktop.services.validation import (
    clean_value,
    labelled,
    parse_date,
    parse_decimal,
    parse_money,
)
from crm_desktop.textutil import clean_text, fold

_TAG_SPLIT = re.compile(r"[,，、;；\n|]+")

TEXT_LIMIT = 500  # characters of a one-line text field


def _match_choice(field: FieldDef, raw: str, allow_retired: bool) -> str:
    """An option's code from its code or label (either language), folded."""
    low = fold(raw)
    for option in field.choices:
        if low in (fold(option.code), fold(option.zh), fold(option.en or option.zh)):
            if option.retired and not allow_retired:
                break
            return option.code
    raise InvalidValue(
        "validation.not_a_choice",
        value=raw,
        allowed=[c.text for c in field.choices if not c.retired],
    )


def clean_field_value(field: FieldDef, raw: object, *, allow_retired: bool = False) -> Any:
    """One value by the field's kind, through the built-in fields' parsers; None when empty.
    Raises InvalidValue about the value (the caller names the field)."""
    kind = field.kind
    if raw is None or (isinstance(raw, str) and not raw.strip()) or raw == () or raw == []:
        return None
    if kind in ("text", "long"):
        text = clean_value(FieldSpec(field.key, field.zh, field.en, "", kind), raw, TEXT_LIMIT)
        return text or None
    if kind == "number":
        return parse_decimal(raw, 4)
    if kind == "money":
        return parse_money(raw)
    if kind == "date":
        return parse_date(raw)
    if kind == "bool":
        if isinstance(raw, bool):
            return raw
        text = clean_text(raw).lower()
        if text in YES_WORDS:
            return True
        if text in NO_WORDS:
            return False
        raise InvalidValue(
            "validation.not_a_choice",
            value=text,
            allowed=[msg("custom_fields.yes"), msg("custom_fields.no")],
        )
    if kind == "choice":
        if isinstance(raw, Choice):
            raw = raw.code
        return _match_choice(field, clean_text(raw), allow_retired)
    if kind == "tags":
        items = raw if isinstance(raw, (list, tuple, set)) else _TAG_SPLIT.split(str(raw))
        codes = {_match_choice(field, clean_text(i), allow_retired) for i in items if clean_text(i)}
        order = [c.code for c in field.choices]
        return tuple(sorted(codes, key=order.index)) or None
    raise AssertionError(kind)


def clean_custom_values(
    fields: Sequence[FieldDef],
    values: Mapping[str, object],
    *,
    partial: bool,
    current: Mapping[str, object] | None = None,
) -> dict[str, Any]:
    """Clean values keyed ``custom.<key>``; every problem at once, each named by its field's
    label in the reader's language (ValidationError, nothing written)."""
    by_name = {f.name: f for f in fields}
    errors: dict[str, Renderable] = {}
    out: dict[str, Any] = {}
    for name, raw in values.items():
        field = by_name.get(name) or by_name.get(PREFIX + name)
        if field is None:
            raise NotFound("custom_fields.no_field", field=name)
        try:
            value = clean_field_value(field, raw, allow_retired=True)
            old = (current or {}).get(field.name)
            if field.retired and value != old and value is not None:
                raise InvalidValue("custom_fields.retired_field")
            if field.kind in ("choice", "tags") and value != old and value is not None:
                held = set(old if isinstance(old, tuple) else (old,))
                for code in value if isinstance(value, tuple) else (value,):
                    option = field.choice(code)
                    if option and option.retired and code not in held:
                        clean_field_value(field, option.zh)  # raises: retired
            out[field.name] = value
        except InvalidValue as exc:
            errors[field.name] = labelled(field.text, exc)
    if not partial:
        for field in fields:
            if field.required and not field.retired and out.get(field.name) is None:
                errors.setdefault(field.name, labelled(field.text, msg("validation.required")))
    if errors:
        raise ValidationError(errors)
    return out
