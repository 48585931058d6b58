"""File ▸ Database encryption…: encrypt the database with a passphrase, or decrypt it.

For the general manager only. The conversion's long part (the new file, its check,
the backup) runs off the GUI thread (ui/operations.py) while the database's write
lock is held; the rename and the reopening happen on the GUI thread, then the
window is built again on the converted database. Texts: messages/cipher.py.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.errors import UserError
from crm_desktop.messages import msg, render
from crm_desktop.services.auth import Actor


def install_action(
    window: QMainWindow, actor: Actor, reopen: Callable[[], None], before: QAction | None
) -> QAction | None:
    """Add File ▸ Database encryption… for the general manager on a SQLite database."""
    from crm_desktop.models import is_sqlite

    menu = window.findChild(QMenu, "menuFile")
    if menu is None or not actor.can("user.manage") or not is_sqlite():
        return None
    action = QAction(render("cipher.ui_menu"), window)
    action.setObjectName("actionEncryption")
    action.triggered.connect(lambda: EncryptionDialog(actor, reopen, window).exec())
    menu.insertAction(before, action)
    return action


class EncryptionDialog(QDialog):
    """Says whether the database is encrypted; Encrypt (a new passphrase typed twice)
    or Decrypt, each after a confirmation. `result` holds the ConversionResult."""

    def __init__(
        self, actor: Actor, reopen: Callable[[], None] | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        from crm_desktop.models import cipher, current_target
        from crm_desktop.services.backup import require_sqlite

        self.actor = actor
        self.reopen = reopen
        target = current_target()
        self.database = require_sqlite(target)
        self.encrypted = target.is_encrypted
        self.operation = None
        self.result = None
        self.setWindowTitle(render("cipher.ui_title"))
        state = "cipher.ui_state_encrypted" if self.encrypted else "cipher.ui_state_plain"
        self.state = QLabel(render(state, {"path": str(self.database)}))
        self.state.setObjectName("encryptionState")
        self.state.setWordWrap(True)
        self.passphrase = QLineEdit()
        self.passphrase.setObjectName("newPassphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat = QLineEdit()
        self.repeat.setObjectName("newPassphraseRepeat")
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = QLabel()
        self.error.setObjectName("encryptionError")
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        self.error.hide()
        self.encrypt_button = QPushButton(render("cipher.ui_encrypt"))
        self.encrypt_button.setObjectName("encryptButton")
        self.decrypt_button = QPushButton(render("cipher.ui_decrypt"))
        self.decrypt_button.setObjectName("decryptButton")
        close = QPushButton(render("cipher.ui_close"))
        self.encrypt_button.clicked.connect(self.encrypt)
        self.decrypt_button.clicked.connect(self.decrypt)
        close.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.state)
        if not self.encrypted:
            if cipher.available():
                warning = QLabel(render("cipher.forget_warning"))
                warning.setWordWrap(True)
                layout.addWidget(warning)
                form = QFormLayout()
                form.addRow(render("cipher.ui_passphrase"), self.passphrase)
                form.addRow(render("cipher.ui_repeat"), self.repeat)
                layout.addLayout(form)
            else:
                self.encrypt_button.setEnabled(False)
                self.error.setText(render("cipher.unavailable"))
                self.error.show()
        layout.addWidget(self.error)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.decrypt_button if self.encrypted else self.encrypt_button)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self.setMinimumWidth(460)

    def _say(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    def encrypt(self) -> None:
        """Check the new passphrase, confirm, then convert."""
        from crm_desktop.models.cipher import check_new_passphrase

        if self.passphrase.text() != self.repeat.text():
            self._say(render("cipher.mismatch"))
            return
        try:
            passphrase = check_new_passphrase(self.passphrase.text())
        except UserError as exc:
            self._say(exc.message)
            return
        question = render("cipher.ui_confirm_encrypt", {"warning": msg("cipher.forget_warning")})
        if QMessageBox.question(self, render("cipher.ui_title"), question) != (
            QMessageBox.StandardButton.Yes
        ):
            return
        self._convert(passphrase)

    def decrypt(self) -> None:
        """Confirm, then convert back to a plain file."""
        question = render("cipher.ui_confirm_decrypt")
        if QMessageBox.question(self, render("cipher.ui_title"), question) != (
            QMessageBox.StandardButton.Yes
        ):
            return
        self._convert(None)

    def _convert(self, passphrase: str | None) -> None:
        from crm_desktop.jobs.encryption import start_conversion
        from crm_desktop.ui.operations import Operation

        actor = self.actor
        self.encrypt_button.setEnabled(False)
        self.decrypt_button.setEnabled(False)
        self.operation = (
            Operation(self, lambda progress: start_conversion(actor, passphrase, progress))
            .success(self._finish)
            .finally_(self._enable)
            .with_progress(render("cipher.ui_converting"), title=render("cipher.ui_title"))
            .run_in_background()
        )

    def _enable(self) -> None:
        self.encrypt_button.setEnabled(True)
        self.decrypt_button.setEnabled(True)

    def _finish(self, conversion) -> None:
        """On the GUI thread: the converted file takes the database's place."""
        from crm_desktop.jobs.encryption import finish_conversion

        try:
            result = finish_conversion(self.actor, conversion)
        except UserError as exc:
            QMessageBox.warning(self, render("cipher.ui_title"), exc.message)
            return
        self.result = result
        code = "cipher.encrypted" if result.encrypted else "cipher.decrypted"
        text = render(code, {"path": str(result.database), "backup": str(result.backup)})
        if result.plain_backups:
            folders = sorted({str(p.parent) for p in result.plain_backups})
            text += "\n\n" + render(
                "cipher.plain_backups_left", {"count": len(result.plain_backups), "folder": folders}
            )
        QMessageBox.information(self, render("cipher.ui_title"), text)
        self.accept()
        if self.reopen is not None:
            QTimer.singleShot(0, self.reopen)
