"""Today's 建议 box: lifecycle moves to accept or dismiss in one click, and the customers
about to return to the pool ("3 天后退回公海")."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.errors import UserError
from crm_desktop.i18n import current_language
from crm_desktop.messages import msg
from crm_desktop.services import lifecycle, pool
from crm_desktop.services.auth import Actor

_Index = QModelIndex | QPersistentModelIndex
LIMIT = 200


@dataclass(frozen=True)
class DayItem:
    """One row: a lifecycle suggestion (kind set) or a pool warning (kind "")."""

    customer_id: int
    customer: str
    text: str
    kind: str = ""


def read_items(actor: Actor) -> list[DayItem]:
    """Pool warnings first (they have a deadline), then the lifecycle suggestions."""
    from crm_desktop.services import customers as customer_service

    lang = current_language()
    warnings = pool.warnings_for(actor)[:LIMIT]
    rows = {
        c.id: c for c in customer_service.customer_rows(actor, [w.customer_id for w in warnings])
    }
    items = [
        DayItem(
            w.customer_id,
            f"{rows[w.customer_id].code} {rows[w.customer_id].name}",
            msg("day.pool_returns_in", days=w.days_left).render(lang),
        )
        for w in warnings
        if w.customer_id in rows
    ]
    for s in lifecycle.suggestions(actor, limit=LIMIT):
        items.append(DayItem(s.customer_id, f"{s.code} {s.name}", s.describe(lang), s.kind))
    return items


class DayItemsModel(QAbstractTableModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.items: list[DayItem] = []
        self.headers = [self.tr("Customer"), self.tr("Suggestion")]

    def set_items(self, items: list[DayItem]) -> None:
        self.beginResetModel()
        self.items = items
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else 2

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = self.items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return item.customer if index.column() == 0 else item.text
        if role == Qt.ItemDataRole.ForegroundRole and not item.kind:
            return QBrush(QColor("#c62828"))
        if role == Qt.ItemDataRole.UserRole:
            return item.customer_id
        return None


class DaySuggestions(QGroupBox):
    """The box: the list, Accept and Dismiss; `refresh()` reads in the background."""

    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Suggestions and pool warnings"))
        self.setObjectName("daySuggestions")
        self.actor = actor
        self.model = DayItemsModel(self)
        self.view = QTableView(self)
        self.view.setObjectName("daySuggestionsTable")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.setMinimumHeight(120)
        self.accept_button = QPushButton(self.tr("Accept"), self)
        self.accept_button.setObjectName("acceptSuggestion")
        self.accept_button.clicked.connect(self.accept_current)
        self.dismiss_button = QPushButton(self.tr("Dismiss"), self)
        self.dismiss_button.setObjectName("dismissSuggestion")
        self.dismiss_button.clicked.connect(self.dismiss_current)
        self.rules_button = QPushButton(msg("lifecycle.dlg_open").render(), self)
        self.rules_button.setObjectName("lifecycleRules")
        self.rules_button.clicked.connect(self.edit_rules)
        buttons = QHBoxLayout()
        buttons.addWidget(self.rules_button)
        buttons.addStretch(1)
        buttons.addWidget(self.accept_button)
        buttons.addWidget(self.dismiss_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        self._loading = False
        self.view.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        self._update_buttons()

    def current(self) -> DayItem | None:
        index = self.view.currentIndex()
        return self.model.items[index.row()] if index.isValid() else None

    def current_customer(self) -> int | None:
        item = self.current()
        return item.customer_id if item else None

    def _update_buttons(self) -> None:
        item = self.current()
        enabled = item is not None and bool(item.kind)
        self.accept_button.setEnabled(enabled)
        self.dismiss_button.setEnabled(enabled)

    def refresh(self) -> None:
        """Read again off the GUI thread; failures are quiet (the page refreshes often)."""
        if self._loading:
            return
        from crm_desktop.ui.operations import Operation

        self._loading = True
        actor = self.actor

        def done(items: list[DayItem]) -> None:
            self._loading = False
            self.show_items(items)

        def failed(_exc: BaseException) -> None:
            self._loading = False

        Operation(self, lambda _p: read_items(actor), name="day-suggestions").success(done).failure(
            failed
        ).run_in_background()

    def load_now(self) -> None:
        self.show_items(read_items(self.actor))

    def show_items(self, items: list[DayItem]) -> None:
        self.model.set_items(items)
        self.setVisible(bool(items))
        self._update_buttons()

    def _act(self, work) -> None:
        item = self.current()
        if item is None or not item.kind:
            return
        try:
            work(item)
        except UserError as exc:
            QMessageBox.warning(self, self.title(), exc.message)
        self.load_now()

    def accept_current(self) -> None:
        self._act(lambda item: lifecycle.accept(self.actor, item.customer_id, item.kind))

    def dismiss_current(self) -> None:
        self._act(lambda item: lifecycle.dismiss(self.actor, item.customer_id, item.kind))

    def edit_rules(self) -> None:
        """The lifecycle rules (read-only for a salesperson); saved ones apply at once."""
        from crm_desktop.ui.lifecycle_rules_dialog import open_rules_dialog

        if open_rules_dialog(self.actor, self):
            self.load_now()
