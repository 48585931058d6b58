"""What encryption at rest costs: bench_search's operations on a plain and an encrypted
copy of the same demo, in fresh processes taking turns, as wall and CPU time.

    python bench/bench_cipher.py [--plain DB] [--encrypted DB --passphrase P] [--rounds R]

Without --encrypted, an encrypted copy of the plain demo is made first (sqlcipher_export,
timed). Each round runs one process on each file; every process times the search pages
of bench_search's queries (median over them), a list page at offset 50,000 sorted by
name, and all 100k ids in list order, each the median of 7 runs after a warm-up. CPU
time (the measuring thread's) is what to read on a shared machine: wall time there
mostly says how long the process waited for a core. Target (issue 22): under 25 %.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from _common import cpu_pressure  # noqa: E402
from _timing import DEMO_DB, copy_demo  # noqa: E402

OPERATIONS = ("search page", "list page at 50,000", "all ids", "open")


def _child(path: str, passphrase: str) -> dict:
    from bench_search import QUERIES

    from crm_desktop.models import DbTarget, database, open_database
    from crm_desktop.services.auth import get_actor
    from crm_desktop.services.customers import CustomerQuery, customer_ids, list_customers

    started = time.perf_counter()
    open_database(DbTarget(path=Path(path), passphrase=passphrase or None))
    database.execute_sql("SELECT count(*) FROM customer").fetchone()
    opened = (time.perf_counter() - started) * 1000
    admin = get_actor("admin")

    def timed(fn, runs: int = 7) -> tuple[float, float]:
        fn()
        walls, cpus = [], []
        for _ in range(runs):
            wall, cpu = time.perf_counter(), time.thread_time()
            fn()
            cpus.append((time.thread_time() - cpu) * 1000)
            walls.append((time.perf_counter() - wall) * 1000)
        return statistics.median(walls), statistics.median(cpus)

    queries = [CustomerQuery(text=text) for _label, text in QUERIES]
    pages = [timed(lambda q=q: list_customers(admin, q, limit=100)) for q in queries]
    out = {
        "search page": (
            statistics.median(w for w, _ in pages),
            statistics.median(c for _, c in pages),
        ),
        "list page at 50,000": timed(
            lambda: list_customers(admin, CustomerQuery(sort="name"), offset=50_000, limit=100)
        ),
        "all ids": timed(lambda: customer_ids(admin, CustomerQuery()), runs=5),
        "open": (opened, opened),
    }
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plain", default=str(DEMO_DB))
    parser.add_argument("--encrypted")
    parser.add_argument("--passphrase", default="bench passphrase")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--child", nargs=2, metavar=("DB", "PASSPHRASE"))
    args = parser.parse_args()
    if args.child:
        print(json.dumps(_child(*args.child)))
        return
    from crm_desktop.models.cipher import export

    plain = copy_demo(args.plain)
    if args.encrypted:
        encrypted = copy_demo(args.encrypted)
    else:
        encrypted = Path(tempfile.mkdtemp(prefix="crm-bench-")) / "demo-encrypted.db"
        started = time.perf_counter()
        export(plain, encrypted, source_key=None, dest_key=args.passphrase)
        print(f"encrypted copy made in {time.perf_counter() - started:.1f} s")
    print(f"CPU pressure before: {cpu_pressure()}")
    runs: dict[str, list[dict]] = {"plain": [], "encrypted": []}
    for _ in range(args.rounds):  # taking turns: drift on a shared machine hits both
        for kind, path, key in (("plain", plain, ""), ("encrypted", encrypted, args.passphrase)):
            proc = subprocess.run(
                [sys.executable, __file__, "--child", str(path), key],
                capture_output=True,
                text=True,
                check=False,
            )
            if proc.returncode:
                sys.exit(proc.stderr)
            runs[kind].append(json.loads(proc.stdout.strip().splitlines()[-1]))
    print(f"CPU pressure after: {cpu_pressure()}\n")
    print(
        f"{'operation (ms, medians)':<24}{'plain':>10}{'encrypted':>11}{'cost':>8}   wall: plain / encrypted"
    )
    for op in OPERATIONS:
        wall = [statistics.median(r[op][0] for r in runs[k]) for k in ("plain", "encrypted")]
        cpu = [statistics.median(r[op][1] for r in runs[k]) for k in ("plain", "encrypted")]
        cost = 100 * (cpu[1] / cpu[0] - 1) if cpu[0] else 0.0
        print(
            f"{op:<24}{cpu[0]:>10.2f}{cpu[1]:>11.2f}{cost:>+7.0f}%   {wall[0]:.1f} / {wall[1]:.1f}"
        )
    print("\n(CPU time of the measuring thread; 'open' is wall time, the key derivation included)")


if __name__ == "__main__":
    main()
