"""Bad files: each gets one plain message (or a per-row reason) and the database stays as it was."""

from __future__ import annotations

import time
import tracemalloc

import pytest
from import_samples import (
    DATA,
    write_csv,
    write_truncated,
    write_xlsx,
    write_xml_bomb,
    write_zip_bomb,
)

from crm_desktop.models import AuditEvent, ChangeLog, Customer, ImportBatch, Setting
from crm_desktop.services import importing
from crm_desktop.services.importing.mapping import unmapped_message
from crm_desktop.services.importing.read import ImportFileError


def _snapshot() -> tuple[int, ...]:
    return tuple(
        m.select().count() for m in (Customer, ChangeLog, ImportBatch, AuditEvent, Setting)
    )


def _refused(actor, path, match: str) -> str:
    before = _snapshot()
    with pytest.raises(ImportFileError, match=match) as info:
        importing.run_import(actor, importing.open_source(actor, path))
    assert _snapshot() == before
    message = info.value.message
    assert "Traceback" not in message and "\n" not in message
    return message


def test_not_a_spreadsheet(admin, tmp_path):
    path = tmp_path / "report.xlsx"
    path.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n" + bytes(range(256)) * 4)
    _refused(admin, path, "not a spreadsheet")


def test_binary_junk_with_a_csv_name(admin, tmp_path):
    path = tmp_path / "list.csv"
    path.write_bytes(bytes(range(256)) * 20)
    _refused(admin, path, "not a spreadsheet")


def test_zip_that_is_not_a_workbook(admin, tmp_path):
    import zipfile

    path = tmp_path / "photos.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("a.txt", "hello")
    _refused(admin, path, "not an Excel or OpenDocument workbook")


def test_truncated_xlsx(admin, tmp_path):
    _refused(admin, write_truncated(tmp_path / "cut.xlsx"), "damaged or incomplete")


def test_password_protected_xlsx(admin):
    _refused(admin, DATA / "import_password.xlsx", "protected by a password")


def test_empty_file(admin, tmp_path):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    _refused(admin, path, "empty")


def test_empty_sheet(admin, tmp_path):
    import openpyxl

    path = tmp_path / "empty.xlsx"
    openpyxl.Workbook().save(path)
    _refused(admin, path, "is empty")


def test_headers_only(admin, tmp_path):
    _refused(admin, write_xlsx(tmp_path / "h.xlsx", rows=[]), "headers but no customer rows")


def test_no_name_column(admin, tmp_path):
    path = write_xlsx(tmp_path / "n.xlsx", [["x", "y"]], ["颜色", "尺寸"])
    _refused(admin, path, "No column .* holds the customer name")


def test_unknown_sheet_lists_the_sheets(admin, tmp_path):
    path = write_xlsx(tmp_path / "s.xlsx")
    with pytest.raises(ImportFileError, match="no sheet named 'Sheet9'; its sheets are: 客户"):
        importing.open_source(admin, path, "Sheet9")


def test_xml_bomb_is_refused_quickly(admin, tmp_path):
    path = write_xml_bomb(tmp_path / "lol.xlsx")
    start = time.perf_counter()
    message = _refused(admin, path, "DTD or entities")
    assert time.perf_counter() - start < 2
    assert "xl/worksheets/sheet1.xml" in message


def test_zip_bomb_is_refused_quickly_with_bounded_memory(admin, tmp_path):
    path = write_zip_bomb(tmp_path / "bomb.xlsx", megabytes=300)
    assert path.stat().st_size < 2_000_000
    tracemalloc.start()
    start = time.perf_counter()
    try:
        _refused(admin, path, "zip bomb")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert time.perf_counter() - start < 2
    assert peak < 20_000_000


def test_cells_over_ten_thousand_characters_are_rejected_by_row(admin, tmp_path):
    rows = [["好客户", "短备注"], ["长名字" * 4000, ""], ["长备注客户", "注" * 10_001]]
    result = importing.run_import(
        admin,
        importing.open_source(admin, write_xlsx(tmp_path / "l.xlsx", rows, ["客户名称", "备注"])),
    )
    assert (result.created, result.rejected) == (1, 2)
    reasons = {r.row_number: r.reason for r in result.rejections}
    assert "12000 characters long; at most 200 fit" in reasons[3]
    assert "10001 characters long; at most 10000 fit" in reasons[4]
    assert len(reasons[3]) < 200  # the message does not repeat the value


def test_control_characters_are_removed(admin, tmp_path):
    rows = [["控制\x01字符\x07公司", "第一行\x0b\n第二行\x1f"]]
    path = write_csv(tmp_path / "c.csv", rows, ["客户名称", "备注"])
    result = importing.run_import(admin, importing.open_source(admin, path))
    assert result.created == 1
    card = Customer.get()
    assert card.name == "控制字符公司" and card.remarks == "第一行\n第二行"


def test_a_thousand_columns(admin, tmp_path, monkeypatch):
    headers = ["客户名称"] + [f"列{i}" for i in range(999)]
    rows = [[f"公司{r}"] + [r * i for i in range(999)] for r in range(3)]
    path = write_xlsx(tmp_path / "wide.xlsx", rows, headers)
    result = importing.run_import(admin, importing.open_source(admin, path))
    assert result.created == 3
    assert any("999 column(s) without a field, kept in the remarks: 列0, 列1" in w
               and "列9 and 989 more" in w for w in result.warnings)  # fmt: skip
    monkeypatch.setenv("CRM_DESKTOP_LANG", "zh_CN")  # the last one named, then 等
    line = unmapped_message(importing.open_source(admin, path))
    assert line.endswith("列8、列9等 989 列")


def test_undecodable_csv(admin, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes("客户名称\n".encode() + b"\x81\x30\xff\xfe\xfd\n")
    # not UTF-8; GB18030 decodes almost anything, so the text is read, never a traceback
    before = _snapshot()
    try:
        importing.run_import(admin, importing.open_source(admin, path))
    except ImportFileError as exc:
        assert "\n" not in exc.message
        assert _snapshot() == before


# --- lists as they really arrive: each imports its customers or is refused whole --------


def test_a_far_stray_value_imports_the_customers_only(admin, tmp_path):
    """A sheet with one value at XFD1048576 is read sparsely: its customers go in and
    the stray row (a number under no header, no name) is listed with its row number."""
    from import_samples import write_far_cell

    path = write_far_cell(tmp_path / "far.xlsx", "XFD1048576")
    result = importing.run_import(admin, importing.open_source(admin, path))
    assert result.created == 2 and result.rejected == 1
    assert [n for n, _raw, _reason in result.rejected_rows] == [1_048_576]


def test_a_sheet_too_sparse_to_read_leaves_the_database_unchanged(admin, tmp_path, monkeypatch):
    """A sheet refused as absurd leaves nothing behind."""
    from import_samples import write_far_cell

    from crm_desktop.services.importing import sheet_guard

    monkeypatch.setattr(sheet_guard, "SPARSE_CELLS", 1_000)
    _refused(admin, write_far_cell(tmp_path / "far.xlsx", "XFD100000"), "cannot be read safely")


def test_big5_list_imports_readable_names(admin, tmp_path):
    """A Big5 CSV imports 股份有限公司 as written, never garbled."""
    from import_samples import BIG5_ROWS, write_big5_csv

    # headers as a Taiwanese export writes them in English; the rows in Big5
    path = write_big5_csv(tmp_path / "tw.csv", ["Company", "聯絡人", "電話", "地址"])
    result = importing.run_import(admin, importing.open_source(admin, path))
    assert result.created == 3
    assert {c.name for c in Customer.select()} == {row[0] for row in BIG5_ROWS[1:]}


def test_garbled_text_is_refused_and_nothing_written(admin, tmp_path):
    """Text that is nonsense in every encoding is refused; the database is unchanged."""
    path = tmp_path / "junk.csv"
    path.write_bytes("客户名称\n".encode("utf-16-le")[:0] + bytes(range(0x80, 0x100)) * 40)
    _refused(admin, path, "cannot be read")


def test_ragged_csv_imports_and_keeps_the_extra_cells(admin, tmp_path):
    """Rows longer than the header import; their extra cells are columns without a name,
    not a crash."""
    from import_samples import write_ragged_csv

    source = importing.open_source(admin, write_ragged_csv(tmp_path / "r.csv"))
    assert len(source.headers) == 5 and source.headers[2:] == ["", "", ""]
    result = importing.run_import(admin, source)
    assert result.created == 3 and result.rejected == 0


def test_only_instructions_is_refused_and_nothing_written(admin, tmp_path):
    """A workbook holding only instructions is refused in plain words."""
    from import_samples import write_instructions_first

    path = write_instructions_first(tmp_path / "help.xlsx", with_list=False)
    _refused(admin, path, "holds no customer list")


@pytest.mark.parametrize("name", ["titled_list.xls", "titled_list.ods"])
def test_libreoffice_saved_lists(admin, name):
    """The titled list saved by LibreOffice as .xls and .ods imports its three customers,
    its merged title, notes and totals rows left out."""
    result = importing.run_import(admin, importing.open_source(admin, DATA / "import" / name))
    assert (result.created, result.rejected) == (3, 0)
    assert sorted(n for n, _r in result.skipped_rows) == [5, 8, 10, 11]


def test_wps_saved_list(admin, tmp_path):
    """An .xlsx with WPS Office's marks imports like Excel's."""
    from import_samples import write_wps_style

    path = write_wps_style(tmp_path / "wps.xlsx")
    result = importing.run_import(admin, importing.open_source(admin, path))
    assert (result.created, result.rejected) == (3, 0)
