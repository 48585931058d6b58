"""`crm-desktop log`: one command logs a contact and plans the next follow-up."""

from __future__ import annotations

from datetime import datetime

import pytest

from crm_desktop.cli import main
from crm_desktop.models import Customer, FollowUp
from crm_desktop.services.customers import create_customer

pytestmark = pytest.mark.sqlite_only


def test_log_writes_done_and_next(team, db_path, capsys):
    """`log C1 --kind visit --outcome … --next DATE` prints the done and the planned row."""
    create_customer(team["manager"], {"name": "华科商贸", "code": "C1", "owner": "sales1"})
    code = main(
        [
            "--db",
            str(db_path),
            "log",
            "C1",
            "--kind",
            "visit",
            "--outcome",
            "送样品",
            "--next",
            "2099-01-05",
        ]
    )
    out = capsys.readouterr()
    lines = [line.split("\t") for line in out.out.splitlines()]
    assert code == 0
    assert [line[0] for line in lines] == ["done", "planned"]
    assert lines[0][3:] == ["C1", "visit"] and lines[1][2] == "2099-01-05 09:00"
    assert "C1" in out.err
    done = FollowUp.get_by_id(int(lines[0][1]))
    assert done.status == "done" and done.outcome == "送样品"
    assert Customer.get(Customer.code == "C1").last_contact_at is not None
    assert FollowUp.get_by_id(int(lines[1][1])).due_at == datetime(2099, 1, 5, 9, 0)


def test_log_unknown_customer_writes_nothing(team, db_path, capsys):
    """An unknown code exits 2 with a message and writes nothing."""
    code = main(["--db", str(db_path), "log", "NOPE", "--outcome", "x"])
    assert code == 2 and "NOPE" in capsys.readouterr().err
    assert FollowUp.select().count() == 0
