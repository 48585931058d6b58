"""The managers' dialog of custom fields: define, refuse a built-in label, reorder, delete, undo."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialogButtonBox

from crm_desktop.services.custom_fields import definitions as custom_defs
from crm_desktop.ui.custom_fields_dialog import CustomFieldsDialog, FieldForm

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def _accept(form: FieldForm) -> None:
    form.findChild(QDialogButtonBox).accepted.emit()


def test_define_a_choice_field_and_refuse_a_builtin_label(qtbot, admin):
    """The form defines a field with options; a label the card already has is refused
    at the form, which stays open."""
    form = FieldForm(admin, "customer", None)
    qtbot.addWidget(form)
    form.zh.setText("电话")
    _accept(form)
    assert form.result_field is None and "电话" in form.error.text()
    form.zh.setText("合作层级")
    form.en.setText("Tier")
    form.kind.setCurrentIndex(form.kind.findData("choice"))
    form.choices.setPlainText("核心\n一般")
    _accept(form)
    field = form.result_field
    assert field is not None and [c.zh for c in field.choices] == ["核心", "一般"]

    edit = FieldForm(admin, "customer", field)
    qtbot.addWidget(edit)
    assert not edit.kind.isEnabled()
    edit.choices.setPlainText("核心\n#一般\n战略")
    _accept(edit)
    choices = custom_defs.get_field(field.id).choices
    assert [(c.zh, c.retired) for c in choices] == [
        ("核心", False),
        ("一般", True),
        ("战略", False),
    ]
    assert choices[0].code == field.choices[0].code  # values keep their option


def test_reorder_delete_and_undo(qtbot, admin):
    """Moving down changes the order; delete hides the field and Undo brings it back."""
    a = custom_defs.define_field(admin, "字段甲", "Field A")
    custom_defs.define_field(admin, "字段乙", "Field B")
    dialog = CustomFieldsDialog(admin)
    qtbot.addWidget(dialog)
    assert dialog.list.count() == 2
    dialog.list.setCurrentRow(0)
    dialog.move(1)
    assert [f.id for f in custom_defs.list_fields()][1] == a.id
    dialog.list.setCurrentRow(1)
    dialog.delete_field(confirm=False)
    assert [f.id for f in custom_defs.list_fields()] != [] and a.id not in [
        f.id for f in custom_defs.list_fields()
    ]
    assert dialog.buttons["undo_delete"].isVisibleTo(dialog)
    dialog.undo_delete()
    assert a.id in [f.id for f in custom_defs.list_fields()]
