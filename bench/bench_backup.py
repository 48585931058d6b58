"""Time the automatic backup (online copy + integrity_check + rotation) of a demo database.

    python bench/bench_backup.py PATH.db [runs]

PATH is copied first (the copy is opened and may be upgraded; PATH is never written).
Prints the median of: the plain online copy (the backup API alone), integrity_check
alone, quick_check alone, and the whole automatic backup as the app takes it.
"""

from __future__ import annotations

import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _median(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    source = Path(sys.argv[1])
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    work = Path(tempfile.mkdtemp(prefix="crm-bench-backup-"))
    try:
        live = work / "crm.db"
        shutil.copy(source, live)
        from crm_desktop.models import open_database
        from crm_desktop.models.db import backup_sqlite
        from crm_desktop.services.backup_rotation import set_auto_folder, take_auto_backup

        open_database(live)
        set_auto_folder(work / "auto")
        size = live.stat().st_size

        def plain() -> None:
            out = work / "plain.db"
            out.unlink(missing_ok=True)
            backup_sqlite(live, out)

        def check(pragma: str):
            def run() -> None:
                con = sqlite3.connect(f"file:{work / 'plain.db'}?mode=ro", uri=True)
                con.execute(f"PRAGMA {pragma}").fetchall()
                con.close()

            return run

        results = {
            "online copy": _median(plain, runs),
            "integrity_check(1)": _median(check("integrity_check(1)"), runs),
            "quick_check(1)": _median(check("quick_check(1)"), runs),
            "automatic backup (all)": _median(lambda: take_auto_backup(None), runs),
        }
        set_auto_folder(None)
        print(f"database {size / 1_048_576:.0f} MB, median of {runs}:")
        for name, seconds in results.items():
            print(f"  {name:24s} {seconds:6.2f} s")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
