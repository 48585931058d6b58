"""The managers' dialog to define custom fields (自定义字段) for customers and contacts.

New, edit (labels, where on the card, required, options), reorder, hide, retire and
delete with undo; every rule and message comes from `services.custom_fields`, every text
from the message catalogue.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.errors import UserError, ValidationError
from crm_desktop.messages import msg
from crm_desktop.models.entities import CUSTOM_FIELD_KINDS
from crm_desktop.services.auth import Actor
from crm_desktop.services.custom_fields import definitions as custom_defs
from crm_desktop.services.custom_fields import guess as custom_guess
from crm_desktop.services.custom_fields import kinds as custom_kinds
from crm_desktop.ui.field_widgets import message_text, ui_language


def _t(code: str, **params: object) -> str:
    return msg(code, **params).render(ui_language())


class FieldForm(QDialog):
    """One field's definition: a new one, or an existing one (its kind then fixed)."""

    def __init__(
        self,
        actor: Actor,
        entity: str,
        field: custom_kinds.FieldDef | None,
        parent: QWidget | None = None,
        *,
        preset: tuple[str, str, list[str]] | None = None,
    ) -> None:
        """`preset`: (label, kind, options) a new field starts with (an import column's)."""
        super().__init__(parent)
        self.actor, self.entity, self.field = actor, entity, field
        self.result_field: custom_kinds.FieldDef | None = None
        self.setWindowTitle(_t("custom_fields.dialog_title"))
        lang = ui_language()
        self.zh = QLineEdit(field.zh if field else "")
        self.en = QLineEdit(field.en if field else "")
        self.kind = QComboBox()
        for kind in CUSTOM_FIELD_KINDS:
            self.kind.addItem(custom_kinds.kind_label(kind).render(lang), kind)
        self.kind.setCurrentIndex(self.kind.findData(field.kind if field else "text"))
        self.kind.setEnabled(field is None)
        self.group = QComboBox()
        for group in custom_kinds.FIELD_GROUPS:
            self.group.addItem(custom_kinds.group_label(group).render(lang), group)
        self.group.setCurrentIndex(
            self.group.findData(field.group if field else custom_kinds.OWN_TAB)
        )
        self.required = QCheckBox(_t("custom_fields.required"))
        self.required.setChecked(bool(field and field.required))
        self.choices = QPlainTextEdit()
        self.choices.setPlainText(
            "\n".join(("#" if c.retired else "") + c.zh for c in field.choices) if field else ""
        )
        self.error = QLabel()
        self.error.setStyleSheet("color: #c62828;")
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow(_t("custom_fields.label_zh"), self.zh)
        form.addRow(_t("custom_fields.label_en"), self.en)
        form.addRow(_t("custom_fields.kind"), self.kind)
        form.addRow(_t("custom_fields.group"), self.group)
        form.addRow("", self.required)
        self.choices_label = QLabel(_t("custom_fields.choices"))
        form.addRow(self.choices_label, self.choices)
        buttons = QDialogButtonBox()
        buttons.addButton(_t("custom_fields.ok"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(_t("custom_fields.cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        if field is None and preset is not None:
            label, kind, options = preset
            self.zh.setText(label)
            self.kind.setCurrentIndex(self.kind.findData(kind))
            self.choices.setPlainText("\n".join(options))
        self._kind_changed()

    def _kind_changed(self) -> None:
        with_choices = self.kind.currentData() in ("choice", "tags")
        self.choices.setVisible(with_choices)
        self.choices_label.setVisible(with_choices)

    def _choices(self) -> list[object]:
        """Options from the lines: an existing option keeps its code (by position)."""
        lines = [line.strip() for line in self.choices.toPlainText().splitlines() if line.strip()]
        old = list(self.field.choices) if self.field else []
        out: list[object] = []
        for i, line in enumerate(lines):
            retired = line.startswith("#")
            text = line.lstrip("#").strip()
            if i < len(old):
                out.append(custom_kinds.Choice(old[i].code, text, old[i].en, retired))
            else:
                out.append(text)
        return out

    def save(self) -> None:
        """Define or change the field; a refusal is shown here and the form stays open."""
        try:
            if self.field is None:
                self.result_field = custom_defs.define_field(
                    self.actor,
                    self.zh.text(),
                    self.en.text(),
                    self.kind.currentData(),
                    entity=self.entity,
                    choices=self._choices(),
                    required=self.required.isChecked(),
                    group=self.group.currentData(),
                )
            else:
                changes: dict[str, object] = {
                    "zh": self.zh.text(),
                    "en": self.en.text(),
                    "group": self.group.currentData(),
                    "required": self.required.isChecked(),
                }
                if self.field.kind in ("choice", "tags"):
                    changes["choices"] = self._choices()
                self.result_field = custom_defs.update_field(
                    self.actor, self.field.id, expected_version=self.field.version, **changes
                )
        except ValidationError as exc:
            self.error.setText("\n".join(message_text(p) for p in exc.problems.values()))
            return
        except UserError as exc:
            self.error.setText(exc.message)
            return
        self.accept()


class CustomFieldsDialog(QDialog):
    """The list of custom fields of customers (or contacts) with what a manager does to them."""

    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.setWindowTitle(_t("custom_fields.dialog_title"))
        self.entity_box = QComboBox()
        self.entity_box.addItem(_t("custom_fields.for_customers"), "customer")
        self.entity_box.addItem(_t("custom_fields.for_contacts"), "contact")
        self.entity_box.currentIndexChanged.connect(self.refresh)
        self.list = QListWidget()
        self.list.currentRowChanged.connect(self._update_buttons)
        self.list.itemDoubleClicked.connect(lambda _item: self.edit_field())
        self.status = QLabel()
        self.buttons: dict[str, QPushButton] = {}
        side = QVBoxLayout()
        actions = (
            ("new", "custom_fields.new", self.new_field),
            ("edit", "custom_fields.edit", self.edit_field),
            ("up", "custom_fields.up", lambda: self.move(-1)),
            ("down", "custom_fields.down", lambda: self.move(1)),
            ("hide", "custom_fields.hide", self.toggle_hidden),
            ("retire", "custom_fields.retire", self.toggle_retired),
            ("delete", "custom_fields.delete", lambda: self.delete_field()),
            ("undo_delete", "custom_fields.undo_delete", self.undo_delete),
        )
        for name, code, slot in actions:
            button = QPushButton(_t(code))
            button.setObjectName(f"customFields_{name}")
            button.clicked.connect(slot)
            self.buttons[name] = button
            side.addWidget(button)
        side.addStretch(1)
        close = QPushButton(_t("custom_fields.close"))
        close.clicked.connect(self.accept)
        side.addWidget(close)
        body = QHBoxLayout()
        body.addWidget(self.list, 1)
        body.addLayout(side)
        layout = QVBoxLayout(self)
        layout.addWidget(self.entity_box)
        layout.addLayout(body)
        layout.addWidget(self.status)
        self._deleted: int | None = None
        self.resize(560, 420)
        self.refresh()

    @property
    def entity(self) -> str:
        return self.entity_box.currentData()

    def fields(self) -> list[custom_kinds.FieldDef]:
        return custom_defs.list_fields(self.entity)

    def refresh(self) -> None:
        """List the fields again, keeping the current one."""
        current = self.current()
        lang = ui_language()
        self.list.clear()
        for field in self.fields():
            marks = [
                custom_kinds.kind_label(field.kind).render(lang),
                custom_kinds.group_label(field.group).render(lang),
            ]
            if field.hidden:
                marks.append(_t("custom_fields.hidden_mark"))
            if field.retired:
                marks.append(_t("custom_fields.retired_mark"))
            item = QListWidgetItem(f"{field.label(lang)}  ({', '.join(marks)})")
            item.setData(Qt.ItemDataRole.UserRole, field.id)
            self.list.addItem(item)
            if current is not None and field.id == current.id:
                self.list.setCurrentItem(item)
        self._update_buttons()

    def current(self) -> custom_kinds.FieldDef | None:
        item = self.list.currentItem() if hasattr(self, "list") else None
        if item is None:
            return None
        field_id = item.data(Qt.ItemDataRole.UserRole)
        return next((f for f in self.fields() if f.id == field_id), None)

    def _update_buttons(self, *_args: object) -> None:
        field = self.current()
        for name in ("edit", "up", "down", "hide", "retire", "delete"):
            self.buttons[name].setEnabled(field is not None)
        self.buttons["undo_delete"].setVisible(self._deleted is not None)
        if field is not None:
            self.buttons["hide"].setText(
                _t("custom_fields.show" if field.hidden else "custom_fields.hide")
            )
            self.buttons["retire"].setText(
                _t("custom_fields.reinstate" if field.retired else "custom_fields.retire")
            )

    def _run(self, work) -> None:
        try:
            work()
        except UserError as exc:
            QMessageBox.warning(self, _t("custom_fields.dialog_title"), exc.message)
        self.refresh()

    def new_field(self) -> None:
        form = FieldForm(self.actor, self.entity, None, self)
        if form.exec() == QDialog.DialogCode.Accepted:
            self.refresh()

    def edit_field(self) -> None:
        field = self.current()
        if field is None:
            return
        form = FieldForm(self.actor, self.entity, field, self)
        if form.exec() == QDialog.DialogCode.Accepted:
            self.refresh()

    def move(self, step: int) -> None:
        """Move the current field up or down: the card's and the list's order."""
        field = self.current()
        ids = [f.id for f in self.fields()]
        if field is None:
            return
        i = ids.index(field.id)
        j = i + step
        if not 0 <= j < len(ids):
            return
        ids[i], ids[j] = ids[j], ids[i]
        self._run(lambda: custom_defs.reorder_fields(self.actor, ids))

    def toggle_hidden(self) -> None:
        field = self.current()
        if field is not None:
            self._run(
                lambda: custom_defs.update_field(self.actor, field.id, hidden=not field.hidden)
            )

    def toggle_retired(self) -> None:
        field = self.current()
        if field is not None:
            self._run(
                lambda: custom_defs.update_field(self.actor, field.id, retired=not field.retired)
            )

    def delete_field(self, *, confirm: bool = True) -> None:
        """Delete after a question naming how many cards hold a value; Undo brings it back."""
        field = self.current()
        if field is None:
            return
        if confirm:
            answer = QMessageBox.question(
                self,
                _t("custom_fields.dialog_title"),
                custom_defs.delete_question(field.id).render(ui_language()),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        self._run(lambda: custom_defs.delete_field(self.actor, field.id))
        self._deleted = field.id
        self.status.setText(_t("custom_fields.deleted", label=field.text))
        self._update_buttons()

    def undo_delete(self) -> None:
        if self._deleted is None:
            return
        deleted, self._deleted = self._deleted, None
        self.status.clear()
        self._run(lambda: custom_defs.restore_field(self.actor, deleted))


def field_from_column(
    actor: Actor, header: str, values: list[object], parent: QWidget | None = None
) -> custom_kinds.FieldDef | None:
    """The form for a new field named after an import column, its kind (and options)
    guessed from the column's values; the defined field, or None when cancelled."""
    kind, options = custom_guess.suggest_kind(values)
    form = FieldForm(actor, "customer", None, parent, preset=(header, kind, options))
    if form.exec() != QDialog.DialogCode.Accepted:
        return None
    return form.result_field
