"""What a bulk export of customer cards needs from the database: permission and rows.

The export job (crm_desktop/jobs/export.py) asks this service whether the actor may
export in bulk (salespeople may not: 专人负责, use and lending of customer data is
controlled) and for the rows of cell values, labels for codes, in the order of the
list's filter (a `CustomerQuery`); reports/customers_xlsx.py writes them. No files here.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from datetime import date, datetime
from typing import Any

from crm_desktop.errors import ValidationError
from crm_desktop.i18n import current_language
from crm_desktop.messages import msg
from crm_desktop.models import User, database
from crm_desktop.services.auth import Actor
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
    actor.require("export.bulk", "export customers in bulk")


def export_fields(columns: Sequence[str] | None = None) -> list[FieldSpec]:
    """The fields to export, in the given order; every field of the card when None."""
    if not columns:
        return list(CUSTOMER_FIELDS)
    unknown = [c for c in columns if c not in CUSTOMER_FIELD_MAP]
    if unknown:
        raise ValidationError({"columns": msg("export.unknown_columns", columns=unknown)})
    return [CUSTOMER_FIELD_MAP[c] for c in dict.fromkeys(columns)]


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
    lang = lang or current_language()
    ids = customer_ids(actor, query or CustomerQuery(sort="code"))
    owners = {
        u.id: (u.display_name or u.username)
        for u in User.select(User.id, User.display_name, User.username)
    }
    convert = [_converter(f, lang, owners) for f in fields]
    select = (
        "SELECT id, " + ", ".join(_column_sql(f) for f in fields) + " FROM customer WHERE id IN "
    )
    mark = database.param

    def rows() -> Iterator[tuple]:
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            sql = select + "(" + ",".join(mark for _ in chunk) + ")"
            by_id = {r[0]: r for r in database.execute_sql(sql, chunk).fetchall()}
            for cid in chunk:
                raw = by_id.get(cid)
                if raw is not None:
                    yield tuple(c(v) for c, v in zip(convert, raw[1:], strict=True))

    return fields, len(ids), rows()


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
    if query.deleted:
        parts.append("deleted")
    return ", ".join(parts) or "none"


def export_customers(
    actor: Actor,
    out: str | os.PathLike,
    query: CustomerQuery | None = None,
    columns: Sequence[str] | None = None,
    *,
    lang: str | None = None,
    progress: Any = None,
) -> Any:
    """The export job under its old name, for ui/customers_page.py until it calls
    crm_desktop.jobs.export itself (accepts its old `progress(done, total)` callback)."""
    from crm_desktop.jobs.export import export_customers_compat  # temporary: see docstring

    return export_customers_compat(actor, out, query, columns, lang=lang, progress=progress)


__all__ = [
    "describe_query",
    "export_fields",
    "export_rows",
    "require_bulk_export",
]
