"""Custom fields (自定义字段): the facts a team keeps that the paper form has no box for.

A manager defines a field for customers or contacts (label in Chinese and English,
kind, choices, group, order); renaming, reordering, hiding and retiring keep its
values, deleting is undoable. Values are validated by the same parsers as the
built-in fields (`services.validation`), written with the card's version check and
into the ChangeLog as ``custom.<key>``, and their text goes into the search document.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import peewee as pw

from crm_desktop.errors import Conflict, InvalidValue, NotFound, PermissionDenied, ValidationError
from crm_desktop.fields import CONTACT_FIELDS, CUSTOMER_FIELDS, GROUPS, FieldSpec
from crm_desktop.messages import Message, Renderable, Text, msg
from crm_desktop.models import (
    Contact,
    Customer,
    CustomField,
    CustomValue,
    database,
    transaction,
    utcnow,
)
from crm_desktop.models.entities import CUSTOM_FIELD_ENTITIES, CUSTOM_FIELD_KINDS
from crm_desktop.models.search_index import reindex_customers
from crm_desktop.services import changelog
from crm_desktop.services.auth import Actor
from crm_desktop.services.validation import (
    clean_value,
    labelled,
    parse_date,
    parse_decimal,
    parse_money,
)
from crm_desktop.textutil import clean_text, fold, pinyin_forms

PREFIX = "custom."  # a custom field's name in a card's values, the ChangeLog and the list
OWN_TAB = "custom"
# the groups a custom field may join: its own tab, or one of the four of the 客户资料卡
CARD_GROUPS = ("card_basic", "characteristics", "business", "transaction")
FIELD_GROUPS = (OWN_TAB, *CARD_GROUPS)
SEARCHED_KINDS = ("text", "choice", "tags")  # whose text the search box finds
LABEL_LIMIT = 40
KEY_LIMIT = 100  # custom_value.key: the indexed, sortable form of a value
_TAG_SPLIT = re.compile(r"[,，、;；\n|]+")
_TRUE = ("1", "true", "yes", "y", "是", "√", "✓", "有")
_FALSE = ("0", "false", "no", "n", "否", "×", "无", "没有")


@dataclass(frozen=True)
class Choice:
    """One option of a choice or tags field; a retired one keeps old values readable."""

    code: str
    zh: str
    en: str = ""
    retired: bool = False

    @property
    def text(self) -> Text:
        return Text(self.zh, self.en or self.zh)


@dataclass(frozen=True)
class FieldDef:
    """A custom field as the front ends see it."""

    id: int
    version: int
    entity: str
    key: str
    zh: str
    en: str
    kind: str
    choices: tuple[Choice, ...]
    required: bool
    group: str
    position: int
    hidden: bool
    retired: bool
    deleted: bool

    @property
    def name(self) -> str:
        """The field's name in a card's values and the ChangeLog: ``custom.<key>``."""
        return PREFIX + self.key

    @property
    def text(self) -> Text:
        return Text(self.zh, self.en or self.zh)

    def label(self, lang: str | None = None) -> str:
        return self.text.render(lang)

    def choice(self, code: str) -> Choice | None:
        return next((c for c in self.choices if c.code == code), None)

    def show(self, value: object, lang: str | None = None) -> str:
        """A value as the card, the list, the export and the printout show it."""
        if value is None or value == "" or value == ():
            return ""
        if self.kind in ("choice", "tags"):
            codes = value if isinstance(value, (tuple, list)) else (value,)
            parts = []
            for code in codes:
                option = self.choice(str(code))
                if option is None:
                    parts.append(str(code))
                elif option.retired:
                    parts.append(
                        msg("custom_fields.retired_choice", label=option.text).render(lang)
                    )
                else:
                    parts.append(option.text.render(lang))
            return ("、" if lang is None or lang.startswith("zh") else ", ").join(parts)
        if self.kind == "bool":
            return msg("custom_fields.yes" if value else "custom_fields.no").render(lang)
        return changelog.as_text(value) or ""


KIND_CODES = {
    "text": "custom_fields.kind_text",
    "long": "custom_fields.kind_long",
    "number": "custom_fields.kind_number",
    "money": "custom_fields.kind_money",
    "date": "custom_fields.kind_date",
    "bool": "custom_fields.kind_bool",
    "choice": "custom_fields.kind_choice",
    "tags": "custom_fields.kind_tags",
}


def kind_label(kind: str) -> Message:
    """文本 / Text: a kind as the user reads it."""
    return msg(KIND_CODES[kind])


def group_label(group: str) -> Renderable:
    if group == OWN_TAB:
        return msg("custom_fields.group_custom")
    zh, en = GROUPS[group]
    return Text(zh, en)


_SPEC_KINDS = {"number": "decimal", "tags": "text"}  # the built-in kind whose widget fits


def field_spec(field: FieldDef) -> FieldSpec:
    """The field as a catalogue entry: the card's widgets and the history read these."""
    return FieldSpec(
        field.name,
        field.zh,
        field.en or field.zh,
        field.group,
        _SPEC_KINDS.get(field.kind, field.kind),
        required=field.required,
    )


def history_specs(entity: str = "customer") -> dict[str, FieldSpec]:
    """Every field's spec by name, deleted ones too: the History tab labels old changes."""
    return {f.name: field_spec(f) for f in list_fields(entity, include_deleted=True)}


def editor_value(field: FieldDef, value: Any) -> Any:
    """A value as its card widget shows it: tags as their labels joined, the rest as stored."""
    if field.kind != "tags" or not value:
        return value
    lang_zh = True
    labels = [field.choice(c).zh if field.choice(c) and lang_zh else c for c in value]
    return "、".join(labels)


def changed(fields: Sequence[FieldDef], clean: Mapping[str, Any], old: Mapping[str, Any]) -> dict:
    """The cleaned values that differ from the stored ones."""
    by_name = {f.name: f for f in fields}
    return {
        k: v
        for k, v in clean.items()
        if history_text(by_name[k], v) != history_text(by_name[k], old.get(k))
    }


# --- definitions -----------------------------------------------------------------------


def _to_def(row: CustomField) -> FieldDef:
    return FieldDef(
        id=row.id,
        version=row.version,
        entity=row.entity,
        key=row.key,
        zh=row.label_zh,
        en=row.label_en,
        kind=row.kind,
        choices=tuple(Choice(**c) for c in json.loads(row.choices or "[]")),
        required=bool(row.required),
        group=row.group,
        position=row.position,
        hidden=bool(row.hidden),
        retired=bool(row.retired),
        deleted=row.deleted_at is not None,
    )


def list_fields(
    entity: str = "customer", *, visible_only: bool = False, include_deleted: bool = False
) -> list[FieldDef]:
    """The fields of customers or contacts in their order; `visible_only` leaves out the
    hidden and the retired (what the card shows), `include_deleted` adds the deleted."""
    select = CustomField.select().where(CustomField.entity == entity)
    if not include_deleted:
        select = select.where(CustomField.deleted_at.is_null())
    fields = [_to_def(r) for r in select.order_by(CustomField.position, CustomField.id)]
    if visible_only:
        fields = [f for f in fields if not f.hidden and not f.retired]
    return fields


def get_field(field_id: int | str, entity: str = "customer") -> FieldDef:
    """A field by id or by key (``custom.`` prefix allowed); deleted ones are not found."""
    if isinstance(field_id, str):
        key = field_id.removeprefix(PREFIX)
        cond = (CustomField.entity == entity) & (CustomField.key == key)
    else:
        cond = CustomField.id == field_id
    row = CustomField.get_or_none(cond & CustomField.deleted_at.is_null())
    if row is None:
        raise NotFound("custom_fields.no_field", field=field_id)
    return _to_def(row)


def _require_manager(actor: Actor) -> None:
    actor.require("customer.edit_all", "custom_fields.action_define")


def builtin_label_clash(label: str, entity: str = "customer") -> Text | None:
    """The built-in field (or import synonym's field) a label would be mistaken for."""
    from crm_desktop.services.importing.headers import IGNORE, match_header, target_label

    key = fold(label)
    specs: Sequence[FieldSpec] = CUSTOMER_FIELDS if entity == "customer" else CONTACT_FIELDS
    for spec in specs:
        if key in (fold(spec.zh), fold(spec.en), fold(spec.name)):
            return Text(spec.zh, spec.en)
    target, _unit = match_header(label)
    if target and target != IGNORE:
        return Text(target_label(target, "zh"), target_label(target, "en"))
    return None


def _check_labels(entity: str, zh: str, en: str, except_id: int | None = None) -> dict:
    errors: dict[str, Renderable] = {}
    if not zh:
        errors["label_zh"] = msg("custom_fields.no_label")
    for name, label in (("label_zh", zh), ("label_en", en)):
        if not label:
            continue
        if len(label) > LABEL_LIMIT:
            errors[name] = msg("custom_fields.label_too_long", label=label, limit=LABEL_LIMIT)
            continue
        clash = builtin_label_clash(label, entity)
        if clash is not None:
            errors[name] = msg("custom_fields.label_builtin", label=label, field=clash)
            continue
        for other in list_fields(entity, include_deleted=True):
            if other.id != except_id and fold(label) in (fold(other.zh), fold(other.en)):
                errors[name] = msg("custom_fields.label_taken", label=label)
    return errors


def _clean_choices(label: str, kind: str, choices: Iterable[object]) -> list[dict]:
    """Choices as stored: codes kept for known ones, new ones numbered after the highest."""
    if kind not in ("choice", "tags"):
        return []
    out: list[dict] = []
    seen: set[str] = set()
    items = list(choices)
    used = [int(c.code[1:]) for c in items if isinstance(c, Choice) and c.code[1:].isdigit()]
    next_number = max(used, default=0) + 1
    for item in items:
        if isinstance(item, Choice):
            choice = Choice(item.code, clean_text(item.zh), clean_text(item.en), item.retired)
        else:
            choice = Choice(f"c{next_number}", clean_text(item))
            next_number += 1
        if not choice.zh:
            continue
        if fold(choice.zh) in seen:
            raise ValidationError(
                {"choices": msg("custom_fields.duplicate_choice", choice=choice.zh)}
            )
        seen.add(fold(choice.zh))
        out.append(choice.__dict__.copy())
    if not any(not c["retired"] for c in out):
        raise ValidationError({"choices": msg("custom_fields.no_choices", label=label)})
    return out


def _new_key(entity: str, zh: str, en: str) -> str:
    """A stable key from the English label (or the pinyin of the Chinese one)."""
    base = re.sub(r"[^a-z0-9]+", "_", (en or pinyin_forms(zh)[0] or "field").lower()).strip("_")
    base = (base or "field")[:40]
    taken = {
        k
        for (k,) in CustomField.select(CustomField.key).where(CustomField.entity == entity).tuples()
    }
    key, n = base, 2
    while key in taken:
        key, n = f"{base}_{n}", n + 1
    return key


def define_field(
    actor: Actor,
    zh: str,
    en: str = "",
    kind: str = "text",
    *,
    entity: str = "customer",
    choices: Iterable[object] = (),
    required: bool = False,
    group: str = OWN_TAB,
) -> FieldDef:
    """A new field at the end of its entity's fields. Labels that a built-in field or an
    import synonym already means are refused."""
    _require_manager(actor)
    assert entity in CUSTOM_FIELD_ENTITIES
    zh, en = clean_text(zh), clean_text(en)
    errors = _check_labels(entity, zh, en)
    if kind not in CUSTOM_FIELD_KINDS:
        errors["kind"] = msg(
            "custom_fields.bad_kind", kind=kind, allowed=[kind_label(k) for k in CUSTOM_FIELD_KINDS]
        )
    if group not in FIELD_GROUPS:
        errors["group"] = msg(
            "custom_fields.bad_group", group=group, allowed=[group_label(g) for g in FIELD_GROUPS]
        )
    if errors:
        raise ValidationError(errors)
    stored = _clean_choices(zh, kind, choices)
    with transaction():
        last = (
            CustomField.select(pw.fn.MAX(CustomField.position))
            .where(CustomField.entity == entity)
            .scalar()
        )
        row = CustomField.create(
            entity=entity,
            key=_new_key(entity, zh, en),
            label_zh=zh,
            label_en=en,
            kind=kind,
            choices=json.dumps(stored, ensure_ascii=False),
            required=required,
            group=group,
            position=(last or 0) + 1,
        )
        changelog.record_event("custom_field", row.id, "created", actor, new_value=zh)
    return _to_def(row)


def update_field(
    actor: Actor,
    field_id: int,
    *,
    expected_version: int | None = None,
    **changes: Any,
) -> FieldDef:
    """Rename (zh, en), change choices (add, rename, retire), required, group, hidden or
    retired. Values are never touched: a retired choice keeps the cards that hold it."""
    _require_manager(actor)
    row = CustomField.get_or_none(CustomField.id == field_id)
    if row is None:
        raise NotFound("custom_fields.no_field", field=field_id)
    old = _to_def(row)
    update: dict[str, Any] = {}
    zh = clean_text(changes.get("zh", old.zh))
    en = clean_text(changes.get("en", old.en))
    if (zh, en) != (old.zh, old.en):
        errors = _check_labels(old.entity, zh, en, except_id=old.id)
        if errors:
            raise ValidationError(errors)
        update.update(label_zh=zh, label_en=en)
    if "choices" in changes:
        update["choices"] = json.dumps(
            _clean_choices(zh, old.kind, changes["choices"]), ensure_ascii=False
        )
    if "group" in changes:
        if changes["group"] not in FIELD_GROUPS:
            raise ValidationError(
                {
                    "group": msg(
                        "custom_fields.bad_group",
                        group=changes["group"],
                        allowed=[group_label(g) for g in FIELD_GROUPS],
                    )
                }
            )
        update["group"] = changes["group"]
    for flag in ("required", "hidden", "retired"):
        if flag in changes:
            update[flag] = bool(changes[flag])
    if not update:
        return old
    before = {k: getattr(row, k) for k in update}
    with transaction():
        condition = CustomField.id == row.id
        if expected_version is not None:
            condition &= CustomField.version == expected_version
        done = (
            CustomField.update(**update, updated_at=utcnow(), version=CustomField.version + 1)
            .where(condition)
            .execute()
        )
        if not done:
            raise Conflict("custom_fields.changed_meanwhile", label=old.text)
        changelog.record_changes("custom_field", row.id, before, update, actor)
        if "choices" in update and old.kind in SEARCHED_KINDS:
            _reindex_holders(old.id)
    return get_field(row.id) if row.deleted_at is None else _to_def(CustomField.get_by_id(row.id))


def reorder_fields(actor: Actor, ids: Sequence[int]) -> None:
    """The fields in this order (the card's and the list's)."""
    _require_manager(actor)
    with transaction():
        for position, field_id in enumerate(ids, start=1):
            CustomField.update(position=position).where(CustomField.id == field_id).execute()


def count_values(field_id: int) -> int:
    """How many cards hold a value of the field: what the delete question says."""
    return (
        CustomValue.select(pw.fn.COUNT(CustomValue.entity_id.distinct()))
        .where(CustomValue.field == field_id)
        .scalar()
        or 0
    )


def delete_question(field_id: int) -> Message:
    """The question to ask before deleting (the field's label and how many cards hold it)."""
    return msg(
        "custom_fields.confirm_delete", label=get_field(field_id).text, count=count_values(field_id)
    )


def delete_field(actor: Actor, field_id: int) -> None:
    """Take the field off every card and list (its values are kept: `restore_field` undoes)."""
    _require_manager(actor)
    field = get_field(field_id)
    with transaction():
        now = utcnow()
        CustomField.update(deleted_at=now, updated_at=now, version=CustomField.version + 1).where(
            CustomField.id == field.id
        ).execute()
        changelog.record_event(
            "custom_field", field.id, "deleted", actor, new_value=now.isoformat()
        )
        if field.kind in SEARCHED_KINDS and field.entity == "customer":
            _reindex_holders(field.id)


def restore_field(actor: Actor, field_id: int) -> FieldDef:
    """Undo a delete: the field and all its values are back."""
    _require_manager(actor)
    row = CustomField.get_or_none(CustomField.id == field_id)
    if row is None:
        raise NotFound("custom_fields.no_field", field=field_id)
    with transaction():
        CustomField.update(
            deleted_at=None, updated_at=utcnow(), version=CustomField.version + 1
        ).where(CustomField.id == row.id).execute()
        changelog.record_event("custom_field", row.id, "restored", actor)
        if row.kind in SEARCHED_KINDS and row.entity == "customer":
            _reindex_holders(row.id)
    return get_field(row.id)


def _reindex_holders(field_id: int) -> None:
    ids = [
        i
        for (i,) in CustomValue.select(CustomValue.entity_id)
        .where(CustomValue.field == field_id)
        .distinct()
        .tuples()
    ]
    if ids:
        reindex_customers(ids)


# --- values ------------------------------------------------------------------------------


def _match_choice(field: FieldDef, raw: str, allow_retired: bool) -> str:
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
        text = clean_value(FieldSpec(field.key, field.zh, field.en, "", kind), raw, 500)
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
        if text in _TRUE:
            return True
        if text in _FALSE:
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


def _rows_of(field: FieldDef, entity_id: int, value: Any) -> list[dict]:
    """The custom_value rows that hold one value (none when empty)."""
    if value is None:
        return []
    base = {"field": field.id, "entity_id": entity_id, "key": None, "number": None, "day": None}
    kind = field.kind
    if kind == "tags":
        return [
            {**base, "text": field.choice(c).zh if field.choice(c) else c, "key": c} for c in value
        ]
    if kind == "choice":
        option = field.choice(value)
        return [{**base, "text": option.zh if option else value, "key": value}]
    if kind in ("number", "money"):
        return [{**base, "text": format(value, "f"), "number": value}]
    if kind == "date":
        return [{**base, "text": value.isoformat(), "day": value}]
    if kind == "bool":
        return [{**base, "text": "1" if value else "0", "key": "1" if value else "0"}]
    return [{**base, "text": value, "key": fold(value)[:KEY_LIMIT]}]


_CENT = Decimal("0.01")


def _plain(number: Decimal) -> Decimal:
    """1.5000 -> 1.5, 100.0000 -> 100 (no exponent)."""
    text = format(number, "f")
    return Decimal(text.rstrip("0").rstrip(".") if "." in text else text)


def _value_of(field: FieldDef, rows: list[tuple]) -> Any:
    """A field's value from its rows (text, key, number, day)."""
    kind = field.kind
    if kind == "tags":
        order = {c.code: i for i, c in enumerate(field.choices)}
        return tuple(sorted((r[1] for r in rows), key=lambda c: order.get(c, len(order))))
    text, key, number, day = rows[0]
    if kind == "choice":
        return key
    if kind in ("number", "money"):
        if number is None:
            return None
        amount = Decimal(str(number))
        return amount.quantize(_CENT) if kind == "money" else _plain(amount)
    if kind == "date":
        return day if isinstance(day, date) or day is None else date.fromisoformat(str(day))
    if kind == "bool":
        return key == "1"
    return text


def values_of(
    entity: str, ids: Sequence[int], fields: Sequence[FieldDef] | None = None
) -> dict[int, dict[str, Any]]:
    """Each entity's custom values keyed ``custom.<key>`` (only those it holds)."""
    fields = list_fields(entity) if fields is None else fields
    if not ids or not fields:
        return {}
    by_id = {f.id: f for f in fields}
    grouped: dict[tuple[int, int], list[tuple]] = defaultdict(list)
    for i in range(0, len(ids), 500):
        chunk = list(ids[i : i + 500])
        select = CustomValue.select(
            CustomValue.entity_id,
            CustomValue.field,
            CustomValue.text,
            CustomValue.key,
            CustomValue.number,
            CustomValue.day,
        ).where(CustomValue.entity_id.in_(chunk), CustomValue.field.in_(list(by_id)))
        # the raw cursor: peewee's per-row conversion was most of an export's extra time
        for row in database.execute(select).fetchall():
            grouped[(row[0], row[1])].append(row[2:])
    names = {f.id: f.name for f in fields}
    out: dict[int, dict[str, Any]] = defaultdict(dict)
    for (entity_id, field_id), rows in grouped.items():
        out[entity_id][names[field_id]] = _value_of(by_id[field_id], rows)
    return dict(out)


def get_values(entity: str, entity_id: int) -> dict[str, Any]:
    """One card's custom values, every defined field present (None when empty)."""
    fields = list_fields(entity)
    held = values_of(entity, [entity_id], fields).get(entity_id, {})
    return {f.name: held.get(f.name) for f in fields}


def _owner_check(actor: Actor, entity: str, entity_id: int) -> pw.Model:
    model = Customer if entity == "customer" else Contact
    row = model.get_or_none(model.id == entity_id)
    if row is None or row.deleted_at is not None:
        raise NotFound("customers.no_id", id=entity_id)
    customer = row if entity == "customer" else Customer.get_by_id(row.customer_id)
    if not actor.sees_all_customers and customer.owner_id != actor.id:
        raise PermissionDenied("customers.not_yours", code=customer.code)
    return row


def write_values(
    actor: Actor | None,
    entity: str,
    entity_id: int,
    clean: Mapping[str, Any],
    old: Mapping[str, Any],
    fields: Sequence[FieldDef],
    batch_id: int | None = None,
    *,
    reindex: bool = True,
) -> dict[str, Any]:
    """Write cleaned values that differ from `old`, with their ChangeLog rows. Call inside
    the card's transaction (after its version check); returns what changed. `reindex=False`:
    the caller rebuilds the search documents (an import, all at once)."""
    by_name = {f.name: f for f in fields}
    diff = changed(fields, clean, old)
    if not diff:
        return {}
    touched = [by_name[k] for k in diff]
    CustomValue.delete().where(
        CustomValue.entity_id == entity_id, CustomValue.field.in_([f.id for f in touched])
    ).execute()
    rows = [r for f in touched for r in _rows_of(f, entity_id, diff[f.name])]
    if rows:
        CustomValue.insert_many(rows).execute()
    changelog.record_changes(
        entity,
        entity_id,
        {k: history_text(by_name[k], old.get(k)) for k in diff},
        {k: history_text(by_name[k], v) for k, v in diff.items()},
        actor,
        batch_id,
    )
    if reindex and entity == "customer" and any(f.kind in SEARCHED_KINDS for f in touched):
        reindex_customers([entity_id])
    return diff


def history_text(field: FieldDef, value: Any) -> str | None:
    if value is None or value == ():
        return None
    if field.kind in ("choice", "tags"):
        return field.show(value, "zh")
    return changelog.as_text(value)


def set_values(
    actor: Actor,
    entity: str,
    entity_id: int,
    values: Mapping[str, object],
    *,
    expected_version: int | None = None,
    batch_id: int | None = None,
) -> dict[str, Any]:
    """Change some custom values of a card (or contact). With `expected_version`, a card
    changed meanwhile is refused like the card's own fields; a change bumps its version.
    Returns the card's custom values after the change."""
    row = _owner_check(actor, entity, entity_id)
    fields = list_fields(entity)
    old = get_values(entity, entity_id)
    clean = clean_custom_values(fields, values, partial=True, current=old)
    model = type(row)
    with transaction():
        diff = write_values(actor, entity, entity_id, clean, old, fields, batch_id)
        if diff or expected_version is not None:
            condition = model.id == entity_id
            if expected_version is not None:
                condition &= model.version == expected_version
            bump = {"version": model.version + 1, "updated_at": utcnow()} if diff else {}
            updated = (
                model.update(**bump).where(condition).execute()
                if bump
                else model.select().where(condition).count()
            )
            if not updated:
                code = row.code if entity == "customer" else row.customer.code
                raise Conflict("customers.changed_meanwhile", code=code)
    return {**old, **clean}


# --- a new field from an import column -----------------------------------------------------

_MONEY_WORDS = re.compile(r"[¥￥元万亿]|RMB|CNY", re.IGNORECASE)
CHOICE_AT_MOST = 12  # distinct values a column may have to be guessed a choice


def suggest_kind(values: Sequence[object]) -> tuple[str, list[str]]:
    """The kind a column's values suggest, with the options of a choice: all numbers ->
    number (amounts written with 万/¥ -> money), all dates -> date, yes/no words -> yes/no,
    few distinct values repeated -> one choice of them, else text (long when multi-line)."""
    texts = [clean_text(v) if not isinstance(v, date) else v.isoformat() for v in values]
    texts = [t for t in texts if t]
    if not texts:
        return "text", []

    def all_read(parse) -> bool:
        try:
            return all(parse(t) is not None for t in texts)
        except (InvalidValue, ValueError):
            return False

    if all(t.lower() in _TRUE + _FALSE for t in texts):
        return "bool", []
    money_words = any(_MONEY_WORDS.search(t) for t in texts)
    if money_words and all_read(parse_money):
        return "money", []
    if all_read(lambda t: parse_decimal(t, 4)):
        return "number", []
    if all_read(parse_date):
        return "date", []
    distinct = list(dict.fromkeys(texts))
    if len(distinct) <= CHOICE_AT_MOST and len(texts) >= 2 * len(distinct):
        return "choice", distinct
    multiline = any("\n" in str(v).strip() for v in values if v is not None)
    if multiline or max(len(t) for t in texts) > 100:
        return "long", []
    return "text", []


# --- the customer list ----------------------------------------------------------------------


def holders(name: str, code: str) -> pw.SelectQuery:
    """The ids of customers whose choice or tags field `name` holds the option `code`
    (a subquery for the list's filter, read from the (field, key, entity_id) index)."""
    field = get_field(name)
    return CustomValue.select(CustomValue.entity_id).where(
        CustomValue.field == field.id, CustomValue.key == code
    )


def sorted_by(select: pw.ModelSelect, name: str) -> tuple[pw.ModelSelect, pw.Node]:
    """The list's query joined to one custom field's values, and the column to sort by.
    A tags field sorts by its first tag."""
    field = get_field(name)
    value = CustomValue.alias("sort_value")
    if field.kind == "tags":
        first = CustomValue.select(pw.fn.MIN(CustomValue.key)).where(
            CustomValue.field == field.id, CustomValue.entity_id == Customer.id
        )
        return select, pw.NodeList([first])  # an expression that can say IS NULL
    joined = select.join_from(
        Customer,
        value,
        pw.JOIN.LEFT_OUTER,
        on=((value.field == field.id) & (value.entity_id == Customer.id)),
    )
    column = {"number": value.number, "money": value.number, "date": value.day}
    return joined, column.get(field.kind, value.key)


# --- printing -------------------------------------------------------------------------------

PrintItem = tuple[tuple[str, str], tuple[str, str]]  # (label zh, en), (value zh, en)


def print_facts(customer_id: int) -> dict[str, list[PrintItem]]:
    """The card's custom fields that hold a value, by group, labels and values in both
    languages (the profile card prints them in their group; reports import no services)."""
    fields = list_fields("customer", visible_only=True)
    held = values_of("customer", [customer_id], fields).get(customer_id, {})
    out: dict[str, list[PrintItem]] = {}
    for field in fields:
        value = held.get(field.name)
        if value is None or value == ():
            continue
        if field.kind == "money":
            shown = (f"¥{value:,.2f}", f"CNY {value:,.2f}")
        else:
            shown = (field.show(value, "zh"), field.show(value, "en"))
        out.setdefault(field.group, []).append(((field.zh, field.en or field.zh), shown))
    return out
