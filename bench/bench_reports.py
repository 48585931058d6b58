"""Benchmark: the sales report at 100k customers / 1M sales lines.

Targets (issue 8, medians): all sheets' figures for one year under 3 s; the whole
workbook for one year under 20 s and 400 MB; writing the by-customer sheet (100k rows)
at most 1.2x the time openpyxl's write-only mode takes to write the same values
without styles, measured in the same run (xlsxwriter constant_memory is measured too).

Data: a copy of /work/bench-data/demo-100k.db when it exists (never written to), else
a database generated here with bulk inserts (`--make`), then `ANALYZE`.

    /work/venv/bin/python bench/bench_reports.py [--runs 3] [--db COPY.db] [--only NAME]

Each measurement runs in a fresh child process (so peak memory is that of the work
alone), `--runs` times; the median is printed.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

DEMO = Path("/work/bench-data/demo-100k.db")
YEAR = None  # set from the data: the last full calendar year with sales


# --- data -------------------------------------------------------------------------------


def _defaults(model, skip: set[str]) -> tuple[list[str], list]:
    cols, values = [], []
    for name, fld in model._meta.fields.items():
        if name in skip or fld.primary_key:
            continue
        default = fld.default
        if callable(default) or (default is None and fld.null):
            continue
        cols.append(fld.column_name)
        values.append(fld.db_value(default))
    return cols, values


def make_database(path: Path, customers: int = 100_000, lines: int = 1_000_000) -> None:
    """Synthetic data shaped like the demo: 3 years of sales, payments, follow-ups."""
    from crm_desktop.models import (
        Customer,
        FollowUp,
        Payment,
        Product,
        Sale,
        User,
        bulk_insert,
        database,
        open_database,
        transaction,
    )
    from crm_desktop.models.base import new_uuid

    rng = random.Random(1)
    open_database(path)
    now = datetime.now().replace(microsecond=0)
    today = date.today()
    with transaction():
        users = [
            User.create(username=f"s{i}", display_name=f"业务员{i}", role="salesperson").id
            for i in range(12)
        ]
        cats = ["五金", "电子", "包装", "化工", "办公"]
        products = [
            Product.create(code=f"P{i:04d}", name=f"产品{i}", category=cats[i % 5], price=10 + i).id
            for i in range(300)
        ]
        fixed = {"uuid", "created_at", "updated_at", "version", "code", "name", "owner"}
        fixed |= {"abc_class", "stage", "credit_limit", "collection_days"}
        ecols, evals = _defaults(Customer, fixed)
        cols = ["uuid", "created_at", "updated_at", "version", "code", "name", "owner_id"]
        cols += ["abc_class", "stage", "credit_limit", "collection_days", *ecols]
        rows = []
        for i in range(customers):
            rows.append(
                [
                    new_uuid(),
                    str(now),
                    str(now),
                    1,
                    f"C{i + 1:06d}",
                    f"客户{i}有限公司",
                    rng.choice(users),
                    rng.choice(["A", "B", "C", "D", None]),
                    "current",
                    rng.choice([None, 5_000_000, 20_000_000]),
                    rng.choice([None, 30, 60]),
                    *evals,
                ]
            )
        bulk_insert("customer", cols, rows)
        scols, svals = _defaults(
            Sale,
            {
                "uuid",
                "created_at",
                "updated_at",
                "version",
                "customer",
                "product",
                "salesperson",
                "order_no",
                "date",
                "quantity",
                "unit_price",
                "amount",
            },
        )
        weights = [1.0 / (i + 1) ** 0.8 for i in range(customers)]
        cust_ids = rng.choices(range(1, customers + 1), weights=weights, k=lines)
        start = today - timedelta(days=3 * 365)

        def sales():
            for n, cid in enumerate(cust_ids):
                qty = rng.randint(1, 50)
                price = rng.randint(500, 50_000)
                yield (
                    new_uuid(),
                    str(now),
                    str(now),
                    1,
                    cid,
                    rng.choice(products),
                    rng.choice(users),
                    f"SO{n // 3:07d}",
                    (start + timedelta(days=rng.randint(0, 3 * 365))).isoformat(),
                    qty,
                    price,
                    qty * price,
                    *svals,
                )

        bulk_insert(
            "sale",
            [
                "uuid",
                "created_at",
                "updated_at",
                "version",
                "customer_id",
                "product_id",
                "salesperson_id",
                "order_no",
                "date",
                "quantity",
                "unit_price",
                "amount",
                *scols,
            ],
            sales(),
        )
        pcols, pvals = _defaults(
            Payment, {"uuid", "created_at", "updated_at", "version", "customer", "date", "amount"}
        )
        bulk_insert(
            "payment",
            [
                "uuid",
                "created_at",
                "updated_at",
                "version",
                "customer_id",
                "date",
                "amount",
                *pcols,
            ],
            (
                (
                    new_uuid(),
                    str(now),
                    str(now),
                    1,
                    cid,
                    (start + timedelta(days=rng.randint(30, 3 * 365))).isoformat(),
                    rng.randint(10_000, 3_000_000),
                    *pvals,
                )
                for cid in rng.choices(range(1, customers + 1), weights=weights, k=300_000)
            ),
        )
        fcols, fvals = _defaults(
            FollowUp,
            {
                "uuid",
                "created_at",
                "updated_at",
                "version",
                "customer",
                "owner",
                "due_at",
                "status",
                "done_at",
            },
        )

        def follow():
            for _ in range(300_000):
                due = now - timedelta(days=rng.randint(-60, 700), hours=rng.randint(0, 8))
                status = rng.choice(["done", "done", "planned", "cancelled"])
                yield (
                    new_uuid(),
                    str(now),
                    str(now),
                    1,
                    rng.randint(1, customers),
                    rng.choice(users),
                    str(due),
                    status,
                    str(due) if status == "done" else None,
                    *fvals,
                )

        bulk_insert(
            "follow_up",
            [
                "uuid",
                "created_at",
                "updated_at",
                "version",
                "customer_id",
                "owner_id",
                "due_at",
                "status",
                "done_at",
                *fcols,
            ],
            follow(),
        )
    database.execute_sql("ANALYZE")


# --- measured work (each in a fresh process) -----------------------------------------------


def _period(db: Path):
    from crm_desktop.models import open_database
    from crm_desktop.services.analysis import Period

    open_database(db)
    import sqlite3

    con = sqlite3.connect(str(db))
    last = con.execute("SELECT MAX(date) FROM sale").fetchone()[0]
    con.close()
    year = int(last[:4]) - 1 if last[5:] != "12-31" else int(last[:4])
    return Period(date(year, 1, 1), date(year, 12, 31))


def work_baseline(db: Path, out: Path) -> dict:
    """MEASURED.md's reference query (0.22 s there): one year's sales per customer."""
    from crm_desktop.models import database

    period = _period(db)
    start = time.perf_counter()
    cpu = time.process_time()
    rows = database.execute_sql(
        "SELECT customer_id, SUM(amount) FROM sale WHERE date >= ? AND date <= ? "
        "GROUP BY +customer_id",
        (period.start.isoformat(), period.end.isoformat()),
    ).fetchall()
    return {
        "seconds": time.perf_counter() - start,
        "cpu": time.process_time() - cpu,
        "rows": len(rows),
    }


def work_analysis(db: Path, out: Path) -> dict:
    from crm_desktop.services.analysis import sales_report
    from crm_desktop.services.auth import get_actor

    period = _period(db)
    actor = get_actor("admin")
    start = time.perf_counter()
    cpu = time.process_time()
    report = sales_report(actor, period)
    elapsed = time.perf_counter() - start
    return {
        "seconds": elapsed,
        "cpu": time.process_time() - cpu,
        "lines": report.summary.lines,
        "customers": len(report.customers),
        "aging": len(report.aging),
        "gaps": len(report.followups.outside_cadence) if report.followups else 0,
    }


def work_workbook(db: Path, out: Path) -> dict:
    from crm_desktop.reports.sales_xlsx import write_sales_workbook
    from crm_desktop.services.analysis import sales_report
    from crm_desktop.services.auth import get_actor

    period = _period(db)
    actor = get_actor("admin")
    start = time.perf_counter()
    cpu = time.process_time()
    report = sales_report(actor, period)
    figures_done = time.perf_counter()
    write_sales_workbook(report, out, lang="zh_CN")
    return {
        "seconds": time.perf_counter() - start,
        "cpu": time.process_time() - cpu,
        "writing_s": round(time.perf_counter() - figures_done, 2),
        "MB": round(out.stat().st_size / 1e6, 1),
    }


def _customer_values(db: Path):
    from crm_desktop.reports.sales_xlsx import customer_rows
    from crm_desktop.services.analysis import customer_figures
    from crm_desktop.services.auth import get_actor

    period = _period(db)
    figures = customer_figures(get_actor("admin"), period)
    return figures, customer_rows(figures)


def work_sheet_ours(db: Path, out: Path) -> dict:
    from crm_desktop.reports.sales_xlsx import write_sales_workbook
    from crm_desktop.services.analysis import SalesReport, abc_counts, period_summary
    from crm_desktop.services.auth import get_actor

    figures, _ = _customer_values(db)
    period = _period(db)
    summary = period_summary(get_actor("admin"), period, figures)
    report = SalesReport(
        period, datetime.now(), "", ("customers",), summary, figures, abc_counts(figures)
    )
    start = time.perf_counter()
    cpu = time.process_time()
    write_sales_workbook(report, out, lang="zh_CN")
    return {"seconds": time.perf_counter() - start, "cpu": time.process_time() - cpu}


def work_sheet_openpyxl(db: Path, out: Path) -> dict:
    from openpyxl import Workbook

    _, rows = _customer_values(db)
    start = time.perf_counter()
    cpu = time.process_time()
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("c")
    for row in rows:
        ws.append(row)
    wb.save(out)
    return {"seconds": time.perf_counter() - start, "cpu": time.process_time() - cpu}


def work_sheet_xlsxwriter(db: Path, out: Path) -> dict:
    import xlsxwriter

    _, rows = _customer_values(db)
    start = time.perf_counter()
    cpu = time.process_time()
    wb = xlsxwriter.Workbook(str(out), {"constant_memory": True})
    ws = wb.add_worksheet("c")
    for r, row in enumerate(rows):
        ws.write_row(r, 0, row)
    wb.close()
    return {"seconds": time.perf_counter() - start, "cpu": time.process_time() - cpu}


WORK = {
    "baseline_year_by_customer": work_baseline,
    "analysis": work_analysis,
    "workbook": work_workbook,
    "sheet_openpyxl_write_only": work_sheet_openpyxl,
    "sheet_xlsxwriter_plain": work_sheet_xlsxwriter,
    "sheet_ours": work_sheet_ours,
}


def child(name: str, db: str, out: str) -> None:
    result = WORK[name](Path(db), Path(out))
    result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--db", help="a private copy to use (default: copy the demo)")
    parser.add_argument("--make", action="store_true", help="generate the data instead")
    parser.add_argument("--only", action="append", choices=list(WORK))
    parser.add_argument("--child", nargs=3, metavar=("NAME", "DB", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    tmp = Path(tempfile.mkdtemp(prefix="crm-bench-reports-"))
    if args.db:
        db = Path(args.db)
        if not db.exists():
            make_database(db)
    elif DEMO.exists() and not args.make:
        db = tmp / "demo.db"
        shutil.copy(DEMO, db)
        import sqlite3

        con = sqlite3.connect(str(db))
        con.execute("ANALYZE")
        con.close()
    else:
        db = tmp / "made.db"
        t0 = time.perf_counter()
        make_database(db)
        print(f"generated {db} in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    names = args.only or list(WORK)
    print(f"database: {db}")
    results: dict[str, list[dict]] = {}
    for _ in range(args.runs):  # interleaved, so drift hits every measurement alike
        for name in names:
            out = tmp / f"{name}.xlsx"
            proc = subprocess.run(
                [sys.executable, __file__, "--child", name, str(db), str(out)],
                capture_output=True,
                text=True,
                check=False,
            )
            if proc.returncode:
                print(proc.stderr, file=sys.stderr)
                raise SystemExit(f"{name} failed")
            results.setdefault(name, []).append(json.loads(proc.stdout.strip().splitlines()[-1]))
    base = None
    for name in names:
        runs = results[name]
        secs = statistics.median(r["seconds"] for r in runs)
        cpu = statistics.median(r.get("cpu", 0) for r in runs)
        peak = statistics.median(r["peak_mb"] for r in runs)
        extra = {k: v for k, v in runs[0].items() if k not in ("seconds", "peak_mb", "cpu")}
        if name == "sheet_openpyxl_write_only":
            base = secs
        ratio = (
            f"  ({secs / base:.2f}x openpyxl write-only)"
            if base and name.startswith("sheet_")
            else ""
        )
        print(
            f"{name:28s} median {secs:7.2f} s (cpu {cpu:6.2f} s)  peak {peak:6.0f} MB  "
            f"{extra}{ratio}"
        )
    shutil.rmtree(tmp, ignore_errors=True) if not args.db else None


if __name__ == "__main__":
    main()
