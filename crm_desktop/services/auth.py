"""Users, roles and permissions: every service asks here before it reads or writes.

Roles (DESIGN.md): the general manager may do everything and alone approves credit
and manages users; a sales manager sees all customers, imports, exports, reports and
assigns owners; a salesperson sees and edits only their own customers.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from crm_desktop.errors import NotFound, PermissionDenied, UserError, ValidationError
from crm_desktop.models import AuditEvent, User, transaction, utcnow
from crm_desktop.models.entities import ROLES

ENV_PASSWORD = "CRM_DESKTOP_PASSWORD"

PERMISSIONS: dict[str, frozenset[str]] = {
    "gm": frozenset(
        {
            "customer.view_all",
            "customer.edit_all",
            "customer.assign_owner",
            "customer.purge",
            "credit.approve",
            "credit.edit_direct",
            "credit.request",
            "export.bulk",
            "import",
            "report",
            "user.manage",
            "settings.edit",
            "backup",
        }
    ),
    "sales_manager": frozenset(
        {
            "customer.view_all",
            "customer.edit_all",
            "customer.assign_owner",
            "credit.request",
            "export.bulk",
            "import",
            "report",
            "backup",
        }
    ),
    "salesperson": frozenset({"credit.request"}),
}

_hasher = PasswordHasher()  # argon2id with the library's current recommended cost


@dataclass(frozen=True)
class Actor:
    """The user a service acts for: plain values, safe to hand to any layer."""

    id: int
    username: str
    display_name: str
    role: str

    def can(self, permission: str) -> bool:
        return permission in PERMISSIONS.get(self.role, frozenset())

    def require(self, permission: str, action: str) -> None:
        if not self.can(permission):
            raise PermissionDenied(f"Not allowed: {self.username} ({self.role}) may not {action}.")

    @property
    def sees_all_customers(self) -> bool:
        return self.can("customer.view_all")

    @property
    def name(self) -> str:
        return self.display_name or self.username


def _actor(user: User) -> Actor:
    return Actor(user.id, user.username, user.display_name or "", user.role)


def get_actor(username: str) -> Actor:
    user = User.get_or_none((User.username == username) & User.deleted_at.is_null())
    if user is None or not user.active:
        raise NotFound(f"There is no active user named '{username}'.")
    return _actor(user)


def passwords_in_use() -> bool:
    """True once any active user has a password: from then on everyone logs in."""
    return (
        User.select()
        .where(User.password_hash.is_null(False), User.active, User.deleted_at.is_null())
        .exists()
    )


def authenticate(username: str, password: str | None) -> Actor:
    """Check a login. A password-less account logs in with any (empty) password."""
    user = User.get_or_none((User.username == username) & User.deleted_at.is_null())
    if user is None or not user.active:
        raise PermissionDenied("Wrong user name or password.")
    if user.password_hash:
        try:
            _hasher.verify(user.password_hash, password or "")
        except (VerificationError, InvalidHashError):
            raise PermissionDenied("Wrong user name or password.") from None
        if _hasher.check_needs_rehash(user.password_hash):
            User.update(password_hash=_hasher.hash(password or "")).where(
                User.id == user.id
            ).execute()
    return _actor(user)


def login_from_environment(username: str | None) -> Actor:
    """The CLI's login: `--user NAME` and `CRM_DESKTOP_PASSWORD`; admin when nobody has a password."""
    if username is None:
        if passwords_in_use():
            raise PermissionDenied(
                "This database has passwords: give --user NAME and set CRM_DESKTOP_PASSWORD."
            )
        username = "admin"
        if User.get_or_none(User.username == "admin") is None:
            first = (
                User.select()
                .where(User.role == "gm", User.active, User.deleted_at.is_null())
                .order_by(User.id)
                .first()
            )
            if first is None:
                raise NotFound("This database has no general manager account.")
            username = first.username
    user = User.get_or_none((User.username == username) & User.deleted_at.is_null())
    if user is not None and user.password_hash is None:
        return _actor(user)
    return authenticate(username, os.environ.get(ENV_PASSWORD))


def list_users(active_only: bool = True) -> list[Actor]:
    query = User.select().where(User.deleted_at.is_null()).order_by(User.username)
    if active_only:
        query = query.where(User.active)
    return [_actor(u) for u in query]


def create_user(
    actor: Actor, username: str, role: str, display_name: str = "", password: str | None = None
) -> Actor:
    actor.require("user.manage", "manage users")
    username = (username or "").strip()
    errors = {}
    if not username:
        errors["username"] = "User name is required."
    elif User.select().where(User.username == username).exists():
        errors["username"] = f"User name '{username}' is taken."
    if role not in ROLES:
        errors["role"] = f"Role '{role}' is not one of {', '.join(ROLES)}."
    if errors:
        raise ValidationError(errors)
    with transaction():
        user = User.create(
            username=username,
            role=role,
            display_name=display_name or username,
            password_hash=_hasher.hash(password) if password else None,
        )
        AuditEvent.create(user=actor.id, action="user.create", entity="user", entity_id=user.id)
    return _actor(user)


def set_password(actor: Actor, username: str, password: str | None) -> None:
    """Users change their own password; the general manager may set anyone's."""
    if actor.username != username:
        actor.require("user.manage", "set another user's password")
    if password is not None and len(password) < 4:
        raise ValidationError({"password": "A password needs at least 4 characters."})
    with transaction():
        count = (
            User.update(
                password_hash=_hasher.hash(password) if password else None, updated_at=utcnow()
            )
            .where(User.username == username, User.deleted_at.is_null())
            .execute()
        )
        if not count:
            raise NotFound(f"There is no user named '{username}'.")
        AuditEvent.create(user=actor.id, action="user.password", entity="user", detail=username)


def resolve_user(value: object, field: str = "owner") -> int | None:
    """A user id from an id, a user name or a display name; None for empty."""
    if value is None or value == "":
        return None
    if isinstance(value, Actor):
        return value.id
    if isinstance(value, int):
        if User.select().where(User.id == value).exists():
            return value
        raise ValidationError({field: f"{field}: no user with id {value}."})
    text = str(value).strip()
    user = User.get_or_none(
        ((User.username == text) | (User.display_name == text)) & User.deleted_at.is_null()
    )
    if user is None:
        raise ValidationError({field: f"{field}: there is no user named '{text}'."})
    return user.id


class LoginRequired(UserError):
    """Raised when a front end must ask for a password."""
