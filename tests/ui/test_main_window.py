"""The main window: pages from the registry, menus and shortcuts, roles, state, language."""

from __future__ import annotations

import pytest
from customer_fixtures import make_customers
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QKeySequence

from crm_desktop import i18n
from crm_desktop.ui import pages
from crm_desktop.ui.customers_page import CustomersPage
from crm_desktop.ui.main_window import MainWindow
from crm_desktop.ui.pages import PlaceholderPage
from crm_desktop.ui.translations import install_translations, switch_language

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.fixture(autouse=True)
def fresh_settings():
    QSettings().clear()
    yield
    QSettings().clear()


@pytest.fixture
def window(qtbot, team):
    make_customers(team, 9)
    win = MainWindow(team["admin"], "/tmp/demo.db")
    qtbot.addWidget(win)
    win.show()
    return win


def sidebar_texts(win: MainWindow) -> list[str]:
    return [win.sidebar.item(i).text() for i in range(win.sidebar.count())]


def test_sidebar_lists_every_page_and_opens_customers(window):
    assert window.page_keys() == [
        "today",
        "customers",
        "followups",
        "complaints",
        "credit",
        "sales",
        "pipeline",
        "reports",
        "import",
        "pool",
        "prospects",
    ]
    assert sidebar_texts(window)[1] == "Customers"
    assert window.current_key() == "customers"
    assert isinstance(window.stack.currentWidget(), CustomersPage)


def test_missing_page_module_shows_a_placeholder(qtbot, team, monkeypatch):
    fake = ("followups", "Follow-ups", pages.lazy("crm_desktop.ui.no_such_page", "X", "Follow-ups"))
    registry = [entry if entry[0] != "followups" else fake for entry in pages.PAGES]
    monkeypatch.setattr(pages, "PAGES", registry)
    win = MainWindow(team["admin"])
    qtbot.addWidget(win)
    widget = win.show_page("followups")
    assert isinstance(widget, PlaceholderPage)
    assert "coming" in widget.findChild(type(win.database_label), "placeholderText").text()


def test_a_broken_page_does_not_break_the_window(qtbot, team, monkeypatch, caplog):
    def broken(actor, parent=None):
        raise RuntimeError("boom")

    registry = [e if e[0] != "sales" else ("sales", "Sales", broken) for e in pages.PAGES]
    monkeypatch.setattr(pages, "PAGES", registry)
    win = MainWindow(team["admin"])
    qtbot.addWidget(win)
    widget = win.show_page("sales")
    assert isinstance(widget, PlaceholderPage)


def test_menus_and_shortcuts(window):
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles == ["&File", "&Edit", "&View", "&Help"]
    assert window.new_action.shortcut() == QKeySequence("Ctrl+N")
    assert window.find_action.shortcut() == QKeySequence("Ctrl+F")
    assert window.print_action.shortcut() == QKeySequence("Ctrl+P")
    assert (
        window.about_action
        in window.findChild(type(window.menuBar().actions()[0].menu()), "menuHelp").actions()
    )


def test_find_shortcut_focuses_the_search_box(window):
    window.show_page("today")
    window.find_action.trigger()
    page = window.page("customers")
    assert window.current_key() == "customers"
    assert window.focusWidget() is page.search


def test_status_bar_names_database_user_and_role(window):
    assert "/tmp/demo.db" in window.database_label.text()
    assert "Administrator" in window.user_label.text()
    assert window.role_label.text() == "Role: General manager"


def test_salesperson_has_fewer_pages_and_no_export(qtbot, team):
    make_customers(team, 6)
    win = MainWindow(team["sales1"])
    qtbot.addWidget(win)
    assert "reports" not in win.page_keys() and "import" not in win.page_keys()
    assert not win.export_action.isEnabled()
    assert win.page("customers").model.rowCount() == 2
    assert win.role_label.text() == "Role: Salesperson"


def test_geometry_and_splitter_are_remembered(qtbot, team):
    first = MainWindow(team["admin"])
    qtbot.addWidget(first)
    first.show()
    first.resize(1150, 700)
    first.splitter.setSizes([220, 780])
    first.show_page("credit")
    first.close()
    second = MainWindow(team["admin"])
    qtbot.addWidget(second)
    second.show()
    saved = QSettings().value("main/geometry")
    assert saved is not None and second.restoreGeometry(saved)
    assert second.splitter.sizes()[0] == first.splitter.sizes()[0]
    assert second.current_key() == "credit"


def test_language_switch_shows_chinese(qtbot, team, monkeypatch):
    """With the Chinese translations installed, the window's own strings are Chinese."""
    monkeypatch.setenv(i18n.ENV_LANG, "en")
    loaded = switch_language("zh_CN")
    try:
        assert "app_zh_CN.qm" in loaded and "qtbase_zh_CN.qm" in loaded
        win = MainWindow(team["admin"], "x.db")
        qtbot.addWidget(win)
        assert sidebar_texts(win)[:2] == ["今天", "客户"]
        assert win.role_label.text() == "角色：总经理"
        assert win.page("customers").model.headerData(1, Qt.Orientation.Horizontal) == "客户名称"
    finally:
        install_translations("en")


def test_settings_dialog_saves_team_and_local_settings(qtbot, team, monkeypatch, tmp_path):
    from crm_desktop.services.settings import get_setting
    from crm_desktop.ui.settings_dialog import FONT_KEY, SettingsDialog

    monkeypatch.setenv(i18n.ENV_LANG, "en")
    monkeypatch.setattr(i18n, "settings_path", lambda: tmp_path / "settings.json")
    dialog = SettingsDialog(team["admin"])
    qtbot.addWidget(dialog)
    dialog.company.setText("上海华鑫贸易有限公司")
    dialog.cadence["A"].setValue(7)
    dialog.font_file.setText("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
    dialog.language.setCurrentIndex(dialog.language.findData("zh_CN"))
    dialog.save()
    assert dialog.result() == dialog.DialogCode.Accepted and dialog.language_changed
    assert get_setting("company_name") == "上海华鑫贸易有限公司"
    assert get_setting("cadence_days")["A"] == 7
    local = i18n.load_local_settings()
    assert local["language"] == "zh_CN" and local[FONT_KEY].endswith("wqy-microhei.ttc")


def test_salesperson_cannot_change_team_settings(qtbot, team):
    from crm_desktop.ui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(team["sales1"])
    qtbot.addWidget(dialog)
    assert not dialog.company.isEnabled() and not dialog.cadence["B"].isEnabled()


@pytest.mark.parametrize("who", ["admin", "sales1"])
def test_every_registered_page_opens(qtbot, team, who, caplog):
    """Each page of the registry builds for this role (no 'could not be opened' placeholder)."""
    win = MainWindow(team[who])
    qtbot.addWidget(win)
    for key in win.page_keys():
        widget = win.show_page(key)
        assert widget is not None
        failed = [
            label.text()
            for label in widget.findChildren(type(win.database_label), "placeholderText")
            if "could not be opened" in label.text()
        ]
        assert failed == [], key


def test_application_rebuilds_the_window_in_the_new_language(qtbot, qapp, db_path, monkeypatch):
    from crm_desktop import app as app_module
    from crm_desktop.models import close_database, database

    monkeypatch.setenv(i18n.ENV_LANG, "en")
    program = app_module.Application(qapp)
    assert program.start(str(db_path)) == 0
    try:
        old = program.window
        assert sidebar_texts(old)[1] == "Customers"
        program.switch_language("zh_CN")
        assert program.window is not old
        qtbot.addWidget(program.window)
        assert sidebar_texts(program.window)[1] == "客户"
        assert program.window.isVisible()
    finally:
        install_translations("en")
        program.window.close()
        program.release()
        close_database()
        database.initialize(None)


def test_ctrl_z_undoes_a_delete(window, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    page = window.page("customers")
    before = page.model.rowCount()
    page.table.selectRow(0)
    page.delete_selected()
    assert page.model.rowCount() == before - 1
    assert window.undo_action.isEnabled()
    window.undo_action.trigger()
    assert page.model.rowCount() == before


def test_today_counts_become_side_bar_badges(qtbot, team):
    """The Today page's counts show beside Today (due and overdue), Follow-ups (overdue) and
    Credit in the side bar."""
    from crm_desktop.ui.main_window import MainWindow

    window = MainWindow(team["admin"])
    qtbot.addWidget(window)
    today = window.page("today")
    today.counts_changed.emit({"due_today": 2, "overdue": 3, "credit_pending": 1, "birthdays": 0})
    keys = window.page_keys()
    assert window.sidebar.item(keys.index("today")).text().endswith("(5)")
    assert window.sidebar.item(keys.index("credit")).text().endswith("(1)")
    assert window.sidebar.item(keys.index("followups")).text().endswith("(3)")
    assert (window.badge("today"), window.badge("followups"), window.badge("credit")) == (5, 3, 1)
    today.counts_changed.emit({"due_today": 0, "overdue": 0, "credit_pending": 0})
    assert "(" not in window.sidebar.item(keys.index("today")).text()


def test_closing_the_window_asks_open_cards_first(qtbot, team, monkeypatch):
    """A card with unsaved changes keeps the main window open when the user cancels."""
    from PySide6.QtWidgets import QMessageBox

    from crm_desktop.services.customers import create_customer
    from crm_desktop.ui.customer_editor import open_customer_editor
    from crm_desktop.ui.main_window import MainWindow

    admin = team["admin"]
    card = create_customer(admin, {"name": "未保存的客户"})
    window = MainWindow(admin)
    qtbot.addWidget(window)
    editor = open_customer_editor(None, admin, card.id)  # a window of its own, no parent
    editor.field("phone").input.setText("010-1")
    assert editor.is_dirty()
    monkeypatch.setattr(
        QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Cancel)
    )
    try:
        assert window.close_dialogs() is False
        assert editor.isVisible()
    finally:
        editor._closing_ok = True
        editor.close()


def test_reminders_start_after_the_window_and_set_the_badge(qtbot, team):
    """Due follow-ups reach the side bar through the reminder service, after a delay."""
    from datetime import datetime, timedelta

    from crm_desktop.services.customers import create_customer
    from crm_desktop.services.followups import plan_followup
    from crm_desktop.ui.main_window import MainWindow

    admin = team["admin"]
    card = create_customer(admin, {"name": "提醒测试公司"})
    plan_followup(
        admin,
        {
            "customer": card.id,
            "kind": "call",
            "due_at": datetime.now() - timedelta(hours=2),
            "subject": "回访",
        },
    )
    window = MainWindow(admin)
    qtbot.addWidget(window)
    window.start_reminders(delay_ms=10)
    today = window.page_keys().index("today")
    qtbot.waitUntil(lambda: window.sidebar.item(today).text().endswith("(1)"), timeout=5000)
    window.reminders.stop()


def test_reminder_in_the_status_bar_is_punctuated_for_the_language(window, monkeypatch):
    """A reminder reads '2 项跟进到期：09:15 电话' in Chinese, 'Title: text' in English."""
    window.start_reminders(delay_ms=3_600_000)  # no check runs during the test
    monkeypatch.setenv(i18n.ENV_LANG, "zh_CN")
    window.reminders.announced.emit("2 项跟进到期", "09:15 电话")
    assert window.statusBar().currentMessage() == "2 项跟进到期：09:15 电话"
    monkeypatch.setenv(i18n.ENV_LANG, "en")
    window.reminders.announced.emit("2 follow-ups due", "09:15 call")
    assert window.statusBar().currentMessage() == "2 follow-ups due: 09:15 call"
