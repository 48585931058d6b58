"""Helpers for benchmarks that time whole fresh processes (medians of wall and CPU time)."""

from __future__ import annotations

import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def run_python(code: str, *args: str) -> tuple[float, float, dict]:
    """Run `code` in a fresh interpreter; (wall s, CPU s of the child, JSON it printed last)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        sys.exit(f"benchmark child failed:\n{proc.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    return wall, cpu, json.loads(lines[-1]) if lines else {}


def median(values: list[float]) -> float:
    return statistics.median(values)


def cpu_pressure() -> str:
    """Share of time runnable tasks waited for a CPU (Linux PSI), to judge wall-clock numbers."""
    try:
        text = Path("/proc/pressure/cpu").read_text().splitlines()[0]
        return text.split()[1]  # avg10=…
    except OSError:
        return "n/a"
