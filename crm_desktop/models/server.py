"""Preparing a PostgreSQL server for a team: the database, its extension, the schema.

`prepare_team_database` is what `crm-desktop server init URL` runs: it creates the
database when the server has none of that name yet (the login must be allowed to)
and opens it, which creates today's schema and the
first general manager, `admin`, or upgrades an older one; when the login may create
roles it installs the team's rules (models/pg_security.py: a role per user, row-level
security, the credit columns, the append-only audit log), again after an upgrade.
Running it again on a prepared database changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from crm_desktop.errors import DatabaseOpenError
from crm_desktop.models.db import DbTarget, open_database, resolve_target


@dataclass(frozen=True)
class TeamDatabase:
    """What `prepare_team_database` found and did."""

    where: str  # the URL without its password
    created: bool  # the database did not exist and was created
    schema_version: int
    server_version: str
    rules: str | None = None  # the role prefix of the team's rules (pg_security), if installed
    login: str = ""  # the login that prepared it


def _database_name(url: str) -> str:
    from playhouse.db_url import parse

    return str(parse(url).get("database") or "")


def _create_database(url: str, name: str) -> None:
    """CREATE DATABASE `name`, connected to the server's maintenance database."""
    import psycopg2
    from playhouse.db_url import parse

    params = parse(url)
    params.pop("database", None)
    con = psycopg2.connect(dbname="postgres", **params)
    try:
        con.autocommit = True  # CREATE DATABASE cannot run in a transaction
        with con.cursor() as cursor:
            quoted = '"' + name.replace('"', '""') + '"'
            cursor.execute(f"CREATE DATABASE {quoted} ENCODING 'UTF8' TEMPLATE template0")
    finally:
        con.close()


def _missing_database(exc: BaseException) -> bool:
    text = str(getattr(exc, "params", {}).get("detail", "")) or str(exc)
    return "does not exist" in text and "database" in text


def prepare_team_database(url: str) -> TeamDatabase:
    """Create (when missing), equip and open the team database at `url`; the models
    stay bound to it. Raises DatabaseOpenError when it is not a PostgreSQL URL or the
    server refuses."""
    target = resolve_target(url)
    if target.is_sqlite:
        raise DatabaseOpenError("server.not_postgres", where=target.describe())
    created = False
    try:
        db = open_database(target)
    except DatabaseOpenError as exc:
        if not _missing_database(exc.__cause__ or exc):
            raise
        _create_database(url, _database_name(url))
        created = True
        db = open_database(DbTarget(url=url))
    from crm_desktop.models import pg_security
    from crm_desktop.models.entities import DbInfo

    rules = pg_security.install() if pg_security.may_create_roles() else None
    version = int(DbInfo.get(DbInfo.key == "schema_version").value)
    server = db.execute_sql("SHOW server_version").fetchone()[0].split()[0]
    login = db.execute_sql("SELECT current_user").fetchone()[0]
    return TeamDatabase(target.describe(), created, version, server, rules, login)
