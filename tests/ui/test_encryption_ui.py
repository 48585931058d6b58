"""The passphrase dialog and File ▸ Database encryption…: real dialogs, real files."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QMenu, QMessageBox

from crm_desktop.jobs.encryption import convert_database
from crm_desktop.models import Customer, DbTarget, cipher, close_database, current_target
from crm_desktop.services.customers import create_customer
from crm_desktop.ui.encryption_dialog import EncryptionDialog, install_action
from crm_desktop.ui.login_dialog import PassphraseDialog

pytestmark = [
    pytest.mark.sqlite_only,
    pytest.mark.skipif(not cipher.available(), reason="sqlcipher3 is not installed"),
]

PASSPHRASE = "window passphrase"


@pytest.fixture
def quiet(monkeypatch):
    """Message boxes answer Yes at once; what they said is kept."""
    said = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: said.append(a[2]))
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: said.append(a[2]))
    return said


def test_the_passphrase_dialog_refuses_a_wrong_one_and_opens_with_the_right_one(
    qtbot, team, db_path
):
    """A wrong passphrase is said in the dialog, which stays; the right one is accepted
    and gives the target that opens the file."""
    convert_database(team["admin"], PASSPHRASE)
    close_database()
    dialog = PassphraseDialog(DbTarget(path=db_path))
    qtbot.addWidget(dialog)
    dialog.passphrase.setText("nope nope nope")
    dialog.try_unlock()
    assert dialog.error.isVisibleTo(dialog) and "Wrong passphrase" in dialog.error.text()
    assert dialog.result() == 0
    dialog.passphrase.setText(PASSPHRASE)
    dialog.try_unlock()
    assert dialog.result() == PassphraseDialog.DialogCode.Accepted
    assert dialog.target.passphrase == PASSPHRASE


def test_encrypting_from_the_window_then_decrypting(qtbot, team, db_path, quiet):
    """Encrypt: the passphrases must match and be long enough, then the conversion runs
    off the GUI thread and the window is asked to rebuild; Decrypt brings it back."""
    create_customer(team["admin"], {"name": "窗口客户有限公司", "code": "W1"})
    reopened = []
    dialog = EncryptionDialog(team["admin"], lambda: reopened.append(1))
    qtbot.addWidget(dialog)
    assert "not encrypted" in dialog.state.text()
    dialog.passphrase.setText(PASSPHRASE)
    dialog.repeat.setText(PASSPHRASE + "x")
    dialog.encrypt()
    assert "differ" in dialog.error.text() and dialog.operation is None
    dialog.repeat.setText(PASSPHRASE)
    dialog.encrypt()
    qtbot.waitUntil(lambda: bool(reopened), timeout=30_000)
    assert dialog.result is not None and dialog.result.encrypted
    assert current_target().passphrase == PASSPHRASE
    assert db_path.read_bytes()[:16] != cipher.SQLITE_MAGIC
    assert "encrypted" in quiet[-1]
    assert [c.code for c in Customer.select()] == ["W1"]

    again = EncryptionDialog(team["admin"], lambda: reopened.append(2))
    qtbot.addWidget(again)
    assert "is encrypted" in again.state.text()
    again.decrypt()
    qtbot.waitUntil(lambda: reopened[-1] == 2, timeout=30_000)
    assert db_path.read_bytes()[:16] == cipher.SQLITE_MAGIC
    assert current_target().passphrase is None


def test_only_the_general_manager_gets_the_menu_entry(qtbot, team):
    """File ▸ Database encryption… is added for the general manager, not a manager."""
    window = QMainWindow()
    qtbot.addWidget(window)
    menu = window.menuBar().addMenu("File")
    menu.setObjectName("menuFile")
    assert install_action(window, team["manager"], lambda: None, None) is None
    action = install_action(window, team["admin"], lambda: None, None)
    assert action is not None and action in window.findChild(QMenu, "menuFile").actions()


def test_encrypting_under_the_main_window(qtbot, team, db_path, quiet):
    """With the whole main window open on the database (its pages, its reminders), the
    conversion still finds the file free once the window's own connection is closed."""
    from crm_desktop.ui.backups_dialog import install_actions
    from crm_desktop.ui.main_window import MainWindow

    create_customer(team["admin"], {"name": "主窗口客户有限公司", "code": "M1"})
    window = MainWindow(team["admin"], str(db_path))
    qtbot.addWidget(window)
    window.show()
    reopened = []
    install_actions(window, team["admin"], lambda: reopened.append(1))
    action = window.findChild(QAction, "actionEncryption")
    assert action in window.findChild(QMenu, "menuFile").actions()
    dialog = EncryptionDialog(team["admin"], lambda: reopened.append(1), window)
    qtbot.addWidget(dialog)
    dialog.passphrase.setText(PASSPHRASE)
    dialog.repeat.setText(PASSPHRASE)
    dialog.encrypt()
    qtbot.waitUntil(lambda: bool(reopened) or "Not converted" in "".join(quiet), timeout=30_000)
    assert reopened, quiet
    assert [c.code for c in Customer.select()] == ["M1"]
    assert current_target().passphrase == PASSPHRASE
    if getattr(window, "reminders", None) is not None:
        window.reminders.stop()


def test_the_start_asks_for_the_passphrase_of_an_encrypted_database(
    qtbot, team, db_path, monkeypatch
):
    """Opening an encrypted file at start-up shows the passphrase dialog; a wrong try
    stays in it, the right one opens the database; Quit gives up and opens nothing."""
    from crm_desktop import app as app_module

    convert_database(team["admin"], PASSPHRASE)
    close_database()
    tries = iter(["wrong passphrase", PASSPHRASE])
    errors = []

    def type_and_open(dialog):
        while dialog.result() != PassphraseDialog.DialogCode.Accepted:
            dialog.passphrase.setText(next(tries))
            dialog.try_unlock()
            if dialog.result() != PassphraseDialog.DialogCode.Accepted:
                errors.append(dialog.error.text())
        return PassphraseDialog.DialogCode.Accepted

    monkeypatch.setattr(PassphraseDialog, "exec", type_and_open)
    opened = app_module.open_with_recovery(DbTarget(path=db_path))
    assert opened is not None and current_target().passphrase == PASSPHRASE
    assert len(errors) == 1 and "Wrong passphrase" in errors[0]
    close_database()
    monkeypatch.setattr(PassphraseDialog, "exec", lambda dialog: 0)
    assert app_module.open_with_recovery(DbTarget(path=db_path)) is None
