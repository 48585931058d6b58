"""Salesperson workbooks: send out for update (发给业务员), take back (收回业务员的表格).

Send: check permission → gather the rows (services.sync.snapshot) → write the workbook
beside its target and rename it into place (reports.sync_xlsx) → keep the snapshot
and the audit entry. Take back: read → plan field by field (services.sync.merge) → the
front end shows or decides the conflicts → apply (services.sync.apply); the conflicts
left undecided can be saved as a workbook. A workbook of another database is a plain
import, with a warning.
"""

from __future__ import annotations

import os
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from crm_desktop.errors import UserError
from crm_desktop.i18n import current_language, is_chinese
from crm_desktop.jobs.export import check_output
from crm_desktop.jobs.files import replacing
from crm_desktop.jobs.importing import ImportJobResult, import_customers
from crm_desktop.messages import Message, msg
from crm_desktop.models import transaction
from crm_desktop.progress import Progress
from crm_desktop.reports.sync_xlsx import write_conflicts, write_for_update
from crm_desktop.services import export
from crm_desktop.services.auth import Actor
from crm_desktop.services.customers import CustomerQuery, audit
from crm_desktop.services.sync import layout, snapshot
from crm_desktop.services.sync.apply import TakeBackResult, apply_take_back
from crm_desktop.services.sync.merge import FieldConflict, TakeBackPlan, plan_take_back
from crm_desktop.services.sync.workbook import is_for_update, read_workbook


@dataclass(frozen=True)
class SendResult:
    path: Path
    rows: int
    contacts: int
    followups: int
    export_uuid: str
    seconds: float


def send_for_update(
    actor: Actor,
    out: str | os.PathLike,
    query: CustomerQuery | None = None,
    *,
    owner_id: int | None = None,
    lang: str | None = None,
    progress: Progress | None = None,
) -> SendResult:
    """Write the for-update workbook of `owner_id`'s customers (or of `query`) and keep
    what left as the base of the take-back."""
    started = time.perf_counter()
    export.require_bulk_export(actor)
    path = check_output(out)
    lang = lang or current_language()
    gathered = snapshot.gather(actor, query, owner_id=owner_id, lang=lang)
    identity = [("export", gathered.export_uuid), ("database", gathered.database_id)]
    with replacing(path) as tmp:
        rows = write_for_update(
            tmp,
            gathered.sheets,
            layout.META_SHEET,
            identity,
            msg("sync.read_only_note").render(lang),
            progress=progress,
        )
    with transaction():
        snapshot.record(actor, gathered)
        audit(
            actor,
            "export.for_update",
            entity="customer",
            count=rows,
            detail=f"{path.name}; export {gathered.export_uuid}"
            + (f"; filter {export.describe_query(query)}" if query else ""),
        )
    return SendResult(
        path,
        rows,
        len(gathered.sheets[1].rows),
        len(gathered.sheets[2].rows),
        gathered.export_uuid,
        time.perf_counter() - started,
    )


def plan(actor: Actor, path: str | os.PathLike) -> TakeBackPlan:
    """Read the workbook and compare it field by field; writes nothing."""
    path = Path(path)
    if not is_for_update(path):
        raise UserError("sync.not_for_update", file=path.name)
    return plan_take_back(actor, read_workbook(path))


@dataclass(frozen=True)
class TakeBackJobResult:
    """A take-back's result, or the plain import's when the workbook was foreign."""

    plan: TakeBackPlan
    result: TakeBackResult | None = None
    imported: ImportJobResult | None = None
    conflicts_path: Path | None = None
    warnings: tuple[Message, ...] = ()


_CONFLICT_HEADERS = (
    "sync.head_row",
    "sync.head_code",
    "sync.head_name",
    "sync.head_field",
    "sync.head_base",
    "sync.head_workbook",
    "sync.head_crm",
    "sync.head_who",
    "sync.head_when",
)


def conflict_rows(
    conflicts: list[FieldConflict], lang: str | None = None
) -> tuple[list[str], list[tuple]]:
    """(headers, rows) of the conflicts, as the conflicts workbook and the CLI list them."""
    lang = lang or current_language()
    headers = [msg(code).render(lang) for code in _CONFLICT_HEADERS]
    rows = [
        (
            c.row,
            c.code,
            c.name,
            c.label.render(lang),
            c.base,
            c.workbook,
            c.crm,
            c.changed_by,
            c.changed_at.strftime("%Y-%m-%d %H:%M") if c.changed_at else "",
        )
        for c in conflicts
    ]
    return headers, rows


def conflicts_path_for(path: Path) -> Path:
    return path.with_name(f"{path.stem}.conflicts.xlsx")


def take_back(
    actor: Actor,
    path: str | os.PathLike,
    *,
    decisions: Mapping[tuple[str, str, str], str] | None = None,
    default: str | None = None,
    conflicts_out: str | os.PathLike | None = None,
    ready: TakeBackPlan | None = None,
    lang: str | None = None,
    progress: Progress | None = None,
) -> TakeBackJobResult:
    """Take a workbook back: apply what does not conflict and the conflicts decided;
    save the undecided ones to `conflicts_out` (beside the file by default)."""
    path = Path(path)
    plan_ = ready or plan(actor, path)
    if plan_.foreign:
        imported = import_customers(
            actor,
            path,
            sheet=_customers_sheet(path),
            keep_unmapped=False,
            progress=progress,
            lang=lang,
        )
        return TakeBackJobResult(plan_, imported=imported, warnings=tuple(plan_.warnings))
    result = apply_take_back(actor, plan_, decisions, default=default, progress=progress)
    out = None
    warnings: list[Message] = []
    if result.undecided:
        target = Path(conflicts_out) if conflicts_out else conflicts_path_for(path)
        headers, rows = conflict_rows(result.undecided, lang)
        name = "冲突" if is_chinese(lang or current_language()) else "Conflicts"
        try:
            with replacing(check_output(target)) as tmp:
                write_conflicts(tmp, name, headers, rows)
            out = target
        except UserError as exc:  # the take-back itself is done: a warning
            warnings.append(msg("sync.conflicts_not_saved", path=str(target), reason=exc.msg))
    return TakeBackJobResult(plan_, result, conflicts_path=out, warnings=tuple(warnings))


def _customers_sheet(path: Path) -> str | None:
    from crm_desktop.services.sync.workbook import sheet_names

    names = sheet_names(path)
    for name in names:
        if name in ("客户", "Customers"):
            return name
    return None


__all__ = [
    "SendResult",
    "TakeBackJobResult",
    "conflict_rows",
    "conflicts_path_for",
    "is_for_update",
    "plan",
    "send_for_update",
    "take_back",
]
