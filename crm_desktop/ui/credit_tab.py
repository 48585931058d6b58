"""The customer card's credit tab: balance, limit, exposure, and every request and decision."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.errors import UserError
from crm_desktop.services import credit, receivables
from crm_desktop.services.auth import Actor
from crm_desktop.ui.credit_page import RequestsModel, make_table, show_error
from crm_desktop.ui.field_widgets import format_decimal

# the card tab's title, registered in customer_editor_tabs.EXTRA_TABS
TAB_TITLE = QT_TRANSLATE_NOOP("CreditTab", "Credit")


class CreditTab(QWidget):
    """Credit figures of one customer and its credit history; files a new request.

    Signals: `requested` after a request was filed.
    """

    requested = Signal()

    def __init__(self, actor: Actor, customer_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.customer_id = customer_id
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        form = QFormLayout()
        self.balance = QLabel()
        self.limit = QLabel()
        self.exposure = QLabel()
        self.available = QLabel()
        for w, name in (
            (self.balance, "balance"),
            (self.limit, "limit"),
            (self.exposure, "exposure"),
            (self.available, "available"),
        ):
            w.setObjectName(name)
        form.addRow(self.tr("Receivable balance"), self.balance)
        form.addRow(self.tr("Credit limit"), self.limit)
        form.addRow(self.tr("Credit exposure"), self.exposure)
        form.addRow(self.tr("Available credit"), self.available)
        top.addLayout(form, 1)
        self.request_button = QPushButton(self.tr("Request credit change…"))
        self.request_button.setEnabled(actor.can("credit.request"))
        self.request_button.clicked.connect(self.open_request)
        top.addWidget(self.request_button)
        layout.addLayout(top)
        layout.addWidget(QLabel("<b>" + self.tr("Credit history") + "</b>"))
        self.model = RequestsModel(self, decided=True)
        self.view = make_table(self.model)
        layout.addWidget(self.view)
        self.refresh()

    def refresh(self) -> None:
        exp = receivables.exposure(self.actor, self.customer_id)
        self.balance.setText(format_decimal(exp.balance))
        self.limit.setText(
            self.tr("not set") if exp.credit_limit is None else format_decimal(exp.credit_limit)
        )
        if exp.ratio is None:
            self.exposure.setText("—")
        elif exp.ratio == float("inf"):
            self.exposure.setText(self.tr("over a zero limit"))
        else:
            self.exposure.setText(f"{exp.ratio:.0%}")
        self.exposure.setStyleSheet("color: #b00020; font-weight: bold" if exp.over_limit else "")
        self.available.setText("—" if exp.available is None else format_decimal(exp.available))
        self.model.set_rows(credit.credit_history(self.actor, self.customer_id))
        self.view.resizeColumnsToContents()

    def open_request(self) -> None:
        from crm_desktop.ui.credit_dialog import CreditRequestDialog

        try:
            dialog = CreditRequestDialog(self.actor, self.customer_id, self)
        except UserError as exc:
            show_error(self, exc)
            return
        if dialog.exec():
            self.refresh()
            self.requested.emit()
