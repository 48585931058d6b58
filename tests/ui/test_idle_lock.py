"""The session lock: idle time, Ctrl+Shift+L, hidden content, unlock, switching users."""

from __future__ import annotations

import threading
import time

import pytest
from customer_fixtures import make_customers
from PySide6.QtCore import QPoint, QSettings, Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QMessageBox,
    QSystemTrayIcon,
    QVBoxLayout,
)

from crm_desktop.models import AuditEvent, Customer
from crm_desktop.services import auth
from crm_desktop.services import settings as team_settings
from crm_desktop.ui import customer_editor as ce
from crm_desktop.ui.idle_lock import Cover
from crm_desktop.ui.main_window import MainWindow
from crm_desktop.ui.operations import Operation

pytestmark = [
    pytest.mark.qt_log_ignore("propagateSizeHints"),
    pytest.mark.qt_log_ignore("This plugin does not support"),
]

PASSWORDS = {"admin": "admin-secret-1", "sales1": "sales1-secret-1"}


@pytest.fixture(autouse=True)
def fresh_settings():
    QSettings().clear()
    yield
    QSettings().clear()


@pytest.fixture
def people(team):
    for name, password in PASSWORDS.items():
        auth.set_password(team["admin"], name, password)
    return team


@pytest.fixture
def window(qtbot, people):
    make_customers(people, 3)
    win = MainWindow(people["admin"], "/tmp/demo.db")
    win.show()
    qtbot.waitExposed(win)
    yield win
    if win.session_lock.dialog is not None:
        win.session_lock._restore()
    for editor in ce.open_editors():
        editor._closing_ok = True
        editor.close()
    win.session_lock.stop()
    win.close()
    win.deleteLater()


def actions(action: str) -> list[AuditEvent]:
    return list(AuditEvent.select().where(AuditEvent.action == action))


def unlock_with(win: MainWindow, password: str, user: str | None = None) -> None:
    dialog = win.session_lock.dialog
    if user is not None:
        dialog.user.setCurrentIndex(dialog.user.findData(user))
    dialog.password.setText(password)
    dialog.button.click()


def test_idle_time_locks_and_hides_the_content(qtbot, window):
    """After the idle time without input the page is hidden under a cover and the password asked."""
    window.session_lock.set_timeout_ms(150)
    qtbot.waitUntil(window.session_lock.is_locked, timeout=5000)
    assert not window.centralWidget().isVisible()
    covers = [c for c in window.findChildren(Cover) if c.isVisible()]
    assert covers and covers[0].geometry() == window.rect()
    dialog = window.session_lock.dialog
    assert dialog.isVisible() and dialog.isModal()
    assert dialog.user.isEditable() is False
    assert [e.detail for e in actions("session.lock.idle")] == ["admin"]


def test_input_keeps_the_session_open(qtbot, window):
    """Keyboard and mouse input restart the idle time; the lock comes only after input stops."""
    window.session_lock.set_timeout_ms(1000)
    quiet = window.database_label  # input that starts no work of its own
    started = time.monotonic()
    for step in range(25):  # 2.5 s of input, well past the idle time
        qtbot.wait(100)
        if step % 2:
            qtbot.mouseMove(quiet, QPoint(5 + step, 5))
            qtbot.mouseClick(quiet, Qt.MouseButton.LeftButton)
        else:
            qtbot.keyClick(quiet, Qt.Key.Key_Shift)
        assert not window.session_lock.is_locked()
    assert time.monotonic() - started > 2 * window.session_lock.timeout_ms / 1000
    qtbot.waitUntil(window.session_lock.is_locked, timeout=10_000)


def test_zero_minutes_never_locks(qtbot, window):
    """An idle time of 0 (Never) leaves the window open however long nobody types."""
    window.session_lock.set_minutes(0)
    qtbot.wait(300)
    assert not window.session_lock.is_locked()
    assert window.session_lock.timeout_ms == 0


def test_shortcut_locks_now_and_the_menu_offers_it(qtbot, window):
    """Ctrl+Shift+L locks at once (a hand lock in the audit log); File has the Lock entry."""
    assert window.lock_action in window.findChild(type(window.menuBar().actions()[0].menu()),
                                                  "menuFile").actions()  # fmt: skip
    assert window.lock_action.shortcut().toString() == "Ctrl+Shift+L"
    window.activateWindow()
    qtbot.keyClick(window.sidebar, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)  # fmt: skip
    assert window.session_lock.is_locked()
    assert [e.detail for e in actions("session.lock")] == ["admin"]


def test_no_reminder_reaches_the_tray_while_locked(qtbot, window):
    """The reminders' tray icon is set aside while locked and given back at the unlock."""
    from crm_desktop.ui.reminders import ReminderService

    window.reminders = ReminderService(window.actor, window)
    tray = QSystemTrayIcon(window)
    window.reminders.tray = tray
    window.lock_session()
    assert window.reminders.tray is None
    unlock_with(window, PASSWORDS["admin"])
    assert window.reminders.tray is tray


def test_wrong_password_stays_locked_and_counts_like_a_login(qtbot, window):
    """A wrong password keeps the lock, says so, and is a failed login; after five, a wait."""
    window.lock_session()
    for _ in range(auth.FREE_TRIES):
        unlock_with(window, "not-the-password")
        assert window.session_lock.is_locked()
    error = window.session_lock.dialog.error
    assert error.isVisible()
    assert len(actions("login.failed")) == auth.FREE_TRIES
    unlock_with(window, PASSWORDS["admin"])  # right, but too soon after five wrong
    assert window.session_lock.is_locked()
    assert "30" in error.text()
    assert not window.centralWidget().isVisible()


def test_escape_does_not_unlock(qtbot, window):
    """Esc and closing the password dialog leave the window locked."""
    window.lock_session()
    dialog = window.session_lock.dialog
    qtbot.keyClick(dialog.password, Qt.Key.Key_Escape)
    dialog.close()
    assert dialog.isVisible() and window.session_lock.is_locked()


def test_same_user_gets_back_a_hidden_card_with_its_unsaved_edit(qtbot, window, people):
    """A card with an unsaved edit is hidden while locked and back, edit intact, after unlock."""
    customer = Customer.select().first()
    card = ce.open_customer_editor(None, people["admin"], customer.id)
    qtbot.waitExposed(card)
    card.field("address").input.setText("杭州市西湖区文三路 1 号")
    window.lock_session()
    assert not card.isVisible()
    unlock_with(window, PASSWORDS["admin"])
    assert not window.session_lock.is_locked()
    assert card.isVisible() and card.is_dirty()
    assert card.field("address").input.text() == "杭州市西湖区文三路 1 号"
    assert window.centralWidget().isVisible()
    assert not [c for c in window.findChildren(Cover) if c.isVisible()]
    assert [e.detail for e in actions("session.unlock")] == ["admin"]


def test_a_modal_dialog_is_covered_not_closed(qtbot, window):
    """A dialog waiting for an answer is covered while locked and still open afterwards."""
    dialog = QDialog(window)
    dialog.setModal(True)
    QVBoxLayout(dialog).addWidget(QLabel("华鑫科技 信用额度 50000"))
    dialog.show()
    qtbot.waitExposed(dialog)
    window.lock_session()
    cover = [c for c in dialog.findChildren(Cover) if c.isVisible()]
    assert cover and cover[0].geometry() == dialog.rect()
    assert dialog.isVisible()
    assert QApplication.activeModalWidget() is window.session_lock.dialog
    unlock_with(window, PASSWORDS["admin"])
    assert dialog.isVisible() and not dialog.findChildren(Cover)[0].isVisible()
    dialog.reject()


def test_a_window_its_work_closes_while_locked_stays_closed(qtbot, window):
    """A progress window covered at the lock and closed by its work stays closed after it."""
    progress = QDialog(window)
    progress.setWindowTitle("导入客户")
    progress.show()
    qtbot.waitExposed(progress)
    window.lock_session()
    assert any(c.isVisible() for c in progress.findChildren(Cover))
    progress.hide()  # the work ended meanwhile
    unlock_with(window, PASSWORDS["admin"])
    assert not progress.isVisible()


def test_a_message_shown_while_locked_is_covered(qtbot, window):
    """A message box opened while locked (work ending in the background) is covered at once."""
    window.lock_session()
    box = QMessageBox(QMessageBox.Icon.Information, "导出", "已导出 3 个客户", parent=window)
    box.open()
    qtbot.waitUntil(lambda: any(c.isVisible() for c in box.findChildren(Cover)), timeout=3000)
    assert QApplication.activeModalWidget() is window.session_lock.dialog
    unlock_with(window, PASSWORDS["admin"])
    assert box.isVisible()
    box.done(0)


def test_the_account_list_opens_while_locked(qtbot, window):
    """The unlock dialog's list of accounts drops down: it is not taken for a late window."""
    window.lock_session()
    combo = window.session_lock.dialog.user
    combo.showPopup()
    qtbot.wait(50)
    assert combo.view().isVisible()
    combo.hidePopup()


def test_background_work_goes_on_while_locked(qtbot, window):
    """An operation started before the lock finishes, and reports, while the window is locked."""
    release = threading.Event()
    results = []
    operation = Operation(window, lambda progress: release.wait(5) and 42, name="idle-test")
    operation.success(results.append).run_in_background()
    window.lock_session()
    release.set()
    qtbot.waitUntil(lambda: operation.done, timeout=5000)
    assert results == [42]
    assert window.session_lock.is_locked()


def _answer_unsaved(button: QMessageBox.StandardButton) -> None:
    def click() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox) and box.objectName() == "unsavedAtSwitch":
            box.button(button).click()
        else:
            QTimer.singleShot(20, click)

    QTimer.singleShot(20, click)


@pytest.mark.parametrize(
    "answer", [QMessageBox.StandardButton.Save, QMessageBox.StandardButton.Discard]
)
def test_another_user_logs_in_after_the_cards_are_settled(qtbot, window, people, answer):
    """Another account's password asks to save or discard the open card's edit, then switches."""
    customer = Customer.select().first()
    card = ce.open_customer_editor(None, people["admin"], customer.id)
    qtbot.waitExposed(card)
    card.field("address").input.setText("南京市鼓楼区中山路 8 号")
    window.lock_session()
    switched = []
    window.userSwitched.connect(switched.append)
    _answer_unsaved(answer)
    unlock_with(window, PASSWORDS["sales1"], user="sales1")
    assert [a.username for a in switched] == ["sales1"]
    assert not window.session_lock.is_locked()
    assert ce.open_editors() == []
    saved = Customer.get_by_id(customer.id).address == "南京市鼓楼区中山路 8 号"
    assert saved is (answer == QMessageBox.StandardButton.Save)
    assert [e.detail for e in actions("session.switch")] == ["admin → sales1"]


def test_cancel_at_the_switch_keeps_the_lock_and_the_edit(qtbot, window, people):
    """Cancel on the save-or-discard question: still locked, the card and its edit kept."""
    customer = Customer.select().first()
    card = ce.open_customer_editor(None, people["admin"], customer.id)
    card.field("address").input.setText("广州市天河区 9 号")
    window.lock_session()
    _answer_unsaved(QMessageBox.StandardButton.Cancel)
    unlock_with(window, PASSWORDS["sales1"], user="sales1")
    assert window.session_lock.is_locked()
    assert ce.open_editors() == [card] and card.is_dirty() and not card.isVisible()
    unlock_with(window, PASSWORDS["admin"], user="admin")
    assert card.isVisible() and card.field("address").input.text() == "广州市天河区 9 号"


def test_settings_dialog_stores_the_idle_time(qtbot, window, people):
    """The Settings dialog's idle time is stored for the team and applied to the window."""
    from crm_desktop.ui.settings_dialog import SettingsDialog

    assert team_settings.idle_lock_minutes() == 15
    dialog = SettingsDialog(people["admin"], window)
    qtbot.addWidget(dialog)
    spin = dialog.findChild(type(dialog.cadence["A"]), "idleLockMinutes")
    assert spin.value() == 15
    spin.setValue(0)
    assert spin.text() == "Never"
    dialog.save()
    assert team_settings.idle_lock_minutes() == 0
    window.session_lock.set_minutes(team_settings.idle_lock_minutes())
    assert window.session_lock.timeout_ms == 0
