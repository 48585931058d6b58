"""Reminders while the app runs: due follow-ups and birthdays, announced once a day each.

`ReminderService` asks `services.followups.reminders_due` at start-up and then every
few minutes. What is new is shown as a tray notification where the platform has a
system tray; the Today page's numbers (`services.today.counts`, the same the page and
its tiles show) are emitted every time, so the side bar's badges stay current even
while the Today page is not open.
"""

from __future__ import annotations

import logging
from datetime import datetime

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QStyle, QSystemTrayIcon

from crm_desktop.errors import UserError
from crm_desktop.services import followups as service
from crm_desktop.services import today as today_service
from crm_desktop.services.auth import Actor
from crm_desktop.services.followups import Reminders

log = logging.getLogger(__name__)

INTERVAL_MS = 5 * 60 * 1000
MAX_LINES = 6


class ReminderService(QObject):
    """Polls the follow-up service and announces what is due.

    Signals:
      `countsChanged(dict)`: `services.today.counts` ({"due_today", "overdue",
        "credit_pending", "birthdays", "total"}) after every check.
      `announced(str, str)`: title and text of an announcement (also sent to the tray).
    """

    countsChanged = Signal(dict)
    announced = Signal(str, str)

    def __init__(
        self,
        actor: Actor,
        parent: QObject | None = None,
        *,
        interval_ms: int = INTERVAL_MS,
        tray: QSystemTrayIcon | None = None,
    ) -> None:
        super().__init__(parent)
        self.actor = actor
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.check)
        self.tray = tray
        self.last_counts: dict[str, int] = {}
        self.last_reminders: Reminders | None = None

    def start(self) -> None:
        """Check now, then every interval."""
        self._ensure_tray()
        self.check()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def _ensure_tray(self) -> None:
        if self.tray is not None or not QSystemTrayIcon.isSystemTrayAvailable():
            return
        app = QApplication.instance()
        icon = app.windowIcon() if isinstance(app, QApplication) else QIcon()
        if icon.isNull() and isinstance(app, QApplication):
            icon = app.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxInformation)
        self.tray = QSystemTrayIcon(icon, self)
        self.tray.setToolTip("crm-desktop")
        self.tray.show()

    def check(self, now: datetime | None = None) -> Reminders | None:
        """One round: announce what is new, emit the counts. Errors are logged, never raised."""
        try:
            reminders = service.reminders_due(self.actor, now)
            counts = today_service.counts(self.actor, now.date() if now else None)
        except UserError as exc:
            log.warning("reminders: %s", exc.message)
            return None
        except Exception:  # a lost connection must not end the timer's life
            log.exception("reminders failed")
            return None
        self.last_reminders = reminders
        self.last_counts = dict(counts)
        self.countsChanged.emit(dict(self.last_counts))
        if reminders:
            title, text = self.message(reminders)
            self.announced.emit(title, text)
            if self.tray is not None and QSystemTrayIcon.supportsMessages():
                self.tray.showMessage(title, text, QSystemTrayIcon.MessageIcon.Information)
        return reminders

    def message(self, reminders: Reminders) -> tuple[str, str]:
        """The announcement's title and a few lines of text."""
        lines = []
        for row in reminders.followups:
            lines.append(
                f"{row.due_at:%H:%M} {service.kind_label(row.kind)} · {row.customer_name}"
                + (f" · {row.subject}" if row.subject else "")
            )
        for birthday in reminders.birthdays:
            lines.append(
                self.tr("Birthday: %1 (%2)")
                .replace("%1", birthday.contact_name)
                .replace("%2", birthday.customer_name)
            )
        more = len(lines) - MAX_LINES
        if more > 0:
            lines = lines[:MAX_LINES] + [self.tr("… and %1 more").replace("%1", str(more))]
        title = (
            self.tr("%1 follow-up(s) due, %2 birthday(s)")
            .replace("%1", str(len(reminders.followups)))
            .replace("%2", str(len(reminders.birthdays)))
        )
        return title, "\n".join(lines)


__all__ = ["ReminderService"]
