"""`crm-desktop lifecycle rules|suggestions|export`: the same rules and lists as the app."""

from __future__ import annotations

import json
from datetime import date

import pytest
from python_calamine import CalamineWorkbook

from crm_desktop.cli import main
from crm_desktop.models import AuditEvent, ChangeLog, Customer
from crm_desktop.services import lifecycle_rules, sales
from crm_desktop.services.customers import create_customer

pytestmark = pytest.mark.sqlite_only


@pytest.fixture
def shop(team, db_path):
    """K1 of sales1, prospective with an order today; F1 a friend's referral, potential."""
    m = team["manager"]
    k1 = create_customer(
        m, {"code": "K1", "name": "客户K1", "owner": "sales1", "stage": "prospective"}
    )
    sales.record_sale(m, k1.id, sale_date=date.today(), quantity=1, unit_price="10")
    create_customer(m, {"code": "F1", "name": "亲友一", "owner": "sales1", "source": "friends"})
    return db_path


def cli(db_path, capsys, *args):
    code = main(["--db", str(db_path), *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_rules_print_and_set(team, shop, capsys):
    """The rules print as JSON; a manager's --set changes them through the same service."""
    code, out, _ = cli(shop, capsys, "lifecycle", "rules")
    assert code == 0 and json.loads(out) == lifecycle_rules.DEFAULTS
    code, out, _ = cli(
        shop, capsys, "--user", "manager", "lifecycle", "rules",
        "--set", "lost_months=9", "--set", "winback=no",
    )  # fmt: skip
    assert code == 0 and json.loads(out)["lost_months"] == 9
    assert lifecycle_rules.get_rules()["winback"] is False


def test_rules_refused_for_bad_values_and_salespeople(team, shop, capsys, monkeypatch):
    """A bad value or a salesperson's change exits 2 with a plain message; nothing changes."""
    monkeypatch.setenv("CRM_DESKTOP_LANG", "zh_CN")
    code, _, err = cli(
        shop, capsys, "--user", "manager", "lifecycle", "rules", "--set", "lost_months=abc"
    )
    assert code == 2 and "流失客户：无订单月数" in err and "1 到 120" in err
    code, _, err = cli(shop, capsys, "--user", "sales1", "lifecycle", "rules", "--set", "x")
    assert code == 2 and "规则=值" in err
    code, _, err = cli(
        shop, capsys, "--user", "sales1", "lifecycle", "rules", "--set", "lost_months=3"
    )
    assert code == 2 and "客户分类规则" in err
    assert lifecycle_rules.get_rules()["lost_months"] == 12


def test_suggestions_lines(team, shop, capsys):
    """sales1's first-order suggestion prints tab separated; the count goes to stderr."""
    code, out, err = cli(shop, capsys, "--user", "sales1", "lifecycle", "suggestions")
    assert code == 0
    assert out.splitlines() == [
        "K1\t客户K1\tfirst_order\tFirst order placed: make it Current (First-time buyer)."
    ]
    assert "1 lifecycle suggestions" in err


def test_export_writes_the_workbook(team, shop, capsys, tmp_path):
    """`lifecycle export` writes the lists and is audited; a salesperson is refused."""
    out_path = tmp_path / "lists.xlsx"
    code, out, _ = cli(shop, capsys, "--user", "manager", "lifecycle", "export", str(out_path))
    assert code == 0 and str(out_path) in out and "2 customers" in out
    book = CalamineWorkbook.from_path(str(out_path))
    assert book.sheet_names == ["Prospect lists", "Friends and relatives", "No source"]
    assert AuditEvent.select().where(AuditEvent.action == "export.prospects").count() == 1
    code, _, _ = cli(shop, capsys, "--user", "sales1", "lifecycle", "export", str(out_path))
    assert code == 2


def test_export_by_source_and_bad_source(team, shop, capsys, tmp_path):
    """--source friends writes that list only; an unknown source is named and refused."""
    out_path = tmp_path / "friends.xlsx"
    code, _, _ = cli(
        shop, capsys, "--user", "manager", "lifecycle", "export", str(out_path),
        "--source", "friends",
    )  # fmt: skip
    assert code == 0
    assert CalamineWorkbook.from_path(str(out_path)).sheet_names[1:] == ["Friends and relatives"]
    code, _, err = cli(
        shop, capsys, "--user", "manager", "lifecycle", "export", str(out_path), "--source", "xx"
    )
    assert code == 2 and "xx" in err
    code, _, err = cli(shop, capsys, "--user", "manager", "lifecycle", "export")
    assert code == 2 and "lifecycle export" in err
    assert Customer.select().count() == 2


def test_accept_by_code_changes_the_card(team, shop, capsys):
    """`lifecycle accept K1` applies the first-order move (ChangeLog) and it is no longer listed."""
    code, out, err = cli(shop, capsys, "--user", "sales1", "lifecycle", "accept", "K1")
    assert code == 0 and out.splitlines() == ["K1\t客户K1\tfirst_order"]
    assert "Accepted" in err and "Current" in err
    k1 = Customer.get(Customer.code == "K1")
    assert (k1.stage, k1.loyalty) == ("current", "first_time")
    changed = ChangeLog.select().where(
        (ChangeLog.entity_id == k1.id) & (ChangeLog.field == "stage")
    )
    assert [c.new_value for c in changed] == ["current"]
    code, out, _ = cli(shop, capsys, "--user", "sales1", "lifecycle", "suggestions")
    assert code == 0 and out == ""


def test_accept_with_stage_only_when_it_is_that_move(team, shop, capsys, monkeypatch):
    """--stage lost on a first-order suggestion exits 2 and names both moves; --stage current works."""
    monkeypatch.setenv("CRM_DESKTOP_LANG", "zh_CN")
    code, _, err = cli(
        shop, capsys, "--user", "sales1", "lifecycle", "accept", "K1", "--stage", "lost"
    )
    assert code == 2 and "现实客户" in err and "流失客户" in err and "未做修改" in err
    assert Customer.get(Customer.code == "K1").stage == "prospective"
    code, _, err = cli(
        shop, capsys, "--user", "sales1", "lifecycle", "accept", "K1", "--stage", "vip"
    )
    assert code == 2 and "vip" in err
    code, _, _ = cli(
        shop, capsys, "--user", "sales1", "lifecycle", "accept", "K1", "--stage", "current"
    )
    assert code == 0 and Customer.get(Customer.code == "K1").stage == "current"


def test_dismiss_hides_the_suggestion_and_changes_nothing(team, shop, capsys):
    """`lifecycle dismiss K1` leaves the card as it is; the suggestion is gone from the list
    and from a later accept."""
    code, out, err = cli(shop, capsys, "--user", "sales1", "lifecycle", "dismiss", "K1")
    assert code == 0 and out.startswith("K1\t") and "Dismissed" in err
    assert Customer.get(Customer.code == "K1").stage == "prospective"
    code, out, _ = cli(shop, capsys, "--user", "sales1", "lifecycle", "suggestions")
    assert out == ""
    code, _, err = cli(shop, capsys, "--user", "sales1", "lifecycle", "accept", "K1")
    assert code == 2 and "no lifecycle suggestion" in err and "K1" in err


def test_accept_refused_for_others_and_without_code(team, shop, capsys):
    """sales2 cannot accept sales1's customer; an unknown code or no code exits 2."""
    code, _, err = cli(shop, capsys, "--user", "sales2", "lifecycle", "accept", "K1")
    assert code == 2 and "K1" in err
    assert Customer.get(Customer.code == "K1").stage == "prospective"
    code, _, err = cli(shop, capsys, "--user", "sales1", "lifecycle", "dismiss", "NOPE")
    assert code == 2 and "NOPE" in err
    code, _, err = cli(shop, capsys, "--user", "sales1", "lifecycle", "accept")
    assert code == 2 and "lifecycle accept" in err
    assert ChangeLog.select().where(ChangeLog.field == "stage").count() == 0
