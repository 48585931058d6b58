"""`crm-desktop complaint …`: receive, list, assign, resolve, confirm, close; refusals exit 2."""

from __future__ import annotations

import pytest

from crm_desktop.cli import main
from crm_desktop.models import Complaint
from crm_desktop.services.customers import create_customer

pytestmark = pytest.mark.sqlite_only


@pytest.fixture
def setup(team, db_path):
    create_customer(team["sales1"], {"name": "华科商贸", "code": "C1"})
    create_customer(team["sales2"], {"name": "王氏五金", "code": "C2"})
    return db_path


def run(db_path, *args: str) -> int:
    return main(["--db", str(db_path), *args])


def test_add_list_assign_resolve_confirm(setup, capsys):
    """The whole path from the command line; the list shows the codes and the handler."""
    assert run(setup, "complaint", "add", "C1", "--category", "质量", "--severity", "严重",
               "--text", "包装破损\n三箱受潮", "--received", "2026-05-04 10:00") == 0  # fmt: skip
    assert "complaint 1 added for C1: due 2026-05-07 10:00" in capsys.readouterr().out
    assert run(setup, "complaint", "list", "--open") == 0
    cols = capsys.readouterr().out.rstrip("\n").split("\t")
    assert cols == ["1", "2026-05-04 10:00", "C1", "华科商贸", "quality", "high", "open",
                    "张伟", "2026-05-07 10:00", "包装破损"]  # fmt: skip
    assert run(setup, "complaint", "assign", "1", "manager") == 0
    assert run(setup, "complaint", "resolve", "1", "--text", "已补发", "--compensation",
               "goods") == 0  # fmt: skip
    assert run(setup, "complaint", "confirm", "1", "--satisfaction", "4") == 0
    assert "complaint 1 confirmed: C1" in capsys.readouterr().out
    row = Complaint.get_by_id(1)
    assert (row.status, row.satisfaction, row.compensation_kind) == ("confirmed", 4, "goods")
    assert run(setup, "complaint", "list", "--open") == 0
    assert capsys.readouterr().out == ""


def test_refusals_exit_2_and_write_nothing(setup, capsys):
    """Confirming an unresolved complaint, satisfaction 6, another's customer: exit 2, a message."""
    assert run(setup, "complaint", "add", "C1", "--text", "送货晚了") == 0
    capsys.readouterr()
    assert run(setup, "complaint", "confirm", "1", "--satisfaction", "4") == 2
    assert "not resolved" in capsys.readouterr().err
    assert run(setup, "complaint", "resolve", "1", "--text", "已道歉") == 0
    assert run(setup, "complaint", "confirm", "1", "--satisfaction", "6") == 2
    assert "between 1 and 5" in capsys.readouterr().err
    assert Complaint.get_by_id(1).status == "resolved"
    assert run(setup, "--user", "sales2", "complaint", "close", "1", "--reason", "x") == 2
    assert "another salesperson" in capsys.readouterr().err
    assert run(setup, "--user", "sales2", "complaint", "list") == 0
    assert capsys.readouterr().out == ""
    assert run(setup, "complaint", "close", "1", "--reason", "客户不再追究") == 0
    assert Complaint.get_by_id(1).status == "closed"
