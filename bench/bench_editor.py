"""How long opening a customer card takes on a big database (target: under 150 ms).

Usage: python bench/bench_editor.py [DB] [--opens N]

DB defaults to /work/bench-data/demo-100k.db; it is copied to a temporary folder first
(the original is never written). Measured per open, for customers spread over the
table: the baseline (the service reads the card shows: card, users, contacts) and the
bare window (a window with seven empty tabs, shown until its first paint: what Qt
itself costs here) and the full open (window built, filled, shown, until its first
paint event); then the Today page's summary. Medians of N opens; the first,
cold open is reported on its own.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

DEFAULT_DB = "/work/bench-data/demo-100k.db"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", nargs="?", default=DEFAULT_DB)
    parser.add_argument("--opens", type=int, default=9)
    args = parser.parse_args()

    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication, QLabel, QTabWidget, QWidget

    app = QApplication.instance() or QApplication([])
    painted: list[bool] = []

    class PaintWatcher(QObject):
        def eventFilter(self, obj, event):  # noqa: N802
            if event.type() == QEvent.Type.Paint:
                painted.append(True)
            return False

    watcher = PaintWatcher()
    from crm_desktop.models import Contact, Customer, open_database
    from crm_desktop.services import customers as cs
    from crm_desktop.services.auth import get_actor, list_users
    from crm_desktop.ui.customer_editor import open_customer_editor

    with tempfile.TemporaryDirectory(prefix="bench-editor-") as tmp:
        copy = Path(tmp) / "bench.db"
        t0 = time.perf_counter()
        shutil.copyfile(args.db, copy)
        print(f"copied {args.db} in {time.perf_counter() - t0:.1f} s")
        open_database(copy)
        admin = get_actor("admin")
        total = Customer.select().where(Customer.deleted_at.is_null()).count()
        # customers with contacts, spread over the id range
        step = max(1, total // (args.opens + 1))
        ids = []
        for n in range(args.opens + 1):
            row = (
                Customer.select(Customer.id)
                .join(Contact, on=(Contact.customer == Customer.id))
                .where(Customer.id >= 1 + n * step, Customer.deleted_at.is_null())
                .order_by(Customer.id)
                .first()
            )
            if row is None:  # a small database: any customer will do
                row = Customer.select(Customer.id).where(Customer.id >= 1 + n * step).first()
            if row is not None and row.id not in ids:
                ids.append(row.id)
        print(f"{total} customers; opening {len(ids)} cards")

        def until_painted(widget) -> None:
            painted.clear()
            widget.installEventFilter(watcher)
            while not painted:
                app.processEvents()
            widget.removeEventFilter(watcher)

        def bare_window() -> float:
            t0 = time.perf_counter()
            window = QWidget()
            tabs = QTabWidget(window)
            for n in range(7):
                tabs.addTab(QLabel(str(n)), str(n))
            window.resize(1040, 760)
            window.show()
            until_painted(window)
            elapsed = time.perf_counter() - t0
            window.close()
            window.deleteLater()
            return elapsed

        baseline, bare, opens, eager = [], [], [], []
        for i, customer_id in enumerate(ids):
            t0 = time.perf_counter()
            cs.get_customer(admin, customer_id, include_deleted=True)
            list_users(active_only=False)
            cs.list_contacts(admin, customer_id)
            base = time.perf_counter() - t0

            bare_time = bare_window()

            t0 = time.perf_counter()
            editor = open_customer_editor(None, admin, customer_id)
            until_painted(editor)
            full = time.perf_counter() - t0
            editor._closing_ok = True
            editor.close()
            app.processEvents()

            # the same card with every tab built at once: what building tabs lazily saves
            t0 = time.perf_counter()
            editor = open_customer_editor(None, admin, customer_id)
            editor.ensure_all_tabs()
            until_painted(editor)
            eager_time = time.perf_counter() - t0
            editor._closing_ok = True
            editor.close()
            app.processEvents()
            if i == 0:
                print(
                    f"first (cold) open: {full * 1000:.0f} ms (service reads {base * 1000:.1f} ms)"
                )
                continue
            baseline.append(base)
            bare.append(bare_time)
            opens.append(full)
            eager.append(eager_time)

        def ms(values: list[float]) -> str:
            return (
                f"median {statistics.median(values) * 1000:.1f} ms "
                f"(min {min(values) * 1000:.1f}, max {max(values) * 1000:.1f}, n={len(values)})"
            )

        print(f"baseline, service reads only: {ms(baseline)}")
        print(f"baseline, bare tabbed window: {ms(bare)}")
        print(f"open customer card, painted:  {ms(opens)}")
        print(f"same, every tab built at once: {ms(eager)}")

        # the Today page's figures (read in the background, so they do not block painting)
        from crm_desktop.services.today import today_summary

        summaries = []
        for _ in range(3):
            t0 = time.perf_counter()
            summary = today_summary(admin)
            summaries.append(time.perf_counter() - t0)
        print(f"today_summary (general manager): {ms(summaries)}; counts {summary.counts}")
        from crm_desktop.models import close_database

        close_database()
    return 0


if __name__ == "__main__":
    sys.exit(main())
