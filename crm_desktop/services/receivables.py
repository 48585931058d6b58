"""Receivables: what each customer owes, how much of its credit that uses, and how old it is.

Money here is int fen internally and `Decimal` yuan in every returned dataclass.

How payments meet sales (FIFO): a payment is not tied to an invoice, so every payment
settles the customer's oldest unpaid sale first. The open part of the balance is
therefore always the newest sales: with balance B, the newest sales whose amounts add
up to B are open (the oldest of them only in part). A sale falls due `collection_days`
after its date (0 when the customer has no collection period: due on delivery). The
aging buckets count days past that due date: not yet due, 0–30, 31–60, 61–90, over 90.
One aging row type (AgingRow) and one set of bucket names (AGING_BUCKETS, labelled in
the catalogue) serve the Credit page's list (`aging`: today, the card's balance) and the
sales report's sheet (`services.analysis.receivables_aging`: the report's day).

The same allocation gives the payment record: a sale was paid on time when the
payment that completed it came on or before its due date; a sale still open after
its due date counts as late.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import numpy as np
import peewee as pw

from crm_desktop.errors import NotFound
from crm_desktop.messages import Message, msg
from crm_desktop.models import Customer, Payment, Sale, User, database, from_minor, is_sqlite
from crm_desktop.services import balances as balance_rule
from crm_desktop.services import columnar
from crm_desktop.services.auth import Actor, NotVisible

# The aging buckets (one set of names, for the Credit page and the sales report): not yet
# due, then up to 30, 60 and 90 days past the due date, then over 90. Their labels in the
# user's language are AGING_LABELS.
AGING_BUCKETS = ("not_due", "d0_30", "d31_60", "d61_90", "d90_plus")
BUCKET_LIMITS = (30, 60, 90)  # the last day past due of buckets 1–3
AGING_LABELS: dict[str, Message] = {
    "not_due": msg("receivables.aging_not_due"),
    "d0_30": msg("receivables.aging_d0_30"),
    "d31_60": msg("receivables.aging_d31_60"),
    "d61_90": msg("receivables.aging_d61_90"),
    "d90_plus": msg("receivables.aging_d90_plus"),
}
BUCKETS = AGING_BUCKETS  # the former name


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


@dataclass(slots=True)
class AgingRow:
    """One customer's receivable balance and its open amounts by days past due (AGING_BUCKETS),
    with the customer's credit limit: the row of the Credit page's aging list and of the sales
    report's aging sheet. Kept in fen; yuan through the properties.

    Not frozen: a frozen dataclass's __init__ costs ~3× more, which shows at 100k rows.
    """

    customer_id: int
    code: str
    name: str
    owner: str  # the owner's display name
    collection_days: int | None
    limit_fen: int | None
    balance_fen: int  # can be negative (paid in advance): then every bucket is 0
    buckets_fen: tuple[int, int, int, int, int]  # in AGING_BUCKETS order

    @property
    def credit_limit(self) -> Decimal | None:
        return from_minor(self.limit_fen)

    @property
    def balance(self) -> Decimal:
        return from_minor(self.balance_fen)

    @property
    def exposure(self) -> float | None:
        """Balance ÷ limit; None without a limit (or with a zero one)."""
        return self.balance_fen / self.limit_fen if self.limit_fen else None

    @property
    def over_limit(self) -> bool:
        return self.limit_fen is not None and self.balance_fen > self.limit_fen

    @property
    def overdue(self) -> Decimal:
        """What is past its due date: every bucket but "not yet due"."""
        return from_minor(sum(self.buckets_fen[1:]))

    @property
    def buckets(self) -> tuple[Decimal, ...]:
        return tuple(from_minor(v) for v in self.buckets_fen)

    def bucket(self, name: str) -> Decimal:
        """The open amount of one bucket, by its name in AGING_BUCKETS."""
        return from_minor(self.buckets_fen[AGING_BUCKETS.index(name)])

    not_due = property(lambda self: from_minor(self.buckets_fen[0]))
    d0_30 = property(lambda self: from_minor(self.buckets_fen[1]))
    d31_60 = property(lambda self: from_minor(self.buckets_fen[2]))
    d61_90 = property(lambda self: from_minor(self.buckets_fen[3]))
    d90_plus = property(lambda self: from_minor(self.buckets_fen[4]))

    # The names of the former Credit-page row, for the callers that still use them
    # (ui/credit_page.py): the same values under one set of names above.
    owner_name = property(lambda self: self.owner)
    fen = property(lambda self: self.buckets_fen)
    total = property(lambda self: self.balance)
    current = property(lambda self: self.not_due)
    over_90 = property(lambda self: self.d90_plus)


def aging_bucket(days_past_due: int) -> int:
    """The index in AGING_BUCKETS of an amount so many days past its due date (negative: not
    yet due); `fifo_buckets` applies the same limits to whole columns."""
    if days_past_due < 0:
        return 0
    for index, limit in enumerate(BUCKET_LIMITS, start=1):
        if days_past_due <= limit:
            return index
    return len(BUCKET_LIMITS) + 1


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
        raise NotFound("receivables.no_customer", id=str(customer_id))
    if not actor.sees_all_customers and customer.owner_id != actor.id:
        raise NotVisible("receivables.no_customer", id=str(customer_id))
    return customer


# --- one customer --------------------------------------------------------------------------


def _scalar(query: pw.Query) -> int:
    cursor = database.execute(query)
    row = cursor.fetchone()
    return int(row[0] or 0) if row else 0


def balance_minor(customer_id: int) -> int:
    """Sales minus payments in fen (the rule: `services.balances`)."""
    return balance_rule.balance_minor(customer_id)


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


def all_balances_minor() -> dict[int, int]:
    """Balance in fen of every customer with sales or payments (the rule: `services.balances`)."""
    return balance_rule.balances_minor()


# --- the FIFO rule over every customer at once ------------------------------------------
#
# The sales and payments are read as columns (services.columnar) and the rule is applied
# with numpy: the aging list of the credit page (as of today, every line) and the aging
# sheet of the sales report (as of the period's end) are both this code.

_EPOCH = date(1970, 1, 1)


def day_number(day: date) -> int:
    """Days since 1970-01-01, the day unit of the columns."""
    return (day - _EPOCH).days


def date_of_day(number: int) -> date:
    """The date of a day number."""
    return _EPOCH + timedelta(days=number)


def customer_filter(owner_id: int | None, column: str) -> tuple[str, list]:
    """SQL keeping the lines of live customers (of one owner) by a customer-id column."""
    if owner_id is None:
        return f'{column} NOT IN (SELECT id FROM "customer" WHERE deleted_at IS NOT NULL)', []
    return (
        f'{column} IN (SELECT id FROM "customer" WHERE owner_id = ? AND deleted_at IS NULL)',
        [owner_id],
    )


def _param(day: date) -> object:
    return day.isoformat() if is_sqlite() else day


@dataclass(frozen=True)
class SaleColumns:
    """(customer id, day number, fen) of live sale lines: what the per-customer figures
    (sales in a period, last order, receivables) are summed from."""

    customer: np.ndarray
    day: np.ndarray
    fen: np.ndarray

    def join(self, other: SaleColumns) -> SaleColumns:
        """The lines of both (in no particular order: every use groups them)."""
        return SaleColumns(
            *(np.concatenate(pair) for pair in zip(self.columns(), other.columns(), strict=True))
        )

    def columns(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        return self.customer, self.day, self.fen

    def until(self, last: date) -> SaleColumns:
        mask = self.day <= day_number(last)
        return SaleColumns(self.customer[mask], self.day[mask], self.fen[mask])

    def per_customer(self, first: date | None, last: date) -> tuple[np.ndarray, np.ndarray]:
        """Sales (fen) and last order day (-1: none) per customer id, between the days."""
        mask = self.day <= day_number(last)
        if first is not None:
            mask &= self.day >= day_number(first)
        customer, day, fen = self.customer[mask], self.day[mask], self.fen[mask]
        size = int(self.customer.max()) + 1 if len(self.customer) else 1
        sales = np.zeros(size, dtype=np.int64)
        np.add.at(sales, customer, fen)
        last_day = np.full(size, -1, dtype=np.int64)
        np.maximum.at(last_day, customer, day)
        return sales, last_day


def sale_columns(
    owner_id: int | None,
    until: date | None = None,
    after: date | None = None,
    *,
    netted: bool = False,
) -> SaleColumns:
    """Every live sale line of live customers (of one owner), dated after `after` and up
    to `until` (None: no bound).

    Deleted lines are left out by id (`id NOT IN …`): the row id is in every index entry
    of SQLite's, so the (date, customer, amount) index stays covering. PostgreSQL's
    entries do not hold the id; there, for a use that only sums the lines per customer
    and day (`netted`: the aging's buckets), every line of the dates is read from that
    index alone and each deleted one again with its amount negated: the sums are the
    live lines' (a half year's 276k lines: 228 -> 82 ms; on SQLite this way is slower).
    """
    netted = netted and not is_sqlite()
    cust_sql, params = customer_filter(owner_id, "customer_id")
    where = cust_sql if netted else f"{_LIVE_LINE} AND {cust_sql}"
    if until is not None:
        where = f"date <= ? AND {where}"
        params = [_param(until), *params]
    if after is not None:
        where = f"date > ? AND {where}"
        params = [_param(after), *params]
    wanted = [("int", "customer_id"), ("day", "date"), ("int", "amount")]
    lines = SaleColumns(*columnar.read_columns(wanted, f'"sale" WHERE {where}', params))
    if not netted:
        return lines
    customer, day, fen = columnar.read_columns(
        wanted, f'"sale" WHERE deleted_at IS NOT NULL AND {where}', params
    )
    return lines.join(SaleColumns(customer, day, -fen))


_LIVE_LINE = 'id NOT IN (SELECT id FROM "sale" WHERE deleted_at IS NOT NULL)'


def balances(owner_id: int | None, sales: SaleColumns, until: date) -> np.ndarray:
    """Sales minus payments (fen) per customer id on a day: the given sales (already up to
    it), the payments up to it."""
    cust_sql, params = customer_filter(owner_id, "customer_id")
    pay_customer, pay_fen = columnar.int_columns(
        ["customer_id", "amount"],
        f'"payment" WHERE date <= ? AND deleted_at IS NULL AND {cust_sql}',
        [_param(until), *params],
    )
    size = 1 + max(
        int(sales.customer.max()) if len(sales.customer) else 0,
        int(pay_customer.max()) if len(pay_customer) else 0,
    )
    balance = np.zeros(size, dtype=np.int64)
    np.add.at(balance, sales.customer, sales.fen)
    np.subtract.at(balance, pay_customer, pay_fen)
    return balance


def _owing(actor: Actor) -> tuple[np.ndarray, dict[int, tuple]]:
    """The card's balance (every line, `all_balances_minor`) per customer id of the live
    customers the actor sees that owe money, and their (code, name, owner name,
    collection days, limit fen)."""
    totals = all_balances_minor()
    owing = [cid for cid, fen in totals.items() if fen > 0]
    owners = {
        uid: (display or username or "")
        for uid, username, display in database.execute(
            User.select(User.id, User.username, User.display_name)
        )
    }
    mark = database.param
    where = "deleted_at IS NULL"
    if not actor.sees_all_customers:
        where += f" AND owner_id = {int(actor.id)}"
    info = {}
    for start in range(0, len(owing), 500):
        chunk = owing[start : start + 500]
        for cid, code, name, owner, days, limit in database.execute_sql(
            "SELECT id, code, name, owner_id, collection_days, credit_limit FROM customer "
            f"WHERE {where} AND id IN ({', '.join([mark] * len(chunk))})",
            chunk,
        ):
            info[cid] = (code, name, owners.get(owner, ""), days, limit)
    balance = np.zeros(max(info, default=0) + 1, dtype=np.int64)
    for cid in info:
        balance[cid] = totals[cid]
    return balance, info


def fifo_buckets(
    sales: SaleColumns, balance: np.ndarray, period_days: np.ndarray, today: date
) -> np.ndarray:
    """Per customer id, the open balance by AGING_BUCKETS (module doc): the newest days'
    positive sales up to the balance are open, each aged from its due date; what they do
    not cover is over 90 days past due. Lines after `today` are open and not yet due.
    Customers beyond `balance` owe nothing."""
    owing = balance > 0
    keep = np.zeros(len(sales.customer), dtype=bool)
    known = sales.customer < len(balance)
    keep[known] = owing[sales.customer[known]]
    customer, fen = sales.customer[keep], sales.fen[keep]
    age = day_number(today) - sales.day[keep]
    oldest = int(age.min()) if len(age) and age.min() < 0 else 0
    # one amount per (customer, day), the newest day first within a customer
    key, radixes = columnar.pack(customer, age - oldest)
    keys, (fen,) = columnar.group_sums(key, fen)
    customer, age = columnar.unpack(keys, radixes)
    age += oldest
    positive = fen > 0
    customer, age, fen = customer[positive], age[positive], fen[positive]
    # what the customer's newer days hold before each day: a running sum per customer
    running = np.cumsum(fen)
    starts = np.flatnonzero(np.concatenate(([True], customer[1:] != customer[:-1])))
    group_start = np.repeat(starts, np.diff(np.append(starts, len(customer))))
    before = running - fen - (running[group_start] - fen[group_start])
    take = np.clip(balance[customer] - before, 0, fen)
    past_due = age - period_days[customer]
    limits = [past_due < 0, *(past_due <= limit for limit in BUCKET_LIMITS)]
    bucket = np.select(limits, list(range(len(limits))), len(limits))
    out = np.zeros((len(balance), 5), dtype=np.int64)
    np.add.at(out, (customer, bucket), take)
    out[:, 4] += np.where(owing, balance - out.sum(axis=1), 0)
    return out


def aging(actor: Actor, as_of: date | None = None) -> list[AgingRow]:
    """Open balances of every visible customer by days past due, largest overdue first.

    The balance is the card's (every line, later-dated ones too); the buckets follow
    `fifo_buckets` as of `as_of` (today), over the lines of the last 91 days past the
    longest collection period only: whatever of a balance is older is over 90 anyway.
    """
    today = as_of or date.today()
    owner_id = None if actor.sees_all_customers else actor.id
    balance, info = _owing(actor)
    if not info:
        return []
    period_days = np.zeros(len(balance), dtype=np.int64)
    for cid, found in info.items():
        period_days[cid] = found[3] or 0
    window = timedelta(days=int(period_days.max()) + 91)
    buckets = fifo_buckets(
        sale_columns(owner_id, after=today - window, netted=True), balance, period_days, today
    )
    keyed = []
    for cid, (code, name, owner_name, days, limit) in info.items():
        parts = tuple(buckets[cid].tolist())
        total = int(balance[cid])
        keyed.append(
            (
                parts[0] - total,  # the most overdue first
                -total,
                code,
                AgingRow(cid, code, name, owner_name, days, limit, total, parts),
            )
        )
    keyed.sort(key=lambda k: k[:3])
    return [k[3] for k in keyed]


def customers_over_limit(actor: Actor) -> list[OverLimitRow]:
    """Customers whose balance exceeds their approved limit, worst first."""
    balance, info = _owing(actor)
    rows = [
        OverLimitRow(cid, code, name, owner, from_minor(int(balance[cid])), from_minor(limit))
        for cid, (code, name, owner, _days, limit) in info.items()
        if limit is not None and balance[cid] > limit
    ]
    rows.sort(key=lambda r: (-r.ratio, r.code))
    return rows


__all__ = [
    "AGING_BUCKETS",
    "AGING_LABELS",
    "BUCKETS",
    "AgingRow",
    "Exposure",
    "OverLimitRow",
    "PaymentRecord",
    "aging",
    "aging_bucket",
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
