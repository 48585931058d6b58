"""The toolbar's icons: a small SVG set shipped in resources/icons (drawn for crm-desktop,
MIT), rendered with QtSvg so that no image-format plugin is needed in the bundle.

Qt's standard icons have no printer or calendar, and desktop icon themes exist only on
Linux, so the same set is used everywhere.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

ICONS_DIR = Path(__file__).resolve().parent.parent / "resources" / "icons"
NAMES = ("new-customer", "plan-followup", "print", "export", "import", "find")
_cache: dict[str, QIcon] = {}


def icon(name: str) -> QIcon:
    """The icon `name` (a file stem in resources/icons), crisp at 1× and 2× scale."""
    if name in _cache:
        return _cache[name]
    renderer = QSvgRenderer(str(ICONS_DIR / f"{name}.svg"))
    result = QIcon()
    if renderer.isValid():
        for size in (16, 24, 32, 48):
            pixmap = QPixmap(size, size)
            pixmap.fill(Qt.GlobalColor.transparent)
            painter = QPainter(pixmap)
            renderer.render(painter)
            painter.end()
            result.addPixmap(pixmap)
    _cache[name] = result
    return result
