"""The sheets and columns of a for-update workbook, described once.

The writer (reports/sync_xlsx.py) lays the workbook out from these; the reader
(`workbook`) finds the columns again by the keys the hidden sheet lists beside each
header, so a column the salesperson moved is still found. Keys: a card field's name
(``name``, ``custom.<key>``), or one of the identity columns below (``@uuid`` …).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from crm_desktop.i18n import is_chinese
from crm_desktop.messages import msg
from crm_desktop.services.fields import CHOICES, CONTACT_FIELDS, CREDIT_FIELDS, FieldSpec
from crm_desktop.services.followups.labels import FIELD_LABELS, KIND_LABELS

META_SHEET = "_crm_sync"  # hidden: export id, database id, sheets and column keys
CUSTOMERS, CONTACTS, FOLLOWUPS = "customers", "contacts", "followups"
UUID, VERSION, CUSTOMER_UUID = "@uuid", "@version", "@customer_uuid"
CUSTOMER_CODE, CUSTOMER_NAME, DONE = "@customer_code", "@customer_name", "@done"
READ_ONLY_FIELDS = frozenset({"code", "owner"}) | CREDIT_FIELDS
FOLLOWUP_FIELDS = ("kind", "subject", "due_at", "outcome")

_HEADERS = {
    UUID: "sync.col_uuid",
    VERSION: "sync.col_version",
    CUSTOMER_UUID: "sync.col_customer_uuid",
    DONE: "sync.col_done",
}
_SHEET_NAMES = {
    CUSTOMERS: ("客户", "Customers"),
    CONTACTS: ("联系人", "Contacts"),
    FOLLOWUPS: ("跟进", "Follow-ups"),
}


@dataclass(frozen=True)
class Column:
    """One column of a sheet: its key, header, kind, and how the writer shows it."""

    key: str
    header: str
    kind: str = "text"
    read_only: bool = False
    hidden: bool = False
    choices: tuple[str, ...] = ()  # labels offered by a validation list


@dataclass
class Sheet:
    """One sheet: its key, name, columns and rows of cell values."""

    key: str
    name: str
    columns: list[Column]
    rows: list[tuple] = field(default_factory=list)


def sheet_name(key: str, lang: str) -> str:
    zh, en = _SHEET_NAMES[key]
    return zh if is_chinese(lang) else en


def identity_header(key: str, lang: str) -> str:
    return msg(_HEADERS[key]).render(lang)


def _choice_labels(spec: FieldSpec, lang: str) -> tuple[str, ...]:
    if spec.kind != "choice" or not spec.choices:
        return ()
    zh = is_chinese(lang)
    return tuple(pair[0] if zh else pair[1] for pair in CHOICES[spec.choices].values())


def customer_columns(fields: list[FieldSpec], custom_choices: dict, lang: str) -> list[Column]:
    """The customers sheet: every export field, then the hidden identity columns.
    `custom_choices`: a custom choice field's name -> its labels."""
    out = [
        Column(
            f.name,
            f.label(lang),
            f.kind,
            f.name in READ_ONLY_FIELDS,
            False,
            custom_choices.get(f.name) or _choice_labels(f, lang),
        )
        for f in fields
    ]
    out.append(Column(UUID, identity_header(UUID, lang), hidden=True))
    out.append(Column(VERSION, identity_header(VERSION, lang), "int", hidden=True))
    return out


def _customer_ref_columns(lang: str) -> list[Column]:
    from crm_desktop.services.fields import CUSTOMER_FIELD_MAP

    code, name = CUSTOMER_FIELD_MAP["code"], CUSTOMER_FIELD_MAP["name"]
    return [
        Column(CUSTOMER_CODE, code.label(lang)),
        Column(CUSTOMER_NAME, name.label(lang), read_only=True),
    ]


def contact_columns(lang: str) -> list[Column]:
    """The contacts sheet: the customer's code and name, a contact's fields, identity."""
    return [
        *_customer_ref_columns(lang),
        *(
            Column(f.name, f.label(lang), f.kind, False, False, _choice_labels(f, lang))
            for f in CONTACT_FIELDS
        ),
        Column(UUID, identity_header(UUID, lang), hidden=True),
        Column(VERSION, identity_header(VERSION, lang), "int", hidden=True),
        Column(CUSTOMER_UUID, identity_header(CUSTOMER_UUID, lang), hidden=True),
    ]


def kind_labels(lang: str) -> dict[str, str]:
    zh = is_chinese(lang)
    return {k: (v[0] if zh else v[1]) for k, v in KIND_LABELS.items() if k != "cadence"}


def followup_columns(lang: str) -> list[Column]:
    """The follow-ups sheet: customer, kind, subject, due, 完成, outcome, identity."""
    zh = is_chinese(lang)

    def label(name: str) -> str:
        pair = FIELD_LABELS[name]
        return pair[0] if zh else pair[1]

    return [
        *_customer_ref_columns(lang),
        Column("kind", label("kind"), "choice", choices=tuple(kind_labels(lang).values())),
        Column("subject", label("subject")),
        Column("due_at", label("due_at"), "datetime"),
        Column(
            DONE, identity_header(DONE, lang), "choice", choices=(msg("sync.yes").render(lang),)
        ),
        Column("outcome", label("outcome"), "long"),
        Column(UUID, identity_header(UUID, lang), hidden=True),
        Column(VERSION, identity_header(VERSION, lang), "int", hidden=True),
    ]


__all__ = [
    "CONTACTS",
    "CUSTOMERS",
    "CUSTOMER_CODE",
    "CUSTOMER_NAME",
    "CUSTOMER_UUID",
    "DONE",
    "FOLLOWUPS",
    "META_SHEET",
    "READ_ONLY_FIELDS",
    "UUID",
    "VERSION",
    "Column",
    "Sheet",
    "contact_columns",
    "customer_columns",
    "followup_columns",
    "identity_header",
    "kind_labels",
    "sheet_name",
]
