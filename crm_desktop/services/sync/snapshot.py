"""What leaves in a for-update workbook, kept in the database as the merge's base.

`gather` reads the customers of a filter (or of one salesperson), their live contacts
and their planned follow-ups as cells, the way the workbook shows them; `record` keeps
each record's version and cells (sync_export_row), so "the value at export" is known
even when a spreadsheet program drops the workbook's hidden columns.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from crm_desktop.i18n import current_language, is_chinese
from crm_desktop.models import (
    Contact,
    Customer,
    DbInfo,
    FollowUp,
    SyncExport,
    User,
    bulk_insert,
    database,
    utcnow,
)
from crm_desktop.models.base import new_uuid
from crm_desktop.services import export
from crm_desktop.services.auth import Actor
from crm_desktop.services.custom_fields import definitions as custom_defs
from crm_desktop.services.customers import CustomerQuery, customer_ids
from crm_desktop.services.fields import CHOICES, CONTACT_FIELDS, FieldSpec
from crm_desktop.services.sync import layout
from crm_desktop.services.sync.cells import to_json

DATABASE_KEY = "database_id"
CHUNK = 900


def database_identity() -> str:
    """This database's own id (made once): a workbook of another database is told apart."""
    row = DbInfo.get_or_none(DbInfo.key == DATABASE_KEY)
    if row is not None:
        return row.value
    value = new_uuid()
    DbInfo.insert(key=DATABASE_KEY, value=value).on_conflict_ignore().execute()
    return DbInfo.get(DbInfo.key == DATABASE_KEY).value


@dataclass(frozen=True)
class ExportInfo:
    """A for-update export as the take-back names it."""

    id: int
    uuid: str
    created_at: datetime
    owner_id: int | None
    owner_name: str
    lang: str
    rows: int


def export_info(export_uuid: str) -> ExportInfo | None:
    row = SyncExport.get_or_none(SyncExport.uuid == export_uuid)
    if row is None:
        return None
    owner = User.get_or_none(User.id == row.owner_id) if row.owner_id else None
    return ExportInfo(
        row.id,
        row.uuid,
        row.created_at,
        row.owner_id,
        (owner.display_name or owner.username) if owner else "",
        row.lang,
        row.rows,
    )


@dataclass
class Gathered:
    """The three sheets of a for-update workbook and the records behind their rows."""

    export_uuid: str
    database_id: str
    owner_id: int | None
    lang: str
    sheets: list[layout.Sheet]
    # (entity, uuid, version, cells) of every row, for `record`
    records: list[tuple[str, str, int, dict]]


def _contact_cell(spec: FieldSpec, value: object, zh: bool) -> object:
    if spec.kind == "choice" and spec.choices and value:
        pair = CHOICES[spec.choices].get(str(value))
        return (pair[0] if zh else pair[1]) if pair else value
    if spec.kind == "bool":
        return ("是" if value else None) if zh else ("yes" if value else None)
    if value == "":
        return None
    return value


def contact_cells(contact_ids: Sequence[int], lang: str) -> dict[int, tuple]:
    """The contacts sheet's field cells of these contacts, by id (as written and as now)."""
    zh = is_chinese(lang)
    columns = [getattr(Contact, f.name) for f in CONTACT_FIELDS]
    out: dict[int, tuple] = {}
    for start in range(0, len(contact_ids), CHUNK):
        chunk = list(contact_ids[start : start + CHUNK])
        for cid, *values in (
            Contact.select(Contact.id, *columns).where(Contact.id.in_(chunk)).tuples()
        ):
            out[cid] = tuple(
                _contact_cell(f, v, zh) for f, v in zip(CONTACT_FIELDS, values, strict=True)
            )
    return out


def _custom_choices(fields: Sequence[FieldSpec], lang: str) -> dict[str, tuple[str, ...]]:
    defs = {f.name: f for f in custom_defs.list_fields("customer")}
    out = {}
    for f in fields:
        d = defs.get(f.name)
        if d is not None and d.kind in ("choice", "bool"):
            if d.kind == "bool":
                out[f.name] = (d.show(True, lang), d.show(False, lang))
            else:
                out[f.name] = tuple(c.text.render(lang) for c in d.choices if not c.retired)
    return out


def gather(
    actor: Actor,
    query: CustomerQuery | None = None,
    *,
    owner_id: int | None = None,
    lang: str | None = None,
) -> Gathered:
    """The customers of `query` (of `owner_id` when given), their contacts and planned
    follow-ups, as the sheets' rows; managers only (a bulk export)."""
    export.require_bulk_export(actor)
    lang = lang or current_language()
    query = query or CustomerQuery(sort="code")
    if owner_id is not None:
        query = replace(query, owner_id=owner_id)
    ids = customer_ids(actor, query)
    fields = export.export_fields()
    records: list[tuple[str, str, int, dict]] = []
    identity = {}
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        for cid, uid, version, code, name in (
            Customer.select(
                Customer.id, Customer.uuid, Customer.version, Customer.code, Customer.name
            )
            .where(Customer.id.in_(chunk))
            .tuples()
        ):
            identity[cid] = (uid, version, code, name)
    customers = layout.Sheet(
        layout.CUSTOMERS,
        layout.sheet_name(layout.CUSTOMERS, lang),
        layout.customer_columns(fields, _custom_choices(fields, lang), lang),
    )
    names = [f.name for f in fields]
    for cid, cells in export.export_cells(ids, fields, lang):
        uid, version, _code, _name = identity[cid]
        customers.rows.append((*cells, uid, version))
        records.append(
            (
                "customer",
                uid,
                version,
                {n: to_json(c) for n, c in zip(names, cells, strict=True) if c not in (None, "")},
            )
        )
    contacts = layout.Sheet(
        layout.CONTACTS, layout.sheet_name(layout.CONTACTS, lang), layout.contact_columns(lang)
    )
    followups = layout.Sheet(
        layout.FOLLOWUPS, layout.sheet_name(layout.FOLLOWUPS, lang), layout.followup_columns(lang)
    )
    kinds = layout.kind_labels(lang)
    contact_names = [f.name for f in CONTACT_FIELDS]
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        people = list(
            Contact.select(Contact.id, Contact.customer, Contact.uuid, Contact.version)
            .where(Contact.customer.in_(chunk), Contact.deleted_at.is_null())
            .order_by(Contact.customer, Contact.is_primary.desc(), Contact.id)
            .tuples()
        )
        cells_of = contact_cells([p[0] for p in people], lang)
        for pid, cid, uid, version in people:
            cust_uuid, _v, code, name = identity[cid]
            cells = cells_of[pid]
            contacts.rows.append((code, name, *cells, uid, version, cust_uuid))
            records.append(
                (
                    "contact",
                    uid,
                    version,
                    {
                        n: to_json(c)
                        for n, c in zip(contact_names, cells, strict=True)
                        if c not in (None, "")
                    },
                )
            )
        for cid, uid, version, kind, subject, due in (
            FollowUp.select(
                FollowUp.customer,
                FollowUp.uuid,
                FollowUp.version,
                FollowUp.kind,
                FollowUp.subject,
                FollowUp.due_at,
            )
            .where(FollowUp.customer.in_(chunk), FollowUp.status == "planned")
            .order_by(FollowUp.due_at, FollowUp.id)
            .tuples()
        ):
            _u, _v, code, name = identity[cid]
            followups.rows.append(
                (code, name, kinds.get(kind, kind), subject, due, None, None, uid, version)
            )
            records.append(("followup", uid, version, {"kind": kind, "due_at": to_json(due)}))
    return Gathered(
        new_uuid(),
        database_identity(),
        owner_id,
        lang,
        [customers, contacts, followups],
        records,
    )


def record(actor: Actor, gathered: Gathered) -> int:
    """Keep the export and every record's version and cells (inside the caller's
    transaction, once the workbook is written). Returns the export's id."""
    row = SyncExport.create(
        uuid=gathered.export_uuid,
        created_at=utcnow(),
        created_by=actor.id,
        owner=gathered.owner_id,
        lang=gathered.lang,
        rows=len(gathered.sheets[0].rows),
    )
    bulk_insert(
        "sync_export_row",
        ("export_id", "entity", "record_uuid", "version", "cells"),
        (
            (row.id, entity, uid, version, json.dumps(cells, ensure_ascii=False))
            for entity, uid, version, cells in gathered.records
        ),
    )
    return row.id


def base_records(export_id: int, entity: str) -> dict[str, tuple[int, dict]]:
    """uuid -> (version, cells) of one kind of record as it left."""
    cursor = database.execute_sql(
        "SELECT record_uuid, version, cells FROM sync_export_row WHERE export_id = "
        f"{database.param} AND entity = {database.param}",
        (export_id, entity),
    )
    return {uid: (version, json.loads(cells)) for uid, version, cells in cursor}


__all__ = [
    "ExportInfo",
    "Gathered",
    "base_records",
    "contact_cells",
    "database_identity",
    "export_info",
    "gather",
    "record",
]
