"""The Today page's opportunity lists: closing this month, and idle for 14 days."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QTableView, QVBoxLayout, QWidget

from crm_desktop.services.auth import Actor
from crm_desktop.services.opportunities.attention import IDLE_DAYS, OpportunityAttention
from crm_desktop.ui.pipeline_models import ROW_ROLE, OpportunityTableModel, money


class TodayOpportunities(QGroupBox):
    """Two small lists side by side; a double click opens the opportunity."""

    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Opportunities"), parent)
        self.setObjectName("todayOpportunities")
        self.actor = actor
        layout = QHBoxLayout(self)
        self.closing_model = OpportunityTableModel(self)
        self.idle_model = OpportunityTableModel(self)
        self.closing_label = QLabel()
        self.idle_label = QLabel()
        for model, label in (
            (self.closing_model, self.closing_label),
            (self.idle_model, self.idle_label),
        ):
            side = QVBoxLayout()
            side.addWidget(label)
            table = QTableView(self)
            table.setModel(model)
            table.verticalHeader().setVisible(False)
            table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
            for hidden in ("code", "stage", "weighted"):
                table.setColumnHidden(model.COLUMNS.index(hidden), True)
            table.doubleClicked.connect(self._open)
            table.setMinimumHeight(160)
            side.addWidget(table, 1)
            layout.addLayout(side, 1)

    def show_items(self, items: OpportunityAttention | None, today: date) -> None:
        """Fill both lists (nothing when the summary has no opportunity part)."""
        if items is None:
            self.hide()
            return
        self.closing_label.setText(
            self.tr("Closing this month: {count} (weighted {weighted})").format(
                count=items.closing_count, weighted=money(items.closing_weighted)
            )
        )
        self.idle_label.setText(
            self.tr("No progress for {days} days: {count}").format(
                days=IDLE_DAYS, count=items.idle_count
            )
        )
        self.closing_model.set_rows(items.closing)
        self.idle_model.set_rows(items.idle)

    def _open(self, index) -> None:
        row = index.data(ROW_ROLE)
        if row is None:
            return
        from crm_desktop.ui.opportunity_dialog import OpportunityDialog

        dialog = OpportunityDialog(self.actor, row.id, parent=self)
        dialog.exec()
