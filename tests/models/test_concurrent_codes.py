"""Generated customer codes: two clients creating customers at once both succeed."""

from __future__ import annotations

import threading

import pytest
from conftest import PG_URL

from crm_desktop.errors import Conflict
from crm_desktop.models import Customer, database, retry_on_conflict


def test_two_clients_creating_customers_at_once_get_distinct_codes(db, admin, monkeypatch):
    """Each thread has its own connection; on PostgreSQL both read the same highest code
    before either inserts, the second insert collides and is retried with the next code."""
    from crm_desktop.services import customers

    real = customers.next_customer_code
    barrier = threading.Barrier(2, timeout=10)
    first = threading.local()
    generated: list[str] = []

    def next_code() -> str:
        code = real()
        generated.append(code)
        if PG_URL and not getattr(first, "done", False):
            first.done = True
            barrier.wait()  # both have read the highest code; neither has inserted
        return code

    monkeypatch.setattr(customers, "next_customer_code", next_code)
    codes: list[str] = []
    errors: list[BaseException] = []

    def client(name: str) -> None:
        try:
            codes.append(customers.create_customer(admin, {"name": name}).code)
        except BaseException as exc:  # noqa: BLE001 - the test reports it
            errors.append(exc)
        finally:
            database.close()  # this thread's own connection

    threads = [
        threading.Thread(target=client, args=(name,))
        for name in ("杭州西湖贸易有限公司", "苏州园林科技有限公司")
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []
    assert sorted(codes) == ["C000001", "C000002"]
    assert len(generated) == (3 if PG_URL else 2)  # on PostgreSQL one code was taken twice
    assert sorted(c.code for c in Customer.select()) == ["C000001", "C000002"]


def test_a_value_that_keeps_colliding_is_a_conflict_after_the_attempts(db):
    """A unique value taken on every attempt ends as Conflict(storage.keeps_colliding)."""
    Customer.create(code="C000001", name="已存在有限公司")
    calls: list[int] = []

    def write() -> Customer:
        calls.append(1)
        with database.atomic():
            return Customer.create(code="C000001", name="重复编号有限公司")

    with pytest.raises(Conflict) as info:
        retry_on_conflict(write, attempts=3)
    assert info.value.code == "storage.keeps_colliding" and len(calls) == 3
    assert "3" in info.value.render("zh_CN")


def test_other_integrity_errors_are_not_retried(db):
    """A broken NOT NULL or foreign key is a bug, raised at once, not retried."""
    import peewee as pw

    calls: list[int] = []

    def write() -> None:
        calls.append(1)
        with database.atomic():
            database.execute_sql("INSERT INTO db_info (key, value) VALUES ('x', NULL)")

    with pytest.raises(pw.IntegrityError):
        retry_on_conflict(write)
    assert len(calls) == 1
