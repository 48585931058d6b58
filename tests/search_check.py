"""The FTS index against the documents: every token of every document, and nothing else."""

from __future__ import annotations

from crm_desktop.models import database, is_sqlite
from crm_desktop.search_text import tokens_of


def assert_index_matches_documents() -> None:
    """A contentless FTS table told the wrong tokens on a delete keeps the old ones (its
    own integrity-check does not see it); this does."""
    if not is_sqlite():
        return
    database.execute_sql(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.fts_terms "
        "USING fts5vocab(main, customer_fts, instance)"
    )
    indexed = sorted(database.execute_sql("SELECT term, doc, offset FROM temp.fts_terms"))
    expected = sorted(
        (term, cid, offset)
        for cid, doc in database.execute_sql("SELECT customer_id, doc FROM customer_search")
        for offset, term in enumerate(tokens_of(doc.split(" ")).split())
    )
    assert indexed == expected
