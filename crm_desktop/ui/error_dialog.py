"""The unexpected-error dialog and the global exception hooks that open it.

A bug must neither end the program nor scroll past in a console nobody sees: every
exception that nothing caught (in a slot, a virtual method, the main code, a Python
thread) is written to the log file with its traceback and told in a dialog: one plain
sentence in the user's language, the log file's path, and "Copy details" (traceback,
version and system) for a bug report. The program keeps running. While one dialog is
open, later errors are only logged and counted in it, so an error repeated in a paint
event does not open a hundred dialogs.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

import shiboken6
from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from crm_desktop import logs
from crm_desktop.messages import msg, render

log = logging.getLogger(__name__)

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


class ErrorDialog(QDialog):
    """Tells the user that something unexpected went wrong, without a traceback in sight.

    Signals: none beyond QDialog's.
    """

    def __init__(self, summary: str, details: str, log_path: Path | None,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.details = details
        self.log_path = log_path
        self.more = 0
        self.setWindowTitle(render("ui.unexpected_title"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        icon = QLabel(self)
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_MessageBoxIconSize)
        icon.setPixmap(
            self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical).pixmap(size)
        )
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.message_label = QLabel(msg("ui.unexpected", detail=summary).render(), self)
        self.message_label.setWordWrap(True)
        where = (
            msg("ui.log_file", path=str(log_path)).render()
            if log_path
            else render("ui.no_log_file")
        )
        self.log_label = QLabel(where, self)
        self.log_label.setWordWrap(True)
        self.log_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.more_label = QLabel(self)
        self.more_label.setVisible(False)
        self.copied_label = QLabel(self)

        self.copy_button = QPushButton(render("ui.copy_details"), self)
        self.copy_button.clicked.connect(self.copy_details)
        self.close_button = QPushButton(render("ui.close"), self)
        self.close_button.setDefault(True)
        self.close_button.clicked.connect(self.accept)

        text = QVBoxLayout()
        text.addWidget(self.message_label)
        text.addWidget(self.log_label)
        text.addWidget(self.more_label)
        top = QHBoxLayout()
        top.addWidget(icon)
        top.addLayout(text, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.copied_label, 1)
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(buttons)
        self.setMinimumWidth(460)

    def copy_details(self) -> None:
        """The traceback, version and system to the clipboard, for a bug report."""
        QApplication.clipboard().setText(self.details)
        self.copied_label.setText(render("ui.details_copied"))

    def add_later_error(self, details: str) -> None:
        """Another error while this one is shown: counted here, its details appended."""
        self.more += 1
        self.details += "\n\n" + details
        self.more_label.setText(msg("ui.more_errors", count=self.more).render())
        self.more_label.setVisible(True)


_current: ErrorDialog | None = None


def current_dialog() -> ErrorDialog | None:
    """The unexpected-error dialog on screen, if any."""
    if _current is not None and shiboken6.isValid(_current) and _current.isVisible():
        return _current
    return None


def _parent_window(parent: QWidget | None) -> QWidget | None:
    if parent is not None and shiboken6.isValid(parent):
        return parent.window()
    active = QApplication.activeWindow()
    return active


def show_unexpected(exc: BaseException, parent: QWidget | None = None, *,
                    logged: bool = False, where: str = "") -> ErrorDialog:  # fmt: skip
    """Log `exc` (unless already `logged`) and show it in the unexpected-error dialog.

    On the GUI thread only. The dialog is opened, not exec()'d: nothing waits for it.
    """
    global _current
    path = logs.active_log_file() if logged else logs.log_unexpected(exc, where)
    text = logs.details(type(exc), exc, exc.__traceback__, _qt_versions())
    shown = current_dialog()
    if shown is not None:
        shown.add_later_error(text)
        return shown
    dialog = ErrorDialog(logs.describe(exc), text, path, _parent_window(parent))
    _current = dialog
    dialog.open()
    return dialog


def _qt_versions() -> str:
    import PySide6
    from PySide6.QtCore import qVersion

    return f"PySide6 {PySide6.__version__}; Qt {qVersion()}"


# --- the hooks ------------------------------------------------------------------------------


class _Reporter(QObject):
    """Lives on the GUI thread; errors from other threads reach it through a queued signal."""

    reported = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.reported.connect(self._show, Qt.ConnectionType.QueuedConnection)

    @Slot(object)
    def _show(self, exc: BaseException) -> None:
        try:
            show_unexpected(exc, logged=True)
        except Exception:  # the dialog itself failed: the log still has the error
            log.exception("the unexpected-error dialog could not be shown")


_reporter: _Reporter | None = None
_previous: tuple[Callable, Callable] | None = None


def report(exc: BaseException, where: str = "") -> None:
    """Log an unexpected error now and show it on the GUI thread (from any thread)."""
    logs.log_unexpected(exc, where)
    app = QApplication.instance()
    if _reporter is None or app is None:
        return
    if QThread.currentThread() is app.thread():
        _reporter._show(exc)
    else:
        _reporter.reported.emit(exc)


def _excepthook(exc_type: type[BaseException], exc: BaseException,
                tb: TracebackType | None) -> None:  # fmt: skip
    if issubclass(exc_type, KeyboardInterrupt) or not isinstance(exc, BaseException):
        sys.__excepthook__(exc_type, exc, tb)
        return
    if exc.__traceback__ is None:
        exc = exc.with_traceback(tb)
    try:
        report(exc)
    except Exception:  # never let the hook itself raise: fall back to the console
        sys.__excepthook__(exc_type, exc, tb)


def _thread_excepthook(args: threading.ExceptHookArgs) -> None:
    if args.exc_value is None or issubclass(args.exc_type, SystemExit):
        return
    name = args.thread.name if args.thread is not None else "a thread"
    exc = args.exc_value
    if exc.__traceback__ is None:
        exc = exc.with_traceback(args.exc_traceback)
    try:
        report(exc, f"thread {name}")
    except Exception:
        sys.__excepthook__(args.exc_type, exc, args.exc_traceback)


def install_excepthook() -> None:
    """Route every uncaught exception (GUI thread, slots, Python threads) to the dialog.

    Call on the GUI thread once the QApplication exists; idempotent."""
    global _reporter, _previous
    if _reporter is None:
        _reporter = _Reporter()
    if _previous is None:
        _previous = (sys.excepthook, threading.excepthook)
    sys.excepthook = _excepthook
    threading.excepthook = _thread_excepthook


def uninstall_excepthook() -> None:
    """Put back the hooks that were there before install_excepthook (tests)."""
    global _previous
    if _previous is not None:
        sys.excepthook, threading.excepthook = _previous
        _previous = None
