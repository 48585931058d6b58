"""The profile card's custom fields, by group, in both languages, ready to print."""

from __future__ import annotations

from crm_desktop.services.custom_fields.definitions import list_fields
from crm_desktop.services.custom_fields.values import values_of

PrintItem = tuple[tuple[str, str], tuple[str, str]]  # (label zh, en), (value zh, en)


def print_facts(customer_id: int) -> dict[str, list[PrintItem]]:
    """The card's custom fields that hold a value, by group, labels and values in both
    languages (the profile card prints them in their group; reports import no services)."""
    fields = list_fields("customer", visible_only=True)
    held = values_of("customer", [customer_id], fields).get(customer_id, {})
    out: dict[str, list[PrintItem]] = {}
    for field in fields:
        value = held.get(field.name)
        if value is None or value == ():
            continue
        if field.kind == "money":
            shown = (f"¥{value:,.2f}", f"CNY {value:,.2f}")
        else:
            shown = (field.show(value, "zh"), field.show(value, "en"))
        out.setdefault(field.group, []).append(((field.zh, field.en or field.zh), shown))
    return out
