"""Opportunities (商机): create, edit, move through the pipeline, win, lose, reopen.

Every write is one transaction with the change history; a move is a conditional
UPDATE … WHERE version = the version the mover saw, so when two people move the same
card at once exactly one succeeds and the other is told with `Conflict` (nothing is
lost: the card shows where the other put it). A salesperson sees and moves their own
opportunities; the managers everyone's.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import peewee as pw

from crm_desktop.errors import Conflict, NotFound, PermissionDenied, ValidationError
from crm_desktop.messages import Message, Text, msg
from crm_desktop.models import (
    Customer,
    Opportunity,
    OpportunityLine,
    OpportunityStage,
    OpportunityStageChange,
    Product,
    User,
    database,
    transaction,
    utcnow,
)
from crm_desktop.services import changelog
from crm_desktop.services.auth import Actor
from crm_desktop.services.opportunities.stages import (
    PROBABILITY,
    LostReasonInfo,
    StageInfo,
    find_lost_reason,
    get_stage,
    list_stages,
    stage_of_kind,
)
from crm_desktop.services.receivables import load_customer
from crm_desktop.services.validation import (
    labelled,
    parse_choice,
    parse_date,
    parse_decimal,
    parse_money,
)
from crm_desktop.textutil import clean_text

MAX_AMOUNT = Decimal("10000000000")  # 100 亿元: beyond it an amount is a typing slip
MAX_QUANTITY = Decimal("100000000")

LABELS: dict[str, Text] = {
    "customer": Text("客户", "Customer"),
    "title": Text("商机名称", "Title"),
    "amount": Text("金额", "Amount"),
    "close_date": Text("预计成交日期", "Expected close date"),
    "stage": Text("阶段", "Stage"),
    "probability": PROBABILITY,
    "owner": Text("负责人", "Owner"),
    "source": Text("来源", "Source"),
    "competitor": Text("竞争对手", "Competitor"),
    "next_step": Text("下一步", "Next step"),
    "notes": Text("备注", "Notes"),
    "quote_days": Text("报价有效期（天）", "Quote valid (days)"),
    "lost_reason": Text("输单原因", "Lost reason"),
    "quantity": Text("数量", "Quantity"),
    "unit_price": Text("单价", "Unit price"),
    "discount": Text("折扣（%）", "Discount (%)"),
    "description": Text("品名", "Description"),
}
TEXT_LIMITS = {"title": 200, "competitor": 200, "next_step": 300, "source": 20}
EDITABLE = (
    "title",
    "amount",
    "close_date",
    "probability",
    "owner",
    "source",
    "competitor",
    "next_step",
    "notes",
    "quote_days",
)


@dataclass(frozen=True, slots=True)
class OpportunityRow:
    """One card of the board / row of the list: what they show, nothing more."""

    id: int
    customer_id: int
    customer_code: str
    customer_name: str
    customer_class: str | None
    title: str
    amount: Decimal
    close_date: date
    stage_id: int
    probability: int  # the effective one: own, else the stage's
    owner_id: int | None
    owner_name: str
    version: int
    stage_since: datetime
    updated_at: datetime

    @property
    def weighted(self) -> Decimal:
        return (self.amount * self.probability / 100).quantize(Decimal("0.01"), ROUND_HALF_UP)


@dataclass(frozen=True)
class LineInfo:
    id: int
    product_id: int | None
    product_code: str
    description: str
    unit: str
    quantity: Decimal
    unit_price: Decimal
    discount: Decimal
    amount: Decimal


@dataclass(frozen=True)
class StageChangeInfo:
    at: datetime
    from_stage: str
    to_stage: str
    user: str


@dataclass(frozen=True)
class OpportunityDetail:
    """An opportunity with everything the dialog and the quote show."""

    row: OpportunityRow
    stage: StageInfo
    own_probability: int | None
    source: str | None
    competitor: str
    next_step: str
    notes: str
    quote_days: int | None
    created_at: datetime
    closed_at: datetime | None
    lost_reason: LostReasonInfo | None
    lost_note: str
    lines: list[LineInfo] = field(default_factory=list)
    history: list[StageChangeInfo] = field(default_factory=list)

    @property
    def id(self) -> int:
        return self.row.id

    @property
    def version(self) -> int:
        return self.row.version


@dataclass(frozen=True)
class PipelineFilter:
    """What the board and the list show: the same filters for both."""

    owner_id: int | None = None
    close_month: date | None = None  # any day of the month
    customer_class: str | None = None
    customer_id: int | None = None
    stage_id: int | None = None
    open_only: bool = True
    text: str = ""


# --- reading ---------------------------------------------------------------------------


def _row_query() -> pw.ModelSelect:
    return (
        Opportunity.select(
            Opportunity.id,
            Opportunity.customer,
            Customer.code,
            Customer.name,
            Customer.abc_class,
            Opportunity.title,
            Opportunity.amount,
            Opportunity.close_date,
            Opportunity.stage,
            pw.fn.COALESCE(Opportunity.probability, OpportunityStage.probability),
            Opportunity.owner,
            pw.fn.COALESCE(pw.fn.NULLIF(User.display_name, ""), User.username),
            Opportunity.version,
            Opportunity.stage_since,
            Opportunity.updated_at,
        )
        .join_from(Opportunity, Customer, on=(Opportunity.customer == Customer.id))
        .join_from(Opportunity, OpportunityStage, on=(Opportunity.stage == OpportunityStage.id))
        .join_from(Opportunity, User, pw.JOIN.LEFT_OUTER, on=(Opportunity.owner == User.id))
    )


def _as_date(value: object) -> date:
    if value.__class__ is str:
        return date.fromisoformat(value[:10])  # type: ignore[index]
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _as_datetime(value: object) -> datetime:
    if value.__class__ is str:
        return datetime.fromisoformat(value)  # type: ignore[arg-type]
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))


def _rows(query: pw.ModelSelect) -> list[OpportunityRow]:
    """The rows of a `_row_query`, read with the plain cursor: at 20k rows peewee's per-column
    conversion costs ten times the query itself."""
    sql, params = query.sql()
    cursor = database.execute_sql(sql, params)
    cent = Decimal("0.01")
    out = []
    make = OpportunityRow
    for t in cursor.fetchall():
        out.append(
            make(
                t[0],
                t[1],
                t[2],
                t[3],
                t[4],
                t[5],
                (Decimal(t[6]) / 100).quantize(cent),
                _as_date(t[7]),
                t[8],
                int(t[9]),
                t[10],
                t[11] or "",
                t[12],
                _as_datetime(t[13]),
                _as_datetime(t[14]),
            )
        )
    return out


def _visible(query: pw.ModelSelect, actor: Actor) -> pw.ModelSelect:
    if actor.sees_all_customers:
        return query
    return query.where(Opportunity.owner == actor.id)


def month_bounds(day: date) -> tuple[date, date]:
    first = day.replace(day=1)
    nxt = (first + timedelta(days=32)).replace(day=1)
    return first, nxt - timedelta(days=1)


def _filtered(
    actor: Actor, f: PipelineFilter, query: pw.ModelSelect | None = None
) -> pw.ModelSelect:
    """`query` (the rows by default; it joins Customer and OpportunityStage) narrowed to
    what the actor sees and the filter asks for."""
    query = _visible(query if query is not None else _row_query(), actor).where(
        Opportunity.deleted_at.is_null(), Customer.deleted_at.is_null()
    )
    if f.owner_id is not None:
        query = query.where(Opportunity.owner == f.owner_id)
    if f.close_month is not None:
        first, last = month_bounds(f.close_month)
        query = query.where(Opportunity.close_date.between(first, last))
    if f.customer_class:
        query = query.where(Customer.abc_class == f.customer_class)
    if f.customer_id is not None:
        query = query.where(Opportunity.customer == f.customer_id)
    if f.stage_id is not None:
        query = query.where(Opportunity.stage == f.stage_id)
    if f.open_only:
        query = query.where(OpportunityStage.kind == "open")
    text = clean_text(f.text)
    if text:
        like = f"%{text}%"
        query = query.where(
            Opportunity.title.contains(text) | Customer.name**like | Customer.code**like
        )
    return query


def list_opportunities(actor: Actor, f: PipelineFilter | None = None) -> list[OpportunityRow]:
    """The opportunities the actor sees, by expected close date."""
    query = _filtered(actor, f or PipelineFilter())
    return _rows(query.order_by(Opportunity.close_date, Opportunity.id))


def _load(actor: Actor, opportunity_id: int) -> Opportunity:
    opp = Opportunity.get_or_none(
        (Opportunity.id == opportunity_id) & Opportunity.deleted_at.is_null()
    )
    if opp is None:
        raise NotFound("opportunities.no_opportunity", id=opportunity_id)
    if not actor.sees_all_customers and opp.owner_id != actor.id:
        raise PermissionDenied("opportunities.not_yours", id=opportunity_id)
    return opp


def get_row(actor: Actor, opportunity_id: int) -> OpportunityRow:
    _load(actor, opportunity_id)
    return _rows(_row_query().where(Opportunity.id == opportunity_id))[0]


def _user_name(user_id: int | None) -> str:
    if user_id is None:
        return ""
    user = User.get_or_none(User.id == user_id)
    return (user.display_name or user.username) if user else ""


def get_opportunity(actor: Actor, opportunity_id: int) -> OpportunityDetail:
    """The whole opportunity: fields, lines, stage history."""
    opp = _load(actor, opportunity_id)
    stage_names = {s.id: s for s in list_stages()}
    stage = stage_names.get(opp.stage_id) or get_stage(opp.stage_id)
    lines = [
        LineInfo(
            ln.id,
            ln.product_id,
            ln.product.code if ln.product_id else "",
            ln.description,
            ln.unit,
            Decimal(ln.quantity),
            ln.unit_price,
            Decimal(ln.discount),
            ln.amount,
        )
        for ln in OpportunityLine.select(OpportunityLine, Product)
        .join(Product, pw.JOIN.LEFT_OUTER)
        .where(OpportunityLine.opportunity == opp.id)
        .order_by(OpportunityLine.position, OpportunityLine.id)
    ]
    all_stages = {s.id: s for s in OpportunityStage.select()}
    history = [
        StageChangeInfo(
            c.at,
            all_stages[c.from_stage_id].name if c.from_stage_id in all_stages else "",
            all_stages[c.to_stage_id].name if c.to_stage_id in all_stages else "",
            _user_name(c.user_id),
        )
        for c in OpportunityStageChange.select()
        .where(OpportunityStageChange.opportunity == opp.id)
        .order_by(OpportunityStageChange.at, OpportunityStageChange.id)
    ]
    reason = None
    if opp.lost_reason_id:
        r = opp.lost_reason
        reason = LostReasonInfo(r.id, r.name, r.name_en)
    return OpportunityDetail(
        row=get_row(actor, opp.id),
        stage=stage,
        own_probability=opp.probability,
        source=opp.source,
        competitor=opp.competitor,
        next_step=opp.next_step,
        notes=opp.notes,
        quote_days=opp.quote_days,
        created_at=opp.created_at,
        closed_at=opp.closed_at,
        lost_reason=reason,
        lost_note=opp.lost_note,
        lines=lines,
        history=history,
    )


# --- validation ------------------------------------------------------------------------


def _problem(name: str, problem: Exception | Message) -> dict[str, Message]:
    return {name: labelled(LABELS[name], problem)}


def _clean_amount(value: object, name: str = "amount") -> Decimal:
    amount = parse_money(value)
    if amount is None:
        return Decimal("0.00")
    if amount > MAX_AMOUNT:
        raise ValueError(msg("opportunities.amount_range", value=str(value), most=MAX_AMOUNT))
    return amount


def _clean_owner(actor: Actor, value: object, current: int | None) -> int | None:
    if value in (None, ""):
        return current if current is not None else actor.id
    if isinstance(value, int):
        user_id = value
    else:
        text = clean_text(value)
        user = User.get_or_none(
            ((User.username == text) | (User.display_name == text)) & User.deleted_at.is_null()
        )
        if user is None:
            raise ValueError(msg("followups.no_user", name=text))
        user_id = user.id
    if user_id != (current if current is not None else actor.id) and not actor.sees_all_customers:
        raise actor.denied("opportunities.action_assign")
    if not User.select().where(User.id == user_id, User.deleted_at.is_null()).exists():
        raise ValueError(msg("followups.no_user", name=str(value)))
    return user_id


def clean_values(
    actor: Actor,
    values: Mapping[str, object],
    *,
    created: date,
    current_owner: int | None = None,
    partial: bool = False,
) -> dict[str, Any]:
    """The editable fields, clean; every wrong one named in one ValidationError."""
    errors: dict[str, Message] = {}
    clean: dict[str, Any] = {}
    for name in EDITABLE:
        if name not in values:
            if partial:
                continue
            if name in ("title", "close_date"):
                errors.update(_problem(name, msg("validation.required")))
            continue
        raw = values[name]
        try:
            if name == "title":
                text = clean_text(raw)
                if not text:
                    raise ValueError(msg("validation.required"))
                clean[name] = text
            elif name == "amount":
                clean[name] = _clean_amount(raw)
            elif name == "close_date":
                day = parse_date(raw)
                if day is None:
                    raise ValueError(msg("validation.required"))
                if day < created:
                    raise ValueError(
                        msg(
                            "opportunities.close_before_created",
                            value=day.isoformat(),
                            created=created.isoformat(),
                        )
                    )
                clean[name] = day
            elif name == "probability":
                number = parse_decimal(raw, 0) if raw not in (None, "") else None
                if number is not None and number > 100:
                    raise ValueError(msg("opportunities.percent_range", value=raw))
                clean[name] = None if number is None else int(number)
            elif name == "quote_days":
                number = parse_decimal(raw, 0) if raw not in (None, "") else None
                if number is not None and not 1 <= number <= 365:
                    raise ValueError(msg("opportunities.days_range", value=raw, most=365))
                clean[name] = None if number is None else int(number)
            elif name == "owner":
                clean[name] = _clean_owner(actor, raw, current_owner)
            elif name == "source":  # where it came from: the customer sources' list
                clean[name] = parse_choice(raw, "source")
            elif name == "notes":
                clean[name] = str(raw or "").strip()[:10_000]
            else:
                text = clean_text(raw)
                limit = TEXT_LIMITS.get(name, 300)
                if len(text) > limit:
                    raise ValueError(msg("validation.too_long", length=str(len(text)), limit=limit))
                clean[name] = text or (None if name == "source" else "")
        except PermissionDenied:
            raise
        except ValueError as exc:
            problem = exc.args[0] if exc.args and isinstance(exc.args[0], Message) else exc
            errors.update(_problem(name, problem))
    if errors:
        raise ValidationError(errors)
    return clean


def clean_lines(lines: Sequence[Mapping[str, object]]) -> list[dict[str, Any]]:
    """Product lines: quantity × price less the discount (in percent), each checked."""
    out = []
    errors: dict[str, Message] = {}
    for i, line in enumerate(lines, 1):
        product_id = line.get("product_id")
        code = clean_text(line.get("product_code") or "")
        product = None
        if product_id or code:
            which = (Product.code == code) if code else (Product.id == product_id)
            product = Product.get_or_none(which & Product.deleted_at.is_null())
            product_id = product_id or code
            if product is None:
                errors[f"line{i}"] = msg("sales.no_product_here", product=product_id)
                continue
        try:
            qty = parse_decimal(line.get("quantity", 1), 3)
            if qty is None or qty <= 0 or qty > MAX_QUANTITY:
                raise ValueError(msg("opportunities.quantity_range", value=line.get("quantity")))
        except ValueError as exc:
            errors[f"line{i}"] = labelled(LABELS["quantity"], _inner(exc))
            continue
        raw_price = line.get("unit_price")
        try:
            price = _clean_amount(
                product.price if raw_price in (None, "") and product else raw_price
            )
        except ValueError as exc:
            errors[f"line{i}"] = labelled(LABELS["unit_price"], _inner(exc))
            continue
        try:
            discount = parse_decimal(line.get("discount") or 0, 2) or Decimal(0)
            if discount > 100:
                raise ValueError(msg("opportunities.percent_range", value=line.get("discount")))
        except ValueError as exc:
            errors[f"line{i}"] = labelled(LABELS["discount"], _inner(exc))
            continue
        amount = (qty * price * (100 - discount) / 100).quantize(Decimal("0.01"), ROUND_HALF_UP)
        out.append(
            {
                "product": product.id if product else None,
                "description": clean_text(
                    line.get("description") or (product.name if product else "")
                )[:200],
                "unit": clean_text(line.get("unit") or (product.unit if product else ""))[:20],
                "quantity": qty,
                "unit_price": price,
                "discount": discount,
                "amount": amount,
            }
        )
    if errors:
        raise ValidationError(errors)
    return out


def _inner(exc: Exception) -> Message | Exception:
    return exc.args[0] if exc.args and isinstance(exc.args[0], Message) else exc


# --- writing ---------------------------------------------------------------------------


def _write_lines(opportunity_id: int, lines: list[dict[str, Any]]) -> None:
    OpportunityLine.delete().where(OpportunityLine.opportunity == opportunity_id).execute()
    for position, line in enumerate(lines):
        OpportunityLine.create(opportunity=opportunity_id, position=position, **line)


def create_opportunity(
    actor: Actor,
    customer_id: int,
    values: Mapping[str, object],
    *,
    stage_id: int | None = None,
    lines: Sequence[Mapping[str, object]] = (),
    today: date | None = None,
) -> OpportunityDetail:
    """A new opportunity on a customer the actor may see, in the first open stage by default."""
    load_customer(actor, customer_id)
    stage = get_stage(stage_id) if stage_id is not None else _first_open()
    if not stage.is_open:
        raise ValidationError(_problem("stage", msg("opportunities.new_must_be_open")))
    clean = clean_values(actor, values, created=today or date.today())
    clean.setdefault("owner", actor.id)
    clean_line_rows = clean_lines(lines)
    if clean_line_rows and not clean.get("amount"):
        clean["amount"] = sum((ln["amount"] for ln in clean_line_rows), Decimal("0.00"))
    with transaction():
        now = utcnow()
        opp = Opportunity.create(
            customer=customer_id, stage=stage.id, stage_since=now, created_at=now, **clean
        )
        _write_lines(opp.id, clean_line_rows)
        OpportunityStageChange.create(opportunity=opp.id, to_stage=stage.id, at=now, user=actor.id)
        changelog.record_event("opportunity", opp.id, "created", actor, new_value=clean["title"])
    return get_opportunity(actor, opp.id)


def _first_open() -> StageInfo:
    return stage_of_kind("open")


def update_opportunity(
    actor: Actor,
    opportunity_id: int,
    changes: Mapping[str, object],
    *,
    lines: Sequence[Mapping[str, object]] | None = None,
    expected_version: int | None = None,
) -> OpportunityDetail:
    """Change some fields (and replace the lines when given); a closed one is read-only."""
    opp = _load(actor, opportunity_id)
    stage = get_stage(opp.stage_id)
    if not stage.is_open:
        raise ValidationError(_problem("stage", _closed_problem(stage)))
    clean = clean_values(
        actor,
        changes,
        created=_as_datetime(opp.created_at).date(),
        current_owner=opp.owner_id,
        partial=True,
    )
    clean_line_rows = clean_lines(lines) if lines is not None else None
    if clean_line_rows and "amount" not in changes:
        clean["amount"] = sum((ln["amount"] for ln in clean_line_rows), Decimal("0.00"))
    old = {name: getattr(opp, name if name != "owner" else "owner_id") for name in clean}
    with transaction():
        _bump(opp, expected_version, clean)
        changelog.record_changes("opportunity", opp.id, old, clean, actor)
        if clean_line_rows is not None:
            _write_lines(opp.id, clean_line_rows)
    return get_opportunity(actor, opp.id)


def _bump(opp: Opportunity, expected_version: int | None, values: Mapping[str, Any]) -> None:
    """The conditional write every change goes through: refused if someone was first."""
    condition = Opportunity.id == opp.id
    condition &= Opportunity.version == (
        expected_version if expected_version is not None else opp.version
    )
    updated = (
        Opportunity.update(updated_at=utcnow(), version=Opportunity.version + 1, **values)
        .where(condition)
        .execute()
    )
    if not updated:
        raise Conflict("opportunities.changed_meanwhile", id=opp.id, title=opp.title)


def _closed_problem(stage: StageInfo) -> Message:
    return msg("opportunities.closed_reopen_first", stage=stage.text())


def move_opportunity(
    actor: Actor,
    opportunity_id: int,
    stage_id: int,
    *,
    expected_version: int | None = None,
    lost_reason: object = None,
    lost_note: str = "",
) -> OpportunityRow:
    """Move to another stage. Into a won stage is a win; into a lost one needs a reason.

    A won or lost opportunity moves only after `reopen`. The stage's default probability
    applies from then on unless the opportunity has its own."""
    opp = _load(actor, opportunity_id)
    stages = {s.id: s for s in list_stages()}
    current = stages.get(opp.stage_id) or get_stage(opp.stage_id)
    target = stages.get(stage_id) or get_stage(stage_id)
    if not current.is_open:
        raise ValidationError(_problem("stage", _closed_problem(current)))
    if target.id == current.id:
        return _row(opp.id)
    values: dict[str, Any] = {"stage": target.id, "stage_since": utcnow()}
    if target.kind == "lost":
        if lost_reason in (None, ""):
            raise ValidationError(_problem("lost_reason", msg("validation.required")))
        values["lost_reason"] = find_lost_reason(lost_reason).id
        values["lost_note"] = str(lost_note or "").strip()[:2000]
    if not target.is_open:
        values["closed_at"] = values["stage_since"]
    _move(actor, opp, current, target, values, expected_version)
    return _row(opp.id)


def _row(opportunity_id: int) -> OpportunityRow:
    """The row of an opportunity the caller has already checked access to."""
    return _rows(_row_query().where(Opportunity.id == opportunity_id))[0]


def _move(
    actor: Actor,
    opp: Opportunity,
    current: StageInfo,
    target: StageInfo,
    values: dict[str, Any],
    expected_version: int | None,
) -> None:
    with transaction():
        _bump(opp, expected_version, values)
        OpportunityStageChange.create(
            opportunity=opp.id,
            from_stage=current.id,
            to_stage=target.id,
            at=values["stage_since"],
            user=actor.id,
        )
        changelog.record_changes(
            "opportunity", opp.id, {"stage": current.name}, {"stage": target.name}, actor
        )


def win_opportunity(
    actor: Actor,
    opportunity_id: int,
    *,
    expected_version: int | None = None,
    record_sales: bool = False,
    confirm_over_limit: bool = False,
) -> OpportunityRow:
    """Won (赢单): into the won stage, closed today.

    With `record_sales`, each product line (or the amount, without lines) becomes a sales
    line of today under the order number OPP<id>, by the sales service's rules (credit
    limit included), in the same transaction: refused sales leave it open."""
    if not record_sales:
        return move_opportunity(
            actor, opportunity_id, stage_of_kind("won").id, expected_version=expected_version
        )
    from crm_desktop.services.sales import record_sale

    detail = get_opportunity(actor, opportunity_id)
    with transaction():
        row = move_opportunity(
            actor, opportunity_id, stage_of_kind("won").id, expected_version=expected_version
        )
        lines = detail.lines or [
            LineInfo(0, None, "", detail.row.title, "", Decimal(1), detail.row.amount,
                     Decimal(0), detail.row.amount)
        ]  # fmt: skip
        for line in lines:
            if line.amount <= 0:
                continue
            record_sale(
                actor,
                row.customer_id,
                sale_date=date.today(),
                quantity=line.quantity,
                unit_price=(line.amount / line.quantity).quantize(Decimal("0.01"), ROUND_HALF_UP),
                product_id=line.product_id,
                salesperson=row.owner_id,
                order_no=f"OPP{row.id}",
                note=(line.description or detail.row.title)[:200],
                confirm_over_limit=confirm_over_limit,
            )
    return row


def lose_opportunity(
    actor: Actor,
    opportunity_id: int,
    reason: object,
    *,
    note: str = "",
    expected_version: int | None = None,
) -> OpportunityRow:
    """Lost (输单), with a reason from the list."""
    return move_opportunity(
        actor,
        opportunity_id,
        stage_of_kind("lost").id,
        expected_version=expected_version,
        lost_reason=reason,
        lost_note=note,
    )


def reopen_opportunity(
    actor: Actor,
    opportunity_id: int,
    stage_id: int | None = None,
    *,
    expected_version: int | None = None,
) -> OpportunityRow:
    """A won or lost opportunity back into an open stage (the last open one it was in)."""
    opp = _load(actor, opportunity_id)
    current = get_stage(opp.stage_id)
    if current.is_open:
        return get_row(actor, opp.id)
    if stage_id is None:
        last = (
            OpportunityStageChange.select(OpportunityStageChange.from_stage)
            .where(OpportunityStageChange.opportunity == opp.id)
            .order_by(OpportunityStageChange.at.desc(), OpportunityStageChange.id.desc())
            .first()
        )
        candidates = {s.id: s for s in list_stages() if s.is_open}
        stage_id = (
            last.from_stage_id if last and last.from_stage_id in candidates else _first_open().id
        )
    target = get_stage(stage_id)
    if not target.is_open:
        raise ValidationError(_problem("stage", msg("opportunities.reopen_to_open")))
    values = {
        "stage": target.id,
        "stage_since": utcnow(),
        "closed_at": None,
        "lost_reason": None,
        "lost_note": "",
    }
    _move(actor, opp, current, target, values, expected_version)
    return get_row(actor, opp.id)


def delete_opportunity(actor: Actor, opportunity_id: int) -> None:
    """Soft delete: gone from the board and the figures, kept until purged."""
    opp = _load(actor, opportunity_id)
    with transaction():
        _bump(opp, None, {"deleted_at": utcnow()})
        changelog.record_event("opportunity", opp.id, "deleted", actor)


def customer_opportunities(actor: Actor, customer_id: int) -> list[OpportunityRow]:
    """Every opportunity of a card, open and closed (the card's Opportunities tab)."""
    load_customer(actor, customer_id, include_deleted=True)
    query = _visible(_row_query(), actor).where(
        Opportunity.deleted_at.is_null(), Opportunity.customer == customer_id
    )
    return _rows(query.order_by(Opportunity.close_date.desc(), Opportunity.id.desc()))


__all__ = [
    "LABELS",
    "LineInfo",
    "OpportunityDetail",
    "OpportunityRow",
    "PipelineFilter",
    "StageChangeInfo",
    "clean_lines",
    "clean_values",
    "create_opportunity",
    "customer_opportunities",
    "delete_opportunity",
    "get_opportunity",
    "get_row",
    "list_opportunities",
    "lose_opportunity",
    "month_bounds",
    "move_opportunity",
    "reopen_opportunity",
    "update_opportunity",
    "win_opportunity",
]
