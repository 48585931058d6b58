"""The Ctrl+L action (记录联系) that opens the log-contact dialog for the current customer.

Apart from the dialog so that a page offers the action without loading the dialog and
the follow-up services behind it: they load when the action is first used.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from crm_desktop.services.auth import Actor

if TYPE_CHECKING:
    from crm_desktop.services.followups import LogResult

SHORTCUT = QKeySequence("Ctrl+L")


def install_log_shortcut(
    widget: QWidget,
    actor: Actor,
    current_customer: Callable[[], int | None],
    on_logged: Callable[[LogResult], None] | None = None,
    *,
    window: bool = False,
) -> QAction:
    """Ctrl+L on `widget` (and its children; the whole window with `window`) opens the
    dialog for `current_customer()`; `on_logged` runs after a save. Returns the action,
    for menus."""
    action = QAction(QCoreApplication.translate("LogContactDialog", "Log contact…"), widget)
    action.setObjectName("logContactAction")
    action.setShortcut(SHORTCUT)
    action.setShortcutContext(
        Qt.ShortcutContext.WindowShortcut
        if window
        else Qt.ShortcutContext.WidgetWithChildrenShortcut
    )

    def trigger() -> None:
        from crm_desktop.ui.log_contact_dialog import open_log_contact

        dialog = open_log_contact(widget, actor, current_customer())
        if dialog is not None and on_logged is not None:
            dialog.logged.connect(on_logged)

    action.triggered.connect(trigger)
    widget.addAction(action)
    return action
