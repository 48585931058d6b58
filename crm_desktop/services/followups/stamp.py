"""When a cached answer may be reused: a stamp of the database, and whether it still holds.

SQLite: `PRAGMA data_version` changes when another connection (another program,
another thread) commits; `total_changes` counts this connection's own writes.

PostgreSQL: the server's current snapshot (xmin, xmax and the transaction ids still
running). Only transactions that write get an id, so an answer holds while no
transaction that was running, or not yet started, when it was computed has ended
since. A transaction merely starting (a long import in another client, which shows
nothing until it commits) no longer throws the answer away, nor does the end of one
that was running in another database of the server when the answer was computed
(`pg_stat_activity` names its database). Inside a transaction of our own nothing is
cached: its writes would not show in the snapshot.
"""

from __future__ import annotations

from typing import NamedTuple

from crm_desktop.models import database, is_sqlite

_XID32 = 0xFFFFFFFF  # pg_stat_activity gives 32-bit ids, the snapshot 64-bit ones


class PgSnapshot(NamedTuple):
    """The part of a PostgreSQL snapshot the stamp needs, and the running transaction
    ids (low 32 bits) that belong to another database."""

    xmax: int
    running: frozenset[int]
    foreign: frozenset[int] = frozenset()

    @classmethod
    def parse(cls, text: str, foreign: list[int] | None = None) -> PgSnapshot:
        """From `pg_current_snapshot()::text` ("xmin:xmax:xip,xip,…")."""
        _xmin, xmax, running = text.split(":")
        ids = frozenset(int(x) for x in running.split(",") if x)
        return cls(int(xmax), ids, frozenset(foreign or ()))


def nothing_committed_between(before: PgSnapshot, after: PgSnapshot) -> bool:
    """Whether no transaction of this database can have ended between two snapshots:
    those running at `before` that ended since were another database's, and every one
    started since is still running."""
    ended = before.running - after.running
    if any((x & _XID32) not in before.foreign for x in ended):
        return False
    started = after.xmax - before.xmax
    still_running = sum(1 for x in after.running if x >= before.xmax)
    return started == still_running


def db_stamp() -> tuple | None:
    """The database's stamp now; None when nothing may be cached (a transaction of
    our own is open)."""
    if not is_sqlite():
        if database.in_transaction():
            return None
        text, foreign = database.execute_sql(
            "SELECT pg_current_snapshot()::text, ARRAY(SELECT backend_xid::text::bigint "
            "FROM pg_stat_activity WHERE backend_xid IS NOT NULL "
            "AND datid IS DISTINCT FROM (SELECT oid FROM pg_database "
            "WHERE datname = current_database()))"
        ).fetchone()
        return (database.connection(), PgSnapshot.parse(text, foreign))
    conn = database.connection()
    version = conn.execute("PRAGMA data_version").fetchone()[0]
    # the connection itself, not its id(): a cached entry keeps it alive, so a later
    # connection (another file, a reopened one) can never look the same
    return (conn, version, conn.total_changes)


def still_holds(cached: tuple, now: tuple) -> bool:
    """Whether an answer computed at stamp `cached` holds at stamp `now`."""
    if cached[0] is not now[0]:  # another connection: another database, maybe
        return False
    if isinstance(now[1], PgSnapshot):
        return nothing_committed_between(cached[1], now[1])
    return cached == now


__all__ = ["PgSnapshot", "db_stamp", "nothing_committed_between", "still_holds"]
