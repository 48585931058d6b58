"""Import customers from a spreadsheet or CSV file, and save the rejected rows to fix.

The reading, mapping, checking and writing are the importer's (services/importing/):
this job opens the file, runs the import in one transaction and writes the rejected
rows workbook (reports/import_errors.py). The importer records the import in the audit
trail inside its own transaction, through the same services.customers.audit.
"""

from __future__ import annotations

import csv
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from crm_desktop.errors import UserError
from crm_desktop.jobs.steps import part
from crm_desktop.messages import Message, msg
from crm_desktop.progress import Progress
from crm_desktop.reports import import_template
from crm_desktop.reports.import_errors import write_rejected_rows
from crm_desktop.services import importing
from crm_desktop.services.auth import Actor


@dataclass(frozen=True)
class ImportJobResult:
    """The importer's result, and where the rejected rows went (if asked and any)."""

    result: importing.ImportResult
    errors_path: Path | None = None
    warnings: tuple[Message, ...] = ()


def save_rejected_rows(
    result: importing.ImportResult, out: str | os.PathLike, lang: str | None = None
) -> Path:
    """The rejected rows with their reasons as a workbook to fix and import again."""
    return write_rejected_rows(out, result.headers, result.rejected_rows, lang)


def write_template(out: str | os.PathLike, lang: str | None = None) -> Path:
    """The blank customer list that the importer maps by itself (no customer data in it)."""
    return import_template.write_template(out, lang)


def import_customers(
    actor: Actor,
    path: str | os.PathLike,
    *,
    sheet: str | None = None,
    on_duplicate: str = "skip",
    strict: bool = False,
    dry_run: bool = False,
    errors_out: str | os.PathLike | None = None,
    keep_unmapped: bool = True,
    unmapped_as_fields: bool = False,
    map_values: str | os.PathLike | None = None,
    lang: str | None = None,
    progress: Progress | None = None,
) -> ImportJobResult:
    """Import the customers of `path` (one transaction) with the importer's own mapping.

    A cancel (progress) rolls everything back. When `errors_out` is given and rows were
    rejected, they are saved there; failing to write that file is a warning, since the
    import itself is done."""
    actor.require("import", "auth.action_import")
    # the head alone maps the columns; run_import then streams the whole sheet itself
    source = importing.open_source(actor, Path(path), sheet, preview_rows=0)
    value_maps = {}
    if map_values:
        rows = read_value_map(Path(map_values))
        value_maps = importing.value_maps_for(source, rows, str(map_values))
    warnings: list[Message] = []
    if source.choice is not None:  # the first sheet was instructions: say which was read
        warnings.append(source.choice.message(source.path.name))
    others = source.other_lists_message() if sheet is None else None
    if others is not None:  # a sheet per region: the others are named, not left out unsaid
        warnings.append(others)
    result = importing.run_import(
        actor,
        source,
        on_duplicate=on_duplicate,
        strict=strict,
        dry_run=dry_run,
        keep_unmapped=keep_unmapped,
        unmapped_as_fields=unmapped_as_fields,
        value_maps=value_maps,
        progress=part(progress),
    )
    errors_path = None
    if errors_out and result.rejected_rows:
        try:
            errors_path = save_rejected_rows(result, errors_out, lang)
        except OSError as exc:
            warnings.append(
                msg("jobs.cannot_write", path=str(errors_out), reason=exc.strerror or str(exc))
            )
    return ImportJobResult(result, errors_path, tuple(warnings))


def import_all_sheets(
    actor: Actor,
    path: str | os.PathLike,
    *,
    errors_out: str | os.PathLike | None = None,
    progress: Progress | None = None,
    **options: Any,
) -> list[tuple[str, ImportJobResult]]:
    """Each sheet of the workbook that holds a customer list (one per region or per
    salesperson), in the workbook's order from the list the importer reads first: an
    import of its own each (its transaction, its entry in the history, undone apart),
    with the options of `import_customers`. The rejected rows of each go to
    `errors_out` with the sheet's name added when there are several. A cancel rolls
    back the sheet under way; the sheets before it stay imported."""
    actor.require("import", "auth.action_import")
    first = importing.open_source(actor, Path(path), None, preview_rows=0)
    sheets = [first.sheet, *first.other_lists]
    done = []
    for i, name in enumerate(sheets):
        out = errors_out
        if errors_out is not None and len(sheets) > 1:
            out = Path(errors_out)
            out = out.with_name(f"{out.stem}-{_file_safe(name)}{out.suffix}")
        width = 100 // len(sheets)
        steps = part(progress, i * width, width)
        result = import_customers(
            actor, path, sheet=name, errors_out=out, progress=steps, **options
        )
        if first.choice is not None and i == 0:  # instructions passed over: said once
            warning = first.choice.message(first.path.name)
            result = ImportJobResult(result.result, result.errors_path, (warning, *result.warnings))
        done.append((name, result))
    return done


def _file_safe(name: str) -> str:
    """A sheet's name as a part of a file name (no path separators, nothing Windows refuses)."""
    return "".join("_" if c in '<>:"/\\|?*' or ord(c) < 32 else c for c in name).strip() or "sheet"


def read_value_map(path: Path) -> list[tuple[int, str, str, str]]:
    """(line, column, value, choice) of a --map-values file: CSV or JSON."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise UserError("importing.map_values_unreadable", path=str(path), reason=reason) from None
    out: list[tuple[int, str, str, str]] = []
    if path.suffix.lower() == ".json" or text.lstrip().startswith(("[", "{")):
        try:
            items = json.loads(text)
        except ValueError as exc:
            raise UserError(
                "importing.map_values_unreadable", path=str(path), reason=str(exc)
            ) from None
        if isinstance(items, dict):
            items = items.get("values", [])
        for n, item in enumerate(items if isinstance(items, list) else [], start=1):
            if isinstance(item, dict):
                out.append(
                    (
                        n,
                        str(item.get("column", "")),
                        str(item.get("value", "")),
                        str(item.get("choice", "")),
                    )
                )
        return out
    for n, row in enumerate(csv.reader(text.splitlines()), start=1):
        cells = [c.strip() for c in row]
        if not any(cells):
            continue
        if n == 1 and [c.lower() for c in cells[:3]] == ["column", "value", "choice"]:
            continue
        cells += [""] * (3 - len(cells))
        out.append((n, cells[0], cells[1], cells[2]))
    return out


__all__ = [
    "ImportJobResult",
    "import_all_sheets",
    "import_customers",
    "read_value_map",
    "save_rejected_rows",
    "write_template",
]
