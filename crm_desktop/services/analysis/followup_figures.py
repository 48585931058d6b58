"""Follow-ups planned, done and overdue per salesperson and class; customers outside their cadence."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import numpy as np

from crm_desktop.services import columnar, receivables
from crm_desktop.services.analysis.lines import _none_key
from crm_desktop.services.analysis.periods import Period
from crm_desktop.services.analysis.scope import _Scope, customer_table, scope_for
from crm_desktop.services.analysis.sql import (
    T_CUSTOMER,
    T_FOLLOWUP,
    _pdt,
    _q,
    _run,
    _to_date,
    _unindexed,
    _user_names,
)
from crm_desktop.services.auth import Actor


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
