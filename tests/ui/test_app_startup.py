"""Start-up: the single-instance lock, a database that will not open, login."""

from __future__ import annotations

import sqlite3
import subprocess
import sys

import pytest
from PySide6.QtCore import QLockFile, QSettings
from PySide6.QtWidgets import QLabel, QMessageBox

from crm_desktop import app as app_module
from crm_desktop.models import DbTarget, close_database, database, open_database
from crm_desktop.services import auth
from crm_desktop.ui import open_error_dialog
from crm_desktop.ui.login_dialog import LoginDialog
from crm_desktop.ui.open_error_dialog import CHOOSE, QUIT, OpenErrorDialog

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.fixture(autouse=True)
def fresh_settings(qapp):
    QSettings().clear()
    yield
    QSettings().clear()


@pytest.fixture
def shown_dialogs(monkeypatch):
    """OpenErrorDialog.exec returns at once with a scripted choice; records what it said."""
    said = []
    choices = []

    def fake_exec(self):
        said.append(self.findChild(QLabel, "openErrorMessage").text())
        self.choice = choices.pop(0) if choices else QUIT
        return 0

    monkeypatch.setattr(OpenErrorDialog, "exec", fake_exec)
    return said, choices


def test_second_lock_names_the_holder(tmp_path, qapp):
    target = DbTarget(path=tmp_path / "crm.db")
    first = app_module.acquire_lock(target)
    try:
        with pytest.raises(app_module.AlreadyOpen) as caught:
            app_module.acquire_lock(target)
        assert str(__import__("os").getpid()) in caught.value.message
    finally:
        first.unlock()
    app_module.acquire_lock(target).unlock()


def test_stale_lock_after_a_crash_is_taken_over(tmp_path, qapp):
    lock_file = app_module.lock_path(DbTarget(path=tmp_path / "crm.db"))
    code = (
        "import os, sys\n"
        "from PySide6.QtCore import QLockFile\n"
        "lock = QLockFile(sys.argv[1]); assert lock.tryLock(0)\n"
        "os._exit(0)  # a crash: the lock file stays behind\n"
    )
    subprocess.run([sys.executable, "-c", code, str(lock_file)], check=True)
    assert lock_file.exists()
    lock = app_module.acquire_lock(DbTarget(path=tmp_path / "crm.db"))
    assert isinstance(lock, QLockFile) and lock.isLocked()
    lock.unlock()


def test_not_a_database_gives_a_plain_dialog_and_changes_nothing(tmp_path, shown_dialogs):
    said, _choices = shown_dialogs
    broken = tmp_path / "notes.db"
    broken.write_bytes(b"this is not a database at all" * 10)
    before = broken.read_bytes()
    assert app_module.open_with_recovery(DbTarget(path=broken)) is None
    assert "not a crm-desktop database" in said[0]
    assert "Traceback" not in said[0]
    assert broken.read_bytes() == before


def test_newer_version_then_choose_another_file(tmp_path, shown_dialogs, monkeypatch):
    said, choices = shown_dialogs
    newer = tmp_path / "newer.db"
    open_database(newer)
    database.execute_sql("UPDATE db_info SET value = '999' WHERE key = 'schema_version'")
    close_database()
    good = tmp_path / "good.db"
    choices.append(CHOOSE)
    monkeypatch.setattr(open_error_dialog, "ask_database_file", lambda parent, start: str(good))
    opened = app_module.open_with_recovery(DbTarget(path=newer))
    try:
        assert "newer version" in said[0]
        assert opened == DbTarget(path=good)
        con = sqlite3.connect(newer)
        assert con.execute("SELECT value FROM db_info WHERE key='schema_version'").fetchone() == (
            "999",
        )
        con.close()
    finally:
        close_database()
        database.initialize(None)


def test_without_passwords_admin_goes_straight_in(db):
    actor = app_module.login("x.db")
    assert actor.username == "admin" and actor.role == "gm"


def test_login_dialog_refuses_a_wrong_password(qtbot, team):
    auth.set_password(team["admin"], "sales1", "geheim-42")
    assert auth.passwords_in_use()
    dialog = LoginDialog("x.db")
    qtbot.addWidget(dialog)
    dialog.user.setCurrentText("sales1")
    dialog.password.setText("wrong")
    dialog.try_login()
    assert dialog.actor is None and not dialog.error.isHidden()
    dialog.password.setText("geheim-42")
    dialog.try_login()
    assert dialog.actor.username == "sales1"


def test_the_environment_password_opens_the_window_without_the_dialog(qtbot, team, monkeypatch):
    """As in the CLI, $CRM_DESKTOP_USER and $CRM_DESKTOP_PASSWORD log in without the dialog;
    a wrong password leaves the dialog to ask."""
    import crm_desktop.app as app_module
    import crm_desktop.ui.login_dialog as login_dialog

    for account in ("admin", "sales1"):
        auth.set_password(team["admin"], account, "geheim-4242")
    asked = []
    monkeypatch.setattr(
        login_dialog.LoginDialog, "exec", lambda self: asked.append(self) or 0, raising=True
    )
    monkeypatch.setenv("CRM_DESKTOP_USER", "sales1")
    monkeypatch.setenv("CRM_DESKTOP_PASSWORD", "geheim-4242")
    assert app_module.login("x.db").username == "sales1" and asked == []
    monkeypatch.setenv("CRM_DESKTOP_PASSWORD", "wrong-password")
    assert app_module.login("x.db") is None and len(asked) == 1


def test_start_twice_on_one_database_refuses_the_second(qtbot, qapp, db_path, monkeypatch):
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warned.append(a[2]))
    first = app_module.Application(qapp)
    assert first.start(str(db_path)) == 0
    try:
        qtbot.addWidget(first.window)
        assert first.window.isVisible()
        second = app_module.Application(qapp)
        assert second.start(str(db_path)) == 1
        assert "already open" in warned[0]
    finally:
        first.release()
        close_database()
        database.initialize(None)


def test_restore_a_backup_opens_a_copy_and_keeps_the_broken_file(
    tmp_path, shown_dialogs, monkeypatch
):
    """'Restore a backup' copies the backup beside the broken file and opens the copy."""
    from crm_desktop.services.customers import create_customer, get_customer
    from crm_desktop.ui.open_error_dialog import RESTORE

    said, choices = shown_dialogs
    good = tmp_path / "backups" / "crm-20261122.db"
    good.parent.mkdir()
    open_database(good)
    create_customer(auth.get_actor("admin"), {"name": "东方贸易"})
    close_database()
    broken = tmp_path / "crm.db"
    broken.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    before = broken.read_bytes()
    choices.append(RESTORE)
    monkeypatch.setattr(open_error_dialog, "ask_backup_file", lambda parent, start: str(good))
    opened = app_module.open_with_recovery(DbTarget(path=broken))
    try:
        assert opened.path.name == "crm-restored.db"
        assert get_customer(auth.get_actor("admin"), code="C000001").name == "东方贸易"
        assert broken.read_bytes() == before
    finally:
        close_database()
        database.initialize(None)


def test_login_dialog_says_when_to_try_again(qtbot, team):
    """After five wrong passwords the dialog tells the user to wait, in plain words."""
    auth.set_password(team["admin"], "sales1", "geheim-42")
    dialog = LoginDialog("x.db")
    qtbot.addWidget(dialog)
    dialog.user.setCurrentText("sales1")
    for _ in range(6):
        dialog.password.setText("wrong")
        dialog.try_login()
    assert dialog.actor is None and "seconds" in dialog.error.text()
    dialog.user.setCurrentText("admin")
    dialog.password.setText("")
    dialog.try_login()
    assert dialog.actor is None and "no password yet" in dialog.error.text()


def test_first_password_dialog_sets_the_general_managers_password(qtbot, team):
    """With several accounts and no password, the GM's password is set before going on:
    too short or mistyped is refused in the dialog, a good one is stored."""
    from crm_desktop.ui.login_dialog import FirstPasswordDialog

    dialog = FirstPasswordDialog(team["admin"], 4)
    qtbot.addWidget(dialog)
    assert "4 accounts" in dialog.findChildren(type(dialog.error))[0].text()
    dialog.password.setText("short")
    dialog.repeat.setText("short")
    dialog.try_set()
    assert "at least 8" in dialog.error.text() and not auth.passwords_in_use()
    dialog.password.setText("long-enough")
    dialog.repeat.setText("long-enougj")
    dialog.try_set()
    assert "differ" in dialog.error.text() and not auth.passwords_in_use()
    dialog.repeat.setText("long-enough")
    dialog.try_set()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert auth.authenticate("admin", "long-enough").role == "gm"


def test_an_older_database_is_upgraded_under_a_notice(tmp_path, qapp, monkeypatch):
    """A file of an older schema opens under a small window saying it is being upgraded
    (once; backed up first), in the user's language, closed when the window can come; a
    file of today's schema opens without it."""
    from pathlib import Path

    from PySide6.QtWidgets import QProgressDialog

    monkeypatch.setenv("CRM_DESKTOP_LANG", "zh_CN")
    shown: list[tuple[int, str, bool]] = []
    real_show = app_module.UpgradeNotice.show

    def watched(self, version: int) -> None:
        real_show(self, version)
        assert isinstance(self.dialog, QProgressDialog)
        shown.append((version, self.dialog.labelText(), self.dialog.isVisible()))

    monkeypatch.setattr(app_module.UpgradeNotice, "show", watched)
    old = tmp_path / "v22.db"
    con = sqlite3.connect(old)
    data = Path(__file__).parent.parent / "data" / "schema_v22.sql"
    con.executescript(data.read_text(encoding="utf-8"))
    con.close()
    try:
        assert app_module.open_with_recovery(DbTarget(path=old)) == DbTarget(path=old)
        assert len(shown) == 1 and shown[0][0] == 22 and shown[0][2]
        assert shown[0][1].startswith("正在为新版本升级数据库（已先备份）")
        assert not [w for w in qapp.topLevelWidgets() if isinstance(w, QProgressDialog)
                    and w.isVisible()]  # fmt: skip
        close_database()
        assert app_module.open_with_recovery(DbTarget(path=old)) == DbTarget(path=old)
        assert len(shown) == 1  # today's schema: nothing to say
    finally:
        close_database()
        database.initialize(None)
