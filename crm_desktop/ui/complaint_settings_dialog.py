"""The team's complaint settings: hours allowed per severity and the team's own categories."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.errors import UserError
from crm_desktop.models.entities import COMPLAINT_CATEGORIES, COMPLAINT_SEVERITIES
from crm_desktop.services import complaints
from crm_desktop.services.auth import Actor
from crm_desktop.services.complaints.rules import MAX_HOURS


class ComplaintSettingsDialog(QDialog):
    """Change the due times by severity and the list of categories (settings permission)."""

    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.setWindowTitle(self.tr("Complaint settings"))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.hours: dict[str, QSpinBox] = {}
        current = complaints.due_hours()
        for severity in COMPLAINT_SEVERITIES:
            box = QSpinBox(self)
            box.setRange(1, MAX_HOURS)
            box.setSuffix(self.tr(" hours"))
            box.setValue(current[severity])
            self.hours[severity] = box
            form.addRow(complaints.severity_label(severity), box)
        layout.addWidget(QLabel(self.tr("Time allowed to resolve a complaint"), self))
        layout.addLayout(form)
        layout.addWidget(QLabel(self.tr("Your own categories, one a line"), self))
        self.categories = QPlainTextEdit(self)
        own = [c for c in complaints.categories() if c not in COMPLAINT_CATEGORIES]
        self.categories.setPlainText("\n".join(own))
        layout.addWidget(self.categories)
        self.error = QLabel(self)
        self.error.setStyleSheet("color: #c62828;")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def save(self) -> bool:
        try:
            complaints.set_due_hours(self.actor, {k: b.value() for k, b in self.hours.items()})
            complaints.set_categories(self.actor, self.categories.toPlainText().splitlines())
        except UserError as exc:
            self.error.setText(exc.message)
            return False
        self.accept()
        return True
