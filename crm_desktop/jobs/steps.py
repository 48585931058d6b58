"""One part of a job's work reported as a share of the caller's Progress."""

from __future__ import annotations

from collections.abc import Mapping

from crm_desktop.messages import Renderable
from crm_desktop.progress import Progress


class Steps(Progress):
    """The steps of one part of a job, mapped onto [start, start + width] of 0–100.

    Also callable as `(done, total[, what]) -> True`: the form in which
    services.analysis.sales_report and services.importing.run_import still report their
    steps. A cancel of the caller's Progress raises `Cancelled` from inside them, which
    rolls their work back."""

    def __init__(
        self,
        outer: Progress,
        start: int = 0,
        width: int = 100,
        names: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__()
        self._outer, self._start, self._width = outer, start, width
        self._names = names or {}

    @property
    def cancelled(self) -> bool:
        return self._outer.cancelled

    def cancel(self) -> None:
        self._outer.cancel()

    def check(self) -> None:
        self._outer.check()

    def step(self, done: int, total: int = 0, text: Renderable | str | None = None) -> None:
        if isinstance(text, str):
            text = self._names.get(text, text)
        share = self._width * done // total if total > 0 and done >= 0 else 0
        self._outer.step(self._start + min(share, self._width), 100, text)

    def __call__(self, done: int, total: int, what: str | None = None) -> bool:
        self.step(done, total, what)
        return True


def part(
    progress: Progress | None,
    start: int = 0,
    width: int = 100,
    names: Mapping[str, str] | None = None,
) -> Steps | None:
    """A `Steps` over `progress`, or None when nobody listens."""
    return None if progress is None else Steps(progress, start, width, names)


__all__ = ["Steps", "part"]
