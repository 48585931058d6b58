"""Files kept with a complaint (photos, letters): copied into the attachments folder.

The folder sits beside a SQLite database (`<name>-attachments/`), so a copied or backed-up
folder keeps them; a team server keeps them in the per-user data folder under the
server's name. A file is read whole first (at most 20 MB), copied under a new name,
then recorded: anything that fails leaves neither a row nor a file behind.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

from platformdirs import user_data_dir

from crm_desktop import APP_NAME
from crm_desktop.errors import NotFound, UserError
from crm_desktop.models import ComplaintAttachment, current_target, transaction, utcnow
from crm_desktop.models.base import new_uuid
from crm_desktop.services import changelog
from crm_desktop.services.auth import Actor
from crm_desktop.services.complaints.records import ENTITY, AttachmentInfo, _attachments, load

MAX_BYTES = 20 * 1024 * 1024


def attachments_folder() -> Path:
    """Where the open database's attachments are kept (created on first use)."""
    target = current_target()
    if target.path is not None:
        return target.path.with_name(f"{target.path.stem}-attachments")
    name = re.sub(r"[^A-Za-z0-9._-]+", "_", target.describe().split("@")[-1])
    return Path(user_data_dir(APP_NAME, appauthor=False)) / "attachments" / name


def _read(path: Path) -> bytes:
    name = path.name
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise UserError(
                "complaints.attachment_too_big",
                name=name,
                size=f"{size / 1024 / 1024:.1f}",
                limit=MAX_BYTES // 1024 // 1024,
            )
        with open(path, "rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except OSError as exc:
        raise UserError(
            "complaints.attachment_unreadable", name=name, detail=exc.strerror or str(exc)
        ) from None
    if len(data) > MAX_BYTES:  # grew while we looked
        raise UserError(
            "complaints.attachment_too_big",
            name=name,
            size=f"{len(data) / 1024 / 1024:.1f}",
            limit=MAX_BYTES // 1024 // 1024,
        )
    if not data:
        raise UserError("complaints.attachment_empty", name=name)
    return data


def add_attachment(actor: Actor, complaint_id: int, path: str | os.PathLike) -> AttachmentInfo:
    """Copy a file into the attachments folder and record it with the complaint."""
    load(actor, complaint_id)
    source = Path(path)
    data = _read(source)
    folder = attachments_folder()
    uuid = new_uuid()
    stored = f"{uuid}{source.suffix.lower()[:10]}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        partial = folder / f".{stored}.part"
        partial.write_bytes(data)
        os.replace(partial, folder / stored)
    except OSError as exc:
        raise UserError(
            "complaints.attachment_unreadable", name=source.name, detail=exc.strerror or str(exc)
        ) from None
    try:
        with transaction():
            row = ComplaintAttachment.create(
                uuid=uuid,
                complaint=complaint_id,
                file_name=source.name[:255],
                stored_name=stored,
                size=len(data),
                sha256=hashlib.sha256(data).hexdigest(),
                added_by=actor.id,
            )
            changelog.record_event(
                ENTITY, complaint_id, "attachment", actor, new_value=row.file_name
            )
    except BaseException:
        (folder / stored).unlink(missing_ok=True)
        raise
    return next(a for a in _attachments(complaint_id) if a.id == row.id)


def _row(actor: Actor, attachment_id: int) -> ComplaintAttachment:
    row = ComplaintAttachment.get_or_none(ComplaintAttachment.id == attachment_id)
    if row is None or row.deleted_at is not None:
        raise NotFound("complaints.no_attachment", id=attachment_id)
    load(actor, row.complaint_id)
    return row


def attachment_path(actor: Actor, attachment_id: int) -> Path:
    """The kept copy, for the system viewer to open."""
    row = _row(actor, attachment_id)
    path = attachments_folder() / row.stored_name
    if not path.is_file():
        raise NotFound("complaints.attachment_missing", name=row.file_name, folder=str(path.parent))
    return path


def remove_attachment(actor: Actor, attachment_id: int) -> None:
    """Take an attachment off the complaint (its copy stays until the record is purged)."""
    row = _row(actor, attachment_id)
    with transaction():
        ComplaintAttachment.update(
            deleted_at=utcnow(), version=ComplaintAttachment.version + 1
        ).where(ComplaintAttachment.id == row.id).execute()
        changelog.record_event(
            ENTITY, row.complaint_id, "attachment_removed", actor, old_value=row.file_name
        )
