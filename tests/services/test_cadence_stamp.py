"""The cadence answer is kept while what it reads cannot have changed: on PostgreSQL,
until a customer, an account or a setting is written, or a transaction of the
database that was running when it was computed ends."""

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
        ((5, "100:105:100,103"), [], (5, "100:105:100,103"), True),  # nothing happened
        ((5, "100:105:100,103"), [], (5, "100:108:100,103,105,107"), True),  # others wrote
        ((5, "100:105:100,103"), [], (6, "100:105:100,103"), False),  # a customer written
        ((5, "100:105:100,103"), [], (5, "103:105:103"), False),  # 100, this database's, ended
        ((5, "100:105:100,103"), [100], (5, "103:105:103"), True),  # 100 was another's
        ((5, "100:105:100,103"), [100], (5, "100:105:100"), False),  # 103 was this one's
        # ids past 2^32: pg_stat_activity names the running ones by their low 32 bits
        ((5, f"{2**32 + 7}:{2**32 + 9}:{2**32 + 7}"), [7], (5, f"{2**32 + 9}:{2**32 + 9}:"), True),
    ],
)
def test_what_happens_between_two_stamps_decides(before, foreign, after, holds):
    """The answer is stale once the change counter moved, or a transaction of this
    database that was running when it was computed has ended; writes elsewhere, other
    databases' transactions and transactions still running leave it."""
    first = PgSnapshot.parse((before[0], True), before[1], foreign)
    assert nothing_committed_between(first, PgSnapshot.parse((after[0], True), after[1])) is holds


def test_a_snapshot_is_read_from_its_text():
    """The running ids come from pg_current_snapshot's text; xmin and xmax are not needed."""
    stamp = PgSnapshot.parse((3, True), "10:20:10,14", [14])
    assert stamp == PgSnapshot((3, True), frozenset({10, 14}), frozenset({14}))
    assert PgSnapshot.parse((1, False), "20:20:").running == frozenset()


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


@pytest.mark.skipif(not PG_URL, reason="needs CRM_TEST_DB_URL (PostgreSQL)")
def test_writes_the_answer_does_not_read_keep_it(team):
    """On PostgreSQL an audit entry and a history entry committed by another program
    leave the kept answer as it was (the same rows, not computed again); a setting
    written next renews it."""
    from crm_desktop.services.settings import set_setting

    manager = team["manager"]
    customer_svc.create_customer(
        manager, {"code": "Q1", "name": "客户Q1", "owner": "sales1", "abc_class": "A"}
    )
    Customer.update(created_at=datetime(2025, 1, 1)).execute()
    svc.clear_cache()
    first = svc.cadence_overdue(manager, TODAY)
    con = _other_connection()
    cursor = con.cursor()
    cursor.execute(
        "INSERT INTO audit_event (at, action, entity, count, detail) "
        "VALUES (now(), 'print', 'customer', 1, '')"
    )
    cursor.execute(
        "INSERT INTO change_log (entity, entity_id, field, at) VALUES ('sale', 1, 'created', now())"
    )
    con.commit()
    con.close()
    again = svc.cadence_overdue(manager, TODAY)
    assert again == first and again[0] is first[0]
    set_setting(team["admin"], "cadence_days", {"A": 14, "B": 30, "C": 90, "D": 180})
    renewed = svc.cadence_overdue(manager, TODAY)
    assert renewed == first and renewed[0] is not first[0]
