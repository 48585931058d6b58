"""The Sales page's ledger: sales and payment lines filtered as a manager asks, their
totals, and voiding a line with a reason.

A voided line is kept (who voided it, when and why, in the line and the ChangeLog) and
is also marked deleted, so every rule that counts live lines (balances, aging, credit,
reports) leaves it out without knowing about voiding.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import peewee as pw

from crm_desktop.errors import Conflict, NotFound, ValidationError
from crm_desktop.messages import Text, msg
from crm_desktop.models import Customer, Payment, Sale, database, from_minor, transaction, utcnow
from crm_desktop.services import changelog
from crm_desktop.services.auth import Actor
from crm_desktop.services.receivables import load_customer
from crm_desktop.services.sales import (
    MANAGER_ROLES,
    PaymentLine,
    SaleLine,
    _date,
    _money,
    _payment_lines,
    _sale_lines,
    clean_sale_line,
)

# the ways money is received, in the order the payment form offers them: code, label
PAYMENT_METHODS = {
    "transfer": "sales_page.method_transfer",
    "cash": "sales_page.method_cash",
    "cheque": "sales_page.method_cheque",
    "acceptance": "sales_page.method_acceptance",
    "other": "sales_page.method_other",
}
_METHOD_ALIASES = {"check": "cheque"}  # what older demo databases wrote
REASON_LABEL = Text("作废原因", "Reason for voiding")
CORRECTION_LABEL = Text("更正原因", "Reason for the correction")


def method_label(code: str) -> Text:
    """银行转账 / Bank transfer: a payment method as a user reads it, never its code."""
    code = _METHOD_ALIASES.get(code, code)
    if code not in PAYMENT_METHODS:
        return Text(code, code)
    message = msg(PAYMENT_METHODS[code])
    return Text(message.render("zh"), message.render("en"))


@dataclass(frozen=True)
class LedgerFilter:
    """What the manager narrowed the ledger to; None means any.

    Payments have no product and no salesperson of their own: the salesperson filter
    keeps the payments of that salesperson's customers, the product filter none of them
    is about, so it leaves payments as the other filters give them.
    """

    date_from: date | None = None
    date_to: date | None = None
    customer_id: int | None = None
    salesperson_id: int | None = None
    product_id: int | None = None
    include_voided: bool = False


@dataclass(frozen=True)
class LedgerTotals:
    """Sums of the filtered live lines (voided lines never count)."""

    sale_lines: int
    quantity: Decimal
    amount: Decimal
    payment_lines: int
    payments: Decimal


def can_void(actor: Actor) -> bool:
    """The general manager and sales managers void lines; a salesperson asks one of them."""
    return actor.role in MANAGER_ROLES


def _visible(query: pw.ModelSelect, actor: Actor) -> pw.ModelSelect:
    if actor.sees_all_customers:
        return query
    return query.where(Customer.owner == actor.id)


def _shown(model, include_voided: bool) -> pw.Expression:
    live = model.deleted_at.is_null()
    return (live | model.voided_at.is_null(False)) if include_voided else live


def _sales_query(actor: Actor, flt: LedgerFilter, *, live_only: bool) -> pw.ModelSelect:
    query = Sale.select().join(Customer, on=(Sale.customer == Customer.id))
    query = query.where(_shown(Sale, flt.include_voided and not live_only))
    if flt.date_from:
        query = query.where(Sale.date >= flt.date_from)
    if flt.date_to:
        query = query.where(Sale.date <= flt.date_to)
    if flt.customer_id is not None:
        query = query.where(Sale.customer == flt.customer_id)
    if flt.salesperson_id is not None:
        query = query.where(Sale.salesperson == flt.salesperson_id)
    if flt.product_id is not None:
        query = query.where(Sale.product == flt.product_id)
    return _visible(query, actor)


def _payments_query(actor: Actor, flt: LedgerFilter, *, live_only: bool) -> pw.ModelSelect:
    query = Payment.select().join(Customer, on=(Payment.customer == Customer.id))
    query = query.where(_shown(Payment, flt.include_voided and not live_only))
    if flt.date_from:
        query = query.where(Payment.date >= flt.date_from)
    if flt.date_to:
        query = query.where(Payment.date <= flt.date_to)
    if flt.customer_id is not None:
        query = query.where(Payment.customer == flt.customer_id)
    if flt.salesperson_id is not None:
        query = query.where(Customer.owner == flt.salesperson_id)
    return _visible(query, actor)


def _ids(query: pw.ModelSelect, model, limit: int | None) -> list[int]:
    query = query.select(model.id).order_by(model.date.desc(), model.id.desc())
    if limit is not None:
        query = query.limit(limit)
    return [row[0] for row in database.execute(query)]


def sales_lines(actor: Actor, flt: LedgerFilter, limit: int | None = 2000) -> list[SaleLine]:
    """The filtered sales lines the actor may see, newest first (at most `limit`)."""
    ids = _ids(_sales_query(actor, flt, live_only=False), Sale, limit)
    if not ids:
        return []
    lines = {line.id: line for line in _lines_by_id(_sale_lines, Sale, ids)}
    return [lines[i] for i in ids]


def payment_lines(actor: Actor, flt: LedgerFilter, limit: int | None = 2000) -> list[PaymentLine]:
    """The filtered payments the actor may see, newest first (at most `limit`)."""
    ids = _ids(_payments_query(actor, flt, live_only=False), Payment, limit)
    if not ids:
        return []
    lines = {line.id: line for line in _lines_by_id(_payment_lines, Payment, ids)}
    return [lines[i] for i in ids]


def _lines_by_id(read, model, ids: list[int]) -> list:
    out = []
    for i in range(0, len(ids), 500):  # below every database's parameter limit
        out += read(model.select().where(model.id.in_(ids[i : i + 500])))
    return out


def ledger_totals(actor: Actor, flt: LedgerFilter) -> LedgerTotals:
    """Count, quantity and amount of the filtered sales, count and sum of the payments:
    every matching live line, not only those listed."""
    sales = _sales_query(actor, flt, live_only=True).select(
        pw.fn.COUNT(Sale.id), pw.fn.SUM(Sale.quantity), pw.fn.SUM(Sale.amount)
    )
    count, quantity, amount = database.execute(sales).fetchone()
    paid = _payments_query(actor, flt, live_only=True).select(
        pw.fn.COUNT(Payment.id), pw.fn.SUM(Payment.amount)
    )
    paid_count, paid_sum = database.execute(paid).fetchone()
    return LedgerTotals(
        int(count or 0),
        Decimal(str(quantity or 0)).quantize(Decimal("0.001")).normalize(),
        from_minor(int(amount or 0)),
        int(paid_count or 0),
        from_minor(int(paid_sum or 0)),
    )


def correct_sale(
    actor: Actor,
    sale_id: int,
    reason: str,
    *,
    quantity: object | None = None,
    unit_price: object | None = None,
    sale_date: object | None = None,
) -> SaleLine:
    """Correct a live sales line in place (managers): the amount follows, each changed
    field and the reason go to the ChangeLog, the balance and aging follow at once."""
    kind = msg("sales_page.kind_sale")
    line, why = _live_line(actor, Sale, kind, sale_id, reason, CORRECTION_LABEL)
    old_price = from_minor(int(Sale.unit_price.db_value(line.unit_price)))
    qty, price, amount = clean_sale_line(
        line.quantity if quantity is None else quantity,
        old_price if unit_price is None else unit_price,
    )
    old = {"quantity": line.quantity, "unit_price": old_price, "amount": line.amount}
    new: dict[str, object] = {"quantity": qty, "unit_price": price, "amount": amount}
    if sale_date is not None:
        old["date"], new["date"] = line.date, _date(sale_date)
    _write_correction(actor, Sale, "sale", line, old, new, why)
    return _sale_lines(Sale.select().where(Sale.id == sale_id))[0]


def correct_payment(
    actor: Actor,
    payment_id: int,
    reason: str,
    *,
    amount: object | None = None,
    payment_date: object | None = None,
    method: str | None = None,
) -> PaymentLine:
    """Correct a live payment in place (managers), with the reason in the ChangeLog."""
    kind = msg("sales_page.kind_payment")
    line, why = _live_line(actor, Payment, kind, payment_id, reason, CORRECTION_LABEL)
    old: dict[str, object] = {}
    new: dict[str, object] = {}
    if amount is not None:
        old["amount"], new["amount"] = line.amount, _money(amount, "amount", positive=True)
    if payment_date is not None:
        old["date"], new["date"] = line.date, _date(payment_date)
    if method is not None:
        code = _METHOD_ALIASES.get(method, method)
        old["method"], new["method"] = line.method, code if code in PAYMENT_METHODS else "other"
    _write_correction(actor, Payment, "payment", line, old, new, why)
    return _payment_lines(Payment.select().where(Payment.id == payment_id))[0]


def void_sale(actor: Actor, sale_id: int, reason: str) -> SaleLine:
    """Void a sales line: kept and shown as voided, out of balances, aging and totals."""
    _void(actor, Sale, "sale", msg("sales_page.kind_sale"), sale_id, reason)
    return _sale_lines(Sale.select().where(Sale.id == sale_id))[0]


def void_payment(actor: Actor, payment_id: int, reason: str) -> PaymentLine:
    """Void a payment: kept and shown as voided, so the customer owes that money again."""
    _void(actor, Payment, "payment", msg("sales_page.kind_payment"), payment_id, reason)
    return _payment_lines(Payment.select().where(Payment.id == payment_id))[0]


def _reason(reason: str, label: Text) -> str:
    why = " ".join(str(reason or "").split())[:200]
    if not why:
        problem = msg("sales_page.reason_required")
        raise ValidationError({"reason": msg("validation.field", label=label, problem=problem)})
    return why


def _live_line(actor: Actor, model, kind, line_id: int, reason: str, label: Text):
    """(the live line, the cleaned reason), or the refusal: role, reason, no such line,
    a customer the actor may not see, a line voided already."""
    if not can_void(actor):
        raise actor.denied("sales_page.action_void")
    why = _reason(reason, label)
    line = model.get_or_none(model.id == line_id)
    if line is None or (line.deleted_at is not None and line.voided_at is None):
        raise NotFound("sales_page.no_line", kind=kind, id=line_id)
    load_customer(actor, line.customer_id, include_deleted=True)
    if line.voided_at is not None:
        raise Conflict("sales_page.already_voided", kind=kind, at=str(line.voided_at)[:16])
    return line, why


def _write_correction(
    actor: Actor, model, entity: str, line, old: dict, new: dict, why: str
) -> None:
    if not new:
        return
    with transaction():
        updated = (
            model.update(**new, updated_at=utcnow(), version=model.version + 1)
            .where(model.id == line.id, model.version == line.version, model.deleted_at.is_null())
            .execute()
        )
        if not updated:
            raise Conflict("sales_page.changed_meanwhile")
        if changelog.record_changes(entity, line.id, old, new, actor):
            changelog.record_event(entity, line.id, "corrected", actor, new_value=why)


def _void(actor: Actor, model, entity: str, kind, line_id: int, reason: str) -> None:
    line, why = _live_line(actor, model, kind, line_id, reason, REASON_LABEL)
    now = utcnow()
    with transaction():
        changed = (
            model.update(
                voided_at=now,
                voided_by=actor.id,
                void_reason=why,
                deleted_at=now,
                updated_at=now,
                version=model.version + 1,
            )
            .where(model.id == line_id, model.voided_at.is_null(), model.deleted_at.is_null())
            .execute()
        )
        if not changed:
            raise Conflict("sales_page.changed_meanwhile")
        amount = str(from_minor(int(model.amount.db_value(line.amount))))
        changelog.record_event(entity, line_id, "voided", actor, new_value=why, old_value=amount)
