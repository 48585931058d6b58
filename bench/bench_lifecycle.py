"""Benchmark: the lifecycle suggestions (客户分类建议) over the 100k demo, against an older
version of `services/lifecycle.py` in the same run.

    python bench/bench_lifecycle.py [--db DEMO.db] [--against REV] [--runs 5]

`--against REV` (default: the commit before the set-based rewrite) loads that revision's
`crm_desktop/services/lifecycle.py` from git as a module of its own; both versions run
alternately on the same private copy of the demo, each number the median of `--runs`
calls after one warm-up, so machine load affects both alike; both without schema step
14's index (as the schema was before) and with it. The suggestions of both versions are
compared (they must be identical). Also timed: the Today box's read (the first 200
suggestions) and, for the salesperson who owns the most customers, their own. Wall and
CPU times: SQLite works in this process, so its CPU time is the work itself, whatever
else runs on the machine.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import peewee as pw  # noqa: E402
from _common import cpu_pressure  # noqa: E402
from _timing import copy_demo  # noqa: E402

from crm_desktop.models import (  # noqa: E402
    Customer,
    User,
    close_database,
    database,
    open_database,
)
from crm_desktop.services import lifecycle  # noqa: E402
from crm_desktop.services.auth import get_actor  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
BEFORE = "f5d6413"  # the per-customer Python version, with the rules service of today
INDEX = "sale_deleted_at_customer_id_date"  # schema step 14
INDEX_COLUMNS = '("deleted_at", "customer_id", "date")'


def load_revision(rev: str):
    """`services/lifecycle.py` as it was at `rev`, imported under another name."""
    source = subprocess.run(
        ["git", "show", f"{rev}:crm_desktop/services/lifecycle.py"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    path = Path(tempfile.mkdtemp(prefix="bench-lc-")) / "lifecycle_before.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("lifecycle_before", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["lifecycle_before"] = module
    spec.loader.exec_module(module)
    return module


def alternate(fns: dict, runs: int) -> dict[str, float]:
    """Median wall and CPU ms of each function, called in turn `runs` times after one
    warm-up each (SQLite runs in this process: its work is in the CPU time, which other
    work on the machine does not inflate)."""
    for fn in fns.values():
        fn()
    wall: dict[str, list[float]] = {name: [] for name in fns}
    cpu: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(runs):
        for name, fn in fns.items():
            start, start_cpu = time.perf_counter(), time.process_time()
            fn()
            wall[name].append((time.perf_counter() - start) * 1000)
            cpu[name].append((time.process_time() - start_cpu) * 1000)
    out = {}
    for name in fns:
        out[f"{name}_wall_ms"] = round(statistics.median(wall[name]), 1)
        out[f"{name}_cpu_ms"] = round(statistics.median(cpu[name]), 1)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", help="a demo database (copied, never written)")
    parser.add_argument("--against", default=BEFORE, help="git revision of the baseline")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    copy = copy_demo(args.db)
    open_database(copy)
    before = load_revision(args.against)
    admin = get_actor("admin")
    owner_id = (
        Customer.select(Customer.owner)
        .where(Customer.owner.is_null(False))
        .group_by(Customer.owner)
        .order_by(pw.fn.COUNT(Customer.id).desc())
        .scalar()
    )
    seller = get_actor(User.get_by_id(owner_id).username)
    new = lifecycle.suggestions(admin, limit=10**9)
    old = before.suggestions(admin, limit=10**9)
    key = [(s.customer_id, s.kind, s.changes, s.describe("en")) for s in new]
    out: dict[str, object] = {
        "customers": Customer.select().count(),
        "suggestions": len(new),
        "identical": key == [(s.customer_id, s.kind, s.changes, s.describe("en")) for s in old],
        "cpu_pressure_before": cpu_pressure(),
    }
    calls = {
        "all": lambda lc: lc.suggestions(admin, limit=10**9),
        "today_box": lambda lc: lc.suggestions(admin, limit=200),
        "salesperson": lambda lc: lc.suggestions(seller, limit=10**9),
    }
    # without step 14's index (the schema "before" had), then with it
    for phase, sql in (
        ("no_index", f'DROP INDEX IF EXISTS "{INDEX}"'),
        ("index", f'CREATE INDEX IF NOT EXISTS "{INDEX}" ON "sale" {INDEX_COLUMNS}'),
    ):
        database.execute_sql(sql)
        fns = {}
        for name, call in calls.items():
            fns[f"{phase}_{name}_before"] = lambda call=call: call(before)
            fns[f"{phase}_{name}_after"] = lambda call=call: call(lifecycle)
        out.update(alternate(fns, args.runs))
    out["cpu_pressure_after"] = cpu_pressure()
    print(json.dumps(out, ensure_ascii=False))
    close_database()
    shutil.rmtree(copy.parent, ignore_errors=True)  # the copy and its pre-upgrade backup
    shutil.rmtree(Path(before.__file__).parent, ignore_errors=True)


if __name__ == "__main__":
    main()
