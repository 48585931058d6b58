"""Benchmark: the overdue list (with the cadence rule) and the calendar month at 100k/500k.

Targets (issue 4, medians): overdue list including cadence-overdue customers under
200 ms; calendar month with counts per day under 50 ms.

Data: a copy of /work/bench-data/demo-100k.db topped up to 500k follow-ups when it
exists (never written to), else a database generated here with bulk inserts. Opening
the copy upgrades it to the current schema (customer.last_contact_at, backfilled).

    /work/venv/bin/python bench/bench_followups.py [--runs 5] [--db COPY.db | URL] [--keep]

With `--db postgresql://…` the functions are measured on that server database (topped
up like a SQLite copy); the fresh-process before/after comparison is SQLite's only.

First, the number the target is about: the FIRST overdue list of a fresh process
(nothing cached, nothing compiled), "before" against "after", each in `--runs` fresh
processes, alternating, medians of wall and CPU time:

- before: the cadence rule as it was up to schema 3 — one query looking at every
  customer, its last completed follow-up found through the follow-ups (kept below as
  `old_cadence_rows`), on a second copy without the schema-4 indexes;
- after: `services.followups` as it is — range scans of customer indexes led by
  (deleted_at, planned_followups = 0) for the cadence rule, and one range of the partial
  index of planned follow-ups for the overdue ones (schema 6).

Then, in this process, each function runs `--runs` times after one warm-up call (the
cadence cache cleared before each call). The baseline printed first is a full scan of
the follow-up table (`COUNT(*), MAX(done_at)`), measured in the same run, so numbers
from different machines compare as ratios.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from datetime import time as dtime
from pathlib import Path

import peewee as pw

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from crm_desktop.models import (  # noqa: E402
    Customer,
    FollowUp,
    User,
    bulk_insert,
    database,
    open_database,
    transaction,
)
from crm_desktop.models.base import new_uuid  # noqa: E402
from crm_desktop.models.db import backup_sqlite  # noqa: E402
from crm_desktop.models.migrations import backfill_last_contact  # noqa: E402

DEMO = Path("/work/bench-data/demo-100k.db")
KINDS = ("visit", "call", "message", "meeting", "dinner", "factory_visit", "complaint", "other")


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


def make_users(n: int = 10) -> list[int]:
    ids = [u.id for u in User.select(User.id).where(User.role == "salesperson")]
    for i in range(len(ids), n):
        ids.append(
            User.create(username=f"bench{i}", display_name=f"业务员{i}", role="salesperson").id
        )
    return ids


def make_customers(count: int, owners: list[int], rng: random.Random) -> None:
    now = datetime.now().replace(microsecond=0)
    fixed = {"uuid", "created_at", "updated_at", "version", "code", "name", "owner", "abc_class"}
    fixed |= {"stage", "contact_interval_days"}
    extra_cols, extra_vals = _defaults(Customer, fixed)
    cols = ["uuid", "created_at", "updated_at", "version", "code", "name", "owner_id"]
    cols += ["abc_class", "stage", "contact_interval_days", *extra_cols]
    classes = ["A"] * 10 + ["B"] * 20 + ["C"] * 50 + ["D"] * 15 + [None] * 5
    stages = ["current"] * 70 + ["potential"] * 15 + ["prospective"] * 10 + ["lost"] * 5
    rows = []
    for i in range(count):
        created = now - timedelta(days=rng.randint(30, 900))
        interval = rng.choice((7, 21, 45, 60)) if rng.random() < 0.05 else None
        rows.append(
            (
                new_uuid(),
                created.isoformat(" "),
                created.isoformat(" "),
                1,
                f"B{i + 1:07d}",
                f"客户{i + 1}有限公司",
                rng.choice(owners),
                rng.choice(classes),
                rng.choice(stages),
                interval,
                *extra_vals,
            )
        )
    with transaction():
        bulk_insert("customer", cols, rows)


def add_followups(total: int, rng: random.Random) -> int:
    """Top the follow-up table up to `total` rows: mostly done in the past, some planned."""
    have = FollowUp.select().count()
    need = total - have
    if need <= 0:
        return 0
    customers = list(Customer.select(Customer.id, Customer.owner).tuples())
    now = datetime.now().replace(second=0, microsecond=0)
    cols = ["uuid", "created_at", "updated_at", "version", "customer_id", "owner_id", "kind"]
    cols += ["subject", "due_at", "ends_at", "status", "done_at", "outcome", "recurrence"]
    rows = []
    for _ in range(need):
        cid, owner = customers[rng.randrange(len(customers))]
        r = rng.random()
        if r < 0.80:  # done, in the last two years
            due = now - timedelta(days=rng.randint(1, 730), minutes=rng.randint(0, 600))
            status, done = "done", due + timedelta(hours=rng.randint(0, 72))
        elif r < 0.85:
            due = now - timedelta(days=rng.randint(1, 365))
            status, done = "cancelled", None
        else:  # planned: a few overdue, most in the next three months
            due = now + timedelta(days=rng.randint(-20, 90), minutes=rng.randint(0, 600))
            status, done = "planned", None
        due = due.replace(minute=(due.minute // 15) * 15)
        stamp = due.isoformat(" ")
        rows.append(
            (
                new_uuid(),
                stamp,
                stamp,
                1,
                cid,
                owner,
                rng.choice(KINDS),
                "例行回访",
                stamp,
                None,
                status,
                done.isoformat(" ") if done else None,
                "谈妥" if done else "",
                "",
            )
        )
    with transaction():
        bulk_insert("follow_up", cols, rows)
    return need


def prepare(path: Path, customers: int, followups: int, seed: int) -> Path:
    rng = random.Random(seed)
    if DEMO.exists() and isinstance(path, Path) and not path.exists():
        backup_sqlite(DEMO, path)  # the online backup API: a consistent copy, read only
    open_database(path)
    if Customer.select().count() < customers:
        owners = make_users()
        make_customers(customers - Customer.select().count(), owners, rng)
    added = add_followups(followups, rng)
    if added:
        with transaction():
            backfill_last_contact()  # rows written raw: keep the cards' last contact right
        database.execute_sql("ANALYZE")
    return path


def prepare_before(after: Path) -> Path:
    """A copy of the prepared database without the schema-4 indexes: the old rule's data."""
    before = after.with_name(after.stem + "-before" + after.suffix)
    if not before.exists():
        backup_sqlite(after, before)
        import sqlite3

        con = sqlite3.connect(before)
        new_indexes = con.execute(  # the schema-4 ones: on last_contact_at, on done_at
            "SELECT name FROM sqlite_master WHERE type = 'index' "
            "AND (sql LIKE '%last_contact_at%' OR sql LIKE '%done_at%')"
        ).fetchall()
        for (name,) in new_indexes:
            con.execute(f'DROP INDEX "{name}"')
        con.execute("ANALYZE")
        con.commit()
        con.close()
    return before


# --- the cadence rule up to schema 3, kept as the baseline ------------------------------


def _old_cutoff(today: date, classes: dict[str, int]) -> pw.Node:
    from crm_desktop.services.followups import cadence as fu_cadence

    midnight = datetime.combine(today, dtime.min)
    whens = [(Customer.contact_interval_days > 0, fu_cadence._cutoff_custom(midnight))]
    for cls, days in classes.items():
        whens.append(
            (Customer.abc_class == cls, fu_cadence._param(midnight - timedelta(days=days)))
        )
    return pw.Case(None, whens, None)


def old_cadence_query(actor, today: date, classes: dict[str, int]) -> pw.ModelSelect:
    """Every customer looked at: NOT EXISTS a planned one, NOT EXISTS a done one since the
    cutoff, and the last completed follow-up by a subquery."""
    cutoff = _old_cutoff(today, classes)
    f_done, f_last, f_plan = (FollowUp.alias(a) for a in ("f_done", "f_last", "f_plan"))
    done_since = f_done.select(pw.SQL("1")).where(
        f_done.customer == Customer.id, f_done.status == "done", f_done.done_at >= cutoff
    )
    planned = f_plan.select(pw.SQL("1")).where(
        f_plan.customer == Customer.id, f_plan.status == "planned"
    )
    last_done = (
        f_last.select(f_last.done_at)
        .where(f_last.customer == Customer.id, f_last.status == "done")
        .order_by(f_last.done_at.desc())
        .limit(1)
    )
    has_cadence = Customer.contact_interval_days > 0
    if classes:
        has_cadence |= Customer.abc_class.in_(list(classes))
    query = Customer.select(
        Customer.id,
        Customer.code,
        Customer.name,
        Customer.owner,
        Customer.abc_class,
        Customer.contact_interval_days,
        Customer.created_at,
        last_done,
    ).where(
        Customer.deleted_at.is_null(),
        has_cadence,
        Customer.created_at < cutoff,
        ~pw.fn.EXISTS(planned),
        ~pw.fn.EXISTS(done_since),
    )
    if not actor.sees_all_customers:
        query = query.where(Customer.owner == actor.id)
    return query


def old_cadence_rows(actor, today: date) -> list:
    from crm_desktop.i18n import current_language
    from crm_desktop.services import followups as fu
    from crm_desktop.services.followups import cadence as fu_cadence
    from crm_desktop.services.followups.rows import _user_names

    classes = fu.cadence_days()
    names = _user_names()
    lang = current_language()
    rows = []
    for cid, code, name, owner, cls, own, created, last in database.execute(
        old_cadence_query(actor, today, classes)
    ):
        days = own if own and own > 0 else classes.get(cls or "")
        if not days:
            continue
        last = fu_cadence._as_datetime(last)
        ref = last or fu_cadence._as_datetime(created)
        due = datetime.combine(ref.date() + timedelta(days=days), dtime.min)
        rows.append(
            fu.FollowUpRow(
                None, cid, code, name, fu.CADENCE_KIND, fu.cadence_subject(last, days, today, lang),
                due, "planned", owner, names.get(owner, "") if owner else "",
                last_done_at=last, interval_days=days,
            )
        )  # fmt: skip
    rows.sort(key=lambda r: (r.due_at, r.customer_code))
    return rows


def old_overdue(actor, now: datetime) -> list:
    """The overdue list as schema 3 computed it: planned ones past due + old cadence rows."""
    from crm_desktop.services import followups as fu

    rows = fu.list_followups(actor, fu.FollowUpQuery(due="overdue", include_cadence=False), now)
    return fu.merge_by_due(old_cadence_rows(actor, now.date()), rows)


def child(path: Path, which: str, username: str) -> None:
    """One fresh process: open, then time the first overdue list; print JSON."""
    from crm_desktop.services import followups as fu
    from crm_desktop.services.auth import get_actor

    open_database(path)
    actor = get_actor(username)
    now = datetime.now()
    start, cpu = time.perf_counter(), time.process_time()
    rows = old_overdue(actor, now) if which == "before" else fu.overdue(actor, now=now)
    cpu_ms = (time.process_time() - cpu) * 1000
    wall_ms = (time.perf_counter() - start) * 1000
    print(json.dumps({"wall": wall_ms, "cpu": cpu_ms, "rows": len(rows)}))


def fresh_processes(paths: dict[str, Path], username: str, runs: int) -> bool:
    """Before and after, alternating, each in `runs` fresh processes; True when missed."""
    results: dict[str, list[dict]] = {"before": [], "after": []}
    for _ in range(runs):
        for which in ("before", "after"):
            out = subprocess.run(
                [sys.executable, __file__, "--child", which, "--db", str(paths[which]),
                 "--user", username],
                check=True, capture_output=True, text=True,
            ).stdout  # fmt: skip
            results[which].append(json.loads(out.strip().splitlines()[-1]))
    failed = False
    for which, got in results.items():
        wall = statistics.median(r["wall"] for r in got)
        cpu = statistics.median(r["cpu"] for r in got)
        verdict = ""
        if which == "after":
            ok = wall < 200 and cpu < 200
            failed |= not ok
            verdict = f"  target < 200 ms: {'ok' if ok else 'MISSED'}"
        label = f"first overdue list, {username}, {which}"
        print(
            f"{label:46s} wall {wall:7.1f} ms  cpu {cpu:7.1f} ms  ({got[0]['rows']}){verdict}",
            flush=True,
        )
    return failed


def median_ms(fn, runs: int) -> tuple[float, float, object]:
    """Median wall and CPU milliseconds of `runs` calls after a warm-up call.

    CPU time is printed too: on a machine shared with other busy processes the wall
    time mostly measures waiting for a core.
    """
    result = fn()  # warm-up: page cache, statement cache
    walls, cpus = [], []
    for _ in range(runs):
        start, cpu = time.perf_counter(), time.process_time()
        result = fn()
        cpus.append((time.process_time() - cpu) * 1000)
        walls.append((time.perf_counter() - start) * 1000)
    return statistics.median(walls), statistics.median(cpus), result


def measure(cases, runs: int) -> bool:
    """Print the median of each case; True when a target was missed."""
    failed = False
    for label, fn, target in cases:
        ms, cpu, result = median_ms(fn, runs)
        size = len(result) if hasattr(result, "__len__") else result
        verdict = ""
        if target:
            ok = cpu < target
            failed |= not ok
            verdict = f"  target < {target} ms: {'ok' if ok else 'MISSED'}"
        print(f"{label:46s} wall {ms:7.1f} ms  cpu {cpu:7.1f} ms  ({size}){verdict}", flush=True)
    return failed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="work on this copy (made when missing), or a server URL")
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--followups", type=int, default=500_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="keep the generated database")
    parser.add_argument("--child", choices=("before", "after"), help=argparse.SUPPRESS)
    parser.add_argument("--user", default="admin", help=argparse.SUPPRESS)
    args = parser.parse_args()
    server = args.db is not None and "://" in args.db
    if args.child:
        child(Path(args.db), args.child, args.user)
        return 0

    from crm_desktop.services import followups as fu
    from crm_desktop.services.auth import get_actor

    tmp = None
    path = args.db if server else (Path(args.db) if args.db else None)
    if path is None:
        tmp = tempfile.mkdtemp(prefix="bench-followups-")
        path = Path(tmp) / "bench.db"
    start = time.perf_counter()
    prepare(path, args.customers, args.followups, args.seed)
    print(f"data: {path} ready in {time.perf_counter() - start:.1f} s", file=sys.stderr)
    n_cust = Customer.select().where(Customer.deleted_at.is_null()).count()
    n_fu = FollowUp.select().count()
    print(f"customers {n_cust}, follow-ups {n_fu}")

    admin = get_actor("admin")
    sales = User.select().where(User.role == "salesperson").order_by(User.id).first()
    salesperson = get_actor(sales.username) if sales else None
    today = date.today()
    now = datetime.now()

    def baseline():
        return database.execute_sql("SELECT COUNT(*), MAX(done_at) FROM follow_up").fetchone()[0]

    def cold(fn):
        """Every measured call computes afresh: the cadence answer is cached per database state."""

        def run():
            fu.clear_cache()
            return fn()

        return run

    cases = [
        ("baseline: full scan of follow_up", baseline, 0),
        ("overdue list incl. cadence (manager)", cold(lambda: fu.overdue(admin, now=now)), 200),
        ("  of which cadence-overdue customers", cold(lambda: fu.cadence_overdue(admin, today)), 0),
        ("  same list again, database unchanged", lambda: fu.overdue(admin, now=now), 0),
        (
            "calendar month counts per day (manager)",
            lambda: fu.month_counts(admin, today.year, today.month),
            50,
        ),
    ]
    if salesperson is not None:
        cases.append(
            (
                "overdue list incl. cadence (one salesperson)",
                cold(lambda: fu.overdue(salesperson, now=now)),
                200,
            )
        )
        cases.append(
            (
                "calendar month counts (one salesperson)",
                lambda: fu.month_counts(salesperson, today.year, today.month),
                50,
            )
        )
    for _ in range(2):  # warm the page caches for both passes alike
        baseline()
        database.execute_sql("SELECT COUNT(*), MAX(name), MAX(created_at) FROM customer")
    failed = measure(cases, args.runs)
    same = old_overdue(admin, now) == fu.overdue(admin, now=now)
    print(f"before and after give the same overdue list: {'yes' if same else 'NO'}")
    failed |= not same
    if server:
        return 1 if failed else 0
    paths = {"before": prepare_before(path), "after": path}
    print(f"-- fresh processes, {args.runs} each, medians:", flush=True)
    failed |= fresh_processes(paths, "admin", args.runs)
    if salesperson is not None:
        failed |= fresh_processes(paths, salesperson.username, args.runs)
    if tmp and not args.keep:
        shutil.rmtree(tmp, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
