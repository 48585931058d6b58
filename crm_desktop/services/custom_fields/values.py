"""Custom values stored and read: one row a value (a tag a row), written with the card.

`custom_value` keeps each value as text plus its indexed, sortable form (key, number or
day); writes go with the card's version check and into the ChangeLog as ``custom.<key>``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

import peewee as pw

from crm_desktop.errors import Conflict, NotFound, PermissionDenied
from crm_desktop.models import Contact, Customer, CustomValue, database, transaction, utcnow
from crm_desktop.models.search_index import reindex_customers
from crm_desktop.services import changelog
from crm_desktop.services.auth import Actor
from crm_desktop.services.custom_fields.cleaning import clean_custom_values
from crm_desktop.services.custom_fields.definitions import list_fields
from crm_desktop.services.custom_fields.kinds import (
    KEY_LIMIT,
    SEARCHED_KINDS,
    FieldDef,
    history_text,
)
from crm_desktop.textutil import fold, fold_texts


def changed(fields: Sequence[FieldDef], clean: Mapping[str, Any], old: Mapping[str, Any]) -> dict:
    """The cleaned values that differ from the stored ones."""
    by_name = {f.name: f for f in fields}
    return {
        k: v
        for k, v in clean.items()
        if history_text(by_name[k], v) != history_text(by_name[k], old.get(k))
    }


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


VALUE_COLUMNS = ("field_id", "entity_id", "text", "key", "number", "day")


def value_rows(field: FieldDef, entity_id: int, value: Any) -> list[tuple]:
    """`_rows_of` as raw database values in `VALUE_COLUMNS` order (numbers as plain decimal
    text, days as ISO text): what an import writes in bulk."""
    return [
        (
            field.id,
            entity_id,
            r["text"],
            r["key"],
            None if r["number"] is None else format(r["number"], "f"),
            None if r["day"] is None else r["day"].isoformat(),
        )
        for r in _rows_of(field, entity_id, value)
    ]


def text_column_pairs(field: FieldDef, values: Sequence[Any]) -> list[list[str] | None] | None:
    """A text field's values as [text, key] pairs (None: no value), the keys folded a
    column at a time, each distinct value once; None for any other kind of field (or a
    value that is not text): `value_rows` then. What an import writes in bulk."""
    if field.kind != "text":
        return None
    distinct = list(dict.fromkeys(v for v in values if v is not None))
    if not all(v.__class__ is str for v in distinct):
        return None
    keys = fold_texts(distinct)
    pair = {v: [v, k[:KEY_LIMIT]] for v, k in zip(distinct, keys, strict=True)}
    return [None if v is None else pair[v] for v in values]


def column_value_rows(field: FieldDef, ids: Iterable[int], values: Sequence[Any]) -> list[tuple]:
    """`value_rows` of many entities' values of one field (None: no value), the rows of
    each distinct value made once."""
    pairs = text_column_pairs(field, values)
    fid = field.id
    if pairs is not None:
        return [
            (fid, entity_id, pair[0], pair[1], None, None)
            for entity_id, pair in zip(ids, pairs, strict=True)
            if pair is not None
        ]
    distinct = list(dict.fromkeys(v for v in values if v is not None))
    parts = {v: [r[2:] for r in value_rows(field, 0, v)] for v in distinct}
    return [
        (fid, entity_id, *part)
        for entity_id, value in zip(ids, values, strict=True)
        if value is not None
        for part in parts[value]
    ]


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
