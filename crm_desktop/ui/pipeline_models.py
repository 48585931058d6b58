"""The pipeline's Qt models: a board column's cards (draggable) and the list's rows.

A column model holds the `OpportunityRow`s of one stage. Dragging a card carries its id,
version and stage as MIME data; a drop on another column does not move anything itself:
it emits `dropped`, the page asks the service to move, and only on success moves the
row between the two models (so a refused or conflicting move never shows as done).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QPen
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from crm_desktop.services.opportunities import OpportunityRow, StageInfo
from crm_desktop.ui.table_models import ListTableModel

MIME = "application/x-crm-opportunity"
ROW_ROLE = Qt.ItemDataRole.UserRole + 1
_Index = QModelIndex | QPersistentModelIndex


def money(value: Decimal) -> str:
    """12,345.00: amounts on the board and in the list (yuan, two places)."""
    return f"{value:,.2f}"


def short_money(value: Decimal) -> str:
    """A column total as a person reads it at a glance: 1,234.5万 / 12,345."""
    if abs(value) >= 10000:
        return f"{value / 10000:,.1f}" + "\u4e07"
    return f"{value:,.0f}"


class StageCardsModel(QAbstractListModel):
    """The cards of one stage's column.

    Signals: `dropped(opportunity_id, version, from_stage_id, to_stage_id)` when a card of
    another column is dropped here."""

    dropped = Signal(int, int, int, int)

    def __init__(self, stage: StageInfo, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.stage = stage
        self.rows: list[OpportunityRow] = []
        self._total = self._weighted = Decimal("0.00")  # kept by set_rows, take and put
        self.count = 0  # all the column's cards, read or not
        self.loader: Callable[[int], list[OpportunityRow]] | None = None

    def set_rows(
        self,
        rows: Sequence[OpportunityRow],
        count: int | None = None,
        total: Decimal | None = None,
        weighted: Decimal | None = None,
        loader: Callable[[int], list[OpportunityRow]] | None = None,
    ) -> None:
        """The first cards and the column's sums over all of them (default: these cards);
        `loader(offset)` reads the next page when the view scrolls to the end."""
        self.beginResetModel()
        self.rows = list(rows)
        self.count = len(self.rows) if count is None else count
        self._total = (
            sum((r.amount for r in self.rows), Decimal("0.00")) if total is None else total
        )
        self._weighted = (
            sum((r.weighted for r in self.rows), Decimal("0.00")) if weighted is None else weighted
        )
        self.loader = loader
        self.endResetModel()

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008, N802
        return not parent.isValid() and self.loader is not None and len(self.rows) < self.count

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008, N802
        if not self.canFetchMore(parent):
            return
        more = [r for r in self.loader(len(self.rows)) if self.index_of(r.id) < 0]
        if not more:
            self.count = len(self.rows)  # the rest went meanwhile
            return
        self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(more) - 1)
        self.rows.extend(more)
        self.endInsertRows()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return row.title
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{row.customer_code} {row.customer_name}\n{row.title}\n{money(row.amount)}"
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsDropEnabled
        if not index.isValid():
            return base
        return (
            base
            | Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | (Qt.ItemFlag.ItemIsDragEnabled if self.stage.is_open else Qt.ItemFlag.NoItemFlags)
        )

    def supportedDropActions(self) -> Qt.DropAction:  # noqa: N802
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:  # noqa: N802
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:  # noqa: N802
        return [MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:  # noqa: N802
        data = QMimeData()
        cards = [
            [self.rows[i.row()].id, self.rows[i.row()].version, self.stage.id]
            for i in indexes
            if i.isValid()
        ]
        data.setData(MIME, json.dumps(cards).encode())
        return data

    def canDropMimeData(self, data, action, row, column, parent) -> bool:  # noqa: N802
        return data.hasFormat(MIME)

    def dropMimeData(self, data, action, row, column, parent) -> bool:  # noqa: N802
        if not data.hasFormat(MIME):
            return False
        for opp_id, version, from_stage in json.loads(bytes(data.data(MIME)).decode()):
            if from_stage != self.stage.id:
                self.dropped.emit(opp_id, version, from_stage, self.stage.id)
        return False  # the page moves the row once the service has saved the move

    # -- the page's edits after a saved move -------------------------------------------

    def index_of(self, opportunity_id: int) -> int:
        return next((i for i, r in enumerate(self.rows) if r.id == opportunity_id), -1)

    def take(self, opportunity_id: int) -> OpportunityRow | None:
        i = self.index_of(opportunity_id)
        if i < 0:
            return None
        self.beginRemoveRows(QModelIndex(), i, i)
        row = self.rows.pop(i)
        self.count -= 1
        self._total -= row.amount
        self._weighted -= row.weighted
        self.endRemoveRows()
        return row

    def put(self, row: OpportunityRow) -> None:
        """Count a card in and show it in place (open stages by close date, closed ones
        first); past the cards read so far it shows when the user scrolls there."""
        self.count += 1
        self._total += row.amount
        self._weighted += row.weighted
        if self.stage.is_open:
            i = next(
                (
                    k
                    for k, r in enumerate(self.rows)
                    if (r.close_date, r.id) > (row.close_date, row.id)
                ),
                len(self.rows),
            )
        else:
            i = 0
        if i == len(self.rows) and len(self.rows) < self.count - 1:
            return  # beyond the loaded page: fetchMore brings it
        self.beginInsertRows(QModelIndex(), i, i)
        self.rows.insert(i, row)
        self.endInsertRows()

    @property
    def total(self) -> Decimal:
        return self._total

    @property
    def weighted(self) -> Decimal:
        return self._weighted


class CardDelegate(QStyledItemDelegate):
    """Paints a card: title, customer, amount × probability, close date and owner.

    Every card has the same height, so a column of thousands lays out at once."""

    HEIGHT = 66

    def __init__(self, today: date | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.today = today or date.today()

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:  # noqa: N802
        return QSize(200, self.HEIGHT)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        row: OpportunityRow | None = index.data(ROW_ROLE)
        if row is None:
            return
        painter.save()
        rect = option.rect.adjusted(4, 3, -4, -3)
        palette = option.palette
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(palette.color(QPalette.ColorRole.Mid)))
        painter.setBrush(
            palette.color(QPalette.ColorRole.Highlight).lighter(170)
            if selected
            else palette.color(QPalette.ColorRole.Base)
        )
        painter.drawRoundedRect(rect, 4, 4)
        model = index.model()
        is_open = getattr(getattr(model, "stage", None), "is_open", True)
        overdue = is_open and row.close_date < self.today
        inner = rect.adjusted(8, 4, -8, -4)
        line = QFontMetrics(option.font).height()
        bold = QFont(option.font)
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(palette.color(QPalette.ColorRole.Text))
        title = QFontMetrics(bold).elidedText(row.title, Qt.TextElideMode.ElideRight, inner.width())
        painter.drawText(QRect(inner.left(), inner.top(), inner.width(), line), 0, title)
        painter.setFont(option.font)
        metrics = QFontMetrics(option.font)
        customer = metrics.elidedText(row.customer_name, Qt.TextElideMode.ElideRight, inner.width())
        painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
        painter.drawText(QRect(inner.left(), inner.top() + line, inner.width(), line), 0, customer)
        third = QRect(inner.left(), inner.top() + 2 * line, inner.width(), line)
        shown = row.close_date if is_open else row.stage_since.date()  # closed: when
        tail = f"{shown:%m-%d} {row.owner_name}".strip()
        room = inner.width() - metrics.horizontalAdvance(tail) - 8
        figures = metrics.elidedText(
            f"¥{money(row.amount)} · {row.probability}%", Qt.TextElideMode.ElideRight, room
        )
        painter.setPen(palette.color(QPalette.ColorRole.Text))
        painter.drawText(third, 0, figures)
        painter.setPen(QColor("#c62828") if overdue else palette.color(QPalette.ColorRole.Text))
        painter.drawText(third, int(Qt.AlignmentFlag.AlignRight), tail)
        painter.restore()


class OpportunityTableModel(ListTableModel):
    """The list view: one row per opportunity. It sorts its own rows by a key (a sort
    through a proxy asks data() for every comparison: seconds at 20k rows)."""

    COLUMNS = ("code", "customer", "title", "amount", "close", "stage", "prob", "weighted", "owner")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(
            [
                self.tr("Code"),
                self.tr("Customer"),
                self.tr("Opportunity"),
                self.tr("Amount"),
                self.tr("Expected close"),
                self.tr("Stage"),
                self.tr("Probability"),
                self.tr("Weighted"),
                self.tr("Owner"),
            ],
            parent,
        )
        self.stage_names: dict[int, str] = {}

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not self.valid(index):
            return None
        row: OpportunityRow = self.rows[index.row()]
        column = self.COLUMNS[index.column()]
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.TextAlignmentRole and column in ("amount", "prob", "weighted"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return {
            "code": row.customer_code,
            "customer": row.customer_name,
            "title": row.title,
            "amount": money(row.amount),
            "close": row.close_date.isoformat(),
            "stage": self.stage_names.get(row.stage_id, ""),
            "prob": f"{row.probability}%",
            "weighted": money(row.weighted),
            "owner": row.owner_name,
        }[column]

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = self.COLUMNS[column] if 0 <= column < len(self.COLUMNS) else "close"
        names = self.stage_names
        keys = {
            "code": lambda r: r.customer_code,
            "customer": lambda r: r.customer_name,
            "title": lambda r: r.title,
            "amount": lambda r: r.amount,
            "close": lambda r: r.close_date,
            "stage": lambda r: names.get(r.stage_id, ""),
            "prob": lambda r: r.probability,
            "weighted": lambda r: r.weighted,
            "owner": lambda r: r.owner_name,
        }
        self.layoutAboutToBeChanged.emit()
        self.rows.sort(key=keys[key], reverse=order == Qt.SortOrder.DescendingOrder)
        self.layoutChanged.emit()
