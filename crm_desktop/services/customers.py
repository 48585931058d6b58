"""Customer cards and their contacts: create, change, delete, restore, read and list.

Every write checks the actor's role, validates through `clean_customer_values`, and
writes the card, its change history and its search document in one transaction.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from decimal import Decimal
from operator import itemgetter
from typing import Any

import peewee as pw

from crm_desktop.errors import Conflict, NotFound, UserError, ValidationError
from crm_desktop.messages import Renderable, msg
from crm_desktop.models import (
    AuditEvent,
    Contact,
    Customer,
    User,
    database,
    is_sqlite,
    planner_settings,
    retry_on_conflict,
    transaction,
    utcnow,
)
from crm_desktop.models.search_index import reindex_customers
from crm_desktop.search_text import CONTACT_TEXTS, DOC_FIELDS
from crm_desktop.services import changelog
from crm_desktop.services.auth import Actor, NotVisible, resolve_user
from crm_desktop.services.custom_fields import cleaning as custom_cleaning
from crm_desktop.services.custom_fields import definitions as custom_defs
from crm_desktop.services.custom_fields import kinds as custom_kinds
from crm_desktop.services.custom_fields import listing as custom_listing
from crm_desktop.services.custom_fields import values as custom_values
from crm_desktop.services.customer_figures import FIGURE_SORTS, sort_ids
from crm_desktop.services.fields import (
    CONTACT_FIELD_MAP,
    CONTACT_FIELDS,
    CREDIT_FIELDS,
    CUSTOMER_FIELD_MAP,
    CUSTOMER_FIELDS,
)
from crm_desktop.services.search import (
    ids_condition,
    matching_ids,
    postgres_hit_count,
    postgres_hits_by_name,
    postgres_reckoned_hits,
    postgres_searchable,
    postgres_walk_by_name,
    text_condition,
)
from crm_desktop.services.validation import (
    clean_value,
    field_error,
    parse_tax_id,
    valid_usccs,
)
from crm_desktop.textutil import clean_texts

# a change of any of these rebuilds the card's search document
SEARCH_FIELDS = frozenset(DOC_FIELDS)
CODE_PREFIX = "C"
_CODE_NUMBER = re.compile(rf"^{CODE_PREFIX}(\d+)$")


# --- plain data handed to the front ends -------------------------------------------


@dataclass(frozen=True)
class CustomerCard:
    """One customer with every field; `values` is keyed by the catalogue's field names."""

    id: int
    uuid: str
    version: int
    values: dict[str, Any]
    owner_id: int | None
    owner_name: str
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None

    def __getitem__(self, name: str) -> Any:
        return self.values[name]

    @property
    def code(self) -> str:
        return self.values["code"]

    @property
    def name(self) -> str:
        return self.values["name"]


@dataclass(frozen=True)
class CustomerRow:
    """What the customer list shows of one customer."""

    id: int
    code: str
    name: str
    stage: str
    abc_class: str | None
    credit_rating: str | None
    owner_name: str
    contact_name: str
    contact_phone: str
    phone: str
    address: str
    credit_limit: Decimal | None
    updated_at: datetime
    deleted: bool


@dataclass
class CustomerQuery:
    """Filters and order of a customer list. Empty values filter nothing."""

    text: str = ""
    stage: str | None = None
    abc_class: str | None = None
    credit_rating: str | None = None
    owner_id: int | None = None
    deleted: bool = False  # True: the "Deleted" view, only soft-deleted cards
    # a column, a figure (customer_figures.FIGURE_SORTS) or "custom.<key>" for a custom field
    sort: str = "name"
    descending: bool = False
    # custom choice or tags fields: "custom.<key>" -> the option's code the card must hold
    custom: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class CustomerPage:
    rows: list[CustomerRow]
    total: int
    offset: int
    limit: int


@dataclass(frozen=True)
class ContactCard:
    id: int
    customer_id: int
    version: int
    values: dict[str, Any] = field(default_factory=dict)

    def __getitem__(self, name: str) -> Any:
        return self.values[name]


# --- validation ----------------------------------------------------------------------


def clean_customer_values(values: Mapping[str, object], *, partial: bool) -> dict[str, Any]:
    """Validate raw values of a card. `partial`: only the given fields (an update).

    Raises ValidationError naming every wrong field and its value; returns clean
    values with `owner` as a user id.
    """
    errors: dict[str, Renderable] = {}
    clean: dict[str, Any] = {}
    for name, raw in values.items():
        spec = CUSTOMER_FIELD_MAP.get(name)
        if spec is None:
            errors[name] = msg("customers.unknown_field", name=name)
            continue
        try:
            clean[name] = _clean_field(name, raw)
        except ValidationError as exc:  # the owner: the problem without a label
            errors[name] = field_error(spec, next(iter(exc.problems.values())))
        except ValueError as exc:
            errors[name] = field_error(spec, exc)
    if ("name" in values or not partial) and not clean.get("name") and "name" not in errors:
        errors["name"] = field_error(CUSTOMER_FIELD_MAP["name"], msg("validation.required"))
    if "stage" in clean and clean["stage"] is None:
        clean["stage"] = "potential"
    lease_start, lease_end = clean.get("shop_lease_start"), clean.get("shop_lease_end")
    if lease_start and lease_end and lease_end < lease_start:
        errors["shop_lease_end"] = field_error(
            CUSTOMER_FIELD_MAP["shop_lease_end"],
            msg("customers.lease_end_before_start", end=lease_end, start=lease_start),
        )
    interval = clean.get("contact_interval_days")
    if interval is not None and interval <= 0:
        errors["contact_interval_days"] = field_error(
            CUSTOMER_FIELD_MAP["contact_interval_days"], msg("customers.interval_positive")
        )
    if errors:
        raise ValidationError(errors)
    return clean


def _clean_field(name: str, raw: object) -> Any:
    """One field's own rule (the rules across fields are in `clean_customer_values`)."""
    spec = CUSTOMER_FIELD_MAP[name]
    if spec.kind == "user":
        return resolve_user(raw, name)
    if name == "tax_id":
        return parse_tax_id(raw)
    return clean_value(spec, raw, getattr(Customer._meta.fields.get(name), "max_length", None))


COLUMN_MEMO_LIMIT = 20_000  # distinct values remembered per column (a column of unique ones)
# fields whose clean value depends on more than the field's own rule
_CARD_RULE_FIELDS = frozenset({"name", "stage", "contact_interval_days"})


def clean_customer_column(
    name: str, raws: Sequence[object], memo: dict | None = None
) -> tuple[list[Any], dict[int, str]]:
    """`clean_customer_values({name: raw}, partial=True)` of each raw value of one field.

    The same rule, applied column-wise for an import of many rows: each distinct value is
    cleaned once (`memo` keeps them across calls; None for a column of mostly distinct
    values, where remembering costs more than it saves), a one-line text column is
    cleaned in one pass (`clean_texts`), and a value that breaks a rule is checked again
    on its own by `clean_customer_values`, so its message is the card editor's. Returns
    the clean values and the message for each failing position. Rules across fields
    (lease dates) are the caller's.
    """
    spec = CUSTOMER_FIELD_MAP[name]
    out: list[Any] = list(raws)
    errors: dict[int, str] = {}

    def by_card_rule(i: int, raw: object) -> None:
        try:
            out[i] = clean_customer_values({name: raw}, partial=True)[name]
        except ValidationError as exc:
            errors[i] = exc.errors[name]

    types = set(map(type, raws))
    if spec.kind == "text" and name != "tax_id" and types <= {str}:
        texts = clean_texts(raws)  # type: ignore[arg-type]
        limit = getattr(Customer._meta.fields.get(name), "max_length", None) or 0
        if (not limit or max(map(len, texts), default=0) <= limit) and (
            name != "name" or "" not in texts
        ):
            return texts, errors  # the usual column: every value fits
        for i, text in enumerate(texts):
            if (limit and len(text) > limit) or (not text and name == "name"):
                by_card_rule(i, raws[i])
            else:
                out[i] = text
        return out, errors
    todo: Sequence[int] = range(len(raws))
    if name == "tax_id" and types <= {str}:
        # `parse_tax_id`'s own steps, column-wise; what is not a valid credit code at once
        # (a blank, an old tax number, a wrong check character) goes the usual way
        codes = [text.upper().replace(" ", "") for text in clean_texts(raws)]  # type: ignore[arg-type]
        valid = valid_usccs(codes)
        todo = [i for i, ok in enumerate(valid) if not ok]
        for i, ok in enumerate(valid):
            if ok:
                out[i] = codes[i]
    own_rule = name not in _CARD_RULE_FIELDS

    def verdict(raw: object) -> tuple[bool, Any]:
        try:
            if not own_rule:
                raise ValueError  # the whole card rule, below
            return True, _clean_field(name, raw)
        except (ValueError, ValidationError):
            try:
                return True, clean_customer_values({name: raw}, partial=True)[name]
            except ValidationError as exc:
                return False, exc.errors[name]

    picked = list(raws) if len(todo) == len(raws) else [raws[i] for i in todo]
    if memo is None:  # a column of mostly distinct values: nothing worth remembering
        hits = list(map(verdict, picked))
    else:
        # the value is the key where all are text; else its type too (1, 1.0 and True)
        keys = picked if types == {str} else [(raw.__class__, raw) for raw in picked]
        hits = list(map(memo.get, keys))
        if None in hits:
            for j, hit in enumerate(hits):
                if hit is None:
                    hit = hits[j] = verdict(picked[j])
                    if len(memo) < COLUMN_MEMO_LIMIT:
                        memo[keys[j]] = hit
    if all(map(itemgetter(0), hits)):  # the usual block: no value breaks the rule
        if len(todo) == len(raws):
            return list(map(itemgetter(1), hits)), errors
        for i, (_ok, value) in zip(todo, hits, strict=True):
            out[i] = value
        return out, errors
    for i, (ok, value) in zip(todo, hits, strict=True):
        if ok:
            out[i] = value
        else:
            errors[i] = value
    return out, errors


def next_customer_code() -> str:
    """C000001, C000002 … after the highest code of that form already used."""
    highest = 0
    for (code,) in (
        Customer.select(Customer.code)
        .where(Customer.code.startswith(CODE_PREFIX))
        .order_by(pw.fn.LENGTH(Customer.code).desc(), Customer.code.desc())
        .limit(50)
        .tuples()
    ):
        match = _CODE_NUMBER.match(code)
        if match:
            highest = max(highest, int(match.group(1)))
    return f"{CODE_PREFIX}{highest + 1:06d}"


def _check_code_free(code: str, except_id: int | None = None) -> None:
    query = Customer.select(Customer.id).where(Customer.code == code)
    if except_id is not None:
        query = query.where(Customer.id != except_id)
    if query.exists():
        raise ValidationError(
            {
                "code": field_error(
                    CUSTOMER_FIELD_MAP["code"], msg("customers.code_taken", value=code)
                )
            }
        )


# --- reading -------------------------------------------------------------------------


def _values(customer: Customer, custom: Mapping[str, Any]) -> dict[str, Any]:
    """A card's values: its fields, the credit approval and its custom values (custom.<key>)."""
    values = {}
    for spec in CUSTOMER_FIELDS:
        if spec.kind == "user":
            values[spec.name] = customer.owner_id
        else:
            values[spec.name] = getattr(customer, spec.name)
    values["credit_approved_by"] = customer.credit_approved_by_id
    values["credit_approved_at"] = customer.credit_approved_at
    values.update(custom)
    return values


def _card(customer: Customer, owner: User | None = None) -> CustomerCard:
    if owner is None and customer.owner_id:
        owner = User.get_or_none(User.id == customer.owner_id)
    values = _values(customer, custom_values.get_values("customer", customer.id))
    return CustomerCard(
        id=customer.id,
        uuid=customer.uuid,
        version=customer.version,
        values=values,
        owner_id=customer.owner_id,
        owner_name=(owner.display_name or owner.username) if owner else "",
        created_at=customer.created_at,
        updated_at=customer.updated_at,
        deleted_at=customer.deleted_at,
    )


def _visible(actor: Actor, customer: Customer) -> bool:
    return actor.sees_all_customers or customer.owner_id == actor.id


def _check_access(actor: Actor, customer: Customer, *, by_code: bool = False) -> None:
    """Another salesperson's customer is "not found", as an unknown one would be."""
    if not _visible(actor, customer):
        if by_code:
            raise NotVisible("customers.no_code", code=customer.code)
        raise NotVisible("customers.no_id", id=customer.id)


def _load(actor: Actor, customer_id: int, include_deleted: bool = False) -> Customer:
    customer = Customer.get_or_none(Customer.id == customer_id)
    if customer is None or (customer.deleted_at is not None and not include_deleted):
        raise NotFound("customers.no_id", id=customer_id)
    _check_access(actor, customer)
    return customer


def get_customer(
    actor: Actor,
    customer_id: int | None = None,
    *,
    code: str | None = None,
    include_deleted: bool = False,
) -> CustomerCard:
    if code is not None:
        customer = Customer.get_or_none(Customer.code == code)
        if customer is None or (customer.deleted_at is not None and not include_deleted):
            raise NotFound("customers.no_code", code=code)
        _check_access(actor, customer, by_code=True)
        return _card(customer)
    assert customer_id is not None
    return _card(_load(actor, customer_id, include_deleted))


def get_customers_by_codes(actor: Actor, codes: Sequence[str]) -> list[CustomerCard]:
    """Cards in the order asked; every unknown code is named in one message."""
    wanted = [c.strip() for c in codes if c and c.strip()]
    found = {
        c.code: c
        for c in Customer.select().where(Customer.code.in_(wanted), Customer.deleted_at.is_null())
    }
    missing = [c for c in wanted if c not in found]
    hidden = [c for c in wanted if c in found and not _visible(actor, found[c])]
    if hidden:  # told as unknown: the same message whether it exists or not
        raise NotVisible(
            "customers.unknown_codes", codes=[c for c in wanted if c in {*missing, *hidden}]
        )
    if missing:
        raise NotFound("customers.unknown_codes", codes=missing)
    owners = {
        u.id: u
        for u in User.select().where(
            User.id.in_([c.owner_id for c in found.values() if c.owner_id])
        )
    }
    return [_card(found[c], owners.get(found[c].owner_id)) for c in wanted]


_SORTS = {
    "code": Customer.code,
    "name": Customer.name_key,  # pinyin order (textutil.name_sort_key), as Excel sorts
    "stage": Customer.stage,
    "abc_class": Customer.abc_class,
    "credit_rating": Customer.credit_rating,
    "credit_limit": Customer.credit_limit,
    "address": Customer.address,
    "phone": Customer.phone,
    "contact_name": Customer.contact_name,
    "updated_at": Customer.updated_at,
    "created_at": Customer.created_at,
}


# Above this many text hits, walking the (deleted_at, name) index in order and
# stopping at the page's end beats looking up every hit in the wide customer table
# and sorting (measured on 100k customers: 7 ms against 53 ms for 14k hits; below
# ~2,000 hits the lookups win, 0.3 ms against 9 ms).
_SCAN_ORDER_ABOVE = 2_000
_INDEXED_SORTS = {"name", "code", "updated_at"}
# From this offset on, and for every search, PostgreSQL finds a page's ids first (the
# live customers' partial index by name or code, read alone) and only then their rows:
# 20k customers at offset 10,000, 138 ms -> 10 ms
_IDS_FIRST_FROM = 1_000
# A search of everyone's live customers in name order on PostgreSQL walks their name
# index, checking each one's search row, when the planner expects it to read at most
# this many to reach the page's end (有限, 71k of 100k hits, first page: 140); else its
# hits are sorted (贸易, 14k hits: 700 to read, 2 ms, but 24 ms with the count against
# 22 ms sorted with it)
_WALK_VISITS = 500


def _order(key: pw.Node, descending: bool, nullable: bool) -> tuple[pw.Node, ...]:
    """The list's order, the same on both databases: SQLite's (text byte by byte, NULL
    before any value ascending and after descending), then the id. On PostgreSQL text
    is sorted in byte order ("C", as the partial indexes are built) and NULL's place is
    said explicitly, where the column can hold one (a NULLS clause on a NOT NULL column
    would keep an index from giving the order)."""
    if is_sqlite():
        return (key.desc(), Customer.id.desc()) if descending else (key, Customer.id)
    if isinstance(key, (pw.CharField, pw.TextField)):
        key = key.collate('"C"')
    if not nullable:
        return (key.desc(), Customer.id.desc()) if descending else (key, Customer.id)
    if descending:
        return (key.desc(nulls="LAST"), Customer.id.desc())
    return (key.asc(nulls="FIRST"), Customer.id)


def _filtered(
    actor: Actor,
    query: CustomerQuery,
    *columns,
    join_owner: bool = True,
    hits: list[int] | None = None,
    ordered: bool = True,
) -> pw.ModelSelect:
    """The list's query. `hits`: the text search's ids, when the caller ran it already;
    `ordered=False` for a count, which looks hits up by id instead of walking an index."""
    owner = User.alias("owner")
    select = Customer.select(*columns)
    if join_owner or query.sort == "owner":
        # Without the join, the id list reads only the (deleted_at, name) index.
        select = select.join(owner, pw.JOIN.LEFT_OUTER, on=(Customer.owner == owner.id))
    conditions = [
        Customer.deleted_at.is_null(False) if query.deleted else Customer.deleted_at.is_null()
    ]
    if not actor.sees_all_customers:
        conditions.append(Customer.owner == actor.id)
    elif query.owner_id is not None:
        conditions.append(Customer.owner == query.owner_id)
    if query.stage:
        conditions.append(Customer.stage == query.stage)
    if query.abc_class:
        conditions.append(Customer.abc_class == query.abc_class)
    if query.credit_rating:
        conditions.append(Customer.credit_rating == query.credit_rating)
    for name, code in query.custom.items():
        conditions.append(Customer.id.in_(custom_listing.holders(name, code)))
    if hits is None and is_sqlite():
        hits = matching_ids(query.text)
    if hits is not None:
        many = ordered and len(hits) > _SCAN_ORDER_ABOVE and query.sort in _INDEXED_SORTS
        # `id + 0` hides the primary key from the planner, so it walks the sort index
        conditions.append(ids_condition(Customer.id + 0 if many else Customer.id, hits))
    elif not is_sqlite():
        # PostgreSQL: the search stays on the server, a subquery of each statement,
        # instead of thousands of ids travelling to the app and back
        found = text_condition(query.text, Customer.id)
        if found is not None:
            conditions.append(found)
    select = select.where(*conditions)
    if not ordered:
        return select
    if query.sort.startswith(custom_kinds.PREFIX):
        select, key = custom_listing.sorted_by(select, query.sort)
        # empty values last in either direction, on SQLite as on PostgreSQL
        if query.descending:
            return select.order_by(key.is_null(), key.desc(), Customer.id.desc())
        return select.order_by(key.is_null(), key, Customer.id)
    key = owner.username if query.sort == "owner" else _SORTS.get(query.sort, Customer.name_key)
    nullable = query.sort == "owner" or bool(getattr(key, "null", False))
    return select.order_by(*_order(key, query.descending, nullable))


def _row_columns():
    owner = User.alias("owner")
    return (
        Customer.id,
        Customer.code,
        Customer.name,
        Customer.stage,
        Customer.abc_class,
        Customer.credit_rating,
        pw.fn.COALESCE(pw.fn.NULLIF(owner.display_name, ""), owner.username, ""),
        Customer.contact_name,
        Customer.contact_phone,
        Customer.phone,
        Customer.address,
        Customer.credit_limit,
        Customer.updated_at,
        Customer.deleted_at,
    )


def _to_row(t: tuple) -> CustomerRow:
    limit = t[11]
    return CustomerRow(
        id=t[0],
        code=t[1],
        name=t[2],
        stage=t[3],
        abc_class=t[4],
        credit_rating=t[5],
        owner_name=t[6] or "",
        contact_name=t[7],
        contact_phone=t[8],
        phone=t[9],
        address=t[10],
        credit_limit=limit,  # tuples() already turned fen into yuan
        updated_at=t[12],
        deleted=t[13] is not None,
    )


# the list's filters the search rows cannot apply (any filter added to CustomerQuery
# later is one of them until they can): those lists keep `_filtered`
_NOT_BY_NAME = tuple(
    f.name
    for f in fields(CustomerQuery)
    if f.name not in ("text", "owner_id", "deleted", "sort", "descending")
)


def _search_scope(actor: Actor, query: CustomerQuery) -> tuple[bool, int | None] | None:
    """On PostgreSQL, a search in name order filtered by nothing but the deletion and the
    owner (the actor's scope or the owner filter) is answered from the search rows
    (services/search.py): (the list's customers, not the recycle bin's; the owner's id
    or None). None for every other list, which keeps `_filtered`."""
    if is_sqlite() or query.sort != "name" or not query.text.strip():
        return None
    if any(getattr(query, name) for name in _NOT_BY_NAME):  # a filter the rows lack
        return None
    if not postgres_searchable(query.text):
        return None
    return not query.deleted, query.owner_id if actor.sees_all_customers else actor.id


def _given(query: tuple[str, list] | None) -> tuple[str, list]:
    """A search's query where `_search_scope` made sure the text has one."""
    if query is None:
        raise AssertionError("a search without letters or digits has no search-row query")
    return query


def _searched_by_name(
    actor: Actor, query: CustomerQuery, live: bool, owner: int | None, offset: int, limit: int
) -> CustomerPage:
    """A page of a search `_search_scope` allows, and its total, on PostgreSQL: the hits
    in name order with their count, from the search rows alone (one query); a search
    of everyone's customers that finds so many that the page lies among the first
    names, by `_many_hits_page`."""
    text, descending = query.text, query.descending
    if live and owner is None:
        hits, rows = postgres_reckoned_hits(text)
        if hits and (offset + limit) * rows <= _WALK_VISITS * hits:
            return _many_hits_page(actor, query, offset, limit, rows)
    sql, params = _given(
        postgres_hits_by_name(text, live=live, owner_id=owner, descending=descending, counted=True)
    )
    found = database.execute_sql(f"{sql} LIMIT %s OFFSET %s", [*params, limit, offset])
    page = found.fetchall()
    if page:
        return CustomerPage(
            customer_rows(actor, [r[0] for r in page]), int(page[0][1]), offset, limit
        )
    # past the last hit: the total alone
    count = database.execute_sql(f"SELECT count(*) FROM ({sql}) hits", params).fetchone()
    return CustomerPage([], int(count[0]), offset, limit)


def _many_hits_page(
    actor: Actor, query: CustomerQuery, offset: int, limit: int, rows: float
) -> CustomerPage:
    """A page of a search of every live customer that finds most of them (有限, on 71k of
    100k cards): counting and sorting every hit in one query read every search row and
    sorted 71k names (110 ms); here the total is counted through the search rows' GIN
    index (37 ms: the planner, which prices each hit's page as read at random, would
    scan every row), and the page comes by walking the live customers' name index,
    checking each one's search row, to the page's end (1.5 ms)."""
    text, descending = query.text, query.descending
    with planner_settings("enable_seqscan = off"):
        total = database.execute_sql(*_given(postgres_hit_count(text))).fetchone()[0]
        if offset >= total:
            return CustomerPage([], total, offset, limit)
        if (offset + limit) * max(rows, total) <= 2 * _WALK_VISITS * total:
            found = postgres_walk_by_name(text, descending=descending)
        else:  # far fewer than the planner expected: sorted after all
            found = postgres_hits_by_name(
                text, live=True, owner_id=None, descending=descending, counted=False
            )
        sql, params = _given(found)
        page = database.execute_sql(f"{sql} LIMIT %s OFFSET %s", [*params, limit, offset])
        ids = [row[0] for row in page.fetchall()]
    return CustomerPage(customer_rows(actor, ids), total, offset, limit)


def list_customers(
    actor: Actor, query: CustomerQuery | None = None, offset: int = 0, limit: int = 100
) -> CustomerPage:
    """One page of the list (one query for the rows, one for the total)."""
    query = query or CustomerQuery()
    scope = _search_scope(actor, query)
    if scope is not None:
        return _searched_by_name(actor, query, *scope, offset, limit)
    if query.sort in FIGURE_SORTS:  # ordered by a figure (balance…): the ids, then a page
        ids = customer_ids(actor, query)
        return CustomerPage(
            customer_rows(actor, ids[offset : offset + limit]), len(ids), offset, limit
        )
    # SQLite: searched once, used by both queries; PostgreSQL searches within each
    hits = matching_ids(query.text) if is_sqlite() else None
    if not is_sqlite() and (offset >= _IDS_FIRST_FROM or query.text.strip()):
        # the page's ids over narrow index entries, then the rows of those ids only. A
        # search's total comes with its ids, searched once (2,779 hits: 45 ms -> 10 ms);
        # a plain list's from a count of its own, as a window over every entry before
        # the page holds them all (offset 50k of 100k: 35 ms -> 20 ms)
        searched = bool(query.text.strip())
        counted = (pw.fn.COUNT(pw.SQL("*")).over(),) if searched else ()
        ids_query = _filtered(actor, query, Customer.id, *counted, join_owner=False, hits=hits)
        found = database.execute(ids_query.offset(offset).limit(limit)).fetchall()
        rows = customer_rows(actor, [r[0] for r in found])
        if found and searched:
            return CustomerPage(rows, int(found[0][1]), offset, limit)
    else:
        select = _filtered(actor, query, *_row_columns(), hits=hits)
        rows = [_to_row(t) for t in select.offset(offset).limit(limit).tuples()]
    total = _filtered(actor, query, Customer.id, join_owner=False, hits=hits, ordered=False).count()
    return CustomerPage(rows, total, offset, limit)


def customer_ids(actor: Actor, query: CustomerQuery | None = None) -> list[int]:
    """Every matching id in list order: the lazy table model keeps these and fetches rows by page."""
    query = query or CustomerQuery()
    if query.sort in FIGURE_SORTS:  # the list's ids in no order, then by the figure's rule
        select = _filtered(actor, query, Customer.id, join_owner=False, ordered=False)
        ids = [row[0] for row in database.execute(select).fetchall()]
        return sort_ids(ids, query.sort, query.descending)
    scope = _search_scope(actor, query)
    if scope is not None:
        live, owner = scope
        sql, params = _given(
            postgres_hits_by_name(
                query.text, live=live, owner_id=owner, descending=query.descending, counted=False
            )
        )
        return [row[0] for row in database.execute_sql(sql, params).fetchall()]
    # The raw cursor: peewee's per-row processing costs ~0.4 s for 100k ids.
    cursor = database.execute(_filtered(actor, query, Customer.id, join_owner=False))
    return [row[0] for row in cursor.fetchall()]


def customer_rows(actor: Actor, ids: Sequence[int]) -> list[CustomerRow]:
    """The rows of the given ids, in the given order (ids the actor may not see are left out)."""
    if not ids:
        return []
    owner = User.alias("owner")
    select = (
        Customer.select(*_row_columns())
        .join(owner, pw.JOIN.LEFT_OUTER, on=(Customer.owner == owner.id))
        .where(Customer.id.in_(list(ids)))
    )
    if not actor.sees_all_customers:
        select = select.where(Customer.owner == actor.id)
    by_id = {t[0]: _to_row(t) for t in select.tuples()}
    return [by_id[i] for i in ids if i in by_id]


# --- writing -------------------------------------------------------------------------


def _split_custom(values: Mapping[str, object]) -> tuple[dict, dict]:
    """The built-in fields' values and the custom fields' (``custom.<key>``)."""
    custom = {k: v for k, v in values.items() if k.startswith(custom_kinds.PREFIX)}
    return {k: v for k, v in values.items() if k not in custom}, custom


def _clean_both(
    values: Mapping[str, object],
    custom: Mapping[str, object],
    fields: Sequence[custom_kinds.FieldDef],
    old: Mapping[str, Any],
    *,
    partial: bool,
    builtin: Callable[..., dict[str, Any]] | None = None,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Both kinds of fields checked together: every wrong field in one ValidationError.
    `builtin` cleans the built-in fields (a customer's unless given: a contact's)."""
    problems: dict[str, Renderable] = {}
    clean: dict[str, Any] = {}
    custom_clean: dict[str, Any] = {}
    try:
        clean = (builtin or clean_customer_values)(values, partial=partial)
    except ValidationError as exc:
        problems.update(exc.problems)
    if custom:
        try:
            custom_clean = custom_cleaning.clean_custom_values(
                fields, custom, partial=partial, current=old
            )
        except ValidationError as exc:
            problems.update(exc.problems)
    if problems:
        raise ValidationError(problems)
    return clean, custom_clean


def _guard_credit(actor: Actor, changed: Iterable[str]) -> None:
    locked = sorted(set(changed) & CREDIT_FIELDS)
    if locked and not actor.can("credit.edit_direct"):
        raise ValidationError(
            {
                name: field_error(CUSTOMER_FIELD_MAP[name], msg("customers.credit_locked"))
                for name in locked
            }
        )


def _guard_owner(actor: Actor, owner_id: int | None, current: int | None) -> None:
    if owner_id == current:
        return
    if not actor.can("customer.assign_owner"):
        actor.require("customer.assign_owner", "auth.action_assign_owner")


def _model_values(clean: Mapping[str, Any]) -> dict[str, Any]:
    return {("owner" if k == "owner" else k): v for k, v in clean.items()}


def create_customer(
    actor: Actor, values: Mapping[str, object], *, batch_id: int | None = None
) -> CustomerCard:
    """A new card. A salesperson's new customers are their own; an empty code is generated.

    Custom fields (``custom.<key>``) are checked with the card; when any is given (the
    card editor gives all), the required ones must be filled."""
    values, custom = _split_custom(values)
    fields = custom_defs.list_fields("customer") if custom else []
    clean, custom_clean = _clean_both(values, custom, fields, {}, partial=False)
    if not actor.sees_all_customers:
        if clean.get("owner") not in (None, actor.id):
            _guard_owner(actor, clean["owner"], actor.id)
        clean["owner"] = actor.id
    _guard_credit(
        actor, [k for k, v in clean.items() if k in CREDIT_FIELDS and v not in (None, "")]
    )

    def insert() -> Customer:
        values = dict(clean)
        with transaction():
            if not values.get("code"):
                values["code"] = next_customer_code()
            _check_code_free(values["code"])
            now = utcnow()
            extra: dict[str, Any] = {"created_at": now, "updated_at": now}
            if values.get("credit_limit") is not None:
                extra.update(credit_approved_by=actor.id, credit_approved_at=now)
            customer = Customer.create(**_model_values(values), **extra)
            changelog.record_event(
                "customer",
                customer.id,
                "created",
                actor,
                new_value=customer.code,
                batch_id=batch_id,
            )
            if custom_clean:
                custom_values.write_values(
                    actor, "customer", customer.id, custom_clean, {}, fields, batch_id
                )
            reindex_customers([customer.id])
        return customer

    # another client may take the generated code first (PostgreSQL): generate the next
    return _card(retry_on_conflict(insert))


def update_customer(
    actor: Actor,
    customer_id: int,
    changes: Mapping[str, object],
    *,
    expected_version: int | None = None,
    batch_id: int | None = None,
) -> CustomerCard:
    """Change some fields. With `expected_version`, a card changed meanwhile is refused."""
    customer = _load(actor, customer_id)
    old = _card(customer).values
    if _write_changes(actor, customer, old, changes, expected_version, batch_id) is None:
        return _card(customer)
    return _card(Customer.get_by_id(customer.id))


def update_customers(
    actor: Actor,
    items: Sequence[tuple[int, Mapping[str, object]]],
    *,
    batch_id: int | None = None,
    then: Callable[[int], object] | None = None,
    versions: Sequence[int | None] | None = None,
) -> list[tuple[bool, object] | UserError]:
    """Many cards changed by the rule of `update_customer` (an import's updates, a
    salesperson's workbook taken back), with the cards and their custom values read in
    one go and the search index renewed once.

    Each item is written in a savepoint of its own, with `then(index)` (the row's new
    people) in it; per item: (whether the card changed, what `then` returned), or the
    UserError that refused it (nothing of that item is written). `versions`: the version
    each item's card must still have (None: any), as `update_customer`'s
    `expected_version`."""
    left = Counter(cid for cid, _changes in items)  # items still to come, per card
    ids = list(left)
    loaded = {c.id: c for c in Customer.select().where(Customer.id.in_(ids))} if ids else {}
    fields = custom_defs.list_fields("customer")
    held = custom_values.values_of("customer", list(loaded), fields)
    out: list[tuple[bool, object] | UserError] = []
    reindex: list[int] = []
    for index, (cid, changes) in enumerate(items):
        left[cid] -= 1
        try:
            with transaction():
                customer = loaded.get(cid)
                if customer is None or customer.deleted_at is not None:
                    raise NotFound("customers.no_id", id=cid)
                _check_access(actor, customer)
                known = held.get(cid, {})
                old = _values(customer, {f.name: known.get(f.name) for f in fields})
                expected = versions[index] if versions is not None else None
                if expected is not None and customer.version != expected:
                    raise Conflict("customers.changed_meanwhile", code=customer.code)
                written = _write_changes(
                    actor, customer, old, changes, expected, batch_id, fields, reindex=False
                )
                extra = then(index) if then is not None else None
        except UserError as exc:
            out.append(exc)
            continue
        if written is not None:
            if left[cid]:  # a later item of the same card compares with what was written
                loaded[cid] = Customer.get_by_id(cid)
                held.update(custom_values.values_of("customer", [cid], fields))
            if SEARCH_FIELDS & written:
                reindex.append(cid)
        out.append((written is not None, extra))
    if reindex:
        reindex_customers(list(dict.fromkeys(reindex)))
    return out


def _write_changes(
    actor: Actor,
    customer: Customer,
    old: Mapping[str, Any],
    changes: Mapping[str, object],
    expected_version: int | None,
    batch_id: int | None,
    fields: Sequence | None = None,
    *,
    reindex: bool = True,
) -> set[str] | None:
    """Clean the changes, write what differs from `old` with its ChangeLog (and its
    search document unless `reindex` is False); the names written, or None when nothing
    differed."""
    changes, custom = _split_custom(changes)
    if not custom:
        fields = []
    elif fields is None:
        fields = custom_defs.list_fields("customer")
    clean, custom_clean = _clean_both(changes, custom, fields, old, partial=True)
    if not clean.get("code", "x"):
        clean.pop("code")  # an emptied code keeps the old one
    diff = {
        k: v for k, v in clean.items() if changelog.differs(old.get(k), v) and (old.get(k) or v)
    }
    custom_diff = custom_values.changed(fields, custom_clean, old)
    if not diff and not custom_diff:
        return None
    if "owner" in diff:
        _guard_owner(actor, diff["owner"], customer.owner_id)
    _guard_credit(actor, diff)
    with transaction():
        if "code" in diff:
            _check_code_free(diff["code"], customer.id)
        now = utcnow()
        update = dict(_model_values(diff))
        if CREDIT_FIELDS & set(diff):
            update.update(credit_approved_by=actor.id, credit_approved_at=now)
        update.update(updated_at=now, version=Customer.version + 1)
        condition = Customer.id == customer.id
        if expected_version is not None:
            condition &= Customer.version == expected_version
        if not Customer.update(**update).where(condition).execute():
            raise Conflict("customers.changed_meanwhile", code=customer.code)
        changelog.record_changes("customer", customer.id, old, diff, actor, batch_id)
        if custom_diff:
            custom_values.write_values(
                actor, "customer", customer.id, custom_diff, old, fields, batch_id
            )
        if reindex and SEARCH_FIELDS & set(diff):
            reindex_customers([customer.id])
    return set(diff) | set(custom_diff)


def delete_customer(actor: Actor, customer_id: int, *, batch_id: int | None = None) -> None:
    """Soft delete: the card disappears from lists and can be restored until purged."""
    customer = _load(actor, customer_id)
    with transaction():
        now = utcnow()
        Customer.update(deleted_at=now, updated_at=now, version=Customer.version + 1).where(
            Customer.id == customer.id
        ).execute()
        changelog.record_event(
            "customer", customer.id, "deleted", actor, new_value=now.isoformat(), batch_id=batch_id
        )


def restore_customer(actor: Actor, customer_id: int) -> CustomerCard:
    customer = _load(actor, customer_id, include_deleted=True)
    if customer.deleted_at is None:
        return _card(customer)
    with transaction():
        Customer.update(deleted_at=None, updated_at=utcnow(), version=Customer.version + 1).where(
            Customer.id == customer.id
        ).execute()
        changelog.record_event(
            "customer", customer.id, "restored", actor, old_value=customer.deleted_at.isoformat()
        )
    return _card(Customer.get_by_id(customer.id))


# --- contacts ------------------------------------------------------------------------


def clean_contact_values(values: Mapping[str, object], *, partial: bool) -> dict[str, Any]:
    errors: dict[str, Renderable] = {}
    clean: dict[str, Any] = {}
    model_fields = Contact._meta.fields
    for name, raw in values.items():
        spec = CONTACT_FIELD_MAP.get(name)
        if spec is None:
            errors[name] = msg("customers.unknown_contact_field", name=name)
            continue
        try:
            clean[name] = clean_value(
                spec, raw, getattr(model_fields.get(name), "max_length", None)
            )
        except ValueError as exc:
            errors[name] = field_error(spec, exc)
    if ("name" in values or not partial) and not clean.get("name") and "name" not in errors:
        errors["name"] = field_error(CONTACT_FIELD_MAP["name"], msg("validation.required"))
    if clean.get("role") is None and "role" in clean:
        clean["role"] = "other"
    birthday = clean.get("birthday")
    if birthday and birthday > date.today():
        errors["birthday"] = field_error(
            CONTACT_FIELD_MAP["birthday"], msg("customers.birthday_in_future", date=birthday)
        )
    if errors:
        raise ValidationError(errors)
    return clean


def _contact_card(contact: Contact, custom: Mapping[str, Any] | None = None) -> ContactCard:
    """A contact's built-in values and its custom ones (``custom.<key>``, read unless given)."""
    values = {spec.name: getattr(contact, spec.name) for spec in CONTACT_FIELDS}
    values.update(custom_values.get_values("contact", contact.id) if custom is None else custom)
    return ContactCard(contact.id, contact.customer_id, contact.version, values)


def list_contacts(actor: Actor, customer_id: int) -> list[ContactCard]:
    _load(actor, customer_id, include_deleted=True)
    query = (
        Contact.select()
        .where(Contact.customer == customer_id, Contact.deleted_at.is_null())
        .order_by(Contact.is_primary.desc(), Contact.id)
    )
    contacts = list(query)
    fields = custom_defs.list_fields("contact")
    held = custom_values.values_of("contact", [c.id for c in contacts], fields)
    return [
        _contact_card(c, {f.name: held.get(c.id, {}).get(f.name) for f in fields}) for c in contacts
    ]


def add_contact(
    actor: Actor,
    customer_id: int,
    values: Mapping[str, object],
    *,
    batch_id: int | None = None,
) -> ContactCard:
    """A new contact; its custom fields (``custom.<key>``) are checked with it, the required
    ones too when any is given (the contacts tab gives all)."""
    customer = _load(actor, customer_id)
    values, custom = _split_custom(values)
    fields = custom_defs.list_fields("contact") if custom else []
    clean, custom_clean = _clean_both(
        values, custom, fields, {}, partial=False, builtin=clean_contact_values
    )
    with transaction():
        contact = Contact.create(customer=customer.id, **clean)
        changelog.record_event(
            "contact", contact.id, "created", actor, new_value=contact.name, batch_id=batch_id
        )
        if custom_clean:
            custom_values.write_values(actor, "contact", contact.id, custom_clean, {}, fields)
        reindex_customers([customer.id])
    return _contact_card(contact)


def update_contact(
    actor: Actor,
    contact_id: int,
    changes: Mapping[str, object],
    *,
    expected_version: int | None = None,
    batch_id: int | None = None,
) -> ContactCard:
    contact = Contact.get_or_none((Contact.id == contact_id) & Contact.deleted_at.is_null())
    if contact is None:
        raise NotFound("customers.no_contact", id=contact_id)
    _load(actor, contact.customer_id)
    changes, custom = _split_custom(changes)
    fields = custom_defs.list_fields("contact") if custom else []
    old = _contact_card(contact).values
    clean, custom_clean = _clean_both(
        changes, custom, fields, old, partial=True, builtin=clean_contact_values
    )
    diff = {k: v for k, v in clean.items() if changelog.differs(old.get(k), v)}
    custom_diff = custom_values.changed(fields, custom_clean, old)
    if not diff and not custom_diff:
        return _contact_card(contact)
    with transaction():
        condition = Contact.id == contact.id
        if expected_version is not None:
            condition &= Contact.version == expected_version
        if (
            not Contact.update(**diff, updated_at=utcnow(), version=Contact.version + 1)
            .where(condition)
            .execute()
        ):
            raise Conflict("customers.contact_changed_meanwhile", name=contact.name)
        changelog.record_changes("contact", contact.id, old, diff, actor, batch_id)
        if custom_diff:
            custom_values.write_values(actor, "contact", contact.id, custom_diff, old, fields)
        if {"phone", "mobile", *CONTACT_TEXTS} & set(diff):
            reindex_customers([contact.customer_id])
    return _contact_card(Contact.get_by_id(contact.id))


def delete_contact(actor: Actor, contact_id: int) -> None:
    contact = Contact.get_or_none((Contact.id == contact_id) & Contact.deleted_at.is_null())
    if contact is None:
        raise NotFound("customers.no_contact", id=contact_id)
    _load(actor, contact.customer_id)
    with transaction():
        Contact.update(deleted_at=utcnow(), version=Contact.version + 1).where(
            Contact.id == contact.id
        ).execute()
        changelog.record_event("contact", contact.id, "deleted", actor, old_value=contact.name)
        reindex_customers([contact.customer_id])


def customer_history(actor: Actor, customer_id: int) -> list[changelog.ChangeEntry]:
    """The card's 历史: its own changes and its contacts', newest first."""
    _load(actor, customer_id, include_deleted=True)
    contact_ids = [c.id for c in Contact.select(Contact.id).where(Contact.customer == customer_id)]
    return changelog.history([("customer", [customer_id]), ("contact", contact_ids)])


def audit(
    actor: Actor | None,
    action: str,
    *,
    entity: str = "",
    entity_id: int | None = None,
    count: int = 0,
    detail: str = "",
) -> None:
    """专人负责: printing, exporting, importing and bulk viewing leave a trace."""
    AuditEvent.create(
        user=actor.id if actor else None,
        action=action,
        entity=entity,
        entity_id=entity_id,
        count=count,
        detail=detail,
    )


__all__ = [
    "ContactCard",
    "CustomerCard",
    "CustomerPage",
    "CustomerQuery",
    "CustomerRow",
    "add_contact",
    "audit",
    "clean_contact_values",
    "clean_customer_values",
    "create_customer",
    "customer_history",
    "customer_ids",
    "customer_rows",
    "delete_contact",
    "delete_customer",
    "get_customer",
    "get_customers_by_codes",
    "list_contacts",
    "list_customers",
    "next_customer_code",
    "restore_customer",
    "update_contact",
    "update_customer",
    "update_customers",
    "database",
]
