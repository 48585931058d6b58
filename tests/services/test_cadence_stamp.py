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


def test_the_newest_running_transaction_is_known_from_the_activity():
    """A snapshot lists no running id at or past its xmax, one past the newest completed
    transaction: the newest one, running, is named by the server's activity alone; when
    it ends, the answer computed while it ran is renewed."""
    while_running = PgSnapshot.parse((5, True), "100:100:", [], [100])
    assert while_running.running == frozenset({100})
    after = PgSnapshot.parse((5, True), "101:101:", [], [])
    assert nothing_committed_between(while_running, after) is False
    assert nothing_committed_between(PgSnapshot.parse((5, True), "100:100:"), after) is True


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


def test_the_overdue_lists_planned_rows_are_kept_until_a_follow_up_or_contact_changes(team):
    """The manager's overdue list is asked again and again (badges, the Today page): its
    planned rows are kept while nothing they read changes, and another program's
    follow-up rescheduled or contact renamed shows in the next answer."""
    manager = team["manager"]
    card = customer_svc.create_customer(
        manager, {"code": "Q1", "name": "客户Q1", "owner": "sales1"}
    )
    person = customer_svc.add_contact(manager, card.id, {"name": "王经理"})
    for day in ("2026-03-10 09:00", "2026-03-12 09:00"):
        svc.plan_followup(manager, {"customer": "Q1", "due_at": day, "contact": person.id})
    svc.clear_cache()
    first = svc.overdue_rows(manager, TODAY, cadence=False)
    assert [(r.due_at.day, r.contact_name) for r in first] == [(10, "王经理"), (12, "王经理")]
    again = svc.overdue_rows(manager, TODAY, cadence=False)
    assert again == first and again[0] is first[0]  # kept, not read again
    mark = "%s" if PG_URL else "?"
    for sql, params in (
        (
            f"UPDATE follow_up SET due_at = {mark} WHERE id = {mark}",
            ("2026-03-25 09:00:00", first[0].id),
        ),
        (f"UPDATE contact SET name = {mark} WHERE id = {mark}", ("王总", person.id)),
    ):
        con = _other_connection()
        con.cursor().execute(sql, params)
        con.commit()
        con.close()
        rows = svc.overdue_rows(manager, TODAY, cadence=False)
        assert rows[0] is not first[0]
    assert [(r.due_at.day, r.contact_name) for r in rows] == [(12, "王总")]
    # this program's own writes renew it as well
    svc.plan_followup(manager, {"customer": "Q1", "due_at": "2026-03-11 09:00"})
    assert [r.due_at.day for r in svc.overdue_rows(manager, TODAY, cadence=False)] == [11, 12]


@pytest.mark.skipif(not PG_URL, reason="needs CRM_TEST_DB_URL (PostgreSQL)")
def test_a_follow_up_rescheduled_keeps_the_cadence_answer(team):
    """On PostgreSQL a follow-up's subject changed by another program renews the planned
    rows but leaves the cadence answer kept: it does not read the follow-ups' texts."""
    manager = team["manager"]
    customer_svc.create_customer(
        manager, {"code": "Q1", "name": "客户Q1", "owner": "sales1", "abc_class": "A"}
    )
    customer_svc.create_customer(manager, {"code": "Q2", "name": "客户Q2", "owner": "sales1"})
    Customer.update(created_at=datetime(2025, 1, 1)).execute()
    planned = svc.plan_followup(manager, {"customer": "Q2", "due_at": "2026-03-10 09:00"})
    svc.clear_cache()
    cadence = svc.cadence_overdue(manager, TODAY)
    rows = svc.overdue_rows(manager, TODAY, cadence=False)
    con = _other_connection()
    con.cursor().execute("UPDATE follow_up SET subject = '改过' WHERE id = %s", (planned.id,))
    con.commit()
    con.close()
    assert svc.cadence_overdue(manager, TODAY)[0] is cadence[0]
    renewed = svc.overdue_rows(manager, TODAY, cadence=False)
    assert renewed[0] is not rows[0] and renewed[0].subject == "改过"
