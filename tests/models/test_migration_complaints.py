"""Schema step 8 on a database with complaints: their rows kept, a due time by severity."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from crm_desktop.models import close_database, database, open_database

DATA = Path(__file__).parent.parent / "data"
pytestmark = pytest.mark.sqlite_only


def test_complaints_of_version_7_get_a_due_time_from_their_severity(tmp_path):
    """An urgent complaint is due a day after it came in, a normal one a week; nothing else moves."""
    path = tmp_path / "v7.db"
    con = sqlite3.connect(path)
    con.executescript((DATA / "schema_v7.sql").read_text(encoding="utf-8"))
    for i, severity in ((1, "urgent"), (2, "normal")):
        con.execute(
            "INSERT INTO complaint (id, uuid, created_at, updated_at, version, customer_id, "
            "received_at, subject, description, severity, status, resolution) VALUES "
            "(?, ?, '2026-03-01 08:00:00', '2026-03-01 08:00:00', 1, 1, "
            "'2026-03-01 09:30:00', '发错货', '', ?, 'open', '')",
            (i, f"00000000-0000-4000-8000-00000000000{i}", severity),
        )
    con.commit()
    con.close()
    try:
        open_database(path)
        rows = database.execute_sql(
            "SELECT id, status, due_at, channel, close_reason FROM complaint ORDER BY id"
        ).fetchall()
    finally:
        close_database()
        database.initialize(None)
    assert rows == [
        (1, "open", "2026-03-02 09:30:00", "", ""),
        (2, "open", "2026-03-08 09:30:00", "", ""),
    ]
