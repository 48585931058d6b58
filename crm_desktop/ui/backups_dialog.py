"""File ▸ Backups…: the backups of this database, back up now, restore one, open the folder.

The copying runs off the GUI thread (ui/operations.py). A restore replaces the open
database under its write lock (services/backup.py), then the window is built again on
the restored data. Texts come from the message catalogue (messages/backup.py).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QTimer, QUrl
from PySide6.QtGui import QAction, QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.messages import render
from crm_desktop.services.auth import Actor
from crm_desktop.ui.sizing import fit_to_screen


def install_actions(window: QMainWindow, actor: Actor, reopen: Callable[[], None]) -> None:
    """Add Backups… (and Administration… for the general manager) to the File menu."""
    menu = window.findChild(QMenu, "menuFile")
    if menu is None:
        return
    before = menu.actions()[-1] if menu.actions() else None  # above Quit
    added = []
    if actor.can("backup"):
        action = QAction(render("backup.ui_menu"), window)
        action.setObjectName("actionBackups")
        action.triggered.connect(lambda: BackupsDialog(actor, reopen, window).exec())
        added.append(action)
    if actor.can("user.manage"):
        from crm_desktop.ui.admin_dialog import AdminDialog

        action = QAction(render("auth.ui_menu"), window)
        action.setObjectName("actionAdministration")
        action.triggered.connect(lambda: AdminDialog(actor, window).exec())
        added.append(action)
    for action in added:
        menu.insertAction(before, action)
    from crm_desktop.ui.encryption_dialog import install_action

    encryption = install_action(window, actor, reopen, before)
    if encryption is not None:
        added.append(encryption)
    if added:
        menu.insertSeparator(before)


def _size(n: int) -> str:
    return f"{n / 1_048_576:.1f} MB" if n >= 1_048_576 else f"{max(1, n // 1024)} KB"


class BackupsDialog(QDialog):
    """Lists the backups (date, size, customer count) with restore and open-folder."""

    def __init__(
        self, actor: Actor, reopen: Callable[[], None] | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        from crm_desktop.models import current_target
        from crm_desktop.services.backup import require_sqlite

        self.actor = actor
        self.reopen = reopen
        self.database = require_sqlite(current_target())
        self.operation = None
        self.setWindowTitle(render("backup.ui_title"))
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("backupsTable")
        self.table.setHorizontalHeaderLabels(
            [render(f"backup.ui_col_{c}") for c in ("date", "size", "customers", "file")]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.now_button = QPushButton(render("backup.ui_now"))
        self.restore_button = QPushButton(render("backup.ui_restore"))
        self.folder_button = QPushButton(render("backup.ui_open_folder"))
        self.choose_button = QPushButton(render("backup.ui_choose_folder"))
        close = QPushButton(render("backup.ui_close"))
        self.now_button.clicked.connect(self.back_up_now)
        self.restore_button.clicked.connect(self.restore_selected)
        self.folder_button.clicked.connect(self.open_folder)
        self.choose_button.clicked.connect(self.choose_folder)
        close.clicked.connect(self.reject)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        buttons = QHBoxLayout()
        for button in (self.now_button, self.restore_button, self.folder_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.choose_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        fit_to_screen(self, 760, 420)
        self.backups: list = []
        self.refresh()

    def folder(self) -> Path:
        from crm_desktop.services.backup_rotation import auto_folder

        return auto_folder(self.database)

    def refresh(self) -> None:
        from crm_desktop.models import current_target
        from crm_desktop.services.backup_rotation import list_backups

        self.intro.setText(render("backup.ui_intro", {"folder": str(self.folder())}))
        self.backups = list_backups(self.database, passphrase=current_target().passphrase)
        self.table.setRowCount(len(self.backups))
        for row, item in enumerate(self.backups):
            customers = (
                render("backup.ui_unreadable") if item.customers is None else f"{item.customers:,}"
            )
            cells = (f"{item.taken:%Y-%m-%d %H:%M}", _size(item.size), customers, item.path.name)
            for col, text in enumerate(cells):
                self.table.setItem(row, col, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self._update_buttons()

    def selected(self):
        rows = self.table.selectionModel().selectedRows()
        return self.backups[rows[0].row()] if rows else None

    def _update_buttons(self) -> None:
        busy = self.operation is not None and self.operation.is_running
        chosen = self.selected()
        self.restore_button.setEnabled(
            not busy and chosen is not None and bool(chosen.customers is not None)
        )
        self.now_button.setEnabled(not busy)

    def back_up_now(self) -> None:
        """A backup into the folder now, off the GUI thread, then the list again."""
        from crm_desktop.jobs.backup import backup_database
        from crm_desktop.services.backup_rotation import auto_folder
        from crm_desktop.ui.operations import Operation

        folder = auto_folder(self.database)
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        actor = self.actor
        self.operation = (
            Operation(self, lambda progress: backup_database(actor, folder, progress=progress))
            .success(lambda result: self.refresh())
            .finally_(self._update_buttons)
            .with_progress(render("backup.ui_backing_up"), title=render("backup.ui_title"))
            .run_in_background()
        )
        self._update_buttons()

    def restore_selected(self) -> None:
        """After a confirmation: the restore off the GUI thread, then the window again."""
        from crm_desktop.jobs.backup import restore_database
        from crm_desktop.ui.operations import Operation

        chosen = self.selected()
        if chosen is None:
            return
        question = render(
            "backup.ui_confirm_restore",
            {
                "file": chosen.path.name,
                "date": f"{chosen.taken:%Y-%m-%d %H:%M}",
                "customers": chosen.customers,
            },
        )
        answer = QMessageBox.question(self, render("backup.ui_title"), question)
        if answer != QMessageBox.StandardButton.Yes:
            return
        actor, path = self.actor, chosen.path
        self.operation = (
            Operation(self, lambda progress: restore_database(actor, path, progress=progress))
            .success(self._restored)
            .finally_(self._update_buttons)
            .with_progress(render("backup.restoring"), title=render("backup.ui_title"))
            .run_in_background()
        )
        self._update_buttons()

    def _restored(self, result) -> None:
        QMessageBox.information(
            self,
            render("backup.ui_title"),
            render("backup.ui_restored", {"path": str(result.safety_copy)}),
        )
        self.accept()
        if self.reopen is not None:
            QTimer.singleShot(0, self.reopen)

    def open_folder(self) -> None:
        folder = self.folder()
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def choose_folder(self) -> None:
        from crm_desktop.services.backup_rotation import set_auto_folder

        chosen = QFileDialog.getExistingDirectory(
            self, render("backup.ui_choose_folder"), str(self.folder())
        )
        if chosen:
            set_auto_folder(chosen)
            self.refresh()
