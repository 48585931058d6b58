"""Administration on a PostgreSQL server with the team's rules: a column of each
account's database role, created and dropped from the dialog."""

from __future__ import annotations

import pytest
from conftest import PG_URL, pg_rules

from crm_desktop.ui.admin_dialog import AdminDialog

pytestmark = pytest.mark.skipif(not PG_URL, reason="needs CRM_TEST_DB_URL (PostgreSQL)")

PREFIX = "crm_pg_test_ui_"


@pytest.fixture
def secured(team):
    with pg_rules(PREFIX):
        yield team


def test_admin_dialog_shows_creates_and_drops_database_roles(qtbot, secured, monkeypatch):
    """The role column reads — until the role is created, then its name; dropping it
    (confirmed) brings the dash back; the general manager's own role stays."""
    from PySide6.QtWidgets import QMessageBox

    dialog = AdminDialog(secured["admin"])
    qtbot.addWidget(dialog)
    header = dialog.users.horizontalHeaderItem(5).text()
    assert header == "Database role"
    names = [dialog.users.item(r, 0).text() for r in range(dialog.users.rowCount())]
    row = names.index("sales1")
    assert dialog.users.item(row, 5).text() == "—"
    dialog.users.selectRow(row)
    assert dialog.create_role()
    sales1 = secured["sales1"]
    assert dialog.users.item(row, 5).text() == f"{PREFIX}u{sales1.id}"
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    dialog.users.selectRow(row)
    dialog.ask_drop_role()
    assert dialog.users.item(row, 5).text() == "—"
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: warnings.append(text))
    dialog.users.selectRow(names.index("admin"))
    dialog.create_role()
    assert not dialog.drop_role("admin") and "in use" in warnings[-1]
