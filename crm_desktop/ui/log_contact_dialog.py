"""记录联系: the one dialog that logs a contact that just happened and plans the next step.

Opened with Ctrl+L from the customer list, the card, Today and the follow-ups page. It
only collects values and calls `services.followups.log_contact`; problems are shown
under their fields and nothing closes until the contact is saved.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.errors import UserError, ValidationError
from crm_desktop.models.entities import FOLLOWUP_KINDS
from crm_desktop.services import customers as customer_service
from crm_desktop.services import followups as service
from crm_desktop.services.auth import Actor
from crm_desktop.services.followups import LogResult
from crm_desktop.ui.followup_dialog import (
    FieldErrors,
    _datetime_edit,
    from_qdatetime,
    to_qdatetime,
)

# the Ctrl+L action lives apart, so that a page offers it without loading this dialog
from crm_desktop.ui.log_shortcut import SHORTCUT, install_log_shortcut  # noqa: F401


class LogContactDialog(QDialog):
    """Log a contact with one customer: when, how, with whom, what came of it, what next."""

    logged = Signal(object)  # LogResult

    def __init__(self, actor: Actor, customer_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.customer_id = customer_id
        self.result_value: LogResult | None = None
        card = customer_service.get_customer(actor, customer_id)
        self.setWindowTitle(f"{self.tr('Log contact')} — {card.code} {card.name}")
        self.errors = FieldErrors()
        body = QWidget(self)
        form = QFormLayout(body)
        form.setContentsMargins(0, 0, 0, 0)

        now = datetime.now().replace(second=0, microsecond=0)
        self.at = _datetime_edit(body)
        self.at.setObjectName("done_at")
        self.at.setDateTime(to_qdatetime(now))
        self.errors.add(form, "done_at", self.tr("When"), self.at)

        self.kind = QComboBox(body)
        self.kind.setObjectName("kind")
        for code in FOLLOWUP_KINDS:
            self.kind.addItem(service.kind_label(code), code)
        self.errors.add(form, "kind", self.tr("Kind"), self.kind)

        self.contact = QComboBox(body)
        self.contact.setObjectName("contact")
        self.contact.addItem(self.tr("(none)"), None)
        for contact in customer_service.list_contacts(actor, customer_id):
            self.contact.addItem(contact["name"], contact.id)
        self.errors.add(form, "contact", self.tr("Contact person"), self.contact)

        self.outcome = QLineEdit(body)
        self.outcome.setObjectName("outcome")
        self.outcome.setPlaceholderText(self.tr("What came of it"))
        self.errors.add(form, "outcome", self.tr("Outcome"), self.outcome)

        self.notes = QPlainTextEdit(body)
        self.notes.setObjectName("notes")
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(80)
        form.addRow(self.tr("Notes"), self.notes)

        next_row = QWidget(body)
        next_layout = QHBoxLayout(next_row)
        next_layout.setContentsMargins(0, 0, 0, 0)
        self.has_next = QCheckBox(self.tr("Plan the next follow-up"), next_row)
        self.has_next.setObjectName("has_next")
        self.next_due = _datetime_edit(next_row)
        self.next_due.setObjectName("next_due_at")
        self.next_due.setDateTime(to_qdatetime(service.suggested_next_due(customer_id, now)))
        self.next_kind = QComboBox(next_row)
        self.next_kind.setObjectName("next_kind")
        for code in FOLLOWUP_KINDS:
            self.next_kind.addItem(service.kind_label(code), code)
        self.next_due.setEnabled(False)
        self.next_kind.setEnabled(False)
        self.has_next.toggled.connect(self.next_due.setEnabled)
        self.has_next.toggled.connect(self.next_kind.setEnabled)
        next_layout.addWidget(self.has_next)
        next_layout.addWidget(self.next_due, 1)
        next_layout.addWidget(self.next_kind)
        self.errors.add(form, "next_due_at", self.tr("Next step"), next_row)
        self.errors.widgets["next_due_at"] = self.next_due
        self.errors.labels["next_kind"] = self.errors.labels["next_due_at"]
        self.errors.widgets["next_kind"] = self.next_kind

        self.general = QLabel(self)
        self.general.setObjectName("general_error")
        self.general.setStyleSheet("color: #c0392b;")
        self.general.setWordWrap(True)
        self.general.hide()

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(body)
        layout.addWidget(self.general)
        layout.addWidget(buttons)
        self.outcome.setFocus(Qt.FocusReason.OtherFocusReason)

    def values(self) -> dict[str, object]:
        """What the service is called with."""
        return {
            "kind": self.kind.currentData(),
            "outcome": self.outcome.text(),
            "notes": self.notes.toPlainText(),
            "contact": self.contact.currentData(),
            "at": from_qdatetime(self.at.dateTime()),
            "next_due": from_qdatetime(self.next_due.dateTime())
            if self.has_next.isChecked()
            else None,
            "next_kind": self.next_kind.currentData() if self.has_next.isChecked() else None,
        }

    def save(self) -> bool:
        """Save the contact; on a problem show it and stay open."""
        self.general.hide()
        try:
            result = service.log_contact(self.actor, self.customer_id, **self.values())
        except ValidationError as exc:
            rest = self.errors.show(exc.errors)
            if rest:
                self.general.setText("\n".join(rest.values()))
                self.general.show()
            return False
        except UserError as exc:
            QMessageBox.warning(self, self.windowTitle(), exc.message)
            return False
        self.result_value = result
        self.logged.emit(result)
        self.accept()
        return True


def open_log_contact(
    parent: QWidget, actor: Actor, customer_id: int | None
) -> LogContactDialog | None:
    """Open the dialog for a customer (modeless, deleted on close); None when there is none."""
    if customer_id is None:
        return None
    try:
        dialog = LogContactDialog(actor, customer_id, parent)
    except UserError as exc:
        QMessageBox.warning(
            parent, QCoreApplication.translate("LogContactDialog", "Log contact"), exc.message
        )
        return None
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
