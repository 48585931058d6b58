"""The shapes a complaint is shown in, who may see which, and reading them.

A salesperson sees and handles the complaints of the customers they own; the sales
manager and the general manager see all. Lists read ids first (one index range, in
due-time order) and rows for the ids on screen, so a page of 50,000 complaints paints
without loading them all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal

import peewee as pw

from crm_desktop.errors import NotFound, PermissionDenied
from crm_desktop.messages import Message, msg
from crm_desktop.models import (
    ChangeLog,
    Complaint,
    ComplaintAttachment,
    Contact,
    Customer,
    Product,
    User,
    is_sqlite,
)
from crm_desktop.services.auth import Actor
from crm_desktop.services.complaints.rules import OPEN_SQL, OPEN_STATUSES, SERIOUS
from crm_desktop.services.search import ids_condition

ENTITY = "complaint"  # the change history's name for a complaint


@dataclass(frozen=True)
class ComplaintRow:
    """One line of a complaint list."""

    id: int
    customer_id: int
    customer_code: str
    customer_name: str
    received_at: datetime
    channel: str
    category: str
    severity: str
    status: str
    subject: str
    handled_by_id: int | None
    handled_by: str
    due_at: datetime | None
    product_id: int | None
    product_name: str
    satisfaction: int | None
    resolved_at: datetime | None
    version: int

    def is_overdue(self, now: datetime | None = None) -> bool:
        """Unresolved past its due time (the one meaning of a complaint's 逾期)."""
        return (
            self.status in OPEN_STATUSES
            and self.due_at is not None
            and self.due_at < (now or datetime.now())
        )


@dataclass(frozen=True)
class AttachmentInfo:
    id: int
    complaint_id: int
    file_name: str
    size: int
    added_by: str
    added_at: datetime


@dataclass(frozen=True)
class TimelineEntry:
    """One step of a complaint's handling, from the change history."""

    at: datetime
    user: str
    field: str  # "created", "status", a field's name, "attachment", "attachment_removed"
    old_value: str | None
    new_value: str | None


@dataclass(frozen=True)
class ComplaintInfo(ComplaintRow):
    """Everything about one complaint: the dialog, the card's tab and the printed card."""

    contact_id: int | None = None
    contact_name: str = ""
    description: str = ""
    sale_id: int | None = None
    started_at: datetime | None = None
    resolution: str = ""
    compensation_kind: str = ""
    compensation_amount: Decimal | None = None
    compensation_note: str = ""
    confirmed_at: datetime | None = None
    closed_at: datetime | None = None
    close_reason: str = ""
    followup_id: int | None = None
    attachments: list[AttachmentInfo] = field(default_factory=list)


@dataclass(frozen=True)
class ComplaintQuery:
    """What a list shows: the open ones by due time by default."""

    open_only: bool = True
    status: str | None = None
    category: str | None = None
    severity: str | None = None
    handled_by: int | None = None
    product: int | None = None
    customer: int | None = None
    overdue_only: bool = False
    text: str = ""


@dataclass(frozen=True)
class ComplaintFlag:
    """A customer with unresolved serious complaints: the card and the credit dialog say so."""

    count: int
    since: datetime
    subjects: list[str]


def visible_customer(actor: Actor, customer_id: int) -> Customer:
    customer = Customer.get_or_none(Customer.id == customer_id)
    if customer is None or customer.deleted_at is not None:
        raise NotFound("followups.no_customer_id", id=customer_id)
    if not actor.sees_all_customers and customer.owner_id != actor.id:
        raise PermissionDenied("complaints.not_your_customer", code=customer.code)
    return customer


def load(actor: Actor, complaint_id: int) -> Complaint:
    """The complaint row, if it exists and the actor may see its customer."""
    row = Complaint.get_or_none(Complaint.id == complaint_id)
    if row is None or row.deleted_at is not None:
        raise NotFound("complaints.no_complaint", id=complaint_id)
    customer = Customer.get_or_none(Customer.id == row.customer_id)
    if customer is None or (not actor.sees_all_customers and customer.owner_id != actor.id):
        if customer is not None and customer.deleted_at is None:
            raise PermissionDenied("complaints.not_your_customer", code=customer.code)
        raise NotFound("complaints.no_complaint", id=complaint_id)
    return row


_ROW_COLUMNS = (
    Complaint.id,
    Complaint.customer,
    Customer.code.alias("customer_code"),
    Customer.name.alias("customer_name"),
    Complaint.received_at,
    Complaint.channel,
    Complaint.category,
    Complaint.severity,
    Complaint.status,
    Complaint.subject,
    Complaint.handled_by,
    User.display_name.alias("handler_display"),
    User.username.alias("handler_username"),
    Complaint.due_at,
    Complaint.product,
    Product.name.alias("product_name"),
    Complaint.satisfaction,
    Complaint.resolved_at,
    Complaint.version,
)


def _row_query() -> pw.ModelSelect:
    return (
        Complaint.select(*_ROW_COLUMNS)
        .join_from(Complaint, Customer, on=(Complaint.customer == Customer.id))
        .join_from(Complaint, User, pw.JOIN.LEFT_OUTER, on=(Complaint.handled_by == User.id))
        .join_from(Complaint, Product, pw.JOIN.LEFT_OUTER, on=(Complaint.product == Product.id))
    )


def _row_values(r) -> dict:
    return dict(
        id=r.id,
        customer_id=r.customer_id,
        customer_code=r.customer_code,
        customer_name=r.customer_name,
        received_at=r.received_at,
        channel=r.channel,
        category=r.category,
        severity=r.severity,
        status=r.status,
        subject=r.subject,
        handled_by_id=r.handled_by_id,
        handled_by=r.handler_display or r.handler_username or "",
        due_at=r.due_at,
        product_id=r.product_id,
        product_name=r.product_name or "",
        satisfaction=r.satisfaction,
        resolved_at=r.resolved_at,
        version=r.version,
    )


def _filtered(actor: Actor, q: ComplaintQuery) -> pw.ModelSelect:
    """The ids of the complaints a query selects, visible to the actor, in list order."""
    open_list = not q.status and (q.open_only or q.overdue_only)
    query = Complaint.select(Complaint.id)
    if open_list:  # the partial index of the unresolved ones, read in due order
        query = query.where(pw.SQL(OPEN_SQL))
    else:
        query = query.where(Complaint.deleted_at.is_null())
    if not actor.sees_all_customers:  # a subquery: the outer query names one table only
        own = Customer.select(Customer.id).where(
            Customer.owner == actor.id, Customer.deleted_at.is_null()
        )
        query = query.where(Complaint.customer.in_(own))
    else:  # a deleted card's complaints leave the lists with it (and come back on restore)
        gone = Customer.select(Customer.id).where(Customer.deleted_at.is_null(False))
        query = query.where(Complaint.customer.not_in(gone))
    if q.status:
        query = query.where(Complaint.status == q.status)
    if q.overdue_only:
        query = query.where(Complaint.due_at < datetime.now())
    if q.category:
        query = query.where(Complaint.category == q.category)
    if q.severity:
        query = query.where(Complaint.severity == q.severity)
    if q.handled_by is not None:
        query = query.where(Complaint.handled_by == q.handled_by)
    if q.product is not None:
        query = query.where(Complaint.product == q.product)
    if q.customer is not None:
        query = query.where(Complaint.customer == q.customer)
    if q.text:
        text = q.text.strip()
        named = Customer.select(Customer.id).where(
            (Customer.name ** f"%{text}%") | (Customer.code == text)
        )
        query = query.where(Complaint.subject.contains(text) | Complaint.customer.in_(named))
    if q.open_only or q.overdue_only or (q.status in OPEN_STATUSES):
        # open ones by due time, the most urgent first
        return query.order_by(Complaint.due_at, Complaint.id)
    return query.order_by(Complaint.received_at.desc(), Complaint.id.desc())


def _id_sql(
    actor: Actor, q: ComplaintQuery, count: bool = False, page: tuple[int, int] | None = None
) -> tuple[str, list]:
    """The id query's SQL. For the unresolved ones on SQLite it names the partial index:
    without statistics the planner would take the deleted_at index (an equality) and sort
    40,000 rows, about 100 ms, instead of reading the index in due order."""
    query = _filtered(actor, q)
    if count:
        query = query.order_by().select(pw.fn.COUNT(Complaint.id))
    elif page is not None:
        query = query.offset(page[0]).limit(page[1])
    sql, params = query.sql()
    if is_sqlite() and not q.status and (q.open_only or q.overdue_only):
        table = 'FROM "complaint" AS "t1"'
        sql = sql.replace(table, f'{table} INDEXED BY "complaint_open_by_due"', 1)
    return sql, list(params)


def complaint_ids(actor: Actor, query: ComplaintQuery | None = None) -> list[int]:
    """Every id a list shows, in its order: the page loads rows for the visible ones only."""
    sql, params = _id_sql(actor, query or ComplaintQuery())
    return [i for (i,) in Complaint._meta.database.execute_sql(sql, params).fetchall()]


def count_complaints(actor: Actor, query: ComplaintQuery | None = None) -> int:
    """How many complaints a list shows (a count over the index, no rows read)."""
    sql, params = _id_sql(actor, query or ComplaintQuery(), count=True)
    return int(Complaint._meta.database.execute_sql(sql, params).fetchone()[0])


def complaint_id_page(actor: Actor, query: ComplaintQuery, offset: int, limit: int) -> list[int]:
    """The ids at positions offset… of a list, in its order: the page reads only the ones
    it shows (a step along the index to the offset, no ids before it brought into Python)."""
    sql, params = _id_sql(actor, query, page=(offset, limit))
    return [i for (i,) in Complaint._meta.database.execute_sql(sql, params).fetchall()]


def complaint_rows(actor: Actor, ids: list[int]) -> list[ComplaintRow]:
    """The rows of these ids (in the given order), skipping any the actor may not see."""
    if not ids:
        return []
    # the ids as one parameter, however many (no chunks for SQLite's limit of variables):
    # on PostgreSQL one a complaint took the 100k demo's 144 open ones 7-9 ms, this 4.6 ms
    query = _row_query().where(ids_condition(Complaint.id, ids))
    if not actor.sees_all_customers:
        query = query.where(Customer.owner == actor.id)
    found = {r.id: ComplaintRow(**_row_values(r)) for r in query.objects()}
    return [found[i] for i in ids if i in found]


def list_complaints(actor: Actor, query: ComplaintQuery | None = None) -> list[ComplaintRow]:
    """Every row a query selects, in list order (the CLI and the export)."""
    return complaint_rows(actor, complaint_ids(actor, query))


def _attachments(complaint_id: int) -> list[AttachmentInfo]:
    query = (
        ComplaintAttachment.select(ComplaintAttachment, User.display_name, User.username)
        .join(User, pw.JOIN.LEFT_OUTER, on=(ComplaintAttachment.added_by == User.id))
        .where(
            ComplaintAttachment.complaint == complaint_id,
            ComplaintAttachment.deleted_at.is_null(),
        )
        .order_by(ComplaintAttachment.id)
    )
    return [
        AttachmentInfo(
            a.id,
            complaint_id,
            a.file_name,
            a.size,
            getattr(a, "display_name", None) or getattr(a, "username", None) or "",
            a.created_at,
        )
        for a in query.objects()
    ]


def _info(row, complaint: Complaint) -> ComplaintInfo:
    contact = (
        Contact.get_or_none(Contact.id == complaint.contact_id) if complaint.contact_id else None
    )
    return ComplaintInfo(
        **_row_values(row),
        contact_id=complaint.contact_id,
        contact_name=contact.name if contact else "",
        description=complaint.description,
        sale_id=complaint.sale_id,
        started_at=complaint.started_at,
        resolution=complaint.resolution,
        compensation_kind=complaint.compensation_kind,
        compensation_amount=complaint.compensation_amount,
        compensation_note=complaint.compensation_note,
        confirmed_at=complaint.confirmed_at,
        closed_at=complaint.closed_at,
        close_reason=complaint.close_reason,
        followup_id=complaint.followup_id,
        attachments=_attachments(complaint.id),
    )


def get_complaint(actor: Actor, complaint_id: int) -> ComplaintInfo:
    """One complaint with its details and attachments."""
    complaint = load(actor, complaint_id)
    row = _row_query().where(Complaint.id == complaint_id).objects().first()
    return _info(row, complaint)


def customer_complaints(actor: Actor, customer_id: int) -> list[ComplaintInfo]:
    """Every complaint of a customer, newest first (the card's tab, the printed card)."""
    visible_customer(actor, customer_id)
    rows = (
        _row_query()
        .where(Complaint.customer == customer_id, Complaint.deleted_at.is_null())
        .order_by(Complaint.received_at.desc(), Complaint.id.desc())
        .objects()
    )
    out = []
    for r in rows:
        out.append(_info(r, Complaint.get_by_id(r.id)))
    return out


def _local(at: datetime) -> datetime:
    """A ChangeLog time (UTC) as the local wall-clock time complaints are kept in."""
    return at.replace(tzinfo=UTC).astimezone().replace(tzinfo=None, microsecond=0)


def _steps_from_record(row: Complaint) -> list[TimelineEntry]:
    """The path as the record's own times tell it, for a complaint with no history of
    its creation (imported or generated in bulk)."""
    steps = [TimelineEntry(row.received_at, "", "created", None, row.subject)]
    status = "open"
    for at, new in (
        (row.started_at, "processing"),
        (row.resolved_at, "resolved"),
        (row.confirmed_at, "confirmed"),
        (row.closed_at, "closed"),
    ):
        if at is not None:
            steps.append(TimelineEntry(at, "", "status", status, new))
            status = new
    return steps


def timeline(actor: Actor, complaint_id: int) -> list[TimelineEntry]:
    """Every step of the handling, oldest first (local times), from the change history."""
    row = load(actor, complaint_id)
    query = (
        ChangeLog.select(ChangeLog, User.display_name, User.username)
        .join(User, pw.JOIN.LEFT_OUTER, on=(ChangeLog.user == User.id))
        .where(ChangeLog.entity == ENTITY, ChangeLog.entity_id == complaint_id)
        .order_by(ChangeLog.at, ChangeLog.id)
    )
    entries = [
        TimelineEntry(
            _local(c.at),
            getattr(c, "display_name", None) or getattr(c, "username", None) or "",
            c.field,
            c.old_value,
            c.new_value,
        )
        for c in query.objects()
    ]
    if not any(e.field == "created" for e in entries):
        entries = sorted(_steps_from_record(row) + entries, key=lambda e: e.at)
    return entries


def unresolved_serious(actor: Actor, customer_id: int) -> ComplaintFlag | None:
    """The flag of a customer with an unresolved serious or urgent complaint; None without."""
    visible_customer(actor, customer_id)
    rows = list(
        Complaint.select(Complaint.subject, Complaint.received_at)
        .where(
            Complaint.customer == customer_id,
            Complaint.status.in_(OPEN_STATUSES),
            Complaint.severity.in_(SERIOUS),
            Complaint.deleted_at.is_null(),
        )
        .order_by(Complaint.received_at)
        .tuples()
    )
    if not rows:
        return None
    return ComplaintFlag(len(rows), rows[0][1], [s for s, _ in rows])


def open_count(actor: Actor, overdue_only: bool = False) -> int:
    """For badges: unresolved complaints the actor sees (past due only, if asked)."""
    return count_complaints(actor, ComplaintQuery(overdue_only=overdue_only))


def winback_note(actor: Actor, customer_id: int, limit: int = 3) -> Message | None:
    """A lost customer's complaints, newest first, for the win-back suggestion: what they
    complained about may be why they left. None without complaints."""
    rows = customer_complaints(actor, customer_id)
    if not rows:
        return None
    from crm_desktop.services.complaints.labels import STATUS_LABELS, text

    items = [
        msg(
            "complaints.winback_item",
            subject=r.subject,
            status=text(STATUS_LABELS, r.status),
            score=msg("complaints.winback_score", score=r.satisfaction) if r.satisfaction else "",
        )
        for r in rows[:limit]
    ]
    return msg("complaints.winback_note", count=len(rows), items=items)
