"""The Qt binding keeps Python's reference counts straight for what our models return."""

from __future__ import annotations

import sys

from PySide6.QtCore import QAbstractTableModel, Qt


class _Model(QAbstractTableModel):
    value: object = None

    def rowCount(self, parent=None):  # noqa: N802 - Qt API
        return 0 if parent is not None and parent.isValid() else 2

    def columnCount(self, parent=None):  # noqa: N802 - Qt API
        return 0 if parent is not None and parent.isValid() else 2

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        return self.value


def test_returning_none_from_data_does_not_eat_references(qapp):
    """PySide6 6.12.0 drops one reference to None per C++ call of data(); the app then
    dies at random once None's count reaches zero. pyproject.toml keeps that release out."""
    model = _Model()
    index = model.index(1, 1)
    for value in (None, True, False, "文本"):
        model.value = value
        before = sys.getrefcount(value)
        for _ in range(50):  # few enough that a leak fails the test, not the process
            index.data(Qt.ItemDataRole.DisplayRole)  # C++ QModelIndex::data calls the override
        assert sys.getrefcount(value) - before == 0, repr(value)
