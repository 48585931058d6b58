"""动态管理: every change to a card is written with who, when, from what, in the same transaction."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

import peewee as pw

from crm_desktop.messages import Message
from crm_desktop.models import ChangeLog, User, utcnow
from crm_desktop.services.auth import Actor
from crm_desktop.services.sync.notes import batch_notes


def as_text(value: object) -> str | None:
    """How a value is kept in the history: ISO dates, plain decimals, None stays None."""
    if value is None:
        return None
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)


def differs(old: object, new: object) -> bool:
    """Whether a write changes a value: by its history text, except that amounts equal as
    numbers are the same (223.1 stored, 223.10 cleaned from a sheet)."""
    if (
        isinstance(old, (Decimal, int))
        and isinstance(new, (Decimal, int))
        and not isinstance(old, bool)
        and not isinstance(new, bool)
    ):
        return Decimal(old) != Decimal(new)
    return as_text(old) != as_text(new)


def record_changes(
    entity: str,
    entity_id: int,
    old: Mapping[str, object],
    new: Mapping[str, object],
    actor: Actor | None,
    batch_id: int | None = None,
) -> int:
    """One ChangeLog row per field whose text form differs. Call inside the write's transaction."""
    now = utcnow()
    rows = []
    for field, new_value in new.items():
        before, after = as_text(old.get(field)), as_text(new_value)
        if (before or "") != (after or "") and differs(old.get(field), new_value):
            rows.append(
                {
                    "entity": entity,
                    "entity_id": entity_id,
                    "field": field,
                    "old_value": before,
                    "new_value": after,
                    "user": actor.id if actor else None,
                    "at": now,
                    "batch": batch_id,
                }
            )
    if rows:
        ChangeLog.insert_many(rows).execute()
    return len(rows)


def record_event(
    entity: str,
    entity_id: int,
    field: str,
    actor: Actor | None,
    new_value: str | None = None,
    old_value: str | None = None,
    batch_id: int | None = None,
) -> None:
    """A change that is not a field edit: created, deleted, restored."""
    ChangeLog.create(
        entity=entity,
        entity_id=entity_id,
        field=field,
        old_value=old_value,
        new_value=new_value,
        user=actor.id if actor else None,
        at=utcnow(),
        batch=batch_id,
    )


@dataclass(frozen=True)
class ChangeEntry:
    at: datetime
    user: str
    entity: str
    entity_id: int
    field: str
    old_value: str | None
    new_value: str | None
    note: Message | None = None  # where the change came from, e.g. a salesperson's workbook


def history(pairs: list[tuple[str, int]] | list[tuple[str, list[int]]]) -> list[ChangeEntry]:
    """Changes of the given (entity, ids) newest first; used by the card's 历史 tab.

    A change written by taking back a salesperson's workbook carries that workbook's note."""
    clauses = None
    for entity, ids in pairs:
        id_list = ids if isinstance(ids, list) else [ids]
        if not id_list:
            continue
        clause = (ChangeLog.entity == entity) & ChangeLog.entity_id.in_(id_list)
        clauses = clause if clauses is None else (clauses | clause)
    if clauses is None:
        return []
    query = (
        ChangeLog.select(ChangeLog, User.username, User.display_name)
        .join(User, on=(ChangeLog.user == User.id), join_type=pw.JOIN.LEFT_OUTER)
        .where(clauses)
        .order_by(ChangeLog.at.desc(), ChangeLog.id.desc())
    )
    rows = list(query.objects())
    notes = batch_notes(row.batch_id for row in rows)
    out = []
    for row in rows:
        who = getattr(row, "display_name", None) or getattr(row, "username", None) or ""
        out.append(
            ChangeEntry(
                row.at,
                who,
                row.entity,
                row.entity_id,
                row.field,
                row.old_value,
                row.new_value,
                notes.get(row.batch_id),
            )
        )
    return out
