"""Customer search: what a query means, as a condition on the customer list.

A query is split on spaces; every word must match. On SQLite a word of two or more
characters becomes an FTS5 phrase of its character bigrams (exact substring
semantics, two-character Chinese included); a single character is a prefix query.
On PostgreSQL the same bigrams, as int4 codes, are looked up in
`customer_search.grams` (its GIN index), and each word is then checked as a LIKE on
the folded document: the same hits as SQLite's phrase. A word of one character is a
LIKE alone.

`match_reasons` tells, for the page of hits on screen, which field other than the
name holds what was typed (a contact, a phone, the code, a custom field, the name's
pinyin): the list and the CLI show it beside the name.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import peewee as pw

from crm_desktop.fields import CUSTOMER_FIELD_MAP
from crm_desktop.messages import Renderable, Text, msg, render_all
from crm_desktop.models import Contact, Customer, CustomField, CustomValue, database, is_sqlite
from crm_desktop.search_codes import word_codes
from crm_desktop.textutil import digits_only, fold, pinyin_forms


def fts_query(text: str) -> str | None:
    """The FTS5 MATCH expression for a typed query, or None when it has no letters or digits."""
    terms = []
    for word in text.split():
        folded = fold(word)
        if not folded:
            continue
        if len(folded) == 1:
            terms.append(f'"{folded}"*')
        else:
            pairs = " ".join(folded[i : i + 2] for i in range(len(folded) - 1))
            terms.append(f'"{pairs}"')
    return " AND ".join(terms) if terms else None


def like_patterns(text: str) -> list[str]:
    return [f"%{folded}%" for folded in (fold(w) for w in text.split()) if folded]


# the column the GIN index of schema 11 is built on (int4 codes from schema 18)
_GRAMS = "grams"


def _postgres_where(text: str) -> tuple[list[str], list] | None:
    """The conditions on a customer_search row for the typed text on PostgreSQL, and
    their parameters; None when the text has no letters or digits. Every word's pairs
    and its runs of digits' triples must be among a document's codes (`word_codes`; the
    GIN index answers), and every word must be in the document (the codes' order)."""
    words = [folded for folded in (fold(w) for w in text.split()) if folded]
    if not words:
        return None
    codes = sorted({code for pairs, triples in map(word_codes, words) for code in pairs + triples})
    where, params = [], []
    if codes:
        where.append(f"{_GRAMS} @> %s::integer[]")
        params.append(codes)
    # a word whose one code is exact lies within one part of a document as the word
    # must (two characters of the Basic Multilingual Plane, three digits): the index
    # says it all; a longer word's codes may lie apart, and a hashed code (a character
    # beyond that plane) stands for other pairs too
    checked = [w for w in words if not _exact(w)]
    where += ["doc LIKE %s" for _ in checked]
    params += [f"%{w}%" for w in checked]
    return where, params


def postgres_searchable(text: str) -> bool:
    """The text has letters or digits to look up in the search rows."""
    return any(fold(w) for w in text.split())


def _exact(word: str) -> bool:
    """The index alone finds `word`: it is its one code, and that code is no other's."""
    if len(word) == 2:
        return max(map(ord, word)) <= 0xFFFF
    return len(word) == 3 and word.isascii() and word.isdigit()


def postgres_search(text: str) -> tuple[str, list] | None:
    """(the query of the matching customer ids, its parameters) on PostgreSQL; None when
    the text has no letters or digits."""
    found = _postgres_where(text)
    if found is None:
        return None
    where, params = found
    # OFFSET 0: the hits are found once, through the index, then joined; left to itself
    # the planner would test every customer in list order against them. A fence that
    # keeps the hits' row estimate (a MATERIALIZED CTE's is 200, whatever it holds):
    # many hits are hashed and the live customers' name index probes them, instead of
    # a look-up of each hit's customer (有限, 71k of 100k hits: 710 -> 236 ms)
    sql = f"SELECT customer_id FROM customer_search WHERE {' AND '.join(where)}"
    return f"{sql} OFFSET 0", params


def _scoped_where(text: str, *, live: bool, owner_id: int | None) -> tuple[str, list] | None:
    """The text's conditions on a customer_search row with the row's copies of the
    deletion (`live`: the list's customers, False: the recycle bin's) and the owner's
    id; None for no text."""
    found = _postgres_where(text)
    if found is None:
        return None
    where, params = found
    where.append("live" if live else "NOT live")
    if owner_id is not None:
        where.append("owner_id = %s")
        params.append(owner_id)
    return " AND ".join(where), params


def postgres_hits_by_name(
    text: str, *, live: bool, owner_id: int | None, descending: bool, counted: bool
) -> tuple[str, list] | None:
    """(the query of the matching customer ids in the list's name order, its parameters)
    on PostgreSQL, from customer_search alone: its copies of each customer's name sort
    key, deletion and owner (schema 18) stand in for the customer table, so the hits
    need no join to be scoped and ordered (科技, 5k hits: 31 -> 8 ms). `live`: the
    list's customers (False: the recycle bin's); `owner_id`: one owner's only;
    `counted`: each row carries the total as its second column. None when the text
    has no letters or digits."""
    found = _scoped_where(text, live=live, owner_id=owner_id)
    if found is None:
        return None
    where, params = found
    columns = "customer_id, count(*) OVER ()" if counted else "customer_id"
    # name_key is in byte order ("C"), as the list sorts; the id breaks ties
    order = "name_key DESC, customer_id DESC" if descending else "name_key, customer_id"
    return f"SELECT {columns} FROM customer_search WHERE {where} ORDER BY {order}", params


def postgres_reckoned_hits(text: str) -> tuple[float, float]:
    """(how many live customers the server's planner expects the text to find, from its
    statistics of the search rows' codes; how many search rows it reckons there are).
    One statement, planned and not run: the plan of both queries side by side."""
    found = _scoped_where(text, live=True, owner_id=None)
    if found is None:
        return 0.0, 0.0
    where, params = found
    both = (
        f"SELECT customer_id FROM customer_search WHERE {where} "
        "UNION ALL SELECT customer_id FROM customer_search"
    )
    plan = database.execute_sql(f"EXPLAIN (FORMAT JSON) {both}", params).fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    hits, rows = (part["Plan Rows"] for part in plan[0]["Plan"]["Plans"])
    return float(hits), float(rows)


def postgres_hit_count(text: str) -> tuple[str, list] | None:
    """(the query of how many live customers the text finds, its parameters) on
    PostgreSQL; None for no text."""
    found = _scoped_where(text, live=True, owner_id=None)
    if found is None:
        return None
    where, params = found
    return f"SELECT count(*) FROM customer_search WHERE {where}", params


def postgres_walk_by_name(text: str, *, descending: bool) -> tuple[str, list] | None:
    """(the query of every live matching customer's id in the list's name order, its
    parameters) on PostgreSQL that walks the live customers' name index and checks
    each customer's search row as it goes, stopping at the page's end: for a word on
    most cards the first page is among the first names (有限, on 71k of 100k cards:
    1.5 ms, where sorting its hits takes 20 ms). None for no text."""
    found = _postgres_where(text)  # its columns (grams, doc) are the search row's alone
    if found is None:
        return None
    where, params = found
    way = " DESC" if descending else ""
    order = f'c.name_key COLLATE "C"{way}, c.id{way}'  # the index customer_live_name_key
    sql = (
        "SELECT c.id FROM customer c JOIN customer_search s ON s.customer_id = c.id "
        f"WHERE c.deleted_at IS NULL AND {' AND '.join(where)} ORDER BY {order}"
    )
    return sql, params


def text_condition(text: str, id_column: pw.Field) -> pw.Expression | None:
    """A condition on `id_column` (a customer id) for the typed text; None for no text."""
    if not text or not text.strip():
        return None
    if is_sqlite():
        match = fts_query(text)
        if match is None:
            return None
        return id_column.in_(
            pw.SQL("(SELECT rowid FROM customer_fts WHERE customer_fts MATCH ?)", (match,))
        )
    found = postgres_search(text)
    if found is None:
        return None
    return id_column.in_(pw.SQL(f"({found[0]})", found[1]))


def matching_ids(text: str) -> list[int] | None:
    """Ids of every customer whose document matches, unordered; None when there is nothing to search."""
    if not text or not text.strip():
        return None
    if is_sqlite():
        match = fts_query(text)
        if match is None:
            return None
        sql, params = "SELECT rowid FROM customer_fts WHERE customer_fts MATCH ?", [match]
    else:
        found = postgres_search(text)
        if found is None:
            return None
        sql, params = found
    return [row[0] for row in database.execute_sql(sql, params).fetchall()]


def ids_condition(id_column: pw.Node, ids: list[int]) -> pw.Expression:
    """`id_column` is one of `ids`, passed as a single parameter however many there are."""
    if not ids:
        return pw.SQL("1 = 0")
    if is_sqlite():
        return id_column.in_(pw.SQL("(SELECT value FROM json_each(?))", (json.dumps(ids),)))
    return id_column == pw.SQL("ANY(%s)", (ids,))


def like_baseline_ids(text: str) -> list[int]:
    """The naive LIKE '%…%' scan over the same documents: the benchmark's baseline."""
    patterns = like_patterns(text)
    param = database.obj.param
    where = " AND ".join(f"doc LIKE {param}" for _ in patterns) or "1=1"
    return [
        r[0]
        for r in database.execute_sql(
            f"SELECT customer_id FROM customer_search WHERE {where}", patterns
        )
    ]


# --- why a customer was found ---------------------------------------------------------


@dataclass(frozen=True)
class MatchReason:
    """A field other than the customer's name that holds a typed word, and its value:
    shown beside a hit ("联系人：王建国", "手机：138 0013 8000")."""

    label: Renderable
    value: str

    def render(self, lang: str | None = None) -> str:
        return msg("search.reason", label=self.label, value=self.value).render(lang)


def describe(reasons: Sequence[MatchReason], lang: str | None = None) -> str:
    """The reasons as one short line ("" when the name itself matched)."""
    return render_all(reasons, lang, sep=msg("search.separator").render(lang)) if reasons else ""


def _person_matches(word: str, text: str) -> bool:
    """A word is in a name (folded), or in its full pinyin or initials (as the document holds them)."""
    if word in fold(text):
        return True
    full, initials = pinyin_forms(text)
    return bool(full) and (word in full or word in initials)


Piece = tuple[Renderable, str, str]  # (label, value shown, compared as "text", "person" or "phone")

_CARD_COLUMNS = (
    "code",
    "channel_code",
    "contact_name",
    "legal_rep",
    "phone",
    "fax",
    "contact_phone",
    "email",
)
_CARD_KINDS = ("text", "text", "person", "person", "phone", "phone", "phone", "text")
_CONTACT_PIECES = (
    ("search.contact", "person"),
    ("search.contact_phone", "phone"),
    ("search.contact_mobile", "phone"),
    ("search.contact_email", "text"),
    ("search.contact_wechat", "text"),
)


def _contact_pieces(ids: list[int]) -> dict[int, list[Piece]]:
    """The names, phones, mobiles, emails and WeChat IDs of the customers' contacts, in
    the order they were added."""
    # no ORDER BY: sorting by id would make SQLite walk the deleted_at index of every
    # contact (200 ms at 245k) instead of seeking each customer's (0.3 ms)
    contacts = Contact.select(
        Contact.id,
        Contact.customer,
        Contact.name,
        Contact.phone,
        Contact.mobile,
        Contact.email,
        Contact.wechat,
    ).where(ids_condition(Contact.customer, ids), Contact.deleted_at.is_null())
    pieces: dict[int, list[Piece]] = defaultdict(list)
    for _id, cid, *values in sorted(database.execute(contacts)):
        for (code, kind), value in zip(_CONTACT_PIECES, values, strict=True):
            if value:
                pieces[cid].append((msg(code), value, kind))
    return pieces


def _custom_pieces(ids: list[int]) -> dict[int, list[Piece]]:
    """The customers' custom texts the search document holds, labelled with their field."""
    pieces: dict[int, list[Piece]] = defaultdict(list)
    for cid, label, value in _custom_texts(ids):
        pieces[cid].append((label, value, "person"))
    return pieces


def _custom_texts(ids: list[int]) -> list[tuple[int, Text, str]]:
    """(customer id, field label, text) of the customers' custom texts the document holds."""
    rows = (
        CustomValue.select(
            CustomValue.entity_id, CustomField.label_zh, CustomField.label_en, CustomValue.text
        )
        .join(CustomField, on=(CustomField.id == CustomValue.field))
        .where(
            CustomField.entity == "customer",
            CustomField.deleted_at.is_null(),
            CustomField.kind.in_(("text", "choice", "tags")),
            ids_condition(CustomValue.entity_id, ids),
        )
        .order_by(CustomField.position, CustomField.id)
    )
    return [(cid, Text(zh, en or zh), text) for cid, zh, en, text in database.execute(rows) if text]


def _matches(word: str, value: str, kind: str) -> bool:
    if kind == "phone":
        return word.isdigit() and word in digits_only(value)
    if kind == "person":
        return _person_matches(word, value)
    return word in fold(value)


def _explain(words: list[str], pieces: Sequence[Piece], found: list[MatchReason]) -> list[str]:
    """Add to `found` the first piece holding each word; the words no piece holds."""
    left = []
    for word in words:
        hit = next((p for p in pieces if _matches(word, p[1], p[2])), None)
        if hit is None:
            left.append(word)
            continue
        reason = MatchReason(hit[0], hit[1])
        if reason not in found:
            found.append(reason)
    return left


def match_reasons(text: str, ids: Sequence[int]) -> dict[int, list[MatchReason]]:
    """Why each of these customers (the page on screen, not every hit) matches `text`:
    for every typed word its name does not hold, the first other field that does. A
    customer found by its name alone has no reasons; one found by its name's pinyin is
    told so ("名称拼音：bjhdkj").

    The card's own fields are looked at first, then its contacts, then its custom
    fields, each only for the customers that still have a word unexplained: a page of
    120 hits found by name costs one query, one found by contacts three.
    """
    words = [w for w in (fold(part) for part in text.split()) if w]
    ids = list(ids)
    if not words or not ids:
        return {}
    columns = [getattr(Customer, c) for c in _CARD_COLUMNS]
    select = Customer.select(Customer.id, Customer.name, *columns)
    found: dict[int, list[MatchReason]] = {}
    left: dict[int, list[str]] = {}
    for cid, name, *values in database.execute(select.where(ids_condition(Customer.id, ids))):
        name = name or ""
        folded_name = fold(name)
        full, initials = pinyin_forms(name)
        reasons: list[MatchReason] = []
        pending = []
        for word in words:
            if word in folded_name:
                continue
            if full and (word in full or word in initials):
                reason = MatchReason(msg("search.name_pinyin"), full if word in full else initials)
                if reason not in reasons:
                    reasons.append(reason)
            else:
                pending.append(word)
        if pending:
            card = [
                (Text(CUSTOMER_FIELD_MAP[c].zh, CUSTOMER_FIELD_MAP[c].en), v, kind)
                for c, kind, v in zip(_CARD_COLUMNS, _CARD_KINDS, values, strict=True)
                if v
            ]
            pending = _explain(pending, card, reasons)
        found[cid] = reasons
        if pending:
            left[cid] = pending
    for source in (_contact_pieces, _custom_pieces):
        if not left:
            break
        pieces = source(list(left))
        for cid, pending in list(left.items()):
            pending = _explain(pending, pieces.get(cid, ()), found[cid])
            if pending:
                left[cid] = pending
            else:
                del left[cid]
    # reasons in the order the words were typed are not kept across sources: a contact
    # found for the first word is told after a card field found for the second
    return {cid: reasons for cid, reasons in found.items() if reasons}
