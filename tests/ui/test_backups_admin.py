"""File ▸ Backups… and File ▸ Administration…: real dialogs on a real database."""

from __future__ import annotations

import csv

import pytest
from PySide6.QtWidgets import QMessageBox

from crm_desktop.jobs.backup import backup_database
from crm_desktop.models import AuditEvent, Customer, User
from crm_desktop.services import auth
from crm_desktop.services.backup_rotation import set_auto_folder
from crm_desktop.services.customers import create_customer
from crm_desktop.ui.admin_dialog import AdminDialog
from crm_desktop.ui.backups_dialog import BackupsDialog

pytestmark = pytest.mark.sqlite_only


@pytest.fixture
def quiet(monkeypatch):
    """Message boxes answer Yes at once; what they said is kept."""
    said = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: said.append(a[2]))
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: said.append(a[2]))
    return said


def test_backups_dialog_lists_backs_up_and_restores(qtbot, team, tmp_path, quiet):
    """The list shows date, size and customer count; Back up now adds a row off the GUI
    thread; Restore brings the chosen backup back and asks for the window again."""
    set_auto_folder(tmp_path / "auto")
    try:
        create_customer(team["admin"], {"name": "北京科技有限公司", "code": "C1"})
        (tmp_path / "auto").mkdir()
        backup_database(team["admin"], tmp_path / "auto")
        create_customer(team["admin"], {"name": "上海贸易有限公司", "code": "C2"})
        reopened = []
        dialog = BackupsDialog(team["admin"], lambda: reopened.append(1))
        qtbot.addWidget(dialog)
        assert dialog.table.rowCount() == 1
        assert dialog.table.item(0, 2).text() == "1"
        dialog.back_up_now()
        qtbot.waitUntil(lambda: dialog.table.rowCount() == 2, timeout=10_000)
        counts = sorted(dialog.table.item(r, 2).text() for r in range(2))
        assert counts == ["1", "2"]
        one = next(r for r in range(2) if dialog.table.item(r, 2).text() == "1")
        dialog.table.selectRow(one)
        assert dialog.restore_button.isEnabled()
        dialog.restore_selected()
        qtbot.waitUntil(lambda: bool(reopened), timeout=10_000)
        assert [c.code for c in Customer.select()] == ["C1"]
        assert "before" in quiet[-1]
    finally:
        set_auto_folder(None)


def test_admin_dialog_manages_accounts_and_reads_the_log(qtbot, team, tmp_path, quiet):
    """Add a user with a password, change a role, deactivate; the log shows it and exports."""
    dialog = AdminDialog(team["admin"])
    qtbot.addWidget(dialog)
    names = [dialog.users.item(r, 0).text() for r in range(dialog.users.rowCount())]
    assert names == ["admin", "manager", "sales1", "sales2"]
    assert dialog.users.item(2, 2).text() == "Salesperson"  # a label, never a key
    assert not dialog.add_user("sales3", "salesperson", "short")  # refused: 8 characters
    assert "at least 8" in quiet[-1]
    assert dialog.add_user("sales3", "salesperson", "long-enough")
    assert dialog.set_role("sales3", "sales_manager")
    assert dialog.set_active("sales2", False)
    assert not dialog.set_active("admin", False)  # the last general manager stays
    assert User.get(User.username == "sales3").role == "sales_manager"
    assert not User.get(User.username == "sales2").active
    actions = [dialog.audit.item(r, 2).text() for r in range(dialog.audit.rowCount())]
    assert "account deactivated" in actions and "user added" in actions
    dialog.action_filter.setCurrentIndex(dialog.action_filter.findData("user.role"))
    assert dialog.audit.rowCount() == 1
    out = tmp_path / "audit.csv"
    assert dialog.export_to(str(out))
    rows = list(csv.reader(out.open(encoding="utf-8-sig")))
    assert rows[0][0] == "time (UTC)" and rows[1][2] == "user.role"
    assert AuditEvent.select().where(AuditEvent.action == "export.audit").count() == 1


def test_only_the_general_manager_opens_administration(team):
    """A sales manager is refused before the dialog is built."""
    with pytest.raises(auth.PermissionDenied):
        AdminDialog(team["manager"])


def test_the_app_backs_up_at_start_and_on_close_after_a_change(qtbot, qapp, db_path, tmp_path):
    """Start: the day's backup off the GUI thread, once the window has painted; close after
    a change: another one; close without a change: none."""
    from crm_desktop import app as app_module
    from crm_desktop.models import close_database, database

    set_auto_folder(tmp_path / "auto")
    program = app_module.Application(qapp)
    try:
        assert program.start(str(db_path)) == 0
        qtbot.addWidget(program.window)
        qtbot.waitUntil(lambda: program.backup_operation is not None, timeout=10_000)
        qtbot.waitUntil(lambda: program.backup_operation.done, timeout=10_000)
        assert program.backup_operation.error is None
        first = program.backup_operation.result
        assert first is not None and first.path.parent == tmp_path / "auto"
        program.backup_on_close()  # nothing changed
        assert len(list((tmp_path / "auto").iterdir())) == 1
        create_customer(program.actor, {"name": "北京科技有限公司", "code": "C1"})
        program.backup_on_close()
        assert len(AuditEvent.select().where(AuditEvent.action == "backup.auto")) == 2
    finally:
        set_auto_folder(None)
        program.window.close()
        program.release()
        close_database()
        database.initialize(None)
