"""Roles, passwords and logins."""

from __future__ import annotations

import pytest

from crm_desktop.errors import PermissionDenied, ValidationError
from crm_desktop.models import AuditEvent, User
from crm_desktop.services import auth


def test_new_database_has_a_passwordless_general_manager(admin):
    assert admin.username == "admin" and admin.role == "gm"
    assert not auth.passwords_in_use()
    assert auth.login_from_environment(None).username == "admin"


def test_roles_decide_permissions(team):
    """Each role has its permissions; a refusal names the role and the action, not keys."""
    assert team["admin"].can("credit.approve") and team["admin"].can("user.manage")
    assert team["manager"].can("export.bulk") and not team["manager"].can("credit.approve")
    assert not team["sales1"].can("export.bulk") and team["sales1"].can("credit.request")
    with pytest.raises(PermissionDenied) as refused:
        team["sales1"].require("export.bulk", "auth.action_export")
    assert refused.value.code == "auth.denied"
    assert refused.value.render("en").endswith("(Salesperson) may not export customers in bulk.")
    assert refused.value.render("zh_CN").startswith("业务员 ")
    assert refused.value.render("zh_CN").endswith("无权批量导出客户。")
    with pytest.raises(PermissionDenied) as refused:  # a phrase, not a code: never shown as is
        team["sales1"].require("import", "import customers")
    assert refused.value.render("zh_CN") == "业务员 张伟 无权导入客户。"


def test_passwords_are_argon2id_and_checked(team, monkeypatch):
    auth.set_password(team["admin"], "sales1", "s3cret!")
    stored = User.get(User.username == "sales1").password_hash
    assert stored.startswith("$argon2id$") and "s3cret" not in stored
    assert auth.authenticate("sales1", "s3cret!").username == "sales1"
    with pytest.raises(PermissionDenied, match="Wrong user name or password"):
        auth.authenticate("sales1", "wrong")
    with pytest.raises(PermissionDenied, match="Wrong user name or password"):
        auth.authenticate("nobody", "s3cret!")
    # once a password exists, the CLI needs --user
    assert auth.passwords_in_use()
    with pytest.raises(PermissionDenied, match="--user"):
        auth.login_from_environment(None)
    monkeypatch.setenv("CRM_DESKTOP_PASSWORD", "s3cret!")
    assert auth.login_from_environment("sales1").role == "salesperson"
    assert AuditEvent.select().where(AuditEvent.action == "user.password").count() == 1


def test_only_the_general_manager_manages_users(team):
    with pytest.raises(PermissionDenied):
        auth.create_user(team["manager"], "sales9", "salesperson")
    with pytest.raises(PermissionDenied):
        auth.set_password(team["sales1"], "sales2", "abcd")
    auth.set_password(team["sales1"], "sales1", "abcd")  # one's own is fine


def test_user_validation_names_the_field(admin):
    with pytest.raises(ValidationError) as info:
        auth.create_user(admin, "admin", "boss")
    assert set(info.value.errors) == {"username", "role"}
    with pytest.raises(ValidationError, match="at least 4"):
        auth.set_password(admin, "admin", "abc")
