"""Reading a for-update workbook that came back: its identity and its rows, by column key.

The hidden sheet (layout.META_SHEET) says which export the workbook is, of which
database, and which header is which column; headers are matched by their text, so a
column moved or a sheet re-saved by WPS or LibreOffice is still read. A workbook
whose identity columns were dropped is read all the same (`identity_missing`).
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from crm_desktop.services.importing.read import read_file
from crm_desktop.services.sync import layout

_SHEET_TAG = re.compile(rb"<(?:\w+:)?sheet\b[^>]*\bname=\"([^\"]*)\"")


@dataclass
class WorkbookRow:
    """One data row: its number in the sheet and its cells by column key."""

    number: int
    values: dict[str, object]

    def get(self, key: str) -> object:
        return self.values.get(key)


@dataclass
class ReadSheet:
    key: str
    name: str
    keys: list[str]  # the keys of the columns found
    rows: list[WorkbookRow] = field(default_factory=list)


@dataclass
class SyncWorkbook:
    """A for-update workbook as read."""

    path: Path
    export_uuid: str
    database_id: str
    sheets: dict[str, ReadSheet]

    def sheet(self, key: str) -> ReadSheet | None:
        return self.sheets.get(key)

    @property
    def identity_missing(self) -> bool:
        """The customers sheet lost its record-id column (a program dropped hidden columns)."""
        customers = self.sheets.get(layout.CUSTOMERS)
        return customers is not None and layout.UUID not in customers.keys


def sheet_names(path: Path) -> list[str]:
    """The sheet names of an .xlsx, read from its workbook part alone ([] if not one)."""
    try:
        with zipfile.ZipFile(path) as archive:
            data = archive.read("xl/workbook.xml")
    except (OSError, KeyError, zipfile.BadZipFile):
        return []
    return [m.decode("utf-8", "replace") for m in _SHEET_TAG.findall(data)]


def _unescape(text: str) -> str:
    return (
        text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
    )


def is_for_update(path: str | Path) -> bool:
    """Whether the file is a workbook written by 发给业务员 (it has the hidden sheet)."""
    return layout.META_SHEET in [_unescape(n) for n in sheet_names(Path(path))]


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_workbook(path: str | Path) -> SyncWorkbook:
    """The workbook's identity and its sheets' rows (ImportFileError when unreadable)."""
    path = Path(path)
    meta = read_file(path, layout.META_SHEET)
    export_uuid = database_id = ""
    names: dict[str, str] = {}
    columns: dict[str, dict[str, str]] = {}  # sheet key -> header -> column key
    for _n, row in meta.iter_from(0):
        cells = [_text(c) for c in row] + ["", "", "", ""]
        tag = cells[0]
        if tag == "export":
            export_uuid = cells[1]
        elif tag == "database":
            database_id = cells[1]
        elif tag == "sheet":
            names[cells[1]] = cells[2]
        elif tag == "column":
            columns.setdefault(cells[1], {})[cells[3]] = cells[2]
    present = [_unescape(n) for n in sheet_names(path)]
    sheets: dict[str, ReadSheet] = {}
    for key, name in names.items():
        if name not in present:
            continue
        data = read_file(path, name)
        rows = data.iter_from(0)
        header = next(rows, None)
        if header is None:
            sheets[key] = ReadSheet(key, name, [])
            continue
        by_header = columns.get(key, {})
        positions = [
            (i, by_header[_text(h)]) for i, h in enumerate(header[1]) if _text(h) in by_header
        ]
        sheet = ReadSheet(key, name, [k for _i, k in positions])
        for number, cells in rows:
            values = {k: (cells[i] if i < len(cells) else None) for i, k in positions}
            sheet.rows.append(WorkbookRow(number, values))
        sheets[key] = sheet
    return SyncWorkbook(path, export_uuid, database_id, sheets)


__all__ = [
    "ReadSheet",
    "SyncWorkbook",
    "WorkbookRow",
    "is_for_update",
    "read_workbook",
    "sheet_names",
]
