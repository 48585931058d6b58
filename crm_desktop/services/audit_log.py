"""The audit log as the general manager reads it: who printed, exported, imported,
backed up, logged in or failed to, filtered by action, user and days."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import peewee as pw

from crm_desktop.models import AuditEvent, User
from crm_desktop.services.auth import Actor

MAX_ROWS = 5000


@dataclass(frozen=True)
class AuditRow:
    at: datetime  # UTC, as stored
    username: str
    action: str
    entity: str
    entity_id: int | None
    count: int
    detail: str


def audit_actions() -> list[str]:
    """The actions that occur in the log, for the filter."""
    query = AuditEvent.select(AuditEvent.action).distinct().order_by(AuditEvent.action)
    return [row.action for row in query]


def list_audit(
    actor: Actor,
    *,
    action: str | None = None,
    username: str | None = None,
    start: date | None = None,
    end: date | None = None,
    limit: int = MAX_ROWS,
) -> list[AuditRow]:
    """Newest first; `action` matches itself and its sub-actions (login: login.failed)."""
    actor.require("user.manage", "auth.action_read_audit")
    query = (
        AuditEvent.select(AuditEvent, User.username)
        .join(User, on=(AuditEvent.user == User.id), join_type=pw.JOIN.LEFT_OUTER)
        .order_by(AuditEvent.id.desc())
        .limit(limit)
    )
    if action:
        query = query.where(
            (AuditEvent.action == action) | AuditEvent.action.startswith(f"{action}.")
        )
    if username:
        query = query.where((User.username == username) | (AuditEvent.detail == username))
    if start is not None:
        query = query.where(AuditEvent.at >= datetime.combine(start, time()))
    if end is not None:
        query = query.where(AuditEvent.at < datetime.combine(end + timedelta(days=1), time()))
    rows = []
    for event in query:
        user = getattr(event, "user", None)
        name = user.username if user is not None and getattr(user, "username", None) else ""
        rows.append(
            AuditRow(
                event.at,
                name,
                event.action,
                event.entity,
                event.entity_id,
                event.count,
                event.detail,
            )
        )
    return rows


__all__ = ["AuditRow", "audit_actions", "list_audit"]
