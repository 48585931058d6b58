"""Team mode on a PostgreSQL server: the session the app sets up and the cadence cache."""

from __future__ import annotations

from datetime import datetime

import pytest
from conftest import PG_URL
from playhouse.test_utils import count_queries

from crm_desktop.models import Customer, database
from crm_desktop.services import customers as customer_svc
from crm_desktop.services import followups as svc

pytestmark = pytest.mark.skipif(not PG_URL, reason="needs CRM_TEST_DB_URL (PostgreSQL)")

NOW = datetime(2026, 3, 18, 10, 0)


def test_each_connection_gets_the_session_settings_the_queries_need(db):
    """A connection the app opens has 64 MB of work memory, no JIT compiling and no
    parallel workers."""
    for _ in range(2):  # the first connection, and one made after it is closed
        assert database.execute_sql("SHOW work_mem").fetchone()[0] == "64MB"
        assert database.execute_sql("SHOW jit").fetchone()[0] == "off"
        parallel = database.execute_sql("SHOW max_parallel_workers_per_gather").fetchone()
        assert parallel[0] == "0"
        database.close()


def test_cadence_answer_is_kept_until_someone_writes(team):
    """Asked again with nothing written, the cadence rows come from the cache (one
    statement); a write by another client shows at once."""
    import psycopg2

    manager = team["manager"]
    for code, cls in (("K1", "A"), ("K2", "C")):
        customer_svc.create_customer(
            manager, {"code": code, "name": f"客户{code}", "owner": "sales1", "abc_class": cls}
        )
    Customer.update(created_at=datetime(2025, 1, 1)).execute()
    first = svc.cadence_overdue(manager, NOW.date())
    assert {r.customer_code for r in first} == {"K1", "K2"}
    # two statements (the change counter, then the server's snapshot) when answered
    # from the cache; another transaction of this database ending in between renews it, so
    # a few tries
    answered = []
    for _ in range(20):
        with count_queries() as counter:
            assert svc.cadence_overdue(manager, NOW.date()) == first
        answered.append(counter.count)
        if counter.count == 2:
            break
    assert 2 in answered, answered

    svc.plan_followup(manager, {"customer": "K2", "due_at": "2026-03-25"})  # our own write
    assert [r.customer_code for r in svc.cadence_overdue(manager, NOW.date())] == ["K1"]
    assert svc.cadence_overdue(manager, NOW.date()) == svc.cadence_overdue(manager, NOW.date())

    other = psycopg2.connect(PG_URL)  # another client records yesterday's visit to K1
    with other, other.cursor() as cursor:
        cursor.execute("UPDATE customer SET last_contact_at = %s WHERE code = 'K1'", (NOW,))
    other.close()
    assert svc.cadence_overdue(manager, NOW.date()) == []


def test_another_databases_transaction_ending_keeps_the_answer(team):
    """A transaction of another database of the server, running when the answer was
    computed and ended since, leaves it kept (the snapshot lists it; the server's
    activity names its database); one of this database renews it."""
    import psycopg2

    manager = team["manager"]
    customer_svc.create_customer(
        manager, {"code": "K1", "name": "客户K1", "owner": "sales1", "abc_class": "A"}
    )
    Customer.update(created_at=datetime(2025, 1, 1)).execute()
    kept = []
    for _ in range(10):  # a transaction of this database ending meanwhile renews it: tries
        elsewhere = psycopg2.connect(PG_URL, dbname="postgres")
        elsewhere.cursor().execute("SELECT txid_current()")  # running, with an id
        svc.clear_cache()
        first = svc.cadence_overdue(manager, NOW.date())
        elsewhere.commit()
        elsewhere.close()
        kept.append(svc.cadence_overdue(manager, NOW.date())[0] is first[0])
        if kept[-1]:
            break
    assert kept[-1], kept
    here = psycopg2.connect(PG_URL)
    here.cursor().execute("SELECT txid_current()")
    svc.clear_cache()
    first = svc.cadence_overdue(manager, NOW.date())
    here.commit()
    here.close()
    assert svc.cadence_overdue(manager, NOW.date())[0] is not first[0]
