"""When a cached answer may be reused: a stamp of the database, and whether it still holds.

SQLite: `PRAGMA data_version` changes when another connection (another program,
another thread) commits; `total_changes` counts this connection's own writes.

PostgreSQL: `crm_data_changes`, a sequence every statement that writes a customer, an
account or a setting advances (schema step 16), and `crm_list_changes`, which every
statement writing a follow-up or a contact advances (step 21), read before the
running transactions: the server's current snapshot, and the ids its activity shows
(the snapshot leaves out the newest ones). An answer holds while the counters it
depends on stand still and no transaction of this database that was running when it
was computed has ended: such a transaction may have advanced a counter before it was
read and committed after the answer's queries. The cadence answer depends on the first
counter alone: a follow-up rescheduled, a contact renamed, a history entry, an audit
entry written meanwhile, a transaction merely starting (a long import in another
client) or one of another database of the server ending no longer throws it away; a
follow-up planned or done still does, as its trigger updates the customer's count.
The overdue list's planned rows depend on both (`lists=True`). Inside a transaction
of our own nothing is cached: its writes would not show in the snapshot.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Generic, NamedTuple, TypeVar

import peewee as pw

from crm_desktop.models import database, is_sqlite

_XID32 = 0xFFFFFFFF  # pg_stat_activity gives 32-bit ids, the snapshot 64-bit ones


class PgSnapshot(NamedTuple):
    """The change counters, then the running transaction ids (low 32 bits), and those of
    them that belong to another database."""

    changes: tuple
    running: frozenset[int]
    foreign: frozenset[int] = frozenset()

    @classmethod
    def parse(
        cls,
        changes: tuple,
        text: str,
        foreign: list[int] | None = None,
        mine: list[int] | None = None,
    ) -> PgSnapshot:
        """From the counters, `pg_current_snapshot()::text` ("xmin:xmax:xip,xip,…") and the
        ids the server's activity shows for this database (`mine`). The snapshot lists
        only the running ids below its xmax, one past the newest *completed* one: the
        newest transactions, running, are not in it, and only the activity names them."""
        running = text.split(":")[2]
        ids = {int(x) & _XID32 for x in running.split(",") if x}
        ids.update(mine or ())
        return cls(tuple(changes), frozenset(ids), frozenset(foreign or ()))


def nothing_committed_between(before: PgSnapshot, after: PgSnapshot, lists: bool = False) -> bool:
    """Whether no write the answer depends on can have become visible between two
    stamps: the counter of customers, accounts and settings stood still (`lists`: and
    that of follow-ups and contacts), and those transactions running at `before` that
    ended since were another database's."""
    if before.changes[:2] != after.changes[:2]:
        return False
    if lists and before.changes[2:] != after.changes[2:]:
        return False
    ended = before.running - after.running
    return all(x in before.foreign for x in ended)


_COUNTER = (
    "SELECT d.last_value, d.is_called, l.last_value, l.is_called "
    "FROM crm_data_changes d, crm_list_changes l"
)
# the running ids of other databases, then of this one, from one pass over the server's
# activity (the function under the pg_stat_activity view, without the view's joins:
# 0.2 ms where two passes over the view took 0.9)
_HERE = "(SELECT oid FROM pg_database WHERE datname = current_database())"
_SNAPSHOT = (
    "SELECT pg_current_snapshot()::text, "
    f"array_agg(backend_xid::text::bigint) FILTER (WHERE datid IS DISTINCT FROM {_HERE}), "
    f"array_agg(backend_xid::text::bigint) FILTER (WHERE datid = {_HERE}) "
    "FROM pg_stat_get_activity(NULL) WHERE backend_xid IS NOT NULL"
)


def db_stamp() -> tuple | None:
    """The database's stamp now; None when nothing may be cached (a transaction of
    our own is open, or the counter cannot be read)."""
    if not is_sqlite():
        if database.in_transaction():
            return None
        try:  # the counter first: a write after it moves it, one before shows in the snapshot
            changes = database.execute_sql(_COUNTER).fetchone()
        except pw.DatabaseError:  # a server whose rules predate the counter: no cache
            return None
        text, foreign, mine = database.execute_sql(_SNAPSHOT).fetchone()
        return (database.connection(), PgSnapshot.parse(changes, text, foreign, mine))
    conn = database.connection()
    version = conn.execute("PRAGMA data_version").fetchone()[0]
    # the connection itself, not its id(): a cached entry keeps it alive, so a later
    # connection (another file, a reopened one) can never look the same
    return (conn, version, conn.total_changes)


def still_holds(cached: tuple, now: tuple, lists: bool = False) -> bool:
    """Whether an answer computed at stamp `cached` holds at stamp `now` (`lists`: an
    answer that reads the follow-ups and the contacts too)."""
    if cached[0] is not now[0]:  # another connection: another database, maybe
        return False
    if isinstance(now[1], PgSnapshot):
        return nothing_committed_between(cached[1], now[1], lists)
    return cached == now


T = TypeVar("T")


class KeptAnswers(Generic[T]):
    """Answers kept per key with the stamp they were computed at, and given again while
    it holds (`still_holds`; `lists`: answers that read the follow-ups and contacts too);
    at most `size` keys, all forgotten when full."""

    def __init__(self, lists: bool = False, size: int = 16) -> None:
        self.lists = lists
        self.size = size
        self.kept: dict[Hashable, tuple[tuple, tuple[T, ...]]] = {}

    def get(self, key: Hashable, stamp: tuple | None, compute: Callable[[], list[T]]) -> list[T]:
        """The kept answer of `key` if its stamp holds at `stamp` (taken before), else
        `compute()`, kept with `stamp` (None: nothing may be kept)."""
        cached = self.kept.get(key)
        if stamp is not None and cached is not None and still_holds(cached[0], stamp, self.lists):
            return list(cached[1])
        answer = compute()
        if stamp is not None:
            if len(self.kept) >= self.size:
                self.kept.clear()
            self.kept[key] = (stamp, tuple(answer))
        return answer

    def clear(self) -> None:
        self.kept.clear()


__all__ = ["KeptAnswers", "PgSnapshot", "db_stamp", "nothing_committed_between", "still_holds"]
