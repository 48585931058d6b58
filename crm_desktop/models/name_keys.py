"""The customers' name sort keys (`customer.name_key`), derived from their names.

Kept beside the search document: every path that writes a customer's name (the card,
the importer, the demo) reindexes it, and the reindex refreshes the key as well, so the
list's name sort needs nothing of the writers.
"""

from __future__ import annotations

from collections.abc import Sequence

from crm_desktop.models.base import database
from crm_desktop.textutil import name_sort_key

_CHUNK = 500


def refresh_name_keys(ids: Sequence[int] | None = None) -> int:
    """Set `name_key` of the given customers (all when None) where it is out of date.

    Returns how many rows changed. Call inside a transaction.
    """
    mark = database.param
    if ids is None:
        rows = database.execute_sql("SELECT id, name, name_key FROM customer").fetchall()
    else:
        rows = []
        for i in range(0, len(ids), _CHUNK):
            chunk = tuple(ids[i : i + _CHUNK])
            marks = ", ".join([mark] * len(chunk))
            rows += database.execute_sql(
                f"SELECT id, name, name_key FROM customer WHERE id IN ({marks})", chunk
            ).fetchall()
    changed = [(key, cid) for cid, name, old in rows if (key := name_sort_key(name or "")) != old]
    if not changed:
        return 0
    if mark == "%s":  # PostgreSQL: one statement per 5,000 rows, not a round trip each
        from crm_desktop.models.pg_copy import update_by_id

        update_by_id(database.cursor(), "customer", "name_key", changed)
    else:
        database.cursor().executemany(
            f"UPDATE customer SET name_key = {mark} WHERE id = {mark}", changed
        )
    return len(changed)
