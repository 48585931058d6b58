"""Small timing helpers shared by the benchmark scripts (not part of the package)."""

from __future__ import annotations

import atexit
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

DEMO_DB = Path("/work/bench-data/demo-100k.db")


def median_ms(fn: Callable[[], object], runs: int = 7, warmup: int = 1) -> float:
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def copy_demo(path: str | None = None) -> Path:
    """A private copy of the 100k demo database (the shared one is never written), removed
    when the benchmark ends: each copy is a gigabyte."""
    source = Path(path) if path else DEMO_DB
    if not source.exists():
        sys.exit(
            f"{source} not found: create it with "
            f"`crm-desktop --db {source} demo --customers 100000 --seed 1`"
        )
    target = Path(tempfile.mkdtemp(prefix="crm-bench-")) / "demo.db"
    atexit.register(shutil.rmtree, target.parent, ignore_errors=True)
    shutil.copy(source, target)
    return target
