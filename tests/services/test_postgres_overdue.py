"""The overdue list is the same on SQLite and PostgreSQL, and on PostgreSQL it is read
through the covering indexes of schema step 19.

Runs when CRM_TEST_DB_URL names a PostgreSQL server: the same demo (same seed, same day)
is made in a SQLite file and on the server, and each role's overdue rows are compared.
"""

from __future__ import annotations

import pytest
from conftest import PG_URL, on_both_databases

from crm_desktop.models import database
from tests.overdue_demo import ROLES, TODAY

pytestmark = pytest.mark.skipif(not PG_URL, reason="needs CRM_TEST_DB_URL (PostgreSQL)")


def _overdue() -> dict[str, list[tuple]]:
    """Each role's overdue rows, as the list shows them, on a fresh demo."""
    from crm_desktop.demo import generate_demo
    from crm_desktop.services.auth import get_actor
    from crm_desktop.services.followups import clear_cache
    from crm_desktop.services.followups.overdue import overdue_rows

    generate_demo(get_actor("admin"), 300, seed=11, today=TODAY)
    clear_cache()
    out = {}
    for username in ROLES:
        rows = overdue_rows(get_actor(username), TODAY)
        out[username] = [
            (r.kind, r.customer_code, r.customer_name, r.contact_name, r.subject, r.due_at)
            for r in rows
        ]
    return out


@pytest.fixture(scope="module")
def both(tmp_path_factory) -> tuple[dict, dict]:
    return on_both_databases(tmp_path_factory.mktemp("overdue-parity"), _overdue)


@pytest.mark.parametrize("username", ROLES)
def test_each_role_sees_the_same_overdue_rows_on_both(both, username):
    """Late follow-ups (with their customers and contacts) and customers out of cadence
    come back alike, in the same order, for the general manager, a manager and a salesperson."""
    sqlite, postgres = both
    assert any(r[0] == "cadence" for r in sqlite[username])
    assert any(r[0] != "cadence" and r[3] for r in sqlite[username])  # a contact's name
    assert postgres[username] == sqlite[username]


def test_the_overdue_indexes_are_made_with_a_new_database(db):
    """A new PostgreSQL database has step 19's covering indexes (not the ones they
    replace), and the late follow-ups are joined by look-ups, not hashed."""
    from crm_desktop.services.auth import get_actor
    from crm_desktop.services.followups.overdue import _LOOK_UPS, _planned_overdue
    from crm_desktop.services.followups.rows import _base_query, _scope

    names = {r[0] for r in database.execute_sql("SELECT indexname FROM pg_indexes")}
    assert {"customer_cadence_class", "customer_cadence_own"} <= names
    assert {"customer_live_card", "contact_card_name"} <= names
    assert not any(n.startswith("customer_deleted_at_planned_followups") for n in names)

    late = _planned_overdue(_scope(_base_query(), get_actor("admin"), None), TODAY)
    with database.atomic():
        for setting in _LOOK_UPS:
            database.execute_sql(f"SET LOCAL {setting}")
        sql, params = late.sql()
        plan = "\n".join(r[0] for r in database.execute_sql(f"EXPLAIN {sql}", params))
    assert "Nested Loop" in plan and "Hash" not in plan, plan
