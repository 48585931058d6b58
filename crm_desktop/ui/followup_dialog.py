"""Dialogs of a follow-up: plan, complete (and plan the next one), reschedule or reassign.

The dialogs only collect values and call `services.followups`; a ValidationError is
shown under the field it names, a due time in the past is asked about, and nothing
closes until the service has saved.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCore import QDate, QDateTime, QTime, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.errors import UserError, ValidationError
from crm_desktop.models.entities import FOLLOWUP_KINDS
from crm_desktop.services import customers as customer_service
from crm_desktop.services import followups as service
from crm_desktop.services.auth import Actor, list_users
from crm_desktop.services.followups import CompleteResult, FollowUpRow
from crm_desktop.ui.sizing import fit_to_screen

ERROR_STYLE = "color: #c0392b;"
DATETIME_FORMAT = "yyyy-MM-dd HH:mm"


def to_qdatetime(value: datetime) -> QDateTime:
    return QDateTime(QDate(value.year, value.month, value.day), QTime(value.hour, value.minute))


def from_qdatetime(value: QDateTime) -> datetime:
    d, t = value.date(), value.time()
    return datetime(d.year(), d.month(), d.day(), t.hour(), t.minute())


def _datetime_edit(parent: QWidget) -> QDateTimeEdit:
    edit = QDateTimeEdit(parent)
    edit.setDisplayFormat(DATETIME_FORMAT)
    edit.setCalendarPopup(True)
    return edit


class FieldErrors:
    """Red messages under form fields, keyed by the service's field names."""

    def __init__(self) -> None:
        self.labels: dict[str, QLabel] = {}
        self.widgets: dict[str, QWidget] = {}

    def add(self, form: QFormLayout, name: str, title: str, widget: QWidget) -> QLabel:
        box = QWidget(widget.parentWidget())
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        error = QLabel(box)
        error.setObjectName(f"error_{name}")
        error.setStyleSheet(ERROR_STYLE)
        error.setWordWrap(True)
        error.hide()
        column.addWidget(error)
        form.addRow(title, box)
        self.labels[name] = error
        self.widgets[name] = widget
        return error

    def clear(self) -> None:
        for label in self.labels.values():
            label.clear()
            label.hide()

    def show(self, errors: Mapping[str, str]) -> dict[str, str]:
        """Show each message at its field; returns the messages that have no field here."""
        self.clear()
        rest = {}
        first = None
        for name, message in errors.items():
            label = self.labels.get(name)
            if label is None:
                rest[name] = message
                continue
            label.setText(message)
            label.show()
            first = first or self.widgets[name]
        if first is not None:
            first.setFocus()
            first.window().adjustSize()  # make room for the messages
        return rest

    def text(self, name: str) -> str:
        label = self.labels.get(name)
        return label.text() if label is not None and not label.isHidden() else ""


class PlanFields(QWidget):
    """The fields of a plan: customer, contact, kind, due, end, owner, subject, repeat."""

    REPEAT_UNITS = ("", "days", "weeks", "months", "weekday")

    def __init__(
        self,
        actor: Actor,
        parent: QWidget | None = None,
        *,
        fixed_customer: int | None = None,
        show_customer: bool = True,
    ) -> None:
        super().__init__(parent)
        self.actor = actor
        self.fixed_customer = fixed_customer
        self.errors = FieldErrors()
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)

        self.customer = QComboBox(self)
        self.customer.setEditable(True)
        self.customer.setObjectName("customer")
        self.customer.lineEdit().setPlaceholderText(self.tr("Customer code or name"))
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(250)
        self._search_timer.timeout.connect(self._search_customers)
        self.customer.lineEdit().textEdited.connect(lambda _t: self._search_timer.start())
        self.customer.currentIndexChanged.connect(lambda _i: self._load_contacts())
        if show_customer:
            self.errors.add(form, "customer", self.tr("Customer"), self.customer)
        else:
            self.customer.hide()

        self.contact = QComboBox(self)
        self.contact.setObjectName("contact")
        self.errors.add(form, "contact", self.tr("Contact"), self.contact)

        self.kind = QComboBox(self)
        self.kind.setObjectName("kind")
        for code in FOLLOWUP_KINDS:
            self.kind.addItem(service.kind_label(code), code)
        self.errors.add(form, "kind", self.tr("Kind"), self.kind)

        self.due = _datetime_edit(self)
        self.due.setObjectName("due_at")
        self.errors.add(form, "due_at", self.tr("Due"), self.due)

        end_row = QWidget(self)
        end_layout = QHBoxLayout(end_row)
        end_layout.setContentsMargins(0, 0, 0, 0)
        self.has_end = QCheckBox(self.tr("Until"), end_row)
        self.ends = _datetime_edit(end_row)
        self.ends.setObjectName("ends_at")
        self.ends.setEnabled(False)
        self.has_end.toggled.connect(self.ends.setEnabled)
        end_layout.addWidget(self.has_end)
        end_layout.addWidget(self.ends, 1)
        self.errors.add(form, "ends_at", self.tr("End"), end_row)
        self.errors.widgets["ends_at"] = self.ends

        self.owner = QComboBox(self)
        self.owner.setObjectName("owner")
        for user in list_users():
            self.owner.addItem(user.name, user.id)
        if not actor.can("customer.assign_owner"):
            self.owner.setCurrentIndex(max(0, self.owner.findData(actor.id)))
            self.owner.setEnabled(False)
        self.errors.add(form, "owner", self.tr("Owner"), self.owner)

        self.subject = QLineEdit(self)
        self.subject.setObjectName("subject")
        self.subject.setMaxLength(service.SUBJECT_MAX + 50)  # longer text gets a message
        self.errors.add(form, "subject", self.tr("Subject"), self.subject)

        repeat_row = QWidget(self)
        repeat_layout = QHBoxLayout(repeat_row)
        repeat_layout.setContentsMargins(0, 0, 0, 0)
        self.repeat_unit = QComboBox(repeat_row)
        self.repeat_unit.setObjectName("repeat_unit")
        for code, text in zip(
            self.REPEAT_UNITS,
            (
                self.tr("Does not repeat"),
                self.tr("Every N days"),
                self.tr("Every N weeks"),
                self.tr("Every N months"),
                self.tr("Every week on"),
            ),
            strict=True,
        ):
            self.repeat_unit.addItem(text, code)
        self.repeat_every = QSpinBox(repeat_row)
        self.repeat_every.setObjectName("repeat_every")
        self.repeat_every.setRange(0, 365)
        self.repeat_every.setValue(1)
        self.repeat_day = QComboBox(repeat_row)
        self.repeat_day.setObjectName("repeat_day")
        for day, text in enumerate(
            (
                self.tr("Monday"),
                self.tr("Tuesday"),
                self.tr("Wednesday"),
                self.tr("Thursday"),
                self.tr("Friday"),
                self.tr("Saturday"),
                self.tr("Sunday"),
            )
        ):
            self.repeat_day.addItem(text, day)
        repeat_layout.addWidget(self.repeat_unit, 1)
        repeat_layout.addWidget(self.repeat_every)
        repeat_layout.addWidget(self.repeat_day)
        self.repeat_unit.currentIndexChanged.connect(lambda _i: self._repeat_changed())
        self._repeat_changed()
        self.errors.add(form, "recurrence", self.tr("Repeat"), repeat_row)

        now = datetime.now().replace(second=0, microsecond=0)
        self.due.setDateTime(to_qdatetime(now + timedelta(days=1)))
        self.ends.setDateTime(to_qdatetime(now + timedelta(days=1, hours=1)))
        if fixed_customer is not None:
            self._set_customer(fixed_customer)
            self.customer.setEnabled(False)

    # --- customer and contacts ---------------------------------------------------------

    def _search_customers(self) -> None:
        text = self.customer.currentText().strip()
        if not text:
            return
        try:
            page = customer_service.list_customers(
                self.actor, customer_service.CustomerQuery(text=text), 0, 20
            )
        except UserError:
            return
        self.customer.blockSignals(True)
        self.customer.clear()
        for row in page.rows:
            self.customer.addItem(f"{row.code}  {row.name}", row.id)
        self.customer.setCurrentIndex(-1)
        self.customer.setEditText(text)
        self.customer.blockSignals(False)
        if page.rows:
            self.customer.showPopup()

    def _set_customer(self, customer_id: int) -> None:
        try:
            card = customer_service.get_customer(self.actor, customer_id)
        except UserError:
            return
        self.customer.blockSignals(True)
        self.customer.clear()
        self.customer.addItem(f"{card.code}  {card.name}", card.id)
        self.customer.setCurrentIndex(0)
        self.customer.blockSignals(False)
        if self.actor.can("customer.assign_owner") and card.owner_id:
            index = self.owner.findData(card.owner_id)
            if index >= 0:
                self.owner.setCurrentIndex(index)
        self._load_contacts()

    def customer_value(self) -> object:
        if self.fixed_customer is not None:
            return self.fixed_customer
        index = self.customer.currentIndex()
        text = self.customer.currentText().strip()
        if index >= 0 and self.customer.itemText(index) == text:
            return self.customer.itemData(index)
        return text.split()[0] if text else ""

    def _load_contacts(self) -> None:
        self.contact.clear()
        self.contact.addItem(self.tr("(none)"), None)
        customer = self.customer_value()
        if not isinstance(customer, int):
            return
        try:
            contacts = customer_service.list_contacts(self.actor, customer)
        except UserError:
            return
        for contact in contacts:
            self.contact.addItem(contact["name"], contact.id)

    # --- repeat ----------------------------------------------------------------------------

    def _repeat_changed(self) -> None:
        unit = self.repeat_unit.currentData()
        self.repeat_every.setVisible(unit in ("days", "weeks", "months"))
        self.repeat_day.setVisible(unit == "weekday")

    def recurrence(self) -> str:
        unit = self.repeat_unit.currentData()
        if not unit:
            return ""
        if unit == "weekday":
            return f"weekday:{self.repeat_day.currentData()}"
        return f"{unit}:{self.repeat_every.value()}"

    def set_recurrence(self, rule: str) -> None:
        unit, _, number = (rule or "").partition(":")
        self.repeat_unit.setCurrentIndex(max(0, self.repeat_unit.findData(unit)))
        if unit == "weekday":
            self.repeat_day.setCurrentIndex(max(0, self.repeat_day.findData(int(number))))
        elif number:
            self.repeat_every.setValue(int(number))

    # --- values ----------------------------------------------------------------------------

    def set_values(self, values: Mapping[str, Any]) -> None:
        if values.get("customer") and self.fixed_customer is None:
            self._set_customer(int(values["customer"]))
        if values.get("contact"):
            self.contact.setCurrentIndex(max(0, self.contact.findData(values["contact"])))
        if values.get("kind"):
            self.kind.setCurrentIndex(max(0, self.kind.findData(values["kind"])))
        if values.get("due_at"):
            self.due.setDateTime(to_qdatetime(values["due_at"]))
        if values.get("ends_at"):
            self.has_end.setChecked(True)
            self.ends.setDateTime(to_qdatetime(values["ends_at"]))
        if values.get("owner"):
            index = self.owner.findData(values["owner"])
            if index >= 0:
                self.owner.setCurrentIndex(index)
        if "subject" in values:
            self.subject.setText(values.get("subject") or "")
        if "recurrence" in values:
            self.set_recurrence(values.get("recurrence") or "")

    def values(self) -> dict[str, Any]:
        return {
            "customer": self.customer_value(),
            "contact": self.contact.currentData(),
            "kind": self.kind.currentData(),
            "due_at": from_qdatetime(self.due.dateTime()),
            "ends_at": from_qdatetime(self.ends.dateTime()) if self.has_end.isChecked() else None,
            "owner": self.owner.currentData(),
            "subject": self.subject.text(),
            "recurrence": self.recurrence(),
        }


def _ask_yes_no(parent: QWidget, title: str, text: str) -> bool:
    answer = QMessageBox.question(parent, title, text)
    return answer == QMessageBox.StandardButton.Yes


class _Dialog(QDialog):
    """Shared: an OK/Cancel box and a line for messages that belong to no field."""

    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setMinimumWidth(480)
        self.message = QLabel(self)
        self.message.setObjectName("message")
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setWordWrap(True)
        self.message.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        # asked before saving a past due time; tests replace it
        self.confirm: Callable[[str], bool] = lambda text: _ask_yes_no(
            self, self.windowTitle(), text
        )

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def save(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError


class PlanDialog(_Dialog):
    """Plan a follow-up; `values` pre-fill it (a suggestion, a cadence row's customer)."""

    def __init__(
        self,
        actor: Actor,
        parent: QWidget | None = None,
        *,
        customer_id: int | None = None,
        values: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(parent)
        self.actor = actor
        self.result_row: FollowUpRow | None = None
        self.setWindowTitle(self.tr("Plan a follow-up"))
        self.fields = PlanFields(actor, self, fixed_customer=customer_id)
        if values:
            self.fields.set_values(values)
        layout = QVBoxLayout(self)
        layout.addWidget(self.fields)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        fit_to_screen(self, 480, self.sizeHint().height())

    def save(self) -> None:
        values = self.fields.values()
        self.fields.errors.clear()
        self.show_message("")
        try:
            warnings = service.plan_warnings(self.actor, values)
            if warnings.get("due_at") and not self.confirm(
                self.tr("The due time is in the past. Plan it anyway?")
            ):
                return
            self.result_row = service.plan_followup(self.actor, values)
        except ValidationError as exc:
            rest = self.fields.errors.show(exc.errors)
            self.show_message("\n".join(rest.values()))
            return
        except UserError as exc:
            self.show_message(exc.message)
            return
        self.accept()


class CompleteDialog(_Dialog):
    """Record the outcome; optionally plan the next one, pre-filled from the series or cadence."""

    def __init__(self, actor: Actor, row: FollowUpRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.row = row
        self.completed: CompleteResult | None = None
        self.setWindowTitle(self.tr("Complete follow-up"))
        layout = QVBoxLayout(self)
        summary = QLabel(
            f"<b>{row.customer_code} {row.customer_name}</b><br>"
            f"{row.due_at:%Y-%m-%d %H:%M} · {service.kind_label(row.kind)} · {row.subject}",
            self,
        )
        summary.setWordWrap(True)
        layout.addWidget(summary)

        form = QFormLayout()
        self.errors = FieldErrors()
        self.outcome = QPlainTextEdit(self)
        self.outcome.setObjectName("outcome")
        self.outcome.setPlaceholderText(self.tr("What came of it"))
        self.errors.add(form, "outcome", self.tr("Outcome"), self.outcome)
        self.done_at = _datetime_edit(self)
        self.done_at.setObjectName("done_at")
        now = datetime.now().replace(second=0, microsecond=0)
        self.done_at.setDateTime(to_qdatetime(now))
        self.errors.add(form, "done_at", self.tr("Done at"), self.done_at)
        layout.addLayout(form)

        self.plan_next = QGroupBox(self.tr("Plan the next one"), self)
        self.plan_next.setObjectName("plan_next")
        self.plan_next.setCheckable(True)
        next_layout = QVBoxLayout(self.plan_next)
        self.next_fields = PlanFields(
            actor, self.plan_next, fixed_customer=row.customer_id, show_customer=False
        )
        next_layout.addWidget(self.next_fields)
        layout.addWidget(self.plan_next)
        try:
            suggestion = service.suggest_next(actor, row.id, now)
        except UserError:
            suggestion = None
        if suggestion:
            self.next_fields.set_values(suggestion)
        # a series continues by itself; otherwise the next one is planned by default
        self.plan_next.setChecked(not row.recurrence)

        self.promote = QCheckBox(
            self.tr("Contacted: move this potential customer to prospective (预期客户)"), self
        )
        self.promote.setObjectName("promote")
        stage = None
        with contextlib.suppress(UserError):
            stage = customer_service.get_customer(actor, row.customer_id)["stage"]
        self.promote.setVisible(stage == "potential")
        layout.addWidget(self.promote)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

    def save(self) -> None:
        self.errors.clear()
        self.next_fields.errors.clear()
        self.show_message("")
        plan_next = self.next_fields.values() if self.plan_next.isChecked() else None
        try:
            self.completed = service.complete_followup(
                self.actor,
                self.row.id,
                self.outcome.toPlainText(),
                done_at=from_qdatetime(self.done_at.dateTime()),
                plan_next=plan_next,
                move_to_prospective=not self.promote.isHidden() and self.promote.isChecked(),
                expected_version=self.row.version,
            )
        except ValidationError as exc:
            rest = self.errors.show(exc.errors)
            rest = self.next_fields.errors.show(rest) if plan_next is not None else rest
            self.show_message("\n".join(rest.values()))
            return
        except UserError as exc:
            self.show_message(exc.message)
            return
        self.accept()


class RescheduleDialog(_Dialog):
    """Move a planned follow-up, and (managers) hand it to someone else."""

    def __init__(self, actor: Actor, row: FollowUpRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.row = row
        self.result_row: FollowUpRow | None = None
        self.setWindowTitle(self.tr("Reschedule follow-up"))
        layout = QVBoxLayout(self)
        summary = QLabel(f"<b>{row.customer_code} {row.customer_name}</b> · {row.subject}", self)
        summary.setWordWrap(True)
        layout.addWidget(summary)
        form = QFormLayout()
        self.errors = FieldErrors()
        self.due = _datetime_edit(self)
        self.due.setObjectName("due_at")
        self.due.setDateTime(to_qdatetime(row.due_at))
        self.errors.add(form, "due_at", self.tr("Due"), self.due)
        end_row = QWidget(self)
        end_layout = QHBoxLayout(end_row)
        end_layout.setContentsMargins(0, 0, 0, 0)
        self.has_end = QCheckBox(self.tr("Until"), end_row)
        self.ends = _datetime_edit(end_row)
        self.ends.setObjectName("ends_at")
        self.has_end.toggled.connect(self.ends.setEnabled)
        self.has_end.setChecked(row.ends_at is not None)
        self.ends.setEnabled(row.ends_at is not None)
        self.ends.setDateTime(to_qdatetime(row.ends_at or row.due_at + timedelta(hours=1)))
        end_layout.addWidget(self.has_end)
        end_layout.addWidget(self.ends, 1)
        self.errors.add(form, "ends_at", self.tr("End"), end_row)
        self.owner = QComboBox(self)
        self.owner.setObjectName("owner")
        for user in list_users():
            self.owner.addItem(user.name, user.id)
        self.owner.setCurrentIndex(max(0, self.owner.findData(row.owner_id)))
        self.owner.setEnabled(actor.can("customer.assign_owner"))
        self.errors.add(form, "owner", self.tr("Owner"), self.owner)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

    def save(self) -> None:
        self.errors.clear()
        self.show_message("")
        due = from_qdatetime(self.due.dateTime())
        ends = from_qdatetime(self.ends.dateTime()) if self.has_end.isChecked() else None
        owner = self.owner.currentData()
        try:
            row = self.row
            past = due < datetime.now().replace(second=0, microsecond=0) and due != row.due_at
            if past and not self.confirm(
                self.tr("The due time is in the past. Move it there anyway?")
            ):
                return
            if due != row.due_at or ends != row.ends_at:
                row = service.reschedule_followup(
                    self.actor, row.id, due, ends, expected_version=row.version
                )
            if owner != row.owner_id:
                row = service.reassign_followup(
                    self.actor, row.id, owner, expected_version=row.version
                )
            self.result_row = row
        except ValidationError as exc:
            rest = self.errors.show(exc.errors)
            self.show_message("\n".join(rest.values()))
            return
        except UserError as exc:
            self.show_message(exc.message)
            return
        self.accept()


__all__ = ["CompleteDialog", "PlanDialog", "PlanFields", "RescheduleDialog"]
