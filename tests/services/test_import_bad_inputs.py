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
from crm_desktop.services import importer
from crm_desktop.services.import_read import ImportFileError


def _snapshot() -> tuple[int, ...]:
    return tuple(
        m.select().count() for m in (Customer, ChangeLog, ImportBatch, AuditEvent, Setting)
    )


def _refused(actor, path, match: str) -> str:
    before = _snapshot()
    with pytest.raises(ImportFileError, match=match) as info:
        importer.run_import(actor, importer.open_source(actor, path))
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
        importer.open_source(admin, path, "Sheet9")


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
    result = importer.run_import(
        admin,
        importer.open_source(admin, write_xlsx(tmp_path / "l.xlsx", rows, ["客户名称", "备注"])),
    )
    assert (result.created, result.rejected) == (1, 2)
    reasons = {r.row_number: r.reason for r in result.rejections}
    assert "12000 characters long; at most 200 fit" in reasons[3]
    assert "10001 characters long; at most 10000 fit" in reasons[4]
    assert len(reasons[3]) < 200  # the message does not repeat the value


def test_control_characters_are_removed(admin, tmp_path):
    rows = [["控制\x01字符\x07公司", "第一行\x0b\n第二行\x1f"]]
    path = write_csv(tmp_path / "c.csv", rows, ["客户名称", "备注"])
    result = importer.run_import(admin, importer.open_source(admin, path))
    assert result.created == 1
    card = Customer.get()
    assert card.name == "控制字符公司" and card.remarks == "第一行\n第二行"


def test_a_thousand_columns(admin, tmp_path):
    headers = ["客户名称"] + [f"列{i}" for i in range(999)]
    rows = [[f"公司{r}"] + [r * i for i in range(999)] for r in range(3)]
    path = write_xlsx(tmp_path / "wide.xlsx", rows, headers)
    result = importer.run_import(admin, importer.open_source(admin, path))
    assert result.created == 3
    assert any("999 column(s) without a field, kept in the remarks: 列0, 列1" in w
               and "and 989 more" in w for w in result.warnings)  # fmt: skip


def test_undecodable_csv(admin, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes("客户名称\n".encode() + b"\x81\x30\xff\xfe\xfd\n")
    # not UTF-8; GB18030 decodes almost anything, so the text is read, never a traceback
    before = _snapshot()
    try:
        importer.run_import(admin, importer.open_source(admin, path))
    except ImportFileError as exc:
        assert "\n" not in exc.message
        assert _snapshot() == before
