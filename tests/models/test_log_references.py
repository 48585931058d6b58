"""PostgreSQL: the change log's references to a user and an import batch are checked
once per statement (schema 22), by a COPY as by an INSERT, and a bad one is refused
with the whole statement."""

from __future__ import annotations

import peewee as pw
import psycopg2.errors
import pytest
from conftest import PG_URL

from crm_desktop.models import ImportBatch, database
from crm_desktop.models.base import new_uuid
from crm_desktop.models.pg_copy import copy_rows

pytestmark = pytest.mark.skipif(not PG_URL, reason="needs CRM_TEST_DB_URL (PostgreSQL)")

_LOG = "INSERT INTO change_log (entity, entity_id, field, user_id, at, batch_id) VALUES "


def _count() -> int:
    return database.execute_sql("SELECT count(*) FROM change_log").fetchone()[0]


def test_rows_naming_a_user_and_a_batch_that_exist_go_in(db, admin):
    batch = ImportBatch.create(uuid=new_uuid(), file_name="客户.xlsx", user=admin.id)
    before = _count()
    with database.atomic(), database.connection().cursor() as cursor:
        columns = ("entity", "entity_id", "field", "user_id", "at", "batch_id")
        rows = [("customer", 8, "created", admin.id, "2026-12-07 09:00:00", batch.id)]
        rows += [("customer", 9, "name", None, "2026-12-07 09:00:00", None)]
        assert copy_rows(cursor, "change_log", columns, rows) == 2
    assert _count() == before + 2


@pytest.mark.parametrize(
    "values",
    [
        "('customer', 1, 'created', 999999, now(), NULL)",  # no such user
        "('customer', 1, 'created', NULL, now(), 999999)",  # no such batch
    ],
)
def test_a_row_naming_a_user_or_batch_that_does_not_exist_is_refused(db, admin, values):
    before = _count()
    good = f"('customer', 1, 'created', {admin.id}, now(), NULL)"
    with pytest.raises(pw.IntegrityError, match="change_log"), database.atomic():
        database.execute_sql(_LOG + good + ", " + values)
    assert _count() == before  # the statement's good row went with it


def test_a_copy_with_a_bad_reference_writes_nothing(db, admin):
    before = _count()
    columns = ("entity", "entity_id", "field", "user_id", "at", "batch_id")
    rows = [("customer", i, "created", admin.id, "2026-12-07 09:00:00", None) for i in range(50)]
    rows.append(("customer", 51, "created", 424242, "2026-12-07 09:00:00", None))
    bad = pytest.raises(psycopg2.errors.ForeignKeyViolation, match="424242")
    with bad, database.atomic(), database.connection().cursor() as cursor:
        copy_rows(cursor, "change_log", columns, rows)
    assert _count() == before
