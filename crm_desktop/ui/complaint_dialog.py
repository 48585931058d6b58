"""One complaint: what was received, its handling up to the customer's confirmation, its
attachments and its timeline. Every step is a call to `services.complaints`; a refusal
is shown under the tabs and nothing is written."""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import QDateTime, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.errors import UserError
from crm_desktop.i18n import is_chinese
from crm_desktop.messages import msg
from crm_desktop.models.entities import (
    COMPENSATION_KINDS,
    COMPLAINT_CHANNELS,
    COMPLAINT_SEVERITIES,
)
from crm_desktop.services import complaints
from crm_desktop.services import customers as customer_service
from crm_desktop.services.auth import Actor, list_users
from crm_desktop.services.complaints import ComplaintInfo, TimelineEntry
from crm_desktop.services.sales import customer_sales, list_products
from crm_desktop.ui.field_widgets import ui_language
from crm_desktop.ui.sizing import fit_to_screen

DATETIME_FORMAT = "yyyy-MM-dd HH:mm"
ERROR_STYLE = "color: #c62828;"


def _qdt(value: datetime | None) -> QDateTime:
    value = value or datetime.now()
    return QDateTime(value.year, value.month, value.day, value.hour, value.minute, 0)


def _py(value: QDateTime) -> datetime:
    return value.toPython().replace(second=0, microsecond=0)


def _time(value: datetime | None) -> str:
    return f"{value:%Y-%m-%d %H:%M}" if value else "—"


def _combo(parent: QWidget, items: list[tuple[str, object]]) -> QComboBox:
    box = QComboBox(parent)
    for text, data in items:
        box.addItem(text, data)
    return box


def _select(box: QComboBox, data: object) -> None:
    index = box.findData(data)
    box.setCurrentIndex(index if index >= 0 else 0)


class ComplaintDialog(QDialog):
    """Record a new complaint (for a given customer, or one typed by code) or handle one.

    Signals: `changed(int)` with the complaint's id after anything was written.
    """

    changed = Signal(int)

    def __init__(
        self,
        actor: Actor,
        complaint_id: int | None = None,
        customer_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("ComplaintDialog")
        self.actor = actor
        self.lang = ui_language()
        self.complaint_id = complaint_id
        self.customer_id = customer_id
        self.info: ComplaintInfo | None = None
        fit_to_screen(self, 720, 560, scroll=True)
        if complaint_id is not None:
            self.info = complaints.get_complaint(actor, complaint_id)
            self.customer_id = self.info.customer_id
        self._build()
        self._load()

    # --- building -----------------------------------------------------------------

    def _label(self, table: dict[str, tuple[str, str]], code: str) -> str:
        zh, en = table[code]
        return zh if is_chinese(self.lang) else en

    def _build(self) -> None:
        self.header = QLabel(self)
        font = self.header.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.header.setFont(font)
        self.facts = QLabel(self)
        self.facts.setStyleSheet("color: #5f6368;")
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._build_details(), self.tr("Complaint"))
        self.handling_index = self.tabs.addTab(self._build_handling(), self.tr("Handling"))
        self.attachments_index = self.tabs.addTab(self._build_attachments(), self.tr("Attachments"))
        self.timeline_index = self.tabs.addTab(self._build_timeline(), self.tr("Timeline"))
        self.error = QLabel(self)
        self.error.setObjectName("complaintError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(ERROR_STYLE)
        self.save_button = QPushButton(self.tr("Save"), self)
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        close = QPushButton(self.tr("Close"), self)
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.error, 1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.facts)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(buttons)

    def _build_details(self) -> QWidget:
        page = QWidget(self)
        form = QFormLayout(page)
        L = complaints.FIELD_LABELS
        zh = is_chinese(self.lang)

        def label(name: str) -> str:
            return L[name][0] if zh else L[name][1]

        self.customer_code = QLineEdit(page)
        self.customer_code.setPlaceholderText(self.tr("Customer code"))
        self.customer_code.editingFinished.connect(self._customer_typed)
        self.customer_label = QLabel(page)
        row = QHBoxLayout()
        row.addWidget(self.customer_code)
        row.addWidget(self.customer_label, 1)
        form.addRow(label("customer"), row)
        self.received = QDateTimeEdit(page)
        self.received.setCalendarPopup(True)
        self.received.setDisplayFormat(DATETIME_FORMAT)
        form.addRow(label("received_at"), self.received)
        self.channel = _combo(
            page,
            [("", "")]
            + [(self._label(complaints.CHANNEL_LABELS, c), c) for c in COMPLAINT_CHANNELS],
        )
        form.addRow(label("channel"), self.channel)
        self.contact = _combo(page, [("", None)])
        form.addRow(label("contact"), self.contact)
        self.category = QComboBox(page)
        self.category.setEditable(True)  # the list can take a category of one's own
        for code in complaints.categories():
            self.category.addItem(complaints.category_label(code, self.lang), code)
        form.addRow(label("category"), self.category)
        self.severity = _combo(
            page,
            [(self._label(complaints.SEVERITY_LABELS, s), s) for s in COMPLAINT_SEVERITIES],
        )
        form.addRow(label("severity"), self.severity)
        self.subject = QLineEdit(page)
        self.subject.setMaxLength(200)
        form.addRow(label("subject"), self.subject)
        self.description = QPlainTextEdit(page)
        self.description.setMinimumHeight(80)
        form.addRow(label("description"), self.description)
        self.product = _combo(page, [("", None)])
        for p in list_products():
            self.product.addItem(f"{p.code} {p.name}", p.id)
        form.addRow(label("product"), self.product)
        self.sale = _combo(page, [("", None)])
        form.addRow(label("sale"), self.sale)
        self.handler = _combo(page, [(u.name, u.id) for u in list_users()])
        form.addRow(label("handled_by"), self.handler)
        self.due = QDateTimeEdit(page)
        self.due.setCalendarPopup(True)
        self.due.setDisplayFormat(DATETIME_FORMAT)
        self.due_hint = QLabel(self.tr("set from the severity when saved"), page)
        self.due_hint.setStyleSheet("color: #5f6368;")
        due_row = QHBoxLayout()
        due_row.addWidget(self.due)
        due_row.addWidget(self.due_hint, 1)
        form.addRow(label("due_at"), due_row)
        return page

    def _build_handling(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        self.path_label = QLabel(page)
        self.path_label.setObjectName("complaintPath")
        self.path_label.setWordWrap(True)
        layout.addWidget(self.path_label)
        self.start_button = QPushButton(self.tr("Start handling"), page)
        self.start_button.clicked.connect(self.start)
        layout.addWidget(self.start_button, 0, Qt.AlignmentFlag.AlignLeft)

        box = QGroupBox(self.tr("Resolution"), page)
        form = QFormLayout(box)
        self.resolution = QPlainTextEdit(box)
        self.resolution.setMaximumHeight(90)
        form.addRow(self.tr("What was done"), self.resolution)
        self.compensation = _combo(
            box,
            [(self.tr("None"), "")]
            + [(self._label(complaints.COMPENSATION_LABELS, k), k) for k in COMPENSATION_KINDS],
        )
        self.amount = QLineEdit(box)
        self.amount.setPlaceholderText(self.tr("amount in yuan"))
        self.compensation_note = QLineEdit(box)
        comp = QHBoxLayout()
        comp.addWidget(self.compensation)
        comp.addWidget(self.amount)
        comp.addWidget(self.compensation_note, 1)
        form.addRow(self.tr("Compensation"), comp)
        self.plan_visit = QCheckBox(self.tr("Plan a follow-up visit on"), box)
        self.visit_at = QDateTimeEdit(box)
        self.visit_at.setCalendarPopup(True)
        self.visit_at.setDisplayFormat(DATETIME_FORMAT)
        soon = datetime.now() + timedelta(days=3)
        self.visit_at.setDateTime(_qdt(soon.replace(hour=10, minute=0)))
        self.visit_at.setEnabled(False)
        self.plan_visit.toggled.connect(self.visit_at.setEnabled)
        visit = QHBoxLayout()
        visit.addWidget(self.plan_visit)
        visit.addWidget(self.visit_at)
        visit.addStretch(1)
        form.addRow("", visit)
        self.resolve_button = QPushButton(self.tr("Mark as resolved"), box)
        self.resolve_button.clicked.connect(self.resolve)
        form.addRow("", self.resolve_button)
        layout.addWidget(box)

        box = QGroupBox(self.tr("The customer's confirmation"), page)
        row = QHBoxLayout(box)
        row.addWidget(QLabel(self.tr("Satisfaction (1 = very unhappy, 5 = very satisfied)"), box))
        self.satisfaction = QSpinBox(box)
        self.satisfaction.setRange(1, 5)
        self.satisfaction.setValue(4)
        row.addWidget(self.satisfaction)
        self.confirm_button = QPushButton(self.tr("Customer confirmed"), box)
        self.confirm_button.clicked.connect(self.confirm)
        row.addWidget(self.confirm_button)
        row.addStretch(1)
        layout.addWidget(box)

        box = QGroupBox(self.tr("Close without confirmation"), page)
        row = QHBoxLayout(box)
        self.close_reason = QLineEdit(box)
        self.close_reason.setPlaceholderText(self.tr("Why, e.g. the customer withdrew it"))
        row.addWidget(self.close_reason, 1)
        self.close_button = QPushButton(self.tr("Close complaint"), box)
        self.close_button.clicked.connect(self.close_complaint)
        row.addWidget(self.close_button)
        layout.addWidget(box)
        layout.addStretch(1)
        return page

    def _build_attachments(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        note = QLabel(
            self.tr(
                "Files are copied into the database's attachments folder (at most 20 MB each) "
                "and opened with the system viewer."
            ),
            page,
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        self.attachment_list = QListWidget(page)
        self.attachment_list.itemDoubleClicked.connect(lambda _i: self.open_attachment())
        layout.addWidget(self.attachment_list, 1)
        row = QHBoxLayout()
        self.add_attachment_button = QPushButton(self.tr("Add file…"), page)
        self.add_attachment_button.clicked.connect(self.choose_attachment)
        self.open_attachment_button = QPushButton(self.tr("Open"), page)
        self.open_attachment_button.clicked.connect(self.open_attachment)
        self.remove_attachment_button = QPushButton(self.tr("Remove"), page)
        self.remove_attachment_button.clicked.connect(self.remove_attachment)
        row.addWidget(self.add_attachment_button)
        row.addWidget(self.open_attachment_button)
        row.addWidget(self.remove_attachment_button)
        row.addStretch(1)
        layout.addLayout(row)
        return page

    def _build_timeline(self) -> QWidget:
        self.timeline = QTreeWidget(self)
        self.timeline.setRootIsDecorated(False)
        self.timeline.setHeaderLabels([self.tr("When"), self.tr("Who"), self.tr("What")])
        self.timeline.setColumnWidth(0, 130)
        self.timeline.setColumnWidth(1, 90)
        return self.timeline

    # --- loading ------------------------------------------------------------------

    def _customer_typed(self) -> None:
        code = self.customer_code.text().strip()
        if not code or self.info is not None:
            return
        try:
            from crm_desktop.services.sales import find_customer_id

            self.customer_id = find_customer_id(self.actor, code)
        except UserError as exc:
            self.customer_id = None
            self.customer_label.setText("")
            self._show_error(exc.message)
            return
        self._show_error("")
        self._fill_customer()

    def _fill_customer(self) -> None:
        """The customer's name, contacts and sales lines, once it is known."""
        if self.customer_id is None:
            return
        card = customer_service.get_customer(self.actor, self.customer_id)
        self.customer_code.setText(card.values.get("code") or "")
        self.customer_label.setText(card.values.get("name") or "")
        self.contact.clear()
        self.contact.addItem("", None)
        for c in customer_service.list_contacts(self.actor, self.customer_id):
            self.contact.addItem(c.values.get("name") or "", c.id)
        self.sale.clear()
        self.sale.addItem("", None)
        for s in customer_sales(self.actor, self.customer_id, limit=200):
            self.sale.addItem(f"{s.date:%Y-%m-%d} {s.product_name or ''} ¥{s.amount:,.2f}", s.id)
        if self.info is None and card.owner_id:
            _select(self.handler, card.owner_id)

    def _load(self) -> None:
        info = self.info
        self._fill_customer()
        new = info is None
        self.customer_code.setReadOnly(not new or self.customer_id is not None)
        self.due_hint.setVisible(new)
        self.due.setVisible(not new)
        for index in (self.handling_index, self.attachments_index, self.timeline_index):
            self.tabs.setTabEnabled(index, not new)
        if info is None:
            self.header.setText(self.tr("New complaint"))
            self.facts.setText(
                self.tr("Record what the customer said; the due time follows the severity.")
            )
            self.setWindowTitle(self.tr("New complaint"))
            self.received.setDateTime(_qdt(datetime.now()))
            _select(self.severity, "normal")
            if self.customer_id is None:
                _select(self.handler, self.actor.id)
            self._update_buttons()
            return
        self.setWindowTitle(self.tr("Complaint %1").replace("%1", str(info.id)))
        self.header.setText(f"{info.subject}")
        status = "overdue" if info.is_overdue() else info.status
        self.facts.setText(
            "  ·  ".join(
                [
                    f"{info.customer_code} {info.customer_name}",
                    complaints.severity_label(info.severity, self.lang),
                    complaints.status_label(status, self.lang),
                    f"{complaints.FIELD_LABELS['due_at'][0 if is_chinese(self.lang) else 1]} "
                    f"{_time(info.due_at)}",
                ]
            )
        )
        self.received.setDateTime(_qdt(info.received_at))
        _select(self.channel, info.channel)
        _select(self.contact, info.contact_id)
        index = self.category.findData(info.category)
        if index < 0:
            self.category.addItem(
                complaints.category_label(info.category, self.lang), info.category
            )
            index = self.category.count() - 1
        self.category.setCurrentIndex(index)
        _select(self.severity, info.severity)
        self.subject.setText(info.subject)
        self.description.setPlainText(info.description)
        _select(self.product, info.product_id)
        _select(self.sale, info.sale_id)
        _select(self.handler, info.handled_by_id)
        self.due.setDateTime(_qdt(info.due_at))
        self.resolution.setPlainText(info.resolution)
        _select(self.compensation, info.compensation_kind)
        self.amount.setText(
            "" if info.compensation_amount is None else f"{info.compensation_amount}"
        )
        self.compensation_note.setText(info.compensation_note)
        if info.satisfaction:
            self.satisfaction.setValue(info.satisfaction)
        self.close_reason.setText(info.close_reason)
        self.path_label.setText(self._path_text(info))
        self.attachment_list.clear()
        for a in info.attachments:
            item = QListWidgetItem(
                f"{a.file_name}  ({a.size / 1024:,.0f} KB, {a.added_by}, {_time(a.added_at)})"
            )
            item.setData(Qt.ItemDataRole.UserRole, a.id)
            self.attachment_list.addItem(item)
        self._fill_timeline(complaints.timeline(self.actor, info.id))
        self._update_buttons()

    def _path_text(self, info: ComplaintInfo) -> str:
        steps = [
            (complaints.status_label("open", self.lang), info.received_at),
            (complaints.status_label("processing", self.lang), info.started_at),
            (complaints.status_label("resolved", self.lang), info.resolved_at),
            (complaints.status_label("confirmed", self.lang), info.confirmed_at),
        ]
        if info.status == "closed":
            steps = [s for s in steps if s[1]] + [
                (complaints.status_label("closed", self.lang), info.closed_at)
            ]
        parts = []
        for name, at in steps:
            parts.append(
                f"<b>{name}</b> {_time(at)}" if at else f"<span style='color:#999'>{name}</span>"
            )
        return " → ".join(parts)

    def _fill_timeline(self, entries: list[TimelineEntry]) -> None:
        self.timeline.clear()
        users = {str(u.id): u.name for u in list_users(active_only=False)}
        for e in entries:
            item = QTreeWidgetItem([_time(e.at), e.user, self._step_text(e, users)])
            self.timeline.addTopLevelItem(item)

    def _step_text(self, e: TimelineEntry, users: dict[str, str]) -> str:
        lang = self.lang
        if e.field == "created":
            return msg("complaints.step_created").render(lang)
        if e.field == "attachment":
            return msg("complaints.step_attachment", name=e.new_value).render(lang)
        if e.field == "attachment_removed":
            return msg("complaints.step_attachment_removed", name=e.old_value).render(lang)
        if e.field == "status":
            return msg(
                "complaints.step_status",
                old=complaints.status_label(e.old_value, lang),
                new=complaints.status_label(e.new_value, lang),
            ).render(lang)
        if e.field == "handled_by":
            return msg(
                "complaints.step_assigned",
                old=users.get(e.old_value or "", "—"),
                new=users.get(e.new_value or "", "—"),
            ).render(lang)
        labels = {
            "severity": complaints.severity_label,
            "category": complaints.category_label,
            "channel": complaints.channel_label,
            "compensation_kind": complaints.compensation_label,
        }
        show = labels.get(e.field, lambda v, _l: v or "—")
        pair = complaints.FIELD_LABELS.get(e.field, (e.field, e.field))
        return msg(
            "complaints.step_field",
            field=pair[0] if is_chinese(lang) else pair[1],
            old=show(e.old_value, lang) or "—",
            new=show(e.new_value, lang) or "—",
        ).render(lang)

    def _update_buttons(self) -> None:
        status = self.info.status if self.info else None
        editable = status in (None, *complaints.OPEN_STATUSES, "resolved")
        for widget in (self.channel, self.contact, self.category, self.severity, self.product,
                       self.sale, self.handler, self.received, self.due):  # fmt: skip
            widget.setEnabled(editable)
        for text in (self.subject, self.description):
            text.setReadOnly(not editable)
        for text in (self.resolution, self.amount, self.compensation_note):
            text.setReadOnly(status not in (None, *complaints.OPEN_STATUSES))
        self.start_button.setEnabled(status == "open")
        self.resolve_button.setEnabled(status in complaints.OPEN_STATUSES)
        self.confirm_button.setEnabled(status == "resolved")
        self.close_button.setEnabled(status in (*complaints.OPEN_STATUSES, "resolved"))
        self.save_button.setEnabled(status in (None, *complaints.OPEN_STATUSES, "resolved"))
        has = self.attachment_list.count() > 0
        self.open_attachment_button.setEnabled(has)
        self.remove_attachment_button.setEnabled(has)

    # --- writing ------------------------------------------------------------------

    def _show_error(self, text: str) -> None:
        self.error.setText(text)

    def _category_value(self) -> str:
        text = self.category.currentText().strip()
        index = self.category.findText(text)
        if index >= 0 and self.category.itemData(index):
            return str(self.category.itemData(index))
        return text

    def _values(self) -> dict[str, object]:
        values: dict[str, object] = {
            "received_at": _py(self.received.dateTime()),
            "channel": self.channel.currentData() or "",
            "contact": self.contact.currentData(),
            "category": self._category_value(),
            "severity": self.severity.currentData(),
            "subject": self.subject.text(),
            "description": self.description.toPlainText(),
            "product": self.product.currentData(),
            "sale": self.sale.currentData(),
        }
        due = self.info.due_at if self.info is not None else None
        if self.info is not None and (
            due is None or _py(self.due.dateTime()) != due.replace(second=0)
        ):
            values["due_at"] = _py(self.due.dateTime())
        return values

    def _run(self, write) -> bool:
        """Call a service write; on refusal show why (nothing was written)."""
        try:
            info = write()
        except UserError as exc:
            self._show_error(exc.message)
            return False
        self._show_error("")
        if isinstance(info, ComplaintInfo):
            self.info = info
            self.complaint_id = info.id
        elif self.complaint_id is not None:
            self.info = complaints.get_complaint(self.actor, self.complaint_id)
        self._load()
        if self.complaint_id is not None:
            self.changed.emit(self.complaint_id)
        return True

    def save(self) -> bool:
        """Record the new complaint, or save corrections and a new handler."""
        if self.info is None:
            if self.customer_id is None:
                self._customer_typed()
                if self.customer_id is None:
                    return False
            values = {**self._values(), "customer": self.customer_id}
            values["handled_by"] = self.handler.currentData()
            return self._run(lambda: complaints.add_complaint(self.actor, values))
        info = self.info
        values = self._values()

        def write() -> ComplaintInfo:
            out = complaints.update_complaint(self.actor, info.id, values, info.version)
            if self.handler.currentData() != out.handled_by_id:
                out = complaints.assign_complaint(
                    self.actor, info.id, self.handler.currentData(), out.version
                )
            return out

        return self._run(write)

    def start(self) -> bool:
        assert self.info is not None
        info = self.info
        return self._run(lambda: complaints.start_complaint(self.actor, info.id, info.version))

    def resolve(self) -> bool:
        assert self.info is not None
        info = self.info
        visit = _py(self.visit_at.dateTime()) if self.plan_visit.isChecked() else None
        return self._run(
            lambda: complaints.resolve_complaint(
                self.actor,
                info.id,
                self.resolution.toPlainText(),
                compensation_kind=self.compensation.currentData(),
                compensation_amount=self.amount.text(),
                compensation_note=self.compensation_note.text(),
                followup_at=visit,
                expected_version=info.version,
            )
        )

    def confirm(self) -> bool:
        assert self.info is not None
        info = self.info
        score = self.satisfaction.value()
        return self._run(
            lambda: complaints.confirm_complaint(self.actor, info.id, score, info.version)
        )

    def close_complaint(self) -> bool:
        assert self.info is not None
        info = self.info
        reason = self.close_reason.text()
        return self._run(
            lambda: complaints.close_complaint(self.actor, info.id, reason, info.version)
        )

    def add_attachment(self, path: str) -> bool:
        assert self.info is not None
        info = self.info
        return self._run(lambda: complaints.add_attachment(self.actor, info.id, path))

    def choose_attachment(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, self.tr("Attach a file"))
        if path:
            self.add_attachment(path)

    def _current_attachment(self) -> int | None:
        item = self.attachment_list.currentItem() or self.attachment_list.item(0)
        return None if item is None else int(item.data(Qt.ItemDataRole.UserRole))

    def open_attachment(self) -> None:
        attachment = self._current_attachment()
        if attachment is None:
            return
        try:
            path = complaints.attachment_path(self.actor, attachment)
        except UserError as exc:
            self._show_error(exc.message)
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def remove_attachment(self) -> None:
        attachment = self._current_attachment()
        if attachment is not None:
            self._run(lambda: complaints.remove_attachment(self.actor, attachment))


__all__ = ["ComplaintDialog"]
