"""Unmapped import columns as custom fields: a column headed like a custom field feeds it
(an export read back), and with ``--keep-unmapped`` a manager's other unmapped columns
become new text fields.

The importer keeps every other column without a field as a "header: value" line in the
card's remarks (the fallback when the user may not define fields). The fields are found
(or defined) before the rows are read, in the import's transaction; the cleaner then
cleans each column by its field's kind and the new cards' values are written with the
cards; a value the field cannot take stays in the remarks as the column's line, so
nothing is lost.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from crm_desktop.errors import InvalidValue, UserError
from crm_desktop.models import Customer
from crm_desktop.services.auth import Actor
from crm_desktop.services.custom_fields import cleaning as custom_cleaning
from crm_desktop.services.custom_fields import definitions as custom_defs
from crm_desktop.services.custom_fields import kinds as custom_kinds
from crm_desktop.services.custom_fields import values as custom_values
from crm_desktop.services.custom_fields.kinds import FieldDef
from crm_desktop.services.importing.source import ImportSource
from crm_desktop.textutil import fold


def fields_by_header(actor: Actor, headers: Sequence[str], *, define: bool) -> dict[str, FieldDef]:
    """The custom field each unmapped header feeds: an existing field whose label (zh or en)
    it is, else (`define`, and the actor may define fields) a new text field labelled so.
    A header a field may not be labelled with (a built-in field's synonym) is left out."""
    existing = custom_defs.list_fields("customer")
    labels = {fold(label): f for f in existing for label in (f.zh, f.en) if label}
    may_define = define and actor.can("customer.edit_all")
    out: dict[str, FieldDef] = {}
    for header in headers:
        if not header or header in out:
            continue
        found = labels.get(fold(header))
        if found is None and may_define:
            try:
                found = custom_defs.define_field(actor, header)
            except UserError:
                continue  # refused label: the column stays in the remarks
            labels[fold(header)] = found
        if found is not None and not found.retired:
            out[header] = found
    return out


def custom_columns(
    actor: Actor, source: ImportSource, *, keep: bool, define: bool
) -> dict[int, FieldDef]:
    """The kept columns of `source` (by index) that feed custom fields: those headed like a
    field, and (`define`, a manager) new text fields for the others. Nothing when
    unmapped columns are not kept."""
    if not keep:
        return {}
    kept = [c for c in source.columns if c.field is None and c.header]
    if not kept:
        return {}
    fields = fields_by_header(actor, [c.header for c in kept], define=define)
    return {c.index: fields[c.header] for c in kept if c.header in fields}


def undo_values(
    actor: Actor, first_old: Mapping[tuple[int, str], str | None], last_new: Mapping
) -> tuple[int, list[str]]:
    """Undo an import's custom values: each (card, custom.<key>) back to its value before the
    import, unless it changed again since (then named in the second list, kept)."""
    fields = {f.name: f for f in custom_defs.list_fields("customer", include_deleted=True)}
    restored, kept = 0, []
    by_card: dict[int, dict[str, Any]] = {}
    for (cid, name), old in first_old.items():
        field = fields.get(name)
        if field is None:
            continue
        now = custom_values.values_of("customer", [cid], [field]).get(cid, {}).get(name)
        if (custom_kinds.history_text(field, now) or "") != (last_new[(cid, name)] or ""):
            code = Customer.get_by_id(cid).code
            kept.append(f"{code} {field.zh}")
            continue
        try:
            by_card.setdefault(cid, {})[name] = custom_cleaning.clean_field_value(
                field, old, allow_retired=True
            )
        except InvalidValue:
            kept.append(f"{Customer.get_by_id(cid).code} {field.zh}")
    for cid, values in by_card.items():
        current = custom_values.values_of("customer", [cid], list(fields.values())).get(cid, {})
        restored += len(
            custom_values.write_values(
                actor, "customer", cid, values, current, list(fields.values())
            )
        )
    return restored, kept
