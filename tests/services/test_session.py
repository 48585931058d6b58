"""The session lock's setting and its audit entries."""

from __future__ import annotations

import pytest

from crm_desktop.errors import PermissionDenied
from crm_desktop.models import AuditEvent
from crm_desktop.services import auth, session
from crm_desktop.services import settings as team_settings


def test_idle_time_defaults_to_fifteen_minutes_and_zero_means_never(admin):
    """The idle time is 15 minutes until set; 0 is kept as 'never'."""
    assert team_settings.idle_lock_minutes() == 15
    team_settings.set_setting(admin, "idle_lock_minutes", 0)
    assert team_settings.idle_lock_minutes() == 0


@pytest.mark.parametrize("stored", ["abc", -3, 99999, True, None, 2.5e30])
def test_a_bad_stored_idle_time_falls_back_to_the_default(admin, stored):
    """A stored idle time that is not a sensible number of minutes locks after the default."""
    team_settings.set_setting(admin, "idle_lock_minutes", stored)
    assert team_settings.idle_lock_minutes() == 15


def test_only_the_general_manager_sets_the_idle_time(team):
    """A salesperson cannot switch the lock off for the team."""
    with pytest.raises(PermissionDenied):
        team_settings.set_setting(team["sales1"], "idle_lock_minutes", 0)


def test_lock_and_unlock_are_audited_and_a_wrong_password_is_a_failed_login(team):
    """Lock, a wrong password, the right one and another user's: each in the audit log."""
    admin = team["admin"]
    auth.set_password(admin, "admin", "admin-secret-1")
    auth.set_password(admin, "sales1", "sales1-secret-1")
    session.record_lock(admin, idle=True)
    with pytest.raises(PermissionDenied):
        session.unlock(admin, "admin", "wrong-password")
    assert session.unlock(admin, "admin", "admin-secret-1").username == "admin"
    assert session.unlock(admin, "sales1", "sales1-secret-1").username == "sales1"
    events = [
        (e.action, e.detail)
        for e in AuditEvent.select().where(AuditEvent.action.startswith("session") |
                                           AuditEvent.action.startswith("login"))
        .order_by(AuditEvent.id)
    ]  # fmt: skip
    assert events == [
        ("session.lock.idle", "admin"),
        ("login.failed", "admin"),
        ("login", "admin"),
        ("session.unlock", "admin"),
        ("login", "sales1"),
        ("session.switch", "admin → sales1"),
    ]
