"""Complaint analysis (客户投诉处理) for a period: counts by category and product, time to
resolve, the share resolved in time, satisfaction, and counts per customer.

Plain numbers for the sales workbook (jobs.report gathers them, reports.sales_xlsx draws
them); one pass over the period's complaints, read as tuples through the received_at index.
"""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import peewee as pw

from crm_desktop.models import Complaint, Customer, Product
from crm_desktop.services.auth import Actor
from crm_desktop.services.complaints.rules import OPEN_STATUSES


@dataclass(frozen=True)
class CategoryFigures:
    category: str  # a code or a category of the team's own; labelled by the report
    count: int
    resolved: int
    in_time: int
    median_hours: float | None
    satisfaction: float | None


@dataclass(frozen=True)
class ComplaintFigures:
    start: date
    end: date
    total: int
    unresolved: int
    overdue: int
    resolved: int  # resolved or confirmed
    in_time: int  # of those, resolved by their due time
    median_hours: float | None  # received → resolved
    satisfaction: float | None  # mean of the confirmed ones
    rated: int
    by_category: list[CategoryFigures]
    by_severity: dict[str, int]
    by_product: list[tuple[str, str, int]]  # (code, name, count), most first
    by_customer: dict[int, tuple[int, int]] = field(default_factory=dict)  # id → (all, open)

    @property
    def in_time_share(self) -> float | None:
        return self.in_time / self.resolved if self.resolved else None


def _hours(a: datetime, b: datetime) -> float:
    return (b - a).total_seconds() / 3600


def complaint_figures(
    actor: Actor, start: date, end: date, now: datetime | None = None
) -> ComplaintFigures:
    """The figures of the complaints received from `start` to `end` (both included) on
    the customers the actor sees."""
    now = now or datetime.now()
    query = Complaint.select(
        Complaint.customer,
        Complaint.category,
        Complaint.severity,
        Complaint.status,
        Complaint.received_at,
        Complaint.due_at,
        Complaint.resolved_at,
        Complaint.satisfaction,
        Complaint.product,
    ).where(
        Complaint.received_at >= datetime.combine(start, datetime.min.time()),
        Complaint.received_at < datetime.combine(end + timedelta(days=1), datetime.min.time()),
        Complaint.deleted_at.is_null(),
    )
    if not actor.sees_all_customers:
        query = query.join(Customer, on=(Complaint.customer == Customer.id)).where(
            Customer.owner == actor.id
        )
    per_cat: dict[str, list] = {}
    severity: Counter[str] = Counter()
    products: Counter[int] = Counter()
    customers: dict[int, list[int]] = {}
    all_hours: list[float] = []
    scores: list[int] = []
    total = unresolved = overdue = resolved = in_time = 0
    for cust, category, sev, status, received, due, done, score, product in query.tuples():
        total += 1
        severity[sev] += 1
        if product:
            products[product] += 1
        counts = customers.setdefault(cust, [0, 0])
        counts[0] += 1
        cat = per_cat.setdefault(category or "other", [0, 0, 0, [], []])
        cat[0] += 1
        if status in OPEN_STATUSES:
            unresolved += 1
            counts[1] += 1
            if due is not None and due < now:
                overdue += 1
        if status in ("resolved", "confirmed") and done is not None:
            resolved += 1
            cat[1] += 1
            hours = _hours(received, done)
            all_hours.append(hours)
            cat[3].append(hours)
            if due is None or done <= due:
                in_time += 1
                cat[2] += 1
        if score:
            scores.append(score)
            cat[4].append(score)
    names = {}
    if products:
        names = {
            p.id: (p.code, p.name)
            for p in Product.select(Product.id, Product.code, Product.name).where(
                Product.id.in_(list(products))
            )
        }
    return ComplaintFigures(
        start=start,
        end=end,
        total=total,
        unresolved=unresolved,
        overdue=overdue,
        resolved=resolved,
        in_time=in_time,
        median_hours=statistics.median(all_hours) if all_hours else None,
        satisfaction=statistics.fmean(scores) if scores else None,
        rated=len(scores),
        by_category=sorted(
            (
                CategoryFigures(
                    code,
                    c[0],
                    c[1],
                    c[2],
                    statistics.median(c[3]) if c[3] else None,
                    statistics.fmean(c[4]) if c[4] else None,
                )
                for code, c in per_cat.items()
            ),
            key=lambda f: (-f.count, f.category),
        ),
        by_severity=dict(severity),
        by_product=sorted(
            ((*names.get(pid, ("", "")), n) for pid, n in products.items()),
            key=lambda t: (-t[2], t[0]),
        ),
        by_customer={k: (v[0], v[1]) for k, v in customers.items()},
    )


def counts_by_customer(
    actor: Actor, customer_ids: list[int] | None = None
) -> dict[int, tuple[int, int]]:
    """Every customer's complaints, all time: id → (all, unresolved)."""
    is_open = pw.Case(None, [(Complaint.status.in_(OPEN_STATUSES), 1)], 0)
    query = Complaint.select(
        Complaint.customer, pw.fn.COUNT(Complaint.id), pw.fn.SUM(is_open)
    ).where(Complaint.deleted_at.is_null())
    if customer_ids is not None:
        query = query.where(Complaint.customer.in_(customer_ids))
    if not actor.sees_all_customers:
        query = query.join(Customer, on=(Complaint.customer == Customer.id)).where(
            Customer.owner == actor.id
        )
    return {c: (int(n), int(o or 0)) for c, n, o in query.group_by(Complaint.customer).tuples()}
