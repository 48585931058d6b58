"""Writing an import's new cards block by block, with their history and search documents."""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from itertools import chain, repeat
from typing import Any

from crm_desktop.models import (
    Customer,
    database,
    is_sqlite,
)
from crm_desktop.models.db import flush_written_pages
from crm_desktop.models.indexes import build_indexes, drop_indexes
from crm_desktop.models.pg_copy import CopyBehind
from crm_desktop.models.search_index import bulk_fts
from crm_desktop.offload import Offload
from crm_desktop.search_text import DOC_FIELDS
from crm_desktop.services import customers as customer_service
from crm_desktop.services.auth import Actor
from crm_desktop.services.custom_fields.kinds import SEARCHED_KINDS, FieldDef
from crm_desktop.services.custom_fields.values import (
    VALUE_COLUMNS,
    column_value_rows,
    text_column_pairs,
)
from crm_desktop.services.fields import (
    CUSTOMER_FIELD_MAP,
)
from crm_desktop.services.importing.cleaning import ABSENT, CleanBlock
from crm_desktop.textutil import name_sort_key

# an import's page cache: its pages are new and dirty, and spilling them to the file
# sooner costs nothing measurable (100k rows: the same time with 32 MB as with 64 or
# 128 MB)
IMPORT_CACHE_KB = 32_000
# search documents written to the index together: FTS5 starts a segment at each
# statement, so a few large ones (100k rows: 4, merged as they come, 0.96 s) cost what
# one row at a time does (0.90 s), without a step per row that needs the GIL
DOC_CHUNK = 25_000
MOVER_SWITCH_INTERVAL = 0.001  # seconds (`sys.setswitchinterval`) while blocks are moved
# blocks of cards waiting for the mover, and batches of search documents waiting at the
# helper, at most: beyond, the mover is waited for, and the documents are made here
MAX_BACKLOG = 8
MAX_DOC_BATCHES = 8
# rows from which an import builds indexes after its rows: on SQLite custom_value's, on
# PostgreSQL the cards' and their search rows' when the table held fewer cards before
DEFER_FROM = 5_000
# ids an import into PostgreSQL takes from customer's sequence at a time (one query):
# as many as the file's rows, up to this
RESERVE_AT_ONCE = 50_000
# a block's custom values go to the mover as JSON that SQLite unpacks without the GIL:
# an executemany binds each row holding it, and the mover waited for it while the next
# block was cleaned (500k values, the mover's share: 4.5 s -> 1.7 s). A text field's
# column is an array of [text, key] pairs, one a card (null: no value), its ids counted
# from the block's first; any other field's, an array of whole rows.
_CUSTOM_SQL = (
    f"INSERT INTO custom_value ({', '.join(VALUE_COLUMNS)}) SELECT "
    + ", ".join(f"json_extract(value, '$[{i}]')" for i in range(len(VALUE_COLUMNS)))
    + " FROM json_each(?)"
)
_CUSTOM_TEXT_SQL = (
    f"INSERT INTO custom_value ({', '.join(VALUE_COLUMNS)}) SELECT ?, ? + key, "
    "json_extract(value, '$[0]'), json_extract(value, '$[1]'), NULL, NULL "
    "FROM json_each(?) WHERE type = 'array'"
)


def _customer_layout() -> tuple[list[str], list[Any], dict[str, int]]:
    """Every column of `customer` but id, the default of each, and where each field sits."""
    names, defaults, where = [], [], {}
    for f in Customer._meta.sorted_fields:
        if f.name == "id":
            continue
        default = f.default() if callable(f.default) else f.default
        where[f.name] = len(names)
        names.append(f.column_name)
        defaults.append(None if default is None else f.db_value(default))
    return names, defaults, where


class CodeMaker:
    """Codes for rows without one: C000001 … after the highest used, never one in use
    (`taken`, upper case) nor one the file uses (`file_codes`: their hashes)."""

    def __init__(
        self, taken: Callable[[str], bool], file_codes: Callable[[], set[int]] | None = None
    ) -> None:
        self.next = int(customer_service.next_customer_code()[1:])
        self.taken = taken
        self.in_file: set[int] = set()
        self.file_codes = file_codes  # read on the first code made: most files have them all

    def __call__(self) -> str:
        if self.file_codes is not None:
            self.in_file = self.file_codes()
            self.file_codes = None
        while True:
            code = f"{customer_service.CODE_PREFIX}{self.next:06d}"
            self.next += 1
            upper = code.upper()
            if hash(upper) not in self.in_file and not self.taken(upper):
                return code


@contextmanager
def _page_cache(kib: int) -> Iterator[None]:
    """SQLite's page cache at `kib` for a while, then as it was."""
    before = database.execute_sql("PRAGMA cache_size").fetchone()[0]
    database.execute_sql(f"PRAGMA cache_size = -{int(kib)}")
    try:
        yield
    finally:
        database.execute_sql(f"PRAGMA cache_size = {int(before)}")


def _defer_pg_indexes(custom: bool) -> list[str]:
    """Drop the indexes of the tables the import fills (cards, search rows, custom
    values if it writes some) that keep nothing unique; the SQL that builds them again.

    A card COPYed into customer updates 17 such indexes row by row, its search row
    the GIN index of its bigrams: on a first import into a team's database, building
    them after is cheaper (20k cards: the two COPYs 1.0 s + 0.9 s with them, 0.34 s +
    0.18 s without, the builds ~0.8 s). Only for the tables' owner (a user's role under
    the team's rules may not drop them), and only while no other session is connected to
    the database: the drop locks the tables until the commit, and a reader would wait
    for the whole import (the app's own window, which reads on a connection of its own
    while its import runs, would freeze). So a first load from the command line builds
    them after; an import from the app, or beside a colleague's, does not."""
    owner, others = database.execute_sql(
        "SELECT pg_has_role(relowner, 'USAGE'), (SELECT count(*) FROM pg_stat_activity "
        "WHERE datname = current_database() AND pid <> pg_backend_pid() "
        "AND backend_type = 'client backend') FROM pg_class WHERE oid = 'customer'::regclass"
    ).fetchone()
    if not owner or others:
        return []
    tables = ("customer", "customer_search", *(("custom_value",) if custom else ()))
    return drop_indexes(tables, keep_unique=True)


_LOW62 = (1 << 62) - 1
_LOW48 = (1 << 48) - 1
# the UUID of a staged row from its rowid and `UuidMaker.sql_range`'s three values
UUID_SQL = f"printf('%s%04x-%012x', ?, ? + ((? + rowid) >> 48), (? + rowid) & {_LOW48})"
# the same on PostgreSQL, `k` counting the new cards from 1 in place of the rowid
UUID_SQL_POSTGRES = (
    "format('%%s%%s-%%s', %s::text, lpad(to_hex(%s::bigint + ((%s::bigint + k) >> 48)), 4, "
    f"'0'), lpad(to_hex((%s::bigint + k) & {_LOW48}), 12, '0'))"
)


class UuidMaker:
    """UUIDs of an import's new cards in the version 7 layout (RFC 9562): the import's
    start in milliseconds, then a 74-bit counter from a random point. They grow with the
    cards, so the unique index on customer.uuid takes each at its end instead of on a
    random page of it (v4's random ids kept that index's pages all over the cache)."""

    def __init__(self) -> None:
        self.millis = time.time_ns() // 1_000_000
        self.next = int.from_bytes(os.urandom(10), "big") >> 7  # 73 bits: room to count

    def __call__(self, n: int) -> list[str]:
        start, self.next = self.next, self.next + n
        head = f"{self.millis:012x}"
        if n and start >> 62 == (start + n - 1) >> 62:  # the usual: no carry past the variant
            first = f"{head[:8]}-{head[8:]}-7{start >> 62:03x}-"
            low = (start & _LOW62) | (2 << 62)
            texts = [f"{x:016x}" for x in range(low, low + n)]
            return [f"{first}{t[:4]}-{t[4:]}" for t in texts]
        out = []
        for counter in range(start, start + n):
            low = f"{counter & _LOW62 | (2 << 62):016x}"  # variant bits 10
            mid = f"{counter >> 62:03x}"
            out.append(f"{head[:8]}-{head[8:]}-7{mid}-{low[:4]}-{low[4:]}")
        return out

    def sql_range(self, n: int) -> tuple[str, int, int]:
        """The next `n` UUIDs as `UUID_SQL` makes them from rowid 1 to n: (the text up
        to the fourth group, that group's value, the last group's value less one)."""
        if (self.next & _LOW62) + n > _LOW62:  # a carry into the third group: skip to it
            self.next = ((self.next >> 62) + 1) << 62
        start, self.next = self.next, self.next + n
        head = f"{self.millis:012x}"
        low = start & _LOW62
        return f"{head[:8]}-{head[8:]}-7{start >> 62:03x}-", 0x8000 | low >> 48, (low & _LOW48) - 1


class NewCards:
    """New cards of an import, written block by block with their 'created' ChangeLog rows
    and search documents.

    On SQLite each block is staged in a temporary table and moved by a few INSERT …
    SELECT statements (ids given explicitly: the write lock is ours since BEGIN
    IMMEDIATE); columns the file does not feed are bound once per statement instead of
    once per row. The moving is the mover thread's; the search documents the helper
    has answered are staged beside the blocks and written by the mover too, a chunk at
    a time. The import's thread only touches the connection while the mover is idle
    (a statement of the mover holds the connection): blocks cleaned meanwhile wait in
    `backlog`.

    Elsewhere (PostgreSQL) each block's cards, their history and custom values go in
    by COPY under ids the sequence gave beforehand, taken by the server while the next
    block is cleaned; the search rows follow as the helper answers.
    """

    def __init__(
        self,
        actor: Actor,
        batch_id: int,
        now_text: str,
        fields: Sequence[str],
        docs: Offload,
        custom: Sequence[FieldDef] = (),
        expected: int = 0,
    ) -> None:
        names, defaults, where = _customer_layout()
        self.actor_id = actor.id
        self.batch_id = batch_id
        self.now_text = now_text
        self.fields = [f for f in fields if f != "code"]
        self.kinds = {f: CUSTOMER_FIELD_MAP[f].kind for f in fields}
        self.defaults = {f: defaults[where[f]] for f in where}
        self.credit = actor.can("credit.edit_direct") and "credit_limit" in fields
        self.sqlite = is_sqlite()
        self.max_before = database.execute_sql(
            "SELECT COALESCE(MAX(id), 0) FROM customer"
        ).fetchone()[0]
        self.count = 0
        # custom fields the file feeds, in the order the search index reads their texts
        self.custom = sorted(custom, key=lambda f: f.id)
        self.searched = any(f.kind in SEARCHED_KINDS for f in self.custom)
        # SQLite: (statement, parameters) of the custom values written with the next move
        self.custom_backlog: list[tuple[str, tuple]] = []
        self.deferred: list[str] = []  # custom_value's indexes, built again by `finish`
        if self.sqlite and self.custom and expected >= DEFER_FROM:
            held = database.execute_sql("SELECT count(*) FROM custom_value").fetchone()[0]
            if held < expected * len(self.custom):  # building them after costs less
                self.deferred = drop_indexes(("custom_value",))
        elif not self.sqlite and expected >= DEFER_FROM and self.max_before < expected:
            self.deferred = _defer_pg_indexes(bool(self.custom))
        self.new_uuids = UuidMaker()
        # not SQLite: the new cards' ids (the k-th card's at k), taken from `spare`: ids
        # the sequence gave this import, so that a block's cards, their history, custom
        # values and search rows are all written as the block goes in
        self.ids: list[int] = []
        self.spare: deque[int] = deque()
        self.custom_rows: list[tuple] = []  # not SQLite: the block's custom values
        # not SQLite: each new card's name sort key and owner, which its search row
        # carries (the server looks them up for a row that comes without: schema 22)
        self.search_copies: dict[int, tuple[str, int | None]] = {}
        self.seconds_insert = 0.0
        self.seconds_index = 0.0
        # the name's sort key goes in with the card: on SQLite made by the helper with the
        # search document (the block is staged when it is back), elsewhere here
        varying = ["uuid", "code", *self.fields, "name_key"]
        approval = ["credit_approved_by", "credit_approved_at"] if self.credit else []
        self.varying = varying + approval
        constant = [f for f in where if f not in self.varying]
        consts = dict(self.defaults, created_at=now_text, updated_at=now_text)
        self.layout = (names, where)
        self.constants = {f: consts[f] for f in constant}
        if self.sqlite:
            # staged: the code, the file's fields and the name's sort key; the id (from the
            # rowid), the UUID and the credit approval are made by the statement that moves them
            self.staged = varying[1:]
            width = len(self.staged)
            stage_cols = ", ".join(f"c{i}" for i in range(width))
            made = ["? + rowid", UUID_SQL, stage_cols]
            if self.credit:
                limit = f"c{self.staged.index('credit_limit')}"
                made += [f"CASE WHEN {limit} IS NOT NULL THEN ? END"] * 2
            made += ["?"] * len(constant)
            target = ", ".join(f'"{names[where[f]]}"' for f in (*self.varying, *constant))
            self.stage_sql = f"INSERT INTO temp.import_stage VALUES ({', '.join('?' * width)})"
            self.move_sql = (
                f'INSERT INTO customer ("id", {target}) SELECT {", ".join(made)} '
                "FROM temp.import_stage ORDER BY rowid"
            )
            approved = (self.actor_id, now_text) if self.credit else ()
            self.move_params = (*approved, *self.constants.values())
            self.log_sql = (
                "INSERT INTO change_log (entity, entity_id, field, old_value, new_value, "
                "user_id, at, batch_id) SELECT 'customer', ? + rowid, 'created', NULL, c0, "
                "?, ?, ? FROM temp.import_stage ORDER BY rowid"
            )
            conn = database.connection()
            conn.execute("DROP TABLE IF EXISTS temp.import_stage")
            conn.execute(f"CREATE TEMP TABLE import_stage ({stage_cols})")
            conn.execute("DROP TABLE IF EXISTS temp.import_docs")
            conn.execute("CREATE TEMP TABLE import_docs (c0, c1, c2)")  # id, document, tokens
        # blocks cleaned, waiting for their names' sort keys or for the mover: (first id,
        # rows without their keys); the keys come back with the blocks' documents
        self.backlog: deque[tuple[int, list[tuple]]] = deque()
        self.keys: dict[int, list[str]] = {}  # first id of a block -> its names' sort keys
        self.staged_first = 0  # the first id staged since the last move (0: none)
        self.staged_count = 0
        self.docs_staged = 0  # search documents staged, not written yet
        # documents the helper had no time for
        self.made_here: list[tuple[list[int], str, str, str]] = []
        # each block's search documents, sent to `docs` as the block goes in and written
        # as they come back: on SQLite by the mover, elsewhere by a COPY
        self.open = ExitStack()
        self.docs: Offload = docs
        if self.sqlite:
            self.open.enter_context(bulk_fts())
            self.open.enter_context(_page_cache(IMPORT_CACHE_KB))

            # the staged rows move into customer, and the documents into the index, on a
            # thread of their own: sqlite3 lets go of the GIL for the whole INSERT …
            # SELECT (35 ms a block, the customer indexes' work; 0.2 s a chunk of
            # documents), so the next block is cleaned meanwhile
            self.mover = self.open.enter_context(
                ThreadPoolExecutor(1, thread_name_prefix="crm-import-move")
            )
            # the mover needs the GIL back after each statement; Python hands it over
            # every 5 ms by default, which left the import waiting on the mover 0.2 s of
            # 100k rows; at 1 ms it waits 0.05 s
            self.open.callback(sys.setswitchinterval, sys.getswitchinterval())
            sys.setswitchinterval(MOVER_SWITCH_INTERVAL)
        self.moving: Future[None] | None = None
        # elsewhere the cards' COPY of a block is taken by the server while the next
        # block is cleaned
        self.copies: CopyBehind | None = None
        if not self.sqlite:
            self.copies = CopyBehind(database.connection())
            self.sequence = database.execute_sql(
                "SELECT pg_get_serial_sequence('customer', 'id')"
            ).fetchone()[0]
            self._reserve(min(max(expected, 1), RESERVE_AT_ONCE))

    def _reserve(self, n: int) -> None:
        """Not SQLite: `n` more ids from customer's sequence (another session's cards
        take others meanwhile; ids an import does not use are a gap, as a rollback's)."""
        rows = database.execute_sql(
            "SELECT nextval(%s) FROM generate_series(1, %s)", (self.sequence, n)
        ).fetchall()
        self.spare.extend(row[0] for row in rows)

    def _take_ids(self, n: int) -> list[int]:
        if len(self.spare) < n:  # more rows than the estimate (the COPYs end first)
            self._reserve(max(n - len(self.spare), RESERVE_AT_ONCE))
        spare = self.spare
        return [spare.popleft() for _ in range(n)]

    @property
    def created_ids(self) -> list[int]:
        """Not SQLite: the new cards' ids."""
        return self.ids

    def _move(
        self, conn: sqlite3.Connection, cards: tuple | None, index: bool, custom: list | None = None
    ) -> None:
        """On the mover: the staged cards into customer (`cards`: the id before the first
        and the UUIDs' `sql_range`) with their custom values, the staged documents into
        the search index."""
        for sql, params in custom or ():
            conn.execute(sql, params)
        if cards is not None:
            base, (uuid_head, uuid_group, uuid_last) = cards
            uuid = (uuid_head, uuid_group, uuid_last, uuid_last)
            conn.execute(self.move_sql, (base, *uuid, *self.move_params))
            conn.execute(self.log_sql, (base, self.actor_id, self.now_text, self.batch_id))
            conn.execute("DELETE FROM temp.import_stage")
        if index:
            conn.execute(
                "INSERT INTO customer_search (customer_id, doc) "
                "SELECT c0, c1 FROM temp.import_docs ORDER BY rowid"
            )
            conn.execute(
                "INSERT INTO customer_fts (rowid, tokens) "
                "SELECT c0, c2 FROM temp.import_docs ORDER BY rowid"
            )
            conn.execute("DELETE FROM temp.import_docs")

    def _flush(
        self, final: bool = False, tick: Callable[[], object] | None = None, full: bool = False
    ) -> None:
        """Stage the blocks whose keys are back and the search documents answered (or
        made here); have the mover write them. `final`: every document, waiting for the
        helper (`tick` between batches), written a chunk at a time: the temporary tables
        are in memory. `full`: the backlog is full: wait for the first block's keys."""
        here, self.made_here = self.made_here, []
        answered: Iterable[tuple[list[int], str, str, str]] = chain(
            here, self.docs.results() if final else self.docs.ready()
        )
        self._wait_for_move()
        conn = database.connection()
        custom, self.custom_backlog = self.custom_backlog, []
        for answer in answered:
            if final and tick is not None:
                tick()
            self._take_documents(conn, answer)
            if final and self.docs_staged >= DOC_CHUNK:
                self.docs_staged = 0
                self.moving = self.mover.submit(self._move, conn, self._cards(), True, custom)
                custom = []
        if full:  # the helper lags: its answers for the first blocks are waited for
            for answer in self.docs.results():
                self._take_documents(conn, answer)
                if not self.backlog or self.backlog[0][0] in self.keys:
                    break
            self._stage_cards(conn)
        index = self.docs_staged >= DOC_CHUNK or (final and self.docs_staged > 0)
        if index:
            self.docs_staged = 0
        cards = self._cards()
        if cards is not None or index or custom:
            self._wait_for_move()
            self.moving = self.mover.submit(self._move, conn, cards, index, custom)

    def _take_documents(self, conn: sqlite3.Connection, answer: tuple) -> None:
        """The helper's answer for a block: its names' sort keys (the blocks they complete
        are staged), its search documents staged for the index."""
        ids, docs, tokens, keys = answer
        self.keys[ids[0]] = keys.split("\n")
        self._wait_for_move()  # a chunk of the last documents being written
        self._stage_cards(conn)
        rows = zip(ids, docs.split("\n"), tokens.split("\n"), strict=True)
        conn.executemany("INSERT INTO temp.import_docs VALUES (?, ?, ?)", rows)
        self.docs_staged += len(ids)

    def _stage_cards(self, conn: sqlite3.Connection) -> None:
        """Stage the blocks at the head of the backlog whose keys are back, in order (the
        rowids give the ids)."""
        while self.backlog and self.backlog[0][0] in self.keys:
            first, rows = self.backlog.popleft()
            keys = self.keys.pop(first)
            conn.executemany(self.stage_sql, map(tuple.__add__, rows, zip(keys, strict=True)))
            if not self.staged_count:
                self.staged_first = first
            self.staged_count += len(rows)

    def _cards(self) -> tuple | None:
        """What the next move takes of the staged cards: the id before the first and the
        UUIDs' `sql_range` (None: none staged)."""
        if not self.staged_count:
            return None
        cards = (self.staged_first - 1, self.new_uuids.sql_range(self.staged_count))
        self.staged_count = 0
        return cards

    def _wait_for_move(self) -> None:
        if self.moving is not None:
            moving, self.moving = self.moving, None
            moving.result()  # its error, if any, is the import's

    def close(self) -> None:
        """Let the mover go; on success `finish` has waited for every block."""
        if self.moving is not None:  # an error or a Cancel: the block still moving ends first
            with contextlib.suppress(Exception):
                self.moving.result()
            self.moving = None
        if self.copies is not None:  # likewise the COPY under way
            self.copies.close()
        self.open.close()

    def db_column(self, name: str, values: list) -> list:
        """Clean values of a field as stored; an empty cell gives the column's default."""
        kind, default = self.kinds[name], self.defaults[name]
        if kind == "money":  # Decimal yuan with 2 places: its fen are exact (to_minor)
            return [
                default if v is ABSENT else (None if v is None else int(v * 100)) for v in values
            ]
        if kind == "date":
            return [
                default if v is ABSENT else (None if v is None else v.isoformat()) for v in values
            ]
        if kind == "decimal":
            return [default if v is ABSENT else (None if v is None else str(v)) for v in values]
        return [default if v is ABSENT else v for v in values]

    def add(
        self,
        block: CleanBlock,
        positions: list[int],
        codes: list[str],
        phones: list[str] | None = None,
        people: list[tuple[str, ...]] | None = None,
    ) -> None:
        """Write the cards of these rows of a block (`codes`: each one's code; `phones`: a
        person's mobile each card's search document holds too, in the fax's empty place;
        `people`: the texts of that person it holds, as a reindex reads them)."""
        n = len(positions)
        if not n:
            return
        t = time.perf_counter()
        cols: dict[str, list] = {"code": codes}
        everyone = n == len(next(iter(block.columns.values()), ()))
        for f in self.fields:
            col = block.columns[f]
            cols[f] = self.db_column(f, col if everyone else [col[i] for i in positions])
        first = self.max_before + self.count + 1
        ids: Sequence[int] = range(first, first + n) if self.sqlite else self._take_ids(n)
        texts = self._custom_values(block, positions, everyone, ids) if self.custom else None
        self.count += n
        if not self.sqlite:  # the names' sort keys go in with the cards (SQLite: the mover's)
            cols["name_key"] = [name_sort_key(name or "") for name in cols["name"]]
            cols["uuid"] = self.new_uuids(n)
            if self.credit:
                limits = cols["credit_limit"]
                cols["credit_approved_by"] = [
                    self.actor_id if v is not None else None for v in limits
                ]
                cols["credit_approved_at"] = [
                    self.now_text if v is not None else None for v in limits
                ]
            names, where = self.layout
            ordered = sorted(where, key=where.__getitem__)
            sources = [cols[f] if f in cols else repeat(self.constants[f], n) for f in ordered]
            self.ids.extend(ids)
            self._copy_cards(ids, names, sources, codes)
            # as the cards' COPY had them (`sources`, whose repeats it has used up)
            owners = cols["owner"] if "owner" in cols else [self.constants["owner"]] * n
            self.search_copies.update(
                zip(ids, zip(cols["name_key"], owners, strict=True), strict=True)
            )
        else:
            staged = (cols[f] for f in self.staged[:-1])  # the keys come with the documents
            self.backlog.append((first, list(zip(*staged, strict=True))))
        doc_columns = [cols[f] if f in cols else repeat(self.constants[f], n) for f in DOC_FIELDS]
        if phones is not None and any(phones):
            at = DOC_FIELDS.index("fax")
            faxes = doc_columns[at]
            doc_columns[at] = [fax or phone for fax, phone in zip(faxes, phones, strict=False)]
        if people is not None and any(people):  # before the custom fields', as a reindex
            texts = [p + t for p, t in zip(people, texts, strict=True)] if texts else people
        if texts is not None:  # the custom fields' texts are found like people's names
            doc_columns.append(texts)
        batch = list(zip(ids, *doc_columns, strict=False))  # repeat() is endless
        if len(self.docs.pending) < MAX_DOC_BATCHES:
            self.docs.submit(batch)
        else:  # the helper lags (a busy machine): this block's are made here, not queued
            self.made_here.append(self.docs.fn(batch))
        if not self.sqlite:
            self._copy_documents(chain(self._made_here(), self.docs.ready()))
            self.seconds_insert += time.perf_counter() - t
            return
        # a mover (or a helper) slower than the cleaning is waited for once it is a few
        # blocks behind, instead of the blocks piling up in memory
        full = len(self.backlog) >= MAX_BACKLOG
        if self.moving is None or self.moving.done() or full:
            self._flush(full=full)
        self.seconds_insert += time.perf_counter() - t

    def _copy_cards(
        self, ids: Sequence[int], names: Sequence[str], sources: list, codes: Sequence[str]
    ) -> None:
        """Not SQLite: a block's cards, their 'created' history and custom values, each a
        COPY the server takes while the next block is cleaned."""
        assert self.copies is not None
        self.copies.copy("customer", ("id", *names), list(zip(ids, *sources, strict=False)))
        log = ("customer", "created", self.actor_id, self.now_text, self.batch_id)
        self.copies.copy(
            "change_log",
            ("entity", "entity_id", "field", "new_value", "user_id", "at", "batch_id"),
            [(log[0], cid, log[1], code, *log[2:]) for cid, code in zip(ids, codes, strict=True)],
        )
        if self.custom_rows:
            rows, self.custom_rows = self.custom_rows, []
            self.copies.copy("custom_value", VALUE_COLUMNS, rows)

    def _made_here(self) -> list[tuple]:
        here, self.made_here = self.made_here, []
        return here

    def _copy_documents(self, answers: Iterable[tuple[list[int], str, str]]) -> None:
        """Not SQLite: the search rows of the documents the helper (or this process) made:
        (ids, documents, their codes), each joined by newlines; with their cards' name
        sort keys and owners, which the server would look up otherwise (0.27 s of 20k)."""
        assert self.copies is not None
        copied = self.search_copies
        columns = ("customer_id", "doc", "grams", "name_key", "owner_id")
        for ids, docs, codes in answers:
            if ids:
                made = zip(ids, docs.split("\n"), codes.split("\n"), strict=True)
                rows = [(cid, doc, code, *copied.pop(cid)) for cid, doc, code in made]
                self.copies.copy("customer_search", columns, rows)

    def _custom_values(
        self, block: CleanBlock, positions: list[int], everyone: bool, ids: Sequence[int]
    ) -> list[tuple[str, ...]] | None:
        """Stage the custom values of these rows' new cards (`ids` on SQLite; elsewhere
        written by `finish`); the texts each card's search document holds of them, in the
        order the search index reads them (None: no field the search finds)."""
        texts: list[list[str]] = [[] for _ in positions] if self.searched else []
        for f in self.custom:
            column = block.custom.get(f.name)
            if column is None:
                continue
            values = column if everyone else [column[i] for i in positions]
            if not self.sqlite:  # COPYed after the cards
                rows = column_value_rows(f, ids, values)
                self.custom_rows.extend(rows)
                if f.kind in SEARCHED_KINDS:
                    at = {cid: j for j, cid in enumerate(ids)}
                    for row in rows:
                        texts[at[row[1]]].append(row[2])
                continue
            pairs = text_column_pairs(f, values)
            if pairs is not None:
                data = json.dumps(pairs, ensure_ascii=False)
                self.custom_backlog.append((_CUSTOM_TEXT_SQL, (f.id, ids[0], data)))
                if f.kind in SEARCHED_KINDS:
                    for j, pair in enumerate(pairs):
                        if pair is not None:
                            texts[j].append(pair[0])
                continue
            rows = column_value_rows(f, ids, values)
            self.custom_backlog.append((_CUSTOM_SQL, (json.dumps(rows, ensure_ascii=False),)))
            if f.kind in SEARCHED_KINDS:
                first = ids[0]
                for row in rows:
                    texts[row[1] - first].append(row[2])
        return [tuple(t) for t in texts] if self.searched else None

    def id_of(self, k: int) -> int:
        """Id of the k-th new card."""
        if self.sqlite:
            return self.max_before + 1 + k
        return self.ids[k]

    def finish(self, tick: Callable[[], object] | None = None) -> int:
        """Write what is still waiting (the last blocks, their search documents); the
        cards created. `tick` lets a Cancel through while the documents are written."""
        if self.sqlite:
            t = time.perf_counter()
            self._flush(final=True, tick=tick)
            flush_written_pages()  # while the mover writes the last documents
            self._wait_for_move()
            build_indexes(self.deferred)
            database.execute_sql("DROP TABLE IF EXISTS temp.import_stage")
            database.execute_sql("DROP TABLE IF EXISTS temp.import_docs")
            self.close()
            self.seconds_index += time.perf_counter() - t
            return self.count
        t = time.perf_counter()
        for answer in self.docs.results():  # the last blocks' documents
            if tick is not None:
                tick()
            self._copy_documents([answer])
        assert self.copies is not None
        self.copies.wait()
        self.copies.close()  # what follows writes by statements of its own
        self.copies = None
        build_indexes(self.deferred)
        self.seconds_index += time.perf_counter() - t
        return self.count
