"""Desktop UI timings on a large database: cold start, search keystroke, memory.

Usage: python bench/bench_ui.py [DB] [--runs 3]
DB defaults to /work/bench-data/demo-100k.db; it is copied to a temporary folder first
(the app writes a lock file and WAL beside the database). Every run is a fresh
process; medians are reported next to a baseline measured in the same run:
- start: an empty QMainWindow painted (the floor of Python + Qt start-up);
- keystroke: the database query alone (`customer_ids`), without the UI.
"""

from __future__ import annotations

import time

T0 = time.perf_counter()  # before any import: the cold start counts from here

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import shutil  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

DEFAULT_DB = "/work/bench-data/demo-100k.db"
QUERIES = ["华", "科技", "hx", "上海 电子", "C0001", "138"]


def rss_mb() -> tuple[float, float]:
    """Resident and peak resident memory of this process, MB."""
    values = {}
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith(("VmRSS", "VmHWM")):
                key, value = line.split(":")
                values[key] = int(value.split()[0]) / 1024
    return values.get("VmRSS", 0.0), values.get("VmHWM", 0.0)


def wait_painted(app, widget, timeout: float = 10.0) -> None:
    """Process events until `widget` has been painted once more."""
    from PySide6.QtCore import QEvent, QObject

    painted = []

    class Watcher(QObject):
        def eventFilter(self, obj, event):  # noqa: N802
            if event.type() == QEvent.Type.Paint:
                painted.append(time.perf_counter())
            return False

    watcher = Watcher()
    widget.installEventFilter(watcher)
    widget.update()
    end = time.perf_counter() + timeout
    while not painted and time.perf_counter() < end:
        app.processEvents()
    widget.removeEventFilter(watcher)
    if not painted:
        raise RuntimeError("never painted")


def child_baseline() -> dict:
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.setCentralWidget(QLabel("x"))
    window.resize(1280, 800)
    window.show()
    wait_painted(app, window)
    return {"start_s": time.perf_counter() - T0, "start_cpu_s": time.process_time()}


def child_app(db: str) -> dict:
    from PySide6.QtCore import Qt

    from crm_desktop import i18n
    from crm_desktop.app import Application, make_qapplication
    from crm_desktop.ui.translations import install_translations

    app = make_qapplication()
    install_translations(i18n.current_language())
    program = Application(app)
    if program.start(db) != 0:
        raise RuntimeError("start failed")
    window = program.window
    page = window.page("customers")
    viewport = page.table.viewport()
    wait_painted(app, viewport)
    start_s = time.perf_counter() - T0
    start_cpu_s = time.process_time()  # CPU of this process since it started
    rss_start, _ = rss_mb()
    rows = page.model.rowCount()

    from crm_desktop.services.customers import customer_ids

    keystrokes, floors = [], []
    for text in QUERIES:
        page.search.setText(text)
        t = time.perf_counter()
        page.apply_filters()  # what the debounce timer calls
        wait_painted(app, viewport)
        keystrokes.append(time.perf_counter() - t)
        t = time.perf_counter()
        customer_ids(program.actor, page.model.query)
        floors.append(time.perf_counter() - t)
    page.search.setText("")
    page.apply_filters()
    # scroll through the list: rows are fetched and cached page by page
    scroll = page.table.verticalScrollBar()
    t = time.perf_counter()
    steps = 50
    for i in range(steps + 1):
        scroll.setValue(scroll.maximum() * i // steps)
        wait_painted(app, viewport)
    scroll_ms = (time.perf_counter() - t) / (steps + 1) * 1000
    sort_t = time.perf_counter()
    page.model.sort(1, Qt.SortOrder.DescendingOrder)  # name, descending
    wait_painted(app, viewport)
    sort_s = time.perf_counter() - sort_t
    rss_end, peak = rss_mb()
    program.release()
    return {
        "start_s": start_s,
        "start_cpu_s": start_cpu_s,
        "rows": rows,
        "keystroke_ms": statistics.median(keystrokes) * 1000,
        "keystroke_max_ms": max(keystrokes) * 1000,
        "query_only_ms": statistics.median(floors) * 1000,
        "scroll_step_ms": scroll_ms,
        "sort_s": sort_s,
        "rss_start_mb": rss_start,
        "rss_end_mb": rss_end,
        "peak_mb": peak,
        "cached_rows": page.model.cached_count,
    }


def run_child(mode: str, db: str, env: dict) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--child", mode, db],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if out.returncode != 0:
        raise SystemExit(f"child {mode} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", nargs="?", default=DEFAULT_DB)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--child", nargs=2, metavar=("MODE", "DB"))
    args = parser.parse_args()
    if args.child:
        mode, db = args.child
        result = child_baseline() if mode == "baseline" else child_app(db)
        print(json.dumps(result))
        return 0
    source = Path(args.db)
    if not source.is_file():
        raise SystemExit(f"{source} does not exist: make it with crm-desktop demo first.")
    with tempfile.TemporaryDirectory(prefix="bench-ui-") as tmp:
        db = str(Path(tmp) / "bench.db")
        shutil.copyfile(source, db)
        # Upgrade the copy's schema once (a one-time step per database, not start-up work).
        subprocess.run(
            [
                sys.executable,
                "-c",
                "import sys; from crm_desktop.models import open_database;"
                " open_database(sys.argv[1])",
                db,
            ],
            check=True,
        )
        env = dict(os.environ)
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
        env.setdefault("CRM_DESKTOP_LANG", "zh_CN")
        for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
            env[var] = str(Path(tmp) / var.lower())
        run_child("app", db, env)  # warm the OS file cache once; not counted
        base = [run_child("baseline", db, env) for _ in range(args.runs)]
        runs = [run_child("app", db, env) for _ in range(args.runs)]

    def med(key, rows=runs):
        return statistics.median(r[key] for r in rows)

    print(f"database: {source} ({runs[0]['rows']:,} customers listed), {args.runs} runs each")
    print(
        f"cold start to main window painted: {med('start_s'):.2f} s wall, "
        f"{med('start_cpu_s'):.2f} s CPU (baseline empty Qt window: {med('start_s', base):.2f} s "
        f"wall, {med('start_cpu_s', base):.2f} s CPU; target < 1.5 s)"
    )
    print(
        f"keystroke to list painted (after the 150 ms debounce): {med('keystroke_ms'):.1f} ms "
        f"median, {med('keystroke_max_ms'):.1f} ms worst query "
        f"(baseline query alone: {med('query_only_ms'):.1f} ms; target < 100 ms)"
    )
    print(
        f"scroll step painted: {med('scroll_step_ms'):.1f} ms; sort by name: {med('sort_s'):.2f} s"
    )
    print(
        f"memory: {med('rss_start_mb'):.0f} MB at start, {med('rss_end_mb'):.0f} MB after "
        f"searching and scrolling, peak {med('peak_mb'):.0f} MB (target < 300 MB)"
    )
    try:
        from _common import cpu_pressure

        print(f"CPU pressure while measuring: {cpu_pressure()}")
    except ImportError:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
