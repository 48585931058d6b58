"""The customer card's 跟进 tab: every follow-up of the customer, newest first, and the cadence.

Registered in `customer_editor_tabs.EXTRA_TABS`. It shows when the next contact is
due by the cadence, suggests a win-back call for a lost customer (流失客户), and
plans, completes, reschedules and cancels through the same dialogs as the page.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTableView, QVBoxLayout, QWidget

from crm_desktop.errors import UserError
from crm_desktop.services import followups as service
from crm_desktop.services.auth import Actor
from crm_desktop.services.followups import FollowUpRow
from crm_desktop.ui.followups_page import FollowUpActions, FollowUpTableModel, make_table


def tab_title() -> str:
    """The tab's title, translated (the card editor asks for it when it builds its tabs)."""
    return QCoreApplication.translate("FollowUpsTab", "Follow-ups")


class FollowUpsTab(QWidget, FollowUpActions):
    """All follow-ups of one customer (whole history, newest first) with the actions."""

    def __init__(self, actor: Actor, customer_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.customer_id = customer_id
        self.setObjectName("followupsTab")
        layout = QVBoxLayout(self)
        self.cadence_label = QLabel(self)
        self.cadence_label.setObjectName("cadenceLabel")
        self.cadence_label.setWordWrap(True)
        layout.addWidget(self.cadence_label)

        self.winback = QWidget(self)
        winback_layout = QHBoxLayout(self.winback)
        winback_layout.setContentsMargins(0, 0, 0, 0)
        self.winback_label = QLabel(
            self.tr(
                "Lost customer (流失客户): call them to learn why they left; "
                "one in four can be won back."
            ),
            self.winback,
        )
        self.winback_label.setWordWrap(True)
        self._winback_text = self.winback_label.text()
        self.winback_button = QPushButton(self.tr("Plan a win-back call…"), self.winback)
        self.winback_button.setObjectName("winbackButton")
        self.winback_button.clicked.connect(self.plan_winback)
        winback_layout.addWidget(self.winback_label, 1)
        winback_layout.addWidget(self.winback_button)
        layout.addWidget(self.winback)

        bar = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for key, text, slot in (
            ("plan", self.tr("Plan…"), lambda: self.plan(customer_id=self.customer_id)),
            ("complete", self.tr("Complete…"), self.complete),
            ("reschedule", self.tr("Reschedule…"), self.reschedule),
            ("cancel", self.tr("Cancel follow-up"), self.cancel),
        ):
            button = QPushButton(text, self)
            button.setObjectName(f"{key}Button")
            button.clicked.connect(slot)
            bar.addWidget(button)
            self.buttons[key] = button
        bar.addStretch(1)
        layout.addLayout(bar)

        self.model = FollowUpTableModel(self)
        self.table: QTableView = make_table(self.model, self)
        self.table.setObjectName("historyTable")
        for column in ("code", "customer"):  # always this customer
            self.table.hideColumn(FollowUpTableModel.COLUMNS.index(column))
        self.table.doubleClicked.connect(lambda _i: self.complete())
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        layout.addWidget(self.table, 1)
        self.refresh()

    def refresh(self) -> None:
        now = datetime.now()
        try:
            rows = service.customer_followups(self.actor, self.customer_id)
            due = service.next_cadence_due(self.actor, self.customer_id)
            winback = service.winback_suggestion(self.actor, self.customer_id)
        except UserError as exc:
            self.cadence_label.setText(exc.message)
            self.model.set_rows([], now)
            self.winback.hide()
            return
        self.model.set_rows(rows, now)
        if due is None:
            self.cadence_label.setText(self.tr("No contact cadence: no class and no interval set."))
        elif due < now.date():
            self.cadence_label.setText(
                self.tr("Next contact was due on %1 — overdue.").replace("%1", due.isoformat())
            )
        else:
            self.cadence_label.setText(
                self.tr("Next contact due by %1.").replace("%1", due.isoformat())
            )
        self._winback = winback
        self.winback.setVisible(winback is not None)
        if winback is not None:  # 流失客户: their complaints may say why they left
            from crm_desktop.services.complaints import winback_note

            note = winback_note(self.actor, self.customer_id)
            self.winback_label.setText(self._winback_text + (f"\n{note}" if note else ""))
        self._update_buttons()

    def plan_winback(self) -> None:
        values = getattr(self, "_winback", None)
        if values:
            self.plan(values=values, customer_id=self.customer_id)

    def selected_row(self) -> FollowUpRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def _update_buttons(self) -> None:
        row = self.selected_row()
        open_row = row is not None and row.status == "planned"
        for key in ("complete", "reschedule", "cancel"):
            self.buttons[key].setEnabled(open_row)


def make_tab(actor: Actor, customer_id: int, parent: QWidget) -> QWidget:
    """The factory registered in `customer_editor_tabs.EXTRA_TABS`."""
    return FollowUpsTab(actor, customer_id, parent)


__all__ = ["FollowUpsTab", "make_tab", "tab_title"]
