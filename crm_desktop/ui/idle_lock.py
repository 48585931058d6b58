"""The session lock: after an idle time (or Ctrl+Shift+L) the window's content is hidden
and a password opens it again.

While locked, the main window and every dialog are covered by an opaque panel, the
customer cards are hidden but kept with their unsaved edits, and an application-modal
dialog asks for the password. The same user's password brings all
back as it was; another account's ends the session (unsaved card edits are saved or
discarded first, never lost silently) and `userSwitched` asks the application to start
one for that user. Background work is not touched: it goes on while locked.
"""

from __future__ import annotations

import logging
import time

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.errors import UserError
from crm_desktop.messages import render
from crm_desktop.services import auth, session
from crm_desktop.services.auth import Actor

log = logging.getLogger(__name__)

# what counts as the user being there
INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.MouseMove,
        QEvent.Type.HoverMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TabletPress,
    }
)
MAX_TICK_MS = 5000  # how often the idle time is compared with the limit, at most


def _alive(widget: QObject | None) -> bool:
    return widget is not None and shiboken6.isValid(widget)


class Cover(QWidget):
    """An opaque panel over a window: nothing of what is under it can be read."""

    def __init__(self, target: QWidget) -> None:
        super().__init__(target)
        self.setObjectName("lockCover")
        self.setAutoFillBackground(True)
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, palette.color(QPalette.ColorRole.Mid))
        self.setPalette(palette)
        label = QLabel(render("session.cover"), self)
        label.setObjectName("lockCoverText")
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setStyleSheet("font-size: 16pt;")
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        self.target = target
        target.installEventFilter(self)
        self.setGeometry(target.rect())
        self.show()
        self.raise_()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.target and event.type() == QEvent.Type.Resize:
            self.setGeometry(self.target.rect())
            self.raise_()
        return False

    def remove(self) -> None:
        if _alive(self.target):
            self.target.removeEventFilter(self)
        self.hide()
        self.deleteLater()


class UnlockDialog(QDialog):
    """The password of the locked session's user, or another account's; it cannot be
    closed or escaped, only answered. `answered(Actor)` after a good password."""

    answered = Signal(object)

    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("unlockDialog")
        self.setWindowTitle(render("session.title"))
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.setWindowFlag(Qt.WindowType.WindowCloseButtonHint, False)
        self.actor = actor
        self._finished = False
        intro = QLabel(render("session.intro", {"name": actor.name}))
        intro.setWordWrap(True)
        self.user = QComboBox()  # the accounts to choose from, never typed
        self.user.setObjectName("unlockUser")
        for user in auth.list_users():
            self.user.addItem(user.username, user.username)
        index = self.user.findData(actor.username)
        if index < 0:
            self.user.insertItem(0, actor.username, actor.username)
            index = 0
        self.user.setCurrentIndex(index)
        self.password = QLineEdit()
        self.password.setObjectName("unlockPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = QLabel()
        self.error.setObjectName("unlockError")
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        self.error.hide()
        self.button = QPushButton(render("session.unlock"))
        self.button.setObjectName("unlockButton")
        self.button.setDefault(True)
        self.button.clicked.connect(self.try_unlock)
        self.password.returnPressed.connect(self.try_unlock)
        self.user.currentIndexChanged.connect(self._user_changed)
        form = QFormLayout()
        form.addRow(render("session.user"), self.user)
        form.addRow(render("session.password"), self.password)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignRight)
        self.setMinimumWidth(380)

    def _user_changed(self) -> None:
        same = self.user.currentData() == self.actor.username
        self.button.setText(render("session.unlock" if same else "session.log_in"))
        self.password.clear()
        self.password.setFocus()

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()
        self.password.selectAll()
        self.password.setFocus()

    def try_unlock(self) -> None:
        """Check the password (counted and audited like a login); answered() if good."""
        try:
            actor = session.unlock(self.actor, self.user.currentData(), self.password.text())
        except UserError as exc:
            self.show_error(exc.message)
            return
        except Exception as exc:  # the database went away: say so, stay locked
            log.exception("unlocking failed")
            self.show_error(str(exc) or exc.__class__.__name__)
            return
        self.password.clear()
        self.answered.emit(actor)

    def finish(self) -> None:
        self._finished = True
        self.hide()
        self.deleteLater()

    def reject(self) -> None:  # Esc does not unlock
        if self._finished:
            super().reject()

    def closeEvent(self, event) -> None:  # noqa: N802
        if self._finished:
            event.accept()
        else:
            event.ignore()


class IdleLock(QObject):
    """Watches the application's input and locks `window` after `minutes` without any.

    `timeout_ms` overrides the minutes (tests use a fraction of a second). Signals:
    locked(), unlocked(), userSwitched(Actor) when another account logged in at the lock.
    """

    locked = Signal()
    unlocked = Signal()
    userSwitched = Signal(object)

    def __init__(
        self, window: QWidget, actor: Actor, minutes: int, timeout_ms: int | None = None
    ) -> None:
        super().__init__(window)
        self.window = window
        self.actor = actor
        self.dialog: UnlockDialog | None = None
        self._covers: list[Cover] = []
        self._hidden: list[QWidget] = []
        self._central_was_visible = True
        self._last_input = time.monotonic()
        self._timeout_ms = 0
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._check)
        self._stopped = False
        self._settling = False
        QApplication.instance().installEventFilter(self)
        self.set_timeout_ms(timeout_ms if timeout_ms is not None else minutes * 60_000)

    # --- the idle time ---------------------------------------------------------------

    @property
    def timeout_ms(self) -> int:
        return self._timeout_ms

    def set_minutes(self, minutes: int) -> None:
        self.set_timeout_ms(max(0, int(minutes)) * 60_000)

    def set_timeout_ms(self, timeout_ms: int) -> None:
        """The idle time before locking (0: never); counting starts again now."""
        self._timeout_ms = max(0, int(timeout_ms))
        self._last_input = time.monotonic()
        if self._timeout_ms and not self._stopped:
            self._timer.start(max(10, min(self._timeout_ms // 4, MAX_TICK_MS)))
        else:
            self._timer.stop()

    def stop(self) -> None:
        """No more locking: the window is closing or has been replaced."""
        self._stopped = True
        self._timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        kind = event.type()
        if kind in INPUT_EVENTS:
            self._last_input = time.monotonic()
        elif (
            kind == QEvent.Type.Show
            and self.dialog is not None
            and watched.isWidgetType()
            and watched.isWindow()
            and watched is not self.dialog
        ):
            # a window opened while locked (a message at the end of background work):
            # covered or hidden like the others, and the password dialog stays on top
            QTimer.singleShot(0, lambda w=watched: self._conceal_late(w))
        return False

    def _check(self) -> None:
        if self.dialog is not None or not self._timeout_ms or not _alive(self.window):
            return
        if not self.window.isVisible():  # replaced, or not shown yet
            return
        if (time.monotonic() - self._last_input) * 1000 >= self._timeout_ms:
            self.lock(idle=True)

    # --- locking ---------------------------------------------------------------------

    def is_locked(self) -> bool:
        return self.dialog is not None

    def lock(self, idle: bool = False) -> None:
        """Hide the content now and ask for the password."""
        if self.dialog is not None or self._stopped:
            return
        popup = QApplication.activePopupWidget()
        while popup is not None:  # an open menu or completer
            popup.close()
            if QApplication.activePopupWidget() is popup:
                break
            popup = QApplication.activePopupWidget()
        for widget in QApplication.topLevelWidgets():
            if widget is not self.window and widget.isVisible():
                self._conceal(widget)
        central = getattr(self.window, "centralWidget", lambda: None)()
        self._central_was_visible = bool(central is not None and central.isVisible())
        if central is not None:
            central.hide()
        self._covers.append(Cover(self.window))
        try:
            session.record_lock(self.actor, idle)
        except Exception:  # the lock matters more than its audit entry
            log.exception("the lock could not be written to the audit log")
        self.dialog = UnlockDialog(self.actor, self.window)
        self.dialog.answered.connect(self._answered)
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.activateWindow()
        self.dialog.password.setFocus()
        self.locked.emit()

    def _conceal(self, widget: QWidget) -> None:
        """Cards are hidden (only the user closes them, so they come back as they were);
        any other window is covered: hiding would end a dialog's exec(), and a progress
        window that its work closes meanwhile must not be shown again."""
        if widget.objectName() == "CustomerEditor":
            widget.hide()
            self._hidden.append(widget)
        elif not any(c.target is widget for c in self._covers if _alive(c)):
            self._covers.append(Cover(widget))

    def _conceal_late(self, widget: QWidget) -> None:
        dialog = self.dialog
        if dialog is None or self._settling or not _alive(widget) or not widget.isVisible():
            return
        if widget is dialog or widget is self.window or isinstance(widget, Cover):
            return
        if widget.windowType() in (Qt.WindowType.Popup, Qt.WindowType.ToolTip):
            return  # the user list's drop-down, a tooltip: they close by themselves
        if dialog.isAncestorOf(widget) or not widget.isWindow():
            return
        self._conceal(widget)
        dialog.hide()  # shown again: the newest modal window, the one that takes input
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()

    def _answered(self, actor: Actor) -> None:
        if actor.id == self.actor.id:
            self._restore()
            return
        if not self._settle_unsaved_edits(actor):
            return
        for widget in [*self._hidden, *(c.target for c in self._covers if _alive(c))]:
            if _alive(widget) and widget is not self.window:
                if hasattr(widget, "_closing_ok"):
                    widget._closing_ok = True
                if isinstance(widget, QDialog):
                    widget.reject()
                widget.close()
        self._hidden.clear()
        self._restore()
        self.stop()
        self.userSwitched.emit(actor)

    def _settle_unsaved_edits(self, other: Actor) -> bool:
        """Before another user's session: the open cards' unsaved edits are saved or
        discarded, as the user answers; False (still locked) on Cancel or a failed save."""
        try:
            from crm_desktop.ui.customer_editor import open_editors
        except ModuleNotFoundError:
            return True
        dirty = [e for e in open_editors() if _alive(e) and e.is_dirty()]
        if not dirty:
            return True
        box = QMessageBox(
            QMessageBox.Icon.Question,
            render("session.unsaved_title"),
            render(
                "session.unsaved_cards",
                {
                    "name": self.actor.name,
                    "other": other.name,
                    "cards": [e.windowTitle().replace("[*]", "") for e in dirty],
                },
            ),
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
            self.dialog,
        )
        box.setObjectName("unsavedAtSwitch")
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        self._settling = True
        try:
            answer = box.exec()
        finally:
            self._settling = False
        box.deleteLater()
        if answer == QMessageBox.StandardButton.Cancel:
            if self.dialog is not None:
                self.dialog.show_error(render("session.still_locked"))
            return False
        for editor in dirty:
            if answer == QMessageBox.StandardButton.Save and not self._save_quietly(editor):
                return False
            editor._closing_ok = True
        return True

    def _save_quietly(self, editor) -> bool:
        """Save a hidden card; its problems are told in the lock dialog, not on the card."""
        self._settling = True  # a message the save shows is the answer to this question
        try:
            saved = editor.save()
        finally:
            self._settling = False
        if saved:
            return True
        if self.dialog is not None:
            problems = [e.error() for e in getattr(editor, "editors", {}).values() if e.error()]
            self.dialog.show_error(
                render(
                    "session.save_failed",
                    {
                        "card": editor.windowTitle().replace("[*]", ""),
                        "problem": problems or render("session.still_locked"),
                        "name": self.actor.name,
                    },
                )
            )
        return False

    def _restore(self) -> None:
        for cover in self._covers:
            if _alive(cover):
                cover.remove()
        self._covers.clear()
        central = getattr(self.window, "centralWidget", lambda: None)()
        if central is not None and self._central_was_visible:
            central.show()
        for widget in self._hidden:
            if _alive(widget):
                widget.show()
        self._hidden.clear()
        if self.dialog is not None:
            self.dialog.finish()
            self.dialog = None
        self._last_input = time.monotonic()
        if _alive(self.window):
            self.window.activateWindow()
        self.unlocked.emit()
