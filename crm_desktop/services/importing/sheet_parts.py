"""A large .xlsx worksheet parsed in parts at once, one part per core.

calamine parses a sheet on one core (100k rows × 20 columns: 2.3 s here) and lets go
of the GIL while it does. A worksheet's XML is a list of <row> elements, each with
its own number (r="…"), so cutting the list between two rows gives worksheets that
calamine parses on their own into the same cells at the same places. Each part is
written as an uncompressed copy of the workbook (its other worksheets emptied) in a
temporary folder and parsed on a pool thread as soon as it is written, while the next
part is cut. 100k rows: 1.4 s instead of 2.3 s on two cores. The caller need not wait
for them all (`parse_lazily`, `PartedSheet`): the first part's rows are read while the
later parts are still being parsed.

The first rows alone (the wizard's preview, the mapping) are read the same way: a
copy of the workbook with the sheet cut after them and the shared strings cut after
the last one they use. calamine would parse the whole sheet for them, and openpyxl,
the usual streaming reader, loads every shared string first: a 100k-row list as
Excel saves it (540k strings) takes it 8 s; the cut copy takes a few milliseconds
and gives the cells exactly as the import will read them.

Every chunk of the worksheet that is cut also passes through `sheet_guard`'s scanner,
and no part is handed to calamine while the sheet so far claims far more cells than it
holds: `AbsurdSheet` is raised instead, and the caller reads the sheet sparsely.

Anything unexpected (rows without their numbers, CDATA or comments in the sheet, a
worksheet small enough to parse at once, one core, no room for the copies, a part
calamine refuses) gives None, and the caller reads the sheet as before.
Called on a workbook whose container `read.check_zip` has already checked.
"""

from __future__ import annotations

import contextlib
import logging
import posixpath
import re
import shutil
import tempfile
import threading
import zipfile
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from crm_desktop.offload import usable_cores
from crm_desktop.services.importing.sheet_guard import AbsurdSheet, ExtentScanner

log = logging.getLogger(__name__)

# bytes of worksheet XML worth cutting (~14k rows × 20 columns): a 20k-row list (14 MB)
# imports 0.1 s sooner cut (SQLite 1.45 -> 1.33 s, PostgreSQL 3.3 -> 3.2 s), a 10k-row
# one (6.9 MB) as soon either way, a 5k-row one 0.02 s later
SPLIT_ABOVE = 10_000_000
MAX_PARTS = 4  # each part copies the workbook's other members and parses its strings
CHUNK = 1 << 22  # bytes inflated at a time: memory stays a few chunks whatever the sheet
HEAD_LIMIT = 4 << 20  # the worksheet's XML before its first row (views, columns) is small

_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"[A-Z]+\d+(?::[A-Z]+(\d+))?\"")
_EMPTY_SHEET = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b"<sheetData/></worksheet>"
)
_NOT_ROWS = (b"<![CDATA[", b"<!--")  # could hide a "</row>" that ends no row
_WORKSHEET_TYPE = "/worksheet"
_STRINGS_TYPE = "/sharedStrings"


class _Unsuitable(Exception):
    """This sheet is not cut: parse it whole."""


class PartFailed(Exception):
    """A part of a cut sheet could not be parsed (the sheet is read whole instead, or, once
    its rows are being read, the file is damaged)."""


def parse_in_parts(path: Path, sheet: str) -> list[Any] | None:
    """The calamine sheets of the parts of worksheet `sheet` of `path`, in order; None
    when it is better (or only possible) to parse it whole."""
    lazy = parse_lazily(path, sheet)
    if lazy is None:
        return None
    try:
        return [future.result() for future in lazy.parts]
    except Exception as exc:  # calamine raises several types
        log.info("%s: sheet '%s' parsed whole (%r)", path.name, sheet, exc)
        return None


@dataclass
class LazyParts:
    """The parts of a cut sheet, each parsed on a thread of its own as soon as it was cut:
    rows can be read from the first while the others are parsed."""

    parts: list[Future]
    rows: int  # the largest row number the sheet claims
    columns: int  # the largest column number a value claims (all of them referenced)


def parse_lazily(path: Path, sheet: str) -> LazyParts | None:
    """Cut worksheet `sheet` of `path` into parts (every chunk checked for an absurd
    extent on the way) and have each parsed; None when it is better (or only possible)
    to parse it whole. Raises AbsurdSheet before any part reaches calamine."""
    parts = min(MAX_PARTS, usable_cores())
    if parts < 2:
        return None
    folder: Path | None = None
    try:
        with zipfile.ZipFile(path) as archive:
            member, _strings = _members(archive, sheet)
            if member is None or archive.getinfo(member).file_size < SPLIT_ABOVE:
                return None
            folder = Path(tempfile.mkdtemp(prefix="crm-import-parts-"))
            return _cut_and_parse(archive, member, sheet, parts, folder)
    except _Unsuitable as exc:
        log.info("%s: sheet '%s' parsed whole (%s)", path.name, sheet, exc)
    except (OSError, zipfile.BadZipFile, ElementTree.ParseError, KeyError, ValueError) as exc:
        log.info("%s: sheet '%s' parsed whole (%r)", path.name, sheet, exc)
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)
    return None


class PartedSheet:
    """calamine's sheets of the parts of one sheet (or one sheet whole), read as one: the
    same columns in every row, from the leftmost any part starts at to the rightmost any
    part ends at.

    The parts may still be parsing (`LazyParts`): when the first part starts at column A
    and the cutting's scan knows the last row and the rightmost column, the rows of the
    first part are read while the later ones are parsed; otherwise every part is waited
    for here."""

    def __init__(self, sheets: list[Any], known: LazyParts | None = None) -> None:
        self.sheets: list[Any] = list(sheets)
        first = _parsed(self.sheets[0]) if self.sheets else None
        if (
            known is not None
            and known.columns > 0
            and first is not None
            and first.start is not None
            and first.start[1] == 0  # nothing lies left of column A
        ):
            self.sheets[0] = first
            self.left, self.right = 0, max(known.columns - 1, first.end[1])
            self.width = self.right + 1
            self.total_rows = max(known.rows, first.end[0] + 1)
            return
        self.sheets = [_parsed(part) for part in self.sheets]
        extents = [(p.start, p.end) for p in self.sheets if p.start is not None]
        self.left = min((start[1] for start, _end in extents), default=0)
        self.right = max((end[1] for _start, end in extents), default=-1)
        self.width = self.right - self.left + 1
        self.total_rows = max((end[0] + 1 for _start, end in extents), default=0)

    def rows(self, *, release: bool = False) -> Iterator[tuple[int, list]]:
        """(index from the sheet's first row, cells) of every row. `release`: a part is let
        go once its rows are out, so memory shrinks as a long sheet is worked through;
        `rows_kept` then still gives the rows of the parts not let go."""
        for k, part in enumerate(self.sheets):
            if part is None:
                raise ValueError("part of this sheet was let go after its rows were read")
            part = self.sheets[k] = _parsed(part)
            yield from self._rows_of(part)
            if release and k < len(self.sheets) - 1:
                self.sheets[k] = None
            del part

    def rows_kept(self) -> Iterator[tuple[int, list]]:
        """The rows of the parts not let go yet."""
        for k, part in enumerate(self.sheets):
            if part is not None:
                part = self.sheets[k] = _parsed(part)
                yield from self._rows_of(part)

    def _rows_of(self, part: Any) -> Iterator[tuple[int, list]]:
        if part.start is None:
            return
        (top, first), (_bottom, last) = part.start, part.end
        if first < self.left:  # cells left of column A cannot be: a damaged part
            raise PartFailed("a part starts left of the first")
        rows = islice(part.iter_rows(), top, None)  # iter_rows starts at row 0
        before, behind = [""] * (first - self.left), [""] * max(0, self.right - last)
        for i, row in enumerate(rows, start=top):
            yield i, (before + row + behind) if before or behind else row


def _parsed(part: Any) -> Any:
    """A part's calamine sheet, waited for while it is parsed."""
    if isinstance(part, Future):
        try:
            return part.result()
        except Exception as exc:  # calamine raises several types
            raise PartFailed(f"a part could not be parsed: {exc!r}") from exc
    return part


def sheet_names(path: Path) -> list[str]:
    """The workbook's sheets in order, from its workbook.xml, without parsing a cell."""
    with zipfile.ZipFile(path) as archive:
        book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    return [e.get("name", "") for e in book.iter() if e.tag.rsplit("}", 1)[-1] == "sheet"]


def sheet_member(archive: zipfile.ZipFile, sheet: str) -> str | None:
    """The archive member that holds worksheet `sheet`, if the workbook says."""
    try:
        return _members(archive, sheet)[0]
    except (KeyError, ElementTree.ParseError, ValueError):
        return None


def _members(archive: zipfile.ZipFile, sheet: str) -> tuple[str | None, str | None]:
    """The archive members of worksheet `sheet` and of the shared strings (workbook.xml
    and its relationships)."""
    book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rel_id = None
    for element in book.iter():
        if element.tag.rsplit("}", 1)[-1] == "sheet" and element.get("name") == sheet:
            rel_id = next((v for k, v in element.attrib.items() if k.endswith("}id")), None)
            break
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    member = strings = None
    for element in rels:
        target = element.get("Target", "")
        target = (
            target.lstrip("/")
            if target.startswith("/")
            else posixpath.normpath(posixpath.join("xl", target))
        )
        kind = element.get("Type", "")
        if element.get("Id") == rel_id and kind.endswith(_WORKSHEET_TYPE):
            member = target
        elif kind.endswith(_STRINGS_TYPE):
            strings = target
    return member, strings


@dataclass
class Head:
    """The first rows of a sheet, read from a cut copy of its workbook."""

    sheet: Any  # calamine's sheet of those rows
    names: list[str]  # the workbook's sheets, as calamine names them
    total_rows: int | None  # rows in the whole sheet, from its dimension
    complete: bool  # the copy holds every row of the sheet


def parse_head(path: Path, sheet: str, rows: int) -> Head | None:
    """calamine's reading of the first `rows` rows of worksheet `sheet`; None when that
    cannot be done here (the caller reads the head another way)."""
    try:
        with zipfile.ZipFile(path) as archive:
            member, strings = _members(archive, sheet)
            if member is None:
                return None
            with tempfile.TemporaryDirectory(
                prefix="crm-import-head-", ignore_cleanup_errors=True
            ) as folder:
                copy = Path(folder) / "head.xlsx"
                with zipfile.ZipFile(copy, "w", zipfile.ZIP_STORED) as out:
                    for name, data in _other_members(archive, (member, strings)):
                        out.writestr(name, data)
                    with archive.open(member) as source, out.open(member, "w") as sink:
                        cutter = _Cutter(source, b"sheetData", b"row", b"worksheet")
                        cells, complete = cutter.write_items(sink, rows)
                    scanner = ExtentScanner(cutter.prefix)
                    scanner.feed(cells)
                    if scanner.finish().absurd:
                        raise AbsurdSheet(scanner.extent)
                    if strings is not None:
                        used = max(
                            map(int, _shared_indexes(cutter.prefix).findall(cells)), default=-1
                        )
                        with archive.open(strings) as source, out.open(strings, "w") as sink:
                            _Cutter(source, b"sst", b"si").write_items(sink, used + 1)
                dimension = _DIMENSION.search(cutter.head)
                import python_calamine as pc

                workbook = pc.CalamineWorkbook.from_path(str(copy))
                try:
                    head = workbook.get_sheet_by_name(sheet)
                    names = list(workbook.sheet_names)
                finally:
                    workbook.close()
    except _Unsuitable as exc:
        log.info("%s: head of sheet '%s' read another way (%s)", path.name, sheet, exc)
        return None
    except AbsurdSheet:
        raise
    except Exception as exc:  # a copy calamine refuses, a broken archive: the other way
        log.info("%s: head of sheet '%s' read another way (%r)", path.name, sheet, exc)
        return None
    total = int(dimension.group(1)) if dimension and dimension.group(1) else None
    return Head(head, names, None if complete else total, complete)


def _shared_indexes(prefix: bytes) -> re.Pattern[bytes]:
    """The index of each shared-string cell (t="s") of a worksheet's XML."""
    p = re.escape(prefix)
    return re.compile(rb"<" + p + rb"c\b[^>]*?\bt=\"s\"[^>]*>\s*<" + p + rb"v>\s*(\d+)\s*<")


def _cut_and_parse(
    archive: zipfile.ZipFile, member: str, sheet: str, parts: int, folder: Path
) -> LazyParts:
    """Cut the worksheet into `parts` copies of the workbook in `folder`, each parsed on a
    thread as soon as it is written; the folder goes when the last parse is done (or
    now, on an error)."""
    size = archive.getinfo(member).file_size
    others = _other_members(archive, (member,))
    pool = ThreadPoolExecutor(min(parts, usable_cores()), thread_name_prefix="crm-parse")
    futures: list[Future] = []
    unparsed = [parts]  # the last parse removes the folder
    lock = threading.Lock()

    def parse(part: Path) -> Any:
        import python_calamine as pc

        try:
            workbook = pc.CalamineWorkbook.from_path(str(part))
            try:
                return workbook.get_sheet_by_name(sheet)
            finally:
                workbook.close()
        finally:
            part.unlink(missing_ok=True)
            with lock:
                unparsed[0] -= 1
                if unparsed[0] == 0:
                    shutil.rmtree(folder, ignore_errors=True)

    try:
        with archive.open(member) as source:
            cutter = _Cutter(source, b"sheetData", b"row", b"worksheet", scan=True)
            for k in range(parts):
                part = folder / f"part{k}.xlsx"
                last = k == parts - 1
                with zipfile.ZipFile(part, "w", zipfile.ZIP_STORED, allowZip64=True) as out:
                    for name, data in others:
                        out.writestr(name, data)
                    with out.open(member, "w", force_zip64=True) as sink:
                        cutter.write_part(sink, None if last else size * (k + 1) // parts)
                extent = cutter.scanner.finish() if last else cutter.scanner.extent
                if extent.absurd:  # no part of it goes to calamine
                    raise AbsurdSheet(extent)
                futures.append(pool.submit(parse, part))
    except BaseException:
        for future in futures:  # their files go with the folder: wait for them first
            future.cancel()
            with contextlib.suppress(Exception):
                future.result()
        shutil.rmtree(folder, ignore_errors=True)
        raise
    finally:
        pool.shutdown(wait=False)
    scanner = cutter.scanner
    assert scanner is not None
    columns = scanner.columns if scanner.unreferenced == 0 else 0  # 0: not known here
    return LazyParts(futures, scanner.rows, columns)


def _other_members(
    archive: zipfile.ZipFile, leave: tuple[str | None, ...]
) -> list[tuple[str, bytes]]:
    """Every member but those in `leave`, read once for all copies; other worksheets
    emptied."""
    out = []
    for info in archive.infolist():
        if info.filename in leave or info.is_dir():
            continue
        name = info.filename
        if name.startswith("xl/worksheets/") and name.endswith(".xml"):
            out.append((name, _EMPTY_SHEET))
        else:
            out.append((name, archive.read(info)))
    return out


class _Cutter:
    """Streams an XML part whose `container` element holds a list of `item` elements (a
    worksheet's rows, the shared strings) into cut copies: the XML up to the list, some
    items, and the closing tags (of `root` too when the container is not the root)."""

    def __init__(
        self, source: Any, container: bytes, item: bytes, root: bytes = b"", scan: bool = False
    ) -> None:
        self.source = source
        self.seam = b""  # the end of the last chunk: a marker may span two
        self.buf = b""
        self.scanner: ExtentScanner | None = None
        opening = re.compile(rb"<(\w+:)?" + container + rb"\b[^>]*?(/?)>")
        while (match := opening.search(self.buf)) is None:
            if len(self.buf) > HEAD_LIMIT or not self._more():
                raise _Unsuitable(f"no {container.decode()}")
        buf = self.buf
        self.empty = bool(match.group(2))  # <sheetData/>: nothing to cut
        self.prefix = prefix = match.group(1) or b""
        if scan:
            self.scanner = ExtentScanner(prefix)
            self.scanner.feed(self.buf)
        self.head = buf[: match.end()]
        self.buf = buf[match.end() :]
        self.at = match.end()  # offset in the XML of self.buf's first byte
        self.item_end = b"</" + prefix + item + b">"
        self.item_start = re.compile(rb"<" + re.escape(prefix) + item + rb"\b[^>]*?(/?)>")
        self.container_end = self.closing = b"</" + prefix + container + b">"
        if root:
            self.closing += b"</" + prefix + root + b">"

    def _more(self) -> bool:
        """Inflate the next chunk into self.buf, having made sure it hides no rows."""
        chunk = self.source.read(CHUNK)
        if not chunk:
            return False
        seam = self.seam + chunk[:16]
        if any(marker in chunk or marker in seam for marker in _NOT_ROWS):
            raise _Unsuitable("CDATA or a comment in the sheet")
        self.seam = chunk[-16:]
        self.buf += chunk
        if self.scanner is not None:
            self.scanner.feed(chunk)
        return True

    def _write(self, sink: Any, upto: int) -> None:
        sink.write(self.buf[:upto])
        self.buf = self.buf[upto:]
        self.at += upto

    def write_items(self, sink: Any, count: int) -> tuple[bytes, bool]:
        """The XML up to the list, its first `count` items and the closing tags; returns
        the items written and whether they are all there are."""
        sink.write(self.head)
        if self.empty:
            while self._more():
                pass
            sink.write(self.buf)
            return b"", True
        written = []
        at = 0
        for _ in range(count):
            while (end := self.buf.find(self.item_end, at)) < 0:
                if not self._more():
                    sink.write(self.buf)  # fewer items: the whole XML as it is
                    return b"".join((*written, self.buf)), True
            at = end + len(self.item_end)
            if at > CHUNK:  # the first rows of a very wide sheet: keep the buffer small
                written.append(self.buf[:at])
                self._write(sink, at)
                at = 0
        written.append(self.buf[:at])
        self._write(sink, at)
        sink.write(self.closing)
        while not self.buf.strip() and self._more():  # is anything left but the end?
            pass
        return b"".join(written), self.buf.lstrip().startswith(self.container_end)

    def write_part(self, sink: Any, cut_after: int | None) -> None:
        """The XML up to the rows, rows to the first row end at or after `cut_after`
        (None: to the end of the XML), then the closing tags."""
        sink.write(self.head)
        if cut_after is None:
            while True:
                self._write(sink, len(self.buf))
                if not self._more():
                    return
        keep = len(self.item_end) - 1  # a row end split between two chunks
        while True:
            end = self.buf.find(self.item_end, max(0, cut_after - self.at))
            if end >= 0:
                break
            self._write(sink, max(0, len(self.buf) - keep))
            if not self._more():
                raise _Unsuitable("fewer rows than parts")
        self._write(sink, end + len(self.item_end))
        sink.write(self.closing)
        self._require_numbered_row()

    def _require_numbered_row(self) -> None:
        """The next part's first row must say its number, or calamine would count from 1."""
        while (match := self.item_start.search(self.buf)) is None:
            if self.buf.find(b"sheetData>") >= 0 or not self._more():
                raise _Unsuitable("no row after the cut")
        if not re.search(rb"\sr\s*=", match.group(0)):
            raise _Unsuitable("rows without their numbers")
