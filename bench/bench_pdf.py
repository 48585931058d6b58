"""Benchmark: printing the 客户基本资料表 and the profile card to PDF.

Targets (issue 6, medians): one form in a running process under 50 ms after the first;
1,000 forms in one PDF under 30 s and under 300 MB peak memory. Issue 21: 500 profile
cards under 25 s and under 1,100 pages; the longest card of the database (most text and
follow-ups) printed without error.

`--before PATH` also runs every measurement with the crm_desktop of another checkout
(e.g. /work/main) in the same run, so before and after are compared on the same load.
Wall time and the child's CPU time are both shown: on a shared machine wall time grows
with other work while CPU time stays put.

Baseline measured in the same run: reportlab alone drawing 1,000 pages, each a 40-cell
platypus Table in the same embedded font (MEASURED.md's reference case), so the cost of
our layout can be told from reportlab's own.

Data: a copy of /work/bench-data/demo-100k.db when it exists (never written to), else a
small database made here with services.customers.create_customer.

    /work/venv/bin/python bench/bench_pdf.py [--runs 3] [--db COPY.db] [--forms 1000]
        [--cards 500] [--before /work/main]

Each measurement runs in a fresh child process (its peak memory is the work's own).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, os.environ.get("CRM_BENCH_ROOT") or str(ROOT))

DEMO = Path("/work/bench-data/demo-100k.db")


def make_database(path: Path, customers: int) -> None:
    from decimal import Decimal

    from crm_desktop.models import open_database
    from crm_desktop.services.auth import get_actor
    from crm_desktop.services.customers import create_customer

    open_database(path)
    admin = get_actor("admin")
    for i in range(customers):
        create_customer(
            admin,
            {
                "name": f"上海远东贸易有限公司第{i}分公司",
                "address": f"上海市浦东新区世纪大道{i}号",
                "phone": f"021-5555{i:04d}",
                "invoice_type": "vat" if i % 2 else "ordinary",
                "org_type": "township",
                "credit_limit": Decimal(10000 + i),
                "credit_rating": "ABC"[i % 3],
                "abc_class": "ABCD"[i % 4],
                "business_scope": "五金交电、建筑材料的批发与零售" * (1 + i % 3),
                "remarks": "重点客户" * (i % 5),
            },
        )


# --- child-process measurements ----------------------------------------------------------


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child_single(db: str, out_dir: str) -> dict:
    """One form, printed through the print job again and again in one process."""
    from crm_desktop.jobs.printing import print_customers
    from crm_desktop.models import Customer, open_database
    from crm_desktop.services.auth import get_actor

    open_database(db)
    admin = get_actor("admin")
    ids = [c.id for c in Customer.select(Customer.id).order_by(Customer.id).limit(8)]
    out = Path(out_dir) / "one.pdf"
    start = time.perf_counter()
    print_customers(admin, out, ids=[ids[0]], kind="form", lang="zh_CN")
    first = time.perf_counter() - start
    times, cpu = [], []
    for cid in ids[1:]:
        start, started_cpu = time.perf_counter(), time.process_time()
        print_customers(admin, out, ids=[cid], kind="form", lang="zh_CN")
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - started_cpu)
    return {
        "first_s": first,
        "next_ms": statistics.median(times) * 1000,
        "next_cpu_ms": statistics.median(cpu) * 1000,
        "peak_mb": _peak_mb(),
    }


def child_batch(db: str, out_dir: str, n: int, kind: str) -> dict:
    from crm_desktop.jobs.printing import print_customers
    from crm_desktop.models import Customer, open_database
    from crm_desktop.services.auth import get_actor

    open_database(db)
    admin = get_actor("admin")
    ids = [c.id for c in Customer.select(Customer.id).order_by(Customer.id).limit(n)]
    out = Path(out_dir) / f"batch-{kind}.pdf"
    start, cpu = time.perf_counter(), time.process_time()
    result = print_customers(admin, out, ids=ids, kind=kind, lang="zh_CN")
    elapsed = time.perf_counter() - start
    return {
        "seconds": elapsed,
        "cpu": time.process_time() - cpu,
        "pages": result.pages,
        "mb_file": out.stat().st_size / 1e6,
        "peak_mb": _peak_mb(),
    }


def child_longest(db: str, out_dir: str) -> dict:
    """The card of the customer with the most text and follow-ups: printed, and its pages."""
    import peewee as pw

    from crm_desktop.jobs.printing import print_customers
    from crm_desktop.models import Customer, FollowUp, open_database
    from crm_desktop.services.auth import get_actor

    open_database(db)
    admin = get_actor("admin")
    most_text = (
        Customer.select(Customer.id)
        .order_by((pw.fn.LENGTH(Customer.remarks) + pw.fn.LENGTH(Customer.business_scope)).desc())
        .limit(1)
        .scalar()
    )
    most_followups = (
        FollowUp.select(FollowUp.customer)
        .group_by(FollowUp.customer)
        .order_by(pw.fn.COUNT(FollowUp.id).desc())
        .limit(1)
        .scalar()
    )
    out = Path(out_dir) / "longest.pdf"
    start = time.perf_counter()
    # the small database made here has no follow-ups: its longest card alone
    ids = list(dict.fromkeys(i for i in (most_text, most_followups) if i is not None))
    result = print_customers(admin, out, ids=ids, kind="card")
    return {"seconds": time.perf_counter() - start, "pages": result.pages}


def child_baseline(out_dir: str, n: int) -> dict:
    """reportlab alone: n pages of a 40-cell Table in the same embedded font."""
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import PageBreak, SimpleDocTemplate, Table, TableStyle

    from crm_desktop.reports.pdf_fonts import get_fontset

    fonts = get_fontset()
    out = Path(out_dir) / "baseline.pdf"
    start = time.perf_counter()
    story = []
    for i in range(n):
        rows = [
            [f"客户名称{i}", "上海远东贸易有限公司", "客户代号", f"C{i:06d}"] for _ in range(10)
        ]
        table = Table(rows)
        table.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), fonts.primary),
                    ("GRID", (0, 0), (-1, -1), 0.5, "black"),
                ]
            )
        )
        story += [table, PageBreak()]
    SimpleDocTemplate(str(out), pagesize=A4, initialFontName=fonts.primary).build(story)
    return {"seconds": time.perf_counter() - start, "peak_mb": _peak_mb()}


def run_child(*args: str, root: str | None = None) -> dict:
    env = dict(os.environ)
    if root:
        env["CRM_BENCH_ROOT"] = root
        env["PYTHONPATH"] = root
    proc = subprocess.run(
        [sys.executable, __file__, "--child", *args],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    if proc.returncode:
        sys.exit(proc.stderr)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--db", help="a database to use as is (default: a copy of the demo)")
    parser.add_argument("--forms", type=int, default=1000)
    parser.add_argument("--cards", type=int, default=500)
    parser.add_argument("--before", help="another checkout to measure in the same run")
    parser.add_argument("--child", nargs="+")
    args = parser.parse_args()
    if args.child:
        what, *rest = args.child
        fn = {
            "single": child_single,
            "batch": child_batch,
            "baseline": child_baseline,
            "longest": child_longest,
        }[what]
        rest = [int(x) if x.isdigit() else x for x in rest]
        print(json.dumps(fn(*rest)))
        return

    work = Path(tempfile.mkdtemp(prefix="crm-bench-pdf-"))
    try:
        if args.db:
            db = Path(args.db)
        elif DEMO.exists():
            db = work / "demo.db"
            shutil.copy(DEMO, db)
            for suffix in ("-wal", "-shm"):
                if Path(str(DEMO) + suffix).exists():
                    shutil.copy(str(DEMO) + suffix, str(db) + suffix)
        else:
            db = work / "small.db"
            start = time.perf_counter()
            make_database(db, args.forms)
            print(f"made {args.forms} customers in {time.perf_counter() - start:.1f} s")
        print(f"database: {db if args.db else ('copy of ' + str(DEMO) if DEMO.exists() else db)}")

        roots = {"after": None}
        if args.before:
            roots = {"before": args.before, "after": None}
        results: dict[str, dict[str, list[dict]]] = {
            name: {"single": [], "batch": [], "cards": [], "baseline": []} for name in roots
        }
        for _ in range(args.runs):
            for name, root in roots.items():
                r = results[name]
                r["baseline"].append(run_child("baseline", str(work), str(args.forms), root=root))
                r["single"].append(run_child("single", str(db), str(work), root=root))
                r["batch"].append(
                    run_child("batch", str(db), str(work), str(args.forms), "form", root=root)
                )
                r["cards"].append(
                    run_child("batch", str(db), str(work), str(args.cards), "card", root=root)
                )
        longest = run_child("longest", str(db), str(work))

        for name, r in results.items():

            def med(key: str, field: str, r=r) -> float:
                return statistics.median(x[field] for x in r[key])

            print(f"[{name}: {roots[name] or ROOT}] medians of {args.runs} fresh processes")
            print(
                f"  baseline, reportlab alone, {args.forms} pages of a 40-cell table: "
                f"{med('baseline', 'seconds'):.2f} s, peak {med('baseline', 'peak_mb'):.0f} MB"
            )
            print(
                f"  one form, first in a fresh process: {med('single', 'first_s') * 1000:.0f} ms; "
                f"after the first: {med('single', 'next_ms'):.1f} ms wall, "
                f"{med('single', 'next_cpu_ms'):.1f} ms CPU (target < 50 ms)"
            )
            print(
                f"  {args.forms} forms in one PDF: {med('batch', 'seconds'):.2f} s wall, "
                f"{med('batch', 'cpu'):.2f} s CPU (target < 30 s), "
                f"peak {med('batch', 'peak_mb'):.0f} MB (target < 300 MB), "
                f"{r['batch'][0]['pages']} pages, {r['batch'][0]['mb_file']:.1f} MB file; "
                f"{med('batch', 'seconds') / med('baseline', 'seconds'):.2f}x the baseline"
            )
            print(
                f"  {args.cards} profile cards: {med('cards', 'seconds'):.2f} s wall, "
                f"{med('cards', 'cpu'):.2f} s CPU (target < 25 s), "
                f"{r['cards'][0]['pages']} pages (target < 1,100), "
                f"peak {med('cards', 'peak_mb'):.0f} MB"
            )
        print(
            f"longest cards of the database (most text, most follow-ups): "
            f"{longest['pages']} pages in {longest['seconds']:.2f} s, no error"
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
