"""The card's 动态 tab: the customer's whole story, newest first, filtered and searched.

The service reads every event at once (a few thousand at most, one query per source);
the model hands them to the view in batches as it scrolls (`fetchMore`), so the first
paint builds 200 rows, not all of them.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.errors import UserError
from crm_desktop.i18n import current_language
from crm_desktop.services.auth import Actor
from crm_desktop.services.followups.timeline import (
    TIMELINE_KINDS,
    TimelineEvent,
    customer_timeline,
)

_Index = QModelIndex | QPersistentModelIndex
BATCH = 200


class TimelineModel(QAbstractTableModel):
    """Events as rows (when, kind, what, who), shown a batch at a time."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.events: list[TimelineEvent] = []
        self.shown = 0
        self.lang = current_language()
        self.headers = [self.tr("When"), self.tr("Kind"), self.tr("What"), self.tr("Who")]

    def set_events(self, events: list[TimelineEvent]) -> None:
        self.beginResetModel()
        self.events = events
        self.shown = min(BATCH, len(events))
        self.lang = current_language()
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else self.shown

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else 4

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: N802, B008
        return not parent.isValid() and self.shown < len(self.events)

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: N802, B008
        if parent.isValid():
            return
        more = min(BATCH, len(self.events) - self.shown)
        if more <= 0:
            return
        self.beginInsertRows(QModelIndex(), self.shown, self.shown + more - 1)
        self.shown += more
        self.endInsertRows()

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= self.shown:
            return None
        event = self.events[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            column = index.column()
            if column == 0:
                return f"{event.at:%Y-%m-%d %H:%M}"
            if column == 1:
                return TIMELINE_KINDS[event.kind].render(self.lang)
            if column == 2:
                return event.text(self.lang)
            return event.who
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 2:
            return event.text(self.lang)
        return None


class TimelineTab(QWidget):
    """Filter by kind, search, and the list; `refresh()` reads the story again."""

    def __init__(self, actor: Actor, customer_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.customer_id = customer_id
        self.kind = QComboBox(self)
        self.kind.setObjectName("timelineKind")
        self.kind.addItem(self.tr("All kinds"), None)
        lang = current_language()
        for code, label in TIMELINE_KINDS.items():
            self.kind.addItem(label.render(lang), code)
        self.search = QLineEdit(self)
        self.search.setObjectName("timelineSearch")
        self.search.setPlaceholderText(self.tr("Search the timeline"))
        self.search.setClearButtonEnabled(True)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.kind.currentIndexChanged.connect(lambda _i: self.refresh())
        self.log_button = QPushButton(self.tr("Log contact… (Ctrl+L)"), self)
        self.log_button.setObjectName("logContactButton")
        self.log_button.clicked.connect(self._log_contact)
        self.count = QLabel(self)
        self.model = TimelineModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("timelineTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(0, 130)
        self.table.setColumnWidth(1, 90)
        self.table.setColumnWidth(3, 90)
        bar = QHBoxLayout()
        bar.addWidget(self.kind)
        bar.addWidget(self.search, 1)
        bar.addWidget(self.count)
        bar.addWidget(self.log_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        self.refresh()

    def refresh(self) -> None:
        self._timer.stop()  # a pending search is answered by this read
        code = self.kind.currentData()
        try:
            events = customer_timeline(
                self.actor,
                self.customer_id,
                kinds=[code] if code else None,
                text=self.search.text(),
            )
        except UserError as exc:
            self.count.setText(exc.message)
            events = []
        self.model.set_events(events)
        self.count.setText(self.tr("Events: %1").replace("%1", str(len(events))))

    def _log_contact(self) -> None:
        from crm_desktop.ui.log_contact_dialog import open_log_contact

        dialog = open_log_contact(self, self.actor, self.customer_id)
        if dialog is not None:
            dialog.logged.connect(lambda _r: self._after_log())

    def _after_log(self) -> None:
        window = self.window()
        for tab in getattr(window, "extra_tabs", [self]):
            if hasattr(tab, "refresh"):
                tab.refresh()
