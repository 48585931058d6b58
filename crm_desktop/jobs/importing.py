"""Import customers from a spreadsheet or CSV file, and save the rejected rows to fix.

The reading, mapping, checking and writing are the importer's (services/importer.py):
this job opens the file, runs the import in one transaction and writes the rejected
rows workbook (reports/import_errors.py). The importer records the import in the audit
trail inside its own transaction, through the same services.customers.audit.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from crm_desktop.jobs.steps import part
from crm_desktop.messages import Message, msg
from crm_desktop.progress import Progress
from crm_desktop.reports import import_template
from crm_desktop.reports.import_errors import write_rejected_rows
from crm_desktop.services import importer
from crm_desktop.services.auth import Actor


@dataclass(frozen=True)
class ImportJobResult:
    """The importer's result, and where the rejected rows went (if asked and any)."""

    result: importer.ImportResult
    errors_path: Path | None = None
    warnings: tuple[Message, ...] = ()


def save_rejected_rows(
    result: importer.ImportResult, out: str | os.PathLike, lang: str | None = None
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
    lang: str | None = None,
    progress: Progress | None = None,
) -> ImportJobResult:
    """Import the customers of `path` (one transaction) with the importer's own mapping.

    A cancel (progress) rolls everything back. When `errors_out` is given and rows were
    rejected, they are saved there; failing to write that file is a warning, since the
    import itself is done."""
    actor.require("import", "import customers")
    # the head alone maps the columns; run_import then streams the whole sheet itself
    source = importer.open_source(actor, Path(path), sheet, preview_rows=0)
    warnings: list[Message] = []
    if source.choice is not None:  # the first sheet was instructions: say which was read
        warnings.append(source.choice.message(source.path.name))
    result = importer.run_import(
        actor,
        source,
        on_duplicate=on_duplicate,
        strict=strict,
        dry_run=dry_run,
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


__all__ = ["ImportJobResult", "import_customers", "save_rejected_rows", "write_template"]
