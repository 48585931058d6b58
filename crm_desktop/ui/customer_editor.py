"""The customer card editor: one window per customer, in the tabs of the paper form.

基本资料, 组织及营运, 付款与信用, 客户资料卡, 联系人, 历史 — plus the tabs other parts of
the program register in `customer_editor_tabs.EXTRA_TABS`. Reading and writing go
through `services.customers`; a service's validation message appears at its field.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.errors import Conflict, UserError, ValidationError
from crm_desktop.messages import Renderable, msg
from crm_desktop.services import customers as customer_service
from crm_desktop.services.auth import Actor, list_users
from crm_desktop.services.custom_fields import definitions as custom_defs
from crm_desktop.services.custom_fields import kinds as custom_kinds
from crm_desktop.services.customers import CustomerCard
from crm_desktop.services.fields import CREDIT_FIELDS, CUSTOMER_FIELD_MAP, GROUPS, choice_label
from crm_desktop.ui.contacts_tab import ContactsTab
from crm_desktop.ui.custom_field_widgets import add_custom_rows
from crm_desktop.ui.customer_editor_tabs import CARD_HOOKS, EXTRA_TABS, ExtraTab
from crm_desktop.ui.field_widgets import (
    FieldEditor,
    FormGrid,
    LongEditor,
    align_label_columns,
    make_editor,
    message_text,
    ui_language,
)
from crm_desktop.ui.history_tab import HistoryTab
from crm_desktop.ui.sizing import fit_to_screen

# the editors open right now, by customer id: opening one again raises its window
_OPEN: dict[int, CustomerEditor] = {}

BANNER_STYLE = (
    "QFrame#banner { background: #fff4e5; border: 1px solid #f0b44c; border-radius: 4px; }"
)


def open_customer_editor(
    parent: QWidget | None, actor: Actor, customer_id: int | None
) -> CustomerEditor:
    """Show the card of a customer (None: a new one); an open card is raised, not doubled."""
    if customer_id is not None:
        editor = _OPEN.get(customer_id)
        if editor is not None:
            editor.show()
            editor.setWindowState(editor.windowState() & ~Qt.WindowState.WindowMinimized)
            editor.raise_()
            editor.activateWindow()
            return editor
    editor = CustomerEditor(actor, customer_id, parent)
    editor.show()
    editor.raise_()
    editor.activateWindow()
    return editor


def open_editors() -> list[CustomerEditor]:
    return list(_OPEN.values())


def close_all_editors() -> bool:
    """Close every open card, asking about unsaved changes; False if the user cancelled.

    For the main window's closeEvent: cards are windows of their own, and one with
    unsaved changes must not vanish with the main window.
    """
    return all(editor.close() for editor in open_editors())  # all() stops at a cancel


class _Sections:
    """Group boxes of one tab; their label columns are aligned once the tab is built."""

    def __init__(self) -> None:
        self.grids: list[FormGrid] = []

    def __call__(self, title: str, parent: QWidget) -> tuple[QGroupBox, FormGrid]:
        box = QGroupBox(title, parent)
        grid = FormGrid(box)
        self.grids.append(grid)
        return box, grid

    def align(self) -> None:
        align_label_columns(self.grids)


class CustomerEditor(QWidget):
    """The card of one customer in a window of its own.

    Signals: saved(int id) after a save; deleted(int id) after a delete; restored(int id)
    after an undo of a delete.
    """

    saved = Signal(int)
    deleted = Signal(int)
    restored = Signal(int)

    def __init__(
        self, actor: Actor, customer_id: int | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setObjectName("CustomerEditor")
        self.actor = actor
        self.lang = ui_language()
        self.customer_id = customer_id
        self.card: CustomerCard | None = None
        self.editors: dict[str, FieldEditor] = {}
        self.field_page: dict[str, QWidget] = {}  # the scroll area a field sits in
        self.field_tab: dict[str, int] = {}
        self._lazy: dict[int, tuple[Any, QWidget]] = {}  # tab index -> (builder, holder)
        self._contacts_tab: ContactsTab | None = None
        self._contacts: list = []
        self.approval_label: QLabel | None = None
        self.credit_note: QLabel | None = None
        self.extra_tabs: list[QWidget] = []  # built extra tabs (refreshed after a save)
        self._extras_added = False
        self._closing_ok = False

        card = None
        if customer_id is not None:
            card = customer_service.get_customer(actor, customer_id, include_deleted=True)
        users = list_users(active_only=False)
        self.user_names = {u.id: u.name for u in users}
        active = {u.id for u in list_users(active_only=True)} if card else None
        self._users = [
            (u.id, u.name)
            for u in users
            if active is None or u.id in active or (card is not None and u.id == card.owner_id)
        ]

        # the team's custom fields shown on the card: in a group of the 客户资料卡 or their own tab
        self.custom_fields = custom_defs.list_fields("customer", visible_only=True)
        self._build()
        if card is not None:
            self._load_card(card)
            self._add_extra_tabs()
            _OPEN[card.id] = self
        else:
            self._load_new()
        self.destroyed.connect(lambda *_: self._forget())
        fit_to_screen(self, 1040, 760)

    # --- building ------------------------------------------------------------------

    def _editor(self, name: str, page: QWidget, parent: QWidget) -> FieldEditor:
        editor = make_editor(CUSTOMER_FIELD_MAP[name], parent, self._users)
        editor.changed.connect(self._update_state)
        self.editors[name] = editor
        self.field_page[name] = page
        return editor

    def _grid(
        self, grid: FormGrid, page: QWidget, box: QWidget, rows: list[tuple[str | None, ...]]
    ) -> None:
        """Lay out rows of one or two fields; a single field spans the full width.

        (name, None) keeps a short field (a number, a date) in the left half.
        """
        for row, names in enumerate(rows):
            for col, name in enumerate(names):
                if name is not None:
                    editor = self._editor(name, page, box)
                    grid.add(row, col, editor, span=2 if len(names) == 1 else 1)

    def _page(self) -> tuple[QScrollArea, QWidget, QVBoxLayout]:
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        inner = QWidget()
        layout = QVBoxLayout(inner)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.setSpacing(12)
        scroll.setWidget(inner)
        return scroll, inner, layout

    def _label(self, group: str) -> str:
        zh, en = GROUPS[group]
        return zh if self.lang.startswith("zh") else en

    def _build(self) -> None:
        # header: the name, big, and a line of key facts under it
        self.title_label = QLabel(self)
        font = self.title_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.title_label.setFont(font)
        self.title_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.facts_label = QLabel(self)
        self.facts_label.setStyleSheet("color: #5f6368;")
        from crm_desktop.ui.complaints_tab import ComplaintFlagLabel

        self.complaint_flag = ComplaintFlagLabel(self.actor, None, self)  # 严重投诉未解决

        self.banner = QFrame(self)
        self.banner.setObjectName("banner")
        self.banner.setStyleSheet(BANNER_STYLE)
        banner_layout = QHBoxLayout(self.banner)
        banner_layout.setContentsMargins(10, 6, 10, 6)
        self.banner_label = QLabel(self.banner)
        self.undo_button = QPushButton(self.tr("Undo delete"), self.banner)
        self.undo_button.clicked.connect(self.undo_delete)
        banner_layout.addWidget(self.banner_label, 1)
        banner_layout.addWidget(self.undo_button)
        self.banner.hide()

        # tabs are built when first shown: opening a card builds only the first one
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(False)
        self._add_lazy(self._build_basic, self.tr("Basic data"))
        self._add_lazy(self._build_organization, self.tr("Organization and operations"))
        self._add_lazy(self._build_payment, self.tr("Payment and credit"))
        self._add_lazy(self._build_profile, self.tr("Profile card"))
        if any(f.group == custom_kinds.OWN_TAB for f in self.custom_fields):
            title = msg("custom_fields.tab").render(self.lang)
            self.custom_index = self._add_lazy(self._build_custom, title)
        self.contacts_index = self._add_lazy(self._build_contacts, self.tr("Contacts"))
        self.history_tab = HistoryTab(self.actor, None, self)
        self.history_index = self.tabs.addTab(self.history_tab, self.tr("History"))
        self.tabs.currentChanged.connect(self._tab_changed)

        # buttons
        self.print_button = QPushButton(self.tr("Print…"), self)
        self.print_button.setToolTip(self.tr("Print the customer basic-information form (Ctrl+P)"))
        self.print_button.clicked.connect(self.print_form)
        self.print_button.setVisible(
            importlib.util.find_spec("crm_desktop.ui.print_preview") is not None
        )
        self.delete_button = QPushButton(self.tr("Delete"), self)
        self.delete_button.clicked.connect(self.delete_customer)
        self.status_label = QLabel(self)
        self.status_label.setStyleSheet("color: #5f6368;")
        self.revert_button = QPushButton(self.tr("Revert"), self)
        self.revert_button.setToolTip(self.tr("Undo all unsaved changes"))
        self.revert_button.clicked.connect(self.revert)
        self.save_button = QPushButton(self.tr("Save"), self)
        self.save_button.setDefault(True)
        self.save_button.setToolTip(self.tr("Save the card (Ctrl+S)"))
        self.save_button.clicked.connect(self.save)
        self.close_button = QPushButton(self.tr("Close"), self)
        self.close_button.clicked.connect(self.close)

        self.save_action = QAction(self.tr("Save"), self)
        self.save_action.setShortcut(QKeySequence.StandardKey.Save)
        self.save_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.save_action.triggered.connect(self.save)
        self.addAction(self.save_action)
        close_action = QAction(self.tr("Close"), self)
        close_action.setShortcut(QKeySequence.StandardKey.Close)
        close_action.triggered.connect(self.close)
        self.addAction(close_action)
        print_action = QAction(self.tr("Print"), self)
        print_action.setShortcut(QKeySequence.StandardKey.Print)
        print_action.triggered.connect(self.print_form)
        self.addAction(print_action)

        buttons = QHBoxLayout()
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.delete_button)
        buttons.addSpacing(12)
        buttons.addWidget(self.status_label, 1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 12, 14, 12)
        layout.setSpacing(8)
        layout.addWidget(self.title_label)
        layout.addWidget(self.facts_label)
        layout.addWidget(self.complaint_flag)
        layout.addWidget(self.banner)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(buttons)
        self.ensure_tab(0)

    def _build_basic(self) -> QWidget:
        section = _Sections()
        scroll, page, layout = self._page()
        box, grid = section(self._label("basic"), page)
        self._grid(
            grid,
            scroll,
            box,
            [
                ("name",),
                ("code", "channel_code"),
                ("legal_rep", "tax_id"),
                ("address",),
                ("phone", "fax"),
                ("bank", "bank_account"),
                ("delivery_address",),
                ("contact_name", "contact_phone"),
                ("invoice_type", "email"),
                ("website",),
            ],
        )
        layout.addWidget(box)
        box, grid = section(self._label("management"), page)
        self._grid(
            grid,
            scroll,
            box,
            [
                ("owner", "stage"),
                ("loyalty", "source"),
                ("contact_interval_days", None),
                ("lost_reason",),
            ],
        )
        layout.addWidget(box)
        layout.addStretch(1)
        section.align()
        return scroll

    def _build_organization(self) -> QWidget:
        section = _Sections()
        scroll, page, layout = self._page()
        box, grid = section(self._label("organization"), page)
        self._grid(
            grid,
            scroll,
            box,
            [
                ("org_type", "license_no"),
                ("registered_capital", "founded"),
                ("annual_turnover", "shop_ownership"),
                ("shop_lease_start", "shop_lease_end"),
                ("warehouse_area", "warehouse_ownership"),
                ("business_scope",),
            ],
        )
        layout.addWidget(box)
        layout.addStretch(1)
        section.align()
        return scroll

    def _build_payment(self) -> QWidget:
        section = _Sections()
        scroll, page, layout = self._page()
        box, grid = section(self._label("payment"), page)
        self._grid(
            grid,
            scroll,
            box,
            [
                ("payment_terms", "payment_terms_note"),
                ("credit_rating", "abc_class"),
                ("credit_limit", "collection_days"),
            ],
        )
        self.approval_label = QLabel(box)
        self.approval_label.setWordWrap(True)
        self.approval_label.setStyleSheet("color: #5f6368;")
        grid.addWidget(self.approval_label, 3, 1, 1, 3)
        layout.addWidget(box)
        self.credit_note = QLabel(page)
        self.credit_note.setWordWrap(True)
        self.credit_note.setStyleSheet(
            "background: #eef3fb; border: 1px solid #c6d4ee; border-radius: 4px; padding: 8px;"
        )
        layout.addWidget(self.credit_note)
        box, grid = section(CUSTOMER_FIELD_MAP["remarks"].label(self.lang), page)
        self._grid(grid, scroll, box, [("remarks",)])
        # the remarks (an import's kept columns, a long history) take the tab's free height
        remarks = self.editors["remarks"]
        if isinstance(remarks, LongEditor):
            remarks.grow()
            grid.setRowStretch(0, 1)
            layout.addWidget(box, 1)
        else:
            layout.addWidget(box)
            layout.addStretch(1)
        section.align()
        return scroll

    def _build_profile(self) -> QWidget:
        section = _Sections()
        scroll, page, layout = self._page()
        box, grid = section(self._label("card_basic"), page)
        self._grid(
            grid,
            scroll,
            box,
            [("proprietor", "manager_name"), ("industry", "trading_since"), ("assets", None)],
        )
        people = QLabel(
            self.tr(
                "The character, interests, hobbies, family, education, age and ability of the "
                "owner, the manager and the legal representative are kept with each person "
                "on the Contacts tab."
            ),
            box,
        )
        people.setWordWrap(True)
        people.setStyleSheet("color: #5f6368;")
        grid.addWidget(people, 3, 1, 1, 3)
        self._custom_rows(grid, scroll, box, "card_basic", 4)
        layout.addWidget(box)
        groups = {
            "characteristics": [
                ("service_area", "sales_capability"),
                ("development_potential", "distribution_philosophy"),
                ("business_direction", "business_policy"),
                ("enterprise_scale", "business_features"),
            ],
            "business": [
                ("sales_performance", "staff_quality"),
                ("competitor_relations", "relationship_with_us"),
                ("cooperation_attitude",),
            ],
            "transaction": [
                ("current_sales_activities", "problems"),
                ("strengths", "future_countermeasures"),
                ("corporate_image", "reputation"),
                ("credit_status", "trade_conditions"),
                ("credit_problems",),
            ],
        }
        for group, rows in groups.items():
            box, grid = section(self._label(group), page)
            self._grid(grid, scroll, box, rows)
            self._custom_rows(grid, scroll, box, group, len(rows))
            layout.addWidget(box)
        layout.addStretch(1)
        section.align()
        return scroll

    def _custom_rows(
        self, grid: FormGrid, page: QWidget, box: QWidget, group: str, first_row: int
    ) -> None:
        """The custom fields of a group, two to a row after the built-in ones (a long text
        takes a whole row)."""
        fields = (f for f in self.custom_fields if f.group == group)
        for field, editor in add_custom_rows(grid, fields, box, first_row):
            editor.changed.connect(self._update_state)
            self.editors[field.name] = editor
            self.field_page[field.name] = page

    def _build_custom(self) -> QWidget:
        section = _Sections()
        scroll, page, layout = self._page()
        box, grid = section(msg("custom_fields.tab").render(self.lang), page)
        self._custom_rows(grid, scroll, box, custom_kinds.OWN_TAB, 0)
        layout.addWidget(box)
        layout.addStretch(1)
        section.align()
        return scroll

    def _build_contacts(self) -> QWidget:
        tab = ContactsTab(self.actor, None, self)
        self._contacts_tab = tab
        tab.contacts_changed.connect(self._contacts_changed)
        if self.customer_id is not None:
            tab.set_customer(self.customer_id, self._contacts)
        return tab

    def _add_lazy(self, builder, title: str) -> int:
        holder = QWidget(self.tabs)
        layout = QVBoxLayout(holder)
        layout.setContentsMargins(0, 0, 0, 0)
        index = self.tabs.addTab(holder, title)
        self._lazy[index] = (builder, holder)
        return index

    def ensure_tab(self, index: int) -> None:
        """Build a tab that has not been shown yet, filled with the card's values."""
        entry = self._lazy.pop(index, None)
        if entry is None:
            return
        builder, holder = entry
        before = set(self.editors)
        widget = builder()
        holder.layout().addWidget(widget)
        new = [name for name in self.editors if name not in before]
        defaults: dict[str, Any] = {"stage": "potential", "owner": self.actor.id}
        for name in new:
            self.field_tab[name] = index
            value = self.card.values.get(name) if self.card else defaults.get(name)
            self.editors[name].set_value(value)
        self._apply_permissions()

    def ensure_all_tabs(self) -> None:
        for index in list(self._lazy):
            self.ensure_tab(index)

    def field(self, name: str) -> FieldEditor:
        """The editor of a field, building its tab if need be."""
        if name not in self.editors:
            self.ensure_all_tabs()
        return self.editors[name]

    @property
    def contacts_tab(self) -> ContactsTab:
        if self._contacts_tab is None:
            self.ensure_tab(self.contacts_index)
        assert self._contacts_tab is not None
        return self._contacts_tab

    def _add_extra_tabs(self) -> None:
        """The tabs other parts of the program registered; each is built when first shown."""
        if self._extras_added or self.customer_id is None:
            return
        self._extras_added = True
        for extra in EXTRA_TABS:
            self._add_lazy(lambda extra=extra: self._make_extra(extra), extra.title_text())
        for hook in CARD_HOOKS:
            hook(self, self.actor, self.customer_id)

    def _make_extra(self, extra: ExtraTab) -> QWidget:
        try:
            widget = extra.factory(self.actor, self.customer_id, self)
        except UserError as exc:
            widget = QLabel(exc.message)
        self.extra_tabs.append(widget)
        return widget

    def add_tab(self, widget: QWidget, title: str) -> int:
        """Add a tab after the built-in ones (for parts of the program that come later)."""
        self.extra_tabs.append(widget)
        return self.tabs.addTab(widget, title)

    # --- loading -------------------------------------------------------------------

    def _load_card(self, card: CustomerCard, contacts: bool = True) -> None:
        self.card = card
        self.customer_id = card.id
        for name, editor in self.editors.items():
            editor.set_value(card.values.get(name))
        if contacts:
            self._contacts = customer_service.list_contacts(self.actor, card.id)
            if self._contacts_tab is not None:
                self._contacts_tab.set_customer(card.id, self._contacts)
            self._contacts_changed(len(self._contacts))
        self.history_tab.set_customer(card.id)
        if self.tabs.currentWidget() is self.history_tab:
            self.history_tab.refresh()
        self._apply_permissions()
        self._show_header()
        self._update_state()

    def _load_new(self) -> None:
        self.card = None
        defaults: dict[str, Any] = {"stage": "potential", "owner": self.actor.id}
        for name, editor in self.editors.items():
            editor.set_value(defaults.get(name))
        if self._contacts_tab is not None:
            self._contacts_tab.set_customer(None)
        self.tabs.setTabEnabled(self.history_index, False)
        self._apply_permissions()
        self._show_header()
        self._update_state()
        QTimer.singleShot(0, self.editors["name"].focus_input)

    def _apply_permissions(self) -> None:
        deleted = self.card is not None and self.card.deleted_at is not None
        credit_locked = not self.actor.can("credit.edit_direct")
        for name, editor in self.editors.items():
            locked = deleted
            if name in CREDIT_FIELDS and credit_locked:
                locked = True
            if name == "owner" and not self.actor.can("customer.assign_owner"):
                locked = True
            editor.set_read_only(locked)
        if self._contacts_tab is not None:
            self._contacts_tab.set_read_only(deleted)
        self.delete_button.setEnabled(self.card is not None and not deleted)
        self.banner.setVisible(deleted)
        if deleted:
            self.banner_label.setText(
                self.tr("This customer was deleted on %s. It can be restored.")
                % self._local(self.card.deleted_at)
            )
        if self.credit_note is None or self.approval_label is None:
            return
        self.credit_note.setText(
            self.tr(
                "信用额度金额由总经理核定 — the credit limit is approved by the general manager. "
                "Payment terms, credit rating, credit limit and collection period change only "
                "through an approved credit request."
            )
            if credit_locked
            else self.tr(
                "信用额度金额由总经理核定 — as general manager you may change the credit terms "
                "here directly; the change is recorded as your approval."
            )
        )
        self._show_approval()

    def _local(self, at: datetime | None) -> str:
        if at is None:
            return ""
        return at.replace(tzinfo=UTC).astimezone().strftime("%Y-%m-%d %H:%M")

    def _show_approval(self) -> None:
        values = self.card.values if self.card else {}
        by, at = values.get("credit_approved_by"), values.get("credit_approved_at")
        if by or at:
            name = self.user_names.get(by, "?") if by else "?"
            self.approval_label.setText(
                self.tr("Credit approved by %1 on %2")
                .replace("%1", name)
                .replace("%2", self._local(at))
            )
        else:
            self.approval_label.setText(self.tr("No credit has been approved yet."))

    def _show_header(self) -> None:
        if self.card is None:
            self.title_label.setText(self.tr("New customer"))
            self.facts_label.setText(self.tr("Fill in at least the customer name, then save."))
            self.setWindowTitle(self.tr("New customer") + "[*]")
            return
        values = self.card.values
        facts = [values.get("code") or ""]
        stage = choice_label("stage", values.get("stage"), self.lang)
        if stage:
            facts.append(stage)
        cls = choice_label("abc_class", values.get("abc_class"), self.lang)
        if cls:
            facts.append(cls)
        if self.card.owner_name:
            facts.append(self.tr("Owner: %s") % self.card.owner_name)
        facts.append(self.tr("Changed %s") % self._local(self.card.updated_at))
        self.title_label.setText(values.get("name") or "")
        self.facts_label.setText("  ·  ".join(f for f in facts if f))
        self.complaint_flag.set_customer(self.card.id)
        self.setWindowTitle(f"{values.get('name')} — {values.get('code')}[*]")

    # --- state ---------------------------------------------------------------------

    def _status(self, text: str, error: bool = False) -> None:
        self.status_label.setStyleSheet("color: #c62828;" if error else "color: #5f6368;")
        self.status_label.setText(text)

    def dirty_fields(self) -> list[str]:
        return [n for n, e in self.editors.items() if not e.read_only and e.is_dirty()]

    def is_dirty(self) -> bool:
        return bool(self.dirty_fields()) or (
            self._contacts_tab is not None and self._contacts_tab.is_dirty()
        )

    def _update_state(self) -> None:
        dirty = bool(self.dirty_fields())
        self.save_button.setEnabled(dirty)
        self.save_action.setEnabled(dirty)
        self.revert_button.setEnabled(dirty)
        self.setWindowModified(dirty)
        if dirty:
            self.status_label.clear()

    def _contacts_changed(self, count: int) -> None:
        title = self.tr("Contacts")
        self.tabs.setTabText(self.contacts_index, f"{title} ({count})" if count else title)
        if self.history_tab.loaded:
            self.history_tab.loaded = False

    def _tab_changed(self, index: int) -> None:
        self.ensure_tab(index)
        if index == self.history_index and not self.history_tab.loaded:
            self.history_tab.refresh()

    # --- actions -------------------------------------------------------------------

    def revert(self) -> None:
        """Throw away unsaved changes: every field shows what is stored again."""
        if self.card is not None:
            self._load_card(self.card, contacts=False)
        else:
            self._load_new()
        self._status(self.tr("Changes undone."))

    def save(self) -> bool:
        """Save the changed fields (and a contact being edited). False if nothing was saved."""
        contacts = self._contacts_tab
        if contacts is not None and contacts.is_dirty() and not contacts.save_current():
            self.tabs.setCurrentIndex(self.contacts_index)
            return False
        changes = {name: self.editors[name].value() for name in self.dirty_fields()}
        if not changes:
            return True
        for editor in self.editors.values():
            editor.set_error(None)
        try:
            if self.card is None:
                values = {
                    n: e.value()
                    for n, e in self.editors.items()
                    if not e.read_only
                    and (e.value() not in ("", None) or n.startswith(custom_kinds.PREFIX))
                }
                card = customer_service.create_customer(self.actor, values)
            else:
                card = customer_service.update_customer(
                    self.actor, self.card.id, changes, expected_version=self.card.version
                )
        except ValidationError as exc:
            self.show_errors(exc.problems)
            return False
        except Conflict as exc:
            self._conflict(exc.message)
            return False
        except UserError as exc:
            QMessageBox.warning(self, self.tr("Not saved"), exc.message)
            return False
        first_save = self.card is None
        self._load_card(card, contacts=first_save)
        if first_save:
            _OPEN[card.id] = self
            self.tabs.setTabEnabled(self.history_index, True)
            self._add_extra_tabs()
        for widget in self.extra_tabs:
            refresh = getattr(widget, "refresh", None)
            if callable(refresh):
                refresh()
        self._status(self.tr("Saved at %s.") % datetime.now().strftime("%H:%M"))
        self.saved.emit(card.id)
        return True

    def show_errors(self, errors: Mapping[str, str | Renderable]) -> None:
        """Each message at its field; the tab of the first wrong field comes to the front."""
        if any(
            (name in CUSTOMER_FIELD_MAP or name.startswith(custom_kinds.PREFIX))
            and name not in self.editors
            for name in errors
        ):
            self.ensure_all_tabs()
        first: FieldEditor | None = None
        in_tab_order = sorted(self.editors, key=lambda n: self.field_tab.get(n, 0))
        for name in in_tab_order:
            if name in errors:
                self.editors[name].set_error(errors[name])
                if first is None:
                    first = self.editors[name]
        unknown = [message_text(m) for name, m in errors.items() if name not in self.editors]
        if first is not None:
            page = self.field_page[first.spec.name]
            self.tabs.setCurrentIndex(self.field_tab[first.spec.name])
            if isinstance(page, QScrollArea):
                page.ensureWidgetVisible(first)
            first.focus_input()
        self._status(self.tr("Not saved: %n field(s) need attention.", "", len(errors)), True)
        if unknown:
            QMessageBox.warning(self, self.tr("Not saved"), "\n".join(unknown))

    def _conflict(self, message: str) -> None:
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("Changed by someone else"))
        box.setText(message)
        box.setInformativeText(
            self.tr("Reload shows the stored card; your unsaved changes are then lost.")
        )
        reload_button = box.addButton(self.tr("Reload"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        if box.clickedButton() is reload_button and self.card is not None:
            self.reload()

    def reload(self) -> None:
        """Read the card again from the database."""
        if self.card is None:
            return
        card = customer_service.get_customer(self.actor, self.card.id, include_deleted=True)
        self._load_card(card)

    def delete_customer(self) -> None:
        """Soft delete after a question; the banner offers Undo."""
        if self.card is None:
            return
        name = self.card.values.get("name") or ""
        answer = QMessageBox.question(
            self,
            self.tr("Delete customer"),
            self.tr(
                "Delete %s? The card leaves the customer list; it can be restored "
                "from the Deleted filter or with Undo."
            )
            % name,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            customer_service.delete_customer(self.actor, self.card.id)
        except UserError as exc:
            QMessageBox.warning(self, self.tr("Not deleted"), exc.message)
            return
        self.reload()
        self._status(self.tr("Deleted."))
        self.deleted.emit(self.card.id)

    def undo_delete(self) -> None:
        if self.card is None:
            return
        try:
            card = customer_service.restore_customer(self.actor, self.card.id)
        except UserError as exc:
            QMessageBox.warning(self, self.tr("Not restored"), exc.message)
            return
        self._load_card(card)
        self._status(self.tr("Restored."))
        self.restored.emit(card.id)

    def print_form(self) -> None:
        if self.card is None:
            return
        if importlib.util.find_spec("crm_desktop.ui.print_preview") is None:
            return
        from crm_desktop.ui import print_preview

        print_preview.print_forms(self, self.actor, [self.card.id], kind="form")

    # --- closing -------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if self.is_dirty() and not self._closing_ok:
            answer = QMessageBox.question(
                self,
                self.tr("Unsaved changes"),
                self.tr("Save the changes to this customer before closing?"),
                QMessageBox.StandardButton.Save
                | QMessageBox.StandardButton.Discard
                | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Save,
            )
            if answer == QMessageBox.StandardButton.Cancel or (
                answer == QMessageBox.StandardButton.Save and not self.save()
            ):
                event.ignore()
                return
        self._forget()
        event.accept()

    def _forget(self) -> None:
        for key, editor in list(_OPEN.items()):
            if editor is self:
                del _OPEN[key]
