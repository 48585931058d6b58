"""`crm-desktop customers`: the list with its figures and what a search matched, one line each."""

from __future__ import annotations

from datetime import datetime

import pytest

from crm_desktop.cli import main
from crm_desktop.services import customers as svc
from crm_desktop.services import followups, sales

pytestmark = pytest.mark.sqlite_only


@pytest.fixture
def listed(team, db_path):
    """K1 owes 750.00 and was called; K2 has contact 王建国 and a visit planned."""
    m = team["manager"]
    first = svc.create_customer(
        m, {"name": "北京华科技术有限公司", "code": "K1", "owner": "sales1"}
    ).id
    second = svc.create_customer(
        m, {"name": "上海重庆贸易有限公司", "code": "K2", "owner": "sales2"}
    ).id
    svc.add_contact(m, second, {"name": "王建国", "mobile": "13800138000"})
    sales.record_sale(m, first, sale_date="2026-03-01", quantity=3, unit_price="250")
    followups.log_contact(m, first, kind="call", outcome="催款", at=datetime(2026, 11, 2, 10, 0))
    followups.plan_followup(
        m, {"customer": second, "kind": "visit", "due_at": datetime(2030, 5, 6, 14, 30)}
    )
    return str(db_path)


def _lines(capsys) -> tuple[list[list[str]], str]:
    captured = capsys.readouterr()
    return [line.split("\t") for line in captured.out.splitlines()], captured.err


def test_lines_carry_the_figures(listed, capsys, monkeypatch):
    """Each line: code, name, owner, balance, last contact, next follow-up, matched."""
    monkeypatch.setenv("CRM_DESKTOP_LANG", "en")
    assert main(["--db", listed, "customers", "--sort", "balance", "--descending"]) == 0
    lines, err = _lines(capsys)
    assert lines == [
        ["K1", "北京华科技术有限公司", "张伟", "750.00", "2026-11-02", "", ""],
        ["K2", "上海重庆贸易有限公司", "王芳", "0.00", "", "2030-05-06 14:30", ""],
    ]
    assert "2 of 2 customers shown" in err


def test_search_says_what_matched(listed, capsys, monkeypatch):
    """A search by a contact's pinyin says the contact, in the user's language."""
    monkeypatch.setenv("CRM_DESKTOP_LANG", "zh_CN")
    assert main(["--db", listed, "customers", "wjg"]) == 0
    lines, err = _lines(capsys)
    assert [(line[0], line[-1]) for line in lines] == [("K2", "联系人：王建国")]
    assert "共 1 位" in err
    assert main(["--db", listed, "customers", "华科"]) == 0
    lines, _err = _lines(capsys)
    assert [(line[0], line[-1]) for line in lines] == [("K1", "")]


def test_limit(listed, capsys):
    """--limit caps the lines; the total still counts every customer found."""
    assert main(["--db", listed, "customers", "--limit", "1"]) == 0
    lines, err = _lines(capsys)
    assert len(lines) == 1 and "2" in err
