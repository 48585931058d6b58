"""What printing a customer needs from the database: checks and plain facts.

The print job (crm_desktop/jobs/printing.py) asks this service which customers a code
names, whether the actor may see them all (salespeople: their own only), and for the
plain facts of each card (values, contacts, follow-ups with the planned ones first,
credit history, receivables with their aging, complaints, monthly sales), a chunk of
customers at a time; the report builders turn the facts into PDF pages. This
module knows nothing of PDFs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import peewee as pw

from crm_desktop.errors import NotFound, UserError
from crm_desktop.messages import render
from crm_desktop.models import (
    Complaint,
    Contact,
    CreditRequest,
    Customer,
    FollowUp,
    Sale,
    User,
    from_minor,
)
from crm_desktop.services import receivables
from crm_desktop.services.auth import Actor, NotVisible
from crm_desktop.services.custom_fields import printing as custom_printing
from crm_desktop.services.fields import CONTACT_FIELDS, CUSTOMER_FIELDS

KINDS = ("form", "card")
CHUNK = 200  # customers read per query: bounded memory for a batch of thousands
FOLLOWUPS_ON_CARD = 12  # the planned ones (up to PLANNED_ON_CARD) first, then the latest done
PLANNED_ON_CARD = 20
COMPLAINTS_ON_CARD = 20
# kind -> the catalogue's file names for one customer and for several
FILE_NAMES = {
    "form": ("printing.file_form_one", "printing.file_form_many"),
    "card": ("printing.file_card_one", "printing.file_card_many"),
}


@dataclass(frozen=True)
class FormFacts:
    """One customer's values for the 客户基本资料表, keyed by the field catalogue's names."""

    values: dict[str, Any]
    credit_approved_by: str = ""
    credit_approved_at: datetime | None = None


@dataclass(frozen=True)
class CardFacts:
    """Everything the 客户资料卡 shows of one customer, as plain values.

    `followups` and `credits` are dicts keyed like the card's rows (due_at, kind, …;
    requested_at, proposed_limit, …); `sales` is (first day of month, amount, lines) for
    the last 12 months, oldest first."""

    form: FormFacts
    owner: str
    contacts: list[dict[str, Any]] = field(default_factory=list)
    followups: list[dict[str, Any]] = field(default_factory=list)
    credits: list[dict[str, Any]] = field(default_factory=list)
    sales: list[tuple[date, Decimal, int]] = field(default_factory=list)
    followups_total: int = 0  # all follow-ups of the customer; `followups` may be fewer
    receivable: ReceivableFacts | None = None
    complaints: list[dict[str, Any]] = field(default_factory=list)
    complaints_total: int = 0
    # custom fields by group (custom_printing.print_facts): printed in their group
    custom: dict[str, list] = field(default_factory=dict)


@dataclass(frozen=True)
class ReceivableFacts:
    """What the customer owes: balance, its share of the credit limit, and its aging
    (amounts by receivables.AGING_BUCKETS, the newest sales open first as on the Credit page)."""

    balance: Decimal
    credit_limit: Decimal | None
    share: float | None  # balance ÷ limit; None without a (non-zero) limit
    buckets: dict[str, Decimal]


def _user_names(ids: set[int]) -> dict[int, str]:
    ids = {i for i in ids if i}
    if not ids:
        return {}
    return {
        u.id: u.display_name or u.username
        for u in User.select(User.id, User.display_name, User.username).where(User.id.in_(ids))
    }


def check_kind(kind: str) -> str:
    """`kind` when it is a printout this program makes (form or card)."""
    if kind not in KINDS:
        raise UserError("printing.unknown_kind", kind=kind)
    return kind


def resolve_codes(actor: Actor, codes: Sequence[str]) -> list[int]:
    """Customer ids for codes, in the order given; unknown codes are all named at once."""
    wanted = [c.strip() for c in codes if c and c.strip()]
    if not wanted:
        raise UserError("printing.no_codes")
    found: dict[str, tuple[int, int | None]] = {}
    for i in range(0, len(wanted), 500):
        part = wanted[i : i + 500]
        for cid, code, owner in (
            Customer.select(Customer.id, Customer.code, Customer.owner)
            .where(Customer.code.in_(part), Customer.deleted_at.is_null())
            .tuples()
        ):
            found[code] = (cid, owner)
    missing = [c for c in wanted if c not in found]
    if not actor.sees_all_customers:
        # another salesperson's codes are told as unknown: codes do not leak
        hidden = {c for c in wanted if c in found and found[c][1] != actor.id}
        if hidden:
            unknown = [c for c in wanted if c in hidden or c not in found]
            raise NotVisible("printing.unknown_codes", codes=unknown)
    if missing:
        raise NotFound("printing.unknown_codes", codes=missing)
    return [found[c][0] for c in wanted]


def _check_ids(actor: Actor, ids: Sequence[int]) -> None:
    """Every id exists, is not deleted, and is visible to the actor."""
    seen: dict[int, tuple[str, int | None, object]] = {}
    unique = list(dict.fromkeys(ids))
    for i in range(0, len(unique), 500):
        part = unique[i : i + 500]
        for cid, code, owner, deleted in (
            Customer.select(Customer.id, Customer.code, Customer.owner, Customer.deleted_at)
            .where(Customer.id.in_(part))
            .tuples()
        ):
            seen[cid] = (code, owner, deleted)
    missing = [str(i) for i in unique if i not in seen or seen[i][2] is not None]
    if not actor.sees_all_customers:
        hidden = [str(i) for i in unique if i in seen and seen[i][1] != actor.id]
        if hidden:
            raise NotVisible("printing.missing_ids", ids=sorted({*missing, *hidden}, key=int))
    if missing:
        raise NotFound("printing.missing_ids", ids=missing)


def printable_ids(
    actor: Actor, *, ids: Sequence[int] | None = None, codes: Sequence[str] | None = None
) -> list[int]:
    """The customers to print, by codes or by ids, all checked before anything is written."""
    if codes is not None:
        return resolve_codes(actor, codes)
    wanted = list(ids or [])
    if not wanted:
        raise UserError("printing.none_chosen")
    _check_ids(actor, wanted)
    return wanted


def check_printable(actor: Actor, ids: Sequence[int], kind: str = "form") -> list[str]:
    """Refuse at once (UserError) what the print job would refuse; returns the codes."""
    check_kind(kind)
    printable_ids(actor, ids=ids)
    return customer_codes(ids)


def _customers(ids: Sequence[int]) -> Iterator[Customer]:
    """The customers in the order of `ids`, read a chunk at a time."""
    for i in range(0, len(ids), CHUNK):
        part = list(ids[i : i + CHUNK])
        rows = {c.id: c for c in Customer.select().where(Customer.id.in_(part))}
        yield from (rows[cid] for cid in part if cid in rows)


def _form_facts(customer: Customer, names: dict[int, str]) -> FormFacts:
    values = {}
    for spec in CUSTOMER_FIELDS:
        if spec.kind == "user":
            values[spec.name] = names.get(customer.owner_id or 0, "")
        else:
            values[spec.name] = getattr(customer, spec.name)
    return FormFacts(
        values=values,
        credit_approved_by=names.get(customer.credit_approved_by_id or 0, ""),
        credit_approved_at=customer.credit_approved_at,
    )


def _chunk_names(chunk: list[Customer]) -> dict[int, str]:
    return _user_names(
        {c.owner_id for c in chunk if c.owner_id}
        | {c.credit_approved_by_id for c in chunk if c.credit_approved_by_id}
    )


def iter_form_facts(ids: Sequence[int]) -> Iterator[FormFacts]:
    """FormFacts for each id (access already checked), a chunk of customers at a time."""
    for i in range(0, len(ids), CHUNK):
        chunk = list(_customers(ids[i : i + CHUNK]))
        names = _chunk_names(chunk)
        for customer in chunk:
            yield _form_facts(customer, names)


def _months_back(today: date, n: int) -> list[date]:
    """The first day of the last `n` months, oldest first, ending with this month."""
    out = []
    y, m = today.year, today.month
    for _ in range(n):
        out.append(date(y, m, 1))
        m -= 1
        if m == 0:
            y, m = y - 1, 12
    return out[::-1]


def _card_facts(customer: Customer, names: dict[int, str], today: date) -> CardFacts:
    form = _form_facts(customer, names)
    contacts = [
        {spec.name: getattr(c, spec.name) for spec in CONTACT_FIELDS}
        for c in Contact.select()
        .where(Contact.customer == customer.id, Contact.deleted_at.is_null())
        .order_by(Contact.is_primary.desc(), Contact.name)
    ]
    contact_names = {
        c.id: c.name
        for c in Contact.select(Contact.id, Contact.name).where(Contact.customer == customer.id)
    }
    live = (FollowUp.customer == customer.id) & FollowUp.deleted_at.is_null()
    planned = list(
        FollowUp.select()
        .where(live, FollowUp.status == "planned")
        .order_by(FollowUp.due_at, FollowUp.id)
        .limit(PLANNED_ON_CARD)
    )
    others = list(
        FollowUp.select()
        .where(live, FollowUp.status != "planned")
        .order_by(pw.fn.COALESCE(FollowUp.done_at, FollowUp.due_at).desc(), FollowUp.id.desc())
        .limit(max(0, FOLLOWUPS_ON_CARD - len(planned)))
    )
    follow_rows = planned + others
    followups_total = FollowUp.select().where(live).count()
    complaint_rows = list(
        Complaint.select()
        .where(Complaint.customer == customer.id, Complaint.deleted_at.is_null())
        .order_by(pw.Case(None, [(Complaint.status == "open", 0)], 1), Complaint.received_at.desc())
        .limit(COMPLAINTS_ON_CARD)
    )
    complaints_total = (
        Complaint.select()
        .where(Complaint.customer == customer.id, Complaint.deleted_at.is_null())
        .count()
        if len(complaint_rows) == COMPLAINTS_ON_CARD
        else len(complaint_rows)
    )
    credit_rows = list(
        CreditRequest.select()
        .where(CreditRequest.customer == customer.id, CreditRequest.deleted_at.is_null())
        .order_by(CreditRequest.requested_at.desc())
    )
    extra = _user_names(
        {f.owner_id for f in follow_rows if f.owner_id}
        | {r.requested_by_id for r in credit_rows if r.requested_by_id}
        | {r.decided_by_id for r in credit_rows if r.decided_by_id}
        | {c.handled_by_id for c in complaint_rows if c.handled_by_id}
    )
    followups = [
        {
            "due_at": f.due_at,
            "done_at": f.done_at,
            "kind": f.kind,
            "status": f.status,
            "subject": f.subject,
            "outcome": f.outcome,
            "contact": contact_names.get(f.contact_id or 0, ""),
            "owner": extra.get(f.owner_id or 0, ""),
        }
        for f in follow_rows
    ]
    credits = [
        {
            "requested_at": r.requested_at,
            "requested_by": extra.get(r.requested_by_id or 0, ""),
            "proposed_limit": r.proposed_limit,
            "proposed_days": r.proposed_days,
            "proposed_terms": r.proposed_terms,
            "proposed_rating": r.proposed_rating,
            "previous_limit": r.previous_limit,
            "status": r.status,
            "decided_by": extra.get(r.decided_by_id or 0, ""),
            "decided_at": r.decided_at,
            "approved_limit": r.approved_limit,
            "reason": r.reason,
            "comment": r.comment,
        }
        for r in credit_rows
    ]
    complaints = [
        {
            "received_at": c.received_at,
            "subject": c.subject,
            "description": c.description,
            "severity": c.severity,
            "status": c.status,
            "handled_by": extra.get(c.handled_by_id or 0, ""),
            "resolved_at": c.resolved_at,
            "resolution": c.resolution,
            "contact": contact_names.get(c.contact_id or 0, ""),
        }
        for c in complaint_rows
    ]
    months = _months_back(today, 12)
    # By customer, then filtered here: a date condition would lead SQLite to scan a whole
    # year of everyone's sales through the (date, customer, amount) index.
    totals: dict[str, tuple[Decimal, int]] = defaultdict(lambda: (Decimal(0), 0))
    since = months[0].isoformat()
    lines: list[tuple[str, Decimal]] = []
    for day, amount in (
        Sale.select(Sale.date, Sale.amount)
        .where(Sale.customer == customer.id, Sale.deleted_at.is_null())
        .tuples()
    ):
        key = str(day)[:10]
        lines.append((key, Decimal(amount or 0)))
        if key >= since:
            total, count = totals[key[:7]]
            totals[key[:7]] = (total + (amount or 0), count + 1)
    sales = [(m, *totals[m.isoformat()[:7]]) for m in months]
    return CardFacts(
        form=form,
        owner=names.get(customer.owner_id or 0, ""),
        contacts=contacts,
        followups=followups,
        credits=credits,
        sales=sales,
        followups_total=followups_total,
        receivable=_receivable(customer, lines, today),
        complaints=complaints,
        complaints_total=complaints_total,
        custom=custom_printing.print_facts(customer.id),
    )


def _receivable(
    customer: Customer, lines: list[tuple[str, Decimal]], today: date
) -> ReceivableFacts:
    """The balance and its aging: payments settle the oldest sales first, so the newest
    sales adding up to the balance are open, each aged from its due date (its date plus
    the collection period); what they do not cover is over 90 days past due."""
    balance = from_minor(receivables.balance_minor(customer.id)) or Decimal(0)
    buckets = dict.fromkeys(receivables.AGING_BUCKETS, Decimal(0))
    left = balance
    grace = customer.collection_days or 0
    for day, amount in sorted(lines, reverse=True):
        if left <= 0:
            break
        if amount <= 0:
            continue
        take = min(amount, left)
        past_due = (today - date.fromisoformat(day)).days - grace
        buckets[receivables.AGING_BUCKETS[receivables.aging_bucket(past_due)]] += take
        left -= take
    if left > 0:
        buckets[receivables.AGING_BUCKETS[-1]] += left
    limit = customer.credit_limit
    share = float(balance / limit) if limit else None
    return ReceivableFacts(balance, limit, share, buckets)


def iter_card_facts(ids: Sequence[int], today: date | None = None) -> Iterator[CardFacts]:
    """CardFacts for each id (access already checked), a chunk of customers at a time."""
    today = today or date.today()
    for i in range(0, len(ids), CHUNK):
        chunk = list(_customers(ids[i : i + CHUNK]))
        names = _chunk_names(chunk)
        for customer in chunk:
            yield _card_facts(customer, names, today)


def customer_codes(ids: Sequence[int]) -> list[str]:
    """The codes of `ids`, in their order."""
    by_id: dict[int, str] = {}
    for i in range(0, len(ids), 500):
        part = list(ids[i : i + 500])
        by_id.update(
            Customer.select(Customer.id, Customer.code).where(Customer.id.in_(part)).tuples()
        )
    return [by_id[i] for i in ids if i in by_id]


def default_file_name(
    kind: str, codes: Sequence[str], when: datetime | None = None, lang: str | None = None
) -> str:
    """A file name for a print run in the user's language: 客户基本资料表-C000001.pdf,
    客户资料卡-3位客户-20261122.pdf (form-C000001.pdf, card-3-customers-20261122.pdf)."""
    stamp = (when or datetime.now()).strftime("%Y%m%d")
    one, many = FILE_NAMES[check_kind(kind)]
    if len(codes) == 1:
        return render(one, {"code": codes[0]}, lang)
    return render(many, {"n": len(codes), "stamp": stamp}, lang)


__all__ = [
    "KINDS",
    "CardFacts",
    "FormFacts",
    "ReceivableFacts",
    "check_kind",
    "check_printable",
    "customer_codes",
    "default_file_name",
    "iter_card_facts",
    "iter_form_facts",
    "printable_ids",
    "resolve_codes",
]
