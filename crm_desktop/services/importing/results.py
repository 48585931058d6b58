"""What an import reports back: checked rows, rejections, notes, the summary and the batch."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from crm_desktop.errors import UserError
from crm_desktop.i18n import current_language, is_chinese
from crm_desktop.messages import Message, Renderable, render
from crm_desktop.services.importing.values import ValueNote

Progress = Callable[[int, int], bool | None]


class ImportCancelled(UserError):
    """The user cancelled: nothing was written."""


class Rollback(Exception):
    """Internal: leave the transaction without writing (dry run, strict refusal)."""


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
    # "new", "duplicate", "error", "person" (another person of the row above's), "visit"
    # (a duplicate whose follow-up goes under the customer it matched)
    status: str
    duplicate_reason: str = ""
    duplicate_of: int | None = None  # customer id, when in the database
    # values kept in the remarks (or, `in_field`, warned of)
    notes: list[ImportNote] = field(default_factory=list)
    contacts: list[dict[str, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class ImportNote:
    """A value that did not fit its field and was kept in the remarks (or, `in_field`, one
    kept in its field with a warning): the row still went in."""

    row_number: int
    column: str  # the header as written in the file
    value: str
    reason: Renderable | str
    in_field: bool = False  # kept in its field all the same, with this warning

    def render(self, lang: str | None = None) -> str:
        reason = self.reason.render(lang) if isinstance(self.reason, Renderable) else self.reason
        if not self.column:
            return Message("importing.row_note", {"row": self.row_number, "reason": reason}).render(
                lang
            )
        return Message(
            "importing.kept_in_field" if self.in_field else "importing.kept_value",
            {"row": self.row_number, "column": self.column, "value": self.value, "reason": reason},
        ).render(lang)

    def __str__(self) -> str:
        return self.render()


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
    # values kept in the remarks (or, `in_field`, warned of)
    notes: list[ImportNote] = field(default_factory=list)
    contacts: int = 0  # contacts created from the people on the rows
    followups_done: int = 0  # follow-ups the rows named (最后跟进时间), done
    followups_planned: int = 0  # and planned (下次跟进时间)
    # rows holding only another person of the customer above them (its name merged down)
    people_rows: list[int] = field(default_factory=list)
    # rows holding another visit of the customer above them (a visit log, the name merged)
    visit_rows: list[int] = field(default_factory=list)
    # skipped rows (a customer listed above or already there) whose follow-up or people
    # went under that customer: skipped as cards, not as what they hold
    filed: int = 0
    updated_ids: set[int] = field(default_factory=set)  # cards already there it updated
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

    def row_lines(self, limit: int) -> list[str]:
        """What happened to single rows, a line each, in the user's language: the values
        kept in the remarks, the rows skipped (a 合计 row, a customer already there) and
        the rows not imported, each with why and at most `limit` of each kind (then how
        many more). The command line prints them; the wizard shows them under its result."""
        lines = [note.render() for note in self.notes[:limit]]
        if len(self.notes) > limit:
            lines.append(render("importing.more_notes", {"count": len(self.notes) - limit}))
        skipped = sorted(self.skipped_rows)
        for number, reason in skipped[:limit]:
            lines.append(render("importing.skipped_row", {"row": number, "reason": reason}))
        if len(skipped) > limit:
            lines.append(render("importing.more_skipped", {"count": len(skipped) - limit}))
        rows = self.rejected_rows
        for number, _raw, reasons in rows[:limit]:
            lines.append(render("importing.rejected_row", {"row": number, "reasons": reasons}))
        if len(rows) > limit:
            lines.append(render("importing.more_rejected", {"count": len(rows) - limit}))
        return lines

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


def import_note(number: int, note: ValueNote) -> ImportNote:
    return ImportNote(number, note.column, note.value, note.reason, note.in_field)
