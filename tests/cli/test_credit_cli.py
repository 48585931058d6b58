"""`crm-desktop credit …`: the tab-separated list, filing, deciding and refusals with exit 2."""

from __future__ import annotations

from decimal import Decimal

import pytest

from crm_desktop.cli import main
from crm_desktop.models import CreditRequest, Customer
from crm_desktop.services.customers import create_customer

pytestmark = pytest.mark.sqlite_only


@pytest.fixture
def setup(team, db_path):
    create_customer(team["sales1"], {"name": "华科商贸", "code": "C1"})
    create_customer(team["sales2"], {"name": "王氏五金", "code": "C2"})
    return db_path


def run(db_path, *args: str) -> int:
    return main(["--db", str(db_path), *args])


def test_request_list_approve(setup, capsys):
    """A salesperson files, the GM approves a lower amount; the list shows both names."""
    assert (
        run(setup, "--user", "sales1", "credit", "request", "C1", "--limit", "50000",
            "--days", "45", "--rating", "A", "--terms", "other", "--reason", "老客户")
        == 0
    )  # fmt: skip
    out = capsys.readouterr().out
    assert "credit request 1 filed for C1" in out
    assert run(setup, "credit", "list", "--pending") == 0
    line = capsys.readouterr().out.rstrip("\n")
    assert line.split("\t") == ["1", "C1", "华科商贸", "50000.00", "pending", "张伟", ""]
    assert run(setup, "--user", "admin", "credit", "approve", "1", "--limit", "40000",
               "--comment", "先给四万") == 0  # fmt: skip
    assert "approved" in capsys.readouterr().out
    assert run(setup, "credit", "list") == 0
    cols = capsys.readouterr().out.strip().split("\t")
    assert cols[4] == "approved" and cols[6] == "Administrator"
    assert run(setup, "credit", "list", "--pending") == 0
    assert capsys.readouterr().out == ""
    c = Customer.get(Customer.code == "C1")
    assert (c.credit_limit, c.collection_days, c.credit_rating, c.payment_terms) == (
        Decimal("40000.00"), 45, "A", "other",
    )  # fmt: skip


def test_salesperson_cannot_approve(setup, capsys):
    """Exit 2 and a plain 'not allowed'; the request stays pending."""
    run(setup, "--user", "sales1", "credit", "request", "C1", "--limit", "100", "--reason", "r")
    capsys.readouterr()
    assert run(setup, "--user", "sales1", "credit", "approve", "1") == 2
    err = capsys.readouterr().err
    assert "not allowed" in err.lower() and "Traceback" not in err
    assert CreditRequest.get_by_id(1).status == "pending"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("request", "C1", "--limit", "-100", "--reason", "r"), "negative"),
        (("request", "C1", "--limit", "abc", "--reason", "r"), "'abc' is not an amount"),
        (("request", "C9", "--limit", "1", "--reason", "r"), "no customer with code 'C9'"),
        # another salesperson's customer: told exactly as an unknown code
        (("request", "C2", "--limit", "1", "--reason", "r"), "no customer with code 'C2'"),
        (("approve", "99"), "no credit request 99"),
        (("reject", "1", "--comment", " "), "say why"),
    ],
)
def test_refusals_exit_2_nothing_changed(setup, capsys, args, message):
    run(setup, "--user", "sales1", "credit", "request", "C1", "--limit", "100", "--reason", "r")
    capsys.readouterr()
    user = "admin" if args[0] in ("approve", "reject") else "sales1"
    assert run(setup, "--user", user, "credit", *args) == 2
    assert message in capsys.readouterr().err
    assert CreditRequest.select().count() == 1
    assert CreditRequest.get_by_id(1).status == "pending"


def test_reject_withdraw_and_decided(setup, capsys):
    run(setup, "--user", "sales1", "credit", "request", "C1", "--limit", "100", "--reason", "r")
    assert run(setup, "--user", "sales1", "credit", "withdraw", "1") == 0
    run(setup, "--user", "sales1", "credit", "request", "C1", "--limit", "200", "--reason", "r")
    assert run(setup, "credit", "reject", "2", "--comment", "逾期太多") == 0
    capsys.readouterr()
    assert run(setup, "credit", "approve", "2") == 2
    assert "already rejected" in capsys.readouterr().err
    assert Customer.get(Customer.code == "C1").credit_limit is None
    assert run(setup, "--user", "sales1", "credit", "request", "C1", "--limit", "1",
               "--reason", "r") == 0  # fmt: skip
    assert run(setup, "--user", "manager", "credit", "request", "C1", "--limit", "1",
               "--reason", "r") == 2  # fmt: skip
    assert "already has a credit request waiting" in capsys.readouterr().err


def test_request_takes_amounts_as_people_write_them(setup, capsys, monkeypatch):
    """`--limit 5万` files 50,000; a huge amount is refused in Chinese, exit 2, no traceback."""
    monkeypatch.setenv("CRM_DESKTOP_LANG", "zh_CN")
    assert run(setup, "--user", "sales1", "credit", "request", "C1", "--limit", "1e30",
               "--reason", "r") == 2  # fmt: skip
    err = capsys.readouterr().err
    assert "信用额度：“1e30”太大" in err and "Traceback" not in err
    assert run(setup, "--user", "sales1", "credit", "request", "C1", "--limit", "5万",
               "--reason", "r") == 0  # fmt: skip
    assert CreditRequest.get().proposed_limit == Decimal("50000.00")
    assert "目前：信用额度 —" in capsys.readouterr().err
    assert run(setup, "--user", "admin", "credit", "approve", "1", "--limit", "1e308") == 2
    assert "核准额度：“1e308”太大" in capsys.readouterr().err
    assert CreditRequest.get().status == "pending"


def test_lines_are_chinese_with_labels_under_zh(setup, capsys, monkeypatch):
    """Under CRM_DESKTOP_LANG=zh_CN filing and rejecting print Chinese lines with labels, not keys."""
    monkeypatch.setenv("CRM_DESKTOP_LANG", "zh_CN")
    assert (
        run(setup, "--user", "sales1", "credit", "request", "C1", "--limit", "50000",
            "--rating", "A", "--terms", "other", "--reason", "老客户")
        == 0
    )  # fmt: skip
    out = capsys.readouterr().out
    assert out.startswith("已为客户 C1 提交第 1 号信用额度申请：信用额度 50,000.00，")
    assert "other" not in out and "付款条件 其他" in out
    assert run(setup, "--user", "admin", "credit", "reject", "1", "--comment", "再等等") == 0
    assert capsys.readouterr().out.strip() == "第 1 号信用额度申请已驳回：客户 C1 不变"
