"""The main window's toolbar: the everyday actions with icons, names and shortcuts."""

from __future__ import annotations

import pytest
from customer_fixtures import make_customers
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QLineEdit

from crm_desktop.ui.followups_page import FollowUpsPage
from crm_desktop.ui.main_window import MainWindow
from crm_desktop.ui.translations import install_translations

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

ACTIONS = [
    "actionNew",
    "actionPlanFollowUp",
    "actionPrint",
    "actionExport",
    "actionImport",
    "actionFind",
]


@pytest.fixture
def window(qtbot, team):
    QSettings().clear()
    make_customers(team, 3)
    win = MainWindow(team["admin"], "toolbar.db")
    qtbot.addWidget(win)
    win.show()
    yield win
    QSettings().clear()


def test_toolbar_holds_the_everyday_actions_with_icons(window):
    """New customer, plan follow-up, print, export, import and find are on the toolbar, each
    with an icon and a tooltip naming its shortcut where it has one."""
    names = [a.objectName() for a in window.toolbar.actions() if not a.isSeparator()]
    assert names == ACTIONS
    for action in window.toolbar.actions():
        if not action.isSeparator():
            assert not action.icon().isNull(), action.objectName()
            assert "&" not in action.toolTip()
    assert window.print_action.toolTip().endswith(")")


def test_import_and_find_buttons_do_their_work(qtbot, window):
    """The import button opens the import page; find puts the cursor in the customer search."""
    window.import_action.trigger()
    assert window.current_key() == "import"
    window.find_action.trigger()
    assert window.current_key() == "customers"
    qtbot.waitUntil(lambda: isinstance(QApplication.focusWidget(), QLineEdit))


def test_plan_follow_up_plans_for_the_selected_customer(qtbot, window, monkeypatch):
    """From the customer list, “plan follow-up” opens the follow-ups page's plan dialog for
    the selected customer."""
    asked = []
    monkeypatch.setattr(
        FollowUpsPage, "plan", lambda self, values=None, customer_id=None: asked.append(customer_id)
    )
    page = window.show_page("customers")
    page.table.selectRow(0)
    chosen = page.current_id()
    assert chosen is not None
    window.plan_action.trigger()
    assert window.current_key() == "followups"
    assert asked == [chosen]


def test_toolbar_is_chinese_in_the_chinese_ui(qtbot, team, monkeypatch):
    """With the Chinese translation installed the toolbar's new actions read in Chinese."""
    QSettings().clear()
    install_translations("zh_CN")
    try:
        win = MainWindow(team["admin"], "toolbar.db")
        qtbot.addWidget(win)
        assert win.plan_action.text() == "安排跟进(&P)…"
        assert win.import_action.toolTip() == "导入客户…"
        assert win.toolbar.windowTitle() == "工具栏"
    finally:
        install_translations("en")
        QSettings().clear()


def test_every_shipped_icon_draws_something(qapp):
    """Each toolbar icon file is valid SVG and paints visible pixels at 22 px."""
    from crm_desktop.ui.icons import ICONS_DIR, NAMES, icon

    assert sorted(p.stem for p in ICONS_DIR.glob("*.svg")) == sorted(NAMES)
    for name in NAMES:
        image = icon(name).pixmap(22, 22).toImage()
        painted = sum(
            image.pixelColor(x, y).alpha() > 0
            for x in range(image.width())
            for y in range(image.height())
        )
        assert painted > 20, name
