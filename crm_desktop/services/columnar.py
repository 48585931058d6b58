"""Integer columns of many rows as numpy arrays, for figures over a year of sales lines.

Fetching 500k rows through the DB-API builds a Python tuple and an int object per value:
about 2 s for the nine columns the sales figures need, ten times what the database takes
to read them. Here each column travels as ONE text (`group_concat` on SQLite,
`string_agg` on PostgreSQL) that numpy parses in C, and the grouping is done by numpy
(`bincount`, `unique`) instead of a SQL sort per figure: 0.3-0.4 s for the same year.

All aggregates of one SELECT see the rows in the same order, so the i-th value of every
column belongs to the same row. Both functions skip NULLs, so every expression must be
non-null (wrap it in COALESCE); the row count is fetched alongside and checked.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from crm_desktop.models import database, is_sqlite

EMPTY = np.zeros(0, dtype=np.int64)


# kind -> (SQLite expression, PostgreSQL expression, separator) of what is concatenated:
# numbers with commas; days (SQLite's) and months as fixed-width ISO text with no
# separator at all, parsed by numpy from the bytes (no date parsing in SQL, none in
# Python per row); PostgreSQL's days as their numbers since 1970-01-01;
# texts with the unit separator, which no cleaned input holds.
_KINDS = {  # kind -> (SQLite, PostgreSQL) expression, then separator
    "int": ("{}", "CAST({} AS TEXT)", "','", "','"),
    "float": ("{}", "CAST({} AS TEXT)", "','", "','"),
    # PostgreSQL: the day's number itself (to_char cost 65 of the 290 ms of a half
    # year's 276k sales lines)
    "day": ("substr({}, 1, 10)", "CAST(CAST({} AS date) - DATE '1970-01-01' AS TEXT)", "''", "','"),
    "month": ("substr({}, 1, 7)", "to_char({}, 'YYYY-MM')", "''", "''"),
    "text": ("{}", "CAST({} AS TEXT)", "char(31)", "chr(31)"),
}


def _aggregate(kind: str, expr: str) -> str:
    lite, pg, lite_sep, pg_sep = _KINDS[kind]
    if is_sqlite():
        return f"group_concat({lite.format(expr)}, {lite_sep})"
    return f"string_agg({pg.format(expr)}, {pg_sep})"


def _digits(text: str, count: int, width: int, what: str) -> np.ndarray:
    raw = np.frombuffer(text.encode("ascii", "replace"), dtype=np.uint8)
    if len(raw) != count * width:
        raise ValueError(f"{what}: not one ISO date per row")
    return raw.reshape(count, width).astype(np.int64) - 48  # ord("0")


def _year_month(digits: np.ndarray) -> np.ndarray:
    """year * 12 + month - 1 from the digits of 'YYYY-MM…'."""
    year = digits[:, 0] * 1000 + digits[:, 1] * 100 + digits[:, 2] * 10 + digits[:, 3]
    return year * 12 + digits[:, 5] * 10 + digits[:, 6] - 1


def _parse(kind: str, text: str | None, count: int, expr: str):
    if kind == "text":
        values = text.split("\x1f") if text is not None else []
    elif not text:
        values = np.zeros(0, dtype=np.float64 if kind == "float" else np.int64)
    elif kind in ("int", "float") or (kind == "day" and not is_sqlite()):
        # text mode of fromstring (sep given) is the supported one: 12 ms for 500k values
        values = np.fromstring(text, dtype=np.float64 if kind == "float" else np.int64, sep=",")
    elif kind == "month":
        values = _year_month(_digits(text, count, 7, expr))
    else:  # day: days since 1970-01-01
        digits = _digits(text, count, 10, expr)
        months = (_year_month(digits) - 1970 * 12).astype("datetime64[M]")
        values = months.astype("datetime64[D]").astype(np.int64)
        values += digits[:, 8] * 10 + digits[:, 9] - 1
    if len(values) != count:
        raise ValueError(f"column {expr!r} has NULLs: {len(values)} values for {count} rows")
    return values


def read_columns(columns: Sequence[tuple[str, str]], source: str, params: Sequence = ()) -> list:
    """``SELECT … FROM source`` (source: tables, joins and WHERE; `?` marks) in one read,
    each column given as (kind, expression): "int" and "float" give numpy arrays, "day"
    (days since 1970-01-01) and "month" (year * 12 + month - 1) int64 arrays of a date
    column, "text" a list of strings."""
    aggregates = ", ".join(_aggregate(kind, expr) for kind, expr in columns)
    sql = f"SELECT COUNT(*), {aggregates} FROM {source}"
    if not is_sqlite():
        sql = sql.replace("?", "%s")
    row = database.execute_sql(sql, tuple(params)).fetchone()
    count = int(row[0] or 0)
    return [
        _parse(kind, text, count, expr) for (kind, expr), text in zip(columns, row[1:], strict=True)
    ]


def int_columns(exprs: Sequence[str], source: str, params: Sequence = ()) -> list[np.ndarray]:
    """``SELECT exprs FROM source`` as int64 arrays of equal length."""
    return read_columns([("int", e) for e in exprs], source, params)


def pack(*columns: np.ndarray) -> tuple[np.ndarray, list[int]]:
    """Several non-negative int columns as one int64 key per row (mixed radix), and the
    radixes to `unpack` it: grouping by one key is one sort instead of a sort of tuples."""
    radixes = [int(c.max()) + 1 if len(c) else 1 for c in columns]
    span = 1
    for r in radixes:
        span *= r
    if span >= 2**63:
        raise OverflowError("the key columns do not fit one 64-bit key")
    key = np.zeros(len(columns[0]), dtype=np.int64)
    for column, radix in zip(columns, radixes, strict=True):
        key = key * radix + column
    return key, radixes


def unpack(keys: np.ndarray, radixes: list[int]) -> list[np.ndarray]:
    """The columns `pack` made `keys` from."""
    out = []
    for radix in reversed(radixes):
        out.append(keys % radix)
        keys = keys // radix
    return out[::-1]


def unique_sorted(keys: np.ndarray) -> np.ndarray:
    """np.unique by sorting (numpy 2's hashing unique is 5x slower on 500k int64 keys)."""
    if not len(keys):
        return keys
    ordered = np.sort(keys)
    return ordered[np.concatenate(([True], ordered[1:] != ordered[:-1]))]


def group_sums(keys: np.ndarray, *values: np.ndarray) -> tuple[np.ndarray, list[np.ndarray]]:
    """The distinct keys (sorted) and, per values column, the exact int64 sum per key."""
    if not len(keys):
        return keys, [EMPTY for _ in values]
    order = np.argsort(keys, kind="stable")
    ordered = keys[order]
    starts = np.flatnonzero(np.concatenate(([True], ordered[1:] != ordered[:-1])))
    sums = [np.add.reduceat(column[order], starts) for column in values]
    return ordered[starts], sums


def distinct_counts(keys: np.ndarray, members: np.ndarray) -> dict[int, int]:
    """{key: number of distinct members seen with it}."""
    if not len(keys):
        return {}
    pairs, radixes = pack(keys, members)
    first = unpack(unique_sorted(pairs), radixes)[0]  # sorted, so runs of equal keys
    starts = np.flatnonzero(np.concatenate(([True], first[1:] != first[:-1])))
    counts = np.diff(np.append(starts, len(first)))
    return dict(zip(first[starts].tolist(), counts.tolist(), strict=True))
