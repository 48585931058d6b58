"""The login dialog offers the accounts to choose from; a user name is never typed."""

from __future__ import annotations

import pytest

from crm_desktop.services import auth
from crm_desktop.ui.login_dialog import LoginDialog

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def test_login_lists_the_active_accounts_and_takes_no_typed_name(qtbot, team):
    """Every active account is in the list, a deactivated one is not, and nothing is typed."""
    admin = team["admin"]
    auth.set_password(admin, "admin", "admin-secret-1")
    auth.set_password(admin, "sales2", "sales2-secret-1")
    auth.set_active(admin, "sales2", False)
    dialog = LoginDialog("x.db")
    qtbot.addWidget(dialog)
    names = [dialog.user.itemData(i) for i in range(dialog.user.count())]
    assert names == ["admin", "manager", "sales1"]
    assert not dialog.user.isEditable() and dialog.user.lineEdit() is None
    dialog.user.setCurrentIndex(names.index("admin"))
    dialog.password.setText("admin-secret-1")
    dialog.try_login()
    assert dialog.actor is not None and dialog.actor.username == "admin"
