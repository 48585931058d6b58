"""Credit requests: salespeople propose, the general manager decides (信用额度金额由总经理核定).

Only an approved request changes the customer, and it does so in one transaction:
the customer's credit fields, a ChangeLog row per changed field, an AuditEvent, and
the request's decision with the values it replaced. A decision is a conditional
UPDATE … WHERE status = 'pending': when two managers decide the same request at once,
exactly one update finds the row pending and the other is told with `Conflict`.

Suggestions (`suggest_rating`, `propose_by_percent`) never change anything by
themselves: the first only advises, the second files a normal request.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

import peewee as pw

from crm_desktop.errors import Conflict, NotFound, PermissionDenied, ValidationError
from crm_desktop.messages import Message, Text, msg
from crm_desktop.models import (
    AuditEvent,
    CreditRequest,
    Customer,
    User,
    from_minor,
    pg_roles,
    transaction,
    utcnow,
)
from crm_desktop.models.entities import CREDIT_RATINGS, PAYMENT_TERMS
from crm_desktop.services import changelog
from crm_desktop.services.auth import Actor
from crm_desktop.services.fields import CUSTOMER_FIELD_MAP
from crm_desktop.services.receivables import (
    Exposure,
    PaymentRecord,
    balance_minor,
    load_customer,
    payment_record,
    sales_last_12_months,
)
from crm_desktop.services.validation import (
    field_error,
    labelled,
    parse_choice,
    parse_int,
    parse_money,
)

MAX_COLLECTION_DAYS = 3650
STATUSES = ("pending", "approved", "rejected", "withdrawn")
# what happened to a decided request, as a refusal names it
DECISIONS: dict[str, Text] = {
    "approved": Text("批准", "approved"),
    "rejected": Text("驳回", "rejected"),
    "withdrawn": Text("撤回", "withdrawn"),
}
ACTIONS = ("approve", "reject", "withdraw")
APPROVED_LIMIT = Text("核准额度", "Approved limit")
REASON = Text("申请理由", "Reason")
COMMENT = Text("审批意见", "Comment")
PERCENT = Text("调整幅度", "Percent")


@dataclass(frozen=True)
class CreditTerms:
    """The four credit facts of a customer (or of a proposal)."""

    limit: Decimal | None
    days: int | None
    terms: str | None
    rating: str | None


@dataclass(frozen=True)
class CreditRequestInfo:
    """One request and its decision, as lists and the credit history show it."""

    id: int
    customer_id: int
    customer_code: str
    customer_name: str
    requested_by_id: int
    requested_by: str
    requested_at: datetime
    proposed: CreditTerms  # None in a field: unchanged
    reason: str
    status: str
    decided_by_id: int | None
    decided_by: str
    decided_at: datetime | None
    approved_limit: Decimal | None
    comment: str
    previous: CreditTerms  # filled on approval: the values the approval replaced


@dataclass(frozen=True)
class CreditRequestDetail:
    """What the request shows: current beside proposed, balance, payment record, 12-month sales."""

    request: CreditRequestInfo | None  # None for a preview before filing
    customer_id: int
    customer_code: str
    customer_name: str
    current: CreditTerms
    proposed: CreditTerms  # with unchanged fields filled from `current`
    balance: Decimal
    exposure: Exposure
    payment_record: PaymentRecord
    sales_12m: Decimal


@dataclass(frozen=True)
class RatingSuggestion:
    """Advice only. `reason` says why in the user's language; the figures are there so a
    front end can word it itself."""

    rating: str | None  # None: not enough history to judge
    current: str | None
    reason: Message
    on_time_pct: int = 0
    judged: int = 0
    open_overdue: int = 0
    max_days_late: int = 0

    @property
    def differs(self) -> bool:
        return self.rating is not None and self.rating != self.current


# --- reading -----------------------------------------------------------------------------


def _current_terms(customer: Customer) -> CreditTerms:
    return CreditTerms(
        customer.credit_limit,
        customer.collection_days,
        customer.payment_terms,
        customer.credit_rating,
    )


def _user_name(display: str | None, username: str | None) -> str:
    return display or username or ""


def _requests_query() -> pw.ModelSelect:
    requester = User.alias("requester")
    decider = User.alias("decider")
    return (
        CreditRequest.select(
            CreditRequest,
            Customer.code.alias("customer_code"),
            Customer.name.alias("customer_name"),
            Customer.owner.alias("customer_owner"),
            requester.username.alias("req_username"),
            requester.display_name.alias("req_display"),
            decider.username.alias("dec_username"),
            decider.display_name.alias("dec_display"),
        )
        .join_from(CreditRequest, Customer, on=(CreditRequest.customer == Customer.id))
        .join_from(CreditRequest, requester, on=(CreditRequest.requested_by == requester.id))
        .join_from(
            CreditRequest,
            decider,
            pw.JOIN.LEFT_OUTER,
            on=(CreditRequest.decided_by == decider.id),
        )
    )


def _info(r: CreditRequest) -> CreditRequestInfo:
    return CreditRequestInfo(
        id=r.id,
        customer_id=r.customer_id,
        customer_code=r.customer_code,
        customer_name=r.customer_name,
        requested_by_id=r.requested_by_id,
        requested_by=_user_name(r.req_display, r.req_username),
        requested_at=r.requested_at,
        proposed=CreditTerms(
            r.proposed_limit, r.proposed_days, r.proposed_terms, r.proposed_rating
        ),
        reason=r.reason,
        status=r.status,
        decided_by_id=r.decided_by_id,
        decided_by=_user_name(r.dec_display, r.dec_username),
        decided_at=r.decided_at,
        approved_limit=r.approved_limit,
        comment=r.comment,
        previous=CreditTerms(
            r.previous_limit, r.previous_days, r.previous_terms, r.previous_rating
        ),
    )


def _visible(query: pw.ModelSelect, actor: Actor) -> pw.ModelSelect:
    if actor.sees_all_customers:
        return query
    # a salesperson sees the requests on their customers and the ones they filed
    return query.where((Customer.owner == actor.id) | (CreditRequest.requested_by == actor.id))


def get_request(actor: Actor, request_id: int) -> CreditRequestInfo:
    row = (
        _visible(_requests_query(), actor)
        .where(CreditRequest.id == request_id, CreditRequest.deleted_at.is_null())
        .objects()
        .first()
    )
    if row is None:
        raise NotFound("credit.no_request", id=request_id)
    return _info(row)


def list_requests(
    actor: Actor,
    *,
    pending_only: bool = False,
    status: str | None = None,
    customer_id: int | None = None,
    limit: int | None = None,
) -> list[CreditRequestInfo]:
    """Requests the actor may see: pending oldest first, decided ones newest first."""
    query = _visible(_requests_query(), actor).where(CreditRequest.deleted_at.is_null())
    if pending_only:
        status = "pending"
    if status:
        query = query.where(CreditRequest.status == status)
    if customer_id is not None:
        query = query.where(CreditRequest.customer == customer_id)
    if status == "pending":
        query = query.order_by(CreditRequest.requested_at, CreditRequest.id)
    else:
        query = query.order_by(CreditRequest.requested_at.desc(), CreditRequest.id.desc())
    if limit:
        query = query.limit(limit)
    return [_info(r) for r in query.objects()]


def decided_requests(actor: Actor, limit: int = 500) -> list[CreditRequestInfo]:
    """Approved, rejected and withdrawn requests, newest decision first."""
    query = (
        _visible(_requests_query(), actor)
        .where(CreditRequest.deleted_at.is_null(), CreditRequest.status != "pending")
        .order_by(
            pw.fn.COALESCE(CreditRequest.decided_at, CreditRequest.requested_at).desc(),
            CreditRequest.id.desc(),
        )
        .limit(limit)
    )
    return [_info(r) for r in query.objects()]


def credit_history(actor: Actor, customer_id: int) -> list[CreditRequestInfo]:
    """Every request on the customer and its decision, newest first (the card's credit tab)."""
    load_customer(actor, customer_id, include_deleted=True)
    return list_requests(actor, customer_id=customer_id)


def pending_count(actor: Actor) -> int:
    """For badges: requests waiting for this actor (the GM: all pending; others: their own).

    A request for a deleted customer cannot be decided, so it does not wait.
    """
    query = (
        CreditRequest.select()
        .join(Customer, on=(CreditRequest.customer == Customer.id))
        .where(
            CreditRequest.status == "pending",
            CreditRequest.deleted_at.is_null(),
            Customer.deleted_at.is_null(),
        )
    )
    if not actor.can("credit.approve"):
        query = query.where(CreditRequest.requested_by == actor.id)
    return query.count()


def _merge(current: CreditTerms, proposed: CreditTerms) -> CreditTerms:
    return CreditTerms(
        proposed.limit if proposed.limit is not None else current.limit,
        proposed.days if proposed.days is not None else current.days,
        proposed.terms if proposed.terms is not None else current.terms,
        proposed.rating if proposed.rating is not None else current.rating,
    )


def _detail(
    actor: Actor, customer: Customer, proposed: CreditTerms, info: CreditRequestInfo | None
) -> CreditRequestDetail:
    current = _current_terms(customer)
    balance = balance_minor(customer.id)
    limit_fen = None if customer.credit_limit is None else int(customer.credit_limit * 100)
    ratio = None
    if limit_fen is not None:
        ratio = balance / limit_fen if limit_fen else (0.0 if balance <= 0 else float("inf"))
    return CreditRequestDetail(
        request=info,
        customer_id=customer.id,
        customer_code=customer.code,
        customer_name=customer.name,
        current=current,
        proposed=_merge(current, proposed),
        balance=from_minor(balance),
        exposure=Exposure(customer.id, from_minor(balance), customer.credit_limit, ratio),
        payment_record=payment_record(actor, customer.id),
        sales_12m=sales_last_12_months(actor, customer.id),
    )


def request_detail(actor: Actor, request_id: int) -> CreditRequestDetail:
    """A filed request beside the customer's present figures (what the approver looks at)."""
    info = get_request(actor, request_id)
    customer = load_customer(actor, info.customer_id, include_deleted=True)
    return _detail(actor, customer, info.proposed, info)


def preview_request(
    actor: Actor,
    customer_id: int,
    limit: object = None,
    days: object = None,
    terms: object = None,
    rating: object = None,
) -> CreditRequestDetail:
    """The request dialog's figures before filing: current vs proposed, balance, record, sales."""
    customer = load_customer(actor, customer_id)
    proposed = _clean_terms(limit, days, terms, rating, require_limit=False)
    return _detail(actor, customer, proposed, None)


# --- validation ----------------------------------------------------------------------------


def _clean_terms(
    limit: object, days: object, terms: object, rating: object, *, require_limit: bool = True
) -> CreditTerms:
    errors: dict[str, Message] = {}
    clean_limit = clean_days = clean_terms = clean_rating = None
    spec = CUSTOMER_FIELD_MAP
    try:
        clean_limit = parse_money(limit)
        if clean_limit is None and require_limit:
            errors["limit"] = field_error(spec["credit_limit"], msg("validation.required"))
    except ValueError as exc:
        errors["limit"] = field_error(spec["credit_limit"], exc)
    try:
        clean_days = parse_int(days)
        if clean_days is not None and clean_days > MAX_COLLECTION_DAYS:
            errors["days"] = field_error(
                spec["collection_days"],
                msg("credit.days_too_many", days=clean_days, most=MAX_COLLECTION_DAYS),
            )
    except ValueError as exc:
        errors["days"] = field_error(spec["collection_days"], exc)
    try:
        clean_terms = parse_choice(terms, "payment_terms")
    except ValueError as exc:
        errors["terms"] = field_error(spec["payment_terms"], exc)
    try:
        clean_rating = parse_choice(rating, "credit_rating")
    except ValueError as exc:
        errors["rating"] = field_error(spec["credit_rating"], exc)
    if errors:
        raise ValidationError(errors)
    assert clean_terms in (None, *PAYMENT_TERMS) and clean_rating in (None, *CREDIT_RATINGS)
    return CreditTerms(clean_limit, clean_days, clean_terms, clean_rating)


# --- who may decide ---------------------------------------------------------------------------


def may_decide(actor: Actor) -> bool:
    """Whether the actor decides credit requests at all (信用额度金额由总经理核定)."""
    return actor.can("credit.approve")


def allowed_actions(actor: Actor, request: CreditRequestInfo) -> set[str]:
    """What `actor` may do with `request` now: a subset of approve, reject, withdraw.

    The one place that decides it: the service's writes check it, and the credit page
    and dialog ask it which buttons to offer. Only a pending request can be acted on;
    the general manager approves (never their own request) or rejects; the requester
    withdraws their own."""
    if request.status != "pending":
        return set()
    allowed = set()
    if may_decide(actor):
        allowed.add("reject")
        if request.requested_by_id != actor.id:
            allowed.add("approve")
    if request.requested_by_id == actor.id:
        allowed.add("withdraw")
    return allowed


# --- writing -------------------------------------------------------------------------------


def request_credit(
    actor: Actor,
    customer_id: int,
    *,
    limit: object,
    days: object = None,
    terms: object = None,
    rating: object = None,
    reason: str = "",
) -> CreditRequestDetail:
    """File a request (salesperson on their own customers, sales manager, GM).

    Fields left empty stay as they are. A customer can have only one pending request.
    """
    actor.require("credit.request", "auth.action_request_credit")
    customer = load_customer(actor, customer_id)
    proposed = _clean_terms(limit, days, terms, rating)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": labelled(REASON, msg("credit.reason_required"))})
    with transaction():
        if Customer.get_or_none(Customer.id == customer.id, Customer.deleted_at.is_null()) is None:
            raise NotFound("credit.customer_deleted", code=customer.code)
        waiting = (
            CreditRequest.select(CreditRequest.id)
            .where(
                CreditRequest.customer == customer.id,
                CreditRequest.status == "pending",
                CreditRequest.deleted_at.is_null(),
            )
            .first()
        )
        if waiting is not None:
            raise Conflict("credit.already_waiting", code=customer.code, id=waiting.id)
        req = CreditRequest.create(
            customer=customer.id,
            requested_by=actor.id,
            requested_at=utcnow(),
            proposed_limit=proposed.limit,
            proposed_days=proposed.days,
            proposed_terms=proposed.terms,
            proposed_rating=proposed.rating,
            reason=reason[:2000],
        )
        changelog.record_event(
            "credit_request", req.id, "requested", actor, new_value=str(proposed.limit)
        )
    info = get_request(actor, req.id)
    return _detail(actor, customer, info.proposed, info)


def _load_pending(actor: Actor, request_id: int) -> CreditRequestInfo:
    """The request, checked to be still pending (a plain Conflict when it was decided)."""
    info = get_request(actor, request_id)
    if info.status != "pending":
        status = DECISIONS.get(info.status, Text(info.status, info.status))
        if info.decided_by and info.decided_at:
            raise Conflict(
                "credit.already_decided_by",
                id=request_id,
                status=status,
                who=info.decided_by,
                when=f"{info.decided_at:%Y-%m-%d %H:%M}",
            )
        raise Conflict("credit.already_decided", id=request_id, status=status)
    return info


def _mark_decided(request_id: int, status: str, actor: Actor, **extra) -> None:
    """The one conditional UPDATE that decides a request; a count of 0 means someone was first."""
    count = (
        CreditRequest.update(
            status=status,
            decided_by=actor.id,
            decided_at=utcnow(),
            updated_at=utcnow(),
            version=CreditRequest.version + 1,
            **extra,
        )
        .where(CreditRequest.id == request_id, CreditRequest.status == "pending")
        .execute()
    )
    if count != 1:
        raise Conflict("credit.decided_meanwhile", id=request_id)


def approve(
    actor: Actor, request_id: int, *, limit: object = None, comment: str = ""
) -> CreditRequestInfo:
    """The general manager approves, optionally with a lower limit; the customer changes now."""
    actor.require("credit.approve", "auth.action_approve_credit")
    info = _load_pending(actor, request_id)
    if "approve" not in allowed_actions(actor, info):
        raise PermissionDenied("credit.own_request", user=actor.name, id=request_id)
    approved = info.proposed.limit
    if limit is not None and limit != "":
        try:
            approved = parse_money(limit)
        except ValueError as exc:
            raise ValidationError({"limit": labelled(APPROVED_LIMIT, exc)}) from None
        if approved is None:
            approved = info.proposed.limit
        if (
            approved is not None
            and info.proposed.limit is not None
            and approved > info.proposed.limit
        ):
            raise ValidationError(
                {
                    "limit": labelled(
                        APPROVED_LIMIT,
                        msg(
                            "credit.more_than_requested",
                            approved=approved,
                            requested=info.proposed.limit,
                        ),
                    )
                }
            )
    comment = (comment or "").strip()[:2000]
    with transaction():
        customer = Customer.get_or_none(Customer.id == info.customer_id)
        if customer is None or customer.deleted_at is not None:
            raise NotFound("credit.deleted_cannot_approve", code=info.customer_code, id=request_id)
        old = _current_terms(customer)
        new = _merge(
            old,
            CreditTerms(approved, info.proposed.days, info.proposed.terms, info.proposed.rating),
        )
        _mark_decided(
            request_id,
            "approved",
            actor,
            approved_limit=approved,
            comment=comment,
            previous_limit=old.limit,
            previous_days=old.days,
            previous_terms=old.terms,
            previous_rating=old.rating,
        )
        now = utcnow()
        old_values = {
            "credit_limit": old.limit,
            "collection_days": old.days,
            "payment_terms": old.terms,
            "credit_rating": old.rating,
            "credit_approved_by": customer.credit_approved_by_id,
            "credit_approved_at": customer.credit_approved_at,
        }
        new_values = {
            "credit_limit": new.limit,
            "collection_days": new.days,
            "payment_terms": new.terms,
            "credit_rating": new.rating,
            "credit_approved_by": actor.id,
            "credit_approved_at": now,
        }
        # on a general manager's database role the server's approval function writes them
        terms = {} if pg_roles.set_credit(customer.id, new_values) else new_values
        Customer.update(**terms, updated_at=now, version=Customer.version + 1).where(
            Customer.id == customer.id
        ).execute()
        changelog.record_changes("customer", customer.id, old_values, new_values, actor)
        changelog.record_event(
            "credit_request", request_id, "approved", actor, new_value=str(approved)
        )
        AuditEvent.create(
            user=actor.id,
            action="credit.approve",
            entity="customer",
            entity_id=customer.id,
            count=1,
            detail=(
                f"request {request_id}: limit {old.limit} -> {new.limit}, days {old.days} -> "
                f"{new.days}, terms {old.terms} -> {new.terms}, rating {old.rating} -> {new.rating}"
            ),
        )
    return get_request(actor, request_id)


def reject(actor: Actor, request_id: int, *, comment: str) -> CreditRequestInfo:
    """The general manager says no, with a comment; the customer is not touched."""
    actor.require("credit.approve", "auth.action_reject_credit")
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": labelled(COMMENT, msg("credit.reject_reason_required"))})
    _load_pending(actor, request_id)
    with transaction():
        _mark_decided(request_id, "rejected", actor, comment=comment[:2000])
        changelog.record_event("credit_request", request_id, "rejected", actor)
        AuditEvent.create(
            user=actor.id, action="credit.reject", entity="credit_request", entity_id=request_id
        )
    return get_request(actor, request_id)


def withdraw(actor: Actor, request_id: int) -> CreditRequestInfo:
    """The requester takes back a request that is still waiting."""
    info = _load_pending(actor, request_id)
    if "withdraw" not in allowed_actions(actor, info):
        raise PermissionDenied(
            "credit.only_requester_withdraws", user=info.requested_by, id=request_id
        )
    with transaction():
        _mark_decided(request_id, "withdrawn", actor)
        changelog.record_event("credit_request", request_id, "withdrawn", actor)
    return get_request(actor, request_id)


# --- suggestions ----------------------------------------------------------------------------


def suggest_rating(actor: Actor, customer_id: int, as_of: date | None = None) -> RatingSuggestion:
    """A rating from payment behaviour (advice only; nothing changes).

    A: at least 90 % of judged sales paid on time and nothing over 30 days late now;
    B: at least 70 % on time and nothing over 90 days late; C: otherwise. Fewer than
    three judged sales: no suggestion.
    """
    customer = load_customer(actor, customer_id, include_deleted=True)
    rec = payment_record(actor, customer.id, as_of)
    share = rec.on_time_share
    if share is None or rec.judged < 3:
        return RatingSuggestion(None, customer.credit_rating, msg("credit.suggest_no_history"))
    worst_open = rec.max_days_late if rec.open_overdue else 0
    pct = round(share * 100)
    if share >= 0.9 and worst_open <= 30:
        rating = "A"
    elif share >= 0.7 and worst_open <= 90:
        rating = "B"
    else:
        rating = "C"
    if rec.open_overdue:
        reason = msg(
            "credit.suggest_overdue",
            pct=pct,
            judged=rec.judged,
            overdue=rec.open_overdue,
            days=rec.max_days_late,
        )
    else:
        reason = msg("credit.suggest_on_time", pct=pct, judged=rec.judged)
    return RatingSuggestion(
        rating,
        customer.credit_rating,
        reason,
        pct,
        rec.judged,
        rec.open_overdue,
        rec.max_days_late,
    )


def scaled_limit(current: Decimal, percent: object) -> Decimal:
    """The current limit raised (positive) or lowered (negative) by `percent`, to the yuan."""
    try:
        pct = Decimal(str(percent).strip().rstrip("%"))
    except Exception:
        raise ValidationError(
            {"percent": labelled(PERCENT, msg("validation.not_a_number", value=percent))}
        ) from None
    if not pct.is_finite() or pct <= -100 or pct > 1000:
        raise ValidationError(
            {"percent": labelled(PERCENT, msg("credit.percent_range", value=percent))}
        )
    return (current * (1 + pct / 100)).quantize(Decimal(1), rounding=ROUND_HALF_UP)


def propose_by_percent(
    actor: Actor, customer_id: int, percent: object, reason: str
) -> CreditRequestDetail:
    """Raise or lower the limit by x %: files a normal request for the GM to decide."""
    customer = load_customer(actor, customer_id)
    if customer.credit_limit is None:
        raise ValidationError(
            {"percent": labelled(PERCENT, msg("credit.no_limit_yet", customer=customer.code))}
        )
    return request_credit(
        actor, customer.id, limit=scaled_limit(customer.credit_limit, percent), reason=reason
    )


__all__ = [
    "CreditRequestDetail",
    "CreditRequestInfo",
    "CreditTerms",
    "RatingSuggestion",
    "allowed_actions",
    "approve",
    "credit_history",
    "decided_requests",
    "get_request",
    "list_requests",
    "may_decide",
    "pending_count",
    "preview_request",
    "propose_by_percent",
    "reject",
    "request_credit",
    "request_detail",
    "scaled_limit",
    "suggest_rating",
    "withdraw",
]
