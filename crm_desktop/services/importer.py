"""Importing customer lists: preview, duplicates, one-transaction import, history and undo.

The rule for every field is `customers.clean_customer_values`, the card editor's own;
this module adds only what a file needs before it (Excel date serials, 万元 columns,
codes and phones that arrive as floats like 12404.0). Each distinct value of a
repetitive column is cleaned once and remembered, and each row is then checked as a
whole by the same function, so a 100k-row file is validated in seconds.

New cards go in block by block with their ChangeLog "created" rows and their search
documents, all in one transaction; on SQLite a thread moves the staged blocks into
`customer` and the search documents into the index while the next rows are cleaned,
and for a large file a helper process (`crm_desktop.offload`) builds the search
documents meanwhile (README: "How a 100k-row import goes"). Cards that already exist
are changed through `customers.update_customer` with the batch id, so the ChangeLog
records what the import changed and `undo_import` can put it back.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import sys
import time
from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import ExitStack, contextmanager, nullcontext
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from itertools import islice, repeat
from pathlib import Path
from typing import Any

from crm_desktop.errors import UserError, ValidationError
from crm_desktop.i18n import current_language, is_chinese
from crm_desktop.messages import Message, Renderable, Text, msg, render
from crm_desktop.models import (
    ChangeLog,
    Contact,
    Customer,
    ImportBatch,
    User,
    bulk_insert,
    database,
    transaction,
    utcnow,
)
from crm_desktop.models.base import new_uuid
from crm_desktop.models.db import flush_written_pages, rollback_journal_when_alone
from crm_desktop.models.search_index import bulk_fts, reindex_customers
from crm_desktop.offload import Offload
from crm_desktop.search_text import DOC_FIELDS, documents_joined
from crm_desktop.services import customers as customer_service
from crm_desktop.services import import_people
from crm_desktop.services.auth import Actor
from crm_desktop.services.changelog import as_text
from crm_desktop.services.fields import (
    CHOICES,
    CREDIT_FIELDS,
    CUSTOMER_FIELD_MAP,
    CUSTOMER_FIELDS,
)
from crm_desktop.services.import_layout import (
    SEARCH_ROWS,
    Layout,
    SheetChoice,
    find_layout,
    looks_like_instructions,
    skip_rows,
)
from crm_desktop.services.import_mapping import (
    ADDRESS_PARTS,
    CONTACT_ATTRS,
    CONTACT_TARGETS,
    IGNORE,
    ColumnMap,
    auto_map,
    decide_by_values,
    header_text,
    keeps_original,
    map_choice,
    remember_mapping,
    remember_value_maps,
    remembered_mapping,
    remembered_value_maps,
    target_label,
)
from crm_desktop.services.import_read import ImportFileError, SheetData, read_file
from crm_desktop.services.import_values import (
    CONTACT_LIMITS,
    REMARKS_LIMIT,
    ValueNote,
    compose_address,
    full_names,
    line_template,
    really_wrong,
    shown,
    soft_reason,
    texts_of,
)
from crm_desktop.services.validation import parse_choice, parse_decimal
from crm_desktop.textutil import clean_texts, digits_only, digits_only_texts, fold, fold_texts

POLICIES = ("skip", "update", "new")
HEADER_SEARCH_ROWS = SEARCH_ROWS + 4  # the header row and the notes under it
BLOCK = 2_000  # rows cleaned, checked and written together
MEMO_PROBE = 20_000  # after this many values, a column of mostly distinct ones stops remembering
PROGRESS_EVERY = 2_000
# from this many rows an import works in bulk: a helper process builds the search
# documents (pinyin, bigrams: ~10 µs a card) while the import cleans and writes the
# next rows, and the transaction uses a rollback journal when it has the file to itself
BULK_ROWS = 5_000
# an import's page cache: its pages are new and dirty, and spilling them to the file
# sooner costs nothing measurable (100k rows: the same time with 32 MB as with 64 or
# 128 MB)
IMPORT_CACHE_KB = 32_000
# search documents written to the index together: FTS5 starts a segment at each
# statement, so a few large ones (100k rows: 4, merged as they come, 0.96 s) cost what
# one row at a time does (0.90 s), without a step per row that needs the GIL
DOC_CHUNK = 25_000
MOVER_SWITCH_INTERVAL = 0.001  # seconds (`sys.setswitchinterval`) while blocks are moved
_EXCEL_EPOCH = date(1899, 12, 30)

Progress = Callable[[int, int], bool | None]


class ImportCancelled(UserError):
    """The user cancelled: nothing was written."""


class _Rollback(Exception):
    """Internal: leave the transaction without writing (dry run, strict refusal)."""


# --- plain data for the front ends ----------------------------------------------------


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

    @property
    def sheet(self) -> str:
        return self.data.sheet

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
        return skip_rows(rows, name_col, numeric, skipped, notes, texts)

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

    def distinct_values(self, index: int, limit: int = 200) -> list[tuple[str, int]]:
        """Each distinct value of a column in the rows read, with its count, most frequent first."""
        counts: dict[str, int] = {}
        for _number, row in self.iter_data():
            if index < len(row) and row[index] not in (None, ""):
                text = shown(row[index]).strip()
                if text:
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


@dataclass(frozen=True)
class CellProblem:
    column: int  # index of the column in the file
    header: str
    field: str
    message: str
    ambiguous: bool = False


@dataclass
class RowCheck:
    """One data row after cleaning and the duplicate check."""

    row_number: int  # in the file, 1-based
    raw: list
    values: dict[str, Any]
    problems: list[CellProblem]
    status: str  # "new", "duplicate", "error"
    duplicate_reason: str = ""
    duplicate_of: int | None = None  # customer id, when in the database
    notes: list[ImportNote] = field(default_factory=list)  # values kept in the remarks
    contacts: list[dict[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class ImportNote:
    """A value that did not fit its field and was kept in the remarks: the row still went in."""

    row_number: int
    column: str  # the header as written in the file
    value: str
    reason: Renderable | str

    def render(self, lang: str | None = None) -> str:
        reason = self.reason.render(lang) if isinstance(self.reason, Renderable) else self.reason
        if not self.column:
            return Message("importing.row_note", {"row": self.row_number, "reason": reason}).render(
                lang
            )
        return Message(
            "importing.kept_value",
            {"row": self.row_number, "column": self.column, "value": self.value, "reason": reason},
        ).render(lang)

    def __str__(self) -> str:
        return self.render()

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class Rejection:
    row_number: int
    column: str
    field: str
    reason: str
    raw: tuple


@dataclass
class ImportResult:
    file_name: str
    batch_id: int | None
    created: int = 0
    updated: int = 0
    skipped: int = 0
    rejected: int = 0
    rejections: list[Rejection] = field(default_factory=list)
    skipped_rows: list[tuple[int, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notes: list[ImportNote] = field(default_factory=list)  # values kept in the remarks
    contacts: int = 0  # contacts created from the people on the rows
    dry_run: bool = False
    refused: bool = False  # strict mode and some row was bad: nothing written
    headers: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def rejected_rows(self) -> list[tuple[int, tuple, str]]:
        """(row number, original cells, all reasons) per rejected row, in file order."""
        rows: dict[int, tuple[tuple, list[str]]] = {}
        for r in self.rejections:
            entry = rows.setdefault(r.row_number, (r.raw, []))
            entry[1].append(
                render("importing.cell_problem", {"column": r.column, "reason": r.reason})
                if r.column
                else r.reason
            )
        sep = "；" if is_chinese(current_language()) else "; "
        return [(n, raw, sep.join(reasons)) for n, (raw, reasons) in sorted(rows.items())]

    def summary(self, lang: str | None = None) -> str:
        """One line: created, updated, skipped, rejected (scripts read it: keep its shape)."""
        prefix = render("importing.summary_dry_run", lang=lang) if self.dry_run else ""
        if self.refused:
            prefix += render("importing.summary_refused", lang=lang)
        counts = {"created": self.created, "updated": self.updated, "skipped": self.skipped}
        return prefix + render("importing.summary", {**counts, "rejected": self.rejected}, lang)


@dataclass(frozen=True)
class BatchInfo:
    id: int
    file_name: str
    user: str
    started_at: datetime
    created: int
    updated: int
    skipped: int
    rejected: int
    undone_at: datetime | None


# --- opening a file -------------------------------------------------------------------


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
    choice = None
    if sheet is None:
        data, choice = _choose_sheet(path, data, limit)
    source = _make_source(path, data)
    source.choice = choice
    return source


def _choose_sheet(
    path: Path, data: SheetData, limit: int | None
) -> tuple[SheetData, SheetChoice | None]:
    """The first sheet, unless it holds instructions rather than a list: then the sheet
    with the best header row. Raises ImportFileError when no sheet holds a list."""
    first = find_layout(data.rows) if data.rows else None
    if first is not None and first.known > 0:
        return data, None
    # a CSV's "sheet" is its file name: no hint there
    sheet_name = data.sheet if data.kind != "csv" else ""
    prose = not data.rows or looks_like_instructions(sheet_name, data.rows, first)
    best: tuple[tuple[int, bool], str] | None = None
    for name in data.sheet_names[1:] if len(data.sheet_names) > 1 else ():
        try:
            head = read_file(path, name, HEADER_SEARCH_ROWS + 4)
        except ImportFileError:
            continue
        if not head.rows:
            continue
        layout = find_layout(head.rows)
        if layout.found and not looks_like_instructions(name, head.rows, layout):
            key = (layout.known, layout.shaped)
            if best is None or key > best[0]:
                best = (key, name)
    if best is not None and (prose or best[0][0] > 0):
        chosen = read_file(path, best[1], limit)
        passed = data.sheet_names[: data.sheet_names.index(best[1])]
        return chosen, SheetChoice(best[1], passed)
    if data.rows and prose:
        raise ImportFileError(
            "import_read.only_instructions", file=path.name, sheets=data.sheet_names
        )
    return data, None


def _make_source(path: Path, data: SheetData) -> ImportSource:
    if not data.rows:
        raise ImportFileError("import_read.sheet_empty", file=path.name, sheet=data.sheet)
    layout = find_layout(data.rows)
    header_pos = layout.header_pos
    width = max(len(r) for r in data.rows[: header_pos + 1000])
    header_cells = list(data.rows[header_pos]) + [None] * (width - len(data.rows[header_pos]))
    headers = [header_text(v) for v in header_cells]
    while headers and not headers[-1] and _column_empty(data, header_pos, len(headers) - 1):
        headers.pop()
    if len(data.rows) <= header_pos + 1 + len(layout.notes):
        raise ImportFileError("import_read.headers_only", file=path.name, sheet=data.sheet)
    columns = remembered_mapping(headers)
    remembered = columns is not None
    if columns is None:
        columns = decide_by_values(auto_map(headers), data.rows[header_pos + 1 : header_pos + 201])
    source = ImportSource(path, data, header_pos, headers, columns, remembered, layout=layout)
    long_headers = [h for h in headers if len(h) > 200]
    if long_headers:
        source.warnings.append(msg("import_read.long_headers", count=len(long_headers)).render())
    return source


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
    full.choice = source.choice
    if full.headers == source.headers:
        full.columns = source.columns
        full.remembered = source.remembered
    full.value_maps, full.keep_unmapped = source.value_maps, source.keep_unmapped
    return full


def set_mapping(source: ImportSource, fields: Mapping[int, str | None]) -> ImportSource:
    """The user's choice of field per column index (None: do not import the column)."""
    from crm_desktop.services.import_mapping import with_field

    columns = []
    for c in source.columns:
        columns.append(with_field(c, fields[c.index]) if c.index in fields else c)
    taken: dict[str, int] = {}
    for c in columns:
        if c.field and c.field != IGNORE:
            if c.field in taken:
                raise UserError(
                    "importing.two_columns",
                    first=columns[taken[c.field]].label,
                    second=c.label,
                    field=_target_text(c.field),
                )
            taken[c.field] = c.index
    source.columns = columns
    return source


def _target_text(name: str) -> Text:
    return Text(target_label(name, "zh_CN"), target_label(name, "en"))


def unmapped_message(source: ImportSource, limit: int = 10, *, keep: bool = True) -> str:
    """The columns without a field, kept in the remarks (or not imported), in one line."""
    cols = source.unmapped
    if not cols:
        return ""
    names: list[object] = [c.header[:40] for c in cols[:limit]]
    if len(cols) > limit:
        names.append(msg("importing.and_more", count=len(cols) - limit))
    code = "importing.unmapped_kept" if keep else "importing.unmapped_skipped"
    return render(code, {"count": len(cols), "columns": names})


# --- cleaning a row -------------------------------------------------------------------


def _number_text(value: float | int) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def file_value(value: object, kind: str, multiplier: int = 1) -> object:
    """What the file's cell means before the field rule sees it (file-level cleaning only)."""
    if value is None:
        return None
    if isinstance(value, str):
        if multiplier != 1 and kind == "money":
            try:
                number = parse_decimal(value, 6)
            except ValueError:
                return value
            return None if number is None else number * multiplier
        return value
    if isinstance(value, bool):
        return value if kind == "bool" else str(value).upper()
    if isinstance(value, (int, float)):
        if kind == "date":
            if isinstance(value, float) and not value.is_integer():
                value = int(value)  # a date-time serial: the day
            number = int(value)
            if 19_000_101 <= number <= 21_001_231:
                return str(number)  # 20190305 typed as a number
            if 1 <= number < 2_958_466:
                return _EXCEL_EPOCH + timedelta(days=number)
            return value
        if kind == "money":
            number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
            return number * multiplier if multiplier != 1 else number
        if kind in ("int", "decimal"):
            return value
        return _number_text(value)
    if isinstance(value, datetime):
        return value.date() if kind == "date" else value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value if kind == "date" else value.isoformat()
    return str(value)


def _money_cell(value: object, multiplier: int) -> object:
    """`file_value` of a money cell; a whole number stays an int (the rule reads it exactly)."""
    if value.__class__ is float and value.is_integer() and 0 <= value * multiplier < 1e14:  # type: ignore[union-attr,operator]
        return int(value) * multiplier  # type: ignore[arg-type]  # no rule can fail on it
    if value.__class__ is int:
        return value * multiplier  # type: ignore[operator]
    return file_value(value, "money", multiplier)


def _file_column(raws: list, kind: str, multiplier: int) -> list:
    """`file_value` of each cell of a column (text cells of a text field are already that)."""
    types = set(map(type, raws))
    if (kind != "money" or multiplier == 1) and types <= {str}:
        return raws  # file_value leaves text as it is
    if (kind in ("int", "decimal") and types <= {int, float}) or (
        kind == "date" and types <= {date}
    ):
        return raws  # and numbers for a number field, and days for a date field
    if kind == "money":
        return [_money_cell(v, multiplier) for v in raws]
    return [file_value(v, kind, multiplier) for v in raws]


_ABSENT = object()  # an empty cell: the field is not given and keeps its default


def _clean_each(name: str, raws: list, kind: str, multiplier: int) -> tuple[list, dict[int, str]]:
    """`clean_customer_column` value by value, for a column where one value (1e308) broke
    the arithmetic: that value is refused as no amount, the others cleaned as usual."""
    values: list = [None] * len(raws)
    bad: dict[int, str] = {}
    for j, raw in enumerate(raws):
        try:
            one, errors = customer_service.clean_customer_column(
                name, [file_value(raw, kind, multiplier)]
            )
        except ArithmeticError:
            reason = render("importing.not_an_amount", {"value": shown(raw)})
            bad[j] = f"{name}: {reason}"
            continue
        values[j] = one[0]
        if errors:
            bad[j] = errors[0]
    return values, bad


@dataclass
class CleanBlock:
    """Rows of a file after cleaning: a list per field and the errors of each failing row."""

    columns: dict[str, list]  # field -> clean value per row (_ABSENT: the cell was empty)
    errors: dict[int, dict[str, str]]  # row position -> field -> message
    notes: list[ValueNote] = field(default_factory=list)  # values kept in the remarks
    contacts: dict[int, list[dict[str, str]]] = field(default_factory=dict)  # position -> people
    # positions whose first person is made from the card's own columns by `first_from_card`
    card_first: set[int] = field(default_factory=set)
    first_built: set[int] = field(default_factory=set)  # positions with a contact 1 built here

    def values(self, i: int) -> dict[str, Any]:
        """The clean values of row `i` that the file gives."""
        return {f: col[i] for f, col in self.columns.items() if col[i] is not _ABSENT}


class ColumnCleaner:
    """Cleans rows with the card's rule, column by column (`clean_customer_column`).

    Each distinct value of a column is cleaned once and remembered across blocks; the
    rules across fields (a name is required, the lease ends after it starts) are checked
    per row with the card's own function. Choice values are read through their synonyms
    and the user's value mappings first; a value that still does not fit an optional
    field is kept in the remarks (`import_values`), as is every column without a field
    unless `keep_unmapped` is off; address parts are composed and the people on the row
    become contacts.
    """

    def __init__(
        self,
        columns: Sequence[ColumnMap],
        *,
        keep_unmapped: bool = True,
        value_maps: Mapping[str, Mapping[str, str]] | None = None,
        first_by_sql: bool = False,
    ) -> None:
        card = [c for c in columns if c.field in CUSTOMER_FIELD_MAP]
        self.columns = [
            (c.index, c.field, CUSTOMER_FIELD_MAP[c.field].kind, c.multiplier) for c in card
        ]
        self.column_of: dict[str, ColumnMap] = {c.field: c for c in card}  # type: ignore[misc]
        self.extra = {c.field: c for c in columns if c.field and c.field not in CUSTOMER_FIELD_MAP}
        self.address_parts = {f: c for f, c in self.extra.items() if f in ADDRESS_PARTS}
        if self.address_parts and "address" not in self.column_of:
            self.columns.append((-1, "address", "text", 1))
        # a card without a 联络电话 column shows the first contact's mobile there
        self.mobile_as_phone = "contact_phone" not in self.column_of and "contact1_mobile" in (
            self.extra
        )
        if self.mobile_as_phone:
            self.columns.append((-1, "contact_phone", "text", 1))
        # a person's row of another CRM's export: the company it names is the customer
        self.company_of = self.extra.get("company_of")
        if "contact1_lastname" in self.extra and "contact_name" not in self.column_of:
            self.columns.append((-1, "contact_name", "text", 1))
        if self.company_of is not None and "contact_name" not in (f for _, f, _, _ in self.columns):
            self.columns.append((-1, "contact_name", "text", 1))
        self.kept = [
            c for c in columns if c.field is None and keep_unmapped and (c.header or c.index >= 0)
        ]
        self.first_from_card = self._first_from_card()
        # the import makes each new card's first person from its columns: not built here
        self.skip_first = first_by_sql and self.first_from_card is not None
        self.value_maps = {k: dict(v) for k, v in (value_maps or {}).items()}
        self.choice_memo: dict[str, dict] = {}
        self.fields = [f for _, f, _, _ in self.columns]
        if "remarks" not in self.fields:
            self.fields.append("remarks")
        self.memos: dict[str, dict | None] = {f: {} for _, f, _, _ in self.columns}
        self.seen = dict.fromkeys(self.memos, 0)
        self.widest = max((c.index for c in columns if c.field or c in self.kept), default=-1)
        try:  # a row without a name: the card's message for it
            customer_service.clean_customer_values({}, partial=False)
            self.no_name = ""
        except ValidationError as exc:
            self.no_name = exc.errors.get("name", "")

    def _mapped_choices(self, name: str, raws: list) -> tuple[list, set]:
        """Choice values through their synonyms (国企 -> state_owned); and the raw values
        whose synonym said more than the choice holds (电话营销 -> 其他)."""
        spec = CUSTOMER_FIELD_MAP[name]
        assert spec.choices
        memo = self.choice_memo.setdefault(name, {})
        user_map = self.value_maps.get(name)
        lossy: set = set()
        for raw in set(raws) - memo.keys():
            code = map_choice(spec.choices, raw, user_map)
            memo[raw] = raw if code is None else code
            if code is not None and keeps_original(spec.choices, code, raw):
                lossy.add(raw)
        self.choice_memo.setdefault(name + "#lossy", {}).update(dict.fromkeys(lossy, True))
        lossy_all = self.choice_memo[name + "#lossy"]
        get = memo.__getitem__
        return list(map(get, raws)), {r for r in raws if r in lossy_all} if lossy_all else set()

    def clean(self, rows: Sequence[Sequence]) -> CleanBlock:
        """Clean values and errors of a block of the file's rows."""
        n = len(rows)
        errors: dict[int, dict[str, str]] = {}
        cells_of: Any
        if n and min(map(len, rows)) > self.widest:
            transposed = list(zip(*rows, strict=False))
            cells_of = transposed.__getitem__
        else:

            def cells_of(index: int) -> list:
                return [r[index] if index < len(r) else None for r in rows]

        made: dict[str, list] = {}  # columns composed from others
        if self.address_parts:
            parts = {f: texts_of(cells_of(c.index)) for f, c in self.address_parts.items()}
            detail = self.column_of.get("address")
            street = texts_of(cells_of(detail.index)) if detail else [""] * n
            made["address"] = compose_address(parts, street, n)
        if self.mobile_as_phone:
            made["contact_phone"] = texts_of(cells_of(self.extra["contact1_mobile"].index))
        if "contact1_lastname" in self.extra:  # First Name + Last Name: one person's name
            first = self.column_of.get("contact_name")
            made["contact_name"] = full_names(
                texts_of(cells_of(first.index)) if first else [""] * n,
                texts_of(cells_of(self.extra["contact1_lastname"].index)),
            )
        if self.company_of is not None:
            made.update(self._people_rows(cells_of, made, n))
        notes: list[ValueNote] = []
        lines: dict[int, list[str]] = {}
        original = line_template("importing.original_line")
        columns: dict[str, list] = {}
        for index, name, kind, multiplier in self.columns:
            cells = made[name] if name in made else cells_of(index)
            if None not in cells and "" not in cells:
                present: Sequence[int] = range(n)
                raws = list(cells)
            else:
                present = [i for i, v in enumerate(cells) if v is not None and v != ""]
                raws = [cells[i] for i in present]
            lossy: set = set()
            if kind == "choice" and raws:
                raws, lossy = self._mapped_choices(name, raws)
            memo = self.memos[name]
            try:
                values, bad = customer_service.clean_customer_column(
                    name, _file_column(raws, kind, multiplier), memo
                )
            except ArithmeticError:  # an amount beyond what Decimal's context holds
                values, bad = _clean_each(name, raws, kind, multiplier)
            if memo is not None:
                seen = self.seen[name] = self.seen[name] + len(raws)
                if seen >= MEMO_PROBE and len(memo) * 5 > seen * 4:
                    self.memos[name] = None  # mostly distinct values: remembering does not pay
            if len(present) == n:
                out = values
            else:
                out = [_ABSENT] * n
                for i, value in zip(present, values, strict=True):
                    out[i] = value
            header = self._label(name)
            for j, message in bad.items():
                i = present[j]
                raw = cells[i]
                if really_wrong(name, raw):
                    errors.setdefault(i, {})[name] = message
                    continue
                out[i] = _ABSENT  # the field stays empty; the value is kept in the remarks
                notes.append(ValueNote(i, header, shown(raw), soft_reason(name, message)))
                lines.setdefault(i, []).append(original.format(header=header, value=shown(raw)))
            if lossy:
                for i in present:
                    if cells[i] in lossy and i not in errors:
                        value = shown(cells[i])
                        lines.setdefault(i, []).append(original.format(header=header, value=value))
            columns[name] = out
        names = columns.get("name")
        if self.no_name:
            for i in range(n):
                if names is None or names[i] is _ABSENT:
                    errors.setdefault(i, {})["name"] = self.no_name
        starts, ends = columns.get("shop_lease_start"), columns.get("shop_lease_end")
        if starts is not None and ends is not None:
            for i, (start, end) in enumerate(zip(starts, ends, strict=True)):
                if start is _ABSENT or end is _ABSENT or not start or not end:
                    continue
                if i in errors and {"shop_lease_start", "shop_lease_end"} & errors[i].keys():
                    continue
                try:
                    customer_service.clean_customer_values(
                        {"shop_lease_start": start, "shop_lease_end": end}, partial=True
                    )
                except ValidationError as exc:
                    errors.setdefault(i, {}).update(exc.errors)
        contacts = self._contacts(cells_of, columns, n, lines, notes)
        card_first = set()
        if self.skip_first:
            names = columns["contact_name"]
            card_first = {i for i, v in enumerate(names) if v is not _ABSENT and v}
        if self.kept:
            line = line_template("importing.column_line")
            for c in self.kept:
                texts = texts_of(cells_of(c.index))
                for i, text in enumerate(texts):
                    if text:
                        lines.setdefault(i, []).append(line.format(header=c.label, value=text))
        if "remarks" not in columns:
            columns["remarks"] = [_ABSENT] * n
        if lines:
            self._add_to_remarks(columns, lines, n, notes)
        first_built = {i for i, persons in contacts.items() if persons and persons[0] is not None}
        first_built &= self._first_positions
        return CleanBlock(columns, errors, notes, contacts, card_first, first_built)

    def _first_from_card(self) -> dict[str, str] | None:
        """When the first person on a row is only what the card holds (联络人, 联络电话 or the
        row's phone, its email), the contact's columns from the card's: the import then makes
        those contacts with one statement (SQLite). None when the person has more."""
        fields = {f for _, f, _, _ in self.columns}
        own = {"contact1_title", "contact1_email", "contact1_wechat"} & self.extra.keys()
        if "contact_name" not in fields or own or self.company_of is not None:
            return None
        if "contact1_mobile" in self.extra and not self.mobile_as_phone:
            return None
        out = {"name": "contact_name"}
        if self.mobile_as_phone:
            out["mobile"] = "contact_phone"
            if "phone" in fields:
                out["phone"] = "phone"
        elif "contact_phone" in fields:
            out["phone"] = "contact_phone"
        elif "phone" in fields:
            out["phone"] = "phone"
        if "email" in fields:
            out["email"] = "email"
        return out

    def _people_rows(
        self, cells_of: Callable[[int], list], made: dict[str, list], n: int
    ) -> dict[str, list]:
        """Rows naming a related company (Odoo's parent_id, "Related Company") are people of
        that company: the company is the customer, the row's name the person's."""
        assert self.company_of is not None
        companies = texts_of(cells_of(self.company_of.index))
        name_col = self.column_of.get("name")
        names = list(cells_of(name_col.index)) if name_col else [None] * n
        contact = self.column_of.get("contact_name")
        people = made.get("contact_name") or (
            list(cells_of(contact.index)) if contact else [None] * n
        )
        for i, company in enumerate(companies):
            if company:
                names[i], people[i] = company, people[i] or names[i]
        return {"name": names, "contact_name": people}

    def _label(self, name: str) -> str:
        column = self.column_of.get(name)
        if column is not None:
            return column.label
        if name == "address" and self.address_parts:
            return next(iter(self.address_parts.values())).label
        if name == "contact_phone" and self.mobile_as_phone:
            return self.extra["contact1_mobile"].label
        return CUSTOMER_FIELD_MAP[name].zh

    def _contacts(
        self,
        cells_of: Callable[[int], list],
        columns: dict[str, list],
        n: int,
        lines: dict[int, list[str]],
        notes: list[ValueNote],
    ) -> dict[int, list[dict[str, str]]]:
        """The people on each row: contact 1 from the card's 联络人 and the row's 职务, 手机,
        电话, 邮箱, 微信; 联系人2 … from their own columns. Details of a person without a
        name are kept in the remarks."""
        out: dict[int, list[dict[str, str]]] = {}
        self._first_positions: set[int] = set()
        for number, targets in enumerate(CONTACT_TARGETS, start=1):
            if number == 1 and self.skip_first:
                continue  # made from the card's columns (`first_from_card`)
            given = {
                attr: target
                for attr, target in zip(CONTACT_ATTRS, targets, strict=True)
                if target in self.extra or (number == 1 and target in columns)
            }
            if not given:
                continue
            values: dict[str, list[str]] = {}
            for attr, target in given.items():
                if target in CUSTOMER_FIELD_MAP:  # contact 1's name and phone: the card's
                    col = columns[target]
                    values[attr] = ["" if v is _ABSENT or v is None else str(v) for v in col]
                else:
                    values[attr] = texts_of(cells_of(self.extra[target].index))
            if number == 1 and self.mobile_as_phone:
                values.pop("phone", None)  # the card's 联络电话 is this person's mobile
            if number == 1:  # the row's own phone and email, when the person has none
                for attr, card_field in (("phone", "phone"), ("email", "email")):
                    if attr not in values and card_field in columns:
                        col = columns[card_field]
                        values[attr] = ["" if v is _ABSENT or v is None else str(v) for v in col]
            values = {"name": values.pop("name", None) or [""] * n, **values}
            keys = list(values)  # the name first
            too_long = {
                attr: {i for i, text in enumerate(texts) if len(text) > CONTACT_LIMITS[attr]}
                for attr, texts in values.items()
                if max(map(len, texts), default=0) > CONTACT_LIMITS[attr]
            }
            odd = set().union(*too_long.values()) if too_long else set()
            for i, row in enumerate(zip(*values.values(), strict=True)):
                if not row[0]:
                    if any(row):  # details without a person: kept in the remarks as text
                        self._nameless(dict(zip(keys, row, strict=True)), given, number, i,
                                       lines)  # fmt: skip
                    continue
                person = dict(zip(keys, row, strict=True))
                if i in odd and not self._fit(person, too_long, given, i, lines, notes):
                    continue
                if number == 1:
                    out[i] = [person]
                    self._first_positions.add(i)
                else:
                    out.setdefault(i, []).append(person)
        return out

    def _nameless(
        self,
        person: dict[str, str],
        given: dict[str, str],
        number: int,
        i: int,
        lines: dict[int, list[str]],
    ) -> None:
        line = line_template("importing.column_line")
        for attr, target in given.items():
            if target in self.extra and person.get(attr):
                if attr == "mobile" and self.mobile_as_phone and number == 1:
                    continue  # it is the card's 联络电话
                label = self.extra[target].label
                lines.setdefault(i, []).append(line.format(header=label, value=person[attr]))

    def _fit(
        self,
        person: dict[str, str],
        too_long: dict[str, set[int]],
        given: dict[str, str],
        i: int,
        lines: dict[int, list[str]],
        notes: list[ValueNote],
    ) -> bool:
        """A detail longer than a contact holds is kept in the remarks instead (a name that
        long: no contact at all). False when the person is not filed."""
        for attr, rows in too_long.items():
            if i not in rows:
                continue
            label = self._contact_label(given.get(attr), attr)
            text = person[attr]
            notes.append(ValueNote(i, label, text, msg("importing.too_long_here")))
            original = line_template("importing.original_line")
            lines.setdefault(i, []).append(original.format(header=label, value=text))
            if attr == "name":
                return False
            person[attr] = ""
        return True

    def _contact_label(self, target: str | None, attr: str) -> str:
        if target in self.extra:
            return self.extra[target].label
        if target in self.column_of:
            return self.column_of[target].label
        return attr

    def _add_to_remarks(
        self, columns: dict[str, list], lines: dict[int, list[str]], n: int, notes: list
    ) -> None:
        remarks = columns.get("remarks")
        if remarks is None:
            remarks = columns["remarks"] = [_ABSENT] * n
        for i, extra in lines.items():
            base = remarks[i]
            text = (
                "\n".join(extra) if base is _ABSENT or not base else base + "\n" + "\n".join(extra)
            )
            if len(text) > REMARKS_LIMIT:
                text = text[:REMARKS_LIMIT]
                notes.append(
                    ValueNote(i, "", "", msg("importing.remarks_cut", limit=REMARKS_LIMIT))
                )
            remarks[i] = text

    def problems(self, errors: Mapping[str, str]) -> list[CellProblem]:
        out = []
        for name, message in errors.items():
            column = self.column_of.get(name)
            reason = message.split(": ", 1)[1] if ": " in message else message
            out.append(
                CellProblem(
                    column.index if column else -1,
                    column.label if column else "",
                    name,
                    reason,
                    "ambiguous" in reason,
                )
            )
        return out


# --- duplicates -------------------------------------------------------------------------


def name_key(name: str) -> str:
    """A name as compared for duplicates: width, case, spaces and brackets ignored."""
    return fold(name or "")


def phone_key(phone: str) -> str:
    return _phone_key_of_digits(digits_only(phone or ""))


def _phone_key_of_digits(digits: str) -> str:
    if len(digits) > 11 and digits.startswith("86"):
        digits = digits[2:]
    return digits if len(digits) >= 7 else ""


# what a duplicate shares with the customer it matches
_WHAT = {
    "code": msg("importing.what_code"),
    "tax_id": msg("importing.what_tax_id"),
    "name": msg("importing.what_name"),
    "phone": msg("importing.what_phone"),
}


@dataclass
class _Match:
    where: str  # "db", "deleted", "file"
    target: Any  # customer id, or the index of the earlier file row's plan
    kind: str  # which key matched: code, tax_id, name, phone
    row: int = 0  # the earlier row of this file

    @property
    def reason(self) -> str:
        """Why the row is a duplicate, in the user's language."""
        what = _WHAT[self.kind]
        if self.where == "file":
            return render("importing.same_as_row", {"what": what, "row": self.row})
        if self.where == "deleted":
            return render("importing.same_as_deleted", {"what": what})
        return render("importing.same_as_customer", {"what": what})


class DuplicateIndex:
    """Customers by code, unified social credit code, normalised name and phone.

    Values are plain ints to keep 100k rows small: a database customer's id (> 0), or
    -(slot + 1) for a row of this file, whose row number and target sit in the slot.
    """

    KEYS = ("code", "tax_id", "name", "phone")

    def __init__(self) -> None:
        self.maps: dict[str, dict[str, int]] = {k: {} for k in self.KEYS}
        self.deleted_codes: dict[str, int] = {}
        self.file_rows = array("l")
        self.file_targets: list[Any] = []

    @classmethod
    def from_database(cls) -> DuplicateIndex:
        index = cls()
        code_map, tax, names, phones = (index.maps[k] for k in cls.KEYS)
        cursor = database.execute_sql(
            "SELECT id, code, tax_id, name, phone, deleted_at FROM customer"
        )
        for cid, code, tax_id, name, phone, deleted in cursor:
            if deleted is not None:
                if code:
                    index.deleted_codes.setdefault(code.upper(), cid)
                continue
            if code:
                code_map.setdefault(code.upper(), cid)
            if tax_id:
                tax.setdefault(tax_id.upper(), cid)
            key = name_key(name)
            if key:
                names.setdefault(key, cid)
            key = phone_key(phone)
            if key:
                phones.setdefault(key, cid)
        return index

    def codes(self) -> set[str]:
        """Every code in use, deleted cards' too (codes stay unique)."""
        return set(self.maps["code"]) | set(self.deleted_codes)

    @staticmethod
    def keys_of(values: Mapping[str, Any]) -> tuple[str, str, str, str]:
        return (
            (values.get("code") or "").upper(),
            (values.get("tax_id") or "").upper(),
            name_key(values.get("name") or ""),
            phone_key(values.get("phone") or ""),
        )

    def find(self, keys: tuple[str, str, str, str]) -> _Match | None:
        code, tax, name, phone = keys
        maps = self.maps
        if not (
            (code and (code in maps["code"] or code in self.deleted_codes))
            or (tax and tax in maps["tax_id"])
            or (name and name in maps["name"])
            or (phone and phone in maps["phone"])
        ):
            return None  # the usual case, without building anything
        for kind, key in zip(self.KEYS, keys, strict=True):
            if not key:
                continue
            hit = self.maps[kind].get(key)
            if hit is None and kind == "code":
                deleted = self.deleted_codes.get(key)
                if deleted is not None:
                    return _Match("deleted", deleted, kind)
            if hit is None:
                continue
            if hit < 0:
                slot = -hit - 1
                return _Match("file", self.file_targets[slot], kind, self.file_rows[slot])
            return _Match("db", hit, kind)
        return None

    def clear_of(self, keys: Sequence[tuple[str, str, str, str]]) -> bool:
        """Whether none of these rows matches the index or another of them: the usual
        block of a list, which `add_all` then takes whole."""
        for j, kind in enumerate(self.KEYS):
            values = [k[j] for k in keys if k[j]]
            if len(set(values)) < len(values) or not self.maps[kind].keys().isdisjoint(values):
                return False
            if kind == "code" and not self.deleted_codes.keys().isdisjoint(values):
                return False
        return True

    def add_all(
        self, keys: Sequence[tuple[str, str, str, str]], first_target: int, numbers: Sequence[int]
    ) -> None:
        """`add` of each row, in order, when `clear_of` said none of them matches."""
        base = len(self.file_rows)
        slots = range(-(base + 1), -(base + len(keys) + 1), -1)
        self.file_rows.extend(numbers)
        self.file_targets.extend(range(first_target, first_target + len(keys)))
        for j, kind in enumerate(self.KEYS):
            self.maps[kind].update(
                (k[j], slot) for k, slot in zip(keys, slots, strict=True) if k[j]
            )

    def add(self, keys: tuple[str, str, str, str], target: Any, row_number: int) -> None:
        slot = -(len(self.file_rows) + 1)
        self.file_rows.append(row_number)
        self.file_targets.append(target)
        for kind, key in zip(self.KEYS, keys, strict=True):
            if key:
                self.maps[kind].setdefault(key, slot)


def _describe_match(match: _Match) -> str:
    if match.where == "db":
        row = Customer.get_or_none(Customer.id == match.target)
        if row is not None:
            what = _WHAT[match.kind]
            params = {"what": what, "code": row.code, "name": row.name}
            return render("importing.same_as_customer_named", params)
    return match.reason


# --- preview ----------------------------------------------------------------------------


def _guard_columns(actor: Actor, source: ImportSource) -> tuple[list[ColumnMap], list[str]]:
    """Columns this user may import; credit columns are dropped for users who may not set credit."""
    columns = list(source.columns)
    warnings = []
    credit_cols = [c for c in columns if c.field in CREDIT_FIELDS]
    if credit_cols and not actor.can("credit.edit_direct"):
        for c in credit_cols:
            warnings.append(
                render(
                    "importing.credit_column_left_out",
                    {"column": c.label, "field": _target_text(c.field or "")},
                )
            )
        columns = [
            c if c.field not in CREDIT_FIELDS else ColumnMap(c.index, c.header, IGNORE)
            for c in columns
        ]
    return columns, warnings


def _require_name(source: ImportSource, columns: Sequence[ColumnMap]) -> None:
    if not any(c.field == "name" for c in columns):
        found = [h[:30] for h in source.headers[:12] if h]
        raise ImportFileError(
            "importing.no_name_column", file=source.path.name, headers=found or ["—"]
        )


def preview(
    actor: Actor,
    source: ImportSource,
    limit: int = 200,
) -> list[RowCheck]:
    """The first `limit` rows cleaned and checked for duplicates, nothing written (with the
    value mappings and the keeping of unmapped columns the source carries)."""
    actor.require("import", "import customers")
    columns, _warnings = _guard_columns(actor, source)
    cleaner = ColumnCleaner(
        columns, keep_unmapped=source.keep_unmapped, value_maps=_value_maps(source.value_maps)
    )
    index = DuplicateIndex.from_database()
    out: list[RowCheck] = []
    numbered = list(islice(source.customer_rows(held_only=True), limit))
    numbers = [n for n, _row in numbered]
    rows = [row for _n, row in numbered]
    has_name = any(c.field == "name" for c in columns)
    block = cleaner.clean(rows)
    notes: dict[int, list[ImportNote]] = {}
    for note in block.notes:
        notes.setdefault(note.position, []).append(_note(numbers[note.position], note))
    for position, (number, row) in enumerate(zip(numbers, rows, strict=True)):
        values = block.values(position)
        errors = dict(block.errors.get(position, {}))
        if not has_name:
            errors.pop("name", None)
        problems = cleaner.problems(errors)
        check = RowCheck(number, list(row), values, problems, "error" if problems else "new")
        check.notes = notes.get(position, [])
        check.contacts = block.contacts.get(position, [])
        if not problems:
            keys = DuplicateIndex.keys_of(values)
            match = index.find(keys)
            if match is not None:
                check.status = "duplicate"
                check.duplicate_reason = match.reason
                check.duplicate_of = match.target if match.where != "file" else None
            else:
                index.add(keys, position, number)
        out.append(check)
    return out


def _note(number: int, note: ValueNote) -> ImportNote:
    return ImportNote(number, note.column, note.value, note.reason)


def _value_maps(
    extra: Mapping[str, Mapping[str, str]] | None,
) -> dict[str, dict[str, str]]:
    """The user's remembered value mappings with this import's own on top (folded values)."""
    maps = remembered_value_maps()
    for name, values in (extra or {}).items():
        maps.setdefault(name, {}).update({fold(k): v for k, v in values.items()})
    return maps


def value_maps_for(
    source: ImportSource, rows: Sequence[tuple[int, str, str, str]], path: str = ""
) -> dict[str, dict[str, str]]:
    """The user's (line, column as written, value, choice label or code) rows as
    field -> {value: choice code}; a row naming no column of the file, a column without
    choices or no choice of its field is refused with its line."""
    by_header = {fold(c.header): c for c in source.columns if c.header}
    out: dict[str, dict[str, str]] = {}
    for line, column, value, choice in rows:
        found = by_header.get(fold(column))
        problem: Message | None = None
        spec = CUSTOMER_FIELD_MAP.get(found.field or "") if found else None
        if found is None:
            problem = msg("importing.map_values_no_column", column=column)
        elif spec is None or not spec.choices:
            problem = msg("importing.map_values_not_choice_column", column=column)
        else:
            code = map_choice(spec.choices, choice)
            try:
                code = code or parse_choice(choice, spec.choices)
            except ValueError:
                labels = [Text(zh, en) for zh, en in CHOICES[spec.choices].values()]
                problem = msg("importing.not_a_choice", choices=labels)
                problem = msg("importing.cell_problem", column=choice, reason=problem)
            if code:
                out.setdefault(spec.name, {})[value] = code
        if problem is not None:
            raise UserError("importing.map_values_bad_row", path=path, row=line, reason=problem)
    return out


# --- the import -------------------------------------------------------------------------


def _customer_layout() -> tuple[list[str], list[Any], dict[str, int]]:
    """Every column of `customer` but id, the default of each, and where each field sits."""
    names, defaults, where = [], [], {}
    for f in Customer._meta.sorted_fields:
        if f.name == "id":
            continue
        default = f.default() if callable(f.default) else f.default
        where[f.name] = len(names)
        names.append(f.column_name)
        defaults.append(None if default is None else f.db_value(default))
    return names, defaults, where


class _CodeMaker:
    """Codes for rows without one: C000001 … after the highest used, never one the file uses."""

    def __init__(
        self, reserved: set[str], file_codes: Callable[[], set[str]] | None = None
    ) -> None:
        self.next = int(customer_service.next_customer_code()[1:])
        self.reserved = reserved
        self.file_codes = file_codes  # read on the first code made: most files have them all

    def __call__(self) -> str:
        if self.file_codes is not None:
            self.reserved |= self.file_codes()
            self.file_codes = None
        while True:
            code = f"{customer_service.CODE_PREFIX}{self.next:06d}"
            self.next += 1
            if code.upper() not in self.reserved:
                return code


def run_import(
    actor: Actor,
    source: ImportSource,
    *,
    on_duplicate: str = "skip",
    strict: bool = False,
    dry_run: bool = False,
    progress: Progress | None = None,
    keep_unmapped: bool | None = None,
    value_maps: Mapping[str, Mapping[str, str]] | None = None,
    unmapped_as_fields: bool = False,
) -> ImportResult:
    """Import every row in one transaction; returns what was created, updated, skipped, rejected.

    `progress(done, total)` is called every few thousand rows; returning False cancels,
    and a cancelled import leaves the database as it was (ImportCancelled is raised).
    Columns without a field are kept in the remarks unless `keep_unmapped` is off;
    `value_maps` (field -> {value as written: choice code}) map values no synonym reads,
    and are remembered for the next import. Both default to the source's own (what the
    wizard set on it).
    """
    actor.require("import", "import customers")
    if on_duplicate not in POLICIES:
        raise UserError("importing.bad_policy", choices=list(POLICIES))
    bulk = source.data_rows_estimate >= BULK_ROWS and _sqlite()
    if keep_unmapped is None:
        keep_unmapped = source.keep_unmapped
    maps = {k: dict(v) for k, v in source.value_maps.items()}
    for name, values in (value_maps or {}).items():
        maps.setdefault(name, {}).update(values)
    how = _How(on_duplicate, strict, dry_run, keep_unmapped, maps, unmapped_as_fields)
    with _document_helper(bulk) as docs:  # started first: it loads while the file is read
        return _run_import(actor, source, how, progress, docs, bulk)


@dataclass(frozen=True)
class _How:
    """The choices of one import."""

    on_duplicate: str
    strict: bool
    dry_run: bool
    keep_unmapped: bool
    value_maps: dict[str, Mapping[str, str]]
    # kept columns feed custom fields: those headed like one, and (a manager) new text ones
    unmapped_as_fields: bool = False


def _document_helper(bulk: bool) -> Offload:
    """What builds the new cards' search documents: a helper process for a large file
    into SQLite, the import itself otherwise."""
    docs = Offload(documents_joined, use_process=None if bulk else False)
    docs.warm_up([(0, "北京重庆科技有限公司", "", "", "", "", "王伟", "", "")])
    return docs


def _run_import(
    actor: Actor,
    source: ImportSource,
    how: _How,
    progress: Progress | None,
    docs: Offload,
    bulk: bool,
) -> ImportResult:
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    full = full_source(source)
    owns_stream = full is not source  # read here: its sheet can be let go before the end
    source = full
    timings["read"] = time.perf_counter() - t0
    columns, warnings = _guard_columns(actor, source)
    _require_name(source, columns)
    unmapped = unmapped_message(source, keep=how.keep_unmapped)
    if unmapped:
        warnings.append(unmapped)
    dry_run = how.dry_run
    result = ImportResult(
        source.path.name, None, dry_run=dry_run, warnings=warnings, headers=source.headers
    )
    try:
        with rollback_journal_when_alone() if bulk else nullcontext(), transaction():
            _import_rows(actor, source, columns, result, how, progress, docs, owns_stream)
            if how.keep_unmapped and not result.refused and result.batch_id is not None:
                fed = _kept_columns_to_custom_fields(actor, source, how, result.batch_id)
                if fed:  # said instead of "kept in the remarks" when it was all of them
                    if set(fed) >= {c.header for c in source.unmapped if c.header}:
                        result.warnings = [w for w in result.warnings if w != unmapped]
                    result.warnings.append(render("custom_fields.import_fed", {"columns": fed}))
            if dry_run or result.refused:
                raise _Rollback
            t_commit = time.perf_counter()
        result.timings["commit"] = time.perf_counter() - t_commit
    except _Rollback:
        result.batch_id = None
    result.notes.sort(key=lambda note: note.row_number)  # found column by column
    timings.update(result.timings)
    timings["total"] = time.perf_counter() - t0
    result.timings = timings
    return result


def _tick(progress: Progress | None, done: int, total: int) -> None:
    if progress is not None and progress(done, total) is False:
        raise ImportCancelled("importing.cancelled")


def _file_codes(source: ImportSource, code_col: int, seen: Sequence = ()) -> set[str]:
    """Every customer code the file itself uses (generated codes must avoid them).
    `seen`: the code cells of the rows read so far, where parts of the sheet were let go."""
    stream = source.data.stream
    if stream is not None and None in stream.sheets:
        rows: Iterable[list] = (row for _i, row in stream.rows_kept())
        cells = [*seen, *(row[code_col] for row in rows if code_col < len(row))]
    else:
        cells = [row[code_col] for _n, row in source.iter_data() if code_col < len(row)]
    raws = [v for v in cells if v not in (None, "")]
    texts = [v if v.__class__ is str else str(file_value(v, "text")) for v in raws]
    return {code.upper() for code in clean_texts(texts)}


def _blocks(rows: Iterator[tuple[int, list]], size: int) -> Iterator[tuple[list[int], list]]:
    numbers: list[int] = []
    block: list = []
    for number, row in rows:
        numbers.append(number)
        block.append(row)
        if len(block) >= size:
            yield numbers, block
            numbers, block = [], []
    if block:
        yield numbers, block


def _block_keys(block: CleanBlock, n: int) -> list[tuple[str, str, str, str]]:
    """`DuplicateIndex.keys_of` of every row of a block, column by column."""
    cols = block.columns

    def texts(name: str) -> list[str]:
        col = cols.get(name)
        if col is None:
            return [""] * n
        return [v if v.__class__ is str else "" for v in col]

    codes = _upper_texts(texts("code"))
    taxes = _upper_texts(texts("tax_id"))
    names = fold_texts(texts("name"))  # name_key of each
    phones = [_phone_key_of_digits(d) for d in digits_only_texts(texts("phone"))]
    return list(zip(codes, taxes, names, phones, strict=True))


def _upper_texts(texts: list[str]) -> list[str]:
    """`str.upper` of each text, in one pass over them joined."""
    out = "\n".join(texts).upper().split("\n")
    return out if len(out) == len(texts) else [t.upper() for t in texts]


@contextmanager
def _page_cache(kib: int) -> Iterator[None]:
    """SQLite's page cache at `kib` for a while, then as it was."""
    before = database.execute_sql("PRAGMA cache_size").fetchone()[0]
    database.execute_sql(f"PRAGMA cache_size = -{int(kib)}")
    try:
        yield
    finally:
        database.execute_sql(f"PRAGMA cache_size = {int(before)}")


_LOW62 = (1 << 62) - 1
_LOW48 = (1 << 48) - 1
# the UUID of a staged row from its rowid and `_UuidMaker.sql_range`'s three values
UUID_SQL = f"printf('%s%04x-%012x', ?, ? + ((? + rowid) >> 48), (? + rowid) & {_LOW48})"


class _UuidMaker:
    """UUIDs of an import's new cards in the version 7 layout (RFC 9562): the import's
    start in milliseconds, then a 74-bit counter from a random point. They grow with the
    cards, so the unique index on customer.uuid takes each at its end instead of on a
    random page of it (v4's random ids kept that index's pages all over the cache)."""

    def __init__(self) -> None:
        self.millis = time.time_ns() // 1_000_000
        self.next = int.from_bytes(os.urandom(10), "big") >> 7  # 73 bits: room to count

    def __call__(self, n: int) -> list[str]:
        start, self.next = self.next, self.next + n
        head = f"{self.millis:012x}"
        if n and start >> 62 == (start + n - 1) >> 62:  # the usual: no carry past the variant
            first = f"{head[:8]}-{head[8:]}-7{start >> 62:03x}-"
            low = (start & _LOW62) | (2 << 62)
            texts = [f"{x:016x}" for x in range(low, low + n)]
            return [f"{first}{t[:4]}-{t[4:]}" for t in texts]
        out = []
        for counter in range(start, start + n):
            low = f"{counter & _LOW62 | (2 << 62):016x}"  # variant bits 10
            mid = f"{counter >> 62:03x}"
            out.append(f"{head[:8]}-{head[8:]}-7{mid}-{low[:4]}-{low[4:]}")
        return out

    def sql_range(self, n: int) -> tuple[str, int, int]:
        """The next `n` UUIDs as `UUID_SQL` makes them from rowid 1 to n: (the text up
        to the fourth group, that group's value, the last group's value less one)."""
        if (self.next & _LOW62) + n > _LOW62:  # a carry into the third group: skip to it
            self.next = ((self.next >> 62) + 1) << 62
        start, self.next = self.next, self.next + n
        head = f"{self.millis:012x}"
        low = start & _LOW62
        return f"{head[:8]}-{head[8:]}-7{start >> 62:03x}-", 0x8000 | low >> 48, (low & _LOW48) - 1


class _NewCards:
    """New cards of an import, written block by block with their 'created' ChangeLog rows
    and search documents.

    On SQLite each block is staged in a temporary table and moved by a few INSERT …
    SELECT statements (ids given explicitly: the write lock is ours since BEGIN
    IMMEDIATE); columns the file does not feed are bound once per statement instead of
    once per row. The moving is the mover thread's; the search documents the helper
    has answered are staged beside the blocks and written by the mover too, a chunk at
    a time. The import's thread only touches the connection while the mover is idle
    (a statement of the mover holds the connection): blocks cleaned meanwhile wait in
    `backlog`. Elsewhere the cards go in with `bulk_insert` and the rest is done at the
    end (`finish`).
    """

    def __init__(
        self, actor: Actor, batch_id: int, now_text: str, fields: Sequence[str], docs: Offload
    ) -> None:
        names, defaults, where = _customer_layout()
        self.actor_id = actor.id
        self.batch_id = batch_id
        self.now_text = now_text
        self.fields = [f for f in fields if f != "code"]
        self.kinds = {f: CUSTOMER_FIELD_MAP[f].kind for f in fields}
        self.defaults = {f: defaults[where[f]] for f in where}
        self.credit = actor.can("credit.edit_direct") and "credit_limit" in fields
        self.sqlite = _sqlite()
        self.max_before = database.execute_sql(
            "SELECT COALESCE(MAX(id), 0) FROM customer"
        ).fetchone()[0]
        self.count = 0
        self.new_uuids = _UuidMaker()
        self.uuids: list[str] = []  # not SQLite: mapped to ids at the end
        self.seconds_insert = 0.0
        self.seconds_index = 0.0
        varying = ["uuid", "code", *self.fields]
        approval = ["credit_approved_by", "credit_approved_at"] if self.credit else []
        self.varying = varying + approval
        constant = [f for f in where if f not in self.varying]
        consts = dict(self.defaults, created_at=now_text, updated_at=now_text)
        self.layout = (names, where)
        self.constants = {f: consts[f] for f in constant}
        if self.sqlite:
            # staged: the code and the file's fields; the id (from the rowid), the UUID
            # and the credit approval are made by the statement that moves them
            self.staged = varying[1:]
            width = len(self.staged)
            stage_cols = ", ".join(f"c{i}" for i in range(width))
            made = ["? + rowid", UUID_SQL, stage_cols]
            if self.credit:
                limit = f"c{self.staged.index('credit_limit')}"
                made += [f"CASE WHEN {limit} IS NOT NULL THEN ? END"] * 2
            made += ["?"] * len(constant)
            target = ", ".join(f'"{names[where[f]]}"' for f in (*self.varying, *constant))
            self.stage_sql = f"INSERT INTO temp.import_stage VALUES ({', '.join('?' * width)})"
            self.move_sql = (
                f'INSERT INTO customer ("id", {target}) SELECT {", ".join(made)} '
                "FROM temp.import_stage ORDER BY rowid"
            )
            approved = (self.actor_id, now_text) if self.credit else ()
            self.move_params = (*approved, *self.constants.values())
            self.log_sql = (
                "INSERT INTO change_log (entity, entity_id, field, old_value, new_value, "
                "user_id, at, batch_id) SELECT 'customer', ? + rowid, 'created', NULL, c0, "
                "?, ?, ? FROM temp.import_stage ORDER BY rowid"
            )
            conn = database.connection()
            conn.execute("DROP TABLE IF EXISTS temp.import_stage")
            conn.execute(f"CREATE TEMP TABLE import_stage ({stage_cols})")
            conn.execute("DROP TABLE IF EXISTS temp.import_docs")
            conn.execute("CREATE TEMP TABLE import_docs (c0, c1, c2)")
        # blocks cleaned while the mover was at work: (first id, rows)
        self.backlog: list[tuple[int, list[tuple]]] = []
        self.docs_staged = 0  # search documents staged, not written yet
        # SQLite: each block's search documents, sent to `docs` as the block goes in and
        # written by the mover as they come back; elsewhere `finish` reindexes the new cards
        self.open = ExitStack()
        self.docs: Offload | None = None
        if self.sqlite:
            self.open.enter_context(bulk_fts())
            self.open.enter_context(_page_cache(IMPORT_CACHE_KB))
            self.docs = docs

            # the staged rows move into customer, and the documents into the index, on a
            # thread of their own: sqlite3 lets go of the GIL for the whole INSERT …
            # SELECT (35 ms a block, the customer indexes' work; 0.2 s a chunk of
            # documents), so the next block is cleaned meanwhile
            self.mover = self.open.enter_context(
                ThreadPoolExecutor(1, thread_name_prefix="crm-import-move")
            )
            # the mover needs the GIL back after each statement; Python hands it over
            # every 5 ms by default, which left the import waiting on the mover 0.2 s of
            # 100k rows; at 1 ms it waits 0.05 s
            self.open.callback(sys.setswitchinterval, sys.getswitchinterval())
            sys.setswitchinterval(MOVER_SWITCH_INTERVAL)
        self.moving: Future[None] | None = None

    def _move(self, conn: sqlite3.Connection, cards: tuple | None, index: bool) -> None:
        """On the mover: the staged cards into customer (`cards`: the id before the first
        and the UUIDs' `sql_range`), the staged documents into the search index."""
        if cards is not None:
            base, (uuid_head, uuid_group, uuid_last) = cards
            uuid = (uuid_head, uuid_group, uuid_last, uuid_last)
            conn.execute(self.move_sql, (base, *uuid, *self.move_params))
            conn.execute(self.log_sql, (base, self.actor_id, self.now_text, self.batch_id))
            conn.execute("DELETE FROM temp.import_stage")
        if index:
            conn.execute(
                "INSERT INTO customer_search (customer_id, doc) "
                "SELECT c0, c1 FROM temp.import_docs ORDER BY rowid"
            )
            conn.execute(
                "INSERT INTO customer_fts (rowid, tokens) "
                "SELECT c0, c2 FROM temp.import_docs ORDER BY rowid"
            )
            conn.execute("DELETE FROM temp.import_docs")

    def _flush(self, final: bool = False, tick: Callable[[], object] | None = None) -> None:
        """Stage the blocks waiting and the search documents answered; have the mover
        write them. `final`: every document, waiting for the helper (`tick` between
        batches) while the mover finishes its last job."""
        assert self.docs is not None
        answered: Iterable[tuple[list[int], str, str]] = self.docs.ready()
        if final:
            answered = []
            for docs in self.docs.results():
                answered.append(docs)
                if tick is not None:
                    tick()
        self._wait_for_move()
        conn = database.connection()
        cards = None
        if self.backlog:  # ids follow on from block to block: the rowids give them
            staged = sum(len(rows) for _first, rows in self.backlog)
            cards = (self.backlog[0][0] - 1, self.new_uuids.sql_range(staged))
        for _first, rows in self.backlog:
            conn.executemany(self.stage_sql, rows)
        self.backlog.clear()
        for ids, docs, tokens in answered:
            rows = zip(ids, docs.split("\n"), tokens.split("\n"), strict=True)
            conn.executemany("INSERT INTO temp.import_docs VALUES (?, ?, ?)", rows)
            self.docs_staged += len(ids)
        index = self.docs_staged >= DOC_CHUNK or (final and self.docs_staged > 0)
        if index:
            self.docs_staged = 0
        if cards is not None or index:
            self.moving = self.mover.submit(self._move, conn, cards, index)

    def _wait_for_move(self) -> None:
        if self.moving is not None:
            moving, self.moving = self.moving, None
            moving.result()  # its error, if any, is the import's

    def close(self) -> None:
        """Let the mover go; on success `finish` has waited for every block."""
        if self.moving is not None:  # an error or a Cancel: the block still moving ends first
            with contextlib.suppress(Exception):
                self.moving.result()
            self.moving = None
        self.open.close()

    def db_column(self, name: str, values: list) -> list:
        """Clean values of a field as stored; an empty cell gives the column's default."""
        kind, default = self.kinds[name], self.defaults[name]
        if kind == "money":  # Decimal yuan with 2 places: its fen are exact (to_minor)
            return [
                default if v is _ABSENT else (None if v is None else int(v * 100)) for v in values
            ]
        if kind == "date":
            return [
                default if v is _ABSENT else (None if v is None else v.isoformat()) for v in values
            ]
        if kind == "decimal":
            return [default if v is _ABSENT else (None if v is None else str(v)) for v in values]
        return [default if v is _ABSENT else v for v in values]

    def add(
        self,
        block: CleanBlock,
        positions: list[int],
        codes: list[str],
        phones: list[str] | None = None,
    ) -> None:
        """Write the cards of these rows of a block (`codes`: each one's code; `phones`: a
        person's mobile each card's search document holds too, in the fax's empty place)."""
        n = len(positions)
        if not n:
            return
        t = time.perf_counter()
        cols: dict[str, list] = {"code": codes}
        everyone = n == len(next(iter(block.columns.values()), ()))
        for f in self.fields:
            col = block.columns[f]
            cols[f] = self.db_column(f, col if everyone else [col[i] for i in positions])
        first = self.max_before + self.count + 1
        ids = range(first, first + n)
        self.count += n
        if not self.sqlite:
            uuids = cols["uuid"] = self.new_uuids(n)
            if self.credit:
                limits = cols["credit_limit"]
                cols["credit_approved_by"] = [
                    self.actor_id if v is not None else None for v in limits
                ]
                cols["credit_approved_at"] = [
                    self.now_text if v is not None else None for v in limits
                ]
            names, where = self.layout
            ordered = sorted(where, key=where.__getitem__)
            sources = [cols[f] if f in cols else repeat(self.constants[f], n) for f in ordered]
            bulk_insert("customer", names, zip(*sources, strict=False))
            self.uuids.extend(uuids)
            self.seconds_insert += time.perf_counter() - t
            return
        self.backlog.append((first, list(zip(*(cols[f] for f in self.staged), strict=True))))
        assert self.docs is not None
        doc_columns = [cols[f] if f in cols else repeat(self.constants[f], n) for f in DOC_FIELDS]
        if phones is not None and any(phones):
            at = DOC_FIELDS.index("fax")
            faxes = doc_columns[at]
            doc_columns[at] = [fax or phone for fax, phone in zip(faxes, phones, strict=False)]
        self.docs.submit(list(zip(ids, *doc_columns, strict=False)))  # repeat() is endless
        if self.moving is None or self.moving.done():
            self._flush()
        self.seconds_insert += time.perf_counter() - t

    def id_of(self, k: int, uid_ids: Mapping[str, int]) -> int | None:
        """Id of the k-th new card."""
        if self.sqlite:
            return self.max_before + 1 + k
        return uid_ids.get(self.uuids[k])

    def finish(
        self, need: set[int], tick: Callable[[], object] | None = None
    ) -> tuple[int, dict[str, int]]:
        """(cards created, ids of the new cards in `need` by uuid); not SQLite: ChangeLog and
        search documents of every new card, from the ids the database gave. `tick` lets a
        Cancel through while the search documents are written."""
        if self.sqlite:
            t = time.perf_counter()
            self._flush(final=True, tick=tick)
            flush_written_pages()  # while the mover writes the last documents
            self._wait_for_move()
            database.execute_sql("DROP TABLE IF EXISTS temp.import_stage")
            database.execute_sql("DROP TABLE IF EXISTS temp.import_docs")
            self.close()
            self.seconds_index += time.perf_counter() - t
            return self.count, {}
        t = time.perf_counter()
        wanted = set(self.uuids)
        need_uids = {self.uuids[k] for k in need}
        created_ids: list[int] = []
        uid_ids: dict[str, int] = {}
        cursor = database.execute_sql(
            "SELECT id, uuid, code FROM customer WHERE id > %s ORDER BY id", (self.max_before,)
        )
        log = []
        for cid, uid, code in cursor.fetchall():
            if uid not in wanted:
                continue
            created_ids.append(cid)
            if uid in need_uids:
                uid_ids[uid] = cid
            log.append(
                (
                    "customer",
                    cid,
                    "created",
                    None,
                    code,
                    self.actor_id,
                    self.now_text,
                    self.batch_id,
                )
            )
        bulk_insert(
            "change_log",
            ("entity", "entity_id", "field", "old_value", "new_value", "user_id", "at", "batch_id"),
            log,
        )
        t2 = time.perf_counter()
        self.seconds_insert += t2 - t
        if created_ids:
            reindex_customers(created_ids)
        self.seconds_index += time.perf_counter() - t2
        return len(created_ids), uid_ids


def _import_rows(
    actor: Actor,
    source: ImportSource,
    columns: list[ColumnMap],
    result: ImportResult,
    how: _How,
    progress: Progress | None,
    docs: Offload,
    owns_stream: bool = False,
) -> None:
    policy, strict, dry_run = how.on_duplicate, how.strict, how.dry_run
    timings = result.timings
    t = time.perf_counter()
    now = utcnow()
    now_text = str(now)
    batch = ImportBatch.create(
        uuid=new_uuid(), file_name=str(source.path.name)[:500], user=actor.id, started_at=now
    )
    result.batch_id = batch.id
    cleaner = ColumnCleaner(
        columns,
        keep_unmapped=how.keep_unmapped,
        value_maps=_value_maps(how.value_maps),
        first_by_sql=_sqlite(),
    )
    index = DuplicateIndex.from_database()
    code_col = next((c.index for c in columns if c.field == "code"), None)
    reserved = index.codes()
    # the rows of a sheet read here are let go part by part as they are worked through;
    # should a code be made later, the codes of the rows already read are kept for it
    seen_codes: list = []
    make_code = _CodeMaker(
        reserved, None if code_col is None else lambda: _file_codes(source, code_col, seen_codes)
    )
    cards = _NewCards(actor, batch.id, now_text, cleaner.fields, docs)
    # the first person of each new card, made from the card's columns by one statement
    first_by_sql = cleaner.first_from_card if cards.sqlite else None
    remarks_column = "remarks" in cleaner.column_of  # else remarks are only kept lines
    # target, row no., raw, changes, people
    updates: list[tuple[Any, int, Sequence, dict[str, Any], list]] = []
    people: list[tuple[int, list[dict[str, str]]]] = []  # new card (k), its contacts
    indexed: set[int] = set()  # new cards (k) whose document already holds their one person
    try:
        timings["prepare"] = time.perf_counter() - t
        t = time.perf_counter()
        total = source.data_rows_estimate
        ticked = 0

        def reject(number: int, raw: Sequence, problems: list[CellProblem]) -> None:
            result.rejected += 1
            for p in problems:
                result.rejections.append(
                    Rejection(number, p.header, p.field, p.message, tuple(raw))
                )

        done = 0
        new_cards = 0  # file rows planned as new cards: DuplicateIndex targets

        def not_a_customer(number: int, reason: Any) -> None:
            result.skipped += 1
            result.skipped_rows.append((number, reason.render()))

        customer_rows = source.customer_rows(release=owns_stream, skipped=not_a_customer)
        for numbers, rows in _blocks(customer_rows, BLOCK):
            if owns_stream and code_col is not None and make_code.file_codes is not None:
                seen_codes.extend(row[code_col] for row in rows if code_col < len(row))
            block = cleaner.clean(rows)
            if block.notes:
                noted = {note.position for note in block.notes}
                noted -= block.errors.keys()
                result.notes.extend(
                    _note(numbers[note.position], note)
                    for note in block.notes
                    if note.position in noted
                )
            keys_of_rows = _block_keys(block, len(rows))
            code_col_values = block.columns.get("code")
            positions: list[int] = []
            codes: list[str] = []
            k_of: dict[int, int] = {}  # position -> new card
            good = [i for i in range(len(rows)) if i not in block.errors]
            if index.clear_of([keys_of_rows[i] for i in good]):
                # no row of the block matches a card or an earlier row: all new, at once
                for i in good:
                    code = code_col_values[i] if code_col_values is not None else _ABSENT
                    if code is _ABSENT or not code:
                        code = make_code()  # never one in use or in the file
                        keys_of_rows[i] = (code.upper(), *keys_of_rows[i][1:])
                    codes.append(code)
                index.add_all(
                    [keys_of_rows[i] for i in good], new_cards, [numbers[i] for i in good]
                )
                k_of = {i: new_cards + j for j, i in enumerate(good)}
                if block.contacts:
                    people.extend(
                        (new_cards + j, rest)
                        for j, i in enumerate(good)
                        if (rest := _new_card_people(block, i, first_by_sql))
                    )
                new_cards += len(good)
                positions = good
            for i, number in enumerate(numbers):
                if positions is good:
                    if i in block.errors:
                        reject(number, rows[i], cleaner.problems(block.errors[i]))
                    continue
                row_errors = block.errors.get(i)
                if row_errors:
                    reject(number, rows[i], cleaner.problems(row_errors))
                    continue
                keys = keys_of_rows[i]
                match = index.find(keys)
                if match is not None:
                    if policy == "skip":
                        result.skipped += 1
                        result.skipped_rows.append((number, _describe_match(match)))
                        persons = _row_people(block, i, first_by_sql)
                        if match.where == "file" and persons:
                            # another person of a customer an earlier row brought in (a
                            # contacts export: one row per person): filed under that card
                            people.append((match.target, persons))
                        continue
                    values = block.values(i)
                    if match.where == "deleted":
                        problem = _code_problem(cleaner, values, "importing.code_of_deleted")
                        reject(number, rows[i], [problem])
                        continue
                    if policy == "update":
                        changes = {
                            k: v for k, v in values.items() if v not in (None, "") and k != "code"
                        }
                        target = (
                            ("db", match.target) if match.where == "db" else ("new", match.target)
                        )
                        updates.append(
                            (target, number, rows[i], changes, _row_people(block, i, first_by_sql))
                        )
                        continue
                    if match.kind == "code":
                        problem = _code_problem(cleaner, values, "importing.code_in_use")
                        reject(number, rows[i], [problem])
                        continue
                    # policy "new": a card of its own despite the likeness
                code = code_col_values[i] if code_col_values is not None else _ABSENT
                if code is _ABSENT or not code:
                    code = make_code()
                    keys = (code.upper(), *keys[1:])
                index.add(keys, new_cards, number)
                k_of[i] = new_cards
                rest = _new_card_people(block, i, first_by_sql)
                if rest:
                    people.append((new_cards, rest))
                new_cards += 1
                positions.append(i)
                codes.append(code)
            done += len(rows)
            if not (strict and result.rejected):
                phones = None
                if cards.sqlite and block.first_built:
                    phones = _search_phones(block, positions, k_of, indexed)
                cards.add(block, positions, codes, phones)
            while done - ticked >= PROGRESS_EVERY:
                ticked += PROGRESS_EVERY
                _tick(progress, ticked, max(total, done))
        total = done
        _tick(progress, total, total)
        if strict and result.rejected:
            result.refused = True
            result.created = result.updated = result.skipped = 0
            timings["rows"] = time.perf_counter() - t - cards.seconds_insert - cards.seconds_index
            return
        # what the rows needed is not needed any more: free it before the last writes
        del index, reserved, make_code, cleaner
        if owns_stream:
            source.data.stream = None
        need = {target[1] for target, *_rest in updates if target[0] == "new"}
        if not cards.sqlite:
            need.update(k for k, _persons in people)
        result.created, uid_ids = cards.finish(need, lambda: _tick(progress, total, total))
        t_contacts = time.perf_counter()
        if first_by_sql is not None:
            result.contacts = import_people.first_contacts_of_new_cards(
                first_by_sql,
                cards.max_before,
                cards.count,
                actor,
                batch.id,
                now_text,
                _UuidMaker(),
                UUID_SQL,
            )
        result.contacts += import_people.add_contacts(
            [(cards.id_of(k, uid_ids), persons) for k, persons in people],
            actor,
            batch.id,
            now_text,
            _UuidMaker(),
            indexed={cards.id_of(k, uid_ids) for k in indexed},
            # on SQLite the new cards are the ids after max_before; none has a contact yet
            # unless the one statement made its first
            empty_after=cards.max_before if cards.sqlite and first_by_sql is None else None,
        )
        timings["contacts"] = time.perf_counter() - t_contacts
    finally:
        cards.close()  # the mover thread ends with the import, however it ends
    timings["rows"] = time.perf_counter() - t - cards.seconds_insert - cards.seconds_index
    timings["insert"] = cards.seconds_insert
    timings["index"] = cards.seconds_index
    t = time.perf_counter()
    for done, (target, number, raw, changes, persons) in enumerate(updates, start=1):
        if done % 200 == 0:
            _tick(progress, total, total)
        cid = target[1] if target[0] == "db" else cards.id_of(target[1], uid_ids)
        if cid is None:
            continue
        try:
            with transaction():
                current = Customer.get_by_id(cid)
                before = current.version
                if "remarks" in changes and not remarks_column:
                    changes = _with_kept_lines(changes, current.remarks or "")
                card = customer_service.update_customer(actor, cid, changes, batch_id=batch.id)
                added = import_people.add_new_people(
                    cid, persons, actor, batch.id, now_text, _UuidMaker()
                )
        except UserError as exc:
            result.rejected += 1
            result.rejections.append(Rejection(number, "", "", exc.message, tuple(raw)))
            continue
        result.contacts += added
        if target[0] == "new":
            result.skipped += 1
            result.skipped_rows.append((number, render("importing.merged")))
        elif card.version != before or added:
            result.updated += 1
        else:
            result.skipped += 1
            result.skipped_rows.append((number, render("importing.up_to_date")))
    timings["updates"] = time.perf_counter() - t
    if strict and result.rejected:
        result.refused = True
        return
    batch.created, batch.updated = result.created, result.updated
    batch.skipped, batch.rejected = result.skipped, result.rejected
    batch.save()
    if not dry_run:
        remember_mapping(source.headers, source.columns)
        if how.value_maps:
            remember_value_maps(how.value_maps)
    customer_service.audit(
        actor,
        "import",
        entity="customer",
        count=result.created + result.updated,
        detail=f"{source.path.name}: {result.summary()}",
    )


def _kept_columns_to_custom_fields(
    actor: Actor, source: ImportSource, how: _How, batch_id: int
) -> list[str]:
    """The kept columns that are custom fields move from the remarks into them; returns
    their headers."""
    headers = [c.header for c in source.columns if c.field is None and c.header]
    if not headers:
        return []
    from crm_desktop.services import import_custom

    fields = import_custom.fields_by_header(actor, headers, define=how.unmapped_as_fields)
    import_custom.move_kept_lines(actor, batch_id, fields)
    return list(fields)


def _sqlite() -> bool:
    from crm_desktop.models import is_sqlite

    return is_sqlite()


def _with_kept_lines(changes: dict[str, Any], current: str) -> dict[str, Any]:
    """An update's kept lines added under the card's remarks (lines it has already are not
    added again), instead of replacing what the user wrote there."""
    lines = [line for line in changes["remarks"].split("\n") if line not in current.split("\n")]
    out = dict(changes)
    if not lines:
        del out["remarks"]
        return out
    text = "\n".join([current, *lines]) if current else "\n".join(lines)
    out["remarks"] = text[:REMARKS_LIMIT]
    return out


def _new_card_people(
    block: CleanBlock, i: int, first_by_sql: dict[str, str] | None
) -> list[dict[str, str]]:
    """The people of row `i` that a new card gets one by one (with `first_by_sql` its first
    person is made from the card's columns, and is not among them)."""
    return block.contacts.get(i, [])


def _search_phones(
    block: CleanBlock, positions: list[int], k_of: Mapping[int, int], indexed: set[int]
) -> list[str]:
    """For each new card of a block: the mobile of its one person, which its search
    document can hold in the fax's place when the row has no fax (the card is then
    `indexed`: its person need not be indexed again); '' otherwise."""
    fax = block.columns.get("fax")
    out = []
    for i in positions:
        persons = block.contacts.get(i, ())
        mobile = ""
        if i in block.first_built and len(persons) == 1:
            mobile = persons[0].get("mobile", "")
            no_fax = fax is None or fax[i] is _ABSENT or not fax[i]
            if not mobile or no_fax:
                indexed.add(k_of[i])
            else:
                mobile = ""
        out.append(mobile)
    return out


def _row_people(
    block: CleanBlock, i: int, first_by_sql: dict[str, str] | None
) -> list[dict[str, str]]:
    """Every person of row `i`, the first one from the card's columns where it was not built."""
    persons = block.contacts.get(i, [])
    if first_by_sql is None or i not in block.card_first:
        return persons
    columns = block.columns
    first = {}
    for attr, card_field in first_by_sql.items():
        value = columns[card_field][i] if card_field in columns else _ABSENT
        first[attr] = "" if value is _ABSENT or value is None else str(value)
    return [first, *persons]


def _code_problem(cleaner: ColumnCleaner, values: Mapping[str, Any], code_: str) -> CellProblem:
    column = cleaner.column_of.get("code")
    code = values.get("code") or ""
    spec = CUSTOMER_FIELD_MAP["code"]
    return CellProblem(
        column.index if column else -1,
        column.label if column else spec.zh,
        "code",
        render(code_, {"code": code}),
    )


# --- history and undo ---------------------------------------------------------------------


def import_history(actor: Actor, limit: int = 100) -> list[BatchInfo]:
    """The most recent imports, newest first."""
    actor.require("import", "see the import history")
    query = (
        ImportBatch.select(ImportBatch, User.username, User.display_name)
        .join(
            User, on=(ImportBatch.user == User.id), join_type=__import__("peewee").JOIN.LEFT_OUTER
        )
        .order_by(ImportBatch.id.desc())
        .limit(limit)
    )
    out = []
    for b in query.objects():
        who = getattr(b, "display_name", None) or getattr(b, "username", None) or ""
        out.append(
            BatchInfo(
                b.id,
                b.file_name,
                who,
                b.started_at,
                b.created,
                b.updated,
                b.skipped,
                b.rejected,
                b.undone_at,
            )
        )
    return out


@dataclass(frozen=True)
class UndoResult:
    deleted: int
    restored_fields: int
    kept: list[str]  # fields changed again since the import, left as they are now

    def summary(self) -> str:
        text = f"deleted {self.deleted} created card(s), restored {self.restored_fields} field(s)"
        if self.kept:
            text += f"; kept {len(self.kept)} field(s) changed since the import"
        return text


def undo_import(actor: Actor, batch_id: int) -> UndoResult:
    """Undo an import as a whole: its new cards soft-deleted, the fields it changed restored.

    A field changed again after the import keeps its newer value (and is named in `kept`).
    """
    actor.require("import", "undo an import")
    batch = ImportBatch.get_or_none(ImportBatch.id == batch_id)
    if batch is None:
        raise UserError("importing.no_batch", id=batch_id)
    if batch.undone_at is not None:
        raise UserError("importing.already_undone", id=batch_id, file=batch.file_name)
    entries = list(
        ChangeLog.select()
        .where(ChangeLog.batch == batch.id, ChangeLog.entity == "customer")
        .order_by(ChangeLog.id)
    )
    created = [e.entity_id for e in entries if e.field == "created"]
    people = [
        cid
        for (cid,) in ChangeLog.select(ChangeLog.entity_id)
        .where(
            ChangeLog.batch == batch.id,
            ChangeLog.entity == "contact",
            ChangeLog.field == "created",
        )
        .tuples()
    ]
    first_old: dict[tuple[int, str], str | None] = {}
    last_new: dict[tuple[int, str], str | None] = {}
    custom_old: dict[tuple[int, str], str | None] = {}  # custom fields the import filled
    custom_new: dict[tuple[int, str], str | None] = {}
    created_ids = set(created)  # their values go with them
    for e in entries:
        if e.field.startswith("custom.") and e.entity_id not in created_ids:
            custom_old.setdefault((e.entity_id, e.field), e.old_value)
            custom_new[(e.entity_id, e.field)] = e.new_value
            continue
        if e.field == "created" or e.field not in CUSTOMER_FIELD_MAP:
            continue
        first_old.setdefault((e.entity_id, e.field), e.old_value)
        last_new[(e.entity_id, e.field)] = e.new_value
    now = utcnow()
    kept: list[str] = []
    restored = 0
    with transaction():
        deleted = 0
        for i in range(0, len(created), 500):
            chunk = created[i : i + 500]
            live = [
                cid
                for (cid,) in Customer.select(Customer.id)
                .where(Customer.id.in_(chunk), Customer.deleted_at.is_null())
                .tuples()
            ]
            if not live:
                continue
            Customer.update(deleted_at=now, updated_at=now, version=Customer.version + 1).where(
                Customer.id.in_(live)
            ).execute()
            bulk_insert(
                "change_log",
                ("entity", "entity_id", "field", "old_value", "new_value", "user_id", "at"),
                [
                    ("customer", cid, "deleted", None, now.isoformat(), actor.id, str(now))
                    for cid in live
                ],
            )
            deleted += len(live)
        by_customer: dict[int, dict[str, Any]] = {}
        for (cid, name), old in first_old.items():
            customer = Customer.get_or_none(Customer.id == cid)
            if customer is None or customer.deleted_at is not None:
                continue
            current = getattr(customer, "owner_id" if name == "owner" else name)
            if (as_text(current) or "") != (last_new[(cid, name)] or ""):
                kept.append(f"{customer.code} {CUSTOMER_FIELD_MAP[name].zh}")
                continue
            by_customer.setdefault(cid, {})[name] = _from_text(name, old)
        for cid, changes in by_customer.items():
            customer_service.update_customer(actor, cid, changes)
            restored += len(changes)
        if custom_old:
            from crm_desktop.services import import_custom

            done, custom_kept = import_custom.undo_values(actor, custom_old, custom_new)
            restored += done
            kept += custom_kept
        for i in range(0, len(people), 500):  # the people it added to cards it did not create
            Contact.update(deleted_at=now, version=Contact.version + 1).where(
                Contact.id.in_(people[i : i + 500]), Contact.deleted_at.is_null()
            ).execute()
        touched: set[int] = set()
        for i in range(0, len(people), 500):
            query = Contact.select(Contact.customer).where(Contact.id.in_(people[i : i + 500]))
            touched.update(cid for (cid,) in query.tuples())
        if touched:
            reindex_customers(sorted(touched))
        batch.undone_at = now
        batch.save()
        customer_service.audit(
            actor,
            "import.undo",
            entity="import_batch",
            entity_id=batch.id,
            count=deleted + restored,
            detail=batch.file_name,
        )
    return UndoResult(deleted, restored, kept)


def _from_text(name: str, text: str | None) -> Any:
    """A ChangeLog text back to a value the card's rule accepts."""
    if text is None or text == "":
        return ""
    if CUSTOMER_FIELD_MAP[name].kind == "user":
        from crm_desktop.services.auth import Actor as _A

        user = User.get_or_none(User.id == int(text))
        return _A(user.id, user.username, user.display_name, user.role) if user else ""
    return text


__all__ = [
    "BatchInfo",
    "CellProblem",
    "ImportCancelled",
    "ImportFileError",
    "ImportResult",
    "ImportSource",
    "Rejection",
    "RowCheck",
    "CleanBlock",
    "ColumnCleaner",
    "UndoResult",
    "full_source",
    "import_history",
    "open_source",
    "preview",
    "run_import",
    "set_mapping",
    "undo_import",
    "CUSTOMER_FIELDS",
]
