"""Benchmark: the salesperson's day — 记录联系, the timeline, the pool job, lifecycle suggestions.

Targets (issue 18): the log dialog opens in under 100 ms and saves in under 50 ms; a
timeline of 2,000 events paints first in under 100 ms; the pool job over 100k customers
under 2 s; the lifecycle suggestions under 2 s.

    python bench/bench_day.py DEMO.db [--runs 5]

Works on a private copy of DEMO.db (made by `crm-desktop demo --customers N`), never on
the file itself. Each number is the median of `--runs` calls after one warm-up. The
baseline, measured in the same run, is a full scan of the customer table
(`SELECT COUNT(*), MAX(last_contact_at) FROM customer`), so numbers from different
machines compare as ratios.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _common import cpu_pressure  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from crm_desktop.models import (  # noqa: E402
    Customer,
    FollowUp,
    close_database,
    database,
    open_database,
    transaction,
)
from crm_desktop.services import lifecycle, pool  # noqa: E402
from crm_desktop.services.auth import get_actor  # noqa: E402

CPU_MS: dict[str, float] = {}  # the same calls' median CPU time, by the name they are stored under


def timed(fn, runs: int, name: str = "") -> float:
    """Median milliseconds of `runs` calls after one warm-up; with `name`, the median CPU
    milliseconds too (in CPU_MS): on a busy machine the wall time grows, the CPU time not."""
    fn()
    samples, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    if name:
        CPU_MS[name] = round(statistics.median(cpu), 1)
    return round(statistics.median(samples), 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("db", help="a demo database (copied, never written)")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-day-"))
    copy = tmp / "day.db"
    shutil.copy(args.db, copy)
    try:
        print(json.dumps(measure(args, copy), ensure_ascii=False))
    finally:
        close_database()
        shutil.rmtree(tmp, ignore_errors=True)  # the copy and its pre-upgrade backup


def measure(args: argparse.Namespace, copy: Path) -> dict[str, object]:
    """Every timing of the module's docstring on `copy`."""
    open_database(copy)
    app = QApplication.instance() or QApplication([])
    customers = Customer.select().where(Customer.deleted_at.is_null()).count()
    followups = FollowUp.select().count()
    admin = get_actor("admin")
    owner_id, cid = (
        Customer.select(Customer.owner, Customer.id)
        .where(Customer.owner.is_null(False) & Customer.deleted_at.is_null())
        .order_by(Customer.id)
        .tuples()
        .first()
    )
    from crm_desktop.models import User

    seller = get_actor(User.get_by_id(owner_id).username)
    out: dict[str, object] = {"customers": customers, "followups": followups}
    out["baseline_scan_ms"] = timed(
        lambda: database.execute_sql(
            "SELECT COUNT(*), MAX(last_contact_at) FROM customer"
        ).fetchone(),
        args.runs,
    )

    from crm_desktop.ui.log_contact_dialog import LogContactDialog

    def open_dialog() -> None:
        dialog = LogContactDialog(seller, cid)
        dialog.show()
        app.processEvents()
        dialog.close()
        dialog.deleteLater()

    out["log_dialog_open_ms"] = timed(open_dialog, args.runs, "log_dialog_open_ms")

    saves = []
    for i in range(args.runs + 1):
        dialog = LogContactDialog(seller, cid)
        dialog.outcome.setText(f"电话 {i}")
        start = time.perf_counter()
        assert dialog.save()
        saves.append((time.perf_counter() - start) * 1000)
        dialog.deleteLater()
    out["log_dialog_save_ms"] = round(statistics.median(saves[1:]), 1)

    # a customer with 2,000 events: contacts logged over the years
    start_at = datetime(2020, 1, 1, 9, 0)
    with transaction():
        FollowUp.insert_many(
            [
                {
                    "customer": cid,
                    "owner": owner_id,
                    "kind": "call",
                    "due_at": start_at + timedelta(hours=7 * i),
                    "done_at": start_at + timedelta(hours=7 * i),
                    "status": "done",
                    "outcome": f"第{i}次联系",
                }
                for i in range(2000)
            ]
        ).execute()
    from crm_desktop.services.followups.timeline import customer_timeline
    from crm_desktop.ui.timeline_tab import TimelineTab

    out["timeline_events"] = len(customer_timeline(seller, cid))
    out["timeline_service_ms"] = timed(lambda: customer_timeline(seller, cid), args.runs)

    def paint_timeline() -> None:
        tab = TimelineTab(seller, cid)
        tab.resize(900, 600)
        tab.show()
        app.processEvents()
        tab.close()
        tab.deleteLater()

    out["timeline_first_paint_ms"] = timed(paint_timeline, args.runs, "timeline_first_paint_ms")

    pool.set_rules(
        admin,
        {
            "no_contact_days": {"A": 60, "B": 45, "C": 30, "D": 30, "": 30},
            "no_sale_days": {"A": 365, "B": 180, "C": 180, "D": 180, "": 180},
            "exempt_classes": [],
        },
    )
    out["pool_evaluate_ms"] = timed(lambda: pool.evaluate(), args.runs, "pool_evaluate_ms")
    due, warnings = pool.evaluate()
    out["pool_due"], out["pool_warned"] = len(due), len(warnings)
    start = time.perf_counter()
    result = pool.run_rules(admin)
    out["pool_job_first_run_ms"] = round((time.perf_counter() - start) * 1000, 1)
    out["pool_returned"] = result.returned
    # the daily run after that: the whole job, nothing (or little) left to return
    out["pool_job_daily_ms"] = timed(lambda: pool.run_rules(admin), args.runs, "pool_job_daily_ms")
    out["lifecycle_ms"] = timed(
        lambda: lifecycle.suggestions(admin, limit=10**9), args.runs, "lifecycle_ms"
    )
    out["lifecycle_suggestions"] = len(lifecycle.suggestions(admin, limit=10**9))
    out.update({name.replace("_ms", "_cpu_ms"): ms for name, ms in CPU_MS.items()})
    out["cpu_pressure"] = cpu_pressure()
    return out


if __name__ == "__main__":
    main()
