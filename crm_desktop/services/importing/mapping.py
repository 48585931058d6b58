"""The columns' fields as the user sets them, what stays unmapped, and value mappings."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

from crm_desktop.errors import UserError
from crm_desktop.messages import Message, Text, msg, render
from crm_desktop.services.auth import Actor
from crm_desktop.services.fields import (
    CHOICES,
    CREDIT_FIELDS,
    CUSTOMER_FIELD_MAP,
)
from crm_desktop.services.importing.choices import map_choice, remembered_value_maps
from crm_desktop.services.importing.headers import (
    IGNORE,
    MANY_COLUMNS,
    ColumnMap,
    target_label,
)
from crm_desktop.services.importing.read import ImportFileError
from crm_desktop.services.importing.source import ImportSource
from crm_desktop.services.validation import parse_choice
from crm_desktop.textutil import fold


def set_mapping(source: ImportSource, fields: Mapping[int, str | None]) -> ImportSource:
    """The user's choice of field per column index (None: do not import the column)."""
    from crm_desktop.services.importing.headers import with_field

    columns = []
    for c in source.columns:
        columns.append(with_field(c, fields[c.index]) if c.index in fields else c)
    taken: dict[str, int] = {}
    for c in columns:
        if c.field and c.field not in MANY_COLUMNS:
            if c.field in taken:
                raise UserError(
                    "importing.two_columns",
                    first=columns[taken[c.field]].label,
                    second=c.label,
                    field=_target_text(c.field),
                )
            taken[c.field] = c.index
    source.columns = columns
    return source


def _target_text(name: str) -> Text:
    return Text(target_label(name, "zh_CN"), target_label(name, "en"))


def unmapped_message(
    source: ImportSource, limit: int = 10, *, keep: bool = True, fed: Collection[str] = ()
) -> str:
    """The columns without a field, kept in the remarks (or not imported), in one line;
    those with a header in `fed` fill custom fields and are not among them."""
    cols = [c for c in source.unmapped if not (keep and c.header in fed)]
    if not cols:
        return ""
    names: list[object] = [c.header[:40] for c in cols[:limit]]
    if len(cols) > limit:
        names[-1] = msg("importing.and_more", name=names[-1], count=len(cols) - limit)
    code = "importing.unmapped_kept" if keep else "importing.unmapped_skipped"
    return render(code, {"count": len(cols), "columns": names})


# --- cleaning a row -------------------------------------------------------------------


def guard_columns(actor: Actor, source: ImportSource) -> tuple[list[ColumnMap], list[str]]:
    """Columns this user may import; credit columns are dropped for users who may not set credit."""
    columns = list(source.columns)
    warnings = []
    credit_cols = [c for c in columns if c.field in CREDIT_FIELDS]
    if credit_cols and not actor.can("credit.edit_direct"):
        for c in credit_cols:
            warnings.append(
                render(
                    "importing.credit_column_left_out",
                    {"column": c.label, "field": _target_text(c.field or "")},
                )
            )
        columns = [
            c if c.field not in CREDIT_FIELDS else ColumnMap(c.index, c.header, IGNORE)
            for c in columns
        ]
    return columns, warnings


def names_customers(columns: Sequence[ColumnMap]) -> bool:
    """Whether a column names the customers: their name, or the company each row's
    person is of (a people export: Pipedrive's "Person - Organization", Odoo's parent_id)."""
    return any(c.field in ("name", "company_of") for c in columns)


def require_name(source: ImportSource, columns: Sequence[ColumnMap]) -> None:
    if not names_customers(columns):
        found = [h[:30] for h in source.headers[:12] if h]
        raise ImportFileError(
            "importing.no_name_column", file=source.path.name, headers=found or ["—"]
        )


def merged_value_maps(
    extra: Mapping[str, Mapping[str, str]] | None,
) -> dict[str, dict[str, str]]:
    """The user's remembered value mappings with this import's own on top (folded values)."""
    maps = remembered_value_maps()
    for name, values in (extra or {}).items():
        maps.setdefault(name, {}).update({fold(k): v for k, v in values.items()})
    return maps


def value_maps_for(
    source: ImportSource, rows: Sequence[tuple[int, str, str, str]], path: str = ""
) -> dict[str, dict[str, str]]:
    """The user's (line, column as written, value, choice label or code) rows as
    field -> {value: choice code}; a row naming no column of the file, a column without
    choices or no choice of its field is refused with its line."""
    by_header = {fold(c.header): c for c in source.columns if c.header}
    out: dict[str, dict[str, str]] = {}
    for line, column, value, choice in rows:
        found = by_header.get(fold(column))
        problem: Message | None = None
        spec = CUSTOMER_FIELD_MAP.get(found.field or "") if found else None
        if found is None:
            problem = msg("importing.map_values_no_column", column=column)
        elif spec is None or not spec.choices:
            problem = msg("importing.map_values_not_choice_column", column=column)
        else:
            code = map_choice(spec.choices, choice)
            try:
                code = code or parse_choice(choice, spec.choices)
            except ValueError:
                labels = [Text(zh, en) for zh, en in CHOICES[spec.choices].values()]
                problem = msg("importing.not_a_choice", choices=labels)
                problem = msg("importing.cell_problem", column=choice, reason=problem)
            if code:
                out.setdefault(spec.name, {})[value] = code
        if problem is not None:
            raise UserError("importing.map_values_bad_row", path=path, row=line, reason=problem)
    return out


# --- the import -------------------------------------------------------------------------
