"""How big a worksheet really is, found before a reader trusts it.

calamine sizes a sheet by the cell references it meets: a 1.9 KB .xlsx with one value
at XFD1048576 makes it allocate 549 GB and abort the process, one at ZZ100000 costs
2.25 GB (MEASURED.md, "Reading spreadsheets safely"). So the worksheet's XML is
streamed first (or as it is cut into parts, `sheet_parts`) and the largest row and
column a value claims are found chunk by chunk. Rows come in order, so the chunk's
last rows give its extent, and two regex searches (cell tags, row tags) prove that
every tag of the chunk is an ordinary reference within it; only a chunk where one is
not (a far claim, attributes in another order, a cell without a reference) is matched
tag by tag, each reference read as calamine reads it (either quote, spaces around "=",
lower case letters, leading zeros: r='xfd01048576' is still XFD1048576). calamine
also reads a cell by its local name whatever its prefix, and takes a tag's last r="…"
(not well-formed XML, yet read): a chunk with a tag of another prefix, or with a " r"
that is no tag's first attribute, or other white space within the sheet's data, is
read tag by tag too, by the first and the last reference of each. A real 100k × 20
sheet (71 MB of XML) costs 0.64 s: 0.12 inflating the XML, about 0.25 the counts and
byte searches that rule out second references and other prefixes, the rest the
proof (matching every tag: 0.72 s without those checks). A sheet whose claimed size is
out of all proportion to the values it holds is read sparsely instead (`read_sparse`:
only the cells that exist, openpyxl's streaming parser), and refused with a plain
message if even that would not fit.

OpenDocument sheets repeat cells and rows by attribute (number-columns-repeated): a
non-empty cell or row repeated far beyond what the file holds is refused. An .xls
declares each sheet's size in a DIMENSIONS record, and calamine reserves what it says
before reading a cell (4 billion rows: the process aborts); the record is found by
walking the workbook stream of the compound file, and a size beyond what the format can
address, or out of all proportion to the values, is refused.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

AREA_FLOOR = 4_000_000  # cells any sheet may claim (calamine: ~32 bytes a cell)
MAX_SPREAD = 10  # claimed cells per cell holding a value, above AREA_FLOOR
SPARSE_CELLS = 4_000_000  # cells kept by a sparse reading (row by row, up to each row's last)
ODS_REPEAT_LIMIT = 10_000  # a non-empty cell or row repeated this often is no customer list
CHUNK = 1 << 22


class AbsurdSheet(Exception):
    """The sheet claims far more cells than it holds; `extent` says how many."""

    def __init__(self, extent: Extent) -> None:
        super().__init__(f"{extent.rows} rows × {extent.columns} columns, {extent.values} values")
        self.extent = extent


class TooSparse(Exception):
    """Even the cells that exist, laid out in rows, would not fit (`cells` of them)."""

    def __init__(self, cells: int, values: int) -> None:
        super().__init__(f"{cells} cells for {values} values")
        self.cells = cells
        self.values = values


@dataclass(frozen=True)
class Extent:
    rows: int  # the largest row number a value (or a row) claims
    columns: int  # the largest column number a value claims
    values: int  # cells that hold something

    @property
    def area(self) -> int:
        return self.rows * self.columns

    @property
    def absurd(self) -> bool:
        """More cells than any reader should lay out for what the sheet holds."""
        return self.area > AREA_FLOOR and self.area > MAX_SPREAD * max(self.values, 1)


# a cell tag of any prefix up to its reference, and the reference (either quote, spaces
# around "=", lower case letters, leading zeros): (letters, digits)
_ANY_CELL = rb"<(?:[\w.-]+:)?c\s[^>]*?"
_REF = rb"(?<=\s)r\s*=\s*[\"']([A-Za-z]{1,4})0*(\d+)[\"']"


# the white space of XML besides the space (one byte each: found at memchr's speed)
_OTHER_SPACES = (b"\t", b"\n", b"\r")


def column_number(letters: bytes | str) -> int:
    """A = 1, Z = 26, AA = 27 … XFD = 16384."""
    n = 0
    for ch in letters.upper() if isinstance(letters, str) else letters.decode().upper():
        n = n * 26 + (ord(ch) - 64)
    return n


def _number(digits: bytes) -> int:
    """A reference's row number; past 12 digits, a number far beyond any sheet (int()
    refuses thousands of digits)."""
    return int(digits) if len(digits) <= 12 else 10**12


def column_letters(number: int) -> str:
    out = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        out = chr(65 + rest) + out
    return out


def _greater(text: str, low: str, high: str) -> bytes:
    """A regex for strings over [low-high] greater than `text`: longer ones, or as long
    and greater at the first difference (digits without leading zeros; letters)."""
    k = len(text)
    first = "1" if low == "0" else low
    alts = [f"[{first}-{high}][{low}-{high}]{{{k},}}"]
    for i, ch in enumerate(text):
        if ch < high:
            nxt = chr(ord(ch) + 1)
            alts.append(re.escape(text[:i]) + f"[{nxt}-{high}]" + f"[{low}-{high}]{{{k - i - 1}}}")
    return ("(?:" + "|".join(alts) + ")").encode()


def _at_most(text: str, low: str, high: str) -> str:
    """A regex for strings over [low-high] not greater than `text` (beside `_greater`,
    for numbers and column letters written without leading zeros), nested so that a
    string is settled at its first character that differs from `text`."""

    def tail(i: int, first: str) -> str:
        ch, rest = text[i], len(text) - i - 1
        if not rest:
            return f"[{first}-{ch}]" if ch >= first else re.escape(ch)  # "0": no row yet
        parts = [re.escape(ch) + tail(i + 1, low)]  # first: most rows share the start
        if ch > first:
            parts.append(f"[{first}-{chr(ord(ch) - 1)}][{low}-{high}]{{{rest}}}")
        return "(?:" + "|".join(parts) + ")"

    first = "1" if low == "0" else low
    shorter = f"|[{first}-{high}][{low}-{high}]{{0,{len(text) - 2}}}" if len(text) > 1 else ""
    return "(?:" + tail(0, first) + shorter + ")"


class ExtentScanner:
    """Fed a worksheet's XML chunk by chunk (`feed`), knows the sheet's `extent`."""

    def __init__(self, prefix: bytes = b"") -> None:
        p = re.escape(prefix)
        self.cell_ref = b"<" + prefix + b'c r="'
        self.cell_end = b"</" + prefix + b"c>"
        self.row_ref = b"<" + prefix + b'row r="'
        # what calamine takes for a reference: either quote, spaces around "=", lower
        # case letters, leading zeros
        self._generic = re.compile(
            rb"<" + p + rb"c\b[^>]*?\sr\s*=\s*[\"']([A-Za-z]{1,4})0*(\d+)[\"'][^>]*?(/?)>"
        )
        # calamine reads an element by its local name, whatever its prefix, and takes a
        # tag's last r="…" (XML forbids a second one): the generic scan reads both
        # first and last reference of every tag of any prefix
        self._any_first = re.compile(_ANY_CELL + _REF + rb"[^>]*?(/?)>")
        self._any_last = re.compile(_ANY_CELL.replace(b"*?", b"*") + _REF + rb"[^>]*?(/?)>")
        self._any_row = re.compile(rb"<(?:[\w.-]+:)?row\b[^>]*?\sr\s*=\s*[\"']0*(\d+)")
        self._any_row_last = re.compile(rb"<(?:[\w.-]+:)?row\b[^>]*\sr\s*=\s*[\"']0*(\d+)")
        self._any_tag = re.compile(rb"<(?:[\w.-]+:)?c[\s/>]")
        # a cell tag with a second r attribute (the exact patterns read the first)
        self._twice = re.compile(rb"<(?:[\w.-]+:)?c(?=\s)[^>]*?\sr\s*=[^>]*?\sr\s*=")
        # a cell or row tag of another prefix than the sheet's (or none in a prefixed one)
        self._foreign = re.compile(
            rb"<(?!" + p + rb"(?:c|row)[\s/>])(?:[\w.-]+:)?(?:c|row)[\s/>]"
            if prefix
            else rb"<[\w.-]+:(?:c|row)[\s/>]"
        )
        self._foreign_hint = b"<c" if prefix else b":c"  # one byte search per chunk
        self.data_start = b"<" + prefix + b"sheetData"
        self.data_end = b"</" + prefix + b"sheetData"
        # a cell tag the exact patterns below do not read (another attribute order,
        # spacing or quoting, or no reference): every tag is then looked at (_generic)
        self._unusual = re.compile(rb"<" + p + rb'c(?! r="[A-Z]{1,4}[1-9]\d{0,8}")[\s>]')
        self.rows = 0
        self.columns = 0
        self.values = 0
        self.unreferenced = 0  # cells without r="…": placed one after another
        self.tail = b""
        self._row_rx: re.Pattern[bytes] | None = None
        self._cell_row_rx: re.Pattern[bytes] | None = None
        self._col_rx: re.Pattern[bytes] | None = None
        self._built_for = (-1, -1)  # (rows, columns) the patterns look beyond
        self._cells_within: re.Pattern[bytes] | None = None
        self._rows_within: re.Pattern[bytes] | None = None
        self._within_for = (-1, -1)  # (rows, columns) the patterns look within

    @property
    def extent(self) -> Extent:
        return Extent(self.rows, self.columns + self.unreferenced, self.values)

    def _rebuild(self) -> None:
        """Patterns for references beyond the largest seen: each starts with a literal
        (`<c r="`, `<row r="`) that the regex engine looks for first."""
        self._built_for = (self.rows, self.columns)
        rows = _greater(str(self.rows), "0", "9")
        cols = _greater(column_letters(max(self.columns, 1)), "A", "Z")
        cell = re.escape(self.cell_ref)
        self._cell_row_rx = re.compile(cell + rb"[A-Z]{1,4}(" + rows + rb')"[^>]*?(/?)>')
        self._row_rx = re.compile(re.escape(self.row_ref) + b"(" + rows + b")")
        self._col_rx = re.compile(cell + b"(" + cols + rb")\d+\"[^>]*?(/?)>")

    def feed(self, chunk: bytes) -> None:
        data = self.tail + chunk
        cut = data.rfind(b">") + 1
        self.tail, data = data[cut:], data[:cut]
        if len(self.tail) > CHUNK:  # no tag ends in megabytes: not a worksheet we read
            self.tail = b""
        self._scan(data)

    def finish(self) -> Extent:
        if self.tail:
            self._scan(self.tail)
            self.tail = b""
        return self.extent

    def _foreign_tags(self, data: bytes) -> bool:
        """Cell or row tags of another prefix (two byte searches, a match only after)."""
        if self._foreign_hint not in data:
            return False
        return self._foreign.search(data) is not None

    def _scan(self, data: bytes) -> None:
        self.values += data.count(self.cell_end)
        if self._foreign_tags(data):
            self._scan_generic(data)
            return
        # Rows come in order: the chunk's last row is (nearly) its largest, and its cells
        # reach as far right as most. Two searches then prove that every cell tag and
        # every row tag of the chunk is an ordinary reference within that; only a
        # chunk where one is not (a far claim, another attribute order, a cell without a
        # reference) is matched exactly, tag by tag.
        # A second reference in a tag: only where a " r" is no cell's or row's first
        # attribute, or other white space (tab, line break) lies within the sheet's data.
        start = data.find(self.data_start)
        start = 0 if start < 0 else start
        stop = data.find(self.data_end, start)
        stop = len(data) if stop < 0 else stop
        refs = data.count(self.cell_ref, start, stop) + data.count(self.row_ref, start, stop)
        twice = data.count(b" r", start, stop) != refs or any(
            data.find(space, start, stop) >= 0 for space in _OTHER_SPACES
        )
        last = data.rfind(self.row_ref)
        if last < 0 or twice:
            self._scan_exact(data, twice)
            return
        rows, columns = self.rows, self.columns
        end = data.find(b'"', last + len(self.row_ref))
        number = data[last + len(self.row_ref) : end]
        if number.isdigit():
            rows = max(rows, int(number))
        # the last row is often cut short by the chunk's end: the one before is whole
        before = max(data.rfind(self.row_ref, 0, last), 0)
        for letters, row, empty in self._generic.findall(data, before):
            if not empty:
                rows = max(rows, _number(row))
                columns = max(columns, column_number(letters))
        if self._within_for != (rows, max(columns, 1)):
            self._build_within(rows, max(columns, 1))
        assert self._cells_within and self._rows_within
        if self._cells_within.search(data) or self._rows_within.search(data):
            self._scan_exact(data, twice=False)
            return
        if columns == 0 and self.cell_ref in data:
            columns = 1
        self.rows, self.columns = rows, columns

    def _build_within(self, rows: int, columns: int) -> None:
        """Patterns for a tag that is not an ordinary reference at most (rows, columns):
        a cell tag not followed by r="<letters><digits>" within them (an empty cell, or
        attributes in another order, count too: matching exactly is then needed), or a row
        tag whose r="…" is not a number within them."""
        self._within_for = (rows, columns)
        letters = _at_most(column_letters(columns), "A", "Z")
        number = _at_most(str(rows), "0", "9")
        cell = re.escape(self.cell_ref[:-4])  # "<c" or "<x:c"
        self._cells_within = re.compile(
            cell + rb'(?! r="' + letters.encode() + number.encode() + rb'")[\s>/]'
        )
        # a short literal first ("w r=") is found faster than the whole "<row r="
        self._rows_within = re.compile(
            rb'w r="(?<=' + re.escape(self.row_ref) + rb")(?!" + number.encode() + b'")'
        )

    def _scan_exact(self, data: bytes, twice: bool = True) -> None:
        """Every reference beyond the largest seen, matched (the values already counted);
        `twice`: a tag may hold a second reference (else the counts ruled it out)."""
        if (
            self._unusual.search(data)
            or (twice and self._twice.search(data))
            or self._foreign_tags(data)
        ):
            self._scan_generic(data)
            return
        referenced = self.cell_ref in data
        last = data.rfind(self.row_ref)
        if last >= 0:
            end = data.find(b'"', last + len(self.row_ref))
            number = data[last + len(self.row_ref) : end]
            if number.isdigit():
                self.rows = max(self.rows, int(number))
            for letters, row, empty in self._generic.findall(data, last):
                if not empty:
                    self.rows = max(self.rows, _number(row))
                    self.columns = max(self.columns, column_number(letters))
        if self._row_rx is None or self._built_for != (self.rows, self.columns):
            self._rebuild()
        while True:  # a reference beyond the largest seen: take it and look again
            changed = False
            assert self._row_rx and self._cell_row_rx and self._col_rx
            for number, empty in self._cell_row_rx.findall(data):
                if not empty and int(number) > self.rows:  # empty cells place no value
                    self.rows, changed = int(number), True
            for number in self._row_rx.findall(data):
                if int(number) > self.rows:
                    self.rows, changed = int(number), True
            for match in self._col_rx.finditer(data):
                if match.group(2):
                    continue
                value = column_number(match.group(1))
                if value > self.columns:
                    self.columns, changed = value, True
            if self.columns == 0 and referenced:
                self.columns = 1
                changed = True
            if not changed:
                return
            self._rebuild()

    def _scan_generic(self, data: bytes) -> None:
        """Attributes in another order or spacing, cells without references, a second
        reference in a tag, tags of any prefix: every tag looked at."""
        references = self._any_first.findall(data)
        for letters, number, empty in references + self._any_last.findall(data):
            if not empty:
                self.rows = max(self.rows, _number(number))
                self.columns = max(self.columns, column_number(letters))
        for number in self._any_row.findall(data) + self._any_row_last.findall(data):
            self.rows = max(self.rows, _number(number))
        tags = len(self._any_tag.findall(data))
        unreferenced = tags - len(references)
        self.unreferenced = max(self.unreferenced, unreferenced)
        self._row_rx = None


def scan_member(archive: zipfile.ZipFile, member: str) -> Extent:
    """The extent of one worksheet of an (already checked) archive, streamed."""
    with archive.open(member) as source:
        head = source.read(CHUNK)
        match = re.search(rb"<(\w+:)?worksheet\b", head)
        scanner = ExtentScanner(match.group(1) or b"" if match else b"")
        chunk = head
        while chunk:
            scanner.feed(chunk)
            chunk = source.read(CHUNK)
    return scanner.finish()


_ODS_REPEATED_CELL = re.compile(
    rb"<table:(?:covered-)?table-cell\b[^>]*?number-columns-repeated=\"(\d+)\"[^>]*?>"
)
_ODS_REPEATED_ROW = re.compile(rb"<table:table-row\b[^>]*?number-rows-repeated=\"(\d+)\"[^>]*>")
_ODS_CELL = re.compile(rb"<table:(?:covered-)?table-cell\b[^>]*?>")
_ODS_COLUMNS = re.compile(rb"number-columns-repeated=\"(\d+)\"")
_ODS_VALUE = b"office:value-type="


def _ods_has_value(tag: bytes) -> bool:
    return _ODS_VALUE in tag or not tag.endswith(b"/>")


def check_ods(archive: zipfile.ZipFile) -> Extent | None:
    """An Extent when content.xml repeats cells that hold a value (a cell across columns,
    a row with values down rows) into more than AREA_FLOOR cells, or one of them more than
    ODS_REPEAT_LIMIT times, else None. Empty repeats (how LibreOffice pads a sheet to its
    last row) cost a reader nothing and are not counted."""
    laid_out = 0
    rows = columns = 1
    worst = False
    with archive.open("content.xml") as source:
        tail = b""
        while chunk := source.read(CHUNK):
            data = tail + chunk
            cut = data.rfind(b">") + 1
            tail, data = data[cut:][-CHUNK:], data[:cut]
            for match in _ODS_REPEATED_CELL.finditer(data):
                count = int(match.group(1))
                if count > 1 and _ods_has_value(match.group(0)):
                    laid_out += count
                    columns = max(columns, count)
                    worst = worst or count > ODS_REPEAT_LIMIT
            for match in _ODS_REPEATED_ROW.finditer(data):
                count = int(match.group(1))
                if count <= 1:
                    continue
                end = data.find(b"</table:table-row>", match.end())
                tags = _ODS_CELL.findall(data, match.end(), end if end >= 0 else len(data))
                if not any(_ods_has_value(t) for t in tags):
                    continue
                width = sum(int(m.group(1)) if (m := _ODS_COLUMNS.search(t)) else 1 for t in tags)
                laid_out += count * width
                rows, columns = max(rows, count), max(columns, width)
                worst = worst or count > ODS_REPEAT_LIMIT
    if worst or laid_out > AREA_FLOOR:
        return Extent(rows, columns, 1)
    return None


def read_sparse(
    path: Path, sheet: str, limit: int | None = None
) -> tuple[list[str], Iterator[tuple[int, list]]]:
    """The workbook's sheet names, and (row number, cells) of each row of `sheet` that
    holds a value, cells from the sheet's leftmost column with a value, each row as long
    as its own last value (at most `limit` rows). Only the cells that exist are read.

    Raises TooSparse when those rows would hold more than SPARSE_CELLS cells."""
    import openpyxl
    from openpyxl.worksheet._reader import WorkSheetParser

    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        names = list(workbook.sheetnames)
        ws = workbook[sheet]
        numbered: list[tuple[int, dict[int, Any]]] = []
        left = None
        cells = values = 0
        with ws._get_source() as source:
            parser = WorkSheetParser(
                source,
                ws._shared_strings,
                data_only=True,
                epoch=workbook.epoch,
                date_formats=workbook._date_formats,
                timedelta_formats=workbook._timedelta_formats,
            )
            for number, row in parser.parse():
                found = {c["column"]: c["value"] for c in row if c["value"] not in (None, "")}
                if not found:
                    continue
                low = min(found)
                left = low if left is None else min(left, low)
                values += len(found)
                cells += max(found)
                if cells - (left - 1) * (len(numbered) + 1) > SPARSE_CELLS:
                    raise TooSparse(cells, values)
                numbered.append((number, found))
                if limit is not None and len(numbered) >= limit:
                    break
    finally:
        workbook.close()

    def rows() -> Iterator[tuple[int, list]]:
        for number, found in numbered:
            row: list = [None] * (max(found) - (left or 1) + 1)
            for column, value in found.items():
                row[column - (left or 1)] = value
            yield number, row

    return names, rows()


# --- .xls: the sizes its sheets declare -----------------------------------------------

_CFB_END = 0xFFFFFFFE
_XLS_CELLS = {0x00FD, 0x0203, 0x027E, 0x0204, 0x0006, 0x0205, 0x00D6}  # one value each
_XLS_MULRK = 0x00BD
_XLS_DIMENSIONS = 0x0200
_XLS_ROWS, _XLS_COLUMNS = 65_536, 256  # what BIFF8 can address


class _Cfb:
    """Just enough of an OLE compound file to read one stream: the FAT, the directory,
    the mini stream. Every chain is bounded by the file's size, so a loop in a damaged or
    crafted file ends."""

    def __init__(self, data: bytes) -> None:
        import struct

        self.data = data
        self.struct = struct
        shift, mini_shift = struct.unpack_from("<HH", data, 0x1E)
        if not 7 <= shift <= 16 or not 2 <= mini_shift <= shift:
            raise ValueError("not a compound file")
        self.size = 1 << shift
        self.mini_size = 1 << mini_shift
        (fat_count, self.dir_start, _tx, self.cutoff, self.minifat_start, _mc, difat_start,
         difat_count) = struct.unpack_from("<IIIIIIII", data, 0x2C)  # fmt: skip
        self.limit = len(data) // self.size + 1
        sectors = [s for s in struct.unpack_from("<109I", data, 0x4C) if s < _CFB_END]
        per = self.size // 4 - 1
        current = difat_start
        for _ in range(min(difat_count, self.limit)):
            if current >= _CFB_END:
                break
            entries = struct.unpack_from(f"<{per + 1}I", self._sector(current))
            sectors += [s for s in entries[:per] if s < _CFB_END]
            current = entries[per]
        self.fat = b"".join(self._sector(s) for s in sectors[: min(fat_count, self.limit)])

    def _sector(self, n: int) -> bytes:
        start = (n + 1) * self.size
        if start + self.size > len(self.data) + self.size:
            raise ValueError("sector beyond the file")
        return self.data[start : start + self.size]

    def _chain(self, table: bytes, start: int, limit: int) -> list[int]:
        out = []
        current = start
        while current < _CFB_END and len(out) < limit:
            out.append(current)
            if 4 * current + 4 > len(table):
                raise ValueError("chain beyond its table")
            current = self.struct.unpack_from("<I", table, 4 * current)[0]
        return out

    def stream(self, names: tuple[str, ...]) -> bytes | None:
        """The first stream called one of `names` (case-insensitive), or None."""
        directory = b"".join(
            self._sector(s) for s in self._chain(self.fat, self.dir_start, self.limit)
        )
        root = None
        wanted = {n.lower() for n in names}
        for at in range(0, len(directory) - 127, 128):
            entry = directory[at : at + 128]
            length = self.struct.unpack_from("<H", entry, 64)[0]
            name = entry[: max(length - 2, 0)].decode("utf-16-le", "replace")
            kind = entry[66]
            start, size = self.struct.unpack_from("<IQ", entry, 116)
            size &= 0xFFFFFFFF  # version 3 files leave the high half undefined
            if kind == 5:
                root = (start, size)
            elif kind == 2 and name.lower() in wanted:
                if size >= self.cutoff or root is None:
                    chain = self._chain(self.fat, start, self.limit)
                    return b"".join(self._sector(s) for s in chain)[:size]
                mini = b"".join(
                    self._sector(s) for s in self._chain(self.fat, self.minifat_start, self.limit)
                )
                container = b"".join(
                    self._sector(s) for s in self._chain(self.fat, root[0], self.limit)
                )
                pieces = self._chain(mini, start, len(container) // self.mini_size + 1)
                return b"".join(
                    container[p * self.mini_size : (p + 1) * self.mini_size] for p in pieces
                )[:size]
        return None


def check_xls(data: bytes) -> Extent | None:
    """An Extent when a sheet of an .xls declares a size beyond what the format can
    address, or far beyond the values it holds (calamine reserves what it declares:
    4 billion rows abort the process); None when the sizes are sane or cannot be told."""
    import struct

    try:
        book = _Cfb(data).stream(("Workbook", "Book"))
    except (ValueError, struct.error, IndexError):
        return None  # calamine says what is wrong with a damaged file
    if book is None:
        return None
    worst = None
    declared: list[tuple[int, int]] = []
    values = 0
    at, end = 0, len(book) - 4
    while at <= end:
        kind, length = struct.unpack_from("<HH", book, at)
        body = at + 4
        if kind in _XLS_CELLS:
            values += 1
        elif kind == _XLS_MULRK and length >= 6:
            values += (length - 6) // 6
        elif kind == _XLS_DIMENSIONS and body + length <= len(book):
            if length >= 14:
                first_row, last_row, first_col, last_col = struct.unpack_from("<IIHH", book, body)
            elif length >= 8:
                first_row, last_row, first_col, last_col = struct.unpack_from("<HHHH", book, body)
            else:
                first_row = last_row = first_col = last_col = 0
            declared.append((max(last_row - first_row, 0), max(last_col - first_col, 0)))
        at = body + length
    for rows, columns in declared:
        extent = Extent(rows, columns, values)
        if rows > _XLS_ROWS or columns > _XLS_COLUMNS or extent.absurd:
            worst = extent
    return worst
