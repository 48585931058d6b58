"""Backing up and restoring a team database on a PostgreSQL server with its own tools.

`backup_server` runs pg_dump in its custom format (-Fc: compressed, restored table by
table) into a file beside the target, which takes its name only once pg_restore can
read its table of contents: an interrupted dump never looks like a backup.

`restore_server` runs pg_restore into an EMPTY database only, so that nothing is ever
overwritten: the file must be a pg_dump archive of a crm-desktop database this version
can read (checked before anything is touched), the caller confirms, and the restore
is one transaction (--single-transaction --exit-on-error): it lands whole or not at
all. Owners, privileges and the row-level-security policies are left out, as the
server's roles are not in the file; the team's rules are installed again afterwards
when the login may create roles (models/pg_security.py).

The login's password goes to the tools in their environment (PGPASSWORD), never on
a command line other users of the computer can read.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from crm_desktop import APP_NAME
from crm_desktop.errors import UserError
from crm_desktop.models.db import DbTarget, private_file, private_folder, timestamp
from crm_desktop.models.migrations import CURRENT_VERSION
from crm_desktop.services.auth import Actor
from crm_desktop.services.backup import BackupResult, free_name

DUMP_MAGIC = b"PGDMP"  # the first bytes of pg_dump's custom format
DUMP_SUFFIX = ".dump"
# what a restore leaves out: it names the server's roles, which the file does not hold
_LEFT_OUT = (" ACL ", " DEFAULT ACL ", " POLICY ", " ROW SECURITY ")
_ENV_OF = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "connect_timeout": "PGCONNECT_TIMEOUT",
}


@dataclass(frozen=True)
class ServerRestoreResult:
    source: Path
    where: str  # the database, without its password
    from_version: int
    migrated: bool
    rules: str | None  # the team's rules' role prefix, when installed again
    seconds: float


def tool(name: str) -> str:
    """The path of pg_dump / pg_restore, or a UserError saying how to install it."""
    found = shutil.which(name)
    if found is None:
        raise UserError("pg_backup.no_tool", tool=name)
    return found


def _environment(target: DbTarget) -> dict[str, str]:
    """The libpq environment of the target's URL: host, port, user, database, TLS."""
    from playhouse.db_url import parse

    params = parse(target.url or "")
    env = dict(os.environ)
    for key, var in (
        ("host", "PGHOST"),
        ("port", "PGPORT"),
        ("user", "PGUSER"),
        ("password", "PGPASSWORD"),
        ("database", "PGDATABASE"),
        *_ENV_OF.items(),
    ):
        if params.get(key) not in (None, ""):
            env[var] = str(params[key])
    return env


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(args, env=env, capture_output=True, text=True, check=False)


def _reason(done: subprocess.CompletedProcess) -> str:
    lines = [line for line in (done.stderr or "").strip().splitlines() if line.strip()]
    return lines[-1] if lines else f"exit status {done.returncode}"


def default_dump_path(target: DbTarget) -> Path:
    """backups/<database>-<time>.dump in the per-user data folder."""
    from crm_desktop.models.db import default_db_path

    name = _environment(target).get("PGDATABASE", "crm")
    folder = private_folder(default_db_path().parent / "backups")
    return free_name(folder, f"{name}-{timestamp()}", DUMP_SUFFIX)


def backup_server(
    actor: Actor, target: DbTarget, out: str | os.PathLike | None = None, *, force: bool = False
) -> BackupResult:
    """pg_dump -Fc of the team database into `out` (a file or a folder; default: the
    per-user backups folder). An existing file is replaced only with `force`."""
    actor.require("backup", "auth.action_backup")
    dump = tool("pg_dump")
    started = time.perf_counter()
    env = _environment(target)
    if out is None:
        dest = default_dump_path(target)
    else:
        dest = Path(out).expanduser().absolute()
        if dest.is_dir():
            dest = free_name(dest, f"{env.get('PGDATABASE', 'crm')}-{timestamp()}", DUMP_SUFFIX)
        elif not dest.parent.is_dir():
            raise UserError("jobs.no_folder", path=str(dest), folder=str(dest.parent))
        if dest.exists() and not force:
            raise UserError("backup.exists", path=str(dest))
    fd, name = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".part", dir=dest.parent)
    os.close(fd)
    part = Path(name)
    try:
        private_file(part)
        done = _run([dump, "--format=custom", "--no-password", f"--file={part}"], env)
        if done.returncode != 0:
            raise UserError("pg_backup.dump_failed", where=target.describe(), reason=_reason(done))
        _contents(part, env)  # readable by pg_restore, or it is not a backup
        os.replace(part, dest)
    finally:
        part.unlink(missing_ok=True)
    return BackupResult(dest, dest.stat().st_size, time.perf_counter() - started)


def _contents(path: Path, env: dict[str, str]) -> list[str]:
    """pg_restore's table of contents of an archive; UserError when it is none."""
    with open(path, "rb") as fh:
        if fh.read(len(DUMP_MAGIC)) != DUMP_MAGIC:
            raise UserError("pg_backup.not_a_dump", path=str(path))
    done = _run([tool("pg_restore"), "--list", str(path)], env)
    if done.returncode != 0:
        raise UserError("pg_backup.unreadable", path=str(path), reason=_reason(done))
    return done.stdout.splitlines()


def _dump_info(path: Path, env: dict[str, str]) -> dict[str, str]:
    """The db_info rows inside the archive (app, schema_version, …)."""
    done = _run([tool("pg_restore"), "--data-only", "--table=db_info", "--file=-", str(path)], env)
    if done.returncode != 0:
        raise UserError("pg_backup.unreadable", path=str(path), reason=_reason(done))
    info: dict[str, str] = {}
    copying = False
    for line in done.stdout.splitlines():
        if line.startswith("COPY ") and "db_info" in line:
            copying = True
        elif copying and line == "\\.":
            break
        elif copying and "\t" in line:
            key, value = line.split("\t", 1)
            info[key] = value
    return info


def check_dump(path: Path) -> int:
    """The schema version of a restorable archive; UserError for anything else."""
    if not path.exists():
        raise UserError("backup.no_file", path=str(path))
    if path.is_dir():
        raise UserError("backup.is_folder", path=str(path))
    env = dict(os.environ)
    contents = _contents(path, env)
    if not any(" TABLE DATA public db_info " in line for line in contents):
        raise UserError("pg_backup.not_ours", path=str(path))
    info = _dump_info(path, env)
    if info.get("app") != APP_NAME:
        raise UserError("pg_backup.not_ours", path=str(path))
    version = int(info.get("schema_version", "0"))
    if version > CURRENT_VERSION:
        raise UserError("pg_backup.newer", path=str(path), version=version, current=CURRENT_VERSION)
    return version


def _tables_in(target: DbTarget) -> int:
    import psycopg2
    from playhouse.db_url import parse

    params = parse(target.url or "")
    try:
        con = psycopg2.connect(dbname=params.pop("database", None), **params)
    except psycopg2.Error as exc:
        raise UserError(
            "pg_backup.cannot_connect", where=target.describe(), reason=str(exc).strip()
        ) from exc
    try:
        with con.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S') AND n.nspname NOT IN "
                "('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'"
            )
            return int(cursor.fetchone()[0])
    finally:
        con.close()


def restore_server(target: DbTarget, source: str | os.PathLike, *, confirmed: bool) -> ServerRestoreResult:  # fmt: skip
    """pg_restore `source` into the EMPTY database `target`, whole or not at all, then
    open it (an older schema is upgraded) and install the team's rules again when the
    login may. Refused, with nothing changed, for anything but a crm-desktop archive
    this version reads, a database that holds anything, or without confirmation."""
    from crm_desktop.models import open_database, pg_security
    from crm_desktop.models.base import database

    started = time.perf_counter()
    restore = tool("pg_restore")
    src = Path(source).expanduser().absolute()
    version = check_dump(src)
    if _tables_in(target):
        raise UserError("pg_backup.not_empty", where=target.describe())
    if not confirmed:
        raise UserError("pg_backup.not_confirmed", where=target.describe())
    env = _environment(target)
    kept = [line for line in _contents(src, env) if not any(k in line for k in _LEFT_OUT)]
    fd, name = tempfile.mkstemp(prefix="crm-restore-", suffix=".list")
    listing = Path(name)
    try:
        with os.fdopen(fd, "w") as fh:
            fh.write("\n".join(kept) + "\n")
        done = _run(
            [
                restore,
                "--single-transaction",
                "--exit-on-error",
                "--no-owner",
                "--no-privileges",
                "--no-password",
                f"--use-list={listing}",
                f"--dbname={env.get('PGDATABASE', '')}",
                str(src),
            ],
            env,
        )
    finally:
        listing.unlink(missing_ok=True)
    if done.returncode != 0:
        raise UserError("pg_backup.restore_failed", path=str(src), reason=_reason(done))
    open_database(target)  # upgrades an older archive's schema
    rules = pg_security.installed_prefix()
    if rules is not None:
        if pg_security.may_create_roles():
            pg_security.install(rules)
        else:  # the policies were left out: the database says it has none
            with database.atomic():
                database.execute_sql(
                    "DELETE FROM db_info WHERE key = %s", (pg_security.PREFIX_KEY,)
                )
            rules = None
    return ServerRestoreResult(
        src, target.describe(), version, version < CURRENT_VERSION, rules,
        time.perf_counter() - started,
    )  # fmt: skip
