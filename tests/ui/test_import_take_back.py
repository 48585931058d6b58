"""The Import page hands a for-update workbook to the take-back instead of a plain import."""

from __future__ import annotations

import openpyxl
import pytest
from customer_fixtures import make_customers
from PySide6.QtCore import QSettings, QTimer

from crm_desktop.jobs import sync as sync_job
from crm_desktop.models import Customer
from crm_desktop.services import customers as customer_service
from crm_desktop.ui.import_page import ImportPage

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.fixture
def page(qtbot, qapp, team):
    QSettings().clear()
    make_customers(team)
    widget = ImportPage(team["admin"])
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    yield widget
    QSettings().clear()


def _edited_workbook(page, team, tmp_path):
    """张伟's workbook with the first card's phone changed by the salesperson."""
    out = tmp_path / "zw.xlsx"
    sync_job.send_for_update(page.actor, out, owner_id=team["sales1"].id)
    wb = openpyxl.load_workbook(out)
    ws = wb.worksheets[0]
    headers = [c.value for c in ws[1]]
    code = ws.cell(2, headers.index("Customer code") + 1).value
    ws.cell(2, headers.index("Phone") + 1).value = "010-33333333"
    wb.save(out)
    return out, customer_service.get_customer(page.actor, code=code)


def _accept_when_shown(page) -> QTimer:
    """Accept the take-back dialog as soon as the page opens it (it runs modally)."""
    timer = QTimer(page)

    def poke() -> None:
        dialog = getattr(page, "_sync_dialog", None)
        if dialog is not None and dialog.isVisible():
            timer.stop()
            dialog.accept()

    timer.timeout.connect(poke)
    timer.start(20)
    return timer


def test_for_update_workbook_is_taken_back_not_imported(qtbot, page, team, tmp_path):
    """Loading a 发给业务员 workbook opens the take-back: the change is merged into the
    matched card, no card is created and the hidden id columns never reach the remarks."""
    out, card = _edited_workbook(page, team, tmp_path)
    before = Customer.select().count()
    remarks_before = card["remarks"]
    _accept_when_shown(page)
    with qtbot.waitSignal(page.takenBack, timeout=30_000) as done:
        assert page.load_file(out)
        assert page.source is None and not page.import_button.isEnabled()
        assert "zw.xlsx" in page.result_label.text()
    after = customer_service.get_customer(page.actor, card.id)
    assert after["phone"] == "010-33333333"
    assert after["remarks"] == remarks_before
    assert Customer.select().count() == before
    assert done.args[0] and page.result_label.text() == done.args[0]
    assert page.mapping_model.rowCount() == 0


def test_plain_list_is_still_imported_by_the_wizard(page, tmp_path):
    """A plain workbook (no hidden sheet) still goes through the column mapping."""
    wb = openpyxl.Workbook()
    wb.active.append(["客户名称", "电话"])
    wb.active.append(["北京测试有限公司", "010-1"])
    path = tmp_path / "plain.xlsx"
    wb.save(path)
    assert page.load_file(path)
    assert page.source is not None and page.mapping_model.rowCount() == 2
