"""The helper process: results in order, the same as in-process, and never an orphan."""

from __future__ import annotations

import os
import pickle
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from crm_desktop.offload import Offload, _write

BATCHES = [list(range(i, i + 50)) for i in range(0, 2_000, 50)]


def _gone(pid: int) -> bool:
    """Exited: no such process, or a zombie nobody has reaped yet."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return True
    return "\nState:\tZ" in status


@pytest.mark.parametrize("use_process", [True, False])
def test_results_come_back_in_the_order_batches_went_out(use_process):
    with Offload(sum, use_process=use_process) as work:
        assert work.in_process is not use_process
        for batch in BATCHES:
            work.submit(batch)
        assert list(work.results()) == [sum(b) for b in BATCHES]
        helper = work.process
    if helper is not None:
        assert helper.poll() is not None  # closing ends the helper


def test_a_dead_helper_leaves_its_batches_to_the_caller():
    with Offload(sum, use_process=True) as work:
        work.submit(BATCHES[0])
        assert list(work.results()) == [sum(BATCHES[0])]
        assert work.process is not None
        work.process.kill()
        work.process.wait()
        for batch in BATCHES:
            work.submit(batch)
        assert list(work.results()) == [sum(b) for b in BATCHES]
        assert work.in_process


def test_an_error_in_the_function_is_raised_in_the_caller():
    with Offload(int, use_process=True) as work:
        work.submit("12")
        work.submit("not a number")
        results = work.results()
        assert next(results) == 12
        with pytest.raises(ValueError, match="not a number"):
            next(results)


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc")
def test_the_helper_exits_when_its_caller_is_killed(tmp_path):
    caller = (
        "import sys, time\n"
        "from crm_desktop.offload import Offload\n"
        "work = Offload(sum, use_process=True)\n"
        "work.submit([1, 2])\n"
        "print(work.process.pid, flush=True)\n"
        "time.sleep(60)\n"
    )
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[1]))
    proc = subprocess.Popen(
        [sys.executable, "-c", caller], stdout=subprocess.PIPE, text=True, env=env
    )
    try:
        assert proc.stdout is not None
        helper = int(proc.stdout.readline())
        assert not _gone(helper)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        deadline = time.monotonic() + 10
        while not _gone(helper) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _gone(helper), "the helper outlived its killed caller"
    finally:
        proc.kill()
        proc.wait()


def test_the_helper_goes_quietly_when_its_caller_goes_mid_batch(tmp_path):
    """No traceback from the helper on the terminal when the import it served is killed."""
    errors = tmp_path / "helper-stderr.txt"
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[1]))
    with open(errors, "wb") as err:
        helper = subprocess.Popen(
            [sys.executable, "-m", "crm_desktop.offload", "time", "sleep"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=err,
            env=env,
        )
        assert helper.stdin is not None and helper.stdout is not None
        _write(helper.stdin, pickle.dumps(0.3))  # time.sleep(0.3), then it answers
        helper.stdout.close()  # the caller is gone before the answer
        helper.stdin.close()
        assert helper.wait(timeout=10) == 0
    assert errors.read_text() == ""


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc; a /bin/sh script")
def test_a_frozen_app_starts_its_helper_through_its_own_executable(tmp_path):
    """Frozen (no `python -m`), the helper is the app's executable started again with the
    hidden argument, and main.py, the bundle's entry script, serves it."""
    root = Path(__file__).resolve().parents[1]
    # stands in for the bundle's executable: main.py run by this interpreter
    app = tmp_path / "crm-desktop"
    app.write_text(f'#!/bin/sh\nexec "{sys.executable}" "{root / "main.py"}" "$@"\n')
    app.chmod(0o755)
    caller = (
        "import sys\n"
        f"sys.frozen = True; sys.executable = {str(app)!r}\n"
        "from crm_desktop.offload import HELPER_ARGUMENT, Offload\n"
        "with Offload(sum, use_process=True) as work:\n"
        "    for i in range(20):\n"
        "        work.submit(list(range(i)))\n"
        "    results = list(work.results())  # answered: the helper is main.py by now\n"
        "    print(open(f'/proc/{work.process.pid}/cmdline').read().split(chr(0))[2:5])\n"
        "    print(results, work.in_process)\n"
    )
    env = dict(os.environ, PYTHONPATH=str(root))
    out = subprocess.run(
        [sys.executable, "-c", caller], capture_output=True, text=True, env=env, check=True
    )
    assert out.stderr == ""
    cmdline, results = out.stdout.splitlines()
    assert cmdline == str(["--crm-offload-helper", "builtins", "sum"])
    assert results == f"{[sum(range(i)) for i in range(20)]} False"
