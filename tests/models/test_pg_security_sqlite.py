"""The team's rules are PostgreSQL's: a SQLite file is left exactly as it was."""

from __future__ import annotations

import pytest
from conftest import PG_URL

from crm_desktop.errors import DatabaseOpenError
from crm_desktop.models import pg_roles as roles
from crm_desktop.models import pg_security as sec
from crm_desktop.services import auth

pytestmark = pytest.mark.skipif(bool(PG_URL), reason="SQLite only")


def test_sqlite_has_no_roles_and_refuses_to_install_them(team):
    """No prefix, no role column, no connection switch after a login; installing is
    refused as on any non-server address; role commands say the rules are missing."""
    assert sec.installed_prefix() is None and not sec.may_create_roles()
    assert auth.database_roles(team["admin"]) == []
    auth.set_password(team["admin"], "sales1", "sales1-password")
    auth.authenticate("sales1", "sales1-password")
    assert roles.current_role() is None
    with pytest.raises(DatabaseOpenError) as caught:
        sec.install("crm_pg_test_sqlite_")
    assert caught.value.code == "server.not_postgres"
    with pytest.raises(auth.UserError) as refused:
        auth.create_database_roles(team["admin"])
    assert refused.value.code == "server.no_rules"
