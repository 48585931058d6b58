"""Time `export customers` on the 100k demo database: fresh processes, median of 3.

    /work/venv/bin/python bench/bench_export.py [--db PATH] [--runs R] [--baseline-rows N]

Works on a private copy of /work/bench-data/demo-100k.db. Baseline in the same run:
the same first N customers (default 5,000) written by openpyxl write_only against
our xlsxwriter constant_memory builder, in this process.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import cpu_pressure, median, run_python  # noqa: E402
from _timing import copy_demo  # noqa: E402

CHILD = """
import json, sys, time
from crm_desktop.models import open_database
from crm_desktop.services.auth import get_actor
from crm_desktop.jobs.export import export_customers
open_database(sys.argv[1])
c0 = time.process_time()
r = export_customers(get_actor("admin"), sys.argv[2], lang="zh_CN")
print(json.dumps({"rows": r.rows, "columns": r.columns, "seconds": r.seconds,
                  "cpu": time.process_time() - c0}))
"""


def baseline(db: Path, n: int, folder: Path) -> tuple[float, float]:
    """(openpyxl write_only, our builder) seconds for the first n customers, all columns."""
    import openpyxl

    from crm_desktop.models import close_database, open_database
    from crm_desktop.reports.customers_xlsx import write_customers_xlsx
    from crm_desktop.reports.xlsx_common import set_openpyxl_text
    from crm_desktop.services.auth import get_actor
    from crm_desktop.services.export import export_rows

    open_database(db)
    fields, _total, rows = export_rows(get_actor("admin"), lang="zh_CN")
    data = [r for _, r in zip(range(n), rows, strict=False)]
    close_database()
    headers = [f.zh for f in fields]
    t0 = time.perf_counter()
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("客户")
    ws.append(headers)
    for row in data:
        cells = []
        for value in row:
            if isinstance(value, str):
                cell = openpyxl.cell.WriteOnlyCell(ws)
                set_openpyxl_text(cell, value)
                cells.append(cell)
            else:
                cells.append(value)
        ws.append(cells)
    wb.save(folder / "openpyxl.xlsx")
    openpyxl_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    write_customers_xlsx(folder / "ours.xlsx", headers, [f.kind for f in fields], data)
    ours_s = time.perf_counter() - t0
    return openpyxl_s, ours_s


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", help="demo database to copy (default: the 100k one)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--baseline-rows", type=int, default=5000)
    args = parser.parse_args()
    db = copy_demo(args.db)
    folder = Path(tempfile.mkdtemp(prefix="crm-bench-export-"))
    try:
        op, ours = baseline(db, args.baseline_rows, folder)
        print(
            f"baseline, {args.baseline_rows} customers x all columns: openpyxl write_only "
            f"{op:.2f} s, xlsxwriter constant_memory (ours) {ours:.2f} s ({op / ours:.1f}x)",
            flush=True,
        )
        walls, cpus = [], []
        for run in range(args.runs):
            pressure = cpu_pressure()
            out = folder / f"export-{run}.xlsx"
            wall, cpu, r = run_python(CHILD, str(db), str(out))
            walls.append(wall)
            cpus.append(cpu)
            print(
                f"run {run + 1}: {r['rows']} customers x {r['columns']} columns, {wall:.1f} s "
                f"wall (export itself {r['seconds']:.1f} s), {cpu:.1f} s CPU, "
                f"{out.stat().st_size / 1_048_576:.0f} MB; CPU pressure before run {pressure}",
                flush=True,
            )
        print(f"median of {args.runs}: {median(walls):.1f} s wall, {median(cpus):.1f} s CPU")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        shutil.rmtree(db.parent, ignore_errors=True)


if __name__ == "__main__":
    main()
