"""Rows into a PostgreSQL table with COPY: one statement and one stream per batch.

INSERT … VALUES of 5,000 rows at a time (execute_values) makes the server parse and
plan every batch and the client build a statement text of each; COPY streams the rows
as lines, which is what the demo and the import write by the hundred thousand.

The lines are CSV, written by the csv module in C: NULL is an unquoted \\N, any
text is quoted when it must be. Escaping each value for COPY's text format in Python
cost 1.0 s of 1.2M values (a 20k-row import); the CSV writer 0.4 s. A text that is
exactly \\N or \\. (which CSV would read as NULL or as the end of the data) is
written quoted by `_csv_line`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from itertools import islice
from typing import NamedTuple

COPY_BATCH = 50_000  # rows per COPY: a few MB of text held at once
# connections (by id) whose COPYs run behind their callers (`CopyBehind`)
_BEHIND: dict[int, CopyBehind] = {}
_NULL = "\\N"
_END = "\\."  # alone on a line: the end of the data


def array_literal(items: Sequence[object]) -> str:
    """PostgreSQL's literal of a text array, every element quoted (NULL for None).

    A list of texts (the search bigrams, ~80 a card) is escaped as one joined string,
    in C: a NUL, which no PostgreSQL text holds, marks where the elements meet."""
    if not items:
        return "{}"
    try:
        joined = "\0".join(items)  # type: ignore[arg-type]
    except TypeError:  # a NULL or a number among them: element by element
        pass
    else:
        joined = joined.replace("\\", "\\\\").replace('"', '\\"')
        return '{"' + joined.replace("\0", '","') + '"}'
    quoted = (
        "NULL" if item is None else '"' + str(item).replace("\\", "\\\\").replace('"', '\\"') + '"'
        for item in items
    )
    return "{" + ",".join(quoted) + "}"


class Prepared(NamedTuple):
    """Rows with their CSV lines made already: `CopyBehind` makes them in its caller's
    thread, so that its own thread sends one COPY as soon as the last has ended instead
    of keeping the server waiting while it makes the lines (a 20k-row import's COPYs
    left the server idle 0.8 s of 2.8 s so)."""

    rows: Sequence[Sequence]
    lines: str


def copy_rows(
    cursor, table: str, columns: Sequence[str], rows: Iterable[Sequence] | Prepared
) -> int:
    """COPY `rows` (raw database values, as `bulk_insert` takes them) into `table`
    through a psycopg2 cursor; returns how many were written.

    A user's role under the team's rules (models/pg_security.py) may not COPY into a
    table whose row-level security applies to it: the rows are COPYed into a temporary
    table of the same columns and moved with one INSERT … SELECT, which the policies
    check row by row. An import of 20k rows as the general manager's role: 14.0 s with
    INSERT … VALUES, 11.1 s so, the same as the owner's COPY on that run (the 20k new
    cards alone: 3.9 s -> 1.6 s, COPY 1.1–1.3 s)."""
    cols = ", ".join(f'"{c}"' for c in columns)
    cursor.execute(
        "SELECT row_security_active(%s), has_database_privilege(current_database(), 'TEMP')",
        (f'"{table}"',),
    )
    secured, may_temp = cursor.fetchone()
    if secured and not may_temp:  # a server that refuses temporary tables
        return _insert_rows(cursor, table, cols, rows.rows if isinstance(rows, Prepared) else rows)
    if not secured:
        return _copy(cursor, f'"{table}"', cols, rows)
    # dropped after use, or with the transaction when the policies refuse a row
    staging = f'pg_temp."crm_bulk_{table}"'
    cursor.execute(f"DROP TABLE IF EXISTS {staging}")
    cursor.execute(f'CREATE TEMPORARY TABLE {staging} AS SELECT {cols} FROM "{table}" WITH NO DATA')
    count = _copy(cursor, staging, cols, rows)
    cursor.execute(f'INSERT INTO "{table}" ({cols}) SELECT {cols} FROM {staging}')
    cursor.execute(f"DROP TABLE {staging}")
    return count


def settle(connection, *, ending: bool = False) -> None:
    """Before a statement on `connection`: wait for the COPYs running behind on it.
    psycopg2 does not keep a COPY apart from another thread's statement on the same
    connection: the statement breaks the COPY ("no COPY in progress") or both hang.
    The app's database handle calls this before each statement it runs
    (models/storage.py), so code that queries while an import's COPYs run need not
    know of them; `ending`: before a rollback, they end with their errors unsaid."""
    behind = _BEHIND.get(id(connection))
    if behind is not None and ending:  # a rollback: what they would write is void
        behind.close()
    elif behind is not None:
        behind.wait()


class CopyBehind:
    """COPYs taken by the server while the caller makes the next rows: they run on a
    thread of their own (psycopg2 lets go of the GIL while the server works), one at a
    time, in the order given. Up to `queued` wait their turn; a COPY's error is raised
    by a later `copy` or `wait`, or by the end of the `with` block, which waits for
    the last. Meanwhile a statement of the app's database handle on the connection
    first waits for them (`settle`)."""

    def __init__(self, connection, queued: int = 8) -> None:
        from collections import deque
        from concurrent.futures import Future, ThreadPoolExecutor

        self.connection = connection
        self.pool = ThreadPoolExecutor(1, thread_name_prefix="crm-copy")
        self.pending: deque[Future[int]] = deque()
        self.queued = queued
        settle(connection)  # another's on this connection end first
        _BEHIND[id(connection)] = self

    def __enter__(self) -> CopyBehind:
        return self

    def __exit__(self, *exc: object) -> None:
        if exc[0] is None:
            try:
                self.wait()
            finally:
                self.pool.shutdown(wait=True)
                self._forget()
        else:  # the caller's error is the one raised
            self.close()

    def copy(self, table: str, columns: Sequence[str], rows: list[Sequence]) -> None:
        """`copy_rows` of `rows` into `table` after the COPYs given before it; waits
        while `queued` are waiting already. The rows' lines are made here."""
        prepared = Prepared(rows, csv_lines(rows))
        while self.pending and (self.pending[0].done() or len(self.pending) >= self.queued):
            self.pending.popleft().result()  # its error, if any, is raised here
        self.pending.append(self.pool.submit(self._run, table, columns, prepared))

    def wait(self) -> None:
        """Wait for every COPY given; the first error, if any, is raised here."""
        while self.pending:
            self.pending.popleft().result()

    def close(self) -> None:
        """After an error elsewhere: let the COPYs given end, their own errors unsaid."""
        self.pool.shutdown(wait=True, cancel_futures=True)
        self.pending.clear()
        self._forget()

    def _forget(self) -> None:
        if _BEHIND.get(id(self.connection)) is self:
            del _BEHIND[id(self.connection)]

    def _run(self, table: str, columns: Sequence[str], rows: Prepared) -> int:
        with self.connection.cursor() as cursor:
            return copy_rows(cursor, table, columns, rows)


def _csv_value(value: object) -> object:
    """A value as the CSV writer takes it: NULL's marker, a text array's literal."""
    if value is None:
        return _NULL
    if value.__class__ in (list, tuple):
        return array_literal(value)  # type: ignore[arg-type]
    return value


def _csv_line(row: Sequence) -> str:
    """A row by hand, every text quoted: for the rare row holding a text \\N or \\."""
    fields = []
    for value in map(_csv_value, row):
        if value is _NULL:
            fields.append(value)
        elif isinstance(value, str):
            fields.append('"' + value.replace('"', '""') + '"')
        else:
            fields.append(str(value))
    return ",".join(fields) + "\n"


def csv_lines(rows: Iterable[Sequence]) -> str:
    """The rows (raw database values) as the CSV lines `_copy` streams: NULL an unquoted
    \\N, a list a text array's literal, a text quoted when CSV needs it."""
    buffer = io.StringIO()
    write = csv.writer(buffer, lineterminator="\n").writerow
    array = (list, tuple)
    for row in rows:
        if _NULL in row or _END in row:  # texts that CSV would not read as themselves
            buffer.write(_csv_line(row))
        else:  # the values inline: a call a value would cost more than the writer
            write(
                [
                    _NULL if v is None else array_literal(v) if v.__class__ in array else v
                    for v in row
                ]
            )
    return buffer.getvalue()


def _copy(cursor, target: str, cols: str, rows: Iterable[Sequence] | Prepared) -> int:
    """COPY FROM STDIN in batches of COPY_BATCH rows (prepared ones at once); `target`
    is quoted already."""
    sql = f"COPY {target} ({cols}) FROM STDIN WITH (FORMAT csv, NULL '\\N')"
    if isinstance(rows, Prepared):
        cursor.copy_expert(sql, io.StringIO(rows.lines), size=max(len(rows.lines), 8192))
        return len(rows.rows)
    count = 0
    remaining = iter(rows)
    while batch := list(islice(remaining, COPY_BATCH)):
        cursor.copy_expert(sql, io.StringIO(csv_lines(batch)))
        count += len(batch)
    return count


def _insert_rows(cursor, table: str, cols: str, rows: Iterable[Sequence]) -> int:
    """INSERT … VALUES in batches: under the team's rules on a server that gives the
    role no temporary tables."""
    from psycopg2.extras import execute_values

    count = 0
    batch: list[Sequence] = []
    sql = f'INSERT INTO "{table}" ({cols}) VALUES %s'
    for row in rows:
        batch.append(row)
        if len(batch) >= 5_000:
            execute_values(cursor, sql, batch, page_size=len(batch))
            count += len(batch)
            batch.clear()
    if batch:
        execute_values(cursor, sql, batch, page_size=len(batch))
        count += len(batch)
    return count


def update_by_id(cursor, table: str, column: str, rows: Sequence[tuple[object, int]]) -> int:
    """Set `column` of many rows, given as (value, id) pairs, in a few statements:
    UPDATE … FROM (VALUES …) instead of one round trip per row (5,000 name keys of an
    import: 7.4 s -> well under a second)."""
    from psycopg2.extras import execute_values

    sql = (
        f'UPDATE "{table}" AS t SET "{column}" = v.value '
        f"FROM (VALUES %s) AS v(value, id) WHERE t.id = v.id"
    )
    for start in range(0, len(rows), 5_000):
        batch = rows[start : start + 5_000]
        execute_values(cursor, sql, batch, page_size=len(batch))
    return len(rows)
