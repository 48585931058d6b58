"""The by-customer figures grouped by a one-choice custom field (按合作层级 …).

One group an option of the field, in the field's order: the active options always, a
retired one while customers still hold it (labelled as retired), then a group of the
customers with no value (（未填）). Every customer of the by-customer table is in exactly
one group, so the groups add up to the table.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from crm_desktop.errors import UserError
from crm_desktop.messages import Renderable, Text, msg
from crm_desktop.services.analysis.abc import CustomerFigure
from crm_desktop.services.custom_fields import definitions as custom_defs
from crm_desktop.services.custom_fields import listing as custom_listing
from crm_desktop.services.custom_fields.kinds import FieldDef


@dataclass(slots=True)
class FieldGroup:
    """One option's customers and their figures (money in fen, as the table's)."""

    label: Renderable
    code: str | None  # the option's code; None for the customers without a value
    retired: bool = False
    customers: int = 0
    bought: int = 0  # customers with positive sales in the period
    sales_fen: int = 0
    previous_fen: int = 0


@dataclass(frozen=True)
class FieldBreakdown:
    """The groups of one field, and each customer's group (an index into `groups`)."""

    field_label: Text
    groups: list[FieldGroup]
    group_of: dict[int, int] = field(default_factory=dict)  # customer id -> group index


def report_fields() -> list[FieldDef]:
    """The customer fields a report can be grouped by: the one-choice ones."""
    return [f for f in custom_defs.list_fields("customer") if f.kind == "choice"]


def report_field(name: str) -> FieldDef:
    """The one-choice customer field named `name` (its key or either label); another
    kind is refused with the fields that could be used."""
    found = custom_defs.find_field(name)
    if found.kind != "choice":
        usable = [f.text for f in report_fields()]
        if not usable:
            raise UserError("custom_fields.no_choice_fields", label=found.text)
        raise UserError("custom_fields.not_a_choice_field", label=found.text, fields=usable)
    return found


def breakdown_by_field(figures: Sequence[CustomerFigure], by: FieldDef) -> FieldBreakdown:
    """The customers of `figures` grouped by their value of the choice field `by`."""
    held = custom_listing.chosen_options(by)
    groups: list[FieldGroup] = []
    index: dict[str | None, int] = {}
    for option in by.choices:
        label = (
            msg("custom_fields.retired_choice", label=option.text)
            if option.retired
            else option.text
        )
        index[option.code] = len(groups)
        groups.append(FieldGroup(label, option.code, option.retired))
    group_of: dict[int, int] = {}
    for figure in figures:
        code = held.get(figure.customer_id)
        at = index.get(code)
        if at is None:  # no value, or a code no option has any more
            at = index[code] = len(groups)
            label = msg("custom_fields.no_value_group") if code is None else Text(code, code)
            groups.append(FieldGroup(label, code))
        group = groups[at]
        group.customers += 1
        group.bought += figure.sales_fen > 0
        group.sales_fen += figure.sales_fen
        group.previous_fen += figure.previous_fen
        group_of[figure.customer_id] = at
    # retired options nobody holds are left out; the no-value group goes last
    order = [
        i for i, g in enumerate(groups) if g.code is not None and (g.customers or not g.retired)
    ]
    order += [i for i, g in enumerate(groups) if g.code is None]
    renumber = {old: new for new, old in enumerate(order)}
    return FieldBreakdown(
        by.text,
        [groups[i] for i in order],
        {cid: renumber[at] for cid, at in group_of.items()},
    )
