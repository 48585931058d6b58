"""`crm-desktop user list | add NAME --role ROLE | passwd NAME | role NAME ROLE |
deactivate NAME | activate NAME`: accounts and passwords (general manager).

A new password comes from $CRM_DESKTOP_NEW_PASSWORD, else it is asked at the
terminal; an empty one removes the password.
"""

from __future__ import annotations

import getpass
import os
import sys

from crm_desktop.cli.common import Context, fail, summary
from crm_desktop.messages import msg, render
from crm_desktop.models.entities import ROLES
from crm_desktop.services import auth

ENV_NEW_PASSWORD = "CRM_DESKTOP_NEW_PASSWORD"


def register(sub) -> None:
    parser = sub.add_parser("user", help=msg("cli_help.user.help").render())
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    p = actions.add_parser("list", help=msg("cli_help.user_list.help").render())
    p.set_defaults(handler=run_list)
    p = actions.add_parser("add", help=msg("cli_help.user_add.help").render())
    p.add_argument("name")
    p.add_argument("--role", choices=ROLES, required=True)
    p.add_argument("--display-name", default="")
    p.set_defaults(handler=run_add)
    p = actions.add_parser("passwd", help=msg("cli_help.user_passwd.help").render())
    p.add_argument("name")
    p.set_defaults(handler=run_passwd)
    p = actions.add_parser("role", help=msg("cli_help.user_role.help").render())
    p.add_argument("name")
    p.add_argument("role", choices=ROLES)
    p.set_defaults(handler=run_role)
    for verb, active, help_text in (
        ("deactivate", False, msg("cli_help.user_deactivate.help")),
        ("activate", True, msg("cli_help.user_activate.help")),
    ):
        p = actions.add_parser(verb, help=help_text.render())
        p.add_argument("name")
        p.set_defaults(handler=run_active, active=active)


def _new_password() -> str | None:
    if ENV_NEW_PASSWORD in os.environ:
        return os.environ[ENV_NEW_PASSWORD] or None
    if not sys.stdin.isatty():
        return None
    return getpass.getpass(msg("auth.new_password_prompt").render()) or None


def run_list(args, ctx: Context) -> int:
    for u in auth.users_for(ctx.actor):
        print(f"{u.username}\t{u.role}\t{u.display_name}\t{'yes' if u.password_hash else 'no'}")
    return 0


def run_add(args, ctx: Context) -> int:
    user = auth.create_user(ctx.actor, args.name, args.role, args.display_name, _new_password())
    summary(
        render("auth.cli_user_added", {"name": user.username, "role": auth.role_label(user.role)})
    )
    return 0


def run_passwd(args, ctx: Context) -> int:
    if ENV_NEW_PASSWORD not in os.environ and not sys.stdin.isatty():
        return fail(render("auth.new_password_env", {"env": ENV_NEW_PASSWORD}))
    auth.set_password(ctx.actor, args.name, _new_password())
    summary(render("auth.cli_password_set", {"name": args.name}))
    return 0


def run_role(args, ctx: Context) -> int:
    auth.set_role(ctx.actor, args.name, args.role)
    summary(render("auth.cli_role_set", {"name": args.name, "role": auth.role_label(args.role)}))
    return 0


def run_active(args, ctx: Context) -> int:
    auth.set_active(ctx.actor, args.name, args.active)
    code = "auth.cli_activated" if args.active else "auth.cli_deactivated"
    summary(render(code, {"name": args.name}))
    return 0
