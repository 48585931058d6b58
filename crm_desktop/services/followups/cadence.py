"""The contact cadence: how often each customer should be contacted, and who is out of it."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from itertools import chain
from operator import itemgetter

import peewee as pw

from crm_desktop.i18n import current_language, is_chinese
from crm_desktop.messages import catalogue
from crm_desktop.models import (
    Customer,
    FollowUp,
    database,
    is_sqlite,
)
from crm_desktop.models.entities import (
    ABC_CLASSES,
)
from crm_desktop.services.auth import Actor, check_owner_filter
from crm_desktop.services.followups.access import _visible_customer
from crm_desktop.services.followups.rows import CADENCE_KIND, FollowUpRow, _user_names
from crm_desktop.services.followups.stamp import KeptAnswers, db_stamp
from crm_desktop.services.settings import get_setting


def cadence_days() -> dict[str, int]:
    """Days between contacts per ABC class (team setting, defaults in services.settings)."""
    raw = get_setting("cadence_days") or {}
    out = {}
    for cls in ABC_CLASSES:
        try:
            days = int(raw.get(cls) or 0)
        except (TypeError, ValueError):
            days = 0
        if days > 0:
            out[cls] = days
    return out


def interval_for(customer: Customer) -> int | None:
    """The customer's own interval, else its class's; None: no cadence."""
    if customer.contact_interval_days and customer.contact_interval_days > 0:
        return customer.contact_interval_days
    return cadence_days().get(customer.abc_class or "")


def last_completed(customer_id: int) -> datetime | None:
    """The last completed follow-up's done_at, read from the follow-ups themselves."""
    return (
        FollowUp.select(pw.fn.MAX(FollowUp.done_at))
        .where(FollowUp.customer == customer_id, FollowUp.status == "done")
        .scalar()
    )


def _as_datetime(value: object) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime.combine(value, time.min)
    return datetime.fromisoformat(str(value))


def next_cadence_due(actor: Actor, customer_id: int) -> date | None:
    """When the customer should next be contacted: last completed (or created) + interval."""
    customer = _visible_customer(actor, customer_id)
    days = interval_for(customer)
    if days is None:
        return None
    ref = _as_datetime(customer.last_contact_at) or customer.created_at
    return ref.date() + timedelta(days=days)


def _param(at: datetime) -> object:
    return at.isoformat(" ") if is_sqlite() else at


def _cutoff_custom(midnight: datetime) -> pw.Node:
    """midnight - contact_interval_days, per row (customers with their own interval)."""
    if is_sqlite():
        return pw.fn.datetime(
            midnight.isoformat(" "),
            pw.NodeList(
                (
                    pw.SQL("'-'"),
                    pw.SQL("||"),
                    Customer.contact_interval_days,
                    pw.SQL("||"),
                    pw.SQL("' days'"),
                )
            ),
        )
    return pw.NodeList(
        (
            pw.Value(midnight),
            pw.SQL("- ("),
            Customer.contact_interval_days,
            pw.SQL("* INTERVAL '1 day')"),
        )
    )


def _cadence_queries(
    actor: Actor, today: date, owner_id: int | None, classes: dict[str, int]
) -> list[pw.ModelSelect]:
    """Customers out of cadence with nothing planned (see `cadence_overdue`), in parts.

    Each part is a range scan of an index on `customer.last_contact_at`: per class
    ``(deleted_at, planned_followups = 0, abc_class, last_contact_at) < cutoff`` (and
    the never-contacted ones, NULL), and the customers with their own interval through
    ``(deleted_at, planned_followups = 0, contact_interval_days, …)``. No follow-up is
    read: the customer's columns hold its last contact and how many are planned.
    """
    midnight = datetime.combine(today, time.min)
    columns = (
        Customer.id,
        Customer.code,
        Customer.name,
        Customer.owner,
        Customer.abc_class,
        Customer.contact_interval_days,
        Customer.created_at,
        Customer.last_contact_at,
    )

    def part(*conditions: pw.Node) -> pw.ModelSelect:
        query = Customer.select(*columns).where(
            Customer.deleted_at.is_null(), Customer.planned_followups == 0, *conditions
        )
        if not actor.sees_all_customers:
            query = query.where(Customer.owner == actor.id)
        elif owner_id is not None:
            query = query.where(Customer.owner == owner_id)
        return query

    no_own = Customer.contact_interval_days.is_null() | (Customer.contact_interval_days <= 0)
    parts = []
    for cls, days in classes.items():
        cutoff = _param(midnight - timedelta(days=days))
        for last in (Customer.last_contact_at < cutoff, Customer.last_contact_at.is_null()):
            parts.append(
                part(Customer.abc_class == cls, last, Customer.created_at < cutoff, no_own)
            )
    own = _cutoff_custom(midnight)
    parts.append(
        part(
            Customer.contact_interval_days > 0,
            Customer.last_contact_at.is_null() | (Customer.last_contact_at < own),
            Customer.created_at < own,
        )
    )
    return parts


def cadence_overdue(
    actor: Actor, today: date | None = None, owner_id: int | None = None
) -> list[FollowUpRow]:
    """Customers out of cadence with nothing planned: one row of kind "cadence" each.

    A customer is out of cadence when its last completed follow-up (or, never
    contacted, its creation) lies more than its interval before today. The answer is
    kept until the database changes (`stamp.still_holds`), so the page, the badges and the reminder
    timer do not pay for the 100k-customer scan again and again.
    """
    return cadence_overdue_at(actor, today or date.today(), owner_id, db_stamp())


def cadence_overdue_at(
    actor: Actor, today: date, owner_id: int | None, stamp: tuple | None
) -> list[FollowUpRow]:
    """`cadence_overdue` with the database's stamp taken by the caller before this and
    its other queries (the overdue list reads the server's snapshot once)."""
    check_owner_filter(actor, owner_id)
    lang = current_language()
    key = (actor.id, actor.sees_all_customers, today, owner_id, lang)
    return _KEPT.get(key, stamp, lambda: _cadence_rows(actor, today, owner_id, lang))


# (actor, sees all, today, owner filter, language) -> the rows; without it each badge
# check recomputed the cadence rows on the server (0.47 s on 100k customers)
_KEPT: KeptAnswers[FollowUpRow] = KeptAnswers()


def clear_cadence_cache() -> None:
    """Forget the kept cadence rows."""
    _KEPT.clear()


def _cadence_rows(actor: Actor, today: date, owner_id: int | None, lang: str) -> list[FollowUpRow]:
    classes = cadence_days()
    names = _user_names()
    rows: list[FollowUpRow] = []
    append = rows.append
    found = chain.from_iterable(
        database.execute(q) for q in _cadence_queries(actor, today, owner_id, classes)
    )
    # raw rows: the converters of peewee cost more than the query for 30k rows; the
    # tuple built positionally (a keyword call of the named tuple costs twice as much).
    # Due dates and subjects depend only on (day, interval): computed once per pair.
    make = tuple.__new__
    parse = datetime.fromisoformat
    text = str
    dues: dict[tuple[date, int], datetime] = {}
    subjects: dict[tuple[date | None, int], str] = {}
    never, since = _subject_templates(lang)
    for cid, code, name, owner, cls, own_days, created, last in found:
        days = own_days if own_days and own_days > 0 else classes.get(cls or "")
        if not days:
            continue
        if last is not None and last.__class__ is text:
            last = parse(last)
        if last is None:
            ref = parse(created) if created.__class__ is text else _as_datetime(created)
            last_day = None
        else:
            ref = last
            last_day = last.date()
        ref_day = ref.date()
        due = dues.get((ref_day, days))
        if due is None:
            due = dues[(ref_day, days)] = datetime.combine(ref_day, time.min) + timedelta(days)
        subject = subjects.get((last_day, days))
        if subject is None:
            subject = subjects[(last_day, days)] = (
                never.format(days=days)
                if last_day is None
                else since.format(since=(today - last_day).days, days=days)
            )
        owner_name = names.get(owner, "") if owner else ""
        append(
            make(
                FollowUpRow,
                (
                    None, cid, code, name, CADENCE_KIND, subject, due, "planned", owner,
                    owner_name, None, "", None, None, "", "", None, 1, last, days,
                ),
            )
        )  # fmt: skip
    rows.sort(key=itemgetter(6, 2))  # due_at, customer_code
    return rows


def _subject_templates(lang: str | None) -> tuple[str, str]:
    """The catalogue's two cadence subjects in `lang`: never contacted, days since."""
    texts = catalogue()
    pick = 0 if is_chinese(lang or current_language()) else 1
    return texts["followups.cadence_never"][pick], texts["followups.cadence_since"][pick]


def cadence_subject(last: datetime | None, days: int, today: date, lang: str | None = None) -> str:
    """'No contact for 45 days (every 30 days)' / '45 天未联系（每 30 天）'."""
    never, since = _subject_templates(lang)
    if last is None:
        return never.format(days=days)
    return since.format(since=(today - last.date()).days, days=days)
