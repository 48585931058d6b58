"""One aging: the Credit page's list and the sales report's sheet share one row type, one set
of bucket names with labels in both languages, and one FIFO rule."""

from __future__ import annotations

import sys
from dataclasses import fields
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from sales_dataset import build  # noqa: E402

from crm_desktop.services import analysis as an  # noqa: E402
from crm_desktop.services import receivables  # noqa: E402

AFTER_EVERY_LINE = date(2026, 3, 1)  # the dataset's last line is dated 2026-01-01


@pytest.fixture
def data(team):
    return build(team)


def test_credit_page_and_report_give_the_same_rows(admin, data):
    """On a day after every line, both agings list the same customers who owe, with the same
    balance and buckets, as the same row type."""
    page = receivables.aging(admin, as_of=AFTER_EVERY_LINE)
    report = an.receivables_aging(admin, AFTER_EVERY_LINE)
    assert page and all(type(r) is receivables.AgingRow for r in page + report)
    owing = {r.customer_id: r for r in report if r.balance_fen > 0}
    assert {r.customer_id for r in page} == set(owing)
    for row in page:
        other = owing[row.customer_id]
        assert (row.balance_fen, row.buckets_fen) == (other.balance_fen, other.buckets_fen)
        assert (row.code, row.owner, row.limit_fen, row.collection_days) == (
            other.code,
            other.owner,
            other.limit_fen,
            other.collection_days,
        )
        assert sum(row.buckets_fen) == row.balance_fen


def test_one_set_of_bucket_names_with_labels_in_both_languages():
    """The report and the receivables service name the buckets alike; each has a zh and an
    en label from the catalogue."""
    assert an.AGING_BUCKETS is receivables.AGING_BUCKETS
    assert an.AgingRow is receivables.AgingRow
    assert list(receivables.AGING_LABELS) == list(receivables.AGING_BUCKETS)
    zh = [receivables.AGING_LABELS[b].render("zh_CN") for b in receivables.AGING_BUCKETS]
    en = [receivables.AGING_LABELS[b].render("en") for b in receivables.AGING_BUCKETS]
    assert zh == ["未到期", "逾期 0–30 天", "逾期 31–60 天", "逾期 61–90 天", "逾期 90 天以上"]
    assert en[0] == "Not yet due" and en[-1] == "Over 90 days past due"


def test_each_bucket_reads_by_its_name_and_the_former_names(admin, data):
    """bucket(name) and the named properties read the same amounts; the names of the former
    Credit-page row still answer with the same values."""
    (row,) = [r for r in receivables.aging(admin, as_of=AFTER_EVERY_LINE) if r.code == "C4"]
    assert [f.name for f in fields(row)][-2:] == ["balance_fen", "buckets_fen"]
    named = [getattr(row, b) for b in receivables.AGING_BUCKETS]
    assert named == [row.bucket(b) for b in receivables.AGING_BUCKETS] == list(row.buckets)
    assert row.d90_plus == Decimal("600.00") == row.over_90 == row.total == row.balance
    assert (row.fen, row.current, row.owner_name) == (row.buckets_fen, row.not_due, row.owner)
    assert row.overdue == sum(named[1:]) and row.exposure == pytest.approx(1.2)


def test_deleted_lines_inside_the_window_leave_the_buckets_alone(admin, data):
    """Deleted sale lines dated within the buckets' window (C1's 7777 on 2025-05-05, and one
    the same as a live line of C3: same day, same amount) count for nothing: the Credit
    page's aging (on PostgreSQL read with each deleted line taken back out) gives the
    report's buckets, and C1's 300 is over 90 days past due from its March lines."""
    from datetime import datetime

    from crm_desktop.models import Sale

    Sale.create(
        customer=data["C3"],
        date=date(2025, 7, 1),
        amount=Decimal("30"),
        unit_price=Decimal("10"),
        quantity=Decimal("3"),
        deleted_at=datetime(2025, 7, 2),
    )
    as_of = date(2025, 9, 1)
    page = {r.code: r for r in receivables.aging(admin, as_of=as_of)}
    report = {r.code: r for r in an.receivables_aging(admin, as_of) if r.balance_fen > 0}
    # the page's balance is the card's, with C2's later sale: compared where none is later
    for code in ("C1", "C3"):
        row = page[code]
        assert (row.balance_fen, row.buckets_fen) == (
            report[code].balance_fen,
            report[code].buckets_fen,
        ), code
    assert page["C1"].balance_fen == 30000 and page["C1"].buckets_fen[-1] == 30000
