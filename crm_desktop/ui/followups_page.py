"""The Follow-ups page: a month calendar with marked days, and lists to work through.

Lists: the chosen day, overdue (`services.followups.overdue`: follow-ups due before
today and customers out of cadence), today, this week, and a per-owner overview whose
overdue column adds up to the overdue tab. Every row and count comes from
`services.followups`; the page only shows them and opens the dialogs of
`ui.followup_dialog`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QDate,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QTextCharFormat
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCalendarWidget,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.errors import UserError
from crm_desktop.models.entities import FOLLOWUP_KINDS
from crm_desktop.services import followups as service
from crm_desktop.services.auth import Actor, list_users
from crm_desktop.services.followups import DayCount, FollowUpQuery, FollowUpRow
from crm_desktop.ui.followup_dialog import CompleteDialog, PlanDialog, RescheduleDialog
from crm_desktop.ui.table_models import ListTableModel

_Index = QModelIndex | QPersistentModelIndex
OVERDUE_COLOR = QColor("#c0392b")
DONE_COLOR = QColor("#7f8c8d")
PLANNED_MARK = QColor("#2e86de")
DONE_MARK = QColor("#95a5a6")


class FollowUpTableModel(ListTableModel):
    """Rows of `FollowUpRow`, sortable by any column (the list itself is sorted)."""

    COLUMNS = ("due", "code", "customer", "kind", "contact", "owner", "status", "subject")
    WIDTHS = (120, 72, 150, 90, 70, 64, 64, 120)

    def __init__(self, parent: QWidget | None = None, *, now: datetime | None = None) -> None:
        super().__init__(parent=parent)
        self.rows: list[FollowUpRow] = []
        self.now = now
        self.headers = [
            self.tr("Due"),
            self.tr("Code"),
            self.tr("Customer"),
            self.tr("Kind"),
            self.tr("Contact"),
            self.tr("Owner"),
            self.tr("Status"),
            self.tr("Subject"),
        ]

    def set_rows(self, rows: Sequence[FollowUpRow], now: datetime | None = None) -> None:
        self.now = now
        super().set_rows(rows)

    def _text(self, r: FollowUpRow, column: str) -> str:
        if column == "due":
            return f"{r.due_at:%Y-%m-%d}" if r.is_cadence else f"{r.due_at:%Y-%m-%d %H:%M}"
        if column == "code":
            return r.customer_code
        if column == "customer":
            return r.customer_name
        if column == "kind":
            return service.kind_label(r.kind)
        if column == "contact":
            return r.contact_name
        if column == "owner":
            return r.owner_name
        if column == "subject":
            return (
                r.subject
                if r.status == "planned" or not r.outcome
                else f"{r.subject} → {r.outcome}"
            )
        if column == "status":
            return service.row_status_label(r, self._today())
        return ""

    def _today(self) -> date:
        return (self.now or datetime.now()).date()

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not self.valid(index):
            return None
        r = self.rows[index.row()]
        column = self.COLUMNS[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._text(r, column)
        if role == Qt.ItemDataRole.ForegroundRole:
            status = service.row_status(r, self._today())
            if status in ("overdue", "overdue_contact"):
                return QBrush(OVERDUE_COLOR)
            if status != "planned":
                return QBrush(DONE_COLOR)
            return None
        if role == Qt.ItemDataRole.FontRole and r.is_cadence:
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.UserRole:
            return r.id
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.COLUMNS):
            return
        name = self.COLUMNS[column]
        if name == "due":
            key = lambda r: (r.due_at, r.id or 0)  # noqa: E731
        else:
            key = lambda r: (self._text(r, name), r.due_at)  # noqa: E731
        self.layoutAboutToBeChanged.emit()
        self.rows.sort(key=key, reverse=order == Qt.SortOrder.DescendingOrder)
        self.layoutChanged.emit()


class OwnerSummaryModel(ListTableModel):
    """Per owner: overdue, today, this week, all planned."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent=parent)
        self.headers = [
            self.tr("Owner"),
            self.tr("Overdue"),
            self.tr("Today"),
            self.tr("This week"),
            self.tr("Planned"),
        ]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        s = self.rows[index.row()]
        values = (s.owner_name or self.tr("(nobody)"), s.overdue, s.today, s.week, s.planned)
        if role == Qt.ItemDataRole.DisplayRole:
            return str(values[index.column()])
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 1 and s.overdue:
            return QBrush(OVERDUE_COLOR)
        if role == Qt.ItemDataRole.UserRole:
            return s.owner_id
        return None


class FollowUpCalendar(QCalendarWidget):
    """A month calendar whose days with follow-ups are bold and coloured, with the count drawn."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.counts: dict[date, DayCount] = {}
        self.setGridVisible(True)
        self.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)

    def set_counts(self, counts: dict[date, DayCount]) -> None:
        for day in self.counts:
            self.setDateTextFormat(QDate(day.year, day.month, day.day), QTextCharFormat())
        self.counts = dict(counts)
        for day, count in self.counts.items():
            fmt = QTextCharFormat()
            fmt.setFontWeight(QFont.Weight.Bold)
            fmt.setForeground(QBrush(PLANNED_MARK if count.planned else DONE_MARK))
            fmt.setToolTip(self.tooltip(count))
            self.setDateTextFormat(QDate(day.year, day.month, day.day), fmt)
        self.updateCells()

    def tooltip(self, count: DayCount) -> str:
        return (
            self.tr("%1 planned, %2 done")
            .replace("%1", str(count.planned))
            .replace("%2", str(count.done))
        )

    def paintCell(self, painter: QPainter, rect: QRect, day: QDate) -> None:  # noqa: N802
        super().paintCell(painter, rect, day)
        count = self.counts.get(date(day.year(), day.month(), day.day()))
        if not count or not count.total:
            return
        painter.save()
        font = painter.font()
        font.setPointSizeF(max(6.0, font.pointSizeF() * 0.7))
        painter.setFont(font)
        painter.setPen(PLANNED_MARK if count.planned else DONE_MARK)
        painter.drawText(
            rect.adjusted(0, 0, -3, -1),
            int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom),
            str(count.total),
        )
        painter.restore()


def make_table(model: QAbstractTableModel, parent: QWidget) -> QTableView:
    table = QTableView(parent)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    header.setStretchLastSection(True)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    for column, width in enumerate(getattr(model, "WIDTHS", ())):
        header.resizeSection(column, width)
    return table


class FollowUpActions:
    """Plan / complete / reschedule / cancel on a selected row; shared by the page and the tab."""

    actor: Actor

    def selected_row(self) -> FollowUpRow | None:  # pragma: no cover - overridden
        raise NotImplementedError

    def refresh(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def _widget(self) -> QWidget:
        return self  # type: ignore[return-value]

    def plan(self, values: dict | None = None, customer_id: int | None = None) -> None:
        row = self.selected_row()
        if values is None and customer_id is None and row is not None and row.is_cadence:
            values = {"customer": row.customer_id, "subject": row.subject}
        dialog = PlanDialog(self.actor, self._widget(), customer_id=customer_id, values=values)
        if dialog.exec():
            self.refresh()

    def complete(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        if row.is_cadence:
            self.plan()
            return
        if row.status != "planned":
            return
        if CompleteDialog(self.actor, row, self._widget()).exec():
            self.refresh()

    def reschedule(self) -> None:
        row = self.selected_row()
        if row is None or row.is_cadence or row.status != "planned":
            return
        if RescheduleDialog(self.actor, row, self._widget()).exec():
            self.refresh()

    def cancel(self) -> None:
        row = self.selected_row()
        if row is None or row.is_cadence or row.status != "planned":
            return
        widget = self._widget()
        title = QCoreApplication.translate("FollowUpActions", "Cancel follow-up")
        reason, ok = QInputDialog.getText(
            widget,
            title,
            QCoreApplication.translate("FollowUpActions", "Why is %1 with %2 cancelled?")
            .replace("%1", service.kind_label(row.kind))
            .replace("%2", row.customer_name),
        )
        if not ok:
            return
        stop = False
        if row.recurrence:
            answer = QMessageBox.question(
                widget,
                title,
                QCoreApplication.translate(
                    "FollowUpActions", "This follow-up repeats. Stop the whole series?"
                ),
            )
            stop = answer == QMessageBox.StandardButton.Yes
        try:
            service.cancel_followup(
                self.actor, row.id, reason, stop_series=stop, expected_version=row.version
            )
        except UserError as exc:
            QMessageBox.warning(widget, title, exc.message)
        self.refresh()


class FollowUpsPage(QWidget, FollowUpActions):
    """Calendar and lists of follow-ups.

    Signals: `countsChanged(dict)`: overdue / today / week counts after every refresh.
    """

    countsChanged = Signal(dict)
    LISTS = ("day", "overdue", "today", "week", "owners")

    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.setObjectName("followupsPage")
        self.models: dict[str, FollowUpTableModel] = {}
        self.tables: dict[str, QTableView] = {}
        self._build()
        self.refresh()

    # --- layout --------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.owner_filter = QComboBox(self)
        self.owner_filter.setObjectName("ownerFilter")
        self.owner_filter.addItem(self.tr("All owners"), None)
        if self.actor.sees_all_customers:
            for user in list_users():
                self.owner_filter.addItem(user.name, user.id)
        else:
            self.owner_filter.setEnabled(False)
        self.kind_filter = QComboBox(self)
        self.kind_filter.setObjectName("kindFilter")
        self.kind_filter.addItem(self.tr("All kinds"), None)
        for code in FOLLOWUP_KINDS:
            self.kind_filter.addItem(service.kind_label(code), code)
        self.owner_filter.currentIndexChanged.connect(lambda _i: self.refresh())
        self.kind_filter.currentIndexChanged.connect(lambda _i: self.refresh())
        bar.addWidget(QLabel(self.tr("Owner"), self))
        bar.addWidget(self.owner_filter)
        bar.addWidget(QLabel(self.tr("Kind"), self))
        bar.addWidget(self.kind_filter)
        bar.addStretch(1)
        self.buttons: dict[str, QPushButton] = {}
        for key, text, slot in (
            ("plan", self.tr("Plan…"), lambda: self.plan()),
            ("complete", self.tr("Complete…"), self.complete),
            ("reschedule", self.tr("Reschedule…"), self.reschedule),
            ("cancel", self.tr("Cancel follow-up"), self.cancel),
            ("refresh", self.tr("Refresh"), self.refresh),
        ):
            button = QPushButton(text, self)
            button.setObjectName(f"{key}Button")
            button.clicked.connect(slot)
            bar.addWidget(button)
            self.buttons[key] = button
        layout.addLayout(bar)
        from crm_desktop.ui.log_contact_dialog import install_log_shortcut

        self.log_action = install_log_shortcut(
            self, self.actor, self._selected_customer, lambda _r: self.refresh()
        )

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        left = QWidget(splitter)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        self.calendar = FollowUpCalendar(left)
        self.calendar.setObjectName("calendar")
        self.calendar.setMinimumSize(360, 280)
        self.calendar.currentPageChanged.connect(lambda y, m: self._load_month(y, m))
        self.calendar.selectionChanged.connect(self._load_day)
        left_layout.addWidget(self.calendar)
        self.day_label = QLabel(left)
        self.day_label.setObjectName("dayLabel")
        left_layout.addWidget(self.day_label)
        left_layout.addStretch(1)
        splitter.addWidget(left)

        self.tabs = QTabWidget(splitter)
        titles = {
            "day": self.tr("Chosen day"),
            "overdue": self.tr("Overdue"),
            "today": self.tr("Today"),
            "week": self.tr("This week"),
        }
        for key in ("day", "overdue", "today", "week"):
            model = FollowUpTableModel(self)
            table = make_table(model, self.tabs)
            table.setSortingEnabled(True)
            table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
            table.setObjectName(f"{key}Table")
            table.doubleClicked.connect(lambda _i: self.complete())
            table.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
            self.models[key] = model
            self.tables[key] = table
            self.tabs.addTab(table, titles[key])
        self.owner_model = OwnerSummaryModel(self)
        self.owner_table = make_table(self.owner_model, self.tabs)
        self.owner_table.setObjectName("ownersTable")
        self.owner_table.doubleClicked.connect(self._owner_chosen)
        self.tabs.addTab(self.owner_table, self.tr("By owner"))
        self.tabs.currentChanged.connect(lambda _i: self._update_buttons())
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(1, 1)
        layout.addWidget(splitter, 1)

    # --- data ------------------------------------------------------------------------------

    def owner_id(self) -> int | None:
        return self.owner_filter.currentData()

    def kind(self) -> str | None:
        return self.kind_filter.currentData()

    def _run(self, fn, *args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except UserError as exc:
            QMessageBox.warning(self, self.tr("Follow-ups"), exc.message)
            return None

    def refresh(self, now: datetime | None = None) -> None:
        """Reload the month marks and every list (after a change, or when shown again)."""
        now = now or datetime.now()
        self._now = now
        self._load_month(self.calendar.yearShown(), self.calendar.monthShown())
        self._load_day()
        for key in ("overdue", "today", "week"):
            query = FollowUpQuery(due=key, owner_id=self.owner_id(), kind=self.kind())
            rows = self._run(service.list_followups, self.actor, query, now) or []
            self.models[key].set_rows(rows, now)
        summary = self._run(service.owner_summary, self.actor, now) or []
        self.owner_model.set_rows(summary)
        counts = {key: self.models[key].rowCount() for key in ("overdue", "today", "week")}
        for index, key in enumerate(("day", "overdue", "today", "week")):
            if key != "day":
                title = self.tabs.tabText(index).split(" (")[0]
                self.tabs.setTabText(index, f"{title} ({counts[key]})")
        self._update_buttons()
        self.countsChanged.emit(counts)

    def _load_month(self, year: int, month: int) -> None:
        counts = self._run(service.month_counts, self.actor, year, month, self.owner_id())
        self.calendar.set_counts(counts or {})

    def selected_day(self) -> date:
        q = self.calendar.selectedDate()
        return date(q.year(), q.month(), q.day())

    def _load_day(self) -> None:
        day = self.selected_day()
        query = FollowUpQuery(day=day, owner_id=self.owner_id(), kind=self.kind(), status=None)
        rows = self._run(service.list_followups, self.actor, query, getattr(self, "_now", None))
        self.models["day"].set_rows(rows or [], getattr(self, "_now", None))
        self.day_label.setText(
            self.tr("%1: %2 follow-up(s)")
            .replace("%1", day.isoformat())
            .replace("%2", str(len(rows or [])))
        )
        self.tabs.setTabText(0, f"{self.tr('Chosen day')} ({len(rows or [])})")

    def show_list(self, key: str) -> None:
        self.tabs.setCurrentIndex(self.LISTS.index(key))

    def _owner_chosen(self, index: QModelIndex) -> None:
        owner_id = self.owner_model.data(index, Qt.ItemDataRole.UserRole)
        found = self.owner_filter.findData(owner_id)
        if found >= 0:
            self.owner_filter.setCurrentIndex(found)
            self.show_list("overdue")

    # --- actions -------------------------------------------------------------------------

    def current_list(self) -> str:
        return self.LISTS[self.tabs.currentIndex()]

    def _selected_customer(self) -> int | None:
        row = self.selected_row()
        return row.customer_id if row is not None else None

    def selected_row(self) -> FollowUpRow | None:
        key = self.current_list()
        if key not in self.tables:
            return None
        rows = self.tables[key].selectionModel().selectedRows()
        if not rows:
            return None
        return self.models[key].row_at(rows[0].row())

    def _update_buttons(self) -> None:
        row = self.selected_row()
        open_row = row is not None and not row.is_cadence and row.status == "planned"
        self.buttons["complete"].setEnabled(open_row)
        self.buttons["reschedule"].setEnabled(open_row)
        self.buttons["cancel"].setEnabled(open_row)


__all__ = ["FollowUpCalendar", "FollowUpTableModel", "FollowUpsPage", "OwnerSummaryModel"]
