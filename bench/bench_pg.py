"""SQLite against PostgreSQL on the same demo: the table of issue 24, ratio per operation.

    python bench/bench_pg.py --sqlite demo.db --db postgresql://user@host:port/demo
        [--runs 7] [--clients 4] [--import-rows 5000] [--import-runs 3]
        [--import-as owner|gm] [--no-ops] [--build N]

Both databases hold the same demo (`crm-desktop demo --customers N --seed 1` on each;
`--build N` makes them: a new SQLite file and the PostgreSQL database emptied first,
and prints how long each demo took). Each operation is the app's own service call,
timed in a process of each side's own after one warm-up, medians of `--runs`:

- search 科技 / 贸易: the list's first page (100 rows by name and the total);
- list by name at the middle offset (rows and total);
- the overdue list of the general manager (cadence cache cleared before each run);
- the receivables aging of every customer;
- the other pages (`measure_pages`): five cards (the middle five by id), the calendar,
  Today, the pipeline board and list, the forecast, the complaints and a year's sales
  report;
- `--clients` processes searching at once, each its own connection: p95 of all calls,
  once with a mix of eight words (有限, on 71% of the demo's cards, among them) and once
  with the table's two searches (科技, 贸易);
- then the import of an `--import-rows` workbook into an empty database (fresh
  process; `--import-as gm`: as the general manager's database role under the team's
  rules, which refuse COPY; `--import-runs 0`: none).

Only one side can be given (`--sqlite` or `--db`) to print its column alone.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import empty_pg_database, pg_database_name, pg_url_for  # noqa: E402

SEARCHES = ("科技", "贸易")
CLIENT_QUERIES = ("科技", "贸易", "电子", "王伟", "bjkj", "6234", "有限", "实业")


def _median_ms(fn, runs: int) -> float:
    fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _demo(target: str, customers: int) -> float:
    start = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "crm_desktop",
            "--db",
            target,
            "demo",
            "--customers",
            str(customers),
            "--seed",
            "1",
        ],
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - start


def measure(target: str, runs: int) -> dict[str, float]:
    """Every in-process operation on one database: name -> median ms."""
    from crm_desktop.models import database, open_database
    from crm_desktop.services import followups as fu
    from crm_desktop.services.auth import get_actor
    from crm_desktop.services.customers import CustomerQuery, list_customers
    from crm_desktop.services.receivables import aging

    open_database(target)
    database.execute_sql("ANALYZE")
    admin = get_actor("admin")
    out: dict[str, float] = {}
    for text in SEARCHES:
        query = CustomerQuery(text=text)
        hits = list_customers(admin, query, limit=100).total
        out[f"search {text} ({hits} hits)"] = _median_ms(
            lambda q=query: list_customers(admin, q, limit=100), runs
        )
    total = list_customers(admin, CustomerQuery(), limit=1).total
    middle = total // 2
    out[f"list by name, offset {middle:,}"] = _median_ms(
        lambda: list_customers(admin, CustomerQuery(sort="name"), offset=middle, limit=100), runs
    )
    now = datetime.now()

    def overdue():
        fu.clear_cache()
        return fu.overdue(admin, now=now)

    out["overdue list, manager"] = _median_ms(overdue, runs)
    # about a millisecond once kept: many runs, so that a scheduler's hiccup is not the median
    out["overdue list again (unchanged)"] = _median_ms(
        lambda: fu.overdue(admin, now=now), max(runs, 50)
    )
    out["aging of all customers"] = _median_ms(
        lambda: aging(admin, date.today()), max(3, runs // 2)
    )
    out.update(measure_pages(admin, runs))
    return out


def measure_apart(target: str, runs: int) -> dict[str, float]:
    """`measure` in a fresh process: the side measured second would otherwise carry the
    first one's objects (a larger heap for the collector to walk on every call)."""
    done = subprocess.run(
        [sys.executable, __file__, "--measure-child", target, "--runs", str(runs)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure_pages(admin, runs: int) -> dict[str, float]:
    """The other pages' service calls: five cards (the card, its timeline and its
    history), a month of the calendar, the Today page, the pipeline board and list,
    the forecast, the complaints and a year's sales report (the demo's 公海 pool is
    empty: not measured)."""
    import importlib

    from crm_desktop.models import database
    from crm_desktop.services import customers, today
    from crm_desktop.services import followups as fu
    from crm_desktop.services.analysis.periods import Period
    from crm_desktop.services.analysis.report import sales_report
    from crm_desktop.services.followups.timeline import customer_timeline

    # the packages export functions under these modules' names: the modules themselves
    board = importlib.import_module("crm_desktop.services.opportunities.board")
    forecast = importlib.import_module("crm_desktop.services.opportunities.forecast")
    records = importlib.import_module("crm_desktop.services.opportunities.records")
    complaints = importlib.import_module("crm_desktop.services.complaints.records")
    now = datetime.now()
    # five from the middle of the live cards, whatever the demo's size
    live = database.execute_sql("SELECT count(*) FROM customer WHERE deleted_at IS NULL")
    middle = max(0, (live.fetchone()[0] - 5) // 2)
    ids = [
        r[0]
        for r in database.execute_sql(
            f"SELECT id FROM customer WHERE deleted_at IS NULL ORDER BY id LIMIT 5 OFFSET {middle:d}"
        ).fetchall()
    ]

    def cards() -> None:
        for cid in ids:
            customers.get_customer(admin, cid)
            customer_timeline(admin, cid)
            customers.customer_history(admin, cid)

    year = Period(date(now.year - 1, now.month, 1), now.date())
    slow = max(3, runs // 2)
    return {
        "five cards (card, timeline, history)": _median_ms(cards, runs),
        "calendar month": _median_ms(lambda: fu.month_counts(admin, now.year, now.month), runs),
        "Today page": _median_ms(lambda: today.today_summary(admin, now.date()), slow),
        "pipeline board": _median_ms(lambda: board.board(admin), runs),
        "pipeline list": _median_ms(lambda: records.list_opportunities(admin), slow),
        "forecast": _median_ms(lambda: forecast.forecast(admin, now.date()), slow),
        "complaints list": _median_ms(lambda: complaints.list_complaints(admin), runs),
        "sales report, 12 months": _median_ms(lambda: sales_report(admin, year, now=now), slow),
    }


# the import as the general manager's own database role: the team's rules installed,
# a password for admin (and so its role), a login that switches the connection
_AS_GM = (
    "from crm_desktop.models import pg_security\n"
    "from crm_desktop.services import auth\n"
    "pg_security.install(); auth.set_password(actor, 'admin', 'bench-import-pw')\n"
    "actor = auth.authenticate('admin', 'bench-import-pw')\n"
    "from crm_desktop.models import pg_roles\n"
    "assert pg_roles.current_role(), 'not connected as a role'\n"
)


def _import_once(workbook: Path, target: str, as_gm: bool = False) -> float:
    code = (
        "import sys, time, json\n"
        "from crm_desktop.models import open_database\n"
        "from crm_desktop.services import importing\n"
        "from crm_desktop.services.auth import get_actor\n"
        "open_database(sys.argv[2]); actor = get_actor('admin')\n"
        + (_AS_GM if as_gm else "")
        + "t = time.perf_counter()\n"
        "src = importing.open_source(actor, sys.argv[1], preview_rows=0)\n"
        "r = importing.run_import(actor, src)\n"
        "print(json.dumps({'s': time.perf_counter() - t, 'created': r.created}))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, str(workbook), target], capture_output=True, text=True
    )
    if proc.returncode != 0:
        sys.exit(f"import failed:\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])["s"] * 1000


def _import_url(url: str) -> str:
    """The database beside `url`'s that the imports go into (its name + "_import")."""
    return pg_url_for(url, pg_database_name(url) + "_import")


def measure_import(target: str, rows: int, runs: int, workdir: Path, as_gm: bool = False) -> float:
    """Median ms of the import of a `rows`-row workbook into an empty database (on
    PostgreSQL `as_gm`: as the general manager's role, under the team's rules)."""
    from bench_import import make_workbook

    book = workdir / f"import-{rows}.xlsx"
    if not book.exists():
        make_workbook(book, rows)
    times = []
    for i in range(runs):
        if "://" in target:
            fresh = _import_url(target)
            empty_pg_database(fresh)
        else:
            fresh = str(workdir / f"import-{i}.db")
            Path(fresh).unlink(missing_ok=True)
        times.append(_import_once(book, fresh, as_gm and "://" in fresh))
    if as_gm and "://" in target:  # the roles are the server's: not left behind
        code = (
            "import sys\nfrom crm_desktop.models import open_database, pg_security\n"
            "open_database(sys.argv[1]); pg_security.uninstall()\n"
        )
        subprocess.run([sys.executable, "-c", code, _import_url(target)], check=True)
    return statistics.median(times)


_CLIENT = (
    "import sys, time, json\n"
    "from crm_desktop.models import open_database\n"
    "from crm_desktop.services.auth import get_actor\n"
    "from crm_desktop.services.customers import CustomerQuery, list_customers\n"
    "open_database(sys.argv[1]); admin = get_actor('admin')\n"
    "queries = json.loads(sys.argv[2]); times = []\n"
    "for q in queries: list_customers(admin, CustomerQuery(text=q), limit=100)\n"
    "print('ready', flush=True); sys.stdin.readline()\n"
    "for _ in range(int(sys.argv[3])):\n"
    "    for q in queries:\n"
    "        t = time.perf_counter(); list_customers(admin, CustomerQuery(text=q), limit=100)\n"
    "        times.append((time.perf_counter() - t) * 1000)\n"
    "print(json.dumps(times))\n"
)


def measure_clients(
    target: str, clients: int, rounds: int = 5, queries: tuple[str, ...] = CLIENT_QUERIES
) -> float:
    """p95 ms of searches of `queries` by `clients` processes at once, started together."""
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _CLIENT, target, json.dumps(queries), str(rounds)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(clients)
    ]
    for p in procs:
        assert p.stdout is not None and p.stdout.readline().strip() == "ready"
    for p in procs:
        assert p.stdin is not None
        p.stdin.write("go\n")
        p.stdin.flush()
    times: list[float] = []
    for p in procs:
        out, _ = p.communicate()
        times.extend(json.loads(out.strip().splitlines()[-1]))
    times.sort()
    return times[int(len(times) * 0.95) - 1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sqlite", help="the SQLite demo file")
    parser.add_argument("--db", help="the PostgreSQL demo URL")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--import-rows", type=int, default=5000)
    parser.add_argument("--import-runs", type=int, default=3)
    parser.add_argument(
        "--import-as",
        choices=("owner", "gm"),
        default="owner",
        help="PostgreSQL: import as the database owner or as the general manager's role",
    )
    parser.add_argument(
        "--no-ops", action="store_true", help="skip the in-process operations (search, lists…)"
    )
    parser.add_argument("--build", type=int, metavar="N", help="build both demos of N customers")
    parser.add_argument("--measure-child", metavar="TARGET", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure_child:  # one side's operations, in a process of their own
        print(json.dumps(measure(args.measure_child, args.runs)))
        return 0
    sides = {name: t for name, t in (("SQLite", args.sqlite), ("PostgreSQL", args.db)) if t}
    if not sides:
        parser.error("give --sqlite FILE and/or --db URL")
    results: dict[str, dict[str, float]] = {name: {} for name in sides}
    if args.build:
        for name, target in sides.items():
            if "://" in target:
                empty_pg_database(target)
            else:
                Path(target).unlink(missing_ok=True)
            results[name][f"demo {args.build:,}"] = _demo(target, args.build) * 1000
    for name, target in sides.items():
        if not args.no_ops:
            results[name].update(measure_apart(target, args.runs))
    workdir = Path(tempfile.mkdtemp(prefix="bench-pg-"))
    for name, target in sides.items():
        # the clients before the imports: the server writes out what five imports
        # wrote (checkpoints, autovacuum) for a while after them, under the searches
        # (科技/贸易 p95 50 -> 76 ms in one run)
        if args.clients:
            label = f"{args.clients} clients searching at once, p95"
            results[name][label] = measure_clients(target, args.clients)
            label = f"{args.clients} clients searching {'/'.join(SEARCHES)} at once, p95"
            # as many calls as the eight-word mix: four times the rounds
            results[name][label] = measure_clients(target, args.clients, 20, SEARCHES)
        if args.import_rows and args.import_runs:
            label = f"import of a {args.import_rows:,}-row xlsx"
            results[name][label] = measure_import(
                target, args.import_rows, args.import_runs, workdir, args.import_as == "gm"
            )
    names = list(sides)
    print(
        "| operation | "
        + " | ".join(f"{n} ms" for n in names)
        + (" | × |" if len(names) == 2 else " |")
    )
    print("|---" * (len(names) + 1 + (len(names) == 2)) + "|")
    for label, first in results[names[0]].items():
        cells = [f"{first:,.1f}"]
        ratio = ""
        if len(names) == 2:
            # the PostgreSQL side names its search hits the same way: match by prefix
            other = next(
                (
                    v
                    for k, v in results[names[1]].items()
                    if k.split(" (")[0] == label.split(" (")[0]
                ),
                None,
            )
            cells.append("n/a" if other is None else f"{other:,.1f}")
            ratio = f" | {other / first:.1f}" if other else " | n/a"
        print(f"| {label} | " + " | ".join(cells) + ratio + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
