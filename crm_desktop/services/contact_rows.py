"""The contacts of exported customers as rows of cell values, for the export's second sheet.

What an import turned into contacts (联系人, 职务, 手机 … 联系人2 …) goes out again beside
the customers, one row per person with the customer's code and name.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from crm_desktop.i18n import current_language, is_chinese
from crm_desktop.models import Contact, Customer
from crm_desktop.services.fields import CHOICES, CONTACT_FIELDS, CUSTOMER_FIELD_MAP, FieldSpec

CHUNK = 900  # customer ids per query: under SQLite's limit of bound parameters


def contact_headers(lang: str | None = None) -> tuple[list[str], list[str]]:
    """(headers, kinds) of the contacts sheet: the customer's code and name, then every
    field of a contact."""
    lang = lang or current_language()
    code, name = CUSTOMER_FIELD_MAP["code"], CUSTOMER_FIELD_MAP["name"]
    headers = [code.label(lang), name.label(lang)] + [f.label(lang) for f in CONTACT_FIELDS]
    kinds = ["text", "text"] + [f.kind for f in CONTACT_FIELDS]
    return headers, kinds


def _cell(spec: FieldSpec, value: object, zh: bool) -> object:
    if spec.kind == "choice" and spec.choices and value:
        pair = CHOICES[spec.choices].get(str(value))
        return (pair[0] if zh else pair[1]) if pair else value
    if spec.kind == "bool":
        return ("是" if value else "") if zh else ("yes" if value else "")
    return value


def contact_rows(customer_ids: Sequence[int], lang: str | None = None) -> Iterator[tuple]:
    """One row per live contact of these customers, in the customers' order, the primary
    contact first."""
    zh = is_chinese(lang or current_language())
    columns = [getattr(Contact, f.name) for f in CONTACT_FIELDS]
    for start in range(0, len(customer_ids), CHUNK):
        chunk = list(customer_ids[start : start + CHUNK])
        query = (
            Contact.select(Contact.customer, Customer.code, Customer.name, *columns)
            .join(Customer)
            .where(Contact.customer.in_(chunk), Contact.deleted_at.is_null())
            .order_by(Contact.is_primary.desc(), Contact.id)
            .tuples()
        )
        by_customer: dict[int, list[tuple]] = {}
        for cid, code, name, *values in query:
            cells = [_cell(f, v, zh) for f, v in zip(CONTACT_FIELDS, values, strict=True)]
            by_customer.setdefault(cid, []).append((code, name, *cells))
        for cid in chunk:
            yield from by_customer.get(cid, ())
