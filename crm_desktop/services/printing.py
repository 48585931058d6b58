"""Printing customers: the basic-information form and the full profile card, as PDF.

This service gathers the plain data the PDF builders need (the card, its contacts,
follow-ups, credit history and monthly sales), checks that the actor may see every
customer (salespeople: their own only), runs the builder and leaves an AuditEvent
("print") — 专人负责: who took customer data out of the system, and when.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import peewee as pw

from crm_desktop.errors import NotFound, PermissionDenied, UserError
from crm_desktop.i18n import current_language
from crm_desktop.models import (
    Contact,
    CreditRequest,
    Customer,
    FollowUp,
    Sale,
    User,
    transaction,
)
from crm_desktop.reports.pdf_card import (
    CardData,
    ContactData,
    CreditData,
    FollowUpData,
    MonthSales,
    build_cards,
)
from crm_desktop.reports.pdf_common import CancelCheck, Progress, check_writable
from crm_desktop.reports.pdf_form import FormData, FormHeader, FormResult, build_forms
from crm_desktop.services.auth import Actor
from crm_desktop.services.customers import audit
from crm_desktop.services.fields import CONTACT_FIELDS, CUSTOMER_FIELDS
from crm_desktop.services.settings import get_setting

KINDS = ("form", "card")
CHUNK = 200  # customers read per query: bounded memory for a batch of thousands
FOLLOWUPS_ON_CARD = 10


@dataclass(frozen=True)
class PrintResult:
    path: Path
    kind: str
    pages: int
    customers: int
    warning: str = ""
    form: FormResult | None = None


def _user_names(ids: set[int]) -> dict[int, str]:
    ids = {i for i in ids if i}
    if not ids:
        return {}
    return {
        u.id: u.display_name or u.username
        for u in User.select(User.id, User.display_name, User.username).where(User.id.in_(ids))
    }


def resolve_codes(actor: Actor, codes: Sequence[str]) -> list[int]:
    """Customer ids for codes, in the order given; unknown codes are all named at once."""
    wanted = [c.strip() for c in codes if c and c.strip()]
    if not wanted:
        raise UserError("Name at least one customer code.")
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
    if missing:
        raise NotFound(
            "Unknown customer code" + ("s" if len(missing) > 1 else "") + ": " + ", ".join(missing)
        )
    if not actor.sees_all_customers:
        others = [c for c in wanted if found[c][1] != actor.id]
        if others:
            raise PermissionDenied(
                "Not allowed: " + ", ".join(others) + " belong to another salesperson."
            )
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
    if missing:
        raise NotFound("Customers do not exist or were deleted: " + ", ".join(missing))
    if not actor.sees_all_customers:
        others = [seen[i][0] for i in unique if seen[i][1] != actor.id]
        if others:
            raise PermissionDenied(
                "Not allowed: " + ", ".join(others) + " belong to another salesperson."
            )


def check_printable(actor: Actor, ids: Sequence[int], kind: str = "form") -> list[str]:
    """Refuse at once (UserError) what `print_customers` would refuse; returns the codes."""
    if kind not in KINDS:
        raise UserError(f"Unknown print kind '{kind}': choose form or card.")
    if not ids:
        raise UserError("Choose at least one customer to print.")
    _check_ids(actor, ids)
    return _codes(ids)


def _customers(ids: Sequence[int]) -> Iterator[Customer]:
    """The customers in the order of `ids`, read a chunk at a time."""
    for i in range(0, len(ids), CHUNK):
        part = list(ids[i : i + CHUNK])
        rows = {c.id: c for c in Customer.select().where(Customer.id.in_(part))}
        yield from (rows[cid] for cid in part if cid in rows)


def _form_data(customer: Customer, names: dict[int, str]) -> FormData:
    values = {}
    for spec in CUSTOMER_FIELDS:
        if spec.kind == "user":
            values[spec.name] = names.get(customer.owner_id or 0, "")
        else:
            values[spec.name] = getattr(customer, spec.name)
    return FormData(
        values=values,
        credit_approved_by=names.get(customer.credit_approved_by_id or 0, ""),
        credit_approved_at=customer.credit_approved_at,
    )


def iter_form_data(ids: Sequence[int]) -> Iterator[FormData]:
    """FormData for each id (access already checked), a chunk of customers at a time."""
    for i in range(0, len(ids), CHUNK):
        chunk = list(_customers(ids[i : i + CHUNK]))
        names = _user_names(
            {c.owner_id for c in chunk if c.owner_id}
            | {c.credit_approved_by_id for c in chunk if c.credit_approved_by_id}
        )
        for customer in chunk:
            yield _form_data(customer, names)


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


def _card_data(customer: Customer, names: dict[int, str], today: date) -> CardData:
    form = _form_data(customer, names)
    contacts = [
        ContactData({spec.name: getattr(c, spec.name) for spec in CONTACT_FIELDS})
        for c in Contact.select()
        .where(Contact.customer == customer.id, Contact.deleted_at.is_null())
        .order_by(Contact.is_primary.desc(), Contact.name)
    ]
    contact_names = {
        c.id: c.name
        for c in Contact.select(Contact.id, Contact.name).where(Contact.customer == customer.id)
    }
    follow_rows = list(
        FollowUp.select()
        .where(FollowUp.customer == customer.id, FollowUp.deleted_at.is_null())
        .order_by(
            pw.Case(None, [(FollowUp.status == "done", 0)], 1),
            pw.fn.COALESCE(FollowUp.done_at, FollowUp.due_at).desc(),
        )
        .limit(FOLLOWUPS_ON_CARD)
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
    )
    followups = [
        FollowUpData(
            due_at=f.due_at,
            done_at=f.done_at,
            kind=f.kind,
            status=f.status,
            subject=f.subject,
            outcome=f.outcome,
            contact=contact_names.get(f.contact_id or 0, ""),
            owner=extra.get(f.owner_id or 0, ""),
        )
        for f in follow_rows
    ]
    credits = [
        CreditData(
            requested_at=r.requested_at,
            requested_by=extra.get(r.requested_by_id or 0, ""),
            proposed_limit=r.proposed_limit,
            proposed_days=r.proposed_days,
            proposed_terms=r.proposed_terms,
            proposed_rating=r.proposed_rating,
            previous_limit=r.previous_limit,
            status=r.status,
            decided_by=extra.get(r.decided_by_id or 0, ""),
            decided_at=r.decided_at,
            approved_limit=r.approved_limit,
            reason=r.reason,
            comment=r.comment,
        )
        for r in credit_rows
    ]
    months = _months_back(today, 12)
    # By customer, then filtered here: a date condition would lead SQLite to scan a whole
    # year of everyone's sales through the (date, customer, amount) index.
    totals: dict[str, tuple[Decimal, int]] = defaultdict(lambda: (Decimal(0), 0))
    since = months[0].isoformat()
    for day, amount in (
        Sale.select(Sale.date, Sale.amount)
        .where(Sale.customer == customer.id, Sale.deleted_at.is_null())
        .tuples()
    ):
        key = str(day)[:10]
        if key >= since:
            total, lines = totals[key[:7]]
            totals[key[:7]] = (total + (amount or 0), lines + 1)
    sales = [
        MonthSales(
            month=m,
            amount=totals[m.isoformat()[:7]][0],
            lines=totals[m.isoformat()[:7]][1],
        )
        for m in months
    ]
    return CardData(
        form=form,
        owner=names.get(customer.owner_id or 0, ""),
        contacts=contacts,
        followups=followups,
        credits=credits,
        sales=sales,
    )


def iter_card_data(ids: Sequence[int], today: date | None = None) -> Iterator[CardData]:
    today = today or date.today()
    for i in range(0, len(ids), CHUNK):
        chunk = list(_customers(ids[i : i + CHUNK]))
        names = _user_names(
            {c.owner_id for c in chunk if c.owner_id}
            | {c.credit_approved_by_id for c in chunk if c.credit_approved_by_id}
        )
        for customer in chunk:
            yield _card_data(customer, names, today)


def print_customers(
    actor: Actor,
    out_path: str | os.PathLike,
    *,
    ids: Sequence[int] | None = None,
    codes: Sequence[str] | None = None,
    kind: str = "form",
    lang: str | None = None,
    progress: Progress | None = None,
    cancel: CancelCheck | None = None,
    today: date | None = None,
) -> PrintResult:
    """Print the form (one page each) or the profile card of customers to a PDF file.

    Checks everything before writing: unknown codes, customers the actor may not see
    and an unwritable output path fail with a plain message and no file.
    """
    if kind not in KINDS:
        raise UserError(f"Unknown print kind '{kind}': choose form or card.")
    if codes is not None:
        ids = resolve_codes(actor, codes)
    else:
        ids = list(ids or [])
        if not ids:
            raise UserError("Choose at least one customer to print.")
        _check_ids(actor, ids)
    check_writable(out_path)
    lang = lang or current_language()
    header = FormHeader(
        company_name=str(get_setting("company_name") or ""),
        print_date=today or date.today(),
        lang=lang,
    )
    form_result = None
    if kind == "form":
        form_result = build_forms(
            iter_form_data(ids),
            header,
            out_path,
            total=len(ids),
            progress=progress,
            cancel=cancel,
        )
        pages, warning = form_result.pages, form_result.warning
    else:
        card = build_cards(
            iter_card_data(ids, header.print_date),
            header,
            out_path,
            total=len(ids),
            progress=progress,
            cancel=cancel,
        )
        pages, warning = card.pages, card.warning
    codes_printed = _codes(ids)
    with transaction():
        audit(
            actor,
            "print",
            entity="customer",
            entity_id=ids[0] if len(ids) == 1 else None,
            count=len(ids),
            detail=f"{kind} -> {Path(out_path).name}: "
            + ", ".join(codes_printed[:50])
            + (" …" if len(codes_printed) > 50 else ""),
        )
    return PrintResult(Path(out_path), kind, pages, len(ids), warning, form_result)


def _codes(ids: Sequence[int]) -> list[str]:
    by_id: dict[int, str] = {}
    for i in range(0, len(ids), 500):
        part = list(ids[i : i + 500])
        by_id.update(
            Customer.select(Customer.id, Customer.code).where(Customer.id.in_(part)).tuples()
        )
    return [by_id[i] for i in ids if i in by_id]


def default_file_name(kind: str, codes: Sequence[str], when: datetime | None = None) -> str:
    """A file name for a print run: form-C000001.pdf, card-3-customers-20261122.pdf."""
    stamp = (when or datetime.now()).strftime("%Y%m%d")
    if len(codes) == 1:
        return f"{kind}-{codes[0]}.pdf"
    return f"{kind}-{len(codes)}-customers-{stamp}.pdf"


__all__ = [
    "KINDS",
    "PrintResult",
    "check_printable",
    "default_file_name",
    "iter_card_data",
    "iter_form_data",
    "print_customers",
    "resolve_codes",
]
