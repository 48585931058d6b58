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
  8  complaint handling: the complaint's path, due time, compensation and satisfaction
     columns, its indexes (the partial index of unresolved ones by due time), and
     complaint_attachment
  9  opportunities (商机): stages, lost reasons, lines, stage history; default stages
  10 customer.owner_since: when the owner got the customer (the 公海 pool rules)
  11 PostgreSQL: customer_search.grams (the bigrams customer_fts indexes on SQLite) with
     a GIN index, and the live customers' partial indexes by name and by code in byte
     order (the order SQLite sorts in)
  12 customer.name_key (names in pinyin order, as Excel sorts) with its list indexes;
     sale and payment lines voided with a reason (voided_at, voided_by_id, void_reason)
  13 custom fields: custom_field (the definitions) and custom_value (their values)
  14 sale (deleted_at, customer_id, date): the live order days per customer, covering,
     for the lifecycle suggestions
  15 for-update workbooks: sync_export, sync_export_row, sync_take
  16 PostgreSQL: crm_data_changes, a sequence that every statement writing a customer,
     an account or a setting advances (statement triggers): the cadence answer is kept
     until it moves (services/followups/stamp.py); nothing on SQLite
  17 no schema change: the name sort keys that imports into SQLite left empty are filled
  18 PostgreSQL: customer_search.name_key, live and owner_id, copies of the customer's
     kept by triggers, so a search's page and total come from customer_search alone;
     customer_search.grams as int4 codes; nothing on SQLite
  19 PostgreSQL: covering indexes of the overdue list (the cadence parts, the live
     customers' code and name by id, the contacts' names by id); nothing on SQLite
  20 custom_value's indexes by number and by day hold only the values that have one;
     PostgreSQL: an index of each search document's triples of digits replaces the
     trigram index (pg_trgm)
  21 PostgreSQL: crm_list_changes, a second sequence, advanced by every statement
     writing a follow-up or a contact: the overdue list's planned rows are kept while
     it and crm_data_changes stand still; the live opportunities by stage and close
     date, and by stage and closing day, with the id (the board's columns in order);
     nothing on SQLite
  22 PostgreSQL: a search row's codes hold its digit triples beside its bigrams (the
     client codes them; no expression index of the document); a search row written
     with its copies of the card's name key and owner keeps them; change_log's references
     to its user and import batch checked once per statement instead of per row (a
     statement trigger, not foreign keys); nothing on SQLite

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
from crm_desktop.messages import render
from crm_desktop.models.base import new_uuid, utcnow
from crm_desktop.models.entities import MODELS, Customer, CustomerSearch, DbInfo, User
from crm_desktop.models.search_index import (
    DIGIT_TRIPLES_SQL,
    FTS_DDL,
    fill_fts_from_documents,
    reindex_customers,
)

log = logging.getLogger(__name__)

CURRENT_VERSION = 23


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
    """Today's search index beside a new schema: FTS5 on SQLite, the codes' GIN index on
    PostgreSQL."""
    db.create_tables([CustomerSearch])
    if isinstance(db, pw.SqliteDatabase):
        db.execute_sql(FTS_DDL)
    else:
        _run(db, (), _V11_POSTGRES)
        _run(db, (), _V12_POSTGRES)
        _run(db, (), _V18_CODES + _V18_COLUMNS + _V18_TRIGGERS + _V22_FILL)


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
    reindex_customers(ids, name_keys=False)  # by id: the FTS table of version 2 keeps its content


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
    completed follow-up call it, so they can never disagree (the PostgreSQL demo's
    grouped `backfill_followup_columns` states the same rule; the demo tests pin both).
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


def backfill_followup_columns() -> None:
    """`backfill_last_contact` and `backfill_planned_followups` of every customer in one
    set-based statement: one pass over follow_up, grouped, and each card written once
    (PostgreSQL's demo load, before its indexes are built: 20k cards, 8.4 s for the two
    correlated updates with the indexes in place). The same values by the same rules."""
    Customer._meta.database.execute_sql(
        "UPDATE customer SET last_contact_at = s.last, planned_followups = s.planned FROM ("
        "SELECT c.id, MAX(f.done_at) FILTER (WHERE f.status = 'done') AS last, "
        "COUNT(f.id) FILTER (WHERE f.status = 'planned') AS planned "
        "FROM customer c LEFT JOIN follow_up f ON f.customer_id = c.id GROUP BY c.id"
        ") AS s WHERE customer.id = s.id"
    )


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


# --- 8: complaint handling ------------------------------------------------------------

# (column, SQLite type, PostgreSQL type), in the model's order
_V8_COLUMNS = (
    ("channel", "VARCHAR(16) NOT NULL DEFAULT ''", "VARCHAR(16) NOT NULL DEFAULT ''"),
    ("category", "VARCHAR(40) NOT NULL DEFAULT ''", "VARCHAR(40) NOT NULL DEFAULT ''"),
    ("product_id", 'INTEGER REFERENCES "product" ("id")', 'INTEGER REFERENCES "product" ("id")'),
    (
        "sale_id",
        'INTEGER REFERENCES "sale" ("id") ON DELETE SET NULL',
        'INTEGER REFERENCES "sale" ("id") ON DELETE SET NULL',
    ),
    ("due_at", "DATETIME", "TIMESTAMP"),
    ("reminded_on", "DATE", "DATE"),
    ("started_at", "DATETIME", "TIMESTAMP"),
    ("confirmed_at", "DATETIME", "TIMESTAMP"),
    ("closed_at", "DATETIME", "TIMESTAMP"),
    ("close_reason", "TEXT NOT NULL DEFAULT ''", "TEXT NOT NULL DEFAULT ''"),
    ("satisfaction", "INTEGER", "INTEGER"),
    ("compensation_kind", "VARCHAR(16) NOT NULL DEFAULT ''", "VARCHAR(16) NOT NULL DEFAULT ''"),
    ("compensation_amount", "INTEGER", "BIGINT"),
    ("compensation_note", "TEXT NOT NULL DEFAULT ''", "TEXT NOT NULL DEFAULT ''"),
    (
        "followup_id",
        'INTEGER REFERENCES "follow_up" ("id") ON DELETE SET NULL',
        'INTEGER REFERENCES "follow_up" ("id") ON DELETE SET NULL',
    ),
)
_V8_ATTACHMENT = (
    'CREATE TABLE IF NOT EXISTS "complaint_attachment" ("id" {id} NOT NULL PRIMARY KEY, '
    '"uuid" VARCHAR(36) NOT NULL, "created_at" {ts} NOT NULL, "updated_at" {ts} NOT NULL, '
    '"version" INTEGER NOT NULL, "deleted_at" {ts}, "complaint_id" INTEGER NOT NULL, '
    '"file_name" VARCHAR(255) NOT NULL, "stored_name" VARCHAR(100) NOT NULL, '
    '"size" {big} NOT NULL, "sha256" VARCHAR(64) NOT NULL, "added_by_id" INTEGER, '
    'FOREIGN KEY ("complaint_id") REFERENCES "complaint" ("id") ON DELETE CASCADE, '
    'FOREIGN KEY ("added_by_id") REFERENCES "user" ("id"))'
)
_V8_INDEXES = (
    'CREATE INDEX IF NOT EXISTS "complaint_product_id" ON "complaint" ("product_id")',
    'CREATE INDEX IF NOT EXISTS "complaint_sale_id" ON "complaint" ("sale_id")',
    'CREATE INDEX IF NOT EXISTS "complaint_followup_id" ON "complaint" ("followup_id")',
    'CREATE INDEX IF NOT EXISTS "complaint_status_due_at" ON "complaint" ("status", "due_at")',
    'CREATE INDEX IF NOT EXISTS "complaint_customer_id_status" '
    'ON "complaint" ("customer_id", "status")',
    'CREATE INDEX IF NOT EXISTS "complaint_received_at" ON "complaint" ("received_at")',
    'CREATE INDEX IF NOT EXISTS "complaint_open_by_due" ON "complaint" ("due_at", "id", '
    '"customer_id", "status", "deleted_at") WHERE (("status" IN (\'open\', \'processing\')) AND ("deleted_at" IS NULL))',
    'CREATE UNIQUE INDEX IF NOT EXISTS "complaint_attachment_uuid" '
    'ON "complaint_attachment" ("uuid")',
    'CREATE INDEX IF NOT EXISTS "complaint_attachment_deleted_at" '
    'ON "complaint_attachment" ("deleted_at")',
    'CREATE INDEX IF NOT EXISTS "complaint_attachment_complaint_id" '
    'ON "complaint_attachment" ("complaint_id")',
    'CREATE INDEX IF NOT EXISTS "complaint_attachment_added_by_id" '
    'ON "complaint_attachment" ("added_by_id")',
)


# complaints received before this step get the due time of their severity (the defaults
# of services.complaints: 紧急 24 h, 严重 3 days, 一般 7 days)
_V8_HOURS = "CASE severity WHEN 'urgent' THEN 24 WHEN 'high' THEN 72 ELSE 168 END"
_V8_DUE_SQLITE = (
    f"UPDATE complaint SET due_at = datetime(received_at, '+' || ({_V8_HOURS}) || ' hours') "
    "WHERE due_at IS NULL"
)
_V8_DUE_POSTGRES = (
    f"UPDATE complaint SET due_at = received_at + ({_V8_HOURS}) * interval '1 hour' "
    "WHERE due_at IS NULL"
)


def _to_8(db: pw.Database) -> None:
    sqlite = isinstance(db, pw.SqliteDatabase)
    present = _columns(db, "complaint")
    for name, sqlite_type, postgres_type in _V8_COLUMNS:
        if name not in present:  # safe to re-run
            kind = sqlite_type if sqlite else postgres_type
            db.execute_sql(f'ALTER TABLE "complaint" ADD COLUMN "{name}" {kind}')
    if sqlite:
        db.execute_sql(_V8_ATTACHMENT.format(id="INTEGER", ts="DATETIME", big="INTEGER"))
    else:
        db.execute_sql(_V8_ATTACHMENT.format(id="SERIAL", ts="TIMESTAMP", big="BIGINT"))
    _run(db, _V8_INDEXES)
    _run(db, [_V8_DUE_SQLITE], [_V8_DUE_POSTGRES])


# --- 9: opportunities, the pipeline's stages, lost reasons, lines, stage history --------

_V9_SQLITE = (
    'CREATE TABLE IF NOT EXISTS "opportunity_stage" ("id" INTEGER NOT NULL PRIMARY KEY, '
    '"uuid" VARCHAR(36) NOT NULL, "created_at" DATETIME NOT NULL, "updated_at" DATETIME '
    'NOT NULL, "version" INTEGER NOT NULL, "deleted_at" DATETIME, "name" VARCHAR(50) NOT '
    'NULL, "name_en" VARCHAR(50) NOT NULL, "kind" VARCHAR(8) NOT NULL, "probability" '
    'INTEGER NOT NULL, "position" INTEGER NOT NULL)',
    'CREATE UNIQUE INDEX IF NOT EXISTS "opportunity_stage_uuid" ON "opportunity_stage" ("uuid")',
    'CREATE INDEX IF NOT EXISTS "opportunity_stage_deleted_at" ON "opportunity_stage" '
    '("deleted_at")',
    'CREATE TABLE IF NOT EXISTS "lost_reason" ("id" INTEGER NOT NULL PRIMARY KEY, "uuid" '
    'VARCHAR(36) NOT NULL, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, '
    '"version" INTEGER NOT NULL, "deleted_at" DATETIME, "name" VARCHAR(50) NOT NULL, '
    '"name_en" VARCHAR(50) NOT NULL, "position" INTEGER NOT NULL, "active" INTEGER NOT '
    "NULL)",
    'CREATE UNIQUE INDEX IF NOT EXISTS "lost_reason_uuid" ON "lost_reason" ("uuid")',
    'CREATE INDEX IF NOT EXISTS "lost_reason_deleted_at" ON "lost_reason" ("deleted_at")',
    'CREATE TABLE IF NOT EXISTS "opportunity" ("id" INTEGER NOT NULL PRIMARY KEY, "uuid" '
    'VARCHAR(36) NOT NULL, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, '
    '"version" INTEGER NOT NULL, "deleted_at" DATETIME, "customer_id" INTEGER NOT NULL, '
    '"title" VARCHAR(200) NOT NULL, "amount" INTEGER NOT NULL, "close_date" DATE NOT NULL, '
    '"stage_id" INTEGER NOT NULL, "probability" INTEGER, "owner_id" INTEGER, "source" '
    'VARCHAR(20), "competitor" VARCHAR(200) NOT NULL, "next_step" VARCHAR(300) NOT NULL, '
    '"notes" TEXT NOT NULL, "stage_since" DATETIME NOT NULL, "closed_at" DATETIME, '
    '"lost_reason_id" INTEGER, "lost_note" TEXT NOT NULL, "quote_days" INTEGER, FOREIGN '
    'KEY ("customer_id") REFERENCES "customer" ("id"), FOREIGN KEY ("stage_id") REFERENCES '
    '"opportunity_stage" ("id"), FOREIGN KEY ("owner_id") REFERENCES "user" ("id"), '
    'FOREIGN KEY ("lost_reason_id") REFERENCES "lost_reason" ("id"))',
    'CREATE UNIQUE INDEX IF NOT EXISTS "opportunity_uuid" ON "opportunity" ("uuid")',
    'CREATE INDEX IF NOT EXISTS "opportunity_deleted_at" ON "opportunity" ("deleted_at")',
    'CREATE INDEX IF NOT EXISTS "opportunity_customer_id" ON "opportunity" ("customer_id")',
    'CREATE INDEX IF NOT EXISTS "opportunity_stage_id" ON "opportunity" ("stage_id")',
    'CREATE INDEX IF NOT EXISTS "opportunity_owner_id" ON "opportunity" ("owner_id")',
    'CREATE INDEX IF NOT EXISTS "opportunity_lost_reason_id" ON "opportunity" ("lost_reason_id")',
    "CREATE INDEX IF NOT EXISTS "
    '"opportunity_deleted_at_stage_id_owner_id_customer_id_amo_0ea0ddb" ON "opportunity" '
    '("deleted_at", "stage_id", "owner_id", "customer_id", "amount", "probability", '
    '"closed_at")',
    'CREATE INDEX IF NOT EXISTS "opportunity_stage_id_deleted_at_close_date" ON '
    '"opportunity" ("stage_id", "deleted_at", "close_date")',
    'CREATE INDEX IF NOT EXISTS "opportunity_stage_id_deleted_at_closed_at" ON '
    '"opportunity" ("stage_id", "deleted_at", "closed_at")',
    'CREATE INDEX IF NOT EXISTS "opportunity_customer_id_deleted_at" ON "opportunity" '
    '("customer_id", "deleted_at")',
    "CREATE INDEX IF NOT EXISTS "
    '"opportunity_deleted_at_close_date_owner_id_stage_id_cust_a3bdbc9" ON "opportunity" '
    '("deleted_at", "close_date", "owner_id", "stage_id", "customer_id", "amount", '
    '"probability")',
    'CREATE TABLE IF NOT EXISTS "opportunity_line" ("id" INTEGER NOT NULL PRIMARY KEY, '
    '"opportunity_id" INTEGER NOT NULL, "position" INTEGER NOT NULL, "product_id" INTEGER, '
    '"description" VARCHAR(200) NOT NULL, "unit" VARCHAR(20) NOT NULL, "quantity" '
    'DECIMAL(14, 3) NOT NULL, "unit_price" INTEGER NOT NULL, "discount" DECIMAL(5, 2) NOT '
    'NULL, "amount" INTEGER NOT NULL, FOREIGN KEY ("opportunity_id") REFERENCES '
    '"opportunity" ("id") ON DELETE CASCADE, FOREIGN KEY ("product_id") REFERENCES '
    '"product" ("id"))',
    'CREATE INDEX IF NOT EXISTS "opportunity_line_opportunity_id" ON "opportunity_line" '
    '("opportunity_id")',
    'CREATE INDEX IF NOT EXISTS "opportunity_line_product_id" ON "opportunity_line" ("product_id")',
    'CREATE INDEX IF NOT EXISTS "opportunity_line_opportunity_id_position" ON '
    '"opportunity_line" ("opportunity_id", "position")',
    'CREATE TABLE IF NOT EXISTS "opportunity_stage_change" ("id" INTEGER NOT NULL PRIMARY '
    'KEY, "opportunity_id" INTEGER NOT NULL, "from_stage_id" INTEGER, "to_stage_id" '
    'INTEGER NOT NULL, "at" DATETIME NOT NULL, "user_id" INTEGER, FOREIGN KEY '
    '("opportunity_id") REFERENCES "opportunity" ("id") ON DELETE CASCADE, FOREIGN KEY '
    '("from_stage_id") REFERENCES "opportunity_stage" ("id"), FOREIGN KEY ("to_stage_id") '
    'REFERENCES "opportunity_stage" ("id"), FOREIGN KEY ("user_id") REFERENCES "user" '
    '("id"))',
    'CREATE INDEX IF NOT EXISTS "opportunity_stage_change_opportunity_id" ON '
    '"opportunity_stage_change" ("opportunity_id")',
    'CREATE INDEX IF NOT EXISTS "opportunity_stage_change_from_stage_id" ON '
    '"opportunity_stage_change" ("from_stage_id")',
    'CREATE INDEX IF NOT EXISTS "opportunity_stage_change_to_stage_id" ON '
    '"opportunity_stage_change" ("to_stage_id")',
    'CREATE INDEX IF NOT EXISTS "opportunity_stage_change_user_id" ON '
    '"opportunity_stage_change" ("user_id")',
    'CREATE INDEX IF NOT EXISTS "opportunity_stage_change_opportunity_id_at" ON '
    '"opportunity_stage_change" ("opportunity_id", "at")',
    'CREATE INDEX IF NOT EXISTS "opportunity_stage_change_opportunity_id_to_stage_id" ON '
    '"opportunity_stage_change" ("opportunity_id", "to_stage_id")',
)
_V9_POSTGRES = (
    'CREATE TABLE IF NOT EXISTS "opportunity_stage" ("id" SERIAL NOT NULL PRIMARY KEY, '
    '"uuid" VARCHAR(36) NOT NULL, "created_at" TIMESTAMP NOT NULL, "updated_at" TIMESTAMP '
    'NOT NULL, "version" INTEGER NOT NULL, "deleted_at" TIMESTAMP, "name" VARCHAR(50) NOT '
    'NULL, "name_en" VARCHAR(50) NOT NULL, "kind" VARCHAR(8) NOT NULL, "probability" '
    'INTEGER NOT NULL, "position" INTEGER NOT NULL)',
    'CREATE UNIQUE INDEX IF NOT EXISTS "opportunity_stage_uuid" ON "opportunity_stage" ("uuid")',
    'CREATE INDEX IF NOT EXISTS "opportunity_stage_deleted_at" ON "opportunity_stage" '
    '("deleted_at")',
    'CREATE TABLE IF NOT EXISTS "lost_reason" ("id" SERIAL NOT NULL PRIMARY KEY, "uuid" '
    'VARCHAR(36) NOT NULL, "created_at" TIMESTAMP NOT NULL, "updated_at" TIMESTAMP NOT '
    'NULL, "version" INTEGER NOT NULL, "deleted_at" TIMESTAMP, "name" VARCHAR(50) NOT '
    'NULL, "name_en" VARCHAR(50) NOT NULL, "position" INTEGER NOT NULL, "active" BOOLEAN '
    "NOT NULL)",
    'CREATE UNIQUE INDEX IF NOT EXISTS "lost_reason_uuid" ON "lost_reason" ("uuid")',
    'CREATE INDEX IF NOT EXISTS "lost_reason_deleted_at" ON "lost_reason" ("deleted_at")',
    'CREATE TABLE IF NOT EXISTS "opportunity" ("id" SERIAL NOT NULL PRIMARY KEY, "uuid" '
    'VARCHAR(36) NOT NULL, "created_at" TIMESTAMP NOT NULL, "updated_at" TIMESTAMP NOT '
    'NULL, "version" INTEGER NOT NULL, "deleted_at" TIMESTAMP, "customer_id" INTEGER NOT '
    'NULL, "title" VARCHAR(200) NOT NULL, "amount" BIGINT NOT NULL, "close_date" DATE NOT '
    'NULL, "stage_id" INTEGER NOT NULL, "probability" INTEGER, "owner_id" INTEGER, '
    '"source" VARCHAR(20), "competitor" VARCHAR(200) NOT NULL, "next_step" VARCHAR(300) '
    'NOT NULL, "notes" TEXT NOT NULL, "stage_since" TIMESTAMP NOT NULL, "closed_at" '
    'TIMESTAMP, "lost_reason_id" INTEGER, "lost_note" TEXT NOT NULL, "quote_days" INTEGER, '
    'FOREIGN KEY ("customer_id") REFERENCES "customer" ("id"), FOREIGN KEY ("stage_id") '
    'REFERENCES "opportunity_stage" ("id"), FOREIGN KEY ("owner_id") REFERENCES "user" '
    '("id"), FOREIGN KEY ("lost_reason_id") REFERENCES "lost_reason" ("id"))',
    'CREATE UNIQUE INDEX IF NOT EXISTS "opportunity_uuid" ON "opportunity" ("uuid")',
    'CREATE INDEX IF NOT EXISTS "opportunity_deleted_at" ON "opportunity" ("deleted_at")',
    'CREATE INDEX IF NOT EXISTS "opportunity_customer_id" ON "opportunity" ("customer_id")',
    'CREATE INDEX IF NOT EXISTS "opportunity_stage_id" ON "opportunity" ("stage_id")',
    'CREATE INDEX IF NOT EXISTS "opportunity_owner_id" ON "opportunity" ("owner_id")',
    'CREATE INDEX IF NOT EXISTS "opportunity_lost_reason_id" ON "opportunity" ("lost_reason_id")',
    "CREATE INDEX IF NOT EXISTS "
    '"opportunity_deleted_at_stage_id_owner_id_customer_id_amo_0ea0ddb" ON "opportunity" '
    '("deleted_at", "stage_id", "owner_id", "customer_id", "amount", "probability", '
    '"closed_at")',
    'CREATE INDEX IF NOT EXISTS "opportunity_stage_id_deleted_at_close_date" ON '
    '"opportunity" ("stage_id", "deleted_at", "close_date")',
    'CREATE INDEX IF NOT EXISTS "opportunity_stage_id_deleted_at_closed_at" ON '
    '"opportunity" ("stage_id", "deleted_at", "closed_at")',
    'CREATE INDEX IF NOT EXISTS "opportunity_customer_id_deleted_at" ON "opportunity" '
    '("customer_id", "deleted_at")',
    "CREATE INDEX IF NOT EXISTS "
    '"opportunity_deleted_at_close_date_owner_id_stage_id_cust_a3bdbc9" ON "opportunity" '
    '("deleted_at", "close_date", "owner_id", "stage_id", "customer_id", "amount", '
    '"probability")',
    'CREATE TABLE IF NOT EXISTS "opportunity_line" ("id" SERIAL NOT NULL PRIMARY KEY, '
    '"opportunity_id" INTEGER NOT NULL, "position" INTEGER NOT NULL, "product_id" INTEGER, '
    '"description" VARCHAR(200) NOT NULL, "unit" VARCHAR(20) NOT NULL, "quantity" '
    'NUMERIC(14, 3) NOT NULL, "unit_price" BIGINT NOT NULL, "discount" NUMERIC(5, 2) NOT '
    'NULL, "amount" BIGINT NOT NULL, FOREIGN KEY ("opportunity_id") REFERENCES '
    '"opportunity" ("id") ON DELETE CASCADE, FOREIGN KEY ("product_id") REFERENCES '
    '"product" ("id"))',
    'CREATE INDEX IF NOT EXISTS "opportunity_line_opportunity_id" ON "opportunity_line" '
    '("opportunity_id")',
    'CREATE INDEX IF NOT EXISTS "opportunity_line_product_id" ON "opportunity_line" ("product_id")',
    'CREATE INDEX IF NOT EXISTS "opportunity_line_opportunity_id_position" ON '
    '"opportunity_line" ("opportunity_id", "position")',
    'CREATE TABLE IF NOT EXISTS "opportunity_stage_change" ("id" SERIAL NOT NULL PRIMARY '
    'KEY, "opportunity_id" INTEGER NOT NULL, "from_stage_id" INTEGER, "to_stage_id" '
    'INTEGER NOT NULL, "at" TIMESTAMP NOT NULL, "user_id" INTEGER, FOREIGN KEY '
    '("opportunity_id") REFERENCES "opportunity" ("id") ON DELETE CASCADE, FOREIGN KEY '
    '("from_stage_id") REFERENCES "opportunity_stage" ("id"), FOREIGN KEY ("to_stage_id") '
    'REFERENCES "opportunity_stage" ("id"), FOREIGN KEY ("user_id") REFERENCES "user" '
    '("id"))',
    'CREATE INDEX IF NOT EXISTS "opportunity_stage_change_opportunity_id" ON '
    '"opportunity_stage_change" ("opportunity_id")',
    'CREATE INDEX IF NOT EXISTS "opportunity_stage_change_from_stage_id" ON '
    '"opportunity_stage_change" ("from_stage_id")',
    'CREATE INDEX IF NOT EXISTS "opportunity_stage_change_to_stage_id" ON '
    '"opportunity_stage_change" ("to_stage_id")',
    'CREATE INDEX IF NOT EXISTS "opportunity_stage_change_user_id" ON '
    '"opportunity_stage_change" ("user_id")',
    'CREATE INDEX IF NOT EXISTS "opportunity_stage_change_opportunity_id_at" ON '
    '"opportunity_stage_change" ("opportunity_id", "at")',
    'CREATE INDEX IF NOT EXISTS "opportunity_stage_change_opportunity_id_to_stage_id" ON '
    '"opportunity_stage_change" ("opportunity_id", "to_stage_id")',
)

# The pipeline a new team starts with (the sales manager renames, reorders, adds):
# (name, English name, kind, default probability)
DEFAULT_STAGES = (
    ("初步接洽", "First contact", "open", 10),
    ("需求确认", "Needs confirmed", "open", 30),
    ("方案/报价", "Proposal/quote", "open", 50),
    ("谈判", "Negotiation", "open", 70),
    ("赢单", "Won", "won", 100),
    ("输单", "Lost", "lost", 0),
)
DEFAULT_LOST_REASONS = (
    ("价格", "Price"),
    ("竞争对手", "Competitor"),
    ("没有预算", "No budget"),
    ("时机不对", "Timing"),
    ("需求变化", "Needs changed"),
    ("无回应", "No response"),
    ("其他", "Other"),
)


def seed_pipeline(db: pw.Database) -> None:
    """The default stages and lost reasons, into empty tables (columns of version 8)."""
    now = utcnow()

    def marks(n: int) -> str:
        return ", ".join([db.param] * n)

    if not db.execute_sql("SELECT 1 FROM opportunity_stage LIMIT 1").fetchone():
        for position, (name, name_en, kind, probability) in enumerate(DEFAULT_STAGES):
            db.execute_sql(
                'INSERT INTO "opportunity_stage" ("uuid", "created_at", "updated_at", '
                '"version", "name", "name_en", "kind", "probability", "position") '
                f"VALUES ({marks(9)})",
                (new_uuid(), now, now, 1, name, name_en, kind, probability, position),
            )
    if not db.execute_sql("SELECT 1 FROM lost_reason LIMIT 1").fetchone():
        for position, (name, name_en) in enumerate(DEFAULT_LOST_REASONS):
            db.execute_sql(
                'INSERT INTO "lost_reason" ("uuid", "created_at", "updated_at", "version", '
                f'"name", "name_en", "position", "active") VALUES ({marks(8)})',
                (new_uuid(), now, now, 1, name, name_en, position, True),
            )


def _to_9(db: pw.Database) -> None:
    _run(db, _V9_SQLITE, _V9_POSTGRES)
    seed_pipeline(db)


# --- 10: customer.owner_since (公海) ---------------------------------------------------


def _to_10(db: pw.Database) -> None:
    if "owner_since" not in _columns(db, "customer"):  # safe to re-run
        _run(
            db,
            ['ALTER TABLE "customer" ADD COLUMN "owner_since" DATETIME'],
            ['ALTER TABLE "customer" ADD COLUMN "owner_since" TIMESTAMP'],
        )


# --- 11: PostgreSQL's bigram index and live-customer order indexes -------------------

# `grams` holds the distinct bigrams of the document's parts, the bigrams customer_fts
# indexes on SQLite: a two-character word is one array element, which the GIN index
# finds (pg_trgm needs three characters). An array, not text split at query time:
# splitting 14k documents for a common word took 0.5 s. Byte order ("C") is SQLite's BINARY order;
# the partial indexes give a live-customer page by name or code without a sort.
_V11_POSTGRES = (
    'ALTER TABLE "customer_search" ADD COLUMN IF NOT EXISTS "grams" TEXT[]',
    'CREATE INDEX IF NOT EXISTS "customer_search_grams" ON "customer_search" USING gin ("grams")',
    'CREATE INDEX IF NOT EXISTS "customer_live_name" '
    'ON "customer" ("name" COLLATE "C", "id") WHERE "deleted_at" IS NULL',
    'CREATE INDEX IF NOT EXISTS "customer_live_code" '
    'ON "customer" ("code" COLLATE "C", "id") WHERE "deleted_at" IS NULL',
)


def _to_11(db: pw.Database) -> None:
    if isinstance(db, pw.SqliteDatabase):
        return  # customer_fts has the bigrams; (deleted_at, name, …) gives the order
    _run(db, (), _V11_POSTGRES)
    reindex_customers(name_keys=False)  # every document again, with its bigrams


# --- 12: customer name sort keys (pinyin), voided sale and payment lines ---------------

_V12_VOID = (
    ("voided_at", "DATETIME", "TIMESTAMP"),
    ("voided_by_id", 'INTEGER REFERENCES "user" ("id")', 'INTEGER REFERENCES "user" ("id")'),
    ("void_reason", "VARCHAR(200) NOT NULL DEFAULT ''", "VARCHAR(200) NOT NULL DEFAULT ''"),
)
_V12_INDEX = (
    'CREATE INDEX IF NOT EXISTS "customer_deleted_at_name_key_id_stage_abc_class_credit_r_8435598"'
    ' ON "customer" ("deleted_at", "name_key", "id", "stage", "abc_class", "credit_rating", '
    '"owner_id")',
)
# PostgreSQL: a live-customer page in pinyin order without a sort (as customer_live_name
# gives the byte order of the names, step 11)
_V12_POSTGRES = (
    'CREATE INDEX IF NOT EXISTS "customer_live_name_key" '
    'ON "customer" ("name_key" COLLATE "C", "id") WHERE "deleted_at" IS NULL',
)


def _to_12(db: pw.Database) -> None:
    from crm_desktop.models.name_keys import refresh_name_keys

    sqlite = isinstance(db, pw.SqliteDatabase)
    if "name_key" not in _columns(db, "customer"):
        db.execute_sql('ALTER TABLE "customer" ADD COLUMN "name_key" TEXT NOT NULL DEFAULT \'\'')
    for table in ("sale", "payment"):
        have = _columns(db, table)
        for name, lite, postgres in _V12_VOID:
            if name not in have:
                kind = lite if sqlite else postgres
                db.execute_sql(f'ALTER TABLE "{table}" ADD COLUMN "{name}" {kind}')
    refresh_name_keys()
    _run(db, _V12_INDEX)
    _run(db, (), _V12_POSTGRES)


# --- 13: custom fields ------------------------------------------------------------------

_V13_FIELD = (
    'CREATE TABLE IF NOT EXISTS "custom_field" ("id" {serial} NOT NULL PRIMARY KEY, '
    '"uuid" VARCHAR(36) NOT NULL, "created_at" {ts} NOT NULL, "updated_at" {ts} NOT NULL, '
    '"version" INTEGER NOT NULL, "deleted_at" {ts}, "entity" VARCHAR(20) NOT NULL, '
    '"key" VARCHAR(60) NOT NULL, "label_zh" VARCHAR(100) NOT NULL, '
    '"label_en" VARCHAR(100) NOT NULL, "kind" VARCHAR(10) NOT NULL, "choices" TEXT NOT NULL, '
    '"required" {bool} NOT NULL, "group" VARCHAR(20) NOT NULL, "position" INTEGER NOT NULL, '
    '"hidden" {bool} NOT NULL, "retired" {bool} NOT NULL)'
)
_V13_VALUE = (
    'CREATE TABLE IF NOT EXISTS "custom_value" ("id" {serial} NOT NULL PRIMARY KEY, '
    '"field_id" INTEGER NOT NULL, "entity_id" INTEGER NOT NULL, "text" TEXT NOT NULL, '
    '"key" VARCHAR(100), "number" {decimal}(20, 4), "day" DATE, FOREIGN KEY ("field_id") '
    'REFERENCES "custom_field" ("id") ON DELETE CASCADE)'
)
_V13_INDEXES = (
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
_V13_SQLITE = {"serial": "INTEGER", "ts": "DATETIME", "bool": "INTEGER", "decimal": "DECIMAL"}
_V13_POSTGRES = {"serial": "SERIAL", "ts": "TIMESTAMP", "bool": "BOOLEAN", "decimal": "NUMERIC"}


def _to_13(db: pw.Database) -> None:
    tables = [_V13_FIELD, _V13_VALUE]
    _run(
        db,
        [t.format(**_V13_SQLITE) for t in tables] + list(_V13_INDEXES),
        [t.format(**_V13_POSTGRES) for t in tables] + list(_V13_INDEXES),
    )


# --- 14: the lifecycle suggestions' index of order days --------------------------------

_V14_INDEX = (
    'CREATE INDEX IF NOT EXISTS "sale_deleted_at_customer_id_date" '
    'ON "sale" ("deleted_at", "customer_id", "date")',
)


def _to_14(db: pw.Database) -> None:
    _run(db, _V14_INDEX)


# --- 15: for-update workbooks (the base of the three-way merge) ------------------------

_V15_TABLES = (
    'CREATE TABLE IF NOT EXISTS "sync_export" ("id" {serial} NOT NULL PRIMARY KEY, '
    '"uuid" VARCHAR(36) NOT NULL, "created_at" {ts} NOT NULL, "created_by_id" INTEGER, '
    '"owner_id" INTEGER, "lang" VARCHAR(10) NOT NULL, "rows" INTEGER NOT NULL, '
    'FOREIGN KEY ("created_by_id") REFERENCES "user" ("id"), '
    'FOREIGN KEY ("owner_id") REFERENCES "user" ("id"))',
    'CREATE TABLE IF NOT EXISTS "sync_export_row" ("id" {serial} NOT NULL PRIMARY KEY, '
    '"export_id" INTEGER NOT NULL, "entity" VARCHAR(20) NOT NULL, '
    '"record_uuid" VARCHAR(36) NOT NULL, "version" INTEGER NOT NULL, "cells" TEXT NOT NULL, '
    'FOREIGN KEY ("export_id") REFERENCES "sync_export" ("id") ON DELETE CASCADE)',
    'CREATE TABLE IF NOT EXISTS "sync_take" ("id" {serial} NOT NULL PRIMARY KEY, '
    '"export_id" INTEGER NOT NULL, "batch_id" INTEGER NOT NULL, "taken_at" {ts} NOT NULL, '
    'FOREIGN KEY ("export_id") REFERENCES "sync_export" ("id") ON DELETE CASCADE, '
    'FOREIGN KEY ("batch_id") REFERENCES "import_batch" ("id") ON DELETE CASCADE)',
)
_V15_INDEXES = (
    'CREATE UNIQUE INDEX IF NOT EXISTS "sync_export_uuid" ON "sync_export" ("uuid")',
    'CREATE INDEX IF NOT EXISTS "sync_export_created_by_id" ON "sync_export" ("created_by_id")',
    'CREATE INDEX IF NOT EXISTS "sync_export_owner_id" ON "sync_export" ("owner_id")',
    'CREATE UNIQUE INDEX IF NOT EXISTS "sync_export_row_export_id_entity_record_uuid" '
    'ON "sync_export_row" ("export_id", "entity", "record_uuid")',
    'CREATE INDEX IF NOT EXISTS "sync_take_export_id" ON "sync_take" ("export_id")',
    'CREATE INDEX IF NOT EXISTS "sync_take_batch_id" ON "sync_take" ("batch_id")',
)


def _to_15(db: pw.Database) -> None:
    _run(
        db,
        [t.format(serial="INTEGER", ts="DATETIME") for t in _V15_TABLES] + list(_V15_INDEXES),
        [t.format(serial="SERIAL", ts="TIMESTAMP") for t in _V15_TABLES] + list(_V15_INDEXES),
    )


# --- 16: a change counter of the tables the cadence answer reads (PostgreSQL) ----------


def _change_counter(sequence: str, changed: str, tables: Sequence[str]) -> tuple[str, ...]:
    """A sequence that every statement writing one of `tables` advances: the function
    `crm_<changed>()` and a statement trigger `<table>_<changed>` on each table. Advanced
    by the owner's function (SECURITY DEFINER), so no role needs a grant to write; a
    sequence, not a row: writers never wait for each other on it."""
    return (
        f"CREATE SEQUENCE IF NOT EXISTS {sequence}",
        f"CREATE OR REPLACE FUNCTION crm_{changed}() RETURNS trigger LANGUAGE plpgsql "
        "SECURITY DEFINER SET search_path = public, pg_temp AS $$ BEGIN "
        f"PERFORM nextval('{sequence}'); RETURN NULL; END $$",
        *(
            stmt
            for table in tables
            for stmt in (
                f'DROP TRIGGER IF EXISTS {table}_{changed} ON "{table}"',
                f"CREATE TRIGGER {table}_{changed} AFTER INSERT OR UPDATE OR DELETE OR "
                f'TRUNCATE ON "{table}" FOR EACH STATEMENT EXECUTE FUNCTION crm_{changed}()',
            )
        ),
    )


_V16_POSTGRES = _change_counter("crm_data_changes", "data_changed", ("customer", "user", "setting"))


def create_change_counter(db: pw.Database) -> None:
    """The change counter of step 16 (PostgreSQL; safe to run again)."""
    if not isinstance(db, pw.SqliteDatabase):
        _run(db, [], _V16_POSTGRES)


def _to_16(db: pw.Database) -> None:
    create_change_counter(db)


# --- 17: the name sort keys an import left empty --------------------------------------


def _to_17(db: pw.Database) -> None:
    """Customers an import wrote into SQLite before this step have an empty name sort key,
    so the list sorted by name showed them first, in file order: every key out of date
    is made again."""
    from crm_desktop.models.name_keys import refresh_name_keys

    refresh_name_keys()


# --- 18: the search rows carry the list's order and scope (PostgreSQL) -----------------

# A search sorted by name asks customer_search alone for the page's ids and the total:
# the hits' name sort key (byte order, as the list sorts), whether the customer is live,
# and its owner (the salesperson's scope, the owner filter; NULL: the pool) are copies
# of the customer's, which the server keeps. One rule fills them: a search row written
# (the reindex, the import's and the demo's COPY) takes them from its customer; a
# customer whose key, deletion or owner changes rewrites its search row, which the same
# rule fills again. SECURITY DEFINER: the customer is read whatever the writer's role
# may see, and a search row cannot be given another owner than its customer's.
_V18_COLUMNS = (
    'ALTER TABLE "customer_search" ADD COLUMN IF NOT EXISTS "name_key" TEXT COLLATE "C" '
    "NOT NULL DEFAULT ''",
    'ALTER TABLE "customer_search" ADD COLUMN IF NOT EXISTS "live" BOOLEAN NOT NULL DEFAULT true',
    'ALTER TABLE "customer_search" ADD COLUMN IF NOT EXISTS "owner_id" INTEGER',
    'ALTER TABLE "customer_search" ALTER COLUMN "grams" TYPE INTEGER[] '
    'USING pg_temp.crm_gram_codes("grams")',
)
# The bigrams as int4 codes (search_codes.gram_code, the same rule): a third of the
# texts' size, so a search of a common word reads a table of 82 MB instead of 131 MB
# for 100k customers (有限, 71k hits: 160 -> 105 ms)
_V18_CODES = (
    "CREATE OR REPLACE FUNCTION pg_temp.crm_gram_codes(grams TEXT[]) RETURNS INTEGER[] "
    "LANGUAGE sql IMMUTABLE AS $$ SELECT ARRAY(SELECT CASE "
    "WHEN ascii(g) < 65536 AND ascii(substr(g, 2)) < 65536 "
    "THEN (((ascii(g)::bigint << 16) | ascii(substr(g, 2))) "
    "- CASE WHEN ascii(g) >= 32768 THEN 4294967296 ELSE 0 END)::integer "
    "ELSE (3623878656 + mod(ascii(g)::bigint * 1114112 + ascii(substr(g, 2)), 134217728) "
    "- 4294967296)::integer END FROM unnest(grams) g) $$",
)
# Full pages: a copy that changes writes the row again with its bigram and trigram
# index entries (40k customers to another owner: 6.5 s without the copies, 16 s with
# them; 10k deleted at once: 1.2 -> 4.4 s). Pages half empty would keep such rows on
# their page without new index entries (8 s), but double the table a search of a
# common word reads through (有限, 71k of 100k: 150 -> 185 ms): owners change in bulk
# rarely, searches run all day. A row trigger with a WHEN, not a statement trigger
# with transition tables: those are kept for every UPDATE of a customer, the ABC
# classes' included (100k: 12 -> 19 s), and made the 40k transfer slower still.

# the rows written again with their copies, once, and indexed after (an UPDATE in
# place would leave the table twice its size): 100k customers, 21 s instead of 29 s
_V18_FILL = (
    "SELECT set_config('maintenance_work_mem', '256MB', true)",
    'CREATE TEMPORARY TABLE "search_rows" AS SELECT "customer_id", "doc", "grams" '
    'FROM "customer_search"',
    'TRUNCATE "customer_search"',
)
_V18_REFILL = (
    'INSERT INTO "customer_search" ("customer_id", "doc", "grams", "name_key", "live", '
    '"owner_id") SELECT s."customer_id", s."doc", pg_temp.crm_gram_codes(s."grams"), '
    'c."name_key", '
    'c."deleted_at" IS NULL, c."owner_id" FROM "search_rows" s '
    'JOIN "customer" c ON c."id" = s."customer_id"',
    'DROP TABLE "search_rows"',
)
_V18_TRIGGERS = (
    "CREATE OR REPLACE FUNCTION crm_search_fill() RETURNS trigger LANGUAGE plpgsql "
    "SECURITY DEFINER SET search_path = public, pg_temp AS $$ DECLARE c record; BEGIN "
    'SELECT "name_key", "deleted_at" IS NULL AS live, "owner_id" INTO c FROM "customer" '
    'WHERE "id" = NEW."customer_id"; '
    'IF FOUND THEN NEW."name_key" := c."name_key"; NEW."live" := c.live; '
    'NEW."owner_id" := c."owner_id"; END IF; RETURN NEW; END $$',
    'DROP TRIGGER IF EXISTS customer_search_fill ON "customer_search"',
    'CREATE TRIGGER customer_search_fill BEFORE INSERT OR UPDATE ON "customer_search" '
    "FOR EACH ROW EXECUTE FUNCTION crm_search_fill()",
    "CREATE OR REPLACE FUNCTION crm_search_follow() RETURNS trigger LANGUAGE plpgsql "
    "SECURITY DEFINER SET search_path = public, pg_temp AS $$ BEGIN "
    'UPDATE "customer_search" SET "name_key" = NEW."name_key", '
    '"live" = NEW."deleted_at" IS NULL, "owner_id" = NEW."owner_id" '
    'WHERE "customer_id" = NEW."id"; RETURN NULL; END $$',
    'DROP TRIGGER IF EXISTS customer_search_follow ON "customer"',
    'CREATE TRIGGER customer_search_follow AFTER UPDATE OF "name_key", "deleted_at", '
    '"owner_id" ON "customer" FOR EACH ROW WHEN (OLD."name_key" IS DISTINCT FROM '
    'NEW."name_key" OR OLD."deleted_at" IS DISTINCT FROM NEW."deleted_at" OR '
    'OLD."owner_id" IS DISTINCT FROM NEW."owner_id") EXECUTE FUNCTION crm_search_follow()',
)


def _to_18(db: pw.Database) -> None:
    if isinstance(db, pw.SqliteDatabase):
        return  # the FTS hits join the customers' own (deleted_at, name_key) index
    from crm_desktop.models.indexes import build_indexes, drop_indexes

    _run(db, (), _V18_CODES + _V18_FILL + _V18_COLUMNS)
    later = drop_indexes(("customer_search",))
    _run(db, (), _V18_REFILL)
    build_indexes(later)
    _run(db, (), _V18_TRIGGERS)


# --- 19: PostgreSQL's covering indexes of the overdue list -------------------------------

# A SQLite index holds each row's rowid, so (deleted_at, planned_followups, abc_class,
# last_contact_at, …) answers the cadence parts from the index alone; PostgreSQL's copy
# of it lacks the id, and the planner read the customers from the table through
# customer_abc_class instead (100k demo: 16-37 ms a class -> 0.4-1.2 ms). The overdue
# follow-ups' customers and contacts are looked up by id from the index alone too.
_V19_POSTGRES = (
    'CREATE INDEX IF NOT EXISTS "customer_cadence_class" ON "customer" '
    '("planned_followups", "abc_class", "last_contact_at") INCLUDE ("id", "code", "name", '
    '"owner_id", "contact_interval_days", "created_at") WHERE "deleted_at" IS NULL',
    'CREATE INDEX IF NOT EXISTS "customer_cadence_own" ON "customer" '
    '("planned_followups", "contact_interval_days", "last_contact_at") INCLUDE ("id", "code", '
    '"name", "owner_id", "abc_class", "created_at") WHERE "deleted_at" IS NULL',
    'CREATE INDEX IF NOT EXISTS "customer_live_card" ON "customer" ("id") '
    'INCLUDE ("code", "name", "owner_id") WHERE "deleted_at" IS NULL',
    'CREATE INDEX IF NOT EXISTS "contact_card_name" ON "contact" ("id") INCLUDE ("name")',
)
# the indexes the step's first two replace on PostgreSQL (names as the model gives them,
# cut to PostgreSQL's 63 characters)
_V19_REPLACED = (
    "customer_deleted_at_planned_followups_abc_class_last_con_f138bf",
    "customer_deleted_at_planned_followups_contact_interval_d_fe5f03",
)


def create_overdue_indexes(db: pw.Database) -> None:
    """Step 19's indexes (PostgreSQL; safe to run again)."""
    if not isinstance(db, pw.SqliteDatabase):
        _run(db, [], [*_V19_POSTGRES, *(f'DROP INDEX IF EXISTS "{n}"' for n in _V19_REPLACED)])


def _to_19(db: pw.Database) -> None:
    create_overdue_indexes(db)


# --- 20: partial indexes of custom values; an index of digit triples, not pg_trgm ----------

# A custom field holds a text, a number or a day: the indexes by number and by day held
# a row for every text value too (an import of 100k cards with 5 text fields built
# 500k entries of NULL in each, 0.45 s of the import's 1 s of index building).
_V20_VALUE_INDEXES = (
    'DROP INDEX IF EXISTS "custom_value_field_id_number_entity_id"',
    'DROP INDEX IF EXISTS "custom_value_field_id_day_entity_id"',
    'CREATE INDEX IF NOT EXISTS "custom_value_field_id_number_entity_id" '
    'ON "custom_value" ("field_id", "number", "entity_id") WHERE ("number" IS NOT NULL)',
    'CREATE INDEX IF NOT EXISTS "custom_value_field_id_day_entity_id" '
    'ON "custom_value" ("field_id", "day", "entity_id") WHERE ("day" IS NOT NULL)',
)
# pg_trgm's index served the searches that bigrams answer poorly: digits (every phone
# number holds the common digit pairs). An index of each document's triples of digits
# (search_index.DIGIT_TRIPLES_SQL) serves them now, at a fraction of the writing: a
# 20k-row import's search rows, 1.9 s with the trigram index, 1.5 s with this one
# (0.9 s with neither). The triples are not stored beside the bigrams: a search of a
# common word reads every hit's row, and 100k rows grew from 80 to 101 MB with them
# (有限, 71k hits: 104 -> 140 ms).
_V20_DIGITS = (
    DIGIT_TRIPLES_SQL,
    'CREATE INDEX IF NOT EXISTS "customer_search_digits" ON "customer_search" '
    'USING gin (crm_digit_triples("doc"))',
    'DROP INDEX IF EXISTS "customer_search_doc_trgm"',
)


def _to_20(db: pw.Database) -> None:
    _run(db, _V20_VALUE_INDEXES)
    if not isinstance(db, pw.SqliteDatabase):
        _run(db, (), _V20_DIGITS)


# --- 21: a change counter of the tables the planned overdue rows read (PostgreSQL) ----

# the planned rows read the follow-ups and their contacts' names besides the customers
# and accounts crm_data_changes stands for; a counter of their own, so a follow-up
# rescheduled renews the list but not the cadence answer, which does not read it
_V21_POSTGRES = _change_counter("crm_list_changes", "list_changed", ("follow_up", "contact"))


# the pipeline board's columns in their order, the id last as the order's tie-break
# (SQLite's indexes end with the rowid): a column's first cards were found by joining
# and sorting all 16k of its stage (30 ms a column); now by reading the first 60
_V21_BOARD = (
    'CREATE INDEX IF NOT EXISTS "opportunity_live_open_order" '
    'ON "opportunity" ("stage_id", "close_date", "id") WHERE "deleted_at" IS NULL',
    'CREATE INDEX IF NOT EXISTS "opportunity_live_closed_order" '
    'ON "opportunity" ("stage_id", "closed_at", "id") WHERE "deleted_at" IS NULL',
)


def create_list_counter(db: pw.Database) -> None:
    """The change counter and the board's indexes of step 21 (PostgreSQL; safe to run
    again)."""
    if not isinstance(db, pw.SqliteDatabase):
        _run(db, [], [*_V21_POSTGRES, *_V21_BOARD])


def _to_21(db: pw.Database) -> None:
    create_list_counter(db)


# --- 22: digit triples among the search codes; the log's references per statement --------

# The expression index of digit triples (step 20) had the server compute every document's
# triples in SQL: 19 µs a row, 0.46 s of the 1.3 s a 20k-row import's search rows took
# the server. The client codes them with the bigrams now (search_codes.document_codes),
# in a range no bigram's code reaches, and one GIN index answers both. The rows grow
# (100k demo: 80 -> 99 MB, 108 -> 154 codes a row); a search of a common word reads
# them: 有限 37 -> 41 ms, 贸易 19 -> 21 ms.
_V22_CODES = (
    "SELECT set_config('maintenance_work_mem', '256MB', true)",
    'CREATE TEMPORARY TABLE "search_rows" AS SELECT "customer_id", "doc", '
    'ARRAY(SELECT c FROM (SELECT DISTINCT unnest("grams" || crm_digit_triples("doc")) AS c) d '
    'ORDER BY c::bigint & 4294967295) AS "grams" FROM "customer_search"',
    'DROP INDEX IF EXISTS "customer_search_digits"',
    'DROP INDEX IF EXISTS "customer_search_grams"',
    'TRUNCATE "customer_search"',
    # the trigger fills each row's copies of its customer's name key, deletion and owner
    'INSERT INTO "customer_search" ("customer_id", "doc", "grams") '
    'SELECT "customer_id", "doc", "grams" FROM "search_rows"',
    'DROP TABLE "search_rows"',
    'CREATE INDEX IF NOT EXISTS "customer_search_grams" ON "customer_search" USING gin ("grams")',
    "DROP FUNCTION IF EXISTS crm_digit_triples(TEXT)",
)

# A search row's copies of its card's name key, deletion and owner are the server's to
# fill (step 18), a look-up of the card for each row: 0.27 s of a 20k-row import, whose
# COPY knows them already (the cards it has just written). A row that comes with a name
# key keeps what it brings; the app's other writers send none. What a role could bring
# it cannot use: the team's rules let a salesperson's role insert only a row that names
# them as its owner (models/pg_security.py), and every card has its row already but
# one being made in the same transaction; the document itself is the writer's anyway.
# An UPDATE is filled as before.
_V22_FILL = (
    'DROP TRIGGER IF EXISTS customer_search_fill ON "customer_search"',
    'CREATE TRIGGER customer_search_fill BEFORE INSERT ON "customer_search" '
    "FOR EACH ROW WHEN (NEW.\"name_key\" = '') EXECUTE FUNCTION crm_search_fill()",
    'DROP TRIGGER IF EXISTS customer_search_refill ON "customer_search"',
    'CREATE TRIGGER customer_search_refill BEFORE UPDATE ON "customer_search" '
    "FOR EACH ROW EXECUTE FUNCTION crm_search_fill()",
)

# A foreign key checks each row on its own: a 20k-row import's 40k log rows (the cards'
# and the people's) took the server 0.44 s, 0.28 s of it in the checks of their user and
# import batch, the same two for every row. One check per statement, on the rows it
# wrote (a transition table), costs 12 ms. Neither a user nor a batch is ever deleted
# (users leave by deleted_at) and the log is append-only (models/pg_security.py), so
# a check of what goes in holds what the keys held.
_V22_LOG = (
    'ALTER TABLE "change_log" DROP CONSTRAINT IF EXISTS "change_log_user_id_fkey"',
    'ALTER TABLE "change_log" DROP CONSTRAINT IF EXISTS "change_log_batch_id_fkey"',
    "CREATE OR REPLACE FUNCTION crm_log_references() RETURNS trigger LANGUAGE plpgsql "
    "SECURITY DEFINER SET search_path = public, pg_temp AS $$ DECLARE bad record; BEGIN "
    "SELECT n.user_id, n.batch_id INTO bad FROM crm_new_log n "
    'WHERE (n.user_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "user" u WHERE u.id = n.user_id)) '
    "OR (n.batch_id IS NOT NULL AND NOT EXISTS "
    "(SELECT 1 FROM import_batch b WHERE b.id = n.batch_id)) LIMIT 1; "
    # %% is RAISE's placeholder (psycopg2 reads %)
    "IF FOUND THEN RAISE EXCEPTION 'change_log: no user %% or import batch %%', "
    "bad.user_id, bad.batch_id USING ERRCODE = 'foreign_key_violation'; END IF; "
    "RETURN NULL; END $$",
    'DROP TRIGGER IF EXISTS change_log_references ON "change_log"',
    'CREATE TRIGGER change_log_references AFTER INSERT ON "change_log" '
    "REFERENCING NEW TABLE AS crm_new_log FOR EACH STATEMENT "
    "EXECUTE FUNCTION crm_log_references()",
)


def create_log_check(db: pw.Database) -> None:
    """Step 22's check of the log's references (PostgreSQL; safe to run again)."""
    if not isinstance(db, pw.SqliteDatabase):
        _run(db, [], _V22_LOG)


def _to_22(db: pw.Database) -> None:
    if not isinstance(db, pw.SqliteDatabase):
        _run(db, [], _V22_FILL + _V22_CODES)
    create_log_check(db)


# --- 23: emails and WeChat IDs in the search documents ---------------------------------

# the cards whose documents gain a text: an email of their own, or a contact's email or
# WeChat ID (the others' documents are what step 23 would build)
_V23_HOLDERS = (
    "SELECT id FROM customer WHERE email <> '' UNION SELECT customer_id FROM contact "
    "WHERE deleted_at IS NULL AND (email <> '' OR wechat <> '') ORDER BY 1"
)


def _to_23(db: pw.Database) -> None:
    ids = [i for (i,) in db.execute_sql(_V23_HOLDERS)]
    reindex_customers(ids, name_keys=False)


# version reached -> step from the version before it
STEPS: dict[int, Callable[[pw.Database], None]] = {
    2: _to_2,
    3: _to_3,
    4: _to_4,
    5: _to_5,
    6: _to_6,
    7: _to_7,
    8: _to_8,
    9: _to_9,
    10: _to_10,
    11: _to_11,
    12: _to_12,
    13: _to_13,
    14: _to_14,
    15: _to_15,
    16: _to_16,
    17: _to_17,
    18: _to_18,
    19: _to_19,
    20: _to_20,
    21: _to_21,
    22: _to_22,
    23: _to_23,
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
        create_change_counter(db)
        create_list_counter(db)
        create_log_check(db)
        create_overdue_indexes(db)
        create_search_index(db)
        seed_pipeline(db)
        _set_version(CURRENT_VERSION)


def upgrade(db: pw.Database, target, from_version: int) -> None:
    """Back up, then run every step after `from_version` in one transaction.

    The copy goes to the automatic backups' folder (backup_place), where the Backups
    dialog lists it; the rotation leaves it alone (not an -auto- name)."""
    from crm_desktop.models.backup_place import auto_backup_folder
    from crm_desktop.models.db import backup_sqlite, private_folder, timestamp

    if target.is_sqlite:
        path = target.path
        folder = private_folder(auto_backup_folder(path))
        backup = folder / f"{path.stem}.v{from_version}-{timestamp()}.before-upgrade.db"
        backup_sqlite(path, backup, target.passphrase)
        log.info("backed up %s to %s before upgrading", path, backup)
    with db.atomic():
        for version in range(from_version + 1, CURRENT_VERSION + 1):
            STEPS[version](db)
        _set_version(CURRENT_VERSION)


def ensure_bootstrap(db: pw.Database) -> None:
    """A database always has a general manager: `admin`, with no password until one is set,
    named in the language of whoever made the database (管理员 in the Chinese app)."""
    if not User.select().where(User.deleted_at.is_null()).exists():
        with db.atomic():
            name = render("models.first_admin_name")
            User.create(username="admin", display_name=name, role="gm")
