"""On a PostgreSQL server, backup and restore refuse plainly and point at pg_dump."""

from __future__ import annotations

import os

import pytest

from crm_desktop.errors import UserError
from crm_desktop.jobs.backup import backup_database, restore_database

pytestmark = pytest.mark.skipif(
    not os.environ.get("CRM_TEST_DB_URL"), reason="needs CRM_TEST_DB_URL (PostgreSQL)"
)


def test_backup_and_restore_point_at_pg_dump(db, admin, tmp_path):
    with pytest.raises(UserError, match="pg_dump"):
        backup_database(admin, tmp_path / "x.db")
    with pytest.raises(UserError, match="pg_dump"):
        restore_database(admin, tmp_path / "x.db")
    assert not list(tmp_path.iterdir())
