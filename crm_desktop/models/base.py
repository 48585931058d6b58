"""The database handle shared by every model, and the columns every main record carries."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from decimal import ROUND_HALF_UP, Decimal

import peewee as pw

# Bound to a real database by `crm_desktop.models.db.open_database`; the app, the
# CLI and each test bind the same models to different files this way.
database = pw.DatabaseProxy()

CENT = Decimal("0.01")


def utcnow() -> datetime:
    """Naive UTC, as stored: SQLite has no time zones and PostgreSQL columns are plain."""
    return datetime.now(UTC).replace(tzinfo=None)


def new_uuid() -> str:
    return str(uuid.uuid4())


def to_minor(value: Decimal | int | float | str | None) -> int | None:
    """Yuan to integer fen, rounding half up (how a cashier rounds)."""
    if value is None or value == "":
        return None
    return int((Decimal(str(value)) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def from_minor(value: int | None) -> Decimal | None:
    if value is None:
        return None
    return (Decimal(int(value)) / 100).quantize(CENT)


class MoneyField(pw.BigIntegerField):
    """Money: integer minor units (fen) in the database, `Decimal` yuan in Python."""

    def db_value(self, value):  # noqa: D401 - peewee hook
        return to_minor(value)

    def python_value(self, value):
        return from_minor(value)


class BaseModel(pw.Model):
    class Meta:
        database = database
        legacy_table_names = False


class Record(BaseModel):
    """A main record: stable UUID, timestamps, optimistic-lock version and soft delete."""

    uuid = pw.CharField(max_length=36, unique=True, default=new_uuid)
    created_at = pw.DateTimeField(default=utcnow)
    updated_at = pw.DateTimeField(default=utcnow)
    version = pw.IntegerField(default=1)
    deleted_at = pw.DateTimeField(null=True, index=True)

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None
