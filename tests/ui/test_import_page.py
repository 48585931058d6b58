"""The Import page under pytest-qt: mapping, preview marks, background import, cancel, undo."""

from __future__ import annotations

import time

import openpyxl
import pytest
from import_samples import write_many, write_xlsx
from PySide6.QtCore import Qt

from crm_desktop.models import Customer
from crm_desktop.ui.import_page import (
    AMBIGUOUS_COLOR,
    ERROR_COLOR,
    HistoryModel,
    ImportPage,
    MappingModel,
    PreviewModel,
)


@pytest.fixture
def page(qtbot, admin):
    widget = ImportPage(admin)
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    return widget


def _run(qtbot, page) -> None:
    with qtbot.waitSignal(page.imported, timeout=60_000):
        page.start_import()
    qtbot.waitUntil(lambda: page.operation is None, timeout=10_000)


def test_models_pass_the_model_tester(qtmodeltester, page, tmp_path):
    assert page.load_file(write_xlsx(tmp_path / "a.xlsx"))
    qtmodeltester.check(page.mapping_model)
    qtmodeltester.check(page.preview_model)
    qtmodeltester.check(page.history_model)
    for model in (MappingModel(), PreviewModel(), HistoryModel()):
        qtmodeltester.check(model)  # empty ones too


def test_loading_a_file_maps_columns_and_marks_errors(page, tmp_path):
    assert page.load_file(write_xlsx(tmp_path / "a.xlsx"))
    mapping = page.mapping_model
    assert mapping.index(0, 1).data(Qt.ItemDataRole.EditRole) == "name"
    assert mapping.index(6, 2).data() == "×10,000"  # 注册资本（万元）
    assert mapping.index(11, 1).data() == "(not imported)"
    assert "自定义列" in page.unmapped_label.text()
    preview = page.preview_model
    assert [preview.index(r, 0).data() for r in range(5)] == [
        "New", "New", "Error", "Error", "Duplicate",
    ]  # fmt: skip
    date_cell = preview.index(2, 2 + 5)
    assert date_cell.data() == "03/05/2019"
    assert "ambiguous" in date_cell.data(Qt.ItemDataRole.ToolTipRole)
    assert date_cell.data(Qt.ItemDataRole.BackgroundRole).color() == AMBIGUOUS_COLOR
    class_cell = preview.index(3, 2 + 8)
    assert class_cell.data(Qt.ItemDataRole.BackgroundRole).color() == ERROR_COLOR
    assert "row 2" in preview.index(4, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert preview.index(0, 2 + 3).data() == "13812345678"  # not 13812345678.0
    assert page.import_button.isEnabled()


def test_changing_a_mapping_updates_the_preview(page, tmp_path):
    page.load_file(write_xlsx(tmp_path / "a.xlsx"))
    mapping = page.mapping_model
    assert mapping.setData(mapping.index(8, 1), None)  # 客户分类 not imported
    assert [page.preview_model.index(r, 0).data() for r in range(4)][3] == "New"
    assert mapping.setData(mapping.index(0, 1), "")  # no name column
    assert not page.import_button.isEnabled()
    assert "customer name" in page.preview_label.text()
    assert mapping.setData(mapping.index(0, 1), "name")


def test_bad_file_shows_a_plain_message(page, tmp_path):
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"not a workbook at all")
    assert not page.load_file(junk)
    assert "not a spreadsheet" in page.result_label.text()


def test_import_in_background_then_save_rejected_and_undo(qtbot, page, tmp_path):
    page.load_file(write_xlsx(tmp_path / "a.xlsx"))
    _run(qtbot, page)
    assert page.result.created == 2 and page.result.rejected == 2
    assert "Created 2, updated 0, skipped 1, rejected 2." in page.result_label.text()
    assert Customer.select().count() == 2
    assert page.save_rejected_button.isEnabled()
    out = tmp_path / "rejected.xlsx"
    assert page.write_rejected_to(out)
    assert openpyxl.load_workbook(out).active.max_row == 3
    assert page.history_model.rowCount() == 1
    page.history_view.selectRow(0)
    assert page.undo_button.isEnabled()
    undo = page.undo_batch(page.history_model.batches[0].id)
    assert undo is not None and undo.deleted == 2
    assert Customer.select().where(Customer.deleted_at.is_null()).count() == 0
    assert page.history_model.index(0, 7).data() != ""
    page.history_view.selectRow(0)
    assert not page.undo_button.isEnabled()


def test_cancel_leaves_the_database_unchanged(qtbot, page, tmp_path):
    page.load_file(write_many(tmp_path / "many.xlsx", 6000))
    page.start_import()
    page.cancel_import()  # seen at the first progress report, inside the transaction
    qtbot.waitUntil(lambda: page.operation is None, timeout=60_000)
    assert "cancelled" in page.result_label.text()
    assert Customer.select().count() == 0
    page.refresh()
    assert page.history_model.rowCount() == 0


def test_blank_template_is_written(page, tmp_path):
    out = tmp_path / "template.xlsx"
    assert page.write_template_to(out)
    headers = [c.value for c in openpyxl.load_workbook(out).active[1]]
    assert headers[0] == "Customer name" and "Registered capital(10k yuan)" in headers


def test_preview_of_a_big_file_is_quick(page, tmp_path):
    path = write_many(tmp_path / "big.xlsx", 20_000)
    start = time.perf_counter()
    assert page.load_file(path)
    assert time.perf_counter() - start < 2
    assert page.preview_model.rowCount() == 200


def test_field_combo_in_the_mapping_table_changes_the_mapping(page, tmp_path):
    from PySide6.QtWidgets import QComboBox

    page.load_file(write_xlsx(tmp_path / "a.xlsx"))
    index = page.mapping_model.index(11, 1)  # 自定义列, not imported
    combo = page.mapping_view.indexWidget(index)
    assert isinstance(combo, QComboBox)
    combo.setCurrentIndex(combo.findData("industry"))
    combo.activated.emit(combo.currentIndex())
    assert page.source.columns[11].field == "industry"
    assert index.data() == "Industry"
    assert "自定义列" not in page.unmapped_label.text()
