"""What a custom field is: its definition, its options and how its values read.

A manager's field (`FieldDef`) with its options (`Choice`), the groups it may join, the
kinds' names, and the text a value shows on the card, in the list, in the export, in
the printout and in the ChangeLog.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from crm_desktop.fields import GROUPS, FieldSpec
from crm_desktop.messages import Message, Renderable, Text, msg
from crm_desktop.services import changelog

PREFIX = "custom."  # a custom field's name in a card's values, the ChangeLog and the list
OWN_TAB = "custom"
# the groups a custom field may join: its own tab, or one of the four of the 客户资料卡
CARD_GROUPS = ("card_basic", "characteristics", "business", "transaction")
FIELD_GROUPS = (OWN_TAB, *CARD_GROUPS)
SEARCHED_KINDS = ("text", "choice", "tags")  # whose text the search box finds
LABEL_LIMIT = 40
KEY_LIMIT = 100  # custom_value.key: the indexed, sortable form of a value
YES_WORDS = ("1", "true", "yes", "y", "是", "√", "✓", "有")
NO_WORDS = ("0", "false", "no", "n", "否", "×", "无", "没有")


@dataclass(frozen=True)
class Choice:
    """One option of a choice or tags field; a retired one keeps old values readable."""

    code: str
    zh: str
    en: str = ""
    retired: bool = False

    @property
    def text(self) -> Text:
        return Text(self.zh, self.en or self.zh)


@dataclass(frozen=True)
class FieldDef:
    """A custom field as the front ends see it."""

    id: int
    version: int
    entity: str
    key: str
    zh: str
    en: str
    kind: str
    choices: tuple[Choice, ...]
    required: bool
    group: str
    position: int
    hidden: bool
    retired: bool
    deleted: bool

    @property
    def name(self) -> str:
        """The field's name in a card's values and the ChangeLog: ``custom.<key>``."""
        return PREFIX + self.key

    @property
    def text(self) -> Text:
        return Text(self.zh, self.en or self.zh)

    def label(self, lang: str | None = None) -> str:
        return self.text.render(lang)

    def choice(self, code: str) -> Choice | None:
        return next((c for c in self.choices if c.code == code), None)

    def show(self, value: object, lang: str | None = None) -> str:
        """A value as the card, the list, the export and the printout show it."""
        if value is None or value == "" or value == ():
            return ""
        if self.kind in ("choice", "tags"):
            codes = value if isinstance(value, (tuple, list)) else (value,)
            parts = []
            for code in codes:
                option = self.choice(str(code))
                if option is None:
                    parts.append(str(code))
                elif option.retired:
                    parts.append(
                        msg("custom_fields.retired_choice", label=option.text).render(lang)
                    )
                else:
                    parts.append(option.text.render(lang))
            return ("、" if lang is None or lang.startswith("zh") else ", ").join(parts)
        if self.kind == "bool":
            return msg("custom_fields.yes" if value else "custom_fields.no").render(lang)
        return changelog.as_text(value) or ""


KIND_CODES = {
    "text": "custom_fields.kind_text",
    "long": "custom_fields.kind_long",
    "number": "custom_fields.kind_number",
    "money": "custom_fields.kind_money",
    "date": "custom_fields.kind_date",
    "bool": "custom_fields.kind_bool",
    "choice": "custom_fields.kind_choice",
    "tags": "custom_fields.kind_tags",
}


def kind_label(kind: str) -> Message:
    """文本 / Text: a kind as the user reads it."""
    return msg(KIND_CODES[kind])


def group_label(group: str) -> Renderable:
    if group == OWN_TAB:
        return msg("custom_fields.group_custom")
    zh, en = GROUPS[group]
    return Text(zh, en)


_SPEC_KINDS = {"number": "decimal", "tags": "text"}  # the built-in kind whose widget fits


def field_spec(field: FieldDef) -> FieldSpec:
    """The field as a catalogue entry: the card's widgets and the history read these."""
    return FieldSpec(
        field.name,
        field.zh,
        field.en or field.zh,
        field.group,
        _SPEC_KINDS.get(field.kind, field.kind),
        required=field.required,
    )


def history_text(field: FieldDef, value: Any) -> str | None:
    """A value as the ChangeLog keeps it (choices by their Chinese label); None when empty."""
    if value is None or value == ():
        return None
    if field.kind in ("choice", "tags"):
        return field.show(value, "zh")
    return changelog.as_text(value)
