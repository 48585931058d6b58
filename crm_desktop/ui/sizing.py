"""Windows sized from the screen they open on, so a 1366×768 laptop shows every button.

Fixed sizes (1280×800, 820×960) put the print preview's buttons and the status bar off
a small screen. `fit_to_screen` asks for a size and gets at most what the screen's
available area (without task bars) holds, less room for the window frame.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QEvent, QObject, QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QBoxLayout, QFrame, QScrollArea, QVBoxLayout, QWidget

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


def fit_to_screen(
    widget: QWidget, width: int, height: int, *, centre: bool = True, scroll: bool = False
) -> QSize:
    """Resize `widget` to `width`×`height`, or less where the screen is smaller.

    Minimum sizes larger than the screen are lowered too, so the window really fits.
    `scroll`: a dialog with a long form; when it is shown on a screen too low for its
    layout, everything but its last row (the buttons) moves into a scroll area.
    """
    if scroll and widget.findChild(_ScrollWhenTooTall) is None:
        widget.installEventFilter(_ScrollWhenTooTall(widget, width, height))
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


class _ScrollWhenTooTall(QObject):
    """On the first show: a form taller than the screen gets a scroll area (see fit_to_screen)."""

    def __init__(self, widget: QWidget, width: int, height: int) -> None:
        super().__init__(widget)
        self.wanted = (width, height)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Show and isinstance(watched, QWidget):
            watched.removeEventFilter(self)
            layout = watched.layout()
            if layout is not None and layout.minimumSize().height() > usable_size(watched).height():
                scroll_form(watched)
                fit_to_screen(watched, *self.wanted)
        return False


def scroll_form(widget: QWidget, keep: int = 1) -> QScrollArea | None:
    """Move all rows of `widget`'s box layout but the last `keep` into a scroll area."""
    layout = widget.layout()
    if not isinstance(layout, QBoxLayout) or layout.count() <= keep:
        return None
    rows = [(layout.stretch(0), layout.takeAt(0)) for _ in range(layout.count())]
    body = QWidget()
    body_layout = QVBoxLayout(body)
    body_layout.setContentsMargins(0, 0, 0, 0)
    area = QScrollArea(widget)
    area.setObjectName("formScroll")
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    for number, (stretch, item) in enumerate(rows):
        target = body_layout if number < len(rows) - keep else layout
        if target is layout and number == len(rows) - keep:
            layout.addWidget(area, 1)
        if item.widget() is not None:
            target.addWidget(item.widget(), stretch)
        elif item.layout() is not None:
            target.addLayout(item.layout(), stretch)
        else:
            target.addItem(item)
    area.setWidget(body)
    return area
