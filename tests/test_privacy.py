"""What the program writes is readable by its user alone."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_database_backups_and_exports_are_private(tmp_path):
    """A fresh process started with a permissive umask still writes 0600 files and 0700
    folders: the database, its backups folder and backups, an export."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "QT_QPA_PLATFORM": "offscreen"}
    db = tmp_path / "data" / "crm.db"
    db.parent.mkdir()
    script = (
        "import os, sys\n"
        "os.umask(0o022)\n"
        "from crm_desktop.cli import main\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )

    def run(*args: str) -> None:
        subprocess.run([sys.executable, "-c", script, "--db", str(db), *args], env=env,
                       check=True, capture_output=True)  # fmt: skip

    run("demo", "--customers", "5")
    run("backup")
    run("export", "customers", str(tmp_path / "customers.xlsx"))
    assert _mode(db) == 0o600
    backups = db.parent / "backups"
    assert _mode(backups) == 0o700
    assert all(_mode(p) == 0o600 for p in backups.iterdir())
    assert _mode(tmp_path / "customers.xlsx") == 0o600
