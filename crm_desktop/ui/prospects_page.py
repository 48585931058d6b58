"""潜在客户名册: each source's customers with counts by stage and conversion to 预期/现实;
choosing a source lists its customers (filtered by stage), a double click opens one."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.errors import UserError
from crm_desktop.i18n import current_language
from crm_desktop.messages import msg, render
from crm_desktop.models.entities import STAGES
from crm_desktop.progress import Progress
from crm_desktop.services import prospects
from crm_desktop.services.auth import Actor
from crm_desktop.services.fields import choice_label
from crm_desktop.ui.operations import Operation
from crm_desktop.ui.pool_page import RowsModel, _table


class ProspectsPage(QWidget):
    """The summary by source above, the chosen source's customers below; the lifecycle
    rules and the workbook of every list (managers) above them.

    Signals: statusMessage(str): an export's outcome, for the window's status bar."""

    statusMessage = Signal(str)  # noqa: N815

    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("prospectsPage")
        self.actor = actor
        self.lang = current_language()
        self._export_op: Operation | None = None
        self.rules_button = QPushButton(msg("lifecycle.dlg_open").render(self.lang), self)
        self.rules_button.setObjectName("lifecycleRules")
        self.rules_button.clicked.connect(self.edit_rules)
        self.export_button = QPushButton(msg("lifecycle.export_button").render(self.lang), self)
        self.export_button.setObjectName("exportProspects")
        self.export_button.clicked.connect(lambda: self.export_lists())
        self.export_button.setEnabled(actor.can("export.bulk"))
        top = QHBoxLayout()
        top.addStretch(1)
        top.addWidget(self.rules_button)
        top.addWidget(self.export_button)
        stage_titles = [choice_label("stage", s, self.lang) for s in STAGES]
        self.summary_model = RowsModel(
            [self.tr("Source"), self.tr("Customers"), *stage_titles, self.tr("Converted")], self
        )
        self.summary_view = _table(self.summary_model, self)
        self.summary_view.setObjectName("sourceTable")
        self.summary_view.selectionModel().selectionChanged.connect(lambda *_a: self.load_list())
        self.stage = QComboBox(self)
        self.stage.setObjectName("stageFilter")
        self.stage.addItem(self.tr("All stages"), None)
        for code, title in zip(STAGES, stage_titles, strict=True):
            self.stage.addItem(title, code)
        self.stage.currentIndexChanged.connect(lambda _i: self.load_list())
        self.list_label = QLabel(self)
        self.list_model = RowsModel([self.tr("Code"), self.tr("Name"), self.tr("Stage")], self)
        self.list_view = _table(self.list_model, self)
        self.list_view.setObjectName("sourceCustomers")
        self.list_view.doubleClicked.connect(self._open)
        bar = QHBoxLayout()
        bar.addWidget(self.list_label, 1)
        bar.addWidget(self.stage)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary_view, 2)
        layout.addLayout(bar)
        layout.addWidget(self.list_view, 3)
        self.sources: list[str | None] = []
        self.refresh()

    def refresh(self) -> None:
        rows = prospects.source_summary(self.actor)
        self.sources = [r.source for r in rows]
        self.summary_model.set_rows(
            list(range(len(rows))),
            [
                (
                    r.label.render(self.lang),
                    str(r.total),
                    *(str(r.by_stage[s]) for s in STAGES),
                    f"{r.conversion:.0%}" if r.total else "—",
                )
                for r in rows
            ],
        )
        self.load_list()

    def current_source(self) -> tuple[bool, str | None]:
        rows = self.summary_view.selectionModel().selectedRows()
        if not rows:
            return False, None
        return True, self.sources[rows[0].row()]

    def load_list(self) -> None:
        chosen, source = self.current_source()
        if not chosen:
            self.list_model.set_rows([], [])
            self.list_label.setText(self.tr("Choose a source above to list its customers."))
            return
        found = prospects.source_customers(self.actor, source, self.stage.currentData())
        self.list_model.set_rows(
            [r[0] for r in found],
            [
                (code, name, choice_label("stage", stage, self.lang))
                for _id, code, name, stage in found
            ],
        )
        self.list_label.setText(self.tr("Customers: %1").replace("%1", str(len(found))))

    def _open(self, index) -> None:
        from crm_desktop.ui.customer_editor import open_customer_editor

        try:
            open_customer_editor(self, self.actor, self.list_model.ids[index.row()])
        except UserError as exc:
            QMessageBox.warning(self, self.tr("Prospect lists"), exc.message)

    def edit_rules(self) -> None:
        """The lifecycle rules (read-only for a salesperson)."""
        from crm_desktop.ui.lifecycle_rules_dialog import open_rules_dialog

        if open_rules_dialog(self.actor, self):
            self.refresh()

    def export_lists(self, path: str | None = None) -> Operation | None:
        """Every list to an .xlsx in the background (asks where unless given a path)."""
        if path is None:
            path, _f = QFileDialog.getSaveFileName(
                self,
                render("lifecycle.export_title", lang=self.lang),
                render("lifecycle.export_file", lang=self.lang),
                "Excel (*.xlsx)",
            )
            if not path:
                return None
            if not path.lower().endswith(".xlsx"):
                path += ".xlsx"
        from crm_desktop.jobs.prospects_export import export_prospects

        actor, lang, target = self.actor, self.lang, path

        def work(progress: Progress):
            return export_prospects(actor, target, lang=lang, progress=progress)

        def exported(result) -> None:
            self.statusMessage.emit(
                msg(
                    "lifecycle.exported",
                    count=result.rows,
                    sources=result.sources,
                    path=str(result.path),
                ).render(lang)
            )

        total = sum(int(row[1]) for row in self.summary_model.rows)
        self._export_op = (
            Operation(self, work, name="export prospect lists")
            .success(exported)
            .cancelled(lambda: self.statusMessage.emit(render("ui.export_cancelled")))
            .with_progress(
                render("lifecycle.exporting", lang=lang),
                title=render("ui.export_title"),
                maximum=max(1, total),
                modal=False,
            )
            .run_in_background()
        )
        return self._export_op
