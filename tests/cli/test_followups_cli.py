"""`crm-desktop followups`: tab-separated lines sorted by due, filters, cadence lines, refusals."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from crm_desktop.cli import main
from crm_desktop.models import Customer
from crm_desktop.services import followups as svc
from crm_desktop.services.customers import create_customer

pytestmark = pytest.mark.sqlite_only


@pytest.fixture
def setup(team, db_path):
    """C1 (sales1, class A) has an overdue call and one today; C2 (sales2) one next week;
    C3 (sales1, class B, created long ago) has nothing planned and is out of cadence."""
    m = team["manager"]
    create_customer(m, {"name": "华科商贸", "code": "C1", "owner": "sales1", "abc_class": "A"})
    create_customer(m, {"name": "王氏五金", "code": "C2", "owner": "sales2"})
    create_customer(m, {"name": "远东\t贸易", "code": "C3", "owner": "sales1", "abc_class": "B"})
    Customer.update(created_at=datetime.now() - timedelta(days=100)).where(
        Customer.code == "C3"
    ).execute()
    today = date.today()
    svc.plan_followup(
        m,
        {
            "customer": "C1",
            "kind": "visit",
            "due_at": datetime.combine(today, datetime.min.time())
            + timedelta(hours=23, minutes=59),
            "subject": "送样品\n第二批",
        },
    )
    svc.plan_followup(m, {"customer": "C1", "due_at": datetime.now() - timedelta(days=2)})
    svc.plan_followup(m, {"customer": "C2", "due_at": datetime.now() + timedelta(days=8)})
    return db_path


def run(db_path, capsys, *args: str) -> tuple[int, list[list[str]], str]:
    code = main(["--db", str(db_path), *args])
    captured = capsys.readouterr()
    lines = [line.split("\t") for line in captured.out.splitlines()]
    return code, lines, captured.err


def test_all_planned_sorted_by_due_with_cadence_line(setup, capsys):
    code, lines, err = run(setup, capsys, "followups")
    assert code == 0
    assert all(len(cols) == 6 for cols in lines)
    kinds = [(cols[1], cols[3]) for cols in lines]
    assert kinds == [("C3", "cadence"), ("C1", "call"), ("C1", "visit"), ("C2", "call")]
    assert lines == sorted(lines, key=lambda cols: cols[0])
    cadence = lines[0]
    expected = (datetime.now() - timedelta(days=100) + timedelta(days=30)).date()
    assert cadence[0] == expected.isoformat()
    assert cadence[2] == "远东 贸易" and cadence[4] == "张伟"
    assert cadence[5] == "Never contacted (every 30 days)"
    visit = lines[2]
    assert visit[0].endswith(" 23:59") and visit[5] == "送样品 第二批"
    assert "4 follow-up(s) (1 out of cadence)" in err


def test_due_filters(setup, capsys):
    _, lines, _ = run(setup, capsys, "followups", "--due", "today")
    assert [(c[1], c[3]) for c in lines] == [("C1", "visit")]
    _, lines, _ = run(setup, capsys, "followups", "--due", "overdue")
    assert [(c[1], c[3]) for c in lines] == [("C3", "cadence"), ("C1", "call")]
    _, lines, _ = run(setup, capsys, "followups", "--due", "overdue", "--no-cadence")
    assert [(c[1], c[3]) for c in lines] == [("C1", "call")]
    code, lines, _ = run(setup, capsys, "followups", "--due", "week")
    assert code == 0 and ("C2", "call") not in [(c[1], c[3]) for c in lines]


def test_owner_filter_and_salesperson_scope(setup, capsys):
    _, lines, _ = run(setup, capsys, "followups", "--owner", "王芳")
    assert [c[1] for c in lines] == ["C2"]
    _, lines, _ = run(setup, capsys, "--user", "sales2", "followups")
    assert [c[1] for c in lines] == ["C2"]


def test_refusals_exit_2(setup, capsys):
    code, lines, err = run(setup, capsys, "followups", "--owner", "nobody")
    assert code == 2 and lines == [] and "nobody" in err
    with pytest.raises(SystemExit) as info:
        main(["--db", str(setup), "followups", "--due", "tomorrow"])
    assert info.value.code == 2
