"""Sales lines, payments and the product catalogue.

A sale that would take a customer's receivable balance over the approved credit
limit is refused with `OverCreditLimit` (nothing written) unless a manager confirms
it with `confirm_over_limit=True`. A customer with no limit set is not checked.
Balances, exposure and aging live in `crm_desktop.services.receivables`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

import peewee as pw

from crm_desktop.errors import Conflict, NotFound, UserError, ValidationError
from crm_desktop.messages import Message, Text, msg
from crm_desktop.models import (
    AuditEvent,
    Customer,
    Payment,
    Product,
    Sale,
    User,
    database,
    from_minor,
    to_minor,
    transaction,
    utcnow,
)
from crm_desktop.services import changelog
from crm_desktop.services.auth import Actor, NotVisible, resolve_user
from crm_desktop.services.receivables import balance_minor, load_customer
from crm_desktop.services.validation import labelled, parse_date, parse_decimal, parse_money

MANAGER_ROLES = frozenset({"gm", "sales_manager"})
MAX_QUANTITY = Decimal("100000000")
# the labels of the sales and payment forms' fields, for messages
LABELS: dict[str, Text] = {
    "code": Text("产品代号", "Code"),
    "name": Text("产品名称", "Name"),
    "category": Text("类别", "Category"),
    "unit": Text("单位", "Unit"),
    "price": Text("价格", "Price"),
    "unit_price": Text("单价", "Unit price"),
    "quantity": Text("数量", "Quantity"),
    "amount": Text("金额", "Amount"),
    "date": Text("日期", "Date"),
    "product": Text("产品", "Product"),
    "salesperson": Text("业务员", "Salesperson"),
}


class OverCreditLimit(UserError):
    """The sale would take the balance over the credit limit: a manager must confirm it."""

    def __init__(self, code: str, balance: Decimal, amount: Decimal, limit: Decimal) -> None:
        self.balance, self.amount, self.limit = balance, amount, limit
        self.new_balance = balance + amount
        super().__init__(
            "sales.over_limit",
            code=code,
            amount=amount,
            balance=balance,
            new_balance=self.new_balance,
            limit=limit,
        )


def can_confirm_over_limit(actor: Actor) -> bool:
    """Managers (general manager, sales manager) may let a sale go over the credit limit."""
    return actor.role in MANAGER_ROLES


def can_edit_catalogue(actor: Actor) -> bool:
    return actor.role in MANAGER_ROLES


@dataclass(frozen=True)
class ProductInfo:
    id: int
    code: str
    name: str
    category: str
    unit: str
    price: Decimal
    active: bool
    version: int


@dataclass(frozen=True)
class SaleLine:
    id: int
    customer_id: int
    customer_code: str
    customer_name: str
    date: date
    product_id: int | None
    product_code: str
    product_name: str
    quantity: Decimal
    unit_price: Decimal
    amount: Decimal
    salesperson: str
    note: str
    voided_at: datetime | None = None  # a voided line is kept, out of every total
    void_reason: str = ""


@dataclass(frozen=True)
class PaymentLine:
    id: int
    customer_id: int
    customer_code: str
    customer_name: str
    date: date
    amount: Decimal
    method: str
    reference: str
    recorded_by: str
    note: str
    voided_at: datetime | None = None
    void_reason: str = ""


@dataclass(frozen=True)
class SaleCheck:
    """What recording a sale would do to the customer's credit, before it is recorded."""

    amount: Decimal
    balance: Decimal
    new_balance: Decimal
    credit_limit: Decimal | None

    @property
    def over_limit(self) -> bool:
        return self.credit_limit is not None and self.new_balance > self.credit_limit


# --- parsing ----------------------------------------------------------------------------


def _problem(field: str, problem: Exception | Message) -> ValidationError:
    return ValidationError({field: labelled(LABELS[field], problem)})


def _money(value: object, field: str, *, positive: bool = False) -> Decimal:
    try:
        amount = parse_money(value)
    except ValueError as exc:
        raise _problem(field, exc) from None
    if amount is None:
        raise _problem(field, msg("validation.required"))
    if positive and amount <= 0:
        raise _problem(field, msg("validation.must_be_positive"))
    return amount


def _date(value: object, field: str = "date") -> date:
    try:
        parsed = parse_date(value)
    except ValueError as exc:
        raise ValidationError({field: labelled(LABELS["date"], exc)}) from None
    if parsed is None:
        raise ValidationError({field: labelled(LABELS["date"], msg("validation.required"))})
    return parsed


def _text(value: object, limit: int) -> str:
    return ("" if value is None else str(value)).strip()[:limit]


# --- product catalogue -------------------------------------------------------------------


def _product_info(p: Product) -> ProductInfo:
    return ProductInfo(p.id, p.code, p.name, p.category, p.unit, p.price, p.active, p.version)


def _clean_product(values: dict[str, object], *, partial: bool) -> dict[str, object]:
    errors: dict[str, Message] = {}
    clean: dict[str, object] = {}
    limits = {"code": 32, "name": 200, "category": 100, "unit": 20}
    for key, raw in values.items():
        if key in limits:
            text = _text(raw, 10_000)
            if len(text) > limits[key]:
                errors[key] = labelled(
                    LABELS[key],
                    msg("validation.too_long", length=str(len(text)), limit=limits[key]),
                )
            clean[key] = text
        elif key == "price":
            try:
                clean[key] = _money(raw, "price")
            except ValidationError as exc:
                errors.update(exc.problems)
        elif key == "active":
            clean[key] = bool(raw)
        else:
            errors[key] = msg("sales.unknown_product_field", name=key)
    for key in ("code", "name"):
        if (key in values or not partial) and not clean.get(key) and key not in errors:
            errors[key] = labelled(LABELS[key], msg("validation.required"))
    if errors:
        raise ValidationError(errors)
    return clean


def create_product(
    actor: Actor,
    code: str,
    name: str,
    category: str = "",
    unit: str = "",
    price: object = 0,
) -> ProductInfo:
    """A new catalogue entry (managers); the code must be unused."""
    if not can_edit_catalogue(actor):
        raise actor.denied("sales.action_edit_catalogue")
    clean = _clean_product(
        {"code": code, "name": name, "category": category, "unit": unit, "price": price},
        partial=False,
    )
    with transaction():
        if Product.select().where(Product.code == clean["code"]).exists():
            raise _problem("code", msg("sales.product_code_taken", value=clean["code"]))
        product = Product.create(**clean)
        changelog.record_event("product", product.id, "created", actor, new_value=product.code)
    return _product_info(product)


def update_product(
    actor: Actor,
    product_id: int,
    changes: dict[str, object],
    *,
    expected_version: int | None = None,
) -> ProductInfo:
    if not can_edit_catalogue(actor):
        raise actor.denied("sales.action_edit_catalogue")
    product = Product.get_or_none((Product.id == product_id) & Product.deleted_at.is_null())
    if product is None:
        raise NotFound("sales.no_product", product=product_id)
    clean = _clean_product(changes, partial=True)
    old = {k: getattr(product, k) for k in clean}
    diff = {k: v for k, v in clean.items() if changelog.differs(old[k], v)}
    if not diff:
        return _product_info(product)
    with transaction():
        if "code" in diff and (
            Product.select().where(Product.code == diff["code"], Product.id != product.id).exists()
        ):
            raise _problem("code", msg("sales.product_code_taken", value=diff["code"]))
        condition = Product.id == product.id
        if expected_version is not None:
            condition &= Product.version == expected_version
        count = (
            Product.update(**diff, updated_at=utcnow(), version=Product.version + 1)
            .where(condition)
            .execute()
        )
        if not count:
            raise Conflict("sales.product_changed_meanwhile", code=product.code)
        changelog.record_changes("product", product.id, old, diff, actor)
    return _product_info(Product.get_by_id(product.id))


def list_products(text: str = "", include_inactive: bool = False) -> list[ProductInfo]:
    """The catalogue by code; `text` matches code, name or category."""
    query = Product.select().where(Product.deleted_at.is_null()).order_by(Product.code)
    if not include_inactive:
        query = query.where(Product.active)
    text = (text or "").strip()
    if text:
        like = f"%{text}%"
        query = query.where(
            Product.code.ilike(like) | Product.name.ilike(like) | Product.category.ilike(like)
        )
    return [_product_info(p) for p in query]


def get_product(product_id: int | None = None, *, code: str | None = None) -> ProductInfo:
    cond = (Product.code == code) if code is not None else (Product.id == product_id)
    product = Product.get_or_none(cond & Product.deleted_at.is_null())
    if product is None:
        raise NotFound("sales.no_product", product=code if code is not None else product_id)
    return _product_info(product)


# --- sales -------------------------------------------------------------------------------


def line_amount(quantity: Decimal, unit_price: Decimal) -> Decimal:
    """Quantity × unit price, rounded half up to the fen."""
    return (quantity * unit_price).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def clean_sale_line(quantity: object, unit_price: object) -> tuple[Decimal, Decimal, Decimal]:
    """(quantity, unit price, amount) of a line, or ValidationError naming the wrong input."""
    errors: dict[str, Message] = {}
    qty = price = None
    quantity_label = LABELS["quantity"]
    try:
        qty = parse_decimal(quantity, 3)
        if qty is None or qty <= 0:
            errors["quantity"] = labelled(quantity_label, msg("validation.must_be_positive"))
        elif qty > MAX_QUANTITY:
            errors["quantity"] = labelled(
                quantity_label,
                msg("validation.too_large", value=quantity, limit=int(MAX_QUANTITY) + 1),
            )
    except ValueError as exc:
        errors["quantity"] = labelled(quantity_label, exc)
    try:
        price = _money(unit_price, "unit_price")
    except ValidationError as exc:
        errors.update(exc.problems)
    if errors:
        raise ValidationError(errors)
    assert qty is not None and price is not None
    return qty, price, line_amount(qty, price)


def check_sale(actor: Actor, customer_id: int, amount: object) -> SaleCheck:
    """The warning the sale form shows before saving: the balance after this sale vs the limit."""
    customer = load_customer(actor, customer_id)
    value = _money(amount, "amount")
    balance = from_minor(balance_minor(customer.id))
    return SaleCheck(value, balance, balance + value, customer.credit_limit)


def record_sale(
    actor: Actor,
    customer_id: int,
    *,
    sale_date: object,
    quantity: object,
    unit_price: object | None = None,
    product_id: int | None = None,
    salesperson: object | None = None,
    order_no: str = "",
    note: str = "",
    confirm_over_limit: bool = False,
) -> SaleLine:
    """Record one order line; amount = quantity × unit price (in fen).

    Without a unit price the product's catalogue price is used. Over the credit limit
    the sale is refused with `OverCreditLimit` unless a manager sets `confirm_over_limit`.
    """
    if confirm_over_limit and not can_confirm_over_limit(actor):
        raise actor.denied("sales.action_confirm_over_limit")
    customer = load_customer(actor, customer_id)
    when = _date(sale_date)
    product = None
    if product_id is not None:
        product = Product.get_or_none((Product.id == product_id) & Product.deleted_at.is_null())
        if product is None:
            raise _problem("product", msg("sales.no_product_here", product=product_id))
        if unit_price is None or unit_price == "":
            unit_price = product.price
    qty, price, amount = clean_sale_line(quantity, unit_price)
    if amount <= 0:
        raise _problem("unit_price", msg("sales.line_amount_positive"))
    try:
        seller = resolve_user(salesperson, "salesperson") if salesperson else actor.id
    except ValidationError as exc:
        raise _problem("salesperson", next(iter(exc.problems.values()))) from None
    if seller != actor.id and not actor.can("customer.assign_owner"):
        # a salesperson records sales in their own name only: no crediting a colleague
        raise actor.denied("auth.action_sell_for_other")
    with transaction():
        balance = from_minor(balance_minor(customer.id))
        limit = customer.credit_limit
        if limit is not None and balance + amount > limit and not confirm_over_limit:
            raise OverCreditLimit(customer.code, balance, amount, limit)
        sale = Sale.create(
            customer=customer.id,
            product=product.id if product else None,
            salesperson=seller,
            order_no=_text(order_no, 32),
            date=when,
            quantity=qty,
            unit_price=price,
            amount=amount,
            note=_text(note, 200),
        )
        changelog.record_event("sale", sale.id, "created", actor, new_value=str(amount))
        if limit is not None and balance + amount > limit:
            AuditEvent.create(
                user=actor.id,
                action="sale.over_limit",
                entity="customer",
                entity_id=customer.id,
                detail=f"sale {sale.id}: balance {balance} + {amount} > limit {limit}",
            )
    return _sale_lines(Sale.select().where(Sale.id == sale.id))[0]


def record_payment(
    actor: Actor,
    customer_id: int,
    *,
    payment_date: object,
    amount: object,
    method: str = "transfer",
    reference: str = "",
    note: str = "",
) -> PaymentLine:
    """Money received from a customer; it settles the oldest open sales first (FIFO)."""
    customer = load_customer(actor, customer_id)
    when = _date(payment_date)
    value = _money(amount, "amount", positive=True)
    with transaction():
        payment = Payment.create(
            customer=customer.id,
            date=when,
            amount=value,
            method=_text(method, 20) or "transfer",
            reference=_text(reference, 64),
            recorded_by=actor.id,
            note=_text(note, 200),
        )
        changelog.record_event("payment", payment.id, "created", actor, new_value=str(value))
    return _payment_lines(Payment.select().where(Payment.id == payment.id))[0]


def _sale_lines(query: pw.ModelSelect) -> list[SaleLine]:
    seller = User.alias("seller")
    query = (
        query.select(
            Sale.id,
            Sale.customer,
            Customer.code,
            Customer.name,
            Sale.date,
            Sale.product,
            pw.fn.COALESCE(Product.code, ""),
            pw.fn.COALESCE(Product.name, ""),
            Sale.quantity,
            Sale.unit_price,
            Sale.amount,
            pw.fn.COALESCE(pw.fn.NULLIF(seller.display_name, ""), seller.username, ""),
            Sale.note,
            Sale.voided_at,
            Sale.void_reason,
        )
        .join_from(Sale, Customer, on=(Sale.customer == Customer.id))
        .join_from(Sale, Product, pw.JOIN.LEFT_OUTER, on=(Sale.product == Product.id))
        .join_from(Sale, seller, pw.JOIN.LEFT_OUTER, on=(Sale.salesperson == seller.id))
    )
    out = []
    for r in database.execute(query):
        out.append(
            SaleLine(
                r[0],
                r[1],
                r[2],
                r[3],
                _as_date(r[4]),
                r[5],
                r[6],
                r[7],
                Decimal(str(r[8])),
                from_minor(r[9]),
                from_minor(r[10]),
                r[11] or "",
                r[12],
                _as_datetime(r[13]),
                r[14] or "",
            )
        )
    return out


def _payment_lines(query: pw.ModelSelect) -> list[PaymentLine]:
    who = User.alias("who")
    query = (
        query.select(
            Payment.id,
            Payment.customer,
            Customer.code,
            Customer.name,
            Payment.date,
            Payment.amount,
            Payment.method,
            Payment.reference,
            pw.fn.COALESCE(pw.fn.NULLIF(who.display_name, ""), who.username, ""),
            Payment.note,
            Payment.voided_at,
            Payment.void_reason,
        )
        .join_from(Payment, Customer, on=(Payment.customer == Customer.id))
        .join_from(Payment, who, pw.JOIN.LEFT_OUTER, on=(Payment.recorded_by == who.id))
    )
    return [
        PaymentLine(
            r[0],
            r[1],
            r[2],
            r[3],
            _as_date(r[4]),
            from_minor(r[5]),
            r[6],
            r[7],
            r[8] or "",
            r[9],
            _as_datetime(r[10]),
            r[11] or "",
        )
        for r in database.execute(query)
    ]


def _as_date(value: object) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _as_datetime(value: object) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))


def customer_sales(actor: Actor, customer_id: int, limit: int = 500) -> list[SaleLine]:
    """The customer's sales lines, newest first."""
    customer = load_customer(actor, customer_id, include_deleted=True)
    return _sale_lines(
        Sale.select()
        .where(Sale.customer == customer.id, Sale.deleted_at.is_null())
        .order_by(Sale.date.desc(), Sale.id.desc())
        .limit(limit)
    )


def customer_payments(actor: Actor, customer_id: int, limit: int = 500) -> list[PaymentLine]:
    customer = load_customer(actor, customer_id, include_deleted=True)
    return _payment_lines(
        Payment.select()
        .where(Payment.customer == customer.id, Payment.deleted_at.is_null())
        .order_by(Payment.date.desc(), Payment.id.desc())
        .limit(limit)
    )


def _visible(query: pw.ModelSelect, actor: Actor) -> pw.ModelSelect:
    if actor.sees_all_customers:
        return query
    return query.where(Customer.owner == actor.id)


def recent_sales(actor: Actor, limit: int = 200) -> list[SaleLine]:
    """The newest sales lines the actor may see (the Sales page)."""
    query = (
        Sale.select()
        .join(Customer, on=(Sale.customer == Customer.id))
        .where(Sale.deleted_at.is_null())
        .order_by(Sale.date.desc(), Sale.id.desc())
        .limit(limit)
    )
    ids = [t[0] for t in database.execute(_visible(query, actor).select(Sale.id))]
    if not ids:
        return []
    return _sale_lines(
        Sale.select().where(Sale.id.in_(ids)).order_by(Sale.date.desc(), Sale.id.desc())
    )


def recent_payments(actor: Actor, limit: int = 200) -> list[PaymentLine]:
    query = (
        Payment.select(Payment.id)
        .join(Customer, on=(Payment.customer == Customer.id))
        .where(Payment.deleted_at.is_null())
        .order_by(Payment.date.desc(), Payment.id.desc())
        .limit(limit)
    )
    ids = [t[0] for t in database.execute(_visible(query, actor))]
    if not ids:
        return []
    return _payment_lines(
        Payment.select().where(Payment.id.in_(ids)).order_by(Payment.date.desc(), Payment.id.desc())
    )


def find_customer_id(actor: Actor, code: str) -> int:
    """The id of a live customer by its code (for forms that take a typed code)."""
    customer = Customer.get_or_none(
        (Customer.code == (code or "").strip()) & Customer.deleted_at.is_null()
    )
    if customer is None:
        raise NotFound("customers.no_code", code=code)
    if not actor.sees_all_customers and customer.owner_id != actor.id:
        raise NotVisible("customers.no_code", code=code)  # as unknown: codes do not leak
    return customer.id


__all__ = [
    "OverCreditLimit",
    "PaymentLine",
    "ProductInfo",
    "SaleCheck",
    "SaleLine",
    "can_confirm_over_limit",
    "can_edit_catalogue",
    "check_sale",
    "create_product",
    "customer_payments",
    "customer_sales",
    "find_customer_id",
    "get_product",
    "line_amount",
    "list_products",
    "record_payment",
    "record_sale",
    "recent_payments",
    "recent_sales",
    "to_minor",
]
