"""公海: the customer pool, and the rules that return neglected customers to it.

A customer without an owner is in the pool, which every salesperson sees. A salesperson
claims one with a conditional write (``UPDATE … WHERE owner_id IS NULL``), so two who
claim at once cannot both get it; a daily claim limit and a cap on customers held, per
ABC class, keep anyone from emptying the pool. The sales manager sets the rules: a
customer returns to the pool when its owner has not logged a contact for N days or not
sold for M days (per class; some classes exempt, the key customers), with a warning K
days before. The clock starts at the later of the last contact (or sale), the day the
owner got the customer (`Customer.owner_since`) and the day the card was made. Returned
customers keep their history; their open follow-ups are cancelled or handed to a named
user, as the rule says, never left with nobody. Every move is in the ChangeLog and the
audit trail. `handover` is 离职继承: a leaving salesperson's customers and open
follow-ups go to one or several colleagues.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import peewee as pw

from crm_desktop.errors import Conflict, NotFound, PermissionDenied, ValidationError
from crm_desktop.messages import Text, msg
from crm_desktop.models import (
    AuditEvent,
    ChangeLog,
    Customer,
    FollowUp,
    Sale,
    Setting,
    User,
    transaction,
    utcnow,
)
from crm_desktop.models.entities import ABC_CLASSES
from crm_desktop.services.auth import Actor, resolve_user

SETTING = "pool"
LAST_RUN = "pool_last_run"
CLASSES = (*ABC_CLASSES, "")  # "" = not classified
FOLLOWUP_RULES = ("cancel", "reassign")
RUN_BATCH = 1000  # customers returned per transaction by the job

DEFAULTS: dict[str, Any] = {
    # days without a logged contact / without a sale before a customer returns (None: never)
    "no_contact_days": {c: None for c in CLASSES},
    "no_sale_days": {c: None for c in CLASSES},
    "warn_days": 3,
    "exempt_classes": [],  # key customers: never returned
    "open_followups": "cancel",  # or "reassign" to `reassign_to`
    "reassign_to": None,  # a user name
    "daily_claims": {"A": 2, "B": 5, "C": 10, "D": 10, "": 10},
    "max_held": {"A": 30, "B": 100, "C": 300, "D": 300, "": 300},
}


_FIELDS = {
    "no_contact_days": Text("未联系退回天数", "Days without contact"),
    "no_sale_days": Text("未成交退回天数", "Days without a sale"),
    "warn_days": Text("提前提醒天数", "Days of warning"),
    "exempt_classes": Text("免退回的类别", "Exempt classes"),
    "open_followups": Text("未完成的跟进", "Open follow-ups"),
    "reassign_to": Text("跟进转交给", "Hand follow-ups to"),
    "daily_claims": Text("每日领取上限", "Daily claim limit"),
    "max_held": Text("持有客户上限", "Customers held at most"),
    "owner": Text("负责人", "Owner"),
    "from": Text("离职人员", "Leaving"),
    "to": Text("接收人", "Given to"),
}


def _problem(name: str, problem: object) -> ValidationError:
    return ValidationError({name: msg("validation.field", label=_FIELDS[name], problem=problem)})


def _label(cls: str) -> Text:
    return Text(f"{cls}类", f"class {cls}") if cls else Text("未分类", "not classified")


@dataclass(frozen=True)
class PoolRules:
    """The pool's settings, every class present."""

    no_contact_days: dict[str, int | None]
    no_sale_days: dict[str, int | None]
    warn_days: int
    exempt_classes: tuple[str, ...]
    open_followups: str
    reassign_to: str | None
    daily_claims: dict[str, int]
    max_held: dict[str, int]

    def as_dict(self) -> dict[str, Any]:
        return {
            "no_contact_days": dict(self.no_contact_days),
            "no_sale_days": dict(self.no_sale_days),
            "warn_days": self.warn_days,
            "exempt_classes": list(self.exempt_classes),
            "open_followups": self.open_followups,
            "reassign_to": self.reassign_to,
            "daily_claims": dict(self.daily_claims),
            "max_held": dict(self.max_held),
        }

    @property
    def returns_any(self) -> bool:
        return any(
            self.no_contact_days.get(c) or self.no_sale_days.get(c)
            for c in CLASSES
            if c not in self.exempt_classes
        )


def _days(value: object, name: str, *, allow_none: bool) -> int | None:
    if value in (None, "") and allow_none:
        return None
    try:
        number = int(str(value).strip())
    except ValueError:
        number = -1
    if number < (0 if name == "warn_days" else 1):
        raise _problem(name, msg("day.pool_bad_days", value=str(value)))
    return number


def _per_class(raw: object, defaults: dict, name: str, *, allow_none: bool) -> dict:
    values = dict(defaults)
    if isinstance(raw, dict):
        for cls, value in raw.items():
            if cls not in CLASSES:
                raise _problem(name, msg("day.pool_bad_class", value=str(cls)))
            values[cls] = _days(value, name, allow_none=allow_none)
    return values


def clean_rules(values: dict[str, Any]) -> PoolRules:
    """Settings from stored or typed values, checked; unknown or bad values are refused."""
    merged = {**DEFAULTS, **(values or {})}
    rule = merged["open_followups"]
    if rule not in FOLLOWUP_RULES:
        raise _problem("open_followups", msg("day.pool_bad_followup_rule", value=str(rule)))
    reassign_to = merged.get("reassign_to") or None
    if rule == "reassign":
        if reassign_to is None:
            raise _problem("reassign_to", msg("validation.required"))
        resolve_user(reassign_to, "reassign_to")
    exempt = tuple(str(c) for c in merged.get("exempt_classes") or ())
    for cls in exempt:
        if cls not in CLASSES:
            raise _problem("exempt_classes", msg("day.pool_bad_class", value=cls))
    return PoolRules(
        _per_class(
            merged["no_contact_days"],
            DEFAULTS["no_contact_days"],
            "no_contact_days",
            allow_none=True,
        ),
        _per_class(
            merged["no_sale_days"], DEFAULTS["no_sale_days"], "no_sale_days", allow_none=True
        ),
        _days(merged["warn_days"], "warn_days", allow_none=False) or 0,
        exempt,
        rule,
        reassign_to,
        _per_class(
            merged["daily_claims"], DEFAULTS["daily_claims"], "daily_claims", allow_none=False
        ),
        _per_class(merged["max_held"], DEFAULTS["max_held"], "max_held", allow_none=False),
    )


def get_rules() -> PoolRules:
    row = Setting.get_or_none(Setting.key == SETTING)
    return clean_rules(json.loads(row.value) if row else {})


def _put_setting(key: str, value: Any) -> None:
    text = json.dumps(value, ensure_ascii=False)
    if Setting.update(value=text).where(Setting.key == key).execute() == 0:
        Setting.create(key=key, value=text)


def set_rules(actor: Actor, values: dict[str, Any]) -> PoolRules:
    """The sales manager (or the general manager) sets the pool's rules; merged over the current."""
    actor.require("customer.assign_owner", "day.pool_action_rules")
    rules = clean_rules({**get_rules().as_dict(), **values})
    with transaction():
        _put_setting(SETTING, rules.as_dict())
        AuditEvent.create(
            user=actor.id, action="pool.rules", entity="setting", detail=json.dumps(rules.as_dict())
        )
    return rules


# --- the pool and claiming ------------------------------------------------------------


@dataclass(frozen=True)
class PoolRow:
    id: int
    code: str
    name: str
    abc_class: str | None
    stage: str
    last_contact_at: datetime | None


def list_pool(text: str = "", limit: int = 1000) -> list[PoolRow]:
    """Customers in the pool (no owner), by code; everybody may see them."""
    query = Customer.select(
        Customer.id,
        Customer.code,
        Customer.name,
        Customer.abc_class,
        Customer.stage,
        Customer.last_contact_at,
    ).where(Customer.owner.is_null() & Customer.deleted_at.is_null())
    needle = " ".join((text or "").split())
    if needle:
        query = query.where(Customer.code.contains(needle) | Customer.name.contains(needle))
    return [PoolRow(*t) for t in query.order_by(Customer.code).limit(limit).tuples()]


def pool_count() -> int:
    return Customer.select().where(Customer.owner.is_null() & Customer.deleted_at.is_null()).count()


def _find(value: object) -> Customer:
    if isinstance(value, int):
        customer = Customer.get_or_none(Customer.id == value)
    else:
        text = str(value or "").strip()
        customer = Customer.get_or_none(Customer.code == text)
    if customer is None or customer.deleted_at is not None:
        raise NotFound("day.pool_no_customer", code=str(value))
    return customer


def _start_of_today_utc(now: datetime) -> datetime:
    local_midnight = datetime.combine(now.date(), time.min).astimezone()
    return local_midnight.astimezone(UTC).replace(tzinfo=None)


def claims_today(actor: Actor, cls: str, now: datetime | None = None) -> int:
    now = now or datetime.now()
    return (
        AuditEvent.select()
        .where(
            (AuditEvent.action == "pool.claim")
            & (AuditEvent.at >= _start_of_today_utc(now))
            & (AuditEvent.user == actor.id)
            & (AuditEvent.detail == cls)
        )
        .count()
    )


def held(actor: Actor, cls: str) -> int:
    condition = (Customer.owner == actor.id) & Customer.deleted_at.is_null()
    condition &= Customer.abc_class == cls if cls else Customer.abc_class.is_null()
    return Customer.select().where(condition).count()


def _owner_changes(rows: Iterable[tuple[int, int | None, int | None]], actor: Actor | None) -> None:
    now = utcnow()
    batch = [
        {
            "entity": "customer",
            "entity_id": cid,
            "field": "owner",
            "old_value": None if old is None else str(old),
            "new_value": None if new is None else str(new),
            "user": actor.id if actor else None,
            "at": now,
        }
        for cid, old, new in rows
        if old != new
    ]
    for start in range(0, len(batch), 500):
        ChangeLog.insert_many(batch[start : start + 500]).execute()


def claim(actor: Actor, customer: object, now: datetime | None = None) -> PoolRow:
    """Take a customer from the pool. Exactly one of two simultaneous claims succeeds."""
    now = (now or datetime.now()).replace(microsecond=0)
    target = _find(customer)
    if target.owner_id is not None:
        raise Conflict("day.pool_not_in_pool", code=target.code)
    cls = target.abc_class or ""
    rules = get_rules()
    if claims_today(actor, cls, now) >= rules.daily_claims[cls]:
        raise Conflict("day.pool_daily_limit", limit=rules.daily_claims[cls], cls=_label(cls))
    if held(actor, cls) >= rules.max_held[cls]:
        raise Conflict("day.pool_cap", limit=rules.max_held[cls], cls=_label(cls))
    with transaction():
        taken = (
            Customer.update(
                owner=actor.id, owner_since=now, updated_at=utcnow(), version=Customer.version + 1
            )
            .where(
                (Customer.id == target.id)
                & Customer.owner.is_null()
                & Customer.deleted_at.is_null()
            )
            .execute()
        )
        if taken != 1:
            raise Conflict("day.pool_taken", code=target.code)
        _owner_changes([(target.id, None, actor.id)], actor)
        AuditEvent.create(
            user=actor.id, action="pool.claim", entity="customer", entity_id=target.id, detail=cls
        )
    return PoolRow(
        target.id, target.code, target.name, target.abc_class, target.stage, target.last_contact_at
    )


# --- returning, releasing, assigning ---------------------------------------------------


def _handle_followups(customer_ids: Sequence[int], rules: PoolRules, actor: Actor | None) -> int:
    """Open follow-ups of customers going back to the pool: cancelled, or handed over."""
    if not customer_ids:
        return 0
    changed = 0
    stamp = utcnow()
    for start in range(0, len(customer_ids), 500):
        chunk = list(customer_ids[start : start + 500])
        where = FollowUp.customer.in_(chunk) & (FollowUp.status == "planned")
        if rules.open_followups == "reassign" and rules.reassign_to:
            to = resolve_user(rules.reassign_to, "reassign_to")
            changed += (
                FollowUp.update(owner=to, updated_at=stamp, version=FollowUp.version + 1)
                .where(where)
                .execute()
            )
        else:
            reason = msg("day.pool_returned_reason").render()
            changed += (
                FollowUp.update(
                    status="cancelled",
                    outcome=reason,
                    updated_at=stamp,
                    version=FollowUp.version + 1,
                )
                .where(where)
                .execute()
            )
    return changed


def _to_pool(
    customer_ids: Sequence[int],
    actor: Actor | None,
    action: str,
    rules: PoolRules,
    detail: str = "",
) -> int:
    """Clear the owner of these customers (in the caller's transaction); returns how many."""
    if not customer_ids:
        return 0
    owners = dict(
        Customer.select(Customer.id, Customer.owner)
        .where(Customer.id.in_(list(customer_ids)) & Customer.owner.is_null(False))
        .tuples()
    )
    ids = sorted(owners)
    stamp = utcnow()
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        Customer.update(
            owner=None, owner_since=None, updated_at=stamp, version=Customer.version + 1
        ).where(Customer.id.in_(chunk)).execute()
    _owner_changes([(cid, owners[cid], None) for cid in ids], actor)
    followups = _handle_followups(ids, rules, actor)
    AuditEvent.create(
        user=actor.id if actor else None,
        action=action,
        entity="customer",
        entity_id=ids[0] if len(ids) == 1 else None,
        count=len(ids),
        detail=f"{detail}; follow-ups {rules.open_followups}: {followups}".strip("; "),
    )
    return len(ids)


def release(actor: Actor, customers: Iterable[object], reason: str = "") -> int:
    """Put customers back in the pool: a salesperson their own, a manager any."""
    targets = [_find(c) for c in customers]
    for target in targets:
        if target.owner_id is None:
            raise Conflict("day.pool_already_in_pool", code=target.code)
        if target.owner_id != actor.id and not actor.can("customer.assign_owner"):
            raise PermissionDenied("day.pool_not_yours", code=target.code)
    with transaction():
        return _to_pool([t.id for t in targets], actor, "pool.release", get_rules(), reason)


def assign(
    actor: Actor, customers: Iterable[object], to: object, now: datetime | None = None
) -> int:
    """The manager gives customers (from the pool or from someone) to a user; their open
    follow-ups go with them."""
    actor.require("customer.assign_owner")
    to_id = resolve_user(to, "owner")
    user = User.get_or_none(User.id == to_id) if to_id else None
    if user is None or not user.active or user.deleted_at is not None:
        raise _problem("owner", msg("day.pool_no_user", name=str(to)))
    now = (now or datetime.now()).replace(microsecond=0)
    targets = [_find(c) for c in customers]
    with transaction():
        return _give([(t.id, t.owner_id) for t in targets], user.id, actor, now, "pool.assign")


def _give(
    rows: Sequence[tuple[int, int | None]], to_id: int, actor: Actor, now: datetime, action: str
) -> int:
    ids = [cid for cid, old in rows if old != to_id]
    stamp = utcnow()
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        Customer.update(
            owner=to_id, owner_since=now, updated_at=stamp, version=Customer.version + 1
        ).where(Customer.id.in_(chunk)).execute()
        FollowUp.update(owner=to_id, updated_at=stamp, version=FollowUp.version + 1).where(
            FollowUp.customer.in_(chunk) & (FollowUp.status == "planned")
        ).execute()
    _owner_changes([(cid, old, to_id) for cid, old in rows], actor)
    if ids:
        AuditEvent.create(
            user=actor.id,
            action=action,
            entity="customer",
            entity_id=ids[0] if len(ids) == 1 else None,
            count=len(ids),
            detail=f"to user {to_id}",
        )
    return len(ids)


@dataclass(frozen=True)
class HandoverResult:
    """How many customers each colleague received, and the open follow-ups moved."""

    customers: dict[str, int] = field(default_factory=dict)
    followups: int = 0


def handover(
    actor: Actor, leaving: object, to: Sequence[object], now: datetime | None = None
) -> HandoverResult:
    """离职继承: every customer of `leaving` goes, in turns by code, to the colleagues `to`;
    their open follow-ups with them; `leaving`'s follow-ups on other customers go to
    those customers' owners. History stays."""
    actor.require("customer.assign_owner")
    from_id = resolve_user(leaving, "from")
    if from_id is None:
        raise _problem("from", msg("validation.required"))
    heirs = []
    for name in to:
        uid = resolve_user(name, "to")
        user = User.get_or_none(User.id == uid)
        if user is None or not user.active or user.deleted_at is not None or uid == from_id:
            raise _problem("to", msg("day.pool_no_user", name=str(name)))
        heirs.append(user)
    if not heirs:
        raise _problem("to", msg("validation.required"))
    now = (now or datetime.now()).replace(microsecond=0)
    ids = [
        cid
        for (cid,) in Customer.select(Customer.id)
        .where((Customer.owner == from_id) & Customer.deleted_at.is_null())
        .order_by(Customer.code)
        .tuples()
    ]
    counts: dict[str, int] = {}
    moving = sum(
        FollowUp.select()
        .where(FollowUp.customer.in_(ids[i : i + 500]) & (FollowUp.status == "planned"))
        .count()
        for i in range(0, len(ids), 500)
    )
    with transaction():
        for turn, heir in enumerate(heirs):
            share = ids[turn :: len(heirs)]
            counts[heir.display_name or heir.username] = _give(
                [(cid, from_id) for cid in share], heir.id, actor, now, "pool.handover"
            )
        # follow-ups of the leaver on customers they did not own: to those customers' owners
        rest = (
            FollowUp.select(FollowUp.id, Customer.owner)
            .join(Customer, on=(FollowUp.customer == Customer.id))
            .where((FollowUp.owner == from_id) & (FollowUp.status == "planned"))
            .tuples()
        )
        moved = 0
        for fid, owner in list(rest):
            FollowUp.update(owner=owner or heirs[0].id, version=FollowUp.version + 1).where(
                FollowUp.id == fid
            ).execute()
            moved += 1
    return HandoverResult(counts, moving + moved)


# --- the rules' job ----------------------------------------------------------------------


@dataclass(frozen=True)
class PoolWarning:
    """A customer that returns to the pool in `days_left` days unless its owner acts."""

    customer_id: int
    owner_id: int
    days_left: int
    reason: str  # "contact" or "sale"


def _day(value: object) -> date | None:
    """A stored date or time as a date: SQLite's text, PostgreSQL's objects."""
    if value is None:
        return None
    if isinstance(value, str):
        return date.fromisoformat(value[:10])
    if isinstance(value, datetime):
        return value.date()
    return value  # type: ignore[return-value]


def _rule_classes(rules: PoolRules) -> list[str]:
    """The classes some rule returns customers of (not exempt, a number of days set)."""
    return [
        c
        for c in CLASSES
        if c not in rules.exempt_classes
        and (rules.no_contact_days.get(c) or rules.no_sale_days.get(c))
    ]


def _of_class(cls: str) -> pw.Expression:
    return Customer.abc_class.is_null() if cls == "" else Customer.abc_class == cls


def _started_by(cut: date, today: date, last: str) -> pw.Expression:
    """The customer's clock — the later of the card's day, the day its owner got it and the
    day of its `last` "contact" or "sale" — started on or before `cut`. Each column is
    compared as stored with the next day's midnight, so no value is converted: SQLite's
    text sorts as the time does, PostgreSQL compares its timestamps with the date. The
    last sale is a look-up in the (deleted_at, customer, date) index, made only for the
    customers the other conditions leave open."""
    after = cut + timedelta(days=1)
    created = Customer.created_at < after
    if today <= cut:  # a card without a day starts today
        created |= Customer.created_at.is_null()
    since = Customer.owner_since.is_null() | (Customer.owner_since < after)
    if last == "contact":
        event = Customer.last_contact_at.is_null() | (Customer.last_contact_at < after)
    else:
        later = Sale.select(pw.SQL("1")).where(
            Sale.deleted_at.is_null() & (Sale.customer == Customer.id) & (Sale.date >= after)
        )
        event = ~pw.fn.EXISTS(later)
    return created & since & event


def _past(rules: PoolRules, classes: Sequence[str], today: date, grace: int) -> pw.Expression:
    """Customers whose deadline under any rule of their class is at most `grace` days
    away (0: due now), as one condition over the customer row and its sales."""
    either: pw.Expression | None = None
    for cls in classes:
        rule: pw.Expression | None = None
        for last, table in (("contact", rules.no_contact_days), ("sale", rules.no_sale_days)):
            days = table.get(cls)
            if days:
                one = _started_by(today - timedelta(days=days - grace), today, last)
                rule = one if rule is None else (rule | one)
        if rule is not None:
            rule = _of_class(cls) & rule
            either = rule if either is None else (either | rule)
    return either if either is not None else pw.SQL("1 = 0")


def _deadline(
    rules: PoolRules,
    today: date,
    row: tuple[object, ...],
) -> tuple[date | None, str]:
    """A customer's exact deadline and the rule that sets it, from its stored row (class,
    last contact, owner since, created, last sale); read for the few that get a warning."""
    cls, last_contact, since, created, sold = row
    cls = cls or ""
    start = _day(created) or today
    got = _day(since)
    if got is not None and got > start:
        start = got
    deadline, reason = None, ""
    days = rules.no_contact_days.get(cls)
    if days:
        contacted = _day(last_contact)
        begin = contacted if contacted is not None and contacted > start else start
        deadline, reason = begin + timedelta(days=days), "contact"
    days = rules.no_sale_days.get(cls)
    if days:
        last_sale = _day(sold)
        begin = last_sale if last_sale is not None and last_sale > start else start
        line = begin + timedelta(days=days)
        if deadline is None or line < deadline:
            deadline, reason = line, "sale"
    return deadline, reason


def evaluate(
    now: datetime | None = None, rules: PoolRules | None = None
) -> tuple[list[int], list[PoolWarning]]:
    """Which owned customers return now, and which will within the warning days.

    A customer's clock starts at the later of the day its card was made and the day its
    owner got it; a contact (or a sale) after that restarts it. The card's day is its UTC
    date. Set-based: a customer is due when every day that could start its clock is on
    or before today minus the rule's days, so one statement over the owned customers of
    the classes with rules returns the ids of the due and of the nearly due; Python works
    out the exact days left only for the nearly due (the warned, a few hundred)."""
    now = now or datetime.now()
    today = now.date()
    rules = rules or get_rules()
    classes = _rule_classes(rules)
    if not classes:
        return [], []
    # the due need only their ids; the few warned are read in full below
    query = Customer.select(Customer.id, pw.Case(None, [(_past(rules, classes, today, 0), 1)], 0))
    query = query.where(
        Customer.owner.is_null(False)
        & Customer.deleted_at.is_null()
        & _past(rules, classes, today, rules.warn_days)
    )
    due: list[int] = []
    near: list[int] = []
    for cid, is_due in Customer._meta.database.execute_sql(*query.sql()):
        (due if is_due else near).append(cid)
    warnings: list[PoolWarning] = []
    for start in range(0, len(near), 500):
        for cid, owner, *row in _rows(near[start : start + 500]):
            deadline, reason = _deadline(rules, today, tuple(row))
            if deadline is None:
                continue
            left = (deadline - today).days
            if left <= 0:  # not reached: the statement's condition is the same rule
                due.append(cid)
            elif left <= rules.warn_days:
                warnings.append(PoolWarning(cid, owner, left, reason))
    due.sort()
    warnings.sort(key=lambda w: w.customer_id)
    return due, warnings


def _rows(ids: Sequence[int]) -> Iterable[tuple]:
    """What `_deadline` reads of these customers, with their last live sale (a seek in the
    (deleted_at, customer, date) index each)."""
    sold = Sale.select(pw.fn.MAX(Sale.date)).where(
        Sale.deleted_at.is_null() & (Sale.customer == Customer.id)
    )
    query = Customer.select(
        Customer.id,
        Customer.owner,
        Customer.abc_class,
        Customer.last_contact_at,
        Customer.owner_since,
        Customer.created_at,
        sold,
    ).where(Customer.id.in_(list(ids)))
    return Customer._meta.database.execute_sql(*query.sql())


@dataclass(frozen=True)
class PoolRun:
    returned: int
    warned: int
    seconds: float


def run_rules(actor: Actor | None = None, now: datetime | None = None) -> PoolRun:
    """The job: return every customer past its rule to the pool (audited); note the day run."""
    import time as _time

    started = _time.perf_counter()
    now = now or datetime.now()
    rules = get_rules()
    due, warnings = evaluate(now, rules)
    returned = 0
    # a batch a transaction: the first run over an old database may return most of it,
    # and other users must be able to write meanwhile; each batch is audited
    for start in range(0, len(due), RUN_BATCH):
        with transaction():
            returned += _to_pool(
                due[start : start + RUN_BATCH], actor, "pool.auto_return", rules, "rules"
            )
    with transaction():
        _put_setting(LAST_RUN, now.date().isoformat())
    return PoolRun(returned, len(warnings), _time.perf_counter() - started)


def run_if_due(actor: Actor | None = None, now: datetime | None = None) -> PoolRun | None:
    """At start-up and on a daily timer: run the job once a day, when there are rules."""
    now = now or datetime.now()
    row = Setting.get_or_none(Setting.key == LAST_RUN)
    if row is not None and json.loads(row.value) == now.date().isoformat():
        return None
    if not get_rules().returns_any:
        return None
    return run_rules(actor, now)


def warnings_for(actor: Actor, now: datetime | None = None) -> list[PoolWarning]:
    """Warnings for the actor's own customers (all of them for a manager), soonest first."""
    _due, warnings = evaluate(now)
    if not actor.sees_all_customers:
        warnings = [w for w in warnings if w.owner_id == actor.id]
    return sorted(warnings, key=lambda w: (w.days_left, w.customer_id))
