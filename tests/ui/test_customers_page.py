"""The Customers page: search as you type, filters, sort, columns, delete and undo."""

from __future__ import annotations

import time

import pytest
from customer_fixtures import make_customers
from PySide6.QtCore import QEvent, QSettings, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QMessageBox

import crm_desktop.ui.customer_editor as customer_editor
from crm_desktop.progress import Cancelled
from crm_desktop.services import customers as customer_service
from crm_desktop.textutil import name_sort_key
from crm_desktop.ui.customer_table_model import COLUMN_KEYS
from crm_desktop.ui.customers_page import SEARCH_DELAY_MS, CustomersPage
from crm_desktop.ui.translations import install_translations

NAME = COLUMN_KEYS.index("name")
# The offscreen platform warns about a window-manager hint it does not implement.
pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.fixture(autouse=True)
def fresh_settings(qapp):
    install_translations("en")  # English plural forms ("3 customers")
    QSettings().clear()
    yield
    QSettings().clear()


@pytest.fixture
def customers(team):
    return make_customers(team)


@pytest.fixture
def page(qtbot, team, customers):
    widget = CustomersPage(team["admin"])
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.show()
    return widget


def type_text(widget, text: str) -> None:
    """Type `text` key by key (QTest.keyClicks only handles ASCII; Chinese comes from an IME)."""
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))


def shown_names(page: CustomersPage) -> list[str]:
    return [page.model.index(r, NAME).data() for r in range(page.model.rowCount())]


def test_typing_in_search_filters_after_the_debounce(qtbot, page, customers):
    """Keystrokes wait ~150 ms, then the database query narrows the list."""
    assert page.model.rowCount() == len(customers)
    type_text(page.search, "华鑫")
    assert page.model.rowCount() == len(customers)  # not yet: debounced
    qtbot.waitUntil(lambda: page.model.rowCount() == 3, timeout=SEARCH_DELAY_MS * 10)
    assert all("华鑫" in name for name in shown_names(page))
    assert page.count_label.text() == "3 customers"


def test_pinyin_initials_find_chinese_names(qtbot, page):
    qtbot.keyClicks(page.search, "hxkj")
    qtbot.waitUntil(lambda: page.model.rowCount() == 3, timeout=2000)
    assert all(name.startswith("华鑫科技") for name in shown_names(page))


def test_clearing_the_search_shows_everything_again(qtbot, page, customers):
    type_text(page.search, "东方")
    qtbot.waitUntil(lambda: page.model.rowCount() == 3, timeout=2000)
    page.search.clear()
    page.search.textEdited.emit("")
    qtbot.waitUntil(lambda: page.model.rowCount() == len(customers), timeout=2000)


def test_filter_combos_narrow_the_list(page):
    page.stage_filter.setCurrentIndex(page.stage_filter.findData("current"))
    stage = COLUMN_KEYS.index("stage")
    assert page.model.rowCount() == 6
    assert {page.model.index(r, stage).data() for r in range(6)} == {"Current"}
    page.owner_filter.setCurrentIndex(page.owner_filter.findText("张伟"))
    owner = COLUMN_KEYS.index("owner")
    rows = page.model.rowCount()
    assert 0 < rows < 6
    assert {page.model.index(r, owner).data() for r in range(rows)} == {"张伟"}


def test_header_click_sorts_in_the_database(qtbot, page):
    header = page.table.horizontalHeader()
    qtbot.mouseClick(
        header.viewport(),
        Qt.MouseButton.LeftButton,
        pos=header.viewport().rect().topLeft()
        + header.rect().topLeft().__class__(header.sectionViewportPosition(NAME) + 20, 10),
    )
    assert page.model.query.sort == "name" and page.model.query.descending
    names = shown_names(page)
    assert names == sorted(names, key=name_sort_key, reverse=True)  # pinyin order


def test_column_chooser_is_remembered(qtbot, team, page):
    address = COLUMN_KEYS.index("address")
    assert not page.table.isColumnHidden(address)
    page.set_column_visible(address, False)
    assert "address" not in page.visible_columns()
    again = CustomersPage(team["admin"])
    qtbot.addWidget(again)
    assert again.table.isColumnHidden(address)
    assert again.visible_columns() == page.visible_columns()


def test_delete_asks_then_undo_restores(qtbot, page, customers, monkeypatch):
    asked = []
    monkeypatch.setattr(
        QMessageBox, "question", lambda *a, **k: asked.append(a) or QMessageBox.StandardButton.Yes
    )
    page.table.selectRow(0)
    victim = page.selected_ids()[0]
    assert page.delete_selected() == 1
    assert asked and page.model.row_of(victim) is None
    assert page.undo_bar.isVisible() and page.can_undo()
    qtbot.mouseClick(page.undo_button, Qt.MouseButton.LeftButton)
    assert page.model.row_of(victim) is not None
    assert customer_service.get_customer(page.actor, victim).deleted_at is None


def test_cancelled_delete_changes_nothing(page, customers, monkeypatch):
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Cancel)
    page.table.selectRow(0)
    assert page.delete_selected() == 0
    assert page.model.rowCount() == len(customers)


def test_deleted_view_restores(page, customers):
    victim = customers[3]
    customer_service.delete_customer(page.actor, victim)
    page.refresh()
    page.view_filter.setCurrentIndex(page.view_filter.findData(True))
    assert page.restore_button.isVisible() and not page.delete_button.isVisible()
    assert page.model.rowCount() == 1
    page.table.selectRow(0)
    assert page.restore_selected() == 1
    assert page.model.rowCount() == 0


def test_enter_opens_the_card_editor(qtbot, page, monkeypatch):
    opened = []
    monkeypatch.setattr(
        customer_editor, "open_customer_editor", lambda parent, actor, cid: opened.append(cid)
    )
    page.table.setFocus()
    page.table.setCurrentIndex(page.model.index(2, NAME))
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert opened == [page.model.customer_id(2)]
    page.new_customer()
    assert opened[-1] is None


def test_print_hands_the_selected_customers_to_the_print_preview(page, monkeypatch):
    """Print prints the form of exactly the selected rows, through ui/print_preview.py."""
    from crm_desktop.ui import print_preview

    asked = []
    monkeypatch.setattr(
        print_preview, "print_forms", lambda parent, actor, ids, kind: asked.append((ids, kind))
    )
    page.table.selectRow(0)
    page.print_selected()
    assert asked == [([page.model.customer_id(0)], "form")]


def test_salesperson_sees_own_customers_and_no_owner_filter_or_export(qtbot, team, customers):
    page = CustomersPage(team["sales1"])
    qtbot.addWidget(page)
    page.show()
    assert page.model.rowCount() == len(customers) // 3
    assert not page.owner_filter.isVisible()
    assert not page.export_button.isVisible()


def test_export_writes_the_filtered_rows_and_visible_columns(qtbot, page, tmp_path):
    """Export runs off the GUI thread and writes what the list shows."""
    from openpyxl import load_workbook

    page.stage_filter.setCurrentIndex(page.stage_filter.findData("current"))
    page.set_column_visible(COLUMN_KEYS.index("contact_phone"), False)
    out = tmp_path / "current.xlsx"
    with qtbot.waitSignal(page.statusMessage, timeout=20000) as done:
        op = page.run_export(str(out))
    assert op.error is None and "Exported 6 customer(s)" in done.args[0]
    sheet = load_workbook(out, read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    header = list(rows[0])
    assert "Customer name" in header and "Contact phone" not in header
    assert len(rows) - 1 == page.model.rowCount() == 6


def test_cancelled_export_leaves_no_file(qtbot, page, tmp_path, monkeypatch):
    """Cancel from the progress dialog stops the export; no file is left and no box shown."""
    from crm_desktop.jobs import export as export_job

    out = tmp_path / "all.xlsx"

    def slow_export(actor, path, query=None, columns=None, progress=None):
        for done in range(500):
            progress.step(done, 500)
            time.sleep(0.01)
        raise AssertionError("progress should have stopped the export")

    monkeypatch.setattr(export_job, "export_customers", slow_export)
    op = page.run_export(str(out))
    qtbot.waitUntil(lambda: op.last_step[0] >= 1, timeout=5000)
    with qtbot.waitSignal(page.statusMessage, timeout=5000) as done:
        op.dialog.canceled.emit()  # what the dialog's Cancel button sends
    assert isinstance(op.error, Cancelled) and "cancelled" in done.args[0]
    assert op.message_box is None and op.last_step[0] < 499
    assert not out.exists()


def test_export_bug_is_logged_and_shown(qtbot, page, tmp_path, monkeypatch):
    """An export that fails unexpectedly is logged with its traceback and shown in the
    unexpected-error dialog."""
    from crm_desktop import logs
    from crm_desktop.ui import error_dialog

    monkeypatch.setenv(logs.ENV_LOG_DIR, str(tmp_path / "logs"))
    logs.setup_logging()

    from crm_desktop.jobs import export as export_job

    def broken_export(actor, path, query=None, columns=None, progress=None):
        raise KeyError("no such column")

    monkeypatch.setattr(export_job, "export_customers", broken_export)
    try:
        op = page.run_export(str(tmp_path / "x.xlsx"))
        qtbot.waitUntil(lambda: op.done, timeout=5000)
        dialog = error_dialog.current_dialog()
        assert dialog is not None and "no such column" in dialog.message_label.text()
        logged = (tmp_path / "logs" / logs.LOG_NAME).read_text(encoding="utf-8")
        assert "broken_export" in logged and "KeyError" in logged
        dialog.close()
    finally:
        logs.close_logging()


def test_a_complaint_is_recorded_from_the_list(qtbot, page, customers):
    """The row menu's 记录投诉 opens the complaint dialog for that customer; saving records it."""
    from crm_desktop.models import Complaint

    page.select_customer(customers[0])
    dialog = page.record_complaint()
    assert dialog is not None and dialog.customer_id == customers[0]
    dialog.subject.setText("交货延迟两周")
    dialog.description.setPlainText("客户来电：第二批货比合同晚了两周。" * 20)
    assert dialog.save()
    [complaint] = Complaint.select().where(Complaint.customer == customers[0])
    assert complaint.subject == "交货延迟两周"
