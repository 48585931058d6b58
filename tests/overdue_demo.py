"""A small demo database made once per test module and copied for each test.

The overdue figures are pinned on it: 300 customers, a fixed seed and a fixed day, so
every role has follow-ups due today, overdue ones and customers out of cadence.
"""

from __future__ import annotations

import shutil
from datetime import date, datetime
from pathlib import Path

from crm_desktop.models import close_database, database, open_database

TODAY = date(2026, 3, 18)  # a Wednesday
NOW = datetime(2026, 3, 18, 10, 30)
ROLES = ("admin", "manager", "sales1")  # general manager, sales manager, salesperson


def make_template(folder: Path) -> Path:
    """Generate the demo database into `folder` and close it."""
    from crm_desktop.demo import generate_demo
    from crm_desktop.services.auth import get_actor

    path = folder / "demo.db"
    open_database(path)
    try:
        generate_demo(get_actor("admin"), 300, seed=11, today=TODAY)
    finally:
        close_database()
        database.initialize(None)
    return path


def open_copy(template: Path, folder: Path) -> Path:
    """A copy of the template in `folder`, opened as the database of the test."""
    path = folder / "crm.db"
    shutil.copyfile(template, path)
    open_database(path)
    return path


def close() -> None:
    close_database()
    database.initialize(None)
