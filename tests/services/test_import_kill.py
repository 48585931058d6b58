"""An import killed at a random moment leaves a sound database with all of the file or none."""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from import_samples import write_many

ROWS = 2000
KILLS = 20

CHILD = """
import sys
from crm_desktop.models import open_database
from crm_desktop.services import importing
from crm_desktop.services.auth import get_actor
from crm_desktop.services.importing import writing
open_database(sys.argv[1])
writing.BULK_ROWS = 0  # in bulk, as a large file goes: a helper process, a rollback journal
actor = get_actor("admin")
source = importing.open_source(actor, sys.argv[2])
print("ready", flush=True)
result = importing.run_import(actor, source)
print("done", result.created, flush=True)
"""


def _state(path: Path) -> tuple[str, int, int, int]:
    con = sqlite3.connect(path)
    try:
        check = con.execute("PRAGMA integrity_check").fetchone()[0]
        customers = con.execute("SELECT COUNT(*) FROM customer").fetchone()[0]
        created = con.execute(
            "SELECT COUNT(*) FROM change_log WHERE entity = 'customer' AND field = 'created'"
        ).fetchone()[0]
        batches = con.execute("SELECT COUNT(*) FROM import_batch").fetchone()[0]
        search = con.execute("SELECT COUNT(*) FROM customer_search").fetchone()[0]
    finally:
        con.close()
    assert search == customers
    return check, customers, created, batches


def _start(db: Path, file: Path, errors: Path | None = None) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2]))
    with open(errors or os.devnull, "w") as err:
        proc = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(db), str(file)],
            stdout=subprocess.PIPE,
            stderr=err,
            text=True,
            env=env,
        )
    assert proc.stdout is not None
    line = proc.stdout.readline().strip()
    assert line == "ready", errors.read_text() if errors else line
    return proc


@pytest.mark.sqlite_only
def test_killed_import_is_all_or_nothing(tmp_path):
    from crm_desktop.models import close_database, database, open_database

    file = write_many(tmp_path / "list.xlsx", ROWS)
    template = tmp_path / "empty.db"
    open_database(template)
    close_database()
    database.initialize(None)

    # one undisturbed run: how long the import itself takes
    db = tmp_path / "full.db"
    shutil.copy(template, db)
    errors = tmp_path / "child-errors.txt"
    proc = _start(db, file, errors)
    start = time.perf_counter()
    assert proc.wait(timeout=120) == 0, errors.read_text()
    duration = time.perf_counter() - start
    assert _state(db) == ("ok", ROWS, ROWS, 1)

    rng = random.Random(7)
    outcomes = []
    for i in range(KILLS):
        db = tmp_path / f"kill-{i}.db"
        shutil.copy(template, db)
        proc = _start(db, file)
        time.sleep(rng.uniform(0, duration * 1.1))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        check, customers, created, batches = _state(db)
        assert check == "ok"
        assert (customers, created, batches) in ((0, 0, 0), (ROWS, ROWS, 1)), (i, customers)
        outcomes.append(customers)
    assert 0 in outcomes  # most kills land inside the import's transaction
    # the database opens normally after a kill and takes the import again
    open_database(tmp_path / "kill-0.db")
    try:
        from crm_desktop.services import importing
        from crm_desktop.services.auth import get_actor

        actor = get_actor("admin")
        result = importing.run_import(actor, importing.open_source(actor, file))
        assert result.created + result.skipped == ROWS
    finally:
        close_database()
        database.initialize(None)
