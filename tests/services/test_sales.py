"""Sales lines, payments, the catalogue, balances, exposure, aging and the over-limit rule."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from crm_desktop.errors import PermissionDenied, ValidationError
from crm_desktop.models import Sale, utcnow
from crm_desktop.services import credit, receivables, sales
from crm_desktop.services.customers import create_customer, delete_customer

TODAY = date(2026, 6, 30)


@pytest.fixture
def cust(team):
    return create_customer(team["sales1"], {"name": "华科商贸", "code": "C1"})


def _grant(team, customer_id, limit, days=None):
    req = credit.request_credit(team["manager"], customer_id, limit=limit, days=days, reason="r")
    credit.approve(team["admin"], req.request.id)


def test_catalogue(team):
    """Managers keep the catalogue; salespeople read it; codes are unique."""
    p = sales.create_product(team["manager"], "P-01", "打印纸 A4", "办公", "箱", "125.50")
    assert p.price == Decimal("125.50")
    with pytest.raises(ValidationError, match="already used"):
        sales.create_product(team["admin"], "P-01", "x")
    with pytest.raises(PermissionDenied):
        sales.create_product(team["sales1"], "P-02", "y")
    with pytest.raises(ValidationError, match="negative"):
        sales.create_product(team["admin"], "P-03", "z", price="-1")
    updated = sales.update_product(team["admin"], p.id, {"price": "130", "active": False})
    assert updated.price == Decimal("130.00") and updated.version == 2
    assert sales.list_products() == []
    assert [x.code for x in sales.list_products("打印", include_inactive=True)] == ["P-01"]


def test_sale_amount_and_balance(team, cust):
    """amount = quantity × unit price to the fen; balance = sales − payments; deleted lines out."""
    s1 = team["sales1"]
    p = sales.create_product(team["admin"], "P1", "螺丝", unit="盒", price="3.33")
    line = sales.record_sale(s1, cust.id, sale_date="2026年6月1日", quantity="3", product_id=p.id)
    assert line.amount == Decimal("9.99") and line.unit_price == Decimal("3.33")
    assert line.product_code == "P1" and line.salesperson == "张伟"
    line2 = sales.record_sale(
        s1, cust.id, sale_date="2026-06-02", quantity="2.5", unit_price="1.01"
    )
    assert line2.amount == Decimal("2.53")  # 2.525 rounds half up
    sales.record_payment(s1, cust.id, payment_date="2026-06-03", amount="5")
    exp = receivables.exposure(s1, cust.id)
    assert exp.balance == Decimal("7.52") and exp.credit_limit is None and exp.ratio is None
    Sale.update(deleted_at=utcnow()).where(Sale.id == line2.id).execute()
    assert receivables.exposure(s1, cust.id).balance == Decimal("4.99")
    assert receivables.all_balances_minor()[cust.id] == 499
    assert [s.id for s in sales.customer_sales(s1, cust.id)] == [line.id]
    assert len(sales.customer_payments(s1, cust.id)) == 1


@pytest.mark.parametrize(
    ("quantity", "price", "field"),
    [("-1", "10", "quantity"), ("0", "10", "quantity"), ("x", "10", "quantity"),
     ("1", "-5", "unit_price"), ("1", "abc", "unit_price")],
)  # fmt: skip
def test_bad_sale_changes_nothing(team, cust, quantity, price, field):
    with pytest.raises(ValidationError) as err:
        sales.record_sale(
            team["sales1"], cust.id, sale_date=TODAY, quantity=quantity, unit_price=price
        )
    assert field in err.value.errors
    assert Sale.select().count() == 0


def test_bad_payment_and_access(team, cust):
    for amount in ("-3", "0", "abc", None):
        with pytest.raises(ValidationError):
            sales.record_payment(team["sales1"], cust.id, payment_date=TODAY, amount=amount)
    with pytest.raises(ValidationError, match="Date"):
        sales.record_payment(team["sales1"], cust.id, payment_date="03/05/2026", amount=1)
    with pytest.raises(PermissionDenied):
        sales.record_sale(team["sales2"], cust.id, sale_date=TODAY, quantity=1, unit_price=1)


def test_over_limit_needs_manager_confirmation(team, cust):
    """Over the limit: refused with the figures; a manager's confirmation lets it through."""
    _grant(team, cust.id, 1000)
    s1 = team["sales1"]
    sales.record_sale(s1, cust.id, sale_date=TODAY, quantity=8, unit_price=100)
    check = sales.check_sale(s1, cust.id, "300")
    assert check.over_limit and check.new_balance == Decimal("1100.00")
    with pytest.raises(sales.OverCreditLimit) as err:
        sales.record_sale(s1, cust.id, sale_date=TODAY, quantity=3, unit_price=100)
    assert err.value.code == "sales.over_limit"
    assert "1,100.00" in str(err.value) and "1,000.00" in str(err.value)
    assert "超过信用额度 1,000.00" in err.value.render("zh_CN")
    assert Sale.select().count() == 1
    with pytest.raises(PermissionDenied, match="manager"):
        sales.record_sale(
            s1, cust.id, sale_date=TODAY, quantity=3, unit_price=100, confirm_over_limit=True
        )
    sales.record_sale(
        team["manager"], cust.id, sale_date=TODAY, quantity=3, unit_price=100,
        confirm_over_limit=True, salesperson="sales1",
    )  # fmt: skip
    exp = receivables.exposure(s1, cust.id)
    assert exp.over_limit and exp.ratio == pytest.approx(1.1)
    over = receivables.customers_over_limit(team["admin"])
    assert [(r.code, r.excess) for r in over] == [("C1", Decimal("100.00"))]
    assert receivables.customers_over_limit(team["sales2"]) == []


def test_aging_fifo(team, cust):
    """Payments settle the oldest sales first; open amounts age from their due date."""
    _grant(team, cust.id, 100000, days=30)
    s1 = team["sales1"]

    def sale(days_ago, amount):
        sales.record_sale(
            team["manager"], cust.id, sale_date=TODAY - timedelta(days=days_ago),
            quantity=1, unit_price=amount, confirm_over_limit=True,
        )  # fmt: skip

    sale(200, 1000)  # due 170 days ago
    sale(100, 500)  # due 70 days ago: 61–90
    sale(75, 400)  # due 45 days ago: 31–60
    sale(40, 300)  # due 10 days ago: 0–30
    sale(10, 200)  # not yet due
    sales.record_payment(s1, cust.id, payment_date=TODAY - timedelta(days=5), amount=1200)
    # FIFO: 1000 of the first sale and 200 of the second are paid
    rows = receivables.aging(team["admin"], as_of=TODAY)
    assert len(rows) == 1
    r = rows[0]
    assert (r.current, r.d0_30, r.d31_60, r.d61_90, r.over_90) == tuple(
        Decimal(x) for x in ("200.00", "300.00", "400.00", "300.00", "0.00")
    )
    assert r.total == Decimal("1200.00") == receivables.exposure(s1, cust.id).balance
    paid = create_customer(s1, {"name": "已结清", "code": "C2"})
    sales.record_sale(s1, paid.id, sale_date=TODAY, quantity=1, unit_price=5)
    sales.record_payment(s1, paid.id, payment_date=TODAY, amount=5)
    assert [x.code for x in receivables.aging(s1, as_of=TODAY)] == ["C1"]
    assert receivables.aging(team["sales2"], as_of=TODAY) == []
    delete_customer(team["admin"], cust.id)
    assert receivables.aging(team["admin"], as_of=TODAY) == []


def test_payment_record(team, cust):
    """On time when the completing payment came by the due date; open past due is late."""
    rec = receivables.payment_record_for(
        [(1, TODAY - timedelta(days=100), 100), (2, TODAY - timedelta(days=60), 100),
         (3, TODAY - timedelta(days=50), 100), (4, TODAY - timedelta(days=5), 100)],
        [(TODAY - timedelta(days=90), 100), (TODAY - timedelta(days=10), 100)],
        collection_days=30, as_of=TODAY,
    )  # fmt: skip
    assert (rec.paid_on_time, rec.paid_late, rec.open_overdue, rec.open_not_due) == (1, 1, 1, 1)
    assert rec.overdue_amount == Decimal("1.00")
    assert rec.max_days_late == 20 and rec.on_time_share == pytest.approx(1 / 3)


@pytest.mark.parametrize(
    ("days_late", "bucket"),
    [(-1, 0), (0, 1), (30, 1), (31, 2), (60, 2), (61, 3), (90, 3), (91, 4), (400, 4)],
)
def test_aging_bucket_edges(team, cust, days_late, bucket):
    """A sale exactly N days past its due date lands in the bucket the heading promises."""
    _grant(team, cust.id, 100000, days=45)
    sold = TODAY - timedelta(days=45 + days_late)
    sales.record_sale(team["sales1"], cust.id, sale_date=sold, quantity=1, unit_price=70)
    (row,) = receivables.aging(team["admin"], as_of=TODAY)
    assert row.buckets[bucket] == Decimal("70.00") and row.total == Decimal("70.00")


def test_aging_matches_a_plain_fifo_walk(team):
    """Random sales and payments: the bucket sums equal walking each customer's lines by hand."""
    import random

    rng = random.Random(5)
    actor = team["manager"]
    customers = []
    for i in range(6):
        c = create_customer(actor, {"name": f"客户{i}", "code": f"R{i}"})
        days = rng.choice((None, 0, 30, 60))
        if days is not None:
            _grant(team, c.id, 10**7, days=days)
        customers.append((c.id, days or 0))
    lines: dict[int, list[tuple[date, int]]] = {cid: [] for cid, _ in customers}
    paid: dict[int, int] = dict.fromkeys(lines, 0)
    for _ in range(60):
        cid, _days = rng.choice(customers)
        when = TODAY - timedelta(days=rng.randint(0, 300))
        if rng.random() < 0.75:
            amount = rng.randint(1, 500)
            sales.record_sale(actor, cid, sale_date=when, quantity=1, unit_price=amount)
            lines[cid].append((when, amount * 100))
        else:
            amount = rng.randint(1, 800)
            sales.record_payment(actor, cid, payment_date=when, amount=amount)
            paid[cid] += amount * 100
    expected = {}
    for cid, days in customers:
        open_amount = sum(a for _, a in lines[cid]) - paid[cid]
        if open_amount <= 0:
            continue
        parts = [0] * 5
        for when, amount in sorted(lines[cid], reverse=True):
            part = min(amount, open_amount)
            late = (TODAY - when).days - days
            parts[
                0 if late < 0 else 1 if late <= 30 else 2 if late <= 60 else 3 if late <= 90 else 4
            ] += part
            open_amount -= part
            if not open_amount:
                break
        expected[cid] = tuple(parts)
    got = {r.customer_id: r.fen for r in receivables.aging(actor, as_of=TODAY)}
    assert got == expected and expected
