"""Who may see and touch which follow-up: the customer's visibility and the owner rules."""

from __future__ import annotations

from crm_desktop.errors import NotFound, PermissionDenied, ValidationError
from crm_desktop.messages import Text, msg
from crm_desktop.models import (
    Customer,
    FollowUp,
    User,
)
from crm_desktop.services.auth import Actor, NotVisible, resolve_user
from crm_desktop.services.fields import CHOICES
from crm_desktop.services.followups.labels import _problem


def _visible_customer(actor: Actor, customer_id: int) -> Customer:
    customer = Customer.get_or_none(Customer.id == customer_id)
    if customer is None or customer.deleted_at is not None:
        raise NotFound("followups.no_customer_id", id=customer_id)
    if not actor.sees_all_customers and customer.owner_id != actor.id:
        raise NotVisible("followups.no_customer_id", id=customer_id)
    return customer


def _resolve_customer(actor: Actor, value: object) -> Customer:
    if value is None or value == "":
        raise ValidationError({"customer": _problem("customer", msg("validation.required"))})
    if isinstance(value, int):
        return _visible_customer(actor, value)
    text = str(value).strip()
    customer = Customer.get_or_none((Customer.code == text) & Customer.deleted_at.is_null())
    if customer is None and text.isdigit():
        customer = Customer.get_or_none(Customer.id == int(text))
    if customer is None or not (actor.sees_all_customers or customer.owner_id == actor.id):
        # another salesperson's customer is told as unknown: codes do not leak
        raise ValidationError(
            {"customer": _problem("customer", msg("followups.no_customer", text=text))}
        )
    return _visible_customer(actor, customer.id)


def _load(actor: Actor, followup_id: int) -> FollowUp:
    fu = FollowUp.get_or_none(FollowUp.id == followup_id)
    if fu is None or fu.deleted_at is not None:
        raise NotFound("followups.no_followup", id=followup_id)
    _visible_customer(actor, fu.customer_id)
    return fu


def _check_owner(actor: Actor, owner_id: int | None, current: int | None = None) -> None:
    if owner_id is None:
        return
    user = User.get_or_none(User.id == owner_id)
    if user is None or not user.active or user.deleted_at is not None:
        raise ValidationError({"owner": _problem("owner", msg("followups.user_inactive"))})
    if owner_id not in (actor.id, current) and not actor.can("customer.assign_owner"):
        raise PermissionDenied("followups.plan_for_other", user=actor.username, role=role(actor))


def _owner_id(value: object) -> int | None:
    try:
        return resolve_user(value, "owner")
    except ValidationError:
        name = str(value).strip()
        raise ValidationError(
            {"owner": _problem("owner", msg("followups.no_user", name=name))}
        ) from None


def role(actor: Actor) -> Text:
    """The actor's role as the user reads it (总经理 / General manager), never its key."""
    zh, en = CHOICES["role"].get(actor.role, (actor.role, actor.role))
    return Text(zh, en)
