"""Time `crm-desktop demo`: N customers (default 100k) in fresh processes, median of 3.

    /work/venv/bin/python bench/bench_demo.py [--customers N] [--runs R] [--keep PATH]
                                              [--db URL]

Each run writes a new SQLite file in a temporary folder (deleted afterwards; with
--keep the first one is moved to PATH, e.g. /work/bench-data/demo-100k.db) and
reports wall time, the process's CPU time, and the search-index (pinyin) share.
With --db URL (a PostgreSQL URL) each run builds the demo into that database instead,
dropped and created again before the run (the last run's demo stays there); the CPU
time is then the app's process alone, not the server's.
Baseline in the same run: composing 5,000 customers' names, addresses and phones
with one Faker call per value, against the generator's pools + random.Random.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import (  # noqa: E402
    SERVER_DATABASES,
    cpu_pressure,
    describe_db,
    empty_pg_database,
    is_pg_url,
    median,
    pg_database_name,
    run_python,
)

CHILD = """
import json, sys
from crm_desktop.models import open_database, close_database
from crm_desktop.services.auth import get_actor
from crm_desktop.demo import generate_demo
open_database(sys.argv[1])
s = generate_demo(get_actor("admin"), int(sys.argv[2]), seed=1)
close_database()
print(json.dumps(s.__dict__))
"""


def baseline(n: int = 5000) -> tuple[float, float]:
    """(per-row Faker, pools + Random) seconds for n customers' name, address, phone, person."""
    from faker import Faker

    from crm_desktop.demo import companies, pools, randomness

    fake = Faker("zh_CN")
    fake.seed_instance(1)
    t0 = time.perf_counter()
    for _ in range(n):
        fake.company(), fake.address(), fake.phone_number(), fake.name(), fake.name()
    faker_s = time.perf_counter() - t0
    rng = randomness.FastRandom(1)
    words = pools.Pools()
    t0 = time.perf_counter()
    for _ in range(n):
        city = rng.choice(companies.CITIES)
        f"{city[0]}{rng.choice(words.brands)}{rng.choice(companies.INDUSTRIES)[1]}有限公司"
        f"{city[1]}{city[0]}市{rng.choice(city[4])}{rng.choice(companies.STREETS)}{rng.randint(1, 999)}号"
        pools.landline(rng, city[3]), words.person(rng), words.person(rng)
    pools_s = time.perf_counter() - t0
    return faker_s, pools_s


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--keep",
        metavar="PATH",
        help="move the first run's database here (renamed into place, never half-written)",
    )
    parser.add_argument(
        "--db",
        metavar="URL",
        help="build into this PostgreSQL database, dropped and created again before each run",
    )
    args = parser.parse_args()
    if args.db and not is_pg_url(args.db):
        parser.error("--db takes a PostgreSQL URL (postgresql://user@host:port/name)")
    if args.db and pg_database_name(args.db) in SERVER_DATABASES:
        parser.error(f"--db {describe_db(args.db)}: name a database of the benchmark's own")
    if args.db and args.keep:
        parser.error("--keep moves a SQLite file: with --db the last run's demo stays there")
    faker_s, pools_s = baseline()
    print(
        f"baseline, 5000 customers' names/addresses/phones: per-row Faker {faker_s:.2f} s, "
        f"pools + Random {pools_s:.2f} s ({faker_s / pools_s:.0f}x)"
    )
    if args.db:
        print(f"database: PostgreSQL {describe_db(args.db)}, emptied before each run")
    walls, cpus, reindex, reindex_cpu = [], [], [], []
    for run in range(args.runs):
        folder = Path(tempfile.mkdtemp(prefix="crm-bench-demo-"))
        try:
            if args.db:
                empty_pg_database(args.db)
            target = args.db or str(folder / "demo.db")
            pressure = cpu_pressure()
            wall, cpu, s = run_python(CHILD, target, str(args.customers))
            if args.keep and run == 0:
                keep = Path(args.keep)
                staged = keep.with_name(f".{keep.name}.tmp")
                shutil.move(folder / "demo.db", staged)
                staged.replace(keep)
                print(f"kept the first run's database as {keep}")
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        walls.append(wall)
        cpus.append(cpu)
        reindex.append(s["reindex_seconds"])
        reindex_cpu.append(s["reindex_cpu_seconds"])
        print(
            f"run {run + 1}: {wall:.1f} s wall, {cpu:.1f} s CPU; search index "
            f"{s['reindex_seconds']:.1f} s wall / {s['reindex_cpu_seconds']:.1f} s CPU; "
            f"{s['sales']} sales lines; CPU pressure before run {pressure}",
            flush=True,
        )
    print(
        f"median of {args.runs}: {median(walls):.1f} s wall, {median(cpus):.1f} s CPU; search "
        f"index {median(reindex):.1f} s wall ({median(reindex) / median(walls):.0%}), "
        f"{median(reindex_cpu):.1f} s CPU ({median(reindex_cpu) / median(cpus):.0%})"
    )


if __name__ == "__main__":
    main()
