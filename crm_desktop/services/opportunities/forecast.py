"""The sales forecast (销售预测): the weighted pipeline of the coming months, beside history.

Weighted = amount × the opportunity's win probability (its own, else its stage's). The
months are calendar months from this one. Each month stands beside the actual sales of
the same month last year and, when the team has set one, this year's target
(setting `sales_targets`: {"2026-01": 500000, …} or {"2026": 6000000}, spread evenly).
Win rate and average days to close count the opportunities closed in the last 12
months; the stage-to-stage conversion counts how far each opportunity ever got. Every
figure is summed by the database, so 200k opportunities cost a handful of queries.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

import peewee as pw

from crm_desktop.models import (
    Customer,
    Opportunity,
    OpportunityStage,
    Sale,
    User,
    database,
)
from crm_desktop.services.auth import Actor
from crm_desktop.services.opportunities.stages import StageInfo, list_stages
from crm_desktop.services.settings import get_setting

MONTHS = 6
CENT = Decimal("0.01")


@dataclass(frozen=True)
class ForecastMonth:
    month: date  # the first day
    pipeline: Decimal  # open opportunities expected to close in it
    weighted: Decimal
    count: int
    actual_last_year: Decimal  # sales of the same month a year earlier
    actual: Decimal  # sales so far in it (this month only, the others are ahead)
    target: Decimal | None


@dataclass(frozen=True)
class SalespersonForecast:
    owner_id: int | None
    name: str
    weighted: list[Decimal]  # per month, as `Forecast.months`
    total: Decimal
    won: int  # closed in the last 12 months
    lost: int
    avg_days_to_close: float | None  # of the won ones

    @property
    def win_rate(self) -> float | None:
        closed = self.won + self.lost
        return self.won / closed if closed else None


@dataclass(frozen=True)
class StageConversion:
    stage: StageInfo
    reached: int  # opportunities that got to this stage or beyond
    to_next: float | None  # share of them that got one stage further


@dataclass(frozen=True)
class Forecast:
    months: list[ForecastMonth]
    salespeople: list[SalespersonForecast]
    conversion: list[StageConversion]
    overdue_count: int  # open, expected close already past
    overdue_amount: Decimal

    @property
    def total_weighted(self) -> Decimal:
        return sum((m.weighted for m in self.months), Decimal("0.00"))


def add_months(day: date, n: int) -> date:
    index = day.year * 12 + day.month - 1 + n
    return date(index // 12, index % 12 + 1, 1)


def _money(fen: object) -> Decimal:
    return (Decimal(int(fen or 0)) / 100).quantize(CENT)


def _as_date(value: object) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _scope(query: pw.ModelSelect, actor: Actor, column: pw.Field) -> pw.ModelSelect:
    return query if actor.sees_all_customers else query.where(column == actor.id)


def _targets(months: list[date]) -> dict[date, Decimal]:
    raw = get_setting("sales_targets") or {}
    out: dict[date, Decimal] = {}
    if not isinstance(raw, dict):
        return out
    for m in months:
        value = raw.get(f"{m.year}-{m.month:02d}")
        if value is None and str(m.year) in raw:
            value = Decimal(str(raw[str(m.year)])) / 12
        if value is not None:
            out[m] = Decimal(str(value)).quantize(CENT)
    return out


def sales_targets(year: int) -> dict[int, Decimal | None]:
    """This year's target of each month (1–12), as the forecast reads them."""
    firsts = [date(year, m, 1) for m in range(1, 13)]
    targets = _targets(firsts)
    return {m.month: targets.get(m) for m in firsts}


def set_sales_targets(actor: Actor, year: int, months: dict[int, object]) -> None:
    """Set a year's monthly targets (the general manager: a team setting); empty clears one.

    Amounts are read by the money rule (5万, 50,000); a wrong one is named by its month."""
    from crm_desktop.errors import ValidationError
    from crm_desktop.messages import Text
    from crm_desktop.services.settings import set_setting
    from crm_desktop.services.validation import labelled, parse_money

    current = get_setting("sales_targets")
    values = dict(current) if isinstance(current, dict) else {}
    values.pop(str(year), None)  # months replace a yearly figure
    errors = {}
    for month in range(1, 13):
        key = f"{year}-{month:02d}"
        try:
            amount = parse_money(months.get(month))
        except ValueError as exc:
            label = Text(f"{year}年{month}月目标", f"Target {year}-{month:02d}")
            errors[key] = labelled(label, exc)
            continue
        if amount is None:
            values.pop(key, None)
        else:
            values[key] = format(amount, "f")
    if errors:
        raise ValidationError(errors)
    set_setting(actor, "sales_targets", values)


def _days_expr() -> pw.Node:
    if isinstance(database.obj, pw.SqliteDatabase):
        return pw.fn.julianday(Opportunity.closed_at) - pw.fn.julianday(Opportunity.created_at)
    return pw.fn.date_part("epoch", Opportunity.closed_at - Opportunity.created_at) / 86400.0


def forecast(actor: Actor, today: date | None = None, months: int = MONTHS) -> Forecast:
    """The forecast the actor may see (a salesperson: their own opportunities)."""
    today = today or date.today()
    firsts = [add_months(today.replace(day=1), i) for i in range(months)]
    end = add_months(firsts[0], months) - timedelta(days=1)
    prob = pw.fn.COALESCE(Opportunity.probability, OpportunityStage.probability)
    # read from the (deleted_at, close_date, owner, stage, customer, amount, probability)
    # index alone; the few deleted customers left out by their ids, not by a join
    gone = Customer.select(Customer.id).where(Customer.deleted_at > datetime(1900, 1, 1))
    live = (
        Opportunity.deleted_at.is_null()
        & Opportunity.customer.not_in(gone)
        & (OpportunityStage.kind == "open")
    )
    base = (
        Opportunity.select(
            Opportunity.close_date,
            Opportunity.owner,
            pw.fn.SUM(Opportunity.amount).coerce(False),
            pw.fn.SUM(Opportunity.amount * prob).coerce(False),
            pw.fn.COUNT(Opportunity.id),
        )
        .join_from(Opportunity, OpportunityStage, on=(Opportunity.stage == OpportunityStage.id))
        .where(live, Opportunity.close_date.between(firsts[0], end))
        .group_by(Opportunity.close_date, Opportunity.owner)
    )
    by_month: dict[date, list[int]] = defaultdict(lambda: [0, 0, 0])
    by_owner: dict[int | None, dict[date, int]] = defaultdict(lambda: defaultdict(int))
    for day, owner, amount, weighted, count in _scope(base, actor, Opportunity.owner).tuples():
        m = _as_date(day).replace(day=1)
        cell = by_month[m]
        cell[0] += int(amount or 0)
        cell[1] += int(weighted or 0)
        cell[2] += int(count)
        by_owner[owner][m] += int(weighted or 0)

    overdue = _scope(
        Opportunity.select(pw.fn.COUNT(Opportunity.id), pw.fn.SUM(Opportunity.amount).coerce(False))
        .join_from(Opportunity, OpportunityStage, on=(Opportunity.stage == OpportunityStage.id))
        .where(live, Opportunity.close_date < firsts[0]),
        actor,
        Opportunity.owner,
    ).tuples()[0]

    sales = _sales_by_month(actor, add_months(firsts[0], -12), add_months(firsts[-1], -11), end)
    targets = _targets(firsts)
    month_rows = [
        ForecastMonth(
            m,
            _money(by_month[m][0]),
            _money(Decimal(by_month[m][1]) / 100),
            by_month[m][2],
            _money(sales.get(add_months(m, -12), 0)),
            _money(sales.get(m, 0)),
            targets.get(m),
        )
        for m in firsts
    ]
    people = _salespeople(actor, today, firsts, by_owner)
    return Forecast(
        month_rows,
        people,
        conversion(actor),
        int(overdue[0] or 0),
        _money(overdue[1] or 0),
    )


def _sales_by_month(actor: Actor, first: date, last: date, this_end: date) -> dict[date, int]:
    """Sales per month for [first, last) a year ago and this year's months up to this_end."""
    out: dict[date, int] = defaultdict(int)
    ranges = ((first, last - timedelta(days=1)), (add_months(last, 11), this_end))
    for start, end in ranges:
        # every line of the range read from the (date, customer, amount) index alone; the
        # few deleted ones are taken off below (a deleted_at test would read every row)
        query = (
            Sale.select(Sale.date, pw.fn.SUM(Sale.amount).coerce(False))
            .where(Sale.date.between(start, end))
            .group_by(Sale.date)
        )
        if not actor.sees_all_customers:
            query = query.join(Customer, on=(Sale.customer == Customer.id)).where(
                Customer.owner == actor.id
            )
        for day, amount in query.tuples():
            out[_as_date(day).replace(day=1)] += int(amount or 0)
    deleted = (
        Sale.select(Sale.date, Sale.amount.coerce(False), Customer.owner)
        .join(Customer, on=(Sale.customer == Customer.id))
        .where(Sale.deleted_at > datetime(1900, 1, 1))  # a range: the deleted_at index
    )
    for day, amount, owner in deleted.tuples():
        day = _as_date(day)
        mine = actor.sees_all_customers or owner == actor.id
        if mine and any(start <= day <= end for start, end in ranges):
            out[day.replace(day=1)] -= int(amount or 0)
    return out


def _salespeople(
    actor: Actor,
    today: date,
    firsts: list[date],
    by_owner: dict[int | None, dict[date, int]],
) -> list[SalespersonForecast]:
    since = today - timedelta(days=365)
    closed = _scope(
        Opportunity.select(
            Opportunity.owner,
            OpportunityStage.kind,
            pw.fn.COUNT(Opportunity.id),
            pw.fn.AVG(_days_expr()),
        )
        .join_from(Opportunity, OpportunityStage, on=(Opportunity.stage == OpportunityStage.id))
        .where(
            Opportunity.deleted_at.is_null(),
            OpportunityStage.kind != "open",
            Opportunity.closed_at >= since,
        )
        .group_by(Opportunity.owner, OpportunityStage.kind),
        actor,
        Opportunity.owner,
    )
    results: dict[int | None, dict[str, tuple[int, float | None]]] = defaultdict(dict)
    for owner, kind, count, days in closed.tuples():
        results[owner][kind] = (int(count), None if days is None else float(days))
    owners = set(by_owner) | set(results)
    names = {
        u.id: u.display_name or u.username
        for u in User.select().where(User.id.in_([o for o in owners if o is not None]))
    }
    out = []
    for owner in owners:
        per_month = [_money(Decimal(by_owner[owner][m]) / 100) for m in firsts]
        won = results[owner].get("won", (0, None))
        lost = results[owner].get("lost", (0, None))
        out.append(
            SalespersonForecast(
                owner,
                names.get(owner, "") if owner is not None else "",
                per_month,
                sum(per_month, Decimal("0.00")),
                won[0],
                lost[0],
                None if won[1] is None else round(won[1], 1),
            )
        )
    out.sort(key=lambda p: (-p.total, p.name))
    return out


def conversion(actor: Actor) -> list[StageConversion]:
    """How many opportunities reached each open or won stage, and the share that went on.

    An opportunity counts as having reached every stage up to the furthest it ever was
    in (a skipped stage counts as passed); lost is not a step of the funnel."""
    stages = [s for s in list_stages() if s.kind != "lost"]
    positions = {s.id: s.position for s in stages}
    # the furthest stage of each opportunity, from the (opportunity, to_stage) index alone
    if not positions:
        return []
    case = " ".join(f"WHEN {int(i)} THEN {int(p)}" for i, p in positions.items())
    mark = database.param
    sql = (
        f"SELECT furthest, COUNT(*) FROM (SELECT MAX(CASE to_stage_id {case} END) AS furthest "
        "FROM opportunity_stage_change WHERE opportunity_id NOT IN "
        f"(SELECT id FROM opportunity WHERE deleted_at > {mark}) {{mine}}"
        "GROUP BY opportunity_id) AS f WHERE furthest IS NOT NULL GROUP BY furthest"
    )
    params: list[object] = [datetime(1900, 1, 1)]
    mine = ""
    if not actor.sees_all_customers:
        mine = f"AND opportunity_id IN (SELECT id FROM opportunity WHERE owner_id = {mark}) "
        params.append(actor.id)
    counts = dict(database.execute_sql(sql.format(mine=mine), params).fetchall())
    reached = []
    for s in stages:
        reached.append(sum(n for pos, n in counts.items() if pos >= positions[s.id]))
    out = []
    for i, s in enumerate(stages):
        nxt = reached[i + 1] / reached[i] if i + 1 < len(stages) and reached[i] else None
        out.append(StageConversion(s, reached[i], nxt))
    return out


__all__ = [
    "Forecast",
    "ForecastMonth",
    "SalespersonForecast",
    "StageConversion",
    "add_months",
    "conversion",
    "forecast",
    "sales_targets",
    "set_sales_targets",
]
