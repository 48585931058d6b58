"""COPYs left running while the next rows are made (`copies_behind`, PostgreSQL): every
statement after them sees their rows, a failed one fails the work it belongs to, and on
SQLite nothing changes."""

from __future__ import annotations

import pytest
from conftest import PG_URL

from crm_desktop.models import Product, bulk_insert, copies_behind, database, transaction
from crm_desktop.models.db import BEHIND_BATCH
from crm_desktop.models.pg_copy import OPEN

COLUMNS = (
    "uuid",
    "created_at",
    "updated_at",
    "version",
    "code",
    "name",
    "category",
    "unit",
    "price",
    "active",
)


def _products(first: int, n: int) -> list[tuple]:
    stamp = "2026-06-01 08:00:00"
    return [
        (
            f"00000000-0000-7000-8000-{k:012x}",
            stamp,
            stamp,
            1,
            f"P{k:06d}",
            f"产品{k}",
            "",
            "件",
            100,
            True,
        )
        for k in range(first, first + n)
    ]


def test_statements_after_the_copies_see_their_rows(db):
    """Rows handed over in several batches are all counted by the very next query, and
    again after the block; the open list is empty after it."""
    n = BEHIND_BATCH * 2 + 7
    with transaction(), copies_behind():
        assert bulk_insert("product", COLUMNS, iter(_products(1, n))) == n
        assert Product.select().count() == n  # waits for the last COPY
        bulk_insert("product", COLUMNS, _products(n + 1, 5))
    assert Product.select().count() == n + 5
    assert OPEN == []


@pytest.mark.skipif(not PG_URL, reason="needs CRM_TEST_DB_URL (PostgreSQL)")
def test_a_failed_copy_fails_the_next_statement_and_rolls_back(db):
    """A batch the server refuses (a duplicate code) raises at the next statement, and
    the transaction writes nothing."""
    rows = _products(1, 10)
    with pytest.raises(Exception) as caught, transaction(), copies_behind():
        bulk_insert("product", COLUMNS, rows)
        bulk_insert("product", COLUMNS, [rows[0]])  # its uuid again: unique index
        database.execute_sql("SELECT 1")
    assert "unique" in str(caught.value).lower() or "duplicate" in str(caught.value).lower()
    assert OPEN == []
    assert Product.select().count() == 0
