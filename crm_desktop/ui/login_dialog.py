"""The login dialog, shown when the database has users with passwords, and the
passphrase dialog, shown before it when the database file is encrypted."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.errors import UserError
from crm_desktop.services import auth
from crm_desktop.services.auth import Actor


class LoginDialog(QDialog):
    """Asks for a user name and password; `actor` holds who logged in after accept()."""

    def __init__(self, database: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Log in to crm-desktop"))
        self.actor: Actor | None = None
        self.user = QComboBox()
        self.user.setObjectName("loginUser")
        self.user.setEditable(False)  # the accounts to choose from: a name is never typed
        for user in auth.list_users():
            self.user.addItem(f"{user.username}", user.username)
        self.password = QLineEdit()
        self.password.setObjectName("loginPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = QLabel()
        self.error.setObjectName("loginError")
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        self.error.hide()
        form = QFormLayout()
        form.addRow(self.tr("User name:"), self.user)
        form.addRow(self.tr("Password:"), self.password)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Log in"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        buttons.accepted.connect(self.try_login)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        if database:
            where = QLabel(self.tr("Database: %1").replace("%1", database))
            where.setWordWrap(True)
            layout.addWidget(where)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.password.setFocus()
        self.setMinimumWidth(360)

    def try_login(self) -> None:
        username = self.user.currentData() or ""
        try:
            self.actor = auth.authenticate(username, self.password.text())
        except UserError as exc:
            # a wait after wrong tries, an account that needs a password: said as such
            if exc.code == "auth.wrong_login":
                self.error.setText(self.tr("Wrong user name or password."))
            else:
                self.error.setText(exc.message)
            self.error.show()
            self.password.selectAll()
            self.password.setFocus()
            return
        self.accept()


class PassphraseDialog(QDialog):
    """Asks for the passphrase of an encrypted database (or backup); `target` holds the
    target that opens it after accept(). Wrong tries are counted (services/encryption.py).

    `error` is shown from the start (a passphrase from the environment that failed);
    `backup`: the file is a backup to restore (its title, intro and Cancel say so)."""

    def __init__(
        self,
        target,
        parent: QWidget | None = None,
        *,
        error: str | None = None,
        backup: bool = False,
    ) -> None:
        from crm_desktop.messages import render

        super().__init__(parent)
        self.target = target
        title = "cipher.ui_backup_title" if backup else "cipher.ui_unlock_title"
        self.setWindowTitle(render(title))
        which = "cipher.ui_backup_intro" if backup else "cipher.ui_unlock_intro"
        intro = QLabel(render(which, {"path": target.describe()}))
        intro.setWordWrap(True)
        self.passphrase = QLineEdit()
        self.passphrase.setObjectName("unlockPassphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = QLabel()
        self.error.setObjectName("unlockError")
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        self.error.setVisible(bool(error))
        self.error.setText(error or "")
        form = QFormLayout()
        form.addRow(render("cipher.ui_passphrase"), self.passphrase)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(render("cipher.ui_open"))
        cancel = "cipher.ui_cancel" if backup else "cipher.ui_quit"
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(render(cancel))
        buttons.accepted.connect(self.try_unlock)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.passphrase.setFocus()
        self.setMinimumWidth(420)

    def try_unlock(self) -> None:
        from crm_desktop.services.encryption import unlock

        try:
            self.target = unlock(self.target, self.passphrase.text())
        except UserError as exc:  # wrong, a wait after wrong tries, no SQLCipher here
            self.error.setText(exc.message)
            self.error.show()
            self.passphrase.selectAll()
            self.passphrase.setFocus()
            return
        self.accept()


class FirstPasswordDialog(QDialog):
    """The general manager's password, asked before anything else when a database has
    several accounts and no password at all; not skippable (Quit leaves the program)."""

    def __init__(self, actor: Actor, accounts: int, parent: QWidget | None = None) -> None:
        from crm_desktop.messages import render

        super().__init__(parent)
        self.actor = actor
        self.setWindowTitle(render("auth.ui_first_title"))
        intro = QLabel(
            render(
                "auth.ui_first_intro",
                {"count": accounts, "name": actor.username, "length": auth.MIN_PASSWORD},
            )
        )
        intro.setWordWrap(True)
        self.password = QLineEdit()
        self.password.setObjectName("firstPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat = QLineEdit()
        self.repeat.setObjectName("firstPasswordRepeat")
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        self.error.hide()
        form = QFormLayout()
        form.addRow(render("auth.ui_password"), self.password)
        form.addRow(render("auth.ui_repeat"), self.repeat)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(render("auth.ui_set"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(render("auth.ui_quit"))
        buttons.accepted.connect(self.try_set)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)

    def try_set(self) -> None:
        from crm_desktop.messages import render

        if self.password.text() != self.repeat.text():
            self.error.setText(render("auth.ui_mismatch"))
            self.error.show()
            return
        try:
            auth.set_password(self.actor, self.actor.username, self.password.text())
        except UserError as exc:
            self.error.setText(exc.message)
            self.error.show()
            return
        self.accept()
