"""The people of an imported list written as contacts of their cards.

An import files the people on its rows (联系人, 职务, 手机 … 联系人2 …) under the cards
they belong to: the usual first person of each new card is made from the card's own
columns by one statement; the others are written together, never twice by name on one
card and never a second primary contact; each gets its 'created' ChangeLog row in the
import's batch, and cards with new people get their search documents again.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping, Sequence
from typing import Protocol

from crm_desktop.models import Contact, bulk_insert, database, is_sqlite
from crm_desktop.models.search_index import reindex_customers
from crm_desktop.services.auth import Actor
from crm_desktop.services.importing.headers import attr_label
from crm_desktop.services.importing.values import line_template


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
    fill_after: int | None = None,
) -> int:
    """The people of the rows as contacts of their new cards (the first one primary), with
    their 'created' ChangeLog rows in the import's batch; the cards with more than one
    person get their search documents again (the first one's name is on the card),
    unless `reindex` is off (the caller builds every card's document after).

    A person a card has by name already is not added again; with `fill_after` (the
    last contact id before the import) that person's details fill the blanks of the
    contact this import made of the same name: a list's 联系人 column names the person,
    its 联系人 sheet gives the title and mobile."""
    fills: list[tuple[int, dict[str, str]]] = []
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
        if len(persons) > 1 or (cid not in indexed and any(map(_searched, persons))):
            several.add(cid)
        for person in persons:
            if person["name"] in seen:
                if fill_after is not None and len(person) > 1:
                    fills.append((cid, person))
                continue
            rows.append((cid, not seen, person))
            seen.add(person["name"])
    if not rows:
        several |= _fill_blanks(fills, fill_after)
        if several and reindex:
            reindex_customers(sorted(several))
        return 0
    ids = uuids(len(rows))
    get = dict.get
    before = last_contact_id()
    if is_sqlite():  # only what varies is bound per row: 100k contacts in about half the time
        varying = ("customer_id", "uuid", "name", "title", "phone", "mobile", "email", "wechat",
                   "gender", "birthday", "notes", "is_primary")  # fmt: skip
        constant = {"created_at": now_text, "updated_at": now_text, "version": 1,
                    "deleted_at": None, "role": "other"}  # fmt: skip
        names = [*varying, *(c for c in _CONTACT_COLUMNS if c not in varying)]
        literals = [_sql_literal(constant.get(c, "")) for c in names[len(varying) :]]
        columns = ", ".join(f'"{c}"' for c in names)
        marks = ", ".join(["?"] * len(varying) + literals)
        database.connection().executemany(
            f"INSERT INTO contact ({columns}) VALUES ({marks})",
            (
                (cid, uid, get(p, "name", ""), get(p, "title", ""), get(p, "phone", ""),
                 get(p, "mobile", ""), get(p, "email", ""), get(p, "wechat", ""),
                 get(p, "gender", ""), get(p, "birthday") or None, get(p, "notes", ""), primary)
                for (cid, primary, p), uid in zip(rows, ids, strict=True)
            ),
        )  # fmt: skip
    else:
        bulk_insert(
            "contact",
            _CONTACT_COLUMNS,
            (
                (cid, uid, now_text, now_text, 1, None, get(p, "name", ""), "other",
                 get(p, "title", ""), get(p, "gender", ""), get(p, "phone", ""),
                 get(p, "mobile", ""), get(p, "email", ""), get(p, "wechat", ""),
                 get(p, "birthday") or None, "", "", "", "", "", "", "", "",
                 get(p, "notes", ""), primary)
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
    several |= _fill_blanks(fills, fill_after)
    if several and reindex:
        reindex_customers(sorted(several))
    return len(rows)


def _searched(person: Mapping[str, str]) -> bool:
    """A person holds what a card's document needs besides the card's own columns."""
    return bool(person.get("mobile") or person.get("email") or person.get("wechat"))


_FILLED = ("title", "phone", "mobile", "email", "wechat", "gender", "birthday")


# a person's ways of being reached: a second one the list gives is kept in their notes
_REACHED = ("mobile", "phone", "email", "wechat")


def _fill_blanks(fills: Sequence[tuple[int, dict[str, str]]], after: int | None) -> set[int]:
    """Each person's details into the empty ones of the same-named contact of the card
    made after contact id `after`; a number, e-mail or WeChat ID of theirs other than the
    one the contact holds goes into its notes (刘总 listed again with a new mobile). The
    cards whose contacts changed. The contacts are read a few hundred cards at a time (a
    visit log files a person per row)."""
    changed: set[int] = set()
    wanted = [(cid, person) for cid, person in fills if any(person.get(k) for k in _FILLED)]
    if not wanted or after is None:
        return changed
    line = line_template("importing.column_line")
    cards = sorted({cid for cid, _person in wanted})
    made: dict[tuple[int, str], list[Contact]] = {}
    for start in range(0, len(cards), 500):
        query = Contact.select().where(
            Contact.customer.in_(cards[start : start + 500]) & (Contact.id > after)
        )
        for contact in query:
            made.setdefault((contact.customer_id, contact.name), []).append(contact)
    for cid, person in wanted:
        given = {k: person[k] for k in _FILLED if person.get(k)}
        for contact in made.get((cid, person["name"]), ()):
            missing = {k: v for k, v in given.items() if not getattr(contact, k)}
            other = [
                line.format(header=attr_label(k), value=v)
                for k, v in given.items()
                if k in _REACHED and k not in missing and v != getattr(contact, k)
            ]
            other = [o for o in other if o not in contact.notes]
            if other:
                missing["notes"] = "\n".join([contact.notes, *other] if contact.notes else other)
            if missing:
                Contact.update(**missing).where(Contact.id == contact.id).execute()
                for k, v in missing.items():  # the next row of the person sees it
                    setattr(contact, k, v)
                changed.add(cid)
    return changed


# the card's column a contact's detail is made from, or the columns whose first that is
# not empty gives it (the 联系人 cell's number, else the row's phone)
CardColumns = str | tuple[str, ...]


def card_sql(card: CardColumns) -> str:
    """A card's column, or the first of several that is not empty, in SQL."""
    if isinstance(card, str):
        return f'"{card}"'
    return "COALESCE(" + ", ".join(f"NULLIF(\"{c}\", '')" for c in card) + ", '')"


def _first_person(
    columns: Mapping[str, CardColumns], now_text: str, primary: object
) -> list[tuple[str, CardColumns | None, object]]:
    """Each contact column but the card and the UUID, with the card's column it is made
    from (`columns`: contact column -> card column), else its constant."""
    constant = {"created_at": now_text, "updated_at": now_text, "version": 1,
                "deleted_at": None, "role": "other", "birthday": None, "is_primary": primary}  # fmt: skip
    return [
        (name, columns.get(name), constant.get(name, ""))
        for name in _CONTACT_COLUMNS
        if name not in ("customer_id", "uuid")
    ]


def first_contacts_of_new_cards(
    columns: Mapping[str, CardColumns],
    max_before: int,
    count: int,
    actor: Actor,
    batch_id: int,
    now_text: str,
    uuids: UuidMaker,
    uuid_sql: str,
    skip: Sequence[int] = (),
) -> int:
    """The first person of every new card with a 联络人, made from the card's own columns
    (`columns`: contact column -> card column) in one statement, with its ChangeLog rows:
    no Python per row (SQLite; the new cards are the ids after `max_before`; elsewhere
    `first_contacts_by_id`). `skip`: cards whose 联络人 names several people, made
    apart."""
    if not count:
        return 0
    before = last_contact_id()
    head, group, last = uuids.sql_range(count)
    offset = last - max_before  # `uuid_sql` counts from rowid 1
    person = _first_person(columns, now_text, 1)
    exprs = ["id", uuid_sql]
    exprs += [card_sql(card) if card else _sql_literal(value) for _name, card, value in person]
    target = ", ".join(f'"{c}"' for c in ("customer_id", "uuid", *(n for n, _c, _v in person)))
    skipped = " AND id NOT IN (SELECT value FROM json_each(?))" if skip else ""
    cursor = database.execute_sql(
        f"INSERT INTO contact ({target}) SELECT {', '.join(exprs)} FROM customer "
        f"WHERE id > ? AND contact_name != ''{skipped} ORDER BY id",
        (head, group, offset, offset, max_before, *([json.dumps(list(skip))] if skip else [])),
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
    columns: Mapping[str, CardColumns],
    ids: Sequence[int],
    actor: Actor,
    batch_id: int,
    now_text: str,
    uuids: UuidMaker,
    uuid_sql: str,
) -> int:
    """`first_contacts_of_new_cards` on PostgreSQL, for the new cards `ids` (other users'
    cards may lie between them): one statement makes the people, with the import's
    UUIDs counted in SQL (`uuid_sql`, from the card's place `k` among them), and hands
    their ids to their ChangeLog rows (20k cards: 0.9 s -> 0.3 s, no Python per person)."""
    if not ids:
        return 0
    head, group, last = uuids.sql_range(len(ids))
    person = _first_person(columns, now_text, True)
    exprs = ["id", uuid_sql, *(card_sql(card) if card else "%s" for _n, card, _v in person)]
    params = [head, group, last, last, *(value for _n, card, value in person if not card)]
    target = ", ".join(f'"{c}"' for c in ("customer_id", "uuid", *(n for n, _c, _v in person)))
    cursor = database.execute_sql(
        f"WITH made AS (INSERT INTO contact ({target}) SELECT {', '.join(exprs)} FROM "
        "(SELECT *, row_number() OVER (ORDER BY id) AS k FROM customer WHERE id = ANY(%s) "
        "AND contact_name <> '') c ORDER BY id RETURNING id, name) "
        "INSERT INTO change_log (entity, entity_id, field, old_value, new_value, user_id, at, "
        "batch_id) SELECT 'contact', id, 'created', NULL, name, %s, %s, %s FROM made ORDER BY id",
        (*params, list(ids), actor.id, now_text, batch_id),
    )
    return max(cursor.rowcount, 0)


def last_contact_id() -> int:
    """The highest contact id so far: the contacts written after it are an import's."""
    return database.execute_sql("SELECT COALESCE(MAX(id), 0) FROM contact").fetchone()[0]


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
