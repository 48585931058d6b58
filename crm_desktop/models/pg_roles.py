"""Each app user's database role on a PostgreSQL server with the team's rules
(models/pg_security.py): creating, updating and dropping it, its password, and the
app's connection as that role after a login.

The role's password is derived from the user's app password with scrypt (salted with
the database and user name), and sent to the server as a SCRAM verifier computed here:
the server never sees the app password, the app stores no second secret, and a
password change in the app changes the role's password with it. A role that refuses
the password refuses the login: the app never falls back to the team's login.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from crm_desktop.models.base import database
from crm_desktop.models.entities import ROLES
from crm_desktop.models.pg_security import (
    FUNCTION_CREDIT,
    group_role,
    installed_prefix,
    is_postgres,
    quote_ident,
    quote_literal,
    role_exists,
    user_role,
)


def role_password(database_name: str, username: str, password: str) -> str:
    """The role's password, derived from the app password: scrypt (the cost of
    Python's recommended interactive setting), salted with the database and the user."""
    salt = f"crm-desktop role\0{database_name}\0{username}".encode()
    key = hashlib.scrypt(password.encode(), salt=salt, n=2**14, r=8, p=1, dklen=32)
    return base64.urlsafe_b64encode(key).decode().rstrip("=")


def scram_verifier(role: str, secret: str) -> str:
    """A SCRAM-SHA-256 verifier of `secret`, computed by libpq: the server stores it
    without ever seeing the secret (nor does a statement log)."""
    from psycopg2.extensions import encrypt_password

    return encrypt_password(secret, role, database.connection(), "scram-sha-256")


@dataclass(frozen=True)
class RoleState:
    """One app user's database role, as the administration's list shows it."""

    username: str
    role: str  # the role's name
    exists: bool
    can_login: bool


def role_states(users: Iterable) -> list[RoleState]:
    """The database role of each user (objects with id, username): [] when the rules
    are not installed."""
    prefix = installed_prefix()
    if prefix is None:
        return []
    rows = dict(
        database.execute_sql(
            "SELECT rolname, rolcanlogin FROM pg_roles WHERE left(rolname, %s) = %s",
            (len(prefix), prefix),
        ).fetchall()
    )
    states = []
    for user in users:
        name = user_role(prefix, user.id)
        states.append(RoleState(user.username, name, name in rows, bool(rows.get(name))))
    return states


def sync_user(user, password: str | None = None) -> str | None:
    """Create or update the role of `user` (id, username, role, active): its group,
    login while the account is active, its password derived from `password` when
    given (a role without one cannot log in). Returns the role's name, None
    when the rules are not installed. The current login must be allowed to create
    roles."""
    prefix = installed_prefix()
    if prefix is None:
        return None
    name = user_role(prefix, user.id)
    q = quote_ident(name)
    if not role_exists(name):
        database.execute_sql(f"CREATE ROLE {q} NOLOGIN")
    database.execute_sql(f"COMMENT ON ROLE {q} IS {quote_literal('crm-desktop: ' + user.username)}")
    for group in ROLES:
        verb = "GRANT" if group == user.role else "REVOKE"
        prep = "TO" if verb == "GRANT" else "FROM"
        database.execute_sql(f"{verb} {quote_ident(group_role(prefix, group))} {prep} {q}")
    # the general manager manages the team's roles from the app
    database.execute_sql(f"ALTER ROLE {q} {'CREATEROLE' if user.role == 'gm' else 'NOCREATEROLE'}")
    # a role without a password cannot log in with one (scram-sha-256 in pg_hba.conf)
    database.execute_sql(f"ALTER ROLE {q} {'LOGIN' if user.active else 'NOLOGIN'}")
    if password:
        db_name = database.execute_sql("SELECT current_database()").fetchone()[0]
        verifier = scram_verifier(name, role_password(db_name, user.username, password))
        database.execute_sql(f"ALTER ROLE {q} PASSWORD {quote_literal(verifier)}")
    return name


def drop_user_role(user) -> bool:
    """Drop the role of `user` (id): the account stays, its connection goes back to
    the team's login. Returns whether there was one."""
    prefix = installed_prefix()
    if prefix is None:
        return False
    name = user_role(prefix, user.id)
    if not role_exists(name):
        return False
    # it owns nothing and holds no grant of its own (its group does): a general
    # manager's role, which may not DROP OWNED BY another, drops it as it is
    database.execute_sql(f"DROP ROLE {quote_ident(name)}")
    return True


def set_own_password(user, password: str) -> None:
    """A user's own role follows their new password (a role may change its own)."""
    prefix = installed_prefix()
    if prefix is None or not password:
        return
    name = user_role(prefix, user.id)
    if not role_exists(name):
        return
    db_name = database.execute_sql("SELECT current_database()").fetchone()[0]
    verifier = scram_verifier(name, role_password(db_name, user.username, password))
    database.execute_sql(f"ALTER ROLE {quote_ident(name)} PASSWORD {quote_literal(verifier)}")


def role_params(user, password: str) -> dict | None:
    """The connection parameters of `user`'s role (the current ones, as that role),
    or None when the rules are not installed or the user has no role."""
    prefix = installed_prefix()
    if prefix is None:
        return None
    name = user_role(prefix, user.id)
    if not role_exists(name):
        return None
    db = database.obj
    db_name = database.execute_sql("SELECT current_database()").fetchone()[0]
    params = dict(db.connect_params)
    params.update(user=name, password=role_password(db_name, user.username, password))
    return params


def connect_as(user, password: str) -> str | None:
    """After a login: the models connect as `user`'s role from now on; returns its
    name, None when there is none (the team's login goes on). A role that refuses
    the password raises StorageError/OperationalError: the login must fail, not
    fall back to the team's login."""
    from crm_desktop.models.storage import CrmPostgresDatabase

    if not is_postgres():
        return None
    params = role_params(user, password)
    if params is None:
        return None
    old = database.obj
    new = CrmPostgresDatabase(old.database, **params)
    new.connect()
    new.crm_target = old.crm_target  # type: ignore[attr-defined]
    new.crm_role = params["user"]  # type: ignore[attr-defined]
    old.close()
    database.initialize(new)
    return params["user"]


def team_login() -> None:
    """Back to the team URL's login before another login in the same process: the
    previous user's role may not read or log for the next one."""
    if current_role() is None:
        return
    from crm_desktop.models.db import open_database

    open_database(database.obj.crm_target)


def current_role() -> str | None:
    """The user's role the models are connected as, None for the team's login."""
    return getattr(database.obj, "crm_role", None)


def set_credit(customer_id: int, values: dict) -> bool:
    """On a general manager's role: write the credit terms through `crm_set_credit`
    (the columns are not theirs to write directly). Returns False when the caller
    writes them itself (SQLite, the team's login)."""
    if current_role() is None:
        return False
    from crm_desktop.models.base import to_minor

    limit = values.get("credit_limit")
    database.execute_sql(
        f"SELECT {FUNCTION_CREDIT}(%s, %s, %s, %s, %s, %s, %s, %s)",
        (
            customer_id,
            None if limit is None else to_minor(limit),
            values.get("collection_days"),
            values.get("payment_terms"),
            values.get("payment_terms_note"),
            values.get("credit_rating"),
            values.get("credit_approved_by"),
            values.get("credit_approved_at"),
        ),
    )
    return True
