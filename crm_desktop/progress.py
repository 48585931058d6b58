"""One way for long work to say how far it is and to hear "stop": Qt-free.

Long work (import, export, report, print, backup, demo) takes a `Progress` and calls
`progress.step(done, total, text)` now and then. The caller that wants to stop it
calls `progress.cancel()` from any thread; the next `step` (or `check`) then raises
`Cancelled`, which the work lets propagate so that its transaction rolls back. The GUI's
background helper (ui/operations.py) forwards the steps to a progress dialog; the CLI
passes `Progress()` or one that prints.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from crm_desktop.errors import UserError
from crm_desktop.messages import Renderable

# (done, total, what is being done now) -> None; total 0 means "not known"
Listener = Callable[[int, int, "Renderable | str | None"], None]


class Cancelled(UserError):
    """The user stopped the work; nothing it did was kept."""

    exit_code = 2

    def __init__(self) -> None:
        super().__init__("common.cancelled")


class Progress:
    """How far long work is, and whether the user asked it to stop."""

    def __init__(self, listener: Listener | None = None) -> None:
        self._listener = listener
        self._cancel = threading.Event()

    def cancel(self) -> None:
        """Ask the work to stop at its next step (any thread)."""
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check(self) -> None:
        """Raise Cancelled if the user asked to stop."""
        if self._cancel.is_set():
            raise Cancelled()

    def step(self, done: int, total: int = 0, text: Renderable | str | None = None) -> None:
        """Report progress; raises Cancelled if the user asked to stop."""
        self.check()
        if self._listener is not None:
            self._listener(done, total, text)


NO_PROGRESS = Progress()
