"""How the figures talk to the database: table names, parameters, dates, fen to yuan."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal

from crm_desktop.models import (
    ChangeLog,
    Customer,
    FollowUp,
    Payment,
    Product,
    Sale,
    User,
    database,
    is_sqlite,
)

T_CUSTOMER = Customer._meta.table_name
T_SALE = Sale._meta.table_name
T_PAYMENT = Payment._meta.table_name
T_FOLLOWUP = FollowUp._meta.table_name
T_USER = User._meta.table_name
T_PRODUCT = Product._meta.table_name
T_CHANGELOG = ChangeLog._meta.table_name

ZERO = Decimal(0)


def _yuan(fen) -> Decimal:
    """Integer fen (or a SQL sum of them) to Decimal yuan, exactly."""
    if fen is None:
        return Decimal("0.00")
    return Decimal(int(fen)).scaleb(-2)


# --- SQL helpers -------------------------------------------------------------------


def _q(name: str) -> str:
    return f'"{name}"'


def _run(sql: str, params: Sequence = ()) -> list[tuple]:
    if not is_sqlite():
        sql = sql.replace("?", "%s")
    return database.execute_sql(sql, tuple(params)).fetchall()


def _pd(value: date) -> object:
    """A date parameter as the database stores it (ISO text on SQLite)."""
    return value.isoformat() if is_sqlite() else value


def _pdt(value: datetime) -> object:
    return value.isoformat(sep=" ") if is_sqlite() else value


_DATES: dict[str, date] = {}


def _to_date(value) -> date | None:
    """A date from what the database returns (ISO text on SQLite); the day is memoized, as
    a year of figures repeats the same few hundred days (keyed by the day, not the whole
    timestamp, so the memo stays small)."""
    if value is None:
        return None
    if isinstance(value, str):
        day = value[:10]
        found = _DATES.get(day)
        if found is None:
            found = _DATES[day] = date.fromisoformat(day)
        return found
    if isinstance(value, datetime):
        return value.date()
    return value


def _unindexed(column: str) -> str:
    """A column SQLite must not pick an index for (`+column`): when most rows match, a
    scan beats an index walk with one table lookup per entry."""
    return f"+{column}" if is_sqlite() else column


def _user_names() -> dict[int, str]:
    return {
        uid: (display or username)
        for uid, username, display in _run(f"SELECT id, username, display_name FROM {_q(T_USER)}")
    }


def _products() -> dict[int, tuple[str, str, str]]:
    return {
        pid: (code, name, category)
        for pid, code, name, category in _run(
            f"SELECT id, code, name, category FROM {_q(T_PRODUCT)}"
        )
    }


def _run_write(sql: str, params: Sequence) -> None:
    if not is_sqlite():
        sql = sql.replace("?", "%s")
    database.execute_sql(sql, tuple(params))
