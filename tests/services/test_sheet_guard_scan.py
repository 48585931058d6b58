"""The worksheet extent scan: its one-pass proof per chunk misses no far reference."""

from __future__ import annotations

import os
import random
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from crm_desktop.services.importing import sheet_guard
from crm_desktop.services.importing.sheet_guard import (
    CHUNK,
    ExtentScanner,
    _at_most,
    _greater,
    column_letters,
    column_number,
)

ROOT = Path(__file__).resolve().parents[2]
COLUMNS = 20  # A … T, like a customer list with custom fields
ROWS = 18_000  # about 3.3 chunks of 4 MB


class ExactScanner(ExtentScanner):
    """The scan without the one-pass proof: every chunk matched tag by tag."""

    def _scan(self, data: bytes) -> None:
        self.values += data.count(self.cell_end)
        self._scan_exact(data)


def _row(n: int, prefix: str = "") -> str:
    p = prefix
    cells = "".join(
        f'<{p}c r="{column_letters(k)}{n}" t="s"><{p}v>{(n * 7 + k) % 9_973}</{p}v></{p}c>'
        for k in range(1, COLUMNS + 1)
    )
    return f'<{p}row r="{n}" spans="1:{COLUMNS}">{cells}</{p}row>'


def _sheet(rows: int = ROWS, prefix: str = "") -> bytes:
    """An ordinary worksheet's XML (with `prefix`, e.g. "x:", on every element)."""
    ns = f' xmlns:{prefix[:-1]}="main"' if prefix else ' xmlns="main"'
    head = (
        f'<?xml version="1.0"?><{prefix}worksheet{ns}><{prefix}dimension ref="A1:T{rows}"/>'
        f'<{prefix}cols><{prefix}col min="1" max="20" width="12"/></{prefix}cols>'
        f"<{prefix}sheetData>"
    )
    body = "".join(_row(n, prefix) for n in range(1, rows + 1))
    return (head + body + f"</{prefix}sheetData></{prefix}worksheet>").encode()


@pytest.fixture(scope="module")
def sheet() -> bytes:
    return _sheet()


def _scan(data: bytes, scanner: ExtentScanner) -> sheet_guard.Extent:
    for at in range(0, len(data), CHUNK):
        scanner.feed(data[at : at + CHUNK])
    return scanner.finish()


def _both(data: bytes, prefix: bytes = b"") -> sheet_guard.Extent:
    """The scan's extent, after checking that matching every tag finds the same one."""
    fast = _scan(data, ExtentScanner(prefix))
    assert fast == _scan(data, ExactScanner(prefix))
    return fast


def _replace_cell(data: bytes, at: int, cell: bytes) -> bytes:
    """`data` with the cell that starts at or before `at` replaced by `cell`."""
    start = data.rfind(b'<c r="', 0, at)
    end = data.index(b"</c>", start) + 4
    return data[:start] + cell + data[end:]


def _cell_across(data: bytes, border: int, cell: bytes) -> bytes:
    """`data` with a cell replaced by `cell`, spaces before it so that `border` falls
    inside its opening tag (8 bytes in)."""
    start = data.rfind(b'<c r="', 0, border - 8)
    end = data.index(b"</c>", start) + 4
    return data[:start] + b" " * (border - 8 - start) + cell + data[end:]


def test_an_ordinary_sheet_is_proven_chunk_by_chunk_without_matching_tags(sheet, monkeypatch):
    """On an ordinary list of several chunks, no chunk needs its tags matched one by one,
    and the extent is the sheet's real one."""
    assert len(sheet) > 3 * CHUNK
    exact: list[int] = []
    original = ExtentScanner._scan_exact
    monkeypatch.setattr(
        ExtentScanner, "_scan_exact", lambda self, data: exact.append(1) or original(self, data)
    )
    extent = _scan(sheet, ExtentScanner())
    assert (extent.rows, extent.columns, extent.values) == (ROWS, COLUMNS, ROWS * COLUMNS)
    assert exact == []


MIDDLE = 2 * CHUNK + CHUNK // 2  # the middle of the third chunk


@pytest.mark.parametrize(
    ("cell", "rows", "columns"),
    [
        (b'<c r="C1048576"><v>1</v></c>', 1_048_576, COLUMNS),  # far below its row
        (b'<c r="XFD9000"><v>1</v></c>', ROWS, 16_384),  # far right
        (b'<c r="XFD1048576"><v>1</v></c>', 1_048_576, 16_384),
        (b'<c r="C19999"><v>1</v></c>', 19_999, COLUMNS),  # as many digits as the last row
        (b'<c r="U9000"><v>1</v></c>', ROWS, 21),  # one letter, beyond T
        (b'<c r="AA9000"><v>1</v></c>', ROWS, 27),
        (b'<c t="n" r="XFD1048576"><v>1</v></c>', 1_048_576, 16_384),  # another order
        (b'<c r="XFD1048576" s="2"/>', ROWS, COLUMNS),  # an empty cell places no value
        (b'<c r="XFD1048576"></c>', 1_048_576, 16_384),
        (b'<c r="B9000" t="inlineStr"><is><t>XFD1048576 "C1048576"</t></is></c>', ROWS, COLUMNS),
        (b'<c r="C01048576"><v>1</v></c>', 1_048_576, COLUMNS),  # calamine drops the 0
    ],
)
def test_a_far_claim_in_the_middle_of_the_third_chunk_is_found(sheet, cell, rows, columns):
    """One cell in the middle of the third 4 MB chunk claiming a far row or column (in
    any attribute order) sets the extent; an empty one or a value that only reads like
    a reference does not; and the scan agrees with matching every tag."""
    data = _replace_cell(sheet, MIDDLE, cell)
    extent = _both(data)
    assert (extent.rows, extent.columns) == (rows, columns)


@pytest.mark.parametrize("border", [2 * CHUNK, 3 * CHUNK])
@pytest.mark.parametrize("ref", [b"XFD1048576", b"C1048576", b"XFD20"])
def test_a_far_claim_cut_by_the_chunk_border_is_found(sheet, border, ref):
    """A cell whose opening tag is cut in two by a chunk's border, the last tag of its
    chunk, still sets the extent."""
    data = _cell_across(sheet, border, b'<c r="' + ref + b'"><v>1</v></c>')
    assert data[border - 8 : border] == b'<c r="' + ref[:2]
    extent = _both(data)
    assert (extent.rows, extent.columns) == (
        max(ROWS, int(ref.lstrip(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ"))),
        max(COLUMNS, column_number(ref.rstrip(b"0123456789"))),
    )


@pytest.mark.parametrize(
    ("row_tag", "rows"),
    [
        (b'<row r="1048576">', 1_048_576),
        (b'<row r="19999">', 19_999),
    ],
)
def test_a_far_row_tag_in_the_third_chunk_is_found(sheet, row_tag, rows):
    """An empty row tag claiming a far row in the third chunk sets the rows, as the
    scan matching every tag does."""
    at = sheet.index(b"</row>", MIDDLE) + len(b"</row>")
    data = sheet[:at] + row_tag + b"</row>" + sheet[at:]
    extent = _both(data)
    assert (extent.rows, extent.columns) == (rows, COLUMNS)


@pytest.mark.parametrize(
    "cell",
    [b"<c><v>1</v></c>", b'<c t="s"><v>1</v></c>', b'<c\tr="XFD1048576"><v>1</v></c>'],
)
def test_cells_without_a_reference_in_the_third_chunk_are_counted(sheet, cell):
    """Cells without r="…" (or with other spacing) in the third chunk give the extent
    that matching every tag gives."""
    row = sheet.index(b'<row r="', MIDDLE)
    at = sheet.index(b'<c r="', row)
    data = sheet[:at] + cell + sheet[at:]
    _both(data)


def test_a_prefixed_sheet_is_scanned_the_same_way(monkeypatch):
    """A sheet whose elements carry a namespace prefix (<x:c>) is proven the same way,
    and a far claim in it is found."""
    data = _sheet(rows=8_000, prefix="x:")
    extent = _both(data, b"x:")
    assert (extent.rows, extent.columns) == (8_000, COLUMNS)
    start = data.index(b'<x:c r="', len(data) // 2)
    end = data.index(b"</x:c>", start) + len(b"</x:c>")
    far = data[:start] + b'<x:c r="XFD1048576"><x:v>1</x:v></x:c>' + data[end:]
    extent = _both(far, b"x:")
    assert (extent.rows, extent.columns) == (1_048_576, 16_384)


def test_scan_member_reads_the_sheet_of_a_workbook(tmp_path, sheet):
    """scan_member streams the worksheet of a real archive and finds a far claim in its
    third chunk."""
    path = tmp_path / "book.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
        archive.writestr(
            "xl/worksheets/sheet2.xml",
            _replace_cell(sheet, MIDDLE, b'<c r="XFD1048576"><v>1</v></c>'),
        )
    with zipfile.ZipFile(path) as archive:
        plain = sheet_guard.scan_member(archive, "xl/worksheets/sheet1.xml")
        far = sheet_guard.scan_member(archive, "xl/worksheets/sheet2.xml")
    assert (plain.rows, plain.columns, plain.absurd) == (ROWS, COLUMNS, False)
    assert (far.rows, far.columns, far.absurd) == (1_048_576, 16_384, True)


def test_random_small_sheets_agree_with_matching_every_tag():
    """Small sheets in small chunks, with far claims, empty cells, odd tags and rows out
    of order sprinkled in, give the same extent as matching every tag."""
    rng = random.Random(15)
    odd = [
        '<c r="{c}{r}"><v>1</v></c>',
        '<c r="{c}{r}" s="1"/>',
        '<c t="s" r="{c}{r}"><v>1</v></c>',
        "<c><v>1</v></c>",
        '<c r="{c}0{r}"><v>1</v></c>',
        '<c r="{c}{r}x"><v>1</v></c>',
        '<row r="{r}"></row>',
    ]
    for _ in range(150):
        parts = ["<worksheet><sheetData>"]
        n = 0
        for _ in range(rng.randint(1, 60)):
            n += rng.choice([1, 1, 1, 2, 9, 90])
            parts.append(f'<row r="{n}">')
            for k in range(1, rng.randint(1, 8)):
                if rng.random() < 0.03:
                    far_c = column_letters(rng.choice([k, k + 1, 27, 16_384]))
                    far_r = rng.choice([n, n + 1, 10 * n, 1_048_576])
                    parts.append(rng.choice(odd).format(c=far_c, r=far_r))
                else:
                    parts.append(f'<c r="{column_letters(k)}{n}"><v>{k}</v></c>')
            parts.append("</row>")
        data = "".join(parts + ["</sheetData></worksheet>"]).encode()
        size = rng.choice([7, 64, 1 << 10])
        fast, exact = ExtentScanner(), ExactScanner()
        for at in range(0, len(data), size):
            fast.feed(data[at : at + size])
            exact.feed(data[at : at + size])
        assert fast.finish() == exact.finish(), data


@pytest.mark.parametrize("text", ["1", "9", "10", "27500", "99", "100", "1048576"])
def test_numbers_at_most_and_greater_split_every_number(text):
    """Every number without leading zeros is either at most `text` or greater, and the
    two patterns say which."""
    at_most, greater = re.compile(_at_most(text, "0", "9")), re.compile(_greater(text, "0", "9"))
    limit = int(text)
    for n in [*range(1, 3_000), *random.Random(text).sample(range(1, 10**8), 3_000)]:
        s = str(n).encode()
        assert bool(at_most.fullmatch(s.decode())) == (n <= limit)
        assert bool(greater.fullmatch(s)) == (n > limit)


@pytest.mark.parametrize("text", ["A", "T", "Z", "AB", "AZ", "ZZ", "XFD"])
def test_columns_at_most_and_greater_split_every_column(text):
    """Every column name is either at most `text` or beyond it, and the two patterns
    say which."""
    at_most, greater = re.compile(_at_most(text, "A", "Z")), re.compile(_greater(text, "A", "Z"))
    limit = column_number(text)
    for n in range(1, 20_000):
        s = column_letters(n)
        assert bool(at_most.fullmatch(s)) == (n <= limit)
        assert bool(greater.fullmatch(s.encode())) == (n > limit)


LOOSE = [
    b"<c r='XFD1048576'>",  # single quotes
    b'<c r="xfd1048576">',  # lower case
    b'<c r = "XFD1048576">',  # spaces around "="
    b'<c r="XFD0001048576">',  # leading zeros
    b'<c\nr="XFD1048576">',  # a line break for the space
    b'<c s="1"\tr="XFD1048576">',
]


@pytest.mark.parametrize("tag", LOOSE)
def test_a_far_reference_written_loosely_is_found(sheet, tag):
    """A far reference calamine reads although it is quoted, cased or spaced unusually
    (in the middle of the third chunk) sets the extent."""
    data = _replace_cell(sheet, MIDDLE, tag + b"<v>1</v></c>")
    extent = _both(data)
    assert (extent.rows, extent.columns) == (1_048_576, 16_384)


def test_a_row_of_ten_digits_is_found(sheet):
    """A reference with a ten-digit row (which calamine still reads) sets the rows."""
    data = _replace_cell(sheet, MIDDLE, b'<c r="C1234567890"><v>1</v></c>')
    assert _both(data).rows == 1_234_567_890


def test_a_reference_of_thousands_of_digits_is_far_beyond_any_sheet(sheet):
    """A reference whose row has thousands of digits counts as far beyond any sheet,
    instead of failing the scan."""
    data = _replace_cell(sheet, MIDDLE, b'<c r="C' + b"9" * 5_000 + b'"><v>1</v></c>')
    extent = _both(data)
    assert extent.rows == 10**12 and extent.absurd


@pytest.mark.parametrize("tag", [LOOSE[0], LOOSE[2]])
def test_a_loosely_written_far_value_is_read_sparsely(tmp_path, tag):
    """A small list with one far value written loosely is read cell by cell, in a child
    process limited to 1 GB: calamine never lays out the sheet it claims."""
    from import_samples import write_sheet_xml

    cells = (
        '<row r="1"><c r="A1" t="inlineStr"><is><t>客户名称</t></is></c></row>'
        '<row r="2"><c r="A2" t="inlineStr"><is><t>华夏科技有限公司</t></is></c></row>'
        '<row r="3"><c r="A3" t="inlineStr"><is><t>东方贸易有限公司</t></is></c></row>'
        f'<row r="1048576">{tag.decode()}<v>1</v></c></row>'
    )
    path = write_sheet_xml(tmp_path / "loose.xlsx", cells, "A1:A3")
    code = (
        "import resource, sys\n"
        "resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))\n"
        "from crm_desktop.services.importing.read import read_file\n"
        "d = read_file(sys.argv[1])\n"
        "print(f'sparse={d.sparse} rows={d.row_numbers}')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert done.returncode == 0, done.stderr[-2_000:]
    assert done.stdout.strip() == "sparse=True rows=[1, 2, 3, 1048576]"


@pytest.mark.parametrize(
    "cell",
    [
        b'<c r="C9000" r="XFD1048576"><v>1</v></c>',  # calamine takes the last r
        b'<c r="C9000" s="1"\tr = \'XFD1048576\'><v>1</v></c>',
        b'<c r="XFD1048576" r="C9000"><v>1</v></c>',  # or, read otherwise, the first
    ],
)
def test_a_second_reference_in_a_tag_is_found(sheet, cell):
    """A cell tag with two r attributes (not well-formed XML, yet calamine reads it)
    sets the extent by the farther one, in the middle of the third chunk."""
    extent = _both(_replace_cell(sheet, MIDDLE, cell))
    assert (extent.rows, extent.columns) == (1_048_576, 16_384)


def test_a_cell_of_another_prefix_is_found(sheet):
    """calamine reads a cell by its local name: an <x:c> among plain cells, or a plain
    <c> in a prefixed sheet, sets the extent too."""
    data = _replace_cell(sheet, MIDDLE, b'<x:c r="XFD1048576"><x:v>1</x:v></x:c>')
    assert (_both(data).rows, _both(data).columns) == (1_048_576, 16_384)
    prefixed = _sheet(rows=8_000, prefix="x:")
    start = prefixed.index(b'<x:c r="', len(prefixed) // 2)
    end = prefixed.index(b"</x:c>", start) + len(b"</x:c>")
    far = prefixed[:start] + b'<c r="XFD1048576"><v>1</v></c>' + prefixed[end:]
    extent = _both(far, b"x:")
    assert (extent.rows, extent.columns) == (1_048_576, 16_384)


@pytest.mark.parametrize(
    "cell",
    [
        '<c r="A4" r="XFD1048576"><v>1</v></c>',
        '<x:c r="XFD1048576"><v>1</v></x:c>',
        '<x:c xmlns:x="urn:x" r="XFD1048576"><v>1</v></x:c>',
    ],
)
def test_a_far_value_in_a_malformed_tag_never_ends_the_process(tmp_path, cell):
    """A small list with a far value in a tag calamine reads but a strict parser does
    not: read cell by cell or refused as damaged, in a child process limited to 1 GB,
    never an abort."""
    from import_samples import write_sheet_xml

    cells = (
        '<row r="1"><c r="A1" t="inlineStr"><is><t>客户名称</t></is></c></row>'
        '<row r="2"><c r="A2" t="inlineStr"><is><t>华夏科技有限公司</t></is></c></row>'
        f'<row r="4">{cell}</row>'
    )
    path = write_sheet_xml(tmp_path / "odd.xlsx", cells, "A1:A2")
    code = (
        "import resource, sys\n"
        "resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))\n"
        "from crm_desktop.services.importing.read import ImportFileError\n"
        "from crm_desktop.services.importing.read import read_file\n"
        "try:\n"
        "    d = read_file(sys.argv[1])\n"
        "    print(f'sparse={d.sparse} rows={d.row_numbers}')\n"
        "except ImportFileError as exc:\n"
        "    print(exc.code)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert done.returncode == 0, done.stderr[-2_000:]
    assert done.stdout.strip() in ("sparse=True rows=[1, 2, 4]", "import_read.damaged")
