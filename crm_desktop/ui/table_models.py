"""The part every small read-only list in the UI shares: rows in a Python list, headers.

Subclasses say in `data()` what a cell shows. Lists that can reach 100k rows (the
customer list) keep their own lazy model instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

_Index = QModelIndex | QPersistentModelIndex


class ListTableModel(QAbstractTableModel):
    """A table over `rows` with fixed `headers`; `set_rows` replaces them all at once."""

    def __init__(self, headers: Sequence[str] = (), parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[Any] = []
        self.headers: list[str] = list(headers)

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> Any | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.headers)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self.headers)
        ):
            return self.headers[section]
        return None

    def valid(self, index: _Index) -> bool:
        """True when `index` points at an existing row (data() answers None otherwise)."""
        return index.isValid() and 0 <= index.row() < len(self.rows)
