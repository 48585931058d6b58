"""A salesperson learns nothing about colleagues' customers and cannot act in their name."""

from __future__ import annotations

import pytest

from crm_desktop.errors import NotFound, PermissionDenied, UserError
from crm_desktop.services import followups, receivables, sales
from crm_desktop.services.customers import create_customer, get_customer, get_customers_by_codes
from crm_desktop.services.followups import FollowUpQuery


@pytest.fixture
def shop(team):
    """C1 belongs to sales1, C2 to sales2."""
    return {
        "C1": create_customer(team["sales1"], {"name": "华科商贸", "code": "C1"}).id,
        "C2": create_customer(team["sales2"], {"name": "东方贸易", "code": "C2"}).id,
    }


def _said(call, *args) -> str:
    with pytest.raises(UserError) as info:
        call(*args)
    return info.value.render("en")


def test_a_colleagues_code_reads_exactly_as_an_unknown_one(team, shop):
    """Every lookup by code: another salesperson's customer gets the unknown-code message."""
    s1 = team["sales1"]
    for lookup in (
        lambda code: get_customer(s1, code=code),
        lambda code: sales.find_customer_id(s1, code),
        lambda code: get_customers_by_codes(s1, [code]),
    ):
        hidden, unknown = _said(lookup, "C2"), _said(lookup, "C9")
        assert hidden == unknown.replace("C9", "C2")
    with pytest.raises(NotFound):
        get_customer(s1, code="C2")
    with pytest.raises(PermissionDenied):  # still a refusal for the code that checks one
        get_customer(s1, code="C2")
    missing_id = max(shop.values()) + 100
    hidden = _said(lambda: receivables.load_customer(s1, shop["C2"]))
    unknown = _said(lambda: receivables.load_customer(s1, missing_id))
    assert hidden == unknown.replace(str(missing_id), str(shop["C2"]))


def test_sales_are_recorded_in_ones_own_name_only(team, shop):
    """A salesperson cannot credit a sale to a colleague; a manager may record it for one."""
    with pytest.raises(PermissionDenied) as info:
        sales.record_sale(
            team["sales1"],
            shop["C1"],
            sale_date="2026-01-05",
            quantity=1,
            unit_price=10,
            salesperson="sales2",
        )
    assert "another salesperson's name" in info.value.render("en")
    own = sales.record_sale(
        team["sales1"],
        shop["C1"],
        sale_date="2026-01-05",
        quantity=1,
        unit_price=10,
        salesperson="sales1",
    )
    assert own.amount == 10
    sales.record_sale(
        team["manager"],
        shop["C1"],
        sale_date="2026-01-06",
        quantity=1,
        unit_price=10,
        salesperson="sales1",
    )


def test_asking_for_a_colleagues_followups_is_refused(team, shop):
    """--owner of another: refused, never answered silently with one's own list."""
    with pytest.raises(PermissionDenied):
        followups.list_followups(team["sales1"], FollowUpQuery(owner_id=team["sales2"].id))
    with pytest.raises(PermissionDenied):
        followups.cadence_overdue(team["sales1"], owner_id=team["sales2"].id)
    followups.list_followups(team["sales1"], FollowUpQuery(owner_id=team["sales1"].id))
    followups.list_followups(team["manager"], FollowUpQuery(owner_id=team["sales2"].id))
