"""The customer list's use of custom fields: filter by an option, sort by a field, and
every customer's option of a one-choice field (the report's grouping)."""

from __future__ import annotations

import peewee as pw

from crm_desktop.models import Customer, CustomValue, database
from crm_desktop.services.custom_fields.definitions import get_field
from crm_desktop.services.custom_fields.kinds import FieldDef


def holders(name: str, code: str) -> pw.SelectQuery:
    """The ids of customers whose choice or tags field `name` holds the option `code`
    (a subquery for the list's filter, read from the (field, key, entity_id) index)."""
    field = get_field(name)
    return CustomValue.select(CustomValue.entity_id).where(
        CustomValue.field == field.id, CustomValue.key == code
    )


def sorted_by(select: pw.ModelSelect, name: str) -> tuple[pw.ModelSelect, pw.Node]:
    """The list's query joined to one custom field's values, and the column to sort by.
    A tags field sorts by its first tag."""
    field = get_field(name)
    value = CustomValue.alias("sort_value")
    if field.kind == "tags":
        first = CustomValue.select(pw.fn.MIN(CustomValue.key)).where(
            CustomValue.field == field.id, CustomValue.entity_id == Customer.id
        )
        return select, pw.NodeList([first])  # an expression that can say IS NULL
    joined = select.join_from(
        Customer,
        value,
        pw.JOIN.LEFT_OUTER,
        on=((value.field == field.id) & (value.entity_id == Customer.id)),
    )
    column = {"number": value.number, "money": value.number, "date": value.day}
    return joined, column.get(field.kind, value.key)


def chosen_options(field: FieldDef) -> dict[int, str]:
    """Each entity's option code of the one-choice `field`, read at once from the
    (field, key, entity_id) index: a whole team's grouping without a read per customer."""
    select = CustomValue.select(CustomValue.entity_id, CustomValue.key).where(
        CustomValue.field == field.id
    )
    return dict(database.execute(select).fetchall())
