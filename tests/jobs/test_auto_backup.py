"""Automatic backups: the day's first, on close after a change, and the rotation."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, timedelta

import pytest

from crm_desktop.jobs.backup import backup_on_close, daily_backup
from crm_desktop.models import AuditEvent
from crm_desktop.services.backup_rotation import (
    fingerprint,
    list_backups,
    rotate,
    set_auto_folder,
    to_keep,
)
from crm_desktop.services.customers import create_customer

pytestmark = pytest.mark.sqlite_only


def test_rotation_keeps_7_daily_4_weekly_12_monthly():
    """Two backups a day for 400 days: what stays is the newest of each of the last 7
    days, 4 weeks and 12 months."""
    end = datetime(2026, 12, 6, 18, 0)
    taken = [end - timedelta(hours=12 * n) for n in range(800)]
    keep = to_keep(taken)
    days = {t.date() for t in keep}
    assert {end.date() - timedelta(days=n) for n in range(7)} <= days
    assert all(max(t for t in taken if t.date() == d) in keep for d in days)
    weeks = {t.isocalendar()[:2] for t in keep}
    months = {(t.year, t.month) for t in keep}
    assert len(months) == 12 and (2026, 1) in months and (2025, 12) not in months
    assert len(weeks) >= 4
    assert len(keep) <= 7 + 4 + 12
    assert to_keep([]) == set()


def test_rotate_deletes_only_automatic_backups_it_does_not_keep(tmp_path):
    """Files named by hand and other databases' backups are never touched."""
    now = datetime(2026, 12, 6, 9, 0)
    for n in range(30):
        moment = now - timedelta(days=n)
        (tmp_path / f"crm-auto-{moment:%Y%m%d-%H%M%S}.db").write_bytes(b"x")
    (tmp_path / "crm-20200101-000000.db").write_bytes(b"by hand")
    (tmp_path / "other-auto-20200101-000000.db").write_bytes(b"other database")
    gone = rotate(tmp_path, "crm")
    left = sorted(p.name for p in tmp_path.iterdir())
    assert "crm-20200101-000000.db" in left and "other-auto-20200101-000000.db" in left
    autos = [n for n in left if n.startswith("crm-auto-")]
    assert len(autos) + len(gone) == 30
    # 7 days + the newest of older weeks + the newest of older months (Nov, Dec overlap)
    assert 7 < len(autos) <= 7 + 4 + 12


def test_daily_backup_once_a_day_into_the_chosen_folder(team, tmp_path, db_path):
    """The first start of a day backs up (into the folder of the setting), later ones not."""
    usb = tmp_path / "usb"
    set_auto_folder(usb)
    try:
        create_customer(team["admin"], {"name": "北京科技有限公司", "code": "C1"})
        first = daily_backup(team["admin"])
        assert first is not None and first.path.parent == usb
        assert daily_backup(team["admin"]) is None
        assert oct(usb.stat().st_mode & 0o777) == "0o700"
        assert oct(first.path.stat().st_mode & 0o777) == "0o600"
        con = sqlite3.connect(first.path)
        assert con.execute("SELECT code FROM customer").fetchall() == [("C1",)]
        con.close()
        assert AuditEvent.select().where(AuditEvent.action == "backup.auto").count() == 1
        tomorrow = date.today() + timedelta(days=1)
        second = daily_backup(team["admin"], today=tomorrow)
        assert second is not None
        listed = list_backups(db_path)  # the rotation keeps the newest of a day
        assert listed[0].path == second.path
        assert {b.customers for b in listed} == {1} and all(b.automatic for b in listed)
    finally:
        set_auto_folder(None)


def test_backup_on_close_only_when_something_changed(team, tmp_path):
    """No change since the start: no backup on close; a change (even an edit): one."""
    set_auto_folder(tmp_path / "auto")
    try:
        start = fingerprint()
        assert backup_on_close(team["admin"], start) is None
        create_customer(team["admin"], {"name": "上海贸易有限公司", "code": "C2"})
        result = backup_on_close(team["admin"], start)
        assert result is not None and result.path.exists()
        assert backup_on_close(team["admin"], fingerprint()) is None
    finally:
        set_auto_folder(None)
