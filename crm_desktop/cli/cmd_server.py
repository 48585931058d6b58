"""`crm-desktop server init URL`: prepare a PostgreSQL database for a team;
`crm-desktop server role list | add [NAME…] | drop NAME`: the users' database roles.

Creates the database when missing, creates the schema and the first
general manager (`admin`; its password from $CRM_DESKTOP_NEW_PASSWORD when set), and
prints the address the team's computers connect to, without its password.
"""

from __future__ import annotations

import os

from crm_desktop.cli.cmd_users import ENV_NEW_PASSWORD
from crm_desktop.cli.common import Context, summary, warn
from crm_desktop.messages import msg, render

FIRST_MANAGER = "admin"  # the general manager every new database starts with
ENV_GATE_PASSWORD = "CRM_DESKTOP_GATE_PASSWORD"  # the team's login before anyone logs in


def register(sub) -> None:
    parser = sub.add_parser("server", help=msg("cli_help.server.help").render())
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    p = actions.add_parser(
        "init", help=msg("cli_help.server_init.help", manager=FIRST_MANAGER).render()
    )
    p.add_argument("url", metavar="URL", help=msg("cli_help.server_init.url").render())
    p.set_defaults(handler=run_init)
    p = actions.add_parser("role", help=msg("cli_help.server_role.help").render())
    verbs = p.add_subparsers(dest="verb", metavar="VERB", required=True)
    q = verbs.add_parser("list", help=msg("cli_help.server_role_list.help").render())
    q.set_defaults(handler=run_role_list)
    q = verbs.add_parser("add", help=msg("cli_help.server_role_add.help").render())
    q.add_argument("names", nargs="*", metavar="NAME")
    q.set_defaults(handler=run_role_add)
    q = verbs.add_parser("drop", help=msg("cli_help.server_role_drop.help").render())
    q.add_argument("name", metavar="NAME")
    q.set_defaults(handler=run_role_drop)


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
    team_url = args.url
    gate_password = os.environ.get(ENV_GATE_PASSWORD) or None
    if info.rules and gate_password:
        from crm_desktop.models.pg_security import set_gate_password

        team_url = with_login(args.url, set_gate_password(gate_password))
    summary(render("server.tell_team"))
    summary(f"  {shareable(team_url)}")
    if "sslmode=" not in args.url:
        summary(render("server.tls_hint"))
    if info.rules:
        summary(render("server.rules_installed", {"prefix": info.rules}))
        if not gate_password:
            summary(render("server.gate_hint", {"env": ENV_GATE_PASSWORD}))
    else:
        warn(render("server.rules_need_createrole", {"login": info.login}))
    return 0


def with_login(url: str, login: str) -> str:
    """The address with another login (its password as ***: the team is told it apart)."""
    scheme, sep, rest = url.partition("://")
    place = rest.rpartition("@")[2]
    return f"{scheme}{sep}{login}:***@{place}"


def run_role_list(args, ctx: Context) -> int:
    from crm_desktop.services import auth

    for state in auth.database_roles(ctx.actor):
        code = "server.role_missing"
        if state.exists:
            code = "server.role_can_login" if state.can_login else "server.role_no_login"
        print(f"{state.username}\t{state.role if state.exists else '-'}\t{render(code)}")
    return 0


def run_role_add(args, ctx: Context) -> int:
    from crm_desktop.services import auth

    made = auth.create_database_roles(ctx.actor, args.names or None)
    summary(render("server.roles_created", {"count": len(made)}))
    return 0


def run_role_drop(args, ctx: Context) -> int:
    from crm_desktop.services import auth

    dropped = auth.drop_database_role(ctx.actor, args.name)
    summary(render("server.role_dropped" if dropped else "server.role_none", {"name": args.name}))
    return 0
