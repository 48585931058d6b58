"""A small hand-made sales dataset whose report figures are worked out by hand in the tests.

Period under test: 2025 (previous period: 2024). Amounts in yuan.

| customer | owner  | stored class | 2024 sales            | 2025 sales                              | payments          |
|----------|--------|--------------|-----------------------|-----------------------------------------|-------------------|
| C1       | sales1 | A            | 05-01 500 (P1)        | 03-10 600 (P1 ×6) + 200 (P2 ×2), SO1    | 2025-04-01 1000   |
| C2       | sales1 | B            |                       | 06-15 150 (P1 ×1.5), no order number    |                   |
| C3 =cmd  | sales2 | –            | 12-31 300 (P2)        | 07-01 30 (P2 ×3) SO3, 08-01 20 (P2 ×2) SO4 | 2025-01-15 300 |
| C4       | sales2 | C            | 02-02 1000 (P1)       |                                         | 2024-03-01 400    |
| C5       | sales2 | D            |                       |                                         | 2025-02-02 100    |
| C6 (deleted customer)              |  | 04-04 9999: ignored            |                   |
plus a deleted sale line of C1 (2025-05-05, 7777) and a 2026 sale of C2 (300): both outside.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from crm_desktop.models import Customer, FollowUp, Payment, Product, Sale

FORMULA_NAME = '=HYPERLINK("http://x","y")'


def build(team) -> dict:
    s1, s2 = team["sales1"].id, team["sales2"].id
    p1 = Product.create(code="P1", name="螺丝", category="五金", price=Decimal("100"))
    p2 = Product.create(code="P2", name="纸箱", category="包装", price=Decimal("10"))

    def customer(code, name, owner, cls, **kw):
        return Customer.create(code=code, name=name, owner=owner, abc_class=cls, **kw).id

    c1 = customer("C1", "甲公司", s1, "A", collection_days=30)
    c2 = customer("C2", "乙公司", s1, "B", collection_days=200, created_at=datetime(2025, 1, 1))
    c3 = customer("C3", FORMULA_NAME, s2, None, collection_days=120, contact_interval_days=10)
    c4 = customer("C4", "丁公司", s2, "C", credit_limit=Decimal("500"), collection_days=0)
    c5 = customer("C5", "戊公司", s2, "D")
    c6 = customer("C6", "已删除", s1, None, deleted_at=datetime(2025, 6, 1))

    def sale(cust, day, amount, product=None, qty=1, sp=None, order="", **kw):
        Sale.create(
            customer=cust,
            date=day,
            amount=Decimal(str(amount)),
            unit_price=Decimal(str(amount)) / Decimal(str(qty)),
            quantity=Decimal(str(qty)),
            product=product,
            salesperson=sp,
            order_no=order,
            **kw,
        )

    sale(c1, date(2024, 5, 1), 500, p1.id, 5, s1, "SO0")
    sale(c1, date(2025, 3, 10), 600, p1.id, 6, s1, "SO1")
    sale(c1, date(2025, 3, 10), 200, p2.id, 2, s1, "SO1")
    sale(c1, date(2025, 5, 5), 7777, p1.id, 1, s1, "SOX", deleted_at=datetime(2025, 5, 6))
    sale(c2, date(2025, 6, 15), 150, p1.id, "1.5", s1, "")
    sale(c2, date(2026, 1, 1), 300, p1.id, 3, s1, "SO9")
    sale(c3, date(2024, 12, 31), 300, p2.id, 30, s2, "SO2")
    sale(c3, date(2025, 7, 1), 30, p2.id, 3, s2, "SO3")
    sale(c3, date(2025, 8, 1), 20, p2.id, 2, s2, "SO4")
    sale(c4, date(2024, 2, 2), 1000, p1.id, 10, s2, "SO5")
    sale(c6, date(2025, 4, 4), 9999, p1.id, 1, s1, "SO6")

    for cust, day, amount in (
        (c1, date(2025, 4, 1), 1000),
        (c3, date(2025, 1, 15), 300),
        (c4, date(2024, 3, 1), 400),
        (c5, date(2025, 2, 2), 100),
    ):
        Payment.create(customer=cust, date=day, amount=Decimal(amount))

    def follow(cust, owner, due, status, done_at=None):
        FollowUp.create(customer=cust, owner=owner, due_at=due, status=status, done_at=done_at)

    follow(c1, s1, datetime(2025, 12, 1, 10), "done", datetime(2025, 12, 1, 11))
    follow(c1, s1, datetime(2025, 12, 10, 9), "planned")
    follow(c2, s1, datetime(2025, 12, 20, 9), "planned")
    follow(c3, s2, datetime(2025, 11, 1, 9), "cancelled")
    follow(c3, s2, datetime(2025, 6, 1, 9), "done", datetime(2025, 6, 2, 9))
    follow(c4, s2, datetime(2024, 12, 1, 9), "done", datetime(2024, 12, 1, 10))
    return {"C1": c1, "C2": c2, "C3": c3, "C4": c4, "C5": c5, "C6": c6, "P1": p1.id, "P2": p2.id}


NOW = datetime(2025, 12, 15, 10, 0)
