"""The cadence answer is kept while the database cannot have changed: on PostgreSQL,
until a transaction that was running or not yet started when it was computed ends,
whatever else starts meanwhile."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime

import pytest
from conftest import PG_URL

from crm_desktop.models import Customer, database
from crm_desktop.services import customers as customer_svc
from crm_desktop.services import followups as svc
from crm_desktop.services.followups.stamp import PgSnapshot, nothing_committed_between

TODAY = date(2026, 3, 18)


@pytest.mark.parametrize(
    ("before", "foreign", "after", "holds"),
    [
        ("100:105:100,103", [], "100:105:100,103", True),  # the same snapshot
        ("100:105:100,103", [], "100:108:100,103,105,106,107", True),  # three started
        ("100:105:100,103", [], "100:108:100,103,105,107", False),  # one started and ended
        ("100:105:100,103", [], "103:105:103", False),  # 100 (this database's) ended
        ("100:105:100,103", [100], "103:105:103", True),  # 100 was another database's
        ("100:105:100,103", [100], "100:105:100", False),  # 103 was this database's
        ("100:105:", [], "105:105:", True),  # nothing ran, nothing started
        # ids past 2^32: pg_stat_activity names the running ones by their low 32 bits
        (f"{2**32 + 7}:{2**32 + 9}:{2**32 + 7}", [7], f"{2**32 + 9}:{2**32 + 9}:", True),
    ],
)
def test_what_ends_between_two_snapshots_decides(before, foreign, after, holds):
    """Only a transaction that ended since, and was not another database's running one,
    makes the cached answer stale; transactions that started and still run do not."""
    first = PgSnapshot.parse(before, foreign)
    assert nothing_committed_between(first, PgSnapshot.parse(after)) is holds


def test_a_snapshot_is_read_from_its_text():
    """xmax and the running ids come from pg_current_snapshot's text; xmin is not needed."""
    assert PgSnapshot.parse("10:20:10,14", [14]) == PgSnapshot(20, frozenset({10, 14}), {14})
    assert PgSnapshot.parse("20:20:") == PgSnapshot(20, frozenset())


def _other_connection():
    """A second connection to the test database, as another program would hold."""
    if PG_URL:
        import psycopg2

        return psycopg2.connect(PG_URL)
    return sqlite3.connect(database.database)


def test_a_commit_by_another_program_renews_the_cached_answer(team):
    """The manager's cadence list is computed and kept; another program deletes one of
    its customers and commits; the next call sees the customer gone."""
    manager = team["manager"]
    made = {}
    for code in ("Q1", "Q2"):
        card = customer_svc.create_customer(
            manager, {"code": code, "name": f"客户{code}", "owner": "sales1", "abc_class": "A"}
        )
        made[code] = card.id
    Customer.update(created_at=datetime(2025, 1, 1)).execute()
    svc.clear_cache()
    first = [r.customer_code for r in svc.cadence_overdue(manager, TODAY)]
    assert first == ["Q1", "Q2"]
    assert [r.customer_code for r in svc.cadence_overdue(manager, TODAY)] == first
    con = _other_connection()
    mark = "%s" if PG_URL else "?"
    cursor = con.cursor()
    cursor.execute(
        f"UPDATE customer SET deleted_at = {mark} WHERE id = {mark}",
        ("2026-03-18 09:00:00", made["Q2"]),
    )
    con.commit()
    con.close()
    assert [r.customer_code for r in svc.cadence_overdue(manager, TODAY)] == ["Q1"]
