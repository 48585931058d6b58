"""`crm-desktop backup [OUT]` and `crm-desktop restore FILE`: copies of the SQLite database
file, or pg_dump archives of a PostgreSQL database (restored into an empty one)."""

from __future__ import annotations

from crm_desktop.cli.common import Context, summary, warn
from crm_desktop.messages import msg


def register(sub) -> None:
    parser = sub.add_parser(
        "backup",
        help=msg("cli_help.backup.help").render(),
        description=msg("cli_help.backup.description").render(),
    )
    parser.add_argument("out", nargs="?", metavar="OUT")
    parser.add_argument("--force", action="store_true", help=msg("cli_help.backup.force").render())
    parser.set_defaults(handler=run_backup)
    parser = sub.add_parser(
        "restore",
        help=msg("cli_help.restore.help").render(),
        description=msg("cli_help.restore.description").render(),
    )
    parser.add_argument("file", metavar="FILE")
    parser.add_argument("--yes", action="store_true", help=msg("cli_help.restore.yes").render())
    parser.set_defaults(handler=run_restore)


def _check_sqlite(ctx: Context) -> None:
    """Refuse a server before connecting to it: the message is the same, and faster.
    Then clear what killed runs left behind, before writing more."""
    from crm_desktop.jobs.backup import clean_after_killed_runs
    from crm_desktop.models import resolve_target
    from crm_desktop.services.backup import require_sqlite

    target = resolve_target(ctx.db_arg)
    if target.is_sqlite:  # a server: pg_dump / pg_restore (services/pg_backup.py)
        clean_after_killed_runs(require_sqlite(target))


def run_backup(args, ctx: Context) -> int:
    from crm_desktop.jobs.backup import backup_database

    _check_sqlite(ctx)
    result = backup_database(ctx.actor, args.out, force=args.force)
    summary(
        msg(
            "backup.done",
            path=str(result.path),
            mb=f"{result.size / 1_048_576:.1f}",
            seconds=f"{result.seconds:.1f}",
        ).render()
    )
    return 0


def run_restore(args, ctx: Context) -> int:
    from crm_desktop.jobs.backup import restore_database
    from crm_desktop.models import resolve_target

    target = resolve_target(ctx.db_arg)
    if not target.is_sqlite:
        return _restore_server(args, ctx, target)
    _check_sqlite(ctx)
    result = restore_database(ctx.actor, args.file)
    warn(msg("backup.safety_copy", path=str(result.safety_copy)).render())
    if result.migrated:
        warn(msg("backup.upgraded", version=result.from_version).render())
    summary(
        msg("backup.restored", source=str(result.source), database=str(result.database)).render()
    )
    return 0


def _restore_server(args, ctx: Context, target) -> int:
    """pg_restore into an empty server database: no login (it has no users yet), the
    restore is confirmed at the terminal or with --yes."""
    import sys

    from crm_desktop.services import pg_backup

    confirmed = args.yes
    if not confirmed and sys.stdin.isatty():
        prompt = msg("pg_backup.confirm", source=args.file, where=target.describe()).render()
        confirmed = input(prompt).strip().lower() in ("y", "yes", "是")
    result = pg_backup.restore_server(target, args.file, confirmed=confirmed)
    ctx._opened = True  # bound to the restored database now: closed with the others
    if result.migrated:
        warn(msg("backup.upgraded", version=result.from_version).render())
    if result.rules:
        summary(msg("pg_backup.rules_again", prefix=result.rules).render())
    summary(
        msg(
            "pg_backup.restored",
            source=str(result.source),
            where=result.where,
            seconds=f"{result.seconds:.1f}",
        ).render()
    )
    return 0
