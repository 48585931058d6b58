"""A Progress over the callbacks that the GUI's background workers still pass.

ui/reports_page.py passes `callback(step, steps, what)` returning False to stop,
ui/print_preview.py `progress(done, total)` with `cancel() -> True`, and
ui/customers_page.py `progress(done, total)` that raises to stop: they predate
crm_desktop.progress. Builders and jobs speak only `Progress`; this adapter lets those
callers keep working until they pass a Progress, after which it goes.
"""

from __future__ import annotations

from collections.abc import Callable

from crm_desktop.messages import Renderable
from crm_desktop.progress import Cancelled, Progress


class CallbackProgress(Progress):
    """A Progress that forwards steps to an old-style callback and polls an old cancel check."""

    def __init__(
        self,
        callback: Callable[..., object] | None = None,
        stop_asked: Callable[[], bool] | None = None,
        *,
        with_text: bool = False,
    ) -> None:
        super().__init__()
        self._callback = callback
        self._stop_asked = stop_asked
        self._with_text = with_text

    def check(self) -> None:
        if self._stop_asked is not None and self._stop_asked():
            self.cancel()
        super().check()

    def step(self, done: int, total: int = 0, text: Renderable | str | None = None) -> None:
        self.check()
        if self._callback is None:
            return
        if self._with_text:
            shown = text.render() if isinstance(text, Renderable) else (text or "")
            answer = self._callback(done, total, shown)
        else:
            answer = self._callback(done, total)
        if answer is False:
            self.cancel()
            raise Cancelled()


def as_progress(
    progress: Progress | Callable[..., object] | None,
    stop_asked: Callable[[], bool] | None = None,
    *,
    with_text: bool = False,
) -> Progress | None:
    """`progress` itself when it is a Progress, else an adapter over the old callbacks."""
    if stop_asked is None and (progress is None or isinstance(progress, Progress)):
        return progress
    if isinstance(progress, Progress):  # a Progress and an old cancel check together
        outer = progress

        def forward(done: int, total: int, text: str = "") -> None:
            outer.step(done, total, text or None)

        return CallbackProgress(forward, stop_asked, with_text=True)
    return CallbackProgress(progress, stop_asked, with_text=with_text)


__all__ = ["CallbackProgress", "as_progress"]
