"""What a customer's search document says: pure text work, no database.

Kept apart from the index itself (`models.search_index`) so that a helper process
that builds documents for an import loads this and the pinyin tables, not the models.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from operator import add

from crm_desktop.textutil import digits_only, fold, pinyin_forms

# the customer's columns a document is built from, in the order `customer_parts` takes them
DOC_FIELDS = (
    "name",
    "code",
    "channel_code",
    "phone",
    "fax",
    "contact_name",
    "contact_phone",
    "legal_rep",
)


def build_parts(
    name: str,
    code: str = "",
    channel_code: str = "",
    phones: Sequence[str] = (),
    people: Sequence[str] = (),
) -> list[str]:
    """The searchable pieces of one customer, each folded; pinyin added for Chinese names."""
    parts: list[str] = []
    for text in (name, *people):
        if not text:
            continue
        parts.append(fold(text))
        full, initials = pinyin_forms(text)
        if full:
            parts.append(full)
            parts.append(initials)
    for text in (code, channel_code):
        if text:
            parts.append(fold(text))
    for phone in phones:
        digits = digits_only(phone or "")
        if digits:
            parts.append(digits)
    # one copy of each piece, order kept
    return [p for p in dict.fromkeys(parts) if p]


def tokens_of(parts: Iterable[str]) -> str:
    """The FTS text of folded parts: their bigrams (`folded_bigrams`), space separated."""
    grams: list[str] = []
    for part in parts:
        if part:  # folded_bigrams of each part, built without a list per part
            grams.extend(map(add, part, part[1:]))
            grams.append(part[-1])
    return " ".join(grams)


def customer_parts(
    row: Sequence, people: Sequence[str] = (), phones: Sequence[str] = ()
) -> list[str]:
    """`build_parts` of one row: the id, then `DOC_FIELDS`, with the customer's contacts' names and phones."""
    _cid, name, code, channel, phone, fax, contact_name, contact_phone, legal_rep = row
    return build_parts(
        name,
        code,
        channel,
        phones=(phone, fax, contact_phone, *phones),
        people=(contact_name, legal_rep, *people),
    )


def documents(rows: Sequence[Sequence]) -> list[tuple[int, str, str]]:
    """(id, document, FTS tokens) of customers with no contacts, from rows of
    (id, *DOC_FIELDS): pure, so an import can have a helper process build them."""
    out = []
    for row in rows:
        parts = customer_parts(row)
        out.append((row[0], " ".join(parts), tokens_of(parts)))
    return out
