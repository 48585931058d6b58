"""The customer card's 客户投诉 tab, and the flag of a customer with an unresolved serious
complaint (under the card's header and in the credit dialogs).

Registered in `customer_editor_tabs.EXTRA_TABS`; the flag is `ComplaintFlagLabel`.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.errors import UserError
from crm_desktop.messages import msg
from crm_desktop.services import complaints
from crm_desktop.services.auth import Actor
from crm_desktop.services.complaints import ComplaintQuery
from crm_desktop.ui.complaint_table_model import COLUMNS, ComplaintTableModel

FLAG_STYLE = (
    "QLabel { background: #fdecea; color: #b71c1c; border: 1px solid #f5c6cb;"
    " border-radius: 4px; padding: 4px 8px; }"
)


def tab_title() -> str:
    """The tab's title, translated (the card editor asks for it when it builds its tabs)."""
    return QCoreApplication.translate("ComplaintsTab", "Complaints")


def flag_text(actor: Actor, customer_id: int | None) -> str:
    """'有 1 项严重或紧急投诉尚未解决…' for a flagged customer; '' otherwise (or not visible)."""
    if customer_id is None:
        return ""
    try:
        flag = complaints.unresolved_serious(actor, customer_id)
    except UserError:
        return ""
    if flag is None:
        return ""
    return msg(
        "complaints.flag_detail",
        count=flag.count,
        since=f"{flag.since:%Y-%m-%d}",
        subjects=flag.subjects[:3],
    ).render()


class ComplaintFlagLabel(QLabel):
    """A red line shown only while the customer has an unresolved serious complaint."""

    def __init__(self, actor: Actor, customer_id: int | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("complaintFlag")
        self.actor = actor
        self.setWordWrap(True)
        self.setStyleSheet(FLAG_STYLE)
        self.set_customer(customer_id)

    def set_customer(self, customer_id: int | None) -> None:
        text = flag_text(self.actor, customer_id)
        self.setText("⚠ " + text if text else "")
        self.setVisible(bool(text))


class ComplaintsTab(QWidget):
    """Every complaint of one customer, newest first; record a new one or open one."""

    def __init__(self, actor: Actor, customer_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("complaintsTab")
        self.actor = actor
        self.customer_id = customer_id
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.new_button = QPushButton(self.tr("New complaint…"), self)
        self.new_button.clicked.connect(self.new_complaint)
        self.open_button = QPushButton(self.tr("Open"), self)
        self.open_button.clicked.connect(self.open_selected)
        self.count_label = QLabel(self)
        bar.addWidget(self.new_button)
        bar.addWidget(self.open_button)
        bar.addStretch(1)
        bar.addWidget(self.count_label)
        layout.addLayout(bar)
        self.model = ComplaintTableModel(actor, self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.doubleClicked.connect(lambda _i: self.open_selected())
        layout.addWidget(self.table, 1)
        self.refresh()

    def refresh(self) -> None:
        self.model.set_query(ComplaintQuery(open_only=False, customer=self.customer_id))
        self.table.hideColumn(COLUMNS.index("customer"))  # this card's own
        self.table.resizeColumnsToContents()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(COLUMNS.index("subject"), QHeaderView.ResizeMode.Stretch)
        self.count_label.setText(self.tr("%n complaint(s)", "", self.model.rowCount()))
        self.open_button.setEnabled(self.model.rowCount() > 0)

    def _dialog(self, complaint_id: int | None):
        from crm_desktop.ui.complaint_dialog import ComplaintDialog

        dialog = ComplaintDialog(self.actor, complaint_id, self.customer_id, self)
        dialog.changed.connect(lambda _id: self.refresh())
        return dialog

    def new_complaint(self) -> None:
        self._dialog(None).exec()

    def open_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        row = rows[0].row() if rows else 0
        complaint_id = self.model.id_at(row)
        if complaint_id is not None:
            self._dialog(complaint_id).exec()


def make_tab(actor: Actor, customer_id: int, parent: QWidget) -> QWidget:
    return ComplaintsTab(actor, customer_id, parent)


__all__ = ["ComplaintFlagLabel", "ComplaintsTab", "flag_text", "make_tab", "tab_title"]
