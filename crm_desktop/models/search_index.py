"""The customer search index: what a search looks through, kept beside the customers.

Each customer gets one document: name, code, phones, contact names, emails and WeChat
IDs, and the pinyin and initials of the Chinese names. `customer_search.doc` holds it
as folded text (for PostgreSQL's ILIKE and for the LIKE baseline); on SQLite the FTS5 table
`customer_fts` indexes it as character bigrams, so two-character Chinese queries —
the common case, which trigram and unicode61 tokenizers miss — find what they should.
On PostgreSQL the same bigrams go to the array `customer_search.grams`, which a GIN
index answers (schema 11; as int4 codes from schema 18, `gram_code`), and beside them
the triples of digits a phone number's search asks for (schema 22; an expression index
of the document in 20 and 21, `crm_digit_triples`; no pg_trgm index since). Each row
there also carries copies of its customer's name sort key, liveness and owner (schema
18), which the server fills (a trigger) when a row comes without them: writers here
and the demo's COPY write documents only, an import's COPY sends its new cards' copies.

`customer_fts` is contentless: it keeps the index of the bigrams, not the bigram
text (a fifth of the file for 100k customers). To take a document out, FTS5 is told
the tokens it indexed, and those follow from `customer_search.doc`: the document is
its parts joined by spaces, and a part never holds one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager

from crm_desktop.models.base import database
from crm_desktop.models.name_keys import refresh_name_keys
from crm_desktop.search_codes import document_codes
from crm_desktop.search_text import (
    CONTACT_TEXTS,
    DOC_FIELDS,
    customer_parts,
    tokens_of_documents,
)

FTS_DDL = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS customer_fts USING fts5("
    "tokens, content = '', tokenize = 'unicode61 remove_diacritics 0', columnsize = 0)"
)
_FTS_DELETE = "INSERT INTO customer_fts (customer_fts, rowid, tokens) VALUES ('delete', ?, ?)"
_CUSTOMER_COLS = ", ".join(("id", *DOC_FIELDS))
_CONTACT_TEXT_COLS = ", ".join(f"ct.{c}" for c in CONTACT_TEXTS)

_CUSTOM_TEXTS = (
    "SELECT v.entity_id, v.text FROM custom_value v JOIN custom_field f ON f.id = v.field_id "
    "WHERE f.entity = 'customer' AND f.deleted_at IS NULL AND f.kind IN ('text', 'choice', 'tags')"
)
FTS_BULK_HASHSIZE = 16 << 20  # pending index kept in memory: 16 MB instead of 1 MB


@contextmanager
def bulk_fts() -> Iterator[None]:
    """Around a bulk load of documents (inside its transaction): FTS5 keeps 16 MB of pending
    index in memory instead of 1 MB, so it writes a few large segments instead of a hundred
    small ones it must then merge (100k customers: 1.6 s -> 1.0 s).
    """
    if not _fts_enabled():
        yield
        return
    sql = "INSERT INTO customer_fts(customer_fts, rank) VALUES ('hashsize', ?)"
    database.execute_sql(sql, (FTS_BULK_HASHSIZE,))
    try:
        yield
    finally:
        database.execute_sql(sql, (1 << 20,))  # FTS5's default


def _indexed_tokens(docs: Sequence[tuple[int, str]]) -> Iterator[tuple[int, str]]:
    """(id, the tokens FTS indexed) of (id, customer_search.doc) rows."""
    tokens = tokens_of_documents([doc for _cid, doc in docs])
    return zip((cid for cid, _doc in docs), tokens, strict=True)


def fill_fts_from_documents() -> int:
    """Index every `customer_search` document in an empty `customer_fts` (a schema upgrade)."""
    rows = database.execute_sql("SELECT customer_id, doc FROM customer_search ORDER BY 1")
    conn = database.connection()
    total = 0
    with bulk_fts():
        while chunk := rows.fetchmany(5_000):
            conn.executemany(
                "INSERT INTO customer_fts (rowid, tokens) VALUES (?, ?)", _indexed_tokens(chunk)
            )
            total += len(chunk)
    return total


DOCS_AT_ONCE = 2_000  # search rows written by one COPY while the next are made


def _write_documents(
    rows: list[tuple], people: dict[int, list[str]], phones: dict[int, list[str]]
) -> int:
    """PostgreSQL from schema 18: the search rows of customers' `rows` (id, *DOC_FIELDS),
    DOCS_AT_ONCE at a time, each COPY taken by the server while this thread makes the
    next (20k rows: the server's 2 s and this process's 1 s overlap)."""
    from crm_desktop.models.pg_copy import CopyBehind

    with CopyBehind(database.connection()) as copies:
        for at in range(0, len(rows), DOCS_AT_ONCE):
            chunk = rows[at : at + DOCS_AT_ONCE]
            texts = [
                " ".join(customer_parts(row, people.get(row[0], ()), phones.get(row[0], ())))
                for row in chunk
            ]
            codes = document_codes(texts)
            written = [(row[0], t, c) for row, t, c in zip(chunk, texts, codes, strict=True)]
            copies.copy("customer_search", ("customer_id", "doc", "grams"), written)
    return len(rows)


def _fts_enabled() -> bool:
    from crm_desktop.models.db import is_sqlite

    return is_sqlite()


def bigrams(parts: Iterable[str]) -> list[str]:
    """The distinct bigrams of a document's parts: `customer_search.grams` on PostgreSQL
    before schema 18, as texts."""
    return list(dict.fromkeys(p[i : i + 2] for p in parts for i in range(len(p) - 1)))


# the triples of a document's runs of three or more digits, the same rule as
# `search_codes.trigram_code`: what the expression index customer_search_digits held
# (schemas 20 and 21); step 22 adds them to the stored codes with it
DIGIT_TRIPLES_SQL = (
    "CREATE OR REPLACE FUNCTION crm_digit_triples(doc TEXT) RETURNS INTEGER[] "
    "LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT coalesce(array_agg(DISTINCT "
    "(ascii(substr(r, i, 1)) << 14) | (ascii(substr(r, i + 1, 1)) << 7) "
    "| ascii(substr(r, i + 2, 1))), '{}') "
    "FROM regexp_split_to_table(doc, '[^0-9]+') r, generate_series(1, length(r) - 2) i $$"
)


def gram_codes(parts: Iterable[str]) -> str:
    """The codes of a document's parts' bigrams in an int4[] literal, ascending."""
    return document_codes([" ".join(parts)])[0]


def _grams_type() -> str | None:
    """The type of customer_search's bigram column: None before schema 11 (an upgrade
    from an older version writes documents before the column exists), '_text' in 11-17,
    '_int4' from 18 on."""
    row = database.execute_sql(
        "SELECT udt_name FROM information_schema.columns WHERE table_schema = current_schema() "
        "AND table_name = 'customer_search' AND column_name = 'grams'"
    ).fetchone()
    return row[0] if row else None


def reindex_customers(ids: Iterable[int] | None = None, *, name_keys: bool = True) -> int:
    """Rebuild the documents of the given customers (all when None), and their name sort
    keys unless `name_keys` is false (a schema step older than the key). Call inside a
    transaction.

    Deleted customers stay indexed: the list's "Deleted" filter searches them too.
    """
    conn_sql = database.execute_sql
    id_list = None if ids is None else sorted(set(int(i) for i in ids))
    if id_list is not None and not id_list:
        return 0
    if name_keys:
        refresh_name_keys(id_list)
    fts = _fts_enabled()
    grams = None if fts else _grams_type()
    custom = database.table_exists("custom_value")

    def chunks() -> Iterable[list[int] | None]:
        if id_list is None:
            yield None
        else:  # SQLite: within its limit of parameters; PostgreSQL: one array
            step = 500 if fts else 20_000
            for i in range(0, len(id_list), step):
                yield id_list[i : i + step]

    total = 0
    for chunk in chunks():
        if chunk is None:
            where, params = "1 = 1", ()
            conn_sql("DELETE FROM customer_search")
            if fts:
                conn_sql("INSERT INTO customer_fts (customer_fts) VALUES ('delete-all')")
        elif not fts:
            where, params = "id = ANY(%s)", (chunk,)
            conn_sql("DELETE FROM customer_search WHERE customer_id = ANY(%s)", params)
        else:
            marks = ",".join("?" for _ in chunk)
            where, params = f"id IN ({marks})", tuple(chunk)
            del_where = f"customer_id IN ({marks})"
            if fts:
                old = conn_sql(
                    f"SELECT customer_id, doc FROM customer_search WHERE {del_where}", params
                ).fetchall()
                database.connection().executemany(_FTS_DELETE, _indexed_tokens(old))
            conn_sql(f"DELETE FROM customer_search WHERE {del_where}", params)
        people: dict[int, list[str]] = defaultdict(list)
        phones: dict[int, list[str]] = defaultdict(list)
        contact_where = "ct.deleted_at IS NULL AND " + where.replace("id ", "ct.customer_id ", 1)
        # each person's name, email and WeChat ID, found like names (`CONTACT_TEXTS`)
        for cid, phone, mobile, *texts in conn_sql(
            f"SELECT ct.customer_id, ct.phone, ct.mobile, {_CONTACT_TEXT_COLS} FROM contact ct "
            f"WHERE {contact_where}",
            params,
        ):
            people[cid].extend(texts)
            phones[cid].extend((phone, mobile))
        # custom fields' texts (text, choice, tags) are found like names (the table exists
        # from schema step 8 on; earlier steps' reindexing runs without it)
        if custom:
            custom_where = where.replace("id ", "v.entity_id ", 1)
            # each card's texts in one order on every backend and plan: the import
            # builds its new cards' documents in it
            order = " ORDER BY v.field_id, v.id"
            for cid, text in conn_sql(f"{_CUSTOM_TEXTS} AND {custom_where}{order}", params):
                people[cid].append(text)
        rows = conn_sql(f"SELECT {_CUSTOMER_COLS} FROM customer WHERE {where}", params).fetchall()
        if grams == "_int4":
            total += _write_documents(rows, people, phones)
            continue
        docs = []
        for row in rows:
            cid = row[0]
            docs.append((cid, customer_parts(row, people.get(cid, ()), phones.get(cid, ()))))
        if not docs:
            continue
        from crm_desktop.models.db import bulk_insert

        if not grams:
            bulk_insert(
                "customer_search", ("customer_id", "doc"), ((c, " ".join(p)) for c, p in docs)
            )
        else:
            # texts of bigrams: an upgrade passing through schemas 11 to 17
            bulk_insert(
                "customer_search",
                ("customer_id", "doc", "grams"),
                ((c, " ".join(p), bigrams(p)) for c, p in docs),
            )
        if fts:
            texts = [(c, " ".join(p)) for c, p in docs]
            database.connection().executemany(
                "INSERT INTO customer_fts(rowid, tokens) VALUES (?, ?)", _indexed_tokens(texts)
            )
        total += len(docs)
    return total
