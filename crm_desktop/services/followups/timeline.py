"""动态: everything that happened with one customer, as one chronological list.

Follow-ups planned, done (the contacts logged) and cancelled; credit requests and their
decisions; sales and payments; complaints; changes of the card's fields (ChangeLog);
printing of the card (AuditEvent). Each event carries its time in local wall-clock
minutes (audit timestamps are UTC and converted), a kind for the filter and a `Message`
the UI renders, so the list reads the same in both languages and never shows a key.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import NamedTuple

import peewee as pw

from crm_desktop.fields import CUSTOMER_FIELD_MAP, choice_label
from crm_desktop.messages import Message, Text, msg
from crm_desktop.models import (
    AuditEvent,
    ChangeLog,
    Complaint,
    CreditRequest,
    FollowUp,
    Payment,
    Product,
    Sale,
    User,
)
from crm_desktop.services.auth import Actor
from crm_desktop.services.followups.access import _visible_customer
from crm_desktop.services.followups.labels import KIND_LABELS
from crm_desktop.services.sync.notes import batch_notes, with_note

# the kinds of event a user can filter on, in the order the filter lists them
TIMELINE_KINDS: dict[str, Text] = {
    "contact": Text("联系记录", "Contacts"),
    "followup": Text("跟进计划", "Follow-up plans"),
    "credit": Text("信用", "Credit"),
    "sale": Text("销售", "Sales"),
    "payment": Text("收款", "Payments"),
    "complaint": Text("投诉", "Complaints"),
    "change": Text("资料修改", "Card changes"),
    "print": Text("打印导出", "Printing and export"),
}
_CREDIT_STATUS = {
    "approved": Text("已批准", "approved"),
    "rejected": Text("已驳回", "rejected"),
    "withdrawn": Text("已撤回", "withdrawn"),
}
_EVENTS = {
    "created": Text("建档", "Card created"),
    "deleted": Text("删除", "Deleted"),
    "restored": Text("恢复", "Restored"),
}
_AUDIT = {
    "print": Text("打印", "Printed"),
    "export.customers": Text("导出", "Exported"),
}
_PAYMENT_METHODS = {
    "transfer": Text("转账", "bank transfer"),
    "cash": Text("现金", "cash"),
    "cheque": Text("支票", "cheque"),
    "acceptance": Text("承兑汇票", "bank acceptance"),
}


class TimelineEvent(NamedTuple):
    """One line of the timeline. `what` is rendered by the reader; `who` is a person's name."""

    at: datetime
    kind: str
    what: Message
    who: str = ""

    def text(self, lang: str | None = None) -> str:
        return self.what.render(lang)


def _local(at: datetime | None) -> datetime | None:
    """A stored UTC time as the computer's wall clock, to the minute."""
    if at is None:
        return None
    offset = _OFFSETS.get(at.date())
    if offset is None:  # one time-zone look-up a day, not one per event
        offset = _OFFSETS.setdefault(at.date(), at.replace(tzinfo=UTC).astimezone().utcoffset())
    return (at + offset).replace(second=0, microsecond=0)


_OFFSETS: dict[date, timedelta] = {}


def _day(day: date) -> datetime:
    return datetime.combine(day, time.min)


def _kind(code: str) -> Text:
    return Text(*KIND_LABELS.get(code, (code, code)))


def _money(value: Decimal | None) -> str:
    return "" if value is None else f"¥{value:,.2f}"


def _one_line(text: str, limit: int = 200) -> str:
    flat = " ".join((text or "").split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _users() -> dict[int, str]:
    return {
        u.id: u.display_name or u.username
        for u in User.select(User.id, User.username, User.display_name)
    }


def _stamp(value: object) -> datetime | None:
    """A stored time as read from the cursor: SQLite's text parsed by the C parser (peewee's
    field conversion tries format after format, the bulk of a long timeline's reading),
    PostgreSQL's datetime as it is."""
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))


def _followups(customer_id: int, users: dict[int, str]) -> Iterable[TimelineEvent]:
    # plain cursor rows, not model objects nor converted fields: a busy customer has
    # thousands, and each time is parsed only where an event shows it
    query = FollowUp.select(
        FollowUp.owner,
        FollowUp.kind,
        FollowUp.status,
        FollowUp.due_at,
        FollowUp.done_at,
        FollowUp.created_at,
        FollowUp.updated_at,
        FollowUp.subject,
        FollowUp.outcome,
    ).where((FollowUp.customer == customer_id) & FollowUp.deleted_at.is_null())
    kinds: dict[str, Text] = {}
    cursor = FollowUp._meta.database.execute_sql(*query.sql())
    for owner, code, status, due_raw, done_raw, created, updated, subject, outcome in cursor:
        who = users.get(owner, "")
        kind = kinds.get(code) or kinds.setdefault(code, _kind(code))
        due_at = _stamp(due_raw)
        done_at = _stamp(done_raw) if status == "done" else None
        if done_at is None or done_at != due_at:  # not logged in one step: it was planned
            yield TimelineEvent(
                _local(_stamp(created)),
                "followup",
                msg(
                    "day.tl_planned",
                    kind=kind,
                    due=f"{due_at:%Y-%m-%d %H:%M}",
                    subject=_one_line(subject),
                ),
                who,
            )
        if done_at is not None:
            yield TimelineEvent(
                done_at,
                "contact",
                msg("day.tl_done", kind=kind, outcome=_one_line(outcome)),
                who,
            )
        elif status == "cancelled":
            yield TimelineEvent(
                _local(_stamp(updated)),
                "followup",
                msg(
                    "day.tl_cancelled",
                    kind=kind,
                    due=f"{due_at:%Y-%m-%d %H:%M}",
                    reason=_one_line(outcome),
                ),
                who,
            )


def _credit(customer_id: int, users: dict[int, str]) -> Iterable[TimelineEvent]:
    query = CreditRequest.select().where(
        (CreditRequest.customer == customer_id) & CreditRequest.deleted_at.is_null()
    )
    for req in query:
        yield TimelineEvent(
            _local(req.requested_at),
            "credit",
            msg(
                "day.tl_credit_requested",
                limit=_money(req.proposed_limit),
                reason=_one_line(req.reason),
            ),
            users.get(req.requested_by_id, ""),
        )
        if req.decided_at is not None and req.status in _CREDIT_STATUS:
            limit = req.approved_limit if req.approved_limit is not None else req.proposed_limit
            yield TimelineEvent(
                _local(req.decided_at),
                "credit",
                msg(
                    "day.tl_credit_decided",
                    status=_CREDIT_STATUS[req.status],
                    limit=_money(limit),
                    comment=_one_line(req.comment),
                ),
                users.get(req.decided_by_id, ""),
            )


def _sales(customer_id: int, users: dict[int, str]) -> Iterable[TimelineEvent]:
    query = (
        Sale.select(Sale.date, Sale.order_no, Sale.amount, Sale.salesperson, Product.name)
        .join(Product, on=(Sale.product == Product.id), join_type=pw.JOIN.LEFT_OUTER)
        .where((Sale.customer == customer_id) & Sale.deleted_at.is_null())
        .tuples()
    )
    for day, order_no, amount, salesperson, product in query:
        yield TimelineEvent(
            _day(day),
            "sale",
            msg("day.tl_sale", order=order_no or "", product=product or "", amount=_money(amount)),
            users.get(salesperson, ""),
        )
    payments = (
        Payment.select(Payment.date, Payment.amount, Payment.method, Payment.recorded_by)
        .where((Payment.customer == customer_id) & Payment.deleted_at.is_null())
        .tuples()
    )
    for day, amount, method, recorded_by in payments:
        label = _PAYMENT_METHODS.get(method) or Text(method, method)
        yield TimelineEvent(
            _day(day),
            "payment",
            msg("day.tl_payment", amount=_money(amount), method=label),
            users.get(recorded_by, ""),
        )


def _complaints(customer_id: int, users: dict[int, str]) -> Iterable[TimelineEvent]:
    query = Complaint.select().where(
        (Complaint.customer == customer_id) & Complaint.deleted_at.is_null()
    )
    for c in query:
        yield TimelineEvent(
            _local(c.received_at),
            "complaint",
            msg("day.tl_complaint", subject=_one_line(c.subject)),
            "",
        )
        if c.resolved_at is not None:
            yield TimelineEvent(
                _local(c.resolved_at),
                "complaint",
                msg(
                    "day.tl_complaint_resolved",
                    subject=_one_line(c.subject),
                    resolution=_one_line(c.resolution),
                ),
                users.get(c.handled_by_id, ""),
            )


def _value(name: str, text: str | None, users: dict[int, str]) -> Text | str:
    """A stored value as a person reads it: a choice's label, a user's name, never a key."""
    if text is None or text == "":
        return "—"
    spec = CUSTOMER_FIELD_MAP.get(name)
    if spec is not None and spec.kind == "choice" and spec.choices:
        return Text(choice_label(spec.choices, text, "zh"), choice_label(spec.choices, text, "en"))
    if spec is not None and spec.kind == "user":
        try:
            return users.get(int(text), text)
        except ValueError:
            return text
    return _one_line(text, 80)


def _changes(customer_id: int, users: dict[int, str]) -> Iterable[TimelineEvent]:
    query = ChangeLog.select().where(
        (ChangeLog.entity == "customer") & (ChangeLog.entity_id == customer_id)
    )
    rows = list(query)
    notes = batch_notes(row.batch_id for row in rows)
    for row in rows:
        who = users.get(row.user_id, "")
        if row.field in _EVENTS:
            yield TimelineEvent(
                _local(row.at), "change", msg("day.tl_event", event=_EVENTS[row.field]), who
            )
            continue
        spec = CUSTOMER_FIELD_MAP.get(row.field)
        label = Text(spec.label("zh"), spec.label("en")) if spec else Text(row.field, row.field)
        change = msg(
            "day.tl_change",
            field=label,
            old=_value(row.field, row.old_value, users),
            new=_value(row.field, row.new_value, users),
        )
        yield TimelineEvent(
            _local(row.at), "change", with_note(change, notes.get(row.batch_id)), who
        )


def _audit(customer_id: int, users: dict[int, str]) -> Iterable[TimelineEvent]:
    query = AuditEvent.select().where(
        (AuditEvent.entity == "customer") & (AuditEvent.entity_id == customer_id)
    )
    for row in query:
        action = _AUDIT.get(row.action)
        if action is None:
            continue
        yield TimelineEvent(
            _local(row.at),
            "print",
            msg("day.tl_audit", action=action, detail=_one_line(row.detail, 120)),
            users.get(row.user_id, ""),
        )


_SOURCES = (_followups, _credit, _sales, _complaints, _changes, _audit)


def customer_timeline(
    actor: Actor,
    customer_id: int,
    kinds: Iterable[str] | None = None,
    text: str = "",
    lang: str | None = None,
) -> list[TimelineEvent]:
    """The customer's events, newest first; only `kinds` if given; only those whose text
    (in `lang`) or person contains `text`."""
    _visible_customer(actor, customer_id)
    users = _users()
    wanted = set(kinds) if kinds is not None else None
    events: list[TimelineEvent] = []
    for source in _SOURCES:
        for event in source(customer_id, users):
            if event.at is not None and (wanted is None or event.kind in wanted):
                events.append(event)
    needle = " ".join(text.split()).casefold()
    if needle:
        events = [
            e for e in events if needle in e.text(lang).casefold() or needle in e.who.casefold()
        ]
    events.sort(key=lambda e: e.at, reverse=True)
    return events
