"""客户分类规则: the sales manager sets the criteria of the lifecycle suggestions (潜在 → 预期
screening, 忠诚客户 orders in months, 流失 months, the win-back call); a salesperson reads them.

Opened from Settings, Today's suggestions box and the 潜在客户名册 page. The limits of
each box come from the service (`services/lifecycle_rules.py`), which checks again on
save; a refusal is shown under the form, in the catalogue's words."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.errors import UserError
from crm_desktop.i18n import current_language
from crm_desktop.messages import render
from crm_desktop.services import lifecycle_rules
from crm_desktop.services.auth import Actor

# the groups of the form: title code, then the rules in it
GROUPS = (
    ("lifecycle.dlg_prospective", ("min_contacts", "need_contact_person")),
    ("lifecycle.dlg_current", ("loyal_orders", "loyal_months")),
    ("lifecycle.dlg_lost", ("lost_months", "winback", "winback_days")),
)
SUFFIX = {
    "min_contacts": "lifecycle.dlg_times",
    "loyal_orders": "lifecycle.dlg_times",
    "loyal_months": "lifecycle.dlg_months",
    "lost_months": "lifecycle.dlg_months",
    "winback_days": "lifecycle.dlg_days",
}


def can_edit(actor: Actor) -> bool:
    """The sales manager and the general manager change the rules (the service's permission)."""
    return actor.can("customer.assign_owner")


class LifecycleRulesDialog(QDialog):
    """A box per rule, grouped by stage; read-only (no Save) for a salesperson."""

    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lifecycleRulesDialog")
        self.actor = actor
        self.lang = lang = current_language()
        self.editable = can_edit(actor)
        self.setWindowTitle(render("lifecycle.dlg_title", lang=lang))
        rules = lifecycle_rules.get_rules()
        intro = QLabel(render("lifecycle.dlg_intro", lang=lang), self)
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        self.boxes: dict[str, QSpinBox | QCheckBox] = {}
        for title, names in GROUPS:
            group = QGroupBox(render(title, lang=lang), self)
            form = QFormLayout(group)
            for name in names:
                label = lifecycle_rules.label(name).render(lang)
                if name in lifecycle_rules.NUMBERS:
                    _default, low, high = lifecycle_rules.NUMBERS[name]
                    spin = QSpinBox(group)
                    spin.setRange(low, high)
                    spin.setSuffix(render(SUFFIX[name], lang=lang))
                    spin.setValue(int(rules[name]))
                    box: QSpinBox | QCheckBox = spin
                    form.addRow(label, spin)
                else:
                    box = QCheckBox(label, group)
                    box.setChecked(bool(rules[name]))
                    form.addRow("", box)
                box.setObjectName(name)
                box.setEnabled(self.editable)
                self.boxes[name] = box
            layout.addWidget(group)
        winback = self.boxes["winback"]
        assert isinstance(winback, QCheckBox)
        winback.toggled.connect(self._winback_toggled)
        self._winback_toggled(winback.isChecked())
        self.problem = QLabel(self)
        self.problem.setObjectName("rulesProblem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #c62828;")
        self.problem.setVisible(not self.editable)
        if not self.editable:
            self.problem.setStyleSheet("")
            self.problem.setText(render("lifecycle.dlg_read_only", lang=lang))
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox(self)
        if self.editable:
            buttons.setStandardButtons(
                QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
            )
            buttons.accepted.connect(self.save)
        else:
            buttons.setStandardButtons(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        layout.addWidget(buttons)
        self.setMinimumWidth(460)

    def _winback_toggled(self, on: bool) -> None:
        self.boxes["winback_days"].setEnabled(self.editable and on)

    def values(self) -> dict[str, Any]:
        """The rules as the form shows them."""
        return {
            name: box.value() if isinstance(box, QSpinBox) else box.isChecked()
            for name, box in self.boxes.items()
        }

    def save(self) -> bool:
        """Store the rules through the service; a refusal stays in the dialog, named."""
        try:
            lifecycle_rules.set_rules(self.actor, self.values())
        except UserError as exc:
            self.problem.setText(exc.render(self.lang))
            self.problem.show()
            return False
        self.accept()
        return True


def open_rules_dialog(actor: Actor, parent: QWidget | None = None) -> bool:
    """Show the dialog; True when the rules were saved (the caller reads its lists again)."""
    return bool(LifecycleRulesDialog(actor, parent).exec())
