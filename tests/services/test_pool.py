"""公海: claiming with limits, a race won by exactly one, the return rules, release, assign, handover."""

from __future__ import annotations

import threading
from datetime import date, datetime, timedelta

import pytest

from crm_desktop.errors import Conflict, PermissionDenied, ValidationError
from crm_desktop.models import AuditEvent, ChangeLog, Customer, FollowUp, database
from crm_desktop.services import customers as customer_svc
from crm_desktop.services import followups as fu_svc
from crm_desktop.services import pool, sales

NOW = datetime(2026, 3, 18, 10, 0)


@pytest.fixture
def cards(team):
    """P1..P4 in the pool (class C), K1/K2 of sales1 (class B, A), made 100 days ago."""
    m = team["manager"]
    ids = {}
    for code, owner, cls in (
        ("P1", None, "C"),
        ("P2", None, "C"),
        ("P3", None, "C"),
        ("P4", None, "C"),
        ("K1", "sales1", "B"),
        ("K2", "sales1", "A"),
    ):
        values = {"code": code, "name": f"客户{code}", "abc_class": cls}
        if owner:
            values["owner"] = owner
        ids[code] = customer_svc.create_customer(m, values).id
    Customer.update(owner=None).where(Customer.code.startswith("P")).execute()
    Customer.update(created_at=NOW - timedelta(days=100)).execute()
    return ids


def test_pool_lists_unowned_and_claim_takes_one(team, cards):
    """The pool shows customers without owner; a claim gives one to the salesperson, logged."""
    assert [r.code for r in pool.list_pool()] == ["P1", "P2", "P3", "P4"]
    row = pool.claim(team["sales2"], "P1", now=NOW)
    card = Customer.get_by_id(row.id)
    assert card.owner_id == team["sales2"].id and card.owner_since == NOW
    assert [r.code for r in pool.list_pool()] == ["P2", "P3", "P4"]
    assert ChangeLog.get(
        ChangeLog.entity_id == row.id, ChangeLog.field == "owner"
    ).new_value == str(team["sales2"].id)
    with pytest.raises(Conflict) as caught:
        pool.claim(team["sales1"], "P1", now=NOW)
    assert caught.value.code == "day.pool_not_in_pool"


def test_daily_limit_and_cap(team, cards):
    """Past the daily claim limit or the cap on customers held, a claim is refused."""
    pool.set_rules(team["manager"], {"daily_claims": {"C": 2}, "max_held": {"C": 3}})
    pool.claim(team["sales2"], "P1")
    pool.claim(team["sales2"], "P2")
    with pytest.raises(Conflict) as caught:
        pool.claim(team["sales2"], "P3")
    assert caught.value.code == "day.pool_daily_limit"
    pool.set_rules(team["manager"], {"daily_claims": {"C": 10}, "max_held": {"C": 2}})
    with pytest.raises(Conflict) as caught:
        pool.claim(team["sales2"], "P3")
    assert caught.value.code == "day.pool_cap"


def test_salesperson_cannot_set_rules_and_bad_values_are_refused(team, cards):
    """Only a manager sets the rules; a negative number of days is refused with its label."""
    with pytest.raises(PermissionDenied):
        pool.set_rules(team["sales1"], {"warn_days": 5})
    with pytest.raises(ValidationError) as caught:
        pool.set_rules(team["manager"], {"no_contact_days": {"B": -3}})
    assert "no_contact_days" in caught.value.problems


def test_claim_race_gives_the_customer_to_exactly_one(team, cards, db):
    """Two salespeople claiming the same customer at once: one wins, the other is told."""
    results: dict[str, object] = {}
    barrier = threading.Barrier(2)

    def grab(name: str) -> None:
        database.connect(reuse_if_open=True)
        barrier.wait()
        try:
            results[name] = pool.claim(team[name], "P4")
        except Conflict as exc:
            results[name] = exc
        finally:
            database.close()

    threads = [threading.Thread(target=grab, args=(n,)) for n in ("sales1", "sales2")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    winners = [n for n, r in results.items() if not isinstance(r, Exception)]
    assert len(winners) == 1 and len(results) == 2
    assert Customer.get_by_id(cards["P4"]).owner_id == team[winners[0]].id
    assert AuditEvent.select().where(AuditEvent.action == "pool.claim").count() == 1


def test_rules_return_a_neglected_customer_and_warn_before(team, cards):
    """No contact for N days returns the customer (follow-ups cancelled); K days before, a warning."""
    pool.set_rules(
        team["manager"], {"no_contact_days": {"B": 30, "A": 30}, "exempt_classes": ["A"]}
    )
    fu_svc.log_contact(team["sales1"], "K1", outcome="电话", at=NOW - timedelta(days=28), now=NOW)
    planned = fu_svc.plan_followup(
        team["sales1"], {"customer": "K1", "due_at": NOW + timedelta(days=9)}
    )
    due, warnings = pool.evaluate(NOW)
    assert due == [] and [(w.customer_id, w.days_left) for w in warnings] == [(cards["K1"], 2)]
    assert pool.warnings_for(team["sales1"], NOW)[0].days_left == 2
    assert pool.warnings_for(team["sales2"], NOW) == []
    later = NOW + timedelta(days=3)
    run = pool.run_rules(team["admin"], later)
    assert run.returned == 1
    card = Customer.get_by_id(cards["K1"])
    assert card.owner_id is None and card.last_contact_at is not None  # history kept
    assert FollowUp.get_by_id(planned.id).status == "cancelled"
    assert Customer.get_by_id(cards["K2"]).owner_id == team["sales1"].id  # exempt class A
    assert AuditEvent.get(AuditEvent.action == "pool.auto_return").count == 1
    assert pool.run_if_due(team["admin"], later) is None  # once a day


def test_no_sale_rule_and_reassign(team, cards):
    """No sale for M days returns the customer; open follow-ups go to the named user."""
    pool.set_rules(
        team["manager"],
        {"no_sale_days": {"B": 60}, "open_followups": "reassign", "reassign_to": "manager"},
    )
    sales.record_sale(
        team["manager"], cards["K1"], sale_date=date(2026, 1, 1), quantity=1, unit_price="10"
    )
    planned = fu_svc.plan_followup(
        team["sales1"], {"customer": "K1", "due_at": NOW + timedelta(days=9)}
    )
    assert pool.evaluate(datetime(2026, 2, 27, 9))[0] == []
    pool.run_rules(None, datetime(2026, 3, 3, 9))
    assert Customer.get_by_id(cards["K1"]).owner_id is None
    moved = FollowUp.get_by_id(planned.id)
    assert moved.status == "planned" and moved.owner_id == team["manager"].id


def test_release_and_assign(team, cards):
    """A salesperson releases their own only; a manager assigns in bulk with the follow-ups."""
    with pytest.raises(PermissionDenied):
        pool.release(team["sales2"], ["K1"])
    assert pool.release(team["sales1"], ["K1"], "不做了") == 1
    with pytest.raises(PermissionDenied):
        pool.assign(team["sales1"], ["P1"], "sales1")
    assert pool.assign(team["manager"], ["P1", "P2", "K1"], "sales2", now=NOW) == 3
    assert {c.owner_id for c in Customer.select().where(Customer.code.in_(["P1", "P2", "K1"]))} == {
        team["sales2"].id
    }


def test_handover_splits_customers_and_followups(team, cards):
    """离职继承: sales1's customers and open follow-ups go in turns to two colleagues."""
    for code in ("K1", "K2"):
        fu_svc.plan_followup(team["sales1"], {"customer": code, "due_at": NOW + timedelta(days=2)})
    result = pool.handover(team["manager"], "sales1", ["sales2", "manager"], now=NOW)
    assert result.customers == {"王芳": 1, "李经理": 1} and result.followups == 2
    assert Customer.select().where(Customer.owner == team["sales1"].id).count() == 0
    assert FollowUp.select().where(FollowUp.owner == team["sales1"].id).count() == 0
    owners = {
        (f.customer_id, f.owner_id) for f in FollowUp.select().where(FollowUp.status == "planned")
    }
    assert owners == {
        (c.id, c.owner_id) for c in Customer.select().where(Customer.code.in_(["K1", "K2"]))
    }


def test_job_returns_in_batches_each_audited(team, cards, monkeypatch):
    """A large return is written a batch a transaction, each batch in the audit trail."""
    monkeypatch.setattr(pool, "RUN_BATCH", 1)
    Customer.update(owner=team["sales2"].id).where(Customer.code.in_(["P1", "P2"])).execute()
    pool.set_rules(team["manager"], {"no_contact_days": {"C": 30}})
    run = pool.run_rules(team["manager"], NOW)
    assert run.returned == 2
    assert AuditEvent.select().where(AuditEvent.action == "pool.auto_return").count() == 2
    assert pool.pool_count() == 4
