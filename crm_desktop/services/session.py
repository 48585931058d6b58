"""A running session's lock and unlock: who locked, who unlocked, each in the audit log.

The window locks after an idle time (settings.idle_lock_minutes) or on request; it
opens again with the same user's password, counted like a login (auth.authenticate:
wrong tries wait longer and are audited), or with another account's, which ends the
session and starts one for that user.
"""

from __future__ import annotations

from crm_desktop.models import AuditEvent, transaction
from crm_desktop.services import auth
from crm_desktop.services.auth import Actor


def _record(actor: Actor, action: str, detail: str) -> None:
    with transaction():
        AuditEvent.create(
            user=actor.id, action=action, entity="user", entity_id=actor.id, detail=detail
        )


def record_lock(actor: Actor, idle: bool) -> None:
    """The session of `actor` was locked: after the idle time, or by the user."""
    _record(actor, "session.lock.idle" if idle else "session.lock", actor.username)


def unlock(current: Actor, username: str, password: str | None) -> Actor:
    """Open a locked session: `current`'s own password, or another account's to switch.

    Raises what a login raises (wrong password, wait, password needed); on success the
    audit log has the login and a session.unlock (same user) or session.switch entry."""
    actor = auth.authenticate(username, password)
    if actor.id == current.id:
        _record(actor, "session.unlock", actor.username)
    else:
        _record(actor, "session.switch", f"{current.username} → {actor.username}")
    return actor


__all__ = ["record_lock", "unlock"]
