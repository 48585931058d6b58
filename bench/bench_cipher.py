"""What encryption at rest costs: bench_search's operations on a plain and an encrypted
copy of the same demo, in fresh processes taking turns, as wall and CPU time.

    python bench/bench_cipher.py [--plain DB] [--encrypted DB --passphrase P] [--rounds R]

Without --encrypted, an encrypted copy of the plain demo is made first (sqlcipher_export,
timed). Each round runs three processes: the plain file through Python's sqlite3 (what
the app uses for it), the plain file through sqlcipher3 with no key (the same SQLite
build as the encrypted one: the difference to the encrypted one is the encryption's
alone), and the encrypted file. Every process times the search pages
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

    if passphrase == "-":  # the plain file through sqlcipher3's SQLite, no key
        from crm_desktop.models import db as db_module
        from crm_desktop.models.storage import CrmCipherDatabase

        def through_sqlcipher(file, passphrase=None, **options):
            return CrmCipherDatabase(
                str(file),
                passphrase="",
                pragmas=db_module.SQLITE_PRAGMAS,
                lock_type="IMMEDIATE",
                timeout=db_module.BUSY_TIMEOUT_MS / 1000,
                check_same_thread=False,
            )

        db_module.make_sqlite = through_sqlcipher
        passphrase = ""
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
    kinds = (
        ("plain", plain, ""),
        ("plain, sqlcipher3", plain, "-"),
        ("encrypted", encrypted, args.passphrase),
    )
    runs: dict[str, list[dict]] = {kind: [] for kind, _, _ in kinds}
    for _ in range(args.rounds):  # taking turns: drift on a shared machine hits all alike
        for kind, path, key in kinds:
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
    names = [kind for kind, _, _ in kinds]
    print(
        f"{'operation (ms, medians)':<22}{'plain':>9}{'plain/sqlc':>12}{'encrypted':>11}"
        f"{'vs plain':>10}{'vs sqlc':>9}   wall: plain / plain,sqlc / encrypted"
    )
    for op in OPERATIONS:
        wall = [statistics.median(r[op][0] for r in runs[k]) for k in names]
        cpu = [statistics.median(r[op][1] for r in runs[k]) for k in names]
        cost = [100 * (cpu[2] / base - 1) if base else 0.0 for base in cpu[:2]]
        print(
            f"{op:<22}{cpu[0]:>9.2f}{cpu[1]:>12.2f}{cpu[2]:>11.2f}{cost[0]:>+9.0f}%{cost[1]:>+8.0f}%"
            f"   {wall[0]:.1f} / {wall[1]:.1f} / {wall[2]:.1f}"
        )
    print("\n(CPU time of the measuring thread; 'open' is wall time, the key derivation included)")


if __name__ == "__main__":
    main()
