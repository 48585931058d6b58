"""Search and list-page speed on the 100k-customer demo database.

    python bench/bench_search.py [DB | --db URL] [--passphrase P]

DB is a SQLite demo file (a private copy is measured); `--db postgresql://…` measures a
PostgreSQL demo in place (it is only read). `--passphrase P` opens an encrypted
(SQLCipher) demo file with P, to measure what encryption at rest costs.

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

from crm_desktop.models import DbTarget, database, open_database  # noqa: E402
from crm_desktop.services.auth import get_actor  # noqa: E402
from crm_desktop.services.customers import (  # noqa: E402
    CustomerQuery,
    customer_ids,
    customer_rows,
    list_customers,
)
from crm_desktop.services.search import like_baseline_ids, matching_ids  # noqa: E402


def like_page(actor, text: str) -> int:
    """The same page as list_customers (100 rows by name + total), found with LIKE '%…%'."""
    pattern = f"%{text}%"
    mark = database.obj.param
    rows = database.execute_sql(
        "SELECT c.id, c.code, c.name, u.display_name, c.contact_name FROM customer c "
        'LEFT JOIN "user" u ON u.id = c.owner_id WHERE c.deleted_at IS NULL AND c.id IN '
        f"(SELECT customer_id FROM customer_search WHERE doc LIKE {mark}) "
        "ORDER BY c.name, c.id LIMIT 100",
        (pattern,),
    ).fetchall()
    total = database.execute_sql(
        "SELECT COUNT(*) FROM customer c WHERE c.deleted_at IS NULL AND c.id IN "
        f"(SELECT customer_id FROM customer_search WHERE doc LIKE {mark})",
        (pattern,),
    ).fetchone()[0]
    return len(rows) + total


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
    args = sys.argv[1:]
    passphrase = None
    if "--passphrase" in args:
        at = args.index("--passphrase")
        passphrase = args[at + 1]
        del args[at : at + 2]
    if args[:1] == ["--db"] and len(args) > 1:
        path = args[1]  # a server database: measured in place, never written
        open_database(path)
    else:
        path = copy_demo(args[0] if args else None)
        open_database(DbTarget(path=path, passphrase=passphrase))
    database.execute_sql("ANALYZE")
    admin = get_actor("admin")
    total = database.execute_sql("SELECT COUNT(*) FROM customer").fetchone()[0]
    print(f"{total} customers in {path}\n")
    print("page = the first 100 rows by name with owner and contact, plus the total")
    print("ids  = every matching id, unordered (the search alone)\n")
    head = f"{'query':<26}{'hits':>7}{'page':>9}{'LIKE page':>11}{'x':>6}{'ids':>8}{'LIKE ids':>10}{'x':>6}"
    print(head + "   (ms, medians)")
    pages, page_x, ids_x = [], [], []
    for label, text in QUERIES:
        query = CustomerQuery(text=text)
        hits = list_customers(admin, query, limit=100).total
        page = median_ms(lambda q=query: list_customers(admin, q, limit=100))
        like = median_ms(lambda t=text: like_page(admin, t), runs=5)
        ids = median_ms(lambda t=text: matching_ids(t))
        like_ids = median_ms(lambda t=text: like_baseline_ids(t), runs=5)
        pages.append(page)
        page_x.append(like / page)
        ids_x.append(like_ids / ids)
        print(
            f"{label + ' ' + text:<26}{hits:>7}{page:>9.2f}{like:>11.1f}{like / page:>5.0f}x"
            f"{ids:>8.2f}{like_ids:>10.1f}{like_ids / ids:>5.0f}x"
        )
    pages.sort()
    print(f"\nsearch page, median over the queries: {pages[len(pages) // 2]:.2f} ms")
    print(f"slowest page: {pages[-1]:.2f} ms")
    print(
        f"speed-up over LIKE, page: median {sorted(page_x)[len(page_x) // 2]:.0f}x, least {min(page_x):.0f}x"
    )
    print(
        f"speed-up over LIKE, ids:  median {sorted(ids_x)[len(ids_x) // 2]:.0f}x, least {min(ids_x):.0f}x"
    )

    ids = customer_ids(admin, CustomerQuery())
    middle = len(ids) // 2
    with count_queries() as counter:
        rows = customer_rows(admin, ids[middle : middle + 100])
    assert len(rows) == 100 and rows[0].owner_name
    rows_ms = median_ms(lambda: customer_rows(admin, ids[middle : middle + 100]))
    page_ms = median_ms(
        lambda: list_customers(admin, CustomerQuery(sort="name"), offset=middle, limit=100)
    )
    ids_ms = median_ms(lambda: customer_ids(admin, CustomerQuery()), runs=5)
    print(
        f"\nlist page of 100 rows with owner and contact: {rows_ms:.2f} ms in {counter.count} query"
    )
    print(f"list page at offset {middle:,} sorted by name (rows + total): {page_ms:.2f} ms")
    print(f"all {len(ids)} ids in list order (what the table model keeps): {ids_ms:.1f} ms")


if __name__ == "__main__":
    main()
