"""One way to run long work off the GUI thread: progress, cancel, success and failure.

In the style of Anki's operations::

    Operation(self, lambda progress: export(actor, path, progress=progress))
        .success(self._exported)
        .with_progress(render("ui.exporting"), title=render("ui.export_title"))
        .run_in_background()

The work gets a `crm_desktop.progress.Progress`; its steps reach the GUI thread through
a queued signal (at most every STEP_INTERVAL seconds) and move the progress dialog,
whose Cancel button calls `Progress.cancel`, so the work's next step raises
`Cancelled`. `success(result)`, `failure(exc)`, `cancelled()` and `finally_()` are
called on the GUI thread once the thread has ended.

Every failure is logged. Unless `failure` replaces it, a UserError is shown as a
message box with its text in the user's language, and anything else (a bug) in the
unexpected-error dialog; Cancelled is quiet. Running operations are kept here until
they end, so a caller may drop its reference; `shutdown()` (the app quitting) and the
parent widget going away cancel them, and shutdown waits for their threads.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable
from typing import Generic, TypeVar

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, Signal, Slot
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QPushButton, QWidget

from crm_desktop.errors import UserError
from crm_desktop.messages import Renderable, render
from crm_desktop.progress import Cancelled, Progress

log = logging.getLogger(__name__)

T = TypeVar("T")
STEP_INTERVAL = 0.05  # seconds between progress signals: the GUI sees 20 a second at most
SHUTDOWN_WAIT_MS = 30_000  # how long quitting waits for cancelled work to stop


class ReportingProgress(Progress):
    """The Progress an Operation hands to its work.

    Also callable as `progress(done, total[, what])` for the service functions that
    still take a progress callback: it returns True (go on) and raises Cancelled once
    the user has cancelled. A callback's `what` is an internal key, never shown; a
    negative `done` (a sub-step) only checks for cancelling.
    """

    def __call__(self, done: int, total: int = 0, what: object = None) -> bool:
        if done < 0:
            self.check()
        else:
            self.step(done, total)
        return True


class _Relay(QObject):
    """Lives on the GUI thread: what the worker thread says arrives here, queued."""

    stepped = Signal(int, int, object)

    def __init__(self, op: Operation) -> None:
        super().__init__()
        self.op = op
        self.stepped.connect(self.deliver_step, Qt.ConnectionType.QueuedConnection)

    @Slot(int, int, object)
    def deliver_step(self, done: int, total: int, text: object) -> None:
        self.op._stepped(done, total, text)

    @Slot()
    def deliver_end(self) -> None:
        self.op._ended()


class _Thread(QThread):
    def __init__(self, run: Callable[[], None]) -> None:
        super().__init__()
        self._run = run

    def run(self) -> None:
        threading.current_thread().name = self.objectName() or "crm-operation"  # for the log
        self._run()


_RUNNING: set[Operation] = set()


def running() -> list[Operation]:
    """The operations whose work has not ended yet (or whose end is not yet handled)."""
    return list(_RUNNING)


class Operation(Generic[T]):
    """`work(progress)` run on a thread of its own; callbacks on the GUI thread.

    Attributes for the caller (and tests): `progress` (the Progress), `dialog` (the
    progress dialog, if any), `message_box` (a UserError shown by default), `last_step`
    (the latest step the work reported), `result`, `error`, `done` (the end handled).
    """

    def __init__(self, parent: QWidget | None, work: Callable[[Progress], T], *,
                 success: Callable[[T], None] | None = None, name: str = "") -> None:  # fmt: skip
        self.parent = parent
        self.work = work
        self.name = name or getattr(work, "__name__", "operation")
        self.progress = ReportingProgress(self._listener)
        self.dialog: QProgressDialog | None = None
        self.message_box: QMessageBox | None = None
        self.last_step: tuple[int, int] = (0, 0)
        self.result: T | None = None
        self.error: BaseException | None = None
        self.done = False
        self._success = success
        self._failure: Callable[[BaseException], None] | None = None
        self._cancelled: Callable[[], None] | None = None
        self._finally: Callable[[], None] | None = None
        self._on_step: Callable[[int, int, str], None] | None = None
        self._progress_args: dict | None = None
        self._failure_title = ""
        self._last_signal = 0.0
        self._relay = _Relay(self)
        self._thread: _Thread | None = None

    # --- building ------------------------------------------------------------------------

    def success(self, callback: Callable[[T], None]) -> Operation[T]:
        """Called with the work's result."""
        self._success = callback
        return self

    def failure(self, callback: Callable[[BaseException], None]) -> Operation[T]:
        """Called instead of the default display with any failure but Cancelled (the
        failure is logged either way; `show_failure` is the default display)."""
        self._failure = callback
        return self

    def cancelled(self, callback: Callable[[], None]) -> Operation[T]:
        """Called when the work stopped because it was cancelled (default: nothing)."""
        self._cancelled = callback
        return self

    def finally_(self, callback: Callable[[], None]) -> Operation[T]:
        """Called last, however the work ended (to enable a button again, say)."""
        self._finally = callback
        return self

    def on_step(self, callback: Callable[[int, int, str], None]) -> Operation[T]:
        """Called with each step that reaches the GUI (done, total, text or "")."""
        self._on_step = callback
        return self

    def with_progress(self, label: Renderable | str | None = None, *, title: str = "",
                      maximum: int = 0, cancellable: bool = True, modal: bool = True,
                      min_duration_ms: int = 300) -> Operation[T]:  # fmt: skip
        """Show a progress dialog (after `min_duration_ms`) whose Cancel stops the work.

        `maximum` 0: a busy bar until the work reports a total."""
        self._progress_args = {
            "label": label,
            "title": title,
            "maximum": maximum,
            "cancellable": cancellable,
            "modal": modal,
            "min_duration_ms": min_duration_ms,
        }
        self._failure_title = self._failure_title or title
        return self

    def titled(self, title: str) -> Operation[T]:
        """The title of the message box that shows a UserError by default."""
        self._failure_title = title
        return self

    # --- running -----------------------------------------------------------------------

    def run_in_background(self) -> Operation[T]:
        """Start the work on its own thread and return at once."""
        if self._thread is not None:
            raise RuntimeError("an operation runs once")
        if self._progress_args is not None:
            self.dialog = self._make_dialog(**self._progress_args)
        if self.parent is not None:
            # the page that asked is going away (window closed, language switched)
            self.parent.destroyed.connect(self.progress.cancel)
        _RUNNING.add(self)
        _watch_quit()
        self._thread = _Thread(self._run)
        self._thread.setObjectName(f"crm-{self.name}")
        self._thread.finished.connect(self._relay.deliver_end, Qt.ConnectionType.QueuedConnection)
        self._thread.start()
        return self

    def cancel(self) -> None:
        """Ask the work to stop at its next step; `cancelled` follows once it has."""
        self.progress.cancel()
        if self._alive(self.dialog) and self.dialog is not None:
            self.dialog.setLabelText(render("ui.cancelling"))
            button = self.dialog.findChild(QPushButton)
            if button is not None:  # disabled, not deleted: it may be sending `clicked` now
                button.setEnabled(False)

    @property
    def is_running(self) -> bool:
        return self._thread is not None and not self.done

    def wait(self, msecs: int = -1) -> bool:
        """Block until the work's thread has ended (the callbacks come later, queued)."""
        if self._thread is None:
            return True
        return self._thread.wait() if msecs < 0 else self._thread.wait(msecs)

    # --- on the worker thread -------------------------------------------------------------

    def _run(self) -> None:
        try:
            self.result = self.work(self.progress)
        except Cancelled as exc:
            self.error = exc
            log.info("%s cancelled", self.name)
        except UserError as exc:
            self.error = exc
            log.warning("%s refused: %s (%s)", self.name, exc.code, exc.render("en"))
        except BaseException as exc:  # a bug: logged here, with the traceback, then shown
            self.error = exc
            log.error("%s failed", self.name, exc_info=True)
        finally:
            _close_thread_connection()

    def _listener(self, done: int, total: int, text: Renderable | str | None) -> None:
        self.last_step = (done, total)
        now = time.monotonic()
        if now - self._last_signal >= STEP_INTERVAL or (total and done >= total):
            self._last_signal = now
            self._relay.stepped.emit(done, total, text)

    # --- on the GUI thread ---------------------------------------------------------------

    def _make_dialog(self, label, title, maximum, cancellable, modal,
                     min_duration_ms) -> QProgressDialog:  # fmt: skip
        text = label.render() if isinstance(label, Renderable) else (label or render("ui.working"))
        dialog = QProgressDialog(
            text, render("ui.cancel") if cancellable else "", 0, maximum, self._live_parent()
        )
        if not cancellable:
            dialog.setCancelButton(None)
        if title:
            dialog.setWindowTitle(title)
        if modal:
            dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(min_duration_ms)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setValue(0)
        dialog.canceled.connect(self.cancel)
        return dialog

    def _stepped(self, done: int, total: int, text: object) -> None:
        shown = ""
        if isinstance(text, Renderable):
            shown = text.render()
        elif isinstance(text, str):
            shown = text
        dialog = self.dialog
        if self._alive(dialog) and dialog is not None and not self.progress.cancelled:
            if dialog.maximum() != max(total, 0):
                dialog.setMaximum(max(total, 0))
            if total > 0:
                dialog.setValue(min(max(done, 0), total))
            if shown:
                dialog.setLabelText(shown)
        if self._on_step is not None and self._parent_alive():
            self._on_step(done, total, shown)

    def _ended(self, *, quiet: bool = False) -> None:
        """The work's thread has ended: close the dialog, then tell the caller (unless
        `quiet`: the app is quitting, nobody is left to tell)."""
        if self.done:
            return
        if self._thread is not None:
            self._thread.wait()  # `finished` comes just before run() returns: let it end
        self.done = True
        _RUNNING.discard(self)
        if self._alive(self.dialog) and self.dialog is not None:
            self.dialog.close()
            self.dialog.deleteLater()
        if self.parent is not None and self._parent_alive():
            with contextlib.suppress(RuntimeError, TypeError):
                self.parent.destroyed.disconnect(self.progress.cancel)
        error = self.error
        if quiet:
            return
        try:
            if not self._parent_alive():
                # nobody left to tell; a bug is still shown (and was logged)
                if error is not None and not isinstance(error, UserError):
                    show_failure(None, error, logged=True)
            elif error is None:
                if self._success is not None:
                    self._success(self.result)  # type: ignore[arg-type]
            elif isinstance(error, Cancelled):
                if self._cancelled is not None:
                    self._cancelled()
            elif self._failure is not None:
                self._failure(error)
            else:
                self.message_box = show_failure(
                    self._live_parent(), error, self._failure_title, logged=True
                )
        finally:
            if self._finally is not None and self._parent_alive():
                self._finally()

    def _parent_alive(self) -> bool:
        return self.parent is None or shiboken6.isValid(self.parent)

    def _live_parent(self) -> QWidget | None:
        return self.parent if self.parent is not None and self._parent_alive() else None

    @staticmethod
    def _alive(obj: QObject | None) -> bool:
        return obj is not None and shiboken6.isValid(obj)


def show_failure(parent: QWidget | None, exc: BaseException, title: str = "", *,
                 logged: bool = False) -> QMessageBox | None:  # fmt: skip
    """The default display of a failure: a UserError in a message box in the user's
    language, Cancelled not at all, anything else in the unexpected-error dialog.

    Returns the message box of a UserError (opened, not exec()'d)."""
    if isinstance(exc, Cancelled):
        return None
    if isinstance(exc, UserError):
        box = QMessageBox(QMessageBox.Icon.Warning, title or "crm-desktop", exc.message,
                          QMessageBox.StandardButton.Ok, parent)  # fmt: skip
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        return box
    from crm_desktop.ui.error_dialog import show_unexpected

    show_unexpected(exc, parent, logged=logged)
    return None


def _close_thread_connection() -> None:
    """The worker thread's own database connection ends with the thread."""
    from crm_desktop.models import database

    with contextlib.suppress(Exception):
        if not database.is_closed():
            database.close()


_quit_watched = False


def _watch_quit() -> None:
    global _quit_watched
    app = QCoreApplication.instance()
    if app is not None and not _quit_watched:
        app.aboutToQuit.connect(shutdown)
        _quit_watched = True


def shutdown(timeout_ms: int = SHUTDOWN_WAIT_MS) -> bool:
    """Cancel every running operation and wait for its thread (the app is quitting or the
    database closing). True when all have stopped."""
    for op in list(_RUNNING):
        op.progress.cancel()
    deadline = time.monotonic() + timeout_ms / 1000
    stopped = True
    for op in list(_RUNNING):
        left = max(0, int((deadline - time.monotonic()) * 1000))
        if not op.wait(left):
            log.warning("%s did not stop within %d ms", op.name, timeout_ms)
            stopped = False
            continue
        op._ended(quiet=True)  # handled now: nothing is queued to an app going away
    return stopped


def wait_all(timeout_ms: int = SHUTDOWN_WAIT_MS) -> bool:
    """Wait (without cancelling) until every running operation's thread has ended and its
    end is handled (tests, before closing the database)."""
    deadline = time.monotonic() + timeout_ms / 1000
    for op in list(_RUNNING):
        left = max(0, int((deadline - time.monotonic()) * 1000))
        if not op.wait(left):
            return False
        op._ended()
    return True


__all__ = [
    "Operation",
    "ReportingProgress",
    "running",
    "show_failure",
    "shutdown",
    "wait_all",
]
