"""Helpers for benchmarks that time whole fresh processes (medians of wall and CPU time),
and the empty PostgreSQL database a benchmark's `--db URL` run starts from."""

from __future__ import annotations

import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit

REPO = Path(__file__).resolve().parent.parent


def run_python(code: str, *args: str) -> tuple[float, float, dict]:
    """Run `code` in a fresh interpreter; (wall s, CPU s of the child, JSON it printed last)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        sys.exit(f"benchmark child failed:\n{proc.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    return wall, cpu, json.loads(lines[-1]) if lines else {}


def median(values: list[float]) -> float:
    return statistics.median(values)


def cpu_pressure() -> str:
    """Share of time runnable tasks waited for a CPU (Linux PSI), to judge wall-clock numbers."""
    try:
        text = Path("/proc/pressure/cpu").read_text().splitlines()[0]
        return text.split()[1]  # avg10=…
    except OSError:
        return "n/a"


def is_pg_url(value: str | None) -> bool:
    """Whether `value` is a PostgreSQL URL (postgres:// or postgresql://)."""
    return bool(value) and value.split("://", 1)[0].lower() in ("postgres", "postgresql")


def pg_url_for(url: str, dbname: str) -> str:
    """`url` naming the database `dbname` instead (user, host, port and ?options kept)."""
    return urlunsplit(urlsplit(url)._replace(path="/" + dbname))


def pg_database_name(url: str) -> str:
    return unquote(urlsplit(url).path.lstrip("/"))


# a server's own databases: never a benchmark's to drop
SERVER_DATABASES = ("", "postgres", "template0", "template1")


def empty_pg_database(url: str) -> None:
    """An empty database at `url`: dropped first when it exists (its sessions ended), then
    created, through the server's `postgres` database. The server's own databases are
    refused: a benchmark's URL names a database of its own."""
    import psycopg2
    from psycopg2 import sql

    name = pg_database_name(url)
    if name in SERVER_DATABASES:
        sys.exit(f"{describe_db(url)}: name a database of the benchmark's own, it is dropped")
    con = psycopg2.connect(pg_url_for(url, "postgres"))
    con.autocommit = True
    try:
        with con.cursor() as cur:
            cur.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
            cur.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    finally:
        con.close()


def describe_db(url: str) -> str:
    """`url` without its password, to print."""
    parts = urlsplit(url)
    userinfo, at, host = parts.netloc.rpartition("@")
    if not at or ":" not in userinfo:
        return url
    return urlunsplit(parts._replace(netloc=f"{userinfo.split(':', 1)[0]}:…@{host}"))
