"""What a customer's search document says: pure text work, no database.

Kept apart from the index itself (`models.search_index`) so that a helper process
that builds documents for an import loads this and the pinyin tables, not the models.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from operator import add

from crm_desktop.search_codes import document_codes
from crm_desktop.textutil import (
    digits_only,
    digits_only_texts,
    fold,
    fold_texts,
    name_sort_key,
    pinyin_forms,
)

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
    "email",
)
# a contact's texts its customer's document holds, found like names, in this order
CONTACT_TEXTS = ("name", "email", "wechat")


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
        if text:  # folded, then its pinyin (remembered: names and people repeat)
            parts.extend(_person_parts(text))
    for text in (code, channel_code):
        if text:
            parts.append(fold(text))
    for phone in phones:
        digits = digits_only(phone or "")
        if digits:
            parts.append(digits)
    # one copy of each piece, order kept
    return [p for p in dict.fromkeys(parts) if p]


def tokens_of_documents(docs: Sequence[str]) -> list[str]:
    """`tokens_of(doc.split(" "))` of each document, all at once (a reindex's chunk)."""
    return _tokens_of_documents("\n".join(docs)).split("\n") if docs else []


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
    """`build_parts` of one row: the id, then `DOC_FIELDS`, with the texts of the customer's
    contacts (names, emails, WeChat IDs) and custom fields (`people`) and its contacts'
    phones. An email or a WeChat ID is found like a name: folded ("ln@qq.com" → lnqqcom),
    so the address a message came from finds its customer."""
    _cid, name, code, channel, phone, fax, contact_name, contact_phone, legal_rep, email = row
    return build_parts(
        name,
        code,
        channel,
        phones=(phone, fax, contact_phone, *phones),
        people=(contact_name, legal_rep, email, *people),
    )


_HAN = re.compile("[\u4e00-\u9fff\u3400-\u4dbf]+")  # as `textutil.pinyin_forms` reads


@lru_cache(maxsize=20_000)
def _pinyin_parts(han: str) -> tuple[str, ...]:
    """The full pinyin and the initials of a run of Han characters; company names that
    differ only in digits or letters share them."""
    full, initials = pinyin_forms(han)
    return (full, initials) if full else ()


@lru_cache(maxsize=50_000)
def _person_parts(text: str) -> tuple[str, ...]:
    """A person's name folded, then its pinyin. People's names repeat across a list."""
    return (fold(text), *_pinyin_parts("".join(_HAN.findall(text))))


def documents(rows: Sequence[Sequence]) -> list[tuple[int, str, str]]:
    """(id, document, FTS tokens) of customers with no contacts, from rows of
    (id, *DOC_FIELDS), optionally with a tuple of more texts found like names (custom
    fields' texts, people's emails and WeChat IDs, as `customer_parts` takes them): what
    `customer_parts` and `tokens_of` make of each row, with the parts that repeat
    (pinyin, people's names) made once and each field's parts and all the tokens made a
    column at a time. Pure, so an import can have a helper process build them."""
    ids, docs = _documents(rows)
    tokens = _tokens_of_documents("\n".join(docs)).split("\n") if ids else []
    return list(zip(ids, docs, tokens, strict=True))


def documents_joined(rows: Sequence[Sequence]) -> tuple[list[int], str, str, str]:
    """`documents` as (ids, the documents joined by newlines, their tokens likewise), and
    the names' sort keys (`name_sort_key`) likewise: what a helper process sends back,
    three strings instead of three per row."""
    ids, docs = _documents(rows)
    text = "\n".join(docs)  # no document holds a newline: its parts are folded
    keys = "\n".join(name_sort_key(row[1] or "") for row in rows)  # no key holds a newline
    return ids, text, _tokens_of_documents(text), keys


def documents_coded(rows: Sequence[Sequence]) -> tuple[list[int], str, str]:
    """What a PostgreSQL import's helper process sends back of `documents_joined`'s rows:
    (ids, the documents joined by newlines, their bigram codes' int4[] literals likewise),
    the codes made beside the import instead of in it."""
    ids, docs = _documents(rows)
    return ids, "\n".join(docs), "\n".join(document_codes(docs))


def _documents(rows: Sequence[Sequence]) -> tuple[list[int], list[str]]:
    if not rows:
        return [], []
    ids = [row[0] for row in rows]
    columns = list(zip(*rows, strict=True))
    # an eleventh column: more texts found like people's names (an import's custom
    # fields, its people's emails and WeChat IDs)
    more: Sequence[Sequence[str]] = columns.pop() if len(columns) > 10 else ()
    _ids, names, codes, channels, phones, faxes, contacts, contact_phones, reps, emails = (
        [v or "" for v in column] for column in columns
    )
    folded = fold_texts(names)
    hans = _NOT_HAN.sub("", "\n".join(names)).split("\n")
    if len(hans) != len(rows):  # a name holds a newline
        hans = ["".join(_HAN.findall(name)) for name in names]
    others = [fold_texts(codes), fold_texts(channels)]
    others += [digits_only_texts(texts) for texts in (phones, faxes, contact_phones)]
    # each card's own email, folded a column at once (addresses seldom repeat, as a
    # person's name does): what `_person_parts` makes of it
    folded_emails = fold_texts(emails)
    docs = []
    for k, name in enumerate(folded):
        parts: dict[str, None] = {name: None}
        if hans[k]:
            parts.update(dict.fromkeys(_pinyin_parts(hans[k])))
        for person in (contacts[k], reps[k]):
            if person:
                parts.update(dict.fromkeys(_person_parts(person)))
        if emails[k]:
            parts[folded_emails[k]] = None
            if not emails[k].isascii():
                parts.update(dict.fromkeys(_pinyin_parts("".join(_HAN.findall(emails[k])))))
        for person in more[k] if more else ():
            if person:
                parts.update(dict.fromkeys(_person_parts(person)))
        for column in others:
            parts[column[k]] = None
        parts.pop("", None)
        docs.append(" ".join(parts))
    return ids, docs


_NOT_HAN = re.compile("[^\u4e00-\u9fff\u3400-\u4dbf\n]+")  # all but Han and newlines


def _tokens_of_documents(text: str) -> str:
    """`tokens_of(doc.split(" "))` of each document of `text` (documents joined by
    newlines), joined likewise, all at once with numpy: 2,000 documents in 2 ms, not
    20 ms a token at a time.

    A part's tokens are each character with the one after it and a space, the last
    character alone: so each character becomes itself, the next character if that is in
    the same part, and a space if a token of the same document follows; a space between
    parts becomes nothing. Nothing is a zero, which no document holds (folding drops
    control characters).
    """
    import numpy as np

    if not text:
        return text
    chars = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    space, newline = ord(" "), ord("\n")
    after = np.empty_like(chars)
    after[:-1] = chars[1:]
    after[-1] = newline  # the end of the last document
    mine = (chars != space) & (chars != newline)
    out = np.zeros((len(chars), 3), dtype=np.uint32)
    out[:, 0] = np.where(chars == space, 0, chars)
    out[:, 1] = np.where(mine & (after != space) & (after != newline), after, 0)
    out[:, 2] = np.where(mine & (after != newline), space, 0)
    flat = out.ravel()
    return flat[flat != 0].tobytes().decode("utf-32-le")
