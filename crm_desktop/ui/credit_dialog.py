"""Credit dialogs: filing a request, and the general manager's decision on one.

Both show what the decision rests on: current beside proposed values, the receivable
balance and exposure, the payment record (on time / late) and the last 12 months'
sales, all from `services.credit`.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.errors import UserError, ValidationError
from crm_desktop.models.entities import CREDIT_RATINGS, PAYMENT_TERMS
from crm_desktop.services import credit
from crm_desktop.services.auth import Actor
from crm_desktop.services.credit import CreditRequestDetail, CreditTerms
from crm_desktop.services.fields import choice_label
from crm_desktop.ui.field_widgets import format_decimal, ui_language

MIN_WIDTH = 640  # the payment record fits on one line: a wrapped label in a form is cut off


def _money(value) -> str:
    return "—" if value is None else format_decimal(value)


class CreditFigures(QWidget):
    """Current vs proposed terms, and the figures behind them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lang = ui_language()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        terms = QGroupBox(self.tr("Credit terms"))
        self.grid = QGridLayout(terms)
        self.grid.addWidget(QLabel(""), 0, 0)
        self.grid.addWidget(QLabel("<b>" + self.tr("Current") + "</b>"), 0, 1)
        self.grid.addWidget(QLabel("<b>" + self.tr("Proposed") + "</b>"), 0, 2)
        self.cells: dict[str, tuple[QLabel, QLabel]] = {}
        rows = (
            ("limit", self.tr("Credit limit")),
            ("days", self.tr("Collection period (days)")),
            ("terms", self.tr("Payment terms")),
            ("rating", self.tr("Credit rating")),
        )
        for i, (key, label) in enumerate(rows, start=1):
            cur, new = QLabel(), QLabel()
            cur.setObjectName(f"current_{key}")
            new.setObjectName(f"proposed_{key}")
            self.grid.addWidget(QLabel(label), i, 0)
            self.grid.addWidget(cur, i, 1)
            self.grid.addWidget(new, i, 2)
            self.cells[key] = (cur, new)
        layout.addWidget(terms)
        facts = QGroupBox(self.tr("Receivables and payment record"))
        form = QFormLayout(facts)
        self.balance = QLabel()
        self.exposure = QLabel()
        self.record = QLabel()
        self.record.setWordWrap(True)
        self.sales = QLabel()
        for w, name in (
            (self.balance, "balance"),
            (self.exposure, "exposure"),
            (self.record, "record"),
            (self.sales, "sales12m"),
        ):
            w.setObjectName(name)
            w.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(self.tr("Receivable balance"), self.balance)
        form.addRow(self.tr("Credit exposure"), self.exposure)
        form.addRow(self.tr("Payment record"), self.record)
        form.addRow(self.tr("Sales, last 12 months"), self.sales)
        layout.addWidget(facts)

    def _terms_text(self, t: CreditTerms) -> dict[str, str]:
        return {
            "limit": _money(t.limit),
            "days": "—" if t.days is None else str(t.days),
            "terms": choice_label("payment_terms", t.terms, self.lang) or "—",
            "rating": choice_label("credit_rating", t.rating, self.lang) or "—",
        }

    def show_detail(self, d: CreditRequestDetail) -> None:
        cur, new = self._terms_text(d.current), self._terms_text(d.proposed)
        for key, (cur_label, new_label) in self.cells.items():
            cur_label.setText(cur[key])
            changed = cur[key] != new[key]
            new_label.setText(f"<b>{new[key]}</b>" if changed else new[key])
        self.balance.setText(format_decimal(d.balance))
        ratio = d.exposure.ratio
        if ratio is None:
            self.exposure.setText(self.tr("no limit set"))
        elif ratio == float("inf"):
            self.exposure.setText(self.tr("over a zero limit"))
        else:
            self.exposure.setText(f"{ratio:.0%}")
        rec = d.payment_record
        text = (
            self.tr("%1 paid on time, %2 paid late, %3 open past due (%4), %5 not yet due")
            .replace("%1", str(rec.paid_on_time))
            .replace("%2", str(rec.paid_late))
            .replace("%3", str(rec.open_overdue))
            .replace("%4", format_decimal(rec.overdue_amount))
            .replace("%5", str(rec.open_not_due))
        )
        if rec.max_days_late:
            text += self.tr("; up to %1 days late").replace("%1", str(rec.max_days_late))
        self.record.setText(text)
        self.sales.setText(format_decimal(d.sales_12m))


class CreditRequestDialog(QDialog):
    """A salesperson or manager proposes new credit terms for one customer, with a reason."""

    def __init__(self, actor: Actor, customer_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.customer_id = customer_id
        self.result_detail: CreditRequestDetail | None = None
        self.lang = ui_language()
        detail = credit.preview_request(actor, customer_id)
        self.current = detail.current
        self.setWindowTitle(
            self.tr("Credit request: %1 %2")
            .replace("%1", detail.customer_code)
            .replace("%2", detail.customer_name)
        )
        layout = QVBoxLayout(self)
        self.setMinimumWidth(MIN_WIDTH)
        self.figures = CreditFigures(self)
        layout.addWidget(self.figures)

        box = QGroupBox(self.tr("Proposal"))
        form = QFormLayout(box)
        self.limit = QLineEdit()
        self.limit.setObjectName("limit")
        self.limit.setPlaceholderText(self.tr("amount in yuan"))
        if detail.current.limit is not None:
            self.limit.setText(format(detail.current.limit, "f"))
        self.percent = QDoubleSpinBox()
        self.percent.setRange(-99, 1000)
        self.percent.setSuffix(" %")
        self.percent.setValue(10)
        self.apply_percent = QPushButton(self.tr("Apply to current limit"))
        self.apply_percent.setEnabled(detail.current.limit is not None)
        self.apply_percent.clicked.connect(self._apply_percent)
        row = QHBoxLayout()
        row.addWidget(self.limit, 1)
        row.addWidget(QLabel(self.tr("or change by")))
        row.addWidget(self.percent)
        row.addWidget(self.apply_percent)
        form.addRow(self.tr("Credit limit"), row)
        self.days = QLineEdit()
        self.days.setObjectName("days")
        self.days.setPlaceholderText(self.tr("unchanged"))
        form.addRow(self.tr("Collection period (days)"), self.days)
        self.terms = QComboBox()
        self.terms.addItem(self.tr("unchanged"), None)
        for code in PAYMENT_TERMS:
            self.terms.addItem(choice_label("payment_terms", code, self.lang), code)
        form.addRow(self.tr("Payment terms"), self.terms)
        self.rating = QComboBox()
        self.rating.addItem(self.tr("unchanged"), None)
        for code in CREDIT_RATINGS:
            self.rating.addItem(choice_label("credit_rating", code, self.lang), code)
        form.addRow(self.tr("Credit rating"), self.rating)
        suggestion = credit.suggest_rating(actor, customer_id)
        self.suggestion = QLabel()
        self.suggestion.setObjectName("suggestion")
        self.suggestion.setWordWrap(True)
        if suggestion.rating:
            why = (
                self.tr("%1% of %2 sales paid on time")
                .replace("%1", str(suggestion.on_time_pct))
                .replace("%2", str(suggestion.judged))
            )
            if suggestion.open_overdue:
                why += (
                    self.tr("; %1 open past due, up to %2 days")
                    .replace("%1", str(suggestion.open_overdue))
                    .replace("%2", str(suggestion.max_days_late))
                )
            self.suggestion.setText(
                self.tr("Suggested from payment behaviour: %1 (%2)")
                .replace("%1", choice_label("credit_rating", suggestion.rating, self.lang))
                .replace("%2", why)
            )
        else:
            self.suggestion.setText(self.tr("No rating suggestion: not enough payment history."))
        form.addRow("", self.suggestion)
        self.reason = QPlainTextEdit()
        self.reason.setObjectName("reason")
        self.reason.setPlaceholderText(self.tr("Why should the credit change?"))
        self.reason.setFixedHeight(70)
        form.addRow(self.tr("Reason"), self.reason)
        layout.addWidget(box)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setStyleSheet("color: #b00020")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Send request"))
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        for signal in (self.limit.textChanged, self.days.textChanged):
            signal.connect(self.update_preview)
        self.terms.currentIndexChanged.connect(self.update_preview)
        self.rating.currentIndexChanged.connect(self.update_preview)
        self.figures.show_detail(detail)

    def _apply_percent(self) -> None:
        if self.current.limit is None:
            return
        try:
            value = credit.scaled_limit(self.current.limit, self.percent.value())
        except ValidationError as exc:
            self.error.setText(exc.message)
            return
        self.limit.setText(format(value, "f"))

    def _values(self) -> dict:
        return {
            "limit": self.limit.text().strip(),
            "days": self.days.text().strip() or None,
            "terms": self.terms.currentData(),
            "rating": self.rating.currentData(),
        }

    def update_preview(self, *_args) -> None:
        try:
            detail = credit.preview_request(self.actor, self.customer_id, **self._values())
        except UserError as exc:
            self.error.setText(exc.message)
            if isinstance(exc, ValidationError) and "limit" in exc.problems:
                self.figures.cells["limit"][1].setText("?")  # not the last amount that parsed
            return
        self.error.setText("")
        self.figures.show_detail(detail)

    def submit(self) -> None:
        try:
            self.result_detail = credit.request_credit(
                self.actor,
                self.customer_id,
                reason=self.reason.toPlainText(),
                **self._values(),
            )
        except UserError as exc:
            self.error.setText(exc.message)
            return
        self.accept()


class DecisionDialog(QDialog):
    """The general manager's view of one request: approve (maybe lower) or reject, with a comment."""

    def __init__(
        self,
        actor: Actor,
        request_id: int,
        parent: QWidget | None = None,
        focus: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.actor = actor
        self.request_id = request_id
        detail = credit.request_detail(actor, request_id)
        req = detail.request
        assert req is not None
        self.setWindowTitle(
            self.tr("Credit request %1: %2 %3")
            .replace("%1", str(req.id))
            .replace("%2", detail.customer_code)
            .replace("%3", detail.customer_name)
        )
        layout = QVBoxLayout(self)
        self.setMinimumWidth(MIN_WIDTH)
        who = QLabel(
            self.tr("Requested by %1 on %2. Reason: %3")
            .replace("%1", req.requested_by)
            .replace("%2", req.requested_at.strftime("%Y-%m-%d %H:%M"))
            .replace("%3", req.reason)
        )
        who.setWordWrap(True)
        layout.addWidget(who)
        self.figures = CreditFigures(self)
        self.figures.show_detail(detail)
        layout.addWidget(self.figures)
        allowed = credit.allowed_actions(actor, req)
        can_decide = bool(allowed & {"approve", "reject"})
        box = QGroupBox(self.tr("Decision"))
        form = QFormLayout(box)
        self.limit = QLineEdit(format(req.proposed.limit, "f") if req.proposed.limit else "")
        self.limit.setObjectName("approved_limit")
        self.limit.setToolTip(self.tr("You may approve a lower amount than requested."))
        form.addRow(self.tr("Approved limit"), self.limit)
        self.comment = QPlainTextEdit()
        self.comment.setObjectName("comment")
        self.comment.setFixedHeight(60)
        form.addRow(self.tr("Comment"), self.comment)
        box.setVisible(can_decide)
        layout.addWidget(box)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setStyleSheet("color: #b00020")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.approve_button = buttons.addButton(
            self.tr("Approve"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.reject_button = buttons.addButton(
            self.tr("Reject"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.approve_button.setVisible(can_decide)
        self.approve_button.setEnabled("approve" in allowed)
        if can_decide and "approve" not in allowed:
            self.approve_button.setToolTip(
                self.tr("You filed this request: another manager decides.")
            )
        self.reject_button.setVisible("reject" in allowed)
        self.approve_button.clicked.connect(self.do_approve)
        self.reject_button.clicked.connect(self.do_reject)
        layout.addWidget(buttons)
        if focus == "reject":
            self.comment.setFocus()
        elif focus == "approve":
            self.limit.setFocus()

    def do_approve(self) -> None:
        try:
            credit.approve(
                self.actor,
                self.request_id,
                limit=self.limit.text().strip() or None,
                comment=self.comment.toPlainText(),
            )
        except UserError as exc:
            self.error.setText(exc.message)
            return
        self.accept()

    def do_reject(self) -> None:
        try:
            credit.reject(self.actor, self.request_id, comment=self.comment.toPlainText())
        except UserError as exc:
            self.error.setText(exc.message)
            return
        self.accept()
