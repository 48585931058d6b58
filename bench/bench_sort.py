"""The customer list sorted by name (pinyin order) on a demo database.

    python bench/bench_sort.py [DB]

Opens a private copy of DB (default the 100k demo) with this code, so an older database
is upgraded first: the upgrade's time is reported (the step that fills the sort keys).
Then, median of 7: every id of the list sorted by name through the sort-key index
(what the list's lazy model reads), the same by the raw name (the old order, the
baseline), and a first page of 100 rows by name; then the 100k names sorted in Python
by `textutil.name_sort_key`, every key computed (what a write or an import pays; the
list reads the stored keys).
Target (issue 23): under 200 ms at 100k.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from _timing import copy_demo, median_ms  # noqa: E402

from crm_desktop import textutil  # noqa: E402
from crm_desktop.models import database, open_database  # noqa: E402
from crm_desktop.services.auth import get_actor  # noqa: E402
from crm_desktop.services.customers import (  # noqa: E402
    CustomerQuery,
    customer_ids,
    list_customers,
)


def main() -> None:
    path = copy_demo(sys.argv[1] if len(sys.argv) > 1 else None)
    start = time.perf_counter()
    open_database(path)
    opened = time.perf_counter() - start
    admin = get_actor("admin")
    count = database.execute_sql("SELECT COUNT(*) FROM customer").fetchone()[0]
    by_key = CustomerQuery(sort="name")

    def raw_name_ids() -> list[int]:
        sql = "SELECT id FROM customer WHERE deleted_at IS NULL ORDER BY name, id"
        return [r[0] for r in database.execute_sql(sql)]

    results = {
        "ids by pinyin key": median_ms(lambda: customer_ids(admin, by_key)),
        "ids by raw name (baseline)": median_ms(raw_name_ids),
        "ids by pinyin key, descending": median_ms(
            lambda: customer_ids(admin, CustomerQuery(sort="name", descending=True))
        ),
        "first page of 100 by pinyin key": median_ms(lambda: list_customers(admin, by_key)),
    }
    # the same order in Python, from the names alone: every sort key computed (its caches
    # emptied first) and the names sorted by it, as a sort of names outside the list would
    names = [r[0] for r in database.execute_sql("SELECT name FROM customer")]

    def keys_and_sort() -> list[str]:
        textutil._han_run_key.cache_clear()
        return sorted(names, key=textutil.name_sort_key)

    start = time.process_time()
    results[f"{len(names)} names keyed + sorted in Python"] = median_ms(keys_and_sort, runs=3)
    results["  the same, CPU ms a run"] = (time.process_time() - start) * 1000 / 4  # + warm-up
    print(f"{count} customers; open (with any upgrade): {opened:.2f} s")
    for name, ms in results.items():
        print(f"{name:36s} {ms:8.1f} ms")


if __name__ == "__main__":
    main()
