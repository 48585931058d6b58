"""The background helper: work off the GUI thread, progress, cancel, failures shown and logged."""

from __future__ import annotations

import gc
import threading

import pytest
from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication, QPushButton, QWidget

from crm_desktop import logs
from crm_desktop.errors import NotFound
from crm_desktop.messages import msg
from crm_desktop.progress import Cancelled
from crm_desktop.ui import error_dialog, operations
from crm_desktop.ui.operations import Operation, ReportingProgress

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.fixture(autouse=True)
def log_dir(tmp_path, monkeypatch):
    """A log folder of the test's own; no dialog or operation outlives the test."""
    folder = tmp_path / "logs"
    monkeypatch.setenv(logs.ENV_LOG_DIR, str(folder))
    logs.close_logging()
    yield folder
    assert operations.wait_all(10_000)
    shown = error_dialog.current_dialog()
    if shown is not None:
        shown.close()
    logs.close_logging()


@pytest.fixture
def parent(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


def _until_cancelled(progress):
    """Work that steps until it is told to stop."""
    done = 0
    while True:
        done += 1
        progress.step(done, 1000)
        threading.Event().wait(0.005)


def test_success_is_delivered_on_the_gui_thread(qtbot, parent):
    """The work runs on another thread; success gets its result on the GUI thread."""
    seen = {}

    def work(progress):
        return threading.get_ident()

    def success(result):
        seen["worker"] = result
        seen["on_gui"] = QThread.currentThread() is QApplication.instance().thread()
        seen["gui"] = threading.get_ident()

    op = Operation(parent, work).success(success).run_in_background()
    qtbot.waitUntil(lambda: op.done, timeout=5000)
    assert seen["on_gui"] and seen["gui"] == threading.main_thread().ident
    assert seen["worker"] != seen["gui"]
    assert op.result == seen["worker"] and op.error is None


def test_progress_reaches_the_dialog(qtbot, parent):
    """A step of the work moves the dialog's bar and shows its text."""
    release = threading.Event()

    def work(progress):
        progress.step(3, 10, msg("ui.exporting"))
        release.wait(5)
        return "ok"

    op = Operation(parent, work).with_progress("Working", title="Test", min_duration_ms=0)
    op.run_in_background()
    try:
        qtbot.waitUntil(lambda: op.dialog.value() == 3, timeout=5000)
        assert op.dialog.maximum() == 10
        assert op.dialog.labelText() == "Exporting customers…"
        assert op.dialog.windowTitle() == "Test"
    finally:
        release.set()
    qtbot.waitUntil(lambda: op.done, timeout=5000)
    assert op.last_step == (3, 10)


def test_cancel_button_stops_the_work(qtbot, parent):
    """The dialog's Cancel raises Cancelled in the work: `cancelled` runs, not success."""
    calls = []
    op = (
        Operation(parent, _until_cancelled)
        .success(lambda result: calls.append("success"))
        .failure(lambda exc: calls.append("failure"))
        .cancelled(lambda: calls.append("cancelled"))
        .finally_(lambda: calls.append("finally"))
        .with_progress("Working", min_duration_ms=0)
        .run_in_background()
    )
    qtbot.waitUntil(lambda: op.last_step[0] >= 2, timeout=5000)
    op.dialog.findChild(QPushButton).click()
    qtbot.waitUntil(lambda: op.done, timeout=5000)
    assert calls == ["cancelled", "finally"]
    assert isinstance(op.error, Cancelled) and op.message_box is None
    assert op.last_step[0] < 1000


def test_user_error_is_shown_in_chinese(qtbot, parent, monkeypatch):
    """A UserError from the work is shown as a message box in the user's language."""
    monkeypatch.setenv("CRM_DESKTOP_LANG", "zh_CN")

    def work(progress):
        raise NotFound("common.not_available", name="导出")

    op = Operation(parent, work).titled("导出").run_in_background()
    qtbot.waitUntil(lambda: op.done, timeout=5000)
    box = op.message_box
    assert box is not None and box.isVisible()
    assert box.text() == "此版本尚不支持“导出”。"
    assert box.windowTitle() == "导出"
    assert error_dialog.current_dialog() is None
    box.close()


def test_unexpected_error_is_logged_and_opens_the_error_dialog(qtbot, parent, log_dir):
    """A bug in the work goes to the log file with its traceback and opens the dialog."""
    logs.setup_logging()

    def broken_work(progress):
        raise RuntimeError("boom in the work")

    op = Operation(parent, broken_work).run_in_background()
    qtbot.waitUntil(lambda: op.done, timeout=5000)
    dialog = error_dialog.current_dialog()
    assert dialog is not None and dialog.isVisible()
    assert "boom in the work" in dialog.message_label.text()
    assert str(log_dir / logs.LOG_NAME) in dialog.log_label.text()
    text = (log_dir / logs.LOG_NAME).read_text(encoding="utf-8")
    assert "RuntimeError: boom in the work" in text and "broken_work" in text
    dialog.copy_button.click()
    copied = QApplication.clipboard().text()
    assert "crm-desktop" in copied and "Traceback" in copied and "broken_work" in copied


def test_unexpected_error_dialog_speaks_chinese(qtbot, parent, monkeypatch):
    """The dialog's sentence and buttons follow CRM_DESKTOP_LANG."""
    monkeypatch.setenv("CRM_DESKTOP_LANG", "zh_CN")
    logs.setup_logging()

    def work(progress):
        raise KeyError("x")

    Operation(parent, work).run_in_background()
    qtbot.waitUntil(lambda: error_dialog.current_dialog() is not None, timeout=5000)
    dialog = error_dialog.current_dialog()
    assert dialog.message_label.text().startswith("程序出现了意外错误")
    assert dialog.copy_button.text() == "复制详细信息"
    assert dialog.log_label.text().startswith("详细信息已写入日志文件")


def test_errors_while_the_dialog_is_open_are_counted_in_it(qtbot, parent):
    """A second bug while the dialog is up adds to it instead of opening another."""

    def work(progress):
        raise ValueError("again")

    for _ in range(2):
        op = Operation(parent, work).run_in_background()
        qtbot.waitUntil(lambda op=op: op.done, timeout=5000)
    dialog = error_dialog.current_dialog()
    assert (
        dialog.more == 1 and dialog.more_label.text() == "1 more error(s) since then; see the log."
    )
    assert dialog.details.count("ValueError: again") == 2


def test_operation_lives_without_a_reference(qtbot, parent):
    """A caller may drop the operation: it is kept until its end is handled."""
    results = []
    Operation(parent, lambda progress: 42).success(results.append).run_in_background()
    gc.collect()
    qtbot.waitUntil(lambda: results == [42], timeout=5000)
    assert operations.running() == []


def test_parent_closed_while_running_cancels_the_work(qtbot):
    """Closing the page that asked stops its work; no callback reaches the dead page."""
    widget = QWidget()
    calls = []
    op = Operation(widget, _until_cancelled).success(calls.append).run_in_background()
    qtbot.waitUntil(lambda: op.last_step[0] >= 1, timeout=5000)
    widget.deleteLater()
    qtbot.waitUntil(lambda: op.done, timeout=5000)
    assert isinstance(op.error, Cancelled) and calls == []


def test_shutdown_cancels_and_waits(qtbot, parent):
    """Quitting with work running cancels it and waits for its thread."""
    op = Operation(parent, _until_cancelled).with_progress(min_duration_ms=0).run_in_background()
    qtbot.waitUntil(lambda: op.last_step[0] >= 1, timeout=5000)
    assert operations.shutdown(5000)
    assert op.done and not op._thread.isRunning()
    assert isinstance(op.error, Cancelled) and operations.running() == []


def test_progress_is_also_a_callback():
    """Service functions that take `progress(done, total)` get the same Progress."""
    seen = []
    progress = ReportingProgress(lambda done, total, text: seen.append((done, total)))
    assert progress(1, 4) is True and progress(-5, 4, "customers") is True
    assert seen == [(1, 4)]
    progress.cancel()
    with pytest.raises(Cancelled):
        progress(2, 4)
    with pytest.raises(Cancelled):
        progress(-6, 4)


@pytest.mark.qt_no_exception_capture
def test_excepthook_catches_an_exception_in_a_slot(qtbot, parent, log_dir):
    """An exception raised in a Qt slot is logged and shown; the program goes on."""
    logs.setup_logging()
    button = QPushButton("go", parent)

    def broken_slot():
        raise ZeroDivisionError("slot went wrong")

    button.clicked.connect(broken_slot)
    error_dialog.install_excepthook()
    try:
        button.click()
        qtbot.waitUntil(lambda: error_dialog.current_dialog() is not None, timeout=5000)
    finally:
        error_dialog.uninstall_excepthook()
    dialog = error_dialog.current_dialog()
    assert "slot went wrong" in dialog.message_label.text()
    text = (log_dir / logs.LOG_NAME).read_text(encoding="utf-8")
    assert "ZeroDivisionError: slot went wrong" in text and "broken_slot" in text


@pytest.mark.qt_no_exception_capture
def test_excepthook_catches_an_exception_in_a_thread(qtbot, log_dir):
    """An exception ending a Python thread is logged and shown on the GUI thread."""
    logs.setup_logging()

    def broken_thread():
        raise OSError("thread went wrong")

    error_dialog.install_excepthook()
    try:
        worker = threading.Thread(target=broken_thread, name="sync")
        worker.start()
        worker.join()
        qtbot.waitUntil(lambda: error_dialog.current_dialog() is not None, timeout=5000)
    finally:
        error_dialog.uninstall_excepthook()
    assert "thread went wrong" in error_dialog.current_dialog().message_label.text()
    text = (log_dir / logs.LOG_NAME).read_text(encoding="utf-8")
    assert "in thread sync" in text and "OSError: thread went wrong" in text


def test_today_page_names_the_log_when_its_figures_fail(qtbot, team, log_dir):
    """A bug while reading the Today figures is logged; the page says so and names the log,
    without a dialog (it refreshes every few minutes)."""
    from crm_desktop.ui.today_page import TodayPage

    logs.setup_logging()
    page = TodayPage(team["admin"])
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: page.summary is not None, timeout=20_000)
    page.refresh(today="not a date")  # the service cannot count days from this
    qtbot.waitUntil(lambda: not page.problem.isHidden(), timeout=20_000)
    text = page.problem.text()
    assert text.startswith("The Today figures could not be read")
    assert str(log_dir / logs.LOG_NAME) in text
    assert error_dialog.current_dialog() is None
    assert "Traceback" in (log_dir / logs.LOG_NAME).read_text(encoding="utf-8")
    assert page.refresh_button.isEnabled()
