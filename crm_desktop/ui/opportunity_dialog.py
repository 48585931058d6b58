"""One opportunity (商机): its fields, product lines and stage history; won, lost, reopen,
and printing its quote (报价单)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.errors import UserError, ValidationError
from crm_desktop.fields import CHOICES
from crm_desktop.i18n import current_language
from crm_desktop.services import opportunities as opps
from crm_desktop.services.auth import Actor, list_users
from crm_desktop.services.sales import find_customer_id
from crm_desktop.ui.pipeline_models import money
from crm_desktop.ui.sizing import fit_to_screen

LINE_KEYS = ("product_code", "description", "unit", "quantity", "unit_price", "discount")


class OpportunityDialog(QDialog):
    """Edit or create an opportunity. `changed` is True once a won/lost/reopen was saved."""

    def __init__(
        self,
        actor: Actor,
        opportunity_id: int | None = None,
        *,
        customer_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.actor = actor
        self.opportunity_id = opportunity_id
        self.customer_id = customer_id
        self.detail: opps.OpportunityDetail | None = None
        self.changed = False
        self.setWindowTitle(self.tr("Opportunity"))
        fit_to_screen(self, 720, 560, scroll=True)
        layout = QVBoxLayout(self)
        tabs = QTabWidget()
        layout.addWidget(tabs, 1)

        main = QWidget()
        form = QFormLayout(main)
        self.customer = QLineEdit()
        self.customer.setObjectName("customer")
        self.customer.setPlaceholderText(self.tr("Customer code"))
        self.title = QLineEdit()
        self.title.setObjectName("title")
        self.amount = QLineEdit()
        self.amount.setObjectName("amount")
        self.amount.setPlaceholderText(self.tr("Empty: the sum of the lines"))
        self.close_date = QDateEdit()
        self.close_date.setObjectName("close_date")
        self.close_date.setCalendarPopup(True)
        self.close_date.setDisplayFormat("yyyy-MM-dd")
        self.close_date.setDate(QDate.currentDate().addMonths(1))
        self.stage = QComboBox()
        self.stage.setObjectName("stage")
        lang = current_language()
        for s in opps.list_stages():
            if s.is_open:
                self.stage.addItem(f"{s.label(lang)} ({s.probability}%)", s.id)
        self.probability = QLineEdit()
        self.probability.setObjectName("probability")
        self.probability.setPlaceholderText(self.tr("Empty: the stage's default"))
        self.owner = QComboBox()
        self.owner.setObjectName("owner")
        for user in list_users():
            self.owner.addItem(user.display_name or user.username, user.id)
        self.owner.setCurrentIndex(max(self.owner.findData(actor.id), 0))
        self.owner.setEnabled(actor.sees_all_customers)
        self.source = QComboBox()
        self.source.setObjectName("source")
        self.source.addItem("", None)
        lang = current_language()
        for code, (zh, en) in CHOICES["source"].items():
            self.source.addItem(zh if lang.startswith("zh") else en, code)
        self.competitor = QLineEdit()
        self.next_step = QLineEdit()
        self.quote_days = QLineEdit()
        self.quote_days.setPlaceholderText("30")
        self.notes = QPlainTextEdit()
        self.notes.setMaximumHeight(70)
        form.addRow(self.tr("Customer"), self.customer)
        form.addRow(self.tr("Title"), self.title)
        form.addRow(self.tr("Amount (yuan)"), self.amount)
        form.addRow(self.tr("Expected close date"), self.close_date)
        form.addRow(self.tr("Stage"), self.stage)
        form.addRow(self.tr("Win probability (%)"), self.probability)
        form.addRow(self.tr("Owner"), self.owner)
        form.addRow(self.tr("Source"), self.source)
        form.addRow(self.tr("Competitor"), self.competitor)
        form.addRow(self.tr("Next step"), self.next_step)
        form.addRow(self.tr("Quote valid (days)"), self.quote_days)
        form.addRow(self.tr("Notes"), self.notes)
        tabs.addTab(main, self.tr("Opportunity"))

        lines_tab = QWidget()
        lines_layout = QVBoxLayout(lines_tab)
        self.lines = QTableWidget(0, len(LINE_KEYS))
        self.lines.setObjectName("lines")
        self.lines.setHorizontalHeaderLabels(
            [
                self.tr("Product code"),
                self.tr("Description"),
                self.tr("Unit"),
                self.tr("Quantity"),
                self.tr("Unit price"),
                self.tr("Discount (%)"),
            ]
        )
        self.lines.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        lines_layout.addWidget(self.lines, 1)
        line_buttons = QHBoxLayout()
        add_line = QPushButton(self.tr("Add line"))
        remove_line = QPushButton(self.tr("Remove line"))
        add_line.clicked.connect(lambda: self.lines.insertRow(self.lines.rowCount()))
        remove_line.clicked.connect(lambda: self.lines.removeRow(self.lines.currentRow()))
        line_buttons.addWidget(add_line)
        line_buttons.addWidget(remove_line)
        line_buttons.addStretch(1)
        lines_layout.addLayout(line_buttons)
        tabs.addTab(lines_tab, self.tr("Products"))

        self.history = QTableWidget(0, 4)
        self.history.setObjectName("history")
        self.history.setHorizontalHeaderLabels(
            [self.tr("When"), self.tr("From"), self.tr("To"), self.tr("By")]
        )
        self.history.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.history.horizontalHeader().setStretchLastSection(True)
        tabs.addTab(self.history, self.tr("Stage history"))

        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c62828")
        layout.addWidget(self.error)
        buttons = QHBoxLayout()
        self.won_button = QPushButton(self.tr("Won"))
        self.lost_button = QPushButton(self.tr("Lost…"))
        self.reopen_button = QPushButton(self.tr("Reopen"))
        self.quote_button = QPushButton(self.tr("Print quote…"))
        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.setObjectName("save")
        self.save_button.setDefault(True)
        cancel = QPushButton(self.tr("Close"))
        for b in (self.won_button, self.lost_button, self.reopen_button, self.quote_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(cancel)
        layout.addLayout(buttons)
        self.save_button.clicked.connect(self.save)
        cancel.clicked.connect(self.reject)
        self.won_button.clicked.connect(self.win)
        self.lost_button.clicked.connect(self.lose)
        self.reopen_button.clicked.connect(self.reopen)
        self.quote_button.clicked.connect(self.print_quote)

        if customer_id is not None:
            from crm_desktop.services.customers import get_customer

            card = get_customer(actor, customer_id)
            self.customer.setText(card.values.get("code", ""))
            self.customer.setEnabled(False)
        if opportunity_id is not None:
            self.load()
        else:
            for b in (self.won_button, self.lost_button, self.reopen_button, self.quote_button):
                b.setEnabled(False)

    # --- showing --------------------------------------------------------------------------

    def load(self) -> None:
        assert self.opportunity_id is not None
        d = opps.get_opportunity(self.actor, self.opportunity_id)
        self.detail = d
        r = d.row
        self.customer.setText(f"{r.customer_code} {r.customer_name}")
        self.customer.setEnabled(False)
        self.title.setText(r.title)
        self.amount.setText(f"{r.amount:.2f}")
        self.close_date.setDate(QDate(r.close_date.year, r.close_date.month, r.close_date.day))
        lang = current_language()
        if self.stage.findData(d.stage.id) < 0:
            self.stage.addItem(d.stage.label(lang), d.stage.id)
        self.stage.setCurrentIndex(self.stage.findData(d.stage.id))
        self.probability.setText("" if d.own_probability is None else str(d.own_probability))
        self.owner.setCurrentIndex(max(self.owner.findData(r.owner_id), 0))
        self.source.setCurrentIndex(max(self.source.findData(d.source), 0))
        self.competitor.setText(d.competitor)
        self.next_step.setText(d.next_step)
        self.quote_days.setText("" if d.quote_days is None else str(d.quote_days))
        self.notes.setPlainText(d.notes)
        self.lines.setRowCount(len(d.lines))
        for i, ln in enumerate(d.lines):
            values = (
                ln.product_code,
                ln.description,
                ln.unit,
                f"{ln.quantity.normalize():f}",
                f"{ln.unit_price:.2f}",
                f"{ln.discount.normalize():f}",
            )
            for c, value in enumerate(values):
                self.lines.setItem(i, c, QTableWidgetItem(value))
        self.history.setRowCount(len(d.history))
        for i, h in enumerate(d.history):
            for c, value in enumerate(
                (h.at.strftime("%Y-%m-%d %H:%M"), h.from_stage, h.to_stage, h.user)
            ):
                self.history.setItem(i, c, QTableWidgetItem(value))
        is_open = d.stage.is_open
        for w in (
            self.title,
            self.amount,
            self.close_date,
            self.stage,
            self.probability,
            self.source,
            self.competitor,
            self.next_step,
            self.quote_days,
            self.notes,
            self.lines,
            self.save_button,
            self.won_button,
            self.lost_button,
        ):
            w.setEnabled(is_open)
        self.owner.setEnabled(is_open and self.actor.sees_all_customers)
        self.reopen_button.setEnabled(not is_open)
        self.setWindowTitle(
            self.tr("Opportunity {id}: {title}").format(id=r.id, title=r.title)
            + ("" if is_open else f" ({d.stage.label(lang)})")
        )
        self.error.setText(
            ""
            if d.lost_reason is None
            else self.tr("Lost: {reason}").format(reason=d.lost_reason.label(lang))
            + (f" — {d.lost_note}" if d.lost_note else "")
        )

    def values(self) -> dict[str, object]:
        qd = self.close_date.date()
        return {
            "title": self.title.text(),
            "amount": self.amount.text(),
            "close_date": date(qd.year(), qd.month(), qd.day()),
            "probability": self.probability.text().strip().rstrip("%"),
            "owner": self.owner.currentData(),
            "source": self.source.currentData(),
            "competitor": self.competitor.text(),
            "next_step": self.next_step.text(),
            "quote_days": self.quote_days.text(),
            "notes": self.notes.toPlainText(),
        }

    def line_values(self) -> list[dict[str, object]]:
        out = []
        for r in range(self.lines.rowCount()):
            cells = {
                key: (self.lines.item(r, c).text() if self.lines.item(r, c) else "")
                for c, key in enumerate(LINE_KEYS)
            }
            if any(v.strip() for v in cells.values()):
                out.append(cells)
        return out

    # --- saving ---------------------------------------------------------------------------

    def save(self) -> None:
        """Create or update; a wrong field is named under the form, nothing is saved."""
        try:
            values = self.values()
            lines = self.line_values()
            if self.opportunity_id is None:
                customer_id = self.customer_id or find_customer_id(
                    self.actor, self.customer.text().split(" ")[0]
                )
                if not values["amount"] and lines:
                    values.pop("amount")
                detail = opps.create_opportunity(
                    self.actor, customer_id, values, stage_id=self.stage.currentData(), lines=lines
                )
                self.opportunity_id = detail.id
            else:
                assert self.detail is not None
                if self.stage.currentData() != self.detail.stage.id:
                    opps.move_opportunity(
                        self.actor,
                        self.opportunity_id,
                        self.stage.currentData(),
                        expected_version=self.detail.version,
                    )
                    self.detail = opps.get_opportunity(self.actor, self.opportunity_id)
                opps.update_opportunity(
                    self.actor,
                    self.opportunity_id,
                    values,
                    lines=lines,
                    expected_version=self.detail.version,
                )
        except ValidationError as exc:
            self.error.setText(exc.message)
            return
        except UserError as exc:
            self.error.setText(exc.message)
            return
        self.accept()

    def _act(self, work) -> None:
        try:
            work()
        except UserError as exc:
            QMessageBox.warning(self, self.tr("Opportunity"), exc.message)
            return
        self.changed = True
        self.load()

    def win(self) -> None:
        """Won; asked whether its lines become today's sales as well."""
        assert self.detail is not None
        buttons = (
            QMessageBox.StandardButton.Yes
            | QMessageBox.StandardButton.No
            | QMessageBox.StandardButton.Cancel
        )
        answer = QMessageBox.question(
            self,
            self.tr("Won"),
            self.tr("Record its products as today's sales (order OPP{id})?").format(
                id=self.detail.id
            ),
            buttons,
        )
        if answer == QMessageBox.StandardButton.Cancel:
            return
        version = self.detail.version
        record = answer == QMessageBox.StandardButton.Yes
        self._act(
            lambda: opps.win_opportunity(
                self.actor, self.opportunity_id, expected_version=version, record_sales=record
            )
        )

    def lose(self) -> None:
        assert self.detail is not None
        reasons = opps.list_lost_reasons()
        lang = current_language()
        labels = [r.label(lang) for r in reasons]
        choice, ok = QInputDialog.getItem(
            self, self.tr("Lost"), self.tr("Why was it lost?"), labels, 0, False
        )
        if not ok:
            return
        version = self.detail.version
        self._act(
            lambda: opps.lose_opportunity(
                self.actor,
                self.opportunity_id,
                reasons[labels.index(choice)].id,
                expected_version=version,
            )
        )

    def reopen(self) -> None:
        assert self.detail is not None
        version = self.detail.version
        self._act(
            lambda: opps.reopen_opportunity(
                self.actor, self.opportunity_id, expected_version=version
            )
        )

    def print_quote(self) -> None:
        from crm_desktop.jobs.quote import print_quote
        from crm_desktop.ui.operations import Operation

        assert self.detail is not None
        suggested = f"quote-{self.detail.id}.pdf"
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Print quote"), suggested, self.tr("PDF files (*.pdf)")
        )
        if not path:
            return
        opportunity_id = self.opportunity_id
        Operation(self, lambda progress: print_quote(self.actor, opportunity_id, path)).success(
            lambda result: self.error.setText(
                self.tr("Quote saved: {path} ({total})").format(
                    path=path, total=money(result.total)
                )
            )
        ).run_in_background()


__all__ = ["OpportunityDialog"]
