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
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

import peewee as pw
from playhouse.migrate import SchemaMigrator, migrate

from crm_desktop import APP_NAME
from crm_desktop.models.entities import MODELS, Customer, CustomerSearch, DbInfo, FollowUp, User
from crm_desktop.models.search_index import FTS_DDL, fill_fts_from_documents, reindex_customers

log = logging.getLogger(__name__)

CURRENT_VERSION = 7


def _create_search_index(db: pw.Database) -> None:
    db.create_tables([CustomerSearch])
    if isinstance(db, pw.SqliteDatabase):
        db.execute_sql(FTS_DDL)
    else:
        try:
            with db.atomic():
                db.execute_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
                db.execute_sql(
                    "CREATE INDEX IF NOT EXISTS customer_search_doc_trgm "
                    "ON customer_search USING gin (doc gin_trgm_ops)"
                )
        except pw.DatabaseError:
            log.warning("pg_trgm is not available: search scans customer_search.doc")


def _to_2(db: pw.Database) -> None:
    _create_search_index(db)
    reindex_customers()


def _create_indexes(model: type[pw.Model], without: tuple[str, ...] = ()) -> None:
    """The model's Meta indexes (IF NOT EXISTS), but those on a column in `without`: a
    later step adds that column and its indexes."""
    for index in model._meta.fields_to_index():
        columns = {getattr(e, "column_name", None) for e in index._expressions}
        if columns.isdisjoint(without):
            model._meta.database.execute(model._schema._create_index(index, safe=True))


def _to_3(db: pw.Database) -> None:
    _create_indexes(Customer, without=("last_contact_at", "planned_followups"))


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


def _to_4(db: pw.Database) -> None:
    if "last_contact_at" not in {c.name for c in db.get_columns("customer")}:  # safe to re-run
        migrate(
            SchemaMigrator.from_database(db).add_column(
                "customer", "last_contact_at", pw.DateTimeField(null=True)
            )
        )
    _create_indexes(FollowUp)  # (customer, status, done_at): the backfill seeks it
    backfill_last_contact()
    _create_indexes(Customer, without=("planned_followups",))


def _to_5(db: pw.Database) -> None:
    _create_indexes(FollowUp)  # the new Meta index (status, due_at, customer)


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


# the cadence indexes up to schema 5, before planned_followups led them
_OLD_CADENCE_INDEXES = (
    ("deleted_at", "abc_class", "last_contact_at", "contact_interval_days"),
    ("deleted_at", "contact_interval_days", "last_contact_at", "abc_class"),
)


def _to_6(db: pw.Database) -> None:
    if "planned_followups" not in {c.name for c in db.get_columns("customer")}:
        # in place on both databases (peewee's SQLite migrator would rebuild the table
        # to add a NOT NULL column)
        db.execute_sql(
            "ALTER TABLE customer ADD COLUMN planned_followups INTEGER NOT NULL DEFAULT 0"
        )
    cover = ("created_at", "owner", "code", "name")
    for columns in _OLD_CADENCE_INDEXES:
        fields = [getattr(Customer, name) for name in (*columns, *cover)]
        db.execute_sql(f'DROP INDEX IF EXISTS "{pw.ModelIndex(Customer, fields)._name}"')
    backfill_planned_followups()
    _create_indexes(Customer)
    _create_indexes(FollowUp)
    create_followup_triggers(db)


def _to_7(db: pw.Database) -> None:
    if not isinstance(db, pw.SqliteDatabase):
        return
    ddl = db.execute_sql("SELECT sql FROM sqlite_schema WHERE name = 'customer_fts'").fetchone()
    if ddl and "content = ''" in ddl[0]:
        return  # made by step 2 of this same upgrade
    db.execute_sql("DROP TABLE IF EXISTS customer_fts")
    db.execute_sql(FTS_DDL)
    fill_fts_from_documents()


# version reached -> step from the version before it
STEPS: dict[int, Callable[[pw.Database], None]] = {
    2: _to_2,
    3: _to_3,
    4: _to_4,
    5: _to_5,
    6: _to_6,
    7: _to_7,
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
        _create_search_index(db)
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
