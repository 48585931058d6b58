"""The Sales page: record sales lines and payments, and keep the product catalogue.

A sale that would take a customer over its credit limit shows the figures; a manager
may confirm it, anyone else is told to ask one (`services.sales.record_sale`).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication, QDate, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.errors import UserError
from crm_desktop.services import sales
from crm_desktop.services.auth import Actor
from crm_desktop.ui.credit_page import RIGHT, Column, RowsModel, make_table, money


def _qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def _pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class SalesModel(RowsModel):
    def __init__(self, parent=None, with_customer: bool = True) -> None:
        cols = [Column(self.tr("Date"), lambda r: r.date.isoformat(), lambda r: r.date)]
        if with_customer:
            cols += [
                Column(self.tr("Code"), lambda r: r.customer_code),
                Column(self.tr("Customer"), lambda r: r.customer_name),
            ]
        cols += [
            Column(self.tr("Product"), lambda r: f"{r.product_code} {r.product_name}".strip()),
            Column(self.tr("Quantity"), lambda r: format(r.quantity.normalize(), "f"), None, RIGHT),
            Column(
                self.tr("Unit price"), lambda r: money(r.unit_price), lambda r: r.unit_price, RIGHT
            ),
            Column(self.tr("Amount"), lambda r: money(r.amount), lambda r: r.amount, RIGHT),
            Column(self.tr("Salesperson"), lambda r: r.salesperson),
            Column(self.tr("Note"), lambda r: r.note),
        ]
        super().__init__(cols, parent)


def payment_methods(tr) -> list[tuple[str, str]]:
    """(code, label) of the ways money is received, in the order the dialog offers them."""
    return [
        ("transfer", tr("Bank transfer")),
        ("cash", tr("Cash")),
        ("cheque", tr("Cheque")),
        ("acceptance", tr("Bank acceptance")),
        ("other", tr("Other")),
    ]


class PaymentsModel(RowsModel):
    def __init__(self, parent=None, with_customer: bool = True) -> None:
        methods = dict(
            payment_methods(lambda text: QCoreApplication.translate("PaymentDialog", text))
        )
        methods["check"] = methods["cheque"]  # what older demo databases wrote
        cols = [Column(self.tr("Date"), lambda r: r.date.isoformat(), lambda r: r.date)]
        if with_customer:
            cols += [
                Column(self.tr("Code"), lambda r: r.customer_code),
                Column(self.tr("Customer"), lambda r: r.customer_name),
            ]
        cols += [
            Column(self.tr("Amount"), lambda r: money(r.amount), lambda r: r.amount, RIGHT),
            Column(self.tr("Method"), lambda r: methods.get(r.method, r.method)),
            Column(self.tr("Reference"), lambda r: r.reference),
            Column(self.tr("Recorded by"), lambda r: r.recorded_by),
            Column(self.tr("Note"), lambda r: r.note),
        ]
        super().__init__(cols, parent)


class ProductsModel(RowsModel):
    def __init__(self, parent=None) -> None:
        super().__init__(
            [
                Column(self.tr("Code"), lambda r: r.code),
                Column(self.tr("Name"), lambda r: r.name),
                Column(self.tr("Category"), lambda r: r.category),
                Column(self.tr("Unit"), lambda r: r.unit),
                Column(self.tr("Price"), lambda r: money(r.price), lambda r: r.price, RIGHT),
                Column(self.tr("Active"), lambda r: self.tr("yes") if r.active else self.tr("no")),
            ],
            parent,
        )


class _FormDialog(QDialog):
    """A form with an error line and OK/Cancel; `submit()` does the work."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.layout_ = QVBoxLayout(self)
        self.form = QFormLayout()
        self.layout_.addLayout(self.form)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setStyleSheet("color: #b00020")
        self.error.setWordWrap(True)
        self.layout_.addWidget(self.error)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        self.layout_.addWidget(self.buttons)

    def submit(self) -> None:  # pragma: no cover - overridden
        self.accept()


class _CustomerField:
    """A customer code input, or a fixed customer when opened from its card."""

    def __init__(self, dialog: _FormDialog, actor: Actor, customer_id: int | None) -> None:
        self.actor = actor
        self.fixed = customer_id
        self.code = QLineEdit()
        self.code.setObjectName("customer_code")
        if customer_id is None:
            dialog.form.addRow(QCoreApplication.translate("SalesPage", "Customer code"), self.code)

    def customer_id(self) -> int:
        if self.fixed is not None:
            return self.fixed
        return sales.find_customer_id(self.actor, self.code.text())


class SaleDialog(_FormDialog):
    """Record one sales line: date, product, quantity, unit price (amount = qty × price)."""

    def __init__(
        self, actor: Actor, customer_id: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(self.tr("Record a sale"), parent)
        self.actor = actor
        self.customer = _CustomerField(self, actor, customer_id)
        self.date = QDateEdit(_qdate(date.today()))
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        self.form.addRow(self.tr("Date"), self.date)
        self.product = QComboBox()
        self.product.setObjectName("product")
        self.product.addItem(self.tr("(no product)"), None)
        for p in sales.list_products():
            self.product.addItem(f"{p.code} {p.name}", p)
        self.product.currentIndexChanged.connect(self._product_chosen)
        self.form.addRow(self.tr("Product"), self.product)
        self.quantity = QLineEdit("1")
        self.quantity.setObjectName("quantity")
        self.form.addRow(self.tr("Quantity"), self.quantity)
        self.price = QLineEdit()
        self.price.setObjectName("unit_price")
        self.form.addRow(self.tr("Unit price"), self.price)
        self.note = QLineEdit()
        self.form.addRow(self.tr("Note"), self.note)
        self.amount = QLabel()
        self.amount.setObjectName("amount")
        self.form.addRow(self.tr("Amount"), self.amount)
        self.credit = QLabel()
        self.credit.setObjectName("credit")
        self.credit.setWordWrap(True)
        self.form.addRow(self.tr("Credit"), self.credit)
        for w in (self.quantity, self.price, self.customer.code):
            w.textChanged.connect(self.update_amount)
        self.result_line: sales.SaleLine | None = None

    def _product_chosen(self, _index: int) -> None:
        product = self.product.currentData()
        if product is not None:
            self.price.setText(format(product.price, "f"))

    def update_amount(self, *_args) -> None:
        try:
            qty, price, amount = sales.clean_sale_line(self.quantity.text(), self.price.text())
        except UserError:
            self.amount.setText("")
            self.credit.setText("")
            return
        self.amount.setText(money(amount))
        try:
            check = sales.check_sale(self.actor, self.customer.customer_id(), amount)
        except UserError:
            self.credit.setText("")
            return
        if check.credit_limit is None:
            self.credit.setText(
                self.tr("Balance after this sale: %1 (no credit limit set)").replace(
                    "%1", money(check.new_balance)
                )
            )
        else:
            text = (
                self.tr("Balance after this sale: %1 of a %2 limit")
                .replace("%1", money(check.new_balance))
                .replace("%2", money(check.credit_limit))
            )
            if check.over_limit:
                text = (
                    "<b style='color:#b00020'>" + text + " — " + self.tr("over the limit") + "</b>"
                )
            self.credit.setText(text)

    def ask_confirm_over_limit(self, message: str) -> bool:
        """A manager decides whether the sale may go over the limit."""
        answer = QMessageBox.question(
            self,
            self.tr("Over the credit limit"),
            message + "\n\n" + self.tr("Record the sale anyway?"),
        )
        return answer == QMessageBox.StandardButton.Yes

    def submit(self) -> None:
        product = self.product.currentData()
        kwargs = {
            "sale_date": _pydate(self.date.date()),
            "quantity": self.quantity.text(),
            "unit_price": self.price.text(),
            "product_id": product.id if product else None,
            "note": self.note.text(),
        }
        try:
            customer_id = self.customer.customer_id()
            try:
                self.result_line = sales.record_sale(self.actor, customer_id, **kwargs)
            except sales.OverCreditLimit as exc:
                if not sales.can_confirm_over_limit(self.actor):
                    self.error.setText(exc.message)
                    return
                if not self.ask_confirm_over_limit(exc.message):
                    return
                self.result_line = sales.record_sale(
                    self.actor, customer_id, confirm_over_limit=True, **kwargs
                )
        except UserError as exc:
            self.error.setText(exc.message)
            return
        self.accept()


class PaymentDialog(_FormDialog):
    """Record money received: date, amount, method, reference."""

    def __init__(
        self, actor: Actor, customer_id: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(self.tr("Record a payment"), parent)
        self.actor = actor
        self.customer = _CustomerField(self, actor, customer_id)
        self.date = QDateEdit(_qdate(date.today()))
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        self.form.addRow(self.tr("Date"), self.date)
        self.amount = QLineEdit()
        self.amount.setObjectName("amount")
        self.form.addRow(self.tr("Amount"), self.amount)
        self.method = QComboBox()
        for code, label in payment_methods(self.tr):
            self.method.addItem(label, code)
        self.form.addRow(self.tr("Method"), self.method)
        self.reference = QLineEdit()
        self.form.addRow(self.tr("Reference"), self.reference)
        self.note = QLineEdit()
        self.form.addRow(self.tr("Note"), self.note)
        self.result_line: sales.PaymentLine | None = None

    def submit(self) -> None:
        try:
            self.result_line = sales.record_payment(
                self.actor,
                self.customer.customer_id(),
                payment_date=_pydate(self.date.date()),
                amount=self.amount.text(),
                method=self.method.currentData(),
                reference=self.reference.text(),
                note=self.note.text(),
            )
        except UserError as exc:
            self.error.setText(exc.message)
            return
        self.accept()


class ProductDialog(_FormDialog):
    """A new product, or changes to one (managers)."""

    def __init__(
        self, actor: Actor, product: sales.ProductInfo | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(self.tr("Product") if product else self.tr("New product"), parent)
        self.actor = actor
        self.product = product
        self.inputs: dict[str, QLineEdit] = {}
        for key, label in (
            ("code", self.tr("Code")),
            ("name", self.tr("Name")),
            ("category", self.tr("Category")),
            ("unit", self.tr("Unit")),
            ("price", self.tr("Price")),
        ):
            edit = QLineEdit()
            edit.setObjectName(key)
            if product is not None:
                value = getattr(product, key)
                edit.setText(format(value, "f") if key == "price" else str(value))
            self.form.addRow(label, edit)
            self.inputs[key] = edit

    def submit(self) -> None:
        values = {k: w.text() for k, w in self.inputs.items()}
        try:
            if self.product is None:
                sales.create_product(self.actor, **values)
            else:
                sales.update_product(
                    self.actor, self.product.id, values, expected_version=self.product.version
                )
        except UserError as exc:
            self.error.setText(exc.message)
            return
        self.accept()


class SalesPage(QWidget):
    """Recent sales and payments the actor may see, with buttons to record them; the catalogue.

    Signals: `changed` after a sale or payment was recorded.
    """

    changed = Signal()

    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.tabs = QTabWidget()
        QVBoxLayout(self).addWidget(self.tabs)

        self.sales_model = SalesModel(self)
        self.sales_view = make_table(self.sales_model, sortable=True)
        self.sale_button = QPushButton(self.tr("Record sale…"))
        self.sale_button.clicked.connect(self.record_sale)
        self.tabs.addTab(self._with_buttons(self.sales_view, self.sale_button), self.tr("Sales"))

        self.payments_model = PaymentsModel(self)
        self.payments_view = make_table(self.payments_model, sortable=True)
        self.payment_button = QPushButton(self.tr("Record payment…"))
        self.payment_button.clicked.connect(self.record_payment)
        self.tabs.addTab(
            self._with_buttons(self.payments_view, self.payment_button), self.tr("Payments")
        )

        self.products_model = ProductsModel(self)
        self.products_view = make_table(self.products_model, sortable=True)
        self.new_product_button = QPushButton(self.tr("New product…"))
        self.edit_product_button = QPushButton(self.tr("Edit product…"))
        editable = sales.can_edit_catalogue(actor)
        self.new_product_button.setVisible(editable)
        self.edit_product_button.setVisible(editable)
        self.new_product_button.clicked.connect(lambda: self.edit_product(None))
        self.edit_product_button.clicked.connect(self.edit_selected_product)
        self.products_view.doubleClicked.connect(lambda _i: self.edit_selected_product())
        self.tabs.addTab(
            self._with_buttons(
                self.products_view, self.new_product_button, self.edit_product_button
            ),
            self.tr("Products"),
        )
        self.refresh()

    @staticmethod
    def _with_buttons(view: QWidget, *buttons: QPushButton) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        row = QHBoxLayout()
        for b in buttons:
            row.addWidget(b)
        row.addStretch(1)
        box.addLayout(row)
        box.addWidget(view)
        return page

    def refresh(self) -> None:
        self.sales_model.set_rows(sales.recent_sales(self.actor))
        self.payments_model.set_rows(sales.recent_payments(self.actor))
        self.products_model.set_rows(
            sales.list_products(include_inactive=sales.can_edit_catalogue(self.actor))
        )
        for view in (self.sales_view, self.payments_view, self.products_view):
            view.resizeColumnsToContents()

    def record_sale(self) -> None:
        if SaleDialog(self.actor, None, self).exec():
            self.refresh()
            self.changed.emit()

    def record_payment(self) -> None:
        if PaymentDialog(self.actor, None, self).exec():
            self.refresh()
            self.changed.emit()

    def edit_selected_product(self) -> None:
        rows = self.products_view.selectionModel().selectedRows()
        if rows and sales.can_edit_catalogue(self.actor):
            self.edit_product(self.products_model.row(rows[0].row()))

    def edit_product(self, product: sales.ProductInfo | None) -> None:
        if ProductDialog(self.actor, product, self).exec():
            self.refresh()
