"""Search and list-page speed on the 100k-customer demo database.

    python bench/bench_search.py [DB]

Targets (issue 2): a search by name fragment, pinyin initials or phone under 30 ms
median and at least 10x faster than LIKE '%…%' over the same documents; a list page
of 100 customers with owner and contact in one query under 20 ms.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from _timing import copy_demo, median_ms  # noqa: E402
from playhouse.test_utils import count_queries  # noqa: E402

from crm_desktop.models import database, open_database  # noqa: E402
from crm_desktop.services.auth import get_actor  # noqa: E402
from crm_desktop.services.customers import (  # noqa: E402
    CustomerQuery,
    customer_ids,
    customer_rows,
    list_customers,
)
from crm_desktop.services.search import like_baseline_ids  # noqa: E402

QUERIES = [
    ("name, 2 chars", "科技"),
    ("name, 2 chars", "贸易"),
    ("name, 4 chars", "电子科技"),
    ("person, 2 chars", "王伟"),
    ("pinyin initials", "bjkj"),
    ("pinyin initials", "shmy"),
    ("full pinyin", "keji"),
    ("phone fragment", "6234"),
    ("phone fragment", "13800"),
]


def main() -> None:
    path = copy_demo(sys.argv[1] if len(sys.argv) > 1 else None)
    open_database(path)
    database.execute_sql("ANALYZE")
    admin = get_actor("admin")
    total = database.execute_sql("SELECT COUNT(*) FROM customer").fetchone()[0]
    print(f"{total} customers in {path}\n")
    print(f"{'query':<28}{'hits':>8}{'page (ms)':>12}{'LIKE (ms)':>12}{'speed-up':>10}")
    pages, speedups = [], []
    for label, text in QUERIES:
        query = CustomerQuery(text=text)
        hits = list_customers(admin, query, limit=100).total
        page = median_ms(lambda q=query: list_customers(admin, q, limit=100))
        like = median_ms(lambda t=text: like_baseline_ids(t), runs=5)
        pages.append(page)
        speedups.append(like / page)
        print(f"{label + ' ' + text:<28}{hits:>8}{page:>12.2f}{like:>12.1f}{like / page:>9.0f}x")
    pages.sort()
    print(f"\nsearch page (rows + total), median over queries: {pages[len(pages) // 2]:.2f} ms")
    print(f"slowest query: {pages[-1]:.2f} ms; smallest speed-up over LIKE: {min(speedups):.0f}x")

    ids = customer_ids(admin, CustomerQuery())
    with count_queries() as counter:
        rows = customer_rows(admin, ids[50_000:50_100])
    assert len(rows) == 100 and rows[0].owner_name
    rows_ms = median_ms(lambda: customer_rows(admin, ids[50_000:50_100]))
    page_ms = median_ms(
        lambda: list_customers(admin, CustomerQuery(sort="name"), offset=50_000, limit=100)
    )
    ids_ms = median_ms(lambda: customer_ids(admin, CustomerQuery()), runs=5)
    print(
        f"\nlist page of 100 rows with owner and contact: {rows_ms:.2f} ms in {counter.count} query"
    )
    print(f"list page at offset 50,000 sorted by name (rows + total): {page_ms:.2f} ms")
    print(f"all {len(ids)} ids in list order (what the table model keeps): {ids_ms:.1f} ms")


if __name__ == "__main__":
    main()
