"""Schema versions and the steps between them.

A new database gets the current schema at once. An older one is first copied next to
itself (SQLite online backup), then upgraded step by step in one transaction, so a
failed upgrade leaves the original untouched and a backup beside it.

History:
  1  the first schema: every table but the search index
  2  the customer search index (customer_search, and customer_fts on SQLite)
  3  covering indexes for the customer list (by name and by code)
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import peewee as pw

from crm_desktop import APP_NAME
from crm_desktop.models.entities import MODELS, Customer, CustomerSearch, DbInfo, User
from crm_desktop.models.search_index import FTS_DDL, reindex_customers

log = logging.getLogger(__name__)

CURRENT_VERSION = 3


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


def _to_3(db: pw.Database) -> None:
    Customer._schema.create_indexes(safe=True)  # the new Meta.indexes; IF NOT EXISTS


# version reached -> step from the version before it
STEPS: dict[int, Callable[[pw.Database], None]] = {2: _to_2, 3: _to_3}


def _set_version(version: int) -> None:
    for key, value in (("app", APP_NAME), ("schema_version", str(version))):
        if DbInfo.get_or_none(DbInfo.key == key) is None:
            DbInfo.create(key=key, value=value)
        else:
            DbInfo.update(value=value).where(DbInfo.key == key).execute()


def create_schema(db: pw.Database) -> None:
    with db.atomic():
        db.create_tables([m for m in MODELS if m is not CustomerSearch])
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
