"""The Customers page: instant search, filters, a lazy sortable table, delete with undo.

Every filter and sort becomes a `CustomerQuery` that the database answers (through
`services.customers.customer_ids`); the table model fetches visible rows by page.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from crm_desktop import i18n
from crm_desktop.errors import UserError
from crm_desktop.messages import msg, render
from crm_desktop.models.entities import ABC_CLASSES, CREDIT_RATINGS, STAGES
from crm_desktop.progress import Progress
from crm_desktop.services import auth
from crm_desktop.services import customers as customer_service
from crm_desktop.services.auth import Actor
from crm_desktop.services.custom_fields import definitions as custom_defs
from crm_desktop.services.custom_fields import kinds as custom_kinds
from crm_desktop.services.fields import CUSTOMER_FIELD_MAP, choice_label
from crm_desktop.ui.customer_table_model import (
    COLUMN_KEYS,
    DEFAULT_HIDDEN,
    FIGURE_KEYS,
    MATCH,
    CustomerTableModel,
)
from crm_desktop.ui.operations import Operation

log = logging.getLogger(__name__)

SEARCH_DELAY_MS = 150
UNDO_SECONDS = 15
SETTINGS_HIDDEN = "customers/hidden_columns"
SETTINGS_SHOWN_CUSTOM = "customers/shown_custom_columns"
# v2: the columns 匹配, 余额, 最近联系 and 下次跟进 came in; a state saved before (by column
# number) would give their widths and places to others
SETTINGS_HEADER = "customers/header_state_v2"


class CustomersPage(QWidget):
    """The customer list.

    Signals: `statusMessage(str)` for the main window's status bar;
    `selectionCountChanged(int)`.
    """

    statusMessage = Signal(str)
    selectionCountChanged = Signal(int)

    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("CustomersPage")
        self.actor = actor
        self.lang = i18n.current_language()
        self._undo_ids: list[int] = []

        self.model = CustomerTableModel(actor, self, lang=self.lang)

        self.search = QLineEdit()
        self.search.setObjectName("customerSearch")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(
            self.tr("Search name, code, phone, contact, email, WeChat or pinyin initials (Ctrl+F)")
        )
        self.search.setMinimumWidth(280)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_filters)
        self.search.textEdited.connect(lambda _text: self._search_timer.start())
        self.search.returnPressed.connect(self._search_now)

        self.stage_filter = self._choice_combo(self.tr("All stages"), "stage", STAGES)
        self.abc_filter = self._choice_combo(self.tr("All classes"), "abc_class", ABC_CLASSES)
        self.rating_filter = self._choice_combo(
            self.tr("All credit ratings"), "credit_rating", CREDIT_RATINGS
        )
        self.owner_filter = QComboBox()
        self.owner_filter.setObjectName("ownerFilter")
        self.owner_filter.addItem(self.tr("All owners"), None)
        if actor.sees_all_customers:
            for user in auth.list_users():
                self.owner_filter.addItem(user.name, user.id)
        self.owner_filter.setVisible(actor.sees_all_customers)
        self.owner_filter.currentIndexChanged.connect(self.apply_filters)
        self.view_filter = QComboBox()
        self.view_filter.setObjectName("viewFilter")
        self.view_filter.addItem(self.tr("Active customers"), False)
        self.view_filter.addItem(self.tr("Deleted"), True)
        self.view_filter.currentIndexChanged.connect(self.apply_filters)
        self.custom_filter = self._custom_filter_combo()

        self.new_button = QPushButton(self.tr("New customer"))
        self.new_button.setToolTip(self.tr("Add a customer card (Ctrl+N)"))
        self.new_button.clicked.connect(self.new_customer)
        self.open_button = QPushButton(self.tr("Open"))
        self.open_button.clicked.connect(self.open_current)
        self.delete_button = QPushButton(self.tr("Delete"))
        self.delete_button.clicked.connect(self.delete_selected)
        self.restore_button = QPushButton(self.tr("Restore"))
        self.restore_button.clicked.connect(self.restore_selected)
        self.restore_button.hide()
        self.print_button = QPushButton(self.tr("Print…"))
        self.print_button.setToolTip(self.tr("Print the basic-information form of the selection"))
        self.print_button.clicked.connect(self.print_selected)
        self.export_button = QPushButton(self.tr("Export…"))
        self.export_button.setToolTip(self.tr("Export the listed customers and columns to Excel"))
        self.export_button.clicked.connect(self.export_current)
        self.export_button.setVisible(actor.can("export.bulk"))
        self.fields_button = QPushButton(msg("custom_fields.manage").render(self.lang))
        self.fields_button.setObjectName("customFieldsButton")
        self.fields_button.clicked.connect(self.manage_custom_fields)
        self.fields_button.setVisible(actor.can("customer.edit_all"))

        self.count_label = QLabel()
        self.count_label.setObjectName("customerCount")

        self.table = QTableView()
        self.table.setObjectName("customerTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        vertical = self.table.verticalHeader()
        vertical.hide()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setSectionsMovable(True)
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setHighlightSections(False)
        header.setStretchLastSection(True)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._column_menu)
        self._set_default_widths()
        self.table.activated.connect(
            lambda index: self.open_customer(self.model.customer_id(index.row()))
        )
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._row_menu)
        self.model.queryChanged.connect(self._update_count)
        self.model.modelReset.connect(self._selection_changed)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)

        self.undo_bar = QFrame()
        self.undo_bar.setObjectName("undoBar")
        self.undo_bar.setFrameShape(QFrame.Shape.StyledPanel)
        undo_layout = QHBoxLayout(self.undo_bar)
        undo_layout.setContentsMargins(8, 2, 8, 2)
        self.undo_label = QLabel()
        self.undo_button = QPushButton(self.tr("Undo"))
        self.undo_button.clicked.connect(self.undo_delete)
        undo_layout.addWidget(self.undo_label, 1)
        undo_layout.addWidget(self.undo_button)
        self.undo_bar.hide()
        self._undo_timer = QTimer(self)
        self._undo_timer.setSingleShot(True)
        self._undo_timer.timeout.connect(self.undo_bar.hide)

        self.delete_action = QAction(self.tr("Delete"), self)
        self.delete_action.setShortcut(QKeySequence.StandardKey.Delete)
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.delete_action.triggered.connect(self._delete_or_restore)
        self.table.addAction(self.delete_action)
        from crm_desktop.ui.log_shortcut import install_log_shortcut

        self.log_action = install_log_shortcut(
            self,
            self.actor,
            self.current_id,
            lambda r: self.model.refresh_rows([r.done.customer_id]),
        )

        filters = QHBoxLayout()
        filters.addWidget(self.search, 3)
        for combo in (
            self.stage_filter,
            self.abc_filter,
            self.rating_filter,
            self.owner_filter,
            self.custom_filter,
            self.view_filter,
        ):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            filters.addWidget(combo)
        buttons = QHBoxLayout()
        for button in (
            self.new_button,
            self.open_button,
            self.delete_button,
            self.restore_button,
            self.print_button,
            self.export_button,
            self.fields_button,
        ):
            buttons.addWidget(button)
        from crm_desktop.ui.sync_dialogs import install_sync_menu  # 发给业务员 / 收回

        self.sync_button = install_sync_menu(self, buttons)
        buttons.addStretch(1)
        from crm_desktop.ui.pool_page import PoolWarningLabel  # 公海: "returns in 3 days"

        self.pool_warning = PoolWarningLabel(self.actor, self)
        buttons.addWidget(self.pool_warning)
        buttons.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.undo_bar)

        self._restore_columns()
        self.model.reload()
        self._show_sort_indicator()
        header.sortIndicatorChanged.connect(self._sort_clicked)

    # --- building -----------------------------------------------------------------

    def _choice_combo(self, everything: str, choices: str, codes) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(f"{choices}Filter")
        combo.addItem(everything, None)
        for code in codes:
            combo.addItem(choice_label(choices, code, self.lang), code)
        combo.setToolTip(CUSTOMER_FIELD_MAP[choices].label(self.lang))
        combo.currentIndexChanged.connect(self.apply_filters)
        return combo

    def _custom_filter_combo(self) -> QComboBox:
        """One filter over every option of the custom choice and tags fields (标签: 线上…);
        hidden when there are none."""
        combo = QComboBox()
        combo.setObjectName("customFilter")
        combo.addItem(msg("custom_fields.filter_all").render(self.lang), None)
        for field in custom_defs.list_fields("customer", visible_only=True):
            if field.kind not in ("choice", "tags"):
                continue
            for option in field.choices:
                if not option.retired:
                    text = f"{field.label(self.lang)}：{option.text.render(self.lang)}"
                    combo.addItem(text, f"{field.name}={option.code}")
        combo.setVisible(combo.count() > 1)
        combo.currentIndexChanged.connect(self.apply_filters)
        return combo

    def manage_custom_fields(self) -> None:
        """The managers' dialog of custom fields (new columns show on the next start)."""
        from crm_desktop.ui.custom_fields_dialog import CustomFieldsDialog

        CustomFieldsDialog(self.actor, self).exec()

    def _custom_filter_value(self) -> dict[str, str]:
        chosen = self.custom_filter.currentData()
        if not chosen:
            return {}
        name, code = str(chosen).split("=", 1)
        return {name: code}

    def _set_default_widths(self) -> None:
        widths = {
            "code": 90,
            "name": 240,
            "stage": 90,
            "abc_class": 70,
            "credit_rating": 80,
            "owner": 90,
            "contact_name": 90,
            "contact_phone": 120,
            "phone": 120,
            "address": 260,
            "credit_limit": 120,
            "balance": 120,
            "last_contact_at": 100,
            "next_followup": 130,
            "updated_at": 130,
            MATCH: 220,
        }
        metrics = self.table.horizontalHeader().fontMetrics()
        for number, column in enumerate(self.model.columns):
            needed = metrics.horizontalAdvance(column.label(self.lang)) + 28  # sort arrow
            self.table.setColumnWidth(number, max(widths.get(column.key, 100), needed))

    # --- filters and sort -----------------------------------------------------------

    def _search_now(self) -> None:
        self._search_timer.stop()
        self.apply_filters()

    def apply_filters(self) -> None:
        """Turn the search box and the filters into a database query."""
        self._search_timer.stop()
        deleted = bool(self.view_filter.currentData())
        owner = self.owner_filter.currentData() if self.actor.sees_all_customers else None
        self.model.update_query(
            text=self.search.text().strip(),
            stage=self.stage_filter.currentData(),
            abc_class=self.abc_filter.currentData(),
            credit_rating=self.rating_filter.currentData(),
            owner_id=owner,
            deleted=deleted,
            custom=self._custom_filter_value(),
        )
        self._show_match_column()
        self.delete_button.setVisible(not deleted)
        self.restore_button.setVisible(deleted)
        self.delete_action.setText(self.tr("Restore") if deleted else self.tr("Delete"))

    def _sort_clicked(self, section: int, order: Qt.SortOrder) -> None:
        if self.model.columns[section].sort is None:
            self.statusMessage.emit(self.tr("This column cannot be sorted."))
            self._show_sort_indicator()
            return
        self.model.sort(section, order)

    def _show_sort_indicator(self) -> None:
        header = self.table.horizontalHeader()
        header.blockSignals(True)
        order = (
            Qt.SortOrder.DescendingOrder
            if self.model.query.descending
            else Qt.SortOrder.AscendingOrder
        )
        header.setSortIndicator(self.model.sort_column(), order)
        header.blockSignals(False)

    def _update_count(self) -> None:
        count = self.model.rowCount()
        if self.model.query.deleted:
            text = self.tr("%Ln deleted customer(s)", "", count)
        else:
            text = self.tr("%Ln customer(s)", "", count)
        self.count_label.setText(text)

    # --- columns ------------------------------------------------------------------

    def _show_match_column(self) -> None:
        """The 匹配 column (why a hit was found) is there while the search box has text."""
        number = self.model.columns.index(next(c for c in self.model.columns if c.key == MATCH))
        self.table.setColumnHidden(number, not self.model.query.text)

    def _update_figures_wanted(self) -> None:
        """The model reads the figures only while one of their columns is shown."""
        shown = set(self.visible_columns())
        self.model.set_figures_wanted(any(key in shown for key in FIGURE_KEYS))

    def _column_menu(self, pos) -> None:
        menu = QMenu(self)
        header = self.table.horizontalHeader()
        for number, column in enumerate(self.model.columns):
            if column.key == MATCH:  # shown while searching, not chosen
                continue
            action = menu.addAction(column.label(self.lang))
            action.setCheckable(True)
            action.setChecked(not header.isSectionHidden(number))
            action.setEnabled(column.key != "name")
            action.toggled.connect(lambda on, n=number: self.set_column_visible(n, on))
        menu.addSeparator()
        menu.addAction(self.tr("Reset columns"), self.reset_columns)
        menu.popup(header.mapToGlobal(pos))

    def set_column_visible(self, number: int, visible: bool) -> None:
        self.table.horizontalHeader().setSectionHidden(number, not visible)
        if visible and self.table.columnWidth(number) < 30:
            self.table.setColumnWidth(number, 100)
        self._update_figures_wanted()
        self._save_columns()

    def visible_columns(self) -> list[str]:
        """Column keys in the order shown, hidden ones left out (what Export writes)."""
        header = self.table.horizontalHeader()
        shown = [
            (header.visualIndex(n), self.model.columns[n].key)
            for n in range(len(self.model.columns))
            if not header.isSectionHidden(n)
        ]
        return [key for _pos, key in sorted(shown)]

    def reset_columns(self) -> None:
        header = self.table.horizontalHeader()
        for number, column in enumerate(self.model.columns):
            header.moveSection(header.visualIndex(number), number)
            hidden = column.key in DEFAULT_HIDDEN or column.custom is not None
            header.setSectionHidden(number, hidden)
        self._show_match_column()
        self._set_default_widths()
        self._update_figures_wanted()
        self._save_columns()

    def _save_columns(self) -> None:
        settings = QSettings()
        columns = self.model.columns
        hidden = [
            c.key for n, c in enumerate(columns) if c.key != MATCH and self.table.isColumnHidden(n)
        ]
        settings.setValue(SETTINGS_HIDDEN, ",".join(hidden) or "-")
        # custom columns are hidden until chosen: remember the chosen ones
        shown = [
            c.key for n, c in enumerate(columns) if c.custom and not self.table.isColumnHidden(n)
        ]
        settings.setValue(SETTINGS_SHOWN_CUSTOM, ",".join(shown) or "-")
        settings.setValue(SETTINGS_HEADER, self.table.horizontalHeader().saveState())

    def _restore_columns(self) -> None:
        settings = QSettings()
        state = settings.value(SETTINGS_HEADER)
        header = self.table.horizontalHeader()
        if state is not None:
            header.restoreState(state)
        hidden_text = settings.value(SETTINGS_HIDDEN)
        hidden = DEFAULT_HIDDEN if hidden_text is None else set(str(hidden_text).split(","))
        shown = set(str(settings.value(SETTINGS_SHOWN_CUSTOM) or "").split(","))
        for number, column in enumerate(self.model.columns):
            if column.custom is not None:
                header.setSectionHidden(number, column.key not in shown)
                continue
            header.setSectionHidden(number, column.key in hidden and column.key != "name")
        self._show_match_column()
        self._update_figures_wanted()
        header.sectionResized.connect(lambda *_: self._save_columns_later())
        header.sectionMoved.connect(lambda *_: self._save_columns_later())

    def _save_columns_later(self) -> None:
        if not hasattr(self, "_column_timer"):
            self._column_timer = QTimer(self)
            self._column_timer.setSingleShot(True)
            self._column_timer.setInterval(500)
            self._column_timer.timeout.connect(self._save_columns)
        self._column_timer.start()

    # --- selection ----------------------------------------------------------------

    def selected_ids(self) -> list[int]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        ids = [self.model.customer_id(r) for r in rows]
        return [i for i in ids if i is not None]

    def current_id(self) -> int | None:
        index = self.table.currentIndex()
        if index.isValid():
            return self.model.customer_id(index.row())
        selected = self.selected_ids()
        return selected[0] if selected else None

    def _selection_changed(self, *_args) -> None:
        count = len(self.table.selectionModel().selectedRows())
        deleted = self.model.query.deleted
        self.open_button.setEnabled(count == 1 and not deleted)
        self.delete_button.setEnabled(count > 0)
        self.restore_button.setEnabled(count > 0)
        self.print_button.setEnabled(count > 0 and not deleted)
        self.selectionCountChanged.emit(count)

    def _row_menu(self, pos) -> None:
        if not self.table.indexAt(pos).isValid():
            return
        menu = QMenu(self)
        if self.model.query.deleted:
            menu.addAction(self.tr("Restore"), self.restore_selected)
        else:
            menu.addAction(self.tr("Open"), self.open_current)
            menu.addAction(self.log_action)
            menu.addAction(self.tr("Print…"), self.print_selected)
            menu.addAction(render("ui.record_complaint"), self.record_complaint)
            menu.addSeparator()
            menu.addAction(self.tr("Delete"), self.delete_selected)
        menu.popup(self.table.viewport().mapToGlobal(pos))

    # --- actions (also called from the main window's menus) -------------------------

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def refresh(self) -> None:
        """Shown again or data changed elsewhere: run the query again, keep the current row."""
        current = self.current_id()
        self.model.reload()
        self.pool_warning.reload()
        if current is not None:
            self.select_customer(current)

    def select_customer(self, customer_id: int) -> bool:
        row = self.model.row_of(customer_id)
        if row is None:
            return False
        index = self.model.index(row, COLUMN_KEYS.index("name"))
        self.table.setCurrentIndex(index)
        self.table.selectRow(row)
        self.table.scrollTo(index)
        return True

    def new_customer(self) -> None:
        self.open_customer(None)

    def record_complaint(self) -> QWidget | None:
        """Record a complaint of the current customer (客户投诉), from the list's row menu."""
        customer_id = self.current_id()
        if customer_id is None or self.model.query.deleted:
            return None
        from crm_desktop.ui.complaint_dialog import ComplaintDialog

        dialog = ComplaintDialog(self.actor, None, customer_id, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def open_current(self) -> None:
        customer_id = self.current_id()
        if customer_id is not None and not self.model.query.deleted:
            self.open_customer(customer_id)

    def open_customer(self, customer_id: int | None) -> None:
        """Open the card editor; refresh the list when it saves or closes."""
        if customer_id is not None and self.model.query.deleted:
            return
        from crm_desktop.ui.customer_editor import open_customer_editor  # loaded on first use

        try:
            editor = open_customer_editor(self, self.actor, customer_id)
        except UserError as exc:
            QMessageBox.warning(self, self.tr("Customer card"), exc.message)
            return
        if editor is None:
            self.refresh()
            return
        if getattr(editor, "_customer_list_connected", False):
            return
        editor._customer_list_connected = True
        for name in ("saved", "deleted", "restored"):
            signal = getattr(editor, name, None)
            if signal is not None and hasattr(signal, "connect"):
                signal.connect(self._editor_saved)
        finished = getattr(editor, "finished", None)
        if finished is not None and hasattr(finished, "connect"):
            finished.connect(lambda *_a: self._reload_keep(self.current_id()))

    def _editor_saved(self, *args) -> None:
        customer_id = next((a for a in args if isinstance(a, int)), None)
        if customer_id is not None:
            self.model.refresh_rows([customer_id])
        self._reload_keep(customer_id)

    def _reload_keep(self, customer_id: int | None) -> None:
        self.model.reload()
        if customer_id is not None:
            self.select_customer(customer_id)

    def _delete_or_restore(self) -> None:
        if self.model.query.deleted:
            self.restore_selected()
        else:
            self.delete_selected()

    def delete_selected(self, *, confirm: bool = True) -> int:
        """Soft-delete the selection after asking; an Undo bar offers to bring it back."""
        ids = self.selected_ids()
        if not ids or self.model.query.deleted:
            return 0
        if confirm:
            if len(ids) == 1:
                row = self.model.row_data(self.model.row_of(ids[0]) or 0)
                question = self.tr("Delete customer %1?").replace("%1", row.name if row else "")
            else:
                question = self.tr("Delete %n customer(s)?", "", len(ids))
            answer = QMessageBox.question(
                self,
                self.tr("Delete"),
                question + "\n" + self.tr("Deleted cards can be restored from the Deleted view."),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return 0
        done: list[int] = []
        try:
            for customer_id in ids:
                customer_service.delete_customer(self.actor, customer_id)
                done.append(customer_id)
        except UserError as exc:
            QMessageBox.warning(self, self.tr("Delete"), exc.message)
        self.model.reload()
        if done:
            self._undo_ids = done
            message = self.tr("Deleted %n customer(s).", "", len(done))
            self.undo_label.setText(message)
            self.undo_bar.show()
            self._undo_timer.start(UNDO_SECONDS * 1000)
            self.statusMessage.emit(message)
        return len(done)

    def undo_delete(self) -> int:
        """Restore what the last Delete removed."""
        ids, self._undo_ids = self._undo_ids, []
        self.undo_bar.hide()
        restored = self._restore(ids)
        if restored:
            self.statusMessage.emit(self.tr("Restored %n customer(s).", "", restored))
        return restored

    def can_undo(self) -> bool:
        return bool(self._undo_ids)

    def restore_selected(self) -> int:
        restored = self._restore(self.selected_ids())
        if restored:
            self.statusMessage.emit(self.tr("Restored %n customer(s).", "", restored))
        return restored

    def _restore(self, ids: list[int]) -> int:
        count = 0
        try:
            for customer_id in ids:
                customer_service.restore_customer(self.actor, customer_id)
                count += 1
        except UserError as exc:
            QMessageBox.warning(self, self.tr("Restore"), exc.message)
        if ids:
            self.model.reload()
        return count

    def print_selected(self) -> None:
        """Print the 客户基本资料表 of the selected customers (print preview module)."""
        ids = self.selected_ids()
        if not ids:
            self.statusMessage.emit(self.tr("Select the customers to print first."))
            return
        from crm_desktop.ui.print_preview import print_forms  # QtPdf only when printing

        try:
            print_forms(self, self.actor, ids, kind="form")
        except UserError as exc:
            QMessageBox.warning(self, self.tr("Print"), exc.message)

    def export_current(self) -> None:
        """Export the customers of the current filter with the visible columns (off the GUI thread)."""
        if not self.actor.can("export.bulk"):
            return
        path, _filter = QFileDialog.getSaveFileName(
            self,
            self.tr("Export customers"),
            self.tr("customers") + ".xlsx",
            self.tr("Excel workbook (*.xlsx)"),
        )
        if not path:
            return
        if not path.lower().endswith(".xlsx"):
            path += ".xlsx"
        self.run_export(path)

    def run_export(self, path: str) -> Operation:
        """Run the export job off the GUI thread behind a progress dialog that can cancel."""
        from crm_desktop.jobs import export as export_job  # openpyxl only when exporting

        columns = [
            key
            for key in self.visible_columns()
            if key in CUSTOMER_FIELD_MAP or key.startswith(custom_kinds.PREFIX)
        ]
        actor, query = self.actor, self.model.query

        def work(progress: Progress):
            return export_job.export_customers(actor, path, query, columns, progress=progress)

        def exported(result) -> None:
            self.statusMessage.emit(msg("ui.exported", count=result.rows, path=path).render())

        self._export_op = (
            Operation(self, work, name="export customers")
            .success(exported)
            .cancelled(lambda: self.statusMessage.emit(render("ui.export_cancelled")))
            .with_progress(
                render("ui.exporting"),
                title=render("ui.export_title"),
                maximum=max(1, self.model.rowCount()),
                modal=False,
            )
            .run_in_background()
        )
        return self._export_op


__all__ = ["COLUMN_KEYS", "CustomersPage"]
