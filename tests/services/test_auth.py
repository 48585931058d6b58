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
    auth.set_password(team["admin"], "sales1", "s3cret!42")
    stored = User.get(User.username == "sales1").password_hash
    assert stored.startswith("$argon2id$") and "s3cret" not in stored
    assert auth.authenticate("sales1", "s3cret!42").username == "sales1"
    with pytest.raises(PermissionDenied, match="Wrong user name or password"):
        auth.authenticate("sales1", "wrong")
    with pytest.raises(PermissionDenied, match="Wrong user name or password"):
        auth.authenticate("nobody", "s3cret!42")
    # once a password exists, the CLI needs --user
    assert auth.passwords_in_use()
    with pytest.raises(PermissionDenied, match="--user"):
        auth.login_from_environment(None)
    monkeypatch.setenv("CRM_DESKTOP_PASSWORD", "s3cret!42")
    assert auth.login_from_environment("sales1").role == "salesperson"
    assert AuditEvent.select().where(AuditEvent.action == "user.password").count() == 1


def test_only_the_general_manager_manages_users(team):
    with pytest.raises(PermissionDenied):
        auth.create_user(team["manager"], "sales9", "salesperson")
    with pytest.raises(PermissionDenied):
        auth.set_password(team["sales1"], "sales2", "abcd1234")
    auth.set_password(team["sales1"], "sales1", "abcd1234")  # one's own is fine


def test_user_validation_names_the_field(admin):
    with pytest.raises(ValidationError) as info:
        auth.create_user(admin, "admin", "boss")
    assert set(info.value.errors) == {"username", "role"}
    with pytest.raises(ValidationError, match="at least 8"):
        auth.set_password(admin, "admin", "abc1234")


def test_password_less_accounts_cannot_act_once_passwords_are_in_use(team, monkeypatch):
    """The first `admin` without a password cannot add an intruder once sales1 has one."""
    auth.set_password(team["admin"], "sales1", "sales1-secret")
    with pytest.raises(auth.PasswordNeeded) as info:
        auth.login_from_environment("admin")
    assert info.value.code == "auth.password_needed"
    with pytest.raises(auth.PasswordNeeded):
        auth.authenticate("admin", "")
    # and the last password-holder cannot be left without one while others have theirs
    auth.set_password(team["admin"], "admin", "admin-secret")
    with pytest.raises(ValidationError):
        auth.set_password(team["admin"], "admin", None)
    monkeypatch.setenv("CRM_DESKTOP_PASSWORD", "admin-secret")
    assert auth.login_from_environment("admin").role == "gm"


def test_wrong_passwords_make_the_next_try_wait_and_are_audited(team):
    """Five wrong passwords in a row: then each try waits, growing; each failure is audited."""
    auth.set_password(team["admin"], "sales1", "sales1-secret")
    for _ in range(4):
        with pytest.raises(PermissionDenied) as info:
            auth.authenticate("sales1", "guess")
        assert info.value.code == "auth.wrong_login"
    with pytest.raises(PermissionDenied) as info:
        auth.authenticate("sales1", "guess")
    assert info.value.code == "auth.wrong_login_wait" and info.value.params["seconds"] == "30"
    # even the right password is refused while the wait lasts
    with pytest.raises(PermissionDenied) as info:
        auth.authenticate("sales1", "sales1-secret")
    assert info.value.code == "auth.wait"
    failed = AuditEvent.select().where(AuditEvent.action == "login.failed")
    assert failed.count() == 5 and {e.detail for e in failed} == {"sales1"}
    assert [auth.wait_after(n) for n in (4, 5, 6, 7, 30)] == [0, 30, 60, 120, 900]
    # once the wait is over the right password works and clears the count
    from datetime import timedelta

    for event in AuditEvent.select():
        AuditEvent.update(at=event.at - timedelta(minutes=1)).where(
            AuditEvent.id == event.id
        ).execute()
    assert auth.authenticate("sales1", "sales1-secret").username == "sales1"
    assert auth.failed_in_a_row("sales1") == (0, None)
    assert AuditEvent.select().where(AuditEvent.action == "login").count() == 1


def test_unknown_users_are_audited_and_slowed_too(admin):
    """Guessing account names costs the same waits and leaves the same trace."""
    auth.set_password(admin, "admin", "admin-secret")
    for _ in range(5):
        with pytest.raises(PermissionDenied):
            auth.authenticate("root", "toor")
    with pytest.raises(PermissionDenied) as info:
        auth.authenticate("root", "toor")
    assert info.value.code == "auth.wait"
    assert AuditEvent.select().where(AuditEvent.detail == "root").count() == 5


def test_salesperson_may_not_list_users(team):
    """The team list with roles is for managers; a salesperson is refused."""
    assert [u.username for u in auth.users_for(team["manager"])][:1] == ["admin"]
    with pytest.raises(PermissionDenied):
        auth.users_for(team["sales1"])


def test_a_user_is_found_as_other_crms_write_a_person(team):
    """张伟（华东区）, 张伟(zhangwei), sales1 张伟, 王芳/华南 name their user; what names two
    users or none is refused."""
    from crm_desktop.errors import ValidationError
    from crm_desktop.services.auth import resolve_user

    sales1, sales2 = team["sales1"].id, team["sales2"].id
    for text in (
        "张伟",
        "sales1",
        "张伟（华东区）",
        "张伟(zhangwei)",
        "sales1 张伟",
        "张伟【销售部】",
    ):
        assert resolve_user(text) == sales1, text
    assert resolve_user("王芳/华南") == sales2
    for text in ("张伟 王芳", "李四", "李四（华东区）"):
        with pytest.raises(ValidationError):
            resolve_user(text)
