"""Schema versions and the steps between them.

A new database gets the current schema at once. An older one is first copied next to
itself (SQLite online backup), then upgraded step by step in one transaction, so a
failed upgrade leaves the original untouched and a backup beside it.

History:
  1  the first schema: every table but the search index
  2  the customer search index (customer_search, and customer_fts on SQLite)
  3  covering indexes for the customer list (by name and by code)
  4  customer.last_contact_at (done_at of the last completed follow-up), backfilled,
     with the indexes of the cadence rule
  5  follow_up (status, due_at, customer_id): the calendar month of one salesperson
  6  customer.planned_followups, kept by triggers on follow_up, in the cadence indexes;
     the partial index of planned follow-ups the due lists read
  7  customer_fts contentless (SQLite): the index of the bigrams without their text
  8  custom fields: custom_field (the definitions) and custom_value (their values)

Each step holds its own DDL, as the schema was at that version, written out as SQL:
a step never builds a table or an index from today's model classes, whose definitions
move on. Data fills (the search documents, the backfills) call today's code, which
reads and writes only columns that exist from that step on. tests/data/schema_vN.sql
holds a database of every released version; tests/models/test_migrations.py upgrades
each and compares its schema with a new database's.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence

import peewee as pw

from crm_desktop import APP_NAME
from crm_desktop.models.entities import MODELS, Customer, CustomerSearch, DbInfo, User
from crm_desktop.models.search_index import FTS_DDL, fill_fts_from_documents, reindex_customers

log = logging.getLogger(__name__)

CURRENT_VERSION = 8


def _run(db: pw.Database, sqlite: Sequence[str], postgres: Sequence[str] | None = None) -> None:
    """A step's statements for the database at hand (the same SQL on both by default)."""
    is_sqlite = isinstance(db, pw.SqliteDatabase)
    for statement in sqlite if is_sqlite or postgres is None else postgres:
        db.execute_sql(statement)


def _columns(db: pw.Database, table: str) -> set[str]:
    return {c.name for c in db.get_columns(table)}


def _try_trigram_index(db: pw.Database, statements: Sequence[str]) -> None:
    """PostgreSQL's trigram index for ILIKE search, when the server has pg_trgm."""
    try:
        with db.atomic():
            _run(db, statements)
    except pw.DatabaseError:
        log.warning("pg_trgm is not available: search scans customer_search.doc")


def create_search_index(db: pw.Database) -> None:
    """Today's search index beside a new schema: FTS5 on SQLite, trigrams on PostgreSQL."""
    db.create_tables([CustomerSearch])
    if isinstance(db, pw.SqliteDatabase):
        db.execute_sql(FTS_DDL)
    else:
        _try_trigram_index(db, _V2_TRIGRAM)


# --- 2: the customer search index ----------------------------------------------------

_V2_SEARCH_TABLE = (
    'CREATE TABLE IF NOT EXISTS "customer_search" ("customer_id" INTEGER NOT NULL PRIMARY KEY, '
    '"doc" TEXT NOT NULL, FOREIGN KEY ("customer_id") REFERENCES "customer" ("id") '
    "ON DELETE CASCADE)"
)
_V2_FTS = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS customer_fts USING fts5("
    "tokens, tokenize = 'unicode61 remove_diacritics 0', columnsize = 0)"
)
_V2_TRIGRAM = (
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS customer_search_doc_trgm "
    "ON customer_search USING gin (doc gin_trgm_ops)",
)


def _to_2(db: pw.Database) -> None:
    _run(db, [_V2_SEARCH_TABLE, _V2_FTS], [_V2_SEARCH_TABLE])
    if not isinstance(db, pw.SqliteDatabase):
        _try_trigram_index(db, _V2_TRIGRAM)
    ids = [i for (i,) in db.execute_sql("SELECT id FROM customer ORDER BY id")]
    reindex_customers(ids)  # by id: the FTS table of version 2 keeps its content


# --- 3: covering indexes of the customer list ---------------------------------------

_V3_INDEXES = (
    'CREATE INDEX IF NOT EXISTS "customer_deleted_at_code_id_stage_abc_class_credit_ratin_0f6bf04" '
    'ON "customer" ("deleted_at", "code", "id", "stage", "abc_class", "credit_rating", "owner_id")',
    'CREATE INDEX IF NOT EXISTS "customer_deleted_at_name_id_stage_abc_class_credit_ratin_cb3fc95" '
    'ON "customer" ("deleted_at", "name", "id", "stage", "abc_class", "credit_rating", "owner_id")',
)


def _to_3(db: pw.Database) -> None:
    _run(db, _V3_INDEXES)


_LAST_CONTACT = (
    "UPDATE customer SET last_contact_at = (SELECT MAX(f.done_at) FROM follow_up f "
    "WHERE f.customer_id = customer.id AND f.status = 'done')"
)


def backfill_last_contact(customer_ids: Iterable[int] | None = None) -> None:
    """Set customer.last_contact_at from the completed follow-ups (all customers, or these).

    The one definition of the column: the upgrade, the demo loader and every write of a
    completed follow-up call it, so they can never disagree.
    """
    db = Customer._meta.database
    if customer_ids is None:
        db.execute_sql(_LAST_CONTACT)
        return
    ids = sorted({int(i) for i in customer_ids})
    mark = db.param
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ", ".join([mark] * len(chunk))
        db.execute_sql(f"{_LAST_CONTACT} WHERE customer.id IN ({marks})", chunk)


# --- 4: customer.last_contact_at and the cadence indexes ------------------------------

_V4_DONE_INDEX = (
    'CREATE INDEX IF NOT EXISTS "follow_up_customer_id_status_done_at" '
    'ON "follow_up" ("customer_id", "status", "done_at")'
)
_V4_CADENCE_INDEXES = (
    'CREATE INDEX IF NOT EXISTS "customer_deleted_at_abc_class_last_contact_at_contact_in_470a1aa" '
    'ON "customer" ("deleted_at", "abc_class", "last_contact_at", "contact_interval_days", '
    '"created_at", "owner_id", "code", "name")',
    'CREATE INDEX IF NOT EXISTS "customer_deleted_at_contact_interval_days_last_contact_a_3e87993" '
    'ON "customer" ("deleted_at", "contact_interval_days", "last_contact_at", "abc_class", '
    '"created_at", "owner_id", "code", "name")',
)


def _to_4(db: pw.Database) -> None:
    if "last_contact_at" not in _columns(db, "customer"):  # safe to re-run
        _run(
            db,
            ['ALTER TABLE "customer" ADD COLUMN "last_contact_at" DATETIME'],
            ['ALTER TABLE "customer" ADD COLUMN "last_contact_at" TIMESTAMP'],
        )
    _run(db, [_V4_DONE_INDEX])  # (customer, status, done_at): the backfill seeks it
    backfill_last_contact()
    _run(db, _V4_CADENCE_INDEXES)


# --- 5: a salesperson's calendar month -----------------------------------------------


def _to_5(db: pw.Database) -> None:
    _run(
        db,
        [
            'CREATE INDEX IF NOT EXISTS "follow_up_status_due_at_customer_id" '
            'ON "follow_up" ("status", "due_at", "customer_id")'
        ],
    )


# customer.planned_followups is recounted by the database itself on every write of a
# follow-up that can change it (insert, delete, a change of status or customer), so no
# writer (service, importer, demo loader, bulk insert, a test) can leave it wrong.
_PLANNED_COUNT = (
    "(SELECT COUNT(*) FROM follow_up f WHERE f.customer_id = {who} AND f.status = 'planned')"
)
_RECOUNT = "UPDATE customer SET planned_followups = {count} WHERE id = {who};"

SQLITE_TRIGGERS = (
    "CREATE TRIGGER IF NOT EXISTS follow_up_planned_insert AFTER INSERT ON follow_up "
    "WHEN NEW.status = 'planned' BEGIN {new} END",
    "CREATE TRIGGER IF NOT EXISTS follow_up_planned_delete AFTER DELETE ON follow_up "
    "WHEN OLD.status = 'planned' BEGIN {old} END",
    "CREATE TRIGGER IF NOT EXISTS follow_up_planned_update "
    "AFTER UPDATE OF status, customer_id ON follow_up "
    "WHEN OLD.status IS NOT NEW.status OR OLD.customer_id IS NOT NEW.customer_id "
    "BEGIN {old} {new} END",
)

POSTGRES_TRIGGER = (
    """
CREATE OR REPLACE FUNCTION follow_up_planned_recount() RETURNS trigger AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        IF TG_OP = 'DELETE' OR OLD.status IS DISTINCT FROM NEW.status
                OR OLD.customer_id IS DISTINCT FROM NEW.customer_id THEN
            {old}
        END IF;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        {new}
    END IF;
    RETURN NULL;
END $$ LANGUAGE plpgsql""",
    "DROP TRIGGER IF EXISTS follow_up_planned_recount ON follow_up",
    "CREATE TRIGGER follow_up_planned_recount "
    "AFTER INSERT OR DELETE OR UPDATE OF status, customer_id ON follow_up "
    "FOR EACH ROW EXECUTE FUNCTION follow_up_planned_recount()",
)


def _recount(who: str) -> str:
    return _RECOUNT.format(count=_PLANNED_COUNT.format(who=who), who=who)


def create_followup_triggers(db: pw.Database) -> None:
    """The triggers that keep customer.planned_followups (safe to run again)."""
    old, new = _recount("OLD.customer_id"), _recount("NEW.customer_id")
    statements = SQLITE_TRIGGERS if isinstance(db, pw.SqliteDatabase) else POSTGRES_TRIGGER
    for statement in statements:
        db.execute_sql(statement.format(old=old, new=new))


def drop_followup_triggers(db: pw.Database) -> None:
    """Without them for a bulk load whose indexes are dropped too (each recount would scan
    the follow-ups); `create_followup_triggers` and `backfill_planned_followups` after."""
    if isinstance(db, pw.SqliteDatabase):
        for name in ("insert", "delete", "update"):
            db.execute_sql(f"DROP TRIGGER IF EXISTS follow_up_planned_{name}")
    else:
        db.execute_sql("DROP TRIGGER IF EXISTS follow_up_planned_recount ON follow_up")


def backfill_planned_followups() -> None:
    """Count every customer's planned follow-ups (the upgrade; the triggers keep it after)."""
    Customer._meta.database.execute_sql(
        "UPDATE customer SET planned_followups = " + _PLANNED_COUNT.format(who="customer.id")
    )


# --- 6: customer.planned_followups, kept by triggers; the planned follow-ups' index ---

_V6_DROPPED = (  # the cadence indexes of version 4, before planned_followups led them
    "customer_deleted_at_abc_class_last_contact_at_contact_in_470a1aa",
    "customer_deleted_at_contact_interval_days_last_contact_a_3e87993",
)
_V6_INDEXES = (
    'CREATE INDEX IF NOT EXISTS "customer_deleted_at_planned_followups_abc_class_last_con_f138bf6" '
    'ON "customer" ("deleted_at", "planned_followups", "abc_class", "last_contact_at", '
    '"contact_interval_days", "created_at", "owner_id", "code", "name")',
    'CREATE INDEX IF NOT EXISTS "customer_deleted_at_planned_followups_contact_interval_d_fe5f037" '
    'ON "customer" ("deleted_at", "planned_followups", "contact_interval_days", '
    '"last_contact_at", "abc_class", "created_at", "owner_id", "code", "name")',
    'CREATE INDEX IF NOT EXISTS "follow_up_planned_list" ON "follow_up" ("status", "due_at", '
    '"id", "customer_id", "kind", "subject", "owner_id", "contact_id", "ends_at", "done_at", '
    '"outcome", "recurrence", "series", "version") WHERE ("status" = \'planned\')',
)
_V6_RECOUNT = (
    "UPDATE customer SET planned_followups = (SELECT COUNT(*) FROM follow_up f "
    "WHERE f.customer_id = {who} AND f.status = 'planned') WHERE id = {who};"
)
_V6_OLD, _V6_NEW = (_V6_RECOUNT.format(who=w) for w in ("OLD.customer_id", "NEW.customer_id"))
_V6_SQLITE_TRIGGERS = (
    "CREATE TRIGGER IF NOT EXISTS follow_up_planned_insert AFTER INSERT ON follow_up "
    f"WHEN NEW.status = 'planned' BEGIN {_V6_NEW} END",
    "CREATE TRIGGER IF NOT EXISTS follow_up_planned_delete AFTER DELETE ON follow_up "
    f"WHEN OLD.status = 'planned' BEGIN {_V6_OLD} END",
    "CREATE TRIGGER IF NOT EXISTS follow_up_planned_update "
    "AFTER UPDATE OF status, customer_id ON follow_up "
    "WHEN OLD.status IS NOT NEW.status OR OLD.customer_id IS NOT NEW.customer_id "
    f"BEGIN {_V6_OLD} {_V6_NEW} END",
)
_V6_POSTGRES_TRIGGER = (
    f"""
CREATE OR REPLACE FUNCTION follow_up_planned_recount() RETURNS trigger AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        IF TG_OP = 'DELETE' OR OLD.status IS DISTINCT FROM NEW.status
                OR OLD.customer_id IS DISTINCT FROM NEW.customer_id THEN
            {_V6_OLD}
        END IF;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        {_V6_NEW}
    END IF;
    RETURN NULL;
END $$ LANGUAGE plpgsql""",
    "DROP TRIGGER IF EXISTS follow_up_planned_recount ON follow_up",
    "CREATE TRIGGER follow_up_planned_recount "
    "AFTER INSERT OR DELETE OR UPDATE OF status, customer_id ON follow_up "
    "FOR EACH ROW EXECUTE FUNCTION follow_up_planned_recount()",
)


def _to_6(db: pw.Database) -> None:
    if "planned_followups" not in _columns(db, "customer"):
        # in place on both databases (peewee's SQLite migrator would rebuild the table
        # to add a NOT NULL column)
        db.execute_sql(
            'ALTER TABLE "customer" ADD COLUMN "planned_followups" INTEGER NOT NULL DEFAULT 0'
        )
    _run(db, [f'DROP INDEX IF EXISTS "{name}"' for name in _V6_DROPPED])
    backfill_planned_followups()
    _run(db, _V6_INDEXES)
    _run(db, _V6_SQLITE_TRIGGERS, _V6_POSTGRES_TRIGGER)


# --- 7: customer_fts contentless ------------------------------------------------------

_V7_FTS = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS customer_fts USING fts5("
    "tokens, content = '', tokenize = 'unicode61 remove_diacritics 0', columnsize = 0)"
)


def _to_7(db: pw.Database) -> None:
    if not isinstance(db, pw.SqliteDatabase):
        return
    ddl = db.execute_sql("SELECT sql FROM sqlite_schema WHERE name = 'customer_fts'").fetchone()
    if ddl and "content = ''" in ddl[0]:
        return  # already contentless: safe to re-run
    db.execute_sql("DROP TABLE IF EXISTS customer_fts")
    db.execute_sql(_V7_FTS)
    fill_fts_from_documents()


# --- 8: custom fields ------------------------------------------------------------------

_V8_FIELD = (
    'CREATE TABLE IF NOT EXISTS "custom_field" ("id" {serial} NOT NULL PRIMARY KEY, '
    '"uuid" VARCHAR(36) NOT NULL, "created_at" {ts} NOT NULL, "updated_at" {ts} NOT NULL, '
    '"version" INTEGER NOT NULL, "deleted_at" {ts}, "entity" VARCHAR(20) NOT NULL, '
    '"key" VARCHAR(60) NOT NULL, "label_zh" VARCHAR(100) NOT NULL, '
    '"label_en" VARCHAR(100) NOT NULL, "kind" VARCHAR(10) NOT NULL, "choices" TEXT NOT NULL, '
    '"required" {bool} NOT NULL, "group" VARCHAR(20) NOT NULL, "position" INTEGER NOT NULL, '
    '"hidden" {bool} NOT NULL, "retired" {bool} NOT NULL)'
)
_V8_VALUE = (
    'CREATE TABLE IF NOT EXISTS "custom_value" ("id" {serial} NOT NULL PRIMARY KEY, '
    '"field_id" INTEGER NOT NULL, "entity_id" INTEGER NOT NULL, "text" TEXT NOT NULL, '
    '"key" VARCHAR(100), "number" {decimal}(20, 4), "day" DATE, FOREIGN KEY ("field_id") '
    'REFERENCES "custom_field" ("id") ON DELETE CASCADE)'
)
_V8_INDEXES = (
    'CREATE UNIQUE INDEX IF NOT EXISTS "custom_field_uuid" ON "custom_field" ("uuid")',
    'CREATE INDEX IF NOT EXISTS "custom_field_deleted_at" ON "custom_field" ("deleted_at")',
    'CREATE UNIQUE INDEX IF NOT EXISTS "custom_field_entity_key" '
    'ON "custom_field" ("entity", "key")',
    'CREATE INDEX IF NOT EXISTS "custom_value_entity_id_field_id" '
    'ON "custom_value" ("entity_id", "field_id")',
    'CREATE INDEX IF NOT EXISTS "custom_value_field_id_key_entity_id" '
    'ON "custom_value" ("field_id", "key", "entity_id")',
    'CREATE INDEX IF NOT EXISTS "custom_value_field_id_number_entity_id" '
    'ON "custom_value" ("field_id", "number", "entity_id")',
    'CREATE INDEX IF NOT EXISTS "custom_value_field_id_day_entity_id" '
    'ON "custom_value" ("field_id", "day", "entity_id")',
)
_V8_SQLITE = {"serial": "INTEGER", "ts": "DATETIME", "bool": "INTEGER", "decimal": "DECIMAL"}
_V8_POSTGRES = {"serial": "SERIAL", "ts": "TIMESTAMP", "bool": "BOOLEAN", "decimal": "NUMERIC"}


def _to_8(db: pw.Database) -> None:
    tables = [_V8_FIELD, _V8_VALUE]
    _run(
        db,
        [t.format(**_V8_SQLITE) for t in tables] + list(_V8_INDEXES),
        [t.format(**_V8_POSTGRES) for t in tables] + list(_V8_INDEXES),
    )


# version reached -> step from the version before it
STEPS: dict[int, Callable[[pw.Database], None]] = {
    2: _to_2,
    3: _to_3,
    4: _to_4,
    5: _to_5,
    6: _to_6,
    7: _to_7,
    8: _to_8,
}


def _set_version(version: int) -> None:
    for key, value in (("app", APP_NAME), ("schema_version", str(version))):
        if DbInfo.get_or_none(DbInfo.key == key) is None:
            DbInfo.create(key=key, value=value)
        else:
            DbInfo.update(value=value).where(DbInfo.key == key).execute()


def create_schema(db: pw.Database) -> None:
    with db.atomic():
        db.create_tables([m for m in MODELS if m is not CustomerSearch])
        create_followup_triggers(db)
        create_search_index(db)
        _set_version(CURRENT_VERSION)


def upgrade(db: pw.Database, target, from_version: int) -> None:
    """Back up, then run every step after `from_version` in one transaction."""
    from crm_desktop.models.db import backup_sqlite, timestamp

    if target.is_sqlite:
        path = target.path
        backup = path.with_name(f"{path.stem}.v{from_version}-{timestamp()}.backup{path.suffix}")
        backup_sqlite(path, backup)
        log.info("backed up %s to %s before upgrading", path, backup)
    with db.atomic():
        for version in range(from_version + 1, CURRENT_VERSION + 1):
            STEPS[version](db)
        _set_version(CURRENT_VERSION)


def ensure_bootstrap(db: pw.Database) -> None:
    """A database always has a general manager: `admin`, with no password until one is set."""
    if not User.select().where(User.deleted_at.is_null()).exists():
        with db.atomic():
            User.create(username="admin", display_name="Administrator", role="gm")
