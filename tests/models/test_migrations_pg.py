"""PostgreSQL: the steps' own DDL brings a version-1 team database to today's schema."""

from __future__ import annotations

from datetime import datetime

import pytest
from conftest import PG_URL

from crm_desktop.models import (
    Customer,
    FollowUp,
    close_database,
    database,
    open_database,
)
from crm_desktop.models.migrations import CURRENT_VERSION

pytestmark = pytest.mark.skipif(not PG_URL, reason="needs CRM_TEST_DB_URL (PostgreSQL)")

# what steps 2-8 added, taken away again: a team database as version 1 made it
TO_VERSION_1 = (
    "DROP TRIGGER IF EXISTS follow_up_planned_recount ON follow_up",
    "DROP FUNCTION IF EXISTS follow_up_planned_recount()",
    "DROP TRIGGER IF EXISTS customer_search_follow ON customer",  # step 18's, on name_key
    "DROP FUNCTION IF EXISTS crm_search_follow()",
    "DROP TABLE customer_search",
    "DROP FUNCTION IF EXISTS crm_search_fill()",
    # step 22's check of the log's references, the foreign keys it replaced back
    'DROP TRIGGER IF EXISTS change_log_references ON "change_log"',
    "DROP FUNCTION IF EXISTS crm_log_references()",
    'ALTER TABLE "change_log" ADD FOREIGN KEY ("user_id") REFERENCES "user" ("id")',
    'ALTER TABLE "change_log" ADD FOREIGN KEY ("batch_id") REFERENCES "import_batch" ("id")',
    "DROP TABLE sync_take",
    "DROP TABLE sync_export_row",
    "DROP TABLE sync_export",
    "DROP TABLE custom_value",
    "DROP TABLE custom_field",
    'DROP INDEX "customer_deleted_at_code_id_stage_abc_class_credit_ratin_0f6bf04"',
    'DROP INDEX "customer_deleted_at_name_id_stage_abc_class_credit_ratin_cb3fc95"',
    'DROP INDEX "follow_up_customer_id_status_done_at"',
    'DROP INDEX "follow_up_status_due_at_customer_id"',
    'DROP INDEX "follow_up_planned_list"',
    'DROP INDEX "customer_live_name"',
    'DROP INDEX "customer_live_name_key"',
    'DROP INDEX "customer_live_code"',
    'ALTER TABLE "customer" DROP COLUMN "last_contact_at"',  # and its cadence indexes
    'ALTER TABLE "customer" DROP COLUMN "planned_followups"',
    'ALTER TABLE "customer" DROP COLUMN "owner_since"',
    'ALTER TABLE "customer" DROP COLUMN "name_key"',  # and its list index
    *(
        f'ALTER TABLE "{table}" DROP COLUMN "{column}"'
        for table in ("sale", "payment")
        for column in ("voided_at", "voided_by_id", "void_reason")
    ),
    "UPDATE db_info SET value = '1' WHERE key = 'schema_version'",
)


def _schema() -> dict[str, object]:
    """Columns (in order, with types and defaults), indexes, triggers and constraints of
    the public schema."""
    columns = database.execute_sql(
        "SELECT table_name, column_name, data_type, is_nullable, column_default "
        "FROM information_schema.columns WHERE table_schema = 'public' "
        "ORDER BY table_name, ordinal_position"
    ).fetchall()
    tables: dict[str, list[tuple]] = {}
    for table, *rest in columns:
        tables.setdefault(table, []).append(tuple(rest))
    indexes = dict(
        database.execute_sql(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'"
        ).fetchall()
    )
    triggers = sorted(
        database.execute_sql(
            "SELECT trigger_name, event_manipulation, action_statement "
            "FROM information_schema.triggers WHERE trigger_schema = 'public'"
        ).fetchall()
    )
    constraints = sorted(
        database.execute_sql(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
            "FROM pg_constraint WHERE connamespace = 'public'::regnamespace"
        ).fetchall()
    )
    return {"tables": tables, "indexes": indexes, "triggers": triggers, "keys": constraints}


def test_version_1_team_database_upgrades_to_todays_schema(db, admin):
    """Steps 2-8 on PostgreSQL: same columns, indexes and triggers as a new database, the
    derived columns filled and the search documents written."""
    from crm_desktop.services.customers import CustomerQuery, create_customer, list_customers

    fresh = _schema()
    card = create_customer(admin, {"name": "北京华科技术有限公司", "phone": "010-62345678"})
    other = create_customer(admin, {"name": "上海浦东贸易有限公司"})
    for status, done in (("done", datetime(2026, 2, 7, 16, 30)), ("planned", None)):
        FollowUp.create(
            customer=card.id, due_at=datetime(2026, 3, 1, 9), status=status, done_at=done
        )
    for statement in TO_VERSION_1:
        database.execute_sql(statement)
    assert "customer_search" not in database.get_tables()
    close_database()

    open_database(PG_URL)
    assert _schema() == fresh
    version = database.execute_sql("SELECT value FROM db_info WHERE key = 'schema_version'")
    assert int(version.fetchone()[0]) == CURRENT_VERSION
    got = {c.code: (c.last_contact_at, c.planned_followups) for c in Customer.select()}
    assert got == {card.code: (datetime(2026, 2, 7, 16, 30), 1), other.code: (None, 0)}
    found = [r.code for r in list_customers(admin, CustomerQuery(text="华科")).rows]
    assert found == [card.code]
    found = [r.code for r in list_customers(admin, CustomerQuery(text="6234")).rows]
    assert found == [card.code]
