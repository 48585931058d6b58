"""The print job: checks first, one PDF, progress, cancel, and one audit entry per run."""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from crm_desktop.errors import NotFound, PermissionDenied
from crm_desktop.jobs.printing import print_customers
from crm_desktop.models import AuditEvent, Customer
from crm_desktop.progress import Cancelled, Progress


@pytest.fixture
def customers(team):
    """Four customers: three of sales1, one of sales2."""
    owners = ["sales1", "sales1", "sales1", "sales2"]
    return [
        Customer.create(
            code=f"P{i}", name=f"打印测试公司{i}", owner=team[o].id, invoice_type="vat"
        ).id
        for i, o in enumerate(owners, start=1)
    ]


def _audits() -> list[AuditEvent]:
    return list(AuditEvent.select().where(AuditEvent.action == "print"))


def test_forms_are_printed_and_audited_once(team, customers, tmp_path):
    """Printing three forms writes three pages and one audit entry naming actor, count and codes."""
    out = tmp_path / "forms.pdf"
    steps = []
    result = print_customers(
        team["manager"],
        out,
        codes=["P1", "P2", "P3"],
        lang="zh_CN",
        progress=Progress(lambda done, total, _t: steps.append((done, total))),
    )
    assert (result.kind, result.pages, result.customers) == ("form", 3, 3)
    assert len(PdfReader(out).pages) == 3
    assert result.form is not None and result.form.ticked(0) == ["invoice_type=vat"]
    assert steps == [(1, 3), (2, 3), (3, 3)]
    [event] = _audits()
    assert event.user_id == team["manager"].id and event.count == 3
    assert "P1, P2, P3" in event.detail and "forms.pdf" in event.detail


def test_cancel_leaves_no_file_and_no_audit(team, customers, tmp_path):
    """A cancel after the first page raises Cancelled; no PDF, no audit entry."""
    folder = tmp_path / "out"
    folder.mkdir()
    progress = Progress(lambda done, total, _t: progress.cancel())
    with pytest.raises(Cancelled):
        print_customers(
            team["admin"], folder / "cards.pdf", ids=customers, kind="card", progress=progress
        )
    assert list(folder.iterdir()) == []
    assert _audits() == []


def test_salesperson_may_print_only_own_customers(team, customers, tmp_path):
    """Another salesperson's customer is refused before anything is written, told as an
    unknown code so that a salesperson cannot learn which codes exist."""
    out = tmp_path / "x.pdf"
    with pytest.raises(PermissionDenied) as refused:
        print_customers(team["sales1"], out, codes=["P1", "P4"])
    assert refused.value.code == "printing.unknown_codes"
    assert refused.value.render("zh_CN") == "没有这些客户代号：P4。"
    assert not out.exists() and _audits() == []
    print_customers(team["sales1"], out, codes=["P1"])
    assert len(_audits()) == 1


def test_unknown_codes_are_all_named(team, customers, tmp_path):
    """Every unknown code is listed at once, in the user's language."""
    with pytest.raises(NotFound) as missing:
        print_customers(team["admin"], tmp_path / "x.pdf", codes=["P1", "NOPE", "X2"])
    assert missing.value.render("en") == "Unknown customer codes: NOPE, X2."
    assert missing.value.render("zh_CN") == "没有这些客户代号：NOPE、X2。"
