"""The card's 动态 tab: filters, search, lazy batches, and a quick first paint of 2,000 events."""

from __future__ import annotations

import time
from datetime import date, datetime, timedelta

import pytest

from crm_desktop.models import FollowUp, Sale, transaction
from crm_desktop.services import customers as cs
from crm_desktop.ui.customer_editor_tabs import EXTRA_TABS
from crm_desktop.ui.timeline_tab import BATCH, TimelineTab

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.fixture
def busy(team):
    """K1 of sales1 with 1,000 logged contacts and 1,000 sales: 2,000 events."""
    card = cs.create_customer(team["manager"], {"code": "K1", "name": "客户K1", "owner": "sales1"})
    start = datetime(2024, 1, 1, 9, 0)
    with transaction():
        FollowUp.insert_many(
            [
                {
                    "customer": card.id,
                    "owner": team["sales1"].id,
                    "kind": "call",
                    "due_at": start + timedelta(hours=i),
                    "done_at": start + timedelta(hours=i),
                    "status": "done",
                    "outcome": f"第{i}次电话",
                }
                for i in range(1000)
            ]
        ).execute()
        Sale.insert_many(
            [
                {"customer": card.id, "date": date(2024, 1, 1) + timedelta(days=i), "amount": 100}
                for i in range(1000)
            ]
        ).execute()
    return card.id


def test_tab_is_registered_on_the_card(qtbot):
    """The card lists a 动态 tab among its extra tabs."""
    assert any(extra.title_text() == "Timeline" for extra in EXTRA_TABS)


def test_first_paint_is_lazy_and_quick(qtbot, team, busy):
    """2,000 events: the first batch only is shown, and the tab paints in well under a second."""
    start = time.perf_counter()
    tab = TimelineTab(team["sales1"], busy)
    qtbot.addWidget(tab)
    tab.resize(900, 600)
    tab.show()
    qtbot.waitExposed(tab)
    elapsed = time.perf_counter() - start
    assert len(tab.model.events) == 2001  # and the card created
    assert tab.model.rowCount() < 2001 and tab.model.rowCount() >= BATCH
    assert elapsed < 1.0  # bench/bench_day.py measures the 100 ms target
    tab.table.scrollToBottom()
    while tab.model.canFetchMore():
        tab.model.fetchMore()
    assert tab.model.rowCount() == 2001


def test_kind_filter_and_search(qtbot, team, busy):
    """Choosing Sales leaves the sales; a search for one outcome finds that one contact."""
    tab = TimelineTab(team["sales1"], busy)
    qtbot.addWidget(tab)
    tab.kind.setCurrentIndex(tab.kind.findData("sale"))
    assert len(tab.model.events) == 1000 and {e.kind for e in tab.model.events} == {"sale"}
    tab.kind.setCurrentIndex(0)
    tab.search.setText("第999次")
    tab.refresh()
    assert [e.kind for e in tab.model.events] == ["contact"]
    assert "第999次电话" in tab.model.index(0, 2).data()
