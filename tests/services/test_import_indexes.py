"""A large import into a nearly empty database builds some indexes after its rows
(custom_value's on SQLite; on PostgreSQL the cards' and their search rows'): whatever
happens, the database ends with the indexes it had, and a unique one is never dropped,
so the load cannot give two cards one code."""

from __future__ import annotations

import pytest
from conftest import PG_URL
from import_samples import write_many

from crm_desktop.models import Customer, database
from crm_desktop.models.db import is_sqlite
from crm_desktop.models.indexes import drop_indexes
from crm_desktop.services import importing
from crm_desktop.services.importing import new_cards

TABLES = ("customer", "customer_search", "custom_value", "contact")


def _indexes() -> dict[str, set[tuple[str, str, bool]]]:
    return {
        table: {(i.name, i.sql or "", i.unique) for i in database.get_indexes(table)}
        for table in TABLES
        if database.table_exists(table)
    }


def _import(actor, path, **kw) -> importing.ImportResult:
    return importing.run_import(actor, importing.open_source(actor, path), **kw)


@pytest.fixture
def drops(monkeypatch) -> list[tuple[tuple[str, ...], bool]]:
    """The tables whose indexes an import drops, and whether it kept the unique ones."""
    seen: list[tuple[tuple[str, ...], bool]] = []

    def watched(tables, *, keep_unique=False):
        seen.append((tuple(tables), keep_unique))
        return drop_indexes(tables, keep_unique=keep_unique)

    monkeypatch.setattr(new_cards, "drop_indexes", watched)
    return seen


def test_a_first_large_import_ends_with_the_indexes_it_began_with(admin, tmp_path, drops):
    before = _indexes()
    result = _import(admin, write_many(tmp_path / "many.xlsx", new_cards.DEFER_FROM))
    assert result.created == new_cards.DEFER_FROM
    assert _indexes() == before
    if is_sqlite():  # no custom field in the file: nothing of custom_value's to defer
        assert drops == []
    else:  # the tables' owner, into an empty database
        assert drops == [(("customer", "customer_search"), True)]
    hits = Customer.select().where(Customer.name == "测试客户4321有限公司").count()
    assert hits == 1


def test_a_cancelled_import_leaves_the_indexes_as_they_were(admin, tmp_path, drops):
    before = _indexes()
    path = write_many(tmp_path / "many.xlsx", new_cards.DEFER_FROM)
    with pytest.raises(importing.ImportCancelled):
        _import(admin, path, progress=lambda done, total: done < 4000)
    assert Customer.select().count() == 0
    assert _indexes() == before
    assert drops == ([] if is_sqlite() else [(("customer", "customer_search"), True)])


def test_a_database_that_holds_more_cards_than_the_file_keeps_its_indexes(
    admin, tmp_path, drops, monkeypatch
):
    """Dropping them would lock the team's cards for the whole import and cost a build
    over every card: only a database smaller than the file has them built after."""
    monkeypatch.setattr(new_cards, "DEFER_FROM", 5)
    _import(admin, write_many(tmp_path / "first.xlsx", 20))
    first = list(drops)
    _import(admin, write_many(tmp_path / "second.xlsx", 10, start=100))
    assert drops == first  # the second import dropped nothing
    assert first == ([] if is_sqlite() else [(("customer", "customer_search"), True)])
    assert Customer.select().count() == 30


def test_the_unique_indexes_stay_while_the_others_are_dropped(db):
    before = {(i.name, i.unique) for i in database.get_indexes("customer")}
    assert any(unique for _, unique in before) and not all(unique for _, unique in before)
    with database.atomic() as transaction:
        statements = drop_indexes(("customer",), keep_unique=True)
        kept = {(i.name, i.unique) for i in database.get_indexes("customer")}
        transaction.rollback()
    assert kept == {(name, unique) for name, unique in before if unique}
    assert len(statements) == len(before) - len(kept)
    assert {(i.name, i.unique) for i in database.get_indexes("customer")} == before


@pytest.mark.skipif(not PG_URL, reason="needs CRM_TEST_DB_URL (PostgreSQL)")
def test_beside_another_session_the_indexes_stay_and_it_reads_on(admin, tmp_path, drops):
    """The app's window reads on a connection of its own while its import runs (and a
    colleague's app may be open): dropping would lock the cards until the commit, so an
    import with company builds nothing after. The other session reads the cards meanwhile."""
    import threading

    import psycopg2

    other = psycopg2.connect(PG_URL)
    try:
        seen: list[int] = []

        def read() -> None:
            with other.cursor() as cursor:
                cursor.execute("SET lock_timeout = '2s'")
                cursor.execute("SELECT count(*) FROM customer")
                seen.append(cursor.fetchone()[0])
            other.rollback()

        def progress(done: int, total: int) -> bool:
            if not seen:  # in the middle of the import: the cards are not locked
                reader = threading.Thread(target=read)
                reader.start()
                reader.join()
            return True

        path = write_many(tmp_path / "many.xlsx", new_cards.DEFER_FROM)
        result = _import(admin, path, progress=progress)
    finally:
        other.close()
    assert result.created == new_cards.DEFER_FROM
    assert drops == []
    assert seen == [0]  # what was committed before the import
