"""The import wizard's "new custom field from this column": kind guessed, column then fed."""

from __future__ import annotations

import pytest
from import_samples import write_xlsx
from PySide6.QtWidgets import QDialog

from crm_desktop.models import Customer
from crm_desktop.services.custom_fields import values as custom_values
from crm_desktop.ui.custom_fields_dialog import FieldForm
from crm_desktop.ui.import_page import ImportPage

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def test_new_field_from_an_unmapped_column_is_filled_by_the_import(
    qtbot, admin, tmp_path, monkeypatch
):
    """A column of few repeated values becomes a choice field of them; the import fills it
    and leaves the remarks empty."""
    shown: list[FieldForm] = []

    def accept(form: FieldForm) -> int:
        shown.append(form)
        form.save()
        return QDialog.DialogCode.Accepted if form.result_field else QDialog.DialogCode.Rejected

    monkeypatch.setattr(FieldForm, "exec", accept)
    rows = [[f"公司{i}", "核心" if i % 3 else "一般"] for i in range(9)]
    path = write_xlsx(tmp_path / "l.xlsx", rows, ["客户名称", "合作层级"])
    page = ImportPage(admin)
    qtbot.addWidget(page)
    assert page.load_file(path)
    row = next(i for i, c in enumerate(page.source.columns) if c.header == "合作层级")
    page.mapping_view.setCurrentIndex(page.mapping_model.index(row, 0))
    page.custom_field_from_column()
    field = shown[0].result_field
    assert field.kind == "choice" and [c.zh for c in field.choices] == ["核心", "一般"]

    with qtbot.waitSignal(page.imported, timeout=60_000):
        page.start_import()
    card = Customer.get(Customer.name == "公司1")
    assert card.remarks == ""
    assert custom_values.get_values("customer", card.id)[field.name] == field.choices[0].code
