"""Reading the customer lists people send: .xlsx/.xlsm/.xls/.ods and .csv, safely.

Spreadsheets are read with python-calamine (13× faster than openpyxl here); formula
cells give the value Excel last showed. Before a zipped workbook (.xlsx, .xlsm, .ods)
is parsed, its archive is checked: sizes and compression ratios (a zip bomb is a few
kilobytes that expand to gigabytes) and any DTD or entity declaration (the "billion
laughs" XML bomb) are refused before anything is expanded, with bounded memory. A
CSV's encoding is detected by how plausible the text is in each candidate (UTF-8,
UTF-16, GBK/GB18030, Big5: `text`), and a long CSV is streamed. Before calamine
lays out an .xlsx sheet, the largest row and column its values claim are found
(`sheet_guard`): a sheet that claims millions of cells for a handful of values is read
sparsely, never handed to a reader that would allocate gigabytes for it.

A quick look at the first rows (the wizard's preview) reads a copy of the workbook
cut after them (`sheet_parts`), because calamine parses the whole sheet before it
returns the first row; openpyxl streams them where no such copy can be made.
"""

from __future__ import annotations

import contextlib
import csv
import logging
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from crm_desktop.errors import UserError
from crm_desktop.messages import msg
from crm_desktop.services.importing import sheet_guard, web_tables
from crm_desktop.services.importing.sheet_guard import AbsurdSheet, TooSparse
from crm_desktop.services.importing.sheet_parts import (
    LazyParts,
    PartedSheet,
    PartFailed,
    parse_head,
    parse_lazily,
    sheet_member,
    sheet_names,
)
from crm_desktop.services.importing.text import (
    CsvRows,
    Undecodable,
    count_lines,
    sniff_text,
)

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
ZIPPED_SUFFIXES = (".xlsx", ".xlsm", ".ods")
SUFFIXES = (*SPREADSHEET_SUFFIXES, ".csv", ".txt")

# Zip bomb limits. A real 100k-row × 20-column sheet is ~110 MB of XML at a ratio of ~7.
MAX_TOTAL_UNCOMPRESSED = 1_500_000_000
MAX_MEMBERS = 10_000
MAX_RATIO = 200
RATIO_CHECK_ABOVE = 1_000_000  # tiny members may compress very well; only big ones count
PROLOG_LIMIT = 1_000_000  # bytes of an XML member read while looking for a DTD
HEAD_ROWS = 1_200  # rows of a streamed sheet kept as lists: headers, samples, the preview
MAX_COLUMNS = 16_384  # Excel's own limit

ZIP_MAGIC = b"PK\x03\x04"
CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE compound file: .xls, or an encrypted .xlsx
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
_ENCRYPTION_INFO = "EncryptionInfo".encode("utf-16-le")

log = logging.getLogger(__name__)


class ImportFileError(UserError):
    """The file cannot be read as a customer list; the message says why in plain words."""


@dataclass
class SheetData:
    """The cells of one sheet as read: `rows[i]` is file row `row_numbers[i]` (1-based)."""

    path: Path
    kind: str  # "xlsx", "xls", "ods", "csv"
    sheet_names: list[str]
    sheet: str
    rows: list[list] = field(default_factory=list)
    row_numbers: list[int] = field(default_factory=list)
    complete: bool = True  # False: only the first rows were read (a preview)
    total_rows: int | None = None  # rows in the sheet when known
    encoding: str | None = None  # CSV only
    # a whole spreadsheet is streamed from calamine's sheet (in parts: `sheet_parts`),
    # a long CSV from its file, instead of held as Python lists: `rows` then holds
    # only the first HEAD_ROWS non-blank rows
    stream: PartedSheet | CsvRows | None = field(default=None, repr=False)
    sparse: bool = False  # read cell by cell: the sheet claims far more than it holds
    # the cells merged down over several rows (业务员 over a salesperson's customers):
    # (first row, first column, last row, last column) as `iter_from` counts them, rows
    # from 0 (file row 1); known for a sheet calamine reads whole, not one read in parts
    merged_down: list[tuple[int, int, int, int]] = field(default_factory=list)

    def iter_from(self, position: int, *, release: bool = False) -> Iterator[tuple[int, list]]:
        """(row number, cells) of every non-blank row from the `position`-th one on.
        `release`: a streamed sheet's parts are let go as their rows are read
        (`PartedSheet.rows`); the caller makes no second pass."""
        if self.stream is None:
            yield from zip(self.row_numbers[position:], self.rows[position:], strict=True)
            return
        k = 0
        try:
            for i, row in self.stream.rows(release=release):
                if _nonblank(row):
                    if k >= position:
                        yield i + 1, row
                    k += 1
        except PartFailed:  # a later part of the sheet, parsed while the first was read
            raise ImportFileError("import_read.damaged", file=self.path.name) from None


# --- checking the container --------------------------------------------------------------


def sniff(path: Path) -> str:
    """What the file really is, from its first bytes (the name's suffix can lie)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(8)
    except FileNotFoundError:
        raise ImportFileError("import_read.not_found", file=str(path)) from None
    except IsADirectoryError:
        raise ImportFileError("import_read.is_folder", file=str(path)) from None
    except OSError as exc:
        raise ImportFileError(
            "import_read.cannot_open", file=str(path), reason=exc.strerror or str(exc)
        ) from None
    if not head:
        raise ImportFileError("import_read.empty_file", file=path.name)
    if head.startswith(ZIP_MAGIC):
        return "zip"
    if head.startswith(CFB_MAGIC):
        return "cfb"
    return "text"


def _is_encrypted_cfb(path: Path) -> bool:
    """An OLE container holding an EncryptedPackage: a password-protected .xlsx/.xlsm.

    An encrypted .xls is a normal OLE file; calamine reports it as password-protected.
    """
    size = path.stat().st_size
    with open(path, "rb") as fh:
        # directory entries sit in any sector; read the file in slices (bounded memory)
        overlap = b""
        while True:
            chunk = fh.read(1 << 20)
            if not chunk:
                return False
            data = overlap + chunk
            if _ENCRYPTED_STREAM in data or _ENCRYPTION_INFO in data:
                return True
            overlap = data[-64:]
            if fh.tell() >= size:
                return False


def check_zip(path: Path) -> None:
    """Refuse zip bombs, XML bombs and broken archives before any XML is parsed."""
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise ImportFileError("import_read.damaged", file=path.name) from None
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_MEMBERS:
            raise ImportFileError("import_read.too_many_parts", file=path.name, count=len(infos))
        total = 0
        for info in infos:
            total += info.file_size
            if info.file_size > RATIO_CHECK_ABOVE and info.file_size > MAX_RATIO * max(
                info.compress_size, 1
            ):
                raise ImportFileError(
                    "import_read.zip_bomb",
                    file=path.name,
                    part=info.filename,
                    ratio=info.file_size // max(info.compress_size, 1),
                    megabytes=f"{info.file_size / 1e6:.0f}",
                )
        if total > MAX_TOTAL_UNCOMPRESSED:
            raise ImportFileError(
                "import_read.too_big",
                file=path.name,
                size=f"{total / 1e9:.1f}",
                limit=f"{MAX_TOTAL_UNCOMPRESSED / 1e9:.1f}",
            )
        for info in infos:
            name = info.filename.lower()
            if name.endswith((".xml", ".rels", ".vml")):
                _check_prolog(archive, info, path)


def _check_prolog(archive: zipfile.ZipFile, info: zipfile.ZipInfo, path: Path) -> None:
    """A DTD can only appear before the root element: read up to it, refuse one if present."""
    try:
        with archive.open(info) as member:
            seen = b""
            while len(seen) < PROLOG_LIMIT:
                chunk = member.read(16_384)
                if not chunk:
                    break
                seen += chunk
                upper = seen.upper()
                if b"<!DOCTYPE" in upper or b"<!ENTITY" in upper:
                    raise ImportFileError(
                        "import_read.xml_bomb", file=path.name, part=info.filename
                    )
                if _root_started(seen):
                    return
    except (zipfile.BadZipFile, EOFError, OSError, ValueError) as exc:
        if isinstance(exc, ImportFileError):
            raise
        raise ImportFileError(
            "import_read.damaged_part", file=path.name, part=info.filename
        ) from None
    if len(seen) >= PROLOG_LIMIT:
        raise ImportFileError(
            "import_read.no_content",
            file=path.name,
            part=info.filename,
            kilobytes=PROLOG_LIMIT // 1000,
        )


def _root_started(data: bytes) -> bool:
    """True once the bytes contain a start tag that is not <? … ?> or <! … >."""
    start = 0
    while True:
        i = data.find(b"<", start)
        if i < 0 or i + 1 >= len(data):
            return False
        nxt = data[i + 1 : i + 2]
        if nxt not in (b"?", b"!"):
            return True
        start = i + 1


# --- reading -------------------------------------------------------------------------------


def read_file(path: str | Path, sheet: str | None = None, limit: int | None = None) -> SheetData:
    """The rows of one sheet (the first by default); `limit` reads only that many rows.

    Raises ImportFileError with a plain message for anything that is not a readable list.
    """
    path = Path(path)
    kind = sniff(path)
    suffix = path.suffix.lower()
    if kind == "cfb":
        if suffix in (".xlsx", ".xlsm") or _is_encrypted_cfb(path):
            raise ImportFileError("import_read.password", file=path.name)
        extent = sheet_guard.check_xls(path.read_bytes())
        if extent is not None:  # calamine would reserve what the sheet declares
            raise ImportFileError(
                "import_read.absurd_xls",
                file=path.name,
                rows=extent.rows,
                columns=extent.columns,
                values=extent.values,
            )
        return _read_calamine(path, "xls", sheet, limit)
    if kind == "zip":
        check_zip(path)
        with zipfile.ZipFile(path) as archive:
            names = {n.lower() for n in archive.namelist()}
        if "content.xml" in names and "xl/workbook.xml" not in names:
            _guard_ods(path)
            return _read_calamine(path, "ods", sheet, limit)
        if "xl/workbook.xml" not in names:
            raise ImportFileError("import_read.zip_not_workbook", file=path.name)
        if limit is not None:
            return _read_xlsx_head(path, sheet, limit) or _read_sparse(path, sheet, limit)
        return _read_calamine(path, "xlsx", sheet, limit)
    if suffix in (".xlsx", ".xlsm", ".xls", ".ods"):
        posing = _text_posing(path)
        if posing == "html":
            return _read_html(path, limit)
        if posing == "xml2003":
            return _read_xml2003(path, sheet, limit)
    return _read_csv(path, limit)


def read_heads(data: SheetData, limit: int) -> dict[str, SheetData | None]:
    """The first `limit` rows of each sheet of the workbook `data` was read from by
    `read_file` (its container checked there), `data`'s own sheet left out (None:
    unreadable). An .xls or .ods is opened once for all of them: calamine parses the
    whole workbook when it opens one (a 4-sheet .ods: 0.2 s a time), then a sheet's
    first rows cost milliseconds."""
    path = data.path
    names = [name for name in data.sheet_names if name != data.sheet]
    out: dict[str, SheetData | None] = {}
    if data.kind == "ods" or (data.kind == "xls" and sniff(path) == "cfb"):
        import python_calamine as pc

        try:
            workbook = pc.CalamineWorkbook.from_path(str(path))
        except Exception:  # noqa: BLE001 - read the first time: only gone since
            return dict.fromkeys(names)
        with contextlib.closing(workbook):
            for name in names:
                try:
                    sheet = workbook.get_sheet_by_name(name)
                    out[name] = _sheet_data(path, data.kind, data.sheet_names, name, [sheet], limit)
                except Exception:  # noqa: BLE001 - calamine raises several types
                    out[name] = None
        return out
    for name in names:
        try:
            out[name] = read_file(path, name, limit)
        except ImportFileError:
            out[name] = None
    return out


def _text_posing(path: Path) -> str:
    """A workbook name on a file that is not a workbook: "html" or "xml2003" (what web
    systems save as .xls: `web_tables`), "text" (a tab-separated export); anything else
    is refused with what it seems to be."""
    with open(path, "rb") as fh:
        head = fh.read(4096)
    kind = web_tables.kind_of(head)
    if kind is not None:
        return kind
    head = head.lower().lstrip()
    if head.startswith((b"<html", b"<!doctype", b"<table")):
        hint = "import_read.hint_web_page"
    elif head.startswith(b"%pdf"):
        hint = "import_read.hint_pdf"
    elif head.startswith(b"{\\rtf"):
        hint = "import_read.hint_rtf"
    elif _delimited(path):
        return "text"
    else:
        hint = "import_read.hint_other"
    raise ImportFileError("import_read.not_spreadsheet", file=path.name, hint=msg(hint))


def _delimited(path: Path) -> bool:
    """Whether a text file is a table: two lines or more, each with the separator."""
    try:
        layout = sniff_text(path)
    except Undecodable:
        return False
    with open(path, encoding=layout.encoding, errors="replace", newline="") as fh:
        lines = [line for line in islice(fh, 20) if line.strip()]
    return len(lines) >= 2 and all(layout.delimiter in line for line in lines)


def _read_html(path: Path, limit: int | None) -> SheetData:
    """The main table of a web page saved as .xls, as a CSV's rows."""
    try:
        rows, encoding = web_tables.read_html(path)
    except Undecodable:
        raise ImportFileError("import_read.undecodable", file=path.name) from None
    except web_tables.WebTableError:
        hint = msg("import_read.hint_web_page")
        raise ImportFileError("import_read.not_spreadsheet", file=path.name, hint=hint) from None
    out = SheetData(path, "csv", [path.stem], path.stem, encoding=encoding)
    out.total_rows = len(rows)
    if limit is not None and len(rows) > limit:
        rows, out.complete = rows[:limit], False
    _keep_nonblank(out, enumerate(rows, start=1))
    return out


def _read_xml2003(path: Path, sheet: str | None, limit: int | None) -> SheetData:
    """A worksheet of Excel 2003's XML spreadsheet saved as .xls."""
    try:
        names = web_tables.xml_sheet_names(path)
        if sheet is not None and sheet not in names:
            raise ImportFileError(
                "import_read.no_such_sheet", file=path.name, sheet=sheet, sheets=names
            )
        out = SheetData(path, "xls", names, sheet or (names[0] if names else path.stem))
        rows = web_tables.read_xml_sheet(path, sheet)
        _keep_nonblank(out, islice(rows, limit) if limit is not None else rows)
    except (ElementTree.ParseError, web_tables.WebTableError):
        raise ImportFileError("import_read.damaged", file=path.name) from None
    out.complete = limit is None or len(out.rows) < limit
    out.total_rows = out.row_numbers[-1] if out.row_numbers else 0
    return out


def _calamine_error(path: Path, exc: Exception) -> ImportFileError:
    import python_calamine as pc

    if isinstance(exc, pc.PasswordError) or "password" in str(exc).lower():
        return ImportFileError("import_read.password", file=path.name)
    return ImportFileError("import_read.damaged", file=path.name)


def _read_calamine(path: Path, kind: str, sheet: str | None, limit: int | None) -> SheetData:
    import python_calamine as pc

    if kind == "xlsx" and limit is None:
        # a whole large worksheet: parsed in parts at once, one per core
        names = _xlsx_sheet_names(path)
        if names:
            name = _pick_sheet(path, names, sheet)
            try:
                lazy = parse_lazily(path, name)
            except AbsurdSheet:
                return _read_sparse(path, name, None)
            if lazy is not None:
                try:  # its first part's rows come while the others are parsed
                    return _sheet_data(path, kind, names, name, lazy.parts, limit, lazy)
                except PartFailed as exc:
                    log.info("%s: sheet '%s' parsed whole (%s)", path.name, name, exc)
        if _absurd_xlsx(path, names and _pick_sheet(path, names, sheet)):
            return _read_sparse(path, sheet, None)
    try:
        workbook = pc.CalamineWorkbook.from_path(str(path))
        names = list(workbook.sheet_names)
    except Exception as exc:  # calamine raises several types for broken files
        raise _calamine_error(path, exc) from None
    try:
        if not names:
            raise ImportFileError("import_read.no_sheets", file=path.name)
        name = _pick_sheet(path, names, sheet)
        return _sheet_data(path, kind, names, name, [workbook.get_sheet_by_name(name)], limit)
    except ImportFileError:
        raise
    except Exception as exc:
        raise _calamine_error(path, exc) from None
    finally:
        workbook.close()


def _xlsx_sheet_names(path: Path) -> list[str]:
    try:
        return sheet_names(path)
    except Exception:  # an odd workbook.xml: calamine names the sheets, or says what is wrong
        return []


def _read_xlsx_head(path: Path, sheet: str | None, limit: int) -> SheetData | None:
    """The first `limit` rows as calamine reads them, from a cut copy of the workbook."""
    names = _xlsx_sheet_names(path)
    if not names:
        return None
    name = _pick_sheet(path, names, sheet)
    try:
        head = parse_head(path, name, limit)
    except AbsurdSheet:
        return _read_sparse(path, name, limit)
    if head is None:
        return None
    out = _sheet_data(path, "xlsx", head.names, name, [head.sheet], limit)
    out.complete = out.complete and head.complete
    if not head.complete:
        out.total_rows = head.total_rows
    return out


def _sheet_data(
    path: Path,
    kind: str,
    names: list[str],
    name: str,
    parts: list[Any],
    limit: int | None,
    known: LazyParts | None = None,
) -> SheetData:
    """What calamine's sheet (`parts` of it, in order, perhaps still parsing: `known`)
    holds: every row with `limit` None (the first HEAD_ROWS as lists, the rest streamed),
    else the first `limit` rows."""
    sheet = PartedSheet(parts, known)
    if sheet.width > MAX_COLUMNS:
        raise ImportFileError(
            "import_read.too_many_columns",
            file=path.name,
            sheet=name,
            count=sheet.width,
            limit=MAX_COLUMNS,
        )
    total = sheet.total_rows  # rows from the sheet's first
    head = list(islice(sheet.rows(), limit or HEAD_ROWS))
    read_all = not head or head[-1][0] + 1 >= total
    out = SheetData(path, kind, names, name, complete=limit is None or read_all)
    out.total_rows = total
    _keep_nonblank(out, ((i + 1, row) for i, row in head))
    if known is None and len(sheet.sheets) == 1:
        out.merged_down = _merged_down(sheet.sheets[0], sheet.left)
    if limit is None and not read_all:
        out.stream = sheet
    return out


def _merged_down(sheet: Any, left: int) -> list[tuple[int, int, int, int]]:
    """The ranges of calamine's `sheet` merged over more than one row, in the columns of
    its rows (`left`: the sheet's first column)."""
    try:
        ranges = sheet.merged_cell_ranges or []
    except Exception:  # a format calamine keeps no merges of
        return []
    return [
        (top, first - left, bottom, last - left)
        for (top, first), (bottom, last) in ranges
        if bottom > top and last >= left
    ]


def _pick_sheet(path: Path, names: list[str], sheet: str | None) -> str:
    if sheet is None:
        return names[0]
    if sheet in names:
        return sheet
    folded = {n.strip().lower(): n for n in names}
    if sheet.strip().lower() in folded:
        return folded[sheet.strip().lower()]
    raise ImportFileError("import_read.no_such_sheet", file=path.name, sheet=sheet, sheets=names)


def _nonblank(row: list) -> bool:
    for value in row:
        if value is not None and value != "" and not (isinstance(value, str) and not value.strip()):
            return True
    return False


def _keep_nonblank(out: SheetData, numbered: Iterable[tuple[int, Sequence]]) -> None:
    """Blank rows are dropped; each kept row remembers its row number in the file."""
    for number, row in numbered:
        if _nonblank(row):
            out.rows.append(row if isinstance(row, list) else list(row))
            out.row_numbers.append(number)


def _absurd_xlsx(path: Path, sheet: str | None) -> bool:
    """Whether the worksheet (every worksheet when its name is unknown) claims far more
    cells than it holds: then it is read sparsely, never laid out by calamine."""
    with zipfile.ZipFile(path) as archive:
        member = sheet_member(archive, sheet) if sheet else None
        members = (
            [member]
            if member
            else [
                n
                for n in archive.namelist()
                if n.startswith("xl/worksheets/") and n.endswith(".xml")
            ]
        )
        return any(sheet_guard.scan_member(archive, m).absurd for m in members)


def _guard_ods(path: Path) -> None:
    """Refuse an OpenDocument sheet that repeats a non-empty cell or row beyond reason."""
    with zipfile.ZipFile(path) as archive:
        extent = sheet_guard.check_ods(archive)
    if extent is not None:
        raise ImportFileError(
            "import_read.absurd_sheet",
            file=path.name,
            sheet="content.xml",
            rows=extent.rows,
            columns=extent.columns,
            values=extent.values,
        )


def _read_sparse(path: Path, sheet: str | None, limit: int | None) -> SheetData:
    """Only the cells that exist, row by row (a sheet that claims far more than it holds,
    or whose first rows cannot be cut out for calamine)."""
    names = _xlsx_sheet_names(path)
    try:
        if not names:
            import openpyxl

            workbook = openpyxl.load_workbook(path, read_only=True)
            names = list(workbook.sheetnames)
            workbook.close()
        name = _pick_sheet(path, names, sheet)
        names, numbered = sheet_guard.read_sparse(path, name, limit)
        rows = list(numbered)
    except ImportFileError:
        raise
    except TooSparse as exc:
        with zipfile.ZipFile(path) as archive:
            member = sheet_member(archive, name)
            extent = sheet_guard.scan_member(archive, member) if member else None
        raise ImportFileError(
            "import_read.absurd_sheet",
            file=path.name,
            sheet=name,
            rows=extent.rows if extent else "?",
            columns=extent.columns if extent else "?",
            values=exc.values,
        ) from None
    except Exception:  # openpyxl raises many types for broken files
        raise ImportFileError("import_read.damaged", file=path.name) from None
    width = max((len(row) for _n, row in rows), default=0)
    if width > MAX_COLUMNS:
        raise ImportFileError(
            "import_read.too_many_columns", file=path.name, sheet=name, count=width,
            limit=MAX_COLUMNS,
        )  # fmt: skip
    out = SheetData(path, "xlsx", names, name, sparse=True)
    out.complete = limit is None or len(rows) < limit
    out.total_rows = rows[-1][0] if rows else 0
    _keep_nonblank(out, rows)
    return out


def _read_csv(path: Path, limit: int | None) -> SheetData:
    """The first rows of a text file as lists; the rest streamed from the file."""
    with open(path, "rb") as fh:
        head = fh.read(4096)
    try:
        layout = sniff_text(path)
    except Undecodable:
        if b"\x00" in head:
            raise ImportFileError(
                "import_read.not_spreadsheet", file=path.name, hint=msg("import_read.hint_binary")
            ) from None
        raise ImportFileError("import_read.undecodable", file=path.name) from None
    out = SheetData(path, "csv", [path.stem], path.stem, encoding=layout.encoding)
    reader = CsvRows(path, layout)
    keep = limit or HEAD_ROWS
    rows: list = []
    more = False
    try:
        for _i, row in reader.rows():
            if len(row) > MAX_COLUMNS:
                raise ImportFileError(
                    "import_read.too_many_columns", file=path.name, sheet=path.stem,
                    count=len(row), limit=MAX_COLUMNS,
                )  # fmt: skip
            if len(rows) >= keep:
                more = True
                break
            rows.append(row)
    except csv.Error as exc:
        raise ImportFileError(
            "import_read.csv_error", file=path.name, row=reader.line_num, detail=str(exc)
        ) from None
    _keep_nonblank(out, enumerate(rows, start=1))
    if not more:
        out.total_rows = len(rows)
    elif limit is not None:
        out.complete = False
        out.total_rows = count_lines(path)
    else:  # a long file: the import reads it again from disk as it goes
        reader.total_rows = out.total_rows = count_lines(path)
        out.stream = reader
    return out


def iter_rows(data: SheetData) -> Iterator[tuple[int, list]]:
    yield from zip(data.row_numbers, data.rows, strict=True)
