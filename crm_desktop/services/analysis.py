"""Sales analysis: period totals, ABC customers, salespeople, products, months, aging, follow-ups.

Every figure is one function returning dataclasses with money as `Decimal` yuan; the
Reports page, the workbook and the CLI all read these functions. The figures over sales
lines read them as columns and group them with numpy (`services.columnar`): a year of
500k lines in a fraction of a second, where a row-by-row read took two.

Who sees what: a user with the `report` permission (general manager, sales manager)
sees the whole team; a salesperson sees the same figures restricted to the customers
they own (their ABC classes are then ranked among their own customers) and may not
export the workbook nor apply classes.

Rules implemented here (one place each):
- ABC (Pareto, thresholds from the team setting ``abc_thresholds``): customers with
  positive sales in the period, largest first; a customer is A while the cumulative
  share of the customers ranked above it is below the A threshold (80 %), so the
  customer that takes the cumulative share to 80 % is still A; B likewise up to 95 %;
  C the rest with sales; D no (or no positive) sales in the period.
- New customer: bought in the period, not in the previous one (a customer who comes
  back after a gap counts as new). Lost customer: bought in the previous period, not in
  this one. "Bought" means positive net sales. The previous period is the same number of whole
  months before (for a period of whole months), else the same number of days.
- Receivables aging (as of a day): balance = sales − payments up to that day;
  payments settle the oldest sales first (FIFO), so what is open is the newest sales
  that add up to the balance. Each open amount is aged by days past its due date
  (sale date + the customer's collection period; none = due on the sale date):
  not yet due (< 0), 0–30, 31–60, 61–90, over 90.
- Cadence (the Follow-ups page's rule, `services.followups.cadence_days`): a customer's
  contact interval is `Customer.contact_interval_days`, else the team setting
  ``cadence_days`` for its stored class (no class, no cadence), counted from the last
  completed follow-up up to the report's day, or from its creation when never contacted.
- Follow-ups in a period: planned = due in the period and not cancelled; done = of
  those, completed; overdue = of those, still planned and due before now.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from fractions import Fraction
from operator import itemgetter

import numpy as np

from crm_desktop.dates import add_months
from crm_desktop.errors import PermissionDenied, UserError
from crm_desktop.models import (
    ChangeLog,
    Customer,
    FollowUp,
    Payment,
    Product,
    Sale,
    User,
    bulk_insert,
    database,
    is_sqlite,
    transaction,
    utcnow,
)
from crm_desktop.services import columnar, receivables
from crm_desktop.services.auth import Actor
from crm_desktop.services.receivables import SaleColumns
from crm_desktop.services.settings import get_setting

AGING_BUCKETS = ("not_due", "d0_30", "d31_60", "d61_90", "d90_plus")
MONTH_BY = ("salesperson", "category")
SHEETS = ("summary", "customers", "salespeople", "products", "months", "aging", "followups")

T_CUSTOMER = Customer._meta.table_name
T_SALE = Sale._meta.table_name
T_PAYMENT = Payment._meta.table_name
T_FOLLOWUP = FollowUp._meta.table_name
T_USER = User._meta.table_name
T_PRODUCT = Product._meta.table_name
T_CHANGELOG = ChangeLog._meta.table_name

ZERO = Decimal(0)


def _yuan(fen) -> Decimal:
    """Integer fen (or a SQL sum of them) to Decimal yuan, exactly."""
    if fen is None:
        return Decimal("0.00")
    return Decimal(int(fen)).scaleb(-2)


# --- periods -----------------------------------------------------------------------


def _month_end(day: date) -> date:
    return date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])


@dataclass(frozen=True)
class Period:
    """A span of days, both ends included."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise UserError(
                f"The period ends ({self.end.isoformat()}) before it starts "
                f"({self.start.isoformat()})."
            )

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def whole_months(self) -> int:
        """Number of calendar months when the period is exactly whole months, else 0."""
        if self.start.day != 1 or self.end != _month_end(self.end):
            return 0
        return (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1

    def previous(self) -> Period:
        """The period just before: the same number of whole months, else of days."""
        months = self.whole_months
        if months:
            start = add_months(self.start, -months)
            return Period(start, self.start - timedelta(days=1))
        return Period(self.start - timedelta(days=self.days), self.start - timedelta(days=1))

    def months(self) -> list[str]:
        """'YYYY-MM' of every month the period touches, in order."""
        out = []
        day = date(self.start.year, self.start.month, 1)
        while day <= self.end:
            out.append(f"{day.year:04d}-{day.month:02d}")
            day = add_months(day, 1)
        return out

    def label(self) -> str:
        return f"{self.start.isoformat()} – {self.end.isoformat()}"


def default_period(today: date | None = None) -> Period:
    """The last 12 calendar months, this month included (whole months, so the previous
    period is the 12 months before)."""
    today = today or date.today()
    start = add_months(date(today.year, today.month, 1), -11)
    return Period(start, _month_end(today))


def make_period(start: date | None, end: date | None, today: date | None = None) -> Period:
    """A period from optional ends: both missing = `default_period`; one missing = a year."""
    if start is None and end is None:
        return default_period(today)
    if start is None:
        assert end is not None
        start = add_months(end, -12) + timedelta(days=1)
    if end is None:
        end = add_months(start, 12) - timedelta(days=1)
    return Period(start, end)


# --- SQL helpers -------------------------------------------------------------------


def _q(name: str) -> str:
    return f'"{name}"'


def _run(sql: str, params: Sequence = ()) -> list[tuple]:
    if not is_sqlite():
        sql = sql.replace("?", "%s")
    return database.execute_sql(sql, tuple(params)).fetchall()


def _pd(value: date) -> object:
    """A date parameter as the database stores it (ISO text on SQLite)."""
    return value.isoformat() if is_sqlite() else value


def _pdt(value: datetime) -> object:
    return value.isoformat(sep=" ") if is_sqlite() else value


_DATES: dict[str, date] = {}


def _to_date(value) -> date | None:
    """A date from what the database returns (ISO text on SQLite); the day is memoized, as
    a year of figures repeats the same few hundred days (keyed by the day, not the whole
    timestamp, so the memo stays small)."""
    if value is None:
        return None
    if isinstance(value, str):
        day = value[:10]
        found = _DATES.get(day)
        if found is None:
            found = _DATES[day] = date.fromisoformat(day)
        return found
    if isinstance(value, datetime):
        return value.date()
    return value


def _unindexed(column: str) -> str:
    """A column SQLite must not pick an index for (`+column`): when most rows match, a
    scan beats an index walk with one table lookup per entry."""
    return f"+{column}" if is_sqlite() else column


@dataclass(frozen=True)
class _Scope:
    """Which customers the actor's figures cover, as SQL over a customer-id column."""

    owner_id: int | None  # None: the whole team

    def customers(self, column: str) -> tuple[str, list]:
        return receivables.customer_filter(self.owner_id, column)

    def live_sales(self, alias: str = "") -> str:
        # The row id is in every index entry, so this keeps the covering indexes covering.
        prefix = f"{alias}." if alias else ""
        return f"{prefix}id NOT IN (SELECT id FROM {_q(T_SALE)} WHERE deleted_at IS NOT NULL)"


def scope_for(actor: Actor) -> _Scope:
    """The whole team with the `report` permission; a salesperson's own customers otherwise."""
    if actor.can("report"):
        return _Scope(None)
    return _Scope(actor.id)


def _sales_where(scope: _Scope, period: Period, alias: str = "") -> tuple[str, list]:
    prefix = f"{alias}." if alias else ""
    cust_sql, cust_params = scope.customers(f"{prefix}customer_id")
    sql = f"{prefix}date >= ? AND {prefix}date <= ? AND {scope.live_sales(alias)} AND {cust_sql}"
    return sql, [_pd(period.start), _pd(period.end), *cust_params]


def _user_names() -> dict[int, str]:
    return {
        uid: (display or username)
        for uid, username, display in _run(f"SELECT id, username, display_name FROM {_q(T_USER)}")
    }


# --- one pass over the period's sales lines ----------------------------------------------


@dataclass
class LineStats:
    """Aggregates of a period's sales lines, from one read of the lines: what the
    salesperson, product, month and order figures are made of. Money in fen."""

    lines: int = 0
    orders: int = 0
    sp_sales: dict = field(default_factory=dict)  # salesperson id -> fen
    sp_customers: dict = field(default_factory=dict)  # salesperson id -> count
    sp_orders: dict = field(default_factory=dict)  # salesperson id -> count
    product_sales: dict = field(default_factory=dict)  # product id -> fen
    product_quantity: dict = field(default_factory=dict)  # product id -> quantity
    product_customers: dict = field(default_factory=dict)  # product id -> count
    month_sp: dict = field(default_factory=dict)  # (month, salesperson id) -> fen
    month_product: dict = field(default_factory=dict)  # (month, product id) -> fen


def _scan_beats_index(period: Period) -> bool:
    """SQLite: reading a large share of the lines through the date index costs one random
    table lookup per line; past about a tenth of the table a plain scan is faster
    (measured 2x faster for one year out of three)."""
    if not is_sqlite():
        return False
    # judged by the span of dates (two index seeks: one MIN or MAX per query, or SQLite
    # walks the index), not by counting the period's lines
    first, last = (
        _to_date(_run(f"SELECT {fn}(date) FROM {_q(T_SALE)}")[0][0]) for fn in ("MIN", "MAX")
    )
    if first is None or last is None:
        return False
    inside = (min(period.end, last) - max(period.start, first)).days + 1
    return inside * 10 > (last - first).days + 1


def _none_key(key: int) -> int | None:
    return key or None  # 0 stands for "no salesperson" / "no product" in the columns


@dataclass(frozen=True)
class PeriodLines:
    """The period's live sale lines in scope, as columns: read once for the lines'
    figures (LineStats) and, as `sales`, for the per-customer ones."""

    sales: SaleColumns  # customer id, day number, fen
    salesperson: np.ndarray  # 0: none
    product: np.ndarray  # 0: none
    milli: np.ndarray  # quantity × 1000 (quantities have 3 decimals)
    order_keys: list[str]


def period_lines(actor: Actor, period: Period) -> PeriodLines:
    """Read the period's lines once (customer scope applied) as columns (services.columnar):
    no Python object per line."""
    scope = scope_for(actor)
    where, params = _sales_where(scope, period)
    if _scan_beats_index(period):
        where = where.replace("date >= ? AND date <= ?", "+date >= ? AND +date <= ?", 1)
    # a line without an order number is an order of its own: keyed by its id, after a
    # character no typed order number holds
    order_key = "COALESCE(NULLIF(order_no, ''), {}(30) || id)".format(
        "char" if is_sqlite() else "chr"
    )
    day, sp, product, fen, quantity, customer, order_keys = columnar.read_columns(
        [
            ("day", "date"),
            ("int", "COALESCE(salesperson_id, 0)"),
            ("int", "COALESCE(product_id, 0)"),
            ("int", "amount"),
            ("float", "quantity"),
            ("int", "customer_id"),
            ("text", order_key),
        ],
        f"{_q(T_SALE)} WHERE {where}",
        params,
    )
    milli = np.rint(quantity * 1000).astype(np.int64)
    return PeriodLines(SaleColumns(customer, day, fen), sp, product, milli, order_keys)


def line_stats(actor: Actor, period: Period, lines: PeriodLines | None = None) -> LineStats:
    """The lines' figures, grouped with numpy: one read instead of one table walk per
    figure."""
    lines = lines if lines is not None else period_lines(actor, period)
    customer, fen = lines.sales.customer, lines.sales.fen
    sp, product, milli, order_keys = lines.salesperson, lines.product, lines.milli, lines.order_keys
    # year * 12 + month - 1 of each day
    month = lines.sales.day.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)
    month += 1970 * 12
    st = LineStats(lines=len(month))
    if not len(month):
        return st
    first_month = int(month.min())
    key, radixes = columnar.pack(month - first_month, sp, product)
    keys, (sums, quantities) = columnar.group_sums(key, fen, milli)
    m_off, sp_ids, p_ids = columnar.unpack(keys, radixes)
    months = [_month_label(first_month + int(m)) for m in range(int(m_off.max()) + 1)]
    sp_sales: dict = defaultdict(int)
    p_sales: dict = defaultdict(int)
    p_milli: dict = defaultdict(int)
    m_sp: dict = defaultdict(int)
    m_p: dict = defaultdict(int)
    for m, s_id, p_id, total, q in zip(
        m_off.tolist(), sp_ids.tolist(), p_ids.tolist(), sums.tolist(), quantities.tolist(),
        strict=True,
    ):  # fmt: skip
        s_key, p_key = _none_key(s_id), _none_key(p_id)
        sp_sales[s_key] += total
        p_sales[p_key] += total
        p_milli[p_key] += q
        m_sp[(months[m], s_key)] += total
        m_p[(months[m], p_key)] += total
    st.sp_sales = dict(sp_sales)
    st.product_sales = dict(p_sales)
    st.product_quantity = {k: Decimal(v).scaleb(-3) for k, v in p_milli.items()}
    st.month_sp = dict(m_sp)
    st.month_product = dict(m_p)
    st.sp_customers = {_none_key(k): v for k, v in columnar.distinct_counts(sp, customer).items()}
    st.product_customers = {
        _none_key(k): v for k, v in columnar.distinct_counts(product, customer).items()
    }
    # orders numbered in order of appearance (C loops: dict.fromkeys, map), then counted
    # per salesperson like the customers; an order split between salespeople counts once
    # in the total and once for each of them
    numbers = {key: n for n, key in enumerate(dict.fromkeys(order_keys))}
    order = np.fromiter(map(numbers.__getitem__, order_keys), np.int64, len(order_keys))
    st.orders = len(numbers)
    st.sp_orders = {_none_key(k): v for k, v in columnar.distinct_counts(sp, order).items()}
    return st


def _month_label(number: int) -> str:
    """'YYYY-MM' of a month number (year * 12 + month - 1), as `Period.months` spells it."""
    return f"{number // 12:04d}-{number % 12 + 1:02d}"


# --- per customer and ABC ------------------------------------------------------------


@dataclass(slots=True)
class CustomerFigure:
    """One customer's line in the by-customer table."""

    customer_id: int
    code: str
    name: str
    owner: str
    stored_class: str | None
    abc_class: str
    sales_fen: int
    share: float | None  # fraction of the period's positive sales
    cumulative_share: float | None
    previous_fen: int
    change_pct: float | None  # fraction; None when the previous period had no sales
    last_order: date | None  # last order in this or the previous period
    rank: int | None  # 1 = largest; None for class D

    # Money is kept in fen (100k customers: no Decimal until someone asks).
    @property
    def sales(self) -> Decimal:
        return _yuan(self.sales_fen)

    @property
    def previous_sales(self) -> Decimal:
        return _yuan(self.previous_fen)

    @property
    def change(self) -> Decimal:
        return _yuan(self.sales_fen - self.previous_fen)


def abc_thresholds() -> tuple[Fraction, Fraction]:
    """The A and B cumulative-share limits, in percent, from the team settings."""
    value = get_setting("abc_thresholds") or {}
    try:
        a = Fraction(str(value.get("A", 80)))
        b = Fraction(str(value.get("B", 95)))
    except (ValueError, AttributeError) as exc:
        raise UserError(f"The ABC thresholds setting is not valid: {value!r}.") from exc
    if not (0 < a <= b <= 100):
        raise UserError(f"The ABC thresholds must satisfy 0 < A ≤ B ≤ 100 (got A={a}, B={b}).")
    return a, b


def classify_abc(sales_fen: Sequence[int], thresholds: tuple[Fraction, Fraction]) -> list[str]:
    """ABC classes for amounts already sorted largest first (Pareto rule, exact arithmetic)."""
    a, b = (Fraction(x) for x in thresholds)
    total = sum(x for x in sales_fen if x > 0)
    # exact: before/total < a/100  <=>  before * 100 * a.den < a.num * total
    a_den, a_lim = 100 * a.denominator, a.numerator * total
    b_den, b_lim = 100 * b.denominator, b.numerator * total
    out = []
    before = 0
    for amount in sales_fen:
        if amount <= 0:
            out.append("D")
            continue
        if before * a_den < a_lim:
            out.append("A")
        elif before * b_den < b_lim:
            out.append("B")
        else:
            out.append("C")
        before += amount
    return out


def sale_columns(actor: Actor, until: date) -> SaleColumns:
    """Every live sale line of the actor's customers up to `until`, as columns."""
    return receivables.sale_columns(scope_for(actor).owner_id, until)


def customer_table(actor: Actor) -> list[tuple]:
    """Every customer in scope, once, for the figures that list customers: (id, code, name,
    owner name, stored class, credit limit fen, collection days, contact interval days,
    created at)."""
    scope = scope_for(actor)
    params: list = []
    where = "c.deleted_at IS NULL"
    if scope.owner_id is not None:
        where += " AND c.owner_id = ?"
        params.append(scope.owner_id)
    names = _user_names()  # a handful of users: named from a dict, not joined per row
    rows = _run(
        f"SELECT c.id, c.code, c.name, c.owner_id, c.abc_class, c.credit_limit, "
        f"c.collection_days, c.contact_interval_days, c.created_at "
        f"FROM {_q(T_CUSTOMER)} c WHERE {where}",
        params,
    )
    return [
        (cid, code, name, names.get(owner, "") or "", *rest)
        for cid, code, name, owner, *rest in rows
    ]


def customer_figures(
    actor: Actor,
    period: Period,
    customers: list[tuple] | None = None,
    columns: SaleColumns | None = None,
) -> list[CustomerFigure]:
    """Every customer in scope: sales, share, cumulative share, ABC class, previous period,
    change and last order (in this or the previous period); largest first, then customers
    without sales by code."""
    columns = columns if columns is not None else sale_columns(actor, period.end)
    previous_period = period.previous()
    current, current_last = columns.per_customer(period.start, period.end)
    previous, previous_last = columns.per_customer(previous_period.start, previous_period.end)
    customers = list(customers if customers is not None else customer_table(actor))
    size = len(current)
    ids = [c[0] for c in customers]
    known = np.array([i if i < size else 0 for i in ids], dtype=np.int64)
    inside = np.array([i < size for i in ids], dtype=bool)
    amounts_all = np.where(inside, current[known], 0)
    prev_all = np.where(inside, previous[known], 0)
    last_all = np.where(inside, np.maximum(current_last[known], previous_last[known]), -1)
    # largest first, then by code: a stable sort by amount of the code-sorted customers
    by_code = sorted(range(len(customers)), key=lambda i: customers[i][1])
    order = [by_code[i] for i in np.argsort(-amounts_all[by_code], kind="stable").tolist()]
    customers = [customers[i] for i in order]
    fen, prev, last_day = amounts_all[order], prev_all[order], last_all[order]
    amounts = fen.tolist()
    classes = classify_abc(amounts, abc_thresholds())
    # the per-customer arithmetic as columns (float64 holds every fen sum exactly, so
    # each quotient is the one Python's int / int gives); None where there is no value
    bought = fen > 0
    positive = int(fen[bought].sum())
    total = positive or 1
    cumulative = np.cumsum(np.where(bought, fen, 0))
    share = _or_none(fen / total, (fen != 0) & (positive > 0))
    cum_share = _or_none(cumulative / total, bought)
    rank = _or_none(np.arange(1, len(fen) + 1), bought)  # the buyers come first
    change = _or_none((fen - prev) / np.where(prev > 0, prev, 1), prev > 0)
    days: dict[int, date] = {}
    last = [
        None if d < 0 else (days.get(d) or days.setdefault(d, receivables.date_of_day(d)))
        for d in last_day.tolist()
    ]
    return list(
        map(
            CustomerFigure,
            (c[0] for c in customers), (c[1] for c in customers), (c[2] for c in customers),
            (c[3] or "" for c in customers), (c[4] for c in customers), classes, amounts,
            share, cum_share, prev.tolist(), change, last, rank,
        )
    )  # fmt: skip


def _or_none(values: np.ndarray, present: np.ndarray) -> list:
    """The values as Python numbers, None where `present` is False."""
    return [v if p else None for v, p in zip(values.tolist(), present.tolist(), strict=True)]


@dataclass(frozen=True)
class AbcCounts:
    """How many customers and how much of the sales each class holds."""

    cls: str
    customers: int
    sales: Decimal
    share: float


def abc_counts(figures: Iterable[CustomerFigure]) -> list[AbcCounts]:
    """Customers, sales and share of the positive sales per class A–D."""
    count: dict[str, int] = defaultdict(int)
    money: dict[str, int] = defaultdict(int)
    total = 0
    for f in figures:
        count[f.abc_class] += 1
        money[f.abc_class] += f.sales_fen
        if f.sales_fen > 0:
            total += f.sales_fen
    return [
        AbcCounts(c, count[c], _yuan(money[c]), (money[c] / total) if total else 0.0)
        for c in ("A", "B", "C", "D")
    ]


# --- period summary ----------------------------------------------------------------


@dataclass(frozen=True)
class PeriodSummary:
    """The 概要 figures of one period."""

    period: Period
    previous_period: Period
    sales: Decimal
    previous_sales: Decimal
    change_pct: float | None
    lines: int
    orders: int
    customers_bought: int
    new_customers: int
    lost_customers: int
    customers_total: int
    top: list[CustomerFigure]


def period_summary(
    actor: Actor,
    period: Period,
    figures: list[CustomerFigure] | None = None,
    top_n: int = 10,
    stats: LineStats | None = None,
) -> PeriodSummary:
    """Totals of the period and the one before, customers bought (positive sales), new
    (bought now, not in the previous period) and lost (the reverse), the top 10."""
    if figures is None:
        figures = customer_figures(actor, period)
    if stats is None:
        stats = line_stats(actor, period)
    prev_period = period.previous()
    sales = _yuan(sum(f.sales_fen for f in figures))
    prev_sales = _yuan(sum(f.previous_fen for f in figures))
    bought = [f for f in figures if f.sales_fen > 0]
    new = sum(1 for f in bought if f.previous_fen <= 0)
    lost = sum(1 for f in figures if f.previous_fen > 0 and f.sales_fen <= 0)
    return PeriodSummary(
        period=period,
        previous_period=prev_period,
        sales=sales,
        previous_sales=prev_sales,
        change_pct=float((sales - prev_sales) / prev_sales) if prev_sales > 0 else None,
        lines=stats.lines,
        orders=stats.orders,
        customers_bought=len(bought),
        new_customers=new,
        lost_customers=lost,
        customers_total=len(figures),
        top=[f for f in figures if f.rank is not None][:top_n],
    )


# --- by salesperson ------------------------------------------------------------------


@dataclass(frozen=True)
class SalespersonFigure:
    """One salesperson's line; `user_id` None collects sales lines without a salesperson."""

    user_id: int | None
    name: str
    sales: Decimal
    share: float | None
    customers: int
    orders: int
    followups_planned: int
    followups_done: int


def _followup_window(period: Period) -> tuple[object, object]:
    start = datetime(period.start.year, period.start.month, period.start.day)
    end = datetime(period.end.year, period.end.month, period.end.day) + timedelta(days=1)
    return _pdt(start), _pdt(end)


def _followup_grid(
    scope: _Scope, period: Period, now: datetime, customers: list[tuple] | None = None
) -> dict[tuple, tuple[int, int, int]]:
    """(planned, done, overdue) per (owner id, customer's stored class): the period's
    follow-ups read as columns, the class of each looked up in an array by customer id."""
    start, end = _followup_window(period)
    cust_sql, cust_params = scope.customers("customer_id")
    owner, customer, state = columnar.read_columns(
        [
            ("int", "COALESCE(owner_id, 0)"),
            ("int", "customer_id"),
            ("int", "CASE WHEN status = 'done' THEN 1 "
                    "WHEN status = 'planned' AND due_at < ? THEN 2 ELSE 0 END"),
        ],
        f"{_q(T_FOLLOWUP)} WHERE due_at >= ? AND due_at < ? AND status <> 'cancelled' "
        f"AND deleted_at IS NULL AND {cust_sql}",
        [_pdt(now), start, end, *cust_params],
    )  # fmt: skip
    if not len(owner):
        return {}
    if customers is None:
        customers = _run(f"SELECT id, NULL, NULL, NULL, abc_class FROM {_q(T_CUSTOMER)}")
    classes = sorted({row[4] for row in customers}, key=lambda c: (c is not None, c or ""))
    number = {cls: n for n, cls in enumerate(classes)}
    class_of = np.zeros(int(customer.max()) + 1, dtype=np.int64)
    for row in customers:
        if row[0] < len(class_of):
            class_of[row[0]] = number[row[4]]
    key, radixes = columnar.pack(owner, class_of[customer])
    done, overdue = (state == 1).astype(np.int64), (state == 2).astype(np.int64)
    keys, (planned, done, overdue) = columnar.group_sums(key, np.ones_like(done), done, overdue)
    owners, class_numbers = columnar.unpack(keys, radixes)
    return {
        (_none_key(o), classes[c]): (p, d, x)
        for o, c, p, d, x in zip(
            owners.tolist(), class_numbers.tolist(), planned.tolist(), done.tolist(),
            overdue.tolist(), strict=True,
        )
    }  # fmt: skip


def _followup_counts(grid: dict[tuple, tuple[int, int, int]], part: int) -> dict:
    """The grid summed per owner (part 0) or per class (part 1)."""
    out: dict = {}
    for key, (p, d, o) in grid.items():
        k = key[part]
        pp, dd, oo = out.get(k, (0, 0, 0))
        out[k] = (pp + p, dd + d, oo + o)
    return out


def salesperson_figures(
    actor: Actor,
    period: Period,
    now: datetime | None = None,
    stats: LineStats | None = None,
    follow: dict | None = None,
) -> list[SalespersonFigure]:
    """Sales, customers, orders and follow-ups (done vs planned) per salesperson of the
    sales line (lines without one are collected under `user_id` None)."""
    scope = scope_for(actor)
    now = now or datetime.now()
    stats = stats or line_stats(actor, period)
    if follow is None:
        follow = _followup_counts(_followup_grid(scope, period, now), 0)
    names = _user_names()
    total = sum(stats.sp_sales.values())
    out = []
    for uid in set(stats.sp_sales) | set(follow):
        fen = stats.sp_sales.get(uid, 0)
        planned, done, _ = follow.get(uid, (0, 0, 0))
        out.append(
            SalespersonFigure(
                uid,
                names.get(uid, "") if uid is not None else "",
                _yuan(fen),
                (fen / total) if total else None,
                stats.sp_customers.get(uid, 0),
                stats.sp_orders.get(uid, 0),
                planned,
                done,
            )
        )
    out.sort(key=lambda s: (-s.sales, s.user_id is None, s.name))
    return out


# --- by product ------------------------------------------------------------------------


@dataclass(frozen=True)
class ProductFigure:
    """One product's line; `product_id` None collects lines without a product."""

    product_id: int | None
    code: str
    name: str
    category: str
    quantity: Decimal
    sales: Decimal
    share: float | None
    customers: int


def _decimal(value) -> Decimal:
    if value is None:
        return ZERO
    if isinstance(value, Decimal):
        return value
    return Decimal(str(value))


def _products() -> dict[int, tuple[str, str, str]]:
    return {
        pid: (code, name, category)
        for pid, code, name, category in _run(
            f"SELECT id, code, name, category FROM {_q(T_PRODUCT)}"
        )
    }


def product_figures(
    actor: Actor, period: Period, stats: LineStats | None = None
) -> list[ProductFigure]:
    """Quantity, sales, share and number of customers per product (the product mix)."""
    stats = stats or line_stats(actor, period)
    products = _products()
    total = sum(stats.product_sales.values())
    out = []
    for pid, fen in stats.product_sales.items():
        code, name, category = products.get(pid, ("", "", ""))
        qty = _decimal(stats.product_quantity.get(pid, 0)).quantize(Decimal("0.001"))
        out.append(
            ProductFigure(
                pid,
                code,
                name,
                category,
                qty.normalize() if qty else ZERO,
                _yuan(fen),
                (fen / total) if total else None,
                stats.product_customers.get(pid, 0),
            )
        )
    out.sort(key=lambda p: (-p.sales, p.product_id is None, p.code))
    return out


# --- by month ----------------------------------------------------------------------------


@dataclass(frozen=True)
class MonthlyTable:
    """Sales per month (rows) and per salesperson or product category (columns)."""

    by: str
    months: list[str]
    columns: list[str]
    values: list[list[Decimal]]  # [month][column]

    def month_totals(self) -> list[Decimal]:
        return [sum(row, Decimal("0.00")) for row in self.values]

    def column_totals(self) -> list[Decimal]:
        return [
            sum((row[i] for row in self.values), Decimal("0.00")) for i in range(len(self.columns))
        ]


def monthly_sales(
    actor: Actor, period: Period, by: str = "salesperson", stats: LineStats | None = None
) -> MonthlyTable:
    """A row per month of the period, a column per salesperson or product category."""
    if by not in MONTH_BY:
        raise UserError(f"Sales by month can be split by {' or '.join(MONTH_BY)}, not '{by}'.")
    stats = stats or line_stats(actor, period)
    if by == "salesperson":
        names = _user_names()
        source = stats.month_sp

        def label(key):
            return names.get(key, "") if key is not None else ""
    else:
        products = _products()
        source = stats.month_product

        def label(key):
            return products.get(key, ("", "", ""))[2] if key is not None else ""

    months = period.months()
    per_key: dict[str, dict[str, int]] = defaultdict(dict)
    key_totals: dict[str, int] = defaultdict(int)
    for (m, key), fen in source.items():
        name = label(key)
        per_key[name][m] = per_key[name].get(m, 0) + fen
        key_totals[name] += fen
    columns = sorted(key_totals, key=lambda k: (k == "", -key_totals[k], k))
    values = [[_yuan(per_key[c].get(m, 0)) for c in columns] for m in months]
    return MonthlyTable(by, months, columns, values)


# --- receivables aging and credit -----------------------------------------------------------


@dataclass(slots=True)
class AgingRow:
    """A customer's receivable balance, credit and the open amounts by days past due."""

    customer_id: int
    code: str
    name: str
    owner: str
    limit_fen: int | None
    collection_days: int | None
    balance_fen: int
    exposure: float | None  # balance ÷ limit
    buckets_fen: tuple[int, int, int, int, int]  # in AGING_BUCKETS order

    @property
    def credit_limit(self) -> Decimal | None:
        return None if self.limit_fen is None else _yuan(self.limit_fen)

    @property
    def balance(self) -> Decimal:
        return _yuan(self.balance_fen)

    @property
    def over_limit(self) -> bool:
        return self.limit_fen is not None and self.balance_fen > self.limit_fen

    def bucket(self, name: str) -> Decimal:
        return _yuan(self.buckets_fen[AGING_BUCKETS.index(name)])

    not_due = property(lambda self: _yuan(self.buckets_fen[0]))
    d0_30 = property(lambda self: _yuan(self.buckets_fen[1]))
    d31_60 = property(lambda self: _yuan(self.buckets_fen[2]))
    d61_90 = property(lambda self: _yuan(self.buckets_fen[3]))
    d90_plus = property(lambda self: _yuan(self.buckets_fen[4]))


def _bucket(days_past_due: int) -> int:
    if days_past_due < 0:
        return 0
    if days_past_due <= 30:
        return 1
    if days_past_due <= 60:
        return 2
    if days_past_due <= 90:
        return 3
    return 4


def receivables_aging(
    actor: Actor,
    as_of: date | None = None,
    customers: list[tuple] | None = None,
    columns: SaleColumns | None = None,
) -> list[AgingRow]:
    """Customers with a balance on `as_of`: FIFO aging, limit and exposure; largest first.

    Computed over columns of the sales (services.columnar): the FIFO walk from the newest
    sale back is a cumulative sum per customer, not a Python loop per sale.
    """
    as_of = as_of or date.today()
    columns = sale_columns(actor, as_of) if columns is None else columns.until(as_of)
    balance = receivables.balances(scope_for(actor).owner_id, columns, as_of)
    if not balance.any():
        return []
    rows = customers if customers is not None else customer_table(actor)
    by_id = dict(zip(map(itemgetter(0), rows), rows, strict=True))
    owing = [cid for cid in np.flatnonzero(balance).tolist() if cid in by_id]
    period_days = np.zeros(len(balance), dtype=np.int64)
    for cid in owing:
        period_days[cid] = by_id[cid][6] or 0
    buckets = receivables.fifo_buckets(columns, balance, period_days, as_of)
    out = []
    for cid in owing:
        _, code, name, owner, _, limit, days = by_id[cid][:7]
        fen = int(balance[cid])
        limit_fen = int(limit) if limit is not None else None
        out.append(
            AgingRow(
                cid,
                code,
                name,
                owner or "",
                limit_fen,
                int(days) if days is not None else None,
                fen,
                (fen / limit_fen) if limit_fen else None,
                tuple(buckets[cid].tolist()) if fen > 0 else (0, 0, 0, 0, 0),
            )
        )
    out.sort(key=lambda r: (-r.balance_fen, r.code))
    return out


# --- follow-up activity ---------------------------------------------------------------------


@dataclass(frozen=True)
class FollowUpCounts:
    """Planned, done and overdue follow-ups of one salesperson or one customer class."""

    key: str  # salesperson name or class code ("" = none)
    planned: int
    done: int
    overdue: int
    outside_cadence: int = 0


@dataclass(slots=True)
class CadenceGap:
    """A customer with no completed follow-up inside its contact interval."""

    customer_id: int
    code: str
    name: str
    owner: str
    abc_class: str | None
    interval_days: int
    last_contact: date | None
    days_since: int | None  # None: never contacted
    days_over: int  # days beyond the interval (never contacted: counted from creation)


@dataclass(frozen=True)
class FollowUpActivity:
    by_salesperson: list[FollowUpCounts]
    by_class: list[FollowUpCounts]
    outside_cadence: list[CadenceGap]
    as_of: date


def cadence_gaps(
    actor: Actor, as_of: date | None = None, customers: list[tuple] | None = None
) -> list[CadenceGap]:
    """Customers whose last completed follow-up (never contacted: their creation) is older
    than their contact interval on `as_of`. The interval rule is the Follow-ups page's
    (`services.followups.cadence_days`): the customer's own interval, else its class's;
    a customer with neither has no cadence."""
    from crm_desktop.services.followups import cadence_days

    scope = scope_for(actor)
    as_of = as_of or date.today()
    defaults = cadence_days()
    cust_sql, cust_params = scope.customers("customer_id")
    end = _pdt(datetime(as_of.year, as_of.month, as_of.day) + timedelta(days=1))
    # the completed follow-ups as columns, in table order: most of the table is "done",
    # so a scan (+status) beats a walk of the status index with a row lookup per entry
    seen_at = "COALESCE(done_at, due_at)"
    customer, day = columnar.read_columns(
        [("int", "customer_id"), ("day", seen_at)],
        f"{_q(T_FOLLOWUP)} WHERE {_unindexed('status')} = 'done' AND deleted_at IS NULL "
        f"AND {seen_at} < ? AND {cust_sql}",
        [end, *cust_params],
    )
    last_day = np.full(int(customer.max()) + 1 if len(customer) else 1, -1, dtype=np.int64)
    np.maximum.at(last_day, customer, day)
    last_days, size, today = last_day.tolist(), len(last_day), receivables.day_number(as_of)
    out = []
    for row in customers if customers is not None else customer_table(actor):
        cid, code, name, owner, cls = row[:5]
        interval = row[7]
        days = interval if interval and interval > 0 else defaults.get(cls or "")
        if not days:
            continue
        seen = since = None
        if cid < size and last_days[cid] >= 0:
            since = today - last_days[cid]
            if since <= days:
                continue
            seen = receivables.date_of_day(last_days[cid])
        created = None
        if since is None:
            created = _to_date(row[8])
            if created is None or (as_of - created).days <= days:
                continue
        out.append(
            CadenceGap(
                cid,
                code,
                name,
                owner or "",
                cls,
                int(days),
                seen,
                since,
                (since - days) if since is not None else (as_of - created).days - days,
            )
        )
    out.sort(key=lambda g: (g.abc_class or "Z", -g.days_over, g.code))
    return out


def followup_activity(
    actor: Actor,
    period: Period,
    now: datetime | None = None,
    customers: list[tuple] | None = None,
    grid: dict | None = None,
) -> FollowUpActivity:
    """Follow-ups planned / done / overdue per salesperson and per customer class, and the
    customers outside their cadence (as of the period's end, or today if earlier)."""
    scope = scope_for(actor)
    now = now or datetime.now()
    as_of = min(period.end, now.date())
    names = _user_names()
    if grid is None:
        grid = _followup_grid(scope, period, now)
    per_owner = _followup_counts(grid, 0)
    per_class = _followup_counts(grid, 1)
    gaps = cadence_gaps(actor, as_of, customers)
    gaps_per_class: dict[str, int] = defaultdict(int)
    for g in gaps:
        gaps_per_class[g.abc_class or ""] += 1
    by_salesperson = sorted(
        (
            FollowUpCounts(names.get(uid, "") if uid is not None else "", *counts)
            for uid, counts in per_owner.items()
        ),
        key=lambda c: (c.key == "", c.key),
    )
    classes = sorted({k or "" for k in per_class} | set(gaps_per_class), key=lambda k: (k == "", k))
    by_class = [
        FollowUpCounts(k, *per_class.get(k or None, (0, 0, 0)), gaps_per_class.get(k, 0))
        for k in classes
    ]
    return FollowUpActivity(by_salesperson, by_class, gaps, as_of)


# --- everything for the workbook ----------------------------------------------------------------


@dataclass
class SalesReport:
    """All figures of the sales workbook: plain data for `reports.sales_xlsx`."""

    period: Period
    generated_at: datetime
    scope_label: str
    sheets: tuple[str, ...]
    summary: PeriodSummary
    customers: list[CustomerFigure]
    abc: list[AbcCounts]
    salespeople: list[SalespersonFigure] = field(default_factory=list)
    products: list[ProductFigure] = field(default_factory=list)
    months: MonthlyTable | None = None
    aging: list[AgingRow] = field(default_factory=list)
    aging_as_of: date | None = None
    followups: FollowUpActivity | None = None


class Cancelled(UserError):
    """The user stopped a long report; nothing was written."""


def sales_report(
    actor: Actor,
    period: Period,
    sheets: Iterable[str] = SHEETS,
    month_by: str = "salesperson",
    progress: Callable[[int, int, str], bool | None] | None = None,
    now: datetime | None = None,
) -> SalesReport:
    """Compute the figures of the chosen sheets. `progress(step, steps, what)` returning
    False cancels (raises `Cancelled`)."""
    chosen = tuple(s for s in SHEETS if s in set(sheets))
    unknown = set(sheets) - set(SHEETS)
    if unknown:
        raise UserError(f"Unknown sheet(s): {', '.join(sorted(unknown))}.")
    if not chosen:
        raise UserError("Choose at least one sheet.")
    now = now or datetime.now()
    steps = 1 + sum(1 for s in chosen if s != "customers")
    step = 0

    def tick(what: str) -> None:
        nonlocal step
        step += 1
        if progress is not None and progress(step, steps, what) is False:
            raise Cancelled("The report was cancelled.")

    tick("customers")
    if not _may_read_in_parallel():
        return _sales_report(actor, period, chosen, month_by, tick, now, None)
    # Two reading connections of their own, in two threads: the lines' figures on one,
    # everything else on the other. Both spend most of their time inside the database,
    # which does not hold the GIL; each scans, so neither needs a large page cache nor
    # the memory map (which would count the tables read as this process's memory).
    with ThreadPoolExecutor(max_workers=2) as pool:
        lines = pool.submit(_on_own_connection, _lines_and_stats, actor, period)
        rest = pool.submit(
            _on_own_connection, _sales_report, actor, period, chosen, month_by, tick, now, lines
        )
        try:
            return rest.result()
        finally:
            lines.cancel()


def _lines_and_stats(actor: Actor, period: Period) -> tuple[PeriodLines, LineStats]:
    lines = period_lines(actor, period)
    return lines, line_stats(actor, period, lines)


def _may_read_in_parallel() -> bool:
    """Not inside a transaction (another connection would not see its writes) and not an
    in-memory SQLite database (another connection would be another database)."""
    target = getattr(database, "obj", database)
    return not database.in_transaction() and getattr(target, "database", "") != ":memory:"


# a one-pass scan gains nothing from a large cache or a memory map of the file
_SCAN_PRAGMAS = ("PRAGMA mmap_size = 0", "PRAGMA cache_size = -8000")


def _on_own_connection(fn: Callable, *args):
    """Run `fn` in this worker thread on a connection of its own, closed afterwards."""
    try:
        if is_sqlite():
            for pragma in _SCAN_PRAGMAS:
                database.execute_sql(pragma)
        return fn(*args)
    finally:
        if not database.is_closed():
            database.close()


def _sales_report(
    actor: Actor,
    period: Period,
    chosen: tuple[str, ...],
    month_by: str,
    tick: Callable[[str], None],
    now: datetime,
    lines_done: Future | None,
) -> SalesReport:
    customers = customer_table(actor)
    # what needs no sales line first, while the other thread reads the period's lines
    grid = per_owner = None
    if "followups" in chosen or "salespeople" in chosen:
        grid = _followup_grid(scope_for(actor), period, now, customers)
        per_owner = _followup_counts(grid, 0)
    followups = None
    if "followups" in chosen:
        followups = followup_activity(actor, period, now, customers, grid)
    before = receivables.sale_columns(
        scope_for(actor).owner_id, until=period.start - timedelta(days=1)
    )
    lines, stats = (
        lines_done.result() if lines_done is not None else _lines_and_stats(actor, period)
    )
    columns = before.join(lines.sales)  # every line up to the period's end
    figures = customer_figures(actor, period, customers, columns)
    aging: list[AgingRow] = []
    aging_as_of = None
    if "aging" in chosen:
        aging_as_of = min(period.end, now.date())
        aging = receivables_aging(actor, aging_as_of, customers, columns)
    summary = period_summary(actor, period, figures, stats=stats)
    report = SalesReport(
        period=period,
        generated_at=now,
        scope_label=actor.name if not actor.can("report") else "",
        sheets=chosen,
        summary=summary,
        customers=figures,
        abc=abc_counts(figures),
        aging=aging,
        aging_as_of=aging_as_of,
        followups=followups,
    )
    if "salespeople" in chosen:
        report.salespeople = salesperson_figures(actor, period, now, stats, per_owner)
        tick("salespeople")
    if "products" in chosen:
        report.products = product_figures(actor, period, stats)
        tick("products")
    if "months" in chosen or "summary" in chosen:
        report.months = monthly_sales(actor, period, month_by, stats)
        if "months" in chosen:
            tick("months")
    if "aging" in chosen:
        tick("aging")
    if "followups" in chosen:
        tick("followups")
    if "summary" in chosen:
        tick("summary")
    return report


# --- applying ABC classes --------------------------------------------------------------------


@dataclass(frozen=True)
class AbcChangePreview:
    """What applying the computed classes would change."""

    period: Period
    changes: dict[tuple[str | None, str], int]  # (stored class, new class) -> customers
    total_customers: int

    @property
    def changed(self) -> int:
        return sum(self.changes.values())


def _require_abc_writer(actor: Actor) -> None:
    """Only the general manager and sales managers classify the whole customer base."""
    if actor.role not in ("gm", "sales_manager") or not actor.can("report"):
        raise PermissionDenied(
            f"Not allowed: {actor.username} ({actor.role}) may not apply ABC classes to customers."
        )


def preview_abc_classes(
    actor: Actor, period: Period, figures: list[CustomerFigure] | None = None
) -> AbcChangePreview:
    """How many customers would change class (for the confirmation the UI asks)."""
    _require_abc_writer(actor)
    figures = figures if figures is not None else customer_figures(actor, period)
    changes: dict[tuple[str | None, str], int] = defaultdict(int)
    for f in figures:
        if f.stored_class != f.abc_class:
            changes[(f.stored_class, f.abc_class)] += 1
    return AbcChangePreview(period, dict(changes), len(figures))


@dataclass(frozen=True)
class AbcApplied:
    period: Period
    changed: int
    by_class: dict[str, int]  # new class -> customers changed to it


def apply_abc_classes(actor: Actor, period: Period) -> AbcApplied:
    """Write the computed classes to the customers, with one ChangeLog row each, in one
    transaction (bulk UPDATE per class and one bulk ChangeLog insert)."""
    _require_abc_writer(actor)
    from crm_desktop.services.customers import audit

    with transaction():
        figures = customer_figures(actor, period)
        changed = [
            (f.customer_id, f.stored_class, f.abc_class)
            for f in figures
            if f.stored_class != f.abc_class
        ]
        now = utcnow()
        now_db = _pdt(now)
        per_class: dict[str, list[int]] = defaultdict(list)
        for cid, _old, new in changed:
            per_class[new].append(cid)
        table = _q(T_CUSTOMER)
        for cls, ids in per_class.items():
            for i in range(0, len(ids), 5000):
                chunk = ids[i : i + 5000]
                marks = ", ".join("?" for _ in chunk)
                _run_write(
                    f"UPDATE {table} SET abc_class = ?, updated_at = ?, version = version + 1 "
                    f"WHERE id IN ({marks})",
                    [cls, now_db, *chunk],
                )
        bulk_insert(
            T_CHANGELOG,
            ("entity", "entity_id", "field", "old_value", "new_value", "user_id", "at"),
            (
                ("customer", cid, "abc_class", old, new, actor.id, now_db)
                for cid, old, new in changed
            ),
        )
        audit(
            actor,
            "abc.apply",
            entity="customer",
            count=len(changed),
            detail=period.label(),
        )
    return AbcApplied(period, len(changed), {k: len(v) for k, v in per_class.items()})


def _run_write(sql: str, params: Sequence) -> None:
    if not is_sqlite():
        sql = sql.replace("?", "%s")
    database.execute_sql(sql, tuple(params))


def record_export(actor: Actor, path: str, report: SalesReport) -> None:
    """专人负责: exporting the sales workbook leaves an audit trace."""
    from crm_desktop.services.customers import audit

    actor.require("report", "export the sales report")
    with transaction():
        audit(
            actor,
            "export.report",
            entity="customer",
            count=len(report.customers),
            detail=f"sales {report.period.label()} -> {path}",
        )
