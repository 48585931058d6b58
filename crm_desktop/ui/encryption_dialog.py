"""File ▸ Database encryption…: encrypt the database with a passphrase, give an
encrypted one a new passphrase, or decrypt it.

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
    """Says whether the database is encrypted; Encrypt (a new passphrase typed twice),
    or Change passphrase (the new one typed twice) and Decrypt, each after a
    confirmation. `result` holds the ConversionResult."""

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
        self.rekey_button = QPushButton(render("cipher.ui_change"))
        self.rekey_button.setObjectName("rekeyButton")
        close = QPushButton(render("cipher.ui_close"))
        self.encrypt_button.clicked.connect(self.encrypt)
        self.decrypt_button.clicked.connect(self.decrypt)
        self.rekey_button.clicked.connect(self.rekey)
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
        else:
            form = QFormLayout()
            form.addRow(render("cipher.ui_new_passphrase"), self.passphrase)
            form.addRow(render("cipher.ui_repeat"), self.repeat)
            layout.addLayout(form)
        layout.addWidget(self.error)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        if self.encrypted:
            buttons.addWidget(self.rekey_button)
            buttons.addWidget(self.decrypt_button)
        else:
            buttons.addWidget(self.encrypt_button)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self.setMinimumWidth(460)

    def _say(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    def _typed_passphrase(self) -> str | None:
        """The new passphrase when both fields agree and it is long enough; else None,
        the reason said in the dialog."""
        from crm_desktop.models.cipher import check_new_passphrase

        if self.passphrase.text() != self.repeat.text():
            self._say(render("cipher.mismatch"))
            return None
        try:
            return check_new_passphrase(self.passphrase.text())
        except UserError as exc:
            self._say(exc.message)
            return None

    def _confirmed(self, code: str) -> bool:
        question = render(code, {"warning": msg("cipher.forget_warning")})
        return QMessageBox.question(self, render("cipher.ui_title"), question) == (
            QMessageBox.StandardButton.Yes
        )

    def encrypt(self) -> None:
        """Check the new passphrase, confirm, then convert."""
        passphrase = self._typed_passphrase()
        if passphrase is None or not self._confirmed("cipher.ui_confirm_encrypt"):
            return
        self._convert(passphrase)

    def rekey(self) -> None:
        """Check the new passphrase, confirm (earlier backups keep the old one), then
        re-encrypt the database with it."""
        from crm_desktop.jobs.encryption import start_rekey

        passphrase = self._typed_passphrase()
        if passphrase is None or not self._confirmed("cipher.ui_confirm_rekey"):
            return
        actor = self.actor
        self._run(lambda progress: start_rekey(actor, passphrase, progress), "cipher.ui_rekeying")

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

        actor = self.actor
        self._run(
            lambda progress: start_conversion(actor, passphrase, progress), "cipher.ui_converting"
        )

    def _run(self, work: Callable, label: str) -> None:
        """The long part off the GUI thread, the buttons off meanwhile."""
        from crm_desktop.ui.operations import Operation

        self._enable(False)
        self.operation = (
            Operation(self, work)
            .success(self._finish)
            .finally_(self._enable)
            .with_progress(render(label), title=render("cipher.ui_title"))
            .run_in_background()
        )

    def _enable(self, on: bool = True) -> None:
        for button in (self.encrypt_button, self.decrypt_button, self.rekey_button):
            button.setEnabled(on)

    def _finish(self, conversion) -> None:
        """On the GUI thread: the converted file takes the database's place."""
        from crm_desktop.jobs.encryption import finish_conversion

        try:
            result = finish_conversion(self.actor, conversion)
        except UserError as exc:
            QMessageBox.warning(self, render("cipher.ui_title"), exc.message)
            return
        from crm_desktop.services.encryption import REKEY

        self.result = result
        if result.kind == REKEY:
            code = "cipher.rekeyed"
        else:
            code = "cipher.encrypted" if result.encrypted else "cipher.decrypted"
        text = render(code, {"path": str(result.database), "backup": str(result.backup)})
        if result.old_key_backups:
            folders = sorted({str(p.parent) for p in result.old_key_backups})
            text += "\n\n" + render(
                "cipher.old_key_backups_left",
                {"count": len(result.old_key_backups), "folder": folders},
            )
        if result.plain_backups:
            folders = sorted({str(p.parent) for p in result.plain_backups})
            text += "\n\n" + render(
                "cipher.plain_backups_left", {"count": len(result.plain_backups), "folder": folders}
            )
        QMessageBox.information(self, render("cipher.ui_title"), text)
        self.accept()
        if self.reopen is not None:
            QTimer.singleShot(0, self.reopen)
