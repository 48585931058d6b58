"""Benchmark: receivable balance + exposure on a card, and aging of all customers.

Targets (issue 5, medians): balance and exposure on a card under 20 ms; aging of all
customers under 2 s; (also shown: customers over their limit, the credit request
figures a GM looks at).

Data: a copy of /work/bench-data/demo-100k.db when it exists (never written to), else
a database generated here with bulk inserts: 100k customers, 1M sales lines over three
years, ~300k payments that settle most of each customer's older sales.

    /work/venv/bin/python bench/bench_credit.py [--runs 5] [--db COPY.db] [--keep]

Each measured function runs `--runs` times in one process after a warm-up call; the
median is printed. Run the script three times for fresh-process medians. The baselines
printed first are a plain `SELECT COUNT(*) FROM sale` and the per-customer
`GROUP BY SUM(amount)` over all sales lines (0.18 s in MEASURED.md), in the same run.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from crm_desktop.models import (  # noqa: E402
    Customer,
    Payment,
    Sale,
    User,
    bulk_insert,
    database,
    open_database,
    transaction,
)
from crm_desktop.models.base import new_uuid  # noqa: E402

DEMO = Path("/work/bench-data/demo-100k.db")


def _defaults(model, skip: set[str]) -> tuple[list[str], list]:
    """Column names and default values of every non-null column the caller does not set."""
    cols, values = [], []
    for name, field in model._meta.fields.items():
        if name in skip or field.primary_key:
            continue
        default = field.default
        if callable(default):
            continue
        if default is None and field.null:
            continue
        cols.append(field.column_name)
        values.append(field.db_value(default))
    return cols, values


def make_data(customers: int, sales: int, rng: random.Random) -> None:
    owners = [u.id for u in User.select(User.id).where(User.role == "salesperson")]
    for i in range(len(owners), 10):
        owners.append(
            User.create(username=f"bench{i}", display_name=f"业务员{i}", role="salesperson").id
        )
    now = datetime.now().replace(microsecond=0).isoformat(" ")
    fixed = {"uuid", "created_at", "updated_at", "version", "code", "name", "owner"}
    fixed |= {"credit_limit", "collection_days", "stage"}
    extra_cols, extra_vals = _defaults(Customer, fixed)
    cols = ["uuid", "created_at", "updated_at", "version", "code", "name", "owner_id"]
    cols += ["credit_limit", "collection_days", "stage", *extra_cols]
    rows = []
    for i in range(customers):
        limit = rng.choice((None, 5_000_000, 10_000_000, 50_000_000, 100_000_000))
        rows.append(
            (new_uuid(), now, now, 1, f"K{i + 1:07d}", f"客户{i + 1}有限公司", rng.choice(owners),
             limit, rng.choice((None, 30, 45, 60, 90)), "current", *extra_vals)
        )  # fmt: skip
    with transaction():
        bulk_insert("customer", cols, rows)
    ids = [c for (c,) in Customer.select(Customer.id).tuples()]
    today = date.today()
    s_fixed = {"uuid", "created_at", "updated_at", "version", "customer", "date"}
    s_fixed |= {"quantity", "unit_price", "amount", "salesperson"}
    s_extra_cols, s_extra_vals = _defaults(Sale, s_fixed)
    s_cols = ["uuid", "created_at", "updated_at", "version", "customer_id", "date", "quantity"]
    s_cols += ["unit_price", "amount", "salesperson_id", *s_extra_cols]
    p_fixed = {"uuid", "created_at", "updated_at", "version", "customer", "date", "amount"}
    p_extra_cols, p_extra_vals = _defaults(Payment, p_fixed)
    p_cols = ["uuid", "created_at", "updated_at", "version", "customer_id", "date", "amount"]
    p_cols += [*p_extra_cols]
    per = sales // len(ids)
    sale_rows, pay_rows = [], []
    for cid in ids:
        lines = sorted(rng.randint(0, 1095) for _ in range(per))
        amounts = [rng.randint(1, 200) * 1000 for _ in lines]
        for ago, amount in zip(lines, amounts, strict=True):
            d = (today - timedelta(days=1095 - ago)).isoformat()
            sale_rows.append(
                (new_uuid(), now, now, 1, cid, d, "1.000", amount, amount, None, *s_extra_vals)
            )
        # three payments settling all but the last few sales (plus a late payer now and then)
        keep_open = rng.choice((1, 2, 3, 5)) if rng.random() < 0.9 else per // 2
        paid = sum(amounts[: max(0, per - keep_open)])
        for k in range(3):
            share = paid // 3 if k < 2 else paid - 2 * (paid // 3)
            d = (today - timedelta(days=rng.randint(0, 1000))).isoformat()
            pay_rows.append((new_uuid(), now, now, 1, cid, d, share, *p_extra_vals))
    with transaction():
        bulk_insert("sale", s_cols, sale_rows)
        bulk_insert("payment", p_cols, pay_rows)
    database.execute_sql("ANALYZE")


CPU: list[float] = []


def median_ms(fn, runs: int) -> tuple[float, object]:
    """Median wall-clock ms; the median CPU ms of the same calls is left in CPU[-1]."""
    result = fn()
    times, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = fn()
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    CPU.append(statistics.median(cpu))
    return statistics.median(times), result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="work on this copy (made when missing)")
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--sales", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="keep the generated database")
    args = parser.parse_args()

    from crm_desktop.services import credit, receivables
    from crm_desktop.services.auth import get_actor

    tmp = None
    path = args.db
    if path is None:
        tmp = tempfile.mkdtemp(prefix="bench-credit-")
        path = Path(tmp) / "bench.db"
    start = time.perf_counter()
    if DEMO.exists() and not path.exists():
        shutil.copyfile(DEMO, path)
        source = "copy of " + str(DEMO)
    else:
        source = "generated"
    open_database(path)
    if Sale.select().count() == 0:
        make_data(args.customers, args.sales, random.Random(args.seed))
    print(f"data ({source}): {path} ready in {time.perf_counter() - start:.1f} s", file=sys.stderr)
    n_cust = Customer.select().where(Customer.deleted_at.is_null()).count()
    print(f"customers {n_cust}, sales {Sale.select().count()}, payments {Payment.select().count()}")

    admin = get_actor("admin")
    rng = random.Random(7)
    ids = [c for (c,) in Customer.select(Customer.id).tuples()]
    sample = [rng.choice(ids) for _ in range(200)]

    def count_sales():
        return database.execute_sql("SELECT COUNT(*) FROM sale").fetchone()[0]

    def group_sum():
        sql = "SELECT customer_id, SUM(amount) FROM sale GROUP BY customer_id"
        return len(database.execute_sql(sql).fetchall())

    def card():
        for cid in sample:
            receivables.exposure(admin, cid)

    def request_figures():
        for cid in sample[:50]:
            credit.preview_request(admin, cid, limit=1000)

    base, _ = median_ms(count_sales, args.runs)
    print(f"baseline SELECT COUNT(*) FROM sale: {base:.1f} ms")
    base2, _ = median_ms(group_sum, args.runs)
    print(
        f"baseline SELECT customer_id, SUM(amount) FROM sale GROUP BY customer_id: {base2:.0f} ms"
    )
    ms, _ = median_ms(card, args.runs)
    print(f"balance + exposure on a card: {ms / len(sample):.2f} ms (target < 20 ms)")
    ms, _ = median_ms(request_figures, args.runs)
    print(f"credit request figures (balance, record, 12 months): {ms / 50:.2f} ms")
    ms, rows = median_ms(lambda: receivables.aging(admin), args.runs)
    overdue = sum(1 for r in rows if r.overdue > 0)
    print(f"aging of all customers: {ms:.0f} ms (cpu {CPU[-1]:.0f} ms, {ms / base2:.1f}x the "
          f"GROUP BY baseline), {len(rows)} with a balance, {overdue} overdue (target < 2000 ms)")  # fmt: skip
    ms, rows = median_ms(lambda: receivables.customers_over_limit(admin), args.runs)
    print(f"customers over their limit: {ms:.0f} ms, {len(rows)} customers")
    ms, _ = median_ms(receivables.all_balances_minor, args.runs)
    print(f"  of which all balances (two covering-index sums): {ms:.0f} ms")
    if tmp and not args.keep:
        shutil.rmtree(tmp, ignore_errors=True)
    elif tmp:
        print(f"kept {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
