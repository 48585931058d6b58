"""The Sales page: record sales lines and payments, and keep the product catalogue.

A sale that would take a customer over its credit limit shows the figures; a manager
may confirm it, anyone else is told to ask one (`services.sales.record_sale`).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication, QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.errors import UserError
from crm_desktop.i18n import current_language
from crm_desktop.messages import msg, render
from crm_desktop.progress import Progress
from crm_desktop.services import sales, sales_ledger
from crm_desktop.services.auth import Actor, list_users
from crm_desktop.services.sales_ledger import PAYMENT_METHODS, method_label
from crm_desktop.ui.credit_page import RIGHT, Column, RowsModel, make_table, money
from crm_desktop.ui.operations import Operation


def _qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def _pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def _voided(row) -> str:
    """已作废：原因 on a voided line, nothing on a live one."""
    if row.voided_at is None:
        return ""
    return msg("sales_page.voided_note", reason=row.void_reason).render()


ANY_DATE = QDate(2000, 1, 1)


def _picked(edit: QDateEdit) -> date | None:
    """The edit's date, or None when it shows 全部 (no limit)."""
    return None if edit.date() == ANY_DATE else _pydate(edit.date())


class SalesModel(RowsModel):
    def __init__(self, parent=None, with_customer: bool = True, with_voided: bool = False) -> None:
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
        if with_voided:
            cols.append(Column(render("sales_page.column_voided"), _voided))
        super().__init__(cols, parent)


class PaymentsModel(RowsModel):
    def __init__(self, parent=None, with_customer: bool = True, with_voided: bool = False) -> None:
        cols = [Column(self.tr("Date"), lambda r: r.date.isoformat(), lambda r: r.date)]
        if with_customer:
            cols += [
                Column(self.tr("Code"), lambda r: r.customer_code),
                Column(self.tr("Customer"), lambda r: r.customer_name),
            ]
        cols += [
            Column(self.tr("Amount"), lambda r: money(r.amount), lambda r: r.amount, RIGHT),
            Column(self.tr("Method"), lambda r: method_label(r.method).render()),
            Column(self.tr("Reference"), lambda r: r.reference),
            Column(self.tr("Recorded by"), lambda r: r.recorded_by),
            Column(self.tr("Note"), lambda r: r.note),
        ]
        if with_voided:
            cols.append(Column(render("sales_page.column_voided"), _voided))
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
        for code in PAYMENT_METHODS:
            self.method.addItem(method_label(code).render(), code)
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


_LABELS = {
    "quantity": "sales_page.label_quantity",
    "unit_price": "sales_page.label_unit_price",
    "amount": "sales_page.label_amount",
}


class CorrectionDialog(_FormDialog):
    """Correct a sales line (quantity, unit price, date) or a payment (amount, date,
    method) with a reason; managers only (`services.sales_ledger`)."""

    def __init__(self, actor: Actor, kind: str, line, parent: QWidget | None = None) -> None:
        super().__init__(render("sales_page.correct_title"), parent)
        self.actor, self.kind, self.line = actor, kind, line
        self.inputs: dict[str, QLineEdit] = {}
        self.date = QDateEdit(_qdate(line.date))
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        self.form.addRow(render("sales_page.label_date"), self.date)
        fields = (
            (("quantity", line.quantity.normalize()), ("unit_price", line.unit_price))
            if kind == "sale"
            else (("amount", line.amount),)
        )
        for name, value in fields:
            edit = QLineEdit(format(value, "f"))
            self.inputs[name] = edit
            self.form.addRow(render(_LABELS[name]), edit)
        self.method = QComboBox()
        if kind == "payment":
            for code in PAYMENT_METHODS:
                self.method.addItem(method_label(code).render(), code)
            self.method.setCurrentIndex(max(0, self.method.findData(line.method)))
            self.form.addRow(render("sales_page.label_method"), self.method)
        self.reason = QLineEdit()
        self.form.addRow(render("sales_page.correct_reason"), self.reason)

    def submit(self) -> None:
        try:
            if self.kind == "sale":
                sales_ledger.correct_sale(
                    self.actor,
                    self.line.id,
                    self.reason.text(),
                    quantity=self.inputs["quantity"].text(),
                    unit_price=self.inputs["unit_price"].text(),
                    sale_date=_pydate(self.date.date()),
                )
            else:
                sales_ledger.correct_payment(
                    self.actor,
                    self.line.id,
                    self.reason.text(),
                    amount=self.inputs["amount"].text(),
                    payment_date=_pydate(self.date.date()),
                    method=self.method.currentData(),
                )
        except UserError as exc:
            self.error.setText(exc.render())
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
    """Sales and payments the actor may see, filtered by date, customer, salesperson and
    product, with their totals; record, void (managers) and export them; the catalogue.

    Signals: `changed` after a line was recorded or voided; `statusMessage` after an export.
    """

    changed = Signal()
    statusMessage = Signal(str)
    SHOWN = 2000  # lines listed; the totals and the export take every matching line

    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        layout = QVBoxLayout(self)
        layout.addLayout(self._filter_bar())
        self.totals_label = QLabel()
        self.totals_label.setWordWrap(True)
        layout.addWidget(self.totals_label)
        self.tabs = QTabWidget()
        layout.addWidget(self.tabs)

        voids = sales_ledger.can_void(actor)
        self.sales_model = SalesModel(self, with_voided=True)
        self.sales_view = make_table(self.sales_model, sortable=True)
        self.sale_button = QPushButton(self.tr("Record sale…"))
        self.sale_button.clicked.connect(self.record_sale)
        self.void_sale_button = QPushButton(render("sales_page.void_button"))
        self.void_sale_button.setVisible(voids)
        self.void_sale_button.clicked.connect(lambda: self.void_selected("sale"))
        self.correct_sale_button = QPushButton(render("sales_page.correct_button"))
        self.correct_sale_button.setVisible(voids)
        self.correct_sale_button.clicked.connect(lambda: self.correct_selected("sale"))
        self.tabs.addTab(
            self._with_buttons(
                self.sales_view, self.sale_button, self.correct_sale_button, self.void_sale_button
            ),
            self.tr("Sales"),
        )

        self.payments_model = PaymentsModel(self, with_voided=True)
        self.payments_view = make_table(self.payments_model, sortable=True)
        self.payment_button = QPushButton(self.tr("Record payment…"))
        self.payment_button.clicked.connect(self.record_payment)
        self.void_payment_button = QPushButton(render("sales_page.void_button"))
        self.void_payment_button.setVisible(voids)
        self.void_payment_button.clicked.connect(lambda: self.void_selected("payment"))
        self.correct_payment_button = QPushButton(render("sales_page.correct_button"))
        self.correct_payment_button.setVisible(voids)
        self.correct_payment_button.clicked.connect(lambda: self.correct_selected("payment"))
        self.tabs.addTab(
            self._with_buttons(
                self.payments_view,
                self.payment_button,
                self.correct_payment_button,
                self.void_payment_button,
            ),
            self.tr("Payments"),
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
        self._export_op = None
        self.refresh()

    def _filter_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        self.date_from = QDateEdit()
        self.date_to = QDateEdit()
        for edit in (self.date_from, self.date_to):
            # the earliest date reads 全部 / All: no limit on that side (the default)
            edit.setMinimumDate(ANY_DATE)
            edit.setSpecialValueText(render("sales_page.filter_any"))
            edit.setDate(ANY_DATE)
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.customer_code = QLineEdit()
        self.customer_code.setPlaceholderText(render("sales_page.filter_any"))
        self.customer_code.returnPressed.connect(self.refresh)
        self.salesperson = QComboBox()
        self.salesperson.addItem(render("sales_page.filter_any"), None)
        for user in list_users(active_only=False):
            self.salesperson.addItem(user.name, user.id)
        self.product = QComboBox()
        self.product.addItem(render("sales_page.filter_any"), None)
        for product in sales.list_products(include_inactive=True):
            self.product.addItem(f"{product.code} {product.name}".strip(), product.id)
        self.show_voided = QCheckBox(render("sales_page.filter_show_voided"))
        self.apply_button = QPushButton(render("sales_page.filter_apply"))
        self.apply_button.clicked.connect(self.refresh)
        self.export_button = QPushButton(render("sales_page.export_button"))
        self.export_button.clicked.connect(lambda: self.export_current())
        for label, widget in (
            ("sales_page.filter_from", self.date_from),
            ("sales_page.filter_to", self.date_to),
            ("sales_page.filter_customer", self.customer_code),
            ("sales_page.filter_salesperson", self.salesperson),
            ("sales_page.filter_product", self.product),
        ):
            bar.addWidget(QLabel(render(label)))
            bar.addWidget(widget)
        for widget in (self.show_voided, self.apply_button, self.export_button):
            bar.addWidget(widget)
        bar.addStretch(1)
        return bar

    def ledger_filter(self) -> sales_ledger.LedgerFilter:
        """The filter as the bar shows it (an unknown customer code raises NotFound)."""
        code = self.customer_code.text().strip()
        return sales_ledger.LedgerFilter(
            date_from=_picked(self.date_from),
            date_to=_picked(self.date_to),
            customer_id=sales.find_customer_id(self.actor, code) if code else None,
            salesperson_id=self.salesperson.currentData(),
            product_id=self.product.currentData(),
            include_voided=self.show_voided.isChecked(),
        )

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
        try:
            flt = self.ledger_filter()
        except UserError as exc:
            self.totals_label.setText(exc.render())
            return
        sold = sales_ledger.sales_lines(self.actor, flt, limit=self.SHOWN)
        paid = sales_ledger.payment_lines(self.actor, flt, limit=self.SHOWN)
        self.sales_model.set_rows(sold)
        self.payments_model.set_rows(paid)
        totals = sales_ledger.ledger_totals(self.actor, flt)
        text = render(
            "sales_page.totals",
            {
                "lines": totals.sale_lines,
                "quantity": format(totals.quantity, "f"),
                "amount": money(totals.amount),
                "payments": totals.payment_lines,
                "paid": money(totals.payments),
            },
        )
        if self.SHOWN in (len(sold), len(paid)):
            text += " " + render("sales_page.shown_first", {"count": self.SHOWN})
        self.totals_label.setText(text)
        self.products_model.set_rows(
            sales.list_products(include_inactive=sales.can_edit_catalogue(self.actor))
        )
        for view in (self.sales_view, self.payments_view, self.products_view):
            view.resizeColumnsToContents()

    def void_selected(self, kind: str, reason: str | None = None) -> bool:
        """Void the selected line after asking why (`reason` given: no question)."""
        view, model = (
            (self.sales_view, self.sales_model)
            if kind == "sale"
            else (self.payments_view, self.payments_model)
        )
        rows = view.selectionModel().selectedRows()
        if not rows:
            return False
        line = model.row(rows[0].row())
        if reason is None:
            prompt = render(
                "sales_page.void_prompt",
                {
                    "customer": line.customer_name,
                    "date": line.date.isoformat(),
                    "amount": money(line.amount),
                    "kind": msg(
                        "sales_page.kind_sale" if kind == "sale" else "sales_page.kind_payment"
                    ),
                },
            )
            reason, ok = QInputDialog.getText(self, render("sales_page.void_title"), prompt)
            if not ok:
                return False
        try:
            if kind == "sale":
                sales_ledger.void_sale(self.actor, line.id, reason)
            else:
                sales_ledger.void_payment(self.actor, line.id, reason)
        except UserError as exc:
            QMessageBox.warning(self, render("sales_page.void_title"), exc.render())
            return False
        self.refresh()
        self.changed.emit()
        return True

    def correct_selected(self, kind: str) -> CorrectionDialog | None:
        """Open the correction form on the selected live line (shown modal; returned for tests)."""
        view, model = (
            (self.sales_view, self.sales_model)
            if kind == "sale"
            else (self.payments_view, self.payments_model)
        )
        rows = view.selectionModel().selectedRows()
        if not rows:
            return None
        line = model.row(rows[0].row())
        if line.voided_at is not None:
            return None
        dialog = CorrectionDialog(self.actor, kind, line, self)
        dialog.accepted.connect(self._corrected)
        dialog.open()
        return dialog

    def _corrected(self) -> None:
        self.refresh()
        self.changed.emit()

    def export_current(self, path: str | None = None) -> Operation | None:
        """Export the filtered lines to an .xlsx in the background (asks where unless given)."""
        if path is None:
            path, _f = QFileDialog.getSaveFileName(
                self,
                render("sales_page.export_button"),
                render("sales_page.export_file"),
                "Excel (*.xlsx)",
            )
            if not path:
                return None
            if not path.lower().endswith(".xlsx"):
                path += ".xlsx"
        from crm_desktop.jobs.sales_export import export_sales_lines

        try:
            flt = self.ledger_filter()
        except UserError as exc:
            QMessageBox.warning(self, render("ui.export_title"), exc.render())
            return None
        actor, lang = self.actor, current_language()

        def work(progress: Progress):
            return export_sales_lines(actor, path, flt, lang=lang, progress=progress)

        def exported(result) -> None:
            self.statusMessage.emit(
                render("sales_page.exported", {"count": result.rows, "path": path})
            )

        self._export_op = (
            Operation(self, work, name="export sales lines")
            .success(exported)
            .cancelled(lambda: self.statusMessage.emit(render("ui.export_cancelled")))
            .with_progress(
                render("sales_page.export_lines", {"count": self.sales_model.rowCount()}),
                title=render("ui.export_title"),
                maximum=max(1, self.sales_model.rowCount()),
                modal=False,
            )
            .run_in_background()
        )
        return self._export_op

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
