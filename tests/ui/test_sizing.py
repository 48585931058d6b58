"""Windows and dialogs fit a 1366×768 laptop: their frame lies inside the available screen."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QWidget

from crm_desktop.reports.pdf_form import FormData, FormHeader, build_forms
from crm_desktop.services.customers import create_customer
from crm_desktop.ui import sizing
from crm_desktop.ui.sizing import FRAME_HEIGHT, FRAME_WIDTH, simulated_screen

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

LAPTOP = (1366, 768)


def frame_fits(widget: QWidget, width: int, height: int) -> bool:
    """The shown widget plus the window frame lies inside `width`×`height`."""
    size = widget.size()
    return size.width() + FRAME_WIDTH <= width and size.height() + FRAME_HEIGHT <= height


def shown(qtbot, widget: QWidget) -> QWidget:
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_fit_to_screen_shrinks_to_the_available_area(qtbot):
    """A window asking for more than the screen gets the screen less its frame, and a minimum
    size larger than the screen is lowered."""
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.setMinimumSize(1000, 900)
    with simulated_screen(*LAPTOP):
        size = sizing.fit_to_screen(widget, 1280, 960)
        assert sizing.fits_screen(widget)
    assert (size.width(), size.height()) == (1280, 768 - FRAME_HEIGHT)
    assert widget.minimumHeight() == 768 - FRAME_HEIGHT
    with simulated_screen(1920, 1080):
        small = QWidget()
        qtbot.addWidget(small)
        assert sizing.fit_to_screen(small, 640, 480).width() == 640


def test_main_window_fits_the_laptop_and_keeps_a_big_screen_size(qtbot, team):
    """The main window opens inside 1366×768 (status bar on screen) and over nine tenths
    of a 1080p screen, which a 1280×800 window left a third of, centred on it."""
    from crm_desktop.ui.main_window import MainWindow

    QSettings().clear()
    with simulated_screen(*LAPTOP):
        win = shown(qtbot, MainWindow(team["admin"], "demo.db"))
        assert frame_fits(win, *LAPTOP)
        assert win.statusBar().geometry().bottom() < win.height()
    with simulated_screen(1920, 1080):
        big = shown(qtbot, MainWindow(team["admin"], "demo.db"))
        assert (big.width(), big.height()) == ((1920 - 16) * 9 // 10, (1080 - 40) * 9 // 10)
        assert frame_fits(big, 1920, 1080) and big.x() > 0 and big.y() > 0
    QSettings().clear()


def test_a_geometry_saved_on_a_big_screen_is_shrunk_on_the_laptop(qtbot, team):
    """A window remembered at 1800×1000 opens back inside the laptop's screen."""
    from crm_desktop.ui.main_window import SETTINGS_GEOMETRY, MainWindow

    QSettings().clear()
    first = MainWindow(team["admin"], "demo.db")
    qtbot.addWidget(first)
    first.resize(1800, 1000)
    QSettings().setValue(SETTINGS_GEOMETRY, first.saveGeometry())
    with simulated_screen(*LAPTOP):
        win = shown(qtbot, MainWindow(team["admin"], "demo.db"))
        assert frame_fits(win, *LAPTOP)
    QSettings().clear()


def test_print_preview_buttons_are_on_the_laptop_screen(qtbot, tmp_path):
    """The print preview (820×960 wanted) fits 1366×768 with its buttons inside the window."""
    from crm_desktop.ui.print_preview import PrintPreviewDialog

    pdf = tmp_path / "forms.pdf"
    build_forms(
        [FormData({"name": "华科商贸", "code": "C1"})],
        FormHeader("公司", date(2026, 11, 22), "zh_CN"),
        pdf,
    )
    with simulated_screen(*LAPTOP):
        dialog = shown(qtbot, PrintPreviewDialog(pdf))
        assert frame_fits(dialog, *LAPTOP)
        button = dialog.print_button
        assert button.mapTo(dialog, button.rect().bottomRight()).y() < dialog.height()


def _editor(team, customer):
    from crm_desktop.ui.customer_editor import CustomerEditor

    return CustomerEditor(team["admin"], customer.id)


def _complaint(team, customer):
    from crm_desktop.ui.complaint_dialog import ComplaintDialog

    return ComplaintDialog(team["admin"], None, customer.id)


def _opportunity(team, customer):
    from crm_desktop.ui.opportunity_dialog import OpportunityDialog

    return OpportunityDialog(team["admin"], customer_id=customer.id)


def _plan(team, customer):
    from crm_desktop.ui.followup_dialog import PlanDialog

    return PlanDialog(team["admin"], customer_id=customer.id)


def _admin(team, customer):
    from crm_desktop.ui.admin_dialog import AdminDialog

    return AdminDialog(team["admin"])


def _backups(team, customer):
    from crm_desktop.ui.backups_dialog import BackupsDialog

    return BackupsDialog(team["admin"], lambda: None)


def _stages(team, customer):
    from crm_desktop.ui.stages_dialog import StagesDialog

    return StagesDialog(team["admin"])


def _targets(team, customer):
    from crm_desktop.ui.forecast_view import TargetsDialog

    return TargetsDialog(team["admin"], 2026)


def _settings(team, customer):
    from crm_desktop.ui.settings_dialog import SettingsDialog

    return SettingsDialog(team["admin"])


@pytest.mark.parametrize(
    "make",
    [_editor, _complaint, _opportunity, _plan, _admin, _backups, _stages, _targets, _settings],
    ids=lambda f: f.__name__.strip("_"),
)
def test_every_large_dialog_fits_the_laptop(qtbot, team, make):
    """Each dialog with a large or fixed size opens with its frame inside 1366×768."""
    customer = create_customer(team["admin"], {"name": "华科商贸"})
    with simulated_screen(*LAPTOP):
        dialog = shown(qtbot, make(team, customer))
        assert frame_fits(dialog, *LAPTOP), dialog.size()


@pytest.mark.parametrize("make", [_complaint, _opportunity], ids=["complaint", "opportunity"])
def test_long_forms_scroll_on_a_low_screen(qtbot, team, make):
    """On a screen too low for the form, its rows move into a scroll area, the buttons stay
    below it, and the dialog fits; on the laptop the form is left as it is."""
    from PySide6.QtWidgets import QScrollArea

    customer = create_customer(team["admin"], {"name": "华科商贸"})
    with simulated_screen(*LAPTOP):
        roomy = shown(qtbot, make(team, customer))
        assert roomy.findChild(QScrollArea, "formScroll") is None
    with simulated_screen(1024, 480):
        dialog = shown(qtbot, make(team, customer))
        area = dialog.findChild(QScrollArea, "formScroll")
        assert area is not None
        assert dialog.layout().itemAt(0).widget() is area
        assert dialog.layout().count() == 2  # the scroll area, then the buttons' row
        assert frame_fits(dialog, 1024, 480), dialog.size()
