"""The card's 联系人 tab: the people at a customer, with the personal details that matter.

A list of contacts on the left, the selected one's form on the right, with the custom
fields defined for contacts after the built-in ones (the card's widgets, validation and
dirty tracking). Every add, change and delete goes through the contact functions of
`services.customers`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.errors import UserError, ValidationError
from crm_desktop.messages import Renderable, msg
from crm_desktop.services import customers as customer_service
from crm_desktop.services.auth import Actor
from crm_desktop.services.custom_fields import definitions as custom_defs
from crm_desktop.services.custom_fields import kinds as custom_kinds
from crm_desktop.services.customers import ContactCard
from crm_desktop.services.fields import CONTACT_FIELD_MAP, CONTACT_FIELDS, choice_label
from crm_desktop.ui.custom_field_widgets import add_custom_rows
from crm_desktop.ui.field_widgets import (
    FieldEditor,
    FormGrid,
    align_label_columns,
    make_editor,
    message_text,
    ui_language,
)
from crm_desktop.ui.table_models import ListTableModel

_Index = QModelIndex | QPersistentModelIndex


class ContactsModel(ListTableModel):
    """The contacts of one customer: name, role, mobile (the phone of a contact without
    one, so every contact shows a number: the column says 手机/电话), birthday."""

    COLUMNS = ("name", "role", "mobile", "birthday")

    def __init__(self, parent: QWidget | None = None) -> None:
        self.lang = ui_language()
        super().__init__([self._header(c) for c in self.COLUMNS], parent)

    def _header(self, name: str) -> str:
        if name == "mobile":  # the mobile, or the phone when there is none
            return msg("customers.contact_mobile_or_phone").render(self.lang)
        return CONTACT_FIELD_MAP[name].label(self.lang)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        contact = self.rows[index.row()]
        name = self.COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            value = contact.values.get(name)
            if name == "role":
                return choice_label("contact_role", value, self.lang)
            if name == "mobile":
                return value or contact.values.get("phone") or ""
            if isinstance(value, date):
                return value.isoformat()
            if name == "name" and contact.values.get("is_primary"):
                return f"{value} ★"
            return value or ""
        if role == Qt.ItemDataRole.ToolTipRole and name == "mobile":
            if not contact.values.get("mobile") and contact.values.get("phone"):
                return msg("customers.contact_phone_shown").render(self.lang)
            return None
        if role == Qt.ItemDataRole.UserRole:
            return contact.id
        return None

    def row_of(self, contact_id: int) -> int:
        for row, contact in enumerate(self.rows):
            if contact.id == contact_id:
                return row
        return -1


class ContactsTab(QWidget):
    """List + detail form of a customer's contacts.

    Signals: contacts_changed(int count) after an add, change or delete.
    """

    contacts_changed = Signal(int)

    LAYOUT: tuple[tuple[str, ...], ...] = (
        ("name", "role"),
        ("title", "gender"),
        ("mobile", "phone"),
        ("email", "wechat"),
        ("birthday", "education"),
        ("religion", "is_primary"),
    )
    PERSONAL = (
        ("character", "interests"),
        ("hobbies", "family"),
        ("ability", "social_groups"),
        ("notes",),
    )

    def __init__(self, actor: Actor, customer_id: int | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.actor = actor
        self.customer_id = customer_id
        self.current: ContactCard | None = None
        self.editors: dict[str, FieldEditor] = {}
        # the custom fields defined for contacts that the card shows (not hidden, not retired)
        self.custom_fields = custom_defs.list_fields("contact", visible_only=True)

        self.model = ContactsModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)

        self.new_button = QPushButton(self.tr("New contact"), self)
        self.new_button.clicked.connect(self.new_contact)
        self.delete_button = QPushButton(self.tr("Delete contact"), self)
        self.delete_button.clicked.connect(self.delete_current)
        self.save_button = QPushButton(self.tr("Save contact"), self)
        self.save_button.clicked.connect(self.save_current)
        self.save_button.setDefault(False)

        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        left_layout.addLayout(buttons)

        form = QWidget(self)
        form_layout = QVBoxLayout(form)
        form_layout.setContentsMargins(0, 0, 6, 0)
        self.form_title = QLabel(self)
        font = self.form_title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.form_title.setFont(font)
        form_layout.addWidget(self.form_title)
        details = QGroupBox(self.tr("Contact details"), form)
        grid = FormGrid(details)
        grids = [grid]
        for row, names in enumerate(self.LAYOUT):
            for col, name in enumerate(names):
                grid.add(row, col, self._editor(name, details))
        form_layout.addWidget(details)
        personal = QGroupBox(self.tr("The person (character, interests, family)"), form)
        grid = FormGrid(personal)
        grids.append(grid)
        for row, names in enumerate(self.PERSONAL):
            for col, name in enumerate(names):
                grid.add(row, col, self._editor(name, personal), span=2 if len(names) == 1 else 1)
        form_layout.addWidget(personal)
        if self.custom_fields:
            custom = QGroupBox(msg("custom_fields.tab").render(ui_language()), form)
            grid = FormGrid(custom)
            grids.append(grid)
            for field, editor in add_custom_rows(grid, self.custom_fields, custom):
                editor.changed.connect(self._update_buttons)
                self.editors[field.name] = editor
            form_layout.addWidget(custom)
        align_label_columns(grids)
        form_layout.addStretch(1)
        save_row = QHBoxLayout()
        self.status = QLabel(self)
        self.status.setStyleSheet("color: palette(mid);")
        save_row.addWidget(self.status, 1)
        save_row.addWidget(self.save_button)
        form_layout.addLayout(save_row)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(form)
        scroll.viewport().setAutoFillBackground(False)
        form.setAutoFillBackground(False)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(left)
        self.splitter.addWidget(scroll)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 5)
        self.splitter.setSizes([420, 640])
        self.splitter.setChildrenCollapsible(False)
        self.placeholder = QLabel(self.tr("Save the new customer first, then add its contacts."))
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.addWidget(self.placeholder)
        layout.addWidget(self.splitter, 1)
        self.set_customer(customer_id)

    def _editor(self, name: str, parent: QWidget) -> FieldEditor:
        editor = make_editor(CONTACT_FIELD_MAP[name], parent)
        editor.changed.connect(self._update_buttons)
        self.editors[name] = editor
        return editor

    # -- loading
    def set_customer(self, customer_id: int | None, contacts: list[ContactCard] | None = None):
        """Show the contacts of a (newly saved) customer."""
        self.customer_id = customer_id
        self.placeholder.setVisible(customer_id is None)
        self.splitter.setVisible(customer_id is not None)
        if customer_id is None:
            return
        if contacts is None:
            contacts = customer_service.list_contacts(self.actor, customer_id)
        self.model.set_rows(contacts)
        if contacts:
            self.select(contacts[0].id)
        else:
            self.new_contact()

    def reload(self, select_id: int | None = None) -> None:
        assert self.customer_id is not None
        self.model.set_rows(customer_service.list_contacts(self.actor, self.customer_id))
        self.contacts_changed.emit(len(self.model.rows))
        if select_id is not None and self.model.row_of(select_id) >= 0:
            self.select(select_id)
        elif self.model.rows:
            self.select(self.model.rows[0].id)
        else:
            self.new_contact()

    def select(self, contact_id: int) -> None:
        row = self.model.row_of(contact_id)
        if row >= 0:
            self.table.selectionModel().setCurrentIndex(
                self.model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
            self._show(self.model.rows[row])

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid() and current.row() < len(self.model.rows):
            contact = self.model.rows[current.row()]
            if self.current is None or self.current.id != contact.id:
                self._show(contact)

    def _show(self, contact: ContactCard | None) -> None:
        self.current = contact
        for name, editor in self.editors.items():
            editor.set_value(contact.values.get(name) if contact else None)
        if contact is None:
            self.editors["role"].set_value("other")
            self.form_title.setText(self.tr("New contact"))
        else:
            self.form_title.setText(contact.values.get("name") or "")
        self.status.clear()
        self._update_buttons()

    def new_contact(self) -> None:
        self.table.clearSelection()
        self._show(None)
        self.editors["name"].focus_input()

    # -- state
    def is_dirty(self) -> bool:
        return any(e.is_dirty() for e in self.editors.values())

    def _update_buttons(self) -> None:
        self.save_button.setEnabled(self.customer_id is not None and self.is_dirty())
        self.delete_button.setEnabled(self.current is not None)

    # -- writing
    def save_current(self) -> bool:
        """Add the new contact or save the changed one; errors appear at their fields."""
        if self.customer_id is None or not self.is_dirty():
            return True
        for editor in self.editors.values():
            editor.set_error(None)
        try:
            if self.current is None:
                values = {  # every custom field: the required ones are checked
                    n: e.value()
                    for n, e in self.editors.items()
                    if e.value() not in ("", None) or n.startswith(custom_kinds.PREFIX)
                }
                saved = customer_service.add_contact(self.actor, self.customer_id, values)
            else:
                changes = {n: e.value() for n, e in self.editors.items() if e.is_dirty()}
                saved = customer_service.update_contact(
                    self.actor, self.current.id, changes, expected_version=self.current.version
                )
        except ValidationError as exc:
            self.show_errors(exc.problems)
            return False
        except UserError as exc:
            QMessageBox.warning(self, self.tr("Contact not saved"), exc.message)
            return False
        self.reload(select_id=saved.id)
        self.status.setText(self.tr("Contact saved."))
        return True

    def show_errors(self, errors: Mapping[str, str | Renderable]) -> None:
        first = None
        other = []
        for name in [f.name for f in CONTACT_FIELDS] + [f.name for f in self.custom_fields]:
            if name in errors and name in self.editors:
                self.editors[name].set_error(errors[name])
                first = first or self.editors[name]
        other = [message_text(m) for n, m in errors.items() if n not in self.editors]
        if first is not None:
            first.focus_input()
        if other:
            QMessageBox.warning(self, self.tr("Contact not saved"), "\n".join(other))

    def delete_current(self) -> None:
        if self.current is None:
            return
        name = self.current.values.get("name") or ""
        answer = QMessageBox.question(
            self,
            self.tr("Delete contact"),
            self.tr("Delete the contact %s?") % name,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            customer_service.delete_contact(self.actor, self.current.id)
        except UserError as exc:
            QMessageBox.warning(self, self.tr("Contact not deleted"), exc.message)
            return
        self.current = None
        self.reload()
        self.status.setText(self.tr("Contact %s deleted.") % name)

    def set_read_only(self, read_only: bool) -> None:
        for editor in self.editors.values():
            editor.set_read_only(read_only)
        self.new_button.setEnabled(not read_only)
        if read_only:
            self.save_button.setEnabled(False)
            self.delete_button.setEnabled(False)
        else:
            self._update_buttons()
