"""Work that waits until a widget has first painted itself.

The start-up is timed to a painted window: what the first screen does not need
(the reminders, the Ctrl+L dialog and the services behind it, the pool's warning) is
built right after the window's first paint instead of before it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QWidget

_NAME = "firstPaintWatcher"


class _FirstPaint(QObject):
    """Calls its callbacks once, right after the first paint of the widget it watches."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.setObjectName(_NAME)
        self.callbacks: list[Callable[[], None]] = []
        self.painted = False
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self._run)  # after this paint has reached the screen
        return False

    def _run(self) -> None:
        self.painted = True
        while self.callbacks:
            self.callbacks.pop(0)()


def after_first_paint(widget: QWidget, callback: Callable[[], None]) -> None:
    """Run `callback` once `widget` has painted for the first time (at once if it has)."""
    watcher = widget.findChild(_FirstPaint, _NAME, Qt.FindChildOption.FindDirectChildrenOnly)
    if watcher is None:
        watcher = _FirstPaint(widget)
    if watcher.painted:
        callback()
    else:
        watcher.callbacks.append(callback)
