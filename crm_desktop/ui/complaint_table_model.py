"""The complaint list's item model: a count, then ids and rows fetched by page and cached.

Like the customer list, but lazier: a new query asks only how many complaints it
selects (`complaints.count_complaints`, a count over the index); the ids of a page
(`complaint_id_page`) and their rows (`complaint_rows`) are read when the view paints
that page. 50,000 open complaints paint after one count and one page.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from crm_desktop import i18n
from crm_desktop.services import complaints
from crm_desktop.services.auth import Actor
from crm_desktop.services.complaints import ComplaintQuery, ComplaintRow

PAGE_SIZE = 120

# (key, header in context "ComplaintTableModel" or a complaint field's label)
COLUMNS: tuple[str, ...] = (
    "due_at",
    "status",
    "severity",
    "customer",
    "subject",
    "category",
    "product",
    "handled_by",
    "received_at",
    "channel",
)

_RED = QBrush(QColor("#c62828"))
_ORANGE = QBrush(QColor("#e65100"))
_GREY = QBrush(QColor("#888888"))
_ROW_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

RowFetcher = Callable[[Actor, list[int]], list[ComplaintRow]]


def _time(value: datetime | None) -> str:
    return f"{value:%Y-%m-%d %H:%M}" if value else ""


class ComplaintTableModel(QAbstractTableModel):
    """Rows of complaints for a QTableView.

    Signals: `queryChanged()` after a new query's ids are loaded (the count changed).
    """

    queryChanged = Signal()

    def __init__(
        self,
        actor: Actor,
        parent: QObject | None = None,
        *,
        fetch_rows: RowFetcher | None = None,
    ) -> None:
        super().__init__(parent)
        self.actor = actor
        self.lang = i18n.current_language()
        self._fetch_rows = fetch_rows or complaints.complaint_rows
        self.query = ComplaintQuery()
        self._count = 0
        self._id_pages: dict[int, list[int]] = {}
        self._rows: dict[int, ComplaintRow] = {}
        self._texts: dict[int, tuple[str, ...]] = {}
        self.now = datetime.now()

    def set_query(self, query: ComplaintQuery) -> None:
        """Run a new query in the database and show its rows (cache dropped)."""
        self.query = query
        self.reload()

    def reload(self) -> None:
        count = complaints.count_complaints(self.actor, self.query)
        self.beginResetModel()
        self._count = count
        self._id_pages.clear()
        self._rows.clear()
        self._texts.clear()
        self.now = datetime.now()
        self.endResetModel()
        self.queryChanged.emit()

    def ids(self) -> list[int]:
        """Every id of the list, in order (reads them all: for tests and small lists)."""
        return [i for i in (self.id_at(r) for r in range(self._count)) if i is not None]

    def _page_ids(self, page: int) -> list[int]:
        ids = self._id_pages.get(page)
        if ids is None:
            ids = complaints.complaint_id_page(self.actor, self.query, page * PAGE_SIZE, PAGE_SIZE)
            self._id_pages[page] = ids
        return ids

    def id_at(self, row: int) -> int | None:
        if not 0 <= row < self._count:
            return None
        ids = self._page_ids(row // PAGE_SIZE)
        offset = row % PAGE_SIZE
        return ids[offset] if offset < len(ids) else None

    def row_at(self, row: int) -> ComplaintRow | None:
        cid = self.id_at(row)
        if cid is None:
            return None
        if cid not in self._rows:
            page = [i for i in self._page_ids(row // PAGE_SIZE) if i not in self._rows]
            for r in self._fetch_rows(self.actor, page):
                self._rows[r.id] = r
        return self._rows.get(cid)

    def _row_texts(self, row: ComplaintRow) -> tuple[str, ...]:
        texts = self._texts.get(row.id)
        if texts is None:
            texts = tuple(self.text(row, key) for key in COLUMNS)
            self._texts[row.id] = texts
        return texts

    # --- Qt ---------------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        return _ROW_FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        if not 0 <= section < len(COLUMNS):
            return None
        key = COLUMNS[section]
        if key == "customer":
            return QCoreApplication.translate("ComplaintTableModel", "Customer")
        zh, en = complaints.FIELD_LABELS[key]
        return zh if i18n.is_chinese(self.lang) else en

    def text(self, row: ComplaintRow, key: str) -> str:
        lang = self.lang
        if key == "due_at":
            return _time(row.due_at)
        if key == "status":
            status = "overdue" if row.is_overdue(self.now) else row.status
            return complaints.status_label(status, lang)
        if key == "severity":
            return complaints.severity_label(row.severity, lang)
        if key == "customer":
            return f"{row.customer_code} {row.customer_name}"
        if key == "category":
            return complaints.category_label(row.category, lang)
        if key == "channel":
            return complaints.channel_label(row.channel, lang)
        if key == "product":
            return row.product_name
        if key == "received_at":
            return _time(row.received_at)
        if key == "handled_by":
            return row.handled_by
        return str(getattr(row, key, "") or "")

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.row_at(index.row())
        if row is None:
            return None
        key = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._row_texts(row)[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole:
            if key in ("due_at", "status") and row.is_overdue(self.now):
                return _RED
            if key == "severity" and row.severity == "urgent":
                return _RED
            if key == "severity" and row.severity == "high":
                return _ORANGE
            if row.status in ("confirmed", "closed"):
                return _GREY
            return None
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        if role == Qt.ItemDataRole.ToolTipRole and key == "subject":
            return row.subject
        return None
