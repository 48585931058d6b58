"""Follow-ups: the shapes the 100k-customer numbers rely on (schema 5 and 6 indexes, the
planned count kept by triggers, merging, rows)."""

from __future__ import annotations

from datetime import date, datetime

import peewee as pw
import pytest

from crm_desktop.models import Customer, FollowUp, close_database, database, open_database
from crm_desktop.models.migrations import CURRENT_VERSION
from crm_desktop.services import customers as customer_svc
from crm_desktop.services import followups as svc
from crm_desktop.services.followups import cadence, rows

INDEX = "follow_up_status_due_at_customer_id"


@pytest.fixture
def two_owners(team):
    """K1 of sales1, K2 of sales2, each with one planned and one done follow-up in March."""
    ids = {}
    for code, owner in (("K1", "sales1"), ("K2", "sales2")):
        card = customer_svc.create_customer(
            team["manager"], {"code": code, "name": f"客户{code}", "owner": owner}
        )
        ids[code] = card.id
        FollowUp.create(customer=card.id, due_at=datetime(2026, 3, 5, 9), status="planned")
        FollowUp.create(
            customer=card.id,
            due_at=datetime(2026, 3, 6, 9),
            status="done",
            done_at=datetime(2026, 3, 6, 10),
        )
    return ids


def test_salesperson_month_counts_only_their_customers(team, two_owners):
    """A follow-up owned by sales1 on sales2's customer counts for sales2, not for sales1."""
    FollowUp.create(
        customer=two_owners["K2"],
        owner=team["sales1"].id,
        due_at=datetime(2026, 3, 5, 15),
        status="planned",
    )
    got = svc.month_counts(team["sales1"], 2026, 3)
    assert got == {date(2026, 3, 5): svc.DayCount(1, 0), date(2026, 3, 6): svc.DayCount(0, 1)}
    got = svc.month_counts(team["sales2"], 2026, 3)
    assert got == {date(2026, 3, 5): svc.DayCount(2, 0), date(2026, 3, 6): svc.DayCount(0, 1)}
    assert svc.month_counts(team["manager"], 2026, 3)[date(2026, 3, 5)].planned == 3


@pytest.mark.sqlite_only
def test_salesperson_month_reads_the_month_range_of_the_index(team, two_owners):
    """The month is one range of (status, due_at, customer_id), not a seek per customer."""
    mine = Customer.select(Customer.id).where(Customer.owner == team["sales1"].id)
    plus = pw.NodeList((pw.SQL("+"), FollowUp.customer), glue="")
    query = FollowUp.select(pw.fn.COUNT(pw.SQL("*"))).where(
        FollowUp.status.in_(["planned", "done"]),
        FollowUp.due_at >= datetime(2026, 3, 1),
        FollowUp.due_at < datetime(2026, 4, 1),
        plus.in_(mine),
    )
    sql, params = query.sql()
    plan = " ".join(str(r[-1]) for r in database.execute_sql("EXPLAIN QUERY PLAN " + sql, params))
    assert f"COVERING INDEX {INDEX} (status=? AND due_at>? AND due_at<?)" in plan


@pytest.mark.sqlite_only
def test_version_4_database_gets_the_calendar_index(tmp_path):
    target = tmp_path / "v4.db"
    open_database(target)
    database.execute_sql(f'DROP INDEX "{INDEX}"')
    database.execute_sql("UPDATE db_info SET value = '4' WHERE key = 'schema_version'")
    close_database()
    open_database(target)
    names = {r[0] for r in database.execute_sql("SELECT name FROM sqlite_master")}
    assert INDEX in names
    version = database.execute_sql("SELECT value FROM db_info WHERE key = 'schema_version'")
    assert version.fetchone()[0] == str(CURRENT_VERSION)


def _planned_counts() -> dict[str, int]:
    return dict(Customer.select(Customer.code, Customer.planned_followups).tuples())


def test_planned_count_follows_every_write(team, two_owners):
    """Whoever writes follow_up (service, peewee, raw SQL), the customer's count is right."""
    k1, k2 = two_owners["K1"], two_owners["K2"]
    assert _planned_counts() == {"K1": 1, "K2": 1}
    row = svc.plan_followup(
        team["manager"], {"customer": k1, "due_at": datetime(2030, 1, 2, 9), "kind": "call"}
    )
    assert _planned_counts() == {"K1": 2, "K2": 1}
    svc.complete_followup(team["manager"], row.id, "谈妥")
    assert _planned_counts() == {"K1": 1, "K2": 1}
    other = FollowUp.create(customer=k1, due_at=datetime(2030, 1, 3, 9), status="planned")
    assert _planned_counts() == {"K1": 2, "K2": 1}
    FollowUp.update(customer=k2).where(FollowUp.id == other.id).execute()  # moved
    assert _planned_counts() == {"K1": 1, "K2": 2}
    svc.cancel_followup(team["manager"], other.id)
    assert _planned_counts() == {"K1": 1, "K2": 1}
    database.execute_sql(f"DELETE FROM follow_up WHERE customer_id = {int(k1)}")
    database.execute_sql(f"UPDATE follow_up SET status = 'planned' WHERE customer_id = {int(k2)}")
    assert _planned_counts() == {"K1": 0, "K2": 3}


def test_a_customer_with_a_plan_is_not_out_of_cadence(team, two_owners):
    """The cadence rule reads the count: planning the one follow-up takes the row away."""
    customer_svc.update_customer(team["manager"], two_owners["K1"], {"abc_class": "A"})
    FollowUp.delete().where(FollowUp.customer == two_owners["K1"]).execute()
    today = date(2030, 1, 1)
    got = svc.cadence_overdue(team["manager"], today)
    assert [r.customer_code for r in got] == ["K1"]
    svc.plan_followup(
        team["manager"],
        {"customer": two_owners["K1"], "due_at": datetime(2030, 2, 1, 9), "kind": "visit"},
    )
    assert svc.cadence_overdue(team["manager"], today) == []


def _plan(query) -> str:
    sql, params = query.sql()
    rows = database.execute_sql("EXPLAIN QUERY PLAN " + sql, params).fetchall()
    return " | ".join(str(r[-1]) for r in rows)


@pytest.mark.sqlite_only
def test_due_lists_read_only_the_partial_index(team, two_owners):
    """The overdue list: one range of the planned follow-ups' index, no follow_up row read."""
    query = rows._scope(rows._base_query(), team["manager"], None).where(
        FollowUp.status == rows.PLANNED, FollowUp.due_at < datetime(2026, 4, 1)
    )
    plan = _plan(query.order_by(FollowUp.due_at, FollowUp.id))
    assert "COVERING INDEX follow_up_planned_list (status=? AND due_at<?)" in plan
    assert "TEMP B-TREE" not in plan


@pytest.mark.sqlite_only
def test_cadence_reads_no_follow_up(team):
    """Each part of the cadence rule is a covering range of a customer index."""
    parts = cadence._cadence_queries(team["manager"], date(2030, 1, 1), None, svc.cadence_days())
    assert parts
    for part in parts:
        plan = _plan(part)
        assert "follow_up" not in plan
        assert "COVERING INDEX customer_deleted_at_planned_followups" in plan


@pytest.mark.sqlite_only
def test_version_5_database_gets_planned_counts(tmp_path):
    """Upgrading to 6 counts each customer's planned follow-ups and installs the triggers."""
    target = tmp_path / "v5.db"
    open_database(target)
    ids = {c: Customer.create(code=c, name=f"客户{c}").id for c in ("C1", "C2", "C3")}
    for code, status in (("C1", "planned"), ("C1", "planned"), ("C1", "done"), ("C2", "done")):
        FollowUp.create(customer=ids[code], due_at=datetime(2026, 3, 1, 9), status=status)
    con = database.connection()
    for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type='trigger'").fetchall():
        con.execute(f'DROP TRIGGER "{name}"')
    for (name,) in con.execute(
        "SELECT name FROM sqlite_master WHERE type='index' AND "
        "(sql LIKE '%planned_followups%' OR name = 'follow_up_planned_list')"
    ).fetchall():
        con.execute(f'DROP INDEX "{name}"')
    con.execute("ALTER TABLE customer DROP COLUMN planned_followups")
    con.execute("UPDATE db_info SET value = '5' WHERE key = 'schema_version'")
    close_database()

    open_database(target)
    assert _planned_counts() == {"C1": 2, "C2": 0, "C3": 0}
    FollowUp.create(customer=ids["C3"], due_at=datetime(2026, 3, 2, 9), status="planned")
    assert _planned_counts()["C3"] == 1
    names = {r[0] for r in database.execute_sql("SELECT name FROM sqlite_master")}
    assert "follow_up_planned_list" in names
    assert not any("contact_in_470a1aa" in n for n in names)  # the schema-5 cadence index


def _row(kind: str, due: datetime, code: str) -> svc.FollowUpRow:
    return svc.FollowUpRow(None, 1, code, code, kind, "", due, "planned", None, "")


def test_merge_keeps_cadence_rows_first_on_the_same_due():
    t1, t2, t3 = datetime(2026, 3, 1), datetime(2026, 3, 2), datetime(2026, 3, 3)
    cadence = [_row("cadence", t1, "C1"), _row("cadence", t2, "C2")]
    planned = [_row("call", t1, "P1"), _row("call", t2, "P2"), _row("call", t3, "P3")]
    merged = svc.merge_by_due(cadence, planned)
    assert [r.customer_code for r in merged] == ["C1", "P1", "C2", "P2", "P3"]


def test_list_rows_name_owner_and_contact(team, two_owners):
    """Owner names come from the users, contact names from the contact, as before."""
    contact = customer_svc.add_contact(team["manager"], two_owners["K1"], {"name": "王总"})
    FollowUp.create(
        customer=two_owners["K1"],
        owner=team["sales1"].id,
        contact=contact.id,
        due_at=datetime(2026, 3, 2, 9),
        status="planned",
    )
    rows = svc.overdue(team["sales1"], now=datetime(2026, 3, 4), cadence=False)
    assert [(r.owner_name, r.contact_name, r.ends_at, r.outcome) for r in rows] == [
        ("张伟", "王总", None, "")
    ]
