"""The set-based pool rules agree, customer by customer, with a plain reading of the rules
over a demo database (one customer at a time, its whole sales history, no SQL cleverness)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from crm_desktop.models import Customer, Sale
from crm_desktop.models.base import utcnow
from crm_desktop.services import pool

NOW = datetime(2026, 3, 18, 10, 0)
TODAY = NOW.date()


def _day(value: object) -> date | None:
    if value is None:
        return None
    return value if type(value) is date else date.fromisoformat(str(value)[:10])


def reference(rules: pool.PoolRules) -> tuple[list[int], list[pool.PoolWarning]]:
    """Due ids and warnings by id, read one owned customer at a time."""
    due, warnings = [], []
    owned = Customer.select().where(Customer.owner.is_null(False), Customer.deleted_at.is_null())
    for c in owned.order_by(Customer.id):
        cls = c.abc_class or ""
        if cls in rules.exempt_classes:
            continue
        start = max(d for d in (_day(c.created_at) or TODAY, _day(c.owner_since)) if d)
        lines = []
        if rules.no_contact_days.get(cls):
            contacted = _day(c.last_contact_at)
            begin = max(start, contacted) if contacted else start
            lines.append((begin + timedelta(days=rules.no_contact_days[cls]), 0, "contact"))
        if rules.no_sale_days.get(cls):
            days = [
                _day(d)
                for (d,) in Sale.select(Sale.date)
                .where(Sale.customer == c.id, Sale.deleted_at.is_null())
                .tuples()
            ]
            begin = max([start, *days])
            lines.append((begin + timedelta(days=rules.no_sale_days[cls]), 1, "sale"))
        if not lines:
            continue
        deadline, _order, reason = min(lines)
        left = (deadline - TODAY).days
        if left <= 0:
            due.append(c.id)
        elif left <= rules.warn_days:
            warnings.append(pool.PoolWarning(c.id, c.owner_id, left, reason))
    return due, warnings


@pytest.fixture
def demo(admin):
    """300 demo customers, with awkward cases added: owners who got their customers lately,
    a customer whose sales are all deleted, clocks that start on the rule's very edge."""
    from crm_desktop.demo import generate_demo

    generate_demo(admin, 300, seed=7, today=TODAY)
    ids = [cid for (cid,) in Customer.select(Customer.id).order_by(Customer.id).tuples()]
    for n, cid in enumerate(ids[:30]):
        Customer.update(owner_since=NOW - timedelta(days=n * 3, hours=n)).where(
            Customer.id == cid
        ).execute()
    Sale.update(deleted_at=utcnow()).where(Sale.customer == ids[30]).execute()
    for n, cid in enumerate(ids[31:60]):  # last contact 25..53 days ago, at the day's edges
        at = datetime.combine(TODAY - timedelta(days=25 + n), datetime.min.time())
        at += timedelta(hours=23, minutes=59) if n % 2 else timedelta(0)
        Customer.update(last_contact_at=at, created_at=at - timedelta(days=400)).where(
            Customer.id == cid
        ).execute()
    return admin


RULES = {
    "contact": {"no_contact_days": {"A": 60, "B": 45, "C": 30, "D": 30, "": 30}, "warn_days": 5},
    "sale, A exempt": {
        "no_sale_days": {"A": 365, "B": 180, "C": 90, "D": 60, "": 60},
        "exempt_classes": ["A"],
        "warn_days": 10,
    },
    "both": {
        "no_contact_days": {"A": 60, "B": 45, "C": 30, "D": 30, "": 30},
        "no_sale_days": {"A": 365, "B": 180, "C": 180, "D": 180, "": 180},
        "warn_days": 3,
    },
    "mixed classes": {
        "no_contact_days": {"B": 40, "C": 3},
        "no_sale_days": {"A": 30, "D": 2},
        "warn_days": 7,
    },
}


@pytest.mark.parametrize("values", list(RULES.values()), ids=list(RULES))
def test_evaluate_matches_the_plain_reading(demo, values):
    """Due customers and warnings (days left, rule) are exactly the reference's."""
    rules = pool.clean_rules(values)
    due, warnings = pool.evaluate(NOW, rules)
    expected_due, expected_warnings = reference(rules)
    assert due == expected_due
    assert warnings == expected_warnings
    assert due and warnings  # the demo exercises both answers


def test_no_rules_return_nobody(demo):
    """Without days set, or with every class exempt, nothing is due or warned."""
    assert pool.evaluate(NOW, pool.clean_rules({})) == ([], [])
    everyone = pool.clean_rules({**RULES["both"], "exempt_classes": list(pool.CLASSES)})
    assert pool.evaluate(NOW, everyone) == ([], [])
