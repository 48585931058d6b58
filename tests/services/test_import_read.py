"""Reading lists safely: sheets that claim absurd sizes, and text in any common encoding."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
from import_samples import (
    BIG5_ROWS,
    write_big5_csv,
    write_far_cell,
    write_ragged_csv,
    write_sheet_xml,
)

from crm_desktop.models import Customer
from crm_desktop.services.importing import read as import_read
from crm_desktop.services.importing import sheet_guard
from crm_desktop.services.importing.read import ImportFileError
from crm_desktop.services.importing.text import Undecodable, detect_encoding, plausibility

ROOT = Path(__file__).resolve().parents[2]


def _read_in_child(path: Path, limit: int | None) -> tuple[float, int, str]:
    """CPU seconds, peak MB and outcome of reading `path` in a fresh process (a crash
    there would kill the test run's process otherwise)."""
    code = (  # CPU time, not wall time: the machine may be busy with other work
        "import sys, time, resource, openpyxl, python_calamine\n"
        "from crm_desktop.services.importing.read import read_file, ImportFileError\n"
        "t = time.process_time()\n"
        "try:\n"
        f"    d = read_file(sys.argv[1], limit={limit!r})\n"
        "    out = f'rows={d.row_numbers} sparse={d.sparse}'\n"
        "except ImportFileError as exc:\n"
        "    out = 'refused ' + exc.code\n"
        # this process's own peak (ru_maxrss would include the parent's, from the fork)
        "try:\n"
        "    hwm = open('/proc/self/status').read().split('VmHWM:')[1].split()[0]\n"
        "    mb = int(hwm) // 1024\n"
        "except (OSError, IndexError):\n"
        "    mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024\n"
        "print(time.process_time() - t, mb, out)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 0, done.stderr[-2000:]
    seconds, mb, out = done.stdout.split(" ", 2)
    return float(seconds), int(mb), out.strip()


@pytest.mark.parametrize("ref", ["XFD1048576", "ZZ100000"])
@pytest.mark.parametrize("limit", [None, 30])
def test_a_far_stray_value_is_read_sparsely_fast_and_small(tmp_path, ref, limit):
    """A 2 KB sheet with a value at XFD1048576 or ZZ100000 is read cell by cell in under
    2 s and 300 MB (the whole sheet and its head), never laid out by calamine."""
    path = write_far_cell(tmp_path / "far.xlsx", ref)
    assert path.stat().st_size < 2_500
    seconds, mb, out = _read_in_child(path, limit)
    assert seconds < 2 and mb < 300
    row = int("".join(ch for ch in ref if ch.isdigit()))
    assert out == f"rows=[1, 2, 3, {row}] sparse=True"


def test_the_scan_finds_the_claimed_extent():
    """The scanner finds the largest row and column a value claims, not the declared one,
    and ignores empty styled cells."""
    scanner = sheet_guard.ExtentScanner()
    xml = (
        b'<sheetData><row r="1"><c r="A1"><v>1</v></c><c r="XFD1" s="3"/></row>'
        b'<row r="2"><c r="C2048"><v>2</v></c></row><row r="3"><c r="B3"><v>3</v></c></row>'
    )
    for k in range(0, len(xml), 7):  # in small chunks: references cut between two
        scanner.feed(xml[k : k + 7])
    extent = scanner.finish()
    assert (extent.rows, extent.columns, extent.values) == (2048, 3, 3)
    assert not extent.absurd
    assert sheet_guard.Extent(1_048_576, 16_384, 3).absurd


def test_a_real_list_is_not_read_sparsely(tmp_path):
    """An ordinary sheet goes to calamine as before."""
    from import_samples import write_many

    data = import_read.read_file(write_many(tmp_path / "many.xlsx", 3_000))
    assert not data.sparse and data.total_rows == 3_001


def test_a_sheet_too_sparse_even_cell_by_cell_is_refused(tmp_path, monkeypatch):
    """When even the cells that exist would not fit, the sheet is refused with a plain
    message naming the file and the sheet."""
    monkeypatch.setattr(sheet_guard, "SPARSE_CELLS", 1_000)
    path = write_far_cell(tmp_path / "far.xlsx", "XFD1048576")
    with pytest.raises(ImportFileError) as info:
        import_read.read_file(path)
    assert info.value.code == "import_read.absurd_sheet"
    assert "far.xlsx" in info.value.render("en") and "“客户”" in info.value.render("zh_CN")


ODS_ROW = (
    '<table:table-row{rows}><table:table-cell{cols} office:value-type="string">'
    "<text:p>x</text:p></table:table-cell></table:table-row>"
)


@pytest.mark.parametrize(
    ("rows", "cols", "refused"),
    [
        (1_000_000, 1, True),  # a row of values repeated a million times
        (1, 1_000_000, True),  # a value repeated across a million columns
        (3_000, 3_000, True),  # each repeat modest, together 9 million cells
        (3, 20, False),  # what a real sheet does
    ],
)
def test_ods_repeating_values_beyond_reason_is_refused(tmp_path, rows, cols, refused):
    """OpenDocument cells or rows holding a value and repeated into millions of cells are
    refused, not expanded; a modest repeat reads."""
    import zipfile

    row = ODS_ROW.format(
        rows=f' table:number-rows-repeated="{rows}"' if rows > 1 else "",
        cols=f' table:number-columns-repeated="{cols}"' if cols > 1 else "",
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body>'
        '<office:spreadsheet><table:table table:name="客户"><table:table-row>'
        '<table:table-cell office:value-type="string"><text:p>客户名称</text:p>'
        f"</table:table-cell></table:table-row>{row}"
        '<table:table-row table:number-rows-repeated="1048570"><table:table-cell '
        'table:number-columns-repeated="1024"/></table:table-row></table:table>'
        "</office:spreadsheet></office:body></office:document-content>"
    )
    path = tmp_path / "rep.ods"
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:'
        'names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry '
        'manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.'
        'spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" '
        'manifest:media-type="text/xml"/></manifest:manifest>'
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
        z.writestr("META-INF/manifest.xml", manifest)
        z.writestr("content.xml", content)
    if refused:
        with pytest.raises(ImportFileError) as info:
            import_read.read_file(path)
        assert info.value.code == "import_read.absurd_sheet"
    else:
        data = import_read.read_file(path)
        assert len(data.rows) == 1 + rows and len(data.rows[1]) == cols


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),
        ("utf-16", "utf-16"),
        ("utf-16-le", "utf-16-le"),
        ("utf-16-be", "utf-16-be"),
        ("gbk", "gb18030"),
        ("gb18030", "gb18030"),
    ],
)
def test_simplified_chinese_in_each_encoding(tmp_path, encoding, expected):
    """UTF-8 (with or without BOM), UTF-16 (BOM, LE, BE) and GBK lists read as written."""
    text = "客户名称,联系人,电话\n北京华夏科技有限公司,张伟,13812345678\n上海东方贸易股份有限公司,李娜,021-7654321\n"
    raw = text.encode(encoding)
    if encoding == "utf-16":
        assert raw[:2] in (b"\xff\xfe", b"\xfe\xff")
    path = tmp_path / "list.csv"
    path.write_bytes(raw)
    data = import_read.read_file(path)
    assert data.encoding == expected
    assert data.rows[1] == ["北京华夏科技有限公司", "张伟", "13812345678"]


def test_a_western_export_with_a_yen_sign_is_utf8(tmp_path):
    """A UTF-8 export whose only non-ASCII characters are ¥ and © (a foreign CRM's) reads
    as UTF-8: in GBK the same bytes read 楼 5,000,000.00."""
    path = tmp_path / "accounts.csv"
    path.write_bytes('Account Name,Annual Revenue\nAcme Ltd,"¥ 5,000,000.00"\n© 2024\n'.encode())
    data = import_read.read_file(path)
    assert data.encoding == "utf-8" and data.rows[1] == ["Acme Ltd", "¥ 5,000,000.00"]


def test_big5_reads_as_traditional_chinese(tmp_path):
    """A Big5 list decodes to 股份有限公司, not to GB18030 nonsense."""
    data = import_read.read_file(write_big5_csv(tmp_path / "tw.csv"))
    assert data.encoding == "cp950"
    assert data.rows == BIG5_ROWS


def test_plausibility_tells_big5_from_gbk():
    """The same Big5 bytes read as GB18030 score far below their real reading."""
    raw = "\n".join(",".join(r) for r in BIG5_ROWS).encode("cp950")
    assert plausibility(raw.decode("cp950")) == 1.0
    assert plausibility(raw.decode("gb18030", errors="replace")) < 0.8
    assert detect_encoding(raw) == "cp950"


def test_nonsense_in_every_encoding_is_refused(tmp_path):
    """Bytes that no candidate reads as text are refused with a plain message."""
    path = tmp_path / "junk.csv"
    path.write_bytes(bytes(range(0x80, 0x100)) * 40)
    with pytest.raises(Undecodable):
        detect_encoding(path.read_bytes())
    with pytest.raises(ImportFileError) as info:
        import_read.read_file(path)
    assert info.value.code == "import_read.undecodable"
    assert "GBK" in info.value.render("en") and "乱码" in info.value.render("zh_CN")


def test_ragged_rows_keep_their_extra_cells(tmp_path):
    """Rows longer than the header keep every cell."""
    data = import_read.read_file(write_ragged_csv(tmp_path / "r.csv"))
    assert data.rows[1] == ["华夏科技有限公司", "张伟", "13812345678", "老客户"]
    assert data.rows[3][-1] == "多出的备注"


def test_a_long_csv_is_streamed(tmp_path, monkeypatch):
    """Past the first rows a CSV is read from disk as the import goes, the same rows."""
    monkeypatch.setattr(import_read, "HEAD_ROWS", 50)
    path = tmp_path / "long.csv"
    path.write_text("客户名称\n" + "".join(f"客户{i}\n\n" for i in range(300)), encoding="gbk")
    data = import_read.read_file(path)
    assert data.stream is not None and len(data.rows) == 26  # the non-blank of the first 50
    streamed = list(data.iter_from(1))
    assert len(streamed) == 300
    assert streamed[0] == (2, ["客户0"]) and streamed[-1] == (600, ["客户299"])
    assert data.total_rows == 601


def test_messages_name_the_file_in_both_languages(tmp_path):
    """A reading error is a catalogue code rendered in Chinese and English."""
    with pytest.raises(ImportFileError) as info:
        import_read.read_file(tmp_path / "missing.xlsx")
    assert info.value.code == "import_read.not_found"
    assert "不存在" in info.value.render("zh_CN") and "does not exist" in info.value.render("en")


def test_a_hand_written_sheet_without_refs_is_still_read(tmp_path):
    """Cells without references (some exporters) are placed one after another."""
    cells = (
        '<row><c t="inlineStr"><is><t>客户名称</t></is></c></row>'
        '<row><c t="inlineStr"><is><t>华夏公司</t></is></c></row>'
    )
    start = time.process_time()
    data = import_read.read_file(write_sheet_xml(tmp_path / "norefs.xlsx", cells, "A1"))
    assert data.rows == [["客户名称"], ["华夏公司"]]
    assert time.process_time() - start < 2


def test_a_far_value_in_a_sheet_cut_in_parts_is_caught_before_its_part(tmp_path, monkeypatch):
    """A long sheet cut into parts for calamine: the part holding a value at XFD1048576
    is never handed over, and the sheet is read sparsely with every row."""
    from crm_desktop.services.importing import sheet_parts

    monkeypatch.setattr(sheet_parts, "SPLIT_ABOVE", 0)
    monkeypatch.setattr(sheet_parts, "usable_cores", lambda: 2)
    cells = "".join(
        f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>客户{r}</t></is></c></row>'
        for r in range(1, 3001)
    )
    cells += '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    path = write_sheet_xml(tmp_path / "long.xlsx", cells, "A1:A3000")
    handed: list = []
    real = sheet_parts._cut_and_parse

    def watch(*args):
        try:
            return real(*args)
        except sheet_guard.AbsurdSheet as exc:
            handed.append(exc.extent)
            raise

    monkeypatch.setattr(sheet_parts, "_cut_and_parse", watch)
    data = import_read.read_file(path)
    assert handed and handed[0].rows == 1_048_576 and handed[0].columns == 16_384
    assert data.sparse and len(data.rows) == 3_001 and data.row_numbers[-1] == 1_048_576


def test_an_xls_declaring_four_billion_rows_is_refused(tmp_path):
    """An .xls whose DIMENSIONS record claims 4 billion rows (calamine would reserve them
    and abort the process) is refused in plain words; the same file unpatched reads."""
    import struct

    from import_samples import DATA

    original = (DATA / "import" / "titled_list.xls").read_bytes()
    record = b"\x00\x02\x0e\x00"  # DIMENSIONS, 14 bytes (BIFF8)
    assert original.count(record) == 1
    at = original.index(record) + 4
    patched = bytearray(original)
    patched[at : at + 14] = struct.pack("<IIHHH", 0, 0xFFFFFF00, 0, 0xFF, 0)
    path = tmp_path / "huge.xls"
    path.write_bytes(bytes(patched))
    seconds, mb, out = _read_in_child(path, None)
    assert out == "refused import_read.absurd_xls" and seconds < 2 and mb < 300
    assert import_read.read_file(DATA / "import" / "titled_list.xls").row_numbers[-1] == 11


def _import_csv(admin, path, text: str):
    """The import of a CSV of `text`, written as Excel saves one (UTF-8 with its BOM)."""
    from crm_desktop.services import importing

    path.write_text(text, encoding="utf-8-sig")
    return importing.run_import(admin, importing.open_source(admin, path))


def test_a_csvs_digits_kept_by_an_apostrophe_are_read_without_it(admin, tmp_path):
    """Some systems write '0013 or '6222021001001234568 into a CSV, the apostrophe with
    which one types digits as text in Excel: the code and the account are the digits
    (they were stored as '0013); an apostrophe in words stays (O'Brien, 'Tis)."""
    result = _import_csv(
        admin,
        tmp_path / "导出.csv",
        "客户编号,客户名称,银行账号,手机,备注\n"
        "'0013,杭州西子科技有限公司,'6222021001001234568,'13900139000,'Tis the season\n"
        "'KH-002,O'Brien Trading Ltd,,,\n",
    )
    assert (result.created, result.rejected) == (2, 0)
    cards = {
        c.code: (c.name, c.bank_account, c.contact_phone, c.remarks) for c in Customer.select()
    }
    assert cards == {
        "0013": ("杭州西子科技有限公司", "6222021001001234568", "13900139000", "'Tis the season"),
        "KH-002": ("O'Brien Trading Ltd", "", "", ""),
    }


def test_a_csvs_text_forcing_formulas_are_read_as_their_text(admin, tmp_path):
    """Systems export ="0571-88886666" so that Excel keeps the zeros: the text is read,
    not the formula, and the row is not refused for a date written so."""
    from datetime import date

    result = _import_csv(
        admin,
        tmp_path / "导出.csv",
        "客户名称,电话,手机,信用额度,成立日期\n"
        '杭州一号有限公司,="0571-88886666",="13800138000",="50000",="2019-03-05"\n'
        '"杭州二号有限公司","=""0571-88886667""","=""说 ""是"" 的""",,\n',
    )
    assert (result.created, result.rejected) == (2, 0)
    one = Customer.get(Customer.name == "杭州一号有限公司")
    assert (one.phone, one.contact_phone, one.credit_limit) == (
        "0571-88886666",
        "13800138000",
        50000,
    )
    assert one.founded == date(2019, 3, 5)
    two = Customer.get(Customer.name == "杭州二号有限公司")
    assert (two.phone, two.contact_phone) == ("0571-88886667", '说 "是" 的')


def test_a_csvs_whole_numbers_written_as_floats_are_the_numbers(admin, tmp_path):
    """A CSV written by pandas from a column of numbers with gaps: 13800138000.0 is the
    mobile 13800138000, 057188886666.0 keeps its zero, 50000.0 is 50000."""
    from crm_desktop.models import Customer
    from crm_desktop.services import importing

    path = tmp_path / "pandas.csv"
    path.write_text(
        "客户名称,手机,电话,信用额度,备注\n"
        "杭州华夏科技有限公司,13800138000.0,057188886666.0,50000.0,版本 2.0 客户\n"
        "宁波海天贸易有限公司,,,,\n",
        encoding="utf-8",
    )
    result = importing.run_import(admin, importing.open_source(admin, path))
    assert result.created == 2
    card = Customer.get(Customer.name == "杭州华夏科技有限公司")
    assert (card.contact_phone, card.phone, card.credit_limit) == (
        "13800138000",
        "057188886666",
        50000,
    )
    assert card.remarks == "版本 2.0 客户"


def test_a_wps_et_workbook_is_read_by_its_content(admin, tmp_path):
    """WPS 表格 saves .et: read as the workbook its bytes are."""
    import shutil

    from import_samples import DATA

    from crm_desktop.services import importing

    et = tmp_path / "客户.et"
    shutil.copy(DATA / "import" / "titled_list.xls", et)
    assert importing.run_import(admin, importing.open_source(admin, et)).created == 3
