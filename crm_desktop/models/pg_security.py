"""The team's rules held by the PostgreSQL server, not only by the app.

Each app user has a database role (`<prefix>u<id>`, a member of the group of its app
role: `<prefix>gm`, `<prefix>sales_manager`, `<prefix>salesperson`, all members of
`<prefix>team`). After a login the app connects as that role, so the server applies:

- row-level security: a salesperson's role reads and writes only their customers and
  the pool (no owner), and the rows hanging off them (contacts, follow-ups, sales,
  payments, credit requests, complaints, opportunities, custom values, search
  documents, and the change history of each of those records; the rows of a
  salesperson's workbook (the merge's copy of the cards) to that salesperson only);
- column privileges: the credit terms (limit, period, terms, rating, who approved) are
  not writable by a salesperson's or sales manager's role, nor filled in on a new
  customer; an approval writes them through `crm_set_credit`, a SECURITY DEFINER
  function that only the general manager's group may run (the general manager, who
  alone approves, may also edit them on the card, as the app lets them);
- the audit log is append-only: INSERT and SELECT, never UPDATE, DELETE or TRUNCATE;
  accounts are changed by the general manager's role only (anyone may change their
  own password).

The users' roles and their passwords: models/pg_roles.py. The database owner
(the login of the team's URL, which runs `server init` and the schema upgrades) is
not bound by these rules.

SQLite is unaffected: there are no rules to find, and `install` refuses a file.
"""

from __future__ import annotations

from collections.abc import Iterable

import peewee as pw

from crm_desktop.models.base import database
from crm_desktop.models.entities import ROLES

PREFIX_KEY = "pg_role_prefix"  # db_info: the rules are installed, with this role prefix
FUNCTION_USER = "crm_app_user"
GATE = "gate"  # <prefix>gate: the team's login before anyone logs in
FUNCTION_CREDIT = "crm_set_credit"
FUNCTION_HISTORY = "crm_history_visible"

# the credit terms (信用额度金额由总经理核定): written only by the general manager
CREDIT_COLUMNS = (
    "credit_limit",
    "collection_days",
    "payment_terms",
    "payment_terms_note",
    "credit_rating",
    "credit_approved_by_id",
    "credit_approved_at",
)

# the credit columns a new card leaves NULL; the others (the note of the terms) are
# NOT NULL and empty ('') until the general manager sets them
_SET_BY_APPROVAL = tuple(c for c in CREDIT_COLUMNS if c != "payment_terms_note")

# tables whose rows belong to one customer: visible with the customer
CUSTOMER_CHILDREN = (
    "contact",
    "sale",
    "payment",
    "credit_request",
    "complaint",
    "opportunity",
    "customer_search",
)
APPEND_ONLY = ("audit_event", "change_log")

# the change history's entity names (change_log.entity) and the table of each: an
# entry is visible with its record, as that table's own policy decides
HISTORY_TABLES = {
    "customer": "customer",
    "contact": "contact",
    "followup": "follow_up",
    "sale": "sale",
    "payment": "payment",
    "credit_request": "credit_request",
    "complaint": "complaint",
    "opportunity": "opportunity",
}
# records everyone reads (the product catalogue, the custom fields' definitions):
# their history is everyone's; an entity in neither list is the managers' only
HISTORY_SHARED = ("product", "custom_field")


def quote_ident(name: str) -> str:
    """A role or table name in DDL, which takes no parameters."""
    return '"' + name.replace('"', '""') + '"'


def quote_literal(text: str) -> str:
    """A text in DDL (a password verifier, a comment), which takes no parameters."""
    return "'" + text.replace("'", "''") + "'"


def is_postgres() -> bool:
    return isinstance(database.obj, pw.PostgresqlDatabase)


def group_role(prefix: str, app_role: str) -> str:
    """The database group of an app role (gm, sales_manager, salesperson) or `team`."""
    return f"{prefix}{app_role}"


def user_role(prefix: str, user_id: int) -> str:
    """The login role of one app user: by id, so a renamed account keeps its role."""
    return f"{prefix}u{user_id}"


def default_prefix() -> str:
    """`<database>_`: role names are the server's, shared by all its databases."""
    name = database.execute_sql("SELECT current_database()").fetchone()[0]
    return f"{name}_"


def installed_prefix() -> str | None:
    """The role prefix when the rules are installed in this database; None otherwise
    (and always on SQLite)."""
    if not is_postgres():
        return None
    row = database.execute_sql("SELECT value FROM db_info WHERE key = %s", (PREFIX_KEY,)).fetchone()
    return row[0] if row else None


def may_create_roles() -> bool:
    """Whether the current login may create and change roles (CREATEROLE or superuser)."""
    if not is_postgres():
        return False
    row = database.execute_sql(
        "SELECT rolcreaterole OR rolsuper FROM pg_roles WHERE rolname = current_user"
    ).fetchone()
    return bool(row and row[0])


def role_exists(name: str) -> bool:
    """Whether the server has a role of that name (roles are the server's, not the
    database's)."""
    return (
        database.execute_sql("SELECT 1 FROM pg_roles WHERE rolname = %s", (name,)).fetchone()
        is not None
    )


# --- installing the rules (the database owner) -----------------------------------------


def _tables() -> list[str]:
    return [
        r[0]
        for r in database.execute_sql(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
        ).fetchall()
    ]


def _columns(table: str) -> list[str]:
    return [
        r[0]
        for r in database.execute_sql(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND table_name = %s ORDER BY ordinal_position",
            (table,),
        ).fetchall()
    ]


def _policy(table: str, name: str, roles: Iterable[str], using: str, check: str | None = None,
            command: str = "ALL", restrictive: bool = False) -> list[str]:  # fmt: skip
    kind = " AS RESTRICTIVE" if restrictive else ""
    to = ", ".join(quote_ident(r) for r in roles)
    sql = f"CREATE POLICY {quote_ident(name)} ON {quote_ident(table)}{kind} FOR {command} TO {to}"
    if command != "INSERT":
        sql += f" USING ({using})"
    if command != "SELECT" and command != "DELETE":
        sql += f" WITH CHECK ({check or using})"
    return [f"DROP POLICY IF EXISTS {quote_ident(name)} ON {quote_ident(table)}", sql]


def history_sql(tables: Iterable[str], team: str) -> list[str]:
    """`crm_history_visible(entity, id)`: whether the current role may see the record a
    change_log entry of another entity than a customer is about, by that table's own
    policy. A PL/pgSQL function, so its queries are planned once per connection and
    not inside every query of the history (one CASE of eight sub-selects in the policy
    itself tripled the card history's time, most of it planning)."""
    present = set(tables)
    whens = [
        f"WHEN {quote_literal(entity)} THEN RETURN EXISTS (SELECT 1 FROM {quote_ident(table)} "
        "WHERE id = p_id);"
        for entity, table in HISTORY_TABLES.items()
        if table in present and entity != "customer"
    ]
    shared = ", ".join(quote_literal(e) for e in HISTORY_SHARED)
    return [
        f"CREATE OR REPLACE FUNCTION {FUNCTION_HISTORY}(p_entity text, p_id integer) "
        "RETURNS boolean LANGUAGE plpgsql STABLE AS $$ BEGIN CASE p_entity "
        + " ".join(whens)
        + f" WHEN {shared} THEN RETURN true; ELSE RETURN false; END CASE; END $$",
        f"REVOKE ALL ON FUNCTION {FUNCTION_HISTORY}(text, integer) FROM PUBLIC",
        f"GRANT EXECUTE ON FUNCTION {FUNCTION_HISTORY}(text, integer) TO {quote_ident(team)}",
    ]


def history_rule(me: str) -> str:
    """Which change_log rows a salesperson's role reads: their own entries, a visible
    customer's (most entries: one look-up by primary key under the customer policy),
    and those `crm_history_visible` lets through."""
    return (
        f"user_id = {me} OR CASE WHEN entity = 'customer' THEN EXISTS (SELECT 1 FROM "
        f"customer r WHERE r.id = change_log.entity_id) ELSE {FUNCTION_HISTORY}(entity, "
        "entity_id) END"
    )


def rules_sql(prefix: str, tables: Iterable[str], customer_columns: Iterable[str]) -> list[str]:
    """Every statement of the rules after the roles exist; each may run again."""
    gm, manager, sales, team, gate = (group_role(prefix, r) for r in (*ROLES, "team", GATE))
    q = quote_ident
    me = f"{FUNCTION_USER}()"
    stmts = [
        f"CREATE OR REPLACE FUNCTION {FUNCTION_USER}() RETURNS integer LANGUAGE sql STABLE AS $$ "
        f"SELECT CASE WHEN left(current_user, {len(prefix)}) = {quote_literal(prefix)} "
        f"AND substr(current_user, {len(prefix) + 1}) ~ '^u[0-9]+$' "
        f"THEN substr(current_user, {len(prefix) + 2})::integer END $$",
        f"REVOKE ALL ON FUNCTION {FUNCTION_USER}() FROM PUBLIC",
        f"GRANT EXECUTE ON FUNCTION {FUNCTION_USER}() TO {q(team)}",
        # the approval: the credit terms of one customer, by a general manager only
        f"CREATE OR REPLACE FUNCTION {FUNCTION_CREDIT}(p_customer integer, p_limit bigint, "
        "p_days integer, p_terms text, p_terms_note text, p_rating text, p_by integer, "
        "p_at timestamp) RETURNS integer LANGUAGE plpgsql SECURITY DEFINER "
        "SET search_path = public, pg_temp AS $$ DECLARE n integer; BEGIN "
        f"IF NOT pg_has_role(session_user, {quote_literal(gm)}, 'MEMBER') THEN "
        "RAISE EXCEPTION 'only the general manager sets credit terms' "
        "USING ERRCODE = 'insufficient_privilege'; END IF; "
        "UPDATE customer SET credit_limit = p_limit, collection_days = p_days, "
        "payment_terms = p_terms, payment_terms_note = COALESCE(p_terms_note, payment_terms_note), "
        "credit_rating = p_rating, credit_approved_by_id = p_by, credit_approved_at = p_at "
        "WHERE id = p_customer; GET DIAGNOSTICS n = ROW_COUNT; RETURN n; END $$",
        f"REVOKE ALL ON FUNCTION {FUNCTION_CREDIT}(integer, bigint, integer, text, text, text, "
        "integer, timestamp) FROM PUBLIC",
        f"GRANT EXECUTE ON FUNCTION {FUNCTION_CREDIT}(integer, bigint, integer, text, text, "
        f"text, integer, timestamp) TO {q(gm)}",
        f"GRANT USAGE ON SCHEMA public TO {q(team)}",
        f"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {q(team)}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES "
        f"TO {q(team)}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE "
        f"ON TABLES TO {q(team)}",
    ]
    for table in tables:
        stmts.append(
            f"REVOKE ALL ON {q(table)} FROM {q(team)}, {q(gm)}, {q(manager)}, {q(sales)}, {q(gate)}"
        )
        if table in APPEND_ONLY:
            stmts.append(f"GRANT SELECT, INSERT ON {q(table)} TO {q(team)}")
        elif table == "db_info":
            stmts.append(f"GRANT SELECT ON {q(table)} TO {q(team)}")
        elif table == "user":
            stmts += [
                f"GRANT SELECT, UPDATE (password_hash, updated_at) ON {q(table)} TO {q(team)}",
                f"GRANT SELECT, INSERT, UPDATE ON {q(table)} TO {q(gm)}",
            ]
        elif table == "customer":
            plain = ", ".join(q(c) for c in customer_columns if c not in CREDIT_COLUMNS)
            # a new card's empty note of its terms (NOT NULL, '') goes in with it: the
            # restrictive policy below keeps it empty
            made = ", ".join(q(c) for c in customer_columns if c not in _SET_BY_APPROVAL)
            stmts += [
                f"GRANT SELECT, INSERT ({made}), UPDATE ({plain}) ON customer TO {q(team)}",
                # the import writes every column (empty credit terms but for the general
                # manager): the restrictive policy below keeps them empty
                f"GRANT INSERT ON customer TO {q(gm)}, {q(manager)}",
                # the general manager approves: the app's direct credit edits are theirs
                f"GRANT UPDATE, DELETE ON customer TO {q(gm)}",
            ]
        else:
            stmts.append(f"GRANT SELECT, INSERT, UPDATE, DELETE ON {q(table)} TO {q(team)}")
    everyone = (gm, manager)
    owned = f"owner_id IS NULL OR owner_id = {me}"
    visible = "EXISTS (SELECT 1 FROM customer c WHERE c.id = {t}.customer_id)"
    empty_credit = " AND ".join(
        f"{c} IS NULL" if c in _SET_BY_APPROVAL else f"COALESCE({c}, '') = ''"
        for c in CREDIT_COLUMNS
    )
    stmts += ["ALTER TABLE customer ENABLE ROW LEVEL SECURITY"]
    stmts += _policy("customer", "managers_all", everyone, "true")
    stmts += _policy("customer", "salesperson_own", (sales,), owned)
    stmts += _policy("customer", "credit_by_gm", (manager, sales), "", empty_credit, "INSERT", True)
    for table in CUSTOMER_CHILDREN:
        if table not in tables:
            continue
        rule = visible.format(t=q(table))
        if table == "customer_search":  # its owner is the customer's, kept by the server
            rule = owned
        stmts.append(f"ALTER TABLE {q(table)} ENABLE ROW LEVEL SECURITY")
        stmts += _policy(table, "managers_all", everyone, "true")
        stmts += _policy(table, "salesperson_own", (sales,), rule)
    stmts.append("ALTER TABLE follow_up ENABLE ROW LEVEL SECURITY")
    stmts += _policy("follow_up", "managers_all", everyone, "true")
    stmts += _policy(
        "follow_up",
        "salesperson_own",
        (sales,),
        f"owner_id = {me} OR " + visible.format(t="follow_up"),
    )
    below = {
        "complaint_attachment": ("complaint", "complaint_id"),
        "opportunity_line": ("opportunity", "opportunity_id"),
        "opportunity_stage_change": ("opportunity", "opportunity_id"),
    }
    for table, (parent, key) in below.items():
        if table not in tables:
            continue
        rule = f"EXISTS (SELECT 1 FROM {q(parent)} p WHERE p.id = {q(table)}.{key})"
        stmts.append(f"ALTER TABLE {q(table)} ENABLE ROW LEVEL SECURITY")
        stmts += _policy(table, "managers_all", everyone, "true")
        stmts += _policy(table, "salesperson_own", (sales,), rule)
    if "custom_value" in tables:
        rule = (
            "EXISTS (SELECT 1 FROM custom_field f WHERE f.id = custom_value.field_id AND "
            "((f.entity = 'customer' AND EXISTS (SELECT 1 FROM customer c "
            "WHERE c.id = custom_value.entity_id)) OR (f.entity <> 'customer' AND EXISTS "
            "(SELECT 1 FROM contact k WHERE k.id = custom_value.entity_id))))"
        )
        stmts.append("ALTER TABLE custom_value ENABLE ROW LEVEL SECURITY")
        stmts += _policy("custom_value", "managers_all", everyone, "true")
        stmts += _policy("custom_value", "salesperson_own", (sales,), rule)
    if "sync_export_row" in tables:  # the cards as a workbook gave them out
        rule = (
            "EXISTS (SELECT 1 FROM sync_export e WHERE e.id = sync_export_row.export_id "
            f"AND e.owner_id = {me})"
        )
        stmts.append("ALTER TABLE sync_export_row ENABLE ROW LEVEL SECURITY")
        stmts += _policy("sync_export_row", "managers_all", everyone, "true")
        stmts += _policy("sync_export_row", "salesperson_own", (sales,), rule)
    # the history: a salesperson reads their own entries and those of the records they
    # may see (each entity by its own table's policy), the shared catalogues', no other
    stmts += history_sql(tables, team)
    stmts.append("ALTER TABLE change_log ENABLE ROW LEVEL SECURITY")
    stmts += _policy("change_log", "managers_all", everyone, "true")
    stmts += _policy("change_log", "salesperson_read", (sales,), history_rule(me), command="SELECT")
    stmts += _policy("change_log", "salesperson_write", (sales,), "", f"user_id = {me}", "INSERT")
    stmts.append("ALTER TABLE audit_event ENABLE ROW LEVEL SECURITY")
    stmts += _policy("audit_event", "managers_all", everyone, "true")
    stmts += _policy(
        "audit_event", "salesperson_read", (sales,), f"user_id = {me}", command="SELECT"
    )
    stmts += _policy("audit_event", "salesperson_write", (sales,), "", f"user_id = {me}", "INSERT")
    # accounts: everyone reads them; only one's own row changes (its password), but
    # the general manager's, who manages them
    stmts.append('ALTER TABLE "user" ENABLE ROW LEVEL SECURITY')
    stmts += _policy("user", "read", (team,), "true", command="SELECT")
    stmts += _policy("user", "own_password", (manager, sales), f"id = {me}", command="UPDATE")
    stmts += _policy("user", "gm_all", (gm,), "true")
    # the gate: the login the team's computers open the database with, before anyone
    # logs in: it reads the accounts and the schema version, and logs logins, no more
    logins = "action IN ('login', 'login.failed')"
    stmts += [
        f"GRANT USAGE ON SCHEMA public TO {q(gate)}",
        f'GRANT SELECT ON "user", db_info TO {q(gate)}',
        f"GRANT SELECT, INSERT ON audit_event TO {q(gate)}",
        f"GRANT USAGE ON SEQUENCE audit_event_id_seq TO {q(gate)}",
    ]
    stmts += _policy("user", "gate_read", (gate,), "true", command="SELECT")
    stmts += _policy("audit_event", "gate_read", (gate,), logins, command="SELECT")
    stmts += _policy("audit_event", "gate_write", (gate,), "", logins, "INSERT")
    return stmts


def set_gate_password(password: str) -> str:
    """Give the gate login its password (a SCRAM verifier, computed here); returns its
    name. The team's computers open the database as `<gate>:<password>@server/db`."""
    from crm_desktop.models.pg_roles import scram_verifier

    prefix = installed_prefix()
    if prefix is None:
        from crm_desktop.errors import UserError

        raise UserError("server.no_rules")
    name = group_role(prefix, GATE)
    verifier = scram_verifier(name, password)
    database.execute_sql(f"ALTER ROLE {quote_ident(name)} LOGIN PASSWORD {quote_literal(verifier)}")
    return name


def install(prefix: str | None = None) -> str:
    """Create the group roles and install the rules in the open database (its owner,
    allowed to create roles); again after a schema upgrade. Returns the prefix."""
    from crm_desktop.errors import DatabaseOpenError
    from crm_desktop.models.db import current_target, transaction

    if not is_postgres():  # a SQLite file has one user at a time: the app's rules suffice
        raise DatabaseOpenError("server.not_postgres", where=current_target().describe())
    prefix = prefix or installed_prefix() or default_prefix()
    with transaction():
        for group in (*ROLES, "team", GATE):
            name = group_role(prefix, group)
            if not role_exists(name):  # the gate logs in once it has a password
                login = "LOGIN" if group == GATE else "NOLOGIN"
                database.execute_sql(f"CREATE ROLE {quote_ident(name)} {login}")
        for group in ROLES:
            database.execute_sql(
                f"GRANT {quote_ident(group_role(prefix, 'team'))} TO {quote_ident(group_role(prefix, group))}"
            )
        for stmt in rules_sql(prefix, _tables(), _columns("customer")):
            database.execute_sql(stmt)
        database.execute_sql(
            "INSERT INTO db_info (key, value) VALUES (%s, %s) "
            "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
            (PREFIX_KEY, prefix),
        )
    return prefix


def uninstall(drop_user_roles: bool = True) -> None:
    """Take the rules out of this database and drop its roles (tests; a team leaving
    the server). The database owner runs it."""
    from crm_desktop.models.db import transaction

    prefix = installed_prefix()
    if prefix is None:
        return
    with transaction():
        names = [
            r[0]
            for r in database.execute_sql(
                "SELECT rolname FROM pg_roles WHERE left(rolname, %s) = %s",
                (len(prefix), prefix),
            ).fetchall()
        ]
        users = [n for n in names if n[len(prefix) :].startswith("u")]
        groups = [
            group_role(prefix, g) for g in (*ROLES, "team", GATE) if group_role(prefix, g) in names
        ]
        for table in _tables():
            database.execute_sql(f"ALTER TABLE {quote_ident(table)} DISABLE ROW LEVEL SECURITY")
        for name in (users if drop_user_roles else []) + groups:
            database.execute_sql(f"DROP OWNED BY {quote_ident(name)}")
            database.execute_sql(f"DROP ROLE {quote_ident(name)}")
        database.execute_sql("DELETE FROM db_info WHERE key = %s", (PREFIX_KEY,))
