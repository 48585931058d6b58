"""The note a take-back leaves on the changes it wrote: "来自业务员 张伟 的表格（… 导出）".

Kept apart from `apply` (which imports the card's services) so that the history and
the timeline can name a change's source without an import cycle.
"""

from __future__ import annotations

from collections.abc import Iterable

import peewee as pw

from crm_desktop.messages import Message, msg
from crm_desktop.models import SyncExport, SyncTake, User


def batch_notes(batch_ids: Iterable[int | None]) -> dict[int, Message]:
    """Batch id -> the take-back's note, for those batches that were a take-back (one query)."""
    ids = sorted({b for b in batch_ids if b is not None})
    if not ids:
        return {}
    query = (
        SyncTake.select(SyncTake.batch, SyncExport.created_at, User.username, User.display_name)
        .join(SyncExport, on=(SyncTake.export == SyncExport.id))
        .join(User, on=(SyncExport.owner == User.id), join_type=pw.JOIN.LEFT_OUTER)
        .where(SyncTake.batch.in_(ids))
        .tuples()
    )
    out: dict[int, Message] = {}
    for batch_id, created_at, username, display_name in query:
        who = display_name or username or msg("sync.filtered_list")
        out[batch_id] = msg(
            "sync.changelog_note", salesperson=who, date=created_at.date().isoformat()
        )
    return out


def batch_note(batch_id: int | None) -> Message | None:
    """ "From the workbook of 张伟, exported 2026-12-01": the ChangeLog's note of a take-back."""
    return batch_notes([batch_id]).get(batch_id) if batch_id is not None else None


def with_note(change: Message, note: Message | None) -> Message:
    """A change as a line of the timeline, followed by its source when it has one."""
    return change if note is None else msg("sync.change_with_note", change=change, note=note)


__all__ = ["batch_note", "batch_notes", "with_note"]
