"""Shared fixtures: a real database per test, users of every role, an isolated home.

Set CRM_TEST_DB_URL=postgresql://… to run the database tests against a PostgreSQL
server instead of a SQLite file; tests marked `sqlite_only` are skipped there.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator

# Before anything imports Qt or platformdirs: no screen, and no real user folders.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_home = tempfile.mkdtemp(prefix="crm-test-home-")
for _var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
    os.environ[_var] = os.path.join(_home, _var.lower())
os.environ.pop("CRM_DESKTOP_DB", None)
os.environ.pop("CRM_DESKTOP_PASSWORD", None)
os.environ["CRM_DESKTOP_LANG"] = "en"

import pytest  # noqa: E402

from crm_desktop.models import close_database, database, open_database  # noqa: E402

PG_URL = os.environ.get("CRM_TEST_DB_URL", "")


def pytest_configure(config):
    config.addinivalue_line("markers", "sqlite_only: needs a SQLite file (skipped on PostgreSQL)")


@pytest.fixture(autouse=True)
def _english_after_each_test():
    """A test that switches to Chinese (CRM_DESKTOP_LANG) leaves the next one in English."""
    yield
    os.environ["CRM_DESKTOP_LANG"] = "en"


def pytest_collection_modifyitems(config, items):
    if not PG_URL:
        return
    skip = pytest.mark.skip(reason="SQLite only")
    for item in items:
        if "sqlite_only" in item.keywords:
            item.add_marker(skip)


def _reset_postgres(url: str) -> None:
    from playhouse.db_url import connect

    db = connect(url)
    db.connect()
    db.execute_sql("DROP SCHEMA public CASCADE")
    db.execute_sql("CREATE SCHEMA public")
    db.close()


def on_both_databases(folder, answers):
    """`answers(target)` on a new SQLite file in `folder` and on the emptied test
    PostgreSQL database, each opened for it and closed after: (SQLite's, PostgreSQL's)."""

    def on(target):
        open_database(target)
        try:
            return answers()
        finally:
            close_database()
            database.initialize(None)

    sqlite = on(folder / "crm.db")
    _reset_postgres(PG_URL)
    return sqlite, on(PG_URL)


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "crm.db"


@pytest.fixture
def db(db_path):
    """An empty crm-desktop database (SQLite file in tmp_path, or the test PostgreSQL)."""
    if PG_URL:
        _reset_postgres(PG_URL)
        handle = open_database(PG_URL)
    else:
        handle = open_database(db_path)
    yield handle
    close_database()
    database.initialize(None)


@pytest.fixture
def admin(db):
    from crm_desktop.services.auth import get_actor

    return get_actor("admin")


@pytest.fixture
def team(admin):
    """The demo team: admin (GM), manager, sales1, sales2, as Actors keyed by name."""
    from crm_desktop.services.auth import create_user

    people = {"admin": admin}
    people["manager"] = create_user(admin, "manager", "sales_manager", "李经理")
    people["sales1"] = create_user(admin, "sales1", "salesperson", "张伟")
    people["sales2"] = create_user(admin, "sales2", "salesperson", "王芳")
    return people


def drop_pg_roles(prefix: str) -> None:
    """Drop the server's roles whose name starts with `prefix` (the team's rules' roles a
    test made), with what they own."""
    import psycopg2

    con = psycopg2.connect(PG_URL)
    con.autocommit = True
    with con.cursor() as cursor:
        cursor.execute("SELECT rolname FROM pg_roles WHERE starts_with(rolname, %s)", (prefix,))
        for (name,) in cursor.fetchall():
            cursor.execute(f'DROP OWNED BY "{name}"')
            cursor.execute(f'DROP ROLE "{name}"')
    con.close()


@contextlib.contextmanager
def pg_rules(prefix: str) -> Iterator[None]:
    """The team's rules installed on the test server under `prefix`, removed afterwards."""
    from crm_desktop.models import pg_security

    drop_pg_roles(prefix)
    pg_security.install(prefix)
    try:
        yield
    finally:
        open_database(PG_URL)
        pg_security.uninstall()
        drop_pg_roles(prefix)
