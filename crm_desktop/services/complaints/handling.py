"""Recording a complaint and taking it along its path, each step in the change history.

已受理 (open) → 处理中 (processing) → 已解决 (resolved) → 客户确认 (confirmed), or
已关闭 (closed, with a reason) from any step before the customer's confirmation. Every
write checks first and writes after, in one transaction: a refused step leaves nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any

from crm_desktop.errors import Conflict, InvalidValue, PermissionDenied, ValidationError
from crm_desktop.messages import Message, Renderable, Text, msg
from crm_desktop.models import (
    Complaint,
    Contact,
    Customer,
    Product,
    Sale,
    User,
    transaction,
    utcnow,
)
from crm_desktop.models.entities import (
    COMPENSATION_KINDS,
    COMPLAINT_CHANNELS,
    COMPLAINT_SEVERITIES,
)
from crm_desktop.services import changelog
from crm_desktop.services.auth import Actor, role_label
from crm_desktop.services.complaints.labels import (
    CHANNEL_LABELS,
    COMPENSATION_LABELS,
    SEVERITY_LABELS,
    STATUS_LABELS,
    problem,
    text,
)
from crm_desktop.services.complaints.records import (
    ENTITY,
    ComplaintInfo,
    get_complaint,
    load,
    visible_customer,
)
from crm_desktop.services.complaints.rules import OPEN_STATUSES, clean_category, due_time
from crm_desktop.services.validation import clean_long_text, clean_text, parse_money
from crm_desktop.textutil import to_halfwidth

SUBJECT_MAX = 200
EDITABLE = (
    "received_at",
    "channel",
    "contact",
    "category",
    "severity",
    "subject",
    "description",
    "product",
    "sale",
    "due_at",
)


def _now() -> datetime:
    """Complaint times are local wall-clock times, like their due time (ChangeLog keeps UTC)."""
    return datetime.now().replace(microsecond=0)


# --- cleaning -------------------------------------------------------------------------


def _choice(table: dict[str, tuple[str, str]], codes: tuple[str, ...], value: object, name: str):
    """A code from its code or either label; '' for empty."""
    raw = clean_text(value)
    if not raw:
        return ""
    low = raw.lower()
    for code in codes:
        zh, en = table[code]
        if low in (code, zh.lower(), en.lower()):
            return code
    allowed = [text(table, c) for c in codes]
    raise ValidationError(
        {name: problem(name, msg("validation.not_a_choice", value=raw, allowed=allowed))}
    )


def _when(value: object, name: str) -> datetime | None:
    from crm_desktop.services.followups.planning import parse_datetime

    try:
        return parse_datetime(value, name)
    except ValidationError as exc:  # the follow-ups' label → ours
        (inner,) = exc.problems.values()
        what = inner.params.get("problem", inner) if isinstance(inner, Message) else inner
        raise ValidationError({name: problem(name, what)}) from None


def _customer(actor: Actor, value: object) -> Customer:
    if value is None or value == "":
        raise ValidationError({"customer": problem("customer", msg("validation.required"))})
    if isinstance(value, int):
        return visible_customer(actor, value)
    raw = clean_text(value)
    customer = Customer.get_or_none((Customer.code == raw) & Customer.deleted_at.is_null())
    if customer is None:
        raise ValidationError(
            {"customer": problem("customer", msg("complaints.no_customer", text=raw))}
        )
    return visible_customer(actor, customer.id)


def _product(value: object) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, int):
        found = Product.get_or_none(Product.id == value)
    else:
        raw = clean_text(value)
        found = Product.get_or_none((Product.code == raw) | (Product.name == raw))
    if found is None or found.deleted_at is not None:
        raise ValidationError(
            {"product": problem("product", msg("complaints.no_product", text=value))}
        )
    return found.id


def _sale(value: object, customer_id: int) -> Sale | None:
    if value is None or value == "":
        return None
    try:
        sale_id = int(str(value).strip())
    except ValueError:
        sale_id = 0
    sale = Sale.get_or_none(Sale.id == sale_id)
    if sale is None or sale.customer_id != customer_id or sale.deleted_at is not None:
        raise ValidationError({"sale": problem("sale", msg("complaints.no_sale", id=value))})
    return sale


def _contact(value: object, customer_id: int) -> int | None:
    if value is None or value == "":
        return None
    try:
        contact_id = int(str(value).strip())
    except ValueError:
        contact_id = 0
    found = Contact.get_or_none(Contact.id == contact_id)
    if found is None or found.customer_id != customer_id or found.deleted_at is not None:
        raise ValidationError(
            {"contact": problem("contact", msg("complaints.no_contact", id=value))}
        )
    return found.id


def _handler(actor: Actor, value: object) -> int | None:
    """An active user; a salesperson may hand a complaint only to themselves."""
    from crm_desktop.services.auth import resolve_user

    if value is None or value == "":
        return None
    try:
        user_id = resolve_user(value, "handled_by")
    except ValidationError as exc:
        (inner,) = exc.problems.values()
        raise ValidationError({"handled_by": problem("handled_by", inner)}) from None
    user = User.get_by_id(user_id)
    if not user.active or user.deleted_at is not None:
        raise ValidationError(
            {"handled_by": problem("handled_by", msg("complaints.user_inactive"))}
        )
    if user_id != actor.id and not actor.can("customer.assign_owner"):
        raise PermissionDenied(
            "complaints.assign_to_other", user=actor.name, role=role_label(actor.role)
        )
    return user_id


def _long(value: object, name: str) -> str:
    out = clean_long_text(value)
    if len(out) > 10_000:
        raise ValidationError(
            {name: problem(name, msg("validation.too_long", length=len(out), limit=10_000))}
        )
    return out


def _subject(value: object, description: str) -> str:
    subject = " ".join(clean_text(value).split())
    if not subject and description:  # the first line of the text
        subject = description.splitlines()[0].strip()[:60]
    if not subject:
        raise ValidationError({"subject": problem("subject", msg("validation.required"))})
    if len(subject) > SUBJECT_MAX:
        raise ValidationError(
            {
                "subject": problem(
                    "subject", msg("validation.too_long", length=len(subject), limit=SUBJECT_MAX)
                )
            }
        )
    return subject


def parse_satisfaction(value: object) -> int:
    """The customer's satisfaction: a whole number 1 (very unhappy) to 5 (very satisfied)."""
    raw = to_halfwidth(str(value if value is not None else "")).strip()
    try:
        number = int(raw)
    except ValueError:
        number = 0
    if not 1 <= number <= 5 or str(number) != raw.lstrip("+").lstrip("0") or "." in raw:
        raise ValidationError(
            {
                "satisfaction": problem(
                    "satisfaction", msg("complaints.satisfaction_range", value=raw)
                )
            }
        )
    return number


def _collect(errors: dict[str, Renderable], name: str, call, *args):
    try:
        return call(*args)
    except ValidationError as exc:
        errors.update(exc.problems)
    except InvalidValue as exc:
        errors[name] = problem(name, exc.msg)
    return None


def _clean(actor: Actor, values: Mapping[str, object], customer: Customer) -> dict[str, Any]:
    """The editable fields given, cleaned; every problem at once."""
    errors: dict[str, Renderable] = {}
    out: dict[str, Any] = {}
    for name in values:
        if name not in EDITABLE and name not in ("customer", "handled_by"):
            errors[name] = msg(
                "validation.field", label=Text(name, name), problem=msg("complaints.not_a_field")
            )
    if "channel" in values:
        out["channel"] = _collect(
            errors,
            "channel",
            _choice,
            CHANNEL_LABELS,
            COMPLAINT_CHANNELS,
            values["channel"],
            "channel",
        )
    if "severity" in values:
        out["severity"] = (
            _collect(
                errors,
                "severity",
                _choice,
                SEVERITY_LABELS,
                COMPLAINT_SEVERITIES,
                values["severity"],
                "severity",
            )
            or "normal"
        )
    if "category" in values:
        out["category"] = _collect(errors, "category", clean_category, values["category"])
    if "description" in values:
        out["description"] = _collect(
            errors, "description", _long, values["description"], "description"
        )
    if "subject" in values or "description" in values and "subject" not in values:
        out["subject"] = _collect(
            errors, "subject", _subject, values.get("subject"), out.get("description") or ""
        )
    for name in ("received_at", "due_at"):
        if name in values:
            out[name] = _collect(errors, name, _when, values[name], name)
    if "product" in values:
        out["product"] = _collect(errors, "product", _product, values["product"])
    if "sale" in values:
        sale = _collect(errors, "sale", _sale, values["sale"], customer.id)
        out["sale"] = sale.id if sale else None
        if sale is not None and sale.product_id and not out.get("product"):
            out["product"] = sale.product_id
    if "contact" in values:
        out["contact"] = _collect(errors, "contact", _contact, values["contact"], customer.id)
    if errors:
        raise ValidationError(errors)
    return out


# --- writing --------------------------------------------------------------------------


def _old(row: Complaint, names) -> dict[str, object]:
    return {n: getattr(row, f"{n}_id" if n in _FOREIGN else n) for n in names}


_FOREIGN = ("contact", "product", "sale", "handled_by", "followup", "customer")


def _write(
    actor: Actor, row: Complaint, changes: dict[str, Any], expected_version: int | None
) -> None:
    """Apply changes to a complaint if nobody changed it meanwhile, with its history."""
    old = _old(row, changes)
    condition = Complaint.id == row.id
    if expected_version is not None:
        condition &= Complaint.version == expected_version
    count = (
        Complaint.update(**changes, updated_at=utcnow(), version=Complaint.version + 1)
        .where(condition)
        .execute()
    )
    if not count:
        raise Conflict("complaints.changed_meanwhile", id=row.id)
    changelog.record_changes(ENTITY, row.id, old, changes, actor)


_ACTIONS = {
    "start": msg("complaints.action_start"),
    "resolve": msg("complaints.action_resolve"),
    "close": msg("complaints.action_close"),
    "edit": msg("complaints.action_edit"),
    "assign": msg("complaints.action_assign"),
}


def _refuse_step(row: Complaint, action: str) -> Conflict:
    return Conflict(
        "complaints.wrong_step",
        id=row.id,
        status=text(STATUS_LABELS, row.status),
        action=_ACTIONS[action],
    )


def add_complaint(actor: Actor, values: Mapping[str, object]) -> ComplaintInfo:
    """Receive a complaint: customer (id or code), subject and/or description, category,
    severity, channel, contact, product, sale, received_at (default now), handled_by
    (default the customer's owner, else the actor), due_at (default from the severity)."""
    customer = _customer(actor, values.get("customer"))
    given = dict(values)
    given.setdefault("severity", "normal")
    given.setdefault("category", "other")
    given.setdefault("subject", "")
    clean = _clean(actor, given, customer)
    handler = values.get("handled_by")
    if handler in (None, ""):
        handled_by = customer.owner_id or actor.id
    else:
        handled_by = _handler(actor, handler)
    received = clean.get("received_at") or _now()
    due = clean.get("due_at") or due_time(clean["severity"], received)
    with transaction():
        row = Complaint.create(
            customer=customer.id,
            contact=clean.get("contact"),
            received_at=received,
            subject=clean["subject"],
            description=clean.get("description") or "",
            severity=clean["severity"],
            status="open",
            handled_by=handled_by,
            channel=clean.get("channel") or "",
            category=clean["category"],
            product=clean.get("product"),
            sale=clean.get("sale"),
            due_at=due,
        )
        changelog.record_event(ENTITY, row.id, "created", actor, new_value=row.subject)
    return get_complaint(actor, row.id)


def update_complaint(
    actor: Actor,
    complaint_id: int,
    values: Mapping[str, object],
    expected_version: int | None = None,
) -> ComplaintInfo:
    """Correct what was recorded (not after the customer confirmed or it was closed).
    A new severity moves the due time with it unless a due time is given."""
    row = load(actor, complaint_id)
    if row.status not in (*OPEN_STATUSES, "resolved"):
        raise _refuse_step(row, "edit")
    customer = Customer.get_by_id(row.customer_id)
    clean = _clean(actor, {k: v for k, v in values.items() if k in EDITABLE}, customer)
    if "handled_by" in values:
        raise ValidationError({"handled_by": problem("handled_by", msg("complaints.not_a_field"))})
    if clean.get("severity") and clean["severity"] != row.severity and "due_at" not in values:
        clean["due_at"] = due_time(clean["severity"], clean.get("received_at") or row.received_at)
    if clean.get("due_at") is None:
        clean.pop("due_at", None)
    if "received_at" in clean and clean["received_at"] is None:
        clean.pop("received_at")
    changes = {k: v for k, v in clean.items() if _old(row, [k])[k] != v}
    if changes:
        with transaction():
            _write(actor, row, changes, expected_version)
    return get_complaint(actor, complaint_id)


def assign_complaint(
    actor: Actor, complaint_id: int, user: object, expected_version: int | None = None
) -> ComplaintInfo:
    """Hand the complaint to a person (a salesperson: to themselves only)."""
    row = load(actor, complaint_id)
    if row.status not in OPEN_STATUSES + ("resolved",):
        raise _refuse_step(row, "assign")
    handled_by = _handler(actor, user)
    if handled_by is None:
        raise ValidationError({"handled_by": problem("handled_by", msg("validation.required"))})
    if handled_by != row.handled_by_id:
        with transaction():
            _write(actor, row, {"handled_by": handled_by}, expected_version)
    return get_complaint(actor, complaint_id)


def start_complaint(
    actor: Actor, complaint_id: int, expected_version: int | None = None
) -> ComplaintInfo:
    """已受理 → 处理中."""
    row = load(actor, complaint_id)
    if row.status != "open":
        raise _refuse_step(row, "start")
    with transaction():
        _write(actor, row, {"status": "processing", "started_at": _now()}, expected_version)
    return get_complaint(actor, complaint_id)


def resolve_complaint(
    actor: Actor,
    complaint_id: int,
    resolution: object,
    *,
    compensation_kind: object = None,
    compensation_amount: object = None,
    compensation_note: object = None,
    followup_at: object = None,
    expected_version: int | None = None,
) -> ComplaintInfo:
    """已受理/处理中 → 已解决: the resolution, what was given in compensation, and a
    follow-up visit planned for the given time (the complaint's handler visits)."""
    row = load(actor, complaint_id)
    if row.status not in OPEN_STATUSES:
        raise _refuse_step(row, "resolve")
    errors: dict[str, Renderable] = {}
    text_ = _collect(errors, "resolution", _long, resolution, "resolution") or ""
    if not text_ and "resolution" not in errors:
        errors["resolution"] = problem("resolution", msg("validation.required"))
    kind = _collect(
        errors,
        "compensation_kind",
        _choice,
        COMPENSATION_LABELS,
        COMPENSATION_KINDS,
        compensation_kind,
        "compensation_kind",
    )
    amount: Decimal | None = None
    if compensation_amount not in (None, ""):
        try:
            amount = parse_money(compensation_amount)
            if amount is not None and amount < 0:
                raise InvalidValue("validation.not_a_number", value=compensation_amount)
        except InvalidValue as exc:
            errors["compensation_amount"] = problem("compensation_amount", exc.msg)
    note = _collect(errors, "compensation_note", _long, compensation_note, "compensation_note")
    visit = None
    if followup_at not in (None, ""):
        visit = _collect(errors, "followup", _when, followup_at, "followup")
    if errors:
        raise ValidationError(errors)
    changes: dict[str, Any] = {
        "status": "resolved",
        "resolution": text_,
        "resolved_at": _now(),
        "compensation_kind": kind or "",
        "compensation_amount": amount,
        "compensation_note": note or "",
    }
    if row.started_at is None:
        changes["started_at"] = changes["resolved_at"]
    with transaction():
        if visit is not None:
            changes["followup"] = _plan_visit(actor, row, visit)
        _write(actor, row, changes, expected_version)
    return get_complaint(actor, complaint_id)


def _plan_visit(actor: Actor, row: Complaint, due: datetime) -> int:
    from crm_desktop.services.followups import plan_followup

    owner = row.handled_by_id if actor.can("customer.assign_owner") else actor.id
    planned = plan_followup(
        actor,
        {
            "customer": row.customer_id,
            "kind": "visit",
            "subject": msg("complaints.followup_subject", subject=row.subject).render()[:200],
            "due_at": due,
            "owner": owner or actor.id,
        },
    )
    return planned.id


def confirm_complaint(
    actor: Actor, complaint_id: int, satisfaction: object, expected_version: int | None = None
) -> ComplaintInfo:
    """已解决 → 客户确认, with the customer's satisfaction 1–5."""
    row = load(actor, complaint_id)
    if row.status != "resolved":
        raise Conflict(
            "complaints.confirm_unresolved", id=row.id, status=text(STATUS_LABELS, row.status)
        )
    score = parse_satisfaction(satisfaction)
    with transaction():
        _write(
            actor,
            row,
            {"status": "confirmed", "satisfaction": score, "confirmed_at": _now()},
            expected_version,
        )
    return get_complaint(actor, complaint_id)


def close_complaint(
    actor: Actor, complaint_id: int, reason: object, expected_version: int | None = None
) -> ComplaintInfo:
    """Close a complaint that will not be confirmed (withdrawn, unfounded…), with the reason."""
    row = load(actor, complaint_id)
    if row.status not in (*OPEN_STATUSES, "resolved"):
        raise _refuse_step(row, "close")
    why = _long(reason, "close_reason")
    if not why:
        raise ValidationError({"close_reason": problem("close_reason", msg("validation.required"))})
    with transaction():
        _write(
            actor,
            row,
            {"status": "closed", "close_reason": why, "closed_at": _now()},
            expected_version,
        )
    return get_complaint(actor, complaint_id)
