"""Credit requests: who may file and decide, what an approval changes, and races."""

from __future__ import annotations

import threading
from datetime import date, timedelta
from decimal import Decimal

import pytest

from crm_desktop.errors import Conflict, NotFound, PermissionDenied, ValidationError
from crm_desktop.models import AuditEvent, ChangeLog, CreditRequest, Customer, database
from crm_desktop.services import credit, sales
from crm_desktop.services.auth import create_user
from crm_desktop.services.customers import create_customer, delete_customer


@pytest.fixture
def cust(team):
    """A customer of sales1 with no credit yet."""
    return create_customer(team["sales1"], {"name": "华科商贸", "code": "C1"})


def _snapshot(customer_id: int) -> tuple:
    c = Customer.get_by_id(customer_id)
    return (
        c.credit_limit,
        c.collection_days,
        c.payment_terms,
        c.credit_rating,
        c.credit_approved_by_id,
        c.version,
        ChangeLog.select().count(),
        AuditEvent.select().count(),
    )


def test_request_shows_current_proposed_balance_record_and_sales(team, cust):
    """The request returns current vs proposed, the balance, payment record and 12-month sales."""
    s1 = team["sales1"]
    today = date.today()
    sales.record_sale(
        s1, cust.id, sale_date=today - timedelta(days=100), quantity=2, unit_price=500
    )
    sales.record_sale(s1, cust.id, sale_date=today - timedelta(days=5), quantity=1, unit_price=300)
    sales.record_sale(s1, cust.id, sale_date=today - timedelta(days=400), quantity=1, unit_price=50)
    sales.record_payment(s1, cust.id, payment_date=today - timedelta(days=90), amount=1050)
    detail = credit.request_credit(
        s1, cust.id, limit="20,000", days=45, rating="a级", terms="other", reason="稳定大客户"
    )
    assert detail.current == credit.CreditTerms(None, None, None, None)
    assert detail.proposed == credit.CreditTerms(Decimal("20000.00"), 45, "other", "A")
    assert detail.balance == Decimal("300.00")
    assert detail.sales_12m == Decimal("1300.00")
    assert detail.payment_record.paid_on_time + detail.payment_record.paid_late == 2
    assert detail.request is not None and detail.request.status == "pending"
    assert detail.request.requested_by == "张伟"
    # nothing changed on the customer yet
    assert Customer.get_by_id(cust.id).credit_limit is None


def test_approval_changes_customer_atomically_with_history(team, cust):
    """Approval writes the credit fields, ChangeLog rows, an AuditEvent and previous values."""
    req = credit.request_credit(
        team["sales1"], cust.id, limit=10000, days=30, rating="B", reason="r"
    ).request
    info = credit.approve(team["admin"], req.id, comment="好")
    c = Customer.get_by_id(cust.id)
    assert (c.credit_limit, c.collection_days, c.credit_rating) == (Decimal("10000.00"), 30, "B")
    assert c.credit_approved_by_id == team["admin"].id and c.credit_approved_at is not None
    assert info.status == "approved" and info.approved_limit == Decimal("10000.00")
    assert info.previous == credit.CreditTerms(None, None, None, None)
    assert info.comment == "好" and info.decided_by
    fields = {
        r.field
        for r in ChangeLog.select().where(
            ChangeLog.entity == "customer", ChangeLog.entity_id == c.id
        )
    }
    assert {"credit_limit", "collection_days", "credit_rating", "credit_approved_by"} <= fields
    assert AuditEvent.select().where(AuditEvent.action == "credit.approve").count() == 1
    # the second approval records the values it replaced
    req2 = credit.request_credit(team["manager"], cust.id, limit=15000, reason="more").request
    info2 = credit.approve(team["admin"], req2.id, limit="12000")
    assert info2.previous.limit == Decimal("10000.00") and info2.previous.days == 30
    c = Customer.get_by_id(cust.id)
    assert c.credit_limit == Decimal("12000.00") and c.collection_days == 30
    history = credit.credit_history(team["sales1"], cust.id)
    assert [h.id for h in history] == [req2.id, req.id]


def test_lower_amount_only(team, cust):
    """The GM may approve a lower amount, never a higher one."""
    req = credit.request_credit(team["sales1"], cust.id, limit=1000, reason="r").request
    before = _snapshot(cust.id)
    with pytest.raises(ValidationError, match="more than"):
        credit.approve(team["admin"], req.id, limit=2000)
    with pytest.raises(ValidationError, match="negative"):
        credit.approve(team["admin"], req.id, limit=-1)
    assert _snapshot(cust.id) == before
    assert credit.get_request(team["admin"], req.id).status == "pending"


def test_only_gm_decides_and_not_their_own(team, cust):
    """Salespeople and sales managers cannot decide; a GM cannot approve a request they filed."""
    req = credit.request_credit(team["sales1"], cust.id, limit=1000, reason="r").request
    for who in ("sales1", "sales2", "manager"):
        with pytest.raises(PermissionDenied, match="Not allowed"):
            credit.approve(team[who], req.id)
        with pytest.raises(PermissionDenied):
            credit.reject(team[who], req.id, comment="x")
    credit.withdraw(team["sales1"], req.id)
    own = credit.request_credit(team["admin"], cust.id, limit=500, reason="mine").request
    before = _snapshot(cust.id)
    with pytest.raises(PermissionDenied, match="may not approve"):
        credit.approve(team["admin"], own.id)
    assert _snapshot(cust.id) == before
    gm2 = create_user(team["admin"], "gm2", "gm", "赵总")
    assert credit.approve(gm2, own.id).status == "approved"


def test_second_pending_request_refused(team, cust):
    """One waiting request per customer; after a decision a new one may be filed."""
    first = credit.request_credit(team["sales1"], cust.id, limit=1000, reason="r").request
    count = CreditRequest.select().count()
    with pytest.raises(Conflict, match="already has a credit request waiting"):
        credit.request_credit(team["manager"], cust.id, limit=2000, reason="r2")
    assert CreditRequest.select().count() == count
    credit.reject(team["admin"], first.id, comment="not now")
    assert credit.request_credit(team["manager"], cust.id, limit=2000, reason="r2").request


@pytest.mark.parametrize("limit", ["-1", "abc", "1.234", "", None])
def test_bad_amounts_change_nothing(team, cust, limit):
    """Negative, non-numeric, over-precise or missing amounts: a message, nothing written."""
    count = CreditRequest.select().count()
    with pytest.raises(ValidationError) as err:
        credit.request_credit(team["sales1"], cust.id, limit=limit, reason="r")
    assert "Credit limit" in str(err.value)
    assert CreditRequest.select().count() == count


def test_bad_days_rating_terms_reason(team, cust):
    with pytest.raises(ValidationError) as err:
        credit.request_credit(
            team["sales1"], cust.id, limit=1, days="-3", rating="E", terms="cash", reason=" "
        )
    assert set(err.value.errors) == {"days", "rating", "terms"}
    with pytest.raises(ValidationError, match="Reason"):
        credit.request_credit(team["sales1"], cust.id, limit=1, reason=" ")


def test_deleted_customer(team, cust):
    """No request for a deleted customer; a pending one cannot be approved after deletion."""
    req = credit.request_credit(team["sales1"], cust.id, limit=1000, reason="r").request
    delete_customer(team["admin"], cust.id)
    with pytest.raises(NotFound, match="deleted"):
        credit.approve(team["admin"], req.id)
    assert credit.get_request(team["admin"], req.id).status == "pending"
    credit.reject(team["admin"], req.id, comment="customer gone")
    with pytest.raises(NotFound):
        credit.request_credit(team["manager"], cust.id, limit=1000, reason="r")


def test_deciding_a_decided_request(team, cust):
    """Approve, reject or withdraw a decided request: a plain Conflict naming the decision."""
    req = credit.request_credit(team["sales1"], cust.id, limit=1000, reason="r").request
    credit.reject(team["admin"], req.id, comment="no")
    before = _snapshot(cust.id)
    with pytest.raises(Conflict, match="already rejected"):
        credit.approve(team["admin"], req.id)
    with pytest.raises(Conflict):
        credit.reject(team["admin"], req.id, comment="again")
    with pytest.raises(Conflict):
        credit.withdraw(team["sales1"], req.id)
    assert _snapshot(cust.id) == before


def test_reject_needs_comment_and_withdraw_only_by_requester(team, cust):
    req = credit.request_credit(team["sales1"], cust.id, limit=1000, reason="r").request
    with pytest.raises(ValidationError, match="Comment"):
        credit.reject(team["admin"], req.id, comment="")
    with pytest.raises(PermissionDenied):
        credit.withdraw(team["manager"], req.id)
    assert credit.withdraw(team["sales1"], req.id).status == "withdrawn"
    assert Customer.get_by_id(cust.id).credit_limit is None


def test_salesperson_sees_only_own(team, cust):
    """sales2 cannot request for, or list requests on, sales1's customer."""
    with pytest.raises(PermissionDenied):
        credit.request_credit(team["sales2"], cust.id, limit=1, reason="r")
    credit.request_credit(team["sales1"], cust.id, limit=1, reason="r")
    assert credit.list_requests(team["sales2"]) == []
    assert len(credit.list_requests(team["sales1"], pending_only=True)) == 1
    assert credit.pending_count(team["admin"]) == 1
    assert credit.pending_count(team["sales1"]) == 1
    assert credit.pending_count(team["sales2"]) == 0


@pytest.mark.sqlite_only
def test_two_managers_deciding_at_once(team, cust, monkeypatch):
    """Two GMs on two connections both see 'pending'; exactly one decision wins, one Conflict."""
    gm2 = create_user(team["admin"], "gm2", "gm", "赵总")
    req = credit.request_credit(team["sales1"], cust.id, limit=1000, reason="r").request
    barrier = threading.Barrier(2, timeout=10)
    original = credit._load_pending

    def load_then_wait(actor, request_id):
        info = original(actor, request_id)
        barrier.wait()  # both have read the request as pending before either writes
        return info

    monkeypatch.setattr(credit, "_load_pending", load_then_wait)
    results: dict[str, object] = {}

    def decide(name, fn):
        try:
            results[name] = fn()
        except Exception as exc:  # noqa: BLE001 - the test inspects it
            results[name] = exc
        finally:
            database.close()

    threads = [
        threading.Thread(
            target=decide, args=("a", lambda: credit.approve(team["admin"], req.id, limit=800))
        ),
        threading.Thread(
            target=decide, args=("b", lambda: credit.reject(gm2, req.id, comment="no"))
        ),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(20)
    outcomes = sorted(type(v).__name__ for v in results.values())
    assert outcomes == ["Conflict", "CreditRequestInfo"], results
    final = CreditRequest.get_by_id(req.id)
    winner = next(v for v in results.values() if not isinstance(v, Exception))
    assert final.status == winner.status
    c = Customer.get_by_id(cust.id)
    if final.status == "approved":
        assert c.credit_limit == Decimal("800.00")
        assert AuditEvent.select().where(AuditEvent.action == "credit.approve").count() == 1
    else:
        assert c.credit_limit is None
        assert AuditEvent.select().where(AuditEvent.action == "credit.approve").count() == 0


def test_rating_suggestion_from_payment_behaviour(team, cust):
    """Punctual payer: A; long overdue: C; no history: no suggestion. Nothing changes."""
    s1 = team["sales1"]
    assert credit.suggest_rating(s1, cust.id).rating is None
    today = date.today()
    for i in range(4):
        d = today - timedelta(days=200 - i * 20)
        sales.record_sale(s1, cust.id, sale_date=d, quantity=1, unit_price=100)
        sales.record_payment(s1, cust.id, payment_date=d, amount=100)
    good = credit.suggest_rating(s1, cust.id)
    assert good.rating == "A" and good.reason.render("en") == "100% of 4 sales paid on time."
    assert good.reason.render("zh_CN") == "4 笔销售中 100% 按期付款。"
    late = create_customer(s1, {"name": "拖欠公司", "code": "C2"})
    for i in range(3):
        sales.record_sale(
            s1, late.id, sale_date=today - timedelta(days=300 + i), quantity=1, unit_price=100
        )
    bad = credit.suggest_rating(s1, late.id)
    assert bad.rating == "C" and bad.differs
    assert bad.reason.render("zh_CN").startswith("3 笔销售中 0% 按期付款；3 笔逾期未付")
    assert Customer.get_by_id(late.id).credit_rating is None


def test_raise_by_percent_files_a_normal_request(team, cust):
    """'Raise by 20 %' becomes a pending request for limit × 1.2; no limit yet: a message."""
    with pytest.raises(ValidationError, match="no credit limit"):
        credit.propose_by_percent(team["sales1"], cust.id, 20, "good")
    req = credit.request_credit(team["sales1"], cust.id, limit=10000, reason="r").request
    credit.approve(team["admin"], req.id)
    detail = credit.propose_by_percent(team["sales1"], cust.id, "20%", "good year")
    assert detail.request.status == "pending"
    assert detail.proposed.limit == Decimal("12000.00")
    assert Customer.get_by_id(cust.id).credit_limit == Decimal("10000.00")
    credit.withdraw(team["sales1"], detail.request.id)
    assert credit.propose_by_percent(
        team["sales1"], cust.id, -25, "late"
    ).proposed.limit == Decimal("7500.00")
    with pytest.raises(ValidationError):
        credit.scaled_limit(Decimal(100), "abc")
