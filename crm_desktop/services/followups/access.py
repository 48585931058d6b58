"""Who may see and touch which follow-up: the customer's visibility and the owner rules."""

from __future__ import annotations

from crm_desktop.errors import NotFound, PermissionDenied, ValidationError
from crm_desktop.models import (
    Customer,
    FollowUp,
    User,
)
from crm_desktop.services.auth import Actor, resolve_user
from crm_desktop.services.followups.labels import _msg


def _visible_customer(actor: Actor, customer_id: int) -> Customer:
    customer = Customer.get_or_none(Customer.id == customer_id)
    if customer is None or customer.deleted_at is not None:
        raise NotFound(f"Customer {customer_id} does not exist or was deleted.")
    if not actor.sees_all_customers and customer.owner_id != actor.id:
        raise PermissionDenied(
            f"Not allowed: customer {customer.code} belongs to another salesperson."
        )
    return customer


def _resolve_customer(actor: Actor, value: object) -> Customer:
    if value is None or value == "":
        raise ValidationError({"customer": _msg("customer", "is required")})
    if isinstance(value, int):
        return _visible_customer(actor, value)
    text = str(value).strip()
    customer = Customer.get_or_none((Customer.code == text) & Customer.deleted_at.is_null())
    if customer is None and text.isdigit():
        customer = Customer.get_or_none(Customer.id == int(text))
    if customer is None:
        raise ValidationError({"customer": _msg("customer", f"there is no customer '{text}'")})
    return _visible_customer(actor, customer.id)


def _load(actor: Actor, followup_id: int) -> FollowUp:
    fu = FollowUp.get_or_none(FollowUp.id == followup_id)
    if fu is None or fu.deleted_at is not None:
        raise NotFound(f"Follow-up {followup_id} does not exist.")
    _visible_customer(actor, fu.customer_id)
    return fu


def _check_owner(actor: Actor, owner_id: int | None, current: int | None = None) -> None:
    if owner_id is None:
        return
    user = User.get_or_none(User.id == owner_id)
    if user is None or not user.active or user.deleted_at is not None:
        raise ValidationError({"owner": _msg("owner", "that user is not active")})
    if owner_id not in (actor.id, current) and not actor.can("customer.assign_owner"):
        raise PermissionDenied(
            f"Not allowed: {actor.username} ({actor.role}) may not plan follow-ups for another user."
        )


def _owner_id(value: object) -> int | None:
    try:
        return resolve_user(value, "owner")
    except ValidationError as exc:
        raise ValidationError(
            {"owner": _msg("owner", exc.errors["owner"].split(": ", 1)[-1])}
        ) from None
