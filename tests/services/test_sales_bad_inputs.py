"""A sale or a payment with an absurd amount or date is refused with a plain message."""

from __future__ import annotations

from datetime import date

import pytest

from crm_desktop.errors import UserError
from crm_desktop.services import sales
from crm_desktop.services.customers import create_customer

AMOUNTS = ["1e30", "1e308", "-5", "abc"]
DATES = ["0001-01-01", "9999-12-31", "2026-02-30"]


@pytest.fixture
def customer(admin):
    return create_customer(admin, {"name": "华科商贸", "code": "C1", "owner": admin.id})


@pytest.mark.parametrize("amount", AMOUNTS)
def test_payment_amount(admin, customer, amount):
    """1e30, 1e308, -5 or 'abc' as a payment: refused as the user's error, nothing stored."""
    with pytest.raises(UserError) as caught:
        sales.record_payment(admin, customer.id, payment_date=date(2026, 3, 1), amount=amount)
    assert amount in caught.value.render("en")


@pytest.mark.parametrize("price", AMOUNTS)
def test_sale_price(admin, customer, price):
    """1e30, 1e308, -5 or 'abc' as a sale's unit price: refused as the user's error."""
    with pytest.raises(UserError) as caught:
        sales.record_sale(
            admin, customer.id, sale_date=date(2026, 3, 1), quantity="1", unit_price=price
        )
    assert price in caught.value.render("en")


@pytest.mark.parametrize("day", DATES)
def test_payment_and_sale_dates(admin, customer, day):
    """A payment or a sale dated 0001-01-01, 9999-12-31 or 2026-02-30: refused plainly."""
    with pytest.raises(UserError) as paid:
        sales.record_payment(admin, customer.id, payment_date=day, amount="100")
    with pytest.raises(UserError) as sold:
        sales.record_sale(admin, customer.id, sale_date=day, quantity="1", unit_price="100")
    for caught in (paid, sold):
        assert day in caught.value.render("en")
