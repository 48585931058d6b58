"""Transactions and money columns, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from decimal import Decimal

import pytest

from crm_desktop.models import Customer, database, transaction


def test_failed_transaction_leaves_nothing(db):
    with pytest.raises(RuntimeError), transaction():
        Customer.create(code="X1", name="半途而废有限公司")
        raise RuntimeError("boom")
    assert Customer.select().count() == 0


def test_money_is_stored_in_fen(db):
    """12345.67 yuan is the integer 1234567 in the database and a Decimal in Python."""
    Customer.create(code="M1", name="金额测试", credit_limit=Decimal("12345.67"))
    raw = database.execute_sql("SELECT credit_limit FROM customer WHERE code='M1'").fetchone()[0]
    assert raw == 1234567
    assert Customer.get(Customer.code == "M1").credit_limit == Decimal("12345.67")
