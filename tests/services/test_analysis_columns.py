"""The column-wise figures (services.columnar) against a plain Python reference.

Random sales, payments and customers — deleted lines and customers, lines without a
product, a salesperson or an order number, fractional quantities, returns (negative
amounts) — and each figure worked out again here by walking the rows one by one.
"""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, datetime, timedelta
from decimal import Decimal

import numpy as np
import pytest

from crm_desktop.models import Customer, Payment, Product, Sale, transaction
from crm_desktop.services import analysis as an
from crm_desktop.services import columnar, receivables
from crm_desktop.services.analysis import report as report_module

PERIOD = an.Period(date(2025, 1, 1), date(2025, 12, 31))
FIRST = date(2023, 6, 1)


@pytest.fixture
def random_sales(team):
    rng = random.Random(7)
    sellers = [team["sales1"].id, team["sales2"].id, None]
    products = [
        Product.create(code=f"P{i}", name=f"产品{i}", category=f"类{i % 3}").id for i in range(6)
    ] + [None]
    customers = []
    for i in range(40):
        customers.append(
            Customer.create(
                code=f"R{i:03d}",
                name=f"客户{i}",
                owner=rng.choice(sellers[:2]),
                collection_days=rng.choice([None, 0, 30, 75]),
                deleted_at=datetime(2025, 6, 1) if i % 13 == 5 else None,
            ).id
        )
    sales, payments = [], []
    for n in range(1500):
        fen = rng.randint(-2_000, 300_000) if rng.random() < 0.1 else rng.randint(100, 900_000)
        sales.append(
            {
                "deleted_at": datetime(2025, 2, 1) if rng.random() < 0.03 else None,
                "customer": rng.choice(customers),
                "product": rng.choice(products),
                "salesperson": rng.choice(sellers),
                "order_no": rng.choice(["", f"SO{n // 3}", f"SO{n // 3}", "SO-shared"]),
                "date": FIRST + timedelta(days=rng.randint(0, 1000)),
                "quantity": rng.choice([1, 2, 3, Decimal("1.5"), Decimal("0.125")]),
                "amount": Decimal(fen) / 100,
            }
        )
    for _ in range(400):
        payments.append(
            {
                "customer": rng.choice(customers),
                "date": FIRST + timedelta(days=rng.randint(0, 1000)),
                "amount": Decimal(rng.randint(1_000, 2_000_000)) / 100,
            }
        )
    with transaction():
        for start in range(0, len(sales), 100):
            Sale.insert_many(sales[start : start + 100]).execute()
        for start in range(0, len(payments), 100):
            Payment.insert_many(payments[start : start + 100]).execute()
    return customers


def _live_sales(owner_id: int | None = None):
    """(id, customer, product, salesperson, order_no, date, quantity, fen) of live lines."""
    query = (
        Sale.select(
            Sale.id, Sale.customer, Sale.product, Sale.salesperson, Sale.order_no, Sale.date,
            Sale.quantity, Sale.amount,
        )
        .join(Customer)
        .where(Sale.deleted_at.is_null(), Customer.deleted_at.is_null())
    )  # fmt: skip
    if owner_id is not None:
        query = query.where(Customer.owner == owner_id)
    return [
        (*row[:5], _as_date(row[5]), Decimal(str(row[6])), int(row[7] * 100))
        for row in query.tuples()
    ]


def _as_date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _reference_lines(rows, period):
    sp_sales, p_sales, p_qty = defaultdict(int), defaultdict(int), defaultdict(Decimal)
    sp_cust, p_cust, sp_orders = defaultdict(set), defaultdict(set), defaultdict(set)
    m_sp, m_p = defaultdict(int), defaultdict(int)
    orders = set()
    lines = 0
    for line_id, cust, pid, sp, order_no, day, qty, fen in rows:
        if not (period.start <= day <= period.end):
            continue
        lines += 1
        month = f"{day.year:04d}-{day.month:02d}"
        sp_sales[sp] += fen
        p_sales[pid] += fen
        p_qty[pid] += qty
        m_sp[(month, sp)] += fen
        m_p[(month, pid)] += fen
        sp_cust[sp].add(cust)
        p_cust[pid].add(cust)
        key = order_no or f"line {line_id}"
        orders.add(key)
        sp_orders[sp].add(key)
    return {
        "lines": lines,
        "orders": len(orders),
        "sp_sales": dict(sp_sales),
        "product_sales": dict(p_sales),
        "product_quantity": dict(p_qty),
        "month_sp": dict(m_sp),
        "month_product": dict(m_p),
        "sp_customers": {k: len(v) for k, v in sp_cust.items()},
        "product_customers": {k: len(v) for k, v in p_cust.items()},
        "sp_orders": {k: len(v) for k, v in sp_orders.items()},
    }


@pytest.mark.parametrize("who", ["admin", "sales1"])
@pytest.mark.parametrize(
    "period", [PERIOD, an.Period(date(2024, 3, 5), date(2025, 8, 20)), PERIOD.previous()]
)
def test_line_stats_equal_a_walk_of_the_lines(team, random_sales, who, period):
    actor = team[who]
    expected = _reference_lines(_live_sales(None if who == "admin" else actor.id), period)
    got = an.line_stats(actor, period)
    assert expected["lines"] > 50
    for name, value in expected.items():
        assert getattr(got, name) == value, name


def _reference_customers(rows, period):
    sales, last = defaultdict(int), {}
    previous = period.previous()
    prev_sales = defaultdict(int)
    for _, cust, _, _, _, day, _, fen in rows:
        if period.start <= day <= period.end:
            sales[cust] += fen
        elif previous.start <= day <= previous.end:
            prev_sales[cust] += fen
        else:
            continue
        last[cust] = max(last.get(cust, day), day)
    return sales, prev_sales, last


@pytest.mark.parametrize("who", ["admin", "sales2"])
def test_customer_figures_equal_a_walk_of_the_lines(team, random_sales, who):
    actor = team[who]
    sales, prev, last = _reference_customers(
        _live_sales(None if who == "admin" else actor.id), PERIOD
    )
    figures = an.customer_figures(actor, PERIOD)
    assert len(figures) == len(an.customer_table(actor)) > 10
    for f in figures:
        assert f.sales_fen == sales.get(f.customer_id, 0), f.code
        assert f.previous_fen == prev.get(f.customer_id, 0), f.code
        assert f.last_order == last.get(f.customer_id), f.code
    amounts = [f.sales_fen for f in figures]
    assert amounts == sorted(amounts, reverse=True)


def _reference_aging(rows, as_of, owner_id=None, every_line=False):
    query = Customer.select().where(Customer.deleted_at.is_null())
    if owner_id is not None:
        query = query.where(Customer.owner == owner_id)
    customers = {c.id: c for c in query}
    balance = defaultdict(int)
    per_day = defaultdict(lambda: defaultdict(int))
    for _, cust, _, _, _, day, _, fen in rows:
        if (every_line or day <= as_of) and cust in customers:
            balance[cust] += fen
            per_day[cust][day] += fen
    for p in Payment.select().where(Payment.deleted_at.is_null()):
        if p.customer_id in customers and (every_line or p.date <= as_of):
            balance[p.customer_id] -= int(p.amount * 100)
    out = {}
    for cust, owed in balance.items():
        if owed == 0:
            continue
        buckets = [0] * 5
        if owed > 0:
            remaining = owed
            for day in sorted(per_day[cust], reverse=True):
                fen = per_day[cust][day]
                if fen <= 0 or remaining <= 0:
                    continue
                take = min(fen, remaining)
                remaining -= take
                past_due = (as_of - day).days - (customers[cust].collection_days or 0)
                buckets[receivables.aging_bucket(past_due)] += take
            buckets[4] += remaining
        out[cust] = (owed, tuple(buckets))
    return out


@pytest.mark.parametrize("who", ["admin", "sales1"])
@pytest.mark.parametrize("as_of", [date(2024, 12, 31), date(2025, 7, 15), date(2026, 3, 1)])
def test_aging_equals_a_fifo_walk(team, random_sales, who, as_of):
    actor = team[who]
    owner = None if who == "admin" else actor.id
    expected = _reference_aging(_live_sales(owner), as_of, owner)
    got = {
        r.customer_id: (r.balance_fen, r.buckets_fen) for r in an.receivables_aging(actor, as_of)
    }
    assert len(expected) > 5
    assert any(b[0] < 0 for b in expected.values())  # someone paid more than they bought
    assert got == expected


@pytest.mark.parametrize("who", ["admin", "sales2"])
@pytest.mark.parametrize("as_of", [date(2024, 12, 31), date(2025, 7, 15)])
def test_credit_page_aging_is_the_same_rule_over_every_line(team, random_sales, who, as_of):
    """The credit page's list: the card's balance (later lines too, not yet due), the
    same FIFO rule, only customers who owe, the most overdue first."""
    actor = team[who]
    owner = None if who == "admin" else actor.id
    expected = _reference_aging(_live_sales(owner), as_of, owner, every_line=True)
    expected = {cid: v for cid, v in expected.items() if v[0] > 0}
    rows = receivables.aging(actor, as_of)
    assert {r.customer_id: (int(r.total * 100), r.fen) for r in rows} == expected
    overdue = [int(r.overdue * 100) for r in rows]
    assert overdue == sorted(overdue, reverse=True)
    assert len(rows) > 5


def test_report_in_a_transaction_reads_on_one_connection(team, random_sales):
    """Inside a transaction the lines are read on the same connection (a second one would
    not see the uncommitted writes); outside, on a second one, with the same figures."""
    actor = team["admin"]
    assert report_module._may_read_in_parallel() is True
    outside = an.sales_report(actor, PERIOD)
    assert outside.summary == an.period_summary(actor, PERIOD)
    with transaction():
        Sale.update(amount=Decimal("1234.56")).where(
            Sale.date.between(PERIOD.start, PERIOD.end)
        ).execute()
        assert report_module._may_read_in_parallel() is False
        inside = an.sales_report(actor, PERIOD)
        assert inside.summary.sales == Decimal("1234.56") * inside.summary.lines
        assert sum(s.sales for s in inside.salespeople) == inside.summary.sales


def test_pack_unpack_and_groups():
    a = np.array([3, 0, 3, 1, 3], dtype=np.int64)
    b = np.array([7, 7, 2, 0, 7], dtype=np.int64)
    key, radixes = columnar.pack(a, b)
    assert [x.tolist() for x in columnar.unpack(key, radixes)] == [a.tolist(), b.tolist()]
    keys, (sums,) = columnar.group_sums(a, b)
    assert dict(zip(keys.tolist(), sums.tolist(), strict=True)) == {0: 7, 1: 0, 3: 16}
    assert columnar.distinct_counts(a, b) == {0: 1, 1: 1, 3: 2}
    with pytest.raises(OverflowError):
        columnar.pack(np.array([2**40]), np.array([2**40]))


def test_read_columns_kinds_nulls_and_nothing(db):
    """Each kind comes back as it went in; a NULL is refused, not silently dropped."""
    Customer.create(code="N1", name="甲", founded=date(1969, 12, 31))
    Customer.create(code="N2", name="乙", founded=date(2024, 2, 29))
    with pytest.raises(ValueError, match="NULLs"):
        columnar.int_columns(["owner_id"], '"customer"')
    ids, codes, days, months = columnar.read_columns(
        [("int", "id"), ("text", "code"), ("day", "founded"), ("month", "founded")],
        '"customer"',
    )
    assert ids.tolist() == [1, 2] and codes == ["N1", "N2"]
    epoch = date(1970, 1, 1)
    assert days.tolist() == [-1, (date(2024, 2, 29) - epoch).days]
    assert months.tolist() == [1969 * 12 + 11, 2024 * 12 + 1]
    (empty,) = columnar.int_columns(["id"], '"customer" WHERE id < 0')
    assert len(empty) == 0
