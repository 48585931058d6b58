"""The Import page under pytest-qt: mapping, preview marks, background import, cancel, undo."""

from __future__ import annotations

import time

import openpyxl
import pytest
from import_samples import write_many, write_merged_people, write_sheet_per_region, write_xlsx
from PySide6.QtCore import Qt

from crm_desktop.models import Customer
from crm_desktop.ui.import_page import (
    AMBIGUOUS_COLOR,
    KEPT_COLOR,
    HistoryModel,
    ImportPage,
    MappingModel,
    PreviewModel,
    ValueMapModel,
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
    assert page.values_model.rowCount() == 1  # 客户分类 'Z'
    qtmodeltester.check(page.mapping_model)
    qtmodeltester.check(page.preview_model)
    qtmodeltester.check(page.history_model)
    qtmodeltester.check(page.values_model)
    for model in (MappingModel(), PreviewModel(), HistoryModel(), ValueMapModel()):
        qtmodeltester.check(model)  # empty ones too


def test_loading_a_file_maps_columns_and_marks_errors(page, tmp_path):
    assert page.load_file(write_xlsx(tmp_path / "a.xlsx"))
    mapping = page.mapping_model
    assert mapping.index(0, 1).data(Qt.ItemDataRole.EditRole) == "name"
    assert mapping.index(6, 2).data() == "×10,000"  # 注册资本（万元）
    assert mapping.index(11, 1).data() == "(kept in the remarks)"
    assert "自定义列" in page.unmapped_label.text()
    preview = page.preview_model
    assert [preview.index(r, 0).data() for r in range(5)] == [
        "New", "New", "Error", "New", "Duplicate",
    ]  # fmt: skip
    date_cell = preview.index(2, 2 + 5)
    assert date_cell.data() == "03/05/2019"
    assert "ambiguous" in date_cell.data(Qt.ItemDataRole.ToolTipRole)
    assert date_cell.data(Qt.ItemDataRole.BackgroundRole).color() == AMBIGUOUS_COLOR
    class_cell = preview.index(3, 2 + 8)  # 'Z': no class, kept in the remarks
    assert class_cell.data(Qt.ItemDataRole.BackgroundRole).color() == KEPT_COLOR
    assert "kept in the remarks" in class_cell.data(Qt.ItemDataRole.ToolTipRole)
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
    assert page.result.created == 3 and page.result.rejected == 1
    assert "Created 3, updated 0, skipped 1, rejected 1." in page.result_label.text()
    assert Customer.select().count() == 3
    assert page.save_rejected_button.isEnabled()
    out = tmp_path / "rejected.xlsx"
    assert page.write_rejected_to(out)
    assert openpyxl.load_workbook(out).active.max_row == 2
    assert page.history_model.rowCount() == 1
    page.history_view.selectRow(0)
    assert page.undo_button.isEnabled()
    undo = page.undo_batch(page.history_model.batches[0].id)
    assert undo is not None and undo.deleted == 3
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


def test_values_no_synonym_reads_are_mapped_once_in_the_wizard(qtbot, page, tmp_path):
    """The wizard lists each unread value of a choice column with its count; choosing a
    choice for it changes the preview, the import uses it and the next list remembers it."""
    from PySide6.QtWidgets import QComboBox

    from crm_desktop.ui.import_page import ValueMapModel

    rows = [["甲公司", "民营"], ["乙公司", "民营"], ["丙公司", "国企"]]
    page.load_file(write_xlsx(tmp_path / "a.xlsx", rows, ["客户名称", "企业性质"]))
    values = page.values_model
    assert isinstance(values, ValueMapModel)
    assert [values.index(0, c).data() for c in range(4)] == [
        "企业性质", "民营", "2", "(kept in the remarks)",
    ]  # fmt: skip
    kept = page.preview_model.index(0, 3)
    assert kept.data(Qt.ItemDataRole.BackgroundRole).color() == KEPT_COLOR
    combo = page.values_view.indexWidget(values.index(0, 3))
    assert isinstance(combo, QComboBox)
    combo.setCurrentIndex(combo.findData("individual"))
    combo.activated.emit(combo.currentIndex())
    assert values.index(0, 3).data() == "Individual business"
    assert page.preview_model.rows[0].values["org_type"] == "individual"
    assert page.preview_model.index(0, 3).data(Qt.ItemDataRole.BackgroundRole) is None
    _run(qtbot, page)
    assert {c.name: c.org_type for c in Customer.select()} == {
        "甲公司": "individual", "乙公司": "individual", "丙公司": "state_owned",
    }  # fmt: skip
    page.load_file(write_xlsx(tmp_path / "b.xlsx", [["丁公司", "民营"]], ["客户名称", "企业性质"]))
    assert page.values_model.index(0, 3).data() == "Individual business"  # remembered


def test_do_not_import_and_keep_in_remarks_are_two_choices(page, tmp_path):
    """A column without a field is kept in the remarks unless set to Do not import, or the
    keeping is switched off for the whole list."""
    page.load_file(write_xlsx(tmp_path / "a.xlsx", [["甲公司", "1"]], ["客户名称", "QQ"]))
    mapping = page.mapping_model
    assert mapping.index(1, 1).data() == "(kept in the remarks)"
    assert page.preview_model.rows[0].values["remarks"] == "QQ: 1"
    assert mapping.setData(mapping.index(1, 1), "ignore")
    assert mapping.index(1, 1).data() == "Do not import"
    assert "remarks" not in page.preview_model.rows[0].values
    assert mapping.setData(mapping.index(1, 1), "")
    page.keep_unmapped_check.setChecked(False)
    assert mapping.index(1, 1).data() == "(not imported)"
    assert "remarks" not in page.preview_model.rows[0].values


def test_a_column_headed_like_a_custom_field_says_it_fills_it(page, admin, tmp_path):
    """A column named like a custom field shows that field as where it goes, is not among
    the columns kept in the remarks, and its value the field cannot take is marked kept."""
    from crm_desktop.services.custom_fields import definitions as custom_defs

    custom_defs.define_field(admin, "首次拜访", "First visit", kind="date")
    rows = [["甲公司", "2024-03-01", "x"], ["乙公司", "下个月", "y"]]
    headers = ["客户名称", "首次拜访", "区域经理"]
    assert page.load_file(write_xlsx(tmp_path / "c.xlsx", rows, headers))
    assert page.mapping_model.index(1, 1).data() == "(custom field: First visit)"
    assert page.mapping_model.index(2, 1).data() == "(kept in the remarks)"
    assert "区域经理" in page.unmapped_label.text()
    assert "首次拜访" not in page.unmapped_label.text()
    kept = page.preview_model.index(1, 3).data(Qt.ItemDataRole.BackgroundRole)
    assert kept is not None and kept.color() == KEPT_COLOR


def test_a_list_per_sheet_is_read_from_the_first_and_names_the_others(qtbot, page, tmp_path):
    """A workbook with a 汇总 first and a sheet per region: the wizard opens the first
    region's list, names the other regions' sheets, still names them after the import,
    and the sheet box brings the next one."""
    path = write_sheet_per_region(tmp_path / "各区客户.xlsx")
    assert page.load_file(path)
    assert page.sheet_combo.currentText() == "华东区"
    said = page.result_label.text()
    assert "passed over '汇总': no column of customer names" in said
    assert "'华南区', '华北区' also hold customer lists" in said
    _run(qtbot, page)
    assert Customer.select().count() == 3
    assert "'华南区', '华北区'" in page.result_label.text()
    page.sheet_combo.setCurrentText("华南区")
    page.sheet_combo.activated.emit(page.sheet_combo.currentIndex())
    assert page.source is not None and page.source.sheet == "华南区"
    assert "'华东区', '华北区'" in page.result_label.text()
    _run(qtbot, page)
    assert Customer.select().count() == 5


def test_people_under_a_merged_name_show_as_contacts_in_the_preview(qtbot, page, tmp_path):
    """The rows of a customer's other people are 'Contact', not errors, with whose they
    are in the tooltip; the import files them and says so."""
    assert page.load_file(write_merged_people(tmp_path / "联系人.xlsx"))
    preview = page.preview_model
    assert [preview.index(r, 0).data() for r in range(3)] == ["New", "Contact", "Contact"]
    tip = preview.index(1, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert tip == "another person of the customer of row 3: 李四"
    assert preview.index(1, 3).data(Qt.ItemDataRole.BackgroundRole) is None  # no error mark
    assert page.preview_label.text().endswith(
        " 3 row(s) are more people of a customer, filed under it."
    )
    _run(qtbot, page)
    assert Customer.select().count() == 3
    assert "filed as contacts of the customer above (rows 4, 5, 8)" in page.result_label.text()


def test_a_visit_logs_later_visits_show_as_follow_ups_not_duplicates(qtbot, page, tmp_path):
    """A customer's second visit in a 拜访记录表 is 'Follow-up' in the preview, not a
    duplicate to be skipped; the import files it under the customer."""
    from datetime import date

    from crm_desktop.models import FollowUp

    rows = [
        [date(2024, 5, 6), "杭州华夏科技有限公司", "上门拜访", "介绍新产品"],
        [date(2024, 5, 10), "杭州华夏科技有限公司", "微信", "已发报价单"],
    ]
    path = write_xlsx(tmp_path / "拜访.xlsx", rows, ["日期", "客户名称", "拜访方式", "拜访内容"])
    assert page.load_file(path)
    preview = page.preview_model
    assert [preview.index(r, 0).data() for r in range(2)] == ["New", "Follow-up"]
    tip = preview.index(1, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert (
        tip == "same name as row 2 of this file; this row's follow-up is filed under that customer"
    )
    assert preview.index(1, 3).data(Qt.ItemDataRole.BackgroundRole) is None
    assert "0 duplicate(s)" in page.preview_label.text()
    assert page.preview_label.text().endswith(
        " 1 row(s) are another follow-up of a customer listed above or already there, filed "
        "under it."
    )
    _run(qtbot, page)
    assert Customer.select().count() == 1 and FollowUp.select().count() == 2


def test_a_sheet_of_people_is_named_and_filed_with_the_list(qtbot, page, admin, tmp_path):
    """An export with its Contacts sheet: the page says the sheet's people will be filed
    under their customers, and after the import says how many were."""
    from crm_desktop.jobs.export import export_customers
    from crm_desktop.models import Contact
    from crm_desktop.services import importing

    path = write_merged_people(tmp_path / "联系人.xlsx")
    importing.run_import(admin, importing.open_source(admin, path))
    out = export_customers(admin, tmp_path / "out.xlsx").path
    Contact.delete().execute()
    Customer.delete().execute()
    assert page.load_file(out)
    assert "Sheet 'Contacts': people, whom the import files under their customers" in (
        page.result_label.text()
    )
    _run(qtbot, page)
    assert "Sheet 'Contacts': 6 people filed under their customers" in page.result_label.text()
    assert Contact.select().count() == 6


def test_the_file_dialog_offers_wps_workbooks():
    from crm_desktop.ui.import_page import FILE_FILTER

    assert "*.et" in FILE_FILTER.split(";;")[0]


def test_a_note_written_into_a_name_counts_as_kept_not_as_lost_digits(qtbot, page, tmp_path):
    """深圳市华强电子有限公司（老客户）: the name cell is marked, the note counted with the
    values kept in the remarks, and no number is said to have lost digits."""
    path = write_xlsx(
        tmp_path / "notes.xlsx",
        [["深圳市华强电子有限公司（老客户）", "13800138000"], ["杭州华夏科技有限公司", ""]],
        headers=["客户名称", "手机"],
    )
    assert page.load_file(path)
    name = page.preview_model.index(0, 2)
    assert name.data(Qt.ItemDataRole.BackgroundRole) is not None
    assert "a note written into the name" in name.data(Qt.ItemDataRole.ToolTipRole)
    text = page.preview_label.text()
    assert "1 value(s) kept in the remarks" in text and "lost digits" not in text


def test_numbers_excel_lost_digits_of_are_marked_apart_from_kept_values(qtbot, page, tmp_path):
    """A CSV with 1.38001E+10 in its 手机 column: the cell is marked and its tooltip says
    why; the count says numbers lost digits, not that values went to the remarks."""
    import csv

    path = tmp_path / "excel.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows(
            [
                ["客户名称", "手机", "企业性质"],
                ["甲公司", "1.38001E+10", "民营"],
                ["乙公司", "13900139000", ""],
            ]
        )
    assert page.load_file(path)
    preview = page.preview_model
    tip = preview.index(0, 3).data(Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith("row 2, 手机 '1.38001E+10': this is Excel's scientific notation")
    assert preview.index(0, 3).data(Qt.ItemDataRole.BackgroundRole) is not None
    assert preview.index(1, 3).data(Qt.ItemDataRole.BackgroundRole) is None
    text = page.preview_label.text()
    assert "1 value(s) kept in the remarks" in text  # 民营, not the phone
    assert text.endswith(" 1 number(s) lost digits in Excel (see the marked cells).")
    _run(qtbot, page)
    assert Customer.get(Customer.name == "甲公司").contact_phone == "1.38001E+10"


def test_the_result_lists_each_skipped_and_rejected_row_with_why(
    qtbot, page, tmp_path, monkeypatch
):
    """After the import the page lists, under its counts, the rows it skipped (a 合计 row,
    a customer already there) and the rows it did not import, each with why, in Chinese
    in the Chinese app; loading the next file clears the list."""
    monkeypatch.setenv("CRM_DESKTOP_LANG", "zh_CN")
    rows = [
        ["杭州华夏科技有限公司", "13800138000", "A"],
        ["", "13900139000", "B"],  # no name
        ["杭州华夏科技有限公司", "13800138000", "A"],  # the first again
        ["合计", None, None],
    ]
    page.load_file(write_xlsx(tmp_path / "list.xlsx", rows, ["客户名称", "电话", "客户分类"]))
    assert not page.rows_view.isVisible() and not page.rows_view.toPlainText()
    _run(qtbot, page)
    assert (page.result.created, page.result.skipped, page.result.rejected) == (1, 2, 1)
    lines = page.rows_view.toPlainText().splitlines()
    print(lines)
    assert lines[0] == "第4行跳过：与第2行同名（杭州华夏科技有限公司）" or lines[0].startswith(
        "第4行跳过："
    )
    assert lines[1] == "第5行跳过：合计行（合计），不是客户"
    assert lines[2].startswith("第3行：") and "客户名称" in lines[2]
    assert not page.rows_view.isHidden()
    page.load_file(write_xlsx(tmp_path / "next.xlsx", rows[:1], ["客户名称", "电话", "客户分类"]))
    assert page.rows_view.isHidden() and not page.rows_view.toPlainText()


def _wheel_over(widget, steps: int = -3):
    """Turn the mouse wheel `steps` notches (negative: towards the user) over `widget`'s
    middle; as Qt does with the mouse's events, an ignored one goes on to the parent.
    The widget that took it (None: no one)."""
    from PySide6.QtCore import QPoint, QPointF
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication

    where = widget.mapToGlobal(widget.rect().center())
    while widget is not None:
        local = QPointF(widget.mapFromGlobal(where))
        event = QWheelEvent(
            local,
            QPointF(where),
            QPoint(0, 0),
            QPoint(0, 120 * steps),
            Qt.MouseButton.NoButton,
            Qt.KeyboardModifier.NoModifier,
            Qt.ScrollPhase.NoScrollPhase,
            False,
        )
        QApplication.sendEvent(widget, event)
        if event.isAccepted():
            return widget
        widget = None if widget.isWindow() else widget.parentWidget()
    return None


def test_the_wheel_over_a_mapping_combo_scrolls_the_table_not_the_choice(qtbot, page, tmp_path):
    """Scrolling the columns with the wheel passes over the 'Imported as' boxes: none
    changes (taking a field from another column); the table scrolls instead. A box the
    user clicked (focused) still takes the wheel."""
    from PySide6.QtWidgets import QComboBox

    assert page.load_file(write_xlsx(tmp_path / "a.xlsx"))
    page.resize(1200, 500)
    page.show()
    qtbot.waitExposed(page)
    before = [c.field for c in page.source.columns]
    bar = page.mapping_view.verticalScrollBar()
    assert bar.maximum() > 0  # more columns than fit: there is something to scroll
    for row in (0, 1, 2):
        combo = page.mapping_view.indexWidget(page.mapping_model.index(row, 1))
        assert isinstance(combo, QComboBox)
        choice = combo.currentIndex()
        _wheel_over(combo)
        assert combo.currentIndex() == choice
        assert combo.focusPolicy() == Qt.FocusPolicy.StrongFocus  # no focus from the wheel
    assert [c.field for c in page.source.columns] == before
    assert bar.value() > 0  # the wheel went to the table
    values = page.values_view.indexWidget(page.values_model.index(0, 3))
    assert isinstance(values, QComboBox)
    choice = values.currentIndex()
    assert _wheel_over(values, 1) is not values
    assert _wheel_over(values, -1) is not values
    assert values.currentIndex() == choice
    combo = page.mapping_view.indexWidget(page.mapping_model.index(11, 1))
    combo.setFocus()
    qtbot.waitUntil(combo.hasFocus)
    choice = combo.currentIndex()
    assert _wheel_over(combo) is combo
    assert combo.currentIndex() != choice


def test_the_value_counts_say_they_are_of_the_first_rows_of_a_long_file(page, tmp_path):
    """A long list is previewed from its head: the values table's count column says the
    counts are of the first rows read, with the file's size in its tooltip; a list read
    whole just says Rows."""
    rows = [[f"客户{n}有限公司", "民营" if n % 3 else "私营"] for n in range(3000)]
    assert page.load_file(write_xlsx(tmp_path / "long.xlsx", rows, ["客户名称", "企业性质"]))
    values = page.values_model
    source = page.source
    read = len(source.data.rows) - source.header_pos - 1  # the rows under the headers read
    assert not source.data.complete and 200 <= read < 3000
    assert sum(int(values.index(r, 2).data()) for r in range(values.rowCount())) == read
    header = values.headerData(2, Qt.Orientation.Horizontal)
    assert header == f"Rows (of the first {read})"
    tip = values.headerData(2, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert f"first {read} rows" in tip and "about 3000 rows" in tip
    assert page.load_file(write_xlsx(tmp_path / "short.xlsx", rows[:5], ["客户名称", "企业性质"]))
    assert page.values_model.headerData(2, Qt.Orientation.Horizontal) == "Rows"
    assert (
        page.values_model.headerData(2, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
        is None
    )


def test_the_value_counts_say_the_first_rows_in_chinese(page, tmp_path, monkeypatch):
    monkeypatch.setenv("CRM_DESKTOP_LANG", "zh_CN")
    rows = [[f"客户{n}有限公司", "民营"] for n in range(3000)]
    assert page.load_file(write_xlsx(tmp_path / "long.xlsx", rows, ["客户名称", "企业性质"]))
    read = len(page.source.data.rows) - page.source.header_pos - 1
    assert page.values_model.headerData(2, Qt.Orientation.Horizontal) == f"行数（前 {read} 行）"


def test_the_field_column_is_wide_enough_for_its_longest_choice(page, tmp_path):
    """The 'Imported as' boxes show their whole choice, the longest one too."""
    assert page.load_file(write_xlsx(tmp_path / "a.xlsx"))
    combo = page.mapping_view.indexWidget(page.mapping_model.index(0, 1))
    longest = max(
        combo.fontMetrics().horizontalAdvance(combo.itemText(i)) for i in range(combo.count())
    )
    assert page.mapping_view.columnWidth(1) > longest
    assert combo.itemData(3, Qt.ItemDataRole.ToolTipRole) == combo.itemText(3)


def test_the_log_after_an_import_leaves_the_mapping_its_rows(qtbot, page, tmp_path):
    """At 1366×768 the column table keeps a few rows when the result's list shows; the
    history's columns are as wide as their values."""
    page.resize(1200, 640)
    page.show()
    qtbot.waitExposed(page)
    page.load_file(write_xlsx(tmp_path / "a.xlsx"))
    _run(qtbot, page)
    qtbot.waitUntil(page.rows_view.isVisible)
    row = page.mapping_view.verticalHeader().defaultSectionSize()
    assert page.mapping_view.height() >= 4 * row
    assert page.values_view.height() >= 2 * row
    assert page.rows_view.height() >= 2 * page.rows_view.fontMetrics().lineSpacing()
    history = page.history_view
    when = history.fontMetrics().horizontalAdvance(page.history_model.index(0, 0).data())
    assert history.columnWidth(0) > when
    assert history.columnWidth(7) < history.columnWidth(1)
