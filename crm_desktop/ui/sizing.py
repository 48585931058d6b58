"""Windows sized from the screen they open on, so a 1366×768 laptop shows every button.

Fixed sizes (1280×800, 820×960) put the print preview's buttons and the status bar off
a small screen. `fit_to_screen` asks for a size and gets at most what the screen's
available area (without task bars) holds, less room for the window frame.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

# Room the window manager's frame takes: title bar plus borders (typical Windows/GNOME).
FRAME_WIDTH = 16
FRAME_HEIGHT = 40

_simulated: QRect | None = None


@contextmanager
def simulated_screen(width: int, height: int) -> Iterator[QRect]:
    """Size windows as if the available screen were `width`×`height` (for checks and tests)."""
    global _simulated
    before = _simulated
    _simulated = QRect(0, 0, width, height)
    try:
        yield _simulated
    finally:
        _simulated = before


def available_geometry(widget: QWidget | None = None) -> QRect:
    """The area a window may use on the screen `widget` is on (the primary one by default)."""
    if _simulated is not None:
        return QRect(_simulated)
    screen = widget.screen() if widget is not None else None
    screen = screen or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1366, 768)


def usable_size(widget: QWidget | None = None) -> QSize:
    """The largest client size whose frame still fits the available area."""
    area = available_geometry(widget)
    return QSize(max(1, area.width() - FRAME_WIDTH), max(1, area.height() - FRAME_HEIGHT))


def fit_to_screen(widget: QWidget, width: int, height: int, *, centre: bool = True) -> QSize:
    """Resize `widget` to `width`×`height`, or less where the screen is smaller.

    Minimum sizes larger than the screen are lowered too, so the window really fits;
    a long form should sit in a QScrollArea so that it can become that small.
    """
    room = usable_size(widget)
    minimum = widget.minimumSize()
    if minimum.width() > room.width() or minimum.height() > room.height():
        widget.setMinimumSize(
            min(minimum.width(), room.width()), min(minimum.height(), room.height())
        )
    size = QSize(min(width, room.width()), min(height, room.height()))
    widget.resize(size)
    if centre and widget.isWindow():
        area = available_geometry(widget)
        widget.move(
            area.x() + max(0, (area.width() - size.width() - FRAME_WIDTH) // 2),
            area.y() + max(0, (area.height() - size.height() - FRAME_HEIGHT) // 2),
        )
    return size


def fits_screen(widget: QWidget) -> bool:
    """True when `widget`'s size, its frame included, lies inside the available area."""
    room = usable_size(widget)
    size = widget.size()
    return size.width() <= room.width() and size.height() <= room.height()


def fit_restored(widget: QWidget) -> None:
    """Shrink a window whose saved geometry came from a larger screen back onto this one."""
    if not fits_screen(widget):
        fit_to_screen(widget, widget.width(), widget.height())
