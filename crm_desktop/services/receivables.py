"""Receivables: what each customer owes, how much of its credit that uses, and how old it is.

Money here is int fen internally and `Decimal` yuan in every returned dataclass.

How payments meet sales (FIFO): a payment is not tied to an invoice, so every payment
settles the customer's oldest unpaid sale first. The open part of the balance is
therefore always the newest sales: with balance B, the newest sales whose amounts add
up to B are open (the oldest of them only in part). A sale falls due `collection_days`
after its date (0 when the customer has no collection period: due on delivery). The
aging buckets count days past that due date: not yet due, 0–30, 31–60, 61–90, over 90.

The same allocation gives the payment record: a sale was paid on time when the
payment that completed it came on or before its due date; a sale still open after
its due date counts as late.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import peewee as pw

from crm_desktop.errors import NotFound, PermissionDenied
from crm_desktop.models import Customer, Payment, Sale, User, database, from_minor
from crm_desktop.services.auth import Actor

BUCKETS = ("current", "d0_30", "d31_60", "d61_90", "over_90")


@dataclass(frozen=True)
class Exposure:
    """The card's credit figures: balance owed, the limit, and balance ÷ limit."""

    customer_id: int
    balance: Decimal
    credit_limit: Decimal | None
    ratio: float | None  # None: no limit set; inf: a balance against a zero limit

    @property
    def over_limit(self) -> bool:
        return self.credit_limit is not None and self.balance > self.credit_limit

    @property
    def available(self) -> Decimal | None:
        return None if self.credit_limit is None else self.credit_limit - self.balance


@dataclass(frozen=True)
class PaymentRecord:
    """How a customer has paid: sales settled on time or late, and what is overdue now."""

    paid_on_time: int
    paid_late: int
    open_not_due: int
    open_overdue: int
    overdue_amount: Decimal
    average_days_late: float  # over the sales paid late or overdue now
    max_days_late: int

    @property
    def judged(self) -> int:
        """Sales whose punctuality is known: paid, or open past their due date."""
        return self.paid_on_time + self.paid_late + self.open_overdue

    @property
    def on_time_share(self) -> float | None:
        return None if not self.judged else self.paid_on_time / self.judged


@dataclass(frozen=True)
class AgingRow:
    """One customer's open balance by days past due."""

    customer_id: int
    code: str
    name: str
    owner_name: str
    collection_days: int | None
    credit_limit: Decimal | None
    current: Decimal
    d0_30: Decimal
    d31_60: Decimal
    d61_90: Decimal
    over_90: Decimal

    @property
    def total(self) -> Decimal:
        return self.current + self.d0_30 + self.d31_60 + self.d61_90 + self.over_90

    @property
    def overdue(self) -> Decimal:
        return self.total - self.current


@dataclass(frozen=True)
class OverLimitRow:
    customer_id: int
    code: str
    name: str
    owner_name: str
    balance: Decimal
    credit_limit: Decimal

    @property
    def ratio(self) -> float:
        return float(self.balance / self.credit_limit) if self.credit_limit else float("inf")

    @property
    def excess(self) -> Decimal:
        return self.balance - self.credit_limit


# --- access ------------------------------------------------------------------------------


def load_customer(actor: Actor, customer_id: int, *, include_deleted: bool = False) -> Customer:
    """The customer row, if the actor may see it (a salesperson: only their own)."""
    customer = Customer.get_or_none(Customer.id == customer_id)
    if customer is None or (customer.deleted_at is not None and not include_deleted):
        raise NotFound(f"Customer {customer_id} does not exist or was deleted.")
    if not actor.sees_all_customers and customer.owner_id != actor.id:
        raise PermissionDenied(
            f"Not allowed: customer {customer.code} belongs to another salesperson."
        )
    return customer


# --- one customer --------------------------------------------------------------------------


def _scalar(query: pw.Query) -> int:
    cursor = database.execute(query)
    row = cursor.fetchone()
    return int(row[0] or 0) if row else 0


def balance_minor(customer_id: int) -> int:
    """Sales minus payments in fen; two index-only sums (Sale(customer, amount), Payment(customer, date, amount))."""
    sold = _scalar(
        Sale.select(pw.fn.SUM(Sale.amount)).where(
            Sale.customer == customer_id, Sale.deleted_at.is_null()
        )
    )
    paid = _scalar(
        Payment.select(pw.fn.SUM(Payment.amount)).where(
            Payment.customer == customer_id, Payment.deleted_at.is_null()
        )
    )
    return sold - paid


def _ratio(balance: int, limit: int | None) -> float | None:
    if limit is None:
        return None
    if limit == 0:
        return 0.0 if balance <= 0 else float("inf")
    return balance / limit


def exposure(actor: Actor, customer_id: int) -> Exposure:
    """Receivable balance and credit exposure (balance ÷ limit) for the customer card."""
    customer = load_customer(actor, customer_id, include_deleted=True)
    limit = Customer.credit_limit.db_value(customer.credit_limit)
    balance = balance_minor(customer.id)
    return Exposure(customer.id, from_minor(balance), customer.credit_limit, _ratio(balance, limit))


def _customer_lines(customer_id: int) -> tuple[list[tuple[int, date, int]], list[tuple[date, int]]]:
    sales = [
        (sid, _as_date(d), int(a))
        for sid, d, a in database.execute(
            Sale.select(Sale.id, Sale.date, Sale.amount)
            .where(Sale.customer == customer_id, Sale.deleted_at.is_null())
            .order_by(Sale.date, Sale.id)
        )
    ]
    payments = [
        (_as_date(d), int(a))
        for d, a in database.execute(
            Payment.select(Payment.date, Payment.amount)
            .where(Payment.customer == customer_id, Payment.deleted_at.is_null())
            .order_by(Payment.date, Payment.id)
        )
    ]
    return sales, payments


def _as_date(value: object) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def payment_record_for(
    sales: Iterable[tuple[int, date, int]],
    payments: Iterable[tuple[date, int]],
    collection_days: int | None,
    as_of: date,
) -> PaymentRecord:
    """FIFO settlement of sales (id, date, fen) by payments (date, fen), judged against due dates."""
    grace = timedelta(days=collection_days or 0)
    pay_iter = iter(payments)
    pay_date, pay_left = None, 0
    on_time = late = open_not_due = open_overdue = 0
    overdue = 0
    late_days: list[int] = []
    for _sid, sold_on, amount in sales:
        due = sold_on + grace
        owed = amount
        while owed > 0:
            if pay_left <= 0:
                nxt = next(pay_iter, None)
                if nxt is None:
                    break
                pay_date, pay_left = nxt
                continue
            used = min(owed, pay_left)
            owed -= used
            pay_left -= used
        if amount <= 0:
            continue
        if owed <= 0:
            assert pay_date is not None
            if pay_date <= due:
                on_time += 1
            else:
                late += 1
                late_days.append((pay_date - due).days)
        elif as_of > due:
            open_overdue += 1
            overdue += owed
            late_days.append((as_of - due).days)
        else:
            open_not_due += 1
    return PaymentRecord(
        paid_on_time=on_time,
        paid_late=late,
        open_not_due=open_not_due,
        open_overdue=open_overdue,
        overdue_amount=from_minor(overdue),
        average_days_late=(sum(late_days) / len(late_days)) if late_days else 0.0,
        max_days_late=max(late_days, default=0),
    )


def payment_record(actor: Actor, customer_id: int, as_of: date | None = None) -> PaymentRecord:
    """On time / late, from the customer's sales and payments (FIFO, see the module doc)."""
    customer = load_customer(actor, customer_id, include_deleted=True)
    sales, payments = _customer_lines(customer.id)
    return payment_record_for(sales, payments, customer.collection_days, as_of or date.today())


def sales_total_minor(customer_id: int, since: date, until: date | None = None) -> int:
    query = Sale.select(pw.fn.SUM(Sale.amount)).where(
        Sale.customer == customer_id, Sale.date >= since, Sale.deleted_at.is_null()
    )
    if until is not None:
        query = query.where(Sale.date <= until)
    return _scalar(query)


def sales_last_12_months(actor: Actor, customer_id: int, as_of: date | None = None) -> Decimal:
    customer = load_customer(actor, customer_id, include_deleted=True)
    today = as_of or date.today()
    return from_minor(sales_total_minor(customer.id, today - timedelta(days=365), today))


# --- all customers ---------------------------------------------------------------------------


def _deleted_amounts(model) -> dict[int, int]:
    """Amounts of soft-deleted lines per customer (found through the deleted_at index; rare)."""
    out: dict[int, int] = {}
    query = model.select(model.customer, model.amount).where(model.deleted_at.is_null(False))
    for cid, amount in database.execute(query):
        out[cid] = out.get(cid, 0) + int(amount)
    return out


def all_balances_minor() -> dict[int, int]:
    """Balance in fen of every customer with sales or payments.

    Sums every line through the covering indexes, then takes the few soft-deleted
    lines back out: a `deleted_at IS NULL` filter would force a read of every row.
    """
    balances: dict[int, int] = {}
    for cid, total in database.execute(
        Sale.select(Sale.customer, pw.fn.SUM(Sale.amount)).group_by(Sale.customer)
    ):
        balances[cid] = int(total or 0)
    for cid, total in database.execute(
        Payment.select(Payment.customer, pw.fn.SUM(Payment.amount)).group_by(Payment.customer)
    ):
        balances[cid] = balances.get(cid, 0) - int(total or 0)
    for cid, amount in _deleted_amounts(Sale).items():
        balances[cid] = balances.get(cid, 0) - amount
    for cid, amount in _deleted_amounts(Payment).items():
        balances[cid] = balances.get(cid, 0) + amount
    return balances


def _visible_customers(actor: Actor, ids: Iterable[int]) -> dict[int, tuple]:
    """id -> (code, name, owner name, collection_days, credit_limit fen) of live, visible customers."""
    owner = User.alias("owner")
    wanted = list(ids)
    out: dict[int, tuple] = {}
    for start in range(0, len(wanted), 30_000):
        chunk = wanted[start : start + 30_000]
        query = (
            Customer.select(
                Customer.id,
                Customer.code,
                Customer.name,
                pw.fn.COALESCE(pw.fn.NULLIF(owner.display_name, ""), owner.username, ""),
                Customer.collection_days,
                Customer.credit_limit,
            )
            .join(owner, pw.JOIN.LEFT_OUTER, on=(Customer.owner == owner.id))
            .where(Customer.id.in_(chunk), Customer.deleted_at.is_null())
        )
        if not actor.sees_all_customers:
            query = query.where(Customer.owner == actor.id)
        for row in database.execute(query):
            out[row[0]] = row[1:]
    return out


def aging(actor: Actor, as_of: date | None = None) -> list[AgingRow]:
    """Open balances of every visible customer by days past due, largest overdue first.

    Walks sales newest first through the (date, customer, amount) index, handing each
    customer's balance to its newest sales (FIFO), and stops as soon as every balance
    is placed, so old, fully paid history is never read.
    """
    today = as_of or date.today()
    balances = {cid: b for cid, b in all_balances_minor().items() if b > 0}
    customers = _visible_customers(actor, balances)
    remaining = {cid: balances[cid] for cid in customers}
    deleted = {
        sid
        for (sid,) in database.execute(Sale.select(Sale.id).where(Sale.deleted_at.is_null(False)))
    }
    buckets: dict[int, list[int]] = {cid: [0, 0, 0, 0, 0] for cid in remaining}
    grace = {cid: int(customers[cid][3] or 0) for cid in remaining}
    today_ord = today.toordinal()
    ordinals: dict[object, int] = {}
    left = len(remaining)
    if left:
        cursor = database.execute(
            Sale.select(Sale.id, Sale.date, Sale.customer, Sale.amount).order_by(
                Sale.date.desc(), Sale.customer.desc(), Sale.amount.desc()
            )
        )
        for sid, sold_on, cid, amount in cursor:
            rem = remaining.get(cid)
            if not rem or sid in deleted:
                continue
            part = amount if amount < rem else rem
            remaining[cid] = rem - part
            ordinal = ordinals.get(sold_on)
            if ordinal is None:
                ordinal = ordinals[sold_on] = _as_date(sold_on).toordinal()
            past = today_ord - ordinal - grace[cid]
            index = (
                0 if past < 0 else 1 if past <= 30 else 2 if past <= 60 else 3 if past <= 90 else 4
            )
            buckets[cid][index] += part
            if rem - part <= 0:
                left -= 1
                if not left:
                    break
        cursor.close()
    rows = []
    for cid, parts in buckets.items():
        code, name, owner_name, days, limit = customers[cid]
        rows.append(
            AgingRow(
                cid,
                code,
                name,
                owner_name or "",
                days,
                from_minor(limit),
                *(from_minor(p) for p in parts),
            )
        )
    rows.sort(key=lambda r: (-r.overdue, -r.total, r.code))
    return rows


def customers_over_limit(actor: Actor) -> list[OverLimitRow]:
    """Customers whose balance exceeds their approved limit, worst first."""
    balances = all_balances_minor()
    live = {cid: b for cid, b in balances.items() if b > 0}
    customers = _visible_customers(actor, live)
    rows = []
    for cid, (code, name, owner_name, _days, limit) in customers.items():
        if limit is not None and live[cid] > int(limit):
            rows.append(
                OverLimitRow(
                    cid, code, name, owner_name or "", from_minor(live[cid]), from_minor(limit)
                )
            )
    rows.sort(key=lambda r: (-r.ratio, r.code))
    return rows


__all__ = [
    "BUCKETS",
    "AgingRow",
    "Exposure",
    "OverLimitRow",
    "PaymentRecord",
    "aging",
    "all_balances_minor",
    "balance_minor",
    "customers_over_limit",
    "exposure",
    "load_customer",
    "payment_record",
    "payment_record_for",
    "sales_last_12_months",
    "sales_total_minor",
]
