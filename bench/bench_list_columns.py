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
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from _timing import copy_demo, median_ms  # noqa: E402

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("db", nargs="?")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    open_database(copy_demo(args.db))
    database.execute_sql("ANALYZE")
    admin = get_actor("admin")
    runs = args.runs
    print("ms, medians; 'told': hits of the page with a reason")
    print(f"{'query':<12}{'hits':>7}{'told':>8}{'page':>10}{'+reasons':>10}{'ratio':>8}")
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
        for _ in range(runs):  # interleaved, so drifting load touches both alike
            base.append(median_ms(page, 1, warmup=0))
            after.append(median_ms(with_reasons, 1, warmup=0))
        base_ms, after_ms = sorted(base)[runs // 2], sorted(after)[runs // 2]
        ratios.append(after_ms / base_ms)
        print(
            f"{text:<12}{len(hits):>7}{told:>8}{base_ms:>10.2f}{after_ms:>10.2f}"
            f"{after_ms / base_ms:>8.2f}"
        )
    ratios.sort()
    print(f"search + page with reasons / without: median {ratios[len(ratios) // 2]:.2f}x")
    print(f"                                      largest {ratios[-1]:.2f}x\n")

    every = customer_ids(admin, CustomerQuery())
    middle = every[len(every) // 2 : len(every) // 2 + PAGE]
    rows_ms = median_ms(lambda: customer_rows(admin, middle), runs)
    both_ms = median_ms(lambda: (customer_rows(admin, middle), figures(admin, middle)), runs)
    print(f"page of {PAGE} rows: {rows_ms:.2f} ms; with 余额/最近联系/下次跟进: {both_ms:.2f} ms")
    name_ms = median_ms(lambda: customer_ids(admin, CustomerQuery(sort="name")), 3)
    print(f"\nall {len(every):,} ids sorted by name (baseline): {name_ms:.0f} ms")
    for key in ("balance", "last_contact_at", "next_followup"):
        ms = median_ms(lambda k=key: customer_ids(admin, CustomerQuery(sort=k, descending=True)), 3)
        print(f"all ids sorted by {key}: {ms:.0f} ms")


if __name__ == "__main__":
    main()
