"""The customer card's Opportunities tab (商机): the card's opportunities, open and closed."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTableView, QVBoxLayout, QWidget

from crm_desktop.i18n import current_language
from crm_desktop.services import opportunities as opps
from crm_desktop.services.auth import Actor
from crm_desktop.ui.pipeline_models import ROW_ROLE, OpportunityTableModel, money

# the card tab's title, registered in customer_editor_tabs.EXTRA_TABS
TAB_TITLE = QT_TRANSLATE_NOOP("OpportunitiesTab", "Opportunities")


class OpportunitiesTab(QWidget):
    """Lists the customer's opportunities; new ones and a double click open the dialog."""

    def __init__(self, actor: Actor, customer_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.customer_id = customer_id
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.summary = QLabel()
        self.summary.setObjectName("opportunitiesSummary")
        self.new_button = QPushButton(self.tr("New opportunity…"))
        self.new_button.clicked.connect(self.new_opportunity)
        top.addWidget(self.summary, 1)
        top.addWidget(self.new_button)
        layout.addLayout(top)
        self.model = OpportunityTableModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("customerOpportunities")
        self.table.setModel(self.model)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        for hidden in ("code", "customer"):
            self.table.setColumnHidden(self.model.COLUMNS.index(hidden), True)
        self.table.doubleClicked.connect(self._open)
        layout.addWidget(self.table, 1)
        self.refresh()

    def refresh(self) -> None:
        stages = {s.id: s for s in opps.list_stages()}
        lang = current_language()
        self.model.stage_names = {i: s.label(lang) for i, s in stages.items()}
        rows = opps.customer_opportunities(self.actor, self.customer_id)
        self.model.set_rows(rows)
        open_rows = [r for r in rows if r.stage_id in stages and stages[r.stage_id].is_open]
        won = [r for r in rows if r.stage_id in stages and stages[r.stage_id].kind == "won"]
        self.summary.setText(
            self.tr("{open} open (weighted {weighted}), {won} won ({amount})").format(
                open=len(open_rows),
                weighted=money(sum((r.weighted for r in open_rows), start=0)),
                won=len(won),
                amount=money(sum((r.amount for r in won), start=0)),
            )
        )

    def _open(self, index) -> None:
        row = index.data(ROW_ROLE)
        if row is None:
            return
        from crm_desktop.ui.opportunity_dialog import OpportunityDialog

        dialog = OpportunityDialog(self.actor, row.id, parent=self)
        dialog.exec()
        self.refresh()

    def new_opportunity(self) -> None:
        from crm_desktop.ui.opportunity_dialog import OpportunityDialog

        dialog = OpportunityDialog(self.actor, customer_id=self.customer_id, parent=self)
        if dialog.exec():
            self.refresh()
