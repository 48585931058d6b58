"""The customer list's item model: ids only, rows fetched lazily by page and cached.

Built the way Anki's browser table is: the model holds the ordered ids of every
matching customer (`customer_ids`), and asks `customer_rows` for a page of rows only
when the view paints them. Filtering and sorting happen in the database; a new query
replaces the id list and drops the cache. 100k customers cost a list of ints.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from crm_desktop import i18n
from crm_desktop.messages import msg
from crm_desktop.services import customer_figures, search
from crm_desktop.services import customers as customer_service
from crm_desktop.services.auth import Actor
from crm_desktop.services.custom_fields import definitions as custom_defs
from crm_desktop.services.custom_fields import kinds as custom_kinds
from crm_desktop.services.custom_fields import values as custom_values
from crm_desktop.services.customer_figures import Figures
from crm_desktop.services.customers import CustomerQuery, CustomerRow
from crm_desktop.services.fields import CUSTOMER_FIELD_MAP, choice_label

PAGE_SIZE = 120
REASON_ROWS = 40  # search hits explained at a time: about what a window shows

_DISPLAY = Qt.ItemDataRole.DisplayRole.value
_TOOLTIP = Qt.ItemDataRole.ToolTipRole.value
_ALIGN = Qt.ItemDataRole.TextAlignmentRole.value
_FOREGROUND = Qt.ItemDataRole.ForegroundRole.value
_USER = Qt.ItemDataRole.UserRole.value
_ROW_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_RIGHT = int((Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter).value)


@dataclass(frozen=True)
class Column:
    """One column of the list: the row attribute, its label and its sort key (None: unsortable)."""

    key: str
    sort: str | None
    choices: str | None = None
    align_right: bool = False
    custom: custom_kinds.FieldDef | None = None  # a custom field's column

    def label(self, lang: str) -> str:
        if self.custom is not None:
            return self.custom.label(lang)
        spec = CUSTOMER_FIELD_MAP.get(self.key)
        if spec is not None:
            return spec.label(lang)
        if self.key == "updated_at":
            return QCoreApplication.translate("CustomerTableModel", "Last changed")
        if self.key in _LABELS:
            return msg(_LABELS[self.key]).render(lang)
        return self.key


# the columns that are not card fields: why a search hit matched, and the figures
MATCH = "match"
FIGURE_KEYS = customer_figures.FIGURE_SORTS  # balance, last_contact_at, next_followup
_LABELS = {
    MATCH: "search.column",
    "balance": "customer_list.balance",
    "last_contact_at": "customer_list.last_contact",
    "next_followup": "customer_list.next_followup",
}


COLUMNS: tuple[Column, ...] = (
    Column("code", "code"),
    Column("name", "name"),
    Column(MATCH, None),  # shown while searching
    Column("stage", "stage", "stage"),
    Column("abc_class", "abc_class", "abc_class"),
    Column("credit_rating", "credit_rating", "credit_rating"),
    Column("owner", "owner"),
    Column("contact_name", "contact_name"),
    Column("contact_phone", None),
    Column("phone", "phone"),
    Column("credit_limit", "credit_limit", align_right=True),
    Column("balance", "balance", align_right=True),
    Column("last_contact_at", "last_contact_at"),
    Column("next_followup", "next_followup"),
    Column("address", "address"),  # long: after the short ones, so they fit a laptop's screen
    Column("updated_at", "updated_at"),
)
COLUMN_KEYS = tuple(c.key for c in COLUMNS)
DEFAULT_HIDDEN = frozenset({"phone", "updated_at"})


def custom_columns() -> tuple[Column, ...]:
    """The customer custom fields as optional columns (long texts are not sortable)."""
    return tuple(
        Column(
            f.name,
            None if f.kind == "long" else f.name,
            align_right=f.kind in ("number", "money"),
            custom=f,
        )
        for f in custom_defs.list_fields("customer")
        if not f.hidden
    )


_GREY = QBrush(QColor("#888888"))

RowFetcher = Callable[[Actor, list[int]], list[CustomerRow]]
IdFetcher = Callable[[Actor, CustomerQuery], list[int]]


def format_money(value: Decimal | None, lang: str) -> str:
    if value is None:
        return ""
    return f"¥{value:,.2f}" if lang.startswith("zh") else f"CNY {value:,.2f}"


class CustomerTableModel(QAbstractTableModel):
    """Rows of customers for a QTableView.

    Signals: `queryChanged()` after a new query's ids are loaded (the count changed).
    """

    queryChanged = Signal()

    def __init__(
        self,
        actor: Actor,
        parent: QObject | None = None,
        *,
        fetch_ids: IdFetcher | None = None,
        fetch_rows: RowFetcher | None = None,
        lang: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.actor = actor
        self.lang = lang or i18n.current_language()
        self._fetch_ids = fetch_ids or customer_service.customer_ids
        self._fetch_rows = fetch_rows or customer_service.customer_rows
        self._query = CustomerQuery()
        self._ids: list[int] = []
        self._rows: dict[int, CustomerRow] = {}
        self._texts: dict[int, tuple[str, ...]] = {}
        self._loaded = False
        # the built-in columns, then the custom fields' (read once: a new field shows
        # when the page is made again)
        self.columns: tuple[Column, ...] = COLUMNS + custom_columns()
        self._custom_fields = [c.custom for c in self.columns if c.custom is not None]
        self._custom: dict[int, dict] = {}
        # the figures (balance, last contact, next follow-up) and why a hit matched: read
        # with each page of rows, the figures only while one of their columns is shown
        self._figures: dict[int, Figures] = {}
        self._reasons: dict[int, str] = {}
        self.figures_wanted = True

    # --- the query ----------------------------------------------------------------

    @property
    def query(self) -> CustomerQuery:
        return self._query

    def set_query(self, query: CustomerQuery) -> None:
        """Run a new query in the database and show its rows (cache dropped)."""
        self._query = query
        self.reload()

    def update_query(self, **changes) -> None:
        self.set_query(replace(self._query, **changes))

    def reload(self) -> None:
        """Fetch the ids again: after a write, or to pick up others' changes."""
        ids = self._fetch_ids(self.actor, self._query)
        self.beginResetModel()
        self._ids = ids
        self._forget()
        self._loaded = True
        self.endResetModel()
        self.queryChanged.emit()

    def refresh_rows(self, ids: list[int]) -> None:
        """Forget the cached rows of these ids (they changed) and repaint them."""
        for customer_id in ids:
            for cache in (self._rows, self._texts, self._custom, self._figures, self._reasons):
                cache.pop(customer_id, None)
        if self._ids:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._ids) - 1, len(self.columns) - 1)
            )

    def _forget(self) -> None:
        for cache in (self._rows, self._texts, self._custom, self._figures, self._reasons):
            cache.clear()

    def set_figures_wanted(self, wanted: bool) -> None:
        """Read the figures with each page (a figure column is shown) or not."""
        if wanted == self.figures_wanted:
            return
        self.figures_wanted = wanted
        self.beginResetModel()  # the rows read so far lack (or need not keep) them
        self._forget()
        self.endResetModel()

    # --- lazy rows ----------------------------------------------------------------

    def customer_id(self, row: int) -> int | None:
        if 0 <= row < len(self._ids):
            return self._ids[row]
        return None

    def row_of(self, customer_id: int) -> int | None:
        try:
            return self._ids.index(customer_id)
        except ValueError:
            return None

    def row_data(self, row: int) -> CustomerRow | None:
        """The row object, fetching its page (PAGE_SIZE rows around it) when not cached."""
        customer_id = self.customer_id(row)
        if customer_id is None:
            return None
        cached = self._rows.get(customer_id)
        if cached is not None:
            return cached
        start = max(0, row - PAGE_SIZE // 4)
        wanted = [i for i in self._ids[start : start + PAGE_SIZE] if i not in self._rows]
        for fetched in self._fetch_rows(self.actor, wanted):
            self._rows[fetched.id] = fetched
        if self._custom_fields and wanted:
            self._custom.update(custom_values.values_of("customer", wanted, self._custom_fields))
        if self.figures_wanted and wanted:
            self._figures.update(customer_figures.figures(self.actor, wanted))
        return self._rows.get(customer_id)

    def _explain(self, row: int) -> None:
        """Why the hits from `row` on matched (REASON_ROWS of them, about a screenful):
        worked out for the rows the view paints, not for every hit or row fetched."""
        if not self._query.text.strip() or self._ids[row] in self._reasons:
            return
        ids = [i for i in self._ids[row : row + REASON_ROWS] if i not in self._reasons]
        found = search.match_reasons(self._query.text, ids)
        for cid in ids:
            self._reasons[cid] = search.describe(found.get(cid, ()), self.lang)

    @property
    def cached_count(self) -> int:
        return len(self._rows)

    # --- QAbstractTableModel --------------------------------------------------------

    def rowCount(self, parent: QModelIndex | None = None) -> int:  # noqa: N802
        if parent is not None and parent.isValid():
            return 0
        return len(self._ids)

    def columnCount(self, parent: QModelIndex | None = None) -> int:  # noqa: N802
        if parent is not None and parent.isValid():
            return 0
        return len(self.columns)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            if role == Qt.ItemDataRole.DisplayRole:
                return self.columns[section].label(self.lang)
            if role == Qt.ItemDataRole.ToolTipRole and self.columns[section].key == MATCH:
                return msg("search.column_tip").render(self.lang)
            if role == Qt.ItemDataRole.ToolTipRole and self.columns[section].sort is None:
                return QCoreApplication.translate(
                    "CustomerTableModel", "This column cannot be sorted"
                )
        return None

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return _ROW_FLAGS

    def data(self, index: QModelIndex, role: int = _DISPLAY):
        # Called for every role of every visible cell on each paint: keep it short.
        if role in (_DISPLAY, _TOOLTIP):
            texts = self.row_texts(index.row())
            if texts is None:
                return None
            text = texts[index.column()]
            if role == _TOOLTIP:
                key = self.columns[index.column()].key
                return text if text and key in ("name", "address", MATCH) else None
            return text
        if role == _ALIGN:
            return _RIGHT if self.columns[index.column()].align_right else None
        if role == _FOREGROUND:
            return _GREY if self._query.deleted else None
        if role == _USER:
            return self.customer_id(index.row())
        return None

    def row_texts(self, row: int) -> tuple[str, ...] | None:
        """The shown text of every column of a row, computed once per fetched row."""
        if not 0 <= row < len(self._ids):
            return None
        customer_id = self._ids[row]
        texts = self._texts.get(customer_id)
        if texts is None:
            data = self.row_data(row)
            if data is None:
                return None
            self._explain(row)
            texts = tuple(self.display(data, column) for column in self.columns)
            self._texts[customer_id] = texts
        return texts

    def display(self, row: CustomerRow, column: Column) -> str:
        key = column.key
        if column.custom is not None:
            value = self._custom.get(row.id, {}).get(key)
            if column.custom.kind == "money":
                return format_money(value, self.lang)
            return column.custom.show(value, self.lang)
        if key == "owner":
            return row.owner_name
        if key == "credit_limit":
            return format_money(row.credit_limit, self.lang)
        if key == "updated_at":
            return row.updated_at.strftime("%Y-%m-%d %H:%M") if row.updated_at else ""
        if key == MATCH:
            return self._reasons.get(row.id, "")
        if key in FIGURE_KEYS:
            return self._figure_text(row.id, key)
        value = getattr(row, key)
        if column.choices:
            return choice_label(column.choices, value, self.lang)
        return "" if value is None else str(value)

    def _figure_text(self, customer_id: int, key: str) -> str:
        figures = self._figures.get(customer_id)
        if figures is None:
            return ""
        if key == "balance":
            return format_money(figures.balance, self.lang)
        if key == "last_contact_at":
            at = figures.last_contact_at
            return at.strftime("%Y-%m-%d") if at else ""
        at = figures.next_followup
        return at.strftime("%Y-%m-%d %H:%M") if at else ""

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort in the database: a new query with the column's sort key."""
        if not 0 <= column < len(self.columns) or self.columns[column].sort is None:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        key = self.columns[column].sort
        if self._loaded and key == self._query.sort and descending == self._query.descending:
            return
        self.update_query(sort=key, descending=descending)

    def sort_column(self) -> int:
        for number, column in enumerate(self.columns):
            if column.sort == self._query.sort:
                return number
        return -1
