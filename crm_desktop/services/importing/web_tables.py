"""Lists that web systems save with a workbook's name: an HTML table, or Excel 2003's
XML spreadsheet, in a file called 客户列表.xls.

Many Chinese business systems (OA, ERP and CRM web pages) "export to Excel" by writing
the page's table as HTML, or as the XML spreadsheet Excel 2003 read, under an .xls
name; Excel opens either with a warning, and the sales manager sends it on as it is.
Both are read here into rows of cells, as a sheet would be:

- HTML: the table with the most rows of two or more values (a page may hold a search
  form, a title table, a list); a cell's <br> is a line break, `colspan` and `rowspan`
  leave the cells they cover empty (as merged cells read in a workbook); the text
  encoding comes from the page's own <meta charset> or, failing that, from the bytes.
- XML spreadsheet: each <Worksheet>'s rows, with the places `ss:Index` skips to; numbers
  and dates typed as such (`ss:Type`). Python's expat refuses entity expansion bombs,
  and no external entity is ever fetched.

Everything is text but the typed cells of the XML spreadsheet, as a CSV's would be.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

from crm_desktop.services.importing.text import detect_encoding

MAX_COLUMNS = 16_384  # Excel's own limit
_SPREADSHEET_NS = "urn:schemas-microsoft-com:office:spreadsheet"
_SS = "{" + _SPREADSHEET_NS + "}"
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.IGNORECASE)
_SPACES = re.compile(r"[ \t\r\f\v\u00a0\u3000]+")
# the Chinese national encodings are all read as their superset
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "gb_2312-80": "gb18030", "x-gbk": "gb18030"}


class WebTableError(ValueError):
    """The file says it is an HTML page or an XML spreadsheet, but holds no table we read."""


def kind_of(head: bytes) -> str | None:
    """ "html", "xml2003" or None, from the first bytes of a file that is not a workbook."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<html", b"<!doctype html", b"<table", b"<meta")):
        return "html"
    if text.startswith(b"<?xml") and _SPREADSHEET_NS.encode() in text:
        return "xml2003"
    if b"<html" in text[:1024] and b"<table" in text:
        return "html"
    return None


# --- HTML ----------------------------------------------------------------------------------


def _html_encoding(raw: bytes) -> str:
    """The page's declared charset, else what its bytes are (raises Undecodable)."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    found = _CHARSET.search(raw[:4096])
    if found:
        name = found.group(1).decode("ascii").lower()
        name = _SUPERSETS.get(name, name)
        try:
            raw[:65536].decode(name)
            return name
        except (LookupError, UnicodeDecodeError):
            pass  # a page that lies about its charset: the bytes decide
    return detect_encoding(raw[: 1 << 20], complete=len(raw) <= 1 << 20)


@dataclass
class _Table:
    rows: list[list[str]]
    row: list[str] | None = None
    cell: list[str] | None = None
    span: int = 1  # the open cell's colspan
    down: int = 1  # the open cell's rowspan
    below: dict[int, int] | None = None  # column -> rows a rowspan still covers


class _Tables(HTMLParser):
    """Every <table>'s rows of cell texts; a table inside a cell is a table of its own."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.done: list[list[list[str]]] = []
        self.open: list[_Table] = []
        self.skip = 0  # inside <script> or <style>

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self.skip += 1
        elif tag == "table":
            self.open.append(_Table([], below={}))
        elif not self.open:
            return
        elif tag == "tr":
            self._end_row()
            self.open[-1].row = []
        elif tag in ("td", "th"):
            table = self.open[-1]
            self._end_cell()
            if table.row is None:
                table.row = []
            self._skip_covered(table)
            table.cell = []
            values = dict(attrs)
            table.span = _count(values.get("colspan"))
            table.down = _count(values.get("rowspan"))
        elif tag == "br" and self.open[-1].cell is not None:
            self.open[-1].cell.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self.skip = max(0, self.skip - 1)
        elif tag == "table" and self.open:
            self._end_row()
            self.done.append(self.open.pop().rows)
        elif not self.open:
            return
        elif tag in ("td", "th"):
            self._end_cell()
        elif tag == "tr":
            self._end_row()
        elif tag in ("p", "div", "li") and self.open[-1].cell is not None:
            self.open[-1].cell.append("\n")

    def handle_data(self, data: str) -> None:
        if self.skip or not self.open:
            return
        cell = self.open[-1].cell
        if cell is not None:
            cell.append(data)

    def _skip_covered(self, table: _Table) -> None:
        """Columns a rowspan above still covers are empty here."""
        assert table.row is not None and table.below is not None
        while table.below.get(len(table.row), 0) > 0:
            table.below[len(table.row)] -= 1
            table.row.append("")

    def _end_cell(self) -> None:
        table = self.open[-1]
        if table.cell is None or table.row is None:
            return
        lines = (_SPACES.sub(" ", line).strip() for line in "".join(table.cell).split("\n"))
        text = "\n".join(line for line in lines if line)
        at = len(table.row)
        table.row.append(text)
        table.row.extend([""] * (min(table.span, MAX_COLUMNS - at) - 1))
        if table.down > 1 and table.below is not None:
            for col in range(at, at + table.span):
                table.below[col] = table.down - 1
        table.cell = None

    def _end_row(self) -> None:
        if not self.open:
            return
        table = self.open[-1]
        self._end_cell()
        if table.row is not None:
            self._skip_covered(table)
            table.rows.append(table.row)
        table.row = None


def _count(value: str | None) -> int:
    try:
        return max(1, min(int(str(value).strip()), MAX_COLUMNS))
    except ValueError:
        return 1


def read_html(path: Path) -> tuple[list[list[str]], str]:
    """The rows of the page's main table (the one with most rows of two or more values)
    and the page's encoding. Raises Undecodable, or WebTableError for a page without a
    table."""
    raw = path.read_bytes()
    encoding = _html_encoding(raw)
    parser = _Tables()
    parser.feed(raw.decode(encoding, errors="replace"))
    parser.close()
    while parser.open:  # a page cut short: its open tables are what it holds
        parser.handle_endtag("table")

    def filled(rows: list[list[str]]) -> int:
        return sum(1 for row in rows if sum(1 for cell in row if cell) >= 2)

    tables = [t for t in parser.done if filled(t)]
    if not tables:
        raise WebTableError("no table")
    return max(tables, key=filled), encoding


# --- Excel 2003's XML spreadsheet ------------------------------------------------------------


def _typed(text: str, kind: str | None) -> object:
    if kind == "Number":
        try:
            number = float(text)
        except ValueError:
            return text
        return int(number) if number.is_integer() and abs(number) < 1e15 else number
    if kind == "DateTime":
        try:
            return datetime.fromisoformat(text.strip()[:19])
        except ValueError:
            return text
    if kind == "Boolean":
        return text.strip() == "1"
    return text


def xml_sheet_names(path: Path) -> list[str]:
    """The worksheets of an XML spreadsheet, in order."""
    names = []
    for _event, element in ElementTree.iterparse(path, events=("start",)):
        if element.tag == _SS + "Worksheet":
            names.append(element.get(_SS + "Name") or f"Sheet{len(names) + 1}")
    return names


def read_xml_sheet(path: Path, sheet: str | None) -> Iterator[tuple[int, list]]:
    """(row number, cells) of one worksheet (the first by default) of an XML spreadsheet.
    Raises WebTableError when the sheet is not there or claims more than Excel's columns."""
    wanted, seen, inside = sheet, 0, False
    number, row, cell_at, kind = 0, [], 0, None
    found = False
    for event, element in ElementTree.iterparse(path, events=("start", "end")):
        tag = element.tag
        if event == "start":
            if tag == _SS + "Worksheet":
                seen += 1
                name = element.get(_SS + "Name") or f"Sheet{seen}"
                inside = name == wanted if wanted is not None else seen == 1
                found = found or inside
            elif inside and tag == _SS + "Row":
                index = element.get(_SS + "Index")
                number = int(index) if index and index.isdigit() else number + 1
                row, cell_at = [], 0
            elif inside and tag == _SS + "Cell":
                index = element.get(_SS + "Index")
                cell_at = int(index) - 1 if index and index.isdigit() else cell_at
                if cell_at >= MAX_COLUMNS:
                    raise WebTableError("too many columns")
            elif inside and tag == _SS + "Data":
                kind = element.get(_SS + "Type")
            continue
        if not inside:
            if tag == _SS + "Worksheet":
                element.clear()
            continue
        if tag == _SS + "Data":
            text = "".join(element.itertext())
            row.extend([None] * (cell_at - len(row)))
            row.append(_typed(text, kind))
        elif tag == _SS + "Cell":
            across = element.get(_SS + "MergeAcross")
            cell_at += 1 + (int(across) if across and across.isdigit() else 0)
            cell_at = min(cell_at, MAX_COLUMNS)
            element.clear()
        elif tag == _SS + "Row":
            yield number, row
            element.clear()
        elif tag == _SS + "Worksheet":
            inside = False
            element.clear()
    if not found:
        raise WebTableError("no such sheet")
