"""The people of an imported list written as contacts of their cards.

An import files the people on its rows (联系人, 职务, 手机 … 联系人2 …) under the cards
they belong to: the usual first person of each new card is made from the card's own
columns by one statement; the others are written together, never twice by name on one
card and never a second primary contact; each gets its 'created' ChangeLog row in the
import's batch, and cards with new people get their search documents again.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Protocol

from crm_desktop.models import Contact, bulk_insert, database, is_sqlite
from crm_desktop.models.search_index import reindex_customers
from crm_desktop.services.auth import Actor


class UuidMaker(Protocol):
    """The import's UUID maker: `n` UUIDs, or the next `n` as `sql_range` parameters."""

    def __call__(self, n: int) -> list[str]: ...

    def sql_range(self, n: int) -> tuple[str, int, int]: ...


_CONTACT_COLUMNS = (
    "customer_id", "uuid", "created_at", "updated_at", "version", "deleted_at", "name", "role",
    "title", "gender", "phone", "mobile", "email", "wechat", "birthday", "character",
    "interests", "hobbies", "family", "education", "ability", "social_groups", "religion",
    "notes", "is_primary",
)  # fmt: skip


def add_contacts(
    cards: Sequence[tuple[int | None, list[dict[str, str]]]],
    actor: Actor,
    batch_id: int,
    now_text: str,
    uuids: UuidMaker,
    indexed: Collection[int | None] = (),
    empty_after: int | None = None,
    reindex: bool = True,
) -> int:
    """The people of the rows as contacts of their new cards (the first one primary), with
    their 'created' ChangeLog rows in the import's batch; the cards with more than one
    person get their search documents again (the first one's name is on the card),
    unless `reindex` is off (the caller builds every card's document after)."""
    rows = []
    several: set[int] = set()
    named = people_named(
        [cid for cid, _persons in cards if cid is not None],
        empty_after,
    )
    for cid, persons in cards:
        if cid is None:
            continue
        seen = named[cid]
        if seen and persons:
            several.add(cid)  # more people for a card that has some
        if len(persons) > 1 or (cid not in indexed and any(p.get("mobile") for p in persons)):
            several.add(cid)
        for person in persons:
            if person["name"] in seen:
                continue
            rows.append((cid, not seen, person))
            seen.add(person["name"])
    if not rows:
        return 0
    ids = uuids(len(rows))
    get = dict.get
    before = database.execute_sql("SELECT COALESCE(MAX(id), 0) FROM contact").fetchone()[0]
    if is_sqlite():  # only what varies is bound per row: 100k contacts in about half the time
        varying = ("customer_id", "uuid", "name", "title", "phone", "mobile", "email", "wechat",
                   "is_primary")  # fmt: skip
        constant = {"created_at": now_text, "updated_at": now_text, "version": 1,
                    "deleted_at": None, "role": "other", "birthday": None}  # fmt: skip
        names = [*varying, *(c for c in _CONTACT_COLUMNS if c not in varying)]
        literals = [_sql_literal(constant.get(c, "")) for c in names[len(varying) :]]
        columns = ", ".join(f'"{c}"' for c in names)
        marks = ", ".join(["?"] * len(varying) + literals)
        database.connection().executemany(
            f"INSERT INTO contact ({columns}) VALUES ({marks})",
            (
                (cid, uid, get(p, "name", ""), get(p, "title", ""), get(p, "phone", ""),
                 get(p, "mobile", ""), get(p, "email", ""), get(p, "wechat", ""), primary)
                for (cid, primary, p), uid in zip(rows, ids, strict=True)
            ),
        )  # fmt: skip
    else:
        bulk_insert(
            "contact",
            _CONTACT_COLUMNS,
            (
                (cid, uid, now_text, now_text, 1, None, get(p, "name", ""), "other",
                 get(p, "title", ""), "", get(p, "phone", ""), get(p, "mobile", ""),
                 get(p, "email", ""), get(p, "wechat", ""), None, "", "", "", "", "", "", "", "",
                 "", primary)
                for (cid, primary, p), uid in zip(rows, ids, strict=True)
            ),
        )  # fmt: skip
    mark = database.param
    database.execute_sql(
        "INSERT INTO change_log (entity, entity_id, field, old_value, new_value, user_id, at, "
        f"batch_id) SELECT 'contact', id, 'created', NULL, name, {mark}, {mark}, {mark} "
        f"FROM contact WHERE id > {mark} ORDER BY id",
        (actor.id, now_text, batch_id, before),
    )
    if several and reindex:
        reindex_customers(sorted(several))
    return len(rows)


def first_contacts_of_new_cards(
    columns: Mapping[str, str],
    max_before: int,
    count: int,
    actor: Actor,
    batch_id: int,
    now_text: str,
    uuids: UuidMaker,
    uuid_sql: str,
) -> int:
    """The first person of every new card with a 联络人, made from the card's own columns
    (`columns`: contact column -> card column) in one statement, with its ChangeLog rows:
    no Python per row (SQLite; the new cards are the ids after `max_before`; elsewhere
    `first_contacts_by_id`)."""
    if not count:
        return 0
    before = database.execute_sql("SELECT COALESCE(MAX(id), 0) FROM contact").fetchone()[0]
    head, group, last = uuids.sql_range(count)
    offset = last - max_before  # `uuid_sql` counts from rowid 1
    constant = {"created_at": now_text, "updated_at": now_text, "version": 1,
                "deleted_at": None, "role": "other", "birthday": None, "is_primary": 1}  # fmt: skip
    names = ["customer_id", "uuid", *(c for c in _CONTACT_COLUMNS if c not in ("customer_id",
                                                                                "uuid"))]  # fmt: skip
    exprs = ["id", uuid_sql]
    for name in names[2:]:
        card = columns.get(name)
        exprs.append(f'"{card}"' if card else _sql_literal(constant.get(name, "")))
    target = ", ".join(f'"{c}"' for c in names)
    cursor = database.execute_sql(
        f"INSERT INTO contact ({target}) SELECT {', '.join(exprs)} FROM customer "
        "WHERE id > ? AND contact_name != '' ORDER BY id",
        (head, group, offset, offset, max_before),
    )
    added = cursor.rowcount
    database.execute_sql(
        "INSERT INTO change_log (entity, entity_id, field, old_value, new_value, user_id, at, "
        "batch_id) SELECT 'contact', id, 'created', NULL, name, ?, ?, ? "
        "FROM contact WHERE id > ? ORDER BY id",
        (actor.id, now_text, batch_id, before),
    )
    return max(added, 0)


def first_contacts_by_id(
    columns: Mapping[str, str],
    ids: Sequence[int],
    actor: Actor,
    batch_id: int,
    now_text: str,
    uuids: UuidMaker,
) -> int:
    """`first_contacts_of_new_cards` on PostgreSQL, for the new cards `ids` (other users'
    cards may lie between them): one statement makes the people, with the import's
    UUIDs counted in SQL as on SQLite, and hands their ids to their ChangeLog rows (20k
    cards: 0.9 s -> 0.3 s, no Python per person)."""
    if not ids:
        return 0
    head, group, last = uuids.sql_range(len(ids))
    constant = {"created_at": now_text, "updated_at": now_text, "version": 1,
                "deleted_at": None, "role": "other", "birthday": None, "is_primary": True}  # fmt: skip
    names = [c for c in _CONTACT_COLUMNS if c not in ("customer_id", "uuid")]
    # UUID_SQL's rule, the card's place among the new ones (k) for SQLite's rowid
    exprs = [
        "id",
        "format('%%s%%s-%%s', %s::text, lpad(to_hex(%s::bigint + ((%s::bigint + k) >> 48)), 4, "
        f"'0'), lpad(to_hex((%s::bigint + k) & {(1 << 48) - 1}), 12, '0'))",
    ]
    params: list = [head, group, last, last]
    for name in names:
        card = columns.get(name)
        if card:
            exprs.append(f'"{card}"')
        else:
            exprs.append("%s")
            params.append(constant.get(name, ""))
    target = ", ".join(f'"{c}"' for c in ("customer_id", "uuid", *names))
    cursor = database.execute_sql(
        f"WITH made AS (INSERT INTO contact ({target}) SELECT {', '.join(exprs)} FROM "
        "(SELECT *, row_number() OVER (ORDER BY id) AS k FROM customer WHERE id = ANY(%s) "
        "AND contact_name <> '') c ORDER BY id RETURNING id, name) "
        "INSERT INTO change_log (entity, entity_id, field, old_value, new_value, user_id, at, "
        "batch_id) SELECT 'contact', id, 'created', NULL, name, %s, %s, %s FROM made ORDER BY id",
        (*params, list(ids), actor.id, now_text, batch_id),
    )
    return max(cursor.rowcount, 0)


def people_named(cids: Sequence[int], empty_after: int | None = None) -> dict[int, set[str]]:
    """The names of the live contacts of each card (cards after `empty_after` have none)."""
    out: dict[int, set[str]] = {cid: set() for cid in cids}
    unique = sorted(cid for cid in out if empty_after is None or cid <= empty_after)
    for start in range(0, len(unique), 500):
        query = Contact.select(Contact.customer, Contact.name).where(
            Contact.customer.in_(unique[start : start + 500]), Contact.deleted_at.is_null()
        )
        for cid, name in query.tuples():
            out[cid].add(name)
    return out


def _sql_literal(value: object) -> str:
    """A constant of our own (a timestamp, a number, '') written into a statement."""
    if value is None:
        return "NULL"
    if isinstance(value, int):
        return str(value)
    return "'" + str(value).replace("'", "''") + "'"


def add_new_people(
    cid: int,
    persons: list[dict[str, str]],
    actor: Actor,
    batch_id: int,
    now_text: str,
    uuids: UuidMaker,
) -> int:
    """An updated card gets the row's people it does not have yet (by name)."""
    if not persons:
        return 0
    return add_contacts([(cid, persons)], actor, batch_id, now_text, uuids)
