"""The window's new passphrase, the passphrase from the environment at start-up, and an
encrypted backup restored from the start-up's "restore a backup" choice."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtWidgets import QMessageBox

from crm_desktop.jobs.backup import backup_database
from crm_desktop.jobs.encryption import convert_database
from crm_desktop.models import Customer, DbTarget, cipher, close_database, current_target
from crm_desktop.services.customers import create_customer
from crm_desktop.ui.encryption_dialog import EncryptionDialog
from crm_desktop.ui.login_dialog import PassphraseDialog

pytestmark = [
    pytest.mark.sqlite_only,
    pytest.mark.skipif(not cipher.available(), reason="sqlcipher3 is not installed"),
]

OLD = "window old passphrase"
NEW = "window new passphrase"


@pytest.fixture
def quiet(monkeypatch):
    """Message boxes answer Yes at once; what they said is kept."""
    said = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: said.append(a[2]))
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: said.append(a[2]))
    return said


def _typing(passphrase: str, errors: list[str]):
    """A PassphraseDialog.exec that notes the error shown, then types `passphrase`."""

    def exec_(dialog):
        errors.append(dialog.error.text() if dialog.error.isVisibleTo(dialog) else "")
        dialog.passphrase.setText(passphrase)
        dialog.try_unlock()
        return dialog.result()

    return exec_


def test_changing_the_passphrase_from_the_window(qtbot, team, db_path, quiet):
    """An encrypted database offers Change passphrase: mismatched fields are refused,
    then the work runs off the GUI thread, the window is rebuilt, and the user is told
    that the earlier backups keep the old passphrase."""
    create_customer(team["admin"], {"name": "改口令客户有限公司", "code": "R1"})
    convert_database(team["admin"], OLD)
    reopened = []
    dialog = EncryptionDialog(team["admin"], lambda: reopened.append(1))
    qtbot.addWidget(dialog)
    assert dialog.rekey_button.isVisibleTo(dialog) and dialog.decrypt_button.isVisibleTo(dialog)
    assert not dialog.encrypt_button.isVisibleTo(dialog)
    dialog.passphrase.setText(NEW)
    dialog.repeat.setText(NEW + "x")
    dialog.rekey()
    assert "differ" in dialog.error.text() and dialog.operation is None
    dialog.repeat.setText(NEW)
    dialog.rekey()
    qtbot.waitUntil(
        lambda: bool(reopened) or any("is changed" not in text for text in quiet), timeout=30_000
    )
    assert reopened, quiet
    assert current_target().passphrase == NEW
    assert "passphrase is changed" in quiet[0]
    assert "still open only with the old passphrase" in quiet[0]
    assert [c.code for c in Customer.select()] == ["R1"]
    close_database()
    cipher.check_passphrase(db_path, NEW)


def test_the_start_takes_the_passphrase_from_the_environment(qtbot, team, db_path, monkeypatch):
    """$CRM_DESKTOP_PASSPHRASE opens an encrypted database without the dialog; a wrong
    one brings the dialog, which says it was wrong, and the typed one opens it."""
    from crm_desktop import app as app_module

    convert_database(team["admin"], OLD)
    close_database()
    monkeypatch.setenv(cipher.ENV_PASSPHRASE, OLD)
    monkeypatch.setattr(PassphraseDialog, "exec", lambda dialog: pytest.fail("asked"))
    assert app_module.open_with_recovery(DbTarget(path=db_path)) is not None
    assert current_target().passphrase == OLD
    close_database()
    monkeypatch.setenv(cipher.ENV_PASSPHRASE, "not the passphrase")
    errors: list[str] = []
    monkeypatch.setattr(PassphraseDialog, "exec", _typing(OLD, errors))
    assert app_module.open_with_recovery(DbTarget(path=db_path)) is not None
    assert len(errors) == 1 and "Wrong passphrase" in errors[0]
    assert current_target().passphrase == OLD


def test_an_encrypted_backup_is_restored_at_start_with_its_passphrase(
    qtbot, team, db_path, monkeypatch
):
    """A database that does not open, "restore a backup", an encrypted backup: its
    passphrase is asked (a wrong one said), the restored file stays encrypted, opens,
    has the rows, and the broken file is left as it was."""
    from crm_desktop import app as app_module
    from crm_desktop.ui import open_error_dialog
    from crm_desktop.ui.open_error_dialog import RESTORE, OpenErrorDialog

    monkeypatch.delenv(cipher.ENV_PASSPHRASE, raising=False)
    create_customer(team["admin"], {"name": "备份客户有限公司", "code": "B1"})
    convert_database(team["admin"], OLD)
    backup = backup_database(team["admin"]).path
    close_database()
    db_path.write_text("this file was damaged")

    choices = iter([RESTORE])

    def choose_restore(dialog):  # restore once; a second failure quits
        dialog.choice = next(choices, "quit")
        return 1

    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warned.append(a[2]))

    monkeypatch.setattr(OpenErrorDialog, "exec", choose_restore)
    monkeypatch.setattr(open_error_dialog, "ask_backup_file", lambda *a: str(backup))
    typed = iter(["a wrong passphrase", OLD])
    errors: list[str] = []

    def exec_(dialog):
        while dialog.result() != PassphraseDialog.DialogCode.Accepted:
            dialog.passphrase.setText(next(typed))
            dialog.try_unlock()
            if dialog.error.isVisibleTo(dialog):
                errors.append(dialog.error.text())
        assert "backup" in dialog.windowTitle().lower()
        return dialog.result()

    monkeypatch.setattr(PassphraseDialog, "exec", exec_)
    opened = app_module.open_with_recovery(DbTarget(path=db_path))
    assert opened is not None and opened.path.name == "crm-restored.db", warned
    assert opened.passphrase == OLD and current_target().passphrase == OLD
    assert [c.code for c in Customer.select()] == ["B1"]
    assert errors and "Wrong passphrase" in errors[0]
    assert db_path.read_text() == "this file was damaged"
    close_database()
    con = sqlite3.connect(opened.path)
    try:
        with pytest.raises(sqlite3.DatabaseError):
            con.execute("SELECT count(*) FROM sqlite_master").fetchone()
    finally:
        con.close()


def test_cancelling_the_backup_passphrase_restores_nothing(qtbot, team, db_path, monkeypatch):
    """Cancel in the backup's passphrase dialog: no restored file is made."""
    from crm_desktop.ui.open_error_dialog import restore_backup

    convert_database(team["admin"], OLD)
    backup = backup_database(team["admin"]).path
    close_database()
    monkeypatch.setattr(PassphraseDialog, "exec", lambda dialog: 0)
    assert restore_backup(str(backup), db_path) is None
    assert not (db_path.parent / "crm-restored.db").exists()
