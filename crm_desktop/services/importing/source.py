"""An opened file as an import sees it: the sheet holding the list, its header row and columns."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from crm_desktop.messages import Message, msg
from crm_desktop.services.auth import Actor
from crm_desktop.services.fields import (
    CUSTOMER_FIELD_MAP,
)
from crm_desktop.services.importing.choices import decide_by_values, map_choice
from crm_desktop.services.importing.headers import (
    CONTACT_TARGETS,
    FOLLOWUP_TARGETS,
    IGNORE,
    ColumnMap,
    auto_map,
    header_text,
    match_header,
    remembered_mapping,
    with_field,
)
from crm_desktop.services.importing.layout import (
    SEARCH_ROWS,
    Layout,
    People,
    SheetChoice,
    find_layout,
    looks_like_instructions,
    merged_down,
    quoted_sheets,
    skip_rows,
)
from crm_desktop.services.importing.read import ImportFileError, SheetData, read_file, read_heads
from crm_desktop.services.importing.values import PLACEHOLDERS, shown
from crm_desktop.services.validation import parse_choice
from crm_desktop.services.validation import year_said as year_in_texts

HEADER_SEARCH_ROWS = SEARCH_ROWS + 4  # the header row and the notes under it
# the name of a sheet of people: this app's export's, other CRMs'
_PEOPLE_SHEET = re.compile(
    r"联系人|联络人|聯繫人|聯絡人|通讯录|人员|contacts?\b|people", re.IGNORECASE
)
_PERSON_NAMES = frozenset(targets[0] for targets in CONTACT_TARGETS)
# a person's details; the card's 电话 and 邮箱 are the first person's when they have none
_PERSON_DETAILS = frozenset(t for targets in CONTACT_TARGETS for t in targets[1:]) | {
    "phone",
    "email",
}


@dataclass
class ImportSource:
    """An opened file: the sheet's rows, where the headers are and how columns map."""

    path: Path
    data: SheetData
    header_pos: int  # index in data.rows of the header row
    headers: list[str]
    columns: list[ColumnMap]
    remembered: bool = False
    warnings: list[str] = field(default_factory=list)
    # the user's choices beside the columns' fields: values mapped to a choice per field
    # ({value as written: choice code}), and whether columns without a field are kept
    value_maps: dict[str, dict[str, str]] = field(default_factory=dict)
    keep_unmapped: bool = True
    layout: Layout | None = None  # where the headers are, which rows under them are notes
    choice: SheetChoice | None = None  # the sheet read when the first one holds no list
    # the workbook's other sheets holding a customer list (one per region, per salesperson)
    other_lists: list[str] = field(default_factory=list)
    # its sheets of the customers' people (联系人), filed under their cards with the list
    people_sheets: list[str] = field(default_factory=list)
    # the last `customer_rows`' rows that are another person of the customer above
    people: People | None = None

    @property
    def sheet(self) -> str:
        return self.data.sheet

    def year_said(self) -> int | None:
        """The year the list's title rows, its sheet's name or its file's name say (a
        month's visit log: 2024年5月客户拜访记录), for its days written without one."""
        above = [
            " ".join(str(v) for v in row if v not in (None, ""))
            for row in self.data.rows[: self.header_pos]
        ]
        return year_in_texts([*above, self.sheet, self.path.stem])

    def other_lists_message(self, *, wizard: bool = False) -> Message | None:
        """What the user is told of the other sheets holding lists (`other_lists`): the
        command line names its options, the wizard its sheet box. None when there are none."""
        if not self.other_lists:
            return None
        sheets = quoted_sheets(self.other_lists)
        if wizard:
            return msg("import_read.other_lists_here", sheets=sheets)
        return msg("import_read.other_lists", file=self.path.name, sheet=self.sheet, sheets=sheets)

    def people_sheets_message(self) -> Message | None:
        """What the wizard says of the sheets of people it files with the list."""
        if not self.people_sheets:
            return None
        return msg("import_read.people_sheets_here", sheets=quoted_sheets(self.people_sheets))

    @property
    def sheet_names(self) -> list[str]:
        return self.data.sheet_names

    @property
    def header_row_number(self) -> int:
        return self.data.row_numbers[self.header_pos]

    def iter_data(self, *, release: bool = False) -> Iterator[tuple[int, list]]:
        """(row number, cells) of every non-blank row under the headers (`release`: see
        `SheetData.iter_from`)."""
        return self.data.iter_from(self.header_pos + 1, release=release)

    def customer_rows(
        self,
        *,
        release: bool = False,
        skipped: Callable[[int, Any], object] = lambda _n, _m: None,
        held_only: bool = False,
    ) -> Iterator[tuple[int, list]]:
        """`iter_data` without the rows that are not customers (notes under the headers,
        totals, numbers with no name): each of those goes to `skipped(row number, Message)`.
        `held_only`: only the rows read so far (a preview), never the rest of a stream."""
        notes = {}
        if self.layout is not None:
            notes = {self.data.row_numbers[p]: m for p, m in self.layout.notes.items()}
        for number, reason in notes.items():
            skipped(number, reason)
        name_col = next((c.index for c in self.columns if c.field == "name"), None)
        numeric = [
            c.index
            for c in self.columns
            if c.field in CUSTOMER_FIELD_MAP
            and CUSTOMER_FIELD_MAP[c.field].kind in ("money", "int", "decimal")
        ]
        texts = [
            c.index
            for c in self.columns
            if c.field and c.field != IGNORE and c.index not in numeric
        ]
        start = self.header_pos + 1
        rows = (
            zip(self.data.row_numbers[start:], self.data.rows[start:], strict=True)
            if held_only
            else self.iter_data(release=release)
        )
        self.people = self._people()
        header = self.data.rows[self.header_pos] if self.header_pos < len(self.data.rows) else ()
        if self.data.merged_down and name_col is not None:
            rows = merged_down(rows, self.data.merged_down, name_col)
        return skip_rows(rows, name_col, numeric, skipped, notes, texts, self.people, header)

    def _people(self) -> People | None:
        """The columns of the people on a row, for the rows that only hold another person
        (or visit) of the customer above (None: no column names a person or a visit)."""
        names = {c.index for c in self.columns if c.field in _PERSON_NAMES}
        visits = {c.index for c in self.columns if c.field in FOLLOWUP_TARGETS}
        if not names and not visits:
            return None
        details = {c.index for c in self.columns if c.field in _PERSON_DETAILS or c.field == IGNORE}
        return People(frozenset(names), frozenset(details), visits=frozenset(visits))

    @property
    def data_rows_estimate(self) -> int:
        """Rows under the headers: exact for a list held whole, the sheet's height otherwise
        (a stream, or a preview of the first rows)."""
        if self.data.stream is None and (self.data.complete or self.data.total_rows is None):
            return len(self.data.rows) - self.header_pos - 1
        return max((self.data.total_rows or 0) - self.header_row_number, 0)

    @property
    def unmapped(self) -> list[ColumnMap]:
        """Columns without a field (kept in the remarks unless the import skips them)."""
        return [c for c in self.columns if c.field is None and c.header]

    def mapped_fields(self) -> dict[str, ColumnMap]:
        return {c.field: c for c in self.columns if c.field and c.field != IGNORE}

    def first_value(self, index: int, within: int = 5) -> object:
        """A column's first value (a raw cell) among the first `within` customer rows:
        what the wizard shows beside each column, never a notes row's 必填 / 选填."""
        for _number, row in islice(self.customer_rows(held_only=True), within):
            if index < len(row) and row[index] not in (None, ""):
                return row[index]
        return None

    def distinct_values(self, index: int, limit: int = 200) -> list[tuple[str, int]]:
        """Each distinct value of a column in the customer rows read (not the notes under
        the headers nor a totals row), with its count, most frequent first."""
        counts: dict[str, int] = {}
        for _number, row in self.customer_rows():
            if index < len(row) and row[index] not in (None, ""):
                text = shown(row[index]).strip()
                if text and text not in PLACEHOLDERS:
                    counts[text] = counts.get(text, 0) + 1
        return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]

    def unmapped_values(
        self, value_maps: Mapping[str, Mapping[str, str]] | None = None
    ) -> dict[int, list[tuple[str, int]]]:
        """Per choice column: each distinct value no synonym or user mapping reads, with its
        count (what the wizard asks the user to map, once)."""
        out: dict[int, list[tuple[str, int]]] = {}
        for c in self.columns:
            spec = CUSTOMER_FIELD_MAP.get(c.field or "")
            if spec is None or not spec.choices:
                continue
            user_map = (value_maps or {}).get(c.field or "")
            left = []
            for text, count in self.distinct_values(c.index):
                if map_choice(spec.choices, text, dict(user_map or {})) is not None:
                    continue
                try:
                    parse_choice(text, spec.choices)
                except ValueError:
                    left.append((text, count))
            if left:
                out[c.index] = left
        return out


def open_source(
    actor: Actor,
    path: str | Path,
    sheet: str | None = None,
    *,
    preview_rows: int | None = None,
) -> ImportSource:
    """Read a file (only its head with `preview_rows`) and map its columns.

    Raises ImportFileError (a UserError) with a plain message for an unreadable file,
    an empty sheet or a sheet with headers but no rows.
    """
    actor.require("import", "import customers")
    path = Path(path)
    limit = None if preview_rows is None else preview_rows + HEADER_SEARCH_ROWS + 1
    data = read_file(path, sheet, limit)
    heads = _Heads(data)
    choice = None
    if sheet is None:
        data, choice = _choose_sheet(path, data, limit, heads)
    source = _make_source(path, data)
    source.choice = choice
    source.other_lists, source.people_sheets = other_sheets(data, heads)
    return source


class _Heads:
    """The first rows of a workbook's sheets, read once for all of them when first asked
    (`read_heads`): the choice of the list's sheet and the other sheets' kinds use them."""

    def __init__(self, data: SheetData) -> None:
        self.data = data  # the sheet read first: the others' are read beside it
        self.read: dict[str, SheetData | None] | None = None

    def get(self, sheet: str) -> SheetData | None:
        """A sheet's first rows, enough for its headers and a few rows under them (None:
        unreadable or empty, or a CSV's)."""
        if self.data.kind == "csv":
            return None
        if self.read is None:
            self.read = read_heads(self.data, HEADER_SEARCH_ROWS + 4)
        head = self.read.get(sheet)
        return head if head is not None and head.rows else None


def other_sheets(data: SheetData, heads: _Heads) -> tuple[list[str], list[str]]:
    """The workbook's sheets besides `data`'s that hold a customer list of their own, and
    those that hold the customers' people.

    A list: a header row with the customers' name column, and rows under it. Teams keep
    one sheet per region or per salesperson; an import reads one sheet, and the user is
    told of the others instead of their customers being left out unsaid. A summary
    sheet (销售员, 客户数) or instructions are not lists.

    People: a sheet named so (联系人, 联系人员, Contacts) whose rows name a customer (客户
    名称 or 客户代号) and a person (姓名, 联系人): a CRM's export, this app's own. Its
    people are filed under their customers' cards by the import of the list.

    Read by their first rows only."""
    lists: list[str] = []
    people: list[str] = []
    for name in data.sheet_names if data.kind != "csv" else ():
        head = heads.get(name) if name != data.sheet else None
        if head is None:
            continue
        layout = find_layout(head.rows)
        if not layout.known:
            continue
        columns = _columns(head.rows, layout)
        fields = {c.field for c in columns if c.field}
        keyed = fields & {"name", "code", "company_of"}  # 客户名称, 客户代号, 所属客户
        if _PEOPLE_SHEET.search(name) and keyed and _person_column(columns):
            people.append(name)
        elif "name" in fields and _rows_under(head.rows, layout):
            lists.append(name)
    return lists, people


def people_source(path: Path, sheet: str) -> ImportSource:
    """A sheet of the customers' people (`ImportSource.people_sheets`), read whole."""
    source = _make_source(path, read_file(path, sheet, None))
    person = _person_column(source.columns)
    if person is not None and person.field not in _PERSON_NAMES:
        source.columns = [
            with_field(c, "contact_name" if c is person else None)
            if c is person or c.field == "contact_name"
            else c
            for c in source.columns
        ]
    return source


def _person_column(columns: list[ColumnMap]) -> ColumnMap | None:
    """The column of the people's names in a sheet of people: a second "Name" after
    "Customer name", which the customer's name column took first (this app's English
    export; its "Primary contact" is a yes/no), else 姓名, 联系人."""
    for c in columns:
        if c.field in (None, "name_alt") and match_header(c.header)[0] == "name":
            return c
    return next((c for c in columns if c.field in _PERSON_NAMES), None)


def _choose_sheet(
    path: Path, data: SheetData, limit: int | None, heads: _Heads
) -> tuple[SheetData, SheetChoice | None]:
    """The first sheet, unless it holds instructions or no list of customers (a 汇总 of
    counts by salesperson, headers but no name column) while a later sheet does: then
    the sheet with the best header row. Raises ImportFileError when no sheet holds a
    list."""
    first = find_layout(data.rows) if data.rows else None
    if first is not None and first.known > 0 and _names_customers(data.rows, first):
        return data, None
    # a CSV's "sheet" is its file name: no hint there
    sheet_name = data.sheet if data.kind != "csv" else ""
    prose = not data.rows or looks_like_instructions(sheet_name, data.rows, first)
    best: tuple[tuple[bool, int, bool], str] | None = None
    for name in data.sheet_names[1:] if len(data.sheet_names) > 1 else ():
        head = heads.get(name)
        if head is None:
            continue
        layout = find_layout(head.rows)
        if layout.found and not looks_like_instructions(name, head.rows, layout):
            key = (_names_customers(head.rows, layout), layout.known, layout.shaped)
            if best is None or key > best[0]:
                best = (key, name)
    counted = first is not None and first.known > 0  # headers, but not of customers
    if best is not None and (prose or (best[0][0] if counted else best[0][1] > 0)):
        chosen = read_file(path, best[1], limit)
        passed = data.sheet_names[: data.sheet_names.index(best[1])]
        return chosen, SheetChoice(best[1], passed, instructions=not counted)
    if data.rows and prose:
        raise ImportFileError(
            "import_read.only_instructions", file=path.name, sheets=data.sheet_names
        )
    return data, None


def _names_customers(rows: list, layout: Layout) -> bool:
    """Whether the header row found names a column of customers' names (客户名称, 单位名称,
    Company…, or the column the user mapped to the name in a list of these headers
    before) with rows under it: a list of customers, not counts by salesperson."""
    return _rows_under(rows, layout) and "name" in _fields(rows, layout)


def _fields(rows: list, layout: Layout) -> set[str]:
    return {c.field for c in _columns(rows, layout) if c.field}


def _columns(rows: list, layout: Layout) -> list[ColumnMap]:
    """The header row's columns with the fields they feed: as the user mapped these
    headers before, else by their words."""
    headers = [header_text(v) for v in rows[layout.header_pos]]
    return remembered_mapping(headers) or auto_map(headers)


def _rows_under(rows: list, layout: Layout) -> bool:
    return len(rows) - layout.header_pos - 1 - len(layout.notes) > 0


def _make_source(path: Path, data: SheetData) -> ImportSource:
    if not data.rows:
        raise ImportFileError("import_read.sheet_empty", file=path.name, sheet=data.sheet)
    layout = find_layout(data.rows)
    header_pos = layout.header_pos
    width = max(len(r) for r in data.rows[: header_pos + 1000])
    header_cells = list(data.rows[header_pos]) + [None] * (width - len(data.rows[header_pos]))
    headers = _headers_from_above(data, header_pos, [header_text(v) for v in header_cells])
    while headers and not headers[-1] and _column_empty(data, header_pos, len(headers) - 1):
        headers.pop()
    if len(data.rows) <= header_pos + 1 + len(layout.notes):
        raise ImportFileError("import_read.headers_only", file=path.name, sheet=data.sheet)
    columns = remembered_mapping(headers)
    remembered = columns is not None
    if columns is None:
        mapped = auto_map(headers, _groups_above(data, header_pos, len(headers)))
        columns = decide_by_values(mapped, data.rows[header_pos + 1 : header_pos + 201])
    source = ImportSource(path, data, header_pos, headers, columns, remembered, layout=layout)
    long_headers = [h for h in headers if len(h) > 200]
    if long_headers:
        source.warnings.append(msg("import_read.long_headers", count=len(long_headers)).render())
    return source


def _headers_from_above(data: SheetData, header_pos: int, headers: list[str]) -> list[str]:
    """A header left empty under a two-row heading (备注 merged down over both rows of a
    客户信息 / 联系人 heading: the sheet holds its text in the upper row) takes the text
    above it. Only from a row of headings right above (two or more texts), never from
    a title line."""
    if header_pos == 0 or "" not in headers:
        return headers
    if data.row_numbers[header_pos - 1] != data.row_numbers[header_pos] - 1:
        return headers
    above = [header_text(v) for v in data.rows[header_pos - 1]]
    if sum(1 for text in above if text) < 2:
        return headers
    return [h or (above[i] if i < len(above) else "") for i, h in enumerate(headers)]


def _groups_above(data: SheetData, header_pos: int, width: int) -> list[str]:
    """The heading each column stands under in a two-row heading: the text above it, or
    the last one to its left (客户信息 merged over four columns, 联系人信息 over the
    next ones); none over a header row without a row of headings right above it."""
    if header_pos == 0 or data.row_numbers[header_pos - 1] != data.row_numbers[header_pos] - 1:
        return []
    above = [header_text(v) for v in data.rows[header_pos - 1]]
    if sum(1 for text in above if text) < 2:
        return []
    out, current = [], ""
    for i in range(width):
        current = (above[i] if i < len(above) else "") or current
        out.append(current)
    return out


def _column_empty(data: SheetData, header_pos: int, col: int) -> bool:
    for row in data.rows[header_pos + 1 : header_pos + 1001]:
        if col < len(row) and row[col] not in (None, ""):
            return False
    return True


def full_source(source: ImportSource) -> ImportSource:
    """The same file read completely (a preview read only its head), keeping the mapping."""
    if source.data.complete:
        return source
    data = read_file(source.path, source.sheet, None)
    full = _make_source(source.path, data)
    full.choice, full.other_lists = source.choice, source.other_lists
    full.people_sheets = source.people_sheets
    if full.headers == source.headers:
        full.columns = source.columns
        full.remembered = source.remembered
    full.value_maps, full.keep_unmapped = source.value_maps, source.keep_unmapped
    return full
