"""Managing custom fields: define, rename, reorder, hide, retire, delete and restore.

Renaming, reordering, hiding and retiring keep a field's values; deleting is undoable.
A label that a built-in field or an import synonym already means is refused.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from typing import Any

import peewee as pw

from crm_desktop.errors import Conflict, NotFound, ValidationError
from crm_desktop.fields import CONTACT_FIELDS, CUSTOMER_FIELDS, FieldSpec
from crm_desktop.messages import Message, Renderable, Text, msg
from crm_desktop.models import CustomField, CustomValue, transaction, utcnow
from crm_desktop.models.entities import CUSTOM_FIELD_ENTITIES, CUSTOM_FIELD_KINDS
from crm_desktop.models.search_index import reindex_customers
from crm_desktop.services import changelog
from crm_desktop.services.auth import Actor
from crm_desktop.services.custom_fields.kinds import (
    FIELD_GROUPS,
    LABEL_LIMIT,
    OWN_TAB,
    PREFIX,
    SEARCHED_KINDS,
    Choice,
    FieldDef,
    field_spec,
    group_label,
    kind_label,
)
from crm_desktop.textutil import clean_text, fold, pinyin_forms


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


def find_field(text: str, entity: str = "customer") -> FieldDef:
    """A field by its key or either label, as a user types it on the command line
    (case and width folded); deleted ones are not found."""
    wanted = fold(clean_text(text).removeprefix(PREFIX))
    for field in list_fields(entity):
        if wanted in (fold(field.key), fold(field.zh), fold(field.en or field.zh)):
            return field
    raise NotFound("custom_fields.no_field", field=text)


def history_specs(entity: str = "customer") -> dict[str, FieldSpec]:
    """Every field's spec by name, deleted ones too: the History tab labels old changes."""
    return {f.name: field_spec(f) for f in list_fields(entity, include_deleted=True)}


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
