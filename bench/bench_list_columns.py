"""The customer list's match reasons and figure columns on the 100k demo database.

    python bench/bench_list_columns.py [DB] [--runs R]

Medians of R (default 7) in one process, each with its baseline measured alongside:

- search + page, as the list does on a keystroke: every hit's id (`customer_ids`) and the
  rows of the first 120 (`customer_rows`), what it did before, against the same plus
  `search.match_reasons` of the first 40 (the rows a window shows, which the list
  explains as it paints them). Target (issue 23): within 10 % of the baseline.
- a page of 120 rows in the middle of the list: `customer_rows` alone, against rows +
  `customer_figures.figures` (余额, 最近联系, 下次跟进). Target: under 30 ms.
- every id of the list sorted by a figure (a click on its header), against by name.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from _common import cpu_pressure  # noqa: E402
from _timing import copy_demo  # noqa: E402

from crm_desktop.models import database, open_database  # noqa: E402
from crm_desktop.services.auth import get_actor  # noqa: E402
from crm_desktop.services.customer_figures import figures  # noqa: E402
from crm_desktop.services.customers import (  # noqa: E402
    CustomerQuery,
    customer_ids,
    customer_rows,
)
from crm_desktop.services.search import match_reasons  # noqa: E402

PAGE = 120  # the table model's PAGE_SIZE
SHOWN = 40  # its REASON_ROWS
QUERIES = ["科技", "贸易", "王伟", "bjkj", "zhang", "13800", "6234", "C0001", "wang 科技"]


def once(fn) -> tuple[float, float]:
    """(wall ms, CPU ms) of one call: on a shared machine the CPU time is the steadier."""
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000


def medians(samples: list[tuple[float, float]]) -> tuple[float, float]:
    return statistics.median(w for w, _c in samples), statistics.median(c for _w, c in samples)


def timed(fn, runs: int) -> tuple[float, float]:
    fn()  # warm
    return medians([once(fn) for _ in range(runs)])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("db", nargs="?")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    open_database(copy_demo(args.db))
    database.execute_sql("ANALYZE")
    admin = get_actor("admin")
    runs = args.runs
    print(f"CPU pressure {cpu_pressure()}; ms, medians; 'told': shown hits with a reason")
    print(f"{'':<25}{'wall':>18}{'CPU':>18}")
    print(
        f"{'query':<12}{'hits':>7}{'told':>6}{'page':>9}{'+reasons':>9}"
        f"{'page':>9}{'+reasons':>9}{'CPU x':>7}"
    )
    ratios = []
    for text in QUERIES:
        query = CustomerQuery(text=text)
        hits = customer_ids(admin, query)
        told = len(match_reasons(text, hits[:SHOWN]))

        def page(q: CustomerQuery = query) -> list[int]:
            ids = customer_ids(admin, q)[:PAGE]
            customer_rows(admin, ids)
            return ids

        def with_reasons(q: CustomerQuery = query, t: str = text) -> None:
            match_reasons(t, page(q)[:SHOWN])

        base, after = [], []
        page()
        for _ in range(runs):  # interleaved, so drifting load touches both alike
            base.append(once(page))
            after.append(once(with_reasons))
        (base_wall, base_cpu), (after_wall, after_cpu) = medians(base), medians(after)
        ratios.append(after_cpu / base_cpu)
        print(
            f"{text:<12}{len(hits):>7}{told:>6}{base_wall:>9.1f}{after_wall:>9.1f}"
            f"{base_cpu:>9.1f}{after_cpu:>9.1f}{after_cpu / base_cpu:>7.2f}"
        )
    ratios.sort()
    print(f"search + page, CPU with reasons / without: median {ratios[len(ratios) // 2]:.2f}x,")
    print(f"                                           largest {ratios[-1]:.2f}x\n")

    every = customer_ids(admin, CustomerQuery())
    middle = every[len(every) // 2 : len(every) // 2 + PAGE]
    rows = timed(lambda: customer_rows(admin, middle), runs)
    both = timed(lambda: (customer_rows(admin, middle), figures(admin, middle)), runs)
    print(f"page of {PAGE} rows (wall / CPU ms): {rows[0]:.1f} / {rows[1]:.1f}")
    print(f"  with 余额, 最近联系, 下次跟进:      {both[0]:.1f} / {both[1]:.1f}")
    name = timed(lambda: customer_ids(admin, CustomerQuery(sort="name")), 3)
    print(
        f"\nall {len(every):,} ids (wall / CPU ms) by name (baseline): {name[0]:.0f} / {name[1]:.0f}"
    )
    for key in ("balance", "last_contact_at", "next_followup"):
        ms = timed(lambda k=key: customer_ids(admin, CustomerQuery(sort=k, descending=True)), 3)
        print(f"  by {key}: {ms[0]:.0f} / {ms[1]:.0f}")


if __name__ == "__main__":
    main()
