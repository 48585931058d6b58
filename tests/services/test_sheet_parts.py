"""A large worksheet parsed in parts gives the same cells, row numbers and types as one
parse, or it is parsed whole."""

from __future__ import annotations

import io
import re
import tempfile
import zipfile
from datetime import date, datetime
from pathlib import Path
from xml.etree import ElementTree

import openpyxl
import pytest
import python_calamine as pc
import xlsxwriter

from crm_desktop.services.importing import read as import_read
from crm_desktop.services.importing import sheet_parts


@pytest.fixture
def cut_small(monkeypatch, tmp_path):
    """Cut sheets of a few kilobytes, as if this machine had four cores; temporary
    folders in tmp_path, to see that they go."""
    monkeypatch.setattr(sheet_parts, "SPLIT_ABOVE", 2_000)
    monkeypatch.setattr(sheet_parts, "usable_cores", lambda: 4)
    monkeypatch.setattr(sheet_parts, "CHUNK", 997)  # row ends across chunks, too
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    return scratch


def _whole(path: Path, sheet: str) -> list[tuple[int, list]]:
    book = pc.CalamineWorkbook.from_path(str(path))
    return list(sheet_parts.PartedSheet([book.get_sheet_by_name(sheet)]).rows())


def _by_parts(path: Path, sheet: str) -> list[tuple[int, list]]:
    parts = sheet_parts.parse_in_parts(path, sheet)
    assert parts is not None, "the sheet was not cut"
    assert len(parts) == 4
    return list(sheet_parts.PartedSheet(parts).rows())


def _mixed_rows(n: int) -> list[list]:
    rows = []
    for i in range(n):
        rows.append(
            [
                f"客户{i}有限公司",
                i * 1.5,
                date(2000 + i % 20, 1 + i % 12, 1 + i % 28) if i % 3 else None,
                i % 2 == 0,
                "" if i % 5 else f"备注 {i}",
                None if i % 7 else "ＡＢＣ１２３",
            ]
        )
    return rows


@pytest.mark.parametrize("constant_memory", [False, True], ids=["shared-strings", "inline"])
def test_xlsxwriter_sheet_cut_in_four_reads_as_one(cut_small, tmp_path, constant_memory):
    path = tmp_path / "list.xlsx"
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": constant_memory})
    ws = wb.add_worksheet("客户")
    dates = wb.add_format({"num_format": "yyyy-mm-dd"})
    ws.write_row(2, 1, ["客户名称", "金额", "成立日期", "是否", "备注", "代号"])  # from B3
    r = 3
    for i, row in enumerate(_mixed_rows(400)):
        if i in (100, 250):
            r += 4  # blank rows, also where a cut may fall
        for c, value in enumerate(row):
            if isinstance(value, date):
                ws.write_datetime(r, 1 + c, datetime.combine(value, datetime.min.time()), dates)
            elif value is not None:
                ws.write(r, 1 + c, value)
        r += 1
    ws.write_formula(r, 2, "=SUM(C4:C10)", None, 63.0)
    wb.close()
    assert _by_parts(path, "客户") == _whole(path, "客户")
    assert list(cut_small.iterdir()) == []  # the copies are gone


def test_part_starting_further_right_keeps_the_columns_in_place(cut_small, tmp_path):
    """Column A is empty past the first rows: that part's range starts at B, and its
    cells must still land in the columns of the whole sheet."""
    path = tmp_path / "ragged.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("S")
    for r in range(300):
        if r < 20:
            ws.write(r, 0, f"a{r}")
        ws.write_row(r, 1, [f"b{r}", r])
        if r > 250:
            ws.write(r, 5, "far right")
    wb.close()
    rows = _by_parts(path, "S")
    assert rows == _whole(path, "S")
    assert rows[299] == (299, ["", "b299", 299.0, "", "", "far right"])


def test_openpyxl_workbook_with_several_sheets(cut_small, tmp_path):
    """Another writer's XML, and the sheet asked for is not the first."""
    path = tmp_path / "two.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "说明"
    wb.active.append(["这张表不导入"])
    ws = wb.create_sheet("客户")
    ws.append(["客户名称", "金额", "日期"])
    for i in range(300):
        ws.append([f"客户{i}", i, datetime(2020, 1, 1 + i % 28)])
    wb.save(path)
    assert _by_parts(path, "客户") == _whole(path, "客户")


def _rewrite_sheet(src: Path, dst: Path, change) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = change(data)
            zout.writestr(info.filename, data)
    return dst


def _plain(tmp_path: Path, rows: int = 300) -> Path:
    path = tmp_path / "plain.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("S")
    for r in range(rows):
        ws.write_row(r, 0, [f"客户{r}", r, f"备注{r}"])
    wb.close()
    return path


def test_namespace_prefixed_sheet_is_cut_as_well(cut_small, tmp_path):
    def prefixed(xml: bytes) -> bytes:
        xml = re.sub(rb"<(/?)(?!\?)([A-Za-z]+)([ >/])", rb"<\1x:\2\3", xml)
        return xml.replace(b"xmlns=", b"xmlns:x=")

    path = _rewrite_sheet(_plain(tmp_path), tmp_path / "prefixed.xlsx", prefixed)
    assert b"<x:row" in zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml")
    assert _by_parts(path, "S") == _whole(path, "S")


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda xml: re.sub(rb'(<row) r="\d+"', rb"\1", xml), id="rows-unnumbered"),
        pytest.param(
            lambda xml: xml.replace(b"<v>", b"<!-- </row> --><v>", 1), id="comment-in-sheet"
        ),
        pytest.param(
            lambda xml: xml.replace(b"</sheetData>", b"</sheetData><![CDATA[x]]>"), id="cdata"
        ),
    ],
)
def test_sheets_that_cannot_be_cut_safely_are_parsed_whole(cut_small, tmp_path, change):
    path = _rewrite_sheet(_plain(tmp_path), tmp_path / "odd.xlsx", change)
    assert sheet_parts.parse_in_parts(path, "S") is None
    data = import_read.read_file(path)  # and the reader still reads it, whole
    assert len(data.rows) + sum(1 for _ in data.iter_from(len(data.rows))) == 300
    assert list(cut_small.iterdir()) == []


def test_a_comment_across_two_chunks_is_seen(monkeypatch):
    """ "<!" at the end of one inflated chunk and "--" at the start of the next."""
    monkeypatch.setattr(sheet_parts, "CHUNK", 1000)
    head = b'<?xml version="1.0"?><worksheet xmlns="urn:x"><sheetData>'
    rows = b"".join(
        b'<row r="%d"><c r="A%d"><v>%d</v></c></row>' % (i, i, i) for i in range(1, 200)
    )
    at = rows.index(b"</row>", 2500) + len(b"</row>")  # between two rows
    pad = b" " * ((998 - len(head) - at) % 1000)
    xml = head + rows[:at] + pad + b"<!-- </row> -->" + rows[at:] + b"</sheetData></worksheet>"
    assert xml.index(b"<!--") % 1000 == 998
    cutter = sheet_parts._Cutter(io.BytesIO(xml), b"sheetData", b"row", b"worksheet")
    cutter.write_part(io.BytesIO(), len(head) + 1000)
    with pytest.raises(sheet_parts._Unsuitable, match="comment"):
        cutter.write_part(io.BytesIO(), None)


def test_no_cut_with_one_core_or_a_small_sheet(monkeypatch, tmp_path):
    path = _plain(tmp_path)
    monkeypatch.setattr(sheet_parts, "SPLIT_ABOVE", 2_000)
    monkeypatch.setattr(sheet_parts, "usable_cores", lambda: 1)
    assert sheet_parts.parse_in_parts(path, "S") is None
    monkeypatch.setattr(sheet_parts, "usable_cores", lambda: 2)
    assert len(sheet_parts.parse_in_parts(path, "S")) == 2
    monkeypatch.setattr(sheet_parts, "SPLIT_ABOVE", 20_000_000)
    assert sheet_parts.parse_in_parts(path, "S") is None


def test_read_file_streams_the_parts_with_true_row_numbers(cut_small, tmp_path):
    path = tmp_path / "long.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet()
    ws.write_row(1, 1, ["客户名称", "客户分类"])
    r = 2
    for n in range(3000):
        if n == 2200:
            r += 3
        ws.write_row(r, 1, [f"客户{n}", "A"])
        r += 1
    wb.close()
    data = import_read.read_file(path)
    assert data.stream is not None and len(data.stream.sheets) == 4
    numbered = list(zip(data.row_numbers, data.rows, strict=True))
    numbered += list(data.iter_from(len(data.rows)))
    assert len(numbered) == 3001
    assert numbered[0] == (2, ["客户名称", "客户分类"])
    assert numbered[2201] == (2 + 2200 + 1 + 3, ["客户2200", "A"])
    assert numbered[-1] == (3000 + 3 + 2, ["客户2999", "A"])


def _shared_strings_book(path: Path, rows: int, start_row: int = 0) -> Path:
    wb = xlsxwriter.Workbook(str(path))  # shared strings, as Excel saves a workbook
    wb.add_worksheet("说明").write(0, 0, "不导入")
    ws = wb.add_worksheet("客户")
    dates = wb.add_format({"num_format": "yyyy-mm-dd"})
    ws.write_row(start_row, 0, ["客户名称", "客户代号", "成立日期", "金额"])
    for i in range(rows):
        r = start_row + 1 + i
        ws.write_row(r, 0, [f"客户{i}有限公司", f"K{i:05d}"])
        ws.write_datetime(r, 2, datetime(2001, 1 + i % 12, 1 + i % 28), dates)
        ws.write_number(r, 3, i * 10)
    wb.close()
    return path


def test_head_is_calamines_reading_of_the_first_rows(tmp_path):
    path = _shared_strings_book(tmp_path / "big.xlsx", 5_000, start_row=2)
    head = sheet_parts.parse_head(path, "客户", 50)
    assert head is not None and not head.complete
    assert head.names == ["说明", "客户"] == sheet_parts.sheet_names(path)
    assert head.total_rows == 5_003  # from the sheet's dimension: rows 3 to 5003
    whole = _whole(path, "客户")
    assert list(sheet_parts.PartedSheet([head.sheet]).rows()) == whole[:50]


def test_head_of_a_short_sheet_is_the_whole_sheet(tmp_path):
    path = _shared_strings_book(tmp_path / "short.xlsx", 7)
    head = sheet_parts.parse_head(path, "客户", 50)
    assert head is not None and head.complete and head.total_rows is None
    assert list(sheet_parts.PartedSheet([head.sheet]).rows()) == _whole(path, "客户")


def test_shared_strings_are_cut_after_the_last_one_used():
    xml = (
        b'<?xml version="1.0"?><sst xmlns="urn:x" count="9" uniqueCount="4">'
        b"<si><t>a</t></si><si><r><t>b</t></r><r><t>c</t></r></si><si><t>d</t></si>"
        b"<si><t>e</t></si></sst>"
    )
    out = io.BytesIO()
    items, complete = sheet_parts._Cutter(io.BytesIO(xml), b"sst", b"si").write_items(out, 2)
    assert not complete and items.count(b"</si>") == 2
    root = ElementTree.fromstring(out.getvalue())
    assert ["".join(si.itertext()) for si in root] == ["a", "bc"]
    for count in (4, 9):  # all of them, or more than there are
        out = io.BytesIO()
        cutter = sheet_parts._Cutter(io.BytesIO(xml), b"sst", b"si")
        _items, complete = cutter.write_items(out, count)
        assert complete and [
            "".join(si.itertext()) for si in ElementTree.fromstring(out.getvalue())
        ] == ["a", "bc", "d", "e"]


def test_read_file_head_needs_no_openpyxl_and_falls_back_to_it(monkeypatch, tmp_path):
    path = _shared_strings_book(tmp_path / "list.xlsx", 2_000)
    real_openpyxl_head = import_read._read_sparse

    def no_openpyxl(*args):
        raise AssertionError("the head was read with openpyxl")

    monkeypatch.setattr(import_read, "_read_sparse", no_openpyxl)
    data = import_read.read_file(path, "客户", limit=30)
    assert not data.complete and data.total_rows == 2_001
    assert data.rows[1][:2] == ["客户0有限公司", "K00000"] and len(data.rows) == 30
    assert data.rows[1][2] == date(2001, 1, 1)  # as the import will read it
    # a sheet no copy can be cut from (a comment in it): openpyxl reads its cells
    commented = _rewrite_sheet(
        path, tmp_path / "commented.xlsx", lambda xml: xml.replace(b"<v>", b"<!-- x --><v>", 1)
    )
    monkeypatch.setattr(import_read, "_read_sparse", real_openpyxl_head)
    assert sheet_parts.parse_head(commented, "说明", 30) is None
    data = import_read.read_file(commented, limit=30)
    assert data.rows == [["不导入"]] and data.complete


def test_an_import_lets_parts_go_and_still_avoids_every_code_in_the_file(
    admin, cut_small, tmp_path, monkeypatch
):
    """The first parts are let go once their rows are in; a code made after that must
    still avoid a code the file uses in them."""
    from crm_desktop.models import Customer
    from crm_desktop.services import importing
    from crm_desktop.services.importing import writing

    rows = [[f"客户{i}", f"K{i:05d}"] for i in range(3_000)]
    rows[10][1] = "C000001"  # early in the file: in a part let go by the time...
    rows[2_990][1] = ""  # ...this row needs a code made for it
    path = tmp_path / "codes.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet()
    ws.write_row(0, 0, ["客户名称", "客户代号"])
    for r, row in enumerate(rows, start=1):
        ws.write_row(r, 0, row)
    wb.close()
    read_codes = writing._file_codes
    let_go = []

    def file_codes(source, code_col, seen=()):
        let_go.append(source.data.stream.sheets.count(None))
        return read_codes(source, code_col, seen)

    monkeypatch.setattr(writing, "_file_codes", file_codes)
    source = importing.open_source(admin, path, preview_rows=0)
    result = importing.run_import(admin, source)
    assert (result.created, result.rejected) == (3_000, 0)
    assert let_go == [3]  # read once, with three of the four parts let go
    made = Customer.get(Customer.name == "客户2990").code
    assert made.startswith("C") and made != "C000001"
    assert Customer.get(Customer.code == "C000001").name == "客户10"


@pytest.mark.parametrize("first_column", [0, 1], ids=["from-column-A", "from-column-B"])
def test_rows_read_while_later_parts_are_parsed_are_the_sheets(cut_small, tmp_path, first_column):
    """Read lazily (the first part's rows before the later parts are parsed), a sheet gives
    the same rows as one parse: a column only the last rows fill is there in every row,
    and a sheet that starts right of column A is waited for whole; the parts' copies go."""
    path = tmp_path / "lazy.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("S")
    for r, row in enumerate(_mixed_rows(400)):
        ws.write_row(r, first_column, [v for v in row if not isinstance(v, date)])
    ws.write(395, first_column + 9, "只有最后几行有的备注")  # right of every earlier cell
    wb.close()
    lazy = sheet_parts.parse_lazily(path, "S")
    assert lazy is not None and len(lazy.parts) == 4
    sheet = sheet_parts.PartedSheet(lazy.parts, lazy)
    assert (sheet.left, sheet.right) == (first_column, first_column + 9)
    assert list(sheet.rows()) == _whole(path, "S")
    for future in lazy.parts:
        future.result()
    assert list(cut_small.iterdir()) == []  # every part's copy removed once parsed
