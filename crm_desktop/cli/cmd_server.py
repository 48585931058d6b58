"""`crm-desktop server init URL`: prepare a PostgreSQL database for a team.

Creates the database when missing, adds pg_trgm, creates the schema and the first
general manager (`admin`; its password from $CRM_DESKTOP_NEW_PASSWORD when set), and
prints the address the team's computers connect to, without its password.
"""

from __future__ import annotations

import os

from crm_desktop.cli.cmd_users import ENV_NEW_PASSWORD
from crm_desktop.cli.common import Context, summary, warn
from crm_desktop.messages import render

FIRST_MANAGER = "admin"  # the general manager every new database starts with


def register(sub) -> None:
    parser = sub.add_parser("server", help="prepare a PostgreSQL database for a team")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    p = actions.add_parser(
        "init",
        help="create the database when missing, its extension, schema and first general "
        f"manager ({FIRST_MANAGER}); print what to tell the team",
    )
    p.add_argument("url", metavar="URL", help="postgresql://user[:password]@host[:port]/database")
    p.set_defaults(handler=run_init)


def shareable(url: str) -> str:
    """The address as the team is told it: the login's password, if any, as ***."""
    scheme, sep, rest = url.partition("://")
    login, at, place = rest.rpartition("@")
    if not at or ":" not in login:
        return url
    return f"{scheme}{sep}{login.split(':', 1)[0]}:***@{place}"


def run_init(args, ctx: Context) -> int:
    from crm_desktop.models.server import prepare_team_database
    from crm_desktop.services import auth

    info = prepare_team_database(args.url)
    ctx._opened = True  # bound to the team database now: closed with the others
    if info.created:
        summary(render("server.created", {"where": info.where}))
    if not info.trigram:
        warn(render("server.no_trigram"))
    password = os.environ.get(ENV_NEW_PASSWORD) or None
    manager = auth.get_actor(FIRST_MANAGER)
    if password:
        auth.set_password(manager, FIRST_MANAGER, password)
        summary(render("server.admin_password_set", {"name": FIRST_MANAGER}))
    else:
        from crm_desktop.models import User

        user = User.get(User.username == FIRST_MANAGER)
        if not user.password_hash:
            summary(render("server.admin_no_password", {"name": FIRST_MANAGER}))
    summary(
        render(
            "server.ready",
            {"where": info.where, "server": info.server_version, "version": info.schema_version},
        )
    )
    summary(render("server.tell_team"))
    summary(f"  {shareable(args.url)}")
    if "sslmode=" not in args.url:
        summary(render("server.tls_hint"))
    return 0
