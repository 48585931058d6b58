"""Reading the customer lists people send: .xlsx/.xlsm/.xls/.ods and .csv, safely.

Spreadsheets are read with python-calamine (13× faster than openpyxl here); formula
cells give the value Excel last showed. Before a zipped workbook (.xlsx, .xlsm, .ods)
is parsed, its archive is checked: sizes and compression ratios (a zip bomb is a few
kilobytes that expand to gigabytes) and any DTD or entity declaration (the "billion
laughs" XML bomb) are refused before anything is expanded, with bounded memory. A
CSV's encoding is detected: UTF-8 with or without BOM, UTF-16 with BOM, else GB18030
(a superset of GBK, what Excel writes on a Chinese system).

A quick look at the first rows (the wizard's preview) reads a copy of the workbook
cut after them (`sheet_parts`), because calamine parses the whole sheet before it
returns the first row; openpyxl streams them where no such copy can be made.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from crm_desktop.errors import UserError
from crm_desktop.services.sheet_parts import (
    PartedSheet,
    parse_head,
    parse_in_parts,
    sheet_names,
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
CSV_FIELD_LIMIT = 1_000_000
HEAD_ROWS = 1_200  # rows of a streamed sheet kept as lists: headers, samples, the preview
MAX_COLUMNS = 16_384  # Excel's own limit

ZIP_MAGIC = b"PK\x03\x04"
CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE compound file: .xls, or an encrypted .xlsx
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
_ENCRYPTION_INFO = "EncryptionInfo".encode("utf-16-le")


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
    # a whole spreadsheet is streamed from calamine's sheet (in parts: `sheet_parts`)
    # instead of held as Python lists: `rows` then holds only the first HEAD_ROWS
    # non-blank rows
    stream: PartedSheet | None = field(default=None, repr=False)

    def iter_from(self, position: int, *, release: bool = False) -> Iterator[tuple[int, list]]:
        """(row number, cells) of every non-blank row from the `position`-th one on.
        `release`: a streamed sheet's parts are let go as their rows are read
        (`PartedSheet.rows`); the caller makes no second pass."""
        if self.stream is None:
            yield from zip(self.row_numbers[position:], self.rows[position:], strict=True)
            return
        k = 0
        for i, row in self.stream.rows(release=release):
            if _nonblank(row):
                if k >= position:
                    yield i + 1, row
                k += 1


# --- checking the container --------------------------------------------------------------


def sniff(path: Path) -> str:
    """What the file really is, from its first bytes (the name's suffix can lie)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(8)
    except FileNotFoundError:
        raise ImportFileError(f"The file {path} does not exist.") from None
    except IsADirectoryError:
        raise ImportFileError(f"{path} is a folder, not a file.") from None
    except OSError as exc:
        raise ImportFileError(f"The file {path} cannot be read: {exc.strerror}.") from None
    if not head:
        raise ImportFileError(f"The file {path.name} is empty (0 bytes).")
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
        raise ImportFileError(
            f"{path.name} is damaged or incomplete (the archive cannot be opened); "
            "save it again from Excel and retry."
        ) from None
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_MEMBERS:
            raise ImportFileError(
                f"{path.name} holds {len(infos)} parts; a workbook never has that many. Refused."
            )
        total = 0
        for info in infos:
            total += info.file_size
            if info.file_size > RATIO_CHECK_ABOVE and info.file_size > MAX_RATIO * max(
                info.compress_size, 1
            ):
                raise ImportFileError(
                    f"{path.name} is refused: its part {info.filename} would expand "
                    f"{info.file_size // max(info.compress_size, 1)}-fold "
                    f"to {info.file_size / 1e6:.0f} MB (a zip bomb?)."
                )
        if total > MAX_TOTAL_UNCOMPRESSED:
            raise ImportFileError(
                f"{path.name} is refused: it would expand to {total / 1e9:.1f} GB, "
                f"more than the {MAX_TOTAL_UNCOMPRESSED / 1e9:.1f} GB an import may use."
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
                        f"{path.name} is refused: its part {info.filename} declares a DTD or "
                        "entities, which a workbook never needs (an XML bomb?)."
                    )
                if _root_started(seen):
                    return
    except (zipfile.BadZipFile, EOFError, OSError, ValueError) as exc:
        if isinstance(exc, ImportFileError):
            raise
        raise ImportFileError(
            f"{path.name} is damaged or incomplete (part {info.filename} cannot be read); "
            "save it again from Excel and retry."
        ) from None
    if len(seen) >= PROLOG_LIMIT:
        raise ImportFileError(
            f"{path.name} is refused: part {info.filename} has no content in its first "
            f"{PROLOG_LIMIT // 1000} KB."
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
            raise ImportFileError(
                f"{path.name} is protected by a password. Open it in Excel, remove the "
                "password (File › Info › Protect Workbook), save, and import again."
            )
        return _read_calamine(path, "xls", sheet, limit)
    if kind == "zip":
        check_zip(path)
        with zipfile.ZipFile(path) as archive:
            names = {n.lower() for n in archive.namelist()}
        if "content.xml" in names and "xl/workbook.xml" not in names:
            return _read_calamine(path, "ods", sheet, limit)
        if "xl/workbook.xml" not in names:
            raise ImportFileError(
                f"{path.name} is a zip archive but not an Excel or OpenDocument workbook."
            )
        if limit is not None:
            return _read_xlsx_head(path, sheet, limit) or _read_openpyxl_head(path, sheet, limit)
        return _read_calamine(path, "xlsx", sheet, limit)
    if suffix in (".xlsx", ".xlsm", ".xls", ".ods"):
        _refuse_text_posing(path)
    return _read_csv(path, limit)


def _refuse_text_posing(path: Path) -> None:
    """A workbook name on a file that is not a workbook: say what it seems to be instead."""
    with open(path, "rb") as fh:
        head = fh.read(4096).lower().lstrip()
    if head.startswith((b"<html", b"<!doctype", b"<table")):
        hint = "it is a web page saved with a spreadsheet name"
    elif head.startswith(b"%pdf"):
        hint = "it is a PDF document"
    elif head.startswith(b"{\\rtf"):
        hint = "it is a Word (RTF) document"
    else:
        hint = "it is not an Excel or OpenDocument workbook (if it is CSV text, rename it to .csv)"
    raise ImportFileError(
        f"{path.name} is not a spreadsheet: {hint}. Save it from Excel as .xlsx or .csv "
        "and import again."
    )


def _calamine_error(path: Path, exc: Exception) -> ImportFileError:
    import python_calamine as pc

    if isinstance(exc, pc.PasswordError) or "password" in str(exc).lower():
        return ImportFileError(
            f"{path.name} is protected by a password. Open it in Excel, remove the password, "
            "save, and import again."
        )
    return ImportFileError(
        f"{path.name} is damaged or incomplete and cannot be read; save it again from Excel "
        "and retry."
    )


def _read_calamine(path: Path, kind: str, sheet: str | None, limit: int | None) -> SheetData:
    import python_calamine as pc

    if kind == "xlsx" and limit is None:
        # a whole large worksheet: parsed in parts at once, one per core
        names = _xlsx_sheet_names(path)
        if names:
            name = _pick_sheet(path, names, sheet)
            parts = parse_in_parts(path, name)
            if parts is not None:
                return _sheet_data(path, kind, names, name, parts, limit)
    try:
        workbook = pc.CalamineWorkbook.from_path(str(path))
        names = list(workbook.sheet_names)
    except Exception as exc:  # calamine raises several types for broken files
        raise _calamine_error(path, exc) from None
    try:
        if not names:
            raise ImportFileError(f"{path.name} has no sheets.")
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
    head = parse_head(path, name, limit)
    if head is None:
        return None
    out = _sheet_data(path, "xlsx", head.names, name, [head.sheet], limit)
    out.complete = out.complete and head.complete
    if not head.complete:
        out.total_rows = head.total_rows
    return out


def _sheet_data(
    path: Path, kind: str, names: list[str], name: str, parts: list[Any], limit: int | None
) -> SheetData:
    """What calamine's sheet (`parts` of it, in order) holds: every row with `limit` None
    (the first HEAD_ROWS as lists, the rest streamed), else the first `limit` rows."""
    sheet = PartedSheet(parts)
    if sheet.width > MAX_COLUMNS:
        raise ImportFileError(f"Sheet '{name}' has {sheet.width} columns; at most {MAX_COLUMNS}.")
    total = sheet.total_rows  # rows from the sheet's first
    head = list(islice(sheet.rows(), limit or HEAD_ROWS))
    read_all = not head or head[-1][0] + 1 >= total
    out = SheetData(path, kind, names, name, complete=limit is None or read_all)
    out.total_rows = total
    _keep_nonblank(out, ((i + 1, row) for i, row in head))
    if limit is None and not read_all:
        out.stream = sheet
    return out


def _pick_sheet(path: Path, names: list[str], sheet: str | None) -> str:
    if sheet is None:
        return names[0]
    if sheet in names:
        return sheet
    folded = {n.strip().lower(): n for n in names}
    if sheet.strip().lower() in folded:
        return folded[sheet.strip().lower()]
    raise ImportFileError(
        f"{path.name} has no sheet named '{sheet}'; its sheets are: " + ", ".join(names)
    )


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


def _read_openpyxl_head(path: Path, sheet: str | None, limit: int) -> SheetData:
    """The first `limit` rows, streamed: fast however long the sheet (defusedxml guards it)."""
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception:
        raise ImportFileError(
            f"{path.name} is damaged or incomplete and cannot be read; save it again from "
            "Excel and retry."
        ) from None
    try:
        names = list(workbook.sheetnames)
        name = _pick_sheet(path, names, sheet)
        ws = workbook[name]
        rows: list = []
        try:
            total = ws.max_row
        except Exception:
            total = None
        for row in ws.iter_rows(values_only=True):
            rows.append(list(row))
            if len(rows) >= limit:
                break
    except ImportFileError:
        raise
    except Exception:
        raise ImportFileError(
            f"{path.name} is damaged or incomplete and cannot be read; save it again from "
            "Excel and retry."
        ) from None
    finally:
        workbook.close()
    out = SheetData(path, "xlsx", names, name, complete=len(rows) < limit)
    out.total_rows = total
    _keep_nonblank(out, enumerate(rows, start=1))
    return out


def decode_text(raw: bytes) -> tuple[str, str]:
    """Text and the encoding it was in: UTF-8 (BOM or not), UTF-16 with BOM, else GB18030."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16"), "utf-16"
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("gb18030"), "gb18030"
    except UnicodeDecodeError:
        raise ImportFileError(
            "The file is not a spreadsheet: its text is neither UTF-8 nor GBK/GB18030."
        ) from None


def _read_csv(path: Path, limit: int | None) -> SheetData:
    raw = path.read_bytes()
    if b"\x00" in raw[:4096] and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportFileError(
            f"{path.name} is not a spreadsheet: it is neither an Excel/OpenDocument workbook "
            "nor a CSV text file."
        )
    try:
        text, encoding = decode_text(raw)
    except ImportFileError as exc:
        raise ImportFileError(f"{path.name}: {exc.message}") from None
    del raw
    sample = text[:20_000]
    delimiter = _delimiter(sample)
    csv.field_size_limit(CSV_FIELD_LIMIT)
    out = SheetData(path, "csv", [path.stem], path.stem, encoding=encoding)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list = []
    try:
        for row in reader:
            rows.append(row)
            if limit is not None and len(rows) >= limit:
                out.complete = False
                break
    except csv.Error as exc:
        raise ImportFileError(
            f"{path.name}, row {reader.line_num}: the text cannot be read as CSV ({exc})."
        ) from None
    if rows and max(len(r) for r in rows) > MAX_COLUMNS:
        raise ImportFileError(f"{path.name} has more than {MAX_COLUMNS} columns.")
    _keep_nonblank(out, enumerate(rows, start=1))
    if out.complete:
        out.total_rows = len(rows)
    return out


def _delimiter(sample: str) -> str:
    lines = [line for line in sample.splitlines()[:20] if line.strip()]
    if not lines:
        return ","
    best, best_score = ",", -1
    for cand in (",", "\t", ";", "|"):
        counts = [line.count(cand) for line in lines]
        score = min(counts) if counts else 0
        if score > best_score:
            best, best_score = cand, score
    return best


def iter_rows(data: SheetData) -> Iterator[tuple[int, list]]:
    yield from zip(data.row_numbers, data.rows, strict=True)
