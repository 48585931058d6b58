"""Benchmark: the Complaints page with 50k complaints, and the workbook's Complaints sheet.

Targets (issue 20, medians): the page paints its first screen under 100 ms with 50,000
complaints; the Complaints sheet for a year is written under 2 s.

Data: a demo database (`demo --customers N`, default 3,000) topped up with bulk-inserted
complaints (default 50,000 received over the last year, four in five unresolved, so
the page's default view, "open, by due time", holds about 40,000 rows).

    /work/venv/bin/python bench/bench_complaints.py [--runs 5] [--complaints 50000] [--db PATH]

Page: a new `ComplaintsPage` is built, shown and painted into a pixmap (`grab()`), in
this process, `--runs` times after one warm-up; the time covers the filters, the id
query (the partial index of unresolved complaints, in due order) and the rows of the
first screen (the count line is filled by the next turn of the event loop, untimed). Baseline in the same run: the
same list loaded whole (`list_complaints`, every row as the page would need without the
lazy model), the way a plain QTableWidget would fill.

Sheet: `jobs.report.write_sales_report` with the Complaints sheet alone for the last
365 days, `--runs` times. Baseline: the Summary sheet alone for the same period.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from crm_desktop.models import Complaint, bulk_insert, open_database, transaction  # noqa: E402
from crm_desktop.models.base import new_uuid  # noqa: E402

SEVERITY_HOURS = {"urgent": 24, "high": 72, "normal": 168}


def build(path: Path, customers: int, count: int) -> None:
    """A demo database with `count` complaints added over the last year."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    subprocess.run(
        [sys.executable, "-m", "crm_desktop", "--db", str(path), "demo", "--customers",
         str(customers), "--seed", "1"],
        check=True, env=env, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    open_database(path)
    db = Complaint._meta.database
    cust = [r[0] for r in db.execute_sql("SELECT id, owner_id FROM customer")]
    owners = dict(db.execute_sql("SELECT id, owner_id FROM customer").fetchall())
    products = [r[0] for r in db.execute_sql("SELECT id FROM product")]
    rng = random.Random(1)
    now = datetime.now().replace(microsecond=0)
    cols = ["uuid", "created_at", "updated_at", "version", "customer_id", "received_at",
            "subject", "description", "severity", "status", "handled_by_id", "resolved_at",
            "resolution", "channel", "category", "product_id", "due_at", "satisfaction"]  # fmt: skip
    cats = ("quality", "delivery", "invoice", "service", "price", "other")

    def rows():
        for _ in range(count):
            c = rng.choice(cust)
            received = now - timedelta(minutes=rng.randrange(365 * 24 * 60))
            sev = rng.choice(("normal", "normal", "normal", "high", "urgent"))
            due = received + timedelta(hours=SEVERITY_HOURS[sev])
            done = rng.random() < 0.2
            status = rng.choice(("confirmed", "resolved")) if done else rng.choice(
                ("open", "processing"))  # fmt: skip
            resolved = received + timedelta(hours=rng.uniform(1, 200)) if done else None
            yield (new_uuid(), received, received, 1, c, received, "包装破损", "运输途中包装破损",
                   sev, status, owners[c], resolved, "已处理" if done else "", "phone",
                   rng.choice(cats), rng.choice(products) if products else None, due,
                   rng.randint(1, 5) if status == "confirmed" else None)  # fmt: skip

    with transaction():
        bulk_insert("complaint", cols, rows())


def median_ms(fn, runs: int, after=None) -> tuple[float, list[float]]:
    """Median of `runs` timed calls after one warm-up; `after(result)` runs untimed."""
    times = []
    for i in range(runs + 1):
        start = time.perf_counter()
        result = fn()
        if i:
            times.append((time.perf_counter() - start) * 1000)
        if after is not None:
            after(result)
    return statistics.median(times), times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--complaints", type=int, default=50_000)
    parser.add_argument("--customers", type=int, default=3_000)
    parser.add_argument("--db", help="use this database (built there if missing)")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-complaints-"))
    path = Path(args.db) if args.db else folder / "complaints.db"
    if not path.exists():
        t0 = time.perf_counter()
        build(path, args.customers, args.complaints)
        print(f"built {path} in {time.perf_counter() - t0:.1f} s")
    else:
        open_database(path)

    from PySide6.QtWidgets import QApplication

    from crm_desktop.jobs.report import write_sales_report
    from crm_desktop.services import analysis, complaints
    from crm_desktop.services.auth import get_actor
    from crm_desktop.ui.complaints_page import ComplaintsPage

    app = QApplication.instance() or QApplication([])
    admin = get_actor("admin")
    total = Complaint.select().count()
    shown = len(complaints.complaint_ids(admin))
    print(f"{total:,} complaints; the page's default view lists {shown:,}")

    def page() -> ComplaintsPage:
        widget = ComplaintsPage(admin)
        widget.resize(1200, 700)
        widget.show()
        widget.grab()  # paints the first screen: filters, header, the rows on screen
        return widget

    def close(widget: ComplaintsPage) -> None:  # untimed: the count line, then away
        app.processEvents()
        widget.close()
        widget.deleteLater()
        app.processEvents()

    def whole_list() -> None:
        complaints.list_complaints(admin)

    base, base_runs = median_ms(whole_list, args.runs)
    ms, runs = median_ms(page, args.runs, close)
    print(f"baseline: the open list loaded whole ({shown:,} rows): {base:.0f} ms median "
          f"({', '.join(f'{t:.0f}' for t in base_runs)})")  # fmt: skip
    print(f"page, first paint: {ms:.0f} ms median ({', '.join(f'{t:.0f}' for t in runs)}); "
          f"target < 100 ms")  # fmt: skip

    end = date.today()
    year = analysis.Period(end - timedelta(days=364), end)
    out = folder / "sheet.xlsx"

    def sheet(names):
        return lambda: write_sales_report(admin, out, year, names, lang="zh_CN")

    base, base_runs = median_ms(sheet(["summary"]), args.runs)
    ms, runs = median_ms(sheet(["complaints"]), args.runs)
    figures = complaints.complaint_figures(admin, year.start, year.end)
    print(f"baseline: Summary sheet alone: {base:.0f} ms median "
          f"({', '.join(f'{t:.0f}' for t in base_runs)})")  # fmt: skip
    print(f"Complaints sheet for a year ({figures.total:,} complaints): {ms:.0f} ms median "
          f"({', '.join(f'{t:.0f}' for t in runs)}); target < 2000 ms")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
