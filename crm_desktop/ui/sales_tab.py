"""The customer card's sales tab: its sales lines and payments, with buttons to record more."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSplitter, QVBoxLayout, QWidget

from crm_desktop.services import receivables, sales
from crm_desktop.services.auth import Actor
from crm_desktop.ui.credit_page import make_table
from crm_desktop.ui.field_widgets import format_decimal
from crm_desktop.ui.sales_page import PaymentDialog, PaymentsModel, SaleDialog, SalesModel

# the card tab's title, registered in customer_editor_tabs.EXTRA_TABS
TAB_TITLE = QT_TRANSLATE_NOOP("SalesTab", "Sales and payments")


class SalesTab(QWidget):
    """Sales and payments of one customer, newest first.

    Signals: `changed` after a sale or payment was recorded (the credit tab refreshes).
    """

    changed = Signal()

    def __init__(self, actor: Actor, customer_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.customer_id = customer_id
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.sale_button = QPushButton(self.tr("Record sale…"))
        self.payment_button = QPushButton(self.tr("Record payment…"))
        self.sale_button.clicked.connect(self.record_sale)
        self.payment_button.clicked.connect(self.record_payment)
        self.balance = QLabel()
        self.balance.setObjectName("balance")
        row.addWidget(self.sale_button)
        row.addWidget(self.payment_button)
        row.addStretch(1)
        row.addWidget(self.balance)
        layout.addLayout(row)
        split = QSplitter(Qt.Orientation.Vertical)
        self.sales_model = SalesModel(self, with_customer=False)
        self.sales_view = make_table(self.sales_model)
        self.payments_model = PaymentsModel(self, with_customer=False)
        self.payments_view = make_table(self.payments_model)
        for title, view in (
            (self.tr("Sales"), self.sales_view),
            (self.tr("Payments"), self.payments_view),
        ):
            box = QWidget()
            v = QVBoxLayout(box)
            v.setContentsMargins(0, 0, 0, 0)
            v.addWidget(QLabel(f"<b>{title}</b>"))
            v.addWidget(view)
            split.addWidget(box)
        layout.addWidget(split)
        self.refresh()

    def refresh(self) -> None:
        self.sales_model.set_rows(sales.customer_sales(self.actor, self.customer_id))
        self.payments_model.set_rows(sales.customer_payments(self.actor, self.customer_id))
        exp = receivables.exposure(self.actor, self.customer_id)
        self.balance.setText(
            self.tr("Receivable balance: %1").replace("%1", format_decimal(exp.balance))
        )
        self.sales_view.resizeColumnsToContents()
        self.payments_view.resizeColumnsToContents()

    def record_sale(self) -> None:
        if SaleDialog(self.actor, self.customer_id, self).exec():
            self.refresh()
            self.changed.emit()

    def record_payment(self) -> None:
        if PaymentDialog(self.actor, self.customer_id, self).exec():
            self.refresh()
            self.changed.emit()
