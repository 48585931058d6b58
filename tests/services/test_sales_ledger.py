"""The Sales page's ledger: filters, totals, and voiding lines with a reason."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from crm_desktop.errors import Conflict, PermissionDenied, ValidationError
from crm_desktop.models import ChangeLog, Payment
from crm_desktop.services import receivables, sales
from crm_desktop.services.customers import create_customer
from crm_desktop.services.sales_ledger import (
    LedgerFilter,
    can_void,
    ledger_totals,
    method_label,
    payment_lines,
    sales_lines,
    void_payment,
    void_sale,
)


@pytest.fixture
def book(team):
    """Two salespeople's customers, two products, sales in March and April, payments."""
    admin = team["admin"]
    c1 = create_customer(team["sales1"], {"name": "华科商贸", "code": "C1"})
    c2 = create_customer(team["sales2"], {"name": "东莞电子", "code": "C2"})
    paper = sales.create_product(admin, "P1", "打印纸", price="100")
    ink = sales.create_product(admin, "P2", "墨盒", price="50")
    lines = [
        (c1.id, "2026-03-05", 2, paper.id, "sales1"),
        (c1.id, "2026-04-10", 3, ink.id, "sales1"),
        (c2.id, "2026-03-20", 1, paper.id, "sales2"),
        (c2.id, "2026-04-02", 4, ink.id, "sales2"),
    ]
    made = [
        sales.record_sale(admin, cid, sale_date=d, quantity=q, product_id=p, salesperson=who)
        for cid, d, q, p, who in lines
    ]
    sales.record_payment(admin, c1.id, payment_date="2026-03-15", amount="150", method="cash")
    sales.record_payment(admin, c2.id, payment_date="2026-04-15", amount="80")
    return {"c1": c1, "c2": c2, "paper": paper, "ink": ink, "sales": made, **team}


def test_filters_narrow_lines_and_totals(book):
    """Date range, customer, salesperson and product each narrow the lines and totals."""
    admin = book["admin"]
    everything = ledger_totals(admin, LedgerFilter())
    assert (everything.sale_lines, everything.quantity, everything.amount) == (
        4,
        10,
        Decimal("650"),
    )
    assert (everything.payment_lines, everything.payments) == (2, Decimal("230"))
    march = LedgerFilter(date_from=date(2026, 3, 1), date_to=date(2026, 3, 31))
    assert [line.date.isoformat() for line in sales_lines(admin, march)] == [
        "2026-03-20",
        "2026-03-05",
    ]
    assert ledger_totals(admin, march).amount == Decimal("300")
    assert ledger_totals(admin, march).payments == Decimal("150")
    by_customer = LedgerFilter(customer_id=book["c2"].id)
    assert {line.customer_code for line in sales_lines(admin, by_customer)} == {"C2"}
    assert [p.amount for p in payment_lines(admin, by_customer)] == [Decimal("80")]
    by_seller = LedgerFilter(salesperson_id=book["sales1"].id)
    assert ledger_totals(admin, by_seller).amount == Decimal("350")
    assert ledger_totals(admin, by_seller).payments == Decimal("150")
    by_product = LedgerFilter(product_id=book["ink"].id)
    totals = ledger_totals(admin, by_product)
    assert (totals.sale_lines, totals.quantity, totals.amount) == (2, 7, Decimal("350"))


def test_salesperson_sees_only_own_customers_lines(book):
    """A salesperson's ledger holds only the lines of their own customers."""
    own = sales_lines(book["sales1"], LedgerFilter())
    assert {line.customer_code for line in own} == {"C1"}
    assert ledger_totals(book["sales1"], LedgerFilter()).payments == Decimal("150")


def test_voiding_keeps_the_line_and_takes_it_out_of_totals_and_balance(book):
    """A voided sale stays listed as voided, with its reason in the ChangeLog, and leaves
    the totals, the balance and the aging."""
    manager, c1 = book["manager"], book["c1"]
    line = book["sales"][0]
    before = receivables.balance_minor(c1.id)
    voided = void_sale(manager, line.id, "  录错数量 ")
    assert voided.voided_at is not None and voided.void_reason == "录错数量"
    assert receivables.balance_minor(c1.id) == before - 20000
    assert line.id not in {s.id for s in sales_lines(manager, LedgerFilter())}
    shown = sales_lines(manager, LedgerFilter(include_voided=True))
    assert any(s.id == line.id and s.voided_at for s in shown)
    assert ledger_totals(manager, LedgerFilter(include_voided=True)).amount == Decimal("450")
    aging = {row.customer_id: row.balance for row in receivables.aging(manager, date(2026, 6, 30))}
    assert aging.get(c1.id, Decimal(0)) == 0  # 150 sold, 150 paid
    log = ChangeLog.get(
        ChangeLog.entity == "sale", ChangeLog.entity_id == line.id, ChangeLog.field == "voided"
    )
    assert (log.new_value, log.old_value, log.user_id) == ("录错数量", "200.00", manager.id)
    with pytest.raises(Conflict):
        void_sale(book["admin"], line.id, "again")


def test_voiding_a_payment_raises_the_balance_again(book):
    """A voided payment no longer settles anything: the customer owes that money again."""
    c2 = book["c2"]
    payment = payment_lines(book["admin"], LedgerFilter(customer_id=c2.id))[0]
    before = receivables.balance_minor(c2.id)
    void_payment(book["admin"], payment.id, "退票")
    assert receivables.balance_minor(c2.id) == before + 8000
    assert Payment.get_by_id(payment.id).voided_by_id == book["admin"].id


def test_only_managers_void_and_a_reason_is_required(book):
    """Salespeople cannot void, even their own lines; a manager must give a reason."""
    line = book["sales"][0]
    assert not can_void(book["sales1"]) and can_void(book["manager"]) and can_void(book["admin"])
    with pytest.raises(PermissionDenied):
        void_sale(book["sales1"], line.id, "错了")
    with pytest.raises(ValidationError) as exc:
        void_sale(book["manager"], line.id, "   ")
    assert "作废原因" in exc.value.render("zh")


def test_payment_methods_have_labels_in_both_languages():
    """Every payment method code, old spellings included, shows a label in zh and en."""
    assert method_label("transfer").render("zh") == "银行转账"
    assert method_label("check").render("en") == "Cheque"
    for code in ("transfer", "cash", "cheque", "acceptance", "other"):
        label = method_label(code)
        assert label.render("zh") != code and label.render("en") != code


def test_correcting_a_sale_recomputes_amount_and_keeps_history(book):
    """A manager's correction changes the line and the balance; the old values and the
    reason are in the ChangeLog; a salesperson may not correct."""
    from crm_desktop.services.sales_ledger import correct_payment, correct_sale

    line, c1 = book["sales"][0], book["c1"]
    before = receivables.balance_minor(c1.id)
    fixed = correct_sale(book["manager"], line.id, "少录一箱", quantity=3)
    assert (fixed.quantity, fixed.amount) == (3, Decimal("300.00"))
    assert receivables.balance_minor(c1.id) == before + 10000
    changes = {
        c.field: (c.old_value, c.new_value)
        for c in ChangeLog.select().where(
            ChangeLog.entity == "sale", ChangeLog.entity_id == line.id
        )
    }
    assert changes["amount"] == ("200.00", "300.00") and changes["corrected"][1] == "少录一箱"
    with pytest.raises(PermissionDenied):
        correct_sale(book["sales1"], line.id, "x", quantity=1)
    payment = payment_lines(book["admin"], LedgerFilter(customer_id=c1.id))[0]
    moved = correct_payment(book["admin"], payment.id, "方式录错", method="check", amount="160")
    assert (moved.method, moved.amount) == ("cheque", Decimal("160.00"))
    void_sale(book["admin"], line.id, "作废")
    with pytest.raises(Conflict):
        correct_sale(book["manager"], line.id, "again", quantity=1)
