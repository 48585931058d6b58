"""Batches of pure-Python work handed to a helper process while the caller goes on.

Python runs one thread at a time, so CPU-bound work in a thread only takes turns with
the caller. An import of 100k rows spends seconds building search documents (pinyin,
bigrams) that depend on nothing but the rows; on a machine with a second core a helper
process builds them while the import cleans and writes the next rows.

The helper holds its end of a pipe (its stdin) and nothing else of its caller: if the
caller is killed, the helper reads end-of-file and exits; a caller that is done or
cancelled ends it. Results come back in the order the batches went out. Whatever goes
wrong with the helper (it could not start, it died), the batch is computed in the
caller instead, so a result is never lost and an error in the function itself is
raised where it can be reported.
"""

from __future__ import annotations

import contextlib
import logging
import os
import pickle
import subprocess
import sys
import tempfile
import threading
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from importlib import import_module
from pathlib import Path
from typing import IO, Any, Generic, TypeVar

log = logging.getLogger(__name__)

A = TypeVar("A")
R = TypeVar("R")

HELPER_NICENESS = 10  # below the caller's threads (Unix; Windows keeps the same priority)
_PACKAGE_ROOT = str(Path(__file__).resolve().parent.parent)
# A frozen app (the PyInstaller bundle) has no `python -m`: its executable is started
# again with this first argument, and its entry script (main.py) hands over to the helper.
HELPER_ARGUMENT = "--crm-offload-helper"


def _write(sink: IO[bytes], data: bytes) -> None:
    sink.write(len(data).to_bytes(8, "little"))
    sink.write(data)
    sink.flush()


def _read(source: IO[bytes]) -> bytes:
    head = source.read(8)
    if len(head) < 8:
        raise EOFError("the other end of the pipe is gone")
    size = int.from_bytes(head, "little")
    data = source.read(size)
    if len(data) < size:
        raise EOFError("the other end of the pipe is gone")
    return data


def _serve(module: str, name: str) -> None:
    """The helper's loop: one batch in on stdin, its result out on stdout, until EOF."""
    fn = getattr(import_module(module), name)
    if hasattr(os, "nice"):
        # the caller's threads come first: it needs the results only at its end, and a
        # helper that takes turns with them stretches every step it waits on (an import
        # of 100k rows: 7.6 s instead of 8.2 s, with the documents still ready in time)
        with contextlib.suppress(OSError):
            os.nice(HELPER_NICENESS)
    # a windowed frozen app (Windows) has no sys.stdin/sys.stdout, but the pipes are there
    source = sys.stdin.buffer if sys.stdin is not None else os.fdopen(0, "rb")
    sink = sys.stdout.buffer if sys.stdout is not None else os.fdopen(1, "wb")
    sys.stdout = sys.stderr  # a stray print must not land in the pipe
    try:
        while True:
            batch = pickle.loads(_read(source))
            _write(sink, pickle.dumps(fn(batch), protocol=pickle.HIGHEST_PROTOCOL))
    except (EOFError, BrokenPipeError, KeyboardInterrupt):
        return  # the caller closed its end or is gone (or Ctrl+C reached the whole group)


def helper_command(module: str, name: str) -> list[str]:
    """The command line that starts a helper serving `module.name`: this interpreter with
    `-m crm_desktop.offload`, or the frozen app's own executable with HELPER_ARGUMENT."""
    if getattr(sys, "frozen", False):
        return [sys.executable, HELPER_ARGUMENT, module, name]
    return [sys.executable, "-m", __name__, module, name]


def serve_if_helper(argv: list[str]) -> bool:
    """In an entry script: when started as a helper (`argv[1]` is HELPER_ARGUMENT), serve
    until the caller is done and return True; else return False at once."""
    if len(argv) >= 4 and argv[1] == HELPER_ARGUMENT:
        _serve(argv[2], argv[3])
        return True
    return False


def usable_cores() -> int:
    """Cores this process may run on (its CPU affinity where the system tells it)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def second_core() -> bool:
    """Whether a helper process can run beside the caller rather than take turns with it."""
    return usable_cores() >= 2


class Offload(Generic[A, R]):
    """`fn` (a module-level function) applied to batches in a helper process, in order.

    The helper is `python -m crm_desktop.offload MODULE NAME` (in the bundle: the app's
    executable, see `helper_command`): a fresh interpreter that imports only the function's module (not the caller's main script, as
    multiprocessing's spawn would). `use_process=False`, or no second core, computes
    each batch at `submit` instead: same results, nothing started.
    """

    def __init__(self, fn: Callable[[A], R], *, use_process: bool | None = None) -> None:
        self.fn = fn
        self.pending: deque[list] = deque()  # [batch until answered, future, result]
        self.process: subprocess.Popen | None = None
        self.caller: ThreadPoolExecutor | None = None
        if use_process is None:
            use_process = second_core()
        if use_process:
            self._start()

    def _start(self) -> None:
        env = dict(os.environ)
        if not getattr(sys, "frozen", False):  # a bundle finds the package in itself
            env["PYTHONPATH"] = os.pathsep.join(
                p for p in (_PACKAGE_ROOT, env.get("PYTHONPATH")) if p
            )
        try:
            self.process = subprocess.Popen(
                helper_command(self.fn.__module__, self.fn.__qualname__),
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                env=env,
            )
        except OSError as exc:  # no processes here: do the work in-process
            log.warning("helper process not started (%s): working in-process", exc)
            return
        # a thread sends and waits for each batch, so the caller never blocks on a full pipe
        self.caller = ThreadPoolExecutor(1, thread_name_prefix="crm-helper-pipe")
        # answers wait in a temporary file, not in memory: a caller may take them long
        # after they come (an import's search documents: 50 MB of 100k rows)
        self.spool = tempfile.TemporaryFile(prefix="crm-helper-")  # noqa: SIM115 (closed in _stop)
        self.spool_end = 0
        self.spool_lock = threading.Lock()

    @property
    def in_process(self) -> bool:
        return self.process is None

    def _call(self, sink: IO[bytes], source: IO[bytes], batch: A) -> tuple[int, int]:
        """On the pipe thread: send a batch, spool its answer; where the answer is."""
        _write(sink, pickle.dumps(batch, protocol=pickle.HIGHEST_PROTOCOL))
        answer = _read(source)
        with self.spool_lock:
            at = self.spool_end
            self.spool.seek(at)
            self.spool.write(answer)
            self.spool_end += len(answer)
        return at, len(answer)

    def _unspool(self, where: tuple[int, int]) -> bytes:
        at, size = where
        with self.spool_lock:
            self.spool.seek(at)
            return self.spool.read(size)

    def submit(self, batch: A) -> None:
        if self.caller is None or self.process is None:
            self.pending.append([None, None, self.fn(batch)])
        else:
            future = self.caller.submit(self._call, self.process.stdin, self.process.stdout, batch)
            entry = [batch, future, None]

            def answered(f: Future[tuple[int, int]]) -> None:
                # the helper has answered: the batch is not needed to redo it, let it go
                if not f.cancelled() and f.exception() is None:
                    entry[0] = None

            future.add_done_callback(answered)
            self.pending.append(entry)

    def warm_up(self, batch: A) -> None:
        """Have the helper run `fn` on a sample now, while the caller is busy elsewhere, so
        that the first real batch does not wait for what `fn` loads on first use."""
        if self.caller is not None and self.process is not None:
            self.caller.submit(self._call, self.process.stdin, self.process.stdout, batch)

    def _take(self) -> R:
        batch, future, result = self.pending.popleft()
        if future is None:
            return result  # type: ignore[return-value]
        try:
            return pickle.loads(self._unspool(future.result()))
        except Exception as exc:  # the helper died or was stopped: do it here
            log.warning("helper process failed (%r): batch computed in-process", exc)
            self._stop()
            return self.fn(batch)

    def ready(self) -> Iterator[R]:
        """The results already answered, in order, without waiting for the others."""
        while self.pending and (self.pending[0][1] is None or self.pending[0][1].done()):
            yield self._take()

    def results(self) -> Iterator[R]:
        """The result of every batch submitted, in order, waiting for each."""
        while self.pending:
            yield self._take()

    def _stop(self) -> None:
        if self.caller is not None:
            self.caller.shutdown(wait=False, cancel_futures=True)
            self.caller = None
        process, self.process = self.process, None
        if process is None:
            return
        # killed, not asked to exit: it keeps nothing worth a clean exit, tearing down its
        # pinyin tables takes a third of a second, and a batch still in flight ends with
        # it, and with it the pipe thread's wait
        process.kill()
        process.wait()
        for pipe in (process.stdout, process.stdin):
            with contextlib.suppress(OSError):  # a dead helper's pipe is broken
                pipe.close()
        self.spool.close()

    def close(self) -> None:
        """Stop the helper; batches not yet taken are dropped."""
        self._stop()
        self.pending.clear()

    def __enter__(self) -> Offload[A, R]:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


if __name__ == "__main__":
    _serve(sys.argv[1], sys.argv[2])
