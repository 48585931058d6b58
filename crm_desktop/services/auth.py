"""Users, roles and permissions: every service asks here before it reads or writes.

Roles (DESIGN.md): the general manager may do everything and alone approves credit
and manages users; a sales manager sees all customers, imports, exports, reports and
assigns owners; a salesperson sees and edits only their own customers.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from crm_desktop.errors import CODE, NotFound, PermissionDenied, UserError, ValidationError
from crm_desktop.messages import Message, Renderable, Text, catalogue, msg
from crm_desktop.models import AuditEvent, User, transaction, utcnow
from crm_desktop.models.entities import ROLES
from crm_desktop.services.fields import CHOICES
from crm_desktop.textutil import pinyin_forms, unspaced_name

ENV_PASSWORD = "CRM_DESKTOP_PASSWORD"
MIN_PASSWORD = 8
FREE_TRIES = 5  # wrong passwords in a row before each further try has to wait
MAX_WAIT_SECONDS = 15 * 60

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

# what each permission lets a user do, as the refusal names it (auth.denied)
PERMISSION_ACTIONS: dict[str, str] = {
    "customer.view_all": "auth.action_view_all",
    "customer.edit_all": "auth.action_edit_all",
    "customer.assign_owner": "auth.action_assign_owner",
    "customer.purge": "auth.action_purge",
    "credit.approve": "auth.action_decide_credit",
    "credit.edit_direct": "auth.action_edit_credit",
    "credit.request": "auth.action_request_credit",
    "export.bulk": "auth.action_export",
    "import": "auth.action_import",
    "report": "auth.action_report",
    "user.manage": "auth.action_manage_users",
    "settings.edit": "auth.action_settings",
    "backup": "auth.action_backup",
}

_hasher = PasswordHasher()


def role_label(role: str) -> Text:
    """总经理 / General manager: a role as a user reads it, never its key."""
    zh, en = CHOICES["role"].get(role, (role, role))
    return Text(zh, en)


def _action(permission: str, action: str | Renderable | None) -> Renderable:
    """The action a refusal names: a catalogue code, a message, else the permission's own.

    A plain phrase (not a code) is not shown: it would reach the Chinese UI in English."""
    if isinstance(action, str):
        if CODE.match(action) and action in catalogue():
            return msg(action)
        action = None
    if action is None:
        return msg(PERMISSION_ACTIONS.get(permission, "auth.action_this"))
    return action  # argon2id with the library's current recommended cost


@dataclass(frozen=True)
class Actor:
    """The user a service acts for: plain values, safe to hand to any layer."""

    id: int
    username: str
    display_name: str
    role: str

    def can(self, permission: str) -> bool:
        return permission in PERMISSIONS.get(self.role, frozenset())

    def require(self, permission: str, action: str | Renderable | None = None) -> None:
        """Refuse with a sentence naming the action unless the role has the permission.

        `action`: a catalogue code (auth.action_…) or a Message; without one, the
        permission's own action is named."""
        if not self.can(permission):
            raise self.denied(_action(permission, action))

    def denied(self, action: str | Renderable) -> PermissionDenied:
        """The refusal 'a salesperson may not …' for an action (a code or a Message)."""
        what = msg(action) if isinstance(action, str) else action
        return PermissionDenied(
            "auth.denied", user=self.name, role=role_label(self.role), action=what
        )

    @property
    def sees_all_customers(self) -> bool:
        return self.can("customer.view_all")

    @property
    def name(self) -> str:
        return self.display_name or self.username


def check_owner_filter(actor: Actor, owner_id: int | None) -> None:
    """A salesperson may filter by their own name only: asking for a colleague's is
    refused, never silently answered with one's own."""
    if owner_id is not None and owner_id != actor.id and not actor.sees_all_customers:
        raise actor.denied("auth.action_see_others_followups")


def _actor(user: User) -> Actor:
    return Actor(user.id, user.username, user.display_name or "", user.role)


def get_actor(username: str) -> Actor:
    user = User.get_or_none((User.username == username) & User.deleted_at.is_null())
    if user is None or not user.active:
        raise NotFound("auth.no_active_user", name=username)
    return _actor(user)


def passwords_in_use() -> bool:
    """True once any active user has a password: from then on everyone logs in."""
    return (
        User.select()
        .where(User.password_hash.is_null(False), User.active, User.deleted_at.is_null())
        .exists()
    )


class NotVisible(NotFound, PermissionDenied):
    """A record the actor may not see: told exactly as an unknown one, so that a
    salesperson cannot learn which customer codes exist by asking."""


class PasswordNeeded(PermissionDenied):
    """The account has no password while others have: it cannot act until one is set."""


def wait_after(failures: int) -> int:
    """Seconds a login must wait after `failures` wrong passwords in a row: none for the
    first FREE_TRIES, then 30 s, doubling up to MAX_WAIT_SECONDS."""
    if failures < FREE_TRIES:
        return 0
    return min(MAX_WAIT_SECONDS, 30 * 2 ** (failures - FREE_TRIES))


def _recent_logins(username: str) -> list[AuditEvent]:
    return list(
        AuditEvent.select()
        .where(AuditEvent.action.in_(("login", "login.failed")), AuditEvent.detail == username)
        .order_by(AuditEvent.id.desc())
        .limit(64)
    )


def failed_in_a_row(username: str) -> tuple[int, object | None]:
    """Wrong passwords for `username` since its last good login, and when the last was."""
    count, last = 0, None
    for event in _recent_logins(username):
        if event.action == "login":
            break
        if last is None:
            last = event.at
        count += 1
    return count, last


def _remaining_wait(username: str) -> int:
    failures, last = failed_in_a_row(username)
    wait = wait_after(failures)
    if not wait or last is None:
        return 0
    left = (last + timedelta(seconds=wait) - utcnow()).total_seconds()
    return max(0, int(left + 0.999))


def _record_login(user: User | None, username: str, ok: bool) -> None:
    with transaction():
        AuditEvent.create(
            user=user.id if user is not None else None,
            action="login" if ok else "login.failed",
            entity="user",
            entity_id=user.id if user is not None else None,
            detail=username,
        )


def authenticate(username: str, password: str | None) -> Actor:
    """Check a login; every password login, good or wrong, is in the audit log.

    After FREE_TRIES wrong passwords in a row each try waits longer (wait_after),
    refused without even looking at the password. Once passwords are in use, an
    account without one is refused with PasswordNeeded: the general manager sets it.
    On a server with the team's rules the app then works as the user's database role."""
    from crm_desktop.models import pg_roles

    pg_roles.team_login()
    user = User.get_or_none((User.username == username) & User.deleted_at.is_null())
    if user is not None and user.password_hash is None and user.active:
        if passwords_in_use():
            raise PasswordNeeded("auth.password_needed", name=username)
        return _actor(user)
    wait = _remaining_wait(username)
    if wait:
        raise PermissionDenied("auth.wait", seconds=str(wait))
    if user is None or not user.active or not user.password_hash:
        _record_login(None, username, False)
        raise PermissionDenied("auth.wrong_login")
    try:
        _hasher.verify(user.password_hash, password or "")
    except (VerificationError, InvalidHashError):
        _record_login(user, username, False)
        failures, _last = failed_in_a_row(username)
        if wait_after(failures):
            raise PermissionDenied(
                "auth.wrong_login_wait", seconds=str(wait_after(failures))
            ) from None
        raise PermissionDenied("auth.wrong_login") from None
    if _hasher.check_needs_rehash(user.password_hash):
        User.update(password_hash=_hasher.hash(password or "")).where(User.id == user.id).execute()
    _record_login(user, username, True)
    _connect_as_role(user, password or "")
    return _actor(user)


def _connect_as_role(user: User, password: str) -> None:
    """On a PostgreSQL server with the team's rules (models/pg_security.py, pg_roles.py): bring the
    user's database role in step when this login may, then connect as it. A role that
    refuses the password refuses the login: it never falls back to the team's login."""
    from crm_desktop.models import pg_roles, pg_security

    if pg_security.installed_prefix() is None:
        return
    if pg_security.may_create_roles():
        with transaction():
            pg_roles.sync_user(user, password)
    try:
        pg_roles.connect_as(user, password)
    except Exception as exc:  # the server refused the role: wrong password, no LOGIN
        raise PermissionDenied("server.role_refused", name=user.username) from exc


def _sync_role(username: str, password: str | None = None, *, own: bool = False) -> None:
    """Keep a user's database role in step with the account (PostgreSQL with the
    team's rules, a login that may change roles); one's own password always."""
    from crm_desktop.models import pg_roles, pg_security

    if pg_security.installed_prefix() is None:
        return
    user = User.get((User.username == username) & User.deleted_at.is_null())
    if pg_security.may_create_roles():
        pg_roles.sync_user(user, password)
    elif own and password:
        pg_roles.set_own_password(user, password)


def login_from_environment(username: str | None) -> Actor:
    """The CLI's login: `--user NAME` and `CRM_DESKTOP_PASSWORD`; admin when nobody has a password."""
    if username is None:
        if passwords_in_use():
            raise PermissionDenied("auth.passwords_in_use", env=ENV_PASSWORD)
        username = "admin"
        if User.get_or_none(User.username == "admin") is None:
            first = (
                User.select()
                .where(User.role == "gm", User.active, User.deleted_at.is_null())
                .order_by(User.id)
                .first()
            )
            if first is None:
                raise NotFound("auth.no_gm")
            username = first.username
    return authenticate(username, os.environ.get(ENV_PASSWORD))


def check_password(password: str | None) -> None:
    """At least MIN_PASSWORD characters; ValidationError on the password field."""
    if password is not None and len(password) < MIN_PASSWORD:
        raise ValidationError({"password": msg("auth.password_too_short", length=MIN_PASSWORD)})


def list_users(active_only: bool = True) -> list[Actor]:
    """Every (active) account: for the login list and the owner choices; the accounts'
    details are for those who manage users or assign owners (users_for)."""
    query = User.select().where(User.deleted_at.is_null()).order_by(User.username)
    if active_only:
        query = query.where(User.active)
    return [_actor(u) for u in query]


def users_for(actor: Actor, active_only: bool = False) -> list[User]:
    """The accounts with their details, for whoever may manage users or assign owners; a
    salesperson has no business with the team's list."""
    if not (actor.can("user.manage") or actor.can("customer.assign_owner")):
        raise actor.denied("auth.action_list_users")
    query = User.select().where(User.deleted_at.is_null()).order_by(User.username)
    if active_only:
        query = query.where(User.active)
    return list(query)


def create_user(
    actor: Actor, username: str, role: str, display_name: str = "", password: str | None = None
) -> Actor:
    actor.require("user.manage", "auth.action_manage_users")
    username = (username or "").strip()
    errors: dict[str, Message] = {}
    name_label, role_text = Text("用户名", "User name"), Text("角色", "Role")
    if not username:
        errors["username"] = msg(
            "validation.field", label=name_label, problem=msg("validation.required")
        )
    elif User.select().where(User.username == username).exists():
        errors["username"] = msg(
            "validation.field", label=name_label, problem=msg("auth.username_taken", name=username)
        )
    if role not in ROLES:
        errors["role"] = msg(
            "validation.field",
            label=role_text,
            problem=msg(
                "validation.not_a_choice", value=role, allowed=[role_label(r) for r in ROLES]
            ),
        )
    if errors:
        raise ValidationError(errors)
    check_password(password)
    with transaction():
        user = User.create(
            username=username,
            role=role,
            display_name=display_name or username,
            password_hash=_hasher.hash(password) if password else None,
        )
        AuditEvent.create(user=actor.id, action="user.create", entity="user", entity_id=user.id)
        _sync_role(username, password)
    return _actor(user)


def set_password(actor: Actor, username: str, password: str | None) -> None:
    """Users change their own password; the general manager may set anyone's."""
    if actor.username != username:
        actor.require("user.manage", "auth.action_set_password")
    check_password(password)
    if password is None and (
        User.select()
        .where(
            User.password_hash.is_null(False),
            User.active,
            User.deleted_at.is_null(),
            User.username != username,
        )
        .exists()
    ):  # the account would be locked out: others log in with passwords
        raise ValidationError({"password": msg("auth.password_required")})
    with transaction():
        count = (
            User.update(
                password_hash=_hasher.hash(password) if password else None, updated_at=utcnow()
            )
            .where(User.username == username, User.deleted_at.is_null())
            .execute()
        )
        if not count:
            raise NotFound("auth.no_user", name=username)
        AuditEvent.create(user=actor.id, action="user.password", entity="user", detail=username)
        _sync_role(username, password, own=actor.username == username)


def resolve_user(value: object, field: str = "owner") -> int | None:
    """A user id from an id, a user name or a display name; None for empty.

    The ValidationError's problem does not name the field: the caller labels it."""
    if value is None or value == "":
        return None
    if isinstance(value, Actor):
        return value.id
    if isinstance(value, int):
        if User.select().where(User.id == value).exists():
            return value
        raise ValidationError({field: msg("auth.no_user_id", id=value)})
    text = str(value).strip()
    user = User.get_or_none(
        ((User.username == text) | (User.display_name == text)) & User.deleted_at.is_null()
    )
    if user is not None:
        return user.id
    # 张伟（华东区）, 张伟(zhangwei), sales1 张伟: a person as other CRMs write one; taken
    # only when the parts name one user
    bare = _BRACKETED.sub(" ", text)
    found = set(users_named([bare.strip(), *re.split(r"[\s/、,，]+", bare)]).values())
    if not found:  # 张　三 spaced to line up with three-character names, ZhangSan, 王芳经理
        compact = unspaced_name(bare.strip())
        titled = _TITLE_AFTER.sub("", compact)
        found = set(users_named([compact, compact.lower(), titled]).values())
    if not found and _LATIN_NAME.fullmatch(bare.strip()):  # Wei Zhang, Zhang Wei: 张伟
        found = _users_by_pinyin(bare.strip())
    if len(found) != 1:
        raise ValidationError({field: msg("auth.no_user_named", name=text)})
    return found.pop()


_LATIN_NAME = re.compile(r"[A-Za-z]+(?:[ .-][A-Za-z]+){1,2}")


def _users_by_pinyin(name: str) -> set[int]:
    """The users whose Chinese display name is `name` in pinyin, in either order (a
    foreign CRM's owner, Wei Zhang or Zhang Wei, is the user 张伟)."""
    parts = re.split(r"[ .-]+", name.lower())
    spelled = {"".join(parts), "".join(reversed(parts))}
    query = User.select(User.id, User.display_name).where(User.deleted_at.is_null())
    return {u.id for u in query if u.display_name and pinyin_forms(u.display_name)[0] in spelled}


_TITLE_AFTER = re.compile(r"(?<=[\u4e00-\u9fff]{2})(?:经理|总监|主管|主任|助理|总)$")
_BRACKETED = re.compile(r"[（(【\[][^）)】\]]*[）)】\]]")


def users_named(names: Iterable[str]) -> dict[str, int]:
    """Which of `names` are a live user's user name or display name, with the user's id."""
    names = sorted({n for n in names if n})
    if not names:
        return {}
    query = User.select(User.id, User.username, User.display_name).where(
        (User.username.in_(names) | User.display_name.in_(names)) & User.deleted_at.is_null()
    )
    wanted = set(names)
    return {
        name: user.id for user in query for name in (user.username, user.display_name)
        if name in wanted
    }  # fmt: skip


class LoginRequired(UserError):
    """Raised when a front end must ask for a password."""


def set_active(actor: Actor, username: str, active: bool) -> None:
    """Activate or deactivate an account (general manager). A deactivated account cannot
    log in; its customers and history stay. The last active general manager stays."""
    actor.require("user.manage", "auth.action_manage_users")
    user = User.get_or_none((User.username == username) & User.deleted_at.is_null())
    if user is None:
        raise NotFound("auth.no_user", name=username)
    if not active and user.role == "gm" and _other_active_gms(user.id) == 0:
        raise ValidationError({"active": msg("auth.last_gm")})
    with transaction():
        User.update(active=active, updated_at=utcnow()).where(User.id == user.id).execute()
        AuditEvent.create(
            user=actor.id,
            action="user.activate" if active else "user.deactivate",
            entity="user",
            entity_id=user.id,
            detail=username,
        )
        _sync_role(username)


def set_role(actor: Actor, username: str, role: str) -> None:
    """Give an account another role (general manager); the last general manager stays."""
    actor.require("user.manage", "auth.action_manage_users")
    user = User.get_or_none((User.username == username) & User.deleted_at.is_null())
    if user is None:
        raise NotFound("auth.no_user", name=username)
    if role not in ROLES:
        raise ValidationError(
            {
                "role": msg(
                    "validation.not_a_choice", value=role, allowed=[role_label(r) for r in ROLES]
                )
            }
        )
    if user.role == "gm" and role != "gm" and _other_active_gms(user.id) == 0:
        raise ValidationError({"role": msg("auth.last_gm")})
    with transaction():
        User.update(role=role, updated_at=utcnow()).where(User.id == user.id).execute()
        AuditEvent.create(
            user=actor.id, action="user.role", entity="user", entity_id=user.id,
            detail=f"{username}: {role}",
        )  # fmt: skip
        _sync_role(username)


def _other_active_gms(user_id: int) -> int:
    return (
        User.select()
        .where(User.role == "gm", User.active, User.deleted_at.is_null(), User.id != user_id)
        .count()
    )


# --- database roles (PostgreSQL with the team's rules, models/pg_security.py) ----------


def _roles_manageable(actor: Actor) -> None:
    """Refuse unless the actor manages users, the database holds the team's rules and
    this connection may create roles."""
    from crm_desktop.models import pg_security

    actor.require("user.manage", "auth.action_manage_users")
    if pg_security.installed_prefix() is None:
        raise UserError("server.no_rules")
    if not pg_security.may_create_roles():
        raise PermissionDenied("server.cannot_create_roles")


def database_roles(actor: Actor) -> list:
    """Each account's database role (pg_roles.RoleState); [] on SQLite or a server
    without the team's rules."""
    from crm_desktop.models import pg_roles

    actor.require("user.manage", "auth.action_manage_users")
    users = User.select().where(User.deleted_at.is_null()).order_by(User.username)
    return pg_roles.role_states(users)


def create_database_roles(actor: Actor, usernames: list[str] | None = None) -> list[str]:
    """Create (or bring in step) the roles of the given accounts, all when None. A new
    role gets its password at the user's next login or password change."""
    from crm_desktop.models import pg_roles

    _roles_manageable(actor)
    query = User.select().where(User.deleted_at.is_null()).order_by(User.username)
    if usernames:
        query = query.where(User.username.in_(usernames))
        missing = set(usernames) - {u.username for u in query}
        if missing:
            raise NotFound("auth.no_user", name=sorted(missing)[0])
    made = []
    with transaction():
        for user in query:
            made.append(pg_roles.sync_user(user))
            AuditEvent.create(
                user=actor.id, action="user.db_role", entity="user", entity_id=user.id,
                detail=f"{user.username}: created",
            )  # fmt: skip
    return [m for m in made if m]


def drop_database_role(actor: Actor, username: str) -> bool:
    """Drop an account's database role (the account stays; it logs in through the
    team's login again). One's own role, in use, stays."""
    from crm_desktop.models import pg_roles

    _roles_manageable(actor)
    user = User.get_or_none((User.username == username) & User.deleted_at.is_null())
    if user is None:
        raise NotFound("auth.no_user", name=username)
    if user.id == actor.id:
        raise ValidationError({"role": msg("server.role_own")})
    with transaction():
        dropped = pg_roles.drop_user_role(user)
        if dropped:
            AuditEvent.create(
                user=actor.id, action="user.db_role", entity="user", entity_id=user.id,
                detail=f"{username}: dropped",
            )  # fmt: skip
    return dropped
