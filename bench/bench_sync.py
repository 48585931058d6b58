"""Salesperson workbook back in: time to the conflict list, against a plain update import.

Usage: python bench/bench_sync.py [--db DEMO.db] [--changed 2000] [--conflicts 100] [--runs 3]
                                  [--baseline-runs 3] [--work DIR]

DB is a demo database (default /tmp/sync-bench-20k.db, made with
`crm-desktop --db /tmp/sync-bench-20k.db demo --customers 20000 --seed 1`); it is copied
first and never written. On the copy, every customer is sent out for update (one
workbook, 20k rows), `--changed` rows get a new address in the workbook, `--conflicts`
of them a new phone both in the workbook and (differently) in the CRM. Then, each in a
fresh process on a fresh copy, as medians of `--runs`:

- plan: the workbook read and compared field by field up to the conflict list
  (target under 10 s);
- baseline: `import customers FILE --on-duplicate update` of the same file (the plan's
  target: no more than 1.5× this);
- apply: the plan and its writing (conflicts kept), once, for information.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("CRM_DESKTOP_LANG", "zh_CN")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _common import cpu_pressure, median, run_python  # noqa: E402

DEFAULT_DB = Path("/tmp/sync-bench-20k.db")

PLAN = """
import json, sys, time
from crm_desktop.models import open_database
from crm_desktop.services.auth import get_actor
open_database(sys.argv[1])
from crm_desktop.jobs import sync
start = time.perf_counter()
plan = sync.plan(get_actor("admin"), sys.argv[2])
took = time.perf_counter() - start
print(json.dumps({"s": took, "conflicts": len(plan.conflicts), "fields": plan.changed_fields}))
"""

IMPORT = """
import json, sys, time
from crm_desktop.models import open_database
from crm_desktop.services.auth import get_actor
open_database(sys.argv[1])
from crm_desktop.jobs.importing import import_customers
start = time.perf_counter()
done = import_customers(get_actor("admin"), sys.argv[2], sheet=sys.argv[3],
                        on_duplicate="update", keep_unmapped=False)
took = time.perf_counter() - start
print(json.dumps({"s": took, "updated": done.result.updated,
                  "updates_s": done.result.timings.get("updates", 0.0)}))
"""

APPLY = """
import json, sys, time
from crm_desktop.models import open_database
from crm_desktop.services.auth import get_actor
open_database(sys.argv[1])
from crm_desktop.jobs import sync
start = time.perf_counter()
done = sync.take_back(get_actor("admin"), sys.argv[2], default="keep")
took = time.perf_counter() - start
print(json.dumps({"s": took, "fields": done.result.fields, "records": done.result.updated}))
"""


def prepare(db: Path, work: Path, changed: int, conflicts: int) -> tuple[Path, str]:
    """Send every customer out, edit the workbook, change the CRM; returns the edited
    workbook and its customers sheet's name."""
    import xlsxwriter
    from python_calamine import CalamineWorkbook

    from crm_desktop.jobs.sync import send_for_update
    from crm_desktop.models import close_database, open_database
    from crm_desktop.reports.xlsx_common import write_cell
    from crm_desktop.services import customers
    from crm_desktop.services.auth import get_actor

    open_database(db)
    admin = get_actor("admin")
    out = work / "sent.xlsx"
    start = time.perf_counter()
    sent = send_for_update(admin, out)
    print(f"sent {sent.rows} customers for update in {time.perf_counter() - start:.1f} s")
    book = CalamineWorkbook.from_path(str(out))
    sheets = {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}
    first = book.sheet_names[0]
    rows = sheets[first]
    header = list(rows[0])
    address, phone, code = header.index("地址"), header.index("电话"), header.index("客户代号")
    rng = random.Random(17)
    picked = rng.sample(range(1, len(rows)), changed)
    for n, i in enumerate(picked):
        row = list(rows[i])
        row[address] = f"新地址 {i} 号"
        if n < conflicts:
            row[phone] = f"0755-{i:08d}"
            card = customers.get_customer(admin, code=row[code])
            customers.update_customer(admin, card.id, {"phone": f"0756-{i:08d}"})
        rows[i] = row
    close_database()
    edited = work / "edited.xlsx"
    wb = xlsxwriter.Workbook(str(edited), {"constant_memory": True})
    day = wb.add_format({"num_format": "yyyy-mm-dd"})
    for name in book.sheet_names:
        ws = wb.add_worksheet(name)
        if name.startswith("_"):
            ws.hide()
        for r, row in enumerate(sheets[name]):
            for c, value in enumerate(row):
                if value not in (None, ""):
                    write_cell(ws, r, c, value, day if isinstance(value, date) else None)
    wb.close()
    return edited, first


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=DEFAULT_DB)
    parser.add_argument("--changed", type=int, default=2000)
    parser.add_argument("--conflicts", type=int, default=100)
    parser.add_argument("--runs", type=int, default=3, help="runs of the plan")
    parser.add_argument(
        "--baseline-runs", type=int, default=3, help="runs of the plain import (slow)"
    )
    parser.add_argument(
        "--work",
        type=Path,
        default=Path("/dev/shm") if Path("/dev/shm").is_dir() else None,
        help="folder for the copies (default: /dev/shm, memory, when there is one)",
    )
    args = parser.parse_args()
    if not args.db.exists():
        sys.exit(f"{args.db} not found: crm-desktop --db {args.db} demo --customers 20000 --seed 1")
    work = Path(tempfile.mkdtemp(prefix="crm-bench-sync-", dir=args.work))
    base = work / "base.db"
    shutil.copy(args.db, base)
    try:
        measure(args, work, base)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def measure(args: argparse.Namespace, work: Path, base: Path) -> None:
    edited, sheet = prepare(base, work, args.changed, args.conflicts)
    results: dict[str, list[float]] = {"plan": [], "import": [], "apply": []}
    cpu: dict[str, list[float]] = {"plan": [], "import": [], "apply": []}
    facts: dict[str, dict] = {}
    for run in range(args.runs):
        for key, code, extra in (
            ("plan", PLAN, ()),
            ("import", IMPORT, (sheet,)),
            ("apply", APPLY, ()),
        ):
            if key == "apply" and run > 0:
                continue  # the writing is timed once, for information
            if key == "import" and run >= args.baseline_runs:
                continue
            run_db = work / f"{key}.db"
            shutil.copy(base, run_db)
            _wall, child_cpu, out = run_python(code, str(run_db), str(edited), *extra)
            results[key].append(out["s"])
            cpu[key].append(child_cpu)
            facts[key] = out
            run_db.unlink()
    plan_s, import_s, apply_s = (median(results[k]) for k in ("plan", "import", "apply"))
    plan_cpu, import_cpu = median(cpu["plan"]), median(cpu["import"])
    print(f"CPU pressure (avg10): {cpu_pressure()}")
    print(
        f"plan to the conflict list: {plan_s:.2f} s median (process CPU {plan_cpu:.1f} s; "
        f"{facts['plan']['conflicts']} conflicts, {facts['plan']['fields']} fields to write)"
        " — target < 10 s"
    )
    print(
        f"plain --on-duplicate update import: {import_s:.2f} s median "
        f"(process CPU {import_cpu:.1f} s; {facts['import']['updated']} updated, "
        f"{facts['import']['updates_s']:.1f} s of it writing the matched cards)"
    )
    print(f"ratio plan / import: {plan_s / import_s:.2f}x — target <= 1.5x")
    print(
        f"take-back with writing (conflicts kept): {apply_s:.2f} s "
        f"({facts['apply']['records']} records, {facts['apply']['fields']} fields)"
    )


if __name__ == "__main__":
    main()
