"""The first-run welcome panel: shown on an empty database, loads the demo, opens the import,
starts empty, and saves the letterhead's company name."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt

from crm_desktop.models import Customer
from crm_desktop.services.customers import create_customer
from crm_desktop.services.settings import get_setting
from crm_desktop.ui.main_window import MainWindow
from crm_desktop.ui.operations import wait_all

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.fixture(autouse=True)
def fresh_settings():
    QSettings().clear()
    yield
    wait_all()
    QSettings().clear()


def open_window(qtbot, actor, database: str = "first.db") -> MainWindow:
    win = MainWindow(actor, database)
    qtbot.addWidget(win)
    win.show()
    return win


def test_empty_database_shows_the_panel_on_customers_and_today_only(qtbot, admin):
    """With no customers the panel shows above Customers and Today, not above other pages."""
    win = open_window(qtbot, admin)
    assert win.welcome is not None
    win.show_page("customers")
    assert win.welcome.isVisible()
    win.show_page("today")
    assert win.welcome.isVisible()
    win.show_page("followups")
    assert not win.welcome.isVisible()


def test_the_panel_goes_once_the_database_has_customers(qtbot, admin):
    """A list imported from the Import page (or a card made) while the panel shows: the
    next page shown says no more that the database holds no customers."""
    win = open_window(qtbot, admin)
    win.show_page("import")
    assert win.welcome is not None
    create_customer(admin, {"name": "杭州华夏科技有限公司"})
    win.show_page("customers")
    assert win.welcome is None


def test_a_database_with_customers_shows_no_panel(qtbot, admin):
    """One customer is enough for the window to open straight on the pages."""
    create_customer(admin, {"name": "华科商贸"})
    assert open_window(qtbot, admin).welcome is None


def test_import_button_opens_the_import_page(qtbot, admin):
    """“Import my Excel list” switches to the import page."""
    win = open_window(qtbot, admin)
    qtbot.mouseClick(win.welcome.import_button, Qt.MouseButton.LeftButton)
    assert win.current_key() == "import"


def test_start_empty_hides_the_panel_for_this_database_only(qtbot, admin):
    """“Start empty” closes the panel and it stays closed for that database, not for another."""
    win = open_window(qtbot, admin, "mine.db")
    qtbot.mouseClick(win.welcome.empty_button, Qt.MouseButton.LeftButton)
    assert win.welcome is None
    assert open_window(qtbot, admin, "mine.db").welcome is None
    assert open_window(qtbot, admin, "other.db").welcome is not None


def test_company_name_is_saved_for_the_letterhead(qtbot, admin):
    """The company name typed in the panel becomes the team setting printed forms use."""
    win = open_window(qtbot, admin)
    win.welcome.company.setText("  上海华科商贸有限公司 ")
    qtbot.mouseClick(win.welcome.save_company_button, Qt.MouseButton.LeftButton)
    assert get_setting("company_name") == "上海华科商贸有限公司"
    assert win.welcome.company_status.text()


def test_try_the_demo_fills_the_database_in_the_background(qtbot, admin):
    """“Try the demo” runs the demo generator with progress; then the panel goes and the
    customer list shows the demo customers."""
    win = open_window(qtbot, admin)
    page = win.show_page("customers")
    win.welcome.demo_customers = 25
    qtbot.mouseClick(win.welcome.demo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: win.welcome is None, timeout=60000)
    assert Customer.select().count() == 25
    qtbot.waitUntil(lambda: page.model.rowCount() == 25, timeout=20000)


def test_a_salesperson_cannot_load_the_demo_or_rename_the_company(qtbot, team):
    """The demo and the company name need the general manager; the panel says so."""
    win = open_window(qtbot, team["sales1"])
    assert not win.welcome.demo_button.isEnabled()
    assert not win.welcome.company.isEnabled()
    assert win.welcome.empty_button.isEnabled()
