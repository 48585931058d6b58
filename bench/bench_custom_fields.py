"""Custom fields at size: card open, list page with custom columns, search, export.

Usage: python bench/bench_custom_fields.py DB [--fields 10] [--runs 7] [--no-export] [--in-place]

DB is a demo database (e.g. `crm-desktop --db demo-20k.db demo --customers 20000`); it is
copied first (the original is never written). The copy gets `--fields` custom fields
(text, long, number, money, date, yes/no, choice, tags …) each filled on every customer,
then, as medians of `--runs` (each with its baseline in the same run):

- card open: the card editor built, filled and shown until its first paint (targets
  under 150 ms); baseline the same card with the custom fields hidden;
- list page: the ids of the list and one page of rows with 3 custom columns (< 30 ms),
  also sorted by a custom column; baseline the page without custom columns;
- search hitting a custom text (< 30 ms); baseline a search for a customer's name;
- the by-customer figures grouped by a choice field (`report sales --by`); baseline the
  by-customer figures themselves;
- export of all customers with the custom fields (≤ 1.2× the export without them).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

KINDS = [
    ("主营产品", "Main products", "text"),
    ("经营范围说明", "Business notes", "long"),
    ("员工规模", "Headcount", "number"),
    ("年采购量", "Annual purchases", "money"),
    ("首次合作", "First deal", "date"),
    ("是否上市", "Listed", "bool"),
    ("合作层级", "Tier", "choice"),
    ("采购渠道", "Channels", "tags"),
    ("所在商圈", "Trade area", "text"),
    ("年度目标", "Annual target", "money"),
    ("备用文本", "Spare text", "text"),
    ("备用数字", "Spare number", "number"),
]
PRODUCTS = ["数控机床", "轴承", "液压件", "电机", "阀门", "塑料粒子", "包装材料", "五金工具"]


def median_ms(fn, runs: int) -> float:
    fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def fill(admin, n_fields: int) -> list:
    """Define the fields and give every customer a value of each (bulk inserts)."""
    from crm_desktop.models import Customer, CustomValue, database, transaction
    from crm_desktop.models.search_index import reindex_customers
    from crm_desktop.services.custom_fields import definitions as custom_defs
    from crm_desktop.textutil import fold

    rng = random.Random(7)
    fields = []
    for zh, en, kind in KINDS[:n_fields]:
        choices = ["核心", "重要", "一般", "观察"] if kind in ("choice", "tags") else ()
        fields.append(custom_defs.define_field(admin, zh, en, kind, choices=choices))
    ids = [i for (i,) in Customer.select(Customer.id).tuples()]
    rows = []
    for cid in ids:
        for f in fields:
            if f.kind == "text":
                text = rng.choice(PRODUCTS) + rng.choice(["、", "和", "及"]) + rng.choice(PRODUCTS)
                rows.append((f.id, cid, text, fold(text)[:100], None, None))
            elif f.kind == "long":
                rows.append((f.id, cid, "长期合作，回款及时。" * 3, None, None, None))
            elif f.kind in ("number", "money"):
                value = Decimal(rng.randrange(1, 10_000_000)) / 100
                rows.append((f.id, cid, str(value), None, value, None))
            elif f.kind == "date":
                day = date(2010, 1, 1) + timedelta(days=rng.randrange(5000))
                rows.append((f.id, cid, day.isoformat(), None, None, day))
            elif f.kind == "bool":
                yes = rng.random() < 0.3
                rows.append((f.id, cid, "1" if yes else "0", "1" if yes else "0", None, None))
            elif f.kind == "choice":
                c = rng.choice(f.choices)
                rows.append((f.id, cid, c.zh, c.code, None, None))
            else:
                for c in rng.sample(f.choices, 2):
                    rows.append((f.id, cid, c.zh, c.code, None, None))
    cols = [
        CustomValue.field,
        CustomValue.entity_id,
        CustomValue.text,
        CustomValue.key,
        CustomValue.number,
        CustomValue.day,
    ]
    t0 = time.perf_counter()
    with transaction():
        for i in range(0, len(rows), 5000):
            CustomValue.insert_many(rows[i : i + 5000], fields=cols).execute()
        reindex_customers(None)
    database.execute_sql("ANALYZE")
    print(
        f"filled {len(rows):,} values for {len(ids):,} customers in "
        f"{time.perf_counter() - t0:.1f} s"
    )
    return fields


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db")
    parser.add_argument("--fields", type=int, default=10)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument(
        "--in-place",
        action="store_true",
        help="fill and time DB itself, not a copy (a throwaway copy of the demo; saves disk)",
    )
    parser.add_argument(
        "--no-export", action="store_true", help="leave out the export (minutes at 100k)"
    )
    args = parser.parse_args()

    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])

    from crm_desktop.jobs.export import export_customers
    from crm_desktop.models import Customer, open_database
    from crm_desktop.services import customers as cs
    from crm_desktop.services.auth import get_actor
    from crm_desktop.services.custom_fields import definitions as custom_defs
    from crm_desktop.services.custom_fields import values as custom_values
    from crm_desktop.services.fields import CUSTOMER_FIELDS
    from crm_desktop.ui.customer_editor import open_customer_editor

    with tempfile.TemporaryDirectory(prefix="bench-custom-") as tmp:
        copy = Path(args.db) if args.in_place else Path(tmp) / "bench.db"
        if not args.in_place:
            shutil.copyfile(args.db, copy)
        open_database(copy)
        admin = get_actor("admin")
        fields = fill(admin, args.fields)
        total = Customer.select().count()
        print(f"{total:,} customers × {len(fields)} custom fields; medians of {args.runs}")
        ids = [i for (i,) in Customer.select(Customer.id).order_by(Customer.id).tuples()]
        sample = ids[:: max(1, len(ids) // (args.runs + 2))][: args.runs + 2]

        # -- card open, until the first paint
        painted: list[bool] = []

        class PaintWatcher(QObject):
            def eventFilter(self, obj, event):  # noqa: N802
                if event.type() == QEvent.Type.Paint:
                    painted.append(True)
                return False

        watcher = PaintWatcher()

        def open_card(cid: int) -> float:
            painted.clear()
            start = time.perf_counter()
            editor = open_customer_editor(None, admin, cid)
            editor.installEventFilter(watcher)
            while not painted:
                app.processEvents()
            elapsed = (time.perf_counter() - start) * 1000
            editor._closing_ok = True
            editor.close()
            app.processEvents()
            return elapsed

        def card_median() -> float:
            open_card(sample[0])
            return statistics.median(open_card(c) for c in sample[1:])

        with_fields = card_median()
        for f in fields:
            custom_defs.update_field(admin, f.id, hidden=True)
        without = card_median()
        for f in fields:
            custom_defs.update_field(admin, f.id, hidden=False)
        print(
            f"card open:            {with_fields:7.1f} ms with custom fields "
            f"(baseline {without:.1f} ms without)"
        )

        # -- list page with 3 custom columns
        three = [f for f in fields if f.kind in ("text", "money", "choice")][:3]

        def page(custom: bool, sort: str = "name") -> None:
            query = cs.CustomerQuery(sort=sort)
            page_ids = cs.customer_ids(admin, query)[:120]
            cs.customer_rows(admin, page_ids)
            if custom:
                custom_values.values_of("customer", page_ids, three)

        base = median_ms(lambda: page(False), args.runs)
        custom = median_ms(lambda: page(True), args.runs)
        money = next(f for f in fields if f.kind == "money")
        by_custom = median_ms(lambda: page(True, money.name), args.runs)
        print(
            f"list page (120 rows): {custom:7.1f} ms with 3 custom columns "
            f"(baseline {base:.1f} ms without); sorted by {money.en}: {by_custom:.1f} ms"
        )

        # -- search hitting a custom text
        def search(text: str) -> int:
            return cs.list_customers(admin, cs.CustomerQuery(text=text)).total

        name = Customer.get_by_id(ids[len(ids) // 2]).name[:2]
        hits = search("液压")
        t_custom = median_ms(lambda: search("液压"), args.runs)
        t_initials = median_ms(lambda: search("yyj"), args.runs)
        t_name = median_ms(lambda: search(name), args.runs)
        print(
            f"search '液压' ({hits:,} hits): {t_custom:7.1f} ms, 'yyj' {t_initials:.1f} ms "
            f"(baseline name '{name}' {t_name:.1f} ms)"
        )

        # -- the by-customer figures grouped by the choice field (report sales --by)
        from crm_desktop.services import analysis
        from crm_desktop.services.analysis.by_field import breakdown_by_field

        choice = next(f for f in fields if f.kind == "choice")
        period = analysis.default_period()
        start = time.perf_counter()
        figures = analysis.customer_figures(admin, period)
        t_figures = (time.perf_counter() - start) * 1000
        t_group = median_ms(lambda: breakdown_by_field(figures, choice), max(3, args.runs // 2))
        print(
            f"grouped by {choice.en}:  {t_group:7.1f} ms for {len(figures):,} customers "
            f"(baseline: the by-customer figures themselves {t_figures:.0f} ms)"
        )

        # -- export with and without the custom fields
        if args.no_export:
            return 0
        builtin = [f.name for f in CUSTOMER_FIELDS]

        def export(columns) -> None:
            export_customers(admin, Path(tmp) / "out.xlsx", None, columns, lang="zh_CN")

        runs = max(3, args.runs // 2)
        export(builtin)  # warm
        plain_times, full_times = [], []
        for _ in range(runs):  # interleaved, so a busy moment weighs on both alike
            for columns, times in ((builtin, plain_times), (None, full_times)):
                start = time.perf_counter()
                export(columns)
                times.append(time.perf_counter() - start)
        plain, full = statistics.median(plain_times), statistics.median(full_times)
        print(
            f"export all:           {full:7.2f} s with custom fields, {plain:.2f} s without "
            f"({full / plain:.2f}×)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
