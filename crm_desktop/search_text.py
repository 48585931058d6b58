"""What a customer's search document says: pure text work, no database.

Kept apart from the index itself (`models.search_index`) so that a helper process
that builds documents for an import loads this and the pinyin tables, not the models.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
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


_HAN = re.compile("[\u4e00-\u9fff\u3400-\u4dbf]+")  # as `textutil.pinyin_forms` reads


def _grams(part: str) -> str:
    """`tokens_of([part])`."""
    if len(part) < 2:
        return part
    return " ".join(map(add, part, part[1:])) + " " + part[-1]


@lru_cache(maxsize=20_000)
def _pinyin_pieces(han: str) -> tuple[tuple[str, str], ...]:
    """(part, its tokens) of the full pinyin and the initials of a run of Han characters;
    company names that differ only in digits or letters share them."""
    full, initials = pinyin_forms(han)
    return ((full, _grams(full)), (initials, _grams(initials))) if full else ()


@lru_cache(maxsize=50_000)
def _person_pieces(text: str) -> tuple[tuple[str, str], ...]:
    """(part, its tokens) of a person's name: folded, then its pinyin. People's names
    repeat across a list."""
    folded = fold(text)
    han = "".join(_HAN.findall(text))
    return ((folded, _grams(folded)), *_pinyin_pieces(han))


def documents(rows: Sequence[Sequence]) -> list[tuple[int, str, str]]:
    """(id, document, FTS tokens) of customers with no contacts, from rows of
    (id, *DOC_FIELDS): what `customer_parts` and `tokens_of` make of each row, with the
    tokens of the parts that repeat (pinyin, people's names) made once. Pure, so an
    import can have a helper process build them."""
    out = []
    for cid, name, code, channel, phone, fax, contact, contact_phone, rep in rows:
        pieces: dict[str, str | None] = {}  # part -> its tokens (None: not made yet)
        if name:
            pieces[fold(name)] = None
            if not name.isascii():
                pieces.update(_pinyin_pieces("".join(_HAN.findall(name))))
        for person in (contact, rep):
            if person:
                for part, grams in _person_pieces(person):
                    pieces.setdefault(part, grams)
        for text in (code, channel):
            if text:
                pieces.setdefault(fold(text), None)
        for text in (phone, fax, contact_phone):
            if text:
                pieces.setdefault(digits_only(text), None)
        pieces.pop("", None)
        tokens: list[str] = []
        for part, grams in pieces.items():
            if grams is None:  # as `tokens_of` makes them
                tokens.extend(map(add, part, part[1:]))
                tokens.append(part[-1])
            else:
                tokens.append(grams)
        out.append((cid, " ".join(pieces), " ".join(tokens)))
    return out
