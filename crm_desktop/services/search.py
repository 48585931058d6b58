"""Customer search: what a query means, as a condition on the customer list.

A query is split on spaces; every word must match. On SQLite a word of two or more
characters becomes an FTS5 phrase of its character bigrams (exact substring
semantics, two-character Chinese included); a single character is a prefix query.
On PostgreSQL the same bigrams are looked up in `customer_search.grams` (its GIN
index), and each word is then checked as a LIKE on the folded document: the same
hits as SQLite's phrase. A word of one character is a LIKE alone.
"""

from __future__ import annotations

import json

import peewee as pw

from crm_desktop.models import database, is_sqlite
from crm_desktop.textutil import fold


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


# the column the GIN index of schema 8 is built on
_GRAMS = "grams"


def postgres_search(text: str) -> tuple[str, list] | None:
    """(the query of the matching customer ids, its parameters) on PostgreSQL; None when
    the text has no letters or digits. The bigrams of every word of two or more
    characters must all be among a document's (the GIN index answers that), and every
    word must be in the document (the bigrams' order)."""
    words = [folded for folded in (fold(w) for w in text.split()) if folded]
    if not words:
        return None
    grams = sorted({w[i : i + 2] for w in words for i in range(len(w) - 1)})
    where = [f"{_GRAMS} @> %s::text[]"] if grams else []
    # a word of two characters is its bigram, which lies within one part of a
    # document as the word must: the index says it all
    checked = [w for w in words if len(w) != 2]
    where += ["doc LIKE %s" for _ in checked]
    params: list = [grams] if grams else []
    params += [f"%{w}%" for w in checked]
    # MATERIALIZED: the hits are found once through the index, then joined; left to
    # itself the planner would test every customer in list order against them
    sql = f"SELECT customer_id FROM customer_search WHERE {' AND '.join(where)}"
    return f"WITH hits AS MATERIALIZED ({sql}) SELECT customer_id FROM hits", params


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
