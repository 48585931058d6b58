"""What a bulk export of customer cards needs from the database: permission and rows.

The export job (crm_desktop/jobs/export.py) asks this service whether the actor may
export in bulk (salespeople may not: 专人负责, use and lending of customer data is
controlled) and for the rows of cell values, labels for codes, in the order of the
list's filter (a `CustomerQuery`); reports/customers_xlsx.py writes them. No files here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import date, datetime

from crm_desktop.errors import ValidationError
from crm_desktop.i18n import current_language
from crm_desktop.messages import msg
from crm_desktop.models import User, database
from crm_desktop.services.auth import Actor
from crm_desktop.services.custom_fields import definitions as custom_defs
from crm_desktop.services.custom_fields import kinds as custom_kinds
from crm_desktop.services.custom_fields import values as custom_values
from crm_desktop.services.customers import CustomerQuery, customer_ids
from crm_desktop.services.fields import (
    CHOICES,
    CUSTOMER_FIELD_MAP,
    CUSTOMER_FIELDS,
    FieldSpec,
)

CHUNK = 900  # ids per query: under SQLite's default limit of bound parameters


def require_bulk_export(actor: Actor) -> None:
    """Refuse a salesperson: exporting many cards at once is for managers."""
    actor.require("export.bulk", "auth.action_export")


def export_fields(columns: Sequence[str] | None = None) -> list[FieldSpec]:
    """The fields to export, in the given order; every field of the card when None (the
    custom fields after the built-in ones, hidden ones left out)."""
    custom = {f.name: custom_kinds.field_spec(f) for f in custom_defs.list_fields("customer")}
    if not columns:
        shown = [f.name for f in custom_defs.list_fields("customer") if not f.hidden]
        return list(CUSTOMER_FIELDS) + [custom[name] for name in shown]
    unknown = [c for c in columns if c not in CUSTOMER_FIELD_MAP and c not in custom]
    if unknown:
        raise ValidationError({"columns": msg("export.unknown_columns", columns=unknown)})
    return [CUSTOMER_FIELD_MAP.get(c) or custom[c] for c in dict.fromkeys(columns)]


def _custom_converter(field: custom_kinds.FieldDef, lang: str) -> Callable[[object], object]:
    """A custom field's cell: numbers and amounts as numbers, dates as dates, choices and
    yes/no as their labels (as the card shows them)."""
    if field.kind in ("number", "money"):
        return lambda v: None if v is None else float(v)
    if field.kind in ("date", "text", "long"):
        return lambda v: v
    if field.kind == "choice":  # labels looked up once, not rendered per cell
        labels = {c.code: field.show(c.code, lang) for c in field.choices}
        return lambda v: None if v is None else labels.get(v) or field.show(v, lang)
    if field.kind == "bool":
        yes, no = field.show(True, lang), field.show(False, lang)
        return lambda v: None if v is None else (yes if v else no)
    return lambda v: field.show(v, lang) or None


def _converter(spec: FieldSpec, lang: str, owners: dict[int, str]) -> Callable[[object], object]:
    """Raw database value -> cell value: labels for codes, yuan for fen, dates as dates."""
    kind = spec.kind
    if kind == "money":
        return lambda v: None if v is None else int(v) / 100
    if kind == "decimal":
        return lambda v: None if v is None else float(v)
    if kind == "int":
        return lambda v: None if v is None else int(v)
    if kind == "date":

        def as_date(v: object) -> object:
            if v is None or v == "":
                return None
            if isinstance(v, datetime):
                return v.date()
            if isinstance(v, date):
                return v
            return date.fromisoformat(str(v)[:10])

        return as_date
    if kind == "choice":
        zh = lang.startswith("zh")
        labels = {
            code: (pair[0] if zh else pair[1]) for code, pair in CHOICES[spec.choices].items()
        }
        return lambda v: None if v is None or v == "" else labels.get(v, v)
    if kind == "user":
        return lambda v: None if v is None else owners.get(v, str(v))
    if kind == "bool":
        return lambda v: None if v is None else bool(v)
    return lambda v: v


def _column_sql(spec: FieldSpec) -> str:
    return '"owner_id"' if spec.kind == "user" else f'"{spec.name}"'


def export_rows(
    actor: Actor,
    query: CustomerQuery | None = None,
    columns: Sequence[str] | None = None,
    lang: str | None = None,
) -> tuple[list[FieldSpec], int, Iterator[tuple]]:
    """(fields, row count, rows of cell values) of the customers the actor may export.

    Rows come in the query's order (by code when no query is given), fetched in chunks.
    """
    require_bulk_export(actor)
    fields = export_fields(columns)
    ids = customer_ids(actor, query or CustomerQuery(sort="code"))
    cells = export_cells(ids, fields, lang or current_language())
    return fields, len(ids), (row for _cid, row in cells)


def export_cells(
    ids: Sequence[int], fields: Sequence[FieldSpec], lang: str
) -> Iterator[tuple[int, tuple]]:
    """(id, cell values) of the given customers in the given order, as the export writes
    them; the caller checked the actor may read them. Unknown ids are left out."""
    owners = {
        u.id: (u.display_name or u.username)
        for u in User.select(User.id, User.display_name, User.username)
    }
    defs = {f.name: f for f in custom_defs.list_fields("customer")}
    builtin = [f for f in fields if f.name not in defs]
    custom = [defs[f.name] for f in fields if f.name in defs]
    convert = [_converter(f, lang, owners) for f in builtin]
    custom_cells = [(_custom_converter(f, lang), f.name) for f in custom]
    # cells in the fields' order: built-in columns from the row, custom ones after them
    order = [
        len(builtin) + custom.index(defs[f.name]) if f.name in defs else builtin.index(f)
        for f in fields
    ]
    select = (
        "SELECT id"
        + "".join(", " + _column_sql(f) for f in builtin)
        + " FROM customer WHERE id IN "
    )
    mark = database.param
    for start in range(0, len(ids), CHUNK):
        chunk = list(ids[start : start + CHUNK])
        sql = select + "(" + ",".join(mark for _ in chunk) + ")"
        by_id = {r[0]: r for r in database.execute_sql(sql, chunk).fetchall()}
        held = custom_values.values_of("customer", chunk, custom) if custom else {}
        for cid in chunk:
            raw = by_id.get(cid)
            if raw is None:
                continue
            cells = [c(v) for c, v in zip(convert, raw[1:], strict=True)]
            if custom:
                mine = held.get(cid, {})
                cells += [c(mine.get(name)) for c, name in custom_cells]
                cells = [cells[i] for i in order]
            yield cid, tuple(cells)


def describe_query(query: CustomerQuery) -> str:
    """The filter of an export in a few words, for the audit trail."""
    parts = [
        f"{name}={value}"
        for name, value in (
            ("text", query.text),
            ("stage", query.stage),
            ("class", query.abc_class),
            ("rating", query.credit_rating),
            ("owner", query.owner_id),
        )
        if value
    ]
    parts += [f"{name}={code}" for name, code in query.custom.items()]  # custom fields
    if query.deleted:
        parts.append("deleted")
    return ", ".join(parts) or "none"


__all__ = [
    "describe_query",
    "export_cells",
    "export_fields",
    "export_rows",
    "require_bulk_export",
]
