"""Input widgets made from the field catalogue, one class per kind of field.

Each editor hands the service the raw text or code the user chose (the service
validates), knows whether it differs from what was loaded (dirty tracking that turns
clean again when a change is reverted), and shows a service's message at itself.
"""

from __future__ import annotations

import os
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QDate, QLocale, QRegularExpression, Qt, Signal
from PySide6.QtGui import QColor, QPalette, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QCalendarWidget,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
    QWidgetAction,
)

from crm_desktop.i18n import ENV_LANG, current_language
from crm_desktop.messages import Message, Renderable, render_value
from crm_desktop.services.fields import CHOICES, FieldSpec
from crm_desktop.services.validation import parse_date, parse_decimal, parse_money

ERROR_STYLE = "border: 1px solid #c62828; border-radius: 3px; background: #fff6f6;"
UNITS = {
    "registered_capital": ("元", "CNY"),
    "annual_turnover": ("元", "CNY"),
    "assets": ("元", "CNY"),
    "credit_limit": ("元", "CNY"),
    "warehouse_area": ("平方米", "m²"),
    "collection_days": ("天", "days"),
}


_language: tuple[str | None, str] | None = None


def ui_language() -> str:
    """current_language(), remembered while CRM_DESKTOP_LANG stays the same.

    Reading the settings file for each of a card's hundred labels cost more than
    the rest of opening it; switching the language sets the variable and so renews this.
    """
    global _language
    env = os.environ.get(ENV_LANG)
    if _language is None or _language[0] != env:
        _language = (env, current_language())
    return _language[1]


def lang_is_zh() -> bool:
    return ui_language().startswith("zh")


def format_decimal(value: Decimal | int | None, places: int = 2) -> str:
    """Grouped digits with the UI locale's separators: 1,234,567.50."""
    if value is None:
        return ""
    locale = QLocale()
    text = format(Decimal(value), f",.{places}f")
    group, point = locale.groupSeparator(), locale.decimalPoint()
    return text.replace(",", "\0").replace(".", point).replace("\0", group)


def message_text(message: str | Renderable) -> str:
    """A whole message (label and problem) in the UI's language."""
    return message.render(ui_language()) if isinstance(message, Renderable) else message


def field_message(message: str | Renderable) -> str:
    """A service's message as shown at its field: the problem without the field's label
    (the field is right there), rendered in the UI's language."""
    lang = ui_language()
    if isinstance(message, Message) and message.code == "validation.field":
        problem = message.params.get("problem")
        if isinstance(problem, Message) and problem.code == "validation.required":
            problem = Message("validation.required_at_field")
        if problem is not None:
            return render_value(problem, lang)
    if isinstance(message, Renderable):
        return message.render(lang)
    return message


class FieldEditor(QWidget):
    """One field: its input and, under it, the place where a wrong value is explained.

    Signals: changed() whenever the user edits the value.
    """

    changed = Signal()

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self._initial: Any = None
        self._loading = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.input_row = QHBoxLayout()
        self.input_row.setContentsMargins(0, 0, 0, 0)
        self.input_row.setSpacing(4)
        layout.addLayout(self.input_row)
        self._layout = layout
        self.error_label: QLabel | None = None  # made when there is an error to show
        layout.addStretch(1)  # a taller neighbour in the row must not pull the input down
        self.input = self._make_input()
        self.input.setObjectName(f"field_{spec.name}")
        self.input.setAccessibleName(spec.label(ui_language()))
        self.input_row.addWidget(self.input, 1)
        unit = UNITS.get(spec.name)
        if unit:
            zh = lang_is_zh()
            self.unit_label = QLabel(unit[0] if zh else unit[1], self)
            metrics = self.unit_label.fontMetrics()
            # one width for every unit, so number fields of a column end at the same place
            widest = max(metrics.horizontalAdvance(u[0] if zh else u[1]) for u in UNITS.values())
            self.unit_label.setFixedWidth(widest + 2)
            self.input_row.addWidget(self.unit_label)
        self.read_only = False

    # -- to be provided per kind
    def _make_input(self) -> QWidget:
        raise NotImplementedError

    def value(self) -> Any:
        """What the service receives: text as typed, a choice code, a user id."""
        raise NotImplementedError

    def _show(self, value: Any) -> None:
        raise NotImplementedError

    def comparable(self) -> Any:
        """The value in a form where an unchanged field equals what was loaded."""
        return self.value()

    # -- shared behaviour
    def set_value(self, value: Any) -> None:
        """Show a loaded value; it becomes the clean state."""
        self._loading = True
        try:
            self._show(value)
        finally:
            self._loading = False
        self._initial = self.comparable()
        self.set_error(None)

    def is_dirty(self) -> bool:
        return self.comparable() != self._initial

    def mark_clean(self) -> None:
        self._initial = self.comparable()

    def _emit_changed(self, *_args: object) -> None:
        if self._loading:
            return
        if self.error():
            self.set_error(None)
        self.changed.emit()

    def _make_error_label(self) -> QLabel:
        label = QLabel(self)
        label.setObjectName("fieldError")
        palette = label.palette()
        palette.setColor(QPalette.ColorRole.WindowText, QColor("#c62828"))
        label.setPalette(palette)
        label.setWordWrap(True)
        self._layout.insertWidget(1, label)
        return label

    def set_error(self, message: str | Renderable | None) -> None:
        """Show a service's message at the field (None clears it)."""
        if message:
            if self.error_label is None:
                self.error_label = self._make_error_label()
            self.error_label.setText(field_message(message))
            self.error_label.show()
            self.input.setStyleSheet(ERROR_STYLE)
            self.input.setToolTip(message_text(message))
        elif self.error():
            assert self.error_label is not None
            self.error_label.clear()
            self.error_label.hide()
            self.input.setStyleSheet("")
            self.input.setToolTip("")

    def error(self) -> str:
        """The message shown at the field ('' when none)."""
        if self.error_label is None or self.error_label.isHidden():
            return ""
        return self.error_label.text()

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        self.input.setEnabled(not read_only)

    def focus_input(self) -> None:
        self.input.setFocus(Qt.FocusReason.OtherFocusReason)


class TextEditor(FieldEditor):
    def _make_input(self) -> QWidget:
        edit = QLineEdit(self)
        edit.textChanged.connect(self._emit_changed)
        return edit

    def value(self) -> str:
        return self.input.text().strip()

    def _show(self, value: Any) -> None:
        self.input.setText("" if value is None else str(value))

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        self.input.setReadOnly(read_only)


class LongEditor(FieldEditor):
    """Several lines of prose: about three lines tall, grows with the window."""

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None, lines: int = 3) -> None:
        self._lines = lines
        super().__init__(spec, parent)

    def _make_input(self) -> QWidget:
        edit = QPlainTextEdit(self)
        edit.setTabChangesFocus(True)
        height = edit.fontMetrics().lineSpacing() * self._lines + 12
        edit.setFixedHeight(height)
        edit.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        edit.textChanged.connect(self._emit_changed)
        return edit

    def grow(self) -> None:
        """Take the height the form leaves free (at least its lines): a box of its own,
        such as the card's 备注, not three lines above empty space."""
        # the fixed height stays the minimum; no maximum (QWIDGETSIZE_MAX)
        self.input.setMaximumHeight(16_777_215)
        self.input.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        for i in range(self._layout.count()):
            item = self._layout.itemAt(i)
            if item.layout() is self.input_row:
                self._layout.setStretch(i, 1)
            elif item.spacerItem() is not None:
                self._layout.setStretch(i, 0)

    def value(self) -> str:
        return self.input.toPlainText().strip()

    def _show(self, value: Any) -> None:
        self.input.setPlainText("" if value is None else str(value))

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        self.input.setReadOnly(read_only)


class DateEditor(FieldEditor):
    """A date that may be empty: typed in any common form, or picked from a calendar."""

    def _make_input(self) -> QWidget:
        edit = QLineEdit(self)
        edit.setPlaceholderText(self.tr("YYYY-MM-DD"))
        edit.setMaxLength(20)
        edit.textChanged.connect(self._emit_changed)
        edit.editingFinished.connect(self._normalize)
        self.button = QToolButton(self)
        self.button.setText("▾")
        self.button.setToolTip(self.tr("Pick a date"))
        self.button.clicked.connect(self._pop_calendar)
        self.menu: QMenu | None = None
        self.calendar: QCalendarWidget | None = None  # made on first use: it is slow to build
        return edit

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.input_row.addWidget(self.button)

    def _pop_calendar(self) -> None:
        if self.menu is None or self.calendar is None:
            self.menu = QMenu(self.button)
            self.calendar = QCalendarWidget(self.menu)
            self.calendar.setGridVisible(False)
            action = QWidgetAction(self.menu)
            action.setDefaultWidget(self.calendar)
            self.menu.addAction(action)
            self.calendar.clicked.connect(self._pick)
        current = self._parsed()
        if isinstance(current, date):
            self.calendar.setSelectedDate(QDate(current.year, current.month, current.day))
        self.menu.popup(self.button.mapToGlobal(self.button.rect().bottomLeft()))

    def _pick(self, qdate: QDate) -> None:
        self.input.setText(qdate.toString("yyyy-MM-dd"))
        if self.menu is not None:
            self.menu.close()

    def _parsed(self) -> Any:
        text = self.input.text().strip()
        try:
            return parse_date(text)
        except ValueError:
            return text

    def _normalize(self) -> None:
        parsed = self._parsed()
        if isinstance(parsed, date) and parsed.isoformat() != self.input.text():
            self.input.setText(parsed.isoformat())

    def value(self) -> str:
        return self.input.text().strip()

    def comparable(self) -> Any:
        return self._parsed()

    def _show(self, value: Any) -> None:
        if isinstance(value, datetime):
            value = value.date()
        self.input.setText(value.isoformat() if isinstance(value, date) else (value or ""))

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        self.input.setReadOnly(read_only)
        self.button.setEnabled(not read_only)


class NumberEditor(FieldEditor):
    """Money, areas and day counts: grouped by the locale, right-aligned; an amount is read
    by the service's money rule (5万 shows as 50,000.00 once the field is left)."""

    def _make_input(self) -> QWidget:
        edit = QLineEdit(self)
        edit.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if (
            self.spec.kind == "int"
        ):  # amounts are typed freely (5万, ¥1,200): the service reads them
            pattern = QRegularExpression(r"[0-9０-９,，\s]*")
            edit.setValidator(QRegularExpressionValidator(pattern, edit))
        edit.textChanged.connect(self._emit_changed)
        edit.editingFinished.connect(self._normalize)
        return edit

    @property
    def places(self) -> int:
        return 0 if self.spec.kind == "int" else 2

    def _parsed(self) -> Any:
        text = self.input.text().strip()
        try:
            if self.spec.kind == "money":
                return parse_money(text, self.places)
            return parse_decimal(text, self.places)
        except ValueError:
            return text

    def _normalize(self) -> None:
        parsed = self._parsed()
        if isinstance(parsed, Decimal):
            text = format_decimal(parsed, self.places)
            if text != self.input.text():
                self.input.setText(text)

    def value(self) -> str:
        return self.input.text().strip()

    def comparable(self) -> Any:
        return self._parsed()

    def _show(self, value: Any) -> None:
        if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
            self.input.setText(format_decimal(value, self.places))
        else:
            self.input.setText("" if value is None else str(value))

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        self.input.setReadOnly(read_only)


class ChoiceEditor(FieldEditor):
    """An enumeration: labels from the catalogue, an empty first entry, codes as data."""

    def __init__(
        self,
        spec: FieldSpec,
        parent: QWidget | None = None,
        options: dict[str, tuple[str, str]] | None = None,
    ) -> None:
        self._options = options if options is not None else CHOICES[spec.choices or ""]
        super().__init__(spec, parent)

    def _make_input(self) -> QWidget:
        combo = QComboBox(self)
        combo.addItem("", None)
        zh = lang_is_zh()
        for code, (label_zh, label_en) in self._options.items():
            combo.addItem(label_zh if zh else label_en, code)
        combo.currentIndexChanged.connect(self._emit_changed)
        return combo

    def value(self) -> Any:
        return self.input.currentData()

    def _show(self, value: Any) -> None:
        index = self.input.findData(value) if value not in (None, "") else 0
        if index < 0:  # a code the catalogue does not know: show it rather than lose it
            self.input.addItem(str(value), value)
            index = self.input.count() - 1
        self.input.setCurrentIndex(index)


class UserEditor(ChoiceEditor):
    """The salesperson in charge (专人负责): a user of the team, or nobody."""

    def __init__(
        self, spec: FieldSpec, users: list[tuple[int, str]], parent: QWidget | None = None
    ) -> None:
        self._users = users
        super().__init__(spec, parent, options={})

    def _make_input(self) -> QWidget:
        combo = QComboBox(self)
        combo.addItem("", None)
        for user_id, name in self._users:
            combo.addItem(name, user_id)
        combo.currentIndexChanged.connect(self._emit_changed)
        return combo


class BoolEditor(FieldEditor):
    def _make_input(self) -> QWidget:
        box = QCheckBox(self.spec.label(ui_language()), self)
        box.toggled.connect(self._emit_changed)
        return box

    def value(self) -> bool:
        return self.input.isChecked()

    def _show(self, value: Any) -> None:
        self.input.setChecked(bool(value))


def make_editor(
    spec: FieldSpec, parent: QWidget | None = None, users: list[tuple[int, str]] | None = None
) -> FieldEditor:
    """The editor for a catalogue field, chosen by its kind."""
    kind = spec.kind
    if kind == "long":
        return LongEditor(spec, parent)
    if kind == "date":
        return DateEditor(spec, parent)
    if kind in ("money", "decimal", "int"):
        return NumberEditor(spec, parent)
    if kind == "choice":
        return ChoiceEditor(spec, parent)
    if kind == "user":
        return UserEditor(spec, users or [], parent)
    if kind == "bool":
        return BoolEditor(spec, parent)
    return TextEditor(spec, parent)


def align_label_columns(grids: list[FormGrid]) -> None:
    """Give the label columns of several grids on one page the same width, so fields line up."""
    width = 0
    for grid in grids:
        for row in range(grid.rowCount()):
            for col in range(0, grid.columnCount(), 2):
                item = grid.itemAtPosition(row, col)
                if item is not None and isinstance(item.widget(), QLabel):
                    width = max(width, item.widget().sizeHint().width())
    for grid in grids:
        for col in range(grid.columns):
            grid.setColumnMinimumWidth(col * 2, width)


class FormGrid(QGridLayout):
    """A two-column form: label, field, label, field; wide fields span both columns."""

    def __init__(self, parent: QWidget | None = None, columns: int = 2) -> None:
        super().__init__(parent)
        self.columns = columns
        self.setHorizontalSpacing(10)
        self.setVerticalSpacing(8)
        for col in range(columns):
            self.setColumnStretch(col * 2 + 1, 1)
            self.setColumnMinimumWidth(col * 2 + 1, 160)
        self.row = 0

    def add(
        self, row: int, col: int, editor: FieldEditor, span: int = 1, label: str | None = None
    ) -> None:
        spec = editor.spec
        if isinstance(editor, BoolEditor):
            self.addWidget(editor, row, col * 2 + 1, 1, span * 2 - 1)
            return
        text = label if label is not None else spec.label(ui_language())
        caption = QLabel(text + (" *" if spec.required else ""))
        caption.setBuddy(editor.input)
        caption.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        caption.setContentsMargins(0, 5, 0, 0)
        caption.setWordWrap(len(text) > 24)
        self.addWidget(caption, row, col * 2)
        self.addWidget(editor, row, col * 2 + 1, 1, span * 2 - 1)
