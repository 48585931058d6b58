"""Bulk export of customer cards to Excel: permission, rows, labels, and the audit trail.

The CLI's `export customers` and the list's "Export…" both call `export_customers`;
the UI passes its current filter (a `CustomerQuery`) and visible columns. Salespeople
may not export in bulk (专人负责: use and lending of customer data is controlled).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from crm_desktop.errors import UserError, ValidationError
from crm_desktop.i18n import current_language
from crm_desktop.models import AuditEvent, User, database, transaction
from crm_desktop.services.auth import Actor
from crm_desktop.services.customers import CustomerQuery, customer_ids
from crm_desktop.services.fields import (
    CHOICES,
    CUSTOMER_FIELD_MAP,
    CUSTOMER_FIELDS,
    FieldSpec,
)

CHUNK = 900  # ids per query: under SQLite's default limit of bound parameters


@dataclass(frozen=True)
class ExportResult:
    path: Path
    rows: int
    columns: int
    seconds: float


def export_fields(columns: Sequence[str] | None = None) -> list[FieldSpec]:
    """The fields to export, in the given order; every field of the card when None."""
    if not columns:
        return list(CUSTOMER_FIELDS)
    unknown = [c for c in columns if c not in CUSTOMER_FIELD_MAP]
    if unknown:
        raise ValidationError({"columns": "Not a customer field: " + ", ".join(unknown) + "."})
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
    actor.require("export.bulk", "export customers in bulk")
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


def _check_output(path: Path) -> Path:
    if path.suffix.lower() != ".xlsx":
        raise UserError(
            f"{path.name}: the export is an Excel workbook; give a name ending in .xlsx."
        )
    if path.is_dir():
        raise UserError(f"{path} is a folder; give a file name ending in .xlsx.")
    if not path.parent.is_dir():
        raise UserError(f"The folder {path.parent} does not exist.")
    return path


def export_customers(
    actor: Actor,
    out: str | os.PathLike,
    query: CustomerQuery | None = None,
    columns: Sequence[str] | None = None,
    *,
    lang: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ExportResult:
    """Write the customers (all, or those of `query`) to an .xlsx, then record who exported what.

    The workbook is written to a temporary name beside `out` and renamed into place, so
    a failed export never leaves a half file (nor replaces a good one). `progress(done,
    total)` is called every 1,000 rows; raising from it cancels the export cleanly.
    """
    from crm_desktop.reports.customers_xlsx import ExtraSheet, write_customers_xlsx
    from crm_desktop.services.contact_rows import contact_headers, contact_rows

    started = time.perf_counter()
    path = _check_output(Path(out).expanduser().absolute())
    lang = lang or current_language()
    fields, total, rows = export_rows(actor, query, columns, lang)
    headers = [f.label(lang) for f in fields]
    tmp = path.with_name(f".{path.stem}.{os.getpid()}.tmp.xlsx")
    try:
        count = write_customers_xlsx(
            tmp,
            headers,
            [f.kind for f in fields],
            rows,
            sheet_name="客户" if lang.startswith("zh") else "Customers",
            progress=None if progress is None else (lambda n: progress(n, total)),
            extra=ExtraSheet(
                "联系人" if lang.startswith("zh") else "Contacts",
                *contact_headers(lang),
                contact_rows(customer_ids(actor, query or CustomerQuery(sort="code")), lang),
            ),
        )
        os.replace(tmp, path)
    except OSError as exc:
        raise UserError(f"Cannot write {path}: {exc.strerror or exc}.") from exc
    finally:
        if tmp.exists():
            tmp.unlink()
    with transaction():
        AuditEvent.create(
            user=actor.id,
            action="export.customers",
            entity="customer",
            count=count,
            detail=f"{path.name}; {len(fields)} columns"
            + (f"; filter {_describe(query)}" if query else ""),
        )
    return ExportResult(path, count, len(fields), time.perf_counter() - started)


def _describe(query: CustomerQuery) -> str:
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


__all__ = ["ExportResult", "export_customers", "export_fields", "export_rows"]
