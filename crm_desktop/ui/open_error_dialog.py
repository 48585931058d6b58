"""What the user sees when the database cannot be opened: plain words and a way out.

Offers to choose another file or to restore a backup (through `services.backup` when
that module exists); it never writes over the file that failed to open. An encrypted
backup is restored after its passphrase is asked for, and stays encrypted with it.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

CHOOSE, RESTORE, QUIT = "choose", "restore", "quit"


def backup_service():
    """The backup service module, or None while it does not exist."""
    try:
        return importlib.import_module("crm_desktop.services.backup")
    except ModuleNotFoundError as exc:
        if exc.name != "crm_desktop.services.backup":
            raise
        return None


class OpenErrorDialog(QDialog):
    """Says why the database did not open; `choice` is CHOOSE, RESTORE or QUIT afterwards."""

    def __init__(self, message: str, database: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("The database cannot be opened"))
        self.choice = QUIT
        icon = QLabel()
        icon.setPixmap(
            self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(48, 48)
        )
        heading = QLabel("<b>" + self.tr("crm-desktop cannot open this database.") + "</b>")
        detail = QLabel(message)
        detail.setObjectName("openErrorMessage")
        detail.setWordWrap(True)
        detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        advice = QLabel(
            self.tr(
                "Nothing was changed in the file. You can open another database file, "
                "or restore a backup copy."
            )
        )
        advice.setWordWrap(True)
        self.choose_button = QPushButton(self.tr("Choose another file…"))
        self.choose_button.clicked.connect(self._choose)
        self.restore_button = QPushButton(self.tr("Restore a backup…"))
        self.restore_button.clicked.connect(self._restore)
        self.restore_button.setEnabled(backup_service() is not None)
        if not self.restore_button.isEnabled():
            self.restore_button.setToolTip(self.tr("Backups are not available in this version."))
        self.quit_button = QPushButton(self.tr("Quit"))
        self.quit_button.clicked.connect(self._quit)
        text = QVBoxLayout()
        text.addWidget(heading)
        if database:
            where = QLabel(self.tr("Database: %1").replace("%1", database))
            where.setWordWrap(True)
            text.addWidget(where)
        text.addWidget(detail)
        text.addWidget(advice)
        top = QHBoxLayout()
        top.addWidget(icon, 0)
        top.addLayout(text, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.choose_button)
        buttons.addWidget(self.restore_button)
        buttons.addWidget(self.quit_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(buttons)
        self.setMinimumWidth(520)
        self.choose_button.setDefault(True)

    # Bound methods, not lambdas holding `self`: no reference cycle keeps the dialog alive.
    def _choose(self) -> None:
        self._done(CHOOSE)

    def _restore(self) -> None:
        self._done(RESTORE)

    def _quit(self) -> None:
        self._done(QUIT)

    def _done(self, choice: str) -> None:
        self.choice = choice
        if choice == QUIT:
            self.reject()
        else:
            self.accept()


def ask_database_file(parent: QWidget | None = None, start: str = "") -> str | None:
    path, _ = QFileDialog.getOpenFileName(
        parent,
        QCoreApplication.translate("OpenErrorDialog", "Open a crm-desktop database"),
        start,
        QCoreApplication.translate(
            "OpenErrorDialog", "crm-desktop database (*.db *.sqlite *.sqlite3);;All files (*)"
        ),
    )
    return path or None


def ask_backup_file(parent: QWidget | None = None, start: str = "") -> str | None:
    path, _ = QFileDialog.getOpenFileName(
        parent,
        QCoreApplication.translate("OpenErrorDialog", "Choose a backup to restore"),
        start,
        "",
    )
    return path or None


def restore_backup_to_new_file(backup: str, broken: Path, passphrase: str | None = None) -> Path:
    """Copy a checked backup to a new file beside the broken one, which stays untouched.

    `services.backup.check_backup_file` refuses anything that is not a readable
    crm-desktop backup; the copy goes through SQLite's backup API. An encrypted
    backup needs its `passphrase`, and its copy is encrypted with it.
    """
    from crm_desktop.models.db import backup_sqlite

    service = backup_service()
    if service is None:
        raise RuntimeError("backups are not available")
    source = Path(backup).expanduser().absolute()
    service.check_backup_file(source, passphrase)
    suffix = broken.suffix or ".db"
    stem = broken.stem if broken.suffix else broken.name
    dest = broken.with_name(f"{stem}-restored{suffix}")
    number = 2
    while dest.exists():
        dest = broken.with_name(f"{stem}-restored-{number}{suffix}")
        number += 1
    tmp = dest.with_name(f".{dest.name}.tmp")
    backup_sqlite(source, tmp, passphrase)
    tmp.replace(dest)
    return dest


def restore_backup(backup: str, broken: Path, parent: QWidget | None = None):
    """The target of a new file restored from `backup` beside the broken database; for
    an encrypted backup its passphrase is asked first (None: the user cancelled).

    Wrong passphrases are counted as for a database (services/encryption.py)."""
    from crm_desktop.models import DbTarget
    from crm_desktop.models.cipher import looks_encrypted
    from crm_desktop.ui.login_dialog import PassphraseDialog

    source = Path(backup).expanduser().absolute()
    passphrase = None
    if looks_encrypted(source):
        dialog = PassphraseDialog(DbTarget(path=source), parent, backup=True)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        passphrase = dialog.target.passphrase
        dialog.deleteLater()
        if not accepted:
            return None
    dest = restore_backup_to_new_file(str(source), broken, passphrase)
    return DbTarget(path=dest, passphrase=passphrase)


def backup_start_folder(broken: Path) -> str:
    """Where the file dialog looks for backups first: the backups folder beside the file."""
    service = backup_service()
    if service is not None:
        folder = service.backup_folder(broken)
        if folder.is_dir():
            return str(folder)
    return str(broken.parent)
