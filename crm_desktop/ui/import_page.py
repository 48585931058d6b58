"""The Import page: choose a file, check how its columns map, preview, import, undo.

A wizard on one page, top to bottom: 1 the file (and sheet), 2 the columns (a field
chosen per column; a column without one is kept in the remarks unless "Do not import"
is chosen) and the values no synonym reads, each with its count, mapped to a choice
once and remembered, 3 a preview of the first 200 rows with every wrong cell marked
and explained in its tooltip, 4 what to do with duplicates and the import itself,
run in a background thread behind a progress dialog that can cancel. Below: the
result with "Save rejected rows…", and the import history with Undo.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QWheelEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStyledItemDelegate,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.errors import UserError
from crm_desktop.i18n import current_language
from crm_desktop.messages import msg, render
from crm_desktop.progress import Progress
from crm_desktop.services import importing
from crm_desktop.services.auth import Actor
from crm_desktop.services.fields import CHOICES, CUSTOMER_FIELD_MAP, CUSTOMER_FIELDS
from crm_desktop.services.importing import (
    EXTRA_LABELS,
    IGNORE,
    MANY_COLUMNS,
    is_target,
    remembered_value_maps,
    target_label,
)
from crm_desktop.textutil import fold
from crm_desktop.ui.operations import Operation, show_failure

PREVIEW_ROWS = 200
ROWS_LISTED = 200  # rows of each kind the result lists (kept, skipped, not imported)
ROWS_SHOWN = 4  # of those, lines seen at once under the result
MAPPING_ROWS_MIN = 4  # rows of the column table always seen (a 1366×768 screen, a log shown)
VALUES_ROWS_MIN = 2  # rows of the values table always seen
HISTORY_ROWS = 3  # rows of the import history seen at first (then it scrolls; resizable)
FILE_FILTER = QT_TRANSLATE_NOOP(
    "ImportPage", "Spreadsheets (*.xlsx *.xlsm *.xls *.et *.ods *.csv *.txt);;All files (*)"
)
ERROR_COLOR = QColor("#F8CBAD")
KEPT_COLOR = QColor("#DDEBF7")  # a value kept in the remarks instead of its field
AMBIGUOUS_COLOR = QColor("#FFE699")
DUPLICATE_COLOR = QColor("#D9D9D9")
_Index = QModelIndex | QPersistentModelIndex


def field_label(name: str | None) -> str:
    """What a column feeds, in the user's language: a field of the card, a part of the
    address, a contact's detail, or "Do not import"."""
    return target_label(name, current_language())


def cell_text(value: object) -> str:
    """A raw cell as a person reads it: 12404.0 as 12404, dates as YYYY-MM-DD, long text cut."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        if value.time() == time(0):
            return value.strftime("%Y-%m-%d")
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    return text if len(text) <= 200 else text[:200] + "…"


def _local(moment: datetime) -> str:
    """A stored UTC time as the user's wall-clock time."""
    return moment.replace(tzinfo=UTC).astimezone().strftime("%Y-%m-%d %H:%M")


class TableComboBox(QComboBox):
    """A combo box in a table cell: changed by a click or the keyboard only.

    The wheel turning over it scrolls the table instead (the box takes no focus from the
    wheel, and ignores the wheel unless it has focus), so scrolling the list of columns
    never changes a choice in passing. Its items' full texts are tooltips, as is the
    current one's, for a column too narrow for them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.currentIndexChanged.connect(self._current_changed)

    def set_tooltips(self) -> None:
        """Each item's text as its tooltip (once the items are in)."""
        for i in range(self.count()):
            self.setItemData(i, self.itemText(i), Qt.ItemDataRole.ToolTipRole)
        self._current_changed(self.currentIndex())

    def _current_changed(self, _index: int) -> None:
        self.setToolTip(self.currentText())

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 - Qt API
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()  # to the table's viewport: it scrolls


def table_height(view: QTableView, rows: int) -> int:
    """The height of `view` showing its header and `rows` rows (a horizontal scroll bar too)."""
    header = view.horizontalHeader().sizeHint().height()
    row = view.verticalHeader().defaultSectionSize()
    bar = view.horizontalScrollBar().sizeHint().height()
    return header + rows * row + bar + 2 * view.frameWidth()


# --- item models ------------------------------------------------------------------------


class MappingModel(QAbstractTableModel):
    """One row per column of the file: its header, the field it feeds (editable), a sample."""

    mappingChanged = Signal()

    HEADERS = (
        QT_TRANSLATE_NOOP("MappingModel", "Column in the file"),
        QT_TRANSLATE_NOOP("MappingModel", "Imported as"),
        QT_TRANSLATE_NOOP("MappingModel", "Unit"),
        QT_TRANSLATE_NOOP("MappingModel", "First value"),
    )

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.source: importing.ImportSource | None = None
        self.fed: dict[int, object] = {}  # column index -> the custom field it fills (label)

    def set_source(self, source: importing.ImportSource | None) -> None:
        self.beginResetModel()
        self.source = source
        self.endResetModel()

    def set_fed(self, fed: dict[int, object]) -> None:
        """The columns without a field that fill a custom field of the same name."""
        if fed != self.fed:
            self.fed = fed
            rows = self.rowCount()
            if rows:
                self.dataChanged.emit(self.index(0, 1), self.index(rows - 1, 1))

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self.source is None:
            return 0
        return len(self.source.columns)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.HEADERS):
            return self.tr(self.HEADERS[section])
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        return None

    def _sample(self, col: int) -> str:
        source = self.source
        assert source is not None
        return cell_text(source.first_value(col))

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.source is None:
            return None
        column = self.source.columns[index.row()]
        c = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if c == 0:
                return column.label
            if c == 1:
                if role == Qt.ItemDataRole.EditRole:
                    return column.field or ""
                if column.field:
                    return field_label(column.field)
                if self.source.keep_unmapped and column.index in self.fed:
                    return msg(
                        "importing.custom_field_column", field=self.fed[column.index]
                    ).render()
                if self.source.keep_unmapped:
                    return self.tr("(kept in the remarks)")
                return self.tr("(not imported)")
            if c == 2:
                return f"×{column.multiplier:,}" if column.multiplier != 1 else column.unit
            if c == 3:
                return self._sample(column.index)
        if role == Qt.ItemDataRole.ForegroundRole and c == 1 and column.field in (None, IGNORE):
            return QBrush(QColor("#808080"))
        if role == Qt.ItemDataRole.ToolTipRole and c == 0:
            return column.header
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == 1:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or index.column() != 1 or self.source is None:
            return False
        if role != Qt.ItemDataRole.EditRole:
            return False
        field = value or None
        if field is not None and not is_target(field):
            return False
        col = self.source.columns[index.row()]
        if col.field == field:
            return True
        changes: dict[int, str | None] = {col.index: field}
        # a field fed by another column moves here: that column is no longer imported
        for other in self.source.columns:
            if (
                field
                and field not in MANY_COLUMNS
                and other.field == field
                and other.index != col.index
            ):
                changes[other.index] = None
        importing.set_mapping(self.source, changes)
        self.dataChanged.emit(self.index(0, 1), self.index(self.rowCount() - 1, 2))
        self.mappingChanged.emit()
        return True


class FieldDelegate(QStyledItemDelegate):
    """A combo box for the mapping column: kept in the remarks, not imported, the card's
    fields, then the parts of the address and the contacts' details."""

    def createEditor(self, parent: QWidget | None, option, index: _Index) -> QWidget:
        combo = TableComboBox(parent)
        combo.addItem(self.tr("(kept in the remarks)"), "")
        lang = current_language()
        combo.addItem(target_label(IGNORE, lang), IGNORE)
        for spec in CUSTOMER_FIELDS:
            combo.addItem(spec.label(lang), spec.name)
        for name in EXTRA_LABELS:
            if name != IGNORE:
                combo.addItem(target_label(name, lang), name)
        combo.set_tooltips()
        combo.activated.connect(self._commit)
        return combo

    def _commit(self, _index: int) -> None:
        editor = self.sender()
        if isinstance(editor, QComboBox):
            self.commitData.emit(editor)

    def setEditorData(self, editor: QWidget, index: _Index) -> None:
        assert isinstance(editor, QComboBox)
        value = index.data(Qt.ItemDataRole.EditRole) or ""
        if not value:  # what no field means for this column: the remarks, or its custom field
            editor.setItemText(0, index.data(Qt.ItemDataRole.DisplayRole) or editor.itemText(0))
        pos = editor.findData(value)
        editor.setCurrentIndex(max(pos, 0))
        if isinstance(editor, TableComboBox):
            editor.set_tooltips()

    def setModelData(self, editor: QWidget, model, index: _Index) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class ValueMapModel(QAbstractTableModel):
    """Each distinct value of a choice column that no synonym reads, with its count, and the
    choice the user maps it to (once: the mapping is remembered by the import)."""

    valuesChanged = Signal()

    HEADERS = (
        QT_TRANSLATE_NOOP("ValueMapModel", "Column"),
        QT_TRANSLATE_NOOP("ValueMapModel", "Value in the file"),
        QT_TRANSLATE_NOOP("ValueMapModel", "Rows"),
        QT_TRANSLATE_NOOP("ValueMapModel", "Import as"),
    )

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.source: importing.ImportSource | None = None
        self.rows: list[tuple[str, str, str, int]] = []  # header, field, value, count
        self.remembered: dict[str, dict[str, str]] = {}
        # the counts are of the first rows only (a preview of a long file): how many rows
        # were read under the headers, and about how many the file has (None: all read)
        self.rows_read: int | None = None
        self.rows_total = 0

    def set_source(self, source: importing.ImportSource | None) -> None:
        self.beginResetModel()
        self.source = source
        self.rows = []
        self.rows_read = None
        if source is not None:
            data = source.data
            if data.stream is None and not data.complete:  # the values come from the head
                self.rows_read = max(len(data.rows) - source.header_pos - 1, 0)
                self.rows_total = source.data_rows_estimate
            self.remembered = remembered_value_maps()
            for index, values in source.unmapped_values().items():
                column = source.columns[index]
                for value, count in values:
                    self.rows.append((column.label, column.field or "", value, count))
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation, role: int = Qt.ItemDataRole.DisplayRole):
        partial = (
            self.rows_read is not None and orientation == Qt.Orientation.Horizontal
            and section == 2
        )  # fmt: skip
        if role == Qt.ItemDataRole.ToolTipRole and partial:
            return msg(
                "importing.values_rows_first_tip", count=self.rows_read, total=self.rows_total
            ).render()
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if partial:  # "Rows (of the first 234)": not the whole file's counts
            return msg("importing.values_rows_first", count=self.rows_read).render()
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.HEADERS):
            return self.tr(self.HEADERS[section])
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        return None

    def choice_of(self, row: int) -> str:
        """The choice code row `row`'s value is mapped to ('' : kept in the remarks)."""
        assert self.source is not None
        _header, field, value, _count = self.rows[row]
        chosen = self.source.value_maps.get(field, {}).get(value)
        if chosen is None:
            chosen = self.remembered.get(field, {}).get(fold(value))
        return chosen or ""

    def choices(self, row: int) -> list[tuple[str, str]]:
        """(code, label) of the choices of row `row`'s field, in the user's language."""
        spec = CUSTOMER_FIELD_MAP[self.rows[row][1]]
        zh = current_language().startswith("zh")
        return [
            (code, zh_en[0] if zh else zh_en[1])
            for code, zh_en in CHOICES[spec.choices or ""].items()
        ]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.source is None:
            return None
        header, _field, value, count = self.rows[index.row()]
        c = index.column()
        if role == Qt.ItemDataRole.EditRole and c == 3:
            return self.choice_of(index.row())
        if role == Qt.ItemDataRole.DisplayRole:
            if c == 0:
                return header
            if c == 1:
                return value
            if c == 2:
                return str(count)
            code = self.choice_of(index.row())
            labels = dict(self.choices(index.row()))
            return labels.get(code) or self.tr("(kept in the remarks)")
        if role == Qt.ItemDataRole.ForegroundRole and c == 3 and not self.choice_of(index.row()):
            return QBrush(QColor("#808080"))
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == 3:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or index.column() != 3 or self.source is None:
            return False
        if role != Qt.ItemDataRole.EditRole:
            return False
        _header, field, text, _count = self.rows[index.row()]
        code = value or ""
        if code and code not in dict(self.choices(index.row())):
            return False
        self.source.value_maps.setdefault(field, {})[text] = code
        if not code:  # kept as text: forget a remembered mapping for this import too
            self.remembered.get(field, {}).pop(fold(text), None)
        self.dataChanged.emit(index, index)
        self.valuesChanged.emit()
        return True


class ChoiceDelegate(QStyledItemDelegate):
    """A combo box of the choices of a value's field, plus "kept in the remarks"."""

    def createEditor(self, parent: QWidget, option, index: _Index) -> QWidget:
        combo = TableComboBox(parent)
        combo.addItem(self.tr("(kept in the remarks)"), "")
        model = index.model()
        if isinstance(model, ValueMapModel):
            for code, label in model.choices(index.row()):
                combo.addItem(label, code)
        combo.set_tooltips()
        combo.activated.connect(self._commit)
        return combo

    def _commit(self, _index: int) -> None:
        editor = self.sender()
        if isinstance(editor, QComboBox):
            self.commitData.emit(editor)

    def setEditorData(self, editor: QWidget, index: _Index) -> None:
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(editor.findData(index.data(Qt.ItemDataRole.EditRole) or ""), 0))

    def setModelData(self, editor: QWidget, model, index: _Index) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class PreviewModel(QAbstractTableModel):
    """The first rows as checked: status, row number, then the file's cells, errors marked."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.headers: list[str] = []
        self.rows: list[importing.RowCheck] = []
        self._problems: list[dict[int, importing.CellProblem]] = []
        self._notes: list[dict[int, importing.ImportNote]] = []

    def set_rows(self, headers: list[str], rows: list[importing.RowCheck]) -> None:
        self.beginResetModel()
        self.headers = list(headers)
        self.rows = rows
        self._problems = [{p.column: p for p in r.problems} for r in rows]
        where = {h: i for i, h in reversed(list(enumerate(self.headers))) if h}
        self._notes = [{where[n.column]: n for n in r.notes if n.column in where} for r in rows]
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers) + 2

    def headerData(self, section: int, orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            if section == 0:
                return self.tr("Status")
            if section == 1:
                return self.tr("Row")
            if 0 <= section - 2 < len(self.headers):
                return self.headers[section - 2] or f"#{section - 1}"
            return None
        return str(section + 1)

    def _status(self, row: importing.RowCheck) -> str:
        if row.status == "error":
            return self.tr("Error")
        if row.status == "duplicate":
            return self.tr("Duplicate")
        if row.status in ("person", "visit"):
            return render(f"importing.status_{row.status}")
        return self.tr("New")

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        c = index.column()
        problem = self._problems[index.row()].get(c - 2) if c >= 2 else None
        note = self._notes[index.row()].get(c - 2) if c >= 2 else None
        if role == Qt.ItemDataRole.DisplayRole:
            if c == 0:
                return self._status(row)
            if c == 1:
                return str(row.row_number)
            return cell_text(row.raw[c - 2]) if c - 2 < len(row.raw) else ""
        if role == Qt.ItemDataRole.ToolTipRole:
            if problem is not None:
                return problem.message
            if note is not None:
                return note.render()
            if c == 0 and row.status in ("duplicate", "person", "visit"):
                return row.duplicate_reason
            if c == 0 and row.problems:
                return "\n".join(f"{p.header or p.field}: {p.message}" for p in row.problems)
            return None
        if role == Qt.ItemDataRole.BackgroundRole:
            if problem is not None:
                return QBrush(AMBIGUOUS_COLOR if problem.ambiguous else ERROR_COLOR)
            if note is not None:
                return QBrush(KEPT_COLOR)
            if c == 0 and row.status == "error":
                return QBrush(ERROR_COLOR)
            if row.status == "duplicate":
                return QBrush(DUPLICATE_COLOR)
        return None


class HistoryModel(QAbstractTableModel):
    """The import history, newest first."""

    HEADERS = (
        QT_TRANSLATE_NOOP("HistoryModel", "When"),
        QT_TRANSLATE_NOOP("HistoryModel", "File"),
        QT_TRANSLATE_NOOP("HistoryModel", "By"),
        QT_TRANSLATE_NOOP("HistoryModel", "Created"),
        QT_TRANSLATE_NOOP("HistoryModel", "Updated"),
        QT_TRANSLATE_NOOP("HistoryModel", "Skipped"),
        QT_TRANSLATE_NOOP("HistoryModel", "Rejected"),
        QT_TRANSLATE_NOOP("HistoryModel", "Undone"),
    )

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.batches: list[importing.BatchInfo] = []

    def set_batches(self, batches: list[importing.BatchInfo]) -> None:
        self.beginResetModel()
        self.batches = batches
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.batches)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.HEADERS):
            return self.tr(self.HEADERS[section])
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        b = self.batches[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            values = (
                _local(b.started_at),
                b.file_name,
                b.user,
                str(b.created),
                str(b.updated),
                str(b.skipped),
                str(b.rejected),
                _local(b.undone_at) if b.undone_at else "",
            )
            return values[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and 3 <= index.column() <= 6:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and b.undone_at:
            return QBrush(QColor("#808080"))
        return None


# --- the background import --------------------------------------------------------------


def run_import(actor: Actor, source: importing.ImportSource, policy: str, strict: bool,
               progress: Progress) -> importing.ImportResult:  # fmt: skip
    """The import itself, off the GUI thread (ui/operations.py runs it)."""
    return importing.run_import(
        actor, source, on_duplicate=policy, strict=strict, progress=progress
    )


# --- the page ---------------------------------------------------------------------------------


class ImportPage(QWidget):
    """The Import page. Signals: imported(ImportResult), undone(batch id)."""

    imported = Signal(object)
    undone = Signal(int)
    takenBack = Signal(str)  # noqa: N815 - Qt signal name

    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.source: importing.ImportSource | None = None
        self.result: importing.ImportResult | None = None
        self.operation: Operation | None = None
        self._fitted = False
        self._build()
        self.refresh()

    # -- layout
    def _build(self) -> None:
        layout = QVBoxLayout(self)

        step1 = QGroupBox(self.tr("1. File"))
        row = QHBoxLayout(step1)
        self.choose_button = QPushButton(self.tr("Choose file…"))
        self.choose_button.clicked.connect(self.choose_file)
        self.file_label = QLabel(self.tr("No file chosen: .xlsx, .xlsm, .xls, .ods or .csv"))
        self.file_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.sheet_combo = QComboBox()
        self.sheet_combo.setEnabled(False)
        self.sheet_combo.activated.connect(self._sheet_chosen)
        self.template_button = QPushButton(self.tr("Save blank template…"))
        self.template_button.clicked.connect(self.save_template)
        row.addWidget(self.choose_button)
        row.addWidget(self.file_label, 1)
        row.addWidget(QLabel(self.tr("Sheet:")))
        row.addWidget(self.sheet_combo)
        row.addWidget(self.template_button)
        layout.addWidget(step1)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        step2 = QGroupBox(self.tr("2. Columns"))
        box = QVBoxLayout(step2)
        self.mapping_model = MappingModel(self)
        self.mapping_model.mappingChanged.connect(self._mapping_changed)
        self.mapping_view = QTableView()
        self.mapping_view.setModel(self.mapping_model)
        self.field_delegate = FieldDelegate(self.mapping_view)
        self.mapping_view.setItemDelegateForColumn(1, self.field_delegate)
        self.mapping_view.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        self.mapping_view.horizontalHeader().setStretchLastSection(True)
        self.mapping_view.verticalHeader().setVisible(False)
        self.unmapped_label = QLabel()
        self.unmapped_label.setWordWrap(True)
        self.keep_unmapped_check = QCheckBox(self.tr("Keep columns without a field in the remarks"))
        self.keep_unmapped_check.setChecked(True)
        self.keep_unmapped_check.toggled.connect(self._keep_unmapped_toggled)
        self.values_label = QLabel(self.tr("Values to map (each once; remembered):"))
        self.values_model = ValueMapModel(self)
        self.values_model.valuesChanged.connect(self._values_changed)
        self.values_view = QTableView()
        self.values_view.setModel(self.values_model)
        self.values_view.setItemDelegateForColumn(3, ChoiceDelegate(self.values_view))
        self.values_view.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        self.values_view.horizontalHeader().setStretchLastSection(True)
        self.values_view.verticalHeader().setVisible(False)
        self.custom_field_button = QPushButton(msg("custom_fields.from_column").render())
        self.custom_field_button.setObjectName("customFieldFromColumn")
        self.custom_field_button.clicked.connect(self.custom_field_from_column)
        self.custom_field_button.setVisible(self.actor.can("customer.edit_all"))
        # the columns above the values to map, each table a few rows at least, the line
        # between them draggable
        self.mapping_view.setMinimumHeight(table_height(self.mapping_view, MAPPING_ROWS_MIN))
        self.values_view.setMinimumHeight(table_height(self.values_view, VALUES_ROWS_MIN))
        columns_part = QWidget()
        part = QVBoxLayout(columns_part)
        part.setContentsMargins(0, 0, 0, 0)
        part.addWidget(self.mapping_view, 1)
        part.addWidget(self.unmapped_label)
        keep_row = QHBoxLayout()
        keep_row.addWidget(self.keep_unmapped_check)
        keep_row.addStretch(1)
        keep_row.addWidget(self.custom_field_button)
        part.addLayout(keep_row)
        self.values_part = QWidget()
        part = QVBoxLayout(self.values_part)
        part.setContentsMargins(0, 0, 0, 0)
        part.addWidget(self.values_label)
        part.addWidget(self.values_view, 1)
        self.tables_splitter = QSplitter(Qt.Orientation.Vertical)
        self.tables_splitter.setChildrenCollapsible(False)
        self.tables_splitter.addWidget(columns_part)
        self.tables_splitter.addWidget(self.values_part)
        self.tables_splitter.setStretchFactor(0, 3)
        self.tables_splitter.setStretchFactor(1, 2)
        box.addWidget(self.tables_splitter)
        splitter.addWidget(step2)

        step3 = QGroupBox(self.tr("3. Preview (first %n rows)", "", PREVIEW_ROWS))
        box = QVBoxLayout(step3)
        self.preview_model = PreviewModel(self)
        self.preview_view = QTableView()
        self.preview_view.setModel(self.preview_model)
        self.preview_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.preview_view.verticalHeader().setVisible(False)
        self.preview_view.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.Interactive
        )
        self.preview_label = QLabel()
        self.preview_label.setWordWrap(True)
        box.addWidget(self.preview_view)
        box.addWidget(self.preview_label)
        splitter.addWidget(step3)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 5)
        splitter.setSizes([560, 840])
        self.steps_splitter = splitter

        step4 = QGroupBox(self.tr("4. Import"))
        row = QHBoxLayout(step4)
        row.addWidget(QLabel(self.tr("Customers already in the list:")))
        self.policy_combo = QComboBox()
        self.policy_combo.addItem(self.tr("Skip them"), "skip")
        self.policy_combo.addItem(self.tr("Update their cards"), "update")
        self.policy_combo.addItem(self.tr("Import as new customers"), "new")
        row.addWidget(self.policy_combo)
        self.strict_check = QCheckBox(self.tr("Import nothing if any row is wrong"))
        row.addWidget(self.strict_check)
        row.addStretch(1)
        self.import_button = QPushButton(self.tr("Import"))
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.start_import)
        row.addWidget(self.import_button)

        result_row = QHBoxLayout()
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        self.save_rejected_button = QPushButton(self.tr("Save rejected rows…"))
        self.save_rejected_button.setEnabled(False)
        self.save_rejected_button.clicked.connect(self.save_rejected)
        result_row.addWidget(self.result_label, 1)
        result_row.addWidget(self.save_rejected_button)
        # the last import's rows, a line each: values kept in the remarks, rows skipped and
        # rows not imported with why (a list, scrolled, not a label taller than the page)
        self.rows_view = QPlainTextEdit()
        self.rows_view.setReadOnly(True)
        self.rows_view.setVisible(False)
        self.rows_view.setMinimumHeight(self._log_height(2))

        history = QGroupBox(self.tr("Import history"))
        box = QVBoxLayout(history)
        self.history_model = HistoryModel(self)
        self.history_view = QTableView()
        self.history_view.setModel(self.history_model)
        self.history_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.history_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.history_view.verticalHeader().setVisible(False)
        # each column as wide as its header and values; the file name takes what is left
        header = self.history_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        when = self.history_view.fontMetrics().horizontalAdvance("2026-12-31 23:59") + 16
        for column in (0, 7):  # a time, or none yet: as wide as one
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            header.resizeSection(column, max(when, header.sectionSizeHint(column)))
        self.history_view.setMinimumHeight(table_height(self.history_view, 1))
        self.history_view.selectionModel().selectionChanged.connect(self._history_selected)
        self.undo_button = QPushButton(self.tr("Undo this import"))
        self.undo_button.setEnabled(False)
        self.undo_button.clicked.connect(self.undo_selected)
        row = QHBoxLayout()  # the button beside the table: the table keeps the height
        row.addWidget(self.history_view, 1)
        buttons = QVBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.undo_button)
        row.addLayout(buttons)
        box.addLayout(row)
        self.history_box = history

        # steps 2 to 4 and the result above, then the last import's rows and the history:
        # the tables of the mapping keep their room, the log and the history a few lines
        # each, the lines between them draggable
        top = QWidget()
        top_box = QVBoxLayout(top)
        top_box.setContentsMargins(0, 0, 0, 0)
        top_box.addWidget(splitter, 1)
        top_box.addWidget(step4)
        top_box.addLayout(result_row)
        self.page_splitter = QSplitter(Qt.Orientation.Vertical)
        self.page_splitter.setChildrenCollapsible(False)
        self.page_splitter.addWidget(top)
        self.page_splitter.addWidget(self.rows_view)
        self.page_splitter.addWidget(history)
        self.page_splitter.setStretchFactor(0, 1)
        self.page_splitter.setStretchFactor(1, 0)
        self.page_splitter.setStretchFactor(2, 0)
        layout.addWidget(self.page_splitter, 1)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        if not self._fitted:  # once laid out: the history its few rows, the rest above
            self._fitted = True
            QTimer.singleShot(0, self._fit_bottom)

    def _fit_bottom(self, log_lines: int = 0) -> None:
        """The history HISTORY_ROWS rows tall (down to one on a small screen), the result's
        list `log_lines` lines (when shown), the rest to the steps above."""
        total = sum(self.page_splitter.sizes())
        if total <= 0:
            return
        view = self.history_view
        frame = self.history_box.sizeHint().height() - view.sizeHint().height()

        def history(rows: int) -> int:
            return frame + table_height(view, rows)

        log = self._log_height(log_lines) if log_lines and self.rows_view.isVisibleTo(self) else 0
        tall = history(HISTORY_ROWS)
        room = total - log - self.page_splitter.widget(0).minimumSizeHint().height()
        if room < tall:
            tall = max(history(1), room)
        self.page_splitter.setSizes([total - log - tall, log, tall])

    def _log_height(self, lines: int) -> int:
        """The height of the result's list showing `lines` lines."""
        view = self.rows_view
        frame = 2 * view.frameWidth() + 2 * int(view.document().documentMargin())
        return view.fontMetrics().lineSpacing() * lines + frame + 2

    # -- hooks
    def refresh(self) -> None:
        """Reload the history (the main window calls this when the page is shown again)."""
        try:
            self.history_model.set_batches(importing.import_history(self.actor))
        except UserError as exc:
            self._show_problem(exc.message)
        self._history_selected()

    # -- step 1
    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Choose a customer list"), "", self.tr(FILE_FILTER)
        )
        if path:
            self.load_file(path)

    def load_file(self, path: str | Path, sheet: str | None = None) -> bool:
        """Read the head of the file, map its columns and show the preview. False on failure.

        A workbook written by 发给业务员 is not a plain list: it goes to the take-back
        (matched by its hidden record ids, merged field by field) instead."""
        from crm_desktop.services.sync.workbook import is_for_update  # only when a file comes

        if sheet is None and is_for_update(path):
            return self._take_back(Path(path))
        try:
            source = importing.open_source(self.actor, path, sheet, preview_rows=PREVIEW_ROWS)
        except UserError as exc:
            self._show_problem(exc.message)
            return False
        self.source = source
        self.result = None
        self.save_rejected_button.setEnabled(False)
        self._say(self._sheet_notes())
        self.file_label.setText(Path(path).name)
        self.file_label.setToolTip(str(path))
        self.sheet_combo.blockSignals(True)
        self.sheet_combo.clear()
        self.sheet_combo.addItems(source.sheet_names)
        self.sheet_combo.setCurrentText(source.sheet)
        self.sheet_combo.setEnabled(len(source.sheet_names) > 1)
        self.sheet_combo.blockSignals(False)
        self.keep_unmapped_check.blockSignals(True)
        self.keep_unmapped_check.setChecked(source.keep_unmapped)
        self.keep_unmapped_check.blockSignals(False)
        self.mapping_model.set_source(source)
        self._open_editors()
        self._fit_mapping_columns()
        self._mapping_changed()
        return True

    def _take_back(self, path: Path) -> bool:
        """Hand a for-update workbook to the take-back dialog (plan, conflicts, apply)."""
        from crm_desktop.ui.sync_dialogs import take_back_workbook

        self.source = None
        self.result = None
        self.mapping_model.set_source(None)
        self.values_model.set_source(None)
        self.preview_model.set_rows([], [])
        self.sheet_combo.clear()
        self.sheet_combo.setEnabled(False)
        self.import_button.setEnabled(False)
        self.save_rejected_button.setEnabled(False)
        self.file_label.setText(path.name)
        self.file_label.setToolTip(str(path))
        self._say(msg("sync.ui_handed_over", file=path.name).render(current_language()))
        take_back_workbook(self, str(path), finished=self._taken_back)
        return True

    def _taken_back(self, summary: str) -> None:
        self._say(summary)
        self.refresh()
        self.takenBack.emit(summary)

    def _sheet_notes(self) -> str:
        """What the page says of the workbook's sheets: which were passed over for the
        list (instructions, a 汇总), which others hold lists ("" when nothing)."""
        if self.source is None:
            return ""
        lang = current_language()
        notes = []
        if self.source.choice is not None:
            notes.append(self.source.choice.message(self.source.path.name).render(lang))
        others = self.source.other_lists_message(wizard=True)
        if others is not None:
            notes.append(others.render(lang))
        people = self.source.people_sheets_message()
        if people is not None:
            notes.append(people.render(lang))
        return "\n".join(notes)

    def _sheet_chosen(self, _index: int) -> None:
        if self.source is not None and self.sheet_combo.currentText() != self.source.sheet:
            self.load_file(self.source.path, self.sheet_combo.currentText())

    def _fit_mapping_columns(self) -> None:
        """The 'Imported as' column as wide as its longest choice, the file's headers up to
        160 pixels; the columns pane widened (up to half the page) to show them with some
        of the first values."""
        view = self.mapping_view
        view.resizeColumnsToContents()
        view.setColumnWidth(0, min(view.columnWidth(0), 160))
        combo = self.field_delegate.createEditor(None, None, QModelIndex())
        widths = [combo.sizeHint().width()]
        combo.deleteLater()
        for r in range(self.mapping_model.rowCount()):
            editor = view.indexWidget(self.mapping_model.index(r, 1))
            if editor is not None:  # a custom field's name, longer than the choices
                widths.append(editor.sizeHint().width())
        view.setColumnWidth(1, max(widths))
        # the first values get at least this much room; the pane grows for it, taking
        # from the preview, not past half of the two
        wanted = sum(view.columnWidth(c) for c in range(3)) + 120
        wanted += view.verticalScrollBar().sizeHint().width() + 2 * view.frameWidth()
        has = view.width() if view.isVisible() else 0
        sizes = self.steps_splitter.sizes()
        if has and wanted > has and sum(sizes) > 0:
            grow = min(wanted - has, max(sum(sizes) // 2 - sizes[0], 0))
            if grow > 0:
                self.steps_splitter.setSizes([sizes[0] + grow, sizes[1] - grow])

    def _open_editors(self) -> None:
        rows = self.mapping_model.rowCount()
        if rows <= 200:  # a combo box per column; a huge sheet edits on click instead
            for r in range(rows):
                self.mapping_view.openPersistentEditor(self.mapping_model.index(r, 1))

    # -- steps 2 and 3
    def custom_field_from_column(self) -> None:
        """A new custom field from the selected unmapped column (kind guessed from its
        values); the import then fills it instead of the remarks."""
        from crm_desktop.ui.custom_fields_dialog import field_from_column

        source = self.source
        row = self.mapping_view.currentIndex().row()
        if source is None or not 0 <= row < len(source.columns) or source.columns[row].field:
            QMessageBox.information(
                self, self.windowTitle(), msg("custom_fields.pick_unmapped").render()
            )
            return
        column = source.columns[row]
        values = [t for t, n in source.distinct_values(column.index) for _ in range(n)]
        if field_from_column(self.actor, column.header, values, self) is not None:
            self.keep_unmapped_check.setChecked(True)
            self._mapping_changed()

    def _keep_unmapped_toggled(self, keep: bool) -> None:
        if self.source is not None:
            self.source.keep_unmapped = keep
            self.mapping_model.set_source(self.source)
            self._open_editors()
            self._fit_mapping_columns()
            self._mapping_changed()

    def _values_changed(self) -> None:
        self._show_preview()

    def _open_value_editors(self) -> None:
        rows = self.values_model.rowCount()
        if rows <= 200:
            for r in range(rows):
                self.values_view.openPersistentEditor(self.values_model.index(r, 3))

    def _mapping_changed(self) -> None:
        source = self.source
        if source is None:
            return
        # columns headed like a custom field fill it (as the import will)
        fed = importing.custom_columns(self.actor, source, keep=source.keep_unmapped, define=False)
        self.mapping_model.set_fed({i: field.text for i, field in fed.items()})
        headers = [c.header for c in source.columns if c.index in fed]
        self.unmapped_label.setText(
            importing.unmapped_message(source, keep=source.keep_unmapped, fed=headers)
        )
        self.unmapped_label.setVisible(bool(self.unmapped_label.text()))
        self.values_model.set_source(source)
        self.values_view.resizeColumnsToContents()
        self._open_value_editors()
        self.values_part.setVisible(self.values_model.rowCount() > 0)
        self._show_preview()

    def _show_preview(self) -> None:
        source = self.source
        if source is None:
            return
        has_name = importing.names_customers(source.columns)
        rows = importing.preview(self.actor, source, PREVIEW_ROWS)
        self.preview_model.set_rows(source.headers, rows)
        self.preview_view.resizeColumnsToContents()
        for c in range(self.preview_model.columnCount()):
            self.preview_view.setColumnWidth(c, min(self.preview_view.columnWidth(c), 240))
        errors = sum(1 for r in rows if r.status == "error")
        duplicates = sum(1 for r in rows if r.status == "duplicate")
        # a number Excel cut is kept in its field with a warning; every other note (a
        # value that fit no field, a note written into a name) went into the remarks
        notes = [n for r in rows if r.status != "error" for n in r.notes]
        digits = sum(map(importing.tells_lost_digits, notes))
        kept = len(notes) - digits
        total = source.data.total_rows and source.data_rows_estimate  # rows under the headers
        # "，" between the counts in Chinese, and no space between its sentences
        sep = self.tr(", ", "between the counts of a sentence")
        text = self.tr("%n row(s) with errors", "", errors) + sep
        text += self.tr("%n duplicate(s)", "", duplicates) + sep
        text += self.tr("%n value(s) kept in the remarks", "", kept)
        text += self.tr(" in the first %n rows.", "", len(rows))
        if total:
            text += self.tr(" The sheet has about %n rows.", "", total)
        if digits:  # phones and accounts Excel cut or wrote as 1.38E+10: kept, warned of
            text += render("importing.preview_digits", {"count": digits})
        people = sum(1 for r in rows if r.status == "person")
        if people:  # rows under a merged name, a people export's: more people of a customer
            text += render("importing.preview_people", {"count": people})
        visits = sum(1 for r in rows if r.status == "visit")
        if visits:  # a visit log's rows of a customer visited before
            text += render("importing.preview_visits", {"count": visits})
        if not has_name:
            text = self.tr("Choose the column that holds the customer name. ") + text
        self.preview_label.setText(text)
        self.import_button.setEnabled(has_name and self.operation is None)

    # -- step 4
    def start_import(self) -> None:
        if self.source is None or self.operation is not None:
            return
        self.import_button.setEnabled(False)
        actor, source = self.actor, self.source
        policy, strict = self.policy_combo.currentData(), self.strict_check.isChecked()
        self.operation = (
            Operation(
                self,
                lambda progress: run_import(actor, source, policy, strict, progress),
                name="import customers",
            )
            .on_step(self._step)
            .success(self._done)
            .failure(self._failed)
            .cancelled(self._cancelled)
            .finally_(self._import_finished)
            .with_progress(self.tr("Importing…"), title=self.tr("Import"))
            .run_in_background()
        )

    def cancel_import(self) -> None:
        if self.operation is not None:
            self.operation.cancel()

    def _step(self, done: int, total: int, _text: str = "") -> None:
        dialog = self.operation.dialog if self.operation is not None else None
        if dialog is None or total <= 0:
            return
        dialog.setLabelText(self.tr("Importing row %1 of %2…").replace("%1", f"{done:,}")
                            .replace("%2", f"{total:,}"))  # fmt: skip

    def _done(self, result: importing.ImportResult) -> None:
        self.result = result
        text = self.tr("Created %1, updated %2, skipped %3, rejected %4.")
        for i, n in enumerate((result.created, result.updated, result.skipped, result.rejected)):
            text = text.replace(f"%{i + 1}", str(n))
        if result.refused:
            text = self.tr("Nothing was imported: some rows are wrong.") + " " + text
        if result.warnings:
            text += "\n" + "\n".join(result.warnings)
        others = self.source.other_lists_message(wizard=True) if self.source else None
        if others is not None:  # a list per sheet: the next ones are named
            text += "\n" + others.render(current_language())
        self._say(text)
        lines = result.row_lines(ROWS_LISTED)
        self.rows_view.setPlainText("\n".join(lines))
        self.rows_view.setVisible(bool(lines))
        # as tall as its lines, up to ROWS_SHOWN (then it scrolls; the line above it
        # drags): taken from the history first, the mapping and the preview above keep
        # their room on a 768-pixel screen
        self._fit_bottom(min(len(lines), ROWS_SHOWN))
        self.save_rejected_button.setEnabled(bool(result.rejected))
        self.refresh()
        self.imported.emit(result)

    def _failed(self, exc: BaseException) -> None:
        """A refusal is said in the page; a bug opens the unexpected-error dialog."""
        if isinstance(exc, UserError):
            self._show_problem(exc.message)
        else:
            show_failure(self, exc, logged=True)

    def _cancelled(self) -> None:
        self._say(render("ui.import_cancelled"))

    def _import_finished(self) -> None:
        self.operation = None
        self.import_button.setEnabled(
            self.source is not None and importing.names_customers(self.source.columns)
        )

    # -- results
    def save_rejected(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save rejected rows"), "rejected.xlsx", self.tr("Excel (*.xlsx)")
        )
        if path:
            self.write_rejected_to(path)

    def write_rejected_to(self, path: str | Path) -> bool:
        from crm_desktop.jobs.importing import save_rejected_rows

        if self.result is None or not self.result.rejected:
            return False
        try:
            save_rejected_rows(self.result, path, current_language())
        except OSError as exc:
            self._show_problem(self.tr("Cannot write %1: %2").replace("%1", str(path))
                               .replace("%2", exc.strerror or str(exc)))  # fmt: skip
            return False
        return True

    def save_template(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save blank template"), self.tr("customer-import-template.xlsx"),
            self.tr("Excel (*.xlsx)"),
        )  # fmt: skip
        if path:
            self.write_template_to(path)

    def write_template_to(self, path: str | Path) -> bool:
        from crm_desktop.jobs.importing import write_template

        try:
            write_template(path, current_language())
        except OSError as exc:
            self._show_problem(self.tr("Cannot write %1: %2").replace("%1", str(path))
                               .replace("%2", exc.strerror or str(exc)))  # fmt: skip
            return False
        return True

    # -- history
    def _selected_batch(self) -> importing.BatchInfo | None:
        rows = self.history_view.selectionModel().selectedRows()
        if not rows:
            return None
        return self.history_model.batches[rows[0].row()]

    def _history_selected(self, *_args) -> None:
        batch = self._selected_batch()
        self.undo_button.setEnabled(batch is not None and batch.undone_at is None)

    def undo_selected(self) -> None:
        batch = self._selected_batch()
        if batch is None:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Undo import"),
            self.tr("Undo the import of %1? Its %2 new customer(s) will be deleted and the "
                    "fields it changed restored.").replace("%1", batch.file_name)
            .replace("%2", str(batch.created)),
        )  # fmt: skip
        if answer == QMessageBox.StandardButton.Yes:
            self.undo_batch(batch.id)

    def undo_batch(self, batch_id: int) -> importing.UndoResult | None:
        try:
            result = importing.undo_import(self.actor, batch_id)
        except UserError as exc:
            self._show_problem(exc.message)
            return None
        self._say(self.tr("Import undone: %1.").replace("%1", result.summary()))
        self.refresh()
        self.undone.emit(batch_id)
        return result

    def _show_problem(self, message: str) -> None:
        """A plain message in the page (no modal box: the page stays usable)."""
        self._say(message, problem=True)

    def _say(self, text: str, problem: bool = False) -> None:
        """A message of the page; the last import's rows go with its result only."""
        self.result_label.setStyleSheet("color: #C00000" if problem else "")
        self.result_label.setText(text)
        self.rows_view.clear()
        self.rows_view.setVisible(False)

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt API
        if self.operation is not None:
            self.operation.cancel()
            self.operation.wait()
        super().closeEvent(event)
