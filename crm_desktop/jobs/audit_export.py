"""Export the (filtered) audit log to a CSV file that Excel opens (UTF-8 with BOM)."""

from __future__ import annotations

import csv
import os
from pathlib import Path

from crm_desktop.models import transaction
from crm_desktop.models.db import PRIVATE_FILE
from crm_desktop.services.audit_log import AuditRow
from crm_desktop.services.auth import Actor
from crm_desktop.services.customers import audit

HEADER = ("time (UTC)", "user", "action", "entity", "entity id", "count", "detail")


def export_audit(actor: Actor, rows: list[AuditRow], out: str | os.PathLike) -> Path:
    """Write the rows; the file is the user's alone, and the export itself is audited."""
    actor.require("user.manage", "auth.action_read_audit")
    path = Path(out)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE)
    with os.fdopen(fd, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADER)
        for r in rows:
            writer.writerow(
                (f"{r.at:%Y-%m-%d %H:%M:%S}", r.username, r.action, r.entity,
                 "" if r.entity_id is None else r.entity_id, r.count, r.detail)
            )  # fmt: skip
    os.replace(tmp, path)
    with transaction():
        audit(actor, "export.audit", entity="audit", count=len(rows), detail=str(path))
    return path


__all__ = ["export_audit"]
