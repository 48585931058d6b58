"""The Complaints page (客户投诉处理): open complaints by due time, filters, the dialog, export.

The list is `ComplaintTableModel` (ids first, rows for the visible ones), so the page
paints at once with 50,000 complaints. A salesperson sees their customers' complaints,
the managers everyone's (the service decides).
"""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.messages import msg, render
from crm_desktop.models.entities import COMPLAINT_SEVERITIES, COMPLAINT_STATUSES
from crm_desktop.progress import Progress
from crm_desktop.services import complaints
from crm_desktop.services.auth import Actor, list_users
from crm_desktop.services.complaints import ComplaintQuery
from crm_desktop.services.sales import list_products
from crm_desktop.ui.complaint_table_model import COLUMNS, ComplaintTableModel
from crm_desktop.ui.field_widgets import ui_language
from crm_desktop.ui.operations import Operation

SEARCH_DELAY_MS = 250


class ComplaintsPage(QWidget):
    """Signals: `statusMessage(str)` for the main window's status bar."""

    statusMessage = Signal(str)

    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("complaintsPage")
        self.actor = actor
        self.lang = ui_language()
        self._export_op: Operation | None = None
        self._build()
        self.apply_filters()

    def _build(self) -> None:
        lang = self.lang
        self.show_box = QComboBox(self)
        self.show_box.setObjectName("complaintShow")
        self.show_box.addItem(self.tr("Open, by due time"), "unresolved")
        self.show_box.addItem(self.tr("Overdue"), "overdue")
        self.show_box.addItem(self.tr("All"), "all")
        for status in COMPLAINT_STATUSES:
            self.show_box.addItem(complaints.status_label(status, lang), status)
        self.category_box = QComboBox(self)
        self.category_box.addItem(self.tr("Every category"), None)
        for code in complaints.categories():
            self.category_box.addItem(complaints.category_label(code, lang), code)
        self.severity_box = QComboBox(self)
        self.severity_box.addItem(self.tr("Every severity"), None)
        for code in COMPLAINT_SEVERITIES:
            self.severity_box.addItem(complaints.severity_label(code, lang), code)
        self.handler_box = QComboBox(self)
        self.handler_box.addItem(self.tr("Everyone"), None)
        for user in list_users():
            self.handler_box.addItem(user.name, user.id)
        self.product_box = QComboBox(self)
        self.product_box.addItem(self.tr("Every product"), None)
        for p in list_products():
            self.product_box.addItem(f"{p.code} {p.name}", p.id)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Search subject, customer name or code"))
        self.search.setClearButtonEnabled(True)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_filters)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        for box in (
            self.show_box,
            self.category_box,
            self.severity_box,
            self.handler_box,
            self.product_box,
        ):
            box.currentIndexChanged.connect(lambda _i: self.apply_filters())

        self.new_button = QPushButton(self.tr("New complaint…"), self)
        self.new_button.clicked.connect(self.new_complaint)
        self.export_button = QPushButton(self.tr("Export to Excel…"), self)
        self.export_button.clicked.connect(self.export_current)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("complaintCount")
        self.settings_button = QPushButton(self.tr("Settings…"), self)
        self.settings_button.setVisible(self.actor.can("settings.edit"))
        self.settings_button.clicked.connect(self.edit_settings)

        self.model = ComplaintTableModel(self.actor, self)
        self.table = QTableView(self)
        self.table.setObjectName("complaintTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(24)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        widths = {"due_at": 130, "status": 70, "severity": 60, "customer": 220, "subject": 220,
                  "category": 70, "product": 120, "handled_by": 80, "received_at": 130}  # fmt: skip
        for col, key in enumerate(COLUMNS):
            if key in widths:
                self.table.setColumnWidth(col, widths[key])
        self.table.doubleClicked.connect(lambda _i: self.open_selected())

        filters = QHBoxLayout()
        filters.addWidget(self.show_box)
        filters.addWidget(self.category_box)
        filters.addWidget(self.severity_box)
        filters.addWidget(self.handler_box)
        filters.addWidget(self.product_box)
        filters.addWidget(self.search, 1)
        actions = QHBoxLayout()
        actions.addWidget(self.new_button)
        actions.addWidget(self.export_button)
        actions.addWidget(self.settings_button)
        actions.addStretch(1)
        actions.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addLayout(actions)
        layout.addWidget(self.table, 1)

    # --- the list -----------------------------------------------------------------

    def current_query(self) -> ComplaintQuery:
        show = self.show_box.currentData()
        return ComplaintQuery(
            open_only=show == "unresolved",
            overdue_only=show == "overdue",
            status=show if show in COMPLAINT_STATUSES else None,
            category=self.category_box.currentData(),
            severity=self.severity_box.currentData(),
            handled_by=self.handler_box.currentData(),
            product=self.product_box.currentData(),
            text=self.search.text().strip(),
        )

    def apply_filters(self) -> None:
        self.model.set_query(self.current_query())
        self._count_later()

    def refresh(self) -> None:
        """Shown again, or after a write: the same filters, fresh rows."""
        self.model.reload()
        self._count_later()

    def _count_later(self) -> None:
        """The count line right after the rows are painted (it asks the database again)."""
        self.count_label.setText("")
        QTimer.singleShot(0, self._show_count)

    def _show_count(self) -> None:
        overdue = complaints.open_count(self.actor, overdue_only=True)
        set_badge = getattr(self.window(), "set_badge", None)  # the side bar's number
        if set_badge is not None:
            set_badge("complaints", overdue)
        self.count_label.setText(
            msg("complaints.page_count", count=self.model.rowCount(), overdue=overdue).render(
                self.lang
            )
        )

    def selected_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.id_at(rows[0].row()) if rows else None

    # --- actions ------------------------------------------------------------------

    def _dialog(self, complaint_id: int | None):
        from crm_desktop.ui.complaint_dialog import ComplaintDialog

        dialog = ComplaintDialog(self.actor, complaint_id, None, self)
        dialog.changed.connect(lambda _id: self.refresh())
        return dialog

    def new_complaint(self) -> None:
        self._dialog(None).exec()

    def open_selected(self) -> None:
        complaint_id = self.selected_id()
        if complaint_id is not None:
            self._dialog(complaint_id).exec()

    def edit_settings(self) -> None:
        """The time allowed per severity and the team's own categories (general manager)."""
        from crm_desktop.ui.complaint_settings_dialog import ComplaintSettingsDialog

        if ComplaintSettingsDialog(self.actor, self).exec():
            current = self.category_box.currentData()
            self.category_box.blockSignals(True)
            self.category_box.clear()
            self.category_box.addItem(self.tr("Every category"), None)
            for code in complaints.categories():
                self.category_box.addItem(complaints.category_label(code, self.lang), code)
            index = self.category_box.findData(current)
            self.category_box.setCurrentIndex(max(index, 0))
            self.category_box.blockSignals(False)

    def export_current(self, path: str | None = None) -> Operation | None:
        """Export the list as filtered to an .xlsx (asks where unless given a path)."""
        if path is None:
            path, _f = QFileDialog.getSaveFileName(
                self, self.tr("Export complaints"), self.tr("complaints.xlsx"), "Excel (*.xlsx)"
            )
            if not path:
                return None
            if not path.lower().endswith(".xlsx"):
                path += ".xlsx"
        from crm_desktop.jobs.complaints_export import export_complaints

        actor, query, lang = self.actor, self.model.query, self.lang

        def work(progress: Progress):
            return export_complaints(actor, path, query, lang=lang, progress=progress)

        def exported(result) -> None:
            self.statusMessage.emit(
                msg("complaints.exported", count=result.rows, path=path).render()
            )

        self._export_op = (
            Operation(self, work, name="export complaints")
            .success(exported)
            .cancelled(lambda: self.statusMessage.emit(render("ui.export_cancelled")))
            .with_progress(
                render("complaints.exporting"),
                title=render("ui.export_title"),
                maximum=max(1, self.model.rowCount()),
                modal=False,
            )
            .run_in_background()
        )
        return self._export_op
