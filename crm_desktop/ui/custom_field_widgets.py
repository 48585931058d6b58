"""The card's widgets for custom fields: the built-in field widgets, fed a custom field."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtWidgets import QWidget

from crm_desktop.messages import msg
from crm_desktop.services.custom_fields import kinds as custom_kinds
from crm_desktop.services.custom_fields.kinds import FieldDef
from crm_desktop.ui.field_widgets import (
    ChoiceEditor,
    FieldEditor,
    FormGrid,
    TextEditor,
    make_editor,
    ui_language,
)


class TagsEditor(TextEditor):
    """Several choices typed as their labels, separated by 、 or commas (线上、展会)."""

    def __init__(self, field: FieldDef, parent: QWidget | None = None) -> None:
        self.field = field
        super().__init__(custom_kinds.field_spec(field), parent)
        options = "、".join(c.text.render(ui_language()) for c in field.choices if not c.retired)
        self.input.setPlaceholderText(options)
        self.input.setToolTip(options)

    def _show(self, value: Any) -> None:
        if isinstance(value, (tuple, list)):
            lang = ui_language()
            labels = []
            for code in value:
                option = self.field.choice(code)
                labels.append(option.text.render(lang) if option else str(code))
            value = "、".join(labels)
        super()._show(value)


def custom_editor(field: FieldDef, parent: QWidget | None = None) -> FieldEditor:
    """The built-in widget of the field's kind; a retired option is listed as retired."""
    spec = custom_kinds.field_spec(field)
    if field.kind == "tags":
        return TagsEditor(field, parent)
    if field.kind == "choice":
        options = {}
        for option in field.choices:
            text = option.text
            if option.retired:
                zh = msg("custom_fields.retired_choice", label=text).render("zh")
                en = msg("custom_fields.retired_choice", label=text).render("en")
                options[option.code] = (zh, en)
            else:
                options[option.code] = (text.zh, text.en)
        return ChoiceEditor(spec, parent, options=options)
    return make_editor(spec, parent)


def add_custom_rows(
    grid: FormGrid, fields: Iterable[FieldDef], parent: QWidget, first_row: int = 0
) -> list[tuple[FieldDef, FieldEditor]]:
    """The fields' widgets in `grid` from `first_row`, two to a row (a long text takes a
    whole row), as the card and the Contacts tab lay them out."""
    made = []
    row, col = first_row, 0
    for field in fields:
        editor = custom_editor(field, parent)
        wide = field.kind == "long"
        if wide and col:
            row, col = row + 1, 0
        grid.add(row, col, editor, span=2 if wide else 1)
        row, col = (row + 1, 0) if wide or col else (row, 1)
        made.append((field, editor))
    return made
