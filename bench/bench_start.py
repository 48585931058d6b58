"""Start-up of the `crm-desktop` command: the CLI's imports, `--help`, a painted window.

    python bench/bench_start.py [DB] [--runs R]

Each timing is a fresh process (`python -m crm_desktop …`), median of R (default 5):

- `import crm_desktop.cli`: what every command pays before it runs;
- `crm-desktop --help`: the parser with every command's name and help;
- `crm-desktop --db DB` to its main window painted (offscreen; the window quits after its
  first paint, `CRM_DESKTOP_EXIT_AFTER_PAINT`), on DB (default: a 1,000-customer demo made
  in a temporary folder, whose general manager is given a password first, as
  packaging/smoke.sh does).

Modules run compiled, as installed (a cache apart from the source tree, written by a
first round that is not counted). Baseline in the same run: an empty QMainWindow painted in a fresh interpreter (the floor of
Python + Qt). Target (issue 23): under 2 s to the painted window. `--importtime` also prints
the 15 slowest imports of the window's start (`python -X importtime`).
"""

from __future__ import annotations

import argparse
import atexit
import functools
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from _common import REPO, cpu_pressure, median  # noqa: E402

PASSWORD = "bench-start-1"

EMPTY_WINDOW = """
import sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
w = QMainWindow()
class F(QObject):
    def eventFilter(self, o, e):
        if e.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, app.quit)
        return False
f = F()
w.installEventFilter(f)
w.show()
app.exec()
"""


@functools.cache
def _scratch() -> str:
    """A folder for the run's settings folders and demo, removed when the benchmark ends."""
    folder = tempfile.mkdtemp(prefix="crm-start-")
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env["CRM_DESKTOP_EXIT_AFTER_PAINT"] = "1"
    env["CRM_DESKTOP_PASSWORD"] = PASSWORD
    # no remembered window state: the window opens on its first page, as on a first start
    env["XDG_CONFIG_HOME"] = tempfile.mkdtemp(dir=_scratch())
    # compiled modules, as an installed package or the bundle has them (kept apart from
    # the source tree); the first round, not counted, writes them
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(Path(tempfile.gettempdir()) / f"crm-start-pyc-{REPO.name}")
    return env


def _cpu_of(pid: int) -> float | None:
    """CPU seconds a running process has used so far (Linux), or None."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def timed(args: list[str]) -> tuple[float, float]:
    """(wall s, CPU s) of one fresh process, up to the moment it prints "ready" (the window
    painted; what it does after, before it quits, is not counted), else to its end."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.Popen(
        args, cwd=REPO, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    wall = cpu = None
    for line in proc.stdout:
        if line.strip() == "ready":
            wall, cpu = time.perf_counter() - start, _cpu_of(proc.pid)
    _out, err = proc.communicate()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        sys.exit(f"{' '.join(args)} failed ({proc.returncode}):\n{err}")
    if wall is None:
        wall = time.perf_counter() - start
    if cpu is None:
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def demo_database() -> Path:
    folder = Path(_scratch())
    db = folder / "demo.db"
    py = sys.executable
    subprocess.run(
        [py, "-m", "crm_desktop", "--db", str(db), "demo"],
        env=_env(),
        check=True,
        capture_output=True,
    )
    env = _env() | {"CRM_DESKTOP_NEW_PASSWORD": PASSWORD}
    subprocess.run(
        [py, "-m", "crm_desktop", "--db", str(db), "user", "passwd", "admin"],
        env=env,
        check=True,
        capture_output=True,
        cwd=REPO,
    )
    return db


def slowest_imports(db: Path, count: int = 15) -> list[tuple[int, str]]:
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "crm_desktop", "--db", str(db)],
        cwd=REPO,
        env=_env(),
        capture_output=True,
        text=True,
    )
    rows = []
    for line in proc.stderr.splitlines():
        if line.startswith("import time:") and "|" in line and "cumulative" not in line:
            _self, cumulative, name = line[len("import time:") :].split("|")
            if name.startswith(" ") and not name.startswith("  "):  # top-level imports
                rows.append((int(cumulative), name.strip()))
    return sorted(rows, reverse=True)[:count]


def argon2_ms(runs: int = 5) -> float:
    """Median ms of one password verification with the app's hasher: a start with a
    password pays it once, whatever the code around it does."""
    from argon2 import PasswordHasher

    hasher = PasswordHasher()
    hashed = hasher.hash(PASSWORD)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        hasher.verify(hashed, PASSWORD)
        times.append((time.perf_counter() - start) * 1000)
    return median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("db", nargs="?", help="a database whose admin has the bench's password")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--importtime", action="store_true")
    args = parser.parse_args()
    db = Path(args.db) if args.db else demo_database()
    py = sys.executable
    work = {
        "empty Qt window painted (baseline)": [py, "-c", EMPTY_WINDOW],
        "import crm_desktop.cli": [py, "-c", "import crm_desktop.cli"],
        "crm-desktop --help": [py, "-m", "crm_desktop", "--help"],
        "crm-desktop to its window painted": [py, "-m", "crm_desktop", "--db", str(db)],
    }
    results: dict[str, list[tuple[float, float]]] = {name: [] for name in work}
    for command in work.values():  # compiles the modules
        timed(command)
    for _ in range(args.runs):  # interleaved, so drifting load touches each alike
        for name, command in work.items():
            results[name].append(timed(command))
    print(f"CPU pressure {cpu_pressure()}; median of {args.runs} fresh processes")
    for name, runs in results.items():
        wall = median([w for w, _c in runs])
        cpu = median([c for _w, c in runs])
        print(f"{name:38s} {wall:6.2f} s wall  {cpu:6.2f} s CPU")
    print(f"of which the password's check (argon2id, the app's cost): {argon2_ms():.0f} ms")
    if args.importtime:
        for cumulative, name in slowest_imports(db):
            print(f"  {cumulative / 1000:7.1f} ms  {name}")


if __name__ == "__main__":
    main()
