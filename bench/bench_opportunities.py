"""Benchmark: the pipeline board, a drag to another stage, the forecast, the quote PDF.

Targets (issue 19, medians): the board with 20k open opportunities first paint under
150 ms; a drag to another stage saved and repainted under 50 ms; the forecast figures
under 300 ms; the quote PDF under 100 ms after the first.

Data: a copy of a demo database (`--db`, made with `crm-desktop demo --customers 20000`),
topped up with open opportunities until it holds `--open` of them (default 20,000).

    QT_QPA_PLATFORM=offscreen python bench/bench_opportunities.py --db demo-20k.db [--runs 7]

Baselines printed first in the same run: a plain `SELECT COUNT(*)` of the open
opportunities and the same rows read as tuples (what any board must at least read).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from _timing import median_ms  # noqa: E402

from crm_desktop.models import bulk_insert, database, open_database, transaction  # noqa: E402
from crm_desktop.models.base import new_uuid  # noqa: E402


def top_up(target_open: int) -> int:
    """Add open opportunities (copies of random customers' data) until `target_open` exist."""
    open_ids = [
        i for (i,) in database.execute_sql("SELECT id FROM opportunity_stage WHERE kind = 'open'")
    ]
    marks = ", ".join("?" for _ in open_ids)
    have = database.execute_sql(
        f"SELECT COUNT(*) FROM opportunity WHERE deleted_at IS NULL AND stage_id IN ({marks})",
        open_ids,
    ).fetchone()[0]
    missing = target_open - have
    if missing <= 0:
        return have
    customers = database.execute_sql(
        "SELECT id, owner_id FROM customer WHERE deleted_at IS NULL"
    ).fetchall()
    rng = random.Random(19)
    today = date.today()
    now = f"{today} 09:00:00"
    rows = []
    for _ in range(missing):
        cid, owner = rng.choice(customers)
        close = today + timedelta(days=rng.randint(-10, 180))
        rows.append(
            (new_uuid(), now, now, 1, cid, f"项目 {rng.randint(1, 9999)}",
             rng.randint(1000, 500000) * 100, close.isoformat(), rng.choice(open_ids), owner,
             "", "", "", now, "")
        )  # fmt: skip
    cols = [
        "uuid",
        "created_at",
        "updated_at",
        "version",
        "customer_id",
        "title",
        "amount",
        "close_date",
        "stage_id",
        "owner_id",
        "competitor",
        "next_step",
        "notes",
        "stage_since",
        "lost_note",
    ]
    with transaction():
        bulk_insert("opportunity", cols, rows)
    return target_open


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="a demo database (copied, never written)")
    parser.add_argument("--open", type=int, default=20_000, help="open opportunities wanted")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="crm-bench-opps-")) / "demo.db"
    shutil.copy(args.db, work)
    open_database(work)
    n_open = top_up(args.open)
    total = database.execute_sql("SELECT COUNT(*) FROM opportunity").fetchone()[0]
    print(f"opportunities: {total:,} ({n_open:,} open); runs={args.runs}")

    from PySide6.QtWidgets import QApplication

    from crm_desktop.jobs.quote import print_quote
    from crm_desktop.services import opportunities as opps
    from crm_desktop.services.auth import get_actor
    from crm_desktop.ui.pipeline_page import PipelinePage

    app = QApplication.instance() or QApplication([])
    manager = get_actor("manager")
    runs = args.runs

    sql = (
        "SELECT o.id, o.customer_id, o.title, o.amount, o.close_date, o.stage_id "
        "FROM opportunity o JOIN opportunity_stage s ON s.id = o.stage_id "
        "WHERE o.deleted_at IS NULL AND s.kind = 'open'"
    )
    count = median_ms(lambda: database.execute_sql(f"SELECT COUNT(*) FROM ({sql})").fetchone())
    read = median_ms(lambda: database.execute_sql(sql).fetchall())
    print(f"baseline  count open:          {count:8.1f} ms")
    print(f"baseline  read open as tuples: {read:8.1f} ms")

    board = median_ms(lambda: opps.board(manager), runs)
    print(f"board     service (columns):   {board:8.1f} ms")

    def first_paint() -> None:
        page = PipelinePage(manager)
        page.resize(1600, 900)
        page.show()
        page.grab()  # everything painted once
        page.close()
        page.deleteLater()
        app.processEvents()

    paint = median_ms(first_paint, runs)
    print(f"board     first paint:         {paint:8.1f} ms   (target 150)")

    page = PipelinePage(manager)
    page.resize(1600, 900)
    page.show()
    page.grab()
    stages = [s.id for s in opps.list_stages() if s.is_open]
    moves = []
    for _ in range(runs + 1):
        column = max((page.columns[s] for s in stages), key=lambda c: len(c.model.rows))
        row = column.model.rows[0]
        target = stages[(stages.index(row.stage_id) + 1) % len(stages)]
        start = time.perf_counter()
        page.move_card(row.id, row.version, row.stage_id, target)
        page.columns[target].view.repaint()
        column.view.repaint()
        moves.append((time.perf_counter() - start) * 1000)
    moves = sorted(moves[1:])
    print(f"drag      save + repaint:      {moves[len(moves) // 2]:8.1f} ms   (target 50)")

    fc = median_ms(lambda: opps.forecast(manager), runs)
    print(f"forecast  figures:             {fc:8.1f} ms   (target 300)")

    opp_id = database.execute_sql(
        "SELECT o.id FROM opportunity o WHERE EXISTS "
        "(SELECT 1 FROM opportunity_line l WHERE l.opportunity_id = o.id) LIMIT 1"
    ).fetchone()[0]
    out = work.with_name("quote.pdf")
    quote = median_ms(lambda: print_quote(manager, opp_id, out, lang="zh_CN"), runs)
    print(f"quote     PDF after the first: {quote:8.1f} ms   (target 100)")


if __name__ == "__main__":
    main()
