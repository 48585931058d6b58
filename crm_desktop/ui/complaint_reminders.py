"""Complaint reminders while the app runs, and the Complaints page's side-bar badge.

`ComplaintReminders` asks `services.complaints.complaint_reminders` at start-up and
then every interval; what is new is announced (status bar, tray through the main
window), and the number of overdue complaints is emitted for the badge every time.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer, Signal

from crm_desktop.errors import UserError
from crm_desktop.messages import msg
from crm_desktop.services import complaints
from crm_desktop.services.auth import Actor
from crm_desktop.services.complaints import ComplaintRow

log = logging.getLogger(__name__)

INTERVAL_MS = 10 * 60 * 1000
SHOWN = 3  # complaints named in one announcement


def message(rows: list[ComplaintRow]) -> tuple[str, str]:
    """The announcement's title and a few lines, in the user's language."""
    lines = [
        msg(
            "complaints.reminder_line",
            customer=r.customer_name,
            subject=r.subject,
            severity=complaints.severity_label(r.severity),
            due=f"{r.due_at:%m-%d %H:%M}" if r.due_at else "",
        ).render()
        for r in rows[:SHOWN]
    ]
    if len(rows) > SHOWN:
        lines.append(msg("complaints.reminder_more", count=len(rows) - SHOWN).render())
    return msg("complaints.reminder_title").render(), "\n".join(lines)


class ComplaintReminders(QObject):
    """Signals: `announced(str, str)` title and text; `overdueChanged(int)` for the badge."""

    announced = Signal(str, str)
    overdueChanged = Signal(int)

    def __init__(self, actor: Actor, parent: QObject | None = None, interval_ms: int = INTERVAL_MS):
        super().__init__(parent)
        self.actor = actor
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.check)

    def start(self) -> None:
        self.check()
        self.timer.start()

    def check(self) -> list[ComplaintRow] | None:
        """One round; errors are logged, never raised (a timer must keep running)."""
        try:
            rows = complaints.complaint_reminders(self.actor)
            overdue = complaints.open_count(self.actor, overdue_only=True)
        except UserError as exc:
            log.warning("complaint reminders: %s", exc.message)
            return None
        except Exception:
            log.exception("complaint reminders failed")
            return None
        self.overdueChanged.emit(overdue)
        if rows:
            self.announced.emit(*message(rows))
        return rows
