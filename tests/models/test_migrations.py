"""Every released schema version upgrades to today's, with its data and today's schema."""

from __future__ import annotations

import ast
import inspect
import sqlite3
import textwrap
from pathlib import Path

import pytest

from crm_desktop.models import close_database, database, migrations, open_database
from crm_desktop.models.entities import MODELS
from crm_desktop.models.migrations import CURRENT_VERSION, STEPS
from crm_desktop.textutil import name_sort_key

DATA = Path(__file__).parent.parent / "data"
VERSIONS = list(range(1, CURRENT_VERSION + 1))
pytestmark = pytest.mark.sqlite_only


@pytest.fixture(autouse=True)
def _unbind():
    yield
    close_database()
    database.initialize(None)


def _build(path: Path, version: int) -> None:
    con = sqlite3.connect(path)
    con.executescript((DATA / f"schema_v{version}.sql").read_text(encoding="utf-8"))
    con.close()


def _data(path: Path) -> dict[str, tuple[list[str], list[tuple]]]:
    """Each plain table's columns and rows (the search index's FTS tables aside)."""
    con = sqlite3.connect(path)
    try:
        tables = [
            name
            for (name,) in con.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE "
                "'CREATE VIRTUAL%' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'customer_fts%'"
            )
        ]
        out = {}
        for table in tables:
            cols = [r[1] for r in con.execute(f'PRAGMA table_info("{table}")')]
            names = ", ".join(f'"{c}"' for c in cols)
            out[table] = (cols, sorted(con.execute(f'SELECT {names} FROM "{table}"'), key=repr))
        return out
    finally:
        con.close()


def _schema(path: Path) -> dict[str, object]:
    """Tables with their columns and foreign keys, indexes, triggers and virtual tables."""
    con = sqlite3.connect(path)
    try:
        out: dict[str, object] = {}
        for kind, name, table, sql in con.execute(
            "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
        ):
            if kind == "table" and not (sql or "").startswith("CREATE VIRTUAL"):
                out[f"table {name}"] = (
                    [tuple(r[1:]) for r in con.execute(f'PRAGMA table_info("{name}")')],
                    sorted(tuple(r[2:]) for r in con.execute(f'PRAGMA foreign_key_list("{name}")')),
                )
            else:
                out[f"{kind} {name}"] = (table, " ".join((sql or "").split()))
        return out
    finally:
        con.close()


@pytest.fixture(scope="module")
def fresh_schema(tmp_path_factory) -> dict[str, object]:
    path = tmp_path_factory.mktemp("fresh") / "fresh.db"
    open_database(path)
    close_database()
    database.initialize(None)
    return _schema(path)


@pytest.mark.parametrize("version", VERSIONS)
def test_each_released_version_upgrades_with_data_and_schema_intact(
    tmp_path, version, fresh_schema
):
    """A database of schema N opens as today's: backed up first, every row kept, the
    derived columns filled, the same tables, columns, indexes and triggers as a new one."""
    path = tmp_path / f"v{version}.db"
    _build(path, version)
    before = _data(path)
    assert before["db_info"][1] == [("app", "crm-desktop"), ("schema_version", str(version))]

    open_database(path)
    close_database()

    folder = tmp_path / "backups"  # the automatic backups' folder
    backups = [p for p in folder.glob("*.db") if f".v{version}-" in p.name]
    assert len(backups) == (1 if version < CURRENT_VERSION else 0)
    after = _data(path)
    for table, (cols, rows) in before.items():
        if table == "db_info":
            continue
        names = after[table][0]
        kept = sorted((tuple(r[names.index(c)] for c in cols) for r in after[table][1]), key=repr)
        assert kept == rows, table
    assert dict(after["db_info"][1])["schema_version"] == str(CURRENT_VERSION)
    assert _schema(path) == fresh_schema

    con = sqlite3.connect(path)
    derived = con.execute(
        "SELECT c.code, c.last_contact_at, c.planned_followups, "
        "(SELECT MAX(done_at) FROM follow_up f WHERE f.customer_id = c.id AND f.status = 'done'), "
        "(SELECT COUNT(*) FROM follow_up f WHERE f.customer_id = c.id AND f.status = 'planned') "
        "FROM customer c"
    ).fetchall()
    con.close()
    for code, last, planned, want_last, want_planned in derived:
        assert (last, planned) == (want_last, want_planned), code
    con = sqlite3.connect(path)
    keys = con.execute("SELECT name, name_key FROM customer").fetchall()
    con.close()
    assert keys and all(key == name_sort_key(name) for name, key in keys)


@pytest.mark.parametrize("version", VERSIONS)
def test_each_upgraded_version_finds_its_customers(tmp_path, version):
    """After the upgrade, the search finds a card by name, contact and pinyin initials."""
    from crm_desktop.services.auth import get_actor
    from crm_desktop.services.customers import CustomerQuery, list_customers

    path = tmp_path / f"v{version}.db"
    _build(path, version)
    open_database(path)
    admin = get_actor("admin")
    for text in ("华科", "刘晓梅", "bjhk", "13912345678"):
        found = [r.code for r in list_customers(admin, CustomerQuery(text=text)).rows]
        assert found == ["C000001"], text


def test_fixtures_cover_every_released_version():
    """A frozen database exists for every schema version up to today's."""
    assert sorted(int(p.stem.split("_v")[1]) for p in DATA.glob("schema_v*.sql")) == VERSIONS


def test_no_step_builds_from_todays_model_classes():
    """A step's DDL is its own SQL text: it names no model class and no peewee schema helper."""
    models = {m.__name__ for m in MODELS}
    helpers = {"create_tables", "create_table", "_schema", "fields_to_index", "add_index"}
    offenders = []
    for version, step in STEPS.items():
        tree = ast.parse(textwrap.dedent(inspect.getsource(step)))
        for node in ast.walk(tree):
            name = getattr(node, "id", None) or getattr(node, "attr", None)
            if name in models or name in helpers:
                offenders.append(f"step {version}: {name}")
    assert offenders == []
    assert not hasattr(migrations, "_create_indexes")


def test_the_name_keys_an_import_left_empty_are_filled(tmp_path):
    """A version 15 database whose imported customers have no name sort key opens with each
    one's key, so the list sorted by name puts them in pinyin order."""
    path = tmp_path / "v15.db"
    _build(path, 15)
    con = sqlite3.connect(path)
    con.execute("UPDATE customer SET name_key = ''")
    con.commit()
    con.close()
    open_database(path)
    close_database()
    con = sqlite3.connect(path)
    keys = con.execute("SELECT name, name_key FROM customer").fetchall()
    con.close()
    assert keys and all(key == name_sort_key(name) and key for name, key in keys)
