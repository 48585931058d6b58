"""The first rows of a file cleaned and checked, nothing written (the wizard's preview)."""

from __future__ import annotations

from itertools import islice

from crm_desktop.messages import msg, render
from crm_desktop.services.auth import Actor
from crm_desktop.services.importing.cleaning import ColumnCleaner
from crm_desktop.services.importing.custom import custom_columns
from crm_desktop.services.importing.duplicates import DuplicateIndex, reason_and
from crm_desktop.services.importing.mapping import (
    guard_columns,
    merged_value_maps,
    names_customers,
)
from crm_desktop.services.importing.results import ImportNote, RowCheck, import_note
from crm_desktop.services.importing.source import ImportSource


def preview(
    actor: Actor,
    source: ImportSource,
    limit: int = 200,
) -> list[RowCheck]:
    """The first `limit` rows cleaned and checked for duplicates, nothing written (with the
    value mappings and the keeping of unmapped columns the source carries)."""
    actor.require("import", "import customers")
    columns, _warnings = guard_columns(actor, source)
    cleaner = ColumnCleaner(
        columns,
        keep_unmapped=source.keep_unmapped,
        value_maps=merged_value_maps(source.value_maps),
        # columns headed like a custom field: their values checked by its kind
        custom_fields=custom_columns(actor, source, keep=source.keep_unmapped, define=False),
    )
    cleaner.year_hint = source.year_said()  # a month's visit log: its 5月6日's year
    index = DuplicateIndex.from_database()
    out: list[RowCheck] = []
    numbered = list(islice(source.customer_rows(held_only=True), limit))
    continued = source.people.continued if source.people is not None else {}
    numbers = [n for n, _row in numbered]
    rows = [row for _n, row in numbered]
    has_name = names_customers(columns)
    block = cleaner.clean(rows)
    notes: dict[int, list[ImportNote]] = {}
    for note in block.notes:
        notes.setdefault(note.position, []).append(import_note(numbers[note.position], note))
    for position, (number, row) in enumerate(zip(numbers, rows, strict=True)):
        values = block.values(position)
        errors = dict(block.errors.get(position, {}))
        if not has_name:
            errors.pop("name", None)
        problems = cleaner.problems(errors)
        check = RowCheck(number, list(row), values, problems, "error" if problems else "new")
        check.notes = notes.get(position, [])
        check.contacts = block.contacts.get(position, [])
        if number in continued and position in block.followups:  # a visit under a merged name
            check.status, check.problems, check.notes = "visit", [], []
            check.duplicate_reason = render("importing.visit_of_row", {"row": continued[number]})
        elif number in continued:  # another person of the customer above: filed under it
            persons = check.contacts or [{"name": str(values.get("contact_name") or "")}]
            check.status, check.problems, check.notes = "person", [], []
            check.duplicate_reason = render(
                "importing.person_of_row",
                {"row": continued[number], "name": [p["name"] for p in persons]},
            )
        elif not problems:
            keys = DuplicateIndex.keys_of(values)
            match = index.find(keys)
            if match is not None:
                check.status = "duplicate"
                check.duplicate_reason = match.reason
                person = str(values.get("contact_name") or "")
                if match.where == "db" and cleaner.company_of is not None and person:
                    # a people export's person of a customer already there: filed under it
                    check.status = "person"
                    filed = msg("importing.people_filed", names=[person])
                    check.duplicate_reason = reason_and(match.reason, filed)
                elif position in block.followups and match.where != "deleted":
                    # a visit log's next visit of a customer: filed under it, not lost
                    check.status = "visit"
                    filed = msg("importing.followup_filed")
                    check.duplicate_reason = reason_and(match.reason, filed)
                check.duplicate_of = match.target if match.where != "file" else None
            else:
                index.add(keys, position, number)
        out.append(check)
    return out
