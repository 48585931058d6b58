"""The card's 历史 tab: who changed what, when, and from what (动态管理).

Entries come from `services.customers.customer_history`; field names become the
catalogue's labels, enumeration codes their labels and owner ids user names. One save
is one step of the timeline: its time and author are shown once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.services import customers as customer_service
from crm_desktop.services.auth import Actor, list_users
from crm_desktop.services.changelog import ChangeEntry
from crm_desktop.services.custom_fields import definitions as custom_defs
from crm_desktop.services.custom_fields import kinds as custom_kinds
from crm_desktop.services.fields import (
    CONTACT_FIELD_MAP,
    CUSTOMER_FIELD_MAP,
    FieldSpec,
    choice_label,
)
from crm_desktop.ui.field_widgets import format_decimal, ui_language
from crm_desktop.ui.table_models import ListTableModel

_Index = QModelIndex | QPersistentModelIndex
MAX_CELL = 80


@dataclass(frozen=True)
class HistoryRow:
    """One line of the timeline, ready to show."""

    when: str
    who: str
    what: str
    old: str
    new: str
    first_of_step: bool
    event: bool


def local_time(at: datetime) -> str:
    """Stored UTC shown in the computer's time zone."""
    return at.replace(tzinfo=UTC).astimezone().strftime("%Y-%m-%d %H:%M")


class HistoryFormatter:
    """Turns stored history text into what a person reads."""

    def __init__(self, lang: str, users: dict[int, str], contacts: dict[int, str]) -> None:
        self.lang = lang
        self.users = users
        self.contacts = contacts
        self._custom_specs: dict[str, dict[str, FieldSpec]] | None = None
        self.events = {
            "created": QCoreApplication.translate("HistoryTab", "Created"),
            "deleted": QCoreApplication.translate("HistoryTab", "Deleted"),
            "restored": QCoreApplication.translate("HistoryTab", "Restored"),
        }

    def value(self, spec: FieldSpec | None, text: str | None) -> str:
        if text is None or text == "":
            return "—"
        if spec is None:
            return text
        if spec.kind == "choice" and spec.choices:
            return choice_label(spec.choices, text, self.lang)
        if spec.kind == "user":
            try:
                return self.users.get(int(text), text)
            except ValueError:
                return text
        if spec.kind == "bool":
            if text == "1":
                return QCoreApplication.translate("HistoryTab", "Yes")
            return QCoreApplication.translate("HistoryTab", "No")
        if spec.kind in ("money", "decimal", "int"):
            try:
                return format_decimal(Decimal(text), 0 if spec.kind == "int" else 2)
            except InvalidOperation:
                return text
        text = " ".join(text.split())
        return text if len(text) <= MAX_CELL else text[: MAX_CELL - 1] + "…"

    def row(self, entry: ChangeEntry, first: bool) -> HistoryRow:
        contact = entry.entity == "contact"
        specs = CONTACT_FIELD_MAP if contact else CUSTOMER_FIELD_MAP
        spec = specs.get(entry.field)
        if spec is None and entry.field.startswith(custom_kinds.PREFIX):
            if self._custom_specs is None:  # custom fields (deleted ones too), read once
                self._custom_specs = {
                    e: custom_defs.history_specs(e) for e in ("customer", "contact")
                }
            spec = self._custom_specs[entry.entity if contact else "customer"].get(entry.field)
        prefix = ""
        if contact:
            name = self.contacts.get(entry.entity_id) or f"#{entry.entity_id}"
            prefix = QCoreApplication.translate("HistoryTab", "Contact %s") % name + " · "
        if entry.field in self.events:
            what = prefix + self.events[entry.field]
            return HistoryRow(local_time(entry.at), entry.user or "—", what, "", "", first, True)
        label = spec.label(self.lang) if spec else entry.field
        return HistoryRow(
            local_time(entry.at),
            entry.user or "—",
            prefix + label,
            self.value(spec, entry.old_value),
            self.value(spec, entry.new_value),
            first,
            False,
        )

    def rows(self, entries: list[ChangeEntry]) -> list[HistoryRow]:
        """The timeline; a step with a source (a salesperson's workbook taken back) opens
        with a line naming it."""
        out = []
        previous = None
        for entry in entries:
            note = entry.note.render(self.lang) if entry.note is not None else ""
            step = (entry.at, entry.user, note)
            first = step != previous
            if first and note:
                out.append(
                    HistoryRow(local_time(entry.at), entry.user or "—", note, "", "", True, True)
                )
                first = False
            out.append(self.row(entry, first))
            previous = step
        return out


class HistoryModel(ListTableModel):
    """The timeline as a table: when, who, what, from, to."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent=parent)
        self.headers = [self.tr(t) for t in ("When", "Who", "What", "Was", "Became")]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        row = self.rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return row.when if row.first_of_step else ""
            if col == 1:
                return row.who if row.first_of_step else ""
            return (row.what, row.old, row.new)[col - 2]
        if role == Qt.ItemDataRole.ToolTipRole:
            return (row.when, row.who, row.what, row.old, row.new)[col]
        if role == Qt.ItemDataRole.FontRole and (
            (row.event and col == 2) or (col == 0 and row.first_of_step)
        ):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and col == 3 and not row.event:
            return QBrush(QColor("#80868b"))
        return None


class HistoryTab(QWidget):
    """Loads the history when first shown and after each save."""

    def __init__(self, actor: Actor, customer_id: int | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.actor = actor
        self.customer_id = customer_id
        self.loaded = False
        self.model = HistoryModel(self)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.setShowGrid(False)
        self.view.setWordWrap(False)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.view.setColumnWidth(0, 140)
        self.view.setColumnWidth(1, 100)
        self.view.setColumnWidth(2, 220)
        self.view.setColumnWidth(3, 220)
        self.empty = QLabel(self.tr("No changes recorded yet."), self)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.empty)
        self.empty.hide()

    def set_customer(self, customer_id: int | None) -> None:
        self.customer_id = customer_id
        self.loaded = False

    def refresh(self) -> None:
        """Read the history again (after a save, or when the tab is opened)."""
        self.loaded = True
        if self.customer_id is None:
            self.model.set_rows([])
        else:
            entries = customer_service.customer_history(self.actor, self.customer_id)
            users = {u.id: u.name for u in list_users(active_only=False)}
            contacts = {
                c.id: c.values.get("name") or ""
                for c in customer_service.list_contacts(self.actor, self.customer_id)
            }
            formatter = HistoryFormatter(ui_language(), users, contacts)
            self.model.set_rows(formatter.rows(entries))
        self.empty.setVisible(not self.model.rows)
        self.view.setVisible(bool(self.model.rows))

    def showEvent(self, event) -> None:  # noqa: N802
        if not self.loaded:
            self.refresh()
        super().showEvent(event)
