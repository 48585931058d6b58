"""The Credit page: requests waiting for the general manager, decisions, aging, over-limit.

The general manager approves (optionally a lower amount) or rejects with a comment;
the requester may withdraw a waiting request. Receivables aging and the customers
over their limit are read from `services.receivables` when their tab is first shown.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.errors import UserError
from crm_desktop.services import credit, receivables
from crm_desktop.services.auth import Actor
from crm_desktop.services.credit import CreditRequestInfo
from crm_desktop.services.fields import choice_label
from crm_desktop.ui.field_widgets import format_decimal, ui_language
from crm_desktop.ui.table_models import ListTableModel

_Index = QModelIndex | QPersistentModelIndex
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


@dataclass(frozen=True)
class Column:
    """One column of a `RowsModel`: header, how to show a row, how to sort, alignment."""

    header: str
    text: Callable[[Any], str]
    key: Callable[[Any], Any] | None = None
    align: Qt.AlignmentFlag | None = None


def money(value) -> str:
    return "" if value is None else format_decimal(value)


def when(value: datetime | None) -> str:
    return "" if value is None else value.strftime("%Y-%m-%d %H:%M")


class RowsModel(ListTableModel):
    """A read-only table over a list of dataclass rows; sorts its own list (fast at 100k)."""

    def __init__(self, columns: Sequence[Column], parent=None) -> None:
        super().__init__([c.header for c in columns], parent)
        self.columns = list(columns)

    def row(self, index: int) -> Any:
        return self.rows[index]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(self.rows[index.row()])
        if role == Qt.ItemDataRole.TextAlignmentRole and column.align is not None:
            return int(column.align)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns):
            return
        spec = self.columns[column]
        key = spec.key or spec.text
        self.layoutAboutToBeChanged.emit()
        self.rows.sort(
            key=lambda r: (key(r) is None, key(r) if key(r) is not None else 0),
            reverse=order == Qt.SortOrder.DescendingOrder,
        )
        self.layoutChanged.emit()


def make_table(model: QAbstractTableModel, sortable: bool = False) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.horizontalHeader().setStretchLastSection(True)
    if sortable:
        view.setSortingEnabled(True)
        # keep the service's order (worst first) until the user clicks a header
        view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
    return view


def show_error(parent: QWidget, exc: UserError) -> None:
    QMessageBox.warning(
        parent, QCoreApplication.translate("CreditPage", "crm-desktop"), exc.message
    )


class RequestsModel(RowsModel):
    """Credit requests: customer, proposed terms, status, who asked and who decided."""

    def __init__(self, parent=None, decided: bool = False) -> None:
        lang = ui_language()
        status = {
            "pending": self.tr("Waiting"),
            "approved": self.tr("Approved"),
            "rejected": self.tr("Rejected"),
            "withdrawn": self.tr("Withdrawn"),
        }
        cols = [
            Column(self.tr("No."), lambda r: str(r.id), lambda r: r.id, RIGHT),
            Column(self.tr("Code"), lambda r: r.customer_code),
            Column(self.tr("Customer"), lambda r: r.customer_name),
            Column(self.tr("Proposed limit"), lambda r: money(r.proposed.limit), None, RIGHT),
            Column(
                self.tr("Days"),
                lambda r: "" if r.proposed.days is None else str(r.proposed.days),
                None,
                RIGHT,
            ),
            Column(
                self.tr("Rating"), lambda r: choice_label("credit_rating", r.proposed.rating, lang)
            ),
            Column(self.tr("Status"), lambda r: status.get(r.status, r.status)),
            Column(self.tr("Requested by"), lambda r: r.requested_by),
            Column(self.tr("Requested"), lambda r: when(r.requested_at)),
        ]
        if decided:
            cols += [
                Column(self.tr("Approved limit"), lambda r: money(r.approved_limit), None, RIGHT),
                Column(self.tr("Decided by"), lambda r: r.decided_by),
                Column(self.tr("Decided"), lambda r: when(r.decided_at)),
                Column(self.tr("Comment"), lambda r: r.comment),
            ]
        else:
            cols.append(Column(self.tr("Reason"), lambda r: r.reason))
        super().__init__(cols, parent)


class AgingModel(RowsModel):
    """Receivables aging: one customer a row, open amounts by days past due."""

    def __init__(self, parent=None) -> None:

        def bucket(i: int) -> Column:
            return Column(
                headers[i],
                lambda r: money(r.buckets[i]) if r.fen[i] else "",
                lambda r: r.fen[i],
                RIGHT,
            )

        headers = [
            self.tr("Not yet due"),
            self.tr("0–30 days"),
            self.tr("31–60 days"),
            self.tr("61–90 days"),
            self.tr("Over 90 days"),
        ]
        cols = [
            Column(self.tr("Code"), lambda r: r.code),
            Column(self.tr("Customer"), lambda r: r.name),
            Column(self.tr("Owner"), lambda r: r.owner_name),
            Column(
                self.tr("Collection days"),
                lambda r: "" if r.collection_days is None else str(r.collection_days),
                lambda r: r.collection_days,
                RIGHT,
            ),
            Column(
                self.tr("Credit limit"),
                lambda r: money(r.credit_limit),
                lambda r: r.limit_fen,
                RIGHT,
            ),
            *(bucket(i) for i in range(5)),
            Column(self.tr("Balance"), lambda r: money(r.total), lambda r: sum(r.fen), RIGHT),
        ]
        super().__init__(cols, parent)


class OverLimitModel(RowsModel):
    def __init__(self, parent=None) -> None:
        super().__init__(
            [
                Column(self.tr("Code"), lambda r: r.code),
                Column(self.tr("Customer"), lambda r: r.name),
                Column(self.tr("Owner"), lambda r: r.owner_name),
                Column(self.tr("Balance"), lambda r: money(r.balance), lambda r: r.balance, RIGHT),
                Column(
                    self.tr("Credit limit"),
                    lambda r: money(r.credit_limit),
                    lambda r: r.credit_limit,
                    RIGHT,
                ),
                Column(self.tr("Over by"), lambda r: money(r.excess), lambda r: r.excess, RIGHT),
                Column(self.tr("Exposure"), lambda r: f"{r.ratio:.0%}", lambda r: r.ratio, RIGHT),
            ],
            parent,
        )


class CreditPage(QWidget):
    """Requests waiting, decisions, receivables aging and customers over their limit.

    Signals: `changed` after a decision or withdrawal (badges recount).
    """

    changed = Signal()

    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.tabs = QTabWidget()
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)

        # waiting
        waiting = QWidget()
        self.pending_model = RequestsModel(self)
        self.pending_view = make_table(self.pending_model)
        self.approve_button = QPushButton(self.tr("Approve…"))
        self.reject_button = QPushButton(self.tr("Reject…"))
        self.withdraw_button = QPushButton(self.tr("Withdraw"))
        self.details_button = QPushButton(self.tr("Details…"))
        buttons = QHBoxLayout()
        for b in (self.details_button, self.approve_button, self.reject_button):
            buttons.addWidget(b)
        buttons.addWidget(self.withdraw_button)
        buttons.addStretch(1)
        can_decide = credit.may_decide(actor)
        self.approve_button.setVisible(can_decide)
        self.reject_button.setVisible(can_decide)
        box = QVBoxLayout(waiting)
        self.pending_label = QLabel()
        box.addWidget(self.pending_label)
        box.addWidget(self.pending_view)
        box.addLayout(buttons)
        self.tabs.addTab(waiting, self.tr("Waiting"))
        self.approve_button.clicked.connect(lambda: self.decide("approve"))
        self.reject_button.clicked.connect(lambda: self.decide("reject"))
        self.details_button.clicked.connect(lambda: self.decide(None))
        self.withdraw_button.clicked.connect(self.withdraw)
        self.pending_view.doubleClicked.connect(lambda _i: self.decide(None))
        self.pending_view.selectionModel().selectionChanged.connect(self._update_buttons)

        # decided
        self.decided_model = RequestsModel(self, decided=True)
        self.decided_view = make_table(self.decided_model)
        self.tabs.addTab(self.decided_view, self.tr("Decided"))

        # aging and over limit: loaded when first shown
        aging = QWidget()
        self.aging_model = AgingModel(self)
        self.aging_view = make_table(self.aging_model, sortable=True)
        self.aging_label = QLabel()
        self.aging_refresh = QPushButton(self.tr("Refresh"))
        self.aging_refresh.clicked.connect(self.load_aging)
        top = QHBoxLayout()
        top.addWidget(self.aging_label, 1)
        top.addWidget(self.aging_refresh)
        box = QVBoxLayout(aging)
        box.addLayout(top)
        box.addWidget(self.aging_view)
        self.aging_tab = self.tabs.addTab(aging, self.tr("Receivables aging"))
        self.over_model = OverLimitModel(self)
        self.over_view = make_table(self.over_model, sortable=True)
        self.over_tab = self.tabs.addTab(self.over_view, self.tr("Over limit"))
        self._aging_loaded = False
        self._over_loaded = False
        self.tabs.currentChanged.connect(self._tab_shown)
        self.refresh()

    # --- loading ----------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload the requests (cheap); aging and over-limit reload when shown again."""
        self.pending_model.set_rows(credit.list_requests(self.actor, pending_only=True))
        self.decided_model.set_rows(credit.decided_requests(self.actor))
        count = len(self.pending_model.rows)
        if credit.may_decide(self.actor):
            text = self.tr("%n request(s) waiting for your decision.", "", count)
        else:
            text = self.tr("%n request(s) waiting for the general manager.", "", count)
        self.pending_label.setText(text)
        self.tabs.setTabText(0, self.tr("Waiting (%1)").replace("%1", str(count)))
        self.pending_view.resizeColumnsToContents()
        self.decided_view.resizeColumnsToContents()
        self._aging_loaded = self._over_loaded = False
        self._tab_shown(self.tabs.currentIndex())
        self._update_buttons()

    def _tab_shown(self, index: int) -> None:
        if index == self.aging_tab and not self._aging_loaded:
            self.load_aging()
        elif index == self.over_tab and not self._over_loaded:
            self.load_over_limit()

    def load_aging(self) -> None:
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            rows = receivables.aging(self.actor)
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.aging_model.set_rows(rows)
        total = sum(sum(r.fen) for r in rows)
        overdue = sum(sum(r.fen[1:]) for r in rows)
        self.aging_label.setText(
            self.tr("%1 customers owe %2, of which %3 is past due.")
            .replace("%1", str(len(rows)))
            .replace("%2", money(total / 100))
            .replace("%3", money(overdue / 100))
        )
        self.aging_view.resizeColumnsToContents()
        self._aging_loaded = True

    def load_over_limit(self) -> None:
        self.over_model.set_rows(receivables.customers_over_limit(self.actor))
        self.over_view.resizeColumnsToContents()
        self._over_loaded = True

    # --- actions ----------------------------------------------------------------------

    def selected_request(self) -> CreditRequestInfo | None:
        rows = self.pending_view.selectionModel().selectedRows()
        return self.pending_model.row(rows[0].row()) if rows else None

    def _update_buttons(self, *_args) -> None:
        req = self.selected_request()
        self.details_button.setEnabled(req is not None)
        allowed = credit.allowed_actions(self.actor, req) if req is not None else set()
        self.approve_button.setEnabled("approve" in allowed)
        self.reject_button.setEnabled("reject" in allowed)
        self.withdraw_button.setEnabled("withdraw" in allowed)
        self.withdraw_button.setVisible(
            any(r.requested_by_id == self.actor.id for r in self.pending_model.rows)
        )

    def decide(self, action: str | None) -> None:
        """Open the decision dialog on the selected request (approve, reject or just look)."""
        from crm_desktop.ui.credit_dialog import DecisionDialog

        req = self.selected_request()
        if req is None:
            return
        try:
            dialog = DecisionDialog(self.actor, req.id, self, focus=action)
        except UserError as exc:
            show_error(self, exc)
            self.refresh()
            return
        if dialog.exec():
            self.refresh()
            self.changed.emit()

    def withdraw(self) -> None:
        req = self.selected_request()
        if req is None:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Withdraw request"),
            self.tr("Withdraw the credit request for %1?").replace("%1", req.customer_name),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.withdraw_request(req.id)

    def withdraw_request(self, request_id: int) -> bool:
        try:
            credit.withdraw(self.actor, request_id)
        except UserError as exc:
            show_error(self, exc)
            return False
        finally:
            self.refresh()
        self.changed.emit()
        return True
