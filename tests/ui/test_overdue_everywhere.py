"""The overdue number a user sees is the same on the Today tile, the follow-ups page's
overdue tab, its by-owner table and the side-bar badge, for every role."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from crm_desktop.services import followups as F
from crm_desktop.services import today as T
from crm_desktop.services.auth import get_actor
from crm_desktop.ui.followups_page import FollowUpsPage
from crm_desktop.ui.main_window import MainWindow
from crm_desktop.ui.reminders import ReminderService
from crm_desktop.ui.today_page import wait_for_loaders
from tests.overdue_demo import NOW, ROLES, TODAY, close, make_template, open_copy

pytestmark = [pytest.mark.sqlite_only, pytest.mark.qt_log_ignore("This plugin does not support")]


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return make_template(tmp_path_factory.mktemp("overdue-demo-ui"))


@pytest.fixture
def demo(template, tmp_path):
    open_copy(template, tmp_path)
    yield
    wait_for_loaders()
    close()


def _number(text: str) -> int:
    return int(text.replace(",", "").strip())


@pytest.mark.parametrize("username", ROLES)
def test_tile_tab_table_and_badge_show_one_number(qtbot, demo, username):
    """Today tile == rows of the overdue tab == sum of the by-owner table == side-bar badge."""
    actor = get_actor(username)
    window = MainWindow(actor)
    qtbot.addWidget(window)
    today_page = window.page("today")
    qtbot.waitUntil(lambda: today_page.summary is not None, timeout=20000)
    wait_for_loaders()  # the first (real-date) read is in: show the fixed day now
    today_page.load_now(TODAY)
    tile = _number(today_page.overdue_tile.value.text())

    page = FollowUpsPage(actor)
    qtbot.addWidget(page)
    page.refresh(NOW)
    tab_rows = page.models["overdue"].rowCount()
    overdue_tab = page.tabs.tabText(page.LISTS.index("overdue"))
    owners = page.owner_model
    by_owner = sum(_number(owners.index(r, 1).data()) for r in range(owners.rowCount()))

    assert tile == tab_rows == by_owner == window.badge("followups") > 0
    assert overdue_tab.endswith(f"({tab_rows})")
    assert tile == T.counts(actor, TODAY)["overdue"]
    due = _number(today_page.due_tile.value.text())
    assert window.badge("today") == due + tile

    # the reminders' round sets the same badges from the same numbers
    reminders = ReminderService(actor, window, interval_ms=60_000)
    reminders.countsChanged.connect(window._show_reminder_counts)
    window.set_badge("followups", 0)
    reminders.check(NOW)
    assert window.badge("followups") == tile and window.badge("today") == due + tile


@pytest.mark.parametrize("username", ("manager", "sales1"))
def test_overdue_tab_says_overdue_contact_in_chinese(qtbot, demo, monkeypatch, username):
    """In the Chinese UI a customer out of cadence reads 逾期未联系, a late follow-up 已逾期;
    never 计划中 on the overdue tab."""
    monkeypatch.setenv("CRM_DESKTOP_LANG", "zh_CN")
    page = FollowUpsPage(get_actor(username))
    qtbot.addWidget(page)
    page.refresh(NOW)
    model = page.models["overdue"]
    status = model.COLUMNS.index("status")
    kind = model.COLUMNS.index("kind")
    seen = {}
    for r in range(model.rowCount()):
        row = model.row_at(r)
        seen.setdefault(row.is_cadence, set()).add(model.index(r, status).data())
        if row.is_cadence:
            assert model.index(r, kind).data() == F.kind_label(F.CADENCE_KIND, "zh_CN")
            assert model.index(r, status).data(Qt.ItemDataRole.ForegroundRole) is not None
    assert seen == {True: {"逾期未联系"}, False: {"已逾期"}}
