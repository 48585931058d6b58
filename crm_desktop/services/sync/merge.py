"""Three values per field — at export, in the workbook, in the CRM now — and what follows.

Changed only in the workbook: a change to apply. Changed only in the CRM: kept.
Changed in both to different values: a conflict, with who changed the CRM and when
(from the ChangeLog). Credit fields changed in the workbook become a credit request,
never a change; the code and the owner are read-only. Rows with no record id are new
(through the importer's duplicate check); records of the export missing from the
workbook are listed, never deleted. Nothing here writes: `apply` does.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

import peewee as pw

from crm_desktop.messages import Message, Text, msg
from crm_desktop.models import ChangeLog, Contact, Customer, FollowUp, User
from crm_desktop.services import export
from crm_desktop.services.auth import Actor
from crm_desktop.services.custom_fields import definitions as custom_defs
from crm_desktop.services.fields import CONTACT_FIELD_MAP, CONTACT_FIELDS, CREDIT_FIELDS
from crm_desktop.services.importing.duplicates import DuplicateIndex
from crm_desktop.services.sync import layout
from crm_desktop.services.sync.cells import as_moment, is_true, same, to_json
from crm_desktop.services.sync.snapshot import (
    ExportInfo,
    base_records,
    contact_cells,
    database_identity,
    export_info,
)
from crm_desktop.services.sync.workbook import SyncWorkbook, WorkbookRow

CHUNK = 900
CUSTOMER, CONTACT, FOLLOWUP = "customer", "contact", "followup"


@dataclass(frozen=True)
class FieldConflict:
    """A field changed in the workbook and in the CRM, to different values."""

    entity: str  # customer or contact
    uuid: str
    record_id: int
    code: str  # the customer's code
    name: str  # the customer's (or contact's) name
    row: int
    field: str
    label: Text
    base: object
    workbook: object
    crm: object
    version: int = -1  # the CRM's when planned (-1: not checked)
    changed_by: str = ""
    changed_at: datetime | None = None

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.entity, self.uuid, self.field)


@dataclass
class RecordChange:
    """The fields of one card (or contact) to write from the workbook."""

    entity: str
    uuid: str
    record_id: int
    version: int  # the CRM's when planned: a card changed meanwhile is refused
    code: str
    name: str
    row: int
    values: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class CreditChange:
    """Credit fields changed in the workbook: a request for the general manager."""

    customer_id: int
    code: str
    name: str
    row: int
    values: dict[str, object]  # credit field -> the workbook's cell
    current: dict[str, object]  # credit field -> the CRM's cell


@dataclass(frozen=True)
class NewRecord:
    """A row without a record id: a new customer, contact or follow-up."""

    entity: str
    row: int
    values: dict[str, object]
    customer_id: int | None = None
    done: bool = False  # a new follow-up already marked 完成


@dataclass(frozen=True)
class Completion:
    followup_id: int
    version: int
    code: str
    name: str
    row: int
    outcome: str


@dataclass(frozen=True)
class RowNote:
    """A row left alone, and why (refused, a duplicate, deleted meanwhile)."""

    sheet: str
    row: int
    message: Message


@dataclass(frozen=True)
class MissingRecord:
    code: str
    name: str


@dataclass
class TakeBackPlan:
    """Everything a workbook that came back would do; `apply` writes it."""

    path: Path
    export: ExportInfo | None
    foreign: bool = False
    identity_missing: bool = False
    changes: list[RecordChange] = field(default_factory=list)
    conflicts: list[FieldConflict] = field(default_factory=list)
    kept: int = 0  # fields changed only in the CRM
    new_customers: list[NewRecord] = field(default_factory=list)
    new_contacts: list[NewRecord] = field(default_factory=list)
    new_followups: list[NewRecord] = field(default_factory=list)
    completions: list[Completion] = field(default_factory=list)
    credit: list[CreditChange] = field(default_factory=list)
    missing: list[MissingRecord] = field(default_factory=list)
    notes: list[RowNote] = field(default_factory=list)
    warnings: list[Message] = field(default_factory=list)

    @property
    def changed_fields(self) -> int:
        return sum(len(c.values) for c in self.changes)

    def summary(self) -> Message:
        return msg(
            "sync.plan_summary",
            changed=self.changed_fields,
            records=len(self.changes),
            kept=self.kept,
            conflicts=len(self.conflicts),
            new=len(self.new_customers),
            missing=len(self.missing),
            credit=len(self.credit),
            notes=len(self.notes),
        )


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _version(value: object) -> int | None:
    try:
        return int(float(str(value).strip())) if _text(value) else None
    except ValueError:
        return None


def _by_uuid(model, uuids: Sequence[str], *columns) -> dict[str, tuple]:
    out: dict[str, tuple] = {}
    for start in range(0, len(uuids), CHUNK):
        chunk = list(uuids[start : start + CHUNK])
        for row in model.select(model.uuid, *columns).where(model.uuid.in_(chunk)).tuples():
            out[row[0]] = row[1:]
    return out


def plan_take_back(actor: Actor, workbook: SyncWorkbook) -> TakeBackPlan:
    """What taking this workbook back would do, field by field; writes nothing."""
    actor.require("import", "auth.action_import")
    export.require_bulk_export(actor)
    info = None
    if workbook.database_id == database_identity() and workbook.export_uuid:
        info = export_info(workbook.export_uuid)
    plan = TakeBackPlan(workbook.path, info)
    if info is None:
        plan.foreign = True
        plan.warnings.append(msg("sync.foreign_workbook", file=workbook.path.name))
        return plan
    _plan_customers(plan, workbook)
    _plan_contacts(plan, workbook)
    _plan_followups(plan, workbook)
    _who_changed(plan, info)
    return plan


def _known_once(
    plan: TakeBackPlan, sheet: str, row: WorkbookRow, uid: str, base: dict, seen: dict[str, int]
) -> bool | None:
    """Whether a row's record ID may be merged: True the first time a known ID is seen;
    False (with a note) when the export does not know it; None (with a note) when an
    earlier row already carried it, so the copy is refused."""
    if uid not in base:
        plan.notes.append(RowNote(sheet, row.number, msg("sync.unknown_record", row=row.number)))
        return False
    if uid in seen:
        plan.notes.append(
            RowNote(sheet, row.number, msg("sync.uuid_copied", row=row.number, first=seen[uid]))
        )
        return None
    seen[uid] = row.number
    return True


def _customer_fields(keys: Iterable[str]) -> list:
    custom = {f.name for f in custom_defs.list_fields("customer")}
    from crm_desktop.services.fields import CUSTOMER_FIELD_MAP

    names = [k for k in keys if k in CUSTOMER_FIELD_MAP or k in custom]
    return export.export_fields(names) if names else []


def _plan_customers(plan: TakeBackPlan, workbook: SyncWorkbook) -> None:
    info = plan.export
    assert info is not None
    sheet = workbook.sheet(layout.CUSTOMERS)
    if sheet is None:
        plan.warnings.append(
            msg("sync.sheet_missing", sheet=layout.sheet_name(layout.CUSTOMERS, info.lang))
        )
        return
    name = layout.CUSTOMERS
    base = base_records(info.id, CUSTOMER)
    specs = _customer_fields(sheet.keys)
    labels = {s.name: Text(s.zh, s.en) for s in specs}
    current = _by_uuid(
        Customer,
        list(base),
        Customer.id,
        Customer.version,
        Customer.deleted_at,
        Customer.code,
        Customer.name,
    )
    plan.identity_missing = layout.UUID not in sheet.keys
    by_code: dict[str, str] = {}
    by_id: dict[int, str] = {}
    index: DuplicateIndex | None = None
    if plan.identity_missing:
        plan.warnings.append(msg("sync.identity_missing", file=workbook.path.name))
        by_code = {str(cells.get("code", "")).upper(): uid for uid, (_v, cells) in base.items()}
        by_id = {c[0]: uid for uid, c in current.items()}
    seen: dict[str, int] = {}
    matched: list[tuple[WorkbookRow, str, tuple]] = []
    new_rows: list[WorkbookRow] = []
    for row in sheet.rows:
        uid = _text(row.get(layout.UUID))
        if plan.identity_missing:
            uid = by_code.get(_text(row.get("code")).upper(), "")
            if not uid:
                index = index or DuplicateIndex.from_database()
                hit = index.find(DuplicateIndex.keys_of(_plain(row.values)))
                if hit is not None and hit.where == "db":
                    uid = by_id.get(hit.target, "")
        if not uid:
            new_rows.append(row)
            continue
        known = _known_once(plan, name, row, uid, base, seen)
        if known is False:
            new_rows.append(row)
        if not known:
            continue
        now = current.get(uid)
        if now is None or now[2] is not None:
            cells = base[uid][1]
            plan.notes.append(
                RowNote(
                    name,
                    row.number,
                    msg(
                        "sync.deleted_meanwhile",
                        row=row.number,
                        code=cells.get("code", ""),
                        name=cells.get("name", ""),
                    ),
                )
            )
            continue
        claimed = _version(row.get(layout.VERSION))
        if claimed is not None and claimed > now[1]:
            plan.notes.append(
                RowNote(
                    name,
                    row.number,
                    msg(
                        "sync.version_ahead",
                        row=row.number,
                        code=now[3],
                        version=claimed,
                        crm=now[1],
                    ),
                )
            )
            continue
        matched.append((row, uid, now))
    ids = [now[0] for _r, _u, now in matched]
    now_cells = dict(export.export_cells(ids, specs, info.lang)) if specs else {}
    names = [s.name for s in specs]
    _dates_as_dates(sheet.rows, [s.name for s in specs if s.kind == "date"])
    read_only_touched = 0
    for row, uid, now in matched:
        cid, version, _deleted, code, cname = now
        base_cells = base[uid][1]
        crm_cells = now_cells.get(cid, ())
        values = row.values
        change = RecordChange(CUSTOMER, uid, cid, version, code, cname, row.number)
        credit: dict[str, object] = {}
        credit_now: dict[str, object] = {}
        for i, fname in enumerate(names):
            b = base_cells.get(fname)
            w = values.get(fname)
            c = crm_cells[i] if crm_cells else b
            if w == b or (b is None and w == ""):  # the usual cell: as it left
                if c != b and not (b is None and c in (None, "")) and not same(to_json(c), b):
                    plan.kept += 1
                continue
            c = to_json(c)
            if same(w, b):
                if not same(c, b):
                    plan.kept += 1
                continue
            if same(c, w):
                continue
            if fname in CREDIT_FIELDS:
                credit[fname] = values.get(fname)
                continue
            if fname in layout.READ_ONLY_FIELDS:
                read_only_touched += 1
                continue
            if not same(c, b):
                plan.conflicts.append(
                    FieldConflict(
                        CUSTOMER,
                        uid,
                        cid,
                        code,
                        cname,
                        row.number,
                        fname,
                        labels[fname],
                        base_cells.get(fname),
                        values.get(fname),
                        crm_cells[i],
                        version,
                    )
                )
                continue
            change.values[fname] = values.get(fname)
        if change.values:
            plan.changes.append(change)
        if credit:
            for i, fname in enumerate(names):
                if fname in CREDIT_FIELDS and crm_cells:
                    credit_now[fname] = crm_cells[i]
            plan.credit.append(CreditChange(cid, code, cname, row.number, credit, credit_now))
    if read_only_touched:
        plan.warnings.append(msg("sync.read_only_changed", count=read_only_touched))
    for uid, (_v, cells) in base.items():
        if uid not in seen:
            plan.missing.append(
                MissingRecord(str(cells.get("code", "")), str(cells.get("name", "")))
            )
    _plan_new_customers(plan, name, new_rows, names)


def _dates_as_dates(rows: list[WorkbookRow], names: list[str]) -> None:
    """Date columns whose cells came back as bare serial numbers: as dates again."""
    for row in rows:
        for name in names:
            value = row.values.get(name)
            if isinstance(value, (int, float)):
                row.values[name] = as_moment(value)


def _plain(values: dict[str, object]) -> dict[str, object]:
    return {k: _text(v) for k, v in values.items() if k in ("code", "tax_id", "name", "phone")}


def _plan_new_customers(
    plan: TakeBackPlan, sheet: str, rows: list[WorkbookRow], names: list[str]
) -> None:
    """New rows through the importer's duplicate check (code, credit code, name, phone)."""
    if not rows:
        return
    index = DuplicateIndex.from_database()
    for row in rows:
        values = {
            n: row.values.get(n)
            for n in names
            if n not in layout.READ_ONLY_FIELDS and _text(row.values.get(n))
        }
        if not _text(values.get("name")):
            plan.notes.append(
                RowNote(sheet, row.number, msg("sync.new_without_name", row=row.number))
            )
            continue
        keys = DuplicateIndex.keys_of({**_plain(row.values), "code": ""})
        hit = index.find(keys)
        if hit is not None:
            plan.notes.append(
                RowNote(
                    sheet,
                    row.number,
                    msg("sync.new_is_duplicate", row=row.number, reason=hit.reason),
                )
            )
            continue
        index.add(keys, row.number, row.number)
        plan.new_customers.append(NewRecord(CUSTOMER, row.number, values))


def _customer_of(row: WorkbookRow, by_uuid: dict[str, int], by_code: dict[str, int]) -> int | None:
    uid = _text(row.get(layout.CUSTOMER_UUID))
    if uid and uid in by_uuid:
        return by_uuid[uid]
    code = _text(row.get(layout.CUSTOMER_CODE)).upper()
    return by_code.get(code) if code else None


def _customer_ids(rows: list[WorkbookRow]) -> tuple[dict[str, int], dict[str, int]]:
    uuids = list({_text(r.get(layout.CUSTOMER_UUID)) for r in rows} - {""})
    codes = list({_text(r.get(layout.CUSTOMER_CODE)) for r in rows} - {""})
    by_uuid = {u: v[0] for u, v in _by_uuid(Customer, uuids, Customer.id).items()}
    by_code: dict[str, int] = {}
    for start in range(0, len(codes), CHUNK):
        chunk = codes[start : start + CHUNK]
        for cid, code in (
            Customer.select(Customer.id, Customer.code)
            .where(Customer.code.in_(chunk), Customer.deleted_at.is_null())
            .tuples()
        ):
            by_code[code.upper()] = cid
    return by_uuid, by_code


def _plan_contacts(plan: TakeBackPlan, workbook: SyncWorkbook) -> None:
    info = plan.export
    assert info is not None
    sheet = workbook.sheet(layout.CONTACTS)
    if sheet is None or not sheet.rows:
        return
    base = base_records(info.id, CONTACT)
    names = [f.name for f in CONTACT_FIELDS if f.name in sheet.keys]
    _dates_as_dates(sheet.rows, [f.name for f in CONTACT_FIELDS if f.kind == "date"])
    current = _by_uuid(
        Contact,
        list(base),
        Contact.id,
        Contact.version,
        Contact.deleted_at,
        Contact.name,
        Contact.customer,
    )
    codes = dict(
        Customer.select(Customer.id, Customer.code)
        .where(Customer.id.in_([c[4] for c in current.values()] or [0]))
        .tuples()
    )
    now_cells = contact_cells([c[0] for c in current.values()], info.lang)
    by_uuid, by_code = _customer_ids(sheet.rows)
    position = {f.name: i for i, f in enumerate(CONTACT_FIELDS)}
    seen: dict[str, int] = {}
    for row in sheet.rows:
        uid = _text(row.get(layout.UUID))
        if not uid:
            values = {n: row.values.get(n) for n in names if _text(row.values.get(n))}
            if not values:
                continue
            customer_id = _customer_of(row, by_uuid, by_code)
            if customer_id is None:
                plan.notes.append(
                    RowNote(sheet.key, row.number, msg("sync.no_customer", row=row.number))
                )
                continue
            plan.new_contacts.append(NewRecord(CONTACT, row.number, values, customer_id))
            continue
        if not _known_once(plan, sheet.key, row, uid, base, seen):
            continue
        now = current.get(uid)
        if now is None or now[2] is not None:
            continue  # a contact deleted meanwhile stays deleted
        pid, version, _d, pname, customer_id = now
        claimed = _version(row.get(layout.VERSION))
        if claimed is not None and claimed > version:
            plan.notes.append(
                RowNote(
                    sheet.key,
                    row.number,
                    msg(
                        "sync.version_ahead",
                        row=row.number,
                        code=pname,
                        version=claimed,
                        crm=version,
                    ),
                )
            )
            continue
        base_cells = base[uid][1]
        crm = now_cells.get(pid, ())
        code = codes.get(customer_id, "")
        change = RecordChange(CONTACT, uid, pid, version, code, pname, row.number)
        for fname in names:
            b = base_cells.get(fname)
            w = row.values.get(fname)
            c = crm[position[fname]] if crm else b
            if w == b or (b is None and w == ""):  # the usual cell: as it left
                if c != b and not (b is None and c in (None, "")) and not same(to_json(c), b):
                    plan.kept += 1
                continue
            c = to_json(c)
            if same(w, b):
                if not same(c, b):
                    plan.kept += 1
                continue
            if same(c, w):
                continue
            if not same(c, b):
                spec = CONTACT_FIELD_MAP[fname]
                plan.conflicts.append(
                    FieldConflict(
                        CONTACT,
                        uid,
                        pid,
                        code,
                        pname,
                        row.number,
                        fname,
                        Text(spec.zh, spec.en),
                        base_cells.get(fname),
                        row.values.get(fname),
                        crm[position[fname]],
                        version,
                    )
                )
                continue
            change.values[fname] = row.values.get(fname)
        if change.values:
            plan.changes.append(change)


def _kind_code(value: object, lang: str) -> str:
    text = _text(value)
    if not text:
        return "call"
    from crm_desktop.services.followups.labels import KIND_LABELS

    for code, (zh, en) in KIND_LABELS.items():
        if text.lower() in (code, zh.lower(), en.lower()):
            return code
    return text


def _plan_followups(plan: TakeBackPlan, workbook: SyncWorkbook) -> None:
    info = plan.export
    assert info is not None
    sheet = workbook.sheet(layout.FOLLOWUPS)
    if sheet is None or not sheet.rows:
        return
    base = base_records(info.id, FOLLOWUP)
    _dates_as_dates(sheet.rows, ["due_at"])
    current = _by_uuid(
        FollowUp, list(base), FollowUp.id, FollowUp.version, FollowUp.status, FollowUp.customer
    )
    by_uuid, by_code = _customer_ids(sheet.rows)
    customers = dict(
        Customer.select(Customer.id, Customer.code)
        .where(Customer.id.in_([c[3] for c in current.values()] or [0]))
        .tuples()
    )
    seen: dict[str, int] = {}
    for row in sheet.rows:
        uid = _text(row.get(layout.UUID))
        done = is_true(row.get(layout.DONE))
        outcome = _text(row.get("outcome"))
        if not uid:
            if not (_text(row.get("subject")) or _text(row.get("due_at")) or outcome):
                continue
            customer_id = _customer_of(row, by_uuid, by_code)
            if customer_id is None:
                plan.notes.append(
                    RowNote(sheet.key, row.number, msg("sync.no_customer", row=row.number))
                )
                continue
            values = {
                "kind": _kind_code(row.get("kind"), info.lang),
                "subject": _text(row.get("subject")),
                "due_at": row.get("due_at"),
                "outcome": outcome,
            }
            plan.new_followups.append(NewRecord(FOLLOWUP, row.number, values, customer_id, done))
            continue
        if not _known_once(plan, sheet.key, row, uid, base, seen):
            continue
        if not done:
            continue
        now = current.get(uid)
        if now is None:
            continue
        fid, version, status, customer_id = now
        code = customers.get(customer_id, "")
        if status != "planned":
            plan.notes.append(
                RowNote(
                    sheet.key,
                    row.number,
                    msg("sync.followup_not_planned", row=row.number, code=code),
                )
            )
            continue
        plan.completions.append(
            Completion(
                fid, version, code, _text(row.get(layout.CUSTOMER_NAME)), row.number, outcome
            )
        )


def _who_changed(plan: TakeBackPlan, info: ExportInfo) -> None:
    """Each conflict's last change in the CRM since the export: who and when."""
    if not plan.conflicts:
        return
    wanted = {(c.entity, c.record_id, c.field) for c in plan.conflicts}
    ids = {c.record_id for c in plan.conflicts}
    latest: dict[tuple, tuple] = {}
    query = (
        ChangeLog.select(
            ChangeLog.entity,
            ChangeLog.entity_id,
            ChangeLog.field,
            ChangeLog.at,
            User.display_name,
            User.username,
        )
        .join(User, on=(ChangeLog.user == User.id), join_type=pw.JOIN.LEFT_OUTER)
        .where(
            ChangeLog.entity.in_([CUSTOMER, CONTACT]),
            ChangeLog.entity_id.in_(list(ids)),
            ChangeLog.at >= info.created_at,
        )
        .order_by(ChangeLog.at, ChangeLog.id)
        .tuples()
    )
    for entity, eid, fname, at, display, username in query:
        if (entity, eid, fname) in wanted:
            latest[(entity, eid, fname)] = (display or username or "", at)
    out = []
    for c in plan.conflicts:
        who, at = latest.get((c.entity, c.record_id, c.field), ("", None))
        out.append(replace(c, changed_by=who, changed_at=at))
    plan.conflicts = out


__all__ = [
    "Completion",
    "CreditChange",
    "FieldConflict",
    "MissingRecord",
    "NewRecord",
    "RecordChange",
    "RowNote",
    "TakeBackPlan",
    "plan_take_back",
]
